"""The house rules (docs/architecture.md), and proof that the tools enforcing them fail on a violation.

The tools run on the real tree in the lint command (README, .ci/run); here each is run on a copy of the
source with one violation planted, so that a rule which silently stopped being checked fails a test.
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fuwumaoyi_cli
from fuwumaoyi_cli.cases import model

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "fuwumaoyi_cli"
TOOLS = Path(sys.executable).parent


def test_the_folders_are_the_layers():
    names = {p.name for p in SOURCE.iterdir() if not p.name.startswith(("_", "."))}
    assert {"cases", "search", "render", "cli", "text.py", "files.py"} <= names


def test_every_model_class_has_a_docstring_of_its_own():
    # Without one, @dataclass makes one from inspect.signature, on every start-up.
    classes = [c for c in vars(model).values() if isinstance(c, type) and c.__module__ == model.__name__]
    for cls in classes:
        if dataclasses.is_dataclass(cls) or cls.__name__ == "Block":
            assert cls.__dict__.get("__doc__"), f"{cls.__name__} has no docstring"
            assert not cls.__doc__.startswith(f"{cls.__name__}("), f"{cls.__name__}'s docstring is generated"


def test_command_modules_keep_annotations_evaluated():
    # typer reads each command's annotations at run time: postponed (string) annotations would have it
    # resolve names that exist only for type checkers.
    for path in (SOURCE / "cli").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "import typer" not in text:
            continue
        tree = ast.parse(text)
        future = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__"]
        assert not future, f"{path.name} uses from __future__ import annotations"


def test_the_package_is_typed():
    assert (Path(fuwumaoyi_cli.__file__).parent / "py.typed").is_file()


# --- planted violations ----------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path):
    """A copy of the project's source and configuration, to plant a violation in."""
    shutil.copytree(SOURCE, tmp_path / "src" / "fuwumaoyi_cli", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def plant(tree: Path, module: str, code: str) -> None:
    path = tree / "src" / "fuwumaoyi_cli" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + code + "\n", encoding="utf-8")


def tool(tree: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(tree / "src"), "PATH": str(TOOLS), "MYPY_CACHE_DIR": str(tree / ".mypy_cache")}
    return subprocess.run([str(TOOLS / name), *args], cwd=tree, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_import_linter_keeps_rich_out_of_the_core_even_inside_a_function(tree):
    assert tool(tree, "lint-imports").returncode == 0, "the copy must pass before anything is planted"
    plant(tree, "cases/model.py", "def _colour():\n    import rich\n\n    return rich")
    result = tool(tree, "lint-imports")
    assert result.returncode == 1
    assert "The core knows no terminal" in result.stdout and "BROKEN" in result.stdout


@pytest.mark.slow
def test_import_linter_keeps_the_layers_in_order(tree):
    plant(tree, "cases/ids.py", "def _hits():\n    from fuwumaoyi_cli.search import engine\n\n    return engine")
    result = tool(tree, "lint-imports")
    assert result.returncode == 1 and "Layers" in result.stdout and "BROKEN" in result.stdout


@pytest.mark.slow
def test_ruff_bans_typer_outside_the_command_line(tree):
    plant(tree, "search/engine.py", "def _echo() -> None:\n    import typer\n\n    typer.echo('x')")
    result = tool(tree, "ruff", "check", "--no-cache", "src")
    assert result.returncode == 1 and "TID251" in result.stdout and "typer" in result.stdout


@pytest.mark.slow
def test_ruff_bans_a_module_level_import_of_a_heavy_library(tree):
    plant(tree, "keyfigures/rules.py", "import rapidfuzz")
    result = tool(tree, "ruff", "check", "--no-cache", "src")
    assert result.returncode == 1 and "TID253" in result.stdout


@pytest.mark.slow
def test_mypy_finds_an_untyped_function_in_the_core(tree):
    plant(tree, "stats.py", "def total(counts):\n    return sum(counts)")
    result = tool(tree, "mypy")
    assert result.returncode == 1 and "stats.py" in result.stdout and "no-untyped-def" in result.stdout


def test_every_module_has_a_place_in_the_layers():
    # A new flat module outside the contract would escape every layer rule.
    from fuwumaoyi_cli.cases.loader import read_toml

    config = read_toml(ROOT / "pyproject.toml")["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    core = next(c for c in config["contracts"] if "core knows no terminal" in c["name"])["source_modules"]
    modules = {p.stem for p in SOURCE.glob("*.py") if not p.name.startswith("_")}
    modules |= {p.name for p in SOURCE.iterdir() if (p / "__init__.py").is_file()}
    assert modules == placed, "add the module to [tool.importlinter] layers in pyproject.toml"
    below_render = placed - {"cli", "browse", "render"}
    assert {f"fuwumaoyi_cli.{m}" for m in below_render} == set(core), "and to the core's forbidden contract"
