"""A Short's own title and description, and when it goes out after the full video."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from videokit.seo.shorts import short_metadata
from videokit.seo.types import Metadata, TitleCandidate
from videokit.workflow.builtin import short_publish_at
from videokit.youtube import limits


def _metadata(title: str, language: str = "fr") -> Metadata:
    return Metadata(titles=[TitleCandidate(title, 1.0, "test")], tags=["lombalgie"], language=language)


def test_title_fits_with_shorts_tag_and_description_links_the_full_video() -> None:
    long_title = "Lombalgie chronique : " + "les gestes simples qui soulagent vraiment " * 3
    spoken = "Le mal de dos touche quatre personnes sur cinq. Bouger reste le meilleur traitement. " * 4
    meta = short_metadata(_metadata(long_title), spoken, "abcdefghijk", "https://youtu.be/abcdefghijk", None, ["dos"])
    assert meta.title.endswith(" #Shorts") and not limits.title_problems(meta.title)
    assert "…" in meta.title and len(meta.title) <= limits.TITLE_MAX_CHARS
    assert "La vidéo complète : https://youtu.be/abcdefghijk" in meta.description
    assert meta.description.splitlines()[0].startswith("Le mal de dos") and "#dos #Shorts" in meta.description
    assert not limits.description_problems(meta.description) and meta.tags == ["lombalgie"]
    english = short_metadata(_metadata("Back pain", "en"), "Move.", "x" * 11, "https://youtu.be/x", None, [])
    assert "Full video: https://youtu.be/x" in english.description and english.title == "Back pain #Shorts"


def test_short_goes_out_after_the_full_video() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert short_publish_at("2026-12-03T17:00:00Z", 24, now) == datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    assert short_publish_at("2026-12-01T11:00:00Z", 0.5, now) is None  # the full video is out: at once
    assert short_publish_at(None, 24, now) is None  # not scheduled: the Short goes out as asked
    assert short_publish_at("2026-12-01T10:00:00Z", 24, now) == now + timedelta(hours=22)
