// Simulate a generated model in the page: the JavaScript twin of Python's simulate().
//
// `model` is the ES module that model.javascript() prints (stateSpecs, paramSpecs,
// outputSpecs, rhs, outputs, tSpan, name); this runtime knows nothing else about it,
// and nothing about Jupyter. The steps, as in intimacy_dynamics/simulation/simulate.py:
//   1. Check every argument; a bad one is a BadInputError naming it, its value and range.
//   2. Split the span at the breakpoints of the input signals.
//   3. Integrate each piece from a fresh start with the Dormand–Prince 5(4) pair of the
//      Python ensemble integrator; inside a piece the parameters follow the signals.
//   4. Check that every state stayed inside its declared range, as Python does.
//   5. Evaluate the outputs at the output times.

import { DORMAND_PRINCE } from "./tableau.js";
import {
  BadInputError,
  IntegrationError,
  checkNumber,
  formatNumber,
  formatRange,
  indexOfName,
} from "./errors.js";
import { integrate } from "./rk.js";
import { signalFromDict } from "./signals.js";

export { BadInputError, DORMAND_PRINCE, IntegrationError, signalFromDict };

const DEFAULTS = {
  params: {},
  y0: {},
  tSpan: null,
  tEval: null,
  nPoints: 401,
  inputs: {},
  rtol: 1e-6,
  atol: 1e-9,
  maxSteps: 50000,
  checkBounds: true,
};
const MAX_POINTS = 1000000;

/**
 * Integrate `model` and return its states and outputs at the output times.
 *
 * @param {object} model  a module printed by model.javascript()
 * @param {object} [options]
 *   params   {name: value} or one value per parameter; missing names take their defaults
 *   y0       {name: value} or one value per state; missing names take their defaults
 *   tSpan    [t0, t1], default model.tSpan
 *   tEval    increasing output times inside tSpan, default nPoints evenly spaced
 *   nPoints  number of output times when tEval is not given (401)
 *   inputs   {parameter name: signal dict}, as Python's Signal.to_dict() writes them
 *   rtol, atol, maxSteps, checkBounds  as in Python (1e-6, 1e-9, 50000 steps, true)
 * @returns {{t: Float64Array, y: Float64Array[], outputs: Float64Array[],
 *            stateNames: string[], outputNames: string[], finalParams: Float64Array,
 *            steps: number, nfev: number}}
 *   y[i] and outputs[j] are the values of state i and output j at the times t;
 *   finalParams is the parameter vector in force at the last time (for the readout).
 */
export function simulate(model, options = {}) {
  const unknown = Object.keys(options).filter((key) => !(key in DEFAULTS));
  if (unknown.length) {
    const known = Object.keys(DEFAULTS).join(", ");
    throw new BadInputError(`unknown option(s) ${unknown.join(", ")}; known: ${known}`);
  }
  const o = { ...DEFAULTS }; // an option given as undefined keeps its default
  for (const [key, value] of Object.entries(options)) if (value !== undefined) o[key] = value;
  const baseline = vectorOf(model, model.paramSpecs, o.params, "parameter");
  const y0 = vectorOf(model, model.stateSpecs, o.y0, "state");
  const [t0, t1] = checkSpan(o.tSpan ?? model.tSpan);
  const t = outputTimes(o.tEval, o.nPoints, t0, t1);
  const settings = {
    tableau: DORMAND_PRINCE,
    rtol: checkNumber(o.rtol, "rtol", [1e-13, 0.1]),
    atol: checkNumber(o.atol, "atol", [1e-15, 1]),
    maxSteps: checkNumber(o.maxSteps, "maxSteps", [1, 1e8]),
    times: t,
  };
  const drive = new Drive(model, baseline, o.inputs);
  const y = model.stateSpecs.map(() => new Float64Array(t.length));
  settings.emit = (k, state) => {
    for (let i = 0; i < state.length; i++) y[i][k] = state[i];
  };

  let state = y0;
  let steps = 0;
  let nfev = 0;
  let from = 0;
  for (const [a, b, isLast] of drive.segments(t0, t1)) {
    let to = from;
    while (to < t.length && (t[to] < b || (isLast && t[to] === b))) to += 1;
    const rates = drive.ratesOn(a, b);
    const budget = settings.maxSteps - steps;
    const piece = integrate(rates, a, b, state, { ...settings, from, to, maxSteps: budget });
    state = piece.y;
    steps += piece.steps;
    nfev += piece.nfev;
    from = to;
  }
  if (o.checkBounds) checkStates(model, t, y, settings.rtol);
  return {
    t,
    y,
    outputs: drive.outputs(t, y),
    stateNames: model.stateSpecs.map((s) => s.name),
    outputNames: model.outputSpecs.map((s) => s.name),
    finalParams: drive.paramsAt(t[t.length - 1]),
    steps,
    nfev,
  };
}

