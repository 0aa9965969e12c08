"""The page reads settings as the notebook does: same limits, same checks, same words.

``settings.js`` (run here in Node.js) is the page's parser of a link or of its settings
box; Python's is ``Scenario.from_text`` and the lab's ``load``. For every hostile link of
``tests/standalone/test_links.py`` both refuse, with the same sentence (also the "did you
mean" hint for a misspelt name, difflib's choice), the lab's own settings (noise, seed)
checked against the declarations the export ships. For good settings both read the same
scenario, and write the same link, character for character, also when it carries the
lab's own settings; the numbers are written as Python writes floats.
"""

import json
import subprocess

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, IntimacyModel, Pulse
from intimacy_dynamics.frontend import settings_module
from intimacy_dynamics.frontend.node import node_executable
from intimacy_dynamics.simulation.scenario import Scenario, model_lineage
from intimacy_dynamics.standalone.page import own_settings_data
from intimacy_dynamics.widgets import IntimacyLab
from tests.standalone.test_links import HOSTILE

DRIVER = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [settings, model] = await Promise.all(
  process.argv.slice(2, 4).map((path) => import(pathToFileURL(path).href)),
);
const { texts, lineage, own } = JSON.parse(readFileSync(0, "utf8"));
const results = texts.map((text) => {
  try {
    const scenario = settings.settingsFromText(text);
    const values = settings.resolveScenario(model, scenario, lineage, own);
    scenario.settings = settings.changedOwnSettings(own, values.settings);
    const fragment = settings.linkFragment(scenario, model.tSpan);
    return { scenario, values, fragment, box: settings.settingsJson(scenario) };
  } catch (error) {
    return { error: error.message, name: error.name };
  }
});
process.stdout.write(JSON.stringify(results));
"""


@pytest.fixture(scope="module")
def model():
    return IntimacyModel()


@pytest.fixture(scope="module")
def own():
    """The lab's own settings as the export ships them to the page."""
    return own_settings_data(IntimacyLab(n_points=51))


