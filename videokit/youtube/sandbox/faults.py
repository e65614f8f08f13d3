"""Fault injection: make the Nth request of an operation fail the way the network and Google do.

Operations are named by what the request does: an API method id without its prefix
("videos.insert" is the resumable initiation or a simple upload, "captions.insert", "videos.list",
"reports.query"), "upload.chunk" (a PUT carrying bytes to a session), "upload.status" (the
`bytes */TOTAL` status query), "token" (the OAuth token endpoint), or "*" (any request).

Kinds:
- status: answer `status` with Google's error JSON for `reason`, without doing the work;
- drop: read part of the request (half of a chunk's bytes are stored, rounded down to 256 KiB,
  as Google persists) then close the connection without a reply;
- lost_reply: do the work completely, then close the connection without a reply;
- delay: sleep `seconds` before handling (a slow server; the client's timeout decides);
- expire_token: expire the access token the request carries, so it gets 401 like a token that ran out;
- expire_session: expire the upload session the request targets (404 from then on).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["status", "drop", "lost_reply", "delay", "expire_token", "expire_session"]
KINDS = ("status", "drop", "lost_reply", "delay", "expire_token", "expire_session")


@dataclass
class Fault:
    operation: str
    nth: int  # 1-based: the Nth matching request (counted since the fault was added)
    kind: Kind
    status: int = 503
    reason: str = "backendError"
    seconds: float = 0.0
    times: int = 1  # consecutive requests affected, from the Nth on
    seen: int = field(default=0, repr=False)
    fired: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r} (known: {', '.join(KINDS)})")
        if self.nth < 1 or self.times < 1:
            raise ValueError("nth and times start at 1")


class FaultPlan:
    """Thread-safe list of pending faults; the server asks `take(operation)` once per request."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, operation: str, nth: int = 1, kind: Kind = "status", **details: Any) -> Fault:
        details = {k: v for k, v in details.items() if k not in ("seen", "fired")}
        fault = Fault(operation=operation, nth=nth, kind=kind, **details)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if f.fired < f.times]

    def fired(self) -> int:
        with self._lock:
            return sum(f.fired for f in self._faults)

    def take(self, operation: str) -> Fault | None:
        """Count this request against every matching fault; return the first one that fires."""
        hit = None
        with self._lock:
            for fault in self._faults:
                if fault.operation not in (operation, "*") or fault.fired >= fault.times:
                    continue
                fault.seen += 1
                if hit is None and fault.seen >= fault.nth:
                    fault.fired += 1
                    hit = fault
        return hit
