"""Relevance of fwmy search against judged queries, beside the grep baseline.

    PYTHONPATH=src python benchmarks/relevance/evaluate.py [--per-query]

Prints nDCG@10 and recall@10 per query kind and overall, for fwmy and for the baseline that ranks
cases by how often the query string occurs in them (case-insensitive, as Ctrl-F finds it).
Judgments: judgments.toml in this folder (grades 0–3, made by reading the cases).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path

import tomllib

from fuwumaoyi_cli.cases.loader import load_dataset
from fuwumaoyi_cli.cases.model import Dataset
from fuwumaoyi_cli.search import search

K = 10
JUDGMENTS = Path(__file__).with_name("judgments.toml")


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(gains[:K]))


def ndcg(ranking: list[int], grades: dict[int, int]) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(i, 0) for i in ranking]) / ideal if ideal else 1.0


def recall(ranking: list[int], grades: dict[int, int]) -> float:
    """Relevant cases (grade ≥ 1) in the top 10, out of as many as could fit there."""
    relevant = {i for i, g in grades.items() if g > 0}
    return len(relevant & set(ranking[:K])) / min(K, len(relevant)) if relevant else 1.0


def fwmy_ranking(dataset: Dataset, query: str) -> list[int]:
    return [hit.case.id for hit in search(dataset, query, limit=K).hits]


def baseline_ranking(dataset: Dataset, query: str) -> list[int]:
    needle = query.strip().lower()
    counts = {c.id: "\n".join(b.text for b in c.blocks()).lower().count(needle) for c in dataset.cases}
    return [i for i in sorted(counts, key=lambda i: (-counts[i], i)) if counts[i] > 0][:K]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="also print every query's scores and ranking")
    args = parser.parse_args()
    judged = tomllib.loads(JUDGMENTS.read_text(encoding="utf-8"))
    topics = {name: {int(k): v for k, v in t["grades"].items()} for name, t in judged["topics"].items()}
    dataset = load_dataset()
    by_kind: dict[str, list[tuple[float, float, float, float]]] = defaultdict(list)
    for q in judged["queries"]:
        grades = topics[q["topic"]]
        ours, base = fwmy_ranking(dataset, q["query"]), baseline_ranking(dataset, q["query"])
        row = (ndcg(ours, grades), recall(ours, grades), ndcg(base, grades), recall(base, grades))
        by_kind[q["kind"]].append(row)
        if args.per_query:
            scores = f"fwmy {row[0]:.3f}/{row[1]:.2f}  grep {row[2]:.3f}/{row[3]:.2f}"
            print(f"{q['kind']:<11} {q['query']:<24} {scores}  {ours}")
    everything = [row for rows in by_kind.values() for row in rows]
    print("| kind | queries | fwmy nDCG@10 | fwmy recall@10 | grep nDCG@10 | grep recall@10 |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, rows in [*by_kind.items(), ("**all**", everything)]:
        means = [sum(r[i] for r in rows) / len(rows) for i in range(4)]
        print(f"| {kind} | {len(rows)} | " + " | ".join(f"{m:.3f}" for m in means) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
