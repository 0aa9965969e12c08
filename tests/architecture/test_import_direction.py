"""Imports run one way, down the layers of the package (see its docstring).

    core → simulation → ensemble, analysis, frontend → intimacy, classic, scenarios
         → widgets → exercises, standalone → cli

A module may import from its own layer and from any layer below it, never from above.
The test reads every module's import statements with ``ast`` (imports inside functions
count too), so a lazy import cannot hide a cycle.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "intimacy_dynamics"

#: Each part of the package and its layer (a larger number is higher up).
LAYERS = {
    "errors": 0,
    "core": 0,
    "simulation": 1,
    "ensemble": 2,
    "analysis": 2,
    "frontend": 2,
    "plotting": 2,
    "intimacy": 3,
    "classic": 3,
    "scenarios": 3,
    "widgets": 4,
    "exercises": 5,
    "standalone": 5,
    "cli": 6,
}


def part_of(module: str) -> str | None:
    names = module.split(".")
    if names[0] != "intimacy_dynamics" or len(names) == 1:
        return None
    return names[1]


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "intimacy_dynamics":  # from intimacy_dynamics import x
                found += [(node.lineno, f"intimacy_dynamics.{a.name}") for a in node.names]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_module_imports_from_a_layer_above_its_own(path):
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    assert own in LAYERS, f"{own} has no layer: add it to LAYERS and the package docstring"
    upward = []
    for line, module in imports_of(path):
        part = part_of(module)
        if part in LAYERS and LAYERS[part] > LAYERS[own]:
            upward.append(f"line {line}: {module} ({part}, layer {LAYERS[part]})")
    assert not upward, f"{own} (layer {LAYERS[own]}) imports upward: {upward}"


def test_the_package_docstring_lists_every_layer():
    import intimacy_dynamics

    doc = intimacy_dynamics.__doc__
    missing = [part for part in LAYERS if f"``{part}``" not in doc and part != "errors"]
    assert not missing, f"the package docstring does not name {missing}"


def test_the_parts_of_the_package_import_each_other_without_a_cycle():
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for _, module in imports_of(path):
            part = part_of(module)
            if part in LAYERS and part != own:
                graph.setdefault(own, set()).add(part)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(part for part in graph if reaches(part, part, {part}))
    assert not cycles, f"these parts import each other in a cycle: {cycles}"


def test_exercises_take_model_facts_from_the_model_not_from_widgets():
    """Only the predict-then-reveal widget comes from widgets; facts come from intimacy."""
    for path in sorted((PACKAGE / "exercises").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "intimacy_dynamics.widgets"
            ):
                names = {alias.name for alias in node.names}
                assert names <= {"PredictThenReveal"}, f"{path.name}: {names} from widgets"


def test_notebooks_import_only_labs_and_explorers_from_widgets():
    import json

    import intimacy_dynamics.widgets as widgets

    notebooks = sorted((PACKAGE.parent / "notebooks").glob("*.ipynb"))
    for notebook in notebooks:
        cells = json.loads(notebook.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "intimacy_dynamics.widgets"
            ):
                assert node.module == "intimacy_dynamics.widgets", f"{notebook.name}: {node.module}"
                names = {alias.name for alias in node.names}
                assert names <= set(widgets.__all__), f"{notebook.name}: {names}"
