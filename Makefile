# Two entry points a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test eval bench bench-delivery golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

run: $(STAMP)
	$(BIN)/bantin run

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m tests.eval
	$(BIN)/python -m tests.eval_extraction

golden: $(STAMP)
	$(BIN)/python -m tests.digest.regen_golden

bench: $(STAMP)  ## digest speed and scaling, chat-query latency (the delivery benchmark: make bench-delivery)
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.digest_speed
	$(BIN)/python -m bench.digest_scaling
	$(BIN)/python -m bench.query_latency

clean:
	rm -rf $(VENV) .pytest_cache data/*.db

bench-delivery: $(STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.delivery_throughput
