"""The classic package as a whole: exports, declarations and documentation."""

import inspect

import pytest

import intimacy_dynamics.classic as classic
from intimacy_dynamics import Model

FACTORIES = [
    classic.strogatz,
    classic.rinaldi_linear,
    classic.laura_petrarch,
    classic.rhett_scarlett,
    classic.felmlee_greenberg,
    classic.coupled_oscillator,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_signature_defaults_are_the_declared_defaults(factory):
    model = factory()
    assert isinstance(model, Model)
    signature = {n: p.default for n, p in inspect.signature(factory).parameters.items()}
    assert signature == {n: s.default for n, s in model.param_specs.items()}


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_every_quantity_is_documented(factory):
    model = factory()
    for spec in [*model.param_specs.values(), *model.state_specs.values()]:
        assert all((spec.label, spec.doc, spec.symbol)), spec.name
    assert "References" in factory.__doc__
    assert "Examples" in factory.__doc__


def test_gottman_parameters_are_documented():
    for influence in classic.INFLUENCES:
        for spec in classic.gottman_map(influence).param_specs.values():
            assert all((spec.label, spec.doc, spec.symbol)), spec.name


def test_all_exports_exist():
    assert all(hasattr(classic, name) for name in classic.__all__)


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_every_default_lies_on_its_slider(factory):
    model = factory()
    for name, spec in {**model.param_specs, **model.state_specs}.items():
        assert spec.soft[0] <= spec.default <= spec.soft[1], name
        steps = (spec.default - spec.soft[0]) / spec.step  # on the slider's grid: no snapping
        assert abs(steps - round(steps)) < 1e-9, name
