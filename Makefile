# The two commands: `make map` builds everything, `make test` runs every check.
# Both create the virtual environment (.venv) on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Sources come as for `thanh-liem-map` itself: from $THANH_LIEM_DATA_DIR (an offline folder
# laid out like upstream) when it is set, else downloaded once into the user cache.

.PHONY: map test lint screenshot locator bench clean

$(BIN)/thanh-liem-map: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

map: $(BIN)/thanh-liem-map
	$(BIN)/thanh-liem-map build

lint: $(BIN)/thanh-liem-map
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# The Vietnamese locator figure for the README (docs/locator_vi.png, 150 dpi, 256 colours),
# reduced from the 300 dpi print file make map writes. Other sizes: thanh-liem-map figure.
locator: map
	$(BIN)/python -m devtools.locator output/thanh_liem_locator_vi.png docs/locator_vi.png

bench: $(BIN)/thanh-liem-map
	PYTHONPATH=. $(BIN)/python bench/benchmark.py

# Screenshots of the map at 1280×800 and 390×844 in Debian's Chromium (output/), the desktop
# one copied to docs/ for the README. --offline: the basemap is blocked, as in CI.
screenshot: map
	$(BIN)/python -m devtools.screenshot --offline --docs docs/map_desktop.png

clean:
	rm -rf layers/*.geojson output/*
