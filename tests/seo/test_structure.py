"""How a talk is built: discourse markers, announced parts, questions, introductions, typography."""

from __future__ import annotations

from videokit.seo import structure
from videokit.seo.chapters import chapter_titles
from videokit.seo.subject import Subject
from videokit.seo.titles import title_candidates
from videokit.seo.types import Chapter


def test_markers_and_questions_are_boundary_cues() -> None:
    assert structure.boundary_cue("Voyons maintenant comment bien mesurer sa tension.", "fr") == 1.0
    assert structure.boundary_cue("Enfin, parlons du traitement.", "fr") == 1.0
    assert structure.boundary_cue("Next, let's look at sleep.", "en") == 1.0
    assert structure.boundary_cue("Qu'est-ce que la fièvre ?", "fr") == 0.5
    assert structure.boundary_cue("Le sel augmente la tension.", "fr") == 0.0


def test_announced_parts_become_headings_and_rhetorical_questions_do_not() -> None:
    heading = structure.heading(
        ["Parlons d'abord des symptômes de l'hypertension.", "Le plus souvent, rien."], "fr", first=False
    )
    assert heading == structure.Heading("Symptômes de l'hypertension", "announced")
    how = structure.heading(["Voyons maintenant comment bien mesurer sa tension à domicile."], "fr", first=False)
    assert how is not None and how.text == "Comment mesurer sa tension à domicile"  # 6 words at most: the adverb goes
    assert structure.heading(["So, what are moods?", "Moods last longer."], "en", first=False).text == "What are moods?"
    assert structure.heading(["All that?", "Yes."], "en", first=False) is None
    assert (
        structure.heading(["Bonjour.", "Aujourd'hui nous parlons du mal de dos."], "fr", first=True).kind
        == "introduction"
    )


def test_french_typography_and_articles() -> None:
    assert (
        structure.typeset("Quand consulter pour une fièvre chez l'enfant?", "fr")
        == "Quand consulter pour une fièvre chez l'enfant ?"
    )
    assert structure.typeset("Back pain : 5 exercises", "en") == "Back pain: 5 exercises"
    assert structure.with_article("Symptômes de l'hypertension", "fr") == "les symptômes de l'hypertension"
    assert structure.with_article("Traitement de la fièvre", "fr") == "le traitement de la fièvre"
    assert structure.with_article("Comment mesurer sa tension", "fr") == "comment mesurer sa tension"
    # a lone word is read as a noun ("objet" alone is tagged a verb), a borrowing the tagger does not
    # know is masculine, a name takes no article
    assert [structure.with_article(w, "fr") for w in ("objet", "smartphone", "routine", "Paris")] == [
        "l'objet",
        "le smartphone",
        "la routine",
        "Paris",
    ]


def test_a_sentence_leaning_on_the_one_before_does_not_stand_alone() -> None:
    """Hooks and summaries of real talks (bench/metadata.py's Crash Course episodes) quoted "Neuron:
    to do that, we begin at the simplest level…", "After a few months of convalescing, he was
    pretty much healed up…" and "In fact, sometimes it is exactly wrong": each needs the sentence
    said before it."""
    leaning = {
        "en": [
            "To do that, we begin at the simplest level, the system with the smallest parts.",
            "After a few months of convalescing, he was pretty much healed up and moving around.",
            "The problem is with his perception, at least when it comes to recognizing faces.",
            "In fact, sometimes it is exactly wrong.",
            "For instance, right around Freud's time, there were many schools of thought.",
        ],
        "fr": [
            "Pour faire ça, on commence par mesurer la tension.",
            "En effet, la tension monte avec l'âge.",
            "Du coup, on adapte le traitement au bout de quelques semaines.",
        ],
    }
    alone = {
        "en": [
            "The patient said he was fine after the surgery.",  # the person is named before
            "The child said she felt dizzy in the morning.",
            "Neurons fire when they receive enough input from their neighbours.",
            "Memory is not a recording, and that matters for witnesses.",
            "Unlike our senses of sight and hearing, taste and smell are chemical senses.",
        ],
        "fr": [
            "L'hypertension abîme les artères, et ça augmente le risque d'infarctus.",
            "La tension se mesure assis, au calme, après cinq minutes de repos.",
            "De plus en plus de patients consultent pour des douleurs chroniques.",
            "Pour autant que je sache, la tension monte avec l'âge.",  # "as far as I know"
        ],
    }
    for language, said in leaning.items():
        assert not [s for s in said if structure.stands_alone(s, language)], language
    for language, said in alone.items():
        assert all(structure.stands_alone(s, language) for s in said), language


