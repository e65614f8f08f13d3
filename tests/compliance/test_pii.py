"""Structured identifiers in text (read on screen or spoken): each kind, both languages, and the
look-alikes that must not be reported (timecodes, doses, appointment dates, a practitioner's name)."""

from __future__ import annotations

import pytest

from videokit.compliance.pii import find_pii


def kinds(text: str, language: str = "fr", **kw) -> dict[str, str]:
    return {m.kind: m.text for m in find_pii(text, language, **kw)}


def test_nir_with_a_valid_key_however_it_is_spaced(nir: str) -> None:
    spaced = f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    assert kinds(f"Assurée {spaced}")["nir"] == spaced
    assert kinds(f"numéro {nir}")["nir"] == nir
    assert kinds(f"{nir[:1]}{nir[1:3]} {nir[3:]}")["nir"]  # OCR glued the first groups together


def test_nir_key_is_checked_unless_labelled(nir: str) -> None:
    wrong = nir[:13] + f"{(int(nir[13:]) + 1) % 97:02d}"
    assert "nir" not in kinds(f"Référence commande {wrong}")
    assert kinds(f"N° SS : {wrong}")["nir"] == wrong  # a misread digit under a label is still the patient's number


def test_nir_of_someone_born_in_corsica() -> None:
    from stdnum.fr import nir as stdnir

    body = "1850 72A 073 004".replace(" ", "")
    number = body + stdnir.calc_check_digits(body)
    assert kinds(f"immatriculation {number}")["nir"] == number


def test_phone_numbers_as_written_not_any_digits() -> None:
    assert kinds("Tél. 06 12 34 56 78")["phone"] == "06 12 34 56 78"
    assert kinds("Appelez le +33 1 45 67 89 10")["phone"] == "+33 1 45 67 89 10"
    assert kinds("call 020 7946 0958", "en")["phone"] == "020 7946 0958"
    assert "phone" not in kinds(
        "Prenez 2 comprimés 3 fois par jour pendant 10 jours, soit 60 mg ; 1 000 mg en 2 semaines."
    )
    assert kinds("01:00:10:14") == {}  # a timecode burned into the footage


def test_dates_count_as_birth_dates_with_a_cue_or_beside_a_name() -> None:
    assert kinds("Née le 14/05/1969")["birth_date"] == "14/05/1969"
    assert kinds("DOB: 1958-03-12", "en")["birth_date"] == "1958-03-12"
    assert kinds("She was born on March 3, 1965", "en")["birth_date"] == "March 3, 1965"
    assert kinds("10h30 BERNARD Paul 03/07/1971")["birth_date"] == "03/07/1971"
    assert "birth_date" not in kinds("Rendez-vous du 14/11/2026 à 9 h")
    assert "birth_date" not in kinds("Étude publiée le 12/03/2019 dans le BMJ")


def test_addresses_and_emails() -> None:
    assert kinds("12 rue des Lilas, 75011 Paris")["address"] == "12 rue des Lilas, 75011 Paris"
    assert kinds("lives at 12 Baker Street.", "en")["address"] == "12 Baker Street"
    assert kinds("London W2 1NY", "en")["address"] == "W2 1NY"
    assert kinds("Écrivez à sophie.durand@example.fr")["email"] == "sophie.durand@example.fr"


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Patiente : Sophie Durand", "fr", "Sophie Durand"),
        ("Mme Lefèvre est arrivée", "fr", "Lefèvre"),
        ("09:30 DURAND Sophie", "fr", "DURAND Sophie"),
        ("DUPONT^JEAN  ID 4455667", "en", "DUPONT^JEAN"),
        ("Mrs Sarah Connor came back", "en", "Sarah Connor"),
        ("Name: John Smith", "en", "John Smith"),
    ],
)
def test_names_with_a_title_a_label_or_on_a_list(text: str, language: str, name: str) -> None:
    assert kinds(text, language)["name"] == name


def test_practitioners_are_not_patients() -> None:
    assert "name" not in kinds("Dr Claire Martin, cardiologue")
    assert "name" not in kinds("Patient : Claire Martin", exclude_names=["Dr Claire Martin"])


def test_names_only_a_model_suspects_are_marked_low_confidence() -> None:
    found = [
        m
        for m in find_pii("Je vous présente Marie Curie et Louis Pasteur, deux grands scientifiques.", "fr")
        if m.kind == "name"
    ]
    assert found and all(m.confidence == "low" for m in found)
    assert all(m.confidence == "high" for m in find_pii("Patiente : Sophie Durand", "fr"))


def test_the_name_model_is_not_loaded_for_text_that_cannot_hold_a_full_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """A talking head's screen reads as "AT" or "ok 12": loading spaCy for it took 9 of the check's 16 CPU-s."""
    import videokit.nlp

    def refused(language: str) -> None:
        raise AssertionError(f"the {language} pipeline was loaded")

    monkeypatch.setattr(videokit.nlp, "pipeline", refused)
    for text in ("AT\n", "ok 12 mg", "Tension\nArtérielle", "la Marie curie"):
        assert find_pii(text, "fr") == []
    with pytest.raises(AssertionError, match="fr pipeline"):
        find_pii("Je vous présente Marie Curie.", "fr")


def test_a_prescription_yields_every_identifier_once_with_offsets(nir: str) -> None:
    text = f"Dr Claire Martin\nORDONNANCE\nPatiente : Sophie Durand\nNée le 14/05/1969\nN° SS : {nir}\nTél. 06 12 34 56 78\n"
    found = find_pii(text, "fr")
    assert [m.kind for m in found] == ["name", "birth_date", "nir", "phone"]
    for m in found:
        assert text[m.start : m.end] == m.text and m.reason
