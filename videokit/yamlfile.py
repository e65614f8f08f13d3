"""YAML the user writes (workflows, deontology rules), read strictly: plain data only.

Anchors and aliases are refused (a few hundred bytes of nested aliases expand to gigabytes), so are
duplicate keys (the second silently wins otherwise), nesting deeper than any real file needs and
files over a megabyte. Errors name the file and line, and echo at most a short excerpt of the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from videokit.errors import ConfigError

MAX_BYTES = 1 << 20
MAX_DEPTH = 32
_EXCERPT = 80  # characters of user text an error may quote


class _StrictLoader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not accepted; write the values out", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value (not a list or mapping)", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {excerpt(key)}", key_node.start_mark
                )
        return super().construct_mapping(node, deep)


def excerpt(value: Any) -> str:
    """`repr(value)` cut to a length fit for a one-line error."""
    text = repr(value)
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 3] + "..."


def read(path: Path) -> tuple[Any, yaml.Node | None]:
    """The data in `path` and its node tree (for line numbers); ConfigError naming the file and line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ConfigError(f"{path}: {size} bytes is too large for a YAML file here (at most {MAX_BYTES}); trim it")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror}); check the path and its permissions") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    return parse(text, str(path))


def parse(text: str, where: str) -> tuple[Any, yaml.Node | None]:
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()  # one parse: the data is built from the tree kept for line numbers
        return (loader.construct_document(root) if root is not None else None), root
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed bracket), else the problem.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = str(getattr(exc, "problem", None) or exc).splitlines()[0][:200]
        raise ConfigError(f"{where}{line}: not valid YAML ({problem}); fix it") from None
    except RecursionError:
        raise ConfigError(f"{where}: nested too deeply to read; flatten it") from None
    finally:
        loader.dispose()
