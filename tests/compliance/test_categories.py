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


# Wording a council sanctions that the rules themselves must catch (the classifier only warns), each with a hard
# negative using the same words; (language, rule id, violation, hard negative)
RULE_CASES = [
    (
        "fr",
        "fr.garantie.assurance",
        "Faites-moi confiance, dans deux semaines vous aurez une peau de bébé.",
        "Dans deux semaines, la plupart des patients voient la rougeur diminuer, mais pas tous.",
    ),
    (
        "fr",
        "fr.garantie.absolu",
        "Avec notre technique, les implants tiennent toujours parfaitement.",
        "Le résultat d'une greffe n'est pas toujours parfait, il faut parfois une retouche.",
    ),
    (
        "fr",
        "fr.sans_risque.aucun",
        "Avec ce laser vous ne sentirez rien et il ne restera aucune cicatrice.",
        "Je ne vous promets pas que vous ne sentirez rien, mais l'anesthésie locale aide beaucoup.",
    ),
    (
        "fr",
        "fr.sans_risque",
        "Avec ce laser, zéro douleur et zéro cicatrice.",
        "Si une clinique vous promet zéro cicatrice, demandez-lui de vous montrer ses complications.",
    ),
    (
        "fr",
        "fr.superlatif.sans_egal",
        "Personne dans la région ne pratique plus de rhinoplasties que moi.",
        "Personne ne connaît mieux votre corps que vous, écoutez les signaux qu'il vous envoie.",
    ),
    (
        "fr",
        "fr.superlatif",
        "On vient me consulter de toute la France pour ce type de cicatrice.",
        "Les centres de référence accueillent des enfants de toute la France pour ces maladies rares.",
    ),
    (
        "fr",
        "fr.denigrement",
        "Les cabinets dentaires low cost travaillent à la chaîne, vous n'êtes qu'un numéro.",
        "Dans l'industrie, le travail à la chaîne provoque souvent des troubles musculo-squelettiques.",
    ),
    (
        "fr",
        "fr.denigrement.jugement",
        "Le gynécologue qui vous suivait avant n'a même pas pris la peine de vous examiner.",
        "Le médecin qui vous suivait avant vous a transmis votre dossier, c'est très utile.",
    ),
    (
        "fr",
        "fr.comparaison",
        "Les autres maternités du département ont des taux de complications bien plus élevés que les nôtres.",
        "Les taux de complications sont plus élevés chez les fumeurs que chez les non-fumeurs.",
    ),
    (
        "fr",
        "fr.temoignage.recit",
        "Je vous lis le mot qu'une patiente m'a glissé dans la boîte aux lettres.",
        "Je vous lis la question qu'un abonné m'a posée sur la vaccination des nourrissons.",
    ),
    (
        "fr",
        "fr.temoignage.preuve",
        "Mes patientes m'envoient leurs copines, c'est bien la preuve que le travail est bon.",
        "Le bouche-à-oreille n'est pas une preuve d'efficacité, seules les études comptent.",
    ),
    (
        "fr",
        "fr.promotion",
        "Pour la rentrée, deux séances de laser pour le prix d'une.",
        "Le vaccin contre la grippe est pris en charge à 100 % pour les plus de 65 ans.",
    ),
    (
        "fr",
        "fr.prix",
        "Chez nous, la séance de cryolipolyse est à 150 euros seulement.",
        # a fee set by the national agreement is information
        "Le tarif d'une consultation de pédiatrie est fixé par la convention médicale, il est le même partout.",
    ),
    (
        "fr",
        "fr.incitation",
        "Venez faire une prise de sang chez nous tous les six mois, ça rassure.",
        "Une prise de sang tous les six mois n'est utile que si vous avez un traitement à surveiller.",
    ),
    (
        "fr",
        "fr.non_eprouve.alternatif",
        "Mes tisanes font baisser la tension, plus besoin de médicament.",
        "L'acupuncture peut soulager certaines douleurs, mais elle ne remplace pas votre traitement.",
    ),
    (
        "fr",
        "fr.conseil.personnalise",
        "D'après la photo que vous m'avez envoyée, c'est un psoriasis, mettez cette crème.",
        "Ne m'envoyez pas de photos de vos lésions, je ne peux pas faire de diagnostic à distance.",
    ),
    (
        "en",
        "en.guarantee.assurance",
        "Trust me, in two weeks your knee will feel brand new.",
        "In two weeks most people's knees feel better, but some take longer.",
    ),
    (
        "en",
        "en.guarantee.absolute",
        "Our laser treatment works every time, a hundred percent.",
        "No treatment works every time, and this one is no exception.",
    ),
    (
        "en",
        "en.no_risk.none",
        "With this new method you won't feel a thing and it leaves no scar.",
        "I can't promise you won't feel a thing, but the local anaesthetic helps a lot.",
    ),
    (
        "en",
        "en.no_risk",
        "With this new laser, zero pain and zero scarring.",
        "If a clinic promises zero scarring, ask to see their complication rates.",
    ),
    (
        "en",
        "en.superlative.unrivalled",
        "Nobody in the county has done as many knee replacements as me.",
        "Nobody knows your body better than you do, so listen to it.",
    ),
    (
        "en",
        "en.superlative",
        "People travel from all over the country to see me for this surgery.",
        "Specialist centres treat children from all over the country for these rare diseases.",
    ),
    (
        "en",
        "en.denigration",
        "Those cut-price dental chains work like a factory, you're just a number.",
        "Factory workers often get repetitive strain injuries in their wrists.",
    ),
    (
        "en",
        "en.denigration.judgement",
        "The surgeon who operated on you before clearly didn't bother to check the implant.",
        "The surgeon who operated on you before sent me your notes, which is really helpful.",
    ),
    (
        "en",
        "en.comparison",
        "The other fertility clinics in town have much lower success rates than ours.",
        "Success rates are lower in women over forty than in younger women.",
    ),
    (
        "en",
        "en.testimonial.story",
        "Let me read you a card one of my patients sent me after her surgery.",
        "Let me read you a question a viewer sent about vaccinating newborns.",
    ),
    (
        "en",
        "en.testimonial.proof",
        "My patients keep sending their friends to me, which says it all.",
        "Word of mouth isn't evidence that a treatment works, only trials can tell.",
    ),
    (
        "en",
        "en.promotion",
        "This spring, two laser sessions for the price of one.",
        "Prescriptions are free in Scotland and Wales, but not in England.",
    ),
    (
        "en",
        "en.incitement",
        "Come and get your bloods done with us every three months, it's reassuring.",
        "Bloods every three months are only useful if you're on a treatment that needs monitoring.",
    ),
    (
        "en",
        "en.unproven.alternative",
        "These herbal drops cure high blood pressure, you can forget your tablets.",
        # the negation is on the claim ("replace"), not on the remedy the rule needs to see
        "Acupuncture can ease some back pain, but it doesn't replace your treatment.",
    ),
    (
        "en",
        "en.advice.personal",
        "From the scan you sent me, it's a simple sprain, no need for physio.",
        "I can't read scans people send me, please show yours to your own doctor.",
    ),
]


