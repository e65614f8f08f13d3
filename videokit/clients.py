"""Client profiles: add, edit and list the `[clients.NAME]` tables of config.toml.

Every change is validated through the same `Settings` model before the file is replaced
atomically, so a typo can never leave an unreadable configuration behind.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from videokit import fsutil
from videokit.config import ClientProfile, Settings, load_settings
from videokit.errors import ConfigError, InputError


def _read(settings: Settings) -> dict[str, Any]:
    path = settings.config_file
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_client(settings: Settings, name: str, fields: dict[str, Any], *, create: bool) -> ClientProfile:
    """Add (create=True) or update a client; returns the validated profile as stored."""
    data = _read(settings)
    clients = data.setdefault("clients", {})
    if create and name in clients:
        raise ConfigError(
            f"{settings.config_file}: client {name!r} exists; change it with 'videokit client edit {name}'"
        )
    if not create and name not in clients:
        raise ConfigError(f"{settings.config_file}: no client {name!r}; add it with 'videokit client add {name}'")
    entry = clients.setdefault(name, {})
    for key, value in fields.items():
        if value is None:
            continue
        if "." in key:  # nested, e.g. branding.logo
            outer, inner = key.split(".", 1)
            entry.setdefault(outer, {})[inner] = value
        else:
            entry[key] = value
    data = _jsonable(data)
    load_settings(settings.home, overrides={"clients": {name: entry}})  # validate before writing
    fsutil.write_text(settings.config_file, tomli_w.dumps(data), mode=0o600)
    return load_settings(settings.home).clients[name]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def read_glossary(path: Path) -> list[str]:
    """A glossary file: one term per line; '#' starts a comment, blank lines are skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such glossary file; give a text file with one term per line") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the glossary as UTF-8, one term per line") from None
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read the glossary ({exc.strerror}); give a text file, one term per line"
        ) from None
    return [term for line in lines if (term := line.split("#", 1)[0].strip())]
