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


# Per rule and language: (rule, reason, fix). `{client}` is the client's name as the profile spells it.
_ITEMS: dict[str, dict[str, tuple[str, str, str]]] = {
    "charter.title": {
        "fr": (
            "Titre de docteur sans inscription enregistrée",
            "Le titre « Dr » n'est affiché que pour un praticien inscrit à l'Ordre.",
            'Ajouter le numéro RPPS du praticien au client {client} (rpps = "..."), ou retirer le titre',
        ),
        "en": (
            "Title 'Dr' without a recorded registration",
            "'Dr' may only be shown for a registered practitioner.",
            'Add the practitioner\'s RPPS number to client {client} (rpps = "..."), or remove the title',
        ),
    },
    "charter.sources": {
        "fr": (
            "Sources non indiquées",
            "La charte demande des contenus sourcés.",
            'Indiquer les références des vidéos dans le client {client} (sources = ["HAS ..."])',
        ),
        "en": (
            "No sources given",
            "The charter asks for sourced content.",
            'List the references the videos rely on in client {client} (sources = ["HAS ..."])',
        ),
    },
    "charter.interests": {
        "fr": (
            "Liens d'intérêts non déclarés",
            "La charte demande de déclarer partenariats et liens d'intérêts, ou leur absence.",
            "Renseigner interests dans le client {client} : [] s'il n'y en a aucun, sinon les partenariats",
        ),
        "en": (
            "Interests not declared",
            "The charter asks for partnerships and interests, or their absence, to be declared.",
            "Set interests in client {client}: [] for none, or the partnerships",
        ),
    },
    "charter.paid_promotion": {
        "fr": (
            "Promotion payante sur une vidéo de santé",
            "La charte exclut le référencement payant et la promotion rémunérée des contenus de santé.",
            "Mettre paid_promotion = false pour le client {client} et mettre fin à l'accord rémunéré",
        ),
        "en": (
            "Paid promotion on a health video",
            "The charter rules out paid promotion of health content.",
            "Set paid_promotion = false for client {client} and end the paid arrangement",
        ),
    },
    "charter.dates": {
        "fr": (
            "Description sans sources ni date de mise à jour",
            "Chaque vidéo doit être datée (publication et dernière mise à jour).",
            "Dériver à nouveau les métadonnées ('videokit seo') pour que la description porte le bloc",
        ),
        "en": (
            "Description without sources and review date",
            "Each video must carry its publication and last review dates.",
            "Derive the metadata again ('videokit seo') so the description carries the block",
        ),
    },
}


def charter_findings(client: ClientProfile, metadata: Metadata | None = None) -> list[Finding]:
    """What the charter asks and this client or video lacks (source "charter"), worded in the
    video's language (the client's when there is no video yet)."""
    language = "en" if (metadata.language if metadata else client.language) == "en" else "fr"
    out: list[Finding] = []

    def finding(rule_id: str, severity: Severity, text: str) -> None:
        rule, reason, fix = _ITEMS[rule_id][language]
        out.append(
            Finding(rule_id, severity, "charter", text, None, "charter", rule, CHARTER, "", reason,
                    fix.format(client=repr(client.name)))
        )  # fmt: skip

    shown = " ".join(
        x
        for x in (client.display_name, metadata.title if metadata else "", metadata.description if metadata else "")
        if x
    )
    title = _TITLE.search(shown)
    if title and not client.rpps:
        finding("charter.title", "block", title.group(0))
    if not client.sources:
        finding("charter.sources", "warn", client.name)
    if client.interests is None:
        finding("charter.interests", "warn", client.name)
    if client.paid_promotion:
        finding("charter.paid_promotion", "block", client.name)
    if metadata is not None and _LABELS[language]["heading"] not in metadata.description:
        finding("charter.dates", "warn", metadata.title)
    return out
