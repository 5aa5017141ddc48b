"""List mineralctl's module imports (outside TYPE_CHECKING blocks) and fail on any cycle.

Usage: python scripts/check_imports.py   (prints the layers, bottom first; exit 1 on a cycle)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mineralctl"


def imports(path: Path) -> set[str]:
    """The mineralctl modules ``path`` imports at run time (lazy imports inside functions count)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return  # for the type checker only
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mineralctl"):
            if node.module == "mineralctl":
                found.update(f"mineralctl.{a.name}" for a in node.names if (PACKAGE / f"{a.name}.py").exists())
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("mineralctl."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def graph() -> dict[str, set[str]]:
    modules = {f"mineralctl.{p.stem}": p for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return {name: imports(path) & set(modules) - {name} for name, path in modules.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := walk(node)):
            return found
    return None


def main() -> int:
    edges = graph()
    loop = cycle(edges)
    if loop:
        print("import cycle: " + " -> ".join(loop))
        return 1
    level: dict[str, int] = {}

    def depth(node: str) -> int:
        if node not in level:
            level[node] = 1 + max((depth(n) for n in edges[node]), default=0)
        return level[node]

    for node in sorted(edges, key=lambda n: (depth(n), n)):
        below = ", ".join(sorted(n.removeprefix("mineralctl.") for n in edges[node]))
        print(f"{depth(node):2}  {node.removeprefix('mineralctl.'):14} <- {below}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