def test_sentences_that_start_mid_discourse_do_not_stand_alone() -> None:
    assert not structure.stands_alone("Enfin, parlons du traitement de l'hypertension.", "fr")
    assert not structure.stands_alone("Donc il faut consulter.", "fr")
    assert not structure.stands_alone("Elle augmente le risque d'infarctus.", "fr")
    assert structure.stands_alone("L'hypertension artérielle abîme le cœur et les reins.", "fr")
    # a demonstrative points back: which treatment, out of the talk? (the demo's summary quoted it)
    assert not structure.stands_alone("Ce traitement se prend tous les jours, même quand on se sent bien.", "fr")
    assert not structure.stands_alone("This treatment is taken every day, even when you feel well.", "en")
    assert structure.stands_alone("Le traitement se prend tous les jours, même quand on se sent bien.", "fr")
    # the speaker thinking aloud (corpus smartphone.mp3: "Bon" is tagged a name when it opens the sentence)
    assert not structure.stands_alone("Bon, je dis ça pour le môme, mais c'est valable pour nous aussi.", "fr")
    assert not structure.stands_alone("Well, it was not the same kind of dependence.", "en")
    # a pronoun pointing ahead says what it points to
    assert structure.stands_alone(
        "Ce qui fait la force du smartphone, c'est la manière dont ses fonctions interagissent.", "fr"
    )
    assert structure.stands_alone("What matters is the dose you take every day.", "en")
    # an object pronoun with no noun before it stands for something said earlier (the smartphone
    # talk's summary quoted "On ne l'a pas dans la main quand on est au lit…", about a car)
    assert not structure.stands_alone("On ne l'a pas dans la main quand on est au lit.", "fr")
    assert not structure.stands_alone("On le voit souvent chez les personnes âgées.", "fr")
    assert not structure.stands_alone("We gave them antibiotics for a week.", "en")
    assert structure.stands_alone("Notez les chiffres dans un carnet et apportez-le à votre médecin.", "fr")
    assert structure.stands_alone("The nurse told her to rest for a week.", "en")
    # a connective leaning on what was said before, wherever it sits ("also" does not: it reads alone)
    assert not structure.stands_alone("Ce qu'il dit d'ailleurs sur la photo est convaincant.", "fr")
    assert not structure.stands_alone("Ce qu’il dit d’ailleurs sur la photo est convaincant.", "fr")  # typeset
    assert not structure.stands_alone("The second trial, however, found no effect on mortality.", "en")
    assert structure.stands_alone("L'hypertension abîme aussi les reins.", "fr")


def test_chapter_headings_are_short_distinct_and_never_keyword_pairs() -> None:
    pieces = [
        ["Bonjour.", "Aujourd'hui nous parlons du mal de dos."],
        ["Parlons d'abord des causes du mal de dos.", "Le mal de dos vient souvent des muscles."],
        [
            "Le gainage renforce les muscles du dos.",
            "Le gainage se fait sur un tapis.",
            "Faites le gainage chaque jour.",
        ],
    ]
    headings = chapter_titles(pieces, "fr", avoid=["mal de dos"])
    assert [h.text for h in headings][:2] == ["Introduction", "Causes du mal de dos"]
    assert headings[2].text == "Gainage" and " et " not in headings[2].text
    assert all(len(h.text) <= structure.MAX_HEADING_CHARS for h in headings)


def test_a_heading_names_something_rather_than_a_remark() -> None:
    """A chapter's heading is never a word everyone says ("room") or a remark said once ("big
    test"): the chapter's specific term is taken instead, even when said less."""
    pieces = [
        ["Today we talk about memory.", "Memory is how we keep what we learn."],
        [
            "Walk into a room and you forget why.",
            "That room is a big test for your memory.",
            "The hippocampus files each new memory.",
            "Without a hippocampus no new memory sticks, whatever the room.",
        ],
        ["So sleep well.", "Sleep helps the brain store memories."],
    ]
    headings = [h.text for h in chapter_titles(pieces, "en", avoid=["memory"])]
    assert headings[1] == "Hippocampus", headings


