"""JSON from users: scenario files, the lab's settings text and parameter sets.

Hand-written hostile texts first, then hypothesis strategies that put hostile values
into every field of a scenario, a settings text and a parameter set.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intimacy_dynamics import BadInputError, ParameterError, ParamSet
from intimacy_dynamics.core.jsondata import MAX_JSON_CHARS, parse_json
from intimacy_dynamics.intimacy.catalog import load_file
from intimacy_dynamics.simulation.scenario import Scenario, ScenarioError
from tests.bad_input.conftest import raised, refused

GOOD = {
    "name": "mine",
    "model": "Decay",
    "params": {"k": 0.5},
    "y0": {"x": 1.0},
    "t_span": [0, 10],
    "inputs": {"k": {"type": "Pulse", "start": 1, "duration": 1, "amplitude": 0.1}},
    "phenomena": ["P05"],
}


def text_with(field, raw):
    """GOOD as JSON text with ``field``'s value replaced by the raw JSON ``raw``."""
    data = {**GOOD, field: "@@"}
    return json.dumps(data).replace('"@@"', raw)


@pytest.mark.parametrize(
    ("text", "culprits"),
    [
        ("[" * 100_000 + "]" * 100_000, ["settings", "nested 100000 levels deep", "32"]),
        ('{"a": ' * 40 + "1" + "}" * 40, ["settings", "nested 40 levels deep"]),
        ("1" * 5000, ["settings", "5,000 characters"]),
        (text_with("t_span", "[0, 1" + "0" * 400 + "]"), ["settings", "401 characters"]),
        (text_with("t_span", "[0, 1e400]"), ["settings", "1e400", "too large"]),
        (text_with("t_span", "[0, NaN]"), ["settings", "NaN is not allowed"]),
        (text_with("t_span", "[0, Infinity]"), ["settings", "Infinity is not allowed"]),
        (text_with("t_span", "[-Infinity, 0]"), ["settings", "-Infinity is not allowed"]),
        ('{"name": "a", "name": "b"}', ["settings", "'name' appears twice"]),
        (text_with("params", '{"k": 1, "k": 2}'), ["settings", "'k' appears twice"]),
        (" " * (MAX_JSON_CHARS + 1), ["settings", "1,000,001 characters"]),
        ("{not json", ["settings", "not valid JSON", "line 1, column 2"]),
        ("", ["settings", "not valid JSON"]),
        ("[]", ["settings", "must be an object"]),
        ('"P05"', ["settings", "must be an object", "a string"]),
        (text_with("phenomena", '"P05"'), ["phenomena", "must be a list", "a string"]),
        (text_with("phenomena", "[5]"), ["phenomena", "strings such as 'P05'"]),
        (text_with("t_span", '"0, 10"'), ["t_span", "must be a list", "a string"]),
        (text_with("t_span", "[0, 1, 2]"), ["t_span", "list of 2 items"]),
        (text_with("t_span", "[10, 0]"), ["t_span", "end > start"]),
        (text_with("t_span", '[0, "10"]'), ["t_span end", "'10'"]),
        (text_with("params", "[0.5]"), ["params", "must be an object", "a list"]),
        (text_with("params", '{"k": "0.5"}'), ["params['k']", "must be a number", "a string"]),
        (text_with("params", '{"k": true}'), ["params['k']", "must be a number"]),
        (text_with("params", '{"k": null}'), ["params['k']", "must be a number", "null"]),
        (text_with("y0", '{"x": [1]}'), ["y0['x']", "must be a number", "a list"]),
        (text_with("inputs", "[]"), ["inputs", "must be an object", "a list"]),
        (text_with("inputs", '{"k": "Pulse(1, 1, 1)"}'), ["input 'k'", "must be a JSON object"]),
        (text_with("inputs", '{"k": {"type": "eval"}}'), ["input 'k'", "unknown signal type"]),
        (text_with("inputs", '{"k": {"type": ["Pulse"]}}'), ["input 'k'", "['Pulse']"]),
        (
            text_with("inputs", '{"k": {"type": "Schedule", "times": "0 1", "values": [1, 2]}}'),
            ["input 'k'", "Schedule times must be a list", "a string"],
        ),
        (
            text_with(
                "inputs",
                '{"k": {"type": "Schedule", "times": ' + str(list(range(20_000))) + ", "
                '"values": ' + str([0.5] * 20_000) + "}}",
            ),
            ["input 'k'", "Schedule times has 20,000 items", "10,000"],
        ),
        (
            text_with(
                "inputs",
                '{"k": {"type": "SumOfSignals", "parts": '
                + str(
                    [
                        {"type": "Pulse", "start": s, "duration": 1, "amplitude": 0.1}
                        for s in range(101)
                    ]
                ).replace("'", '"')
                + "}}",
            ),
            ["input 'k'", "101 items", "limit of 100"],
        ),
        (text_with("title", "5"), ["title must be a string", "5"]),
        (text_with("name", '""'), ["non-empty string name"]),
        ('{"name": "x", "run": "os.system(1)"}', ["unknown scenario field", "'run'"]),
        ('{"title": "no name"}', ["settings", "needs a name"]),
    ],
)
def test_hostile_settings_texts_are_refused_naming_the_field_or_the_source(text, culprits):
    refused(lambda: Scenario.from_json(text, source="settings"), ScenarioError, *culprits)


