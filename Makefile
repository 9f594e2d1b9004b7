# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
RAW    := $(wildcard data/raw/*.md)
STORE  := data/parquet/_manifest.json
PORT   ?= 8501

.PHONY: run test store lint browser clean

run: $(VENV)/.runtime $(STORE)
	$(PY) -m streamlit run app.py --server.port $(PORT)

store: $(STORE)

# Rebuilt only when a bundled report is newer than the store.
$(STORE): $(RAW) $(VENV)/.runtime
	$(PY) -m etl ingest data/raw

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
