"""The numbers a document states in its prose, outside code.

Fenced code blocks, doctest lines and generated blocks (between ``<!-- ...: begin -->``
and ``<!-- ...: end -->``) are left out: they are run, or checked against the model, by
their own tests. Everything else counts, inline code and maths included. A number is a decimal
(``0.45``, ``-0.23``, ``.5``), a percentage (``17 %``, ``83%``), or a number of days,
weeks or months; a minus sign may be a hyphen or the typographic ``−``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# a number may end a sentence ("rises to 0.9."), but not be part of a version ("3.11.2")
NUMBER = re.compile(r"(?<![\w.])[-−]?(?:\d+\.\d+|\.\d+|\d+(?:\.\d+)?\s?%)(?!\w|\.\d)")
DURATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?=[ -](?:days?|weeks?|months?)\b)|(?<=\bday )\d+\b")


def prose_of(path: Path) -> str:
    """The prose of a markdown file or of a notebook's markdown cells."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text()
    return _without_code(text)


def _without_code(text: str) -> str:
    """Drop fenced code, doctest lines and generated blocks (checked by their own tests)."""
    kept, fenced, generated = [], False, False
    for line in text.splitlines():
        if line.startswith("<!--") and ": begin -->" in line:
            generated = True
        if generated:
            generated = not (line.startswith("<!--") and ": end -->" in line)
            continue
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.lstrip().startswith((">>>", "...")):
            continue
        kept.append(line)
    return "\n".join(kept)


def numbers_in(text: str) -> set[str]:
    """Every number stated in ``text``, normalised (``−`` to ``-``, ``17%`` to ``17 %``).

    Durations count too: ``12 days``, ``3 weeks``, ``day 200`` give ``12``, ``3``, ``200``.
    """
    found = {normalise(m.group()) for m in NUMBER.finditer(text)}
    return found | {m.group() for m in DURATION.finditer(text)}


def normalise(literal: str) -> str:
    literal = literal.replace("−", "-").strip()
    return re.sub(r"\s?%$", " %", literal)


def value_of(literal: str) -> float:
    return float(normalise(literal).removesuffix(" %"))


def decimals_of(literal: str) -> int:
    number = normalise(literal).removesuffix(" %")
    return len(number.split(".")[1]) if "." in number else 0
