"""`run_audit`: price, read and score one client's channel (the library call behind `videokit audit`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from videokit.audit.collect import AuditPlan, collect, plan_audit
from videokit.audit.score import AuditResult, audit_channel
from videokit.config import Settings
from videokit.progress import Progress, silent
from videokit.store import Store


def run_audit(
    settings: Settings,
    store: Store,
    client: str | None,
    *,
    limit: int | None = None,
    on_plan: Callable[[AuditPlan], None] | None = None,
    progress: Progress = silent,
) -> AuditResult:
    """Audit `client`'s channel; `on_plan` sees the priced plan before any call but the 1-unit count."""
    from videokit.youtube.service import connect

    profile = settings.client(client)
    options = settings.audit
    session = connect(settings, store, profile)
    try:
        plan = plan_audit(session, profile.name, limit)
        if on_plan:
            on_plan(plan)
        collection = collect(
            session, plan, analytics_days=options.analytics_days, top_terms=options.top_terms, progress=progress
        )
    finally:
        session.close()
    return audit_channel(collection, profile, store.videos, options, datetime.now(UTC).date())
