// The anywidget front end of LivePlot (intimacy_dynamics/widgets/live_plot.py): the
// traits of the kernel's widget in, the settled values out. Everything else is
// live_plot.js, which knows nothing of Jupyter.
//
// The protocol (trait names as in Python):
//   kernel -> page
//     model_module   the ES module of model.javascript(); "" when the model has no
//                    JavaScript form, and then
//     kernel_run     the kernel's run: {t, series: {name: float64 bytes}, params, y0}
//     figure, controls, note   what to draw and which controls (JSON; an unbounded end
//                    of a range is null)
//     params, y0     every parameter and state by name; a change from the kernel (its
//                    set()) moves the controls and redraws
//     inputs, t_span, n_points, rtol, atol   the other options of simulate()
//     error          the kernel's error when it integrates ("" when none)
//     _plotly        a PlotlyLibrary widget: plotly.js from the plotly wheel, loaded once
//                    per page (window.Plotly when it is already there)
//   page -> kernel
//     params, y0, error   settle_ms after the last change (at once when the kernel
//                    integrates), in one message; error is the page's ("" when none)
//   messages: the kernel's {type: "report"} is answered with {type: "drawn", params, y0,
//     t, series}: the run on the page.

const PLOTLY = Symbol.for("intimacy_dynamics.plotly");
const MODULES = Symbol.for("intimacy_dynamics.modules");

/** Import an ES module from its text (a blob URL, as anywidget imports its own). */
async function importText(text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
  try {
    return await import(/* webpackIgnore: true */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** plotly.js, once per page: window.Plotly, or the library widget's copy of the wheel's file. */
function loadPlotly(model, host) {
  if (globalThis.Plotly?.react) return Promise.resolve(globalThis.Plotly);
  globalThis[PLOTLY] ??= (async () => {
    const id = model.get("_plotly").replace(/^IPY_MODEL_/, "");
    const library = model.widget_manager
      ? await model.widget_manager.get_model(id)
      : await host.getModel(`anywidget:${id}`);
    const source = new TextDecoder().decode(library.get("source"));
    // plotly.min.js is a UMD file: give it a `module` so that it does not look for others
    const wrapped = `const module = { exports: {} };\n${source}\nexport default module.exports;\n`;
    return (await importText(wrapped)).default;
  })().catch((error) => {
    delete globalThis[PLOTLY]; // let the next view try again
    throw error;
  });
  return globalThis[PLOTLY];
}

/** The model's module, imported once per page for each text. */
function loadModel(text) {
  if (!text) return Promise.resolve(null);
  globalThis[MODULES] ??= new Map();
  const modules = globalThis[MODULES];
  if (!modules.has(text)) modules.set(text, importText(text));
  return modules.get(text);
}

function asFloats(view) {
  return new Float64Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

function kernelRun(data) {
  if (!data || !data.t) return null;
  const series = Object.fromEntries(
    Object.entries(data.series).map(([name, view]) => [name, asFloats(view)]),
  );
  return { t: asFloats(data.t), series, params: data.params, y0: data.y0 };
}

/** The widget's traits as the plot's data (what Python's LivePlot.page_data() holds). */
function traits(model) {
  return new Proxy({}, { get: (_, name) => model.get(name) });
}

function sameValues(a, b) {
  return Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => a[k] === b[k]);
}

async function render({ model, el, host }) {
  let plot;
  try {
    const [Plotly, module] = await Promise.all([
      loadPlotly(model, host),
      loadModel(model.get("model_module")),
    ]);
    plot = new LivePlot(el, {
      Plotly,
      model: module,
      ...optionsFromData(traits(model)),
      onSettle: (values, error) => send(model, values, error),
      onChange: (values) => send(model, values, ""),
    });
  } catch (error) {
    const message = Object.assign(document.createElement("div"), {
      className: "idl-error",
      textContent: `The plot could not start: ${error.message}`,
    });
    message.setAttribute("role", "alert");
    el.append(message);
    return undefined;
  }
  plot.showRun(kernelRun(model.get("kernel_run")));
  plot.showError(model.get("error"));
  const fromKernel = () => {
    const params = model.get("params");
    const y0 = model.get("y0");
    if (!sameValues(params, plot.params) || !sameValues(y0, plot.y0)) plot.setValues({ params, y0 });
  };
  const handlers = {
    "change:params": fromKernel,
    "change:y0": fromKernel,
    "change:kernel_run": () => plot.showRun(kernelRun(model.get("kernel_run"))),
    "change:error": () => plot.showError(model.get("error")),
    "msg:custom": (message) => {
      if (message?.type === "report") model.send({ type: "drawn", ...drawnAsLists(plot) });
    },
  };
  for (const name of ["inputs", "t_span", "n_points", "rtol", "atol"]) {
    handlers[`change:${name}`] = () => plot.setRun(runOptionsOf(traits(model)));
  }
  for (const [event, handler] of Object.entries(handlers)) model.on(event, handler);
  return () => {
    for (const [event, handler] of Object.entries(handlers)) model.off(event, handler);
    plot.destroy();
  };
}

function send(model, { params, y0 }, error) {
  model.set("params", params);
  model.set("y0", y0);
  model.set("error", error);
  model.save_changes();
}

function drawnAsLists(plot) {
  const drawn = plot.shown;
  if (!drawn) return { params: null, y0: null, t: [], series: {} };
  const series = Object.fromEntries(plot.figure.names.map((n) => [n, Array.from(drawn.series[n])]));
  return { params: drawn.params, y0: drawn.y0, t: Array.from(drawn.t), series };
}

export default { render };
