"""The standalone page: one HTML file, or a fragment of one, that runs a lab with no kernel.

Everything on the page is data generated from the lab (:func:`page_data`): the
``LivePlot``'s own :meth:`~intimacy_dynamics.widgets.LivePlot.page_data` (figure,
controls with labels, units, tooltips, bounds, soft ranges and steps, the model's
module, the values and the options of the run), the presets and starting scenario, and
the rules of the readout. The page's code is :func:`~intimacy_dynamics.frontend.page_module`,
inlined as one module script. plotly.js is never waited for: the page integrates the
run and draws it as SVG first, then starts plotly.js, which replaces the picture. An
exported page holds plotly.min.js from the plotly wheel inert (a ``text/plain`` script
at the end of the page, run from a blob URL after the first frame); a site's labs load
one shared copy from a relative URL, asynchronously. Nothing is fetched from a network:
module text is inlined (Chrome refuses module scripts by ``src`` from ``file://``), the
model's module is imported from a blob URL.
"""

from __future__ import annotations

import html
import json
import math
import re
from importlib import resources
from pathlib import Path

from intimacy_dynamics.core.validation import describe
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.frontend import page_css, page_module
from intimacy_dynamics.simulation.scenario import model_lineage
from intimacy_dynamics.standalone.targets import lab_for

__all__ = [
    "MAX_PAGE_BYTES",
    "embed_html",
    "export_html",
    "own_settings_data",
    "page_data",
    "page_html",
]

