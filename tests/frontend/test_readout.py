"""The page's readouts say what the kernel's labs say, word for word, for the same run.

For every shipped model, the 20 admissible random settings of
``test_javascript_against_python`` are run once, by Python's ``simulate``; the same run
goes to both readouts, so only the verdict code is compared:

* ``describe_outcome`` (the ModelLab's readout, watching every state) against
  ``describeOutcome``;
* for the intimacy model, ``IntimacyLab.summarize`` (the lab's own method) against
  ``describeCouple``, also on every preset of the lab (the catalog's scenarios, which
  between them reach every ending and every kind of outcome).

Knife edges. Both sides compute the same numbers in a different order (numpy's pairwise
sums, LAPACK's eigenvalues, libm's exp), so a number may differ in its last bits. A run
whose verdict sits within ``NOISE`` (relative) of a boundary could then be worded
differently with both sides right: its settling speed at ``SETTLED_SPEED``, a scaled
eigenvalue part at the tolerance of ``classify``, the couple's intimacy at a cut-off, or
a printed number (the period, the couple's intimacy) half-way between two roundings.
Which runs sit there is decided from Python's numbers alone; their numbers are compared
within tolerance instead of their words, and the test requires that they are rare (at
most ``KNIFE_EDGES`` per model). Every other run must agree word for word. The extremes
and final values are the run's own numbers on both sides, so they are never near an
edge.
"""

import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

from intimacy_dynamics import BadInputError
from intimacy_dynamics.analysis import outcomes, steady_states, wording
from intimacy_dynamics.analysis.outcomes import run_outcome
from intimacy_dynamics.frontend import outcome_rules, readout_module
from intimacy_dynamics.frontend.node import readouts_in_node
from intimacy_dynamics.intimacy import catalog, endings, phenomena
from intimacy_dynamics.intimacy.endings import classify_ending, ending_of, ending_rules
from intimacy_dynamics.widgets.intimacy_lab import IntimacyLab
from intimacy_dynamics.widgets.lab import describe_outcome
from tests.frontend.conftest import shipped_models
from tests.frontend.test_eigenvalues import worst_distance
from tests.frontend.test_javascript_against_python import admissible_settings
from tests.frontend.test_runtime import run_script

NOISE = 1e-9
KNIFE_EDGES = 1
EIGENVALUES = 1e-8  # relative to the spectral radius, between LAPACK and the page's


def near(value: float, edge: float) -> bool:
    return abs(value - edge) <= NOISE * max(abs(edge), 1e-300)


def near_rounding(value: float, digits: int) -> bool:
    """True if ``value`` is within noise of half-way between two numbers of ``digits``."""
    scaled = abs(value) * 10**digits
    return abs(scaled - math.floor(scaled) - 0.5) <= NOISE * max(1.0, scaled)


def knife_edges(outcome, ending) -> list[str]:
    """Where Python's verdict on a run sits within noise of a boundary (module doc)."""
    edges = []
    if near(outcome.speed, outcomes.SETTLED_SPEED):
        edges.append("settling speed")
    if outcome.eigenvalues is not None:
        values = outcome.eigenvalues / max(1.0, np.max(np.abs(outcome.eigenvalues)))
        parts = np.abs(np.concatenate([values.real, values.imag]))
        if any(near(part, steady_states.NEUTRAL_TOLERANCE) for part in parts):
            edges.append("eigenvalue at the tolerance")
    if outcome.cycle is not None and near_rounding(outcome.cycle.period, 1):
        edges.append("period half-way")
    if ending is not None:
        level = ending.intimacy
        if near(level, endings.INTIMATE) or near(level, endings.DISTANT):
            edges.append("intimacy at a cut-off")
        if near_rounding(level, 2):
            edges.append("intimacy half-way")
    return edges


def assert_same_numbers(python, page, ending, page_ending):
    """The numbers behind the words agree, wherever the run sits."""
    assert page["speed"] == pytest.approx(python.speed, rel=NOISE, abs=1e-12)
    assert page["final"] == python.final  # the run's own numbers
    if python.eigenvalues is not None and page["eigenvalues"] is not None:
        values = np.array(page["eigenvalues"]["re"]) + 1j * np.array(page["eigenvalues"]["im"])
        assert worst_distance(values, python.eigenvalues) < EIGENVALUES
    if python.cycle is not None and page["cycle"] is not None:
        assert (page["cycle"]["minimum"], page["cycle"]["maximum"]) == (
            python.cycle.minimum,
            python.cycle.maximum,
        )
        assert page["cycle"]["period"] == pytest.approx(python.cycle.period, rel=NOISE)
    if ending is not None:
        assert page_ending["intimacy"] == pytest.approx(ending.intimacy, rel=1e-12)


