"""The review room under Starlette's TestClient: login, isolation, CSRF, range requests, validation, saving."""

from __future__ import annotations

import json

import pytest
from room import PASSWORD, Room, csrf_of, login

from videokit import serial
from videokit.seo.types import Metadata
from videokit.speech.captions import parse_cues
from videokit.workflow.artifacts import Artifacts


def form_of(http, path: str) -> dict[str, str]:
    """The review form's fields as the page shows them (what a browser would post unchanged)."""
    import html
    import re

    text = http.get(path).text
    form = text[text.index('action="' + path.replace("/review", "/metadata")) :]
    form = form[: form.index("</form>")]
    fields = {
        m[0]: html.unescape(m[1])
        for m in re.findall(r'<input type="(?:hidden|text)" name="([^"]+)" value="([^"]*)"', form)
    }
    fields |= {
        m[0]: html.unescape(m[1]) for m in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S)
    }
    fields["chosen"] = "0"
    return fields


# -- login ------------------------------------------------------------------------------------------
def test_nothing_but_the_login_page_without_a_session(room: Room) -> None:
    http = room.client()
    job = room.jobs["drmartin"].id
    for path in ("/", f"/jobs/{job}/review", f"/jobs/{job}/approval", "/growth/drmartin"):
        response = http.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    for path in (f"/jobs/{job}/video", "/api/jobs", f"/api/jobs/{job}"):
        assert http.get(path, headers={"accept": "*/*"}).status_code == 401, path
    assert http.get("/login").status_code == 200


def test_login_with_a_wrong_password_fails_and_is_rate_limited(room: Room) -> None:
    http = room.client()
    for _ in range(room.settings.web.login_attempts):
        assert login(http, "anne@agence.fr", "wrong password!").status_code == 401
    # the right password no longer helps from this address for this account until the window passes
    response = login(http, "anne@agence.fr", PASSWORD)
    assert response.status_code == 429 and "Too many failed attempts" in response.text
    # another account from the same address is refused too: the address is limited as well
    assert login(http, "claire@cabinet.fr", PASSWORD).status_code == 429


def test_login_sets_a_signed_http_only_session_and_secure_headers(room: Room) -> None:
    http = room.client()
    response = login(http, "anne@agence.fr", PASSWORD)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    page = http.get("/")
    assert page.status_code == 200
    headers = page.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["referrer-policy"] == "no-referrer"
    # a tampered cookie is no session
    forged = http.cookies.get("videokit_session")
    other = room.client()
    other.cookies.set("videokit_session", forged[:-4] + ("AAAA" if not forged.endswith("AAAA") else "BBBB"))
    assert other.get("/", follow_redirects=False).status_code == 303


