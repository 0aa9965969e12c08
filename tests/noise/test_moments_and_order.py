"""The scheme against SDEs whose moments are known, and its strong order of convergence.

Every moment is compared with the truth within four Monte-Carlo standard errors (the
standard error estimated from the same sample), with enough paths that the scheme's own
bias at the step used is well below that. Seeds are fixed, so the tests are repeatable.
"""

import numpy as np
import sympy
from scipy.linalg import expm

import intimacy_dynamics as idyn
from intimacy_dynamics import Noise, State, simulate_ensemble
from intimacy_dynamics.classic.linear import cautious_lovers
from intimacy_dynamics.simulation.stochastic import NoisePlan, integrate_sde

PATHS = 4000
TIMES = np.array([0.0, 0.25, 1.0, 2.0])
DT = 0.005
Z = 4.0  # standard errors allowed


def _paths(model, **options) -> dict[str, np.ndarray]:
    result = simulate_ensemble(
        model,
        n_members=PATHS,
        noise=True,
        seed=20260415,
        dt=DT,
        t_eval=TIMES,
        keep="all",
        **options,
    )
    return {name: result.trajectories(name) for name in model.state_names}


def _assert_mean(sample: np.ndarray, truth: float):
    error = sample.std(ddof=1) / np.sqrt(sample.size)
    assert abs(sample.mean() - truth) < Z * error, (sample.mean(), truth, error)


def _assert_variance(sample: np.ndarray, truth: float):
    squares = (sample - sample.mean()) ** 2
    error = squares.std(ddof=1) / np.sqrt(sample.size)
    assert abs(squares.mean() - truth) < Z * error, (squares.mean(), truth, error)


def test_ornstein_uhlenbeck_mean_and_variance():
    x, theta, mu = sympy.symbols("x theta mu")
    ou = idyn.Model.from_equations(
        {x: theta * (mu - x)},
        params={theta: 1.5, mu: 0.4},
        states={"x": State(2.0)},
        noise={"sigma": Noise(0.8, drives="x")},
    )
    paths = _paths(ou)["x"]
    for k, t in enumerate(TIMES[1:], start=1):
        _assert_mean(paths[:, k], 0.4 + (2.0 - 0.4) * np.exp(-1.5 * t))
        _assert_variance(paths[:, k], 0.8**2 / (2 * 1.5) * (1 - np.exp(-2 * 1.5 * t)))


def test_the_noisy_cautious_lovers_are_a_two_dimensional_ou_process():
    """dX = A X dt + sigma dW: mean e^{At} X0, covariance sigma^2 (2A)^-1 (e^{2At} - I)."""
    model = cautious_lovers(a=-2, b=1)
    A = np.array([[-2.0, 1.0], [1.0, -2.0]])  # symmetric, so the covariance has this form
    paths = _paths(model)
    sigma = model.noise_specs["mood"].default
    for k, t in enumerate(TIMES[1:], start=1):
        mean = expm(A * t) @ np.array([1.0, 0.0])
        cov = sigma**2 * np.linalg.solve(2 * A, expm(2 * A * t) - np.eye(2))
        R, J = paths["R"][:, k], paths["J"][:, k]
        _assert_mean(R, mean[0])
        _assert_mean(J, mean[1])
        _assert_variance(R, cov[0, 0])
        _assert_variance(J, cov[1, 1])
        products = (R - R.mean()) * (J - J.mean())
        error = products.std(ddof=1) / np.sqrt(PATHS)
        assert abs(products.mean() - cov[0, 1]) < Z * error


def test_geometric_brownian_motion_mean_and_variance():
    x, growth = sympy.symbols("x growth")
    gbm = idyn.Model.from_equations(
        {x: growth * x},
        params={growth: 0.3},
        states={"x": State(1.0, bounds=(0, None))},
        noise={"volatility": Noise(0.4, drives="x")},
    )
    paths = _paths(gbm)["x"]
    assert paths.min() > 0
    for k, t in enumerate(TIMES[1:], start=1):
        _assert_mean(paths[:, k], np.exp(0.3 * t))
        _assert_variance(paths[:, k], np.exp(0.6 * t) * (np.exp(0.4**2 * t) - 1))


