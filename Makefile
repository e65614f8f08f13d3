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
	    --display-name "Cabinet médical Exemple" --language fr --glossary assets/demo/glossary.txt \
	    --website https://example.org --hashtag Santé --hashtag Hypertension --country FR --hold-comments >/dev/null
	@$(VENV)/bin/videokit publish assets/build/sample-fr.mp4 --client demo --publish-at "$$(date -d '+2 days' +%Y-%m-%dT18:00)"
	@$(VENV)/bin/videokit publish assets/build/sample-fr.mp4 --client demo --workflow shorts
	@$(VENV)/bin/videokit sandbox seed --account demo --videos 12 --days 300 --comments fr >/dev/null
	@$(VENV)/bin/videokit comments --client demo --apply
	@$(VENV)/bin/videokit track --client demo --discover >/dev/null
	@$(VENV)/bin/videokit report --client demo -o assets/build/demo-report.html

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
