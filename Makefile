# Two commands for a fresh clone (see README):
#   make lab    set up a local virtual environment and launch JupyterLab on the notebooks
#   make test   set up the same environment and run the whole test suite
# (make bench and make robustness print the benchmark and robustness tables.)
# Each creates .venv when it is missing and reinstalls when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test bench robustness lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/intimacy-lab

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest tests intimacy_dynamics docs

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# The robustness table of P01-P16 (docs/model.md, docs/robustness.json): 50 draws, all cores
robustness: $(STAMP)
	$(BIN)/python -m intimacy_dynamics.intimacy.robustness --draws 50 --write docs

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results
