"""House rules of the source tree, checked by parsing it (see docs/architecture.md).

- no module imports another module's ``_private`` name;
- a private module (``_x.py`` or a ``_x/`` package) is private to the package that holds it:
  modules inside that package may import it, modules outside may not;
- no import cycle among the library's modules at run time (imports under
  ``if TYPE_CHECKING:`` are for annotations only and are left out);
- no module over 1,000 lines and no function over 120 lines.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "sistercity"
MAX_MODULE_LINES = 1000
MAX_FUNCTION_LINES = 120


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, *, runtime_only: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement in ``tree`` (functions included: a lazy import is still a dependency)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if runtime_only and isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(module: str, path: Path, *, runtime_only: bool) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for each sistercity import of ``module``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _imports(tree, runtime_only=runtime_only):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sistercity"):
                    yield alias.name, None, node.lineno
            continue
        target = _resolve(module, node, _is_package(path))
        if not target.startswith("sistercity"):
            continue
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            if sub in MODULES:  # ``from sistercity import _args``: a module, not a name
                yield sub, None, node.lineno
            else:
                yield target, alias.name, node.lineno


def _private_owner(module: str) -> str | None:
    """The package a private module belongs to (``sistercity.io._yaml`` -> ``sistercity.io``)."""
    parts = module.split(".")
    for i, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:i])
    return None


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_no_private_name_is_imported_from_another_module() -> None:
    offences = []
    for module, path in MODULES.items():
        for target, name, line in _targets(module, path, runtime_only=False):
            if name is None or not name.startswith("_") or name.startswith("__"):
                continue
            if target == module:
                continue
            # a package's __init__ re-exporting from its own private modules is the normal pattern
            if _is_package(path) and _inside(target, module) and _private_owner(target) == module:
                continue
            offences.append(f"{path.relative_to(SRC)}:{line} imports {target}.{name}")
    assert offences == []


def test_private_modules_are_used_only_inside_their_package() -> None:
    offences = []
    for module, path in MODULES.items():
        for target, _name, line in _targets(module, path, runtime_only=False):
            owner = _private_owner(target)
            if owner is not None and not _inside(module, owner):
                offences.append(f"{path.relative_to(SRC)}:{line} imports {target} (private to {owner})")
    assert offences == []


def test_no_import_cycle_at_run_time() -> None:
    g = nx.DiGraph()
    for module, path in MODULES.items():
        g.add_node(module)
        for target, _name, _line in _targets(module, path, runtime_only=True):
            # parent packages a dotted import also runs are left out: ``sistercity/__init__``
            # imports every public module, so counting it would make everything a cycle
            if target in MODULES and target != module and target != "sistercity":
                g.add_edge(module, target)
    cycles = [c for c in nx.simple_cycles(g) if len(c) > 1]
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module: str) -> None:
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{module} has {n} lines"


def test_function_size() -> None:
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{module}.{node.name}: {n} lines")
    assert long == []


def _public_callables() -> Iterator[tuple[str, object]]:
    import importlib
    import inspect

    for module in sorted(MODULES):
        if any(part.startswith("_") for part in module.split(".")):
            continue
        mod = importlib.import_module(module)
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if inspect.isfunction(obj) and obj.__module__.startswith("sistercity"):
                yield f"{module}.{name}", obj


def test_public_functions_have_numpydoc_sections() -> None:
    """Numpydoc validation beyond ruff's D rules: every public function documents its
    parameters and shows an example (they run as doctests)."""
    import inspect

    missing = []
    for qualname, fn in _public_callables():
        doc = inspect.getdoc(fn) or ""
        params = [p for p in inspect.signature(fn).parameters.values()  # type: ignore[arg-type]
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if params and "Parameters\n----------" not in doc:
            missing.append(f"{qualname}: no Parameters section")
        if "Examples\n--------" not in doc:
            missing.append(f"{qualname}: no Examples section")
    assert missing == []
