# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
RAW    := $(wildcard data/raw/*.md data/raw/*.pdf data/raw/*.xlsx data/raw/*.xls data/raw/*.html data/raw/*.htm data/raw/*.txt)
STORE  := data/parquet/_manifest.json
PORT   ?= 8501

.PHONY: run test store lint browser clean demo

# dashboard.warm runs the home page once as soon as the server answers, so the first reader's page is warm.
run: $(VENV)/.runtime $(STORE)
	$(PY) -m dashboard.warm http://127.0.0.1:$(PORT) & $(PY) -m streamlit run app.py --server.port $(PORT)

store: $(STORE)

# Rebuilt only when a bundled report is newer than the store.
$(STORE): $(RAW) $(VENV)/.runtime
	$(PY) -m etl ingest data/raw

# The demo: the bundled report plus 50 synthetic departments （示例） over 3 years,
# in a store of its own (data/demo/), so the default store never holds synthetic data.
DEMO       := data/demo
DEMO_STORE := $(DEMO)/parquet/_manifest.json

demo: $(VENV)/.runtime $(DEMO_STORE)
	$(PY) -m dashboard.warm http://127.0.0.1:$(PORT) & \
	OPENJUESUAN_PARQUET=$(DEMO)/parquet OPENJUESUAN_DEMO=1 $(PY) -m streamlit run app.py --server.port $(PORT)

# Rebuilt from scratch when a bundled report or the generator changes.
$(DEMO_STORE): $(RAW) etl/synth.py $(VENV)/.runtime
	rm -rf $(DEMO)
	$(PY) -m etl synth --departments 50 --years 3 --seed 1 --out $(DEMO)/raw
	$(PY) -m etl ingest data/raw $(DEMO)/raw --db $(DEMO)/warehouse.duckdb --parquet $(DEMO)/parquet

test: $(VENV)/.dev browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Debian's chromium and CJK fonts for the browser tests; never `playwright install`.
browser:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian chromium and fonts-noto-cjk for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else \
		echo "Browser tests will be skipped: run 'sudo apt-get install chromium fonts-noto-cjk' to enable them."; \
	fi

clean:
	rm -rf data/parquet data/warehouse.duckdb data/warehouse.duckdb.wal
