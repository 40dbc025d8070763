# The two commands: `make demo` (from nothing to a signed-in quickstart) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint typecheck generate check-generated unit e2e conformance prism bench bench-smoke clean

# Prism (the validating mock of Appwrite's published spec) lives in a project-local folder, never global.
PRISM_VERSION := 5.16.0
TOOLS := .tools
PRISM := $(TOOLS)/node_modules/.bin/prism

# Benchmarks get their own environment: the baselines they compare against (the official `appwrite`
# package, `async-appwrite`) must never be importable next to the SDK's tests or become its dependencies.
BENCH_VENV  := .venv-bench
BENCH_BIN   := $(BENCH_VENV)/bin
BENCH_STAMP := $(BENCH_VENV)/.installed

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
	$(BIN)/ruff check src tests codegen examples bench
	$(BIN)/ruff format --check src tests codegen examples bench

typecheck: install
	$(BIN)/mypy
	$(BIN)/pyright

# Subsets for a quick loop; `make test` runs them all.
unit: install
	$(BIN)/python -m pytest tests/unit tests/test_codegen.py -q

e2e: install
	$(BIN)/python -m pytest tests/e2e tests/emulator tests/test_secrets.py -q

$(PRISM):
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error @stoplight/prism-cli@$(PRISM_VERSION)

prism: $(PRISM)

conformance: install $(PRISM)
	$(BIN)/python -m pytest tests/conformance tests/test_spec.py -q

# pytest runs last so that its closing line is the last line CI prints.
test: lint typecheck check-generated $(PRISM) bench-smoke
	$(BIN)/python -m pytest tests -q

$(BENCH_STAMP): pyproject.toml bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_BIN)/python -m pip install --quiet --upgrade pip
	$(BENCH_BIN)/python -m pip install --quiet -e '.[emulator]' -r bench/requirements.txt
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_BIN)/python -m bench

# Each benchmark once, tiny: proves the scripts still run. No timing is asserted anywhere.
bench-smoke: $(BENCH_STAMP)
	$(BENCH_BIN)/python -m bench --smoke

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache .demo
