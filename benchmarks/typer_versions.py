"""Start-up of one typer against another, each in its own venv, timed interleaved in the same run.

    python -m venv /tmp/typer029 && /tmp/typer029/bin/pip install "typer>=0.29,<0.30" rich rapidfuzz
    /tmp/typer029/bin/pip install --no-deps -e .          # optional: also times fwmy --help there
    python benchmarks/typer_versions.py --old /path/to/venv-with-0.28 --new /tmp/typer029

This is the measurement behind pyproject's `typer<0.29`: rerun it before moving the pin. `import typer` alone
can mislead: typer 0.29 imports pydantic only when it runs a command, so the app is timed running one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from timing import (
    BYTECODE_HELP,
    Command,
    Runner,
    Summary,
    cache_bytecode_as_installed,
    pad,
    resolve_python,
    run_round_robin,
)

MINIMAL_APP = """
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""


def typer_version(python: Path) -> str:
    probe = (
        "import sys, json, typer, importlib.metadata as m; "
        "print(json.dumps([m.version('typer'), 'pydantic' in sys.modules]))"
    )
    run = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True)
    version, loads_pydantic = json.loads(run.stdout)
    return f"typer {version}" + (" (imports pydantic)" if loads_pydantic else "")


def commands_for(label: str, python: Path) -> list[Command]:
    py = str(python)
    commands = [
        Command(f"{label}: import typer", (py, "-c", "import typer")),
        Command(f"{label}: minimal app --help", (py, "-c", MINIMAL_APP, "--help")),
        Command(f"{label}: minimal app --name x", (py, "-c", MINIMAL_APP, "--name", "x")),
    ]
    fwmy = python.parent / "fwmy"
    if fwmy.is_file():
        commands.append(Command(f"{label}: fwmy --help", (str(fwmy), "--help")))
        commands.append(Command(f"{label}: fwmy search 融资 --json", (str(fwmy), "search", "融资", "--json")))
    return commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", required=True, help="interpreter or venv folder with the typer in use")
    parser.add_argument("--new", required=True, help="interpreter or venv folder with the typer to consider")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--keep-bytecode-setting", action="store_true", help=BYTECODE_HELP)
    args = parser.parse_args()
    if not args.keep_bytecode_setting:
        cache_bytecode_as_installed()

    old, new = resolve_python(args.old), resolve_python(args.new)
    print(f"old: {typer_version(old)}  ({old})\nnew: {typer_version(new)}  ({new})\n")
    old_commands, new_commands = commands_for("old", old), commands_for("new", new)
    with Runner() as runner:
        samples = run_round_robin(runner, old_commands + new_commands, args.runs, args.warmup)
    print(f"{'command':<26} {'old ms':>8} {'new ms':>8} {'new/old':>8}   (medians of {args.runs} runs)")
    for old_command, new_command in zip(old_commands, new_commands, strict=False):
        before = Summary.of([s.wall_ms for s in samples[old_command.name]]).median_ms
        after = Summary.of([s.wall_ms for s in samples[new_command.name]]).median_ms
        name = old_command.name.split(": ", 1)[1]
        print(f"{pad(name, 26)} {before:>8.1f} {after:>8.1f} {after / before:>7.2f}×")


if __name__ == "__main__":
    main()
