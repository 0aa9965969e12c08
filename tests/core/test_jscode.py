"""The JavaScript generator: readable code, a clear error for what JavaScript lacks, caching.

Running the generated code is tested against Python in ``tests/frontend``.
"""

import re

import pytest
import sympy

from intimacy_dynamics import IntimacyModel, Model, Param, State, classic
from intimacy_dynamics.core.validation import format_range
from intimacy_dynamics.errors import IntimacyDynamicsError, NoJavaScriptFormError
from tests.conftest import Dyad

x, y, k = sympy.symbols("x y k")


@pytest.mark.parametrize(
    ("rate", "function"),
    [
        (sympy.erf(x), "erf"),
        (k * sympy.gamma(x), "gamma"),
        (sympy.Function("hazard")(x) - k, "hazard"),
        (sympy.besselj(0, x) + sympy.erf(x), "besselj, erf"),
    ],
)
def test_a_function_with_no_javascript_form_is_named_in_one_line(rate, function):
    model = Model.from_equations({x: -x, y: rate}, params={k: 1.0}, name="Hazards")
    with pytest.raises(NoJavaScriptFormError) as caught:
        model.javascript()
    error = caught.value
    assert isinstance(error, IntimacyDynamicsError)
    assert (error.function, error.quantity) == (function, "y")
    assert str(error) == (
        f"Hazards: the rate of 'y' uses {function}, which has no JavaScript form; "
        "this model is integrated in Python instead"
    )


def test_outputs_and_conditions_without_an_otherwise_are_checked_too():
    model = Model.from_equations({x: -x}, outputs={"level": sympy.erfc(x)})
    with pytest.raises(NoJavaScriptFormError, match="the output of 'level' uses erfc"):
        model.javascript()
    open_ended = Model.from_equations({x: sympy.Piecewise((-x, x > 0))})
    with pytest.raises(NoJavaScriptFormError, match="Piecewise without an otherwise branch"):
        open_ended.javascript()


def test_a_jacobian_entry_with_no_javascript_form_is_named():
    # a switch prints (as a condition), its derivative, a Dirac delta, does not
    model = Model.from_equations({x: -x, y: sympy.Heaviside(x - 1) - y}, name="Switch")
    with pytest.raises(NoJavaScriptFormError) as caught:
        model.javascript()
    assert (caught.value.function, caught.value.quantity) == ("DiracDelta", "d(d y/dt)/d x")
    assert str(caught.value).startswith("Switch: the Jacobian entry of 'd(d y/dt)/d x' uses")


def _all_models():
    return [Dyad(), IntimacyModel(), classic.laura_petrarch(), classic.coupled_oscillator()]


@pytest.mark.parametrize("model", _all_models(), ids=lambda m: m.name)
def test_every_quantity_is_a_named_variable_with_its_label_range_and_unit(model):
    source = model.javascript()
    functions = re.findall(r"export function (\w+)\(t, _y, _p, (\w+)\) \{\n(.*?)\n\}", source, re.S)
    assert [name for name, _, _ in functions] == ["rhs", "outputs", "jacobian"]
    for _, target, body in functions:
        for vector, names in (("_y", model.state_names), ("_p", model.param_names)):
            for i, name in enumerate(names):
                spec = model.spec(name)
                comment = f"{spec.display_label}, {format_range(spec.bounds)}, unit {spec.unit}"
                assert f"\n  const {name} = {vector}[{i}];  // {comment}\n" in f"\n{body}\n"
        assigned = [line for line in body.splitlines() if line.startswith(f"  {target}[")]
        # the formulas read the named variables, never the vectors
        assert not any("_y[" in line or "_p[" in line for line in assigned)
    rates = [line for line in functions[0][2].splitlines() if line.startswith("  _dydt[")]
    assert [line.rsplit("// ", 1)[1] for line in rates] == [f"d {n}/dt" for n in model.state_names]


