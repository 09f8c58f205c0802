"""Golden renders: compare rich output at a fixed width with a file in tests/golden/.

Regenerate after an intended change with FWMY_UPDATE_GOLDEN=1 pytest tests/, then read the diff.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def render(renderable, width: int) -> str:
    """Plain text as a terminal of `width` columns would show it, trailing spaces dropped."""
    from rich.console import Console

    console = Console(width=width, color_system=None, file=io.StringIO(), legacy_windows=False)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"


def display_width(line: str) -> int:
    """Terminal cells a line takes: 2 for each Chinese character."""
    from rich.cells import cell_len

    return cell_len(line)


def assert_matches_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("FWMY_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; create it with FWMY_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"render differs from {path}; FWMY_UPDATE_GOLDEN=1 to accept"
