"""The Ordre's 2025 charter per client and per video, and Shorts checked in their own context."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from transcripts import transcript_from_text

from videokit.compliance.charter import charter_findings, description_block
from videokit.compliance.shorts import check_short
from videokit.config import ClientProfile, luhn_valid

VALID_RPPS = "10001234565"  # 11 digits, Luhn key 5
COMPLETE = ClientProfile(
    name="drx", display_name="Dr Claire Martin", rpps=VALID_RPPS, sources=["HAS, arthrose (2024)"], interests=[]
)


def test_rpps_is_eleven_digits_with_a_luhn_key() -> None:
    assert luhn_valid(VALID_RPPS) and not luhn_valid("10001234560")
    assert ClientProfile(name="a", rpps="100 0123 4565").rpps == VALID_RPPS
    for bad in ("10001234560", "1000123456", "1000123456A"):
        with pytest.raises(ValidationError, match="RPPS"):
            ClientProfile(name="a", rpps=bad)


def test_missing_charter_items_are_findings() -> None:
    bare = ClientProfile(name="drx", display_name="Dr Claire Martin", paid_promotion=True)
    rules = {f.rule_id: f.severity for f in charter_findings(bare)}
    assert rules == {
        "charter.title": "block",
        "charter.sources": "warn",
        "charter.interests": "warn",
        "charter.paid_promotion": "block",
    }
    assert charter_findings(COMPLETE) == []


def test_charter_findings_speak_the_videos_language() -> None:
    """A French doctor reads the rule, the reason and the fix in French, with the profile's keys as written."""
    bare = ClientProfile(name="drx", language="fr")
    french = {f.rule_id: f for f in charter_findings(bare)}["charter.interests"]
    assert french.rule == "Liens d'intérêts non déclarés"
    assert french.fix == "Renseigner interests dans le client 'drx' : [] s'il n'y en a aucun, sinon les partenariats"
    english = {f.rule_id: f for f in charter_findings(bare.model_copy(update={"language": "en"}))}
    assert english["charter.interests"].fix == "Set interests in client 'drx': [] for none, or the partnerships"


def test_description_block_dates_sources_and_interests() -> None:
    block = description_block(COMPLETE, "fr", date(2026, 11, 27))
    assert block.splitlines()[0] == "Sources et mise à jour"
    assert (
        "HAS, arthrose (2024)" in block
        and "2026-11-27" in block
        and "aucun lien d'intérêt" in block
        and VALID_RPPS in block
    )
    english = description_block(
        COMPLETE.model_copy(update={"interests": ["speaker fees, Lab X"]}),
        "en",
        date(2026, 11, 27),
    )
    assert "Last reviewed: 2026-11-27" in english and "speaker fees, Lab X" in english


def test_a_short_that_drops_a_qualifier_is_refused() -> None:
    text = (
        "L'arthrose du genou est fréquente. "
        "Cette infiltration soulage la douleur pendant plusieurs mois chez certains patients. "
        "Parlez-en à votre médecin."
    )
    transcript = transcript_from_text(text, "fr", 30.0)
    words = transcript.words
    cut_end = next(w.end for w in words if w.text.strip() == "mois")  # the cut stops before "chez certains patients"
    found = check_short(transcript, 0.0, cut_end)
    dropped = [f for f in found if f.rule_id == "short.qualifier_dropped"]
    assert dropped and dropped[0].severity == "block" and dropped[0].match == "chez certains patients"
    whole = check_short(transcript, 0.0, transcript.duration)
    assert [f for f in whole if f.rule_id == "short.qualifier_dropped"] == []
