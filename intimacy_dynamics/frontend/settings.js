// Settings from users, parsed as data: the JSON of a scenario, from a settings box or a
// link. The twin of Python's parse_json (core/jsondata.py) and Scenario.from_dict and
// Scenario.from_text (simulation/scenario.py), with the same limits, checks and wording.
//
// Nothing here evaluates text: the JSON parser below reads characters into plain data
// (objects, arrays, strings, numbers, true, false, null), under limits checked first:
//   1. at most MAX_JSON_CHARS characters and MAX_JSON_DEPTH levels of nesting;
//   2. number literals of at most MAX_NUMBER_CHARS characters, finite as floats;
//   3. no NaN or Infinity, and no key twice in one object.
// A link carries the settings in its fragment: "#" and the compact scenario JSON,
// percent-encoded as encodeURIComponent encodes (linkFragment); the fragment decoded IS
// the text a notebook's settings box loads.

import { BadInputError, checkNumber, formatRange } from "./errors.js";
import { signalFromDict } from "./signals.js";

export const LIMITS = { maxChars: 1000000, maxDepth: 32, maxNumberChars: 100 };
const FIELDS = ["name", "title", "description", "model", "params", "y0", "t_span", "inputs", "phenomena", "settings"];
const SHOWN_CHARS = 60;

/** A string as Python's repr writes it (shortened as Python's describe() does). */
export function describe(value) {
  let text;
  if (typeof value === "string") {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/[\\\n\r\t\x00-\x1f\x7f]/g, (c) => {
      const named = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" }[c];
      return named ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
    });
    text = quote + (quote === "'" ? escaped.replaceAll("'", "\\'") : escaped) + quote;
  } else if (typeof value === "number") {
    text = String(value);
  } else if (typeof value === "boolean") {
    text = value ? "True" : "False";
  } else if (value === null) {
    text = "None";
  } else {
    text = JSON.stringify(value);
  }
  if (text.length > SHOWN_CHARS) {
    text = `${text.slice(0, SHOWN_CHARS - 16)}…${text.slice(-14)} (${text.length} characters)`;
  }
  return text;
}

/**
 * A float as Python's repr (and json.dumps) writes it: 5.0, 0.25, 1e-05, 1e+16, 1.5e+300.
 * Both languages find the same shortest digits that read back to the same double; Python
 * writes them with an exponent below 1e-4 and from 1e16 on, and always with a point or
 * an exponent.
 */
export function pythonFloat(value) {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa, power] = Math.abs(value).toExponential().split("e");
  const exponent = Number(power);
  const digits = mantissa.replace(".", "");
  const sign = value < 0 ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const shown = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${shown}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  return `${sign}${whole}.${digits.slice(exponent + 1) || "0"}`;
}

/**
 * Scenario data as Python's json.dumps writes a Scenario's dict: every number a float
 * (pythonFloat), strings as JSON (with `ascii`, every character beyond ASCII escaped, as
 * ensure_ascii does); compact (",", ":") or indented by `indent` spaces (",", ": ").
 */
export function pythonJson(value, { indent = null, ascii = false } = {}, depth = 0) {
  if (typeof value === "number") return pythonFloat(value);
  if (typeof value === "string") {
    const text = JSON.stringify(value);
    return ascii ? text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
  }
  if (value === null || typeof value === "boolean") return JSON.stringify(value);
  const items = Array.isArray(value)
    ? value.map((item) => pythonJson(item, { indent, ascii }, depth + 1))
    : Object.entries(value).map(
        ([key, item]) => `${pythonJson(key, { ascii })}${indent === null ? ":" : ": "}${pythonJson(item, { indent, ascii }, depth + 1)}`,
      );
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (!items.length) return open + close;
  if (indent === null) return open + items.join(",") + close;
  const inner = "\n" + " ".repeat(indent * (depth + 1));
  return open + inner + items.join("," + inner) + "\n" + " ".repeat(indent * depth) + close;
}

/** What kind of value `value` is, in JSON's words, as Python's type_name(). */
export function typeName(value) {
  if (value === null) return "null (None)";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "string") return "a string";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return "a number";
  return `a ${typeof value}`;
}

// ------------------------------------------------------------------ JSON, as data

const count = (n) => n.toLocaleString("en-US");

