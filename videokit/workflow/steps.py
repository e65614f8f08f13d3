"""The step registry: the workflow layer knows steps only by their registered names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from videokit.config import ClientProfile, Settings
from videokit.progress import Progress, silent
from videokit.workflow.jobs import Job

Resource = Literal["cpu", "upload", "io"]


@dataclass
class StepContext:
    job: Job
    settings: Settings
    client: ClientProfile
    params: dict[str, Any]
    progress: Progress = silent
    options: dict[str, Any] = field(default_factory=dict)  # run-time choices: dry_run, privacy, publish_at...

    def path(self, artifact: str):
        return self.job.path(artifact)


@dataclass(frozen=True)
class Step:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[[StepContext], dict[str, Any] | None]
    resource: Resource = "cpu"
    description: str = ""
    # Run-time options that change the result (they join the params fingerprint).
    option_keys: tuple[str, ...] = ()


REGISTRY: dict[str, Step] = {}


def step(
    name: str,
    *,
    inputs: tuple[str, ...],
    outputs: tuple[str, ...],
    resource: Resource = "cpu",
    option_keys: tuple[str, ...] = (),
):
    """Register a function as a workflow step; its docstring's first line describes it."""

    def register(func: Callable[[StepContext], dict[str, Any] | None]):
        doc = (func.__doc__ or "").strip().splitlines()
        REGISTRY[name] = Step(name, inputs, outputs, func, resource, doc[0] if doc else "", option_keys)
        return func

    return register


def get_step(name: str) -> Step:
    from videokit.workflow import builtin  # noqa: F401  (registers the built-in steps)

    return REGISTRY[name]


def known_steps() -> dict[str, Step]:
    from videokit.workflow import builtin  # noqa: F401

    return dict(REGISTRY)