/** A state or parameter vector: defaults, overridden by name or by a full list. */
function vectorOf(model, specs, given, kind) {
  const names = specs.map((s) => s.name);
  const values = specs.map((s) => s.default);
  if (Array.isArray(given) || ArrayBuffer.isView(given)) {
    if (given.length !== specs.length) {
      throw new BadInputError(
        `${kind} vector has ${given.length} values but ${model.name} has ${specs.length} ` +
          `${kind}s (${names.join(", ")})`,
      );
    }
    given.forEach((v, i) => (values[i] = v));
  } else if (given !== null && typeof given === "object") {
    for (const [name, value] of Object.entries(given)) {
      values[indexOfName(name, names, kind, model.name)] = value;
    }
  } else {
    throw new BadInputError(
      `the ${kind}s must be an object {name: value} or an array, not ${given}`,
    );
  }
  const what = kind === "state" ? "initial state" : kind;
  return Float64Array.from(specs, (s, i) =>
    checkNumber(values[i], `${what} '${s.name}'`, s.bounds),
  );
}

function checkSpan(tSpan) {
  if (!Array.isArray(tSpan) || tSpan.length !== 2) {
    throw new BadInputError(`tSpan = ${JSON.stringify(tSpan)} must be a pair [t0, t1]`);
  }
  const t0 = checkNumber(tSpan[0], "tSpan start");
  const t1 = checkNumber(tSpan[1], "tSpan end", [t0, Infinity]);
  if (t1 === t0) {
    throw new BadInputError(`tSpan = [${t0}, ${t1}] is empty: the end must exceed the start`);
  }
  return [t0, t1];
}

/** The output times: tEval checked, or nPoints evenly spaced as numpy.linspace spaces them. */
function outputTimes(tEval, nPoints, t0, t1) {
  if (tEval === null || tEval === undefined) {
    if (!Number.isInteger(nPoints) || nPoints < 2 || nPoints > MAX_POINTS) {
      throw new BadInputError(`nPoints = ${nPoints} must be an integer in [2, ${MAX_POINTS}]`);
    }
    const step = (t1 - t0) / (nPoints - 1);
    const times = Float64Array.from({ length: nPoints }, (_, k) => t0 + k * step);
    times[nPoints - 1] = t1;
    return times;
  }
  const array = Array.isArray(tEval) || ArrayBuffer.isView(tEval);
  if (!array || !tEval.length || tEval.length > MAX_POINTS) {
    throw new BadInputError(`tEval must be a non-empty array of at most ${MAX_POINTS} times`);
  }
  const times = Float64Array.from(tEval, (v) => checkNumber(v, "tEval time", [t0, t1]));
  if (times.some((v, k) => k > 0 && v <= times[k - 1])) {
    throw new BadInputError("tEval must be strictly increasing");
  }
  return times;
}

