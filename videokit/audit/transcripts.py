"""The best transcript of a channel video: videokit's own job artifacts, else its caption track.

A video published by videokit has its transcript in its job folder (the store maps the video to
its job and folder), timed like the uploaded video (the intro the render prepended included).
Any other video can still have a caption track (typed by the owner, or uploaded by another
tool), read back into a Transcript by videokit.speech.captions.
"""

from __future__ import annotations

from dataclasses import dataclass

from videokit.speech.types import Transcript
from videokit.store.videos import Videos
from videokit.workflow.artifacts import Artifacts


@dataclass(frozen=True)
class TranscriptSource:
    """Where a transcript came from: "job" (with the job id) or "captions" (with the track id)."""

    kind: str
    ref: str
    language: str


def job_transcript(published: Videos, video_id: str) -> tuple[Transcript, TranscriptSource] | None:
    """The transcript videokit made for `video_id`, timed like the uploaded video; None if none."""
    job = published.job_folder(video_id)
    if job is None:
        return None
    try:
        transcript = Artifacts(job.folder).final_transcript()
    except (OSError, ValueError):
        return None  # the job folder was cleaned up or is incomplete: fall back to the caption track
    return transcript, TranscriptSource("job", job.job_id, transcript.language)