def compare_readouts(model, runs, watched, couple: bool) -> tuple[list[str], list[list[str]]]:
    """Check the page's readouts of ``runs`` against the kernel's (see the module doc).

    Returns the kind of each run's outcome (and ending) and the knife edges met.
    """
    results = readouts_in_node(model, runs, watched, couple=ending_rules() if couple else None)
    kinds, edged = [], []
    for run, page in zip(runs, results, strict=True):
        assert "error" not in page, page.get("error")
        python = run_outcome(model, run, watched)
        ending = classify_ending(run) if couple else None
        assert_same_numbers(python, page["outcome"], ending, page.get("ending"))
        kinds.append(
            " / ".join(filter(None, [python.kind, python.equilibrium, couple and ending.kind]))
        )
        edges = knife_edges(python, ending)
        if edges:
            edged.append(edges)
            continue
        assert page["text"] == describe_outcome(model, run, watched)
        if couple:
            assert page["ending"]["kind"] == ending.kind
            lab = SimpleNamespace(model=model)  # all that summarize reads of its lab
            assert page["coupleText"] == IntimacyLab.summarize(lab, run)
    counts = {kind: kinds.count(kind) for kind in sorted(set(kinds))}
    print(f"{model.name}: {len(runs) - len(edged)} of {len(runs)} word for word {counts}; {edged}")
    return kinds, edged


@pytest.mark.parametrize("model", shipped_models(), ids=lambda m: m.name)
def test_the_readout_is_the_kernels_word_for_word(model):
    runs = [trajectory for _, trajectory in admissible_settings(model)[0]]
    couple = model.name == "IntimacyModel"
    kinds, edged = compare_readouts(model, runs, model.state_names, couple)
    assert len(edged) <= KNIFE_EDGES
    assert len(kinds) == len(runs)


def test_every_preset_of_the_intimacy_lab_reads_as_in_the_kernel():
    """The catalog's scenarios: every ending and every kind of outcome, inputs included."""
    runs = [phenomena.run(name) for name in catalog.names()]
    model = runs[0].model
    assert all(run.model.javascript() == model.javascript() for run in runs)
    kinds, edged = compare_readouts(model, runs, list(endings.READOUT_WATCHED), couple=True)
    assert len(edged) <= KNIFE_EDGES
    for seen in ("intimate", "in between", "distant", "settled", "oscillating", "moving"):
        assert any(seen in kind for kind in kinds), seen


FORMAT = """
import { formatFixed, fillTemplate } from "./readout.mjs";
import { readFileSync } from "node:fs";
const { numbers, fills } = JSON.parse(readFileSync("cases.json", "utf8"));
const special = { nan: NaN, inf: Infinity, "-inf": -Infinity };
const value = (v) => (typeof v === "string" ? special[v] : v);
console.log(JSON.stringify({
  numbers: numbers.map(([v, digits]) => formatFixed(value(v), digits)),
  fills: fills.map(([template, fields]) => fillTemplate(template, fields)),
}));
"""


def formatting_cases(rng) -> list[float]:
    """Numbers that trip a naive port: exact ties, signed zeros, huge and tiny values."""
    ties = [k / 8 for k in range(-40, 41)] + [k / 16 for k in range(-20, 21)] + [2.5, 3.5]
    awkward = [0.005, 1.005, 0.045, 9.995, 0.9999999, 123456.785, -0.001, -0.0, 0.0, 5e-324]
    huge = [1e21, 1.5e22, -1e300, 2.0**70, 999999999999999999999.0]
    drawn = rng.choice([-1, 1], 200) * 10 ** rng.uniform(-5, 6, 200)
    return ties + awkward + huge + drawn.tolist() + [math.nan, math.inf, -math.inf]


def shipped_templates() -> list[str]:
    return [
        *wording.OUTCOME_TEMPLATES.values(),
        wording.FINAL_VALUE,
        *endings.VERDICTS.values(),
        endings.COUPLE_READOUT,
    ]