MAX_PAGE_BYTES = 6_000_000
"""The largest page :func:`export_html` may write (issue 14: at most 6 MB)."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# a script's text ends at "</script" and "<!--" changes how it is read: neither may occur
_UNSAFE_IN_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)


def plotly_source() -> str:
    """plotly.min.js from the plotly wheel."""
    path = resources.files("plotly") / "package_data" / "plotly.min.js"
    return path.read_text(encoding="utf-8")


def check_plotly_src(src: object) -> str:
    """``src`` if it is a relative URL (``_static/plotly.min.js``); else a BadInputError.

    A page makes no network request, so plotly.js comes from beside it: a URL with a
    scheme (``https:``) or a host (``//cdn...``) is refused.

    Examples
    --------
    >>> check_plotly_src("_static/plotly.min.js")
    '_static/plotly.min.js'
    >>> check_plotly_src("https://cdn.plot.ly/plotly.min.js")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: plotly = 'https://cdn.plot.ly/plotly.min.js' must ...
    """
    if not isinstance(src, str) or not src.strip() or _SCHEME.match(src) or src.startswith("//"):
        raise BadInputError(
            f"plotly = {describe(src)} must be 'inline' or a relative URL such as "
            "'_static/plotly.min.js' (the page loads nothing from another host)"
        )
    if any(c in src for c in "\"'<>\\") or any(ord(c) < 32 for c in src):
        raise BadInputError(f"plotly = {describe(src)} has characters a URL path cannot hold")
    return src


def _notice(lab) -> str:
    """What the notebook shows that the page does not, in one sentence ("" for nothing)."""
    missing = []
    if lab.figures:
        missing.append("the " + " and ".join(f"{name} view" for name in lab.figures))
    if lab.own_controls.controls:
        missing.append("its own settings (" + ", ".join(lab.own_controls.controls) + ")")
    if not missing:
        return ""
    return (
        "The notebook version also shows "
        + " and ".join(missing)
        + "; this page shows the time series, with no Python behind it."
    )


#: What the page says when a lab's own settings differ from their defaults, unless the
#: lab says it itself (its ``page_leaves_out``).
LEAVES_OUT = "they take effect in the notebook only; this page shows the run without them"


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _own_spec(name: str, spec) -> dict:
    """One declaration of an explorer's own settings, as the page checks a link's value."""
    label = getattr(spec, "label_with_unit", "") or name
    if hasattr(spec, "options"):  # a Choice: a scenario can only hold its numeric options
        return {
            "name": name,
            "label": label,
            "default": spec.default if _is_number(spec.default) else None,
            "options": [o for o in spec.options if _is_number(o)],
            "shown": ", ".join(_shown_option(o) for o in spec.options),
        }
    return {
        "name": name,
        "label": label,
        "default": spec.default,
        "bounds": [b if math.isfinite(b) else None for b in spec.bounds],
        "step": spec.step,
        "integer": spec.integer,
    }


def _shown_option(option) -> str:
    return f"{option:g}" if isinstance(option, float) else str(option)


def own_settings_data(lab) -> dict:
    """An explorer's own settings as data for the page, from their declarations.

    ``owner`` names the explorer in messages, ``specs`` holds each declaration (name,
    label, default, bounds, step, integer; a choice's numeric options), ``values`` the
    lab's current numeric values, and ``leavesOut`` what the page says it leaves out
    when they differ from their defaults. The page checks a link's ``settings`` with
    them as :meth:`Explorer.load <intimacy_dynamics.widgets.Explorer.load>` does, keeps
    them, and writes them back into its links and its settings box.

    Examples
    --------
    >>> from intimacy_dynamics.widgets import IntimacyLab
    >>> own = own_settings_data(IntimacyLab(n_points=51))
    >>> own["owner"], [s["name"] for s in own["specs"]], own["specs"][1]["bounds"]
    ('IntimacyLab', ['noise', 'seed'], [0.0, 1000000.0])
    """
    specs = [_own_spec(name, spec) for name, spec in lab.own_settings.items()]
    values = {s["name"]: lab.current.own[s["name"]] for s in specs}
    return {
        "owner": type(lab).__name__,
        "specs": specs,
        "values": {name: value for name, value in values.items() if _is_number(value)},
        "leavesOut": getattr(lab, "page_leaves_out", LEAVES_OUT),
    }


def page_data(target, *, plotly_src: str | None = None, link: bool = True) -> dict:
    """Everything a standalone page of ``target`` shows, as JSON data.

    Parameters
    ----------
    target : Explorer or Model
        An ``IntimacyLab``, a ``ModelLab``, an explorer with live panels, or a
        ``Model`` (which gets a ``ModelLab``).
    plotly_src : str, optional
        A relative URL of plotly.min.js (None: the page holds plotly.js itself).
    link : bool
        Whether the lab keeps its settings in the page's URL (one lab per page).

    Examples
    --------
    >>> from intimacy_dynamics.classic import rinaldi_linear
    >>> data = page_data(rinaldi_linear())
    >>> data["readout"]["watched"], data["base"]["model"], data["csvName"]
    (['x1', 'x2'], 'RinaldiLinear', 'RinaldiLinear_run.csv')
    """
    lab = lab_for(target)
    model = lab.model
    readout = lab.readout_rules() if hasattr(lab, "readout_rules") else None
    return {
        "title": lab.plot.figure["layout"].get("title", {}).get("text") or model.name,
        "plot": lab.plot.page_data(),
        "readout": readout or {"watched": list(lab.plot.figure["names"]), "couple": None},
        "presets": [[label, scenario.to_dict()] for label, scenario in lab.presets.items()],
        "base": lab.starting_scenario().to_dict(),
        "lineage": model_lineage(model),
        "own": own_settings_data(lab),
        "csvName": f"{model.name}_run.csv",
        "notice": _notice(lab),
        "link": link,
        "plotlySrc": None if plotly_src is None else check_plotly_src(plotly_src),
    }


def _json_for_script(data: dict) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element (no ``<``, ``>``, ``&``)."""
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script_text(text: str, what: str) -> str:
    if _UNSAFE_IN_SCRIPT.search(text):
        raise BadInputError(f"{what} holds '</script' or '<!--' and cannot be inlined")
    return text


def _lab_html(data: dict, *, with_style: bool) -> str:
    module = _script_text(page_module(), "the page's module")
    style = f"<style>\n{page_css()}</style>\n" if with_style else ""
    return (
        '<div class="idl-standalone-lab">\n'
        f"{style}"
        f'<script type="application/json" class="idl-data">{_json_for_script(data)}</script>\n'
        f'<script type="module" async>\n{module}\nstartNextLab();\n</script>\n'
        "</div>\n"
    )


def embed_html(target, *, plotly_src: str) -> str:
    """A lab to place in another page: a ``<div>`` with its style, data and scripts.

    Several may share a page: each starts the first lab of the page not yet started (no
    ids to clash), and plotly.js is loaded once, from ``plotly_src`` (a relative URL such
    as ``_static/plotly.min.js``), as a classic script. An embedded lab does not write
    its settings into the page's URL (a page may hold several).

    Examples
    --------
    >>> from intimacy_dynamics.classic import rinaldi_linear
    >>> fragment = embed_html(rinaldi_linear(), plotly_src="_static/plotly.min.js")
    >>> fragment.startswith('<div class="idl-standalone-lab">'), "cdn" in fragment
    (True, False)
    """
    return _lab_html(page_data(target, plotly_src=plotly_src, link=False), with_style=True)


def page_html(target, *, plotly: str = "inline") -> str:
    """The text of a standalone page of ``target`` (what :func:`export_html` writes).

    Parameters
    ----------
    target : Explorer or Model
        As for :func:`page_data`.
    plotly : str
        ``"inline"``: the page holds plotly.min.js from the plotly wheel (one file,
        about 5 MB); or a relative URL of one shared copy.
    """
    inline = plotly == "inline"
    data = page_data(target, plotly_src=None if inline else plotly)
    title = data["title"]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(title)}</title>\n"
        f"<style>\n{page_css()}body {{ margin: 12px 20px; }}\n</style>\n"
        "</head>\n<body>\n<main>\n"
        f'<h1 class="idl-title">{_escape(title)}</h1>\n'
        f"{_lab_html(data, with_style=False)}"
        "</main>\n"
        f"{inert_plotly() if inline else ''}"
        "</body>\n</html>\n"
    )


