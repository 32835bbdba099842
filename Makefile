# Set-up and the two everyday commands. Everything installs from pyproject.toml into .venv.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.setup-done

.PHONY: setup demo test demo-data clean-reports

setup: $(STAMP)

# Re-runs only when pyproject.toml changes; a repeat `make setup` is a no-op.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (journey workbench)" >/dev/null
	$(PY) -m workbench.selfcheck
	touch $(STAMP)

# demo-shop names its previous wave (corpora/demo-shop-2026q2), so its report has the change-over-time
# chapter; demo-makan is the multilingual demo (Malay, Indonesian, Thai, Chinese and English voices).
demo: setup
	$(VENV)/bin/workbench run corpora/demo-shop
	$(VENV)/bin/workbench run corpora/demo-makan

test: setup
	$(VENV)/bin/pytest -q

# Regenerate the demo studies' data files and demo-shop's earlier wave (byte-identical to the committed ones).
demo-data: setup
	$(PY) tools/make_demo_shop.py
	$(PY) tools/make_demo_shop.py --wave 2026q2
	$(PY) tools/make_demo_makan.py

clean-reports:
	rm -rf reports/demo-shop reports/demo-makan reports/.runs