/** The deepest nesting of [ and { outside strings, as Python's _nesting_depth. */
function nestingDepth(text) {
  const outside = text.replace(/"(?:[^"\\]|\\.)*"/gs, '""');
  let depth = 0;
  let deepest = 0;
  for (const c of outside) {
    if (c === "[" || c === "{") deepest = Math.max(deepest, ++depth);
    else if (c === "]" || c === "}") depth -= 1;
  }
  return deepest;
}

class JsonReader {
  constructor(text, source) {
    this.text = text;
    this.source = source;
    this.at = 0;
  }

  fail(message, at = this.at) {
    const before = this.text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    throw new BadInputError(
      `${this.source} is not valid JSON: ${message} (line ${line}, column ${column})`,
    );
  }

  refuse(message) {
    throw new BadInputError(`${this.source}: ${message}`);
  }

  space() {
    while (" \t\n\r".includes(this.text[this.at]) && this.at < this.text.length) this.at += 1;
  }

  document() {
    this.space();
    const value = this.value();
    this.space();
    if (this.at < this.text.length) this.fail("Extra data");
    return value;
  }

  value() {
    const c = this.text[this.at];
    if (c === '"') return this.string();
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    for (const [word, value] of [["null", null], ["true", true], ["false", false]]) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    const number = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
    number.lastIndex = this.at;
    const match = number.exec(this.text);
    if (match) return this.number(match);
    for (const constant of ["NaN", "Infinity", "-Infinity"]) {
      if (this.text.startsWith(constant, this.at)) {
        this.refuse(`${constant} is not allowed (JSON numbers are finite)`);
      }
    }
    return this.fail("Expecting value");
  }

  number(match) {
    const literal = match[0];
    this.at += literal.length;
    if (literal.length > LIMITS.maxNumberChars) {
      this.refuse(
        `a number of ${count(literal.length)} characters (${literal.slice(0, 12)}…) is ` +
          `longer than the limit of ${LIMITS.maxNumberChars}`,
      );
    }
    const value = Number(literal);
    const integer = match[1] === undefined && match[2] === undefined;
    if (!Number.isFinite(value) && !integer) {
      this.refuse(`the number ${literal} is too large for a float`);
    }
    return value;
  }

  string() {
    const start = this.at;
    this.at += 1;
    let out = "";
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) this.fail("Unterminated string starting at", start);
      if (c === '"') break;
      if (c < " ") this.fail("Invalid control character at");
      if (c !== "\\") {
        out += c;
        this.at += 1;
        continue;
      }
      const e = this.text[this.at + 1];
      const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e in simple) {
        out += simple[e];
        this.at += 2;
      } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.at + 2, this.at + 6), 16));
        this.at += 6;
      } else {
        this.fail(e === "u" ? "Invalid \\uXXXX escape" : "Invalid \\escape");
      }
    }
    this.at += 1;
    return out;
  }

  object() {
    this.at += 1;
    const result = {};
    this.space();
    if (this.text[this.at] === "}") {
      this.at += 1;
      return result;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail("Expecting property name enclosed in double quotes");
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ":") this.fail("Expecting ':' delimiter");
      this.at += 1;
      this.space();
      const value = this.value();
      if (Object.hasOwn(result, key)) {
        this.refuse(`the key ${describe(key)} appears twice in one object`);
      }
      put(result, key, value);
      this.space();
      const c = this.text[this.at];
      this.at += 1;
      if (c === "}") return result;
      if (c !== ",") this.fail("Expecting ',' delimiter", this.at - 1);
    }
  }

  array() {
    this.at += 1;
    const result = [];
    this.space();
    if (this.text[this.at] === "]") {
      this.at += 1;
      return result;
    }
    for (;;) {
      this.space();
      result.push(this.value());
      this.space();
      const c = this.text[this.at];
      this.at += 1;
      if (c === "]") return result;
      if (c !== ",") this.fail("Expecting ',' delimiter", this.at - 1);
    }
  }
}

/** `text` parsed as JSON data under LIMITS; every error is a BadInputError naming `source`. */
export function parseJson(text, source) {
  if (typeof text !== "string") throw new BadInputError(`${source} must be JSON text`);
  if (text.length > LIMITS.maxChars) {
    throw new BadInputError(
      `${source} has ${count(text.length)} characters, more than the limit of ${count(LIMITS.maxChars)}`,
    );
  }
  const depth = nestingDepth(text);
  if (depth > LIMITS.maxDepth) {
    throw new BadInputError(
      `${source} is nested ${depth} levels deep, more than the limit of ${LIMITS.maxDepth}`,
    );
  }
  return new JsonReader(text, source).document();
}

