"""How fwmy's time and peak memory grow with the size of the cases file.

    python benchmarks/scale.py                    # bundled 20 cases, then 200, 2,000 and 10,000 synthetic cases
    python benchmarks/scale.py --sizes 200 2000 --runs 3 --json

Times `fwmy --data FILE search 融资 --json`, `show 1 --json`, `list --json`, `stats`, `compare`, `figures`, the
bash completion of a case id (and with --similar, `similar`), and the same without --data on the bundled
file; checks issue 16's targets at 10,000 cases (each command's ratio to its bundled time, peak memory).
Each command's first run (which prepares the file) is reported apart from the median of the runs after it:
every command gets its own empty cache folder (FWMY_CACHE_DIR and XDG_CACHE_HOME) and its own fresh copy of
the file (with a unique first line, so no cache keyed on path, time or content can already know it). All
(file, command) pairs are interleaved round-robin. Peak memory is each child's own ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from make_corpus import DEFAULT_SEED, REAL_DATA, corpus_file
from timing import (
    BYTECODE_HELP,
    Command,
    Runner,
    Sample,
    Summary,
    cache_bytecode_as_installed,
    cache_environment,
    describe,
    environment_of,
    fwmy_next_to,
    pad,
    resolve_python,
    run_round_robin,
)

COMMANDS = {
    "search 融资 --json": ("search", "融资", "--json"),
    "show 1 --json": ("show", "1", "--json"),
    "list --json": ("list", "--json"),
    "stats --json": ("stats", "--json"),
    "compare 1 2 --json": ("compare", "1", "2", "--json"),
    "figures 1 --json": ("figures", "1", "--json"),
}
COMPLETION = "TAB: show 1<TAB>"  # bash completion of a case id, as the shell runs it
SIMILAR = "similar 1 --json"  # with --similar: the slowest command by far on a large file
# issue 16: at 10,000 cases, warm, each command within this multiple of the same command on the bundled file,
# and every command's peak memory within PEAK_MB.
LARGE_SIZE = 10_000
LARGE_RATIOS = {
    "search 融资 --json": 3.0,
    "show 1 --json": 2.5,
    "list --json": 2.5,
    "stats --json": 2.5,
    COMPLETION: 1.5,
    "compare 1 2 --json": 3.0,
    SIMILAR: 3.0,
}
PEAK_MB = 200
TARGET_SIZE, TARGET_RATIO = 2_000, 4.0  # issue 6: search on 2,000 cases after the first run ≤ 4× bundled
LINEAR_WITH_NOISE = 1.1  # linear growth adds the same time per case at every size; 10% is left to the noise
BUNDLED = "bundled"
# `fwmy --version` imports the CLI and stops before loading any data: the fixed cost every command pays.
FIXED_COST = "--version"


@dataclass(frozen=True)
class Corpus:
    label: str  # "bundled", or the number of cases
    cases: int
    path: Path | None  # None: the bundled file, no --data


def fresh_copy(source: Path, folder: Path, name: str) -> Path:
    """A copy no cache can have seen: a new path, a new modification time and a unique first line."""
    copy = folder / name
    with copy.open("wb") as out:
        out.write(f"# fresh copy {uuid.uuid4()}\n".encode())
        with source.open("rb") as original:
            shutil.copyfileobj(original, out)
    return copy


def chosen_commands(with_similar: bool) -> dict[str, tuple[str, ...] | None]:
    """The commands timed on each file (None: the completion of a case id)."""
    chosen: dict[str, tuple[str, ...] | None] = {**COMMANDS, COMPLETION: None}
    if with_similar:
        chosen[SIMILAR] = tuple(SIMILAR.split())
    return chosen


def plan(
    corpora: list[Corpus], fwmy: str, folder: Path, chosen: dict[str, tuple[str, ...] | None]
) -> list[tuple[Corpus, Command]]:
    pairs = [(Corpus(FIXED_COST, 0, None), Command(FIXED_COST, (fwmy, "--version"), cache_environment(folder)))]
    for corpus in corpora:
        for name, args in chosen.items():
            number = len(pairs)
            data: tuple[str, ...] = ()
            if corpus.path is not None:
                data = ("--data", str(fresh_copy(corpus.path, folder, f"{corpus.label}-{number}.toml")))
            env = cache_environment(folder / f"cache-{number}")
            if args is None:  # what bash runs on TAB after `fwmy [--data F] show 1`
                words = ["fwmy", *data, "show", "1"]
                env |= {"_FWMY_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(words)}
                env["COMP_CWORD"] = str(len(words) - 1)
                argv: tuple[str, ...] = (fwmy,)
            else:
                argv = (fwmy, *data, *args)
            pairs.append((corpus, Command(f"{corpus.label}: {name}", argv, env)))
    return pairs


def file_size(corpus: Corpus) -> int:
    if corpus.label == FIXED_COST:
        return 0
    return (corpus.path or REAL_DATA).stat().st_size


def growth_per_tenfold(small: tuple[int, float], large: tuple[int, float]) -> float | None:
    """How many times the cost grows when the cases grow 10×, from two (cases, cost) points."""
    (n1, c1), (n2, c2) = small, large
    if c1 <= 0 or c2 <= 0:
        return None  # no cost above the fixed one to compare, within the noise
    return (c2 / c1) ** (1 / math.log10(n2 / n1))


def step(small: dict, large: dict, fixed: dict) -> dict:
    """How one command's cost grew from one file size to the next."""

    def per_tenfold(key: str, base: float = 0.0) -> float | None:
        ratio = growth_per_tenfold((small["cases"], small[key] - base), (large["cases"], large[key] - base))
        return None if ratio is None else round(ratio, 2)

    added_cases = large["cases"] - small["cases"]
    return {
        "command": small["command"],
        "from": small["cases"],
        "to": large["cases"],
        "time_per_10x": per_tenfold("median_ms"),
        "time_above_fixed_per_10x": per_tenfold("median_ms", fixed["median_ms"]),
        "ms_per_1000_cases": round(1000 * (large["median_ms"] - small["median_ms"]) / added_cases, 1),
        "memory_per_10x": per_tenfold("peak_rss_mb"),
        # Memory above start-up is under 1 MB for small files, too little for a ratio: a slope instead.
        "memory_mb_per_1000_cases": round(1000 * (large["peak_rss_mb"] - small["peak_rss_mb"]) / added_cases, 1),
    }


