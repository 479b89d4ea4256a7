# The README's two commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

NIANBAO_CORPUS_DIR ?= corpus
NIANBAO_INDEX_DIR ?= var/index
NIANBAO_PORT ?= 8000
NIANBAO_HOST ?= 127.0.0.1
export NIANBAO_CORPUS_DIR NIANBAO_INDEX_DIR NIANBAO_PORT NIANBAO_HOST

.PHONY: setup browser tools sphinx index run test scale-test bench clean

setup: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q --upgrade pip
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $(STAMP)

# Debian's Chromium (and CJK fonts, so screenshots are legible) for the browser
# tests: Playwright drives /usr/bin/chromium; no browser is downloaded.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "cjk"; then \
	  echo "installing Debian chromium + fonts-noto-cjk for the browser tests"; \
	  (apt-get update -qq || true); \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Debian tools for the formats portals publish (issue 16): catdoc reads .doc/.wps,
# poppler's pdftoppm + tesseract (chi_sim) OCR scanned PDFs; LibreOffice headless
# and the CJK fonts make the tests' .doc, text-PDF and scanned-PDF fixtures.
TOOLS_PACKAGES := catdoc poppler-utils tesseract-ocr tesseract-ocr-chi-sim libreoffice-writer-nogui fonts-noto-cjk
tools:
	@if ! command -v catdoc >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 || \
	    ! command -v soffice >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim || \
	    ! fc-list 2>/dev/null | grep -qi "cjk"; then \
	  echo "installing Debian $(TOOLS_PACKAGES) for .doc/.wps and OCR"; \
	  (apt-get update -qq || true); \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TOOLS_PACKAGES) >/dev/null; \
	fi

# Debian's Sphinx 2.2.11 (`searchd`) for the distributed suite. The tests start
# their own shard nodes and aggregator on free loopback ports; no service is enabled.
sphinx:
	@if ! command -v searchd >/dev/null 2>&1; then \
	  echo "installing Debian sphinxsearch for the distributed suite"; \
	  (apt-get update -qq || true); \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sphinxsearch >/dev/null; \
	fi

# Incremental: only new or changed files are parsed again.
index: setup
	$(PY) -m indexer build --corpus "$(NIANBAO_CORPUS_DIR)" --index "$(NIANBAO_INDEX_DIR)"

run: index
	$(PY) -m app.serve

test: setup browser tools
	NIANBAO_TEST_OUTPUT=$(CURDIR)/test-output HYPOTHESIS_STORAGE_DIRECTORY=$(CURDIR)/test-output/hypothesis \
	  $(PY) -m pytest -q tests --ignore=tests/scale

# The distributed suite: searchd shards + aggregator, a Dask scheduler + 2 workers,
# the contract tests over both backends (tests/scale; see docs/deploy.md).
scale-test: setup sphinx
	$(PY) -m pytest -q tests/scale

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf var test-output .pytest_cache