@pytest.mark.parametrize(
    ("content", "culprits"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), ["hostile.json", "not UTF-8 text", "0x89"]),
        (b"\xff\xfe{}", ["hostile.json", "not UTF-8"]),
        (b"{}" + b" " * (MAX_JSON_CHARS + 1), ["hostile.json", "bytes, more than the limit"]),
        (b'{"name": "x", "t_span": [0, NaN]}', ["hostile.json", "NaN"]),
        (b'{"name": "x", "name": "y"}', ["hostile.json", "'name' appears twice"]),
        (b'{"name": "x", "phenomena": "P05"}', ["phenomena", "must be a list"]),
    ],
)
def test_hostile_scenario_files_name_the_file(tmp_path, content, culprits):
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    refused(lambda: load_file(path), ScenarioError, *culprits)


def test_a_folder_or_missing_file_names_the_path(tmp_path):
    refused(lambda: load_file(tmp_path), ScenarioError, str(tmp_path), "cannot read")
    refused(lambda: load_file(tmp_path / "gone.json"), ScenarioError, "gone.json")


@pytest.mark.parametrize(
    ("text", "culprits"),
    [
        ('{"model": "Decay", "params": {"k": 1' + "0" * 400 + "}}", ["parameter set JSON"]),
        ('{"model": "Decay", "params": {"k": NaN}}', ["parameter set JSON", "NaN"]),
        ('{"model": "Decay", "params": {"k": 1, "k": 2}}', ["'k' appears twice"]),
        ('{"model": "Decay", "params": [["k", 1]]}', ["params", "must be an object", "a list"]),
        ('{"model": "Decay", "params": {"k": "1"}}', ["parameter 'k'", "'1'"]),
        ('{"model": "Decay", "params": {"k": 9}}', ["parameter 'k' = 9", "[0, 5]"]),
        ('{"model": "Decay", "params": {"q": 1}}', ["unknown parameter 'q'"]),
        ('{"model": ["Decay"], "params": {}}', ["['Decay']", "not for 'Decay'"]),
        ("[" * 50 + "]" * 50, ["parameter set JSON", "nested 50 levels"]),
    ],
)
def test_hostile_parameter_set_json_is_refused(decay, text, culprits):
    refused(
        lambda: ParamSet.from_json(decay.param_specs, text, owner="Decay"),
        ParameterError,
        *culprits,
    )


def test_well_formed_data_still_parses():
    assert parse_json(json.dumps(GOOD), "settings") == GOOD
    assert Scenario.from_json(json.dumps(GOOD)).phenomena == ("P05",)


# ------------------------------------------------------------------ hypothesis
def _hostile_numbers():
    return st.one_of(
        st.integers(min_value=-(10**600), max_value=10**600).map(str),
        st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e999", "1" * 4400]),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
    )


def _hostile_values():
    """Raw JSON texts of values that do not belong where they are put."""
    leaves = st.one_of(
        _hostile_numbers(),
        st.text(max_size=20).map(json.dumps),
        st.sampled_from(["true", "false", "null", "[]", "{}", '"P05"']),
    )
    nested = st.integers(min_value=1, max_value=200).map(lambda n: "[" * n + "]" * n)
    duplicated = st.sampled_from(['{"a": 1, "a": 2}', '{"type": "Pulse", "type": "x"}'])
    lists = st.lists(leaves, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    return st.one_of(leaves, nested, duplicated, lists)


FIELDS = [*sorted(GOOD), "title", "description"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), raw=_hostile_values())
def test_any_hostile_field_value_is_a_scenario_error_naming_field_or_source(field, raw):
    error = raised(lambda: Scenario.from_json(text_with(field, raw), source="settings"))
    assert error is None or type(error) is ScenarioError, repr(error)  # nothing else escapes
    if error is not None:
        assert field in str(error) or "settings" in str(error), str(error)
        assert len(str(error)) < 1000


@settings(max_examples=100, deadline=None)
@given(raw=_hostile_values())
def test_any_hostile_parameter_value_is_a_parameter_error(decay, raw):
    text = '{"model": "Decay", "params": {"k": ' + raw + "}}"
    error = raised(lambda: ParamSet.from_json(decay.param_specs, text, owner="Decay"))
    assert error is None or type(error) is ParameterError, repr(error)
    if error is not None:
        assert "'k'" in str(error) or "parameter set JSON" in str(error), str(error)


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(min_value=33, max_value=5000), opener=st.sampled_from(["[", '{"a":']))
def test_deep_nesting_is_refused_before_parsing(depth, opener):
    closer = "]" if opener == "[" else "}"
    text = opener * depth + "1" + closer * depth
    refused(lambda: parse_json(text, "settings"), BadInputError, "deep")
