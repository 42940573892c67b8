"""The house rules of the package layout, checked over the import graph (ast, no imports run).

ingest -> law -> search -> register -> web / cli: each package imports only the ones below it;
third-party frameworks stay at their edge (Whoosh in search/whoosh, Flask in web, click in
cli); no two files import each other, directly or round a longer loop (type-only imports
under `if TYPE_CHECKING:` excepted).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "law", "search", "register", "web", "cli", "evals")

# package -> the project packages it may import
ALLOWED = {
    "ingest": set(),
    "law": {"ingest"},
    "search": {"ingest", "law"},
    "register": {"ingest", "law", "search"},
    "evals": {"ingest", "law", "search", "register"},
    "web": {"ingest", "law", "search", "register"},
    "cli": {"ingest", "law", "search", "register", "web", "evals"},
}
# third-party library -> where it may be imported (module prefixes)
CONFINED = {
    "whoosh": ("search.whoosh", "evals.baselines"),
    "flask": ("web",),
    "click": ("cli",),
}


def module_name(path: Path) -> str:
    """Return the dotted module name of a project file."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_only(tree: ast.Module) -> set[int]:
    """Return the ids of import nodes inside `if TYPE_CHECKING:` blocks."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            ids.update(id(n) for n in ast.walk(node))
    return ids


def imports_of(path: Path) -> set[str]:
    """Return every module a file imports at run time (module level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip, own, found = _type_only(tree), module_name(path), set()
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)
    return found


def project_files() -> dict[str, Path]:
    """Return {module name: path} of every Python file of the project's packages."""
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    files = project_files()
    return {name: imports_of(path) for name, path in files.items()}


def test_each_package_imports_only_the_packages_below_it(graph) -> None:
    wrong = [f"{mod} -> {dep}" for mod, deps in graph.items() for dep in deps
             if dep.split(".")[0] in PACKAGES and dep.split(".")[0] != mod.split(".")[0]
             and dep.split(".")[0] not in ALLOWED[mod.split(".")[0]]]
    assert wrong == []


@pytest.mark.parametrize("library", sorted(CONFINED))
def test_frameworks_stay_at_their_edge(graph, library: str) -> None:
    allowed = CONFINED[library]
    wrong = [mod for mod, deps in graph.items()
             if any(d.split(".")[0] == library for d in deps)
             and not any(mod == a or mod.startswith(a + ".") for a in allowed)]
    assert wrong == []


def _edges(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Return file -> project files it imports (a package import counts as its __init__)."""
    return {mod: {d for d in deps if d in graph and d != mod} for mod, deps in graph.items()}


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(mod: str) -> list[str] | None:
        state[mod] = 1
        stack.append(mod)
        for dep in sorted(edges[mod]):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        state[mod] = 2
        stack.pop()
        return None

    for mod in sorted(edges):
        if mod not in state and (found := visit(mod)):
            return found
    return None


def test_no_import_cycles_between_files(graph) -> None:
    edges = _edges(graph)
    # a package's __init__ re-exporting its own modules is not a cycle of logic
    for mod in edges:
        if (ROOT / mod.replace(".", "/") / "__init__.py").exists():
            edges[mod] = {d for d in edges[mod] if not d.startswith(mod + ".")}
    assert _cycle(edges) is None


def test_a_cycle_is_seen() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_whoosh_backend_is_reached_only_through_the_seam(graph) -> None:
    outside = [mod for mod, deps in graph.items() if not mod.startswith("search")
               and any(d.startswith("search.whoosh") for d in deps)]
    assert outside == []