@pytest.mark.parametrize(
    ("language", "rule_id", "violation", "negative"),
    RULE_CASES,
    ids=[c[1] for c in RULE_CASES],
)
def test_rule_flags_the_wording_and_not_its_hard_negative(
    language: str, rule_id: str, violation: str, negative: str
) -> None:
    found = check_units([Unit(violation), Unit(negative)], language, classifier=False, story=False)
    assert rule_id in {f.rule_id for f in found if f.text == violation}, [(f.rule_id, f.match) for f in found]
    assert [(f.rule_id, f.match) for f in found if f.text == negative] == []


def test_a_child_identified_across_a_story_always_blocks() -> None:
    story = [
        "Je voulais vous parler de Léa.",
        "Elle a sept ans et elle est en CE1 à l'école Pasteur de Quimper.",
        "Elle a fait une crise d'épilepsie en classe.",
    ]
    found = [f for f in check_units([Unit(s) for s in story], "fr") if f.rule_id == "fr.identification.minor"]
    assert found and found[0].severity == "block" and "mineur" in found[0].reason


@pytest.mark.parametrize(
    ("language", "story", "teaching"),
    [
        (
            "fr",
            "Je pense à Jules, neuf ans, qui vit à Roubaix : il avait une otite qui ne passait pas.",
            "Un enfant de neuf ans qui a une otite a souvent de la fièvre.",
        ),
        (
            "en",
            "Little Mia, six, who plays football for Leeds Juniors, had an ear infection last winter.",
            "A six-year-old with an ear infection often has a fever.",
        ),
    ],
)
def test_a_child_with_a_common_illness_is_a_patient_too(language: str, story: str, teaching: str) -> None:
    """The care a story tells is often an everyday illness (an ear infection, a fever): the child
    named with age and town is still identified; the same illness taught in general is not."""
    found = check_units([Unit(story), Unit(teaching)], language, classifier=False, story=False)
    minor = f"{language}.identification.minor"
    assert [f.severity for f in found if f.rule_id == minor and f.text == story] == ["block"]
    assert [f.rule_id for f in found if f.text == teaching] == []


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


