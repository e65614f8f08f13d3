"""What every page and endpoint needs: the user, the job they may see, the page renderer."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from videokit import serial
from videokit.config import Settings
from videokit.store import Store
from videokit.store.jobs import JobRecord
from videokit.web import security
from videokit.web.accounts import User, as_user, authenticate
from videokit.web.queue import STATES, QueueRow, queue_row
from videokit.workflow import review
from videokit.workflow.artifacts import METADATA, Artifacts
from videokit.workflow.jobs import Job, find_job


class LoginRequired(Exception):
    """No valid session: pages redirect to the login page, the API and files answer 401."""


class Forbidden(Exception):
    """Not this user's client, or no such job: the same answer, so nothing leaks."""


@dataclasses.dataclass(frozen=True)
class JobView:
    record: JobRecord
    job: Job
    artifacts: Artifacts


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page of the app, with the user (if any) and the CSRF token every form needs."""
    templates: Jinja2Templates = request.app.state.templates
    user = context.pop("user", None)
    base = {"user": user, "csrf": security.csrf_token(request), "states": STATES}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def store_of(request: Request) -> Store:
    return request.app.state.store


def current_user(request: Request) -> User:
    """The signed-in user, read again from the store (a removed account is out at once)."""
    email = request.session.get("email")
    record = store_of(request).users.get(email) if isinstance(email, str) else None
    if record is None:
        request.session.clear()
        raise LoginRequired()
    return as_user(record)


def login(request: Request, email: str, password: str) -> User | None:
    """Check the password; on success a fresh session (no fixation) with a new CSRF token."""
    user = authenticate(store_of(request).users, email, password)
    if user is not None:
        request.session.clear()
        request.session["email"] = user.email
    return user


def job_view(request: Request, user: User, job_id: str, *, approve: bool = False) -> JobView:
    """The job if the user works on its client (approves, for `approve`); else Forbidden, existing or not."""
    record = store_of(request).jobs.job(job_id)
    allowed = record is not None and (user.approves(record.client) if approve else user.works_on(record.client))
    if record is None or not allowed:
        raise Forbidden()
    folder = Path(record.job_dir)
    return JobView(record, find_job(store_of(request).jobs, str(folder)), Artifacts(folder))


def queue(request: Request, user: User) -> list[QueueRow]:
    store = store_of(request)
    clients = [c for c in user.clients if user.works_on(c)]
    records = [r for client in clients for r in store.jobs.of_client(client)]
    records.sort(key=lambda r: r.updated_at or datetime.min.replace(tzinfo=UTC), reverse=True)
    return [queue_row(r, store) for r in records]


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def job_json(view: JobView) -> dict[str, Any]:
    """What the API says of a job: its final metadata and findings, typed through videokit.serial."""
    a = view.artifacts
    return {
        "id": view.record.id,
        "client": view.record.client,
        "status": view.record.status,
        "metadata": serial.dump(a.final_metadata()) if a.exists(METADATA) else None,
        "findings": serial.dump(review.findings(a)),
        "cues": serial.dump(review.cues(a)),
    }
