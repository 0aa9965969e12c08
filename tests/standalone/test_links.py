"""Links that carry a setting, on the Python side: the notebook writes one and reads one.

The fragment of a link is ``#`` and the compact scenario JSON, percent-encoded; decoded,
it is text the notebook's settings box loads. ``Explorer.link`` writes it,
``Explorer.load`` reads a full link, a bare fragment or the JSON. A hostile or malformed
link is refused with a message naming what is wrong, and the lab does not move. (The
page's parser says the same words: tests/frontend/test_settings.py.)
"""

import json
from urllib.parse import unquote

import pytest

from intimacy_dynamics import BadInputError, Pulse
from intimacy_dynamics.classic import rinaldi_linear
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets import IntimacyLab, ModelLab

#: Links a student could be sent, and what the refusal must name.
HOSTILE = {
    "script text": ("lab.html#<script>alert(1)</script>", "not valid JSON"),
    "script in a name": (
        '{"name": "<img src=x onerror=alert(1)>", "params": {"depth_A": 1.5}}',
        "parameter 'depth_A' = 1.5 is outside its allowed range [0, 1]",
    ),
    "huge number": ('{"name": "x", "params": {"depth_A": 1e999}}', "1e999 is too large"),
    "large number": (
        '{"name": "x", "params": {"depth_A": 1e300}}',
        "parameter 'depth_A' = 1e+300 is outside its allowed range [0, 1]",
    ),
    "long number": ('{"name": "x", "params": {"depth_A": 1' + "0" * 200 + "}}", "longer than"),
    "unknown parameter": ('{"name": "x", "params": {"zzz": 1}}', "unknown parameter 'zzz'"),
    "misspelt parameter": ('{"name": "x", "params": {"dpth_A": 0.5}}', "did you mean 'depth_A'"),
    "misspelt state": ('{"name": "x", "y0": {"Trust_a": 0.5}}', "did you mean 'trust_A'"),
    "unknown field": ('{"name": "x", "eval": "1+1"}', "unknown scenario field(s)"),
    "prototype": ('{"name": "x", "params": {"__proto__": 1}}', "unknown parameter '__proto__'"),
    "wrong type": ('{"name": "x", "params": {"depth_A": "0.5"}}', "must be a number"),
    "NaN": ('{"name": "x", "params": {"depth_A": NaN}}', "NaN is not allowed"),
    "Infinity": ('{"name": "x", "y0": {"trust_A": -Infinity}}', "-Infinity is not allowed"),
    "deep nesting": ("[" * 40 + "]" * 40, "nested 40 levels deep"),
    "repeated key": ('{"name": "x", "name": "y"}', "appears twice"),
    "other model": ('{"name": "x", "model": "Strogatz"}', "is for Strogatz, not IntimacyModel"),
    "bad percent": ("lab.html#%7B%22name%zz", "not valid percent-encoding"),
    "bad utf-8": ("#%C3%28", "not valid percent-encoding"),
    "1 MB of junk": ("#" + "A" * 1_000_001, "more than the limit of 1,000,000"),
    "empty span": ('{"name": "x", "t_span": [5, 5]}', "must have end > start"),
    "no name": ('{"params": {}}', "needs a name"),
    "params null": ('{"name": "x", "params": null}', "params must be an object"),
    "many digits": (
        '{"name": "x", "params": {"depth_A": 1.2345678}}',
        "parameter 'depth_A' = 1.2345678 is outside its allowed range [0, 1]",
    ),
    "whole number": ('{"name": "x", "params": {"depth_A": 3}}', "'depth_A' = 3.0 is outside"),
    # the lab's own settings (Scenario's "settings"): numbers, by declared name, in bounds
    "unknown setting": (
        '{"name": "x", "settings": {"nosie": 0.3}}',
        "unknown setting 'nosie' for IntimacyLab (did you mean 'noise'?)",
    ),
    "setting out of range": (
        '{"name": "x", "settings": {"noise": 5}}',
        "setting 'noise' = 5.0 is outside its allowed range [0, 2]",
    ),
    "seed out of range": (
        '{"name": "x", "settings": {"seed": 2e6}}',
        "setting 'seed' = 2000000.0 is outside its allowed range [0, 1e+06]",
    ),
    "seed not whole": (
        '{"name": "x", "settings": {"seed": 1.5}}',
        "setting 'seed' = 1.5 must be one of 0, 1, ..., 1000000",
    ),
    "setting as text": ('{"name": "x", "settings": {"noise": "0.3"}}', "must be a number"),
    "settings as a list": ('{"name": "x", "settings": [0.3]}', "settings must be an object"),
    "settings null": ('{"name": "x", "settings": null}', "settings must be an object"),
    "setting prototype": (
        '{"name": "x", "settings": {"__proto__": 1}}',
        "unknown setting '__proto__'",
    ),
    "script as a setting": (
        '{"name": "x", "settings": {"<script>alert(1)</script>": 1}}',
        "unknown setting '<script>alert(1)</script>'",
    ),
    "huge setting": ('{"name": "x", "settings": {"seed": 1e999}}', "1e999 is too large"),
}


