// The readouts of the kernel's labs, in the page: where a run is heading, and in words.
//
// The twins of Python's run_outcome and classify (intimacy_dynamics/analysis), of
// measure_oscillation (analysis/cycles.py), of the couple's classify_ending
// (intimacy/endings.py) and of the sentences the labs write. The rules are the same
// steps; every threshold, name and sentence is data from the Python side:
// OUTCOME_RULES (outcome_rules.js, generated) for any model, and the `constants` of the
// couple's verdict (ending_rules() of intimacy/endings.py), passed in.
//
// A run is what simulate() returns: {t, y, outputs, stateNames, outputNames,
// finalParams}, the states and outputs by rows and the parameters at the last time. The
// model is the module that model.javascript() prints (its specs, rhs and jacobian).

import { OUTCOME_RULES } from "./outcome_rules.js";
import { BadInputError, checkNumber } from "./errors.js";
import { eigenvalues } from "./eigen.js";
import { fillTemplate, formatFixed } from "./format.js";

export { OUTCOME_RULES, eigenvalues, fillTemplate, formatFixed };

/**
 * The kind of an equilibrium from its Jacobian's eigenvalues: {kind, nUnstable}.
 *
 * As Python's classify: real and imaginary parts are divided by the largest modulus (or
 * 1, if larger); a real part within `tol` of zero is neutral (the point is not
 * hyperbolic: a center when every neutral one turns and none is unstable); otherwise the
 * number of positive real parts and whether any eigenvalue turns name the kind.
 *
 * @param {{re: ArrayLike<number>, im: ArrayLike<number>}} values  as eigenvalues() returns
 */
export function classify({ re, im }, tol = OUTCOME_RULES.neutralTolerance) {
  let scale = 1;
  for (let i = 0; i < re.length; i++) scale = Math.max(scale, Math.hypot(re[i], im[i]));
  const real = Array.from(re, (v) => v / scale);
  const imag = Array.from(im, (v) => v / scale);
  const nUnstable = real.filter((v) => v > tol).length;
  const kinds = OUTCOME_RULES.equilibriumKinds; // [not turning, turning] for each side
  const neutral = real.map((_, i) => i).filter((i) => Math.abs(real[i]) <= tol);
  if (neutral.length) {
    const centre = neutral.every((i) => Math.abs(imag[i]) > tol) && nUnstable === 0;
    return { kind: kinds.neutral[centre ? 1 : 0], nUnstable };
  }
  const side = nUnstable === 0 ? "stable" : nUnstable === re.length ? "unstable" : "saddle";
  const turning = imag.some((v) => Math.abs(v) > tol);
  return { kind: kinds[side][turning ? 1 : 0], nUnstable };
}

/**
 * Late-time behaviour of a series, as Python's measure_oscillation: the extremes, and
 * the mean period when it swings by more than 2 * threshold and crosses its mid-level
 * upwards at least max(minCrossings, 2) times (crossings linearly interpolated).
 *
 * @returns {{oscillating: boolean, minimum: number, maximum: number, period: number|null}}
 */
export function measureOscillation(t, x, threshold, minCrossings = 3) {
  const minimum = x.reduce((a, b) => Math.min(a, b), Infinity); // NaN spreads, as in numpy
  const maximum = x.reduce((a, b) => Math.max(a, b), -Infinity);
  const still = { oscillating: false, minimum, maximum, period: null };
  if (!x.every(Number.isFinite) || maximum - minimum <= 2 * threshold) return still;
  const middle = (minimum + maximum) / 2;
  const crossings = [];
  for (let k = 0; k + 1 < x.length; k++) {
    if (x[k] < middle && x[k + 1] >= middle) {
      crossings.push(t[k] + ((middle - x[k]) / (x[k + 1] - x[k])) * (t[k + 1] - t[k]));
    }
  }
  if (crossings.length < Math.max(minCrossings, 2)) return still;
  let total = 0;
  for (let k = 1; k < crossings.length; k++) total += crossings[k] - crossings[k - 1];
  return { oscillating: true, minimum, maximum, period: total / (crossings.length - 1) };
}

/**
 * Where `run` of `model` is heading, as Python's run_outcome, for the quantities
 * `watched` (states or outputs):
 *   1. settled, when no state would cross OUTCOME_RULES.settledSpeed of its slider
 *      range at its final speed over the whole run: then the kind of the steady state
 *      from the eigenvalues of the exact Jacobian at the end;
 *   2. else oscillating, when a watched quantity swings in the last cycleSearch share
 *      of the run (measureOscillation, with a threshold of `swing` of its slider range);
 *   3. else still moving.
 *
 * @returns {{kind: string, final: object, speed: number, equilibrium: string|null,
 *            swinging: string|null, cycle: object|null, eigenvalues: object|null}}
 *   `final` holds each watched quantity at the end, `speed` how many slider ranges the
 *   fastest state would move at its final speed over the run, `eigenvalues` those of
 *   the Jacobian at the end of a settled run.
 */
