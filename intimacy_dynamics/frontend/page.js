// A lab with no kernel: the page that intimacy_dynamics.standalone writes.
//
// Everything the page shows arrives as data, generated in Python from the declarations
// the notebook lab uses (standalone/page.py writes it): the LivePlot's figure, controls
// and values (exactly what the LivePlot widget sends), the model's module, the presets,
// the lab's starting scenario and the rules of its readout. The page then does what the
// notebook lab does, in the same words:
//   1. The plot follows its controls (live_plot.js); settleMs after the last change the
//      readout is written (readout.js: describeOutcome, or describeCouple for the
//      intimacy lab) and the link is updated.
//   2. A preset, Reset, the settings box and a link all load a scenario the same way, all
//      or nothing (settings.js parses it as data, then checks names and bounds, then the
//      run must succeed): a refused one is said in the readout and nothing moves.
//   3. The link keeps the settings in its fragment (history.replaceState, never a reload);
//      opening the link restores exactly that run. A bad fragment is said in the readout
//      and the page stays on its starting settings.
//   4. "Export CSV" downloads the run on the page, in the columns of Explorer.to_csv.
//   5. A link or the settings box may carry the explorer's own settings (a noise
//      intensity, a seed: Scenario's "settings"). The page checks them against the
//      declarations it was given (data.own), keeps them, writes them back into its link
//      and settings box unchanged, and says in one line what it leaves out: it cannot run
//      them (they are computed in the kernel).
//   6. The first plot comes before plotly.js: the page integrates the run and draws it as
//      SVG (first_frame.js), marks "idl-first-frame" (performance.mark) once it is on
//      screen, writes the readout, and only then starts plotly.js (4.8 MB: seconds on a
//      slow machine), which replaces the picture when it has run (marked
//      "idl-plotly-ready"). Until then the controls
//      work and the picture follows them; plotly draws the latest values.
// Nothing here writes user text as HTML: every text goes in through textContent.

import { BadInputError, simulate } from "./simulate.js";
import { formatG } from "./errors.js";
import { describeCouple, describeOutcome } from "./readout.js";
import { LivePlot, optionsFromData } from "./live_plot.js";
import {
  changedOwnSettings,
  linkFragment,
  NO_OWN_SETTINGS,
  resolveScenario,
  scenarioFromData,
  settingsFromText,
  settingsJson,
} from "./settings.js";

const PLOTLY = Symbol.for("intimacy_dynamics.plotly");

const PLOTLY_TEXT = "script.idl-plotly-source"; // plotly.min.js, inert, in an exported page
export const FIRST_FRAME_MARK = "idl-first-frame";
export const PLOTLY_MARK = "idl-plotly-ready"; // plotly.js has run: window.Plotly is there

/**
 * plotly.js, loaded once per page: window.Plotly; or the classic script at `src` (a
 * shared copy), or the text the page holds inert, run as a script from a blob URL (the
 * browser compiles it off the main thread). Either way asynchronously: it never holds up
 * the page.
 */
export function loadPlotly(src) {
  if (globalThis.Plotly?.react) return Promise.resolve(globalThis.Plotly);
  globalThis[PLOTLY] ??= parsed().then(() => runPlotly(src));
  return globalThis[PLOTLY];
}

/** Resolves once the whole page has been read (the lab's script may run before). */
function parsed() {
  if (document.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
}

function runPlotly(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    const inert = src ? null : document.querySelector(PLOTLY_TEXT);
    if (!src && !inert) throw new Error("plotly.js is not on the page");
    script.src = src ?? URL.createObjectURL(new Blob([inert.textContent], { type: "text/javascript" }));
    script.async = true;
    const done = () => {
      if (!src) URL.revokeObjectURL(script.src);
    };
    script.onload = () => {
      done();
      performance.mark(PLOTLY_MARK);
      if (globalThis.Plotly?.react) resolve(globalThis.Plotly);
      else reject(new Error("plotly.js ran but did not define Plotly"));
    };
    script.onerror = () => {
      done();
      delete globalThis[PLOTLY];
      reject(new Error(`plotly.js could not be loaded${src ? ` from ${src}` : ""}`));
    };
    document.head.append(script);
  });
}

/** Call `action` once the next frame has been painted. */
function afterPaint(action) {
  requestAnimationFrame(() => setTimeout(action, 0));
}

