# Two commands: `make run` opens the app on the embedded default, `make test` runs the suite.
# Each bootstraps .venv idempotently; torch==2.13.0 is installed first so that the CPU
# build on this machine's disk is used rather than a multi-GB CUDA build.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench venv clean translations

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: venv
	$(BIN)/python main.py

test: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# the interface's strings -> assets/i18n/mlstm_zh_CN.ts (translations kept), compiled to .qm
translations: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/update_translations.py

bench: venv
	$(BIN)/python -m bench.episode_speed

clean:
	rm -rf $(VENV)
