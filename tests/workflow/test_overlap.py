"""Steps whose declared inputs do not depend on each other run at the same time; resume is unchanged."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from videokit import fsutil
from videokit.config import load_settings
from videokit.store import open_store
from videokit.workflow import engine, registry
from videokit.workflow.definition import StepSpec, Workflow, load_workflow
from videokit.workflow.jobs import open_job
from videokit.workflow.steps import RunOptions, Step, StepContext


class Recorder:
    """Fake steps: `left` and `right` both need the source only, `join` needs both of their outputs.
    `left` and `right` meet at a barrier, which only a concurrent run passes."""

    def __init__(self, fail_right: bool = False) -> None:
        self.barrier = threading.Barrier(2, timeout=20)
        self.fail_right = fail_right
        self.ran: list[str] = []
        self.lock = threading.Lock()

    def steps(self) -> dict[str, Step]:
        def make(name: str, inputs: tuple[str, ...], meet: bool) -> Step:
            def run(ctx: StepContext) -> dict[str, str]:
                if meet:
                    self.barrier.wait()  # BrokenBarrierError after 20 s if the other one is not running
                if name == "right" and self.fail_right:
                    raise RuntimeError("right failed")
                for needed in inputs:
                    assert ctx.path(needed).is_file(), f"{name} started before {needed} existed"
                fsutil.write_text(ctx.path(f"{name}.txt"), name)
                with self.lock:
                    self.ran.append(name)
                return {"name": name}

            return Step(name, inputs, (f"{name}.txt",), run)

        return {
            "left": make("left", ("source",), True),
            "right": make("right", ("source",), True),
            "join": make("join", ("left.txt", "right.txt"), False),
        }


@pytest.fixture
def setup(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch):
    settings = load_settings(tmp_path / "home")
    store = open_store(settings.database_url)
    job = open_job(tmp_path / "jobs", corpus / "fr" / "bonjour.wav", "sandbox", "overlap")
    workflow = Workflow("overlap", tmp_path / "overlap.yaml", tuple(StepSpec(n) for n in ("left", "right", "join")))

    def run(recorder: Recorder, **kwargs):
        monkeypatch.setattr(registry, "STEPS", recorder.steps())
        return engine.run_job(job, workflow, settings, store, **kwargs)

    return job, run


def test_independent_steps_overlap_and_a_dependent_step_waits(setup) -> None:
    _, run = setup
    recorder = Recorder()
    result = run(recorder)
    assert sorted(recorder.ran[:2]) == ["left", "right"] and recorder.ran[2] == "join"
    assert list(result.steps) == ["left", "right", "join"]  # reported in workflow order
    again = Recorder()
    resumed = run(again)
    assert again.ran == [] and all(m["reused"] for m in resumed.steps.values())


def test_a_failure_stops_what_depends_on_it_and_resume_redoes_only_that(setup) -> None:
    job, run = setup
    failing = Recorder(fail_right=True)
    with pytest.raises(RuntimeError, match="right failed"):
        run(failing)
    assert failing.ran == ["left"]  # left finished; join never started
    assert job.marker("left") and not job.marker("right") and not job.marker("join")
    fixed = Recorder()
    fixed.barrier = threading.Barrier(1)  # left is reused: right runs alone
    result = run(fixed)
    assert fixed.ran == ["right", "join"] and result.steps["left"]["reused"]


def test_slot_limits_still_bound_the_overlap(setup) -> None:
    _, run = setup
    one_cpu = threading.BoundedSemaphore(1)
    recorder = Recorder()
    recorder.barrier = threading.Barrier(2, timeout=2)
    with pytest.raises(threading.BrokenBarrierError):  # one cpu slot: left and right cannot meet
        run(recorder, slot=lambda resource: one_cpu)


def test_publish_looks_at_the_picture_while_transcribing() -> None:
    waits = engine.dependencies(load_workflow("publish"))
    assert waits["screen"] == {"trim"} and "screen" not in waits["transcribe"]
    # the transcription hears the kept sound as soon as the cut list is planned, not after the picture's cut
    assert waits["transcribe"] == {"cuts"} and waits["trim"] == {"probe", "cuts"}
    assert {"screen", "seo", "transcribe"} <= waits["check"]
    # captions and SEO overlap too; SEO hears the sentences it quotes again from the kept sound
    assert waits["captions"] == {"transcribe"} and waits["seo"] == {"cuts", "transcribe"}


@pytest.mark.parametrize(
    ("options", "render_waits_for"),
    [
        (RunOptions(), {"trim"}),  # a copied picture: beside the transcription
        (RunOptions(burn_captions=True), {"trim", "captions"}),
        (RunOptions(blur_confirmed=True), {"trim", "check"}),
    ],
)
def test_the_render_waits_only_for_what_this_run_draws(
    tmp_path: Path, options: RunOptions, render_waits_for: set
) -> None:
    workflow, settings = load_workflow("publish"), load_settings(tmp_path / "home")
    client = settings.client("sandbox")
    reads = {
        s.name: registry.get_step(s.name).inputs_for(workflow.params_for(s.name, client), options, settings)
        for s in workflow.steps
    }
    waits = engine.dependencies(workflow, reads)
    assert waits["render"] == render_waits_for
    assert waits["thumbnail"] == {"cover", "render", "seo"} and {"render", "check", "thumbnail"} <= waits["upload"]


def test_a_background_step_runs_at_lower_priority_and_so_do_its_threads(setup, monkeypatch: pytest.MonkeyPatch) -> None:
    """The on-screen check takes what the transcription leaves of the cores: Linux niceness is per
    thread, and the threads a step starts (decoders) inherit it. A failure still reaches the engine."""
    job, _ = setup
    seen: dict[str, int] = {}

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def record(name: str, fail: bool = False):
        def run(ctx: StepContext) -> dict[str, str]:
            seen[name] = niceness()
            child = threading.Thread(target=lambda: seen.setdefault(f"{name} child", niceness()))
            child.start()
            child.join()
            if fail:
                raise ValueError("unreadable frame")
            fsutil.write_text(ctx.path(f"{name}.txt"), name)
            return {}

        return run

    steps = {
        "main": Step("main", ("source",), ("main.txt",), record("main")),
        "side": Step("side", ("source",), ("side.txt",), record("side"), background=True),
        "broken": Step("broken", ("main.txt",), ("broken.txt",), record("broken", fail=True), background=True),
    }
    monkeypatch.setattr(registry, "STEPS", steps)
    settings = load_settings(job.dir.parent.parent.parent / "home")
    workflow = Workflow("nice", job.dir / "nice.yaml", tuple(StepSpec(n) for n in steps))
    with pytest.raises(ValueError, match="unreadable frame"):
        engine.run_job(job, workflow, settings, open_store(settings.database_url))
    base = niceness()
    lowered = min(19, base + engine.BACKGROUND_NICENESS)
    assert seen == {"main": base, "main child": base, "side": lowered, "side child": lowered,
                    "broken": lowered, "broken child": lowered}  # fmt: skip
    assert niceness() == base and job.marker("side") and job.marker("broken") is None


@pytest.mark.parametrize("warm_fails", [False, True])
def test_a_step_warms_its_models_while_the_step_it_waits_for_runs(
    setup, monkeypatch: pytest.MonkeyPatch, warm_fails: bool
) -> None:
    """SEO's models load while the transcription runs (here `first` cannot end before the warm-up has
    started), at lower priority; the step waits for them and is handed what the warm-up returned
    (the check's reading of the transcript). A warm-up that fails costs nothing: the step loads
    (and reports) for itself."""
    job, _ = setup
    warming, loaded = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def warm(ctx: StepContext) -> str:
        seen["warm niceness"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        warming.set()
        time.sleep(0.3)
        if warm_fails:
            raise OSError("model file unreadable")
        loaded.set()
        return "models"

    def first(ctx: StepContext) -> dict[str, str]:
        assert warming.wait(10), "the warm-up did not start beside the first step"
        fsutil.write_text(ctx.path("first.txt"), "first")
        return {}

    def user(ctx: StepContext) -> dict[str, str]:
        seen["loaded when the step ran"] = loaded.is_set()
        seen["handed to the step"] = ctx.warmed
        fsutil.write_text(ctx.path("user.txt"), "user")
        return {}

    steps = {
        "first": Step("first", ("source",), ("first.txt",), first),
        "user": Step("user", ("first.txt",), ("user.txt",), user, warm=warm),
    }
    monkeypatch.setattr(registry, "STEPS", steps)
    settings = load_settings(job.dir.parent.parent.parent / "home")
    workflow = Workflow("warm", job.dir / "warm.yaml", (StepSpec("first"), StepSpec("user")))
    engine.run_job(job, workflow, settings, open_store(settings.database_url))
    base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen == {
        "warm niceness": min(19, base + engine.BACKGROUND_NICENESS),
        "loaded when the step ran": not warm_fails,
        "handed to the step": None if warm_fails else "models",
    }
    assert job.marker("user") is not None


def test_a_warm_up_waits_until_the_last_step_before_its_own_starts(setup, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not from the start of the job: loading SEO's models (imports holding the GIL) beside the speech
    detection slowed it from 5 s to 12 s; the models are needed only once the transcription ends."""
    job, _ = setup
    order: list[str] = []

    def run(name: str):
        def step_run(ctx: StepContext) -> dict[str, str]:
            order.append(f"{name} starts")
            time.sleep(0.2)
            fsutil.write_text(ctx.path(f"{name}.txt"), name)
            order.append(f"{name} ends")
            return {}

        return step_run

    steps = {
        "detect": Step("detect", ("source",), ("detect.txt",), run("detect")),
        "transcribe": Step("transcribe", ("detect.txt",), ("transcribe.txt",), run("transcribe")),
        "seo": Step("seo", ("transcribe.txt",), ("seo.txt",), run("seo"), warm=lambda ctx: order.append("warm-up")),
    }
    monkeypatch.setattr(registry, "STEPS", steps)
    settings = load_settings(job.dir.parent.parent.parent / "home")
    workflow = Workflow("warm", job.dir / "warm.yaml", tuple(StepSpec(n) for n in steps))
    engine.run_job(job, workflow, settings, open_store(settings.database_url))
    assert order.index("detect ends") < order.index("warm-up") < order.index("transcribe ends")


def test_publish_screens_and_renders_in_the_background_and_transcribes_in_front() -> None:
    from videokit.workflow.builtin import STEPS

    background = {s.name for s in STEPS if s.background}
    assert background == {"screen", "render", "cover"}
    assert {s.name for s in STEPS if s.warm} == {"seo", "check"}  # declared through step(), as every built-in is


def test_the_check_takes_what_was_said_as_checked_ahead_unless_the_transcript_changed(
    setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check's warm-up reads the transcript while SEO runs; the check step then takes those findings
    (a promise and a testimonial here) without reading it again, but reads again a transcript
    rewritten since (a reviewer's correction), never reporting what is no longer said."""
    from tests.transcripts import transcript_from_text
    from videokit import serial
    from videokit.compliance import check
    from videokit.workflow import builtin

    job, _ = setup
    settings = load_settings(job.dir.parent.parent.parent / "home")
    ctx = StepContext(job, settings, open_store(settings.database_url), settings.client("sandbox"), {}, RunOptions())
    said = "Bonjour à tous. Je vous garantis un résultat parfait. Mes patientes sont ravies, regardez leurs messages."
    serial.write(ctx.path("transcript.json"), transcript_from_text(said, "fr", 12.0))
    reads: list[int] = []
    real = check.check_transcript
    monkeypatch.setattr(check, "check_transcript", lambda t, *a, **k: reads.append(1) or real(t, *a, **k))

    ctx.warmed = builtin._check_speech_ahead(ctx)  # what the engine hands the step (test above)
    ahead = builtin._speech_findings(ctx, ctx.artifacts.transcript())
    assert len(reads) == 1 and {f.category for f in ahead} >= {"promise", "testimonial"}

    time.sleep(0.01)  # a new modification time even on a coarse clock
    serial.write(
        ctx.path("transcript.json"), transcript_from_text("Bonjour à tous. La tension se mesure assise.", "fr", 6.0)
    )
    assert builtin._speech_findings(ctx, ctx.artifacts.transcript()) == [] and len(reads) == 2


@pytest.mark.parametrize("background", [False, True])
def test_an_interrupt_stops_the_steps_running_in_threads(
    setup, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, background: bool
) -> None:
    """Ctrl-C (or SIGTERM) reaches the main thread only: a step still working in a thread (Whisper, the
    frame check) ends at its next progress report instead of holding the exit until it finishes."""
    job, _ = setup
    started, reports = threading.Event(), []

    def busy(ctx: StepContext) -> dict[str, str]:
        started.set()
        for i in range(400):  # 20 s if nothing stops it
            ctx.progress(i, 400)
            reports.append(i)
            time.sleep(0.05)
        fsutil.write_text(ctx.path("busy.txt"), "finished")
        return {}

    def interrupt(ctx: StepContext) -> dict[str, str]:
        started.wait(10)
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        fsutil.write_text(ctx.path("interrupt.txt"), "sent")
        return {}

    steps = {
        "busy": Step("busy", ("source",), ("busy.txt",), busy, background=background),
        "kick": Step("kick", ("source",), ("interrupt.txt",), interrupt),
    }
    monkeypatch.setattr(registry, "STEPS", steps)
    settings = load_settings(job.dir.parent.parent.parent / "home")
    workflow = Workflow("overlap", job.dir / "overlap.yaml", (StepSpec("busy"), StepSpec("kick")))
    # Python's own Ctrl-C handler, whatever an earlier test in this process left installed
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    request.addfinalizer(lambda: signal.signal(signal.SIGINT, previous))
    with pytest.raises(KeyboardInterrupt):
        engine.run_job(job, workflow, settings, open_store(settings.database_url))
    assert len(reports) < 200 and job.marker("busy") is None and not job.path("busy.txt").exists()


def test_a_step_run_again_and_interrupted_is_not_counted_as_done(setup, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window the kill -9 batch test once hit: a rerun rewrites an output with as many bytes
    (upload.json: "already uploaded") and dies before marking the step done. The old marker, which
    matched that file by size, must be gone, so the next run does the step again."""
    job, _ = setup
    runs: list[str] = []

    def upload(ctx: StepContext) -> dict[str, str]:
        runs.append("upload")
        fsutil.write_text(ctx.path("upload.txt"), f"run {len(runs)}")  # same size every time
        if len(runs) == 2:
            raise KeyboardInterrupt  # killed before the marker is written
        return {}

    monkeypatch.setattr(registry, "STEPS", {"upload": Step("upload", ("source",), ("upload.txt",), upload)})
    settings = load_settings(job.dir.parent.parent.parent / "home")
    workflow = Workflow("once", job.dir / "once.yaml", (StepSpec("upload"),))
    store = open_store(settings.database_url)
    engine.run_job(job, workflow, settings, store)
    with pytest.raises(KeyboardInterrupt):
        engine.run_job(job, workflow, settings, store, force=frozenset({"upload"}))
    assert job.marker("upload") is None
    engine.run_job(job, workflow, settings, store)
    assert runs == ["upload"] * 3 and job.marker("upload") is not None
