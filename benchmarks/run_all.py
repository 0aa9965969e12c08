"""Run every benchmark script in this folder, one after the other."""

import runpy
from pathlib import Path

for script in sorted(Path(__file__).parent.glob("bench_*.py")):
    print(f"\n== {script.name}")
    runpy.run_path(str(script), run_name="__main__")
