"""Declaring, tracing, extending and editing models."""

import numpy as np
import pytest
import sympy

from intimacy_dynamics import Model, ModelDefinitionError, Output, Param, State, sigmoid
from tests.conftest import Dyad, DyadWithConflict, random_point


def test_per_partner_declarations_expand_in_order(dyad):
    assert dyad.state_names == ["disclosure_A", "disclosure_B", "trust_A", "trust_B"]
    assert dyad.param_names == ["gain_A", "gain_B", "threshold_A", "threshold_B", "learning"]
    spec = dyad.state_specs["trust_B"]
    assert (spec.base, spec.partner, spec.display_label) == ("trust", "B", "Trust (B)")
    assert spec.latex_symbol == "T_{B}"


def test_rates_written_once_are_applied_to_both_partners(dyad):
    s = dyad.symbols
    eqs = dyad.equations()
    expected_b = s.learning * (s.disclosure_A * (1 - s.trust_B) - s.trust_B / 2)
    assert sympy.simplify(eqs[s.trust_B] - expected_b) == 0
    swap = {
        s.trust_A: s.trust_B,
        s.trust_B: s.trust_A,
        s.disclosure_A: s.disclosure_B,
        s.disclosure_B: s.disclosure_A,
        s.gain_A: s.gain_B,
        s.gain_B: s.gain_A,
        s.threshold_A: s.threshold_B,
        s.threshold_B: s.threshold_A,
    }
    for a, b in [("trust_A", "trust_B"), ("disclosure_A", "disclosure_B")]:
        assert sympy.simplify(eqs[s[a]].xreplace(swap) - eqs[s[b]]) == 0


def test_subclass_adding_a_term_changes_rhs_and_jacobian_exactly_as_sympy_says(rng):
    base, extended = Dyad(), DyadWithConflict()
    s = extended.symbols
    term_a = -s.conflict * s.trust_A * s.trust_B
    # symbolic: the only difference is the added term (per partner)
    diff = extended.equations()[s.trust_A] - base.equations()[s.trust_A]
    assert sympy.simplify(diff - term_a) == 0
    jac_diff = extended.jacobian() - base.jacobian()
    state_syms = [s[n] for n in extended.state_names]
    expected = sympy.Matrix(
        [
            [0] * 4,
            [0] * 4,
            sympy.Matrix([term_a]).jacobian(state_syms),
            [0, 0, -s.conflict * s.trust_B, -s.conflict * s.trust_A],
        ]
    )
    assert sympy.simplify(jac_diff - expected) == sympy.zeros(4, 4)
    # numeric: generated code agrees with the symbolic difference at random points
    for _ in range(20):
        y, p_ext = random_point(extended, rng)
        p_base = p_ext[:-1]
        kappa = p_ext[-1]
        d_rhs = np.subtract(extended.compile().rhs(0, y, p_ext), base.compile().rhs(0, y, p_base))
        ta, tb = y[2], y[3]
        np.testing.assert_allclose(d_rhs, [0, 0, -kappa * ta * tb, -kappa * ta * tb], atol=1e-14)
        d_jac = extended.compile().jacobian(0, y, p_ext) - base.compile().jacobian(0, y, p_base)
        np.testing.assert_allclose(d_jac[2], [0, 0, -kappa * tb, -kappa * ta], atol=1e-14)
        np.testing.assert_allclose(d_jac[:2], 0, atol=1e-14)


def test_subclass_can_add_a_state():
    class WithMemory(Dyad):
        memory = State(0.0, bounds=(0, 1), per_partner=True)

        def rates(self, me, other, p):
            return {**super().rates(me, other, p), "memory": me.trust - me.memory}

    model = WithMemory()
    assert model.state_names[-2:] == ["memory_A", "memory_B"]
    assert model.jacobian().shape == (6, 6)


def test_editing_an_instance_invalidates_equations_and_compiled_code(rng):
    model = Dyad()
    before = model.compile()
    y, p = random_point(model, rng)
    model.add_param("damping", Param(0.5, bounds=(0, 2)))
    model.add_term("disclosure", lambda me, other, p: -p.damping * me.disclosure)
    after = model.compile()
    assert after is not before
    assert model.param_names[-1] == "damping"
    rates = np.subtract(after.rhs(0, y, [*p, 0.5]), before.rhs(0, y, p))
    np.testing.assert_allclose(rates, [-0.5 * y[0], -0.5 * y[1], 0, 0], atol=1e-14)
    # set_rate replaces; add_state declares a state with its rate
    model.set_rate("trust_A", 0).add_state("spark", State(0.1), rate=lambda s: -s.spark)
    assert model.equations()[model.symbols.trust_A] == 0
    assert model.compile().rhs(0, [*y, 0.1], [*p, 0.5])[-1] == pytest.approx(-0.1)


