# The two commands: `make demo` (from nothing to a signed-in quickstart) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint typecheck generate check-generated unit e2e bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "make needs python3 >= 3.11 (the code generators do); the SDK itself runs on 3.10+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,emulator,keyring]'
	@touch $(STAMP)

demo: install
	$(BIN)/python examples/run_demo.py

generate: install
	$(BIN)/python codegen/generate.py

check-generated: install
	$(BIN)/python codegen/generate.py --check

lint: install
	$(BIN)/ruff check src tests codegen examples
	$(BIN)/ruff format --check src tests codegen examples

typecheck: install
	$(BIN)/mypy
	$(BIN)/pyright

unit: install
	$(BIN)/python -m pytest tests -q -m "not e2e"

e2e: install
	$(BIN)/python -m pytest tests -q -m e2e

test: lint typecheck check-generated
	$(BIN)/python -m pytest tests -q

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .demo