def read_in_node(model, texts: list[str], folder, own=None) -> list[dict]:
    """Each text read by the page's parser, for the IntimacyLab's own settings (``own``)."""
    own = own or own_settings_data(IntimacyLab(n_points=51))
    paths = [folder / "driver.mjs", folder / "settings.mjs", folder / "model.mjs"]
    for path, text in zip(paths, (DRIVER, settings_module(), model.javascript()), strict=True):
        path.write_text(text, encoding="utf-8")
    request = json.dumps({"texts": texts, "lineage": model_lineage(model), "own": own})
    done = subprocess.run(
        [node_executable(), *map(str, paths)],
        input=request,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def python_refusal(lab, text: str) -> str:
    with pytest.raises(BadInputError) as refused:
        lab.load(text)
    return str(refused.value)


def test_every_hostile_link_is_refused_in_the_same_words(model, own, tmp_path):
    lab = IntimacyLab(n_points=51)
    texts = [text for text, _ in HOSTILE.values()]
    results = read_in_node(model, texts, tmp_path, own)
    for (case, (text, said)), result in zip(HOSTILE.items(), results, strict=True):
        assert result.get("name") == "BadInputError", (case, result)
        assert said in result["error"], case
        assert result["error"] == python_refusal(lab, text), case


def test_good_settings_read_alike_and_write_the_same_link(model, own, tmp_path):
    scenarios = [
        Scenario("a", model="IntimacyModel", params={"depth_A": 0.75, "fear_of_intimacy_B": 0.35}),
        Scenario("b", model="IntimacyModel", y0={"trust_A": 0.55}, t_span=(0.5, 40.5)),
        Scenario(
            "c ü ' \" & #",
            model="IntimacyModel",
            inputs={"speaking_A": Pulse(5.5, 2.5, 0.25)},
            phenomena=("P05",),
        ),
        Scenario("d", model="IntimacyModel", params={"depth_A": 1.0}, t_span=(0, 40)),
        Scenario("e", model="IntimacyModel", params={"depth_A": 0.8}, settings={"noise": 0.3}),
        Scenario("f", model="IntimacyModel", settings={"noise": 1e-05, "seed": 7}),
    ]
    texts = [s.to_json() for s in scenarios] + ["lab.html#" + s.to_fragment() for s in scenarios]
    results = read_in_node(model, texts, tmp_path, own)
    for scenario, result in zip(scenarios * 2, results, strict=True):
        assert "error" not in result, result
        assert (
            result["fragment"] == scenario.to_fragment()
        )  # the same link, character for character
        assert Scenario.from_text(result["box"]) == scenario  # the page's settings box loads here
        assert result["box"] == scenario.to_json()  # and writes the notebook's JSON
        values = result["values"]
        expected = model.params(scenario.params).to_dict()
        assert values["params"] == expected
        assert values["tSpan"] == list(scenario.t_span or model.t_span)


def test_a_misspelt_name_gets_python_s_suggestion(model, tmp_path):
    """difflib's choice of the closest name, ported: the same hint for 300 misspellings."""
    rng = np.random.default_rng(14)
    names, words = model.param_names, []
    for _ in range(300):
        name = list(names[rng.integers(len(names))])
        for _ in range(rng.integers(1, 4)):
            k = rng.integers(len(name))
            edit = rng.integers(3)
            if edit == 0:
                del name[k]
            elif edit == 1:
                name.insert(k, chr(rng.integers(97, 123)))
            else:
                name[k] = name[k].upper()
        words.append("".join(name))
    texts = [json.dumps({"name": "x", "params": {word: 0.5}}) for word in words]
    results = read_in_node(model, texts, tmp_path)
    hinted = 0
    for word, result in zip(words, results, strict=True):
        if word in names:
            continue
        with pytest.raises(BadInputError) as refused:
            model.params({word: 0.5})
        assert result["error"] == str(refused.value), word
        hinted += "did you mean" in result["error"]
    assert hinted > 100  # most misspellings get a suggestion, so the hint is tested


def test_a_link_with_the_lab_s_own_settings_goes_python_page_python_unchanged(model, own, tmp_path):
    """A notebook's link with noise settings: the page reads it (no error), keeps the
    settings, writes the same link character for character; the notebook reads that back."""
    lab = IntimacyLab(n_points=51)
    lab.set(noise=0.35, seed=12, fear_of_intimacy_B=0.55, trust_A=0.4)
    link = lab.link("lab.html")
    (result,) = read_in_node(model, [link], tmp_path, own)
    assert "error" not in result, result
    assert result["values"]["settings"] == {"noise": 0.35, "seed": 12}
    assert "lab.html#" + result["fragment"] == link
    back = IntimacyLab(n_points=51)
    back.load("lab.html#" + result["fragment"])
    assert back.scenario() == lab.scenario()
    assert back.current.own == {"noise": 0.35, "seed": 12}


NUMBERS = """
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
const settings = await import(pathToFileURL(process.argv[2]).href);
const values = JSON.parse(readFileSync(0, "utf8"));
const written = values.map((v) => [settings.pythonFloat(v), settings.formatRange([v, v])]);
process.stdout.write(JSON.stringify(written));
"""


def test_numbers_are_written_as_python_writes_them(tmp_path):
    """repr (links, settings box, messages) and format(x, "g") (allowed ranges), over
    whole numbers, the switches to an exponent (1e-4, 1e16; 1e-4, 1e6) and random doubles."""
    rng = np.random.default_rng(3)
    values = [0.0, 1.0, -2.0, 3.5, 1e-4, 1e-5, 9.99999e-5, 1e15, 1e16, 1.5e16, 123456.0, 1e6]
    values += [0.1 + 0.2, 1e300, 5e-324, 2.0**53, 999999.5, 1234567.0, 0.000123456789]
    values += list(rng.normal(size=60) * 10.0 ** rng.integers(-12, 22, size=60))
    paths = [tmp_path / "numbers.mjs", tmp_path / "settings.mjs"]
    for path, text in zip(paths, (NUMBERS, settings_module()), strict=True):
        path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [node_executable(), *map(str, paths)],
        input=json.dumps([float(v) for v in values]),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for value, (written, shown) in zip(values, json.loads(done.stdout), strict=True):
        value = float(value)
        assert written == repr(value) == json.dumps(value), value
        assert shown == f"[{value:g}, {value:g}]", value
