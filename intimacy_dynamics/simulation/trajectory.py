"""The result of one simulation: times, states, outputs and the inputs that drove them."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from intimacy_dynamics.core.params import ParamSet
from intimacy_dynamics.core.validation import as_finite_float, check_known_name
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.simulation.inputs import Signal

__all__ = ["Trajectory"]


class Trajectory:
    """States (and derived outputs) of a model over time.

    Index it by any state, output or parameter name to get its values at :attr:`t`
    (a parameter driven by an input signal varies; others are constant).

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Output times.
    y : ndarray, shape (n_states, n_times)
        States, one row per entry of :attr:`state_names`.
    params : ParamSet
        The parameters of the run (baselines, for those driven by inputs).
    inputs : dict of str to Signal
        The signals that drove parameters during the run.
    solver : dict
        What integrated the run: ``method``, ``nfev`` (the solvers' own count), whether
        a stiff ``fallback`` was needed, and the ``evaluations`` of the rates and the
        Jacobian charged to the run's budget. A noisy run adds its fixed step ``dt``,
        its ``noise`` intensities and its ``seed`` (a ``SeedSequence``: pass it as
        ``seed=`` to repeat the run).

    Examples
    --------
    >>> import intimacy_dynamics as idyn, sympy
    >>> x, k = sympy.symbols("x k")
    >>> model = idyn.Model.from_equations({x: -k * x}, params={k: 1.0},
    ...                                   states={"x": idyn.State(1.0)})
    >>> traj = idyn.simulate(model, t_span=(0, 2))
    >>> round(traj.final()["x"], 4)  # exp(-2)
    0.1353
    """

    def __init__(
        self,
        model,
        t: np.ndarray,
        y: np.ndarray,
        params: ParamSet,
        inputs: Mapping[str, Signal],
        solver: dict,
    ):
        self.model = model
        self.t = t
        self.y = y
        self.params = params
        self.inputs = dict(inputs)
        self.solver = solver
        self._outputs: np.ndarray | None = None

    @property
    def state_names(self) -> list[str]:
        """Names of the rows of :attr:`y`."""
        return self.model.state_names

    @property
    def output_names(self) -> list[str]:
        """Names of the model's derived outputs."""
        return self.model.output_names

    @property
    def names(self) -> list[str]:
        """Every state and output name the trajectory can be indexed by."""
        return self.state_names + self.output_names

    def parameter_values(self) -> list:
        """Each parameter's value over :attr:`t` (an array if driven, else a float)."""
        values = self.params.as_list()
        for name, signal in self.inputs.items():
            index = self.model.param_names.index(name)
            values[index] = signal.value(self.t, values[index])
        return values

    def final_parameter_values(self) -> list[float]:
        """Each parameter's value at the last time of :attr:`t` (as driven by the inputs)."""
        return [float(np.asarray(v)[-1] if np.ndim(v) else v) for v in self.parameter_values()]

    def _output_table(self) -> np.ndarray:
        if self._outputs is None:
            compiled = self.model.compile()
            if self.output_names:
                self._outputs = compiled.outputs(self.t, self.y, self.parameter_values())
            else:
                self._outputs = np.empty((0, self.t.size))
        return self._outputs

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self.state_names:
            return self.y[self.state_names.index(name)]
        if name in self.output_names:
            return self._output_table()[self.output_names.index(name)]
        if name in self.model.param_names:
            value = self.parameter_values()[self.model.param_names.index(name)]
            return np.broadcast_to(value, self.t.shape)
        known = self.names + self.model.param_names
        check_known_name(name, known, "quantity", f"this {self.model.name} run", BadInputError)
        raise AssertionError  # pragma: no cover

    def __contains__(self, name: object) -> bool:
        return name in self.names or name in self.model.param_names

    def __repr__(self) -> str:
        return (
            f"<Trajectory of {self.model.name}: t in [{self.t[0]:g}, {self.t[-1]:g}] "
            f"{self.model.time_units}, {self.t.size} times, {len(self.state_names)} states>"
        )

    def final(self) -> dict[str, float]:
        """Every state and output at the last time."""
        return {name: float(self[name][-1]) for name in self.names}

    def tail_mean(self, name: str, fraction: float = 0.25) -> float:
        """The mean of ``name`` over the last ``fraction`` of the run (its long-run value)."""
        fraction = as_finite_float(fraction, "fraction", (1e-9, 1.0))
        start = self.t[-1] - fraction * (self.t[-1] - self.t[0])
        return float(np.mean(self[name][self.t >= start]))

    def to_dataframe(self):
        """A pandas DataFrame indexed by time, with a column per state and output."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from None

        data = {name: self[name] for name in self.names}
        return pd.DataFrame(data, index=pd.Index(self.t, name="t"))