def test_title_from_the_subject_and_the_announced_parts() -> None:
    chapters = [
        Chapter(0, "Introduction"),
        Chapter(30, "Symptômes de l'hypertension"),
        Chapter(60, "Comment mesurer sa tension à domicile"),
        Chapter(90, "Traitement de l'hypertension artérielle"),
    ]
    subject = Subject("hypertension artérielle", (), ())
    titles = title_candidates([], "fr", text="", duration=120, chapters=chapters, subject=subject)
    assert titles[0].text == "Hypertension artérielle : symptômes, mesure et traitement"
    assert "Comment mesurer sa tension à domicile ?" in [t.text for t in titles]
    assert all(t.reason for t in titles)


def test_a_long_how_to_is_cut_before_a_complement_and_the_title_says_it_whole() -> None:
    said = "Voyons maintenant quand consulter pour une fièvre chez l'enfant."
    heading = structure.heading([said, "Avant trois mois, toujours."], "fr", first=False)
    assert heading == structure.Heading("Quand consulter pour une fièvre", "announced")  # not "… chez"
    text = f"Aujourd'hui nous parlons de la fièvre chez l'enfant. {said} Avant trois mois, toujours."
    subject = Subject("fièvre chez l'enfant", (), ())
    chapters = [Chapter(0, "Introduction"), Chapter(30, heading.text)]
    titles = [t.text for t in title_candidates([], "fr", text=text, duration=120, chapters=chapters, subject=subject)]
    assert "Quand consulter pour une fièvre chez l'enfant ?" in titles
    # a question that names nothing on its own takes the subject first
    bare = [Chapter(0, "Introduction"), Chapter(30, "Quand consulter")]
    titles = [t.text for t in title_candidates([], "fr", text="", duration=120, chapters=bare, subject=subject)]
    assert "Fièvre chez l'enfant : quand consulter ?" in titles


def test_tag_and_rhetorical_questions_are_no_headings_but_real_ones_are() -> None:
    for aside in ("Which is good, right?", "Don't believe me?", "How about him?", "C'est grave, non ?"):
        language = "fr" if "C'est" in aside else "en"
        assert structure.heading([aside, "Stress raises the risk."], language, first=False) is None, aside
    # a yes/no question about "it", "you"… checks on the listener or the story (a mishearing kept)
    for aside in (
        "Is it time for your to go?",
        "Do you remember the last dinner party?",
        "Est-ce que vous voyez la différence ?",
        "Est-ce qu'il a mal au genou ?",
    ):
        language = "fr" if aside.startswith("Est") else "en"
        assert structure.heading([aside, "Stress raises the risk."], language, first=False) is None, aside
    for real in ("Is coffee bad for the heart?", "Peut-on guérir du diabète ?", "Est-ce que le diabète se guérit ?"):
        language = "en" if real.startswith("Is") else "fr"
        assert structure.heading([real, "Often not."], language, first=False) == structure.Heading(real, "question")
    asked = structure.heading(["So how many different emotions are there?", "Some say six."], "en", first=False)
    assert asked == structure.Heading("How many different emotions are there?", "question")
    assert structure.heading(["Quels sont les symptômes ?", "Souvent aucun."], "fr", first=False) == (
        structure.Heading("Quels sont les symptômes ?", "question")
    )


def test_a_sentence_said_as_a_heading_becomes_the_heading() -> None:
    said = structure.heading(["The curious case of Phineas Gage.", "In 1848, he was 25."], "en", first=False)
    assert said == structure.Heading("The curious case of Phineas Gage", "announced")
    # short verbless sentences that name nothing specific are no headings
    assert structure.heading(["A lot of people.", "They sleep badly."], "en", first=False) is None
    assert structure.heading(["Good question.", "Let me think."], "en", first=False) is None
    assert structure.heading(["Mwah mwah mwah.", "Taste is chemistry."], "en", first=False) is None
    # only a content word said twice is a repeat: an article may come back
    riddle = structure.heading(["The riddle of the Sphinx.", "It asked travellers a question."], "en", first=False)
    assert riddle == structure.Heading("The riddle of the Sphinx", "announced")
    # a heading Whisper misheard is no heading: "merveilleux" agrees with no noun of it
    assert structure.heading(["Une routine merveilleux.", "On la suit."], "fr", first=False) is None


