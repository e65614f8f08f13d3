"""Errors users can act on. Each carries the exit code the CLI returns and a one-line message
that names the file (or setting) at fault and the fix."""

from __future__ import annotations

import errno


class VideokitError(Exception):
    """Base class: `str(err)` is the one line shown to the user."""

    exit_code = 1


class InputError(VideokitError):
    """A file given to videokit is missing, unreadable, not media, corrupt or lacks a stream."""

    exit_code = 3


class ConfigError(VideokitError):
    """Configuration, client profile or workflow file is invalid or names something unknown."""

    exit_code = 4


class YouTubeError(VideokitError):
    """YouTube (or the sandbox) refused a call with a non-retryable error, or auth failed."""

    exit_code = 5


class QuotaError(VideokitError):
    """The work would exceed the remaining YouTube quota; nothing was called."""

    exit_code = 6


class ComplianceBlock(VideokitError):
    """A blocking deontology or privacy finding stopped publishing before upload."""

    exit_code = 7


class OutputError(VideokitError):
    """An output path or the videokit home folder cannot be written."""

    exit_code = 8


class ApprovalRequired(VideokitError):
    """The client requires a practitioner's approval and the job has none that matches what would be sent."""

    exit_code = 9
    job_status = "needs-approval"  # the job's status meanwhile (the store's jobs.status: 16 characters at most)


# A write that failed because the file system is full (or the file exceeds its size limit).
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def disk_full(target: object, exc: OSError) -> OutputError:
    """The one line for a full disk, naming the output that could not be written."""
    reason = f" ({exc.strerror})" if exc.strerror else ""
    return OutputError(
        f"{target}: the disk is full{reason}; free some space or write the output elsewhere, then run again"
    )


EXIT_CODES = {
    0: "success",
    1: "unexpected internal error (a bug: please report it with the traceback from --debug)",
    2: "command-line usage error",
    InputError.exit_code: "bad input file (missing, not media, corrupt, no audio stream)",
    ConfigError.exit_code: "bad configuration, client profile or workflow",
    YouTubeError.exit_code: "YouTube refused the request or authorisation failed",
    QuotaError.exit_code: "not enough YouTube quota left; nothing was sent",
    ComplianceBlock.exit_code: "blocked by a deontology/privacy finding",
    OutputError.exit_code: "output cannot be written",
    ApprovalRequired.exit_code: "waiting for the practitioner's approval (videokit approve JOB --by NAME); nothing was sent",
    130: "stopped by Ctrl-C (SIGINT); temporary files removed, run again to resume",
    143: "stopped by SIGTERM; temporary files removed, run again to resume",
}
