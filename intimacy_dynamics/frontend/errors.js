// The runtime's two errors, and the checks that raise them with one clear sentence.
//
// As in Python (intimacy_dynamics/errors.py), a bad argument is a BadInputError whose
// message names the quantity, the value given and what is allowed; a failed integration
// is an IntegrationError that says where it stopped.

/** An argument is malformed, unknown or outside its allowed range. */
export class BadInputError extends Error {
  constructor(message) {
    super(message);
    this.name = "BadInputError";
  }
}

/** The integration could not reach the end of the span; tReached is how far it got. */
export class IntegrationError extends Error {
  constructor(message, tReached) {
    super(message);
    this.name = "IntegrationError";
    this.tReached = tReached;
  }
}

/** A number to six significant digits, infinities as the Python messages write them. */
export function formatNumber(value) {
  if (value === Infinity || value === -Infinity) return value > 0 ? "inf" : "-inf";
  if (typeof value !== "number") return JSON.stringify(value) ?? String(value);
  return String(Number(value.toPrecision(6)));
}

/** A number as Python's format(x, "g") writes it: 6 significant digits, 1e+06, 1e-05. */
export function formatG(value) {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa, power] = value.toExponential(5).split("e");
  const exponent = Number(power);
  const strip = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);
  if (exponent < -4 || exponent >= 6) {
    return `${strip(mantissa)}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return strip(value.toFixed(5 - exponent));
}

/** A closed interval as the Python messages write it (format_range): [0, 1], [0, 1e+06], [0, inf). */
export function formatRange([lo, hi]) {
  const left = lo === -Infinity ? "(-inf" : `[${formatG(lo)}`;
  const right = hi === Infinity ? "inf)" : `${formatG(hi)}]`;
  return `${left}, ${right}`;
}

/**
 * `value` if it is a finite number inside `bounds`; otherwise a BadInputError naming `what`.
 * `shown` writes the value in the message (a scenario's floats: as Python's repr).
 */
export function checkNumber(value, what, bounds = [-Infinity, Infinity], shown = formatNumber) {
  const allowed = formatRange(bounds);
  if (typeof value !== "number") {
    throw new BadInputError(
      `${what} = ${formatNumber(value)} is not a real number (allowed range ${allowed})`,
    );
  }
  if (!Number.isFinite(value)) {
    throw new BadInputError(
      `${what} = ${formatNumber(value)} is not a finite number (allowed range ${allowed})`,
    );
  }
  if (value < bounds[0] || value > bounds[1]) {
    throw new BadInputError(
      `${what} = ${shown(value)} is outside its allowed range ${allowed}`,
    );
  }
  return value;
}

/** The position of `name` in `names`; otherwise a BadInputError listing the known ones. */
export function indexOfName(name, names, kind, owner) {
  const index = names.indexOf(name);
  if (index < 0) {
    const listing = names.length <= 12 ? names.join(", ") : `${names.slice(0, 12).join(", ")}, ...`;
    throw new BadInputError(`unknown ${kind} '${name}' for ${owner}. Known ${kind}s: ${listing}`);
  }
  return index;
}