def test_a_closing_that_sums_up_or_thanks_is_the_conclusion_only_at_the_end() -> None:
    closing = ["En résumé, surveillez votre tension.", "Merci de votre attention."]
    assert structure.heading(closing, "fr", first=False, last=True) == structure.Heading("Conclusion", "conclusion")
    assert structure.heading(["Thanks for watching this lesson.", "Bye."], "en", first=False, last=True) == (
        structure.Heading("Conclusion", "conclusion")
    )
    assert structure.heading(closing, "fr", first=False, last=False) != structure.Heading("Conclusion", "conclusion")


def test_a_sentence_turning_to_the_listener_does_not_stand_alone() -> None:
    assert not structure.stands_alone("Remember, the brain was not yet seen as the seat of the self.", "en")
    assert structure.stands_alone("The brain is the seat of the self.", "en")


def test_tagging_without_a_parse_keeps_parts_of_speech_and_finds_sentence_starts() -> None:
    from videokit import nlp

    text = "Bonjour. Aujourd'hui nous parlons de l'hypertension artérielle... Voyons maintenant le traitement !"
    tagged, parsed = nlp.tag(text, "fr"), nlp.analyse(text, "fr")
    assert [t.pos_ for t in tagged] == [t.pos_ for t in parsed]
    assert [t.text for t in tagged if t.is_sent_start] == ["Bonjour", "Aujourd'hui", "Voyons"]


def test_a_sentence_with_a_misheard_word_never_reaches_the_summary() -> None:
    from videokit.seo.describe import summary

    misheard = "L'hypertension centraitement abîme le cœur, les reins et le cerveau des patients."  # "non traitée"
    whole = "L'hypertension non traitée abîme le cœur, les reins et le cerveau des patients."
    assert summary([misheard, "Bonjour."], None, [], "fr", 1) == ""
    assert summary(["Centraitement, le cœur des patients souffre beaucoup trop."], None, [], "fr", 1) == ""
    assert summary([misheard, whole], None, [], "fr", 1) == whole
    # a name inside the sentence and a glossary term still read as words
    named = "Le docteur Lefèvre utilise un tensiomètre Omron au bras chaque matin."
    assert summary([named], None, [], "fr", 1, glossary=["Omron"]) == named


def test_a_sentence_the_model_was_unsure_of_never_reaches_the_summary() -> None:
    """The demo talk as Whisper base heard it, with its word probabilities: "Sans traitement, elle
    abîme le cœur, les reins et le cerveau" came out as "... le cours, les reins ..." (every word a
    word of the language), "cours" at 0.69 and "les" at 0.30. The summary takes a sentence the model
    was sure of every word of; the sentence split over two segments keeps its lowest word."""
    from videokit.seo.describe import summary
    from videokit.seo.timed import timed_sentences
    from videokit.speech.types import Segment, Transcript, Word

    heard = [
        [(" Sans", 0.05), (" traitement,", 0.99), (" elle", 0.99), (" abîme", 0.76), (" le", 0.99), (" cours,", 0.69)],
        [(" les", 0.3), (" reins,", 0.78), (" et", 0.97), (" le", 1.0), (" cerveau.", 0.98)],
        [(" Le", 0.97), (" plus", 0.99), (" souvent,", 0.99), (" l", 0.98), ("'hypertension", 1.0)],
        [(" artérielle", 0.65), (" ne", 0.99), (" donne", 1.0), (" aucun", 1.0), (" symptôme.", 0.96)],
    ]
    segments, at = [], 0.0
    for said in heard:
        words = tuple(Word(at + i, at + i + 0.8, text, p) for i, (text, p) in enumerate(said))
        segments.append(Segment(at, at + len(said), "".join(w.text for w in words), words))
        at += len(said)
    sentences = timed_sentences(Transcript("fr", segments=tuple(segments)))
    assert [round(s.confidence, 2) for s in sentences] == [0.05, 0.65]
    spoken = [s.text for s in sentences]
    sure = "Le plus souvent, l'hypertension artérielle ne donne aucun symptôme."
    assert summary(spoken, None, [], "fr", 1, confidence=[s.confidence for s in sentences]) == sure
    # alone, it is not quoted even for want of a surer one: "Sans" at 0.05 is below FLOOR_WORD
    assert summary(spoken[:1], None, [], "fr", 1, confidence=[sentences[0].confidence]) == ""
    assert summary(spoken[:1], None, [], "fr", 1) == spoken[0]  # no word probabilities: nothing to doubt