def test_login_redirects_only_inside_the_site(room: Room) -> None:
    http = room.client()
    token = csrf_of(http)
    response = http.post(
        "/login",
        data={"email": "anne@agence.fr", "password": PASSWORD, "csrf": token, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_a_form_without_the_csrf_token_is_refused(room: Room) -> None:
    http = room.client("anne@agence.fr")
    job = room.jobs["drmartin"]
    fields = form_of(http, f"/jobs/{job.id}/review")
    fields["title_0"] = "Titre changé sans jeton"
    before = job.path("metadata.json").read_bytes()
    for token in (None, "forged-token"):
        data = {k: v for k, v in fields.items() if k != "csrf"} | ({"csrf": token} if token else {})
        assert http.post(f"/jobs/{job.id}/metadata", data=data).status_code == 403
    assert job.path("metadata.json").read_bytes() == before
    # a login form without the token is refused too (login CSRF)
    fresh = room.client()
    response = fresh.post("/login", data={"email": "anne@agence.fr", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403


# -- isolation --------------------------------------------------------------------------------------
def paths_of(job_id: str) -> list[str]:
    return [
        f"/jobs/{job_id}/review",
        f"/jobs/{job_id}/approval",
        f"/jobs/{job_id}/video",
        f"/jobs/{job_id}/captions.vtt",
        f"/jobs/{job_id}/frames/a1b2c3d4.jpg",
        f"/api/jobs/{job_id}",
    ]


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("anne@agence.fr", {"drmartin"}),  # staff: the clients assigned
        ("claire@cabinet.fr", {"drmartin"}),  # practitioner: own client
        ("john@clinic.uk", {"drsmith"}),
        ("manager@cabinet.fr", set()),  # viewer: growth only
    ],
)
def test_isolation_matrix(room: Room, email: str, allowed: set[str]) -> None:
    http = room.client(email)
    for client, job in room.jobs.items():
        for path in paths_of(job.id):
            response = http.get(path)
            if client in allowed:
                assert response.status_code in (200, 206), (email, path, response.status_code)
            else:
                assert response.status_code == 403, (email, path, response.status_code)
                # nothing of the other client's job shows in the refusal
                assert "Hypertension" not in response.text and job.id not in response.text
    listed = {j["client"] for j in http.get("/api/jobs").json()["jobs"]}
    assert listed == allowed
    # a guessed id gets the very same answer as another client's real job
    guessed = http.get("/jobs/drsmith-0123456789abcdef-publish/review")
    assert guessed.status_code == 403


def test_growth_is_per_client(room: Room) -> None:
    viewer = room.client("manager@cabinet.fr")
    assert viewer.get("/", follow_redirects=False).headers["location"] == "/growth/drmartin"
    assert viewer.get("/growth/drmartin").status_code == 200
    assert viewer.get("/growth/drsmith").status_code == 403
    assert viewer.get("/growth/drsmith/report.pdf").status_code == 403
    assert room.client("john@clinic.uk").get("/growth/drmartin").status_code == 403


def test_another_clients_people_cannot_change_anything(room: Room) -> None:
    job = room.jobs["drmartin"]
    http = room.client("john@clinic.uk")
    token = csrf_of(http, "/")
    before = {p.name: p.read_bytes() for p in job.dir.iterdir() if p.is_file()}
    assert http.post(f"/jobs/{job.id}/metadata", data={"csrf": token, "title_0": "pirate"}).status_code == 403
    assert http.post(f"/jobs/{job.id}/cues/0", data={"csrf": token, "text": "pirate"}).status_code == 403
    assert http.post(f"/jobs/{job.id}/validate", data={"csrf": token}).status_code == 403
    assert {p.name: p.read_bytes() for p in job.dir.iterdir() if p.is_file()} == before


# -- video ------------------------------------------------------------------------------------------
def test_video_is_served_with_range_requests(room: Room) -> None:
    job = room.jobs["drmartin"]
    data = job.path("final.mp4").read_bytes()
    http = room.client("claire@cabinet.fr")
    whole = http.get(f"/jobs/{job.id}/video")
    assert whole.status_code == 200 and whole.content == data and whole.headers["accept-ranges"] == "bytes"
    part = http.get(f"/jobs/{job.id}/video", headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(data)}"
    assert part.content == data[1000:2000]
    tail = http.get(f"/jobs/{job.id}/video", headers={"Range": "bytes=-500"})
    assert tail.status_code == 206 and tail.content == data[-500:]
    assert http.get(f"/jobs/{job.id}/video", headers={"Range": f"bytes={len(data) + 10}-"}).status_code == 416


# -- review -----------------------------------------------------------------------------------------
def test_markup_in_a_title_shows_as_text(room: Room) -> None:
    job = room.jobs["drmartin"]
    http = room.client("anne@agence.fr")
    fields = form_of(http, f"/jobs/{job.id}/review")
    fields["title_1"] = "<script>alert('pwned')</script> Tension"
    response = http.post(f"/jobs/{job.id}/validate", data=fields)
    assert response.status_code == 200
    page = http.get(f"/jobs/{job.id}/review").text
    assert "<script>alert" not in page
    # YouTube refuses '<' and '>': the live validation says so, and saving is refused
    fields["chosen"] = "1"
    response = http.post(f"/jobs/{job.id}/validate", data=fields)
    assert "title contains &#39;&lt;&#39; or &#39;&gt;&#39;" in response.text
    refused = http.post(f"/jobs/{job.id}/metadata", data=fields)
    assert refused.status_code == 422
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in refused.text and "<script>alert" not in refused.text


def test_live_validation_counts_like_youtube(room: Room) -> None:
    job = room.jobs["drmartin"]
    http = room.client("anne@agence.fr")
    fields = form_of(http, f"/jobs/{job.id}/review")
    fields["title_0"] = "é" * 101
    fields["tags"] = ", ".join(f"mot clé numéro {i}" for i in range(40))
    fields["chapters"] = "0:05 Début\n0:20 Suite"
    text = http.post(f"/jobs/{job.id}/validate", data=fields).text
    assert "title has 101 characters (at most 100)" in text
    assert "Title: 101/100 characters" in text and "/500 characters" in text  # the counters, YouTube's maxima
    assert "characters counted YouTube&#39;s way (at most 500)" in text
    assert "first chapter does not start at 0:00" in text and "2 chapters (at least 3)" in text
    fields["description"] = "é" * 2501  # 5002 UTF-8 bytes though 2501 characters
    assert "description is 5002 UTF-8 bytes (at most 5000)" in http.post(f"/jobs/{job.id}/validate", data=fields).text


def test_saving_writes_the_metadata_as_the_seo_step_does(room: Room) -> None:
    job = room.jobs["drmartin"]
    http = room.client("anne@agence.fr")
    fields = form_of(http, f"/jobs/{job.id}/review")
    fields["title_1"] = "Mesurer sa tension chez soi, sans erreur"
    fields["chosen"] = "1"
    fields["chapters"] = fields["chapters"].replace("Bella et Gloria", "Symptômes de l'hypertension")
    fields["tags"] = "hypertension artérielle, tension, automesure"
    response = http.post(f"/jobs/{job.id}/metadata", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    saved = Artifacts(job.dir).metadata()
    assert saved.title == "Mesurer sa tension chez soi, sans erreur"
    assert [t.text for t in saved.titles][1:] == [
        "Hypertension artérielle : symptômes et traitement",
        "Hypertension : ce qu'il faut savoir",
    ]
    assert [c.title for c in saved.chapters] == ["Introduction", "Symptômes de l'hypertension", "Les nouvelles"]
    assert "0:20 Symptômes de l'hypertension" in saved.description  # the description's chapter block follows
    assert saved.tags == ["hypertension artérielle", "tension", "automesure"]
    # the file is what serial writes, and the seo step's marker now records it (so the step keeps it)
    assert serial.read(Metadata, job.path("metadata.json")) == saved
    marker = json.loads(job.marker_path("seo").read_text())
    from videokit import fsutil

    assert marker["outputs"]["metadata.json"]["sha256"] == fsutil.sha256_file(job.path("metadata.json"))
    assert "Mesurer sa tension chez soi" in http.get(f"/jobs/{job.id}/review").text


def test_a_hand_written_description_is_kept_as_typed(room: Room) -> None:
    job = room.jobs["drmartin"]
    http = room.client("anne@agence.fr")
    fields = form_of(http, f"/jobs/{job.id}/review")
    fields["description"] = (
        "Une description écrite à la main.\n\nChapitres :\n0:00 Introduction\n0:20 Bella et Gloria\n0:40 Les nouvelles"
    )
    fields["chapters"] = fields["chapters"].replace("Les nouvelles", "Traitement")
    assert http.post(f"/jobs/{job.id}/metadata", data=fields, follow_redirects=False).status_code == 303
    saved = Artifacts(job.dir).final_metadata()
    assert (
        saved.description
        == "Une description écrite à la main.\n\nChapitres :\n0:00 Introduction\n0:20 Bella et Gloria\n0:40 Traitement"
    )


def test_a_corrected_caption_word_rewrites_both_tracks(room: Room) -> None:
    job = room.jobs["drmartin"]
    http = room.client("anne@agence.fr")
    cues = parse_cues(job.path("captions.srt").read_text())
    token = csrf_of(http, f"/jobs/{job.id}/review")
    response = http.post(
        f"/jobs/{job.id}/cues/0", data={"csrf": token, "text": "Bella, Gloria, amour."}, follow_redirects=False
    )
    assert response.status_code == 303
    srt, vtt = parse_cues(job.path("captions.srt").read_text()), parse_cues(job.path("captions.vtt").read_text())
    assert srt[0].text == vtt[0].text == "Bella, Gloria, amour."
    assert [(c.start, c.end) for c in srt] == [(c.start, c.end) for c in cues]  # times untouched
    assert srt[1:] == cues[1:]
    assert "Bella, Gloria, amour." in http.get(f"/jobs/{job.id}/captions.vtt").text
    assert http.post(f"/jobs/{job.id}/cues/9999", data={"csrf": token, "text": "x"}).status_code == 400


def test_an_edit_brings_the_later_steps_up_to_date(room: Room) -> None:
    job = room.jobs["drmartin"]
    http = room.client("anne@agence.fr")
    fields = form_of(http, f"/jobs/{job.id}/review")
    fields["title_0"] = "Hypertension artérielle : ce qu'il faut savoir"
    assert http.post(f"/jobs/{job.id}/metadata", data=fields, follow_redirects=False).status_code == 303
    token = csrf_of(http, f"/jobs/{job.id}/review")
    assert (
        http.post(f"/jobs/{job.id}/cues/1", data={"csrf": token, "text": "Oh !"}, follow_redirects=False).status_code
        == 303
    )
    assert room.refreshed == [job.id, job.id]


def test_a_failed_refresh_shows_on_the_job(room: Room) -> None:
    room.refresh_error = "render: ffmpeg exited with status 1"
    job = room.jobs["drmartin"]
    http = room.client("anne@agence.fr")
    token = csrf_of(http, f"/jobs/{job.id}/review")
    response = http.post(f"/jobs/{job.id}/cues/1", data={"csrf": token, "text": "Oh !"}, follow_redirects=False)
    assert response.status_code == 303 and room.refreshed == [job.id]
    record = room.store.jobs.job(job.id)
    assert record.status == "failed" and record.error == room.refresh_error
    assert f"The last run failed: {room.refresh_error}" in http.get(f"/jobs/{job.id}/review").text
    assert http.get("/api/jobs").json()["jobs"][0]["state"] == "failed"


# -- findings and approval --------------------------------------------------------------------------
def states(http) -> dict[str, str]:
    return {j["client"]: j["state"] for j in http.get("/api/jobs").json()["jobs"]}


def test_staff_accepts_findings_and_the_practitioner_approves(room: Room) -> None:
    from videokit.compliance.approval import approval_status

    job = room.jobs["drmartin"]
    staff = room.client("anne@agence.fr")
    assert states(staff) == {"drmartin": "awaiting_review"}  # a blocking finding is not settled
    token = csrf_of(staff, f"/jobs/{job.id}/review")
    refused = staff.post(f"/jobs/{job.id}/findings/a1b2c3d4/accept", data={"csrf": token, "reason": "  "})
    assert refused.status_code == 400  # a reason is required
    response = staff.post(
        f"/jobs/{job.id}/findings/a1b2c3d4/accept",
        data={"csrf": token, "reason": "the practitioner's own colleague, consent on file"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    accepted = {f.id: f.accepted for f in Artifacts(job.dir).findings().findings}
    assert accepted["a1b2c3d4"] == "the practitioner's own colleague, consent on file"
    assert states(staff) == {"drmartin": "awaiting_approval"}
    assert "consent on file" in staff.get(f"/jobs/{job.id}/approval").text
    # staff may not sign off for the doctor
    assert staff.post(f"/jobs/{job.id}/approve", data={"csrf": token}).status_code == 403
    doctor = room.client("claire@cabinet.fr")
    token = csrf_of(doctor, f"/jobs/{job.id}/approval")
    response = doctor.post(f"/jobs/{job.id}/approve", data={"csrf": token, "note": "OK"}, follow_redirects=False)
    assert response.status_code == 303
    status = approval_status(room.store.approvals, job)
    assert status.state == "approved" and status.approval.by == "claire@cabinet.fr"
    assert states(doctor) == {"drmartin": "approved"}
    assert 'data-approval="approved"' in doctor.get(f"/jobs/{job.id}/approval").text
    # the other practitioner cannot approve it, even with their own valid token
    other = room.client("john@clinic.uk")
    assert other.post(f"/jobs/{job.id}/approve", data={"csrf": csrf_of(other, "/")}).status_code == 403


def test_a_changed_title_after_approval_voids_it(room: Room) -> None:
    from videokit.compliance.approval import approval_status, approve

    job = room.jobs["drmartin"]
    approve(room.store.approvals, job, "claire@cabinet.fr")
    staff = room.client("anne@agence.fr")
    fields = form_of(staff, f"/jobs/{job.id}/review")
    fields["title_0"] = "Hypertension : le titre a changé après l'accord"
    assert staff.post(f"/jobs/{job.id}/metadata", data=fields, follow_redirects=False).status_code == 303
    status = approval_status(room.store.approvals, job)
    assert status.state == "void" and any(c.what == "metadata.json" for c in status.changes)
    page = room.client("claire@cabinet.fr").get(f"/jobs/{job.id}/approval").text
    assert 'data-approval="void"' in page and "le titre a changé" in page


def test_sending_a_finding_back_asks_for_changes(room: Room) -> None:
    from videokit.compliance.approval import approval_status

    job = room.jobs["drmartin"]
    staff = room.client("anne@agence.fr")
    finding = next(f for f in Artifacts(job.dir).findings().findings if f.source == "transcript")
    listed = staff.get(f"/api/jobs/{job.id}").json()["findings"]
    fid = next(f["id"] for f in listed if f["source"] == "transcript")
    token = csrf_of(staff, f"/jobs/{job.id}/review")
    response = staff.post(
        f"/jobs/{job.id}/findings/{fid}/send-back",
        data={"csrf": token, "note": "reword the promise"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    status = approval_status(room.store.approvals, job)
    assert status.state == "changes-requested"
    assert "reword the promise" in status.request.note and finding.category in status.request.note
    assert states(staff) == {"drmartin": "awaiting_review"}


# -- growth -----------------------------------------------------------------------------------------
def test_the_growth_report_is_the_page_videokit_report_writes(room: Room, run_cli) -> None:
    from videokit.youtube.sandbox import seed_channel

    seed_channel(room.settings.home / "sandbox.db", "drmartin", videos=6, days=60, seed=1)
    assert run_cli("track --client drmartin").exit_code == 0
    written = room.settings.home / "report.html"
    assert run_cli(f"report --client drmartin -o {written}").exit_code == 0
    viewer = room.client("manager@cabinet.fr")
    shown = viewer.get("/growth/drmartin/report.html")
    assert shown.status_code == 200 and shown.headers["content-type"].startswith("text/html")
    assert shown.text == written.read_text(encoding="utf-8")
    assert room.client("john@clinic.uk").get("/growth/drmartin/report.html").status_code == 403
