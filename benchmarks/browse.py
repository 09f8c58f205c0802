"""How long `fwmy browse` waits for a search at each keystroke: in-process, as its search thread calls it.

    python benchmarks/browse.py                  # the bundled 20 cases and a file of 2,000 synthetic cases
    python benchmarks/browse.py --sizes 2000 10000 --runs 9 --json

Each query is typed a character at a time (r, ro, ron … rongzi), and every prefix is searched as the
reader's worker thread does (`Session.listing`: the query under the filters, HIT_LIMIT hits with their
snippets). Each prefix is timed `--runs` times after one warm-up run that fills the caches a session keeps
(the query planner, the index); the median of its runs is its latency. Reported per query: the median over
its prefixes and the slowest prefix; per file: the median and the slowest over all prefixes. Targets
(issue 13): one frame (16 ms) for the bundled data, well under 100 ms for 2,000 cases. The synthetic files
come from benchmarks/make_corpus.py. Nothing here starts a process or a screen: this is the search itself,
which the reader runs off its UI thread.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from make_corpus import DEFAULT_SEED, corpus_file
from timing import pad

from fuwumaoyi_cli.browse.session import Session
from fuwumaoyi_cli.cases.loader import prepare
from fuwumaoyi_cli.search.engine import prepared_index

# What people type, a character at a time: pinyin, initials, Chinese (as an IME commits it: a word at a
# time), English, a typo, several words, a question.
TYPED = {
    "rongzi (pinyin)": [*"rongzi"],
    "zscq (initials)": [*"zscq"],
    "融资 (Chinese)": ["融", "资"],
    "知识产权 质押": ["知识", "产权", " ", "质押"],
    "financing (English)": [*"financing"],
    "区快链 (typo)": ["区", "快", "链"],
    "question": [*"how can a small firm get a loan"],
}
TARGETS_MS = {"bundled": 16.0, "2000": 100.0}


def prefixes(keys: list[str]) -> list[str]:
    typed, out = "", []
    for key in keys:
        typed += key
        if typed.strip():
            out.append(typed)
    return out


def measure(session: Session, query: str, runs: int) -> float:
    session.listing(query)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        session.listing(query)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def benchmark(path: Path | None, runs: int) -> dict:
    prepared = prepare(path)
    session = Session(prepared.dataset, prepared_index(prepared))
    session.listing("")  # the list at start: every case
    queries = {}
    for name, keys in TYPED.items():
        latencies = {prefix: measure(session, prefix, runs) for prefix in prefixes(keys)}
        queries[name] = {
            "median_ms": statistics.median(latencies.values()),
            "slowest_ms": max(latencies.values()),
            "slowest_prefix": max(latencies, key=latencies.__getitem__),
            "per_prefix_ms": latencies,
        }
    every = [ms for q in queries.values() for ms in q["per_prefix_ms"].values()]
    return {
        "cases": len(prepared.dataset.cases),
        "median_ms": statistics.median(every),
        "slowest_ms": max(every),
        "queries": queries,
    }


def report(label: str, result: dict) -> None:
    keystrokes = sum(len(q["per_prefix_ms"]) for q in result["queries"].values())
    print(f"\n{label}: {result['cases']} cases, {keystrokes} keystrokes")
    print(f"{'query':<24} {'median ms':>10} {'slowest ms':>11}  slowest prefix")
    for name, q in result["queries"].items():
        print(f"{pad(name, 24)} {q['median_ms']:>10.1f} {q['slowest_ms']:>11.1f}  {q['slowest_prefix']!r}")
    print(f"{'every keystroke':<24} {result['median_ms']:>10.1f} {result['slowest_ms']:>11.1f}")
    target = TARGETS_MS.get(label)
    if target is not None:
        verdict = "PASS" if result["slowest_ms"] <= target else "FAIL"
        print(f"{verdict}: slowest keystroke {result['slowest_ms']:.1f} ms, target {target:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000], help="synthetic files, by number of cases")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per prefix (after one warm-up)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        os.environ["FWMY_CACHE_DIR"] = cache  # a file's prepared index is made once, here, not in the user's cache
        results = {"bundled": benchmark(None, args.runs)}
        for size in args.sizes:
            results[str(size)] = benchmark(corpus_file(size, args.seed), args.runs)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(f"python {sys.version.split()[0]}, {args.runs} runs per prefix after a warm-up; medians")
    for label, result in results.items():
        report(label, result)


if __name__ == "__main__":
    main()
