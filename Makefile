# Two commands for a fresh clone (see README):
#   make lab    set up a local virtual environment and launch JupyterLab on the notebooks
#   make test   set up the same environment and run the whole test suite
# (make bench and make robustness print the benchmark and robustness tables;
#  make site builds the static course site into site/: open site/index.html.)
# Each creates .venv when it is missing and reinstalls when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test bench robustness site lint format clean

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
	$(BIN)/python -m pytest -n auto --dist loadgroup tests intimacy_dynamics docs

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# The robustness table of P01-P16 (docs/model.md, docs/robustness.json): 50 draws, all cores
robustness: $(STAMP)
	$(BIN)/python -m intimacy_dynamics.intimacy.robustness --draws 50 --write docs

# The static course site (docs/site/conf.py): executes every notebook, fails on any
# warning. Sphinx builds in .site-cache/ (what a rebuild reuses; everything is redone when
# the package changes; myst-nb writes beside its output), then site/ gets a clean copy:
# open site/index.html, or publish the folder (docs/instructor/running-a-class.md).
site: $(STAMP)
	$(BIN)/sphinx-build -c docs/site -b html -W --keep-going -q \
	    -d .site-cache/doctrees . .site-cache/html
	rm -rf site
	cp -R .site-cache/html site

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results site .site-cache
