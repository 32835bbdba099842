"""The layers hold: no analysis package imports presentation (workbench.report) or the runner, and
report code never imports the runner. Every import statement is read from the source (also the ones
inside functions and under ``if TYPE_CHECKING``), so a lazy import cannot slip through."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import workbench

PACKAGE = Path(workbench.__file__).parent
ANALYSIS = ["voc", "behaviour", "mismatch", "journeymap", "analysis", "themes", "coding", "waves", "drivers"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            out.add(prefix)
            out.update(f"{prefix}.{a.name}" for a in node.names)   # "from . import report" imports a module
    return out


def _offences(folders: list[str], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for mod in sorted(imported_modules(path)):
                if any(mod == f or mod.startswith(f + ".") for f in forbidden):
                    found.append(f"{path.relative_to(PACKAGE.parent)}: imports {mod}")
    return found


def test_the_resolver_sees_relative_and_lazy_imports(tmp_path):
    """The walk itself can fail: a relative import two levels up, inside a function, is found."""
    mods = imported_modules(PACKAGE / "report" / "chapters" / "voice.py")
    assert "workbench.report.figures" in mods and "workbench.voc" in mods
    assert any(m.startswith("workbench.analysis") for m in imported_modules(PACKAGE / "runner.py"))


@pytest.mark.parametrize("folder", ANALYSIS)
def test_no_analysis_package_imports_report_or_runner(folder):
    if not (PACKAGE / folder).is_dir():
        pytest.skip(f"no workbench/{folder} in this version")
    assert _offences([folder], ("workbench.report", "workbench.runner")) == []


def test_report_never_imports_the_runner():
    assert _offences(["report"], ("workbench.runner",)) == []
