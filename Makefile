# Two commands for a newcomer: `make demo` and `make test`. Both set up from nothing.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")

.PHONY: setup system-deps demo test bench hardening clean catalogs

setup: system-deps
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	$(UV) run --frozen pybabel -q compile -d templates/locales

# poppler-utils (pdftotext, pdftoppm) checks PDFs in tests and renders scanned pages for OCR;
# libharfbuzz-subset0 lets WeasyPrint subset fonts without a warning; Tesseract with its
# English, French and Spanish data reads scanned letters; antiword reads legacy Word .doc.
# Installed with apt when missing and allowed.
system-deps:
	@missing=""; command -v pdftotext >/dev/null 2>&1 || missing="poppler-utils"; \
	ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	for lang in eng fra spa; do \
	  ls /usr/share/tesseract-ocr/*/tessdata/$$lang.traineddata >/dev/null 2>&1 || missing="$$missing tesseract-ocr-$$lang"; \
	done; \
	command -v antiword >/dev/null 2>&1 || missing="$$missing antiword"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $$missing"; \
	    (apt-get install -y -qq $$missing >/dev/null 2>&1 || (apt-get update -qq >/dev/null && apt-get install -y -qq $$missing >/dev/null)); \
	  else echo "note: please install $$missing (Debian/Ubuntu: sudo apt-get install $$missing)"; fi; \
	fi

demo: setup
	$(UV) run reviewprep demo

test: setup
	$(UV) run pytest

# Not part of `make test`. Benchmarks at 1,000 to 1,000,000 submissions with floors (about 15 min here):
# writes bench/results/latest.json and latest.md (see bench/README.md). The peers it compares
# ingest with (pandas, DuckDB) are in the `bench` dependency group, not the product's.
bench: setup
	$(UV) sync --frozen --quiet --group bench
	$(UV) run --frozen --group bench python bench/run.py

# Every hardening case, the slow ones too (2 GB files, SIGKILL, full disks; about 9 min), then the
# table of case, expected, observed (also in bench/results/hardening.md); fails if any case fails.
hardening: setup
	$(UV) run python -m tests.hardening

clean:
	rm -rf var out .pytest_cache

# After changing report text: extract every string, then merge into the fr/es catalogs
# (translate the new entries in templates/locales/*/LC_MESSAGES/messages.po).
catalogs:
	$(UV) run pybabel extract -F templates/babel.cfg -k _ -c TRANSLATORS: --no-location --sort-output \
	  --project reviewprep -o templates/locales/messages.pot .
	$(UV) run pybabel update -i templates/locales/messages.pot -d templates/locales --no-fuzzy-matching
