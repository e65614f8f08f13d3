"""The one retry layer: tenacity around single attempts (googleapiclient num_retries is always 0).

Retried: 5xx, 429, the rate-limit 403s and a narrow list of connection errors, with capped
exponential backoff and full jitter. Everything else fails at once with YouTube's reason.
Before re-sending a non-idempotent call after an ambiguous failure (no reply, or a 5xx that may
have come after the work was done), `recover` is asked whether the work exists already.
"""

from __future__ import annotations

import http.client
import json
import logging
from collections.abc import Callable
from typing import TypeVar

import tenacity
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.errors import HttpError

from videokit.errors import QuotaError, YouTubeError
from videokit.youtube.options import YouTubeSettings

log = logging.getLogger("videokit.youtube")
T = TypeVar("T")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "uploadRateLimitExceeded"})
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
# Connection failures worth another attempt; anything else (TLS, DNS, refused by policy) is not.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionResetError,
    ConnectionAbortedError,
    ConnectionRefusedError,
    BrokenPipeError,
    TimeoutError,
    http.client.RemoteDisconnected,
    http.client.IncompleteRead,
    http.client.BadStatusLine,
)
_NO_ANSWER: tuple[type[BaseException], ...] = (TransportError, *CONNECTION_ERRORS)


def reason(err: HttpError) -> str:
    """Google's machine-readable reason ("invalidTitle", "quotaExceeded"...), or ""."""
    try:
        body = json.loads(err.content or b"{}")
        errors = body.get("error", {}).get("errors") or [{}]
        return errors[0].get("reason", "") or body.get("error", {}).get("status", "")
    except (ValueError, AttributeError):
        return ""


def message(err: HttpError) -> str:
    try:
        return json.loads(err.content or b"{}")["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return (err.content or b"").decode("utf-8", "replace")[:200] or str(err.resp.reason)


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, HttpError):
        status = exc.resp.status
        return status in RETRY_STATUSES or (status == 403 and reason(exc) in RATE_LIMIT_REASONS)
    if isinstance(exc, TransportError):  # a token refresh that could not reach the token endpoint
        return True
    return isinstance(exc, CONNECTION_ERRORS)


def is_ambiguous(exc: BaseException) -> bool:
    """The server may have done the work: no reply at all, or a 5xx."""
    if isinstance(exc, HttpError):
        return exc.resp.status >= 500
    return isinstance(exc, CONNECTION_ERRORS)


def call(
    attempt: Callable[[], T],
    *,
    what: str,
    options: YouTubeSettings,
    recover: Callable[[], T | None] | None = None,
    auth_fix: str = "",
) -> T:
    """Run `attempt` with the retry policy; translate the final failure into a videokit error.

    `recover` (non-idempotent calls only) runs before a re-send that follows an ambiguous failure;
    a non-None result is taken as the call's result.
    """
    ambiguous = False

    def before_sleep(state: tenacity.RetryCallState) -> None:
        nonlocal ambiguous
        exc = state.outcome.exception() if state.outcome else None
        ambiguous = ambiguous or bool(exc and is_ambiguous(exc))
        log.warning("%s: attempt %d failed (%s); retrying", what, state.attempt_number, describe(exc))

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(options.attempts),
        wait=tenacity.wait_random_exponential(multiplier=options.initial_wait, max=options.max_wait),
        retry=tenacity.retry_if_exception(is_retryable),
        before_sleep=before_sleep,
        reraise=True,
    )
    try:
        for trial in retrying:
            with trial:
                if ambiguous and recover is not None:
                    found = recover()
                    if found is not None:
                        log.info("%s: the earlier attempt had succeeded; not sending it again", what)
                        return found
                return attempt()
    except HttpError as err:
        raise translate(err, what) from None
    except RefreshError as err:
        raise YouTubeError(
            f"{what}: Google refused the saved authorisation ({_refresh_reason(err)}); {auth_fix or 'authorise again'}"
        ) from None
    except _NO_ANSWER as err:
        raise YouTubeError(
            f"{what}: no answer from YouTube after {options.attempts} attempts ({describe(err)}); "
            "check the network and run the same command again: it resumes where it stopped"
        ) from None
    raise AssertionError("unreachable")  # tenacity either returns or raises


def translate(err: HttpError, what: str) -> YouTubeError | QuotaError:
    why = reason(err)
    if why in QUOTA_REASONS:
        return QuotaError(
            f"{what}: YouTube says the project's daily quota is spent ({why}); it resets at midnight Pacific time, run it again then"
        )
    return YouTubeError(f"{what}: YouTube refused it ({err.resp.status} {why or err.resp.reason}): {message(err)}")


def describe(exc: BaseException | None) -> str:
    if isinstance(exc, HttpError):
        return f"HTTP {exc.resp.status} {reason(exc)}".strip()
    return type(exc).__name__ if exc else "unknown"


def _refresh_reason(err: RefreshError) -> str:
    text = str(err.args[0] if err.args else err)
    if "invalid_grant" in text:
        return "the refresh token was revoked, or expired: an OAuth app in 'Testing' mode gets tokens that expire after 7 days"
    return text.split(":")[0][:80]
