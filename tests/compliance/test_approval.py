"""Sign-off (issue 14 item 6), as a user types it: a client that requires approval stops before the
upload (exit 9), a finding is accepted with a reason, the practitioner approves, the upload goes to
the sandbox; a change after the approval voids it and the upload refuses; the listing and the PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from videokit import fsutil
from videokit.cli import cli
from videokit.youtube.sandbox import start_sandbox

pytestmark = pytest.mark.slow  # transcribes and renders a clip
CLIP = "video/auto-editor-example.mp4"  # English speech, 40 s


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    server = start_sandbox(tmp_path_factory.mktemp("sandbox") / "state.db", processing_seconds=0.0)
    yield server
    server.stop()


def run(home: Path, *args: str):
    return CliRunner().invoke(cli, list(args), env={"VIDEOKIT_HOME": str(home)}, catch_exceptions=False)


def error_line(result) -> str:
    """The one-line error the command printed (progress bars share stderr)."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def uploads(sandbox) -> list[dict]:
    return [dict(r) for r in sandbox.state.rows("SELECT * FROM videos")]


@pytest.fixture(scope="module")
def flow(tmp_path_factory, sandbox, corpus):
    """One client requiring approval whose display name carries "Dr" without an RPPS number: the
    charter check blocks until that finding is accepted with a reason."""
    home = tmp_path_factory.mktemp("signoff") / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        f'[youtube]\nsandbox_url = "{sandbox.url}"\nchunk_size = 262144\nprocessing_wait = 0.0\n'
        "initial_wait = 0.05\nmax_wait = 0.5\n"
        '[clients.drmartin]\nlanguage = "en"\ndisplay_name = "Dr Martin"\nrequire_approval = true\n'
    )
    clip = tmp_path_factory.mktemp("clips") / "consult.mp4"
    shutil.copy(corpus / CLIP, clip)
    steps: dict = {"home": home, "clip": clip}
    steps["blocked"] = run(home, "publish", str(clip), "--client", "drmartin")
    return steps


def test_a_blocking_finding_is_accepted_with_a_reason(flow) -> None:
    blocked = flow["blocked"]
    assert blocked.exit_code == 7, blocked.output
    found = re.search(r"videokit check (\S+findings\.json) --accept (\w+) --reason", error_line(blocked))
    assert found, blocked.stderr
    findings, finding_id = Path(found.group(1)), found.group(2)
    assert json.loads(findings.read_text())["findings"]
    refused = run(flow["home"], "check", str(findings), "--accept", finding_id)
    assert refused.exit_code == 2 and "--reason" in refused.stderr
    accepted = run(
        flow["home"], "check", str(findings), "--accept", finding_id, "--reason", "RPPS registration checked by hand"
    )
    assert accepted.exit_code == 0, accepted.output
    kept = {f["id"]: f for f in json.loads(findings.read_text())["findings"]}
    assert kept[finding_id]["accepted"] == "RPPS registration checked by hand"
    flow["findings"], flow["finding_id"] = findings, finding_id


def test_publish_stops_before_upload_until_approved(flow, sandbox) -> None:
    result = run(flow["home"], "publish", str(flow["clip"]), "--client", "drmartin")
    assert result.exit_code == 9, result.output
    line = error_line(result)
    job_id = re.search(r"job (\S+) \(consult\.mp4\)", line).group(1)
    assert f"videokit approve {job_id} --by NAME" in line
    assert uploads(sandbox) == []
    flow["job_id"] = job_id
    listing = run(flow["home"], "approvals", "--client", "drmartin", "--json")
    assert listing.exit_code == 0, listing.output
    jobs = json.loads(listing.stdout)["jobs"]
    assert [(j["job_id"], j["status"]["state"]) for j in jobs] == [(job_id, "missing")]
    # a batch stops there too, with the same exit code (its steps are all done but the upload)
    batch = run(flow["home"], "batch", "run", str(flow["clip"].parent), "--client", "drmartin", "--json")
    assert batch.exit_code == 9, batch.output
    report = json.loads(batch.stdout)
    assert report["status"] == "needs-approval"
    assert [j["status"] for j in report["jobs"]] == ["needs-approval"] and job_id in report["jobs"][0]["error"]
    assert uploads(sandbox) == []
    # what approving would record, to review first (nothing recorded)
    preview = flow["home"] / "review.html"
    assert run(flow["home"], "approval-pdf", job_id, "-o", str(preview)).exit_code == 0
    assert "To approve (preview, nothing recorded)" in preview.read_text()
    assert json.loads(run(flow["home"], "approvals", "--client", "drmartin", "--json").stdout)["decisions"] == []


