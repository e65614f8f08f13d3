"""Models loaded once per process by whichever thread asks first: a step, or its warm-up running
beside the transcription (videokit.workflow.steps.Step.warm)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def loaded_once(load: Callable[P, T]) -> Callable[P, T]:
    """functools.cache with a lock: a thread asking while another loads the same model waits for that
    load instead of paying for a second one."""
    cached = functools.cache(load)
    lock = threading.RLock()

    @functools.wraps(load)
    def once(*args: P.args, **kwargs: P.kwargs) -> T:
        with lock:
            return cached(*args, **kwargs)  # type: ignore[arg-type]  # functools.cache types its keys as Hashable

    return once
