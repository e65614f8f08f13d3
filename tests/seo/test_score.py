"""The SEO scorer on plain video facts, as the channel audit calls it for videos already online."""

from __future__ import annotations

from videokit.seo.score import score_video

GOOD_DESCRIPTION = (
    "L'hypertension artérielle touche un adulte sur trois : le Dr Martin explique comment la reconnaître.\n\n"
    "Une tension trop haute abîme les artères sans bruit. Mesurer, bouger, saler moins, et traiter quand il le faut.\n\n"
    "Chapitres :\n0:00 Définition\n1:05 Symptômes et mesure\n2:40 Traitements\n\n"
    "En savoir plus : https://dr-martin.fr/?utm_source=youtube&utm_medium=video&utm_campaign=hypertension\n\n"
    "#Hypertension #Santé"
)


def facts(**overrides):
    base = {
        "title": "Hypertension artérielle : symptômes et traitements",
        "description": GOOD_DESCRIPTION,
        "tags": [
            "hypertension artérielle",
            "tension",
            "traitement hypertension",
            "AVC",
            "cardiologie",
            "Dr Martin",
            "mesure de la tension",
            "sel",
            "artères",
            "médecin généraliste",
            "prévention cardiovasculaire",
            "pression artérielle",
            "hygiène de vie",
            "automesure tensionnelle",
            "santé",
        ],
        "has_captions": True,
        "default_language": "fr",
        "category_id": "27",
        "custom_thumbnail": True,
        "keywords": ["hypertension artérielle", "symptômes"],
    }
    return {**base, **overrides}


def points(score, name):
    return next(i for i in score.items if i.name == name)


def test_well_optimised_video_scores_100() -> None:
    score = score_video(**facts())
    assert score.total == 100, [i for i in score.items if not i.ok]
    assert points(score, "chapters").reason == "3 valid chapters"  # read from the description


def test_each_defect_costs_its_points_with_a_reason() -> None:
    score = score_video(
        **facts(
            title="MA VIDÉO DU JOUR sur la santé et plein d'autres choses intéressantes à savoir sur l'hypertension artérielle",
            description="Abonnez-vous !",
            tags=[],
            has_captions=False,
            default_language=None,
            category_id="24",
            custom_thumbnail=False,
        )
    )
    assert score.total == sum(i.points for i in score.items) < 30
    assert "late" in points(score, "title_keyword").reason
    assert points(score, "title_length").points == 0 and "at most 100" in points(score, "title_length").reason
    assert "missing from the description" in points(score, "description_hook").reason
    assert points(score, "chapters").reason == "no chapters in the description"
    assert not points(score, "captions").ok and not points(score, "thumbnail").ok
    assert "27 (Education)" in points(score, "category").reason


def test_broken_chapters_in_a_description_are_named() -> None:
    description = GOOD_DESCRIPTION.replace("0:00 Définition", "0:05 Définition")
    item = points(score_video(**facts(description=description)), "chapters")
    assert not item.ok and "0:00" in item.reason


def test_main_keyword_falls_back_to_the_first_tag() -> None:
    score = score_video(**facts(keywords=[], tags=["hypertension artérielle"]))
    assert points(score, "title_keyword").ok and "hypertension artérielle" in points(score, "title_keyword").reason
    assert not points(score, "tags").ok and "1 tags" in points(score, "tags").reason


def test_tags_over_youtube_budget_score_zero() -> None:
    tags = [f"mot clé numéro {i}" for i in range(40)]  # quoted tags: each costs 2 more
    item = points(score_video(**facts(tags=tags)), "tags")
    assert item.points == 0 and "over YouTube's 500" in item.reason


def test_short_video_needs_no_chapters() -> None:
    item = points(score_video(**facts(description="Court.", chapters_valid=False, duration=45.0)), "chapters")
    assert item.ok and "too short" in item.reason
