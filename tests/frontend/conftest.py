"""The JavaScript runtime runs in Node.js here, with no browser.

Without node the tests in this folder are skipped locally, and fail in CI (``CI`` set),
where ``.ci/run`` installs Debian's ``nodejs``.
"""

import inspect
import os

import pytest

from intimacy_dynamics import IntimacyModel, Model, classic
from intimacy_dynamics.frontend.node import node_executable


def pytest_collection_modifyitems(config, items):
    if node_executable():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("the JavaScript tests need node in CI: apt-get install nodejs")
    skip = pytest.mark.skip(reason="node is not installed (apt-get install nodejs)")
    for item in items:
        if "tests/frontend" in str(item.fspath):
            item.add_marker(skip)


def shipped_models() -> list[Model]:
    """IntimacyModel and every classic model, one per name (presets share equations).

    Found, not listed: every factory of ``classic`` that builds a Model with no arguments.
    """
    models = {"IntimacyModel": IntimacyModel()}
    for name in classic.__all__:
        factory = getattr(classic, name)
        if not inspect.isfunction(factory) or inspect.signature(factory).return_annotation not in (
            "Model",
            Model,
        ):
            continue
        model = factory()
        models.setdefault(model.name, model)
    return list(models.values())
