"""What the rules read beyond their words: a negation after the claim's subject or in the clause above
it, a claim made by someone else (a third-party clinic too), a keyword that is a violation only when
the speaker talks of themself, the context that makes the same words teaching (`not_with`). Each
ordinary sentence must stay silent (most were flagged before their mechanism, videokit at 8db5442
and 6591c84), and each violation beside it must be flagged."""

from __future__ import annotations

import pytest

from videokit.compliance.check import Unit, check_units

# (language, mechanism, ordinary sentence the rule used to flag, the rule, a violation of the same rule)
CASES = [
    (
        "en",
        "negation after the subject",
        "A risk-free operation doesn't exist.",
        "en.no_risk",
        "This operation is completely risk-free.",
    ),
    (
        "fr",
        "negation after the subject",
        "L'opération sans risque n'existe pas en chirurgie.",
        "fr.sans_risque",
        "Cette opération est sans risque.",
    ),
    (
        "en",
        "negated verb of saying",
        "I can't tell you that you'll never have back pain again.",
        "en.guarantee",
        "You'll never have back pain again after this operation, I promise.",
    ),
    (
        "fr",
        "negated verb of saying",
        "Je ne peux pas vous promettre que vous n'aurez plus jamais mal.",
        "fr.garantie",
        "Vous n'aurez plus jamais mal après cette opération.",
    ),
    (
        "en",
        "negated noun above a relative clause",
        "There is no surgeon whose results are guaranteed.",
        "en.guarantee",
        "With us, results are guaranteed.",
    ),
    (
        "fr",
        "negated noun above a relative clause",
        "Il n'y a aucune méthode qui marche à tous les coups.",
        "fr.garantie",
        "Avec notre méthode, ça marche à tous les coups.",
    ),
    (
        "en",
        "someone else's claim",
        "Influencers claim that their detox tea cures diabetes.",
        "en.unproven.cure",
        "Our detox tea cures diabetes.",
    ),
    (
        "fr",
        "someone else's claim",
        "Les publicités qui promettent une opération sans risque mentent.",
        "fr.sans_risque",
        "Nous vous promettons une opération sans risque.",
    ),
    (
        "en",
        "a third-party clinic's claim",
        "Some clinics promise risk-free surgery, so be careful what you believe.",
        "en.no_risk",
        "We promise you a risk-free operation and a quick recovery.",
    ),
    (
        "fr",
        "a third-party clinic's claim",
        "Certaines cliniques promettent une chirurgie sans risque, méfiez-vous.",
        "fr.sans_risque",
        "Notre clinique vous promet une chirurgie sans risque.",
    ),
    (
        "fr",
        "a fee with its reimbursement (not_with)",
        "Une consultation chez le généraliste coûte 30 euros, et l'Assurance maladie en rembourse 70 %.",
        "fr.prix",
        "La rhinoplastie, c'est seulement 2 500 euros chez nous ce mois-ci.",
    ),
    (
        "en",
        "a fee with its reimbursement (not_with)",
        "The NHS prescription charge is £9.90 per item, and many people are exempt.",
        "en.price",
        "A full facial for just £49 this week, come and see us.",
    ),
    (
        "fr",
        "a cure by an established treatment (not_with)",
        "La chimiothérapie guérit la plupart des lymphomes de Hodgkin, même à un stade avancé.",
        "fr.non_eprouve.guerison",
        "Le jeûne prolongé guérit certains cancers, je l'ai vu chez mes patients.",
    ),
    (
        "en",
        "a cure by an established treatment (not_with)",
        "Antibiotics cure most cases of Lyme disease when it's caught early.",
        "en.unproven.cure",
        "Our infrared sauna programme cures fibromyalgia in a few weeks.",
    ),
    (
        "fr",
        "booking with one's own doctor, not with the speaker (not_with)",
        "Prenez rendez-vous en ligne avec votre médecin traitant si la fièvre dure plus de trois jours.",
        "fr.incitation.rendez_vous",
        "Le lien Doctolib est sous la vidéo, il me reste quelques créneaux avant Noël.",
    ),
    (
        "en",
        "booking with one's own doctor, not with the speaker (not_with)",
        "Book an appointment online with your GP if the cough lasts more than three weeks.",
        "en.incitement.booking",
        "Book a consultation with us online, the link is in the description.",
    ),
    (
        "en",
        "the speaker's own claim",
        "Online patient reviews tell you little about a surgeon's skill.",
        "en.testimonial",
        "Go and read our patient reviews on Google.",
    ),
    (
        "fr",
        "the speaker's own claim",
        "Les avis de patients sur internet renseignent peu sur la compétence d'un chirurgien.",
        "fr.temoignage.satisfaction",
        "Allez lire les avis de nos patients sur Google.",
    ),
    (
        "en",
        "the speaker's own claim",
        "The best treatment for a cold is rest and plenty of fluids.",
        "en.superlative",
        "We simply get the best results in the region.",
    ),
    (
        "fr",
        "the speaker's own claim",
        "Le meilleur chirurgien, c'est celui qui vous explique les risques.",
        "fr.superlatif",
        "Ici on a les meilleurs résultats de la région.",
    ),
    # an age is a number: "les mois qui suivent" and ", so," are none (both read as ages before)
    (
        "fr",
        "an age is a number of years or months",
        "Une fièvre dans les mois qui suivent un retour d'Afrique, c'est un paludisme jusqu'à preuve du contraire.",
        "fr.identification.minor",
        "Le petit Lucas, huit ans, en CE2 à l'école Jean-Jaurès de Roubaix, s'est cassé le bras.",
    ),
    (
        "en",
        "an age is a number, not any word between commas",
        "Right, so, the liver is the only organ that can regrow, which is why living donation works.",
        "en.identification.patient",
        "One of my patients, Nicola, a cashier at the Tesco in Derby, had a miscarriage in January.",
    ),
    (
        "fr",
        "care told in a relative clause, a date said relatively",
        "Le patron du garage m'a dit que la vidange était faite le mois dernier.",
        "fr.identification.patient",
        "Le patron du garage Renault de Vienne, que j'ai opéré du cœur le mois dernier, va très bien.",
    ),
    # spoken teaching from real talks (Crash Course Psychology) that the English rules blocked or warned on
    (
        "en",
        "'for sure' of a result, not of small talk",
        "It can be a tricky topic for sure but we are here to clear some things up.",
        "en.guarantee",
        "You'll be back on the slopes by Christmas, for sure.",
    ),
    (
        "en",
        "a testimonial, not a witness's testimony",
        "Faulty memories lead to false eyewitness testimonies.",
        "en.testimonial.story",
        "We put the testimonials of our happiest patients on the website.",
    ),
    (
        "en",
        "'magic' as a claim about care, not a magician's",
        "We've got songs about magic touches and golden touches, invisible and human touches.",
        "en.superlative.miracle",
        "Honestly, this cream is pure magic for wrinkles.",
    ),
]


