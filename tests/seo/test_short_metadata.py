"""A Short's own title and description, and when it goes out after the full video."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from videokit.seo.shorts import short_metadata
from videokit.seo.types import Chapter, Metadata, TitleCandidate
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


def test_the_shorts_hook_is_written_french() -> None:
    """The demo talk's closing words as Whisper base writes them, quoted as the Short's hook."""
    spoken = "Ce traitement se prend tous les jours. Parlez en à votre médecin traitant lors de votre prochaine consultation."
    meta = short_metadata(_metadata("Hypertension artérielle"), spoken, "x" * 11, "https://youtu.be/x", None, [])
    assert "Parlez-en à votre médecin traitant" in meta.description.splitlines()[0], meta.description


def test_title_names_only_the_parts_the_short_covers() -> None:
    """The demo's Short (0:01-0:56 of a talk in four chapters) was titled like the full video,
    "Hypertension artérielle : symptômes, mesure et traitement", promising two parts it leaves out."""
    chapters = [
        Chapter(0.0, "Introduction"),
        Chapter(29.0, "Symptômes de l'hypertension"),
        Chapter(52.0, "Comment mesurer sa tension à domicile"),
        Chapter(74.0, "Traitement de l'hypertension artérielle"),
    ]
    full = Metadata(
        titles=[TitleCandidate("Hypertension artérielle : symptômes, mesure et traitement", 1.0, "test")],
        chapters=chapters,
        language="fr",
        parts={"main_keyword": "hypertension artérielle", "duration": 110.0},
    )
    spoken = "Parlons d'abord des symptômes de l'hypertension. Le plus souvent, elle ne donne aucun symptôme."
    args = (spoken, "x" * 11, "https://youtu.be/x", None, [])
    assert short_metadata(full, *args, span=(1.1, 55.8)).title == "Hypertension artérielle : symptômes #Shorts"
    assert (
        short_metadata(full, *args, span=(50.0, 108.0)).title
        == "Hypertension artérielle : mesure et traitement #Shorts"
    )
    # an introduction only: no part to name, and none promised
    intro = short_metadata(full, *args, span=(0.0, 28.0)).title
    assert intro == "Hypertension artérielle : ce qu'il faut savoir #Shorts"


def test_short_goes_out_after_the_full_video() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert short_publish_at("2026-12-03T17:00:00Z", 24, now) == datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    assert short_publish_at("2026-12-01T11:00:00Z", 0.5, now) is None  # the full video is out: at once
    assert short_publish_at(None, 24, now) is None  # not scheduled: the Short goes out as asked
    assert short_publish_at("2026-12-01T10:00:00Z", 24, now) == now + timedelta(hours=22)
