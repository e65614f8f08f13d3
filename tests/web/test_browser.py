"""The review room in the real Chromium (Playwright with the system browser), on the demo talk as
`make demo` builds it, prepared by `videokit publish --dry-run` and then published to the sandbox:
staff edits a title and a chapter heading and accepts a finding; the practitioner plays the video,
seeks by clicking a finding and approves; a changed title voids the approval; `publish` uploads
exactly what was saved; another client's practitioner gets 403 everywhere.

Set VIDEOKIT_SCREENSHOTS=DIR to keep a screenshot of each page (the README's come from here).
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner, Result

from videokit.cli import cli
from videokit.config import Settings, load_settings
from videokit.speech.captions import parse_cues
from videokit.store import Store, open_store
from videokit.web.accounts import add_user
from videokit.web.app import create_app
from videokit.workflow.artifacts import Artifacts
from videokit.youtube.sandbox import SandboxServer, seed_channel, start_sandbox

# The module's first test also prepares the job (publish --dry-run: Whisper, SEO models, render) and
# re-renders twice (a caption word, an accepted finding): minutes on two shared cores.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1800)]
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
STAFF, DOCTOR, OTHER = "anne@agence.fr", "exemple@cabinet.fr", "john@clinic.uk"
SHOTS = Path(os.environ["VIDEOKIT_SCREENSHOTS"]) if os.environ.get("VIDEOKIT_SCREENSHOTS") else None
# A client rule of the demo profile: what is said about alcohol gets a (timed) warning to settle
# (alcohol: a word Whisper base hears reliably in the demo talk; it heard "tabac" as "tabard").
RULES = """language: fr
rules:
  - id: demo.alcool
    severity: warn
    category: promise
    patterns: ["alcool"]
    unless: []
    sources: [transcript]
