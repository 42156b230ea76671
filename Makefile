# Two commands do everything: `make run` (set up + assess IMVBox) and `make test` (set up + all tests).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test lab bench strip clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	$(PY) -m ipykernel install --sys-prefix --name privacy-inventory --display-name "privacy-inventory" >/dev/null
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/privacy-inventory run

test: setup
	$(PY) -m pytest -q -p no:cacheprovider

# JupyterLab on the notebooks, the project's .venv as the kernel, reachable from this machine only
# (--allow-root only where we run as root, e.g. a container; Jupyter refuses root otherwise).
LAB_AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: setup
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 --no-browser --notebook-dir=notebooks $(LAB_AS_ROOT)

bench: setup
	$(PY) bench/scan_speed.py --tables 1000 --columns 20 --rows 1000

strip: setup
	$(PY) -m privacy_inventory.notebook_tools strip notebooks/*.ipynb

clean:
	rm -rf reports .pytest_cache
