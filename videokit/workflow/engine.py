"""Runs a workflow's steps for one job, skipping those already done (see jobs.py for the rule); steps
whose inputs (those this run reads, Step.needs) do not depend on each other run at the same time.
Steps off the critical path (Step.background) and model warm-ups (Step.warm) run at a lower CPU
priority, so the transcription keeps the cores."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from videokit import serial
from videokit.config import Resource, Settings
from videokit.errors import ApprovalRequired
from videokit.store import Store
from videokit.store.jobs import JobRecord
from videokit.workflow import jobs as jobfs
from videokit.workflow.definition import StepSpec, Workflow
from videokit.workflow.jobs import Job
from videokit.workflow.registry import get_step
from videokit.workflow.steps import RunOptions, StepContext


@dataclass
class StepEvent:
    kind: str  # start | progress | done | skipped | failed
    step: str
    job: Job
    done: float = 0.0
    total: float | None = None
    seconds: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)
    error: str = ""


EventSink = Callable[[StepEvent], None]
T = TypeVar("T")
BACKGROUND_NICENESS = 10  # CPU weight a tenth of a normal thread's while both want a core


@dataclass
class JobResult:
    job: Job
    steps: dict[str, dict[str, Any]]  # name -> marker (its "summary": the step's result as JSON; "reused")

    def summary(self, step: str) -> dict[str, Any]:
        return self.steps.get(step, {}).get("summary", {})


def _producers(workflow: Workflow) -> dict[str, str]:
    return {out: s.name for s in workflow.steps for out in get_step(s.name).outputs}


def dependencies(workflow: Workflow, inputs: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, set[str]]:
    """Which earlier steps of `workflow` each step waits for: the producers of its inputs (`inputs`, by
    step name: those one run reads; by default every declared input)."""
    producers = _producers(workflow)
    return {
        s.name: {
            producers[i]
            for i in (inputs[s.name] if inputs is not None else get_step(s.name).inputs)
            if producers.get(i, s.name) != s.name
        }
        for s in workflow.steps
    }


def run_job(
    job: Job,
    workflow: Workflow,
    settings: Settings,
    store: Store,
    *,
    options: RunOptions | None = None,
    force: frozenset[str] = frozenset(),
    on_event: EventSink | None = None,
    only: str | None = None,
    slot: Callable[[Resource], AbstractContextManager[object]] | None = None,
) -> JobResult:
    """Run (or resume) every step of `workflow` on `job`.

    A step starts as soon as the steps producing its declared inputs have ended (done, reused or
    skipped), so independent steps overlap (the picture is checked while the speech is transcribed).
    After a failure no further step starts; the running ones finish and the first error is raised.
    `only` runs one step (a Celery task); `slot(resource)` is entered around each step that runs,
    which is how executors bound concurrency per resource (cpu workers, upload slots).
    Two runs of one job never overlap: the second waits for the first (file lock, and on
    PostgreSQL an advisory lock across machines), then skips what it finished.
    """
    with jobfs.locked(job), store.jobs.exclusive(job.id):
        return _run_job(job, workflow, settings, store, options, force, on_event, only, slot)


def _run_job(
    job: Job,
    workflow: Workflow,
    settings: Settings,
    store: Store,
    options: RunOptions | None,
    force: frozenset[str],
    on_event: EventSink | None,
    only: str | None,
    slot: Callable[[Resource], AbstractContextManager[object]] | None,
) -> JobResult:
    options = options or RunOptions()
    emit = on_event or (lambda event: None)
    stopping = threading.Event()
    client = settings.client(job.client)
    producers = _producers(workflow)
    record = _record(job)
    store.jobs.record_job(record, "running")
    reads = {
        s.name: get_step(s.name).inputs_for(workflow.params_for(s.name, client), options, settings)
        for s in workflow.steps
    }
    waits_for = dependencies(workflow, reads)
    # the models a step will need load while the last step it waits for runs (SEO's beside the
    # transcription): loaded from the start of the job, their imports held the GIL against the speech
    # detection, which then took 12 s instead of 5 on a ten-minute talk
    warming: dict[str, _LowPriority[Any]] = {}
    to_warm = [
        (spec, warm)
        for spec in ([] if only else workflow.steps)
        if (warm := get_step(spec.name).warm) is not None
        and job.marker(spec.name) is None
        and not workflow.skip_reason(spec, client, options)
    ]

    def start_warmups(started: set[str]) -> None:
        for spec, warm in [w for w in to_warm if waits_for[w[0].name] <= started]:
            to_warm.remove((spec, warm))
            ctx = StepContext(job, settings, store, client, workflow.params_for(spec.name, client), options)
            warming[spec.name] = _LowPriority(warm, ctx, f"warm-{spec.name}")
            warming[spec.name].start()

    def one(spec: StepSpec) -> dict[str, Any]:
        """Reuse, skip or run one step; its marker (the summary of what it returned)."""
        step = get_step(spec.name)
        params = workflow.params_for(spec.name, client)
        params_fp = jobfs.params_fingerprint({**params, **options.fingerprint(step.option_keys)})
        inputs = {name: job.fingerprint(name, producers) for name in reads[spec.name]}
        if spec.name not in force and jobfs.is_done(job, spec.name, inputs, params_fp, step.outputs):
            marker = job.marker(spec.name) or {}
            emit(StepEvent("skipped", spec.name, job, summary=marker.get("summary", {})))
            return {**marker, "reused": True}
        skip_reason = workflow.skip_reason(spec, client, options)
        if step.resource == "upload" and options.defer:
            skip_reason = f"deferred ({options.defer})"
        if skip_reason:
            emit(StepEvent("skipped", spec.name, job, summary={"skipped": skip_reason}))
            return {"summary": {"skipped": skip_reason}, "seconds": 0.0}
        if step.shared and spec.name not in force:
            adopted = jobfs.adopt(job, spec.name, inputs, params_fp, step.outputs)
            if adopted is not None:
                emit(StepEvent("skipped", spec.name, job, summary=adopted.get("summary", {})))
                return {**adopted, "reused": True}
        emit(StepEvent("start", spec.name, job))
        store.jobs.record_step(job.id, spec.name, "running")
        # the old marker goes first: a run killed after rewriting an output but before marking it done
        # must not leave a marker that the rewritten file still matches by size (kill -9 batch test)
        jobfs.forget(job, spec.name)

        def progress(done: float, total: float | None = None, _name: str = spec.name) -> None:
            if stopping.is_set():  # Ctrl-C or SIGTERM reached the main thread: end this step at its next report
                raise KeyboardInterrupt
            emit(StepEvent("progress", _name, job, done=done, total=total))

        warmed = None
        if spec.name in warming:  # its models are loading: wait rather than load them twice
            with contextlib.suppress(Exception):  # a model that failed to load fails the step itself, clearly
                warmed = warming[spec.name].outcome()
        ctx = StepContext(job, settings, store, client, params, options, progress, warmed)
        try:
            with (slot or _no_slot)(step.resource):
                started = time.monotonic()
                summary = serial.dump(_at_low_priority(step.run, ctx) if step.background else step.run(ctx))
        except Exception as exc:
            # a job waiting for the practitioner's sign-off has not failed: `approvals` lists it
            waiting = isinstance(exc, ApprovalRequired)
            store.jobs.record_step(job.id, spec.name, "waiting" if waiting else "failed", error=str(exc))
            store.jobs.record_job(
                record, ApprovalRequired.job_status if waiting else "failed", error=f"{spec.name}: {exc}"
            )
            emit(StepEvent("failed", spec.name, job, error=str(exc)))
            raise
        seconds = time.monotonic() - started
        marker = jobfs.mark_done(job, spec.name, inputs, params_fp, step.outputs, summary, seconds)
        store.jobs.record_step(job.id, spec.name, "done", seconds=seconds)
        emit(StepEvent("done", spec.name, job, seconds=seconds, summary=summary))
        return marker

    results: dict[str, dict[str, Any]] = {}
    if only:
        for spec in workflow.steps:
            results[spec.name] = one(spec) if spec.name == only else job.marker(spec.name) or {}
        return JobResult(job, results)
    pending = list(workflow.steps)
    running: dict[Future[dict[str, Any]], str] = {}
    failure: BaseException | None = None
    with ThreadPoolExecutor(max_workers=len(pending) or 1, thread_name_prefix=f"job-{job.id[:24]}") as pool:
        try:
            while pending or running:
                if failure is None:
                    for spec in [s for s in pending if waits_for[s.name] <= results.keys()]:
                        pending.remove(spec)
                        running[pool.submit(one, spec)] = spec.name
                    start_warmups({*results, *running.values()})
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    name = running.pop(future)
                    try:
                        results[name] = future.result()
                    except BaseException as exc:  # the first failure is raised once the running steps end
                        failure = failure or exc
        except BaseException:
            # interrupted: the pool waits for its threads on the way out, so tell the in-process steps
            # (Whisper, the frame check) to stop rather than finish minutes of work first
            stopping.set()
            raise
    if failure is not None:
        raise failure
    results = {s.name: results[s.name] for s in workflow.steps}
    deferred = any("deferred" in str(r.get("summary", {}).get("skipped", "")) for r in results.values())
    store.jobs.record_job(record, "deferred" if deferred else "done")
    return JobResult(job, results)


class _LowPriority(threading.Thread, Generic[T]):
    """run(ctx) in a thread of its own at a lower CPU priority: on Linux niceness belongs to a thread
    and the threads it starts (decoders) inherit it; a pool thread could not be raised back without
    privileges. Elsewhere it runs at the usual priority."""

    def __init__(self, run: Callable[[StepContext], T], ctx: StepContext, name: str) -> None:
        super().__init__(name=f"{threading.current_thread().name}-{name}")
        self._work, self._ctx = run, ctx
        self._result: list[T] = []
        self._error: BaseException | None = None

    def run(self) -> None:
        with contextlib.suppress(OSError, AttributeError):  # not Linux
            thread = threading.get_native_id()
            os.setpriority(
                os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + BACKGROUND_NICENESS)
            )
        try:
            self._result.append(self._work(self._ctx))
        except BaseException as exc:  # raised again by outcome(), in the thread that waits for it
            self._error = exc

    def outcome(self) -> T:
        self.join()
        if self._error is not None:
            raise self._error
        return self._result[0]


def _at_low_priority(run: Callable[[StepContext], T], ctx: StepContext) -> T:
    worker = _LowPriority(run, ctx, "background")
    worker.start()
    return worker.outcome()


def _no_slot(resource: Resource) -> AbstractContextManager[object]:
    return contextlib.nullcontext()


def _record(job: Job) -> JobRecord:
    return JobRecord(job.id, job.client, job.workflow, str(job.source), job.source_sha256, str(job.dir))
