// Run the runtime in Node.js: `node node_driver.mjs runtime.mjs model.mjs < runs.json`.
//
// stdin holds {"runs": [simulate options, ...], "repeat": k}. stdout gets one result per
// run, {t, y, outputs, finalParams, steps, nfev} or {error: {name, message}}, and with k > 0 the best time of k
// solves in milliseconds, measured here, in the same process as the solves.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [runtime, model] = await Promise.all(
  process.argv.slice(2, 4).map((path) => import(pathToFileURL(path).href)),
);
const { runs, repeat = 0 } = JSON.parse(readFileSync(0, "utf8"));

function bestMilliseconds(options) {
  let best = Infinity;
  for (let k = 0; k < repeat; k++) {
    const start = performance.now();
    runtime.simulate(model, options);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const results = runs.map((options) => {
  try {
    const { t, y, outputs, finalParams, steps, nfev } = runtime.simulate(model, options);
    const plain = (rows) => rows.map((row) => Array.from(row));
    const result = { t: Array.from(t), y: plain(y), outputs: plain(outputs), steps, nfev };
    result.finalParams = Array.from(finalParams);
    return repeat > 0 ? { ...result, milliseconds: bestMilliseconds(options) } : result;
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
});
process.stdout.write(JSON.stringify(results));
