"""The review room's FastAPI app: `create_app(settings, store)`.

Pages are rendered on the server (Jinja2, autoescaped: a title holding `<script>` shows as text);
htmx and a small script add live validation and click-to-seek. Every job is read and written
through the library (`Artifacts`, `workflow.review`), never around it, and every request for a
job, its video or its files first checks that the user works on that job's client: anyone else
gets the same 403 whether the job exists or not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from videokit.config import Settings
from videokit.errors import VideokitError
from videokit.store import Store
from videokit.web import routes, security
from videokit.web.deps import Forbidden, LoginRequired, clock, page
from videokit.workflow import review
from videokit.workflow.jobs import Job
from videokit.youtube import limits

_HERE = Path(__file__).parent
Refresh = Callable[[Job, Settings, Store], None]
SESSION_COOKIE = "videokit_session"


def create_app(settings: Settings, store: Store, *, refresh: Refresh = review.refresh) -> FastAPI:
    """The web app on this configuration and database (opened once by the caller). `refresh` brings a
    job's later steps up to date after an edit (in the background)."""
    app = FastAPI(title="videokit review room", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings, app.state.store = settings, store
    app.state.refresh, app.state.refresh_locks = refresh, {}
    app.state.limiter = security.LoginLimiter(settings.web.login_attempts, settings.web.login_window_minutes * 60)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.filters["clock"] = clock
    env.globals["limits"] = limits  # the counters show YouTube's maxima from the one place that keeps them
    env.filters["when"] = lambda t: t.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if t else ""
    templates = Jinja2Templates(env=env)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    app.add_middleware(
        SessionMiddleware,
        secret_key=security.session_secret(settings.home),
        session_cookie=SESSION_COOKIE,
        max_age=int(settings.web.session_hours * 3600),
        same_site="strict",
        https_only=settings.web.https,
    )
    app.add_middleware(security.SecureHeaders, https=settings.web.https)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return JSONResponse({"error": "login required"}, status_code=401)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if _wants_html(request):
            return page(request, "error.html", {"message": "You are not allowed to see this page."}, status=403)
        return JSONResponse({"error": "forbidden"}, status_code=403)

    @app.exception_handler(VideokitError)
    async def _user_error(request: Request, exc: VideokitError) -> Response:
        if _wants_html(request):
            return page(request, "error.html", {"message": str(exc)}, status=400)
        return JSONResponse({"error": str(exc)}, status_code=400)

    app.include_router(routes.router)
    return app


def _wants_html(request: Request) -> bool:
    """A browser navigating (login redirects, error pages), not the API nor a media element."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")
