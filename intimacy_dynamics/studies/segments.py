"""Many couples through a sequence of segments, each with its own parameter values.

A study changes what couples do from one stretch of time to the next: the day's talk
and depth in a diary, whose turn it is in an experiment. :func:`run_segments`
integrates every couple at once through such a sequence (one vectorized ensemble run
per segment, each starting where the last one ended), so a study of a hundred couples
costs as many ensemble runs as it has segments, not a hundred times that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.ensemble import simulate_ensemble
from intimacy_dynamics.errors import IntegrationError

__all__ = ["Segment", "final_states", "run_segments"]

#: Accuracy of a study's runs: tighter than the day-to-day differences a diary reads.
STUDY_ACCURACY = {"rtol": 1e-6, "atol": 1e-9}


@dataclass(frozen=True)
class Segment:
    """A stretch of ``days`` in which parameters take the values in ``changes``.

    ``changes`` maps parameter names to one value for every couple or an array with
    one value per couple; names not given keep the couples' own values.
    """

    days: float
    changes: Mapping[str, float | np.ndarray]


def final_states(model, result) -> dict[str, np.ndarray]:
    """Every couple's state at the end of an ensemble run, by state name."""
    return {name: result.final(name) for name in model.state_names}


def run_segments(
    model,
    couples: Mapping[str, np.ndarray],
    segments: Iterable[Segment],
    *,
    y0: Mapping[str, np.ndarray] | None = None,
    n_points: int = 2,
    keep: str = "summary",
    on_segment: Callable | None = None,
    noise=None,
    seed=None,
    **options,
) -> dict[str, np.ndarray]:
    """Integrate ``couples`` through ``segments``; return their final states.

    Parameters
    ----------
    model : Model
    couples : mapping
        The couples' parameters, one array per name (from
        :func:`~intimacy_dynamics.intimacy.populations.couples`).
    segments : iterable of Segment
    y0 : mapping, optional
        The starting states; the model's defaults otherwise (strangers, for the
        intimacy model).
    n_points : int
        Output times per segment (2: its start and end).
    keep : {"summary", "all"}
        Passed to :func:`~intimacy_dynamics.simulate_ensemble`; ``"all"`` when
        ``on_segment`` reads trajectories.
    on_segment : callable, optional
        Called as ``on_segment(index, result)`` with each segment's
        :class:`~intimacy_dynamics.ensemble.ensemble.EnsembleResult`.
    noise : optional
        As for :func:`~intimacy_dynamics.simulate_ensemble`: ``None`` integrates the
        equations; otherwise every segment is a noisy run.
    seed : callable, optional
        With ``noise``, ``seed(index)`` gives segment ``index``'s seed (each segment
        needs its own streams, or every day would repeat the same noise).
    **options
        Passed to :func:`~intimacy_dynamics.simulate_ensemble`.

    Raises
    ------
    IntegrationError
        If any couple's run fails in any segment.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel
    >>> from intimacy_dynamics.intimacy.populations import couples
    >>> model, pairs = IntimacyModel(), couples(8, seed=1)
    >>> talk = Segment(5.0, {"speaking_A": 1.0, "speaking_B": 1.0})
    >>> silence = Segment(5.0, {"speaking_A": 0.0, "speaking_B": 0.0})
    >>> after = run_segments(model, pairs, [talk, silence])
    >>> after["intimacy_A"].shape
    (8,)
    """
    states = None if y0 is None else dict(y0)
    for index, segment in enumerate(segments):
        table = {**couples, **segment.changes}
        noisy = {} if noise is None else {"noise": noise, "seed": seed(index)}
        result = simulate_ensemble(
            model,
            table,
            y0=states,
            t_span=(0.0, float(segment.days)),
            n_points=n_points,
            keep=keep,
            **noisy,
            **{**({} if noise is not None else STUDY_ACCURACY), **options},
        )
        if result.failed.any():
            raise IntegrationError(
                f"{int(result.failed.sum())} couples' runs failed in segment {index} "
                f"({segment.days:g} days with {sorted(segment.changes)})"
            )
        if on_segment is not None:
            on_segment(index, result)
        states = final_states(model, result)
    return states
