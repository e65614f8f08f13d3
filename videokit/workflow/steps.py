"""What a workflow step is: its declaration (`Step`), what it runs with (`StepContext`), and the
run-time choices of one run (`RunOptions`). The steps themselves are in `builtin`, listed by the
registry (`videokit.workflow.registry`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from videokit.config import ClientProfile, Resource, Settings
from videokit.progress import Progress, silent
from videokit.store import Store
from videokit.workflow.artifacts import Artifacts
from videokit.workflow.jobs import Job


class RunOptions(BaseModel):
    """Choices made for one run (command-line flags, manifest columns, batch planning), validated once."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    dry_run: bool = False
    language: Literal["auto", "fr", "en"] | None = None  # the spoken language, when the client's is not it
    privacy: Literal["private", "unlisted", "public"] | None = None
    publish_at: datetime | None = None  # scheduled publication (time zone required)
    override_reason: str | None = None  # why blocking deontology findings are accepted
    burn_captions: bool = False
    blur_confirmed: bool = False  # confirmed on-screen findings are blurred at render instead of blocking
    defer: str | None = None  # why the upload waits for another day (set by batch planning)

    @field_validator("publish_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("needs a time zone, e.g. 2026-12-01T18:00+01:00")
        return value

    def fingerprint(self, keys: tuple[str, ...]) -> dict[str, Any]:
        """The options among `keys`, as JSON values: what a step's result depends on."""
        values = self.model_dump(mode="json")
        return {key: values[key] for key in keys}


@dataclass
class StepContext:
    job: Job
    settings: Settings
    store: Store
    client: ClientProfile
    params: dict[str, Any]  # the workflow file's parameters for this step (and client)
    options: RunOptions
    progress: Progress = silent
    warmed: object = None  # what the step's warm-up returned (None: none ran, or it failed)

    def path(self, artifact: str) -> Path:
        return self.job.path(artifact)

    @property
    def artifacts(self) -> Artifacts:
        return Artifacts(self.job.dir)


@dataclass(frozen=True)
class Step:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[[StepContext], Any]  # returns the step's typed result (its marker summary)
    resource: Resource = "cpu"
    description: str = ""
    # Run-time options that change the result (they join the params fingerprint).
    option_keys: tuple[str, ...] = ()
    params: type[BaseModel] | None = None  # what a workflow file may set for this step
    # Its outputs depend on its inputs and parameters alone: another workflow's job on the same clip that
    # ran it the same way hands them over (jobs.adopt) instead of the step running again.
    shared: bool = False
    # Off the critical path (only a later step needs it, the transcription is what the job waits for):
    # it runs at a lower CPU priority and takes the time the others leave idle.
    background: bool = False
    # The inputs one run reads, when some are read only for some choices (captions to burn, findings
    # to blur): given the step's parameters, the run's options and the settings, a subset of `inputs`.
    # The step then starts without waiting for the others' producers.
    needs: Callable[[dict[str, Any], RunOptions, Settings], tuple[str, ...]] | None = None
    # Loads what the step will need (models) before its inputs exist: run at a lower priority from
    # the job's start, so the step finds them in the process's caches instead of loading them on the
    # critical path. The step waits for it.
    warm: Callable[[StepContext], object] | None = None

    def inputs_for(self, params: dict[str, Any], options: RunOptions, settings: Settings) -> tuple[str, ...]:
        return self.inputs if self.needs is None else self.needs(params, options, settings)


def step(
    name: str,
    *,
    inputs: tuple[str, ...],
    outputs: tuple[str, ...],
    resource: Resource = "cpu",
    option_keys: tuple[str, ...] = (),
    params: type[BaseModel] | None = None,
    shared: bool = False,
    background: bool = False,
    needs: Callable[[dict[str, Any], RunOptions, Settings], tuple[str, ...]] | None = None,
    warm: Callable[[StepContext], object] | None = None,
) -> Callable[[Callable[[StepContext], Any]], Step]:
    """Declare a function as a workflow step; its docstring's first line describes it."""

    def declare(func: Callable[[StepContext], Any]) -> Step:
        doc = (func.__doc__ or "").strip().splitlines()
        return Step(
            name,
            inputs,
            outputs,
            func,
            resource=resource,
            description=doc[0] if doc else "",
            option_keys=option_keys,
            params=params,
            shared=shared,
            background=background,
            needs=needs,
            warm=warm,
        )

    return declare
