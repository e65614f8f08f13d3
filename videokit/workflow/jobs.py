"""Job folders: one per (client, clip, workflow), holding every step's artifact.

A step is done when its marker `.steps/NAME.json` exists, its outputs are present with the sizes
the marker recorded, and the fingerprints of its inputs and parameters equal what the marker
recorded. Fingerprints chain: an artifact's fingerprint is the sha256 its producer recorded, the
source clip's is its own sha256. That one rule gives resume after a crash, `--force` to redo a
step, and distribution (any worker that sees the folder sees the same truth). A step declared
`shared` may also be taken, outputs and marker, from another workflow's job on the same clip and
client that ran it on the same fingerprints (`adopt`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from videokit import fsutil, serial
from videokit.errors import ConfigError, InputError

if TYPE_CHECKING:
    from videokit.store.jobs import Jobs

SOURCE = "source"


@dataclass(frozen=True)
class Job:
    id: str
    dir: Path
    source: Path
    source_sha256: str
    client: str
    workflow: str

    def path(self, artifact: str) -> Path:
        return self.source if artifact == SOURCE else self.dir / artifact

    @property
    def steps_dir(self) -> Path:
        """Where each step's marker (`NAME.json`) is kept."""
        return self.dir / ".steps"

    def marker_path(self, step: str) -> Path:
        return self.steps_dir / f"{step}.json"

    def marker(self, step: str) -> dict[str, Any] | None:
        path = self.marker_path(step)
        try:
            return fsutil.read_json(path)
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def fingerprint(self, artifact: str, producers: dict[str, str]) -> str | None:
        """The sha256 recorded for `artifact` by the step that produced it (None if not produced)."""
        if artifact == SOURCE:
            return self.source_sha256
        marker = self.marker(producers[artifact]) if artifact in producers else None
        return (marker or {}).get("outputs", {}).get(artifact, {}).get("sha256")


def open_job(jobs_dir: Path, source: Path, client: str, workflow: str) -> Job:
    """Find or create the job folder for this clip; the clip's content (not its name) identifies it."""
    for kind, name in (("client", client), ("workflow", workflow)):
        if not fsutil.is_slug(name):  # both become folder names under jobs/
            raise ConfigError(f"{kind} name {name[:80]!r}: use letters, digits, '-' and '_' only; rename it")
    source = Path(source).expanduser().resolve()
    if not source.exists():
        raise InputError(f"{source}: no such file; check the path")
    if not source.is_file():
        raise InputError(f"{source}: not a file; give a video or audio file")
    if source.stat().st_size == 0:
        raise InputError(f"{source}: the file is empty (0 bytes); copy the recording again")
    try:
        sha = fsutil.sha256_file(source)
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror}); check its permissions") from None
    job_id = job_id_for(client, sha, workflow)
    folder = Path(jobs_dir) / client / f"{_safe_stem(source.stem)}-{sha[:12]}-{workflow}"
    job = Job(job_id, folder, source, sha, client, workflow)
    if not (folder / "job.json").exists():
        serial.write(folder / "job.json", job)
    for place in (folder, job.steps_dir):  # a marker is written atomically too: kill -9 may leave its temp file
        fsutil.remove_stale_partials(place)
    return job


def job_id_for(client: str, source_sha256: str, workflow: str) -> str:
    """The id of the job running `workflow` on a clip (by content) for a client: a Short's job finds the
    job that published the full video of the same clip with it."""
    return f"{client}-{source_sha256[:16]}-{workflow}"


def find_job(jobs: Jobs, ref: str) -> Job:
    """The job a user names: its id (as `publish` and `batch status` print it) or its folder."""
    folder = Path(ref).expanduser()
    if not (folder / "job.json").is_file():
        record = jobs.job(ref)
        if record is None:
            raise InputError(
                f"{ref}: no such job (neither a job id nor a job folder); 'videokit approvals --client NAME' "
                "and 'videokit batch status BATCH' list jobs, 'videokit publish --json' prints its job_dir"
            )
        folder = Path(record.job_dir)
    try:
        return serial.read(Job, folder / "job.json")
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{folder / 'job.json'}: cannot read the job ({exc}); run 'videokit publish CLIP' again"
        ) from None