/** The parameter vector over time: baselines, some driven by signals. */
class Drive {
  constructor(model, baseline, inputs) {
    this.model = model;
    this.baseline = baseline;
    this.driven = []; // [index, signal]
    if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) {
      throw new BadInputError("inputs must be an object {parameter name: signal}");
    }
    const names = model.paramSpecs.map((s) => s.name);
    for (const [name, data] of Object.entries(inputs)) {
      const index = indexOfName(name, names, "parameter", model.name);
      const signal = signalFromDict(data, `input for parameter '${name}'`);
      const [lo, hi] = signal.valueRange(baseline[index]);
      const [low, high] = model.paramSpecs[index].bounds;
      if (lo < low || hi > high) {
        throw new BadInputError(
          `input for parameter '${name}' reaches ${formatNumber(lo < low ? lo : hi)}, ` +
            `outside its allowed range ${formatRange([low, high])}`,
        );
      }
      this.driven.push([index, signal]);
    }
  }

  /** [a, b, isLast] pieces of [t0, t1] split at the breakpoints. */
  segments(t0, t1) {
    const cuts = this.driven.flatMap(([, s]) => s.breakpoints()).filter((b) => t0 < b && b < t1);
    const edges = [t0, ...[...new Set(cuts)].sort((x, y) => x - y), t1];
    return edges.slice(1).map((b, k) => [edges[k], b, k === edges.length - 2]);
  }

  /** f(t, y, dydt) inside the piece [a, b], where the signals are smooth. */
  ratesOn(a, b) {
    const { rhs } = this.model;
    const p = Float64Array.from(this.baseline);
    const mid = 0.5 * (a + b);
    const fill = (t) => {
      for (const [i, signal] of this.driven) p[i] = signal.between(t, mid, this.baseline[i]);
    };
    if (this.driven.every(([, s]) => s.piecewiseConstant)) {
      fill(mid);
      return (t, y, dydt) => rhs(t, y, p, dydt);
    }
    return (t, y, dydt) => {
      fill(t);
      rhs(t, y, p, dydt);
    };
  }

  /** The parameters in force at `time`, written into `p` (a new vector by default). */
  paramsAt(time, p = Float64Array.from(this.baseline)) {
    for (const [i, signal] of this.driven) p[i] = signal.value(time, this.baseline[i]);
    return p;
  }

  /** Every output at the times t, with the parameters in force at each time. */
  outputs(t, y) {
    const specs = this.model.outputSpecs;
    const rows = specs.map(() => new Float64Array(t.length));
    const p = Float64Array.from(this.baseline);
    const state = new Float64Array(y.length);
    const out = new Float64Array(specs.length);
    for (let k = 0; k < t.length && specs.length; k++) {
      this.paramsAt(t[k], p);
      for (let i = 0; i < state.length; i++) state[i] = y[i][k];
      this.model.outputs(t[k], state, p, out);
      for (let j = 0; j < out.length; j++) rows[j][k] = out[j];
    }
    return rows;
  }
}

/** An IntegrationError if a state left its declared range by more than the tolerance. */
function checkStates(model, t, y, rtol) {
  model.stateSpecs.forEach(({ name, bounds: [lo, hi] }, i) => {
    const width = Number.isFinite(hi - lo) ? hi - lo : Math.max(1, Math.abs(lo), Math.abs(hi));
    const slack = Math.max(1e-6, 100 * rtol) * width;
    let k = 0; // the worst excursion, as Python reports it
    y[i].forEach((v, j) => {
      if (Math.max(lo - v, v - hi) > Math.max(lo - y[i][k], y[i][k] - hi)) k = j;
    });
    if (y[i][k] < lo - slack || y[i][k] > hi + slack) {
      throw new IntegrationError(
        `state '${name}' left its declared range ${formatRange([lo, hi])}: it reached ` +
          `${formatNumber(y[i][k])} at t = ${formatNumber(t[k])}. The model's equations do not ` +
          "keep it in range; pass checkBounds: false to inspect the run.",
        t[k],
      );
    }
  });
}
