"""JavaScript benchmark: one solve of IntimacyModel's default run in node, against Python.

Run: ``python benchmarks/bench_javascript.py`` (or ``make bench``); it needs ``node``.

* JavaScript: the runtime's ``simulate(model, {})`` on the module ``model.javascript()``
  prints: the default span, 401 output times, rtol 1e-6, atol 1e-9. Timed inside node
  (best of 50 solves, after a first one that warms up the JIT), so process start-up and
  JSON transfer are left out. The same solve with only the two end times shows what the
  401 output times (dense output and outputs) cost.
* Python: ``simulate(IntimacyModel())`` with the same defaults (LSODA on the generated
  code), best of 15, in this process.
The ratio is Python's time over JavaScript's, both from this run. The largest difference
between the two trajectories is printed beside it.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_of, row  # first: it pins BLAS threads before numpy loads

import time

import numpy as np

from intimacy_dynamics import IntimacyModel, simulate
from intimacy_dynamics.frontend.node import node_executable, simulate_in_node


def main():
    if node_executable() is None:
        print("javascript benchmark skipped: node is not installed (apt-get install nodejs)")
        return
    model = IntimacyModel()
    model.compile()
    start = time.perf_counter()
    model.javascript()
    t_generate = time.perf_counter() - start
    js, ends_only = simulate_in_node(model, [{}, {"nPoints": 2}], repeat=50)
    t_js = js["milliseconds"] / 1e3
    trajectory = simulate(model)
    t_python = best_of(lambda: simulate(model), repeat=15)
    difference = float(np.max(np.abs(js["y"] - trajectory.y)))

    print(f"javascript benchmark ({len(model.state_names)}-state {model.name}, default run)")
    print(row("model.javascript(), first call (cse and printing)", t_generate))
    print(row(f"JavaScript solve in node ({js['steps']} steps, best of 50)", t_js))
    print(
        row(
            "  the same with 2 output times (no dense output to speak of)",
            ends_only["milliseconds"] / 1e3,
        )
    )
    print(row("Python simulate, LSODA (best of 15)", t_python))
    print(f"{'ratio Python / JavaScript':<58} {t_python / t_js:10.1f} x")
    print(f"{'largest state difference, JavaScript - Python':<58} {difference:10.1e}")


if __name__ == "__main__":
    main()
