"""Each category in both languages: a sentence a council would sanction is flagged under its
category, a hard negative using the same words (negation, authority, refuted claim, hypothesis,
teaching) is not flagged at all. The CLI is driven as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from videokit import serial
from videokit.compliance.check import Unit, check_units
from videokit.compliance.ruleset import load_ruleset

CASES = [
    (
        "fr",
        "testimonial",
        "Mes patients sont tous ravis du résultat, ils me le disent à chaque contrôle.",
        "Je ne vais pas vous montrer de photos avant-après, parce que chaque visage est différent et que ça ne vous apprendrait rien.",
    ),
    (
        "fr",
        "denigration",
        "Honnêtement, ailleurs on vous bâcle une prothèse en vingt minutes, ici on prend le temps.",
        "D'après la Haute Autorité de santé, la kinésithérapie est le traitement de première intention de la lombalgie commune.",
    ),
    (
        "fr",
        "promise",
        "Je vous garantis un résultat naturel, personne ne verra que vous avez été opérée.",
        "Si quelqu'un vous promet un résultat garanti, méfiez-vous, aucun médecin sérieux ne peut le faire.",
    ),
    (
        "fr",
        "superlative",
        "Notre clinique est la meilleure de Lyon, tout simplement.",
        "Selon l'OMS, le tabac reste la première cause de mortalité évitable dans le monde.",
    ),
    (
        "fr",
        "price",
        "Ce mois-ci, la première consultation est offerte pour tout nouveau patient.",
        "Je ne parlerai pas de tarifs dans cette vidéo, renseignez-vous directement auprès de votre praticien.",
    ),
    (
        "fr",
        "incitement",
        "Tout le monde devrait faire une IRM du corps entier une fois par an, c'est la seule façon d'être tranquille.",
        "La HAS ne recommande pas de dosage systématique de la vitamine D chez l'adulte en bonne santé.",
    ),
    (
        "fr",
        "unproven",
        "Ce remède naturel guérit définitivement l'arthrose, je le recommande à tous mes patients.",
        "Certains pensent que le jeûne guérit le cancer, c'est faux et c'est dangereux d'arrêter son traitement.",
    ),
    (
        "fr",
        "identification",
        "Je pense au petit Lucas, huit ans, en CE2 à l'école Jean-Jaurès de Roubaix, qui a fait une crise d'asthme terrible.",
        "Un enfant de huit ans qui fait des crises d'asthme doit avoir un plan d'action écrit pour l'école.",
    ),
    (
        "fr",
        "advice",
        "Madame, vu ce que vous m'écrivez en commentaire, arrêtez votre Lévothyrox dès demain et prenez plutôt du sélénium.",
        "Je ne réponds pas aux questions personnelles en message privé, c'est votre médecin qui connaît votre dossier.",
    ),
    (
        "en",
        "testimonial",
        "Honestly, you should see the faces of my patients when they look in the mirror afterwards.",
        "I'm not going to show you before and after photos, because every face is different and it wouldn't teach you anything.",
    ),
    (
        "en",
        "denigration",
        "I'm more skilled than most of my colleagues when it comes to this operation.",
        "NICE recommends exercise and physiotherapy as first-line treatment for low back pain.",
    ),
    (
        "en",
        "promise",
        "I guarantee you a natural result, nobody will ever know you had surgery.",
        "I can't guarantee you a result, nobody can in medicine.",
    ),
    (
        "en",
        "superlative",
        "I'm the most experienced hip surgeon in Manchester.",
        "According to the WHO, tobacco is still the leading preventable cause of death in the world.",
    ),
    (
        "en",
        "price",
        "This month your first consultation is free for all new patients.",
        "If you're offered a discount on a medical procedure, that's a warning sign: health isn't a sale.",
    ),
    (
        "en",
        "incitement",
        "Everyone should have a whole-body MRI once a year, it's the only way to have peace of mind.",
        "According to the NHS, the flu vaccine is offered every year to everyone aged sixty-five and over.",
    ),
    (
        "en",
        "unproven",
        "Homeopathy works better than antibiotics for ear infections, I've seen it a thousand times.",
        "There's no miracle cure for osteoarthritis, but we can ease the pain and keep you moving.",
    ),
    (
        "en",
        "identification",
        "My patient Mrs Thompson recovered really well after her hip replacement.",
        "Hi, I'm Dr Claire Martin, a paediatrician in Nottingham.",
    ),
    (
        "en",
        "advice",
        "For the person who sent me a photo of their mole, don't worry, it's benign, no need to see anyone.",
        "I don't answer personal medical questions by private message, your own doctor knows your history.",
    ),
]


@pytest.mark.parametrize(
    ("language", "category", "violation", "negative"),
    CASES,
    ids=[f"{c[0]}-{c[1]}" for c in CASES],
)
def test_category_flagged_and_its_hard_negative_is_not(
    language: str, category: str, violation: str, negative: str
) -> None:
    found = check_units([Unit(violation), Unit(negative)], language, story=False)
    on_violation = [f for f in found if f.text == violation]
    assert category in {f.category for f in on_violation}, (
        f"{category} missed: {[(f.rule_id, f.category) for f in found]}"
    )
    assert all(f.reference and f.reason and f.fix for f in on_violation)
    assert [f.rule_id for f in found if f.text == negative] == []


def test_a_child_identified_across_a_story_always_blocks() -> None:
    story = [
        "Je voulais vous parler de Léa.",
        "Elle a sept ans et elle est en CE1 à l'école Pasteur de Quimper.",
        "Elle a fait une crise d'épilepsie en classe.",
    ]
    found = [f for f in check_units([Unit(s) for s in story], "fr") if f.rule_id == "fr.identification.minor"]
    assert found and found[0].severity == "block" and "mineur" in found[0].reason


def test_the_cli_checks_a_transcript_as_a_user_types_it(run_cli, tmp_path: Path) -> None:
    from transcripts import transcript_from_text

    text = "Aujourd'hui on parle du genou. Je vous garantis un résultat parfait, toujours. Voilà pour aujourd'hui."
    path = tmp_path / "transcript.json"
    path.write_text(
        json.dumps(serial.dump(transcript_from_text(text, "fr", 20.0))),
        encoding="utf-8",
    )
    result = run_cli(f"check {path}")
    assert result.exit_code == 7
    assert "fr.garantie" in result.output and "transcript.json" in result.output and "fix:" in result.output
    reason = next(r.reason for r in load_ruleset("fr").rules if r.id == "fr.garantie")
    assert [line.strip() for line in result.output.splitlines()].count(reason) == 1  # each finding's reason, once
    clean = tmp_path / "clean.json"
    clean.write_text(
        json.dumps(serial.dump(transcript_from_text("L'arthrose du genou est une usure du cartilage.", "fr", 5.0))),
        encoding="utf-8",
    )
    result = run_cli(f"check {clean} --json")
    assert result.exit_code == 0 and json.loads(result.output)["blocking"] == 0