def analyse(pairs: list[tuple[Corpus, Command]], first: dict[str, Sample], samples: dict[str, list[Sample]]) -> dict:
    rows = []
    for corpus, command in pairs:
        later = samples[command.name]
        summary = Summary.of([s.wall_ms for s in later])
        rows.append(
            {
                "corpus": corpus.label,
                "cases": corpus.cases,
                "file_mb": round(file_size(corpus) / 1e6, 2),
                "command": command.name.split(": ", 1)[-1],
                "argv": list(command.argv),
                "exit_code": first[command.name].exit_code,
                "first_ms": round(first[command.name].wall_ms, 1),
                "median_ms": round(summary.median_ms, 1),
                "q1_ms": round(summary.q1_ms, 1),
                "q3_ms": round(summary.q3_ms, 1),
                "first_peak_rss_mb": round(first[command.name].peak_rss_kb / 1024, 1),
                "peak_rss_mb": round(sorted(s.peak_rss_kb for s in later)[len(later) // 2] / 1024, 1),
            }
        )
    fixed = rows[0]
    by_key = {(r["corpus"], r["command"]): r for r in rows}
    sized = [r for r in rows[1:] if r["corpus"] != BUNDLED]
    names = list(dict.fromkeys(r["command"] for r in rows[1:]))
    growth = []
    for name in names:
        points = [r for r in sized if r["command"] == name]
        growth += [step(small, large, fixed) for small, large in zip(points, points[1:], strict=False)]
    checks = []

    def ratio_check(name: str, size: int, limit: float, when: str) -> None:
        """Whether `name` on `size` cases takes at most `limit` times its bundled median (when both ran)."""
        base, large = by_key.get((BUNDLED, name)), by_key.get((str(size), name))
        if base and large:
            ratio = large["median_ms"] / base["median_ms"]
            check = f"{name} on {size:,} cases, {when}, ≤ {limit}× bundled"
            checks.append({"check": check, "value": round(ratio, 2), "passed": ratio <= limit})

    ratio_check("search 融资 --json", TARGET_SIZE, TARGET_RATIO, "after the first run")
    for name, limit in LARGE_RATIOS.items():
        ratio_check(name, LARGE_SIZE, limit, "warm")
    for r in rows[1:]:
        if r["corpus"] == str(LARGE_SIZE):
            peak = max(r["peak_rss_mb"], r["first_peak_rss_mb"])
            checks.append(
                {
                    "check": f"{r['command']} on {LARGE_SIZE:,} cases: peak memory ≤ {PEAK_MB} MB (first run too)",
                    "value": peak,
                    "unit": "MB",
                    "passed": peak <= PEAK_MB,
                }
            )
    for name in names:
        steps = [g for g in growth if g["command"] == name]
        if len(steps) < 2:
            continue
        # Linear growth adds the same time per case at every size; compare the two largest steps, where the
        # added time is large beside the noise.
        before, last = steps[-2], steps[-1]
        ratio = last["ms_per_1000_cases"] / before["ms_per_1000_cases"] if before["ms_per_1000_cases"] > 0 else None
        checks.append(
            {
                "check": f"{name}: time per added case does not grow ({before['from']:,}→{before['to']:,} vs "
                f"{last['from']:,}→{last['to']:,} cases; linear = 1.0×, ≤ {LINEAR_WITH_NOISE}× allowed for noise)",
                "value": None if ratio is None else round(ratio, 2),
                "passed": None if ratio is None else ratio <= LINEAR_WITH_NOISE,
            }
        )
    return {"rows": rows, "growth": growth, "checks": checks}


def print_report(report: dict) -> None:
    print(
        f"{'cases':>9} {'MB':>6}  {'command':<20} {'first ms':>9} {'median ms':>9} {'IQR':>6} {'peak MB':>8}"
        f" {'1st MB':>7}  exit"
    )
    for r in report["rows"]:
        label = r["corpus"] if r["corpus"] in (BUNDLED, FIXED_COST) else f"{r['cases']:,}"
        times = f"{r['first_ms']:>9.0f} {r['median_ms']:>9.0f} {r['q3_ms'] - r['q1_ms']:>6.0f}"
        memory = f"{r['peak_rss_mb']:>8.1f} {r['first_peak_rss_mb']:>7.1f}"
        print(f"{label:>9} {r['file_mb']:>6.2f}  {pad(r['command'], 20)} {times} {memory}  {r['exit_code']}")
    print("\ngrowth per 10× cases (linear = 10×; 'above' subtracts `fwmy --version`, the fixed start-up)")
    print("and what each 1,000 added cases cost (linear: the same at every size)")
    print(f"{'command':<20} {'cases':>14} {'time':>7} {'above':>7} {'ms/1000':>8} {'memory':>7} {'MB/1000':>8}")
    for g in report["growth"]:
        time_ratios = [g["time_per_10x"], g["time_above_fixed_per_10x"]]
        shown = " ".join(f"{c:>6.2f}×" if c is not None else f"{'—':>7}" for c in time_ratios)
        print(
            f"{pad(g['command'], 20)} {g['from']:>6,}→{g['to']:>7,} {shown} {g['ms_per_1000_cases']:>8.0f}"
            f" {g['memory_per_10x']:>6.2f}× {g['memory_mb_per_1000_cases']:>8.1f}"
        )
    print()
    for c in report["checks"]:
        verdict = {True: "PASS", False: "FAIL", None: "N/A "}[c["passed"]]
        unit = c.get("unit", "×")
        value = "cost at the smaller size is within the noise" if c["value"] is None else f"{c['value']}{unit}"
        print(f"{verdict}  {c['check']}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=int, default=[200, 2_000, 10_000], help="synthetic file sizes")
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the first (default 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--python", help="the interpreter (or venv folder) whose fwmy to time; default: this one")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--similar", action="store_true", help=f"time `{SIMILAR}` too (minutes on 10,000 cases)")
    parser.add_argument("--keep-bytecode-setting", action="store_true", help=BYTECODE_HELP)
    args = parser.parse_args()
    if not args.keep_bytecode_setting:
        cache_bytecode_as_installed()

    python = resolve_python(args.python)
    fwmy = str(fwmy_next_to(python))
    environment = environment_of(python)
    corpora = [Corpus(BUNDLED, 20, None), Corpus("20", 20, REAL_DATA)]
    for size in sorted(args.sizes):
        print(f"making {size:,} cases…", file=sys.stderr, flush=True)
        corpora.append(Corpus(str(size), size, corpus_file(size, args.seed)))

    with tempfile.TemporaryDirectory(prefix="fwmy-scale-") as scratch:
        pairs = plan(corpora, fwmy, Path(scratch), chosen_commands(args.similar))
        commands = [command for _, command in pairs]
        with Runner() as runner:
            print("first runs…", file=sys.stderr, flush=True)
            first = {command.name: runner.run(command) for command in commands}
            failed = [name for name, sample in first.items() if sample.exit_code != 0]
            if failed:
                sys.exit(f"these commands failed, so their times would mean nothing: {', '.join(failed)}")
            samples = run_round_robin(runner, commands, args.runs, warmup=0)
            floor_mb = round(runner.floor_kb / 1024, 1)
    report = {**analyse(pairs, first, samples), "memory_floor_mb": floor_mb}
    if args.json:
        json.dump({"environment": environment, "runs": args.runs, **report}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(describe(environment))
        print(f"{args.runs} runs after the first, interleaved; seed {args.seed}\n")
        print_report(report)
        print(f"\n(peak memory at or below {floor_mb} MB would be the timing runner's own; see benchmarks/timing.py)")


if __name__ == "__main__":
    main()
