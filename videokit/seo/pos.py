"""Part-of-speech filter for English keyphrase candidates: keep noun phrases (modifiers, then a noun).

Stop words alone let verbs and verb phrases through ("accept", "enact decisions" in an Inspec
abstract), which readers and indexers never pick. The tags come from the Brill lexicon and contextual rules that TextBlob ships
(its PatternTagger: no corpus download, no model). French has no such offline tagger on PyPI; its
stop-word and connector patterns stay as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from videokit.seo.text import Candidate, lexicon, words

MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "VBN", "VBG"})


def noun_phrases(cands: Sequence[Candidate], text: str, language: str) -> list[Candidate]:
    """The candidates that read as noun phrases somewhere in `text` (English only; others pass).
    A word's tags are pooled over the text, so one noun use of "process" is enough."""
    if language != "en" or not cands:
        return list(cands)
    from textblob.en import tag  # ~1 s to import; only English metadata needs it

    tags: dict[str, set[str]] = defaultdict(set)
    for word, pos in tag(text):
        tags[word.lower()].add(pos)
    lex = lexicon(language)
    unknown = {"NN"}  # words the tagger never saw are mostly domain nouns

    def is_noun_phrase(c: Candidate) -> bool:
        toks = [w.lower() for w in words(c.text)]
        content = [w for w in toks if w not in lex.connectors and w not in lex.determiners_after_connector]
        head_is_noun = any(t.startswith("NN") for t in tags.get(toks[-1], unknown))
        return head_is_noun and all(tags.get(w, unknown) & MODIFIER_TAGS for w in content)

    return [c for c in cands if is_noun_phrase(c)] or list(cands)