def test_the_summary_never_repeats_the_sentence_the_hook_quotes() -> None:
    """A French talk on the smartphone (corpus smartphone.mp3): the hook quoted a sentence led by the
    keyword, its capital lowered ("Rapport : on pouvait…"), and the summary quoted it again as said
    ("On pouvait…"), the description saying the same sentence twice in a row."""
    from videokit.seo.describe import hook, summary

    spoken = [
        "On pouvait être énervé par son môme qui occupait la ligne de téléphone pendant une heure chaque soir.",
        "Les économistes parlent de dépendance du sentier pour décrire ce genre de situation.",
    ]
    led = hook(spoken[:1], "rapport", "fr")
    assert (
        led
        == "Rapport : on pouvait être énervé par son môme qui occupait la ligne de téléphone pendant une heure chaque soir."
    )
    assert summary(spoken, None, [], "fr", 2, skip=led) == spoken[1]
    cut = "Rapport : on pouvait être énervé par son môme qui occupait la ligne…"  # cut to fit the fold
    assert summary(spoken, None, [], "fr", 2, skip=cut) == spoken[1]
    assert summary(spoken, None, [], "fr", 2, skip="") == " ".join(spoken)


def test_a_hook_taken_from_the_talk_is_a_sentence_the_model_was_sure_of() -> None:
    """Without chapters to list, the hook quotes the talk: never "la tension est tendance à monter"
    (Whisper base's "est" for "a", at 0.39), the demo talk's sure sentence instead."""
    from videokit.seo.describe import hook

    heard = [
        "Avec l'âge, les artères deviennent plus rigides, et la tension est tendance à monter.",
        "La tension artérielle, c'est la pression du sang dans les artères.",
    ]
    assert hook(heard, "tension", "fr") == heard[0]  # no word probabilities: nothing to doubt
    assert hook(heard, "tension", "fr", confidence=[0.39, 0.53]) == heard[1]
    # heard surely nowhere: what the talk covers, by its keyphrases (no repeat, no name), not a bare keyword
    keywords = ["hypertension", "tensiomètre", "Jean Dupont", "activité physique", "sel"]
    listed = "Dans cette vidéo : l'hypertension artérielle, le tensiomètre et l'activité physique."
    assert hook(heard, "hypertension artérielle", "fr", confidence=[0.39, 0.2], keywords=keywords) == listed


def test_only_sentences_heard_the_same_again_are_quoted_and_only_those_about_to_be_are_asked() -> None:
    """Another host heard the demo talk's "Mangez davantage de fruits" as "Manger davantage de fri"
    at 0.56 (every word a word, every word above SURE_WORD): quoted, the doctor would sign words
    never said. A sentence is quoted only when heard the same way again (videokit.speech.rehear);
    hearing again decodes audio, so it is asked of the best candidate first, then the next."""
    from videokit.seo.describe import hook, summary

    spoken = [
        "Manger davantage de fri et de légumes et limiter les plats préparés, souvent très salés.",
        "Perdre quelques kilos fait souvent baisser la tension de plusieurs points.",
        "Ce traitement se prend tous les jours, même quand on se sent bien.",
    ]
    asked: list[int] = []

    def confirmed(i: int) -> bool:
        asked.append(i)
        return i != 0

    assert summary(spoken[:1], None, [], "fr", 1) == spoken[0]  # nobody to ask: quoted as before
    assert summary(spoken, None, [], "fr", 1, confirmed=confirmed) == spoken[1]
    assert asked == [0, 1]  # without keywords all are as central: in speaking order, and no further
    assert summary(spoken[:1], None, [], "fr", 1, confirmed=lambda i: False) == ""
    assert hook(spoken, "tension", "fr") == spoken[1]  # the one that names the keyword
    assert hook(spoken, "tension", "fr", confirmed=lambda i: i == 2) == "Tension"  # "Ce traitement…" leans on before