// ----------------------------------------------------- names, as Python checks them

/** The longest common run of a[alo:ahi] and b[blo:bhi], as difflib's find_longest_match. */
function longestMatch(a, b, alo, ahi, blo, bhi) {
  let [besti, bestj, bestsize] = [alo, blo, 0];
  let lengths = new Map();
  for (let i = alo; i < ahi; i++) {
    const next = new Map();
    for (let j = blo; j < bhi; j++) {
      if (b[j] !== a[i]) continue;
      const k = (lengths.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
    }
    lengths = next;
  }
  return [besti, bestj, bestsize];
}

/** difflib.SequenceMatcher(None, a, b).ratio() for short texts (no junk, no autojunk). */
function similarity(a, b) {
  let matched = 0;
  const queue = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop();
    const [i, j, k] = longestMatch(a, b, alo, ahi, blo, bhi);
    if (!k) continue;
    matched += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  const total = a.length + b.length;
  return total ? (2 * matched) / total : 1;
}

/** The name Python's check_known_name suggests (difflib.get_close_matches, n=1), or null. */
function closeMatch(name, known) {
  const lowered = new Map(known.map((k) => [k.toLowerCase(), k]));
  const word = name.toLowerCase();
  let best = null;
  for (const candidate of lowered.keys()) {
    const score = similarity(candidate, word);
    if (score < 0.6) continue;
    if (!best || score > best[0] || (score === best[0] && candidate > best[1])) best = [score, candidate];
  }
  return best && lowered.get(best[1]);
}

/** `name` if it is one of `known`; else a BadInputError as Python's check_known_name words it. */
export function checkKnownName(name, known, kind, owner) {
  if (known.includes(name)) return name;
  const close = name.length <= 100 ? closeMatch(name, known) : null;
  const hint = close ? ` (did you mean ${describe(close)}?)` : "";
  const listing = known.length <= 12 ? known.join(", ") : `${known.slice(0, 12).join(", ")}, ...`;
  throw new BadInputError(`unknown ${kind} ${describe(name)} for ${owner}${hint}. Known ${kind}s: ${listing}`);
}

// ------------------------------------------------------------------- scenarios

/** `table[key] = value` as a plain data property, also for the key "__proto__". */
function put(table, key, value) {
  Object.defineProperty(table, key, { value, enumerable: true, writable: true, configurable: true });
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function requireObject(value, where) {
  if (!isObject(value)) {
    throw new BadInputError(`${where} must be an object (a mapping {name: value}), not ${typeName(value)}`);
  }
  return value;
}

function requireList(value, where, length = null) {
  if (!Array.isArray(value)) throw new BadInputError(`${where} must be a list [...], not ${typeName(value)}`);
  if (length !== null && value.length !== length) {
    throw new BadInputError(`${where} must be a list of ${length} items, not ${value.length}`);
  }
  return value;
}

function numbers(table, where) {
  requireObject(table, where);
  const checked = {};
  for (const [key, value] of Object.entries(table)) {
    if (typeof value !== "number") {
      throw new BadInputError(`${where}[${describe(key)}] must be a number, not ${typeName(value)}`);
    }
    put(checked, key, checkNumber(value, `${where}[${describe(key)}]`));
  }
  return checked;
}

/**
 * A scenario from parsed JSON, checked as Python's Scenario.from_dict checks it:
 * {name, title, description, model, params, y0, settings, tSpan, inputs, phenomena},
 * with the inputs as signal dicts (each read by signalFromDict), tSpan null for the
 * model's and settings the explorer's own (numbers, checked by name in resolveScenario).
 */
export function scenarioFromData(data, source = "a scenario") {
  requireObject(data, source);
  const unknown = Object.keys(data).filter((k) => !FIELDS.includes(k));
  if (unknown.length) {
    const listing = unknown.map(describe).sort().join(", ");
    throw new BadInputError(`unknown scenario field(s) in ${source}: ${listing}`);
  }
  if (!Object.hasOwn(data, "name")) throw new BadInputError(`${source} needs a name`);
  const where = `scenario ${describe(data.name)}`;
  if (data.t_span !== undefined && data.t_span !== null) requireList(data.t_span, `${where}: t_span`);
  const inputs = requireObject(data.inputs ?? {}, `${where}: inputs`);
  for (const [key, signal] of Object.entries(inputs)) {
    try {
      signalFromDict(signal);
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      throw new BadInputError(`${where}: input ${describe(key)}: ${error.message}`);
    }
  }
  if (typeof data.name !== "string" || !data.name) {
    throw new BadInputError(`a scenario needs a non-empty string name, not ${describe(data.name)}`);
  }
  for (const key of ["title", "description", "model"]) {
    if (data[key] !== undefined && typeof data[key] !== "string") {
      throw new BadInputError(`${where}: ${key} must be a string, not ${describe(data[key])}`);
    }
  }
  const scenario = {
    name: data.name,
    title: data.title ?? "",
    description: data.description ?? "",
    model: data.model ?? "",
    params: numbers(data.params === undefined ? {} : data.params, `${where}: params`),
    y0: numbers(data.y0 === undefined ? {} : data.y0, `${where}: y0`),
    settings: numbers(data.settings === undefined ? {} : data.settings, `${where}: settings`),
    tSpan: span(data.t_span ?? null, where),
    inputs: { ...inputs },
    phenomena: requireList(data.phenomena ?? [], `${where}: phenomena`),
  };
  if (!scenario.phenomena.every((p) => typeof p === "string")) {
    throw new BadInputError(`${where}: phenomena must be strings such as 'P05'`);
  }
  return scenario;
}

function span(value, where) {
  if (value === null) return null;
  const [start, end] = requireList(value, `${where}: t_span [start, end]`, 2);
  const t0 = checkNumber(start, `${where}: t_span start`);
  const t1 = checkNumber(end, `${where}: t_span end`);
  if (!(t1 > t0)) {
    throw new BadInputError(`${where}: t_span [${pythonFloat(t0)}, ${pythonFloat(t1)}] must have end > start`);
  }
  return [t0, t1];
}

/**
 * The text of a settings box or a link, as Python's Scenario.from_text reads it: JSON
 * text (it starts with "{"), or a link or a bare fragment whose part after "#" is the
 * JSON, percent-encoded.
 */
export function settingsFromText(text, source = "scenario JSON") {
  if (typeof text !== "string") throw new BadInputError(`${source} must be text`);
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return scenarioFromData(parseJson(trimmed, source), source);
  const fragment = trimmed.includes("#") ? trimmed.slice(trimmed.indexOf("#") + 1) : trimmed;
  const where = "the link's text";
  if (fragment.length > 3 * LIMITS.maxChars) {
    throw new BadInputError(
      `${where} has ${count(fragment.length)} characters, more than the limit of ${count(3 * LIMITS.maxChars)}`,
    );
  }
  let decoded;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    throw new BadInputError(`${where} is not valid percent-encoding (a % must be followed by two hex digits of UTF-8)`);
  }
  return scenarioFromData(parseJson(decoded, where), where);
}

/** The compact JSON a link carries: only the fields that hold something (name and model always). */
export function compactSettings(scenario, modelSpan) {
  const data = { name: scenario.name, model: scenario.model };
  if (scenario.title) data.title = scenario.title;
  if (scenario.description) data.description = scenario.description;
  if (Object.keys(scenario.params).length) data.params = scenario.params;
  if (Object.keys(scenario.y0).length) data.y0 = scenario.y0;
  const tSpan = scenario.tSpan;
  if (tSpan && !(tSpan[0] === modelSpan[0] && tSpan[1] === modelSpan[1])) data.t_span = tSpan;
  if (Object.keys(scenario.inputs).length) data.inputs = scenario.inputs;
  if (scenario.phenomena?.length) data.phenomena = scenario.phenomena;
  if (Object.keys(scenario.settings ?? {}).length) data.settings = scenario.settings;
  return pythonJson(data);
}

/** The fragment of a link (without "#"): the compact JSON, percent-encoded. */
export function linkFragment(scenario, modelSpan) {
  return encodeURIComponent(compactSettings(scenario, modelSpan));
}

/** The scenario as the notebook's settings box writes it (Scenario.to_json, indent 2). */
export function settingsJson(scenario) {
  const data = {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    model: scenario.model,
    params: scenario.params,
    y0: scenario.y0,
    t_span: scenario.tSpan,
    inputs: scenario.inputs,
    phenomena: scenario.phenomena,
  };
  if (Object.keys(scenario.settings ?? {}).length) data.settings = scenario.settings;
  return pythonJson(data, { indent: 2, ascii: true });
}

/**
 * `value` (a number) as the explorer's own setting `spec` takes it, as Python's
 * Setting.check or Choice.check: inside its bounds (a whole number on its grid, for an
 * integer setting), or one of a choice's options; otherwise Python's sentence.
 */
export function checkOwnSetting(spec, value) {
  const what = `setting ${describe(spec.name)}`;
  if (spec.options) {
    if (spec.options.includes(value)) return value;
    throw new BadInputError(`${what} = ${pythonFloat(value)} must be one of ${spec.shown}`);
  }
  const [lo, hi] = spec.bounds.map((b, k) => b ?? (k ? Infinity : -Infinity));
  checkNumber(value, what, [lo, hi], pythonFloat);
  const steps = (value - lo) / spec.step;
  if (spec.integer && (!Number.isInteger(value) || Math.abs(steps - Math.round(steps)) > 1e-9)) {
    const listing = `${Math.trunc(lo)}, ${Math.trunc(lo + spec.step)}, ..., ${Math.trunc(hi)}`;
    throw new BadInputError(`${what} = ${pythonFloat(value)} must be one of ${listing}`);
  }
  return value;
}

/**
 * The explorer's own settings after `given` (a scenario's settings), as Python's
 * Explorer._checked_own: `start` (name -> value) with each given name checked against
 * the declarations `own.specs` (unknown names get Python's sentence, for `own.owner`)
 * and each value by checkOwnSetting. Only numeric settings are kept.
 */
export function resolveOwnSettings(own, given, start) {
  const names = own.specs.map((s) => s.name);
  const checked = { ...start };
  for (const [name, value] of Object.entries(given)) {
    checkKnownName(name, names, "setting", own.owner);
    put(checked, name, checkOwnSetting(own.specs[names.indexOf(name)], value));
  }
  return checked;
}

/** The own settings that differ from their declared defaults, in declaration order. */
export function changedOwnSettings(own, values) {
  const changed = {};
  for (const spec of own.specs) {
    const value = values[spec.name];
    if (typeof value === "number" && value !== spec.default) put(changed, spec.name, value);
  }
  return changed;
}

/** An explorer with no own settings (a ModelLab): every name in a scenario's settings is unknown. */
export const NO_OWN_SETTINGS = { owner: "ModelLab", specs: [], values: {} };

/**
 * Every parameter and state of `model` for `scenario`, checked as the notebook's lab
 * loads one: the scenario must be for this model (`lineage` holds the names it answers
 * to), its own settings known to the explorer (`own`: {owner, specs, values}) and inside
 * their bounds (added to `ownStart`, the values they change), every name known and
 * every value inside its hard bounds.
 *
 * @returns {{params: object, y0: object, tSpan: number[], inputs: object, settings: object}}
 */
export function resolveScenario(model, scenario, lineage, own = NO_OWN_SETTINGS, ownStart = own.values) {
  if (scenario.model && !lineage.includes(scenario.model)) {
    throw new BadInputError(`scenario ${describe(scenario.name)} is for ${scenario.model}, not ${model.name}`);
  }
  const settings = resolveOwnSettings(own, scenario.settings ?? {}, ownStart);
  const table = (specs, given, kind, what) => {
    const names = specs.map((s) => s.name);
    for (const name of Object.keys(given)) checkKnownName(name, names, kind, model.name);
    return Object.fromEntries(
      specs.map((s) => {
        const value = Object.hasOwn(given, s.name) ? given[s.name] : s.default;
        return [s.name, checkNumber(value, `${what} '${s.name}'`, s.bounds, pythonFloat)];
      }),
    );
  };
  const inputs = scenario.inputs;
  const paramNames = model.paramSpecs.map((s) => s.name);
  for (const name of Object.keys(inputs)) checkKnownName(name, paramNames, "parameter", model.name);
  return {
    params: table(model.paramSpecs, scenario.params, "parameter", "parameter"),
    y0: table(model.stateSpecs, scenario.y0, "state", "initial state"),
    tSpan: scenario.tSpan ?? [...model.tSpan],
    inputs: { ...inputs },
    settings,
  };
}

export { formatRange };
