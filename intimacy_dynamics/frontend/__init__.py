"""The JavaScript runtime: integrate a generated model in the page, with no kernel.

The hand-written ES modules in this folder are plain JavaScript with no dependencies, no
Jupyter and no network:

``simulate.js``
    ``simulate(model, options)``, the twin of :func:`intimacy_dynamics.simulate`: checks
    its arguments, splits the span at the input signals' breakpoints, integrates, checks
    the states' ranges and evaluates the outputs.
``rk.js``
    One adaptive explicit Runge–Kutta integrator with dense output, for any tableau.
``signals.js``
    The input signals (:class:`~intimacy_dynamics.Pulse`, :class:`~intimacy_dynamics.Schedule`,
    their sums) read from their ``to_dict()`` JSON.
``errors.js``
    ``BadInputError`` and ``IntegrationError``, and the checks that raise them.

The readouts, the twins of the kernel's (with no kernel, the page says the same):

``format.js``
    ``formatFixed``, Python's ``format(x, ".Nf")``, and ``fillTemplate``, which fills the
    templates of :mod:`intimacy_dynamics.analysis.wording` as ``str.format`` does.
``eigen.js``
    ``eigenvalues`` of a real square matrix (balancing, Hessenberg reduction, shifted QR).
``readout.js``
    The verdict rules: ``classify`` (an equilibrium from its eigenvalues),
    ``measureOscillation``, ``runOutcome`` and ``describeOutcome`` (where a run is
    heading, and in words), ``classifyEnding`` and ``describeCouple`` (the couple's
    verdict, from the cut-offs and templates of :mod:`intimacy_dynamics.intimacy.endings`,
    passed in as data).

On top of the runtime, the plot that follows its sliders in the page:

``controls.js``
    ``ControlPanel``: a labelled slider and number box per quantity, with the hard
    bounds, soft range and step of its declaration.
``live_plot.js``
    ``LivePlot``: integrates on every change of a control and draws with
    ``Plotly.react``; kernel-free (everything comes in as data, values leave through
    callbacks).
``widget.js``
    The anywidget front end of :class:`~intimacy_dynamics.widgets.live_plot.LivePlot`:
    its traits in, the settled values out.

The standalone page (:mod:`intimacy_dynamics.standalone` writes it):

``settings.js``
    Settings from users parsed as data: ``parseJson`` (the limits of
    :mod:`intimacy_dynamics.core.jsondata`), ``scenarioFromData`` (the checks of
    :meth:`Scenario.from_dict <intimacy_dynamics.Scenario.from_dict>`), ``settingsFromText``
    (JSON, a link or its fragment) and the link's fragment (``linkFragment``).
``page.js``
    ``StandaloneLab``: the plot with the notebook lab's toolbar (presets, Reset, CSV,
    Copy link), readout and settings box, with no kernel.

The numbers and words the rules use are data, generated from the Python side and never
retyped (:func:`constants_module` prints them): ``tableau.js`` is
:data:`~intimacy_dynamics.ensemble.tableaus.DORMAND_PRINCE`, the tableau of the Python
ensemble integrator (:func:`tableau_module`), and ``outcome_rules.js`` holds the
thresholds of :func:`~intimacy_dynamics.analysis.run_outcome` and
:func:`~intimacy_dynamics.analysis.steady_states.classify` and the templates of
:mod:`~intimacy_dynamics.analysis.wording` (:func:`outcome_rules_module`). A model is a
module of its own, printed by :meth:`Model.javascript() <intimacy_dynamics.Model.javascript>`.

:func:`runtime_module` joins the runtime into one ES module; :func:`readout_module` adds
the readouts, and :func:`live_plot_module` the readouts, the plot and its controls;
:func:`page_module` adds the settings parser and the page (what a standalone page
inlines); :func:`widget_module` is the plot's anywidget front end.
:mod:`intimacy_dynamics.frontend.node` runs them in Node.js (for tests and benchmarks,
with no browser).

Examples
--------
>>> source = runtime_module()
>>> "export function simulate(model, options = {})" in source
True
>>> print(tableau_module().splitlines()[1])
export const DORMAND_PRINCE = {
>>> print(outcome_rules_module().splitlines()[2])
  settledSpeed: 0.02,
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources

from intimacy_dynamics import __version__
from intimacy_dynamics.analysis import outcomes, steady_states, wording
from intimacy_dynamics.core.jscode import javascript_literal
from intimacy_dynamics.ensemble.tableaus import DORMAND_PRINCE, ButcherTableau

__all__ = [
    "LIVE_PLOT_FILES",
    "PAGE_FILES",
    "READOUT_FILES",
    "RUNTIME_FILES",
    "constants_module",
    "live_plot_module",
    "outcome_rules",
    "outcome_rules_module",
    "page_css",
    "page_module",
    "readout_module",
    "runtime_module",
    "settings_module",
    "tableau_module",
    "widget_css",
    "widget_module",
]

RUNTIME_FILES = ("errors.js", "rk.js", "signals.js", "simulate.js")
"""The hand-written modules, each after those it imports; ``simulate.js`` is the entry."""
READOUT_FILES = ("format.js", "eigen.js", "readout.js")
"""The readouts, on top of the runtime; ``readout.js`` is the entry."""
LIVE_PLOT_FILES = ("controls.js", "live_plot.js")
"""The plot and its controls, on top of the runtime."""
PAGE_FILES = ("settings.js", "page.js")
"""The standalone page: settings parsed as data, and the lab around the plot."""

_RELATIVE_IMPORT = re.compile(r'^import \{[^}]*\} from "\./[\w.]+\.js";\n', re.MULTILINE)
_EXPORT = re.compile(r"^export (?=(?:async )?(?:function|class|const|let) )", re.MULTILINE)


def constants_module(name: str, fields: Mapping, source: str) -> str:
    """An ES module exporting ``fields`` as the object literal ``name``, one field a line.

    ``source`` names where the values come from, for the header. Numbers are printed with
    ``repr`` (which round-trips exactly), strings as JSON: nothing is typed by hand.

    Examples
    --------
    >>> print(constants_module("LIMITS", {"low": 0.15, "words": ["a"]}, "a test"))
    // LIMITS, generated by intimacy_dynamics ... from a test.
    export const LIMITS = {
      low: 0.15,
      words: ["a"],
    };
    <BLANKLINE>
    """
    body = "".join(f"  {key}: {javascript_literal(value)},\n" for key, value in fields.items())
    return (
        f"// {name}, generated by intimacy_dynamics {__version__} from {source}.\n"
        f"export const {name} = {{\n{body}}};\n"
    )


def tableau_module(tableau: ButcherTableau = DORMAND_PRINCE, name: str = "DORMAND_PRINCE") -> str:
    """The ES module ``tableau.js``: ``tableau`` as a JavaScript object literal."""
    fields = {
        "name": tableau.name,
        "c": tableau.c.tolist(),
        "a": tableau.a.tolist(),
        "b": tableau.b.tolist(),
        "e": tableau.e.tolist(),
        "p": tableau.p.tolist(),
        "order": tableau.order,
        "errorOrder": tableau.error_order,
    }
    return constants_module(
        name, fields, f"the Python tableau {tableau.name} (intimacy_dynamics.ensemble.tableaus)"
    )


def outcome_rules() -> dict:
    """The numbers and words of the kernel's readout of any run, as data for JavaScript.

    The thresholds of :func:`~intimacy_dynamics.analysis.run_outcome`, the tolerance and
    the names of :func:`~intimacy_dynamics.analysis.steady_states.classify`, and the
    templates of :mod:`~intimacy_dynamics.analysis.wording`.
    """
    return {
        "settledSpeed": outcomes.SETTLED_SPEED,
        "cycleSearch": outcomes.CYCLE_SEARCH,
        "swing": outcomes.SWING,
        "cycleCrossings": outcomes.CYCLE_CROSSINGS,
        "neutralTolerance": steady_states.NEUTRAL_TOLERANCE,
        "equilibriumKinds": steady_states.EQUILIBRIUM_KINDS,
        "templates": wording.OUTCOME_TEMPLATES,
        "finalValue": wording.FINAL_VALUE,
        "finalJoin": wording.FINAL_JOIN,
        "finalShown": wording.FINAL_SHOWN,
    }


def outcome_rules_module() -> str:
    """The ES module ``outcome_rules.js``: ``OUTCOME_RULES``, :func:`outcome_rules` printed."""
    return constants_module(
        "OUTCOME_RULES", outcome_rules(), "intimacy_dynamics.analysis (outcomes, wording)"
    )


#: The generated modules, by the file name the hand-written ones import them as.
GENERATED = {"tableau.js": tableau_module, "outcome_rules.js": outcome_rules_module}


def _read(filename: str) -> str:
    return resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")


def _joined(files: tuple[str, ...], exported: set[str], what: str) -> str:
    """The generated modules ``files`` import, then ``files``, as one ES module.

    The files' imports of one another are dropped; only ``exported`` files keep their
    ``export`` keywords.
    """
    texts = {filename: _read(filename) for filename in files}
    parts = [
        _EXPORT.sub("", generate())
        for generated, generate in GENERATED.items()
        if any(f'from "./{generated}"' in text for text in texts.values())
    ]
    for filename, text in texts.items():
        text = _RELATIVE_IMPORT.sub("", text)
        parts.append(text if filename in exported else _EXPORT.sub("", text))
    header = f"// The intimacy_dynamics {__version__} {what}, as one ES module.\n"
    return header + "\n".join(parts)


def runtime_module() -> str:
    """The runtime as one ES module: the tableau, then each file of :data:`RUNTIME_FILES`.

    Only ``simulate.js`` keeps its ``export`` keywords, so the module exports
    ``simulate``, ``signalFromDict``, ``BadInputError``, ``IntegrationError`` and
    ``DORMAND_PRINCE``.
    """
    return _joined(RUNTIME_FILES, {"simulate.js"}, "JavaScript runtime")


def readout_module() -> str:
    """The runtime and the readouts (:data:`READOUT_FILES`) as one ES module.

    It exports what :func:`runtime_module` does, and what ``readout.js`` does:
    ``runOutcome``, ``describeOutcome``, ``classifyEnding``, ``describeCouple``,
    ``classify``, ``measureOscillation``, ``eigenvalues``, ``formatFixed``,
    ``fillTemplate`` and ``OUTCOME_RULES``.

    Examples
    --------
    >>> "export function describeOutcome(" in readout_module()
    True
    """
    files = RUNTIME_FILES + READOUT_FILES
    return _joined(files, {"simulate.js", "readout.js"}, "JavaScript runtime and readouts")


def live_plot_module() -> str:
    """The runtime, the readouts, the controls and the plot as one ES module.

    It exports what :func:`readout_module`
    does, and ``LivePlot`` and ``steadyRange``.

    Examples
    --------
    >>> "export class LivePlot" in live_plot_module()
    True
    """
    files = RUNTIME_FILES + READOUT_FILES + LIVE_PLOT_FILES
    return _joined(files, {"simulate.js", "readout.js", "live_plot.js"}, "in-browser plot")


def settings_module() -> str:
    """The runtime and ``settings.js`` as one ES module (the settings parser, for tests).

    It exports what :func:`runtime_module` does, and ``parseJson``, ``scenarioFromData``,
    ``settingsFromText``, ``resolveScenario``, ``compactSettings``, ``linkFragment`` and
    ``settingsJson``.
    """
    files = (*RUNTIME_FILES, "settings.js")
    return _joined(files, {"simulate.js", "settings.js"}, "JavaScript settings parser")


def page_module() -> str:
    """Everything a standalone page runs, as one ES module.

    That is :func:`live_plot_module`, the settings parser and the page (``settings.js``,
    ``page.js``).

    Examples
    --------
    >>> "export function startNextLab()" in page_module()
    True
    """
    files = RUNTIME_FILES + READOUT_FILES + LIVE_PLOT_FILES + PAGE_FILES
    exported = {"simulate.js", "readout.js", "live_plot.js", "settings.js", "page.js"}
    return _joined(files, exported, "standalone lab")


def page_css() -> str:
    """The stylesheet of the standalone page: the plot's, then the page's own."""
    return _read("live_plot.css") + _read("page.css")


def widget_module() -> str:
    """The anywidget front end of ``LivePlot``: the plot and ``widget.js``, one ES module."""
    files = RUNTIME_FILES + LIVE_PLOT_FILES + ("widget.js",)
    return _joined(files, {"widget.js"}, "in-browser plot for Jupyter")


def widget_css() -> str:
    """The stylesheet of the plot and its controls."""
    return _read("live_plot.css")