/** Import an ES module from its text (a blob URL: works from file:// too). */
async function importText(text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
  try {
    return await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

function node(tag, properties = {}, ...children) {
  const made = Object.assign(document.createElement(tag), properties);
  made.append(...children);
  return made;
}

/** `markup` (a readout template's text: words and <b>...</b> only) as DOM nodes. */
function markupNodes(markup) {
  let bold = false;
  const nodes = [];
  for (const part of markup.split(/(<b>|<\/b>)/)) {
    if (part === "<b>" || part === "</b>") bold = part === "<b>";
    else if (part) nodes.push(bold ? node("b", { textContent: part }) : document.createTextNode(part));
  }
  return nodes;
}

/** A number as Python's format(x, ".10g") writes it (the CSV of Explorer.to_csv). */
export function formatG10(value) {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa, power] = value.toExponential(9).split("e");
  const exponent = Number(power);
  const strip = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);
  if (exponent < -4 || exponent >= 10) {
    const sign = exponent < 0 ? "-" : "+";
    return `${strip(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return strip(value.toFixed(9 - exponent));
}

export class StandaloneLab {
  /**
   * @param {HTMLElement} root  where the lab goes
   * @param {object} data  what standalone/page.py writes: {title, plot (the LivePlot's
   *   data: the values the page starts with), readout, presets, base (the scenario Reset
   *   returns to), lineage, own (the explorer's own settings: {owner, specs, values,
   *   leavesOut}), csvName, notice, link, plotlySrc}
   * @param {object | null} Plotly  plotly.js, or null: the lab then draws its first frame
   *   as SVG and loads plotly.js after it (loadPlotly)
   * @param {object} model  the model's module
   */
  constructor(root, data, Plotly, model) {
    this.data = data;
    this.model = model;
    this.lineage = data.lineage;
    this.own = data.own ?? NO_OWN_SETTINGS;
    this.base = scenarioFromData(data.base, "the lab's starting settings");
    this.build(root);
    const start = this.startingValues();
    const options = optionsFromData(data.plot); // exactly what the notebook's widget sends
    this.plot = new LivePlot(this.plotHost, {
      ...options,
      Plotly,
      model,
      params: start.params,
      y0: start.y0,
      run: { ...options.run, inputs: start.inputs, tSpan: start.tSpan },
      onSettle: () => this.settled(),
      onFirstDraw: () => afterPaint(() => this.firstDrawn()),
    });
    this.root.lab = this; // for tests: the lab's state
  }

  /** The first plot is on screen: mark it, write the readout, then start plotly.js. */
  firstDrawn() {
    performance.mark(FIRST_FRAME_MARK);
    if (!this.linkError) this.describe();
    if (this.plot.Plotly) return;
    loadPlotly(this.data.plotlySrc).then(
      (Plotly) => this.plot.usePlotly(Plotly),
      (error) => {
        const message = node("div", { className: "idl-error", textContent: `The plot could not start: ${error.message}` });
        message.setAttribute("role", "alert");
        this.root.append(message);
      },
    );
  }

  build(root) {
    const data = this.data;
    this.root = root;
    root.classList.add("idl-standalone");
    const toolbar = node("div", { className: "idl-toolbar" });
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Lab actions");
    if (data.presets.length) {
      this.presetPicker = node("select", { className: "idl-preset" });
      this.presetPicker.append(node("option", { value: "", textContent: "(choose a preset)" }));
      data.presets.forEach(([label], k) => {
        this.presetPicker.append(node("option", { value: String(k), textContent: label }));
      });
      this.presetPicker.addEventListener("change", () => this.pickPreset());
      toolbar.append(node("label", { className: "idl-field" }, "Preset ", this.presetPicker));
    }
    const button = (text, title, action) => {
      const b = node("button", { type: "button", textContent: text, title });
      b.addEventListener("click", action);
      toolbar.append(b);
      return b;
    };
    this.resetButton = button("Reset", "Back to the starting settings", () => this.reset());
    this.csvButton = button("Export CSV", "Download the run on the page as CSV", () => this.exportCsv());
    if (data.link) {
      this.linkButton = button("Copy link", "Copy a link that opens these settings", () => this.copyLink());
    }
    this.status = node("span", { className: "idl-status" });
    this.status.setAttribute("role", "status");
    toolbar.append(this.status);
    this.readout = node("div", { className: "id-readout idl-readout" });
    this.readout.setAttribute("aria-live", "polite");
    this.notice = node("p", { className: "idl-note", textContent: data.notice ?? "" });
    this.notice.hidden = !data.notice;
    this.ownNote = node("p", { className: "idl-note idl-own-note" });
    this.ownNote.hidden = true;
    this.plotHost = node("div", { className: "idl-plot-host" });
    root.append(toolbar, this.readout, this.notice, this.ownNote, this.plotHost, this.settingsPanel());
  }

  settingsPanel() {
    const id = `idl-settings-${document.querySelectorAll(".idl-settings").length + 1}`;
    this.settingsBox = node("textarea", { id, className: "idl-settings-box", rows: 8 });
    this.settingsBox.title = "The settings as scenario JSON, or a link to the page";
    const show = node("button", { type: "button", textContent: "Show my settings" });
    show.title = "Write the settings as JSON";
    show.addEventListener("click", () => (this.settingsBox.value = settingsJson(this.scenario())));
    const load = node("button", { type: "button", textContent: "Load these settings" });
    load.title = "Apply the JSON (or the link) above";
    load.addEventListener("click", () => this.load(this.settingsBox.value, "Could not load these settings"));
    const label = node("label", { htmlFor: id, textContent: "Settings" });
    const buttons = node("div", { className: "idl-buttons" }, show, load);
    const body = node("div", { className: "idl-settings-body" }, label, this.settingsBox, buttons);
    return node(
      "details",
      { className: "idl-settings" },
      node("summary", { textContent: "Copy or load settings (JSON)" }),
      body,
    );
  }

  /** The starting values: the link's settings when it carries good ones, else the lab's
   * as it stood when it was exported. */
  startingValues() {
    const { params, y0, inputs, t_span: tSpan } = this.data.plot;
    const exported = { params, y0, inputs, tSpan, settings: { ...this.own.values } };
    const fragment = this.data.link ? location.hash.slice(1) : "";
    let values = exported;
    if (fragment) {
      try {
        values = this.checked(settingsFromText(fragment), this.ownDefaults());
      } catch (error) {
        if (!(error instanceof BadInputError) && error.name !== "IntegrationError") throw error;
        this.showError("Could not load the settings in the link", error);
        this.linkError = error.message;
      }
    }
    this.keepOwn(values.settings);
    return values;
  }

  /** The declared defaults of the explorer's own (numeric) settings: what a link starts from. */
  ownDefaults() {
    return Object.fromEntries(
      this.own.specs.filter((s) => typeof s.default === "number").map((s) => [s.name, s.default]),
    );
  }

  /** Keep the explorer's own settings, and say in one line what the page leaves out of them. */
  keepOwn(settings) {
    this.ownValues = settings;
    const changed = changedOwnSettings(this.own, settings);
    const labels = Object.fromEntries(this.own.specs.map((s) => [s.name, s.label]));
    const listed = Object.entries(changed).map(([name, value]) => `${labels[name]} = ${formatG(value)}`);
    this.ownNote.hidden = !listed.length;
    this.ownNote.textContent = listed.length
      ? `These settings also hold ${listed.join(", ")}: ${this.own.leavesOut}. ` +
        "Copy link and the settings box keep them."
      : "";
  }

  /**
   * Every value of `scenario` checked, and its run computed: all or nothing. The
   * explorer's own settings it carries are added to `ownStart` (by default the page's
   * current ones, as the notebook's load keeps the settings a scenario does not name).
   */
  checked(scenario, ownStart = this.ownValues) {
    const values = resolveScenario(this.model, scenario, this.lineage, this.own, ownStart);
    const { n_points: nPoints, rtol, atol } = this.data.plot;
    const { settings, ...run } = values; // the page cannot run the explorer's own settings
    simulate(this.model, { ...run, nPoints, rtol, atol });
    return values;
  }

  /** Apply a scenario (its text, or a parsed one); a refused one changes nothing. */
  load(source, failure, ownStart = this.ownValues) {
    let values;
    try {
      const scenario = typeof source === "string" ? settingsFromText(source) : source;
      values = this.checked(scenario, ownStart);
    } catch (error) {
      if (!(error instanceof BadInputError) && error.name !== "IntegrationError") throw error;
      this.showError(failure, error);
      return false;
    }
    Object.assign(this.plot.run, { inputs: values.inputs, tSpan: values.tSpan });
    this.keepOwn(values.settings);
    this.plot.setValues({ params: values.params, y0: values.y0 });
    this.settled();
    return true;
  }

  /** Back to the starting scenario: its own settings on their declared defaults (Explorer.reset). */
  reset() {
    this.load(this.base, "Cannot reset", this.ownDefaults());
  }

  pickPreset() {
    const k = this.presetPicker.value;
    if (k === "") return;
    const [, data] = this.data.presets[Number(k)];
    try {
      this.load(scenarioFromData(data, "the preset"), "Cannot load");
    } catch (error) {
      this.showError("Cannot load", error);
    }
  }

  /** The settled values: the readout and the link follow them. */
  settled() {
    this.describe();
    this.updateLink();
  }

  /** The current settings as a scenario: only what differs from the model's defaults. */
  scenario(name = "my_settings") {
    const differing = (specs, values) =>
      Object.fromEntries(specs.filter((s) => values[s.name] !== s.default).map((s) => [s.name, values[s.name]]));
    return {
      name,
      title: "",
      description: "",
      model: this.model.name,
      params: differing(this.model.paramSpecs, this.plot.params),
      y0: differing(this.model.stateSpecs, this.plot.y0),
      tSpan: [...this.plot.run.tSpan],
      inputs: { ...this.plot.run.inputs },
      phenomena: [],
      settings: changedOwnSettings(this.own, this.ownValues),
    };
  }

  /** The run on the page, simulated again for the readout and the CSV. */
  currentRun() {
    const { params, y0 } = this.plot;
    return simulate(this.model, { params, y0, ...this.plot.run });
  }

  describe() {
    let text;
    try {
      const run = this.currentRun();
      const rules = this.data.readout;
      text = rules.couple
        ? describeCouple(this.model, run, rules.couple)
        : describeOutcome(this.model, run, rules.watched);
    } catch (error) {
      if (!(error instanceof BadInputError) && error.name !== "IntegrationError") throw error;
      this.showError("Cannot simulate these settings", error);
      return;
    }
    this.readout.replaceChildren(...markupNodes(text));
  }

  /** Say in the readout why something could not be done (as the notebook's show_error). */
  showError(title, error) {
    const message = node("span", { className: "idl-refusal" });
    message.append(node("b", { textContent: `${title}:` }), ` ${error.message}`);
    this.readout.replaceChildren(message);
  }

  /** The fragment of the current settings ("" when they are the model's defaults and the lab's). */
  fragment() {
    const now = this.scenario();
    const atDefaults = (s) =>
      ![s.params, s.y0, s.inputs, s.settings].some((table) => Object.keys(table).length);
    const span = this.model.tSpan;
    const sameSpan = now.tSpan[0] === span[0] && now.tSpan[1] === span[1];
    const base = this.base;
    const baseAtDefaults = atDefaults(base) && (!base.tSpan || (base.tSpan[0] === span[0] && base.tSpan[1] === span[1]));
    if (atDefaults(now) && sameSpan && baseAtDefaults) return "";
    return linkFragment(now, span);
  }

  updateLink() {
    if (!this.data.link) return;
    const fragment = this.fragment();
    const url = location.href.split("#")[0] + (fragment ? `#${fragment}` : "");
    if (url !== location.href) history.replaceState(null, "", url);
  }

  async copyLink() {
    this.updateLink();
    const link = location.href;
    try {
      await navigator.clipboard.writeText(link);
      this.status.textContent = "Link copied.";
    } catch {
      this.settingsBox.value = link;
      this.settingsBox.closest("details").open = true;
      this.settingsBox.select();
      this.status.textContent = "The link is in the settings box: copy it from there.";
    }
  }

  /** The run on the page as CSV: time, then every state and output (Explorer.to_csv). */
  csv() {
    const run = this.currentRun();
    const columns = [run.t, ...run.y, ...run.outputs];
    const header = ["t", ...run.stateNames, ...run.outputNames].join(",");
    const rows = Array.from(run.t, (_, k) => columns.map((c) => formatG10(c[k])).join(","));
    return `${header}\n${rows.join("\n")}\n`;
  }

  exportCsv() {
    let text;
    try {
      text = this.csv();
    } catch (error) {
      if (!(error instanceof BadInputError) && error.name !== "IntegrationError") throw error;
      this.showError("Cannot export", error);
      return;
    }
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    const link = node("a", { href: url, download: this.data.csvName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.status.textContent = `Downloaded ${this.data.csvName}.`;
  }
}

/** Start the lab described by `data` in `root`: the model first, plotly.js after the first frame. */
export async function startLab(root, data) {
  try {
    const model = await importText(data.plot.model_module);
    const Plotly = globalThis.Plotly?.react ? globalThis.Plotly : null;
    return new StandaloneLab(root, data, Plotly, model);
  } catch (error) {
    const message = node("div", { className: "idl-error", textContent: `The lab could not start: ${error.message}` });
    message.setAttribute("role", "alert");
    root.append(message);
    throw error;
  }
}

/** Start the first lab of the page not yet started (each lab's script starts one, in order). */
export function startNextLab() {
  const root = document.querySelector(".idl-standalone-lab:not([data-started])");
  root.dataset.started = "true";
  const data = JSON.parse(root.querySelector("script.idl-data").textContent);
  return startLab(root, data);
}
