"""The pages and endpoints: login, queue, review, approval, growth, the video and its files, the API."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from videokit.compliance.approval import approval_status, approve, request_changes
from videokit.errors import InputError
from videokit.seo.types import Finding
from videokit.speech.captions import to_vtt
from videokit.web import security
from videokit.web.accounts import User
from videokit.web.deps import (
    Forbidden,
    JobView,
    clock,
    current_user,
    job_json,
    job_view,
    login,
    page,
    queue,
    settings_of,
    store_of,
)
from videokit.workflow import review
from videokit.workflow.artifacts import FINDINGS, METADATA

if TYPE_CHECKING:
    from videokit.reports.pdf import PageFormat

router = APIRouter()
# Handlers that read files, hash a video or print a PDF are plain functions: FastAPI runs them in its
# thread pool, so one slow request never holds up the others; those that read a form are async.


async def _checked_form(request: Request) -> dict[str, str]:
    """The posted form, once its CSRF token matched the session's (else 403)."""
    if not await security.csrf_ok(request):
        raise Forbidden()
    form = await request.form()
    return {k: v.replace("\r\n", "\n") for k, v in form.items() if isinstance(v, str)}


async def _posted(request: Request, job_id: str, *, approve: bool = False) -> tuple[User, JobView, dict[str, str]]:
    """A form posted on a job: the user, the job if they work on its client (approve it, for `approve`),
    and the form once its CSRF token matched."""
    user = current_user(request)
    view = job_view(request, user, job_id, approve=approve)
    return user, view, await _checked_form(request)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# -- login ------------------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    return page(request, "login.html", {"next": _local(next), "error": ""})


@router.post("/login", response_class=HTMLResponse)
async def login_post(request: Request) -> Response:
    if not await security.csrf_ok(request):
        return page(request, "login.html", {"next": "/", "error": "The form expired; try again."}, status=403)
    form = await request.form()
    email, password = str(form.get("email", "")).strip().lower(), str(form.get("password", ""))
    target = _local(str(form.get("next", "/")))
    limiter: security.LoginLimiter = request.app.state.limiter
    keys = (f"ip:{request.client.host if request.client else '?'}", f"email:{email}")
    wait = limiter.wait(*keys)
    if wait > 0:
        message = f"Too many failed attempts; try again in {int(wait // 60) + 1} minute(s)."
        return page(request, "login.html", {"next": target, "error": message}, status=429)
    if login(request, email, password) is None:
        limiter.failed(*keys)
        return page(request, "login.html", {"next": target, "error": "Wrong email or password."}, status=401)
    limiter.succeeded(*keys)
    return _see_other(target)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await _checked_form(request)
    request.session.clear()
    return _see_other("/login")


def _local(target: str) -> str:
    """Only a path of this site after login (never another site: an open redirect)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


# -- queue ------------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, client: str = "", state: str = "") -> Response:
    user = current_user(request)
    if user.role == "viewer":
        return _see_other(f"/growth/{user.clients[0]}")
    rows = queue(request, user)
    shown = [r for r in rows if (not client or r.client == client) and (not state or r.state == state)]
    return page(
        request,
        "queue.html",
        {"user": user, "rows": shown, "total": len(rows), "client": client, "state": state, "clients": user.clients},
    )


@router.get("/api/jobs")
def api_jobs(request: Request) -> Response:
    user = current_user(request)
    rows = queue(request, user)  # none for a viewer: they work on no client's videos
    return JSONResponse(
        {
            "jobs": [
                {
                    "id": r.job_id,
                    "client": r.client,
                    "title": r.title,
                    "state": r.state,
                    "findings": r.findings,
                    "blocking": r.blocking,
                    "scheduled": r.scheduled.isoformat() if r.scheduled else None,
                }
                for r in rows
            ]
        }
    )


@router.get("/api/jobs/{job_id}")
def api_job(request: Request, job_id: str) -> Response:
    return JSONResponse(job_json(job_view(request, current_user(request), job_id)))


# -- review -----------------------------------------------------------------------------------------
def _review_context(view: JobView, edit: review.MetadataEdit | None = None) -> dict[str, Any]:
    a = view.artifacts
    final = a.final_metadata()
    if edit is None:
        edit = review.MetadataEdit(
            titles=[t.text for t in final.titles] or [""],
            chosen=0,
            description=final.description,
            tags=final.tags,
            chapters_text=review.chapters_text(final.chapters),
        )
    _, validation = review.edited(a, edit)
    findings = review.findings(a)
    offset = a.intro_offset()
    return {
        "job": view.record,
        "metadata": final,
        "edit": edit,
        "validation": validation,
        "findings": [(f, (f.start + offset) if f.start is not None else None) for f in findings],
        "cues": review.cues(a),
        "chapters": final.chapters,
        "updating": view.record.status in ("pending", "running"),
        "failed": view.record.error if view.record.status == "failed" else "",
    }


@router.get("/jobs/{job_id}/review", response_class=HTMLResponse)
def review_page(request: Request, job_id: str, saved: str = "") -> Response:
    user = current_user(request)
    view = job_view(request, user, job_id)
    if not view.artifacts.exists(METADATA):
        return page(request, "error.html", {"user": user, "message": "This job is still processing."}, status=409)
    return page(request, "review.html", {"user": user, "saved": saved, **_review_context(view)})


def _edit_from(form: dict[str, str]) -> review.MetadataEdit:
    titles: list[str] = []
    while f"title_{len(titles)}" in form:
        titles.append(form[f"title_{len(titles)}"])
    try:
        chosen = int(form.get("chosen", "0"))
    except ValueError:
        chosen = 0
    return review.MetadataEdit(
        titles=titles or [""],
        chosen=chosen,
        description=form.get("description", ""),
        tags=review.parse_tags(form.get("tags", "")),
        chapters_text=form.get("chapters", ""),
    )


@router.post("/jobs/{job_id}/validate", response_class=HTMLResponse)
async def validate(request: Request, job_id: str) -> Response:
    """Live validation (htmx): YouTube's limits and the SEO score of the form as it is now."""
    _, view, form = await _posted(request, job_id)
    _, validation = review.edited(view.artifacts, _edit_from(form))
    return page(request, "_validation.html", {"validation": validation})


