"""Write src/fuwumaoyi_cli/traditional.py: the characters opencc's t2s conversion changes.

    python scripts/build_traditional.py

Read from the TSCharacters dictionary of the installed opencc-python-reimplemented (Apache-2.0): every
character it maps to something other than itself, alone or among its readings. With this set a query is
handed to opencc only when it holds one, so a question in simplified characters the data does not use
(们, 裹) never imports the converter. tests/test_text.py fails while the file is stale.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "fuwumaoyi_cli" / "traditional.py"


def changed_characters(dictionary: Path) -> str:
    """The characters of a TSCharacters file whose readings are not just the character itself, sorted."""
    chars = set()
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        key, _, readings = line.partition("\t")
        if len(key) == 1 and readings.split() != [key]:
            chars.add(key)
    return "".join(sorted(chars))


def ts_characters() -> Path:
    spec = importlib.util.find_spec("opencc")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        sys.exit("opencc-python-reimplemented is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "TSCharacters.txt"


def module_text(chars: str) -> str:
    lines = [chars[i : i + 100] for i in range(0, len(chars), 100)]
    body = "\n".join(f'    "{line}"' for line in lines)
    return (
        '"""The characters opencc\'s t2s conversion changes (scripts/build_traditional.py writes this file)."""\n\n'
        f"TRADITIONAL = frozenset(\n{body}\n)\n"
    )


def main() -> None:
    OUT.write_text(module_text(changed_characters(ts_characters())), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
