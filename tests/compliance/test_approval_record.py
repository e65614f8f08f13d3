"""The sign-off record on a job folder (no render): what an approval fingerprints, what voids it and
how the change is named, the store round trip (SQLite), and acceptance of findings with a reason."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from videokit import serial
from videokit.compliance.approval import (
    approval_status,
    approve,
    client_approvals,
    ensure_approved,
    fingerprint,
    request_changes,
)
from videokit.compliance.check import FindingsReport, Unit, accept, blocking, carry_acceptances, check_units, identified
from videokit.config import ClientProfile
from videokit.errors import ApprovalRequired, InputError
from videokit.seo.types import Chapter, Metadata, TitleCandidate
from videokit.store import Store, open_store
from videokit.store.jobs import JobRecord
from videokit.workflow.jobs import Job, find_job


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(f"sqlite:///{tmp_path / 'videokit.db'}")
    yield opened
    opened.close()


@pytest.fixture
def job(tmp_path: Path, corpus: Path, store: Store) -> Job:
    """A job folder as `publish` leaves it before the upload: a real video, captions, metadata, findings."""
    folder = tmp_path / "jobs" / "drmartin" / "consult-publish"
    folder.mkdir(parents=True)
    source = corpus / "video" / "auto-editor-example.mp4"
    made = Job("drmartin-0123456789abcdef-publish", folder, source, "0" * 64, "drmartin", "publish")
    serial.write(folder / "job.json", made)
    (folder / "final.mp4").write_bytes(source.read_bytes())
    (folder / "captions.srt").write_text("1\n00:00:00,000 --> 00:00:02,000\nBonjour.\n", encoding="utf-8")
    (folder / "captions.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour.\n", encoding="utf-8")
    metadata = Metadata(
        titles=[TitleCandidate("Entorse de la cheville : que faire ?", 1.0, "")],
        description="Ce qu'il faut savoir.",
        tags=["entorse"],
        chapters=[Chapter(0.0, "Introduction"), Chapter(12.0, "Les soins")],
        language="fr",
    )
    serial.write(folder / "metadata.json", metadata)
    findings = _checked()
    assert blocking(findings), "the test needs a blocking finding"
    serial.write(folder / "findings.json", FindingsReport(findings))
    store.jobs.record_job(JobRecord(made.id, made.client, made.workflow, str(source), "0" * 64, str(folder)), "done")
    return made


def _checked() -> list:
    """The check's findings on a sentence a doctor may not publish (rules only: no embedder to load)."""
    return identified(
        check_units([Unit("Résultat garanti à 100 %, mes patients sont ravis !", 3.0, 6.5)], "fr", classifier=False)
    )


def _edit_title(job: Job, title: str) -> None:
    metadata = serial.read(Metadata, job.path("metadata.json"))
    serial.write(job.path("metadata.json"), dataclasses.replace(metadata, titles=[TitleCandidate(title, 1.0, "")]))


def test_an_approval_holds_until_anything_sent_changes(job: Job, store: Store) -> None:
    client = ClientProfile(name="drmartin", require_approval=True)
    assert approval_status(store.approvals, job).state == "missing"
    with pytest.raises(ApprovalRequired, match=f"videokit approve {job.id} --by NAME"):
        ensure_approved(store.approvals, job, client)
    assert ensure_approved(store.approvals, job, ClientProfile(name="drmartin")) is None  # not required: no gate

    approval = approve(store.approvals, job, "Dr Jeanne Martin", "relu")
    assert approval.fingerprint == fingerprint(job)
    assert approval.content.title == "Entorse de la cheville : que faire ?"
    assert approval.content.chapters[1] == Chapter(12.0, "Les soins")
    assert ensure_approved(store.approvals, job, client).state == "approved"

    _edit_title(job, "Entorse : le guide")
    status = approval_status(store.approvals, job)
    assert status.state == "void"
    assert [(c.what, c.detail) for c in status.changes] == [
        ("metadata.json", "title edited: 'Entorse de la cheville : que faire ?' -> 'Entorse : le guide'")
    ]
    with pytest.raises(ApprovalRequired, match="no longer matches.*title edited"):
        ensure_approved(store.approvals, job, client)

    approve(store.approvals, job, "Dr Jeanne Martin")  # approved again, as it is now
    assert approval_status(store.approvals, job).state == "approved"
    (job.path("captions.srt")).write_text("1\n00:00:00,000 --> 00:00:02,000\nBonsoir.\n", encoding="utf-8")
    job.path("final.mp4").write_bytes(job.path("final.mp4").read_bytes()[:-1000])  # a different render
    changed = approval_status(store.approvals, job).changes
    assert [c.what for c in changed] == ["final.mp4", "captions.srt"]


