// The plot's first frame, drawn as SVG while plotly.js is still loading.
//
// plotly.min.js takes longer to start than the page takes to integrate the run, so the
// standalone page draws the run itself first, in the box plotly will fill, and plotly
// replaces the drawing once it has started. The frame is a plain picture of the same
// figure: the same panels, titles, axes (plotly's own tick rule), lines (colours, widths
// and dashes) and legend, from the real values of the run. It has no hover, zoom or
// modebar: those come with plotly.
//   1. frameScene(figure, layout, width, t, series) lays the picture out as data: a tree
//      of {tag, attrs, text, children} in pixels, with no DOM (node tests read it).
//   2. renderScene(scene) makes the SVG elements; every text goes in through textContent.
// Only what the lab's figures use is drawn: linear axes, paper-anchored annotations, a
// title, a horizontal or vertical legend, scatter lines.

const SVG = "http://www.w3.org/2000/svg";
const FONT = '"Open Sans", verdana, arial, sans-serif'; // plotly's default family
const PLOTLY_MARGIN = { l: 80, r: 80, t: 100, b: 80 }; // plotly's defaults
const PLOTLY_HEIGHT = 450;
const COLORWAY = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"];
const LEGEND_LINE = 40; // the sample line of a legend item, then its text
const CHAR_WIDTH = 0.5; // a character's width in font sizes (a legend item's estimate)
const LEGEND_PAD = 5; // px between the legend's anchor and its items
const TITLE_SCALE = 1.4; // plotly's title font, in the figure's font sizes
const AXIS_TITLE_SCALE = 1.2; // and an axis title's

/** The step between ticks as plotly picks it: 1, 2 or 5 times a power of ten. */
export function tickStep(span, lengthPx, letter) {
  const minPx = letter === "y" ? 40 : 80;
  const count = Math.min(Math.max(lengthPx / minPx, 4), 9) + 1;
  const rough = Math.abs(span) / count;
  const base = 10 ** Math.floor(Math.log10(rough));
  const scaled = rough / base;
  const factor = [2, 5, 10].find((f) => f >= scaled) ?? 10;
  return factor * base;
}

/** The tick values inside [low, high] (plotly's: multiples of the step from 0). */
export function tickValues([low, high], lengthPx, letter) {
  const step = tickStep(high - low, lengthPx, letter);
  const values = [];
  for (let k = Math.ceil(low / step - 1e-9); k * step <= high + step * 1e-9; k++) {
    values.push(k * step);
  }
  return { step, values };
}

/** plotly's SI prefixes of an exponent (a multiple of 3 from -15 to 12). */
const SI_PREFIXES = ["f", "p", "n", "\u03bc", "m", "", "k", "M", "G", "T"];

/**
 * The exponent plotly writes a linear axis's ticks with (exponentformat "B"): none while
 * the range's largest magnitude has at most 3 digits each side of the point, else the
 * multiple of 3 nearest below it (10k, 2.5M, 500μ); none beyond SI (plotly writes powers).
 */
export function tickExponent([low, high]) {
  const digits = Math.floor(Math.log10(Math.max(Math.abs(low), Math.abs(high))) + 0.01);
  if (!(Math.abs(digits) > 3) || digits > 14 || digits < -15) return 0;
  return 3 * Math.round((digits - 1) / 3);
}

/**
 * A tick's label as plotly writes it (its numFormat, exponentformat "B"): rounded to the
 * step, no trailing zeros, its minus sign, no "-0", and from 10^4 on (or below 10^-3) the
 * range's SI exponent: "10k", "2.5M", "500μ", "1B" for 10^9.
 */
export function tickLabel(value, step, range = [value, value]) {
  if (Math.abs(value / step) < 1e-6) return "0";
  const exponent = tickExponent(range);
  const decimals = 2 - Math.floor(Math.log10(step) + 0.01) + exponent;
  const magnitude = Math.abs(value) * 10 ** -exponent;
  let text;
  if (decimals === 0) text = String(Math.round(magnitude));
  else if (decimals < 0) text = String(Math.round(magnitude / 10 ** -decimals) * 10 ** -decimals);
  else text = magnitude.toFixed(Math.min(20, decimals)).replace(/\.?0+$/, "");
  if (exponent) text += exponent === 9 ? "B" : SI_PREFIXES[exponent / 3 + 5];
  return text === "0" ? "0" : value < 0 ? `\u2212${text}` : text;
}

/** plotly's dash pattern of a line of `width` px ("" for solid). */
export function dashArray(dash = "solid", width = 2) {
  const w = Math.max(width, 3);
  const patterns = {
    solid: [],
    dot: [w, w],
    dash: [3 * w, 3 * w],
    longdash: [5 * w, 5 * w],
    dashdot: [3 * w, w, w, w],
    longdashdot: [5 * w, 2 * w, w, 2 * w],
  };
  return (patterns[dash] ?? []).join(",");
}

