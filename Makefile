# Two commands from a fresh clone: `make demo` and `make test`. Each sets up its own venv.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
PORT    ?= 8000
APT_PACKAGES := chromium poppler-utils softhsm2 fonts-dejavu-core

.PHONY: demo test bench serve system-deps lint-imports clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

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

demo: $(STAMP)
	$(VENV)/bin/arena demo --port $(PORT) $(if $(KEYPADS),--keypads,)

serve: $(STAMP)
	$(VENV)/bin/arena serve --port $(PORT)

lint-imports: $(STAMP)
	$(VENV)/bin/lint-imports

test: $(STAMP) system-deps lint-imports
	$(PY) -m pytest

bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache
