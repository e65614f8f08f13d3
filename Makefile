# The two commands the README opens with. Both set everything up first (idempotent).
VENV ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),$(CURDIR)/.venv)
export VIDEOKIT_HOME ?= $(CURDIR)/.home

.PHONY: setup demo serve lint test check bench
setup:
	@scripts/setup.sh

# Seconds, before any test: the format (ruff format), the lint rules (ruff check) and the types (mypy).
lint: setup
	@$(VENV)/bin/ruff format --check --quiet .
	@$(VENV)/bin/ruff check --quiet .
	@$(VENV)/bin/mypy

demo: setup
	@$(VENV)/bin/python assets/make_sample_clip.py assets/build/sample-fr.mp4
	@$(VENV)/bin/videokit client show demo >/dev/null 2>&1 || $(VENV)/bin/videokit client add demo \
	    --display-name "Cabinet du Dr Exemple" --language fr --glossary assets/demo/glossary.txt \
	    --website https://example.org --hashtag Santé --hashtag Hypertension >/dev/null
	@$(VENV)/bin/videokit publish assets/build/sample-fr.mp4 --client demo

# The review room on the demo's data (make an account first: README).
serve: setup
	@$(VENV)/bin/videokit serve

test: lint
	@scripts/services.sh
	@$(VENV)/bin/python -m pytest

# The loop while developing (about two minutes): lint, then every test not marked slow, scaleout or browser.
check: lint
	@$(VENV)/bin/python -m pytest -m "not slow and not scaleout and not browser"

bench: setup
	@for b in bench/*.py; do $(VENV)/bin/python $$b || exit 1; done
