// The readouts in Node.js: `node readout_driver.mjs readout.mjs model.mjs < request.json`.
//
// stdin holds {"runs": [run, ...], "watched": [name, ...], "couple": constants or null},
// each run as simulate() returns one. stdout gets one result per run:
// {outcome, text} (runOutcome and describeOutcome of the watched quantities), with
// {ending, coupleText} too when the couple's constants are given; or {error}.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [readout, model] = await Promise.all(
  process.argv.slice(2, 4).map((path) => import(pathToFileURL(path).href)),
);
const { runs, watched, couple } = JSON.parse(readFileSync(0, "utf8"));

const results = runs.map((run) => {
  try {
    const outcome = readout.runOutcome(model, run, watched);
    const values = outcome.eigenvalues && {
      re: Array.from(outcome.eigenvalues.re),
      im: Array.from(outcome.eigenvalues.im),
    };
    const result = {
      outcome: { ...outcome, eigenvalues: values },
      text: readout.describeOutcome(model, run, watched),
    };
    if (couple) {
      result.ending = readout.classifyEnding(run, couple);
      result.coupleText = readout.describeCouple(model, run, couple);
    }
    return result;
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
});
process.stdout.write(JSON.stringify(results));
