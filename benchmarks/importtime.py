"""Where start-up goes on each path: `python -X importtime -m fuwumaoyi_cli ...`, medians of several runs.

    python benchmarks/importtime.py                 # every path, top 8
    python benchmarks/importtime.py --top 15 --runs 9

For each path it prints the imports of the first two levels by cumulative time (what the program and its own
modules asked for, with all they pulled in) and the modules by their own time (where the time is spent), in
ms. `-X importtime` adds overhead of its own: compare these with each other, not with startup.py.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
from collections import defaultdict

from timing import BYTECODE_HELP, cache_bytecode_as_installed, child_environment, resolve_python

COMPLETION = {"_FWMY_COMPLETE": "complete_bash", "COMP_WORDS": "fwmy show 1", "COMP_CWORD": "2"}
PATHS = {
    "--help": (["--help"], {}),
    "search 融资 --json": (["search", "融资", "--json"], {}),
    "search rongzi --json": (["search", "rongzi", "--json"], {}),
    "show 14 --no-pager": (["show", "14", "--no-pager"], {}),
    "compare 15 16": (["compare", "15", "16"], {}),
    "completion: show 1<TAB>": ([], COMPLETION),
    "zsh completion: show 1<TAB>": ([], {"_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "fwmy show 1"}),
}


def import_report(python: str, args: list[str], env: dict[str, str]) -> list[tuple[int, str, int, int]]:
    """(depth, module, self us, cumulative us) for each import, in the order Python reports them."""
    run = subprocess.run(
        [python, "-X", "importtime", "-m", "fuwumaoyi_cli", *args],
        env=child_environment(env),
        capture_output=True,
        encoding="utf-8",
    )
    rows = []
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2  # Python indents each level by two spaces
        rows.append((depth, name.strip(), int(own), int(cumulative)))
    return rows


def medians(reports: list[list[tuple[int, str, int, int]]]) -> dict[str, tuple[int, float, float]]:
    collected: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for report in reports:
        for depth, name, own, cumulative in report:
            collected[name].append((depth, own, cumulative))
    return {
        name: (values[0][0], statistics.median(v[1] for v in values), statistics.median(v[2] for v in values))
        for name, values in collected.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--python", help="the interpreter (or venv folder) to run; default: this one")
    parser.add_argument("--keep-bytecode-setting", action="store_true", help=BYTECODE_HELP)
    args = parser.parse_args()
    if not args.keep_bytecode_setting:
        cache_bytecode_as_installed()
    python = str(resolve_python(args.python))
    for label, (cli_args, env) in PATHS.items():
        import_report(python, cli_args, env)  # warm-up: writes the .pyc files
        table = medians([import_report(python, cli_args, env) for _ in range(args.runs)])
        total = sum(cumulative for depth, _, cumulative in table.values() if depth == 0)
        print(f"\n== {label}: {total / 1000:.1f} ms of imports (median of {args.runs} runs)")
        top_level = sorted(((c, n) for n, (d, _, c) in table.items() if d <= 1), reverse=True)[: args.top]
        by_self = sorted(((s, n) for n, (_, s, _) in table.items()), reverse=True)[: args.top]
        print("  first two levels, cumulative ms:   " + ", ".join(f"{n} {c / 1000:.1f}" for c, n in top_level))
        print("  modules by own time, ms:           " + ", ".join(f"{n} {s / 1000:.1f}" for s, n in by_self))


if __name__ == "__main__":
    main()
