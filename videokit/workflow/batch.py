"""Batches: a folder or a CSV manifest of clips for many clients, run to completion across crashes.

Everything a rerun needs is durable before work starts: each clip's job folder (its artifacts
and step markers), the batch row and the job rows in the database, and the publishing slot
chosen from the client's posting calendar (`schedule.json` in the job folder). Running the
same command again after a kill -9 therefore recomputes the same batch and finishes it.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from videokit import fsutil
from videokit.config import ClientProfile, Settings, format_validation_error
from videokit.errors import ConfigError, InputError
from videokit.store import Store
from videokit.store.jobs import BatchRecord, JobRecord
from videokit.workflow.definition import Workflow, load_workflow, workflow_path
from videokit.workflow.jobs import Job, open_job
from videokit.workflow.steps import RunOptions

MEDIA_SUFFIXES = {
    ".mp4",
    ".mov",
    ".mkv",
    ".m4v",
    ".avi",
    ".webm",
    ".mts",
    ".mp3",
    ".wav",
    ".flac",
    ".m4a",
    ".ogg",
    ".opus",
}
MANIFEST_COLUMNS = ("clip", "client", "workflow", "language", "privacy", "publish_at")
_DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]


@dataclass(frozen=True)
class BatchItem:
    clip: Path
    client: str
    workflow: str
    options: RunOptions = field(default_factory=RunOptions)
    origin: str = ""  # "manifest.csv:3" or the folder, for error messages


def read_items(source: Path, settings: Settings, client: str | None, workflow: str) -> list[BatchItem]:
    """Read and validate a folder or manifest completely before any work starts."""
    source = Path(source).expanduser().resolve()
    if source.is_dir():
        clips = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in MEDIA_SUFFIXES)
        if not clips:
            raise InputError(f"{source}: no video or audio files here (looked for {', '.join(sorted(MEDIA_SUFFIXES))})")
        items = [BatchItem(p, client or settings.default_client, workflow, RunOptions(), str(p)) for p in clips]
    elif source.suffix.lower() == ".csv":
        items = _read_manifest(source, client, workflow, settings)
    elif not source.exists():
        raise InputError(f"{source}: no such folder or manifest; give a folder of clips or a .csv manifest")
    else:
        raise InputError(f"{source}: not a folder or a .csv manifest (columns: {', '.join(MANIFEST_COLUMNS)})")
    for item in items:
        settings.client(item.client)  # unknown client: fails now, naming the config file
        load_workflow(item.workflow)
    return items


def _read_manifest(path: Path, client: str | None, workflow: str, settings: Settings) -> list[BatchItem]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
            header = list(rows[0]) if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot read the manifest ({exc}); save it as UTF-8 CSV") from None
    if not rows:
        raise InputError(
            f"{path}: the manifest has no rows; the first line names columns ({', '.join(MANIFEST_COLUMNS)})"
        )
    unknown = [c for c in header if c not in MANIFEST_COLUMNS]
    if "clip" not in header or unknown:
        raise InputError(
            f"{path}:1: columns must be among {', '.join(MANIFEST_COLUMNS)} and include 'clip' (unknown: {', '.join(unknown) or 'none'})"
        )
    folder = path.parent
    items = []
    seen: dict[tuple[Path, str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        raw = (row.get("clip") or "").strip()
        clip = (folder / raw).resolve()
        if not raw:
            raise InputError(f"{where}: empty 'clip' cell; give the clip's path relative to the manifest")
        if not clip.is_relative_to(folder):
            raise InputError(f"{where}: clip {raw!r} is outside the manifest's folder {folder}; move the clip there")
        if not clip.is_file():
            raise InputError(f"{where}: clip {raw!r} does not exist; fix the path (relative to {folder})")
        cells = {k: row[k].strip() for k in ("language", "privacy", "publish_at") if (row.get(k) or "").strip()}
        if cells.get("language") not in (None, "auto", "fr", "en"):
            raise InputError(f"{where}: language {cells['language']!r} (accepted: auto, fr, en)")
        if cells.get("privacy") not in (None, "private", "unlisted", "public"):
            raise InputError(f"{where}: privacy {cells['privacy']!r} (accepted: private, unlisted, public)")
        try:
            options = RunOptions.model_validate(cells)
        except ValidationError as exc:
            raise InputError(f"{where}: {format_validation_error(exc)}") from None
        if options.publish_at is not None and options.publish_at <= datetime.now(UTC):
            raise InputError(
                f"{where}: publish_at {cells['publish_at']} is in the past; give a future time or leave it empty"
            )
        name = (row.get("client") or "").strip() or client or settings.default_client
        if name not in settings.clients:
            raise ConfigError(f"{where}: unknown client {name!r} (known: {', '.join(sorted(settings.clients))})")
        item = BatchItem(clip, name, _manifest_workflow(row.get("workflow"), folder, where) or workflow, options, where)
        first = seen.setdefault((clip, name, item.workflow), line)
        if first != line:  # the same job twice would redo every step
            raise InputError(f"{where}: same clip, client and workflow as line {first}; remove one of the two rows")
        items.append(item)
    return items


def _manifest_workflow(cell: str | None, folder: Path, where: str) -> str | None:
    """A manifest names a known workflow, or a workflow file inside its own folder (never elsewhere)."""
    raw = (cell or "").strip()
    if not raw:
        return None
    if not raw.endswith((".yaml", ".yml")):
        try:
            workflow_path(raw)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        return raw
    path = (folder / raw).resolve()
    if not path.is_relative_to(folder):
        raise ConfigError(
            f"{where}: workflow {raw[:80]!r} is outside the manifest's folder {folder}; move the file there"
        )
    if not path.is_file():
        raise ConfigError(f"{where}: workflow file {raw[:80]!r} does not exist; fix the path (relative to {folder})")
    return str(path)


def batch_id(source: Path, items: list[BatchItem]) -> str:
    """Same source and same clips -> same batch, so a rerun continues the batch it interrupted."""
    blob = "\n".join(sorted(f"{i.client}|{i.workflow}|{i.clip}" for i in items))
    return hashlib.sha256(f"{Path(source).resolve()}\n{blob}".encode()).hexdigest()[:16]


@dataclass
class PlannedJob:
    job: Job
    workflow: Workflow
    client: ClientProfile
    options: RunOptions
    uploads: bool  # has an upload still to do


def plan(
    settings: Settings,
    store: Store,
    source: Path,
    items: list[BatchItem],
    executor: str = "local",
    now: datetime | None = None,
    *,
    dry_run: bool = False,
) -> tuple[str, list[PlannedJob]]:
    """Open every job folder, record the batch, defer uploads the quota cannot cover today and
    give each upload its slot in the client's posting calendar (a dry run shows it, keeps none)."""
    bid = batch_id(source, items)
    planned = []
    for item in items:
        workflow = load_workflow(item.workflow)
        job = open_job(settings.jobs_dir, item.clip, item.client, workflow.name)
        has_upload = any(s.name == "upload" for s in workflow.steps)
        pending = has_upload and not job.path("upload.json").exists() and store.videos.for_job(job.id) is None
        planned.append(PlannedJob(job, workflow, settings.client(item.client), item.options.model_copy(), pending))
    members = [
        JobRecord(e.job.id, e.job.client, e.job.workflow, str(e.job.source), e.job.source_sha256, str(e.job.dir))
        for e in planned
    ]
    store.jobs.record_batch(BatchRecord(bid, str(Path(source).resolve()), items[0].workflow, executor), members)
    _defer_over_quota(settings, store, planned, now)
    claimed: set[str] = set()
    for entry in planned:
        entry.options.dry_run = dry_run
        if entry.uploads and not entry.options.defer and not entry.options.publish_at:
            slot = schedule_slot(settings, store, entry, now, reserve=not dry_run, claimed=claimed)
            entry.options.publish_at = datetime.fromisoformat(slot) if slot else None
            claimed.add(slot or "")
    return bid, planned


