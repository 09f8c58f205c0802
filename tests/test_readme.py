"""The console examples of the README and docs/ are what the installed command prints.

Each `$ command` line of a ```console block is run by bash, with this environment's `fwmy` first on PATH and
its stderr joined to its stdout, and what it prints is compared with the lines shown under it, in order; a line
"…" alone (indented or not) ends what the example shows of a longer output. The README shows the default
install: with the extra `meaning` (which the tests install) a question's "read as" line adds "also by meaning",
which is taken out where the example does not show it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def examples():
    for path in DOCS:
        block: list[str] | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("```console"):
                block = []
            elif line.startswith("```") and block is not None:
                yield from _commands(path, block)
                block = None
            elif block is not None:
                block.append(line)


def _commands(path: Path, block: list[str]):
    command: str | None = None
    shown: list[str] = []
    for line in [*block, "$ "]:
        if line.startswith("$ "):
            if command:
                yield pytest.param(command, shown, id=f"{path.name}: {command[:60]}")
            command, shown = line[2:], []
        else:
            shown.append(line)


def _without_meaning(line: str) -> str:
    return line.replace("; also by meaning)", ")").replace(" (also by meaning)", "")


@pytest.mark.parametrize(("command", "shown"), list(examples()))
def test_the_example_is_what_the_command_prints(command, shown):
    if "| jq" in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "COLUMNS": "100"}
    for name in ("FWMY_LANG", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "NO_COLOR", "FWMY_DATA"):
        env.pop(name, None)
    run = subprocess.run(
        ["bash", "-c", f"({command}) 2>&1"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    printed = [line.rstrip() for line in run.stdout.splitlines()]
    if not any("also by meaning" in line for line in shown):
        printed = [_without_meaning(line) for line in printed]
    expected = [line.rstrip() for line in shown]
    if "…" in (line.strip() for line in expected):
        expected = expected[: [line.strip() for line in expected].index("…")]
        printed = printed[: len(expected)]
    assert "\n".join(printed) == "\n".join(expected)
