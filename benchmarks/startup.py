"""Start-up time of fwmy's commands, as ratios to `python -c "import typer"` timed in the same run.

    python benchmarks/startup.py                 # the fwmy next to the running python
    python benchmarks/startup.py --python /path/to/venv --runs 40 --json

Uses hyperfine when it is installed (--engine builtin to avoid it); the builtin engine interleaves the
commands round-robin. Output goes to /dev/null, so rich renders as it does in a pipe, without a pager.
fwmy's cache of prepared files goes to a temporary folder, filled by the warm-up runs. Every command runs
in English (FWMY_LANG=en, whatever this machine's locale) but the `zh:` rows, which run in Chinese
(FWMY_LANG=zh: the catalog loaded, help and messages translated).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from timing import (
    BYTECODE_HELP,
    Command,
    Runner,
    Summary,
    cache_bytecode_as_installed,
    cache_environment,
    describe,
    environment_of,
    fwmy_next_to,
    hyperfine_available,
    pad,
    resolve_python,
    run_hyperfine,
    run_round_robin,
)

REFERENCE = "import typer"

# The most a kind of command may take, as a multiple of the typer import (issue 6; completion, issue 15).
TARGETS = {"json": 1.3, "rich": 2.0, "help": 1.3, "completion": 1.15}
# A question of ~40 characters may take this multiple of a one-word search (issue 11). The questions are
# written for the benchmark, in neither relevance set.
ONE_WORD = "search 融资 --json"
QUESTION_TARGET = 1.3
QUESTION = "我们是做跨境电商的小公司，海外买家退回来的包裹放在保税区里，怎样处理才能又快又省钱"
ENGLISH_QUESTION = "how can a small exporter get a bank loan when it has no property to pledge"
ZH = {"FWMY_LANG": "zh"}


@dataclass(frozen=True)
class Timed:
    command: Command
    kind: str  # json | rich | help | completion | question | meaning | baseline


def commands_for(python: Path) -> list[Timed]:
    fwmy = str(fwmy_next_to(python))
    py = str(python)
    completion = {"_FWMY_COMPLETE": "complete_bash", "COMP_WORDS": "fwmy show 1", "COMP_CWORD": "2"}
    # zsh and fish are given the case titles as help texts too, which is what once imported rich.
    zsh = {"_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "fwmy show 1"}
    fish = {**zsh, "_FWMY_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    return [
        Timed(Command(REFERENCE, (py, "-c", "import typer")), "baseline"),
        Timed(Command("python -c pass", (py, "-c", "pass")), "baseline"),
        Timed(Command("search 融资 --json", (fwmy, "search", "融资", "--json")), "json"),
        Timed(Command("search rongzi --json", (fwmy, "search", "rongzi", "--json")), "json"),
        # By words, as without the extra `meaning`; then by meaning too, where it is installed (no target: the
        # price of the extra, numpy and the model, is what a person installs it for).
        Timed(Command("search <40-char question>", (fwmy, "search", QUESTION, "--json", "--words-only")), "question"),
        Timed(
            Command("search <English question>", (fwmy, "search", ENGLISH_QUESTION, "--json", "--words-only")),
            "question",
        ),
        Timed(Command("search <40-char q.> by meaning", (fwmy, "search", QUESTION, "--json")), "meaning"),
        Timed(Command("show 14 --no-pager", (fwmy, "show", "14", "--no-pager")), "rich"),
        Timed(Command("compare 15 16", (fwmy, "compare", "15", "16")), "rich"),
        Timed(Command("--help", (fwmy, "--help")), "help"),
        Timed(Command("completion: show 1<TAB>", (fwmy,), completion), "completion"),
        Timed(Command("zsh completion: show 1<TAB>", (fwmy,), zsh), "completion"),
        Timed(Command("fish completion: show 1<TAB>", (fwmy,), fish), "completion"),
        # The same in Chinese (issue 15): the catalog read, the help translated and wrapped by display width.
        Timed(Command("zh: search 融资 --json", (fwmy, "search", "融资", "--json"), ZH), "json"),
        Timed(Command("zh: show 14 --no-pager", (fwmy, "show", "14", "--no-pager"), ZH), "rich"),
        Timed(Command("zh: --help", (fwmy, "--help"), ZH), "help"),
        Timed(Command("zh: completion: show 1<TAB>", (fwmy,), {**completion, **ZH}), "completion"),
    ]


def measure(timed: list[Timed], runs: int, warmup: int, engine: str) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Wall times in ms, and the exit code of one untimed run of each command (a failing one is timed all the same)."""
    commands = [t.command for t in timed]
    with Runner() as runner:
        codes = {c.name: runner.run(c).exit_code for c in commands}
        if engine == "hyperfine":
            return run_hyperfine(commands, runs, warmup), codes
        samples = run_round_robin(runner, commands, runs, warmup)
    return {name: [s.wall_ms for s in of_command] for name, of_command in samples.items()}, codes


