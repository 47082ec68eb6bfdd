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

demo: $(STAMP)
	$(BIN)/jixiao summary samples/
	$(BIN)/jixiao review samples/ --format summary || test $$? -eq 1

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check jixiao tests bench
	$(BIN)/mypy --strict jixiao

bench: $(STAMP)
	$(BIN)/python bench/bench_parse.py
	$(BIN)/python bench/bench_review.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_web.py
	$(BIN)/python bench/bench_web.py --url postgresql+psycopg://postgres@127.0.0.1:5432/jixiao_bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