def publish_cost(settings: Settings, client: ClientProfile) -> dict[str, int]:
    """Calls one publish makes (upload, caption track, thumbnail, playlists, channel check, polls)."""
    from videokit.youtube.publish import UploadRequest, plan

    request = UploadRequest(
        video=Path(), title="", captions=[(Path(), client.language)], thumbnail=Path(), playlists=client.playlists
    )
    return plan(request, {}, settings.youtube)


def _defer_over_quota(settings: Settings, store: Store, planned: list[PlannedJob], now: datetime | None) -> None:
    """Uploads beyond what today's quota covers wait for the next Pacific day (marked `defer`)."""
    from videokit.youtube.quota import QuotaLedger, next_reset, plan_units

    left: dict[str, dict[str, int]] = {}
    for entry in planned:
        if not entry.uploads:
            continue
        project = entry.client.cloud_project
        if project not in left:
            left[project] = QuotaLedger.for_project(store.quota, settings.youtube, project).remaining()
        cost = plan_units(publish_cost(settings, entry.client))
        if all(left[project].get(bucket, 0) >= units for bucket, units in cost.items()):
            for bucket, units in cost.items():
                left[project][bucket] -= units
        else:
            entry.options.defer = (
                f"quota: today's budget of cloud project {project!r} is used up; "
                f"run the batch again after {next_reset(now):%Y-%m-%d %H:%M %Z}"
            )


def schedule_slot(
    settings: Settings,
    store: Store,
    entry: PlannedJob,
    now: datetime | None = None,
    *,
    reserve: bool = True,
    claimed: set[str] | None = None,
) -> str | None:
    """The next free slot of the client's posting calendar, kept in the job folder while it is ahead.

    A kept slot that has passed (the job waited for quota, or crashed) is replaced by the next free
    one. `reserve=False` (a dry run) chooses without keeping; `claimed` are slots this plan already gave.
    """
    path = entry.job.path("schedule.json")
    client = entry.client
    tz = ZoneInfo(client.timezone)
    start = (now or datetime.now(tz)).astimezone(tz) + timedelta(hours=2)  # leave time for processing
    if path.exists():
        kept = fsutil.read_json(path)["publish_at"]
        if datetime.fromisoformat(kept) > start:
            return kept
        if reserve:
            path.unlink()
    if not client.posting_calendar:
        return None
    taken = _taken_slots(settings, store, client) | (claimed or set())
    for day in range(0, 7 * 52):
        date = (start + timedelta(days=day)).date()
        for slot in sorted(client.posting_calendar, key=lambda s: s[4:]):
            weekday, hhmm = slot.split()
            if _DAYS.index(weekday) != date.weekday():
                continue
            hour, minute = map(int, hhmm.split(":"))
            when = datetime(date.year, date.month, date.day, hour, minute, tzinfo=tz)
            if when > start and when.isoformat() not in taken:
                if reserve:
                    fsutil.write_json(path, {"publish_at": when.isoformat(), "slot": slot})
                return when.isoformat()
    return None


def _taken_slots(settings: Settings, store: Store, client: ClientProfile) -> set[str]:
    tz = ZoneInfo(client.timezone)
    taken = {t.astimezone(tz).isoformat() for t in store.videos.scheduled(client.name)}
    for schedule in Path(settings.jobs_dir, client.name).glob("*/schedule.json"):
        taken.add(fsutil.read_json(schedule)["publish_at"])
    return taken
