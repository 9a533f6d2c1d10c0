# Open Commissioning Portal: `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

.PHONY: install
install: $(BIN)/activate ## Install the portal into .venv
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory translations

.PHONY: install-test
install-test: $(BIN)/activate ## Install the portal and what the tests need
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory translations

# uv resolves for the stated Python and platform, not the machine it runs on.
UV_VERSION ?= 0.13.9
LOCK_FLAGS ?=

.PHONY: lock
lock: $(BIN)/activate ## Pin, with hashes, what pyproject.toml needs into requirements.lock (LOCK_FLAGS=--upgrade for newer releases)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --python-platform linux \
	  $(LOCK_FLAGS) pyproject.toml -o requirements.lock

.PHONY: check-lock
check-lock: $(BIN)/activate ## Check requirements.lock still pins every dependency in pyproject.toml (no network)
	$(BIN)/python scripts/check_lock.py

.PHONY: translations
translations: ## Compile the Welsh catalogue
	$(BIN)/pybabel compile -d translations 2>&1 | grep -v "^compiling" || true

.PHONY: extract
extract: ## Extract new strings and merge them into the Welsh catalogue
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 \
	  -o translations/messages.pot --no-location --sort-output \
	  --project "Open Commissioning Portal" --copyright-holder "Open Commissioning Portal contributors" \
	  --msgid-bugs-address "commissioning@elmsworth.gov.example" .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

.PHONY: run
# Every link the portal builds, and the host it answers to, come from this.
run: export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
run: install ## Set up and start the portal on SQLite with demo content
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data
	@echo
	@echo "The portal is starting at http://$(HOST):$(PORT)/ (staff sign-in: http://$(HOST):$(PORT)/staff/sign-in)"
	@echo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

.PHONY: test
test: install-test ## Install what the tests need and run them (SQLite, or DATABASE_URL if set)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -m "not browser" -n 2 -p no:cacheprovider

.PHONY: mutation
mutation: install-test ## Mutation-test the modules guarding capacity, privacy, dates and areas, each against its own tests (MODULES="areas windows" for some)
	$(BIN)/python scripts/mutation.py $(MODULES)

.PHONY: browser-test
browser-test: install-test ## Accessibility (axe-core) and HTML (Nu checker) checks in headless Chromium
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)
	cd assets && npm ci --no-audit --no-fund --silent
	$(BIN)/pytest -m browser -p no:cacheprovider

.PHONY: assets
assets: ## Rebuild the vendored CSS, JavaScript and icons in app/static
	bash assets/build.sh

.PHONY: bench
bench: install ## Benchmark /plans/ with 10,000 items against a bare Flask app
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) || echo "wrk not installed: using the Python client"
	$(BIN)/python bench/plans_list.py

.PHONY: bench-themes
bench-themes: install ## Benchmark suggested themes for a 200,000-answer consultation question (time to ready, peak memory)
	$(BIN)/python bench/theme_suggestions.py

.PHONY: bench-survey
bench-survey: install ## Benchmark the survey results pages (8 waves x 2,000 responses, PostgreSQL) against bare Flask
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) || echo "wrk not installed: using the Python client"
	$(BIN)/python bench/survey_results.py

BENCH_PG ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: bench-public
bench-public: install ## Benchmark every public page and form against same-size bare Flask twins
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) || echo "wrk not installed: using the Python client"
	$(BIN)/python bench/public_pages.py

.PHONY: bench-reports
bench-reports: install ## Benchmark /inbox/reports (rollup of 1,000,000 items) against a same-size bare Flask page
	$(BIN)/python bench/inbox_reports.py

.PHONY: bench-all
# Each step is capped so the whole run ends within 30 minutes (230+420+200+270+150+310+220 s);
# a step that fails or runs out of time is reported and the next one still runs.
bench-all: install ## Run every benchmark in turn (at most 30 minutes); figures in bench/results/, see bench/RESULTS.md
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) || echo "wrk not installed: using the Python client"
	@echo "== load average before: $$(cut -d' ' -f1-3 /proc/loadavg)"
	-BENCH_BUDGET_SECONDS=220 timeout 230 $(BIN)/python bench/plans_list.py
	-BENCH_BUDGET_SECONDS=410 timeout 420 $(BIN)/python bench/public_pages.py
	-BENCH_DATABASE_URL=$(BENCH_PG) timeout 200 $(BIN)/python bench/consultation_respond.py
	-BENCH_DATABASE_URL=$(BENCH_PG) BENCH_RESPONSES=200000 BENCH_BUDGET_SECONDS=260 timeout 270 $(BIN)/python bench/consultation_analysis.py
	-BENCH_DATABASE_URL=$(BENCH_PG) BENCH_RESPONSES=20000 BENCH_BUDGET_SECONDS=140 timeout 150 $(BIN)/python bench/consultation_analysis.py
	-BENCH_ITEMS=1000000 BENCH_XLSX_MAX=20000 BENCH_BUDGET_SECONDS=300 timeout 310 $(BIN)/python bench/inbox_export.py
	-BENCH_ITEMS=1000000 BENCH_BUDGET_SECONDS=210 timeout 220 $(BIN)/python bench/inbox_reports.py
	@echo "== load average after: $$(cut -d' ' -f1-3 /proc/loadavg)"