@contextlib.contextmanager
def locked(job: Job) -> Iterator[None]:
    """Hold the job on this machine: a second run of the same job waits, then finds its steps done.
    (An exclusive flock on `.lock` in the job folder; the kernel releases it if the process dies.)"""
    job.dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(job.dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)  # an empty lock file: nothing is written
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def params_fingerprint(params: dict[str, Any]) -> str:
    blob = json.dumps(params, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def is_done(job: Job, step: str, inputs: dict[str, str | None], params_fp: str, outputs: tuple[str, ...]) -> bool:
    marker = job.marker(step)
    if not marker or marker.get("inputs") != inputs or marker.get("params") != params_fp:
        return False
    for name in outputs:
        recorded = marker.get("outputs", {}).get(name)
        path = job.path(name)
        if recorded is None or not path.exists() or path.stat().st_size != recorded["size"]:
            return False
    return True


def mark_done(
    job: Job,
    step: str,
    inputs: dict[str, str | None],
    params_fp: str,
    outputs: tuple[str, ...],
    summary: dict[str, Any],
    seconds: float,
) -> dict[str, Any]:
    record = {
        "step": step,
        "inputs": inputs,
        "params": params_fp,
        "outputs": {
            name: {"sha256": fsutil.sha256_file(job.path(name)), "size": job.path(name).stat().st_size}
            for name in outputs
        },
        "summary": summary,
        "seconds": round(seconds, 3),
    }
    fsutil.write_json(job.marker_path(step), record)
    return record


def adopt(
    job: Job, step: str, inputs: dict[str, str | None], params_fp: str, outputs: tuple[str, ...]
) -> dict[str, Any] | None:
    """Take `step`'s outputs and marker from a job of another workflow on the same clip and client that ran
    it on the same input fingerprints with the same parameters (a Short's job reuses the trim and the
    transcript of the clip's publish job); None when no such job is done with it. A step a person edited
    there (review) is not taken: its outputs are no longer what the step makes."""
    for folder in sorted(job.dir.parent.glob(f"*-{job.source_sha256[:12]}-*")):
        other = replace(job, dir=folder)
        marker = other.marker(step)
        if folder == job.dir or marker is None or marker.get("edited"):
            continue
        if not is_done(other, step, inputs, params_fp, outputs):
            continue
        for name in outputs:
            with fsutil.atomic_path(job.path(name)) as tmp:
                shutil.copyfile(other.path(name), tmp)
        # that job may be redoing the step right now: keep the copy only if it is what its marker recorded
        if all(fsutil.sha256_file(job.path(n)) == marker["outputs"][n]["sha256"] for n in outputs):
            fsutil.write_json(job.marker_path(step), marker)
            return marker
    return None


def restamp(job: Job, step: str) -> None:
    """A person edited `step`'s artifacts (the review page): its marker now records their content, so the
    step stays done (it does not overwrite the edit) and every later step, which fingerprints them, runs again."""
    marker = job.marker(step)
    if marker is None:
        raise InputError(f"{job.marker_path(step)}: missing; run the '{step}' step before editing what it made")
    outputs = {
        name: {"sha256": fsutil.sha256_file(job.path(name)), "size": job.path(name).stat().st_size}
        for name in marker.get("outputs", {})
    }
    fsutil.write_json(job.marker_path(step), {**marker, "outputs": outputs, "edited": True})


def forget(job: Job, step: str) -> None:
    """Make a step (and so everything downstream, by fingerprint) run again."""
    job.marker_path(step).unlink(missing_ok=True)


def remove(job: Job) -> None:
    shutil.rmtree(job.dir, ignore_errors=True)


def _safe_stem(stem: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")
    return cleaned[:40] or "clip"
