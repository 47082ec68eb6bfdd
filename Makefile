# Every target creates its own virtualenv (.venv); nothing relies on what is installed globally.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# DEMO_FLAGS=--no-serve prepares everything without starting the server (CI uses it).
DEMO_FLAGS ?=

demo: $(STAMP)
	$(BIN)/jixiao summary samples/
	$(BIN)/jixiao review samples/ --format summary || test $$? -eq 1
	$(BIN)/jixiao demo $(DEMO_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check jixiao tests bench
	$(BIN)/mypy --strict jixiao

bench: $(STAMP)
	$(BIN)/python bench/bench_parse.py
	$(BIN)/python bench/bench_review.py
	$(BIN)/python bench/bench_formats.py
	$(BIN)/python bench/bench_evaluate.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_web.py
	$(BIN)/python bench/bench_web.py --url postgresql+psycopg://postgres@127.0.0.1:5432/jixiao_bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
