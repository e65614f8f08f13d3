"""Helpers of the review room tests: a room on real files: two clients, each with a job folder made from a real corpus video and
its caption track, four accounts, and the app under Starlette's TestClient."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient

from videokit import serial
from videokit.compliance.check import FindingsReport
from videokit.config import Settings
from videokit.seo import describe
from videokit.seo.types import Chapter, Finding, Keyword, Metadata, TitleCandidate
from videokit.store import Store
from videokit.store.jobs import JobRecord
from videokit.web.app import create_app
from videokit.workflow import jobs as jobfs
from videokit.workflow.jobs import Job, open_job

PASSWORD = "correct horse battery"
CLIP = "video/whisperx_sample01.mp4"  # 60.2 s of speech with its SubRip track
CHAPTERS = [Chapter(0.0, "Introduction"), Chapter(20.0, "Bella et Gloria"), Chapter(40.0, "Les nouvelles")]
ACCOUNTS = {
    "anne@agence.fr": ("staff", ["drmartin"]),
    "claire@cabinet.fr": ("practitioner", ["drmartin"]),
    "john@clinic.uk": ("practitioner", ["drsmith"]),
    "manager@cabinet.fr": ("viewer", ["drmartin"]),
}


def metadata_for(client: str) -> Metadata:
    parts = {
        "language": "fr",
        "duration": 60.2,
        "main_keyword": "hypertension artérielle",
        "hook": "Hypertension artérielle : ce que dit votre tension.",
        "summary": "Une tension trop haute abîme les artères sans bruit.",
        "link": f"https://example.org/?utm_source=youtube&utm_campaign={client}",
        "disclaimer": describe.DEFAULT_DISCLAIMER["fr"],
        "hashtags": ["#Santé", "#Hypertension"],
    }
    titles = [
        TitleCandidate("Hypertension artérielle : symptômes et traitement", 0.9, "main keyword first, two parts"),
        TitleCandidate("Comment mesurer sa tension à domicile ?", 0.7, "the question the talk answers"),
        TitleCandidate("Hypertension : ce qu'il faut savoir", 0.6, "short, keyword first"),
    ]
    return Metadata(
        titles=titles,
        description=describe.assemble(parts, CHAPTERS),
        tags=["hypertension artérielle", "tension", "tensiomètre"],
        chapters=CHAPTERS,
        hashtags=parts["hashtags"],
        keywords=[Keyword("hypertension artérielle", 0.9), Keyword("tension", 0.5)],
        language="fr",
        parts=parts,
    )


def findings_for(folder: Path) -> FindingsReport:
    frames = folder / "findings.frames"
    frames.mkdir()
    _crop(folder / "final.mp4", frames / "a1b2c3d4.jpg")
    return FindingsReport(
        [
            Finding(
                rule_id="fr.promise",
                severity="warn",
                category="promises",
                text="Love, how are you?",
                start=12.5,
                end=14.0,
                source="transcript",
                rule="no promise of a result",
                reference="CSP R.4127-19-1",
                reason="sounds like a promise",
                fix="say what the treatment may do",
            ),
            Finding(
                rule_id="fr.face",
                severity="block",
                category="identifiable patients",
                text="a second face",
                start=31.0,
                end=33.0,
                source="frame",
                rule="no identifiable patient",
                reference="CSP R.4127-4",
                reason="a face other than the practitioner's",
                id="a1b2c3d4",
                box=(0.1, 0.1, 0.2, 0.2),
                image="findings.frames/a1b2c3d4.jpg",
            ),
        ]
    )


def _crop(video: Path, out: Path) -> None:
    """A real frame of the video, cut with ffmpeg, as the on-screen check's crops are."""
    command = [
        "ffmpeg",
        "-v",
        "error",
        "-ss",
        "31",
        "-i",
        str(video),
        "-frames:v",
        "1",
        "-vf",
        "scale=160:-2",
        str(out),
    ]
    subprocess.run(command, check=True)


def make_job(settings: Settings, store: Store, source: Path, client: str) -> Job:
    """A job folder as `publish --dry-run` leaves it: final cut, captions, metadata, findings, markers."""
    job = open_job(settings.jobs_dir, source, client, "publish")
    shutil.copy(source, job.path("trimmed.mp4"))
    shutil.copy(source, job.path("final.mp4"))
    srt = source.with_suffix(".srt").read_text(encoding="utf-8")
    from videokit.speech.captions import parse_cues, to_srt, to_vtt

    cues = parse_cues(srt)
    (job.dir / "captions.srt").write_text(to_srt(cues), encoding="utf-8")
    (job.dir / "captions.vtt").write_text(to_vtt(cues), encoding="utf-8")
    (job.dir / "transcript.txt").write_text(" ".join(c.text for c in cues), encoding="utf-8")
    serial.write(job.path("metadata.json"), metadata_for(client))
    serial.write(job.path("findings.json"), findings_for(job.dir))
    for step, outputs in (
        ("captions", ("captions.srt", "captions.vtt", "transcript.txt")),
        ("seo", ("metadata.json",)),
        ("check", ("findings.json",)),
    ):
        jobfs.mark_done(job, step, {"transcript.json": "0" * 64}, "p", outputs, {}, 0.1)
    store.jobs.record_job(
        JobRecord(job.id, client, "publish", str(job.source), job.source_sha256, str(job.dir)), "done"
    )
    return job


@dataclass
class Room:
    settings: Settings
    store: Store
    jobs: dict[str, Job]  # client -> its job
    refreshed: list[str] = field(default_factory=list)  # jobs the app brought up to date after an edit
    refresh_error: str | None = None  # set: the refresh fails with this error, as a failed render would

    def refresh(self, job: Job, settings: Settings, store: Store) -> None:
        """Stands for review.refresh (the check, render and thumbnail need the transcript and models):
        records the call and leaves the job done, as a refresh does (or fails, given `refresh_error`)."""
        self.refreshed.append(job.id)
        if self.refresh_error:
            raise RuntimeError(self.refresh_error)
        store.jobs.record_job(
            JobRecord(job.id, job.client, job.workflow, str(job.source), job.source_sha256, str(job.dir)), "done"
        )

    def client(self, email: str | None = None) -> TestClient:
        """A browser-like client, logged in as `email` when given."""
        app = create_app(self.settings, self.store, refresh=self.refresh)
        http = TestClient(app, base_url="http://127.0.0.1")
        http.headers["accept"] = "text/html,*/*;q=0.8"  # as a browser navigates
        if email:
            response = login(http, email, PASSWORD)
            assert response.status_code == 303, response.text
        return http


def csrf_of(http: TestClient, path: str = "/login") -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', http.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(http: TestClient, email: str, password: str):
    token = csrf_of(http)
    return http.post(
        "/login", data={"email": email, "password": password, "csrf": token, "next": "/"}, follow_redirects=False
    )