@pytest.mark.parametrize(
    ("language", "story", "made_up", "teaching"),
    [
        (
            "fr",
            "Le capitaine du club de hand de la ville, je le suis depuis son accident de moto.",
            "Appelons-la Jeanne : quarante ans, infirmière à l'hôpital de Brest, elle souffre d'une dépression.",
            "Un enfant de huit ans en CE2 qui tousse la nuit doit être vu par son médecin.",
        ),
        (
            "en",
            "The captain of the town's rugby club, I've been treating him since his motorbike crash.",
            "Let's call her Jane: forty years old, a nurse at Leeds General in Leeds, she suffers from depression.",
            "A child of eight in year three who coughs at night should be seen by a doctor.",
        ),
    ],
)
def test_a_role_only_one_person_holds_identifies_and_a_made_up_case_does_not(
    language: str, story: str, made_up: str, teaching: str
) -> None:
    """A unique role in a community ("the captain of the town's club") names a patient as surely as a
    name; a case the speaker says is made up, or a class taught in general, names nobody."""
    found = check_units([Unit(story), Unit(made_up), Unit(teaching)], language, classifier=False, story=False)
    identified = [(f.text, f.severity) for f in found if ".identification." in f.rule_id]
    assert identified == [(story, "block")]


@pytest.mark.parametrize(
    ("language", "news", "treated"),
    [
        (
            "fr",
            # heard on a radio news bulletin of the corpus (Whisper's "insinéré" kept)
            "Un dernier adieu à Laurent Fignon, l'ancien double vainqueur du tour de France, vaincu par le cancer"
            " à 50 ans, a été insinéré en petit comité aujourd'hui.",
            "J'ai opéré l'ancien champion olympique Marc Dupont, 45 ans, de Lyon, d'une hernie.",
        ),
        (
            "en",
            "The famous actor John Smith, 62, from Leeds, announced on Monday that he has cancer.",
            "I treated the former world champion Tom Reed, 45, from Leeds, for a hernia.",
        ),
    ],
)
def test_a_public_figures_illness_in_the_news_warns_and_their_doctor_speaking_blocks(
    language: str, news: str, treated: str
) -> None:
    """What the news told of a public figure breaks no secrecy of the speaker's: a reviewer's warning,
    never "a minor" for a man of fifty ("en petit comité" speaks of the funeral, not of a child).
    The speaker who treated that figure breaks it: blocking."""
    found = check_units([Unit(news), Unit(treated)], language, classifier=False, story=False)
    identified = [(f.text, f.rule_id, f.severity) for f in found if ".identification." in f.rule_id]
    assert identified == [
        (news, f"{language}.identification.patient", "warn"),
        (treated, f"{language}.identification.patient", "block"),
    ]
    assert ("Personnalité publique" if language == "fr" else "A public figure") in next(
        f.reason for f in found if f.text == news and ".identification." in f.rule_id
    )