def results_of(timed: list[Timed], times: dict[str, list[float]], codes: dict[str, int]) -> list[dict]:
    reference = Summary.of(times[REFERENCE]).median_ms
    one_word = Summary.of(times[ONE_WORD]).median_ms
    results = []
    for t in timed:
        summary = Summary.of(times[t.command.name])
        ratio = summary.median_ms / reference
        target = TARGETS.get(t.kind)
        if t.kind == "question":  # judged against a one-word search, not the typer import
            target, ratio_judged = QUESTION_TARGET, summary.median_ms / one_word
        else:
            ratio_judged = ratio
        results.append(
            {
                "name": t.command.name,
                "kind": t.kind,
                "argv": list(t.command.argv),
                "env": t.command.env,
                "exit_code": codes[t.command.name],
                "runs": summary.runs,
                "median_ms": round(summary.median_ms, 1),
                "q1_ms": round(summary.q1_ms, 1),
                "q3_ms": round(summary.q3_ms, 1),
                "ratio_to_typer_import": round(ratio, 2),
                "ratio_to_one_word_search": round(summary.median_ms / one_word, 2),
                "target_ratio": target,
                "passed": None if target is None else ratio_judged <= target,
            }
        )
    return results


def print_table(results: list[dict]) -> None:
    print(f"{'command':<29} {'median ms':>9} {'IQR ms':>7} {'× typer':>7}  {'target':>10}  result  exit")
    for r in results:
        target = f"≤{r['target_ratio']}×" if r["target_ratio"] else ""
        if r["kind"] == "question":
            target = f"{r['ratio_to_one_word_search']:.2f}/≤{r['target_ratio']}×"
        elif r["kind"] == "meaning":
            target = f"{r['ratio_to_one_word_search']:.2f}×"
        verdict = {True: "PASS", False: "FAIL", None: ""}[r["passed"]]
        iqr = r["q3_ms"] - r["q1_ms"]
        print(
            f"{pad(r['name'], 29)} {r['median_ms']:>9.1f} {iqr:>7.1f} {r['ratio_to_typer_import']:>6.2f}×"
            f"  {target:>10}  {verdict:<6}  {r['exit_code']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each command first (default 3)")
    parser.add_argument("--python", help="the interpreter (or venv folder) whose fwmy to time; default: this one")
    parser.add_argument("--engine", choices=("auto", "hyperfine", "builtin"), default="auto")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--keep-bytecode-setting", action="store_true", help=BYTECODE_HELP)
    args = parser.parse_args()
    if not args.keep_bytecode_setting:
        cache_bytecode_as_installed()

    engine = args.engine
    if engine == "auto":
        engine = "hyperfine" if hyperfine_available() else "builtin"
    python = resolve_python(args.python)
    timed = commands_for(python)
    environment = environment_of(python)
    if not args.json:
        print(describe(environment))
        print(f"engine: {engine}, {args.runs} runs after {args.warmup} warm-up runs\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="fwmy-startup-") as cache_folder:
        # A cache of the benchmark's own, filled by the warm-up: the user's cache is neither used nor touched.
        os.environ.update(cache_environment(Path(cache_folder)))
        os.environ["FWMY_LANG"] = "en"  # the rows not marked zh: English, whatever the machine's locale
        results = results_of(timed, *measure(timed, args.runs, args.warmup, engine))
    if args.json:
        document = {"environment": environment, "engine": engine, "runs": args.runs, "reference": REFERENCE}
        json.dump({**document, "results": results}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_table(results)


if __name__ == "__main__":
    main()
