// Inputs over time, read from the JSON that Python's Signal.to_dict() writes.
//
// The same signals as intimacy_dynamics/simulation/inputs.py, with the same rules:
//   {"type": "Pulse", "start", "duration", "amplitude", "shape": "box" | "exponential"}
//   {"type": "Hold", "start", "duration", "level"}
//   {"type": "Schedule", "times": [...], "values": [...]}
//   {"type": "SumOfSignals", "parts": [...]}
// A dict is data: it is checked field by field and never evaluated. Every signal has
//   value(t, baseline)          the parameter's value at t (right-continuous at a jump);
//   between(t, mid, baseline)   the smooth piece in force at `mid`, continued to t: inside
//                               one segment between breakpoints, the value the solver uses,
//                               also at the segment's ends;
//   breakpoints()               the times at which the value jumps;
//   valueRange(baseline)        the smallest and largest value it takes;
//   piecewiseConstant           true when the value is constant between breakpoints.

import { BadInputError, checkNumber } from "./errors.js";

/** A signal from its dict; `where` names it in errors ("input for parameter 'stress'"). */
export function signalFromDict(data, where = "signal") {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new BadInputError(`${where} must be a JSON object, not ${JSON.stringify(data)}`);
  }
  const make = { Pulse: pulse, Hold: hold, Schedule: schedule, SumOfSignals: sum }[data.type];
  if (make === undefined) {
    throw new BadInputError(
      `${where}: unknown signal type ${JSON.stringify(data.type)}; ` +
        "known: Pulse, Hold, Schedule, SumOfSignals",
    );
  }
  return make(data, `${where} (${data.type})`);
}

function checkFields(data, allowed, where) {
  const extra = Object.keys(data).filter((k) => k !== "type" && !allowed.includes(k));
  if (extra.length) {
    throw new BadInputError(
      `${where} takes the fields ${allowed.join(", ")}, not ${extra.join(", ")}`,
    );
  }
}

function pulse(data, where) {
  checkFields(data, ["start", "duration", "amplitude", "shape"], where);
  const start = checkNumber(data.start, `${where} start`);
  const duration = checkNumber(data.duration, `${where} duration`, [0, Infinity]);
  const amplitude = checkNumber(data.amplitude, `${where} amplitude`);
  const shape = data.shape ?? "box";
  if (duration === 0) throw new BadInputError(`${where} duration = 0 must be positive`);
  if (shape !== "box" && shape !== "exponential") {
    throw new BadInputError(
      `${where} shape = ${JSON.stringify(shape)} must be "box" or "exponential"`,
    );
  }
  const box = shape === "box";
  // the amount added to the baseline, on the piece that holds at time `at`
  const added = (t, at) => {
    if (at < start) return 0;
    if (box) return at < start + duration ? amplitude : 0;
    return amplitude * Math.exp(-(t - start) / duration);
  };
  return {
    value: (t, baseline) => baseline + added(t, t),
    between: (t, mid, baseline) => baseline + added(t, mid),
    breakpoints: () => (box ? [start, start + duration] : [start]),
    valueRange: (baseline) => {
      const ends = [baseline, baseline + amplitude];
      return [Math.min(...ends), Math.max(...ends)];
    },
    piecewiseConstant: box,
  };
}

function hold(data, where) {
  checkFields(data, ["start", "duration", "level"], where);
  const start = checkNumber(data.start, `${where} start`);
  const duration = checkNumber(data.duration, `${where} duration`, [0, Infinity]);
  const level = checkNumber(data.level, `${where} level`);
  if (duration === 0) throw new BadInputError(`${where} duration = 0 must be positive`);
  const value = (t, baseline) => (start <= t && t < start + duration ? level : baseline);
  return {
    value,
    between: (t, mid, baseline) => value(mid, baseline),
    breakpoints: () => [start, start + duration],
    valueRange: (baseline) => [Math.min(baseline, level), Math.max(baseline, level)],
    piecewiseConstant: true,
  };
}

function schedule(data, where) {
  checkFields(data, ["times", "values"], where);
  const { times, values } = data;
  const paired = Array.isArray(times) && Array.isArray(values) && times.length === values.length;
  if (!paired || !times.length) {
    throw new BadInputError(`${where} needs as many values as times, and at least one`);
  }
  times.forEach((t) => checkNumber(t, `${where} time`));
  values.forEach((v) => checkNumber(v, `${where} value`));
  if (times.some((t, k) => k > 0 && t <= times[k - 1])) {
    throw new BadInputError(`${where} times [${times.join(", ")}] must be strictly increasing`);
  }
  const value = (t, baseline) => {
    let k = -1; // the last switch at or before t
    while (k + 1 < times.length && times[k + 1] <= t) k += 1;
    return k < 0 ? baseline : values[k];
  };
  return {
    value,
    between: (t, mid, baseline) => value(mid, baseline),
    breakpoints: () => times.slice(),
    valueRange: (baseline) => [Math.min(baseline, ...values), Math.max(baseline, ...values)],
    piecewiseConstant: true,
  };
}

function sum(data, where) {
  checkFields(data, ["parts"], where);
  if (!Array.isArray(data.parts) || !data.parts.length) {
    throw new BadInputError(`${where} needs a non-empty list 'parts'`);
  }
  const parts = data.parts.map((part, k) => signalFromDict(part, `${where} part ${k + 1}`));
  // the departures from the baseline add up
  const total = (baseline, each) =>
    parts.reduce((acc, part) => acc + each(part) - baseline, baseline);
  const breakpoints = () =>
    [...new Set(parts.flatMap((part) => part.breakpoints()))].sort((a, b) => a - b);
  const value = (t, baseline) => total(baseline, (part) => part.value(t, baseline));
  return {
    value,
    between: (t, mid, baseline) => total(baseline, (part) => part.between(t, mid, baseline)),
    breakpoints,
    // every part is constant or decaying between breakpoints, so the extremes lie at a
    // breakpoint, just before one, or far from all of them (the baseline): as in Python
    valueRange(baseline) {
      const points = breakpoints();
      const before = points.map((p, k) => p - (k ? p - points[k - 1] : 1) * 1e-9);
      const seen = [...points, ...before].map((t) => value(t, baseline));
      return [Math.min(baseline, ...seen), Math.max(baseline, ...seen)];
    },
    piecewiseConstant: parts.every((part) => part.piecewiseConstant),
  };
}
