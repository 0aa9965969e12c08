"""Run the JavaScript runtime in Node.js, with no browser: for tests and benchmarks.

:func:`simulate_in_node` writes the runtime (:func:`~intimacy_dynamics.frontend.runtime_module`)
and the model's module (:meth:`Model.javascript() <intimacy_dynamics.Model.javascript>`)
to a temporary folder and runs every requested simulation in one ``node`` process.
:func:`readouts_in_node` does the same for the readouts of given runs (Python's, say), with
:func:`~intimacy_dynamics.frontend.readout_module`. Node.js is found as ``$NODE``, else
``node`` on the path (Debian's ``nodejs`` package).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from intimacy_dynamics.frontend import readout_module, runtime_module

__all__ = [
    "JavaScriptRun",
    "node_executable",
    "readouts_in_node",
    "run_as_json",
    "simulate_in_node",
]


class JavaScriptRun(dict):
    """One run's result: ``t``, ``y``, ``outputs`` and ``finalParams`` as arrays, or ``error``.

    ``y`` and ``outputs`` are by rows and times, ``finalParams`` the parameters at the last
    time. ``error`` is ``{"name": ..., "message": ...}`` when the runtime raised; ``milliseconds``
    is the best time of one solve when timing was asked for.
    """

    def __init__(self, data: Mapping):
        super().__init__(data)
        if "t" in self:
            self["t"] = np.asarray(self["t"], dtype=float)
            for key in ("y", "outputs"):  # (rows, times), also when there are no rows
                self[key] = np.asarray(self[key], dtype=float).reshape(-1, self["t"].size)
            self["finalParams"] = np.asarray(self["finalParams"], dtype=float)


def node_executable() -> str | None:
    """The Node.js executable: ``$NODE`` or ``node`` on the path; ``None`` if there is none."""
    return os.environ.get("NODE") or shutil.which("node")


def _as_json(options: Mapping) -> dict:
    """The options of one run with signals as their dicts and arrays as lists."""
    converted = dict(options)
    if "inputs" in converted:
        converted["inputs"] = {
            name: signal.to_dict() if hasattr(signal, "to_dict") else signal
            for name, signal in converted["inputs"].items()
        }
    return {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in converted.items()}


def simulate_in_node(
    model, runs: Sequence[Mapping], *, repeat: int = 0, timeout: float = 300.0
) -> list[JavaScriptRun]:
    """Simulate ``model`` with the JavaScript runtime in Node.js, once per entry of ``runs``.

    Parameters
    ----------
    model : Model
        Any model whose equations have a JavaScript form.
    runs : sequence of mapping
        Options of the JavaScript ``simulate`` (``params``, ``y0``, ``tSpan``, ``tEval``,
        ``inputs``, ``rtol``, ``atol``, ...); ``inputs`` may hold Python signals.
    repeat : int
        When positive, also time each run: the best of ``repeat`` solves, in node.
    timeout : float
        Seconds before node is stopped.

    Returns
    -------
    list of JavaScriptRun
    """
    request = {"runs": [_as_json(r) for r in runs], "repeat": int(repeat)}
    results = _run_in_node("node_driver.mjs", runtime_module(), model, request, timeout)
    return [JavaScriptRun(result) for result in results]


def run_as_json(run) -> dict:
    """A :class:`~intimacy_dynamics.Trajectory` as the JavaScript ``simulate`` returns a run.

    ``{t, y, outputs, stateNames, outputNames, finalParams}``, with lists for arrays:
    what the JavaScript readouts read.
    """
    return {
        "t": run.t.tolist(),
        "y": run.y.tolist(),
        "outputs": [run[name].tolist() for name in run.output_names],
        "stateNames": list(run.state_names),
        "outputNames": list(run.output_names),
        "finalParams": run.final_parameter_values(),
    }


def readouts_in_node(
    model, runs: Sequence, watched: Sequence[str], *, couple: Mapping | None = None
) -> list[dict]:
    """The JavaScript readouts of ``runs`` (Trajectories of ``model``) in Node.js.

    Each result holds ``outcome`` (``runOutcome``) and ``text`` (``describeOutcome``) for
    the quantities ``watched``, and with ``couple`` (the constants of the couple's
    verdict, :func:`~intimacy_dynamics.intimacy.endings.ending_rules`) also ``ending``
    (``classifyEnding``) and ``coupleText`` (``describeCouple``); or ``error``.
    """
    request = {"runs": [run_as_json(run) for run in runs], "watched": list(watched)}
    request["couple"] = None if couple is None else dict(couple)
    return _run_in_node("readout_driver.mjs", readout_module(), model, request, 300.0)


def _run_in_node(driver: str, runtime: str, model, request: Mapping, timeout: float) -> list:
    """Run ``driver`` on the ``runtime`` and ``model``'s modules with ``request`` as JSON."""
    node = node_executable()
    if node is None:
        raise FileNotFoundError("Node.js is not installed: apt-get install nodejs (or set $NODE)")
    with tempfile.TemporaryDirectory(prefix="intimacy-js-") as folder:
        paths = [Path(folder) / "runtime.mjs", Path(folder) / "model.mjs"]
        paths[0].write_text(runtime, encoding="utf-8")
        paths[1].write_text(model.javascript(), encoding="utf-8")
        with resources.as_file(resources.files(__package__) / driver) as script:
            done = subprocess.run(
                [node, str(script), *map(str, paths)],
                input=json.dumps(request),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
    if done.returncode != 0:
        raise RuntimeError(f"node failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)
