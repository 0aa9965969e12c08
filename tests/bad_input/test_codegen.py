"""Generated code: declarations cannot inject code, names cannot collide, the cache is checked."""

import os
import stat

import pytest
import sympy

from intimacy_dynamics import Model, ModelDefinitionError, Param, State, simulate
from intimacy_dynamics.core.codegen import clear_cache, code_cache_dir
from tests.bad_input.conftest import refused

INJECTED = "INTIMACY_DYNAMICS_INJECTED"
PAYLOAD = f'import os; os.environ["{INJECTED}"] = "1"'


@pytest.fixture(autouse=True)
def no_payload_ran():
    os.environ.pop(INJECTED, None)
    yield
    assert INJECTED not in os.environ, "text from a declaration ran as code"


def _decay(**declared):
    x, k = sympy.symbols("x k")
    options = {"name": "Injected", "time_unit": "day"}
    options.update({key: value for key, value in declared.items() if key in options})
    state = {key: value for key, value in declared.items() if key in ("label", "unit", "doc")}
    return Model.from_equations(
        {x: -k * x}, params={k: 1.0}, states={"x": State(1.0, **state)}, **options
    )


@pytest.mark.parametrize(
    "declared",
    [
        {"name": f'Evil"""; {PAYLOAD}; """'},
        {"name": f"Evil'''; {PAYLOAD}; '''"},
        {"name": f"Evil\\'; {PAYLOAD}; '"},
        {"time_unit": f'day"""\n{PAYLOAD}\n#'},
        {"time_unit": f"day\n{PAYLOAD}"},
        {"label": f"Trust\n{PAYLOAD}"},
        {"label": f"Trust\r{PAYLOAD}"},
        {"unit": f"1\u2028{PAYLOAD}"},
        {"unit": f"1\x0c\n{PAYLOAD}"},
        {"doc": f"\n{PAYLOAD}"},
    ],
)
def test_strings_from_a_declaration_never_become_code(declared, monkeypatch):
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", "off")
    clear_cache()
    model = _decay(**declared)
    assert simulate(model, (0, 1)).final()["x"] == pytest.approx(0.3679, abs=1e-3)
    source = model.compile().source
    assert not any(line.startswith("import os") for line in source.splitlines())


@pytest.mark.parametrize(
    "name", ["max", "min", "abs", "float", "sum", "rhs", "rhs_vectorized", "len"]
)
def test_parameters_named_like_builtins_are_renamed_in_the_code(name, monkeypatch):
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", "off")
    x, p = sympy.symbols(f"x {name}")
    model = Model.from_equations(
        {x: -p * x + sympy.Max(0, -x) + sympy.Min(x, 5) - sympy.Min(x, 5) + sympy.Abs(x) * 0},
        params={p: Param(1.0, bounds=(0, 2))},
        states={"x": State(1.0, bounds=(0, 2))},
    )
    assert simulate(model, (0, 1)).final()["x"] == pytest.approx(0.3679, abs=1e-3)
    assert f"{name}_,  # {name}:" in model.compile().source


@pytest.mark.parametrize("name", ["Evil\x00", "Two\nlines", "", 5])
def test_model_names_must_be_printable_text(name):
    x = sympy.Symbol("x")
    refused(
        lambda: Model.from_equations({x: -x}, name=name),
        ModelDefinitionError,
        "name = ",
        "printable",
    )


@pytest.mark.parametrize("name", ["params", "rates", "compile", "name", "spec", "symbols"])
def test_names_that_would_hide_the_model_api_are_refused(name):
    x, p = sympy.symbols(f"x {name}")
    refused(
        lambda: Model.from_equations({x: -p * x}, params={p: 1.0}),
        ModelDefinitionError,
        f"{name!r} cannot name a parameter",
        f"Model.{name}",
    )


def _cached_files(folder):
    return sorted(folder.glob("*.py"))


def test_a_planted_or_edited_cache_file_is_not_executed(tmp_path, monkeypatch):
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", str(tmp_path / "code"))
    clear_cache()
    _decay().compile()
    (stored,) = _cached_files(tmp_path / "code")
    stored.write_text(stored.read_text() + f"\n{PAYLOAD}\n")
    clear_cache()
    assert simulate(_decay(), (0, 1)).final()["x"] == pytest.approx(0.3679, abs=1e-3)
    assert PAYLOAD not in stored.read_text()  # generated again, over the planted file


def test_a_file_copied_under_another_key_fails_its_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", str(tmp_path / "code"))
    clear_cache()
    _decay().compile()
    other = _decay(name="Other")
    other.compile()
    first, second = _cached_files(tmp_path / "code")
    second.write_bytes(first.read_bytes())  # a valid file of another model, renamed
    clear_cache()
    assert "Other" in _decay(name="Other").compile().source or "Injected" in (
        _decay().compile().source
    )
    for path in _cached_files(tmp_path / "code"):
        clear_cache()
        text = path.read_text()
        assert text.startswith("# sha256 of name and content: ")


def test_binary_garbage_in_the_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", str(tmp_path / "code"))
    clear_cache()
    _decay().compile()
    (stored,) = _cached_files(tmp_path / "code")
    stored.write_bytes(b"\x89\xff\x00" * 100)
    clear_cache()
    assert _decay().compile().rhs(0.0, [1.0], [1.0]) == [-1.0]


def test_the_cache_folder_and_files_are_the_users_only(tmp_path, monkeypatch):
    folder = tmp_path / "code"
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", str(folder))
    assert code_cache_dir() == folder
    clear_cache()
    _decay().compile()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in _cached_files(folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folder.chmod(0o777)  # someone opened it up: it is closed again before use
    clear_cache()
    _decay().compile()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
