"""Every YouTube call that may have been charged, per Cloud project and Pacific day.

What a call costs, and which day it counts for, is YouTube's rule (videokit.youtube.quota); this
module only keeps the calls and adds them up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from videokit.store.schema import quota_calls


@dataclass(frozen=True)
class QuotaCall:
    cloud_project: str
    pacific_day: date
    bucket: str  # "shared" or "videos.insert"
    method: str  # "videos.list"
    units: int
    client: str = ""


class QuotaCalls:
    def __init__(self, engine: Engine):
        self._engine = engine

    def record(self, call: QuotaCall) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                quota_calls.insert().values(
                    cloud_project=call.cloud_project,
                    pacific_day=call.pacific_day,
                    bucket=call.bucket,
                    method=call.method,
                    units=call.units,
                    client=call.client,
                )
            )

    def spent(self, cloud_project: str, day: date) -> dict[str, int]:
        """Units recorded per bucket for the project on that day."""
        query = (
            sa.select(quota_calls.c.bucket, sa.func.sum(quota_calls.c.units))
            .where(quota_calls.c.cloud_project == cloud_project, quota_calls.c.pacific_day == day)
            .group_by(quota_calls.c.bucket)
        )
        with self._engine.begin() as conn:
            return {bucket: int(units or 0) for bucket, units in conn.execute(query).all()}
