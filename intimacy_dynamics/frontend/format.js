// Numbers and sentences as Python writes them, so the page's readout is the kernel's.
//
// The templates come from intimacy_dynamics/analysis/wording.py (and the model's own,
// such as intimacy/endings.py) as data. They hold two kinds of field only, which
// template_fields() checks in Python: {name}, text, and {name:.Nf}, a number with N
// decimals. fillTemplate() fills both exactly as str.format() does.

const FIELD = /\{(\w+)(?::\.(\d+)f)?\}/g;

/**
 * `value` with `digits` decimals, exactly as Python's format(value, ".<digits>f").
 *
 * Number.prototype.toFixed rounds the exact binary value correctly too, but differs
 * from Python in three places, handled here: an exact tie (0.125 to two decimals) goes
 * to the even digit in Python ("0.12") and away from zero in JavaScript ("0.13"); a
 * negative zero keeps its sign in Python ("-0.00"); and Python writes every digit of a
 * large number where toFixed switches to an exponent (from 1e21 on).
 */
export function formatFixed(value, digits) {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e21) {
    // an integer (every double this large is one): its exact digits, then the decimals
    return `${sign}${BigInt(magnitude)}${digits > 0 ? "." + "0".repeat(digits) : ""}`;
  }
  const tie = isTie(magnitude, digits);
  return sign + (tie ? roundTieToEven(magnitude, digits) : magnitude.toFixed(digits));
}

/**
 * True when `x` lies exactly half-way between two numbers of `digits` decimals.
 *
 * x * 10^digits = n + 1/2 means x = (2n + 1) / (2 * 10^digits); a double is a dyadic
 * fraction, so 5^digits must divide 2n + 1 and x = odd / 2^(digits + 1): exactly when
 * x * 2^(digits + 1) is an odd integer (a multiplication by a power of two is exact).
 */
function isTie(x, digits) {
  const scaled = x * 2 ** (digits + 1);
  return Number.isInteger(scaled) && scaled % 2 === 1;
}

/** A tie rounded to the even last digit, with exact integers (BigInt). */
function roundTieToEven(x, digits) {
  const odd = BigInt(x * 2 ** (digits + 1)); // x = odd / 2^(digits + 1)
  const twice = odd * 5n ** BigInt(digits); // 2 x 10^digits = 2 n + 1
  const below = (twice - 1n) / 2n; // n
  const rounded = below % 2n === 0n ? below : below + 1n;
  const text = rounded.toString().padStart(digits + 1, "0");
  return digits > 0 ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
}

/**
 * `template` with its fields filled from `fields`, as Python's template.format(**fields).
 *
 * A missing field is an Error naming it (Python raises KeyError); a number field must
 * get a number.
 */
export function fillTemplate(template, fields) {
  return template.replace(FIELD, (_, name, digits) => {
    if (!Object.hasOwn(fields, name)) {
      throw new Error(`the template ${JSON.stringify(template)} needs the field '${name}'`);
    }
    const value = fields[name];
    if (digits === undefined) return String(value);
    if (typeof value !== "number") {
      throw new Error(`the field '${name}' takes a number, not ${JSON.stringify(value)}`);
    }
    return formatFixed(value, Number(digits));
  });
}
