"""The readouts' sentences as data: templates with named fields, for Python and JavaScript.

A readout is a template filled with the numbers of a run. The templates are
``str.format`` strings with two kinds of field only, so that their JavaScript twin
(``fillTemplate`` in ``frontend/format.js``) fills them exactly as Python does:

``{name}``
    text: a label, a kind of equilibrium, a unit, another filled template;
``{name:.Nf}``
    a number with ``N`` decimals (Python's fixed-point format, ties to even).

No other format, no conversion such as ``!r``, no literal braces: :func:`template_fields`
checks a template. :func:`outcome_text` words a :class:`~.outcomes.RunOutcome` with
the templates here; :mod:`intimacy_dynamics.intimacy.endings` words the couple's verdict
the same way. :func:`intimacy_dynamics.frontend.outcome_rules_module` exports these
templates to JavaScript as data, so the page with no kernel says the same sentences.

Examples
--------
>>> fill("{label} {value:.2f}", label="Trust (A)", value=0.125)
'Trust (A) 0.12'
"""

from __future__ import annotations

import re
import string

__all__ = [
    "FINAL_JOIN",
    "FINAL_SHOWN",
    "FINAL_VALUE",
    "OUTCOME_TEMPLATES",
    "fill",
    "outcome_text",
    "template_fields",
]

#: Where a run is heading, by the kind of its :class:`~.outcomes.RunOutcome`.
OUTCOME_TEMPLATES = {
    "settled": "<b>Settled</b> at a steady state ({equilibrium}): {final}.",
    "oscillating": (
        "<b>Oscillating</b>: {label} swings between {minimum:.2f} and {maximum:.2f}, "
        "one cycle every {period:.1f} {time_units}."
    ),
    "moving": "<b>Still changing</b> at the end of the run: {final}.",
}
#: One watched quantity at the end of the run, for the ``{final}`` field ...
FINAL_VALUE = "{label} {value:.2f}"
#: ... joined by this, for the first few watched quantities.
FINAL_JOIN = ", "
FINAL_SHOWN = 4

_NUMBER_FORMAT = re.compile(r"\.\d+f")


def template_fields(template: str) -> dict[str, str]:
    """The fields of ``template`` and their formats (``""`` for text, ``".2f"``, ...).

    Raises ``ValueError`` for anything the JavaScript twin does not fill: literal braces,
    a conversion, a nested or positional field, or another format.

    Examples
    --------
    >>> template_fields(OUTCOME_TEMPLATES["oscillating"])["period"]
    '.1f'
    >>> template_fields("{value:.3g}")
    Traceback (most recent call last):
    ...
    ValueError: field 'value' of '{value:.3g}' has the format '.3g'; only '' or '.Nf' are filled
    """
    fields = {}
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if "{" in literal or "}" in literal:
            raise ValueError(f"{template!r} has a literal brace")
        if name is None:
            continue
        if not (name.isidentifier() and name.isascii()) or conversion is not None:
            raise ValueError(f"{template!r}: a field is a plain ASCII name, not {name!r}")
        if spec and not _NUMBER_FORMAT.fullmatch(spec):
            raise ValueError(
                f"field {name!r} of {template!r} has the format {spec!r}; only '' or '.Nf' "
                "are filled"
            )
        fields[name] = spec
    return fields


def fill(template: str, **fields) -> str:
    """``template`` with its fields filled (``str.format``; extra fields are ignored)."""
    return template.format(**fields)


def outcome_text(model, outcome) -> str:
    """Where a run is heading, in words: the template of ``outcome.kind``, filled.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel, simulate
    >>> from intimacy_dynamics.analysis.outcomes import run_outcome
    >>> model = IntimacyModel()
    >>> print(outcome_text(model, run_outcome(model, simulate(model), ["intimacy_A"])))
    <b>Settled</b> at a steady state (stable focus): Intimacy (A) 0.67.
    """
    shown = list(outcome.final.items())[:FINAL_SHOWN]
    final = FINAL_JOIN.join(
        fill(FINAL_VALUE, label=model.spec(name).display_label, value=value)
        for name, value in shown
    )
    fields = {"final": final, "equilibrium": outcome.equilibrium}
    if outcome.kind == "oscillating":
        cycle = outcome.cycle
        fields |= {
            "label": model.spec(outcome.swinging).display_label,
            "minimum": cycle.minimum,
            "maximum": cycle.maximum,
            "period": cycle.period,
            "time_units": model.time_units,
        }
    return fill(OUTCOME_TEMPLATES[outcome.kind], **fields)
