"""Tracking cost at agency scale: one channel of 10,000 videos on the YouTube sandbox.

Measures a first pass (discovery of the uploads, snapshots, daily history, traffic) and a steady
pass (every video snapshotted again), in quota units from the ledger and in seconds, beside a
baseline run in the same process: the bare videos.list calls (50 ids each) over the same
session, with nothing stored. Goal: at most 200 units (1 per 50 videos) and under a minute a pass.

    python bench/track.py                  # 10,000 videos
    python bench/track.py --videos 2000
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

# this checkout's videokit, not the one the venv installed (editable, maybe another worktree)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from videokit.config import load_settings
from videokit.reports.data import chunks
from videokit.reports.options import ReportsOptions
from videokit.reports.tracking import published_videos, track_client
from videokit.store import open_store
from videokit.youtube.quota import SHARED
from videokit.youtube.sandbox import seed_channel, start_sandbox
from videokit.youtube.service import connect
from videokit.youtube.videos import PAGE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="videokit-bench-track-") as tmp:
        home = Path(tmp)
        server = start_sandbox(home / "sandbox.db", daily_units=1_000_000)
        try:
            (home / "config.toml").write_text(
                f'[youtube]\nsandbox_url = "{server.url}"\ndaily_units = 1000000\n\n[clients.agency]\nlanguage = "fr"\n',
                encoding="utf-8",
            )
            settings = load_settings(home)
            seed_channel(server.state, "agency", videos=args.videos, days=365)
            store = open_store(settings.database_url)
            session = connect(settings, store, settings.client("agency"))
            ledger = session.ledger
            steady = ReportsOptions(min_snapshot_minutes=0)

            def timed(label: str, run) -> tuple[float, int]:
                before = ledger.spent()[SHARED]
                started = time.perf_counter()
                result = run()
                seconds = time.perf_counter() - started
                units = ledger.spent()[SHARED] - before
                print(f"{label:<34} {seconds:7.2f} s  {units:5d} units  {result}")
                return seconds, units

            timed(
                "first pass (discovery + history)",
                lambda: _summary(track_client(settings, store, "agency", session=session)),
            )
            ids = list(published_videos(store.videos, "agency"))

            def bare() -> str:
                for batch in chunks(ids, PAGE):
                    session.execute(
                        session.data.videos().list(
                            part="snippet,statistics,status", id=",".join(batch), maxResults=PAGE
                        ),
                        "videos.list",
                    )
                return f"{math.ceil(len(ids) / PAGE)} videos.list calls"

            base_s, base_u = timed("baseline: bare videos.list", bare)
            pass_s, pass_u = timed(
                "steady pass",
                lambda: _summary(track_client(settings, store, "agency", session=session, options=steady)),
            )
            print(
                f"\nsteady pass / bare videos.list: {pass_s / base_s:.2f}x time, {pass_u / max(base_u, 1):.2f}x units"
            )
            budget = math.ceil(args.videos / PAGE)
            print(f"goal: <= {budget} units per pass for {args.videos} videos: {'met' if pass_u <= budget else 'MISSED'} ({pass_u}); "
                  f"under 60 s: {'met' if pass_s < 60 else 'MISSED'} ({pass_s:.1f} s)")  # fmt: skip
        finally:
            server.stop()


def _summary(result) -> str:
    return f"{result.snapshots} snapshots, {result.video_histories} histories, {result.daily_rows} daily rows, {result.traffic_rows} traffic rows"


if __name__ == "__main__":
    main()