def test_approve_then_publish_uploads(flow, sandbox) -> None:
    home, job_id = flow["home"], flow["job_id"]
    missing_by = run(home, "approve", job_id)
    assert missing_by.exit_code == 2
    asked = run(home, "request-changes", job_id, "--by", "Dr Jeanne Martin", "--note", "titre trop vague")
    assert asked.exit_code == 0, asked.output
    waiting = json.loads(run(home, "approvals", "--client", "drmartin", "--json").stdout)["jobs"]
    assert [j["status"]["state"] for j in waiting] == ["changes-requested"]
    approved = run(home, "approve", job_id, "--by", "Dr Jeanne Martin", "--note", "relu le 3/12", "--json")
    assert approved.exit_code == 0, approved.output
    record = json.loads(approved.stdout)
    job_dir = Path(record["job_dir"])
    assert record["fingerprint"]["video"] == fsutil.sha256_file(job_dir / "final.mp4")
    assert record["fingerprint"]["captions"]["captions.srt"] == fsutil.sha256_file(job_dir / "captions.srt")
    assert record["fingerprint"]["metadata"] == fsutil.sha256_file(job_dir / "metadata.json")
    accepted = [f for f in record["content"]["findings"] if f["accepted"]]
    assert [f["id"] for f in accepted] == [flow["finding_id"]]
    flow["approved"] = record

    result = run(home, "publish", str(flow["clip"]), "--client", "drmartin", "--json")
    assert result.exit_code == 0, result.output
    sent = uploads(sandbox)
    assert len(sent) == 1 and sent[0]["sha256"] == record["fingerprint"]["video"]
    assert json.loads(sent[0]["resource"])["snippet"]["title"] == record["content"]["title"]
    listing = json.loads(run(home, "approvals", "--client", "drmartin", "--json").stdout)
    assert [j["status"]["state"] for j in listing["jobs"]] == ["approved"]
    assert [(d["decision"], d["by"]) for d in listing["decisions"]] == [
        ("approved", "Dr Jeanne Martin"),
        ("changes-requested", "Dr Jeanne Martin"),
    ]


def test_a_change_after_approval_voids_it_and_the_upload_refuses(flow, sandbox, corpus, tmp_path) -> None:
    """A second clip, approved, then rendered again with burned captions: the upload refuses and
    names what changed; approved again, it is uploaded."""
    home = flow["home"]
    clip = tmp_path / "second.mp4"
    subprocess.run(  # the same recording, cut shorter: another file, another job
        ["ffmpeg", "-v", "error", "-i", str(corpus / CLIP), "-t", "20", "-c", "copy", str(clip)], check=True
    )
    first = run(home, "publish", str(clip), "--client", "drmartin")
    assert first.exit_code == 7, first.output  # the same charter finding, in this job: accepted as before
    found = re.search(r"videokit check (\S+findings\.json) --accept (\w+)", error_line(first))
    assert run(home, "check", found.group(1), "--accept", found.group(2), "--reason", "RPPS checked").exit_code == 0
    waiting = run(home, "publish", str(clip), "--client", "drmartin")
    assert waiting.exit_code == 9, waiting.output
    job_id = re.search(r"job (\S+) \(second\.mp4\)", error_line(waiting)).group(1)
    assert run(home, "approve", job_id, "--by", "Dr Jeanne Martin").exit_code == 0

    before = len(uploads(sandbox))
    refused = run(home, "publish", str(clip), "--client", "drmartin", "--burn-captions")
    assert refused.exit_code == 9, refused.output
    assert "no longer matches" in error_line(refused) and "final.mp4: re-rendered" in error_line(refused)
    assert len(uploads(sandbox)) == before
    listing = json.loads(run(home, "approvals", "--client", "drmartin", "--json").stdout)
    void = next(j for j in listing["jobs"] if j["job_id"] == job_id)
    assert void["status"]["state"] == "void"
    assert "final.mp4" in [c["what"] for c in void["status"]["changes"]]
    text = run(home, "approvals", "--client", "drmartin")
    assert text.exit_code == 0 and re.search(rf"^void +{job_id} ", text.stdout, re.M), text.stdout

    assert run(home, "approve", job_id, "--by", "Dr Jeanne Martin", "--note", "sous-titres incrustés").exit_code == 0
    sent = run(home, "publish", str(clip), "--client", "drmartin", "--burn-captions", "--json")
    assert sent.exit_code == 0, sent.output
    assert len(uploads(sandbox)) == before + 1


def test_the_record_prints_to_pdf(flow, tmp_path) -> None:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    pdf = tmp_path / "approval.pdf"
    result = run(flow["home"], "approval-pdf", flow["job_id"], "-o", str(pdf))
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    record = flow["approved"]
    assert "Dr Jeanne Martin" in flat and "relu le 3/12" in flat
    assert record["content"]["title"][:30] in flat
    assert "RPPS registration checked by hand" in flat
    assert record["fingerprint"]["video"][:16] in flat.replace(" ", "")
