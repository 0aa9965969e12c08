// Controls drawn from the model's declarations: a labelled slider and number box per
// quantity, in groups. Plain DOM, no Jupyter: the standalone page uses it as it is.
//
// The rules of the Python ControlPanel (intimacy_dynamics/widgets/controls.py):
//   1. The slider spans the soft range in the declared step. The number box takes any
//      value inside the hard bounds, beyond the slider's range (the slider then rests at
//      its end).
//   2. A typed value that is not a number, or lies outside the hard bounds, is refused
//      with one sentence naming the quantity, the value and the allowed range. No control
//      moves and nothing is lost: the box shows the current value again.
//   3. The label (with the unit) names both inputs for a screen reader; the doc string
//      describes them and is their tooltip. Both inputs work with the keyboard.

import { BadInputError, checkNumber } from "./errors.js";

// ids stay unique when several panels share a page, also when each plot imported its own
// copy of this module (as anywidget does): the count lives on the page
const COUNT = Symbol.for("intimacy_dynamics.control_panels");

/** A number as the controls show it: at most 12 significant digits (0.3, not 0.30000000000000004). */
export function tidy(value) {
  return Number(value.toPrecision(12));
}

/** One quantity's slider and number box. */
class Control {
  constructor(spec, value, id, onInput, onReject) {
    this.spec = spec;
    this.value = value;
    this.element = document.createElement("div");
    this.element.className = "idl-control";
    this.element.dataset.name = spec.name;
    this.element.title = spec.doc; // the tooltip, over the label and both inputs
    const label = element("label", { id: `${id}-label`, htmlFor: `${id}-box` });
    label.textContent = spec.label;
    const doc = element("span", { id: `${id}-doc`, className: "idl-hidden" });
    doc.textContent = spec.doc;
    const [low, high] = spec.soft;
    this.slider = element("input", { type: "range", min: low, max: high, step: spec.step });
    this.box = element("input", { type: "number", id: `${id}-box`, step: spec.step });
    this.box.className = "idl-number";
    this.slider.setAttribute("aria-labelledby", `${id}-label`);
    if (spec.doc) this.box.setAttribute("aria-describedby", `${id}-doc`);
    const [lo, hi] = spec.bounds;
    if (Number.isFinite(lo)) this.box.min = lo;
    if (Number.isFinite(hi)) this.box.max = hi;
    this.element.append(label, this.slider, this.box, doc);
    this.show(value);
    this.slider.addEventListener("input", () => {
      this.value = tidy(Number(this.slider.value));
      this.box.value = String(this.value);
      onInput(spec.name, this.value);
    });
    const commit = () => {
      if (this.box.value === String(this.value)) return; // nothing new (Enter, then blur)
      const typed = this.box.value.trim() === "" ? this.box.value : Number(this.box.value);
      try {
        this.value = checkNumber(typed, spec.what, spec.bounds);
      } catch (error) {
        if (!(error instanceof BadInputError)) throw error;
        this.show(this.value);
        onReject(`${error.message}; the value stays ${this.value}.`);
        return;
      }
      this.show(this.value);
      onInput(spec.name, this.value);
    };
    this.box.addEventListener("change", commit);
    this.box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") commit();
    });
  }

  /** Show `value` in both inputs (the slider clamped to its range). */
  show(value) {
    this.value = value;
    this.box.value = String(value);
    this.slider.value = String(Math.min(Math.max(value, this.spec.soft[0]), this.spec.soft[1]));
  }
}

export class ControlPanel {
  /**
   * @param {HTMLElement} el  where the controls go
   * @param {object[]} specs  one {name, what, label, doc, group, bounds, soft, step} per
   *   control; `what` names the quantity in messages ("parameter 'depth_A'"), `group` is
   *   the heading it is shown under ("Partner A", "Starting point")
   * @param {object} values  {name: value}, one per spec
   * @param {{onInput: (name, value) => void, onReject: (message) => void}} handlers
   */
  constructor(el, specs, values, { onInput, onReject }) {
    globalThis[COUNT] = (globalThis[COUNT] ?? 0) + 1;
    const panel = globalThis[COUNT];
    this.controls = new Map();
    const groups = new Map();
    specs.forEach((spec, k) => {
      const id = `idl-${panel}-${k}`;
      const control = new Control(spec, values[spec.name], id, onInput, onReject);
      this.controls.set(spec.name, control);
      if (!groups.has(spec.group)) {
        const fieldset = element("fieldset", { className: "idl-group" });
        const legend = element("legend");
        legend.textContent = spec.group;
        fieldset.append(legend);
        groups.set(spec.group, fieldset);
      }
      groups.get(spec.group).append(control.element);
    });
    el.append(...groups.values());
    // keys typed into a control are the control's: a notebook must not read them as its
    // shortcuts (Enter would edit the cell, arrows would move between cells)
    el.addEventListener("keydown", (event) => event.stopPropagation());
  }

  /** The current value of every control, by name. */
  values() {
    return Object.fromEntries([...this.controls].map(([name, c]) => [name, c.value]));
  }

  /** Show new values (a programmatic change: no callback); names without a control are skipped. */
  show(values) {
    for (const [name, value] of Object.entries(values)) this.controls.get(name)?.show(value);
  }
}

function element(tag, properties = {}) {
  return Object.assign(document.createElement(tag), properties);
}
