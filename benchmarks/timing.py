"""Timing helpers shared by the benchmark scripts: BLAS pinned, min of k, ratios."""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported anywhere
os.environ["INTIMACY_DYNAMICS_CODE_CACHE"] = "off"  # a cold compile generates, every time

import time


def best_of(function, repeat=7, number=1):
    """Minimum wall time of ``number`` calls, over ``repeat`` rounds, after a warm-up."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def machine_load() -> str:
    """The machine's 1-minute load average and core count, to print beside the figures."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def row(label, seconds, goal=None, unit="ms"):
    """One formatted line of a benchmark table."""
    scale = {"ms": 1e3, "s": 1.0, "us": 1e6}[unit]
    text = f"{label:<58} {seconds * scale:10.3f} {unit}"
    return text + (f"   (goal {goal})" if goal else "")
