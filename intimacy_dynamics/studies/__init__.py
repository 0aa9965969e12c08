"""Virtual studies: the field's diaries and experiments, run on simulated couples.

- :mod:`~intimacy_dynamics.studies.diary`: a virtual daily-diary study
  (:func:`diary_study`): couples' daily reports with day-to-day variation,
  measurement error and missing days;
- :mod:`~intimacy_dynamics.studies.experiments`: laboratory experiments with
  strangers (:func:`turn_taking_experiment`, :func:`fast_friends`);
- :mod:`~intimacy_dynamics.studies.multilevel`: the multilevel analysis of a daily
  diary (:func:`analyse_diary`), with a mediation by perceived responsiveness;
- :mod:`~intimacy_dynamics.studies.segments`: many couples run at once through a
  sequence of stretches with their own parameter values (days, turns).
"""

from intimacy_dynamics.studies.diary import diary_study
from intimacy_dynamics.studies.experiments import (
    ExperimentResult,
    fast_friends,
    turn_taking_experiment,
)
from intimacy_dynamics.studies.multilevel import DIARY_COLUMNS, DiaryAnalysis, analyse_diary

__all__ = [
    "DIARY_COLUMNS",
    "DiaryAnalysis",
    "ExperimentResult",
    "analyse_diary",
    "diary_study",
    "fast_friends",
    "turn_taking_experiment",
]
