"""The sign-off record for the practitioner's file: what was approved, by whom and when, as a page
(HTML) or an A4 PDF printed by the report's Chromium writer.

It shows the content as it was reviewed (kept with the decision, not read from the job folder now):
title, description, tags, chapters, each finding with the rule, its legal source and the reason it
was accepted for, the fingerprints (sha256) of the files, and whether the job still matches them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from videokit.compliance.approval import Approval, ApprovalStatus
from videokit.reports.options import ReportsOptions
from videokit.reports.pdf import PageFormat, write_page
from videokit.reports.render import render_template

_LABELS = {
    "fr": {
        "title": "Validation avant publication",
        "approved": "Validé",
        "changes-requested": "Modifications demandées",
        "pending": "À valider (aperçu, rien n'est enregistré)",
        "by": "Par",
        "at": "Le",
        "note": "Note",
        "job": "Travail",
        "source": "Vidéo source",
        "state": "État aujourd'hui",
        "state_approved": "la validation correspond toujours à la vidéo",
        "state_void": "caduque : la vidéo a changé depuis",
        "state_missing": "aucune validation",
        "state_changes-requested": "modifications demandées",
        "video_title": "Titre",
        "description": "Description",
        "tags": "Mots-clés",
        "chapters": "Chapitres",
        "findings": "Points de conformité",
        "no_findings": "Aucun point relevé.",
        "accepted": "Accepté",
        "override": "Dérogation générale",
        "fingerprints": "Empreintes (sha256) de ce qui a été validé",
        "rule": "Règle",
        "reference": "Source",
        "footer": "Toute modification après la validation (nouveau rendu, titre, sous-titres, "
        "acceptation d'un point) l'annule : la mise en ligne est alors refusée.",
    },
    "en": {
        "title": "Approval before publication",
        "approved": "Approved",
        "changes-requested": "Changes requested",
        "pending": "To approve (preview, nothing recorded)",
        "by": "By",
        "at": "On",
        "note": "Note",
        "job": "Job",
        "source": "Source clip",
        "state": "State today",
        "state_approved": "the approval still matches the video",
        "state_void": "void: the video changed since",
        "state_missing": "no approval",
        "state_changes-requested": "changes requested",
        "video_title": "Title",
        "description": "Description",
        "tags": "Tags",
        "chapters": "Chapters",
        "findings": "Compliance findings",
        "no_findings": "No finding.",
        "accepted": "Accepted",
        "override": "Publish-wide override",
        "fingerprints": "Fingerprints (sha256) of what was approved",
        "rule": "Rule",
        "reference": "Source",
        "footer": "Any change after the approval (re-render, title, captions, a finding accepted) voids it: "
        "the upload is then refused.",
    },
}


def approval_html(approval: Approval, status: ApprovalStatus | None = None, lang: str | None = None) -> str:
    """The decision as one self-contained page, in `lang` (default: the video's language)."""
    lang = lang or ("en" if approval.content.language == "en" else "fr")
    t = _LABELS["en" if lang == "en" else "fr"]
    content, fp = approval.content, approval.fingerprint
    files = [("final.mp4", fp.video), *sorted(fp.captions.items()), ("metadata.json", fp.metadata)]
    files += [("thumbnail.jpg", fp.thumbnail)] if fp.thumbnail else []
    files.append(("findings", fp.findings))
    context: dict[str, Any] = {
        "lang": lang,
        "t": t,
        "approval": approval,
        "decision": t[approval.decision],
        "at": f"{approval.at:%Y-%m-%d %H:%M} UTC",
        "content": content,
        "state": f"{t['state_' + status.state]}" if status else "",
        "changes": [f"{c.what}: {c.detail}" for c in status.changes] if status else [],
        "chapters": [f"{c.timestamp} {c.title}" for c in content.chapters],
        "findings": [
            {
                "id": f.id,
                "severity": f.severity,
                "rule_id": f.rule_id,
                "where": f.source + (f" {int(f.start) // 60}:{int(f.start) % 60:02d}" if f.start is not None else ""),
                "text": f.text,
                "rule": f.rule,
                "reference": f.reference,
                "reason": f.reason,
                "accepted": f.accepted,
            }
            for f in content.findings
        ],
        "files": files,
    }
    return render_template("approval.html", context)


def write_approval(
    approval: Approval,
    status: ApprovalStatus | None,
    output: Path,
    fmt: PageFormat,
    options: ReportsOptions,
    lang: str | None = None,
) -> Path:
    """Write the record as HTML, or as the A4 PDF Chromium prints from it; complete or absent."""
    return write_page(approval_html(approval, status, lang), output, fmt, options)
