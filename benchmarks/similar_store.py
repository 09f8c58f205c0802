"""How often `similar` from a large file's store (candidates by each case's heaviest bigrams) gives what
working it out against every case gives.

    python benchmarks/similar_store.py                  # 2,000 synthetic cases, 100 cases asked about
    python benchmarks/similar_store.py --cases 10000 --sample 20

For each case asked about: whether the top 5 are the same cases in the same order, and how many of the top 5
are the same. The exact answer comes from the dataset read from the file (no store); the other from the
store that fwmy builds for a file of that size, in a scratch cache folder.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

from make_corpus import DEFAULT_SEED, corpus_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2_000)
    parser.add_argument("--sample", type=int, default=100, help="how many cases to ask about")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    path = corpus_file(args.cases, args.seed)
    with tempfile.TemporaryDirectory(prefix="fwmy-similar-") as scratch:
        os.environ["FWMY_CACHE_DIR"] = scratch
        from fuwumaoyi_cli.cases import loader
        from fuwumaoyi_cli.similar import similar

        if path.stat().st_size < loader.STORE_FROM_BYTES:
            sys.exit(f"{args.cases:,} cases make {path.stat().st_size:,} bytes: too few for a store")
        exact_data = loader._read_checked(path, str(path))[0]  # noqa: SLF001 - the file itself, no store
        stored_data = loader.prepare(path).dataset
        asked = random.Random(args.seed).sample(list(exact_data.ids), min(args.sample, len(exact_data.ids)))
        same_order = overlap = 0
        exact_s = stored_s = 0.0
        for case_id in asked:
            start = time.perf_counter()
            exact = [s.case.id for s in similar(exact_data, case_id).similar]
            exact_s += time.perf_counter() - start
            start = time.perf_counter()
            stored = [s.case.id for s in similar(stored_data, case_id).similar]
            stored_s += time.perf_counter() - start
            same_order += exact == stored
            overlap += len(set(exact) & set(stored))
    n = len(asked)
    print(f"{args.cases:,} cases, {n} asked about (seed {args.seed})")
    print(f"top 5 the same, in the same order: {same_order}/{n} ({same_order / n:.1%})")
    print(f"of the top 5, the same cases: {overlap / (5 * n):.1%}")
    print(f"in-process time per case: every case {exact_s / n * 1000:.0f} ms (its vectors made once for all),")
    print(f"store {stored_s / n * 1000:.0f} ms (its first call builds the store's vectors)")


if __name__ == "__main__":
    main()