@router.post("/jobs/{job_id}/metadata", response_class=HTMLResponse)
async def save_metadata(request: Request, job_id: str) -> Response:
    user, view, form = await _posted(request, job_id)
    edit = _edit_from(form)
    metadata, validation = review.edited(view.artifacts, edit)
    if not validation.ok:
        context = {"user": user, "saved": "", **_review_context(view, edit)}
        return page(request, "review.html", context, status=422)
    review.save_metadata(view.job, metadata)
    return _refreshing(request, view, f"/jobs/{job_id}/review?saved=metadata")


@router.post("/jobs/{job_id}/cues/{index}", response_class=HTMLResponse)
async def save_cue(request: Request, job_id: str, index: int) -> Response:
    _, view, form = await _posted(request, job_id)
    try:
        review.save_cue(view.job, index, form.get("text", ""), settings_of(request).captions)
    except (IndexError, ValueError) as exc:
        raise InputError(
            f"{view.artifacts.path(review.CAPTIONS_SRT)}: {exc}; correct the words of an existing cue"
        ) from None
    return _refreshing(request, view, f"/jobs/{job_id}/review?saved=captions#cue-{index}")


def _refreshing(request: Request, view: JobView, url: str) -> Response:
    """Redirect at once; then, in the background, bring the steps after the edit up to date (the job
    shows as processing meanwhile), one refresh of a job at a time."""
    store = store_of(request)
    store.jobs.record_job(view.record, "running")
    refresh = request.app.state.refresh
    locks: dict[str, threading.Lock] = request.app.state.refresh_locks
    lock = locks.setdefault(view.job.id, threading.Lock())

    def run() -> None:
        with lock:
            try:
                refresh(view.job, settings_of(request), store)
            except Exception as exc:  # recorded on the job (the queue and the review page show it)
                store.jobs.record_job(view.record, "failed", error=str(exc))

    return RedirectResponse(url, status_code=303, background=BackgroundTask(run))


@router.post("/jobs/{job_id}/findings/{finding_id}/accept", response_class=HTMLResponse)
async def accept_finding(request: Request, job_id: str, finding_id: str) -> Response:
    """Accept a finding as it is, with the reason (it goes on the practitioner's sign-off record)."""
    _, view, form = await _posted(request, job_id)
    reason = form.get("reason", "").strip()
    if not reason:
        raise InputError(
            f"{view.artifacts.path(FINDINGS)}: accepting a finding needs a reason; say why it is acceptable"
        )
    _known_finding(view, finding_id)
    review.accept_finding(view.job, finding_id, reason)
    return _refreshing(request, view, f"/jobs/{job_id}/review?saved=finding#finding-{finding_id}")


@router.post("/jobs/{job_id}/findings/{finding_id}/send-back", response_class=HTMLResponse)
async def send_back(request: Request, job_id: str, finding_id: str) -> Response:
    """Send a finding back: its acceptance (if any) is withdrawn and the job waits for changes."""
    user, view, form = await _posted(request, job_id)
    finding = _known_finding(view, finding_id)
    review.accept_finding(view.job, finding_id, "")
    note = form.get("note", "").strip() or "to be fixed"
    where = f" at {clock(finding.start)}" if finding.start is not None else f" in the {finding.source}"
    request_changes(
        store_of(request).approvals, view.job, user.email, f"finding {finding.id}{where} ({finding.category}): {note}"
    )
    return _refreshing(request, view, f"/jobs/{job_id}/review?saved=sent-back#finding-{finding_id}")


def _known_finding(view: JobView, finding_id: str) -> Finding:
    found = [f for f in review.findings(view.artifacts) if f.id == finding_id]
    if not found:
        raise InputError(
            f"{view.artifacts.path(FINDINGS)}: no finding {finding_id}; reload the page (the check ran again)"
        )
    return found[0]


# -- approval -------------------------------------------------------------------------------------
APPROVAL_LABELS = {
    "missing": "Not approved yet",
    "approved": "Approved: this exact video, metadata and captions will be published",
    "void": "The approval is void: the video changed after it was approved",
    "changes-requested": "Changes requested",
}


