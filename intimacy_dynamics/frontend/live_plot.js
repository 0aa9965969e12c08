// A trajectory plot that follows its controls in the page: integrate, then Plotly.react.
//
// Kernel-free: the figure, the controls and the values arrive as data, and the values
// leave through callbacks, so the anywidget front end (widget.js) and a standalone page
// use it alike. On every change of a control:
//   1. The control checks the value (controls.js) and a redraw is requested: at once,
//      or at the next animation frame when one was drawn within half a frame, so that a
//      burst of requests coalesces to one redraw per frame, of the latest values.
//   2. The model is integrated in the page with simulate(). A model with no JavaScript
//      form has no module here: the values go at once to onChange (the kernel integrates)
//      and its run comes back through showRun().
//   3. Every plotted value must be finite. The axes keep steady ranges (the rule of
//      Python's axis_range), and Plotly.react draws every trace from its name. The layout
//      asks for a transition of no duration: Plotly.react then redraws the lines (and any
//      axis whose range moved) instead of the whole figure, which is what lets six panels
//      follow a dragged slider.
//   4. settleMs after the last change, onSettle receives the values and the error.
// A failure is said in one sentence above the last good plot, which is greyed out: never
// a blank plot, never a NaN.

import { IntegrationError, formatNumber } from "./errors.js";
import { simulate } from "./simulate.js";
import { ControlPanel } from "./controls.js";

/**
 * An axis range that stays put: the declared span, widened in half-span steps when the
 * data leave it, plus a 4% margin. The twin of Python's axis_range (widgets/lab.py).
 *
 * @param {number[] | null} span  [low, high] declared for the panel, or null
 * @param {ArrayLike<number>[]} series  the panel's data
 */