def _rules(language: str, sentence: str) -> set[str]:
    return {f.rule_id for f in check_units([Unit(sentence)], language, classifier=False, story=False)}


@pytest.mark.parametrize(("language", "mechanism", "ordinary", "rule_id", "violation"), CASES)
def test_ordinary_sentence_is_silent_and_violation_still_flagged(
    language: str, mechanism: str, ordinary: str, rule_id: str, violation: str
) -> None:
    assert rule_id not in _rules(language, ordinary), mechanism
    assert rule_id in _rules(language, violation), mechanism


@pytest.mark.parametrize(
    ("language", "sentence", "rule_id"),
    [
        ("en", "Over three hundred satisfied patients last year.", "en.testimonial.count"),
        ("fr", "Plus de trois cents patients satisfaits cette année.", "fr.temoignage.nombre"),
    ],
)
def test_a_count_of_satisfied_patients_is_flagged_whoever_says_it(language: str, sentence: str, rule_id: str) -> None:
    assert rule_id in _rules(language, sentence)


@pytest.mark.parametrize(
    ("language", "sentence", "rule_id"),
    [
        # the negation belongs to the claim ("jamais", "never"), not to a clause above it
        ("fr", "Mes patients ne sont jamais déçus du résultat.", "fr.garantie"),
        ("en", "None of my patients have ever been disappointed with their result.", "en.guarantee"),
        # a phrase beside the clause is not what the clause's negation denies
        ("en", "Unlike other clinics in the area, we never get an implant wrong.", "en.comparison"),
        (
            "fr",
            "Contrairement aux autres centres de la région, nous ne ratons jamais une implantation.",
            "fr.comparaison",
        ),
    ],
)
def test_a_negation_that_is_part_of_the_claim_keeps_it(language: str, sentence: str, rule_id: str) -> None:
    assert rule_id in _rules(language, sentence)


