# FieldApp: `make run` opens the app, `make test` runs the suite, `make bench` prints the figures.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Qt's multimedia needs libpulse on Linux; install it when we can (root on Debian/Ubuntu).
system-deps:
	@if [ "$$(uname)" = Linux ] && ! ldconfig -p 2>/dev/null | grep -q libpulse.so.0; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq libpulse0 >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libpulse0 >/dev/null 2>&1) || echo "note: libpulse0 not installed; audio will be unavailable"; \
	  else echo "note: install libpulse0 for audio playback"; fi; \
	fi

run: $(STAMP) system-deps
	$(VENV)/bin/fieldapp

# One shuffled test order, the same on every run, so a CI result can be repeated; `make test TEST_SEED=$$RANDOM`
# tries a new order (plain `pytest` shuffles anew each time).
TEST_SEED ?= 3389317374

test: $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p randomly --randomly-seed=$(TEST_SEED)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/perf -s -q -p no:cacheprovider

clean:
	rm -rf $(VENV) build *.egg-info