def test_numbers_and_templates_are_filled_as_python_fills_them(tmp_path):
    rng = np.random.default_rng(2)
    numbers = [(v, d) for v in formatting_cases(rng) for d in range(4)]
    fills = []
    for template in shipped_templates():
        fields = wording.template_fields(template)
        for _ in range(20):
            values = {
                name: float(rng.choice([0.125, -0.0, rng.normal() * 10]))
                if spec
                else str(rng.choice(["Trust (A)", "stable focus", "{value} $& $1", "días"]))
                for name, spec in fields.items()
            }
            fills.append((template, values))
    encoded = [(v if math.isfinite(v) else str(v), d) for v, d in numbers]
    files = {
        "readout.mjs": readout_module(),
        "cases.json": json.dumps({"numbers": encoded, "fills": fills}),
    }
    found = run_script(tmp_path, FORMAT, files)
    assert found["numbers"] == [format(v, f".{d}f") for v, d in numbers]
    assert found["fills"] == [wording.fill(template, **values) for template, values in fills]


def test_every_template_holds_only_fields_the_page_fills():
    for template in shipped_templates():
        wording.template_fields(template)  # raises otherwise
    for bad in ("{value:.3g}", "{value!r}", "{0}", "{{literal}}", "{a.b}", "{días}"):
        with pytest.raises(ValueError, match=r"brace|format|plain ASCII name"):
            wording.template_fields(bad)


RULES = """
import { OUTCOME_RULES } from "./readout.mjs";
import { ENDING_RULES } from "./ending_rules.mjs";
console.log(JSON.stringify({ outcome: OUTCOME_RULES, ending: ENDING_RULES }));
"""


def test_the_cut_offs_and_words_are_pythons(tmp_path):
    files = {"readout.mjs": readout_module(), "ending_rules.mjs": endings.ending_rules_module()}
    found = run_script(tmp_path, RULES, files)
    assert (found["ending"]["intimate"], found["ending"]["distant"]) == (
        endings.INTIMATE,
        endings.DISTANT,
    )
    assert found["ending"]["late"] == endings.LATE
    assert found["ending"] == json.loads(json.dumps(ending_rules()))
    assert found["outcome"] == json.loads(json.dumps(outcome_rules()))
    assert found["outcome"]["settledSpeed"] == outcomes.SETTLED_SPEED


ENDING = """
import { classifyEnding } from "./readout.mjs";
import { readFileSync } from "node:fs";
const { runs, constants } = JSON.parse(readFileSync("runs.json", "utf8"));
console.log(JSON.stringify(runs.map((run) => {
  try {
    return classifyEnding(run, constants);
  } catch (error) {
    return { error: error.name, message: error.message };
  }
})));
"""


class Levels:
    """A run with nothing but the couple's intimacy over four days."""

    def __init__(self, levels):
        self.t = np.arange(4.0)
        self.levels = np.array(levels, dtype=float)

    def __getitem__(self, name):
        assert name == endings.COUPLE_OUTPUT
        return self.levels

    def as_json(self):
        return {
            "t": self.t.tolist(),
            "y": [],
            "outputs": [self.levels.tolist()],
            "stateNames": [],
            "outputNames": [endings.COUPLE_OUTPUT],
        }


def test_the_cut_offs_are_strict_and_bad_levels_read_like_python(tmp_path):
    """At exactly a cut-off a couple is in between, on both sides; a level out of range
    is the same BadInputError. (The last quarter of these runs is their last day.)"""
    up, down = np.nextafter(endings.INTIMATE, 1), np.nextafter(endings.DISTANT, 0)
    levels = [endings.INTIMATE, up, endings.DISTANT, down, 0.0, 1.0, 1.5]
    runs = [Levels([0.3, 0.3, 0.3, level]) for level in levels]
    no_output = {**runs[0].as_json(), "outputNames": ["other"]}
    files = {
        "readout.mjs": readout_module(),
        "runs.json": json.dumps(
            {"runs": [r.as_json() for r in runs] + [no_output], "constants": ending_rules()}
        ),
    }
    found = run_script(tmp_path, ENDING, files)
    expected = [classify_ending(run).kind for run in runs[:-1]]
    assert expected == ["in between", "intimate", "in between", "distant", "distant", "intimate"]
    assert [f["kind"] for f in found[:-2]] == expected
    with pytest.raises(BadInputError) as caught:
        ending_of(1.5)
    assert found[-2] == {"error": "BadInputError", "message": str(caught.value)}
    assert found[-1]["message"] == "this run has no state or output 'couple_intimacy'"


def test_an_output_can_be_watched_in_both_languages():
    """Outputs have no slider range: they swing against their bounds, on both sides."""
    runs = [phenomena.run(name) for name in ("P10_poorly_differentiated", "P16_strangers")]
    kinds, edged = compare_readouts(
        phenomena.model(), runs, ["couple_intimacy", "closeness_A"], couple=False
    )
    assert not edged
    assert kinds[0] == "oscillating"
