"""The import floors of the code (pyproject's import-linter contract) hold, and a forbidden
import breaks them with a message naming it."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["config", "pages", "corrections", "demo", "resources", "maps", "jurisdictions", "core"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tree / package,
            ignore=shutil.ignore_patterns("__pycache__", "data", "migrations"),
        )
    return tree


def test_the_tree_keeps_its_floors(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_library_importing_the_maps_breaks_the_lint(tmp_path):
    tree = _copy(tmp_path)
    with (tree / "resources" / "filters.py").open("a") as module:
        module.write("\nfrom maps.models import Policy  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "resources is not allowed to import maps" in result.stdout
    assert "resources.filters -> maps.models" in result.stdout


def test_core_importing_an_app_breaks_the_lint(tmp_path):
    tree = _copy(tmp_path)
    with (tree / "core" / "publishing.py").open("a") as module:
        module.write("\nfrom resources.models import Resource  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "core is not allowed to import resources" in result.stdout
