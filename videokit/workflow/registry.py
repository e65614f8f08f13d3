"""The steps a workflow file may name: the built-in ones, listed explicitly."""

from __future__ import annotations

from videokit.workflow import builtin
from videokit.workflow.steps import Step

STEPS: dict[str, Step] = {s.name: s for s in builtin.STEPS}


def get_step(name: str) -> Step:
    return STEPS[name]


def known_steps() -> dict[str, Step]:
    return dict(STEPS)
