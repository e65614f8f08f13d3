"""The Ordre des médecins' charter for doctors who create content (16 January 2025, written with
YouTube): every video dated and sourced, interests declared, the title "Dr" only for a registered
practitioner, no paid promotion on health content. Per client (the profile) and per video (the
description): missing items are findings.

`description_block` writes the "Sources et mise à jour" block the description carries
(videokit.seo.describe assembles it); `charter_findings` checks the profile and the metadata.
"""

from __future__ import annotations

import re
from datetime import date

from videokit.config import ClientProfile
from videokit.seo.types import Finding, Metadata, Severity

CHARTER = "Charte de l'Ordre des médecins pour les médecins créateurs de contenu (16 janvier 2025)"
_LABELS = {
    "fr": {
        "heading": "Sources et mise à jour",
        "sources": "Sources",
        "dates": "Publication : {published} · Dernière mise à jour : {reviewed}",
        "interests": "Liens d'intérêts",
        "none": "aucun lien d'intérêt",
        "rpps": "RPPS",
    },
    "en": {
        "heading": "Sources and last review",
        "sources": "Sources",
        "dates": "Published: {published} · Last reviewed: {reviewed}",
        "interests": "Declaration of interests",
        "none": "no conflict of interest",
        "rpps": "RPPS",
    },
}
_TITLE = re.compile(r"(?<!\w)(dr\.?|docteure?|doctor|pr\.?|professeure?)(?=\s+[A-ZÉÈ])", re.IGNORECASE)


def description_block(client: ClientProfile, language: str, published: date, reviewed: date | None = None) -> str:
    """The lines the charter asks for, in the description's language."""
    labels = _LABELS.get(language, _LABELS["en"])
    lines = [labels["heading"]]
    if client.sources:
        lines.append(
            f"{labels['sources']} : {'; '.join(client.sources)}"
            if language == "fr"
            else f"{labels['sources']}: {'; '.join(client.sources)}"
        )
    lines.append(labels["dates"].format(published=published.isoformat(), reviewed=(reviewed or published).isoformat()))
    if client.interests is not None:
        declared = "; ".join(client.interests) if client.interests else labels["none"]
        lines.append(
            f"{labels['interests']} : {declared}" if language == "fr" else f"{labels['interests']}: {declared}"
        )
    if client.rpps and client.display_name:
        lines.append(f"{client.display_name}, {labels['rpps']} {client.rpps}")
    return "\n".join(lines)


def charter_findings(client: ClientProfile, metadata: Metadata | None = None) -> list[Finding]:
    """What the charter asks and this client or video lacks (source "charter")."""
    fr = (metadata.language if metadata else client.language) != "en"
    out: list[Finding] = []

    def finding(rule_id: str, severity: Severity, rule: str, text: str, reason: str, fix: str) -> None:
        out.append(Finding(rule_id, severity, "charter", text, None, "charter", rule, CHARTER, "", reason, fix))

    shown = " ".join(
        x
        for x in (client.display_name, metadata.title if metadata else "", metadata.description if metadata else "")
        if x
    )
    title = _TITLE.search(shown)
    if title and not client.rpps:
        finding(
            "charter.title",
            "block",
            "Titre de docteur sans inscription enregistrée" if fr else "Title 'Dr' without a recorded registration",
            title.group(0),
            "Le titre « Dr » n'est affiché que pour un praticien inscrit à l'Ordre."
            if fr
            else "'Dr' may only be shown for a registered practitioner.",
            f'Add the practitioner\'s RPPS number to client {client.name!r} (rpps = "..."), or remove the title',
        )
    if not client.sources:
        finding(
            "charter.sources",
            "warn",
            "Sources non indiquées" if fr else "No sources given",
            client.name,
            "La charte demande des contenus sourcés." if fr else "The charter asks for sourced content.",
            f'List the references the videos rely on in client {client.name!r} (sources = ["HAS ..."])',
        )
    if client.interests is None:
        finding(
            "charter.interests",
            "warn",
            "Liens d'intérêts non déclarés" if fr else "Interests not declared",
            client.name,
            "La charte demande de déclarer partenariats et liens d'intérêts, ou leur absence."
            if fr
            else "The charter asks for partnerships and interests, or their absence, to be declared.",
            f"Set interests in client {client.name!r}: [] for none, or the partnerships",
        )
    if client.paid_promotion:
        finding(
            "charter.paid_promotion",
            "block",
            "Promotion payante sur une vidéo de santé" if fr else "Paid promotion on a health video",
            client.name,
            "La charte exclut le référencement payant et la promotion rémunérée des contenus de santé."
            if fr
            else "The charter rules out paid promotion of health content.",
            f"Set paid_promotion = false for client {client.name!r} and end the paid arrangement",
        )
    heading = _LABELS["fr" if fr else "en"]["heading"]
    if metadata is not None and heading not in metadata.description:
        finding(
            "charter.dates",
            "warn",
            "Description sans sources ni date de mise à jour" if fr else "Description without sources and review date",
            metadata.title,
            "Chaque vidéo doit être datée (publication et dernière mise à jour)."
            if fr
            else "Each video must carry its publication and last review dates.",
            "Derive the metadata again ('videokit seo') so the description carries the block",
        )
    return out
