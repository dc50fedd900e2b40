# Two commands from a fresh clone: `make demo` and `make test`. Each sets up its own venv.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
PORT    ?= 8000
HOST    ?=
APT_PACKAGES := chromium poppler-utils softhsm2 fonts-dejavu-core
# uv installs the exact versions in uv.lock (the ones the suite passed with). It is taken from the
# PATH, or installed from PyPI into .uv/ when the machine has none.
UV_BOOT := .uv
UV      := $(shell command -v uv 2>/dev/null || echo $(UV_BOOT)/bin/uv)
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: demo demo-reset test bench serve system-deps lint lint-imports fmt lock clean

$(UV_BOOT)/bin/uv:
	$(PYTHON) -m venv $(UV_BOOT)
	$(UV_BOOT)/bin/pip install --quiet --disable-pip-version-check 'uv>=0.5'

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --extra test --python $(PYTHON) --quiet
	touch $(STAMP)

# After changing dependencies in pyproject.toml: resolve again and commit uv.lock.
lock: | $(UV)
	$(UV) lock --python $(PYTHON)

# Debian packages the tests use (browser tests, PDF text/PNG checks, PKCS#11 token): installed
# when missing and we are root; otherwise the tests that need them skip with a reason.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "apt-get failed: tests needing$$missing will skip"; \
	  else echo "not root: tests needing$$missing will skip"; fi; \
	fi

# HOST=0.0.0.0: listen on every interface, so tablets on the venue's Wi-Fi reach it (the banner
# prints the LAN address, and QR codes carry it).
demo: $(STAMP)
	$(VENV)/bin/arena demo $(if $(HOST),--host $(HOST),) --port $(PORT) $(if $(KEYPADS),--keypads,)

# Start the demo afresh: delete its data folder ./var (database, sessions, files) and load again.
demo-reset: $(STAMP)
	rm -rf ./var
	$(VENV)/bin/arena --data-dir ./var demo $(if $(HOST),--host $(HOST),) --port $(PORT) $(if $(KEYPADS),--keypads,)

serve: $(STAMP)
	$(VENV)/bin/arena serve $(if $(HOST),--host $(HOST),) --port $(PORT)

lint-imports: $(STAMP)
	$(VENV)/bin/lint-imports

# Lint, format check, import floors and types: what `make test` runs before the suite.
lint: $(STAMP) lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

fmt: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The suite runs on up to 4 workers (pytest-xdist): each test has its own data folder, SQLite file
# and PostgreSQL database, so they do not meet; more workers would crowd PostgreSQL's connections.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)

test: $(STAMP) system-deps lint
	$(PY) -m pytest -n $(TEST_WORKERS) --durations=30

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) $(UV_BOOT) var .pytest_cache .mypy_cache .ruff_cache