def test_a_hook_that_cannot_name_the_subject_quotes_what_the_talk_is_about() -> None:
    """Corpus smartphone.mp3 (no sentence that reads alone names its subject): the hook quoted the
    first usable sentence, a passing remark, and kept its capital after the colon ("Rapport
    inédit : L'écran tactile…"). It now quotes the sentence naming most of the talk's keyphrases."""
    from videokit.seo.describe import hook

    spoken = [
        "L'écran tactile a été très souvent mentionné.",
        "Les économistes parlent de dépendance du sentier pour ce genre de situation.",
        "Nous sommes dépendants du smartphone et nous le rejetons en même temps.",
    ]
    keywords = ["smartphone", "dépendance", "rejet", "objet"]
    assert hook(spoken, "rapport inédit", "fr", keywords=keywords) == (
        "Rapport inédit : nous sommes dépendants du smartphone et nous le rejetons en même temps."
    )
    # a name counts for nothing: in a doctor's video it may be a patient's
    named = ["Nicolas Durand a beaucoup parlé du smartphone.", *spoken[1:]]
    assert hook(named, "rapport inédit", "fr", keywords=["Nicolas Durand", *keywords]).endswith(
        "nous sommes dépendants du smartphone et nous le rejetons en même temps."
    )
    assert hook(spoken[:1], "rapport inédit", "fr") == "Rapport inédit : l'écran tactile a été très souvent mentionné."
    assert hook(["IRM et scanner ne montrent pas la même chose."], "imagerie", "fr").startswith("Imagerie : IRM")


def test_a_hook_is_a_sentence_search_shows_whole_when_one_names_the_keyword() -> None:
    """Search shows a description's first 150 characters: a long opening sentence cut with "…" is
    not what an editor writes when a shorter one names the subject too."""
    from videokit.seo.describe import hook

    spoken = [
        "L'hypertension artérielle, c'est quelque chose dont on parle beaucoup dans les médias, dans les "
        "familles, au travail, et pourtant on en sait souvent très peu sur ce qu'elle fait vraiment au cœur.",
        "L'hypertension artérielle abîme les artères sans faire mal.",
    ]
    assert len(spoken[0]) > 150
    assert hook(spoken, "hypertension artérielle", "fr") == spoken[1]
    assert hook(spoken[:1], "hypertension artérielle", "fr").endswith("…")  # none fits: the long one, cut


def test_a_hook_never_quotes_a_word_whisper_made_up() -> None:
    """The demo talk under noise: Whisper base heard "cintôme" for "symptôme" at 0.62, so the sentence
    passes the confidence test; the summary's rule (text.real_words) keeps it out of the hook too,
    while a client's glossary term the language does not know ("automesureur") is no mishearing."""
    from videokit.seo.describe import hook

    heard = [
        "Le plus souvent, l'hypertension artérielle ne donne aucun cintôme.",
        "L'hypertension artérielle se mesure au repos, assis, trois fois de suite.",
    ]
    assert hook(heard, "hypertension artérielle", "fr", confidence=[0.62, 0.71]) == heard[1]
    termed = ["L'hypertension artérielle se mesure avec un automesureur, au repos, assis."]
    assert hook(termed, "hypertension artérielle", "fr") == "Hypertension artérielle"
    assert hook(termed, "hypertension artérielle", "fr", glossary=["automesureur"]) == termed[0]


def test_a_quoted_sentence_keeps_no_sound_note_of_the_captions() -> None:
    """A Crash Course episode's hook read "[Intro] Neurons, or nerve cells, are the building blocks…":
    captions note the sound in brackets; an aside in parentheses is the speaker's and stays."""
    from videokit.seo.describe import clean_sentence

    assert clean_sentence("[Intro] Neurons, or nerve cells, are the building blocks.", "en") == (
        "Neurons, or nerve cells, are the building blocks."
    )
    assert clean_sentence("(Musique) Bonjour à tous ♪", "fr") == "Bonjour à tous"
    assert clean_sentence("Le traitement (en général) se prend le matin.", "fr") == (
        "Le traitement (en général) se prend le matin."
    )


