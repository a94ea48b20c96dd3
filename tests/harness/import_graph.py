"""The import graph of the ``mailflow`` package, read from the source (no import runs).

Run as a script to print its size, depth and cycles::

    python3 tests/harness/import_graph.py

The tests use ``graph()``, ``cycles()`` and ``imports_of()`` to hold the layering.
Every import counts, also those inside functions (a lazy import is still a
dependency); those under ``if TYPE_CHECKING:`` do not (they never run).
"""

from __future__ import annotations

import ast
import sys
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "mailflow"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, here: str | None = None) -> set[str]:
    """Every module named by an import in ``path`` (absolute names; relative ones resolved),
    and for ``from X import y`` also ``X.y`` (which may be a module). ``here`` is the
    module's own name (default: from its place in the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = here or module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    typing_only = {
        id(inner) for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body for inner in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:  # imports for type hints only never run
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


@lru_cache(maxsize=1)
def graph() -> dict[str, frozenset[str]]:
    """Module -> the mailflow modules it imports (not itself, not its own parents)."""
    names = modules()
    result = {}
    for name, path in names.items():
        targets = {i for i in imports_of(path) if i in names and i != name}
        # "from mailflow.rules import detect" names the package and the module: keep the module
        targets -= {t for t in targets if any(o.startswith(t + ".") for o in targets)}
        result[name] = frozenset(targets - {p for p in targets if name.startswith(p + ".")})
    return result


def cycles() -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    g = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in g[v]:
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
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def longest_chain() -> list[str]:
    """The longest import chain (a module, one it imports, one that one imports ...)."""
    g = graph()
    memo: dict[str, list[str]] = {}

    def chain(v: str, seen: frozenset[str]) -> list[str]:
        if v in memo:
            return memo[v]
        tails = [chain(w, seen | {v}) for w in sorted(g[v]) if w not in seen]
        best = [v, *max(tails, key=len, default=[])]
        memo[v] = best
        return best

    return max((chain(v, frozenset()) for v in sorted(g)), key=len, default=[])


def depth() -> int:
    """How many levels the import graph has (the length of the longest chain)."""
    return len(longest_chain())


if __name__ == "__main__":
    g = graph()
    print(f"{len(g)} modules, {sum(len(v) for v in g.values())} imports, depth {depth()}, "
          f"{len(cycles())} cycles")
    print("  longest chain:", " -> ".join(longest_chain()))
    for c in cycles():
        print("  cycle:", " <-> ".join(c))
