"""Textbook systems with known equilibria, bifurcations and cycles."""

import sympy

from intimacy_dynamics import Model, Param, State

x, y, mu, a, b, r = sympy.symbols("x y mu a b r")


def box(low=-3.0, high=3.0, default=0.0):
    return State(default, bounds=(low, high))


def hopf_normal_form(mu0=-1.0):
    """Supercritical Hopf at mu = 0; cycle radius sqrt(mu), period 2*pi."""
    r2 = x**2 + y**2
    return Model.from_equations(
        {x: mu * x - y - x * r2, y: x + mu * y - y * r2},
        params={mu: Param(mu0, bounds=(-2, 2))},
        states={"x": box(default=0.1), "y": box()},
        t_span=(0.0, 200.0),
        name="HopfNormalForm",
    )


def brusselator(a0=1.0, b0=1.0):
    """Equilibrium (a, b/a); Hopf at b = 1 + a**2."""
    return Model.from_equations(
        {x: a - (b + 1) * x + x**2 * y, y: b * x - x**2 * y},
        params={a: Param(a0, bounds=(0.1, 5)), b: Param(b0, bounds=(0, 20))},
        states={"x": box(0, 30, 1.0), "y": box(0, 30, 1.0)},
        name="Brusselator",
    )


def hysteresis():
    """x' = r + x - x**3: folds at r = ±2/(3*sqrt(3)), bistable between them."""
    return Model.from_equations(
        {x: r + x - x**3, y: -y},
        params={r: Param(0.0, bounds=(-2, 2))},
        states={"x": box(default=-1.0), "y": box()},
        t_span=(0.0, 40.0),
        name="Hysteresis",
    )


def pitchfork():
    """x' = r x - x**3: branch point at r = 0 on x = 0."""
    return Model.from_equations(
        {x: r * x - x**3, y: -y},
        params={r: Param(-1.0, bounds=(-2, 2))},
        states={"x": box(), "y": box()},
        name="Pitchfork",
    )
