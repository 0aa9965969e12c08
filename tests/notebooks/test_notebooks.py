"""Every notebook runs top to bottom from a fresh kernel, and has what a lesson needs.

Run times are written to ``test-results/notebook-times.json`` (the closing notes quote
them); the 60 s per notebook is the course's budget, checked with the whole notebook's
wall time.
"""

import fcntl
import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LESSONS = [path for path in NOTEBOOKS if re.match(r"0[1-9]_", path.name)]
BUDGET_SECONDS = 60
TIMES = ROOT / "test-results" / "notebook-times.json"

#: The skeleton of every lesson (after NetLogo's Info tab), as markdown headings.
LESSON_SECTIONS = (
    "Learning goals",
    "Predict",
    "Things to notice",
    "Things to try",
    "Exercises",
    "Extending the model",
    "References",
)


def _record(name: str, seconds: float) -> None:
    """Add one notebook's time to the shared file (locked: test runs may overlap)."""
    TIMES.parent.mkdir(exist_ok=True)
    with TIMES.with_suffix(".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
        times[name] = round(seconds, 1)
        TIMES.write_text(json.dumps(dict(sorted(times.items())), indent=2) + "\n")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        assert cell.get("id"), f"{path.name}: a cell without an id"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {cell.id} has outputs"
            assert cell.execution_count is None, f"{path.name}: cell {cell.id} was run"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_has_every_section(path):
    notebook = nbformat.read(path, as_version=4)
    headings = [
        line.lstrip("#").strip()
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#")
    ]
    for section in LESSON_SECTIONS:
        assert any(h.startswith(section) for h in headings), f"{path.name}: no '{section}'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=BUDGET_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError naming the cell on any error
    seconds = time.perf_counter() - start
    _record(path.stem, seconds)
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error" or output.get("name") == "stderr"
    ]
    assert not errors, f"{path.name}: {errors[0]}"
    assert seconds < BUDGET_SECONDS, f"{path.name} took {seconds:.0f} s"