@router.get("/jobs/{job_id}/approval", response_class=HTMLResponse)
def approval_page(request: Request, job_id: str, decided: str = "") -> Response:
    user = current_user(request)
    view = job_view(request, user, job_id)
    if not view.artifacts.exists(METADATA):
        return page(request, "error.html", {"user": user, "message": "This job is still processing."}, status=409)
    status = approval_status(store_of(request).approvals, view.job)
    a = view.artifacts
    context = _review_context(view)
    return page(
        request,
        "approval.html",
        {
            "user": user,
            "decided": decided,
            "status": status,
            "status_label": APPROVAL_LABELS[status.state],
            "pending": "The video is being updated after an edit; this page reloads when it is ready."
            if context["updating"]
            else "",
            "override_reason": a.findings().override_reason if a.exists(FINDINGS) else None,
            **context,
        },
    )


@router.post("/jobs/{job_id}/approve", response_class=HTMLResponse)
async def approve_job(request: Request, job_id: str) -> Response:
    """The practitioner approves the job exactly as it is now (`videokit approve`, the same record)."""
    user, view, form = await _posted(request, job_id, approve=True)
    if view.record.status in ("pending", "running"):
        raise InputError(f"job {job_id}: still being updated after an edit; approve it once the page shows it ready")
    approve(store_of(request).approvals, view.job, user.email, form.get("note", "").strip() or None)
    return _see_other(f"/jobs/{job_id}/approval?decided=approved")


@router.post("/jobs/{job_id}/request-changes", response_class=HTMLResponse)
async def request_changes_post(request: Request, job_id: str) -> Response:
    user, view, form = await _posted(request, job_id, approve=True)
    request_changes(store_of(request).approvals, view.job, user.email, form.get("note", ""))
    return _see_other(f"/jobs/{job_id}/approval?decided=changes-requested")


# -- the video and its files ------------------------------------------------------------------------
@router.get("/jobs/{job_id}/video")
def video(request: Request, job_id: str) -> Response:
    """The final cut (the trimmed clip until it is rendered), with HTTP range requests for seeking."""
    view = job_view(request, current_user(request), job_id)
    for name in ("final.mp4", "trimmed.mp4"):
        if view.artifacts.exists(name):
            return FileResponse(view.artifacts.path(name), media_type="video/mp4")
    raise Forbidden()


@router.get("/jobs/{job_id}/captions.vtt")
def captions(request: Request, job_id: str) -> Response:
    """The caption track timed like the video the player shows."""
    view = job_view(request, current_user(request), job_id)
    return Response(to_vtt(review.cues(view.artifacts)), media_type="text/vtt; charset=utf-8")


@router.get("/jobs/{job_id}/frames/{name}")
def frame(request: Request, job_id: str, name: str) -> Response:
    """A finding's cropped frame (only the images the findings file names)."""
    view = job_view(request, current_user(request), job_id)
    findings = view.artifacts.findings().findings if view.artifacts.exists(FINDINGS) else []
    images = {Path(f.image).name: f.image for f in findings if f.image}
    if name not in images:
        raise Forbidden()
    return FileResponse(view.artifacts.path(FINDINGS).parent / images[name])


# -- growth -----------------------------------------------------------------------------------------
@router.get("/growth", response_class=HTMLResponse)
def growth_home(request: Request) -> Response:
    user = current_user(request)
    if not user.clients:
        raise Forbidden()
    return _see_other(f"/growth/{user.clients[0]}")


def _growth_client(request: Request, client: str) -> User:
    user = current_user(request)
    if not user.sees(client):
        raise Forbidden()
    return user


@router.get("/growth/{client}", response_class=HTMLResponse)
def growth_page(request: Request, client: str) -> Response:
    from videokit.reports.report import build_growth

    user = _growth_client(request, client)
    settings = settings_of(request)
    profile = settings.client(client)
    error = ""
    growth = None
    try:
        growth = build_growth(settings, store_of(request), client)
    except InputError as exc:
        error = str(exc).split(": ", 1)[-1]
    return page(
        request,
        "growth.html",
        {
            "user": user,
            "client": client,
            "display_name": profile.display_name or client,
            "growth": growth,
            "error": error,
        },
    )


@router.get("/growth/{client}/report.html", response_class=HTMLResponse)
def growth_report(request: Request, client: str) -> Response:
    """The very page `videokit report` writes (make_report: same code, same data), shown in the growth page."""
    return HTMLResponse(_report(request, client, "html").read_text(encoding="utf-8"))


@router.get("/growth/{client}/report.pdf")
def growth_pdf(request: Request, client: str) -> Response:
    return FileResponse(_report(request, client, "pdf"), media_type="application/pdf", filename=f"{client}-report.pdf")


def _report(request: Request, client: str, fmt: PageFormat) -> Path:
    from videokit.reports.report import make_report

    _growth_client(request, client)
    settings = settings_of(request)
    target = settings.home / "web" / "reports" / f"{client}.{fmt}"
    return make_report(settings, store_of(request), client, target, fmt).path
