# Two entry points a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test eval eval-real bench bench-delivery golden clean chart

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

run: $(STAMP)
	$(BIN)/bantin run

test: $(STAMP)  ## lint (ruff), the engine type-checks (mypy digest/, [tool.mypy]), then every test
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m tests.eval
	$(BIN)/python -m tests.eval_extraction

eval-real: $(STAMP)  ## the engine on real reports (texts in tests/data/real/texts, not in git)
	$(BIN)/python -m tests.real_corpus check
	$(BIN)/python -m tests.eval_real

golden: $(STAMP)
	$(BIN)/python -m tests.digest.regen_golden

bench: $(STAMP)  ## digest speed and scaling, chat-query latency (the delivery benchmark: make bench-delivery)
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.digest_speed
	$(BIN)/python -m bench.digest_scaling
	$(BIN)/python -m bench.query_latency
	$(BIN)/python -m bench.chart_speed

CHART_DB := data/chart-seeds.db
chart: $(STAMP)  ## docs/chart.png (the README's chart), drawn from the seed reports
	mkdir -p data && rm -f $(CHART_DB)*
	BANTIN_DB=$(CHART_DB) $(BIN)/bantin ingest --backfill seeds/ > /dev/null
	BANTIN_DB=$(CHART_DB) $(BIN)/bantin chart chi tieu dat va vuot ke hoach -o docs/chart.png

clean:
	rm -rf $(VENV) .pytest_cache data/*.db

bench-delivery: $(STAMP)  ## one way out per token, end to end (~6 min); LONG=1 adds the 100,000-row drain
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.delivery_port
	$(if $(LONG),$(BIN)/python -m bench.delivery_throughput)