def inert_plotly(source: str | None = None) -> str:
    """plotly.min.js (``source``, else the wheel's) in a script element the browser does not run.

    The page runs it later, from a blob URL (``page.js``: ``loadPlotly``). The text is
    held as it is: an HTML parser reads a script element's text raw (no character
    references) until ``</script``, and ``<!--`` changes that rule, so a text holding
    either is refused rather than escaped (no escape keeps JavaScript's meaning
    everywhere).

    Examples
    --------
    >>> inert_plotly("var Plotly = {};").split(">")[0]
    '<script type="text/plain" class="idl-plotly-source"'
    >>> inert_plotly("s = '</script>';")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: plotly.min.js holds '</script' or '<!--' and ...
    """
    text = _script_text(plotly_source() if source is None else source, "plotly.min.js")
    return f'<script type="text/plain" class="idl-plotly-source">{text}</script>\n'


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def export_html(model_or_lab, path, *, plotly: str = "inline") -> Path:
    """Write a standalone page of ``model_or_lab`` to ``path``; return the path.

    The page runs the lab with no server and no network: open it from disk, or put it
    on any static host.

    Parameters
    ----------
    model_or_lab : Explorer or Model
        An ``IntimacyLab``, a ``ModelLab``, an explorer with live panels, or a ``Model``
        (which gets a ``ModelLab``).
    path : str or Path
        Where to write the page (``lab.html``).
    plotly : str
        ``"inline"`` (the default: one self-contained file) or a relative URL of
        plotly.min.js beside the page.

    Raises
    ------
    BadInputError
        For something that cannot be a page, or a ``plotly`` that is not a relative URL.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from intimacy_dynamics.classic import rinaldi_linear
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> written = export_html(rinaldi_linear(), folder / "lab.html")
    >>> written.name, written.stat().st_size < MAX_PAGE_BYTES
    ('lab.html', True)
    """
    text = page_html(model_or_lab, plotly=plotly)
    size = len(text.encode("utf-8"))
    if size > MAX_PAGE_BYTES:  # pragma: no cover - a guard for models far larger than ours
        raise BadInputError(f"the page would take {size:,} bytes, more than {MAX_PAGE_BYTES:,}")
    path = Path(path)
    path.write_text(text, encoding="utf-8")
    return path
