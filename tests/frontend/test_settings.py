"""The page reads settings as the notebook does: same limits, same checks, same words.

``settings.js`` (run here in Node.js) is the page's parser of a link or of its settings
box; Python's is ``Scenario.from_text`` and the lab's ``load``. For every hostile link of
``tests/standalone/test_links.py`` both refuse, with the same sentence (also the "did you
mean" hint for a misspelt name, difflib's choice). For good settings both read the same
scenario, and write the same link.
"""

import json
import subprocess

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, IntimacyModel, Pulse
from intimacy_dynamics.frontend import settings_module
from intimacy_dynamics.frontend.node import node_executable
from intimacy_dynamics.simulation.scenario import Scenario, model_lineage
from intimacy_dynamics.widgets import IntimacyLab
from tests.standalone.test_links import HOSTILE

DRIVER = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [settings, model] = await Promise.all(
  process.argv.slice(2, 4).map((path) => import(pathToFileURL(path).href)),
);
const { texts, lineage } = JSON.parse(readFileSync(0, "utf8"));
const results = texts.map((text) => {
  try {
    const scenario = settings.settingsFromText(text);
    const values = settings.resolveScenario(model, scenario, lineage);
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


def read_in_node(model, texts: list[str], folder) -> list[dict]:
    paths = [folder / "driver.mjs", folder / "settings.mjs", folder / "model.mjs"]
    for path, text in zip(paths, (DRIVER, settings_module(), model.javascript()), strict=True):
        path.write_text(text, encoding="utf-8")
    request = json.dumps({"texts": texts, "lineage": model_lineage(model)})
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


def test_every_hostile_link_is_refused_in_the_same_words(model, tmp_path):
    lab = IntimacyLab(n_points=51)
    texts = [text for text, _ in HOSTILE.values()]
    results = read_in_node(model, texts, tmp_path)
    for (case, (text, said)), result in zip(HOSTILE.items(), results, strict=True):
        assert result.get("name") == "BadInputError", (case, result)
        assert said in result["error"], case
        assert result["error"] == python_refusal(lab, text), case


def test_good_settings_read_alike_and_write_the_same_link(model, tmp_path):
    scenarios = [
        Scenario("a", model="IntimacyModel", params={"depth_A": 0.75, "fear_of_intimacy_B": 0.35}),
        Scenario("b", model="IntimacyModel", y0={"trust_A": 0.55}, t_span=(0.5, 40.5)),
        Scenario(
            "c ü ' \" & #",
            model="IntimacyModel",
            inputs={"speaking_A": Pulse(5.5, 2.5, 0.25)},
            phenomena=("P05",),
        ),
    ]
    texts = [s.to_json() for s in scenarios] + ["lab.html#" + s.to_fragment() for s in scenarios]
    results = read_in_node(model, texts, tmp_path)
    for scenario, result in zip(scenarios * 2, results, strict=True):
        assert "error" not in result, result
        assert (
            result["fragment"] == scenario.to_fragment()
        )  # the same link, character for character
        assert Scenario.from_text(result["box"]) == scenario  # the page's settings box loads here
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
