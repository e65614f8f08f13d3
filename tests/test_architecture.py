"""The seams hold: SQL only in videokit/store, Google only in videokit/youtube, the sandbox never
imported by the client code, no import circle among videokit's modules.

The sources are read (ast), not imported: an import hidden in a function or under TYPE_CHECKING
counts as much as one at the top of a file.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "videokit"
GOOGLE_LIBRARIES = ("googleapiclient", "google", "google_auth_httplib2", "google_auth_oauthlib", "httplib2")


@dataclass(frozen=True)
class Module:
    name: str  # "videokit.store.videos"
    path: Path
    where: str  # "videokit/store/videos.py", for messages
    tree: ast.Module

    def under(self, package: str) -> bool:
        return self.name == package or self.name.startswith(package + ".")

    def imports(self, names: set[str]) -> list[tuple[int, str]]:
        """(line, module) of every import of this file, anywhere in it; `from X import a` is X.a
        when X.a is a module of `names`, else X."""
        found = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                found += [(node.lineno, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = self._absolute(node)
                for alias in node.names:
                    child = f"{base}.{alias.name}"
                    found.append((node.lineno, child if child in names else base))
        return found

    def _absolute(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        package = self.name.split(".") if self.path.name == "__init__.py" else self.name.split(".")[:-1]
        base = package[: len(package) - node.level + 1]
        return ".".join(base + ([node.module] if node.module else []))


def modules(root: Path = ROOT) -> list[Module]:
    out = []
    for path in sorted((root / "videokit").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        out.append(Module(name, path, str(path.relative_to(root)), tree))
    return out


def _where(module: Module, line: int) -> str:
    return f"{module.where}:{line}"


def sql_outside_store(mods: list[Module]) -> list[str]:
    names = {m.name for m in mods}
    return [
        f"{_where(m, line)} imports {name}"
        for m in mods
        if not m.under("videokit.store")
        for line, name in m.imports(names)
        if name.split(".")[0] == "sqlalchemy"
    ]


def google_outside_youtube(mods: list[Module]) -> list[str]:
    """Imports of Google's client libraries, and API requests built on a session
    (`session.data.videos()...`, `session.analytics.reports()...`, `session.execute(...)`)."""
    names = {m.name for m in mods}
    problems = []
    for m in mods:
        if m.under("videokit.youtube"):
            continue
        problems += [
            f"{_where(m, line)} imports {name}"
            for line, name in m.imports(names)
            if name.split(".")[0] in GOOGLE_LIBRARIES
        ]
        for node in ast.walk(m.tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            target = node.func.value
            if isinstance(target, ast.Attribute) and target.attr in ("data", "analytics"):
                problems.append(f"{_where(m, node.lineno)} builds a request on .{target.attr}.{node.func.attr}()")
            elif node.func.attr == "execute" and not m.under("videokit.store"):
                problems.append(f"{_where(m, node.lineno)} executes a request (.execute)")
    return problems


def sandbox_in_client(mods: list[Module]) -> list[str]:
    names = {m.name for m in mods}
    return [
        f"{_where(m, line)} imports {name}"
        for m in mods
        if m.under("videokit.youtube") and not m.under("videokit.youtube.sandbox")
        for line, name in m.imports(names)
        if name == "videokit.youtube.sandbox" or name.startswith("videokit.youtube.sandbox.")
    ]


def import_cycles(mods: list[Module]) -> list[list[str]]:
    """The strongly connected components (more than one module) of videokit's import graph."""
    names = {m.name for m in mods}
    graph: dict[str, set[str]] = {}
    for m in mods:
        deps = set()
        for _, name in m.imports(names):
            parts = name.split(".")
            owner = next((".".join(parts[:k]) for k in range(len(parts), 0, -1) if ".".join(parts[:k]) in names), None)
            if owner and owner != m.name:
                deps.add(owner)
        graph[m.name] = deps
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


@pytest.fixture(scope="module")
def package() -> list[Module]:
    return modules()


def test_sqlalchemy_is_imported_only_in_the_store(package) -> None:
    assert sql_outside_store(package) == []


def test_only_videokit_youtube_speaks_to_google(package) -> None:
    assert google_outside_youtube(package) == []


def test_the_youtube_client_never_imports_its_sandbox(package) -> None:
    assert sandbox_in_client(package) == []


def test_no_import_circle(package) -> None:
    assert import_cycles(package) == []


def test_the_checks_see_a_violation(tmp_path: Path) -> None:
    """Each rule above fails on a package that breaks it (a test that cannot fail is a defect)."""
    pkg = tmp_path / "videokit"
    files = {
        "__init__.py": "",
        "store/__init__.py": "import sqlalchemy\n",
        "reports/__init__.py": "",
        "reports/sql.py": "def f():\n    from sqlalchemy import select\n",
        "reports/google.py": "def f(session):\n    return session.data.videos().list(id='x')\n",
        "audit/__init__.py": "from googleapiclient.http import HttpRequest\n",
        "youtube/__init__.py": "",
        "youtube/service.py": "from videokit.youtube.sandbox import server\n",
        "youtube/sandbox/__init__.py": "",
        "youtube/sandbox/server.py": "",
        "seo/__init__.py": "",
        "seo/types.py": "def f():\n    from videokit.seo import describe\n",
        "seo/describe.py": "from videokit.seo.types import Metadata\n",
    }
    for name, text in files.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    mods = modules(tmp_path)
    assert [p.split(" ")[0] for p in sql_outside_store(mods)] == ["videokit/reports/sql.py:2"]
    assert len(google_outside_youtube(mods)) == 2
    assert len(sandbox_in_client(mods)) == 1
    assert import_cycles(mods) == [["videokit.seo.describe", "videokit.seo.types"]]
