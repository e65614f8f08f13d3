"""Declarative workflows (`workflows/*.yaml`): ordered steps, parameters, per-client overrides
and conditions, validated on load with errors that name the file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from videokit import fsutil, yamlfile
from videokit.config import ClientProfile, format_validation_error
from videokit.errors import ConfigError
from videokit.workflow.registry import known_steps
from videokit.workflow.steps import RunOptions, Step

WORKFLOWS_DIR = Path(__file__).resolve().parents[2] / "workflows"

# Conditions a step may be guarded with (`when: NAME` or `when: not NAME`).
CONDITIONS: dict[str, Callable[[ClientProfile, RunOptions], bool]] = {
    "dry_run": lambda client, options: options.dry_run,
    "burn_captions": lambda client, options: options.burn_captions,
    "has_branding": lambda client, options: any((client.branding.intro, client.branding.outro, client.branding.logo)),
}


@dataclass(frozen=True)
class StepSpec:
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    when: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Workflow:
    name: str
    path: Path
    steps: tuple[StepSpec, ...]
    description: str = ""
    client_overrides: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def params_for(self, step: str, client: ClientProfile) -> dict[str, Any]:
        base = next((s.params for s in self.steps if s.name == step), {})
        return {**base, **self.client_overrides.get(client.name, {}).get(step, {})}

    def skip_reason(self, spec: StepSpec, client: ClientProfile, options: RunOptions) -> str | None:
        if not spec.when:
            return None
        negate, name = (True, spec.when[4:].strip()) if spec.when.startswith("not ") else (False, spec.when.strip())
        holds = CONDITIONS[name](client, options)
        return None if holds != negate else f"condition '{spec.when}' is false"


def workflow_path(name: str, folder: Path | None = None) -> Path:
    folder = (folder or WORKFLOWS_DIR).resolve()
    if not fsutil.is_slug(name):
        raise ConfigError(
            f"workflow {name[:80]!r}: not a workflow name, which may not point outside {folder} (known: {_known(folder)}); "
            "give one of them or a .yaml file"
        )
    path = folder / f"{name}.yaml"
    if not path.exists():
        raise ConfigError(f"{path}: no such workflow (known: {_known(folder)})")
    return path


def _known(folder: Path) -> str:
    return ", ".join(sorted(p.stem for p in folder.glob("*.yaml")))


def load_workflow(name_or_path: str | Path, folder: Path | None = None) -> Workflow:
    path = (
        Path(name_or_path)
        if str(name_or_path).endswith((".yaml", ".yml"))
        else workflow_path(str(name_or_path), folder)
    )
    data, root = yamlfile.read(path)

    def fail(node: Any, message: str) -> ConfigError:
        line = f":{node.start_mark.line + 1}" if node is not None else ""
        return ConfigError(f"{path}{line}: {message[:300]}")  # names from the file are echoed: keep it one short line

    if not isinstance(data, dict) or not isinstance(data.get("steps"), list) or not data["steps"]:
        raise fail(root, "a workflow is a mapping with a non-empty 'steps' list")
    unknown_keys = set(data) - {"name", "description", "steps", "clients"}
    if unknown_keys:
        raise fail(
            _child(root, sorted(unknown_keys)[0]),
            f"unknown field {sorted(unknown_keys)[0]!r} (accepted: name, description, steps, clients)",
        )
    registry = known_steps()
    steps_node = _child(root, "steps")
    specs = []
    for index, item in enumerate(data["steps"]):
        node = steps_node.value[index]
        name, body = (
            (item, {})
            if isinstance(item, str)
            else next(iter(item.items()))
            if isinstance(item, dict) and len(item) == 1
            else (None, None)
        )
        if name is None or not isinstance(body, dict | None):
            raise fail(node, "each step is a name, or 'name: {params..., when: CONDITION}'")
        body = dict(body or {})
        if name not in registry:
            raise fail(node, f"unknown step {name!r} (known: {', '.join(sorted(registry))})")
        when = body.pop("when", None)
        if when is not None and (not isinstance(when, str) or when.removeprefix("not ").strip() not in CONDITIONS):
            raise fail(
                node,
                f"steps[{index}].when: {when!r} is not a condition (known: {', '.join(CONDITIONS)}, each optionally prefixed by 'not ')",
            )
        problem = _params_problem(registry[name], body)
        if problem:
            raise fail(node, f"steps[{index}] ({name}): {problem}")
        specs.append(StepSpec(name, body, when, node.start_mark.line + 1))
    names = [s.name for s in specs]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise fail(steps_node, f"step {sorted(duplicates)[0]!r} appears twice")
    _check_order(specs, registry, lambda msg: fail(steps_node, msg))
    overrides = data.get("clients") or {}
    if not isinstance(overrides, dict):
        raise fail(_child(root, "clients"), "'clients' maps a client name to {step: {params}}")
    for client_name, per_step in overrides.items():
        if not isinstance(per_step or {}, dict) or not all(
            isinstance(p or {}, dict) for p in (per_step or {}).values()
        ):
            raise fail(_child(root, "clients"), f"clients.{client_name}: maps step names to {{params}}")
        for step_name, params in (per_step or {}).items():
            if step_name not in names:
                raise fail(_child(root, "clients"), f"clients.{client_name}.{step_name}: not a step of this workflow")
            problem = _params_problem(registry[step_name], params or {})
            if problem:
                raise fail(_child(root, "clients"), f"clients.{client_name}.{step_name}: {problem}")
    name = str(data.get("name") or path.stem)
    if not fsutil.is_slug(name):  # it becomes part of the job folder's path
        raise fail(
            _child(root, "name") if "name" in data else root,
            f"workflow name {name[:80]!r}: use letters, digits, '-' and '_' only",
        )
    return Workflow(
        name=name,
        path=path,
        steps=tuple(specs),
        description=str(data.get("description") or ""),
        client_overrides={k: {s: dict(p or {}) for s, p in (v or {}).items()} for k, v in overrides.items()},
    )


def _params_problem(step: Step, params: dict[str, Any]) -> str | None:
    """What is wrong with a step's parameters in a workflow file, if anything."""
    if step.params is None:
        return f"this step takes no parameters (got {', '.join(params)})" if params else None
    try:
        step.params.model_validate(params)
    except ValidationError as exc:
        return format_validation_error(exc)
    return None


def _check_order(specs: list[StepSpec], registry: dict, fail) -> None:
    """Every input a step reads must be the clip or an output of an earlier step."""
    available = {"source"}
    for spec in specs:
        missing = [i for i in registry[spec.name].inputs if i not in available]
        if missing:
            raise fail(f"step {spec.name!r} needs {', '.join(missing)}, which no earlier step produces")
        available.update(registry[spec.name].outputs)


def _child(node: Any, key: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return node
