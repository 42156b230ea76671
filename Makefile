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

bench: setup
	$(PY) bench/scan_speed.py --tables 1000 --columns 20 --rows 1000

strip: setup
	$(PY) -m privacy_inventory.notebook_tools strip notebooks/*.ipynb

clean:
	rm -rf reports .pytest_cache
