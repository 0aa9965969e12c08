"""Measurements on simulated trajectories, shared by the classic-model tests."""

import numpy as np


def upward_crossings(t, x, level=0.0):
    """Times at which ``x`` crosses ``level`` upwards, linearly interpolated."""
    x = np.asarray(x) - level
    k = np.where((x[:-1] < 0) & (x[1:] >= 0))[0]
    return t[k] - x[k] * (t[k + 1] - t[k]) / (x[k + 1] - x[k])


def local_maxima(x):
    """Indices of the strict interior local maxima of ``x``."""
    x = np.asarray(x)
    return np.where((x[1:-1] > x[:-2]) & (x[1:-1] > x[2:]))[0] + 1


def eigenvalues(model, y, params=None):
    """Eigenvalues of the compiled exact Jacobian at state ``y``."""
    p = model.params(params).as_list()
    return np.linalg.eigvals(model.compile().jacobian(0.0, list(y), p))