def test_accepting_a_finding_is_part_of_the_record_and_voids_an_earlier_approval(job: Job, store: Store) -> None:
    approve(store.approvals, job, "Dr Jeanne Martin")
    report = serial.read(FindingsReport, job.path("findings.json"))
    first = blocking(report.findings)[0]
    accepted = accept(report.findings, [first.id[:4]], "citation d'un témoignage publié, anonymisé")
    serial.write(job.path("findings.json"), dataclasses.replace(report, findings=accepted))
    status = approval_status(store.approvals, job)
    assert status.state == "void"
    assert status.changes[0].what == "findings"
    assert f"finding {first.id} accepted" in status.changes[0].detail
    record = approve(store.approvals, job, "Dr Jeanne Martin")
    assert [f.accepted for f in record.content.findings if f.id == first.id] == [
        "citation d'un témoignage publié, anonymisé"
    ]
    # an accepted finding no longer blocks; a rerun of the check keeps the reason (same ids)
    assert first not in blocking(accepted) and all(f.id != first.id for f in blocking(accepted))
    rerun = _checked()
    assert carry_acceptances(rerun, accepted) == accepted
    with pytest.raises(ValueError, match="no finding with id"):
        accept(report.findings, ["zzzz"], "x")


def test_changes_requested_keep_the_upload_waiting_and_the_listing_shows_them(job: Job, store: Store) -> None:
    client = ClientProfile(name="drmartin", require_approval=True)
    approve(store.approvals, job, "Dr Jeanne Martin")
    with pytest.raises(InputError, match="needs a note"):
        request_changes(store.approvals, job, "Dr Jeanne Martin", " ")
    request_changes(store.approvals, job, "Dr Jeanne Martin", "titre trop vague")
    with pytest.raises(ApprovalRequired, match="asked for changes.*titre trop vague"):
        ensure_approved(store.approvals, job, client)
    listing = client_approvals(store.approvals, store.jobs, "drmartin")
    assert [(j.job_id, j.status.state, j.title) for j in listing.jobs] == [
        (job.id, "changes-requested", "Entorse de la cheville : que faire ?")
    ]
    assert [d.decision for d in listing.decisions] == ["changes-requested", "approved"]
    assert find_job(store.jobs, job.id) == find_job(store.jobs, str(job.dir)) == job


def test_nothing_to_approve_before_publish_made_it(job: Job, store: Store) -> None:
    job.path("final.mp4").unlink()
    with pytest.raises(InputError, match="final.mp4: missing.*videokit publish"):
        approve(store.approvals, job, "Dr Jeanne Martin")
    with pytest.raises(InputError, match="no such job"):
        find_job(store.jobs, "drmartin-ffffffffffffffff-publish")


def test_a_database_from_before_sign_off_is_upgraded_in_place(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from videokit.store import schema

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # an agency's database at version 1
        schema.schema_version.create(conn)
        schema._v1(conn)
        conn.execute(schema.schema_version.insert().values(version=1))
    assert "approvals" not in sa.inspect(engine).get_table_names()
    engine.dispose()
    store = open_store(url)
    try:
        record = store.approvals.record("job-1", "drmartin", "/jobs/x", "approved", "Dr Martin", None, {}, {"t": "é"})
        assert store.approvals.latest("job-1") == record and record.created_at.tzinfo is not None
        assert store.approvals.latest("job-1", "changes-requested") is None
    finally:
        store.close()
