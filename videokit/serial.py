"""Typed results to JSON and back: artifacts, step markers, upload state and `--json` output.

Results are plain dataclasses; pydantic (already the configuration's validator) converts them,
so no result type writes its own to_dict/from_dict. `dump` gives JSON-ready data (nested
dataclasses as objects, tuples as lists, dates and times in ISO 8601, paths as strings; a
derived value is kept when the dataclass holds it as a `field(init=False)`). `load` rebuilds
the dataclass from such data, validating every field: missing fields take the dataclass's
defaults, unknown ones are ignored, and a wrong type is a ValueError in one line naming the
field, so a hand-edited or truncated file is refused clearly instead of failing later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python

from videokit import fsutil
from videokit.config import format_validation_error

T = TypeVar("T")


def dump(obj: Any) -> Any:
    """`obj` (a dataclass, or lists and dicts of them) as JSON-ready data."""
    return to_jsonable_python(obj)


def load(kind: type[T], data: Any) -> T:
    """`data` (as `dump` made it) as a `kind`; ValueError in one line when it does not fit."""
    try:
        return _adapter(kind).validate_python(data)
    except ValidationError as exc:
        raise ValueError(format_validation_error(exc)) from None


def write(path: Path, obj: Any, mode: int | None = None) -> None:
    """Write `obj` as JSON, atomically (complete or absent)."""
    fsutil.write_json(path, dump(obj), mode)


def read(kind: type[T], path: Path) -> T:
    """A JSON file written by `write`, as a `kind`."""
    return load(kind, fsutil.read_json(path))


_adapters: dict[Any, TypeAdapter[Any]] = {}  # building one inspects the type: once per type


def _adapter(kind: Any) -> TypeAdapter[Any]:
    adapter = _adapters.get(kind)
    if adapter is None:
        adapter = _adapters[kind] = TypeAdapter(kind)
    return adapter
