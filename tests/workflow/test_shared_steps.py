"""A shared step (its outputs a function of its inputs and parameters) is taken from another workflow's
job on the same clip that ran it the same way, instead of running again (a Short's job reuses the trim
and the transcript of the clip's publish job)."""

from __future__ import annotations

from pathlib import Path

import pytest

from videokit import fsutil
from videokit.config import load_settings
from videokit.store import open_store
from videokit.workflow import engine, jobs, registry
from videokit.workflow.builtin import STEPS
from videokit.workflow.definition import StepSpec, Workflow
from videokit.workflow.jobs import open_job
from videokit.workflow.steps import Step, StepContext


class Counter:
    """`cut` (shared) makes cut.txt from the source; `use` (not shared) reads it."""

    def __init__(self) -> None:
        self.ran: list[str] = []

    def steps(self) -> dict[str, Step]:
        def cut(ctx: StepContext) -> dict[str, str]:
            self.ran.append("cut")
            fsutil.write_text(ctx.path("cut.txt"), f"cut {ctx.params.get('level', 0)}")
            return {"cut": "done"}

        def use(ctx: StepContext) -> dict[str, str]:
            self.ran.append("use")
            fsutil.write_text(ctx.path("use.txt"), ctx.path("cut.txt").read_text(encoding="utf-8"))
            return {}

        return {
            "cut": Step("cut", ("source",), ("cut.txt",), cut, shared=True),
            "use": Step("use", ("cut.txt",), ("use.txt",), use),
        }


@pytest.fixture
def run(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch):
    settings = load_settings(tmp_path / "home")
    store = open_store(settings.database_url)
    counter = Counter()
    monkeypatch.setattr(registry, "STEPS", counter.steps())

    def run(workflow: str, level: int = 0, force: frozenset[str] = frozenset()):
        job = open_job(tmp_path / "jobs", corpus / "fr" / "bonjour.wav", "sandbox", workflow)
        flow = Workflow(workflow, tmp_path / f"{workflow}.yaml", (StepSpec("cut", {"level": level}), StepSpec("use")))
        counter.ran.clear()
        return job, engine.run_job(job, flow, settings, store, force=force), counter.ran

    return run


def test_another_workflow_takes_a_shared_step_done_the_same_way(run) -> None:
    first, _, ran = run("publish")
    assert ran == ["cut", "use"]
    job, result, ran = run("shorts")
    assert ran == ["use"]  # cut taken from the publish job; use is not shared
    assert result.steps["cut"]["reused"] and result.steps["cut"]["summary"] == {"cut": "done"}
    assert job.path("cut.txt").read_text(encoding="utf-8") == "cut 0" and job.dir != first.dir
    assert job.marker("cut") == first.marker("cut")  # its marker too: the later steps' fingerprints chain on


def test_other_parameters_a_forced_step_or_an_edited_one_run_again(run) -> None:
    run("publish")
    _, _, ran = run("shorts", level=1)
    assert ran == ["cut", "use"]  # other parameters: another result
    _, _, ran = run("other", force=frozenset({"cut"}))
    assert ran == ["cut", "use"]
    first, _, _ = run("publish", level=2)  # the only job that ran it at level 2
    fsutil.write_text(first.path("cut.txt"), "corrected by hand")
    jobs.restamp(first, "cut")
    _, _, ran = run("fourth", level=2)
    assert ran == ["cut", "use"]  # a reviewer's edit is that job's own


def test_only_steps_whose_result_is_their_inputs_are_shared() -> None:
    shared = {s.name for s in STEPS if s.shared}
    assert shared == {"probe", "cuts", "trim", "transcribe", "captions", "seo"}  # never a check, a render or an upload