export function runOutcome(model, run, watched) {
  const rules = OUTCOME_RULES;
  const { t } = run;
  const last = t.length - 1;
  const final = Object.fromEntries(watched.map((name) => [name, valuesOf(run, name)[last]]));
  const yEnd = Float64Array.from(run.y, (row) => row[last]);
  const rates = model.rhs(t[last], yEnd, run.finalParams, new Float64Array(yEnd.length));
  const span = t[last] - t[0];
  let fastest = 0; // in slider ranges per unit of time
  model.stateSpecs.forEach(({ soft }, i) => {
    fastest = Math.max(fastest, Math.abs(rates[i]) / (soft[1] - soft[0]));
  });
  const speed = fastest * span;
  const none = { equilibrium: null, swinging: null, cycle: null, eigenvalues: null };
  const outcome = { final, speed, ...none };
  if (speed < rules.settledSpeed) {
    const rows = Array.from(yEnd, () => new Float64Array(yEnd.length));
    const values = eigenvalues(model.jacobian(t[last], yEnd, run.finalParams, rows));
    return { ...outcome, kind: "settled", equilibrium: classify(values).kind, eigenvalues: values };
  }
  const from = t[0] + (1 - rules.cycleSearch) * span;
  const late = t.filter((time) => time >= from);
  for (const name of watched) {
    const series = valuesOf(run, name).slice(t.length - late.length); // t increases
    const threshold = rules.swing * scaleOf(declarationOf(model, name));
    const cycle = measureOscillation(late, series, threshold, rules.cycleCrossings);
    if (cycle.oscillating) return { ...outcome, kind: "oscillating", swinging: name, cycle };
  }
  return { ...outcome, kind: "moving" };
}

/** Where `run` is heading, in the kernel's words (its HTML): the template of its kind. */
export function describeOutcome(model, run, watched) {
  const rules = OUTCOME_RULES;
  const outcome = runOutcome(model, run, watched);
  const shown = Object.entries(outcome.final).slice(0, rules.finalShown);
  const final = shown
    .map(([name, value]) => {
      return fillTemplate(rules.finalValue, { label: declarationOf(model, name).label, value });
    })
    .join(rules.finalJoin);
  const fields = { final, equilibrium: outcome.equilibrium };
  if (outcome.kind === "oscillating") {
    const { minimum, maximum, period } = outcome.cycle;
    const label = declarationOf(model, outcome.swinging).label;
    Object.assign(fields, { label, minimum, maximum, period, time_units: model.timeUnits });
  }
  return fillTemplate(rules.templates[outcome.kind], fields);
}

/**
 * Where the couple of `run` ends, as Python's classify_ending: the mean of the output
 * `constants.output` over the last `fraction` of the run, against the cut-offs
 * `constants.intimate` and `constants.distant` (the couple is intimate above the one,
 * distant below the other, in between otherwise).
 *
 * @param {object} constants  ending_rules() of intimacy_dynamics/intimacy/endings.py
 * @returns {{kind: string, intimacy: number}}
 */
export function classifyEnding(run, constants, fraction = constants.late) {
  checkNumber(fraction, "fraction", [0.01, 1]);
  const { t } = run;
  const series = valuesOf(run, constants.output);
  const from = t[0] + (1 - fraction) * (t[t.length - 1] - t[0]);
  let total = 0;
  let count = 0;
  t.forEach((time, k) => {
    if (time >= from) [total, count] = [total + series[k], count + 1];
  });
  const intimacy = checkNumber(total / count, "the couple's intimacy", [0, 1]);
  const { intimate, distant } = constants;
  const kind = intimacy > intimate ? "intimate" : intimacy < distant ? "distant" : "in between";
  return { kind, intimacy };
}

/** The couple's readout, in the kernel's words: the verdict, then where the run heads. */
export function describeCouple(model, run, constants) {
  const outcome = describeOutcome(model, run, constants.watched);
  const { kind, intimacy } = classifyEnding(run, constants);
  const verdict = fillTemplate(constants.verdicts[kind], { intimacy });
  return fillTemplate(constants.readout, { verdict, outcome });
}

/** The values of a state or an output of `run` over its times, by name. */
function valuesOf(run, name) {
  const i = run.stateNames.indexOf(name);
  if (i >= 0) return run.y[i];
  const j = run.outputNames.indexOf(name);
  if (j >= 0) return run.outputs[j];
  throw new BadInputError(`this run has no state or output '${name}'`);
}

/** The declaration of a state or an output of `model`, by name. */
// The width a quantity swings against: its slider range, else its finite bounds, else 1
// (outputs have no slider range), as _scale in analysis/outcomes.py.
function scaleOf({ soft, bounds }) {
  const span = soft ?? bounds;
  const width = span[1] - span[0];
  return Number.isFinite(width) && width > 0 ? width : 1;
}

function declarationOf(model, name) {
  const specs = [...model.stateSpecs, ...model.outputSpecs];
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new BadInputError(`unknown quantity '${name}' for ${model.name}`);
  return spec;
}