export function steadyRange(span, series, pad = 0.04) {
  let min = Infinity;
  let max = -Infinity;
  for (const values of series) {
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  let [low, high] = span ?? [min, Math.max(max, min + 1)];
  const step = (high - low) / 2;
  if (min < low) low -= step * Math.ceil((low - min) / step);
  if (max > high) high += step * Math.ceil((max - high) / step);
  const margin = pad * (high - low);
  return [low - margin, high + margin];
}

/** The run's values by name: states, then outputs. */
function seriesOf(run) {
  const series = {};
  run.stateNames.forEach((name, i) => (series[name] = run.y[i]));
  run.outputNames.forEach((name, j) => (series[name] = run.outputs[j]));
  return series;
}

/** An IntegrationError if a plotted value is not finite (a run must never draw NaN). */
function checkFinite(t, series, names) {
  for (const name of names) {
    const k = series[name].findIndex((v) => !Number.isFinite(v));
    if (k >= 0) {
      throw new IntegrationError(
        `'${name}' is ${series[name][k]} at t = ${formatNumber(t[k])}: the run cannot be drawn`,
        t[k],
      );
    }
  }
}

const HALF_FRAME_MS = 1000 / 120;

/** The options of simulate() in the plot's data (snake_case, as Python names them). */
export function runOptionsOf(data) {
  const { inputs, t_span: tSpan, n_points: nPoints, rtol, atol } = data;
  return { inputs, tSpan, nPoints, rtol, atol };
}

/**
 * The LivePlot options (but Plotly, model and the callbacks) for the plot's data as the
 * kernel sends it: the traits of the LivePlot widget, which Python's
 * LivePlot.page_data() also gives a standalone page. A null end of a range is unbounded.
 */
export function optionsFromData(data) {
  const unbounded = ([lo, hi]) => [lo ?? -Infinity, hi ?? Infinity];
  return {
    figure: data.figure,
    controls: data.controls.map((spec) => ({ ...spec, bounds: unbounded(spec.bounds) })),
    params: data.params,
    y0: data.y0,
    run: runOptionsOf(data),
    note: data.note,
    settleMs: data.settle_ms,
  };
}

export class LivePlot {
  /**
   * @param {HTMLElement} el
   * @param {object} options
   *   Plotly    plotly.js
   *   model     the module of model.javascript(), or null when the model has none
   *   figure    {layout, config, traces, names, panels}: plotly traces without data,
   *             the state or output each one draws, and per panel {x, y, names, span}
   *             (its axes' layout keys, its names, its declared y span or null)
   *   controls  the control specs (see ControlPanel)
   *   params, y0  {name: value}: every parameter and state
   *   run       {inputs, tSpan, nPoints, rtol, atol}: the other options of simulate()
   *   note      one line shown above the plot ("" for none)
   *   settleMs  how long after the last change the values count as settled
   *   onSettle(values, error), onChange(values)  values is {params, y0}
   */
  constructor(el, options) {
    this.Plotly = options.Plotly;
    this.model = options.model;
    this.figure = options.figure;
    this.params = { ...options.params };
    this.y0 = { ...options.y0 };
    this.run = { ...options.run };
    this.settleMs = options.settleMs ?? 150;
    this.onSettle = options.onSettle ?? (() => {});
    this.onChange = options.onChange ?? (() => {});
    this.layout = { ...structuredClone(this.figure.layout), transition: { duration: 0 } };
    this.error = "";
    this.drawn = null; // the run given to plotly last: {params, y0, t, series}
    this.shown = null; // the run on the page (plotly has finished drawing it)
    this.frame = 0;
    this.lastRedraw = -Infinity;
    this.settleTimer = 0;
    this.kernelRun = null;
    this.build(el, options);
  }

  build(el, options) {
    this.root = document.createElement("div");
    this.root.className = "idl-live-plot";
    this.root.liveplot = this; // for tests and the benchmark: what is drawn, and when
    this.noteLine = document.createElement("p");
    this.noteLine.className = "idl-note";
    this.noteLine.textContent = options.note ?? "";
    this.noteLine.hidden = !options.note;
    this.message = document.createElement("div");
    this.message.className = "idl-error";
    this.message.setAttribute("role", "alert");
    this.message.hidden = true;
    this.graph = document.createElement("div");
    this.graph.className = "idl-graph";
    const controls = document.createElement("div");
    controls.className = "idl-controls";
    this.panel = new ControlPanel(controls, options.controls, { ...this.params, ...this.y0 }, {
      onInput: (name, value) => this.userChange(name, value),
      onReject: (message) => this.say(message),
    });
    // side by side when the page is wide enough (the controls scroll beside the plot),
    // the controls below the plot otherwise
    const body = document.createElement("div");
    body.className = "idl-body";
    body.style.setProperty("--idl-plot-height", `${this.layout.height ?? 450}px`);
    body.append(this.graph, controls);
    this.root.append(this.noteLine, this.message, body);
    el.append(this.root);
    // plotly needs the plot's width: draw once the plot is on the page, follow resizes
    this.resizer = new ResizeObserver(() => {
      if (!this.graph.clientWidth) return;
      if (this.drawn) this.Plotly.Plots.resize(this.graph);
      else this.request();
    });
    this.resizer.observe(this.graph);
  }

  /** Stop observing and drop the plot (the view is being removed). */
  destroy() {
    this.resizer.disconnect();
    cancelAnimationFrame(this.frame);
    clearTimeout(this.settleTimer);
    this.Plotly.purge(this.graph);
  }

  /** The values the controls describe: {params, y0}. */
  values() {
    return { params: { ...this.params }, y0: { ...this.y0 } };
  }

  userChange(name, value) {
    if (name in this.params) this.params[name] = value;
    else this.y0[name] = value;
    this.say("");
    if (!this.model) {
      this.onChange(this.values()); // the kernel integrates; its run comes back
      return;
    }
    this.request();
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.onSettle(this.values(), this.error), this.settleMs);
  }

  /** New values from outside (the kernel's set): shown and drawn, not sent back. */
  setValues({ params = {}, y0 = {} }) {
    Object.assign(this.params, params);
    Object.assign(this.y0, y0);
    this.panel.show({ ...params, ...y0 });
    if (this.model) this.request();
  }

  /** New options of the run (inputs, tSpan, nPoints, rtol, atol). */
  setRun(run) {
    Object.assign(this.run, run);
    if (this.model) this.request();
  }

  /**
   * Redraw now, unless a redraw happened within half a frame: then at the next animation
   * frame, with the values current then. A key press draws at once; the input events of
   * a drag (one per frame) each draw at once; a burst of events draws once per frame.
   */
  request() {
    if (this.frame) return;
    if (performance.now() - this.lastRedraw > HALF_FRAME_MS) {
      this.redraw();
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.redraw();
    });
  }

  redraw() {
    if (!this.graph.clientWidth) return; // not on the page yet: the resize observer calls back
    this.lastRedraw = performance.now();
    if (!this.model) {
      const run = this.kernelRun;
      if (run) this.draw(run.t, run.series, { params: run.params, y0: run.y0 });
      return;
    }
    let run;
    try {
      run = simulate(this.model, { params: this.params, y0: this.y0, ...this.run });
      const series = seriesOf(run);
      checkFinite(run.t, series, this.figure.names);
      this.error = "";
      this.draw(run.t, series, this.values());
    } catch (error) {
      if (!(error.name === "BadInputError" || error.name === "IntegrationError")) throw error;
      this.error = error.message;
      this.fail(`Cannot simulate these settings: ${error.message}`);
    }
  }

  /** Draw a run computed elsewhere (the kernel's): {t, series: {name: values}, params, y0}. */
  showRun(run) {
    this.kernelRun = run;
    this.redraw();
  }

  /** Show an error from elsewhere (the kernel's), over the last good plot. */
  showError(message) {
    if (message) this.fail(`Cannot simulate these settings: ${message}`);
  }

  /** Draw the run {t, series} of `values` ({params, y0}). */
  draw(t, series, values) {
    const { figure, Plotly } = this;
    const traces = figure.traces.map((trace, i) => ({ ...trace, x: t, y: series[figure.names[i]] }));
    this.keepRanges(t, series);
    const first = !this.drawn;
    this.drawn = { ...values, t, series };
    if (!first) {
      Plotly.react(this.graph, traces, this.layout, figure.config);
    } else {
      Plotly.newPlot(this.graph, traces, this.layout, figure.config);
      const shown = () => (this.shown = this.drawn);
      this.graph.on("plotly_afterplot", shown); // a whole redraw
      this.graph.on("plotly_transitioned", shown); // a redraw of the lines
      shown();
    }
    this.graph.classList.remove("idl-stale");
    this.say(this.error);
  }

  /** A new layout object only when a range changes (Plotly.react then redraws the axes). */
  keepRanges(t, series) {
    const changes = {};
    for (const panel of this.figure.panels) {
      const wanted = {
        [panel.x]: [t[0], t[t.length - 1]],
        [panel.y]: steadyRange(panel.span, panel.names.map((n) => series[n])),
      };
      for (const [axis, range] of Object.entries(wanted)) {
        const shown = this.layout[axis].range;
        if (!shown || shown[0] !== range[0] || shown[1] !== range[1]) changes[axis] = range;
      }
    }
    if (Object.keys(changes).length) {
      this.layout = { ...this.layout };
      for (const [axis, range] of Object.entries(changes)) {
        this.layout[axis] = { ...this.layout[axis], range };
      }
    }
  }

  fail(message) {
    this.say(message);
    this.graph.classList.add("idl-stale");
  }

  say(message) {
    this.message.textContent = message;
    this.message.hidden = !message;
  }
}