def test_two_instances_share_compiled_code():
    assert Dyad().compile() is Dyad().compile()


def test_outputs_are_traced_like_rates():
    class WithOutputs(Dyad):
        openness = Output(bounds=(0, 2), per_partner=True, label="Openness")

        def outputs(self, me, other, p):
            return {"openness": me.disclosure + me.trust}

    model = WithOutputs()
    s = model.symbols
    assert model.output_equations() == {
        s.openness_A: s.disclosure_A + s.trust_A,
        s.openness_B: s.disclosure_B + s.trust_B,
    }


def test_latex_names_every_state_with_its_symbol(dyad):
    latex = dyad.latex()
    for symbol in ["D_{A}", "T_{B}", r"\lambda", r"\theta_{A}", "g_{B}"]:
        assert symbol in latex
    assert latex._repr_latex_().startswith("$$")
    assert latex.count(r"\frac{d") == 4


def test_from_equations_maps_symbols_by_name_whatever_their_assumptions():
    x, y = sympy.symbols("x y", positive=True)
    k = sympy.Symbol("k")
    model = Model.from_equations({x: -k * x, "y": x - y}, params={"k": Param(2.0, bounds=(0, 9))})
    assert model.state_names == ["x", "y"]
    assert model.compile().rhs(0, [1.0, 0.5], [2.0]) == [-2.0, 0.5]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Model.from_equations({"x": sympy.Symbol("k")}), "uses k, which the model does"),
        (lambda: Model.from_equations({"x": "k*x"}), "strings are not parsed"),
        (lambda: Model.from_equations({"t": 1}), "reserved"),
        (lambda: Model.from_equations({"x": 1}, states={"z": State()}), "have no equation"),
    ],
)
def test_bad_model_definitions_are_explained(build, message):
    with pytest.raises(ModelDefinitionError, match=message):
        build().equations()


def test_missing_rate_and_misspelled_symbol_are_explained():
    class Missing(Dyad):
        def rates(self, me, other, p):
            return {"trust": me.trust}

    with pytest.raises(ModelDefinitionError, match="no expression for state"):
        Missing().equations()

    class Typo(Dyad):
        def rates(self, me, other, p):
            return {"trust": me.trst, "disclosure": 0}

    with pytest.raises(ModelDefinitionError, match="did you mean 'trust'"):
        Typo().equations()


def test_declarations_reject_inconsistent_metadata():
    with pytest.raises(ModelDefinitionError, match="outside its allowed range"):
        Param(2.0, bounds=(0, 1))
    with pytest.raises(ModelDefinitionError, match="soft range"):
        Param(0.5, bounds=(0, 1), soft=(0.5, 2))
    with pytest.raises(ModelDefinitionError, match="needs a default"):
        Param()


def test_sigmoid_is_the_logistic_function():
    assert float(sigmoid(0.7, 4, 0.7)) == pytest.approx(0.5)
    assert float(sigmoid(1.0, 4, 0.5)) == pytest.approx(1 / (1 + np.exp(-2)))


def test_models_pickle_as_their_equations_for_worker_processes(rng):
    import pickle

    from intimacy_dynamics.classic import laura_petrarch

    class WithOutputs(DyadWithConflict):
        openness = Output(bounds=(0, 2), per_partner=True, label="Openness")

        def outputs(self, me, other, p):
            return {"openness": me.disclosure + me.trust}

    for model in (WithOutputs(), laura_petrarch()):
        copy = pickle.loads(pickle.dumps(model))
        assert copy.state_names == model.state_names
        assert copy.param_names == model.param_names
        assert copy.output_names == model.output_names
        assert copy.equations() == model.equations()
        assert copy.params() == model.params()
        first = model.state_names[0]
        assert copy.spec(first).display_label == model.spec(first).display_label
        assert copy.spec(first).latex_symbol == model.spec(first).latex_symbol
        y, p = random_point(model, rng)
        np.testing.assert_array_equal(copy.compile().rhs(0, y, p), model.compile().rhs(0, y, p))