/** The figure's box and plot area in px: plotly's rules for a figure `width` px wide. */
export function frameGeometry(layout, width) {
  const height = layout.height ?? PLOTLY_HEIGHT;
  const margin = { ...PLOTLY_MARGIN, ...layout.margin };
  const area = { l: margin.l, t: margin.t, w: width - margin.l - margin.r, h: height - margin.t - margin.b };
  return { width, height, area };
}

/** An axis in px: where it starts, how long it is, and the map from data to px. */
function axisOf(layout, area, key) {
  const axis = layout[key] ?? {};
  const [d0, d1] = axis.domain ?? [0, 1];
  const [r0, r1] = axis.range;
  if (key.startsWith("x")) {
    const start = area.l + d0 * area.w;
    const length = (d1 - d0) * area.w;
    return { axis, start, length, letter: "x", px: (v) => start + ((v - r0) / (r1 - r0)) * length };
  }
  const bottom = area.t + (1 - d0) * area.h;
  const length = (d1 - d0) * area.h;
  return { axis, start: bottom - length, length, letter: "y", px: (v) => bottom - ((v - r0) / (r1 - r0)) * length };
}

const round = (v) => Math.round(v * 100) / 100;

function text(content, attrs) {
  return { tag: "text", attrs, text: content };
}

/** A panel's grid, tick labels and axis titles. */
function panelAxes(layout, x, y, font, ticks) {
  const nodes = [];
  const color = layout.template?.layout?.xaxis?.gridcolor ?? "#eee";
  const top = y.start;
  const bottom = y.start + y.length;
  const left = x.start;
  const right = x.start + x.length;
  for (const a of [x, y]) {
    const { step, values } = tickValues(a.axis.range, a.length, a.letter);
    ticks[a.key] = values;
    const showLabels = a.axis.showticklabels !== false;
    for (const v of values) {
      const p = round(a.px(v));
      const zero = Math.abs(v) < step * 1e-9;
      const line = a.letter === "x" ? { x1: p, x2: p, y1: top, y2: bottom } : { x1: left, x2: right, y1: p, y2: p };
      nodes.push({ tag: "line", attrs: { ...line, stroke: color, "stroke-width": zero ? 2 : 1 } });
      if (!showLabels) continue;
      const label = tickLabel(v, step, a.axis.range);
      nodes.push(
        a.letter === "x"
          ? text(label, { x: p, y: round(bottom + font.size + 3), "text-anchor": "middle" })
          : text(label, { x: left - 3, y: round(p + font.size / 3), "text-anchor": "end" }),
      );
    }
  }
  const titleSize = Math.round(font.size * AXIS_TITLE_SCALE);
  const xTitle = x.axis.title?.text;
  if (xTitle) {
    const at = { x: round(left + x.length / 2), y: round(bottom + 2 * font.size + 18) };
    nodes.push(text(xTitle, { ...at, "text-anchor": "middle", "font-size": titleSize }));
  }
  const yTitle = y.axis.title?.text;
  if (yTitle) {
    const cx = round(left - 3 * font.size);
    const cy = round(top + y.length / 2);
    const turned = { transform: `rotate(-90 ${cx} ${cy})`, "font-size": titleSize };
    nodes.push(text(yTitle, { x: cx, y: cy, "text-anchor": "middle", ...turned }));
  }
  return nodes;
}

/** A trace's line as an SVG path through its points. */
function tracePath(trace, color, x, y, t, values) {
  const points = Array.from(t, (tk, k) => `${round(x.px(tk))},${round(y.px(values[k]))}`);
  const width = trace.line?.width ?? 2;
  const attrs = { d: `M${points.join("L")}`, fill: "none", stroke: color, "stroke-width": width };
  const dash = dashArray(trace.line?.dash, width);
  if (dash) attrs["stroke-dasharray"] = dash;
  attrs["stroke-linejoin"] = "round";
  return { tag: "path", attrs, trace: trace.name };
}

/** Text placed at paper coordinates (an annotation: a subplot's title). */
function annotation(note, area, font) {
  const size = note.font?.size ?? font.size;
  const px = area.l + (note.x ?? 0.5) * area.w;
  const py = area.t + (1 - (note.y ?? 0.5)) * area.h;
  const anchor = { left: "start", right: "end" }[note.xanchor] ?? "middle";
  const baseline = { bottom: py - size / 3, top: py + size, middle: py + size / 3 }[note.yanchor] ?? py + size / 3;
  return text(note.text ?? "", { x: round(px), y: round(baseline), "text-anchor": anchor, "font-size": size });
}