def test_french_imperatives_are_joined_to_their_pronouns() -> None:
    """Whisper writes "Parlez en à votre médecin" (the demo talk) where French writes "Parlez-en";
    spaCy mis-tags several of these ("Asseyez" as a noun). A pronoun before the verb, a negative,
    an article or a preposition stay as they are."""
    from videokit.seo.describe import clean_sentence

    cases = {
        "Parlez en à votre médecin traitant.": "Parlez-en à votre médecin traitant.",
        "Si vous avez un doute, parlez en avec votre pharmacien.": "Si vous avez un doute, parlez-en avec votre pharmacien.",
        "Alors asseyez vous au calme pendant cinq minutes.": "Alors asseyez-vous au calme pendant cinq minutes.",
        "Demandez lui conseil.": "Demandez-lui conseil.",
        "Prenez les avant le repas.": "Prenez-les avant le repas.",
        "Notez les dans un carnet.": "Notez-les dans un carnet.",
        "Faites le régulièrement.": "Faites-le régulièrement.",
        "Souvenez vous en.": "Souvenez-vous-en.",
        "Laissez vous guider.": "Laissez-vous guider.",
        # unchanged: a subject or a negation before the verb, an article, a preposition, "chez"
        "Vous en parlez à votre médecin.": None,
        "N'en parlez pas trop.": None,
        "Ne vous inquiétez pas.": None,
        "Ne le prenez pas le soir.": None,
        "Mesurez la tension le matin.": None,
        "Prenez le plus tôt possible.": None,
        "Mettez en avant vos questions.": None,
        "Écoutez vous allez voir.": None,
        "Chez vous, la tension monte.": None,
        "Asseyez-vous au calme.": None,
    }
    for said, written in cases.items():
        assert clean_sentence(said, "fr") == (written or said), said
    assert clean_sentence("Parlez en à votre médecin.", "en") == "Parlez en à votre médecin."


def test_an_opening_that_never_names_the_subject_is_the_introduction() -> None:
    """Crash Course Psychology #13 opens on Clive Wearing's story (its first 30 s, as the creator's
    transcript has them) before it says "memory": that is the introduction, not a chapter named
    after a detail of the story ("Herpes encephalitis virus"). An opening that names the subject
    is a part of the talk and keeps its own heading."""
    story = [
        "Clive Wearing was playing the piano alone in his room.",
        "When his wife came into the room, he immediately leapt up and embraced her with joyful enthusiasm.",
        "And then he did again.",
        "Clive was an accomplished London musician, until, in 1985 at the age 47, he contracted a rare "
        "Herpes encephalitis virus that attacked his brain.",
    ]
    body = [
        ["Our memory helps make us who we are.", "Memory is the persistence of learning over time."],
        ["Long-term memory keeps what we rehearse.", "Long-term memory has a huge capacity."],
    ]
    assert chapter_titles([story, *body], "en", avoid=["memory"])[0].text == "Introduction"
    named = ["Memory is how we keep what we learn.", "Memory fails in many ways.", "Memory can be trained."]
    assert chapter_titles([named, *body], "en", avoid=["memory"])[0].text != "Introduction"


def test_a_last_chapter_that_sums_up_after_a_last_thought_is_the_conclusion() -> None:
    """Crash Course Psychology #31's last chapter (its transcript's words) closes on a last thought
    before the sum-up: it is the conclusion, not "Resilient creatures". A last chapter the speaker
    announces keeps its heading, thanks or not."""
    body = [
        ["Trauma can follow a single event.", "PTSD brings flashbacks, nightmares and avoidance."],
        ["Addiction changes the brain's reward system.", "Addiction is treated with therapy and medication."],
    ]
    closing = [
        "We're amazingly resilient creatures.",
        "When nurtured with the proper support and practice, we can overcome a lot.",
        "Today we talked about the causes and symptoms of PTSD and how trauma can lead to addiction.",
        "Thanks for watching.",
    ]
    assert chapter_titles([*body, closing], "en", avoid=["trauma"])[-1].text == "Conclusion"
    announced = ["Finally, let's talk about recovery.", "Recovery takes time and support.", "Thanks for watching."]
    assert chapter_titles([*body, announced], "en", avoid=["trauma"])[-1].text != "Conclusion"


def test_what_the_next_video_covers_is_no_heading() -> None:
    """ "Next week, we'll talk about how we test intelligence today…" (Crash Course Psychology
    #23's closing) announces another video, not this chapter."""
    body = [
        ["Intelligence has been defined in many ways.", "Intelligence tests began with Binet."],
        ["Some say there are many intelligences.", "Gardner proposed eight intelligences."],
    ]
    closing = [
        "And next week, we'll talk about how we test intelligence today and the controversies around it.",
        "Intelligence is hard to pin down.",
    ]
    assert "test intelligence" not in chapter_titles([*body, closing], "en", avoid=["intelligence"])[-1].text.lower()