def test_a_bounded_state_with_linear_drift_has_the_ou_mean():
    """dx = theta (mu - x) dt + sigma x (1 - x) dW in [0, 1]: E x follows the linear drift.

    The noise is multiplicative and the scheme steps the logit of x, so this checks the
    Itô correction of the transform.
    """
    x, theta, mu = sympy.symbols("x theta mu")
    bounded = idyn.Model.from_equations(
        {x: theta * (mu - x)},
        params={theta: 1.0, mu: 0.3},
        states={"x": State(0.8, bounds=(0, 1))},
        noise={"sigma": Noise(1.5, drives="x")},
    )
    paths = _paths(bounded)["x"]
    assert paths.min() > 0
    assert paths.max() < 1
    for k, t in enumerate(TIMES[1:], start=1):
        _assert_mean(paths[:, k], 0.3 + 0.5 * np.exp(-t))


class _GivenNormals:
    """A stand-in for a numpy Generator that hands out prepared standard normals."""

    def __init__(self, normals: np.ndarray):
        self.normals, self.used = normals, 0

    def standard_normal(self, size):
        count = int(np.prod(size))
        block = self.normals[self.used : self.used + count]
        self.used += count
        return block.reshape(size)


def _endpoints(model, increments: np.ndarray, steps: int) -> np.ndarray:
    """x(1) of each path, stepped with ``steps`` steps on the given Brownian paths.

    ``increments`` has shape (paths, finest steps): Brownian increments on the finest
    grid, summed in blocks for coarser steps (the same path, refined).
    """
    paths, finest = increments.shape
    coarse = increments.reshape(paths, steps, finest // steps).sum(axis=2)
    normals = coarse / np.sqrt(1.0 / steps)
    compiled = model.compile()
    y0 = np.full((1, paths), 0.8)
    solution = integrate_sde(
        compiled.rhs_vectorized,
        y0,
        np.array([1.0]),
        0.0,
        1.0 / steps,
        NoisePlan(model, model.noise()),
        [_GivenNormals(row) for row in normals],
        lambda t: model.params().as_list(),
    )
    return solution.y[0, :, -1]


def _logistic_with_noise():
    x, r = sympy.symbols("x r")
    return idyn.Model.from_equations(
        {x: r * x * (1 - x) * (x - 0.2) + 0.5 * (0.5 - x)},
        params={r: 3.0},
        states={"x": State(0.8, bounds=(0, 1))},
        noise={"sigma": Noise(1.0, drives="x")},
    )


def test_the_weak_order_is_one():
    """|E f(x(1)) - E f(x_ref(1))| for f(x) = x and x^2, against dt: slope in [0.8, 1.2].

    The reference is the scheme at 4096 steps on the same Brownian paths, so the
    Monte-Carlo noise of the two means nearly cancels and the bias shows.
    """
    model = _logistic_with_noise()
    increments = np.random.default_rng(2).standard_normal((2000, 2**12)) * np.sqrt(2.0**-12)
    reference = _endpoints(model, increments, 2**12)
    steps = np.array([2**2, 2**3, 2**4, 2**5, 2**6])
    coarse = [_endpoints(model, increments, n) for n in steps]
    for power in (1, 2):
        errors = [abs(np.mean(end**power) - np.mean(reference**power)) for end in coarse]
        slope = np.polyfit(np.log(1.0 / steps), np.log(errors), 1)[0]
        assert 0.8 <= slope <= 1.2, (power, slope, errors)


def test_the_strong_order_is_one():
    """Strong error at t = 1 against dt, on the same Brownian paths: log-log slope near 1.

    Euler-Maruyama on the untransformed multiplicative noise would give 0.5; the slope
    must lie in [0.8, 1.2].
    """
    logistic = _logistic_with_noise()
    rng = np.random.default_rng(1)
    finest = 2**12
    increments = rng.standard_normal((400, finest)) * np.sqrt(1.0 / finest)
    reference = _endpoints(logistic, increments, finest)
    steps = np.array([2**3, 2**4, 2**5, 2**6, 2**7])
    errors = [np.mean(np.abs(_endpoints(logistic, increments, n) - reference)) for n in steps]
    slope = np.polyfit(np.log(1.0 / steps), np.log(errors), 1)[0]
    assert 0.8 <= slope <= 1.2, (slope, errors)