/** The legend: one item (sample line, name) per trace that shows in it. */
function legend(layout, traces, colors, geometry, font) {
  const entries = traces.map((trace, i) => [trace, colors[i]]).filter(([trace]) => trace.showlegend !== false);
  if (layout.showlegend === false || (entries.length < 2 && layout.showlegend !== true)) return [];
  const spec = layout.legend ?? {};
  const { area } = geometry;
  const widths = entries.map(([trace]) => LEGEND_LINE + trace.name.length * font.size * CHAR_WIDTH);
  const rowHeight = font.size + 6;
  const horizontal = spec.orientation === "h";
  const boxWidth = horizontal ? widths.reduce((a, b) => a + b, 0) : Math.max(...widths);
  const boxHeight = horizontal ? rowHeight : rowHeight * entries.length;
  let left = area.l + (spec.x ?? 1.02) * area.w;
  if (spec.xanchor === "right") left -= boxWidth + 2 * LEGEND_PAD;
  else if (spec.xanchor === "center") left -= boxWidth / 2;
  else left += LEGEND_PAD;
  let top = area.t + (1 - (spec.y ?? 1)) * area.h;
  if (spec.yanchor === "bottom") top -= boxHeight + LEGEND_PAD;
  else if (spec.yanchor === "middle") top -= boxHeight / 2;
  else top += LEGEND_PAD;
  const nodes = [];
  let offset = 0;
  entries.forEach(([trace, color], k) => {
    const x0 = horizontal ? left + offset : left;
    const mid = round((horizontal ? top : top + k * rowHeight) + rowHeight / 2);
    const width = trace.line?.width ?? 2;
    const line = { x1: round(x0 + 5), x2: round(x0 + LEGEND_LINE - 5), y1: mid, y2: mid };
    const attrs = { ...line, stroke: color, "stroke-width": width };
    const dash = dashArray(trace.line?.dash, width);
    if (dash) attrs["stroke-dasharray"] = dash;
    nodes.push({ tag: "line", attrs });
    nodes.push(text(trace.name, { x: round(x0 + LEGEND_LINE), y: round(mid + font.size / 3) }));
    offset += widths[k];
  });
  return nodes;
}

/**
 * The first frame of `figure` for the run {t, series} as a tree of SVG nodes.
 *
 * @param {object} figure  {traces, names, panels} as LivePlot has it
 * @param {object} layout  the layout plotly would get (the axes' ranges set)
 * @param {number} width  the width of the plot's box in px
 * @param {ArrayLike<number>} t  the output times
 * @param {object} series  {name: values} of every plotted state or output
 * @returns {object} {tag: "svg", attrs, children, ticks: {axis key: tick values}}
 */
export function frameScene(figure, layout, width, t, series) {
  const geometry = frameGeometry(layout, width);
  const { height, area } = geometry;
  const template = layout.template?.layout ?? {};
  const font = { size: layout.font?.size ?? 12, color: template.font?.color ?? "#444" };
  const colorway = template.colorway ?? COLORWAY;
  const colors = figure.traces.map((trace, i) => trace.line?.color ?? colorway[i % colorway.length]);
  const ticks = {};
  const children = [{ tag: "rect", attrs: { width, height, fill: template.paper_bgcolor ?? "#fff" } }];
  for (const panel of figure.panels) {
    const x = { ...axisOf(layout, area, panel.x), key: panel.x };
    const y = { ...axisOf(layout, area, panel.y), key: panel.y };
    const box = { x: round(x.start), y: round(y.start), width: round(x.length), height: round(y.length) };
    children.push({ tag: "rect", attrs: { ...box, fill: template.plot_bgcolor ?? "#fff" } });
    children.push(...panelAxes(layout, x, y, font, ticks));
  }
  figure.traces.forEach((trace, i) => {
    const key = (letter, ref) => `${letter}axis${(ref ?? letter).slice(1)}`;
    const x = axisOf(layout, area, key("x", trace.xaxis));
    const y = axisOf(layout, area, key("y", trace.yaxis));
    children.push(tracePath(trace, colors[i], x, y, t, series[figure.names[i]]));
  });
  for (const note of layout.annotations ?? []) children.push(annotation(note, area, font));
  const title = layout.title?.text;
  if (title) {
    const size = layout.title.font?.size ?? Math.round(font.size * TITLE_SCALE);
    const x = (layout.title.x ?? 0.5) * width;
    const anchor = { left: "start", right: "end" }[layout.title.xanchor] ?? "middle";
    const y = round(area.t / 2); // plotly: the baseline in the middle of the top margin
    children.push(text(title, { x: round(x), y, "text-anchor": anchor, "font-size": size }));
  }
  children.push(...legend(layout, figure.traces, colors, geometry, font));
  const attrs = {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": title || "plot",
    "font-family": FONT,
    "font-size": font.size,
    fill: font.color,
  };
  return { tag: "svg", attrs, children, ticks };
}

/** The SVG element of a scene node (and its children); text only through textContent. */
export function renderScene(scene) {
  const element = document.createElementNS(SVG, scene.tag);
  for (const [name, value] of Object.entries(scene.attrs ?? {})) element.setAttribute(name, String(value));
  if (scene.text !== undefined) element.textContent = scene.text;
  for (const child of scene.children ?? []) element.append(renderScene(child));
  return element;
}