@pytest.mark.parametrize(
    ("language", "child", "thing"),
    [
        (
            "fr",
            "Le petit Hugo, de Brest, a fait une bronchiolite.",
            "On s'est vus en petit comité, à Brest, pour la bronchiolite.",
        ),
        (
            "en",
            "Little Hugo from Bristol had bronchiolitis last week.",
            "We met as a little group in Bristol last week about bronchiolitis.",
        ),
    ],
)
def test_little_is_a_child_only_when_it_speaks_of_a_person(language: str, child: str, thing: str) -> None:
    found = check_units([Unit(child), Unit(thing)], language, classifier=False, story=False)
    minors = [f.text for f in found if f.rule_id.endswith(".identification.minor")]
    assert minors == [child]


@pytest.mark.parametrize(
    ("language", "anyone"),
    [
        ("fr", "Le cycliste Marc Dupont, 45 ans, renversé devant le cabinet à Lyon, souffre d'une fracture."),
        ("en", "The cyclist Tom Reed, 45, knocked down outside the surgery in Leeds, has a fracture."),
    ],
)
def test_a_trade_is_no_fame_a_named_cyclist_with_his_injury_still_blocks(language: str, anyone: str) -> None:
    found = check_units([Unit(anyone)], language, classifier=False, story=False)
    assert [f.severity for f in found if ".identification." in f.rule_id] == ["block"], found


@pytest.mark.parametrize(
    ("language", "adult", "child"),
    [
        (
            "fr",
            "Sa fille Claire, 34 ans, de Brest, a fait un infarctus hier.",
            "Sa fille Claire, de Brest, a fait une bronchiolite hier.",
        ),
        (
            "en",
            "Her daughter Claire, 34, from Bristol, had a heart attack yesterday.",
            "Her daughter Claire from Bristol had bronchiolitis yesterday.",
        ),
    ],
)
def test_a_son_or_daughter_is_a_minor_unless_the_sentence_gives_an_adults_age(
    language: str, adult: str, child: str
) -> None:
    """A son or a daughter says a relation, not an age: with 34 years said, the story is an adult's
    (still identifying, never "un mineur"); without an age, a child's."""
    found = check_units([Unit(adult), Unit(child)], language, classifier=False, story=False)
    identified = {(f.text, f.rule_id.rsplit(".", 1)[-1]) for f in found if ".identification." in f.rule_id}
    assert identified == {(adult, "patient"), (child, "minor")}, identified


@pytest.mark.parametrize(
    ("language", "addressed", "audience"),
    [
        (
            "fr",
            [
                "@lea_b, vu ta photo, c'est un eczéma, mets de la crème deux fois par jour.",
                "La personne qui demandait sous le dernier live si elle pouvait courir : oui, allez-y doucement.",
                "Pour la maman dont le bébé tousse depuis une semaine, du sérum physiologique et ça ira.",
                "Pour Marc qui me demande quoi faire avec son diabète, augmentez l'insuline le soir.",
            ],
            [
                "Pour tous ceux qui m'ont posé la question en commentaire, le sport est bon pour le cœur en général.",
                "L'étude qui décrit cet effet portait sur peu de patients.",
                "@lea_b, je ne peux pas juger sur une photo, montre-la à ton médecin.",
            ],
        ),
        (
            "en",
            [
                "@mike_runs, from the photo that's a stress fracture, rest it for six weeks.",
                "The gentleman who messaged me about his father's falls, I reckon it's just old age, don't worry.",
                "For the dad whose son keeps getting nosebleeds, pinch the soft part of the nose for ten minutes.",
            ],
            [
                "For everyone who asked in the comments, yes, statins are safe for most people.",
                "The patient who wrote to me last year was worried about her blood pressure.",
                "The study that described this effect was small.",
                "@mike_runs, nobody can tell from a photo, please show it to your GP.",
            ],
        ),
    ],
)
def test_a_sentence_singling_out_one_viewer_is_personal_advice_to_read_again(
    language: str, addressed: list[str], audience: list[str]
) -> None:
    """Wordings the advice patterns never listed (an @handle, "le papa qui a posté", "the lady
    whose daughter…") single out one viewer in the parse (compliance/address.py); the audience as a
    whole, a patient's story told about them, or a study is not addressed, and a viewer sent to
    their own doctor gets the answer a council expects."""
    for sentence in addressed:
        found = check_units([Unit(sentence)], language)
        assert any(f.category == "advice" and f.severity == "warn" for f in found), sentence
    for sentence in audience:
        assert not [f for f in check_units([Unit(sentence)], language) if f.category == "advice"], sentence


