"""What can be exported: a lab, an explorer with live panels, or a model; found by name.

:func:`lab_for` turns what :func:`~intimacy_dynamics.standalone.export_html` is given
into the lab whose page is written; :func:`lab_named` builds one from the name the
``intimacy-lab export --lab`` option takes (:func:`lab_names` lists them).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from intimacy_dynamics import classic
from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.validation import check_known_name, describe
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.widgets import (
    BifurcationExplorer,
    CuesExplorer,
    DisclosureLoopExplorer,
    IntimacyLab,
    ModelLab,
    TrustSpiralExplorer,
)
from intimacy_dynamics.widgets.explorer import Explorer

__all__ = ["LESSON_EXPLORERS", "lab_for", "lab_named", "lab_names"]

#: The lessons' trajectory explorers (those that draw time series in the page), by the
#: name ``--lab`` takes.
LESSON_EXPLORERS: dict[str, Callable[[], Explorer]] = {
    "disclosure_loop": DisclosureLoopExplorer,
    "cues": CuesExplorer,
    "trust_spiral": TrustSpiralExplorer,
    "bifurcation": BifurcationExplorer,
}


def classic_models() -> dict[str, Callable[[], Model]]:
    """The shipped classic models, by factory name.

    Every factory of :mod:`intimacy_dynamics.classic` that builds a :class:`Model` with
    no arguments.
    """
    found = {}
    for name in classic.__all__:
        factory = getattr(classic, name)
        if not inspect.isfunction(factory):
            continue
        signature = inspect.signature(factory)
        required = [
            p for p in signature.parameters.values() if p.default is inspect.Parameter.empty
        ]
        if signature.return_annotation in ("Model", Model) and not required:
            found[name] = factory
    return found


def lab_names() -> list[str]:
    """Every name :func:`lab_named` knows.

    ``intimacy``, the classic models, the lessons' trajectory explorers.

    Examples
    --------
    >>> names = lab_names()
    >>> names[0], "rinaldi_linear" in names, "trust_spiral" in names
    ('intimacy', True, True)
    """
    return ["intimacy", *classic_models(), *LESSON_EXPLORERS]


def lab_named(name: str) -> Explorer:
    """The lab ``--lab name`` exports.

    The :class:`IntimacyLab`, a classic model's :class:`ModelLab`, or a lesson's
    trajectory explorer as the lesson starts it.

    Raises
    ------
    BadInputError
        For a name it does not know, with the known ones.
    """
    check_known_name(name, lab_names(), "lab", "intimacy-lab export", BadInputError)
    if name == "intimacy":
        return IntimacyLab()
    factories = classic_models()
    if name in factories:
        return ModelLab(factories[name]())
    return LESSON_EXPLORERS[name]()


def lab_for(target) -> Explorer:
    """The lab whose page is written for ``target``.

    A lab or an explorer with live panels as it is, a :class:`Model` in a
    :class:`ModelLab`.

    Raises
    ------
    BadInputError
        If ``target`` is none of these, or draws no time series in the page.
    """
    if isinstance(target, Model):
        target = ModelLab(target)
    if not isinstance(target, Explorer):
        raise BadInputError(
            "a standalone page is written for an IntimacyLab, a ModelLab, an explorer with "
            f"live panels or a Model, not {describe(target)}"
        )
    if target.plot is None:
        raise BadInputError(
            f"{type(target).__name__} draws no time series in the page (it has no live "
            "panels): only a lab or an explorer with live panels can be a standalone page"
        )
    if not target.plot.uses_javascript:
        raise BadInputError(
            f"{target.model.name} has no JavaScript form ({target.plot.note}): a page with "
            "no kernel cannot integrate it"
        )
    return target
