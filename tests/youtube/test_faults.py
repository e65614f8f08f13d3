"""The fault matrix: the real google-api-python-client against the sandbox, one fault per case.

Each case ends with exactly one complete video whose bytes hash equal to the file, or with one
clear error that was not retried; never a second video or caption track, never a hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit import fsutil
from videokit.errors import QuotaError, YouTubeError
from videokit.youtube.publish import UploadRequest, publish_video

RECOVERED = {
    "503 on the first chunk": ("upload.chunk", 1, "status", {"status": 503}),
    "503 on a middle chunk": ("upload.chunk", 2, "status", {"status": 503}),
    "503 on the last chunk": ("upload.chunk", 3, "status", {"status": 503}),
    "503 twice in a row": ("upload.chunk", 2, "status", {"status": 503, "times": 2}),
    "connection dropped mid-chunk": ("upload.chunk", 2, "drop", {}),
    "reply lost after a middle chunk was stored": ("upload.chunk", 2, "lost_reply", {}),
    "reply lost after the last chunk (video created)": ("upload.chunk", 3, "lost_reply", {}),
    "401: access token expired mid-upload": ("upload.chunk", 2, "expire_token", {}),
    "429 too many requests": ("upload.chunk", 2, "status", {"status": 429, "reason": "rateLimitExceeded"}),
    "403 rateLimitExceeded": ("upload.chunk", 1, "status", {"status": 403, "reason": "rateLimitExceeded"}),
    "slow reply past the socket timeout": ("upload.chunk", 2, "delay", {"seconds": 2.5}),
    "503 on the initiation": ("videos.insert", 1, "status", {"status": 503}),
    "reply lost after the session was opened": ("videos.insert", 1, "lost_reply", {}),
    "upload session expired mid-upload": ("upload.chunk", 2, "expire_session", {}),
    "status query fails after a failed chunk": ("upload.status", 1, "status", {"status": 503}),
    "token endpoint down once": ("token", 1, "status", {"status": 503}),
}

REFUSED = {
    "403 quotaExceeded": ("videos.insert", {"status": 403, "reason": "quotaExceeded"}, QuotaError, "quota"),
    "400 invalidTitle": ("videos.insert", {"status": 400, "reason": "invalidTitle"}, YouTubeError, "invalidTitle"),
    "400 invalidTitle on the last chunk": (
        "upload.chunk",
        {"status": 400, "reason": "invalidTitle"},
        YouTubeError,
        "invalidTitle",
    ),
}


def _request(clip: Path, srt: Path) -> UploadRequest:
    return UploadRequest(
        video=clip,
        title="Mal de dos : 5 exercices",
        description="Un médecin explique.",
        tags=["mal de dos"],
        captions=[(srt, "en")],
    )


@pytest.mark.timeout(40)
@pytest.mark.parametrize("case", list(RECOVERED))
def test_fault_ends_with_exactly_one_identical_video(case, session, sandbox, clip, clip_srt, tmp_path):
    operation, nth, kind, details = RECOVERED[case]
    if operation == "upload.status":  # a status query only follows a failed chunk
        sandbox.faults.add("upload.chunk", 2, "status", status=503)
    if kind == "delay":  # the socket timeout decides, not the server
        session.transport.timeout = 1.0
    if operation == "token":  # force a refresh during the upload
        sandbox.faults.add("upload.chunk", 2, "expire_token")
    fault = sandbox.faults.add(operation, nth, kind, **details)

    result = publish_video(session, _request(clip, clip_srt), state_file=tmp_path / "upload_state.json")

    assert fault.fired >= 1, "the fault never fired: the case tested nothing"
    videos = sandbox.state.videos(session.channel_id)
    assert [v["id"] for v in videos] == [result.video_id]
    assert videos[0]["sha256"] == fsutil.sha256_file(clip)
    assert len(sandbox.state.captions(result.video_id)) == 1


@pytest.mark.timeout(40)
@pytest.mark.parametrize("case", list(REFUSED))
def test_refusal_is_one_clear_error_not_retried(case, session, sandbox, clip, clip_srt, tmp_path):
    operation, details, error, words = REFUSED[case]
    fault = sandbox.faults.add(operation, 3 if operation == "upload.chunk" else 1, "status", times=99, **details)

    with pytest.raises(error, match=words) as caught:
        publish_video(session, _request(clip, clip_srt), state_file=tmp_path / "upload_state.json")

    assert fault.fired == 1, "a non-retryable error was retried"
    assert "\n" not in str(caught.value)
    assert sandbox.state.count_videos(session.channel_id) == 0


@pytest.mark.timeout(40)
@pytest.mark.parametrize("kind", ["lost_reply", "drop"])
def test_ambiguous_caption_insert_checks_before_sending_again(kind, session, sandbox, clip, clip_srt, tmp_path):
    fault = sandbox.faults.add("captions.insert", 1, kind)

    result = publish_video(session, _request(clip, clip_srt), state_file=tmp_path / "upload_state.json")

    assert fault.fired == 1
    assert sandbox.requests["captions.list"] == 1, "after an ambiguous failure the client must look before re-sending"
    tracks = sandbox.state.captions(result.video_id)
    assert len(tracks) == 1 and tracks[0]["id"] == result.captions[0]
    # lost reply: the track exists, so no second insert; drop: nothing was stored, so one more
    assert sandbox.requests["captions.insert"] == (1 if kind == "lost_reply" else 2)


@pytest.mark.timeout(40)
def test_retry_budget_is_not_multiplied(session, sandbox):
    """One retry layer: a persistent 503 costs exactly `attempts` requests (googleapiclient num_retries=0)."""
    sandbox.faults.add("videos.list", 1, "status", status=503, times=1000)
    with pytest.raises(YouTubeError, match="503"):
        session.execute(session.data.videos().list(part="id", id="abc"), "videos.list")
    assert sandbox.requests["videos.list"] == session.options.attempts


@pytest.mark.timeout(40)
def test_ledger_equals_sandbox_count_after_faulty_run(session, sandbox, project, clip, clip_srt, tmp_path):
    sandbox.faults.add("upload.chunk", 2, "drop")
    sandbox.faults.add("captions.insert", 1, "lost_reply")
    request = _request(clip, clip_srt)
    request.playlists = ["Conseils santé"]
    publish_video(session, request, state_file=tmp_path / "upload_state.json")
    server = sandbox.state.quota_used(project)
    assert server["videos.insert"] == 1 and server["shared"] > 400
    assert session.ledger.spent() == server  # connect, verify, upload, caption + look-up, playlist, polls
