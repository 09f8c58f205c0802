"""data/cases.toml is exactly what scripts/import_source.py makes, and data/source/README.md lists its repairs."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source" / "000_3e070ed0c64f7355.txt"
SOURCE_SHA256 = "4e0f4acd27c4b2f943cf1996823398c27327d252b5c111126720f05b69029891"


def load_importer():
    spec = importlib.util.spec_from_file_location("import_source", ROOT / "scripts" / "import_source.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_source_is_the_unedited_seed():
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == SOURCE_SHA256


def test_cases_file_is_regenerated_by_the_importer():
    # Hand edits to data/cases.toml would be lost at the next import: change the script instead.
    text, _ = load_importer().render(SOURCE.read_text(encoding="utf-8"))
    assert text == (ROOT / "data" / "cases.toml").read_text(encoding="utf-8")


def test_readme_lists_every_repair_the_importer_makes():
    _, repairs = load_importer().render(SOURCE.read_text(encoding="utf-8"))
    readme = (ROOT / "data" / "source" / "README.md").read_text(encoding="utf-8")
    listed = [line[2:] for line in readme.splitlines() if line.startswith("- case ")]
    assert listed == repairs
    assert len(repairs) == 29
