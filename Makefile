# The two commands the README opens with. Both set everything up first (idempotent).
VENV ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),$(CURDIR)/.venv)
export VIDEOKIT_HOME ?= $(CURDIR)/.home

.PHONY: setup demo test bench
setup:
	@scripts/setup.sh

demo: setup
	@$(VENV)/bin/python assets/make_sample_clip.py assets/build/sample-fr.mp4
	@$(VENV)/bin/videokit client show demo >/dev/null 2>&1 || $(VENV)/bin/videokit client add demo \
	    --display-name "Cabinet du Dr Exemple" --language fr --glossary assets/demo/glossary.txt \
	    --website https://example.org --hashtag Santé --hashtag Hypertension >/dev/null
	@$(VENV)/bin/videokit publish assets/build/sample-fr.mp4 --client demo

test: setup
	@scripts/services.sh
	@$(VENV)/bin/python -m pytest

bench: setup
	@for b in bench/*.py; do $(VENV)/bin/python $$b || exit 1; done
