"""fwmy similar against the most related cases a reader chose for each case (related.toml).

    python benchmarks/similar/evaluate.py            # agreement of the top 3
    python benchmarks/similar/evaluate.py --per-case

For each case the reader named three related cases by what the cases do (a link kept only to fill the
three slots is marked weak). Agreement is the share of fwmy's top three that the reader named; "strong"
counts only the links not marked weak. Unrelated in the top three: fwmy's picks the reader did not name.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fuwumaoyi_cli.cases.loader import load_dataset, read_toml
from fuwumaoyi_cli.similar import similar

HERE = Path(__file__).parent
TOP = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-case", action="store_true")
    args = parser.parse_args()
    dataset = load_dataset()
    judged = read_toml(HERE / "related.toml")["cases"]
    agree = strong = 0
    cases_with_unrelated = 0
    for entry in judged:
        named = {r["id"] for r in entry["related"]}
        firm = {r["id"] for r in entry["related"] if not r.get("weak")}
        top = [s.case.id for s in similar(dataset, entry["id"], limit=TOP).similar]
        agree += len(set(top) & named)
        strong += len(set(top) & firm)
        unrelated = [i for i in top if i not in named]
        cases_with_unrelated += bool(unrelated)
        if args.per_case:
            print(f"{entry['id']:>2}: fwmy {top}  reader {sorted(named)}  not named: {unrelated}")
    total = TOP * len(judged)
    print(f"{len(judged)} cases: top-{TOP} agreement {agree / total:.3f} ({agree}/{total}), with strong links only")
    print(f"{strong}/{total}; cases with a pick the reader did not name: {cases_with_unrelated}")


if __name__ == "__main__":
    main()