"""


@dataclass
class Served:
    home: Path
    settings: Settings
    store: Store
    sandbox: SandboxServer
    url: str
    clip: Path
    job_id: str

    def run(self, args: str) -> Result:
        return CliRunner().invoke(cli, shlex.split(args), env={"VIDEOKIT_HOME": str(self.home)}, catch_exceptions=False)

    def artifacts(self) -> Artifacts:
        record = self.store.jobs.job(self.job_id)
        assert record is not None
        return Artifacts(Path(record.job_dir))

    def wait_until_ready(self, timeout: float = 600) -> None:
        """The background refresh after an edit has finished (the job is no longer running)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            record = self.store.jobs.job(self.job_id)
            assert record is not None
            if record.status not in ("pending", "running"):
                assert record.status == "done", record.error
                return
            time.sleep(0.5)
        pytest.fail(f"job {self.job_id} still running after {timeout} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("room")
    sandbox = start_sandbox(home / "sandbox.db", processing_seconds=0.0)
    (home / "rules.yaml").write_text(RULES, encoding="utf-8")
    (home / "config.toml").write_text(
        f'[youtube]\nsandbox_url = "{sandbox.url}"\nprocessing_wait = 0.0\n\n'
        '[transcribe]\nbeam_size = 1\n[render]\npreset = "ultrafast"\n\n'
        '[clients.demo]\ndisplay_name = "Cabinet du Dr Exemple"\nlanguage = "fr"\nrpps = "10001234565"\n'
        f'website = "https://example.org"\nhashtags = ["Santé"]\nrequire_approval = true\ndeontology_rules = "{home / "rules.yaml"}"\n'
        'glossary = ["hypertension artérielle", "tensiomètre", "antihypertenseur"]\n\n'
        '[clients.other]\ndisplay_name = "Dr John Smith"\nlanguage = "en"\n',
        encoding="utf-8",
    )
    clip = home / "sample-fr.mp4"
    subprocess.run(
        [sys.executable, str(ROOT / "assets/make_sample_clip.py"), str(clip)], check=True, capture_output=True
    )
    seed_channel(sandbox.state, "demo", videos=12, days=60, seed=3)  # a channel with a history to report on
    tracked = CliRunner().invoke(cli, ["track", "--client", "demo"], env={"VIDEOKIT_HOME": str(home)})
    assert tracked.exit_code == 0, tracked.output  # the first pass discovers the channel's videos
    result = CliRunner().invoke(
        cli, ["publish", str(clip), "--client", "demo", "--dry-run", "--json"], env={"VIDEOKIT_HOME": str(home)}
    )
    assert result.exit_code == 0, result.output
    job_dir = Path(json.loads(result.stdout)["job_dir"])
    settings = load_settings(home)
    store = open_store(settings.database_url)
    for email, role, client in (
        (STAFF, "staff", "demo"),
        (DOCTOR, "practitioner", "demo"),
        (OTHER, "practitioner", "other"),
    ):
        add_user(store.users, settings, email, role, [client], PASSWORD)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    job_id = json.loads((job_dir / "job.json").read_text())["id"]
    yield Served(home, settings, store, sandbox, f"http://127.0.0.1:{port}", clip, job_id)
    server.should_exit = True
    thread.join(timeout=10)
    store.close()
    sandbox.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def signed_in(browser, served: Served, email: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran: {dialog.message}"))
    page.goto(served.url + "/")
    assert "/login" in page.url  # nothing without login
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_load_state()
    assert "/login" not in page.url
    return page


def until(page, expression: str, timeout: float = 30) -> None:
    """Wait until a JavaScript expression holds in the page (polled from here: the app's CSP forbids
    the eval that Playwright's wait_for_function needs, and rightly so)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {timeout} s: {expression}")
        time.sleep(0.2)


def shot(page, name: str, height: int = 1000) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), clip={"x": 0, "y": 0, "width": 1400, "height": height})


def edit_title(page, served: Served, title: str) -> None:
    page.goto(f"{served.url}/jobs/{served.job_id}/review")
    page.fill("input[name=title_0]", title)
    page.check("#chosen-0")
    page.click("button:has-text('Save metadata')")
    page.wait_for_selector("text=Saved (metadata)")
    served.wait_until_ready()


def approve(page, served: Served) -> None:
    page.goto(f"{served.url}/jobs/{served.job_id}/approval")
    page.click("button.approve")
    page.wait_for_selector("[data-approval=approved]")


def test_review_approve_publish(served: Served, browser) -> None:
    # -- staff: queue, then review: a title, a chapter heading, a caption word, a finding ------------------
    staff = signed_in(browser, served, STAFF)
    assert staff.locator("table.queue tbody tr").count() == 1
    shot(staff, "queue", height=300)
    staff.click("table.queue a:has-text('Review')")
    staff.wait_for_selector("#player")
    title = "Hypertension artérielle : symptômes, automesure et traitement"
    staff.fill("input[name=title_0]", title)
    chapters = staff.input_value("textarea[name=chapters]").splitlines()
    assert len(chapters) >= 3  # the talk announces its parts
    stamp, _ = chapters[1].split(" ", 1)
    chapters[1] = f"{stamp} Les signes de l'hypertension"
    staff.fill("textarea[name=chapters]", "\n".join(chapters))
    staff.fill("textarea[name=tags]", staff.input_value("textarea[name=tags]") + ", automesure tensionnelle")
    staff.wait_for_selector("#validation.ok")  # live validation (htmx) after the edits
    assert int(staff.text_content("[data-score]")) > 0
    shot(staff, "review")
    staff.click("button:has-text('Save metadata')")
    staff.wait_for_selector("text=Saved (metadata)")
    served.wait_until_ready()
    saved = served.artifacts().final_metadata()
    assert saved.title == title
    assert "Les signes de l'hypertension" in [c.title for c in saved.chapters]
    assert any(line.endswith(" Les signes de l'hypertension") for line in saved.description.splitlines())

    staff.goto(f"{served.url}/jobs/{served.job_id}/review")
    cue = staff.locator("ol.cues li").first
    original = cue.locator("input[name=text]").input_value()
    corrected = original.replace("Bonjour", "Bonjour à tous")
    assert corrected != original
    cue.locator("input[name=text]").fill(corrected)
    cue.locator("button:has-text('Save')").click()
    staff.wait_for_selector("text=Saved (captions)")
    served.wait_until_ready()

    finding = staff.locator("li.finding[data-finding]").filter(has_text="alcool").first
    finding_id = finding.get_attribute("data-finding")
    finding.locator("input[name=reason]").fill("l'alcool est cité comme facteur de risque, sans promesse")
    finding.locator("button:has-text('Accept')").click()
    staff.wait_for_selector("text=Saved (finding)")
    served.wait_until_ready()
    accepted = {f.id: f.accepted for f in served.artifacts().findings().findings}
    assert accepted[finding_id] == "l'alcool est cité comme facteur de risque, sans promesse"

    # `<script>` typed into a title shows as text (and YouTube's rule refuses it)
    staff.goto(f"{served.url}/jobs/{served.job_id}/review")
    staff.fill("input[name=title_0]", "<script>alert('pwned')</script> Tension")
    staff.wait_for_selector("#validation.bad")
    assert "title contains '<' or '>'" in staff.text_content("#validation")
    staff.click("button:has-text('Save metadata')")
    staff.wait_for_selector("text=title contains '<' or '>'")
    assert staff.input_value("input[name=title_0]") == "<script>alert('pwned')</script> Tension"
    assert served.artifacts().final_metadata().title == title  # not saved

    # -- the practitioner: plays, seeks by clicking the finding, approves ------------------------------
    doctor = signed_in(browser, served, DOCTOR)
    doctor.goto(f"{served.url}/jobs/{served.job_id}/approval")
    assert doctor.get_attribute("[data-approval]", "data-approval") == "missing"
    doctor.evaluate("document.getElementById('player').play()")
    until(doctor, "document.getElementById('player').currentTime > 0.5")
    until(doctor, "document.getElementById('player').textTracks[0].cues?.length > 0")
    first_cue = doctor.evaluate("document.getElementById('player').textTracks[0].cues[0].text")
    assert "Bonjour à tous" in first_cue  # the corrected caption track
    seek = doctor.locator(f"li.finding[data-finding='{finding_id}'] button.seek")
    target = float(seek.get_attribute("data-seek"))
    assert target > 5  # far from where it plays now: a real seek (HTTP range requests)
    seek.click()
    until(doctor, f"Math.abs(document.getElementById('player').currentTime - {target}) < 1.5")
    shot(doctor, "approval")
    approve(doctor, served)

    # -- a changed title after approval voids it; publish refuses until approved again -------------------
    title = "Hypertension artérielle : symptômes, mesure à domicile, traitement"
    edit_title(staff, served, title)
    doctor.goto(f"{served.url}/jobs/{served.job_id}/approval")
    assert doctor.get_attribute("[data-approval]", "data-approval") == "void"
    assert "metadata.json" in doctor.text_content("ul.changes")
    refused = served.run(f"publish {served.clip} --client demo --json")
    assert refused.exit_code == 9, refused.output
    approve(doctor, served)

    # -- publish uploads exactly what was saved --------------------------------------------------------
    published = served.run(f"publish {served.clip} --client demo --json")
    assert published.exit_code == 0, published.output
    video_id = json.loads(published.stdout)["video_id"]
    snippet = json.loads(served.sandbox.state.video(video_id)["resource"])["snippet"]
    saved = served.artifacts().final_metadata()
    assert snippet["title"] == saved.title == title
    assert snippet["description"] == saved.description
    assert snippet["tags"] == saved.tags and "automesure tensionnelle" in saved.tags
    track = served.sandbox.state.captions(video_id)[0]["data"].decode("utf-8")
    assert parse_cues(track)[0].text.startswith("Bonjour à tous")
    staff.goto(served.url + "/")
    assert "Published" in staff.text_content("table.queue")

    # -- growth: the figures of `videokit report`, same data --------------------------------------------
    assert served.run("track --client demo").exit_code == 0
    report = served.run(f"report --client demo -o {served.home / 'report.html'} --json")
    assert report.exit_code == 0, report.output
    staff.goto(f"{served.url}/growth/demo")
    views = json.loads(report.stdout)["views"]
    assert views > 0 and int(staff.text_content("[data-views]").replace(",", "")) == views
    frame = staff.frame_locator("iframe.report")
    assert frame.locator("svg").first.is_visible()
    shot(staff, "growth")
    pdf = staff.request.get(f"{served.url}/growth/demo/report.pdf")  # the PDF, one click away
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_another_clients_practitioner_gets_403(served: Served, browser) -> None:
    other = signed_in(browser, served, OTHER)
    assert other.locator("table.queue tbody tr").filter(has_text="Hypertension").count() == 0
    for path in (
        f"/jobs/{served.job_id}/review",
        f"/jobs/{served.job_id}/approval",
        f"/jobs/{served.job_id}/video",
        f"/jobs/{served.job_id}/captions.vtt",
        f"/api/jobs/{served.job_id}",
        "/growth/demo",
    ):
        response = other.goto(served.url + path)
        assert response is not None and response.status == 403, path
        assert "Hypertension" not in other.content()
    response = other.request.post(f"{served.url}/jobs/{served.job_id}/approve", form={"note": "x"})
    assert response.status == 403