@pytest.fixture(scope="module")
def lab():
    return IntimacyLab(n_points=51)


def test_the_link_holds_what_differs_and_reopens_the_same_run():
    lab = ModelLab(rinaldi_linear())
    lab.set(alpha1=1.5, A2=-0.25)
    link = lab.link("https://example.org/lab.html?x=1#old")
    assert link.startswith("https://example.org/lab.html?x=1#%7B")
    decoded = unquote(link.partition("#")[2])
    assert json.loads(decoded) == {
        "name": "my_settings",
        "model": "RinaldiLinear",
        "params": {"alpha1": 1.5, "A2": -0.25},
    }
    other = ModelLab(rinaldi_linear())
    other.load(link)
    assert other.scenario() == lab.scenario()
    assert (other.trajectory.y == lab.trajectory.y).all()
    for text in (link.partition("#")[2], "#" + link.partition("#")[2], decoded):
        third = ModelLab(rinaldi_linear())
        third.load(text)  # a bare fragment, with or without "#", and the JSON itself
        assert third.scenario() == lab.scenario()


def test_inputs_and_a_span_travel_in_the_link():
    lab = ModelLab(rinaldi_linear())
    scenario = Scenario("s", model="RinaldiLinear", t_span=(0, 12), inputs={"A1": Pulse(2, 1, 0.5)})
    lab.load(scenario)
    other = ModelLab(rinaldi_linear())
    other.load(lab.link())
    assert other.scenario() == lab.scenario()
    assert other.t_span == (0, 12)


def test_the_settings_box_json_and_the_link_load_the_same(lab):
    lab.set(depth_A=0.8, trust_B=0.3)
    box, link = lab.scenario().to_json(), lab.link()
    assert Scenario.from_text(box) == Scenario.from_text(link).evolve(t_span=lab.t_span)
    lab.reset()


def test_a_link_at_the_defaults_carries_only_its_name_and_model():
    lab = ModelLab(rinaldi_linear())
    fragment = unquote(lab.link().partition("#")[2])
    assert json.loads(fragment) == {"name": "my_settings", "model": "RinaldiLinear"}


def test_the_lab_s_own_settings_travel_in_the_link():
    lab = IntimacyLab(n_points=51)
    lab.set(noise=0.3, seed=7, depth_A=0.8)
    link = lab.link("lab.html")
    assert json.loads(unquote(link.partition("#")[2]))["settings"] == {"noise": 0.3, "seed": 7.0}
    other = IntimacyLab(n_points=51)
    other.load(link)
    assert other.scenario() == lab.scenario()
    assert other.link("lab.html") == link


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_link_is_refused_by_name_and_nothing_moves(lab, case):
    text, said = HOSTILE[case]
    before = lab.scenario(), lab.readout.value
    with pytest.raises(BadInputError) as refused:
        lab.load(text)
    assert said in str(refused.value)
    assert lab.scenario() == before[0]
    assert "Could not load these settings" in lab.readout.value
    assert "<script>" not in lab.readout.value
    assert "<img" not in lab.readout.value
