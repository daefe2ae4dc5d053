# kongtun — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
DEMO   ?= demo
# mypy cannot follow setuptools' editable-install finder, so it reads the sources through
# a tree of links that lays them out as the installed package.
TYPES  := build/typecheck

.PHONY: venv demo test test-fast lint typecheck i18n bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,network]'
	touch $@

demo: venv
	$(BIN)/kongtun demo $(DEMO)
	$(BIN)/kongtun check --lang en $(DEMO)/savings-group.beancount
	@echo ""
	@echo "kongtun demo: open http://$(HOST):$(PORT)/ in a browser (Ctrl-C stops Fava)"
	$(BIN)/fava --host $(HOST) --port $(PORT) $(DEMO)/savings-group.beancount \
		$(DEMO)/welfare-fund.beancount $(DEMO)/revolving-fund.beancount $(DEMO)/codi-north.beancount

test: venv lint typecheck
	$(BIN)/python -m pytest -q

test-fast: venv
	$(BIN)/python -m pytest -q -m "not slow"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(TYPES)/kongtun:
	mkdir -p $(TYPES)/kongtun
	for pkg in ledger generators plugins importers templates cli tests; do \
		ln -sfn ../../../$$pkg $(TYPES)/kongtun/$$pkg; done

typecheck: venv $(TYPES)/kongtun
	cd $(TYPES) && ../../$(BIN)/mypy --strict --config-file ../../pyproject.toml -p kongtun

i18n: venv
	$(BIN)/pybabel extract --no-location --sort-output -k N_ -k N_n:1,2 -k _ -k say:2 -k fail:2 \
		-F babel.cfg -o ledger/locale/kongtun.pot ledger plugins cli templates importers
	$(BIN)/pybabel update --no-fuzzy-matching -D kongtun -i ledger/locale/kongtun.pot -d ledger/locale
	mkdir -p build/mo
	for lang in th en; do $(BIN)/pybabel compile --statistics -D kongtun \
		-i ledger/locale/$$lang/LC_MESSAGES/kongtun.po -o build/mo/$$lang.mo; done

# Benchmarks print ratios against bare Beancount on this machine (not tests; see bench/run.py).
SIZES ?= small,medium,large,welfare-small,welfare-medium,welfare-large
bench: venv
	$(BIN)/python bench/run.py --sizes $(SIZES) --repeat 3
	$(BIN)/python bench/instructions.py --sizes $(SIZES)
	$(BIN)/python bench/years.py --members 1000 --years 10 --repeat 3 --instructions
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/reports.py --kind welfare-fund
	$(BIN)/python bench/first_view.py
	$(BIN)/python bench/closes.py --members 1000 --years 13 --repeat 3
	$(BIN)/python bench/rollup.py --funds 100,1000
	$(BIN)/python bench/collector.py
	$(BIN)/python bench/collector.py --kind welfare-fund

clean:
	rm -rf $(VENV) build dist $(DEMO) *.egg-info
