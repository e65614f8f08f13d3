"""YouTube Data API quota: the ONE cost table, the Pacific day, and the client-side ledger.

The sandbox charges from this same table, so the ledger and the sandbox agree by construction.
Google revises the costs (the 2025-12 and 2026-06 revisions moved videos.insert to its own bucket
of 100 calls a day at 1 unit): change them here and nowhere else.

The ledger is conservative: a call whose reply never arrived (dropped connection) is counted,
because Google may have charged it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from videokit.errors import QuotaError
from videokit.youtube.options import YouTubeSettings

if TYPE_CHECKING:  # the store (SQLAlchemy) loads when a ledger records, not for `videokit --help`
    from videokit.store.quota import QuotaCalls

PACIFIC = ZoneInfo("America/Los_Angeles")
SHARED = "shared"
UPLOADS = "videos.insert"
ANALYTICS = "analytics"  # the Analytics API has its own, separate quota: recorded at 0 units

# method -> (bucket, units). Method names are the discovery ids without the "youtube." prefix.
COSTS: dict[str, tuple[str, int]] = {
    "videos.insert": (UPLOADS, 1),
    "videos.update": (SHARED, 50),
    "videos.delete": (SHARED, 50),
    "videos.list": (SHARED, 1),
    "captions.insert": (SHARED, 400),
    "captions.update": (SHARED, 450),
    "captions.delete": (SHARED, 50),
    "captions.list": (SHARED, 50),
    "captions.download": (SHARED, 200),
    "thumbnails.set": (SHARED, 50),
    "playlists.insert": (SHARED, 50),
    "playlists.list": (SHARED, 1),
    "playlistItems.insert": (SHARED, 50),
    "playlistItems.list": (SHARED, 1),
    "channels.list": (SHARED, 1),
    "videoCategories.list": (SHARED, 1),
    "commentThreads.list": (SHARED, 1),
    "comments.insert": (SHARED, 50),
    "comments.setModerationStatus": (SHARED, 50),
    "reports.query": (ANALYTICS, 0),
}


def cost(method: str) -> tuple[str, int]:
    """(bucket, units) of one call; `method` may carry the discovery prefix ("youtube.videos.list")."""
    name = method.removeprefix("youtube.").removeprefix("youtubeAnalytics.")
    try:
        return COSTS[name]
    except KeyError:
        raise KeyError(f"no quota cost known for {method!r}: add it to videokit/youtube/quota.py COSTS") from None


def pacific_day(now: datetime | None = None) -> date:
    """The quota day: YouTube resets every bucket at midnight Pacific time (PST/PDT)."""
    now = now or datetime.now(PACIFIC)
    if now.tzinfo is None:
        raise ValueError("pacific_day needs an aware datetime")
    return now.astimezone(PACIFIC).date()


def next_reset(now: datetime | None = None) -> datetime:
    """The next midnight Pacific, as an aware datetime."""
    day = pacific_day(now)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=PACIFIC)


def plan_units(plan: dict[str, int]) -> dict[str, int]:
    """Units per bucket for `plan` = {method: number of calls}."""
    out: dict[str, int] = {}
    for method, calls in plan.items():
        bucket, units = cost(method)
        if units:
            out[bucket] = out.get(bucket, 0) + units * calls
    return out


@dataclass(frozen=True)
class BucketUse:
    spent: int
    limit: int
    left: int


@dataclass(frozen=True)
class QuotaSummary:
    cloud_project: str
    pacific_day: date
    resets_at: datetime  # the next midnight Pacific
    buckets: dict[str, BucketUse]


class QuotaLedger:
    """Units spent per Cloud project per Pacific day, from the calls the store keeps."""

    def __init__(self, calls: QuotaCalls, cloud_project: str, daily_units: int = 10_000, daily_uploads: int = 100):
        self.calls = calls
        self.cloud_project = cloud_project
        self.limits = {SHARED: daily_units, UPLOADS: daily_uploads}

    @classmethod
    def for_project(cls, calls: QuotaCalls, options: YouTubeSettings, cloud_project: str) -> QuotaLedger:
        """The ledger of one Cloud project with the daily budget the settings grant."""
        return cls(calls, cloud_project, options.daily_units, options.daily_uploads)

    def record(self, method: str, client: str = "") -> None:
        bucket, units = cost(method)
        if units:
            name = method.removeprefix("youtube.")
            from videokit.store.quota import QuotaCall

            self.calls.record(QuotaCall(self.cloud_project, pacific_day(), bucket, name, units, client))

    def spent(self, day: date | None = None) -> dict[str, int]:
        rows = self.calls.spent(self.cloud_project, day or pacific_day())
        return {bucket: rows.get(bucket, 0) for bucket in self.limits}

    def remaining(self, day: date | None = None) -> dict[str, int]:
        spent = self.spent(day)
        return {bucket: max(limit - spent[bucket], 0) for bucket, limit in self.limits.items()}

    def estimate(self, plan: dict[str, int]) -> dict[str, int]:
        return plan_units(plan)

    def ensure(self, plan: dict[str, int]) -> None:
        """Refuse (QuotaError, before any call) work that today's remaining quota cannot finish."""
        left = self.remaining()
        for bucket, needed in self.estimate(plan).items():
            if bucket in left and needed > left[bucket]:
                reset = next_reset().strftime("%Y-%m-%d %H:%M %Z")
                unit = "uploads" if bucket == UPLOADS else "units"
                raise QuotaError(
                    f"cloud project {self.cloud_project!r}: this needs {needed} {unit} of the {bucket!r} bucket "
                    f"but only {left[bucket]} are left today; it resets at {reset} (midnight Pacific), "
                    "run it then or raise youtube.daily_units in config.toml if Google granted more"
                )

    def summary(self) -> QuotaSummary:
        """What `videokit quota` shows: per bucket spent, limit and left, and the next reset."""
        spent = self.spent()
        buckets = {b: BucketUse(spent[b], limit, max(limit - spent[b], 0)) for b, limit in self.limits.items()}
        return QuotaSummary(self.cloud_project, pacific_day(), next_reset(), buckets)