@pytest.mark.parametrize(
    ("language", "sentence", "rule_id"),
    [
        ("en", "I'm not saying other surgeons are incompetent, but my results speak for themselves.", "en.denigration"),
        (
            "fr",
            "Je ne dis pas que mes confrères sont des charlatans, mais chez nous c'est autre chose.",
            "fr.denigrement",
        ),
        # the practice's own website is the practice speaking, unlike "certains sites promettent..."
        ("fr", "Notre site promet des résultats garantis.", "fr.garantie"),
    ],
)
def test_a_claim_the_speaker_makes_is_kept(language: str, sentence: str, rule_id: str) -> None:
    assert rule_id in _rules(language, sentence)


def test_english_words_that_are_french_verb_forms_do_not_make_a_claim_reported() -> None:
    """edsnlp's French reporting verbs conjugate into English words ("promise" is a participle of
    "promettre"): English takes none of them, so "we promise..." stays the speaker's own claim."""
    from videokit.compliance.check import analyser_for, ruleset_for

    nlp = analyser_for(ruleset_for("en", None))
    text = "We promise you risk-free surgery."
    start = text.index("risk-free")
    (qualifiers,) = nlp.qualify([(text, [(start, start + len("risk-free"))])])
    assert not qualifiers[0].reported
    assert {"en.guarantee", "en.no_risk"} <= _rules("en", text)


def test_a_title_speaks_for_the_practice_without_we() -> None:
    title = [Unit("Avis patients : 5 étoiles sur Google")]
    assert "fr.temoignage.satisfaction" in {
        f.rule_id for f in check_units(title, "fr", source="title", classifier=False, story=False)
    }
    assert "fr.temoignage.satisfaction" not in {
        f.rule_id for f in check_units(title, "fr", source="transcript", classifier=False, story=False)
    }


@pytest.mark.parametrize(
    ("sentence", "rule_id", "severity"),
    [
        # an adult's age in words: "quarante-deux" once read as "deux", a two-year-old, and a child
        # with two details always blocks; "dix-huit" is eighteen, not "huit"
        (
            "Mon patient, quarante-deux ans, chauffeur à la mairie, est venu me voir pour une lombalgie.",
            "fr.identification.patient",
            "warn",
        ),
        (
            "Mon patient, huit ans, élève à l'école Jean-Jaurès, est venu me voir pour une entorse.",
            "fr.identification.minor",
            "block",
        ),
        (
            "Ma patiente, dix-huit ans, caissière à Roubaix, est venue me voir pour une entorse.",
            "fr.identification.patient",
            "warn",
        ),
    ],
)
def test_an_age_in_words_is_read_whole(sentence: str, rule_id: str, severity: str) -> None:
    found = {(f.rule_id, f.severity) for f in check_units([Unit(sentence)], "fr", classifier=False, story=False)}
    assert found == {(rule_id, severity)}, found