def test_ill_tell_you_is_advice_only_when_it_answers_one_persons_case() -> None:
    """`en.advice.personal` blocked any "I'll tell you": "If a big trial one day shows vitamin D
    prevents depression, I'll tell you" stopped a publish. It blocks the answer to one person's case."""
    case = "Send me a photo of your mole on Instagram and I'll tell you if it's melanoma."
    assert "en.advice.personal" in {f.rule_id for f in check_units([Unit(case)], "en", classifier=False)}
    for general in (
        "If a big trial one day shows vitamin D prevents depression, I'll tell you, but we're not there.",
        "I'll tell you why blood pressure matters for your heart.",
    ):
        assert not check_units([Unit(general)], "en", classifier=False), general


def test_a_diagnosis_offered_on_social_media_blocks_and_one_refused_does_not() -> None:
    """`fr.conseil.personnalise` blocked any "diagnostic" near "sur Instagram": the doctor saying
    "un diagnostic ça ne se fait pas sur Instagram" gives the answer a council expects."""
    offered = "Écrivez-moi en commentaire, je vous donne mon diagnostic dans la journée."
    assert "fr.conseil.personnalise" in {f.rule_id for f in check_units([Unit(offered)], "fr", classifier=False)}
    for refused in (
        "On m'envoie des radios en message privé, je préfère être clair, un diagnostic se fait en consultation.",
        "Je reçois des photos en message privé, je les supprime, un diagnostic ça ne se fait pas sur Instagram.",
        "Beaucoup d'abonnés demandent en commentaire un diagnostic, c'est impossible à distance.",
    ):
        assert not check_units([Unit(refused)], "fr", classifier=False), refused


@pytest.mark.parametrize(
    ("language", "disclaimers", "claim"),
    [
        (
            "en",
            ["Honestly, I can't guarantee you anything with this operation.",
             "To be frank, I won't promise you perfect results."],
            "I can't promise anything, but this laser will clear your skin for good.",
        ),
        (
            "fr",
            ["Honnêtement, je ne peux rien vous garantir avec cette opération.",
             "Franchement, je ne vous promettrai pas un résultat parfait."],
            "Je ne peux rien promettre, mais ce laser va nettoyer votre peau pour de bon.",
        ),
    ],
)  # fmt: skip
def test_a_doctor_declining_to_promise_is_not_a_promise(language: str, disclaimers: list[str], claim: str) -> None:
    """The classifier read "I can't promise..." as a promise (its meaning is near one): the category's
    `disclaimed_by` verbs, negated in the speaker's mouth, deny it, unless a "but" brings the claim back."""
    for sentence in disclaimers:
        assert not [f for f in check_units([Unit(sentence)], language) if f.category == "promise"], sentence
    assert "promise" in {f.category for f in check_units([Unit(claim)], language)}


def test_a_treatment_not_sold_as_a_miracle_is_not_a_miracle_claim() -> None:
    """The negation of "sell" / "describe" reaches its "as X" complement, which the parse hangs on a preposition."""
    for sentence in ("I wouldn't describe it as a miracle, the trials are small.",
                     "Acupuncture may help a little, but I would never present it as a miracle cure."):  # fmt: skip
        assert not [f for f in check_units([Unit(sentence)], "en", classifier=False) if f.category == "superlative"]
    assert "en.superlative.miracle" in {f.rule_id for f in check_units([Unit("We sell it as a miracle.")], "en")}