def test_names_javascript_reserves_get_a_dollar_sign():
    new, default, math = sympy.symbols("new default Math")
    model = Model.from_equations({default: -new * default + math}, params={new: 1.0, math: 0.5})
    source = model.javascript()
    assert "const default$ = _y[0];" in source
    assert "const new$ = _p[0];" in source
    assert "const Math$ = _p[1];" in source
    assert "_dydt[0] = Math$ - default$*new$;" in source


def test_the_module_is_cached_on_the_model_and_regenerated_after_an_edit():
    model = Dyad()
    first = model.javascript()
    assert model.javascript() is first
    model.add_term("trust_A", -model.symbols.learning * model.symbols.trust_A**2)
    assert "Math.pow(trust_A, 2)" in model.javascript()
    assert "Math.pow(trust_A, 2)" not in first


def test_the_printed_code_is_reused_from_disk_and_printed_again_when_damaged(tmp_path, monkeypatch):
    from intimacy_dynamics.core import jscode

    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", str(tmp_path))
    jscode._CACHE.clear()
    first = Dyad().javascript()
    (stored,) = tmp_path.glob("*.js.json")
    jscode._CACHE.clear()  # what a new process starts with
    print_all = jscode._print_all

    def must_not_print(*args):
        raise AssertionError("printed again instead of reading the disk cache")

    monkeypatch.setattr(jscode, "_print_all", must_not_print)
    assert Dyad().javascript() == first
    stored.write_text(stored.read_text()[:-20])  # truncated: fails its hash check
    jscode._CACHE.clear()
    with pytest.raises(AssertionError, match="printed again"):
        Dyad().javascript()
    monkeypatch.setattr(jscode, "_print_all", print_all)
    assert Dyad().javascript() == first


def test_models_with_the_same_equations_keep_their_own_declarations():
    # the printed equations are shared through the cache; defaults and ranges are not
    slow, fast = classic.strogatz(a=0.25), classic.strogatz(a=-2.5)
    assert '{name: "a", label: "' in slow.javascript()
    assert ", default: 0.25," in slow.javascript()
    assert ", default: 0.25," not in fast.javascript()
    assert ", default: -2.5," in fast.javascript()


def test_declarations_are_exported_as_data():
    model = Model.from_equations(
        {x: -k * x},
        params={k: Param(0.5, bounds=(0, None), soft=(0, 2), unit="1/day", label="Rate")},
        states={"x": State(1.0, bounds=(-1, 1), label="Level")},
        outputs={"twice": 2 * x},
        t_span=(0, 7),
        time_unit="day",
    )
    source = model.javascript()
    assert 'export const timeUnit = "day";\nexport const timeUnits = "days";\n' in source
    assert "\nexport const tSpan = [0, 7];" in source
    assert (
        '{name: "k", label: "Rate", partner: null, unit: "1/day", default: 0.5, '
        'bounds: [0, Infinity], soft: [0, 2], step: 0.02, doc: ""}'
    ) in source
    assert '{name: "twice", label: "twice", partner: null, unit: "1", default: null' in source
    assert "_out[0] = 2*x;  // twice" in source
    assert "_J[0][0] = -k;  // d(d x/dt)/d x" in source


def test_declaration_text_cannot_end_a_comment_or_a_page_script():
    x, k = sympy.symbols("x k")
    hostile = "*/ alert(1) </script><!-- \n more"
    model = Model.from_equations(
        {x: -k * x},
        params={k: Param(1.0, bounds=(0, 5), label=hostile, doc=hostile, unit=hostile)},
        states={"x": State(1.0, label=hostile)},
        time_unit="day */ alert(2)",
    )
    code = model.javascript()
    assert "</script" not in code
    assert "<!--" not in code
    assert "alert(1)" in code  # kept, as text
    for line in code.splitlines():
        if line.lstrip().startswith("/**"):
            assert line.rstrip().endswith("*/")
            assert line.count("*/") == 1
