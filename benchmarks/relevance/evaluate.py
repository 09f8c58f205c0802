"""Relevance of fwmy search against judged queries, beside two baselines.

    python benchmarks/relevance/evaluate.py                     # every set but the held-out ones, per kind
    python benchmarks/relevance/evaluate.py --set dev --per-query
    python benchmarks/relevance/evaluate.py --set heldout       # only to report, never while tuning (also heldout2)

Sets (every query judged 0–3 per case by reading the cases, before any tuning):
- keywords: judgments.toml, 72 keyword queries of nine kinds (Chinese, pinyin, initials, English, typos…);
- dev: questions-dev.toml, 67 natural-language queries to tune on, by a first reader;
- dev2: questions-dev2.toml, 67 more by a second reader: the first held-out half, reported once and then
  tuned on (docs/search.md says why);
- dev3: questions-dev3.toml, 60 more by a fourth reader, blind to the engine: paraphrases in everyday words
  (30), English questions (10) and off-topic questions (20), written after the held-out set showed
  paraphrases to be the weak kind;
- dev4: questions-dev4.toml, 46 more by a fifth reader (E), blind to the engine, its tables and the other
  sets: paraphrases in everyday words (30), English questions (8) and off-topic questions (8), written
  because dev3's gains on paraphrases transferred poorly to the held-out set;
- dev5: questions-dev5.toml, 60 more by a sixth reader (F), blind in the same way: paraphrases (30),
  Chinese and English questions (10, 8) and off-topic questions (12), written when dev4 and the held-out
  set disagreed on paraphrases; its first run was taken before anything was tuned on it;
- dev6: questions-dev6.toml, 36 more by a seventh reader (G), blind in the same way: Chinese descriptions and
  questions, many of them long (14, 12), and off-topic questions (10), written when the held-out set showed
  the reading of long questions of 2026-12-02 (59ea491) to have lost two descriptions, to choose among its
  parts on questions nobody had tuned on;
- heldout: questions-heldout.toml, 67 more by a third reader, blind to the engine, its tables and the
  other sets, never tuned on: only its totals are printed;
- heldout2: questions-heldout2.toml, 56 more by an eighth reader (H), blind in the same way (paraphrases 20,
  Chinese descriptions and questions 8 and 8, English questions 6, region and topic 4, off-topic 10), written
  2026-12-03 while the rule of fd4e9da was chosen on the development sets, and first run on d9f9df2: held out
  like heldout.

Natural-language sets have five kinds of questions and one of off-topic questions, which must find nothing:
for those the table gives the share that did. Baselines: grep (cases ranked by how often the query string
occurs, as Ctrl-F finds it) and bm25 (BM25 over overlapping character bigrams and Latin words, what an
engineer writes in an afternoon).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import tomllib

from fuwumaoyi_cli.cases.loader import load_dataset
from fuwumaoyi_cli.cases.model import Dataset
from fuwumaoyi_cli.search import search

K = 10
HERE = Path(__file__).parent
SETS = {
    "keywords": "judgments.toml",
    "dev": "questions-dev.toml",
    "dev2": "questions-dev2.toml",
    "dev3": "questions-dev3.toml",
    "dev4": "questions-dev4.toml",
    "dev5": "questions-dev5.toml",
    "dev6": "questions-dev6.toml",
    "heldout": "questions-heldout.toml",
    "heldout2": "questions-heldout2.toml",
}
OFF_TOPIC = "off_topic"


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


def grep_ranking(dataset: Dataset, query: str) -> list[int]:
    needle = query.strip().lower()
    counts = {c.id: "\n".join(b.text for b in c.blocks()).lower().count(needle) for c in dataset.cases}
    return [i for i in sorted(counts, key=lambda i: (-counts[i], i)) if counts[i] > 0][:K]


def tokens(text: str) -> list[str]:
    """Overlapping bigrams of each run of ideographs, and Latin words."""
    out = []
    for run in re.findall(r"[\u4e00-\u9fff]+|[a-z0-9]+", text.lower()):
        out += [run] if run.isascii() or len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    return out


class Bm25:
    """The afternoon baseline: BM25 (k1 1.2, b 0.75) over tokens() of each case's whole text."""

    def __init__(self, dataset: Dataset):
        self.docs = {c.id: Counter(tokens("\n".join(b.text for b in c.blocks()))) for c in dataset.cases}
        self.lengths = {i: sum(d.values()) for i, d in self.docs.items()}
        self.average = sum(self.lengths.values()) / len(self.lengths)
        self.df = Counter(t for d in self.docs.values() for t in d)

    def ranking(self, query: str) -> list[int]:
        n = len(self.docs)
        scores = {}
        for i, doc in self.docs.items():
            norm = 1.2 * (0.25 + 0.75 * self.lengths[i] / self.average)
            scores[i] = sum(
                math.log(1 + (n - self.df[t] + 0.5) / (self.df[t] + 0.5)) * doc[t] * 2.2 / (doc[t] + norm)
                for t in set(tokens(query))
                if doc[t]
            )
        return [i for i in sorted(scores, key=lambda i: (-scores[i], i)) if scores[i] > 0][:K]


def load_set(name: str) -> list[dict]:
    """The queries of a set, each with its grades as {case id: grade}."""
    data = tomllib.loads((HERE / SETS[name]).read_text(encoding="utf-8"))
    topics = {n: t["grades"] for n, t in data.get("topics", {}).items()}
    out = []
    for q in data["queries"]:
        grades = q["grades"] if "grades" in q else topics[q["topic"]]
        out.append({"query": q["query"], "kind": q["kind"], "grades": {int(k): v for k, v in grades.items()}})
    return out


def evaluate(name: str, dataset: Dataset, bm25: Bm25, per_query: bool) -> list[str]:
    """Markdown rows of one set: per kind, nDCG@10 and recall@10 of fwmy and the baselines."""
    rankers = {
        "fwmy": lambda q: fwmy_ranking(dataset, q),
        "bm25": bm25.ranking,
        "grep": lambda q: grep_ranking(dataset, q),
    }
    by_kind: dict[str, list[dict[str, tuple[float, float]]]] = defaultdict(list)
    for q in load_set(name):
        rankings = {r: rank(q["query"]) for r, rank in rankers.items()}
        if q["kind"] == OFF_TOPIC:
            row = {r: (float(not ranking), float(not ranking)) for r, ranking in rankings.items()}
        else:
            row = {r: (ndcg(ranking, q["grades"]), recall(ranking, q["grades"])) for r, ranking in rankings.items()}
        by_kind[q["kind"]].append(row)
        if per_query:
            shown = "  ".join(f"{r} {row[r][0]:.2f}" for r in rankers)
            print(f"{q['kind']:<14} {shown}  {rankings['fwmy']}  {q['query']}", file=sys.stderr)
    on_topic = [row for kind, rows in by_kind.items() if kind != OFF_TOPIC for row in rows]
    lines = []
    groups = sorted(by_kind.items(), key=lambda kv: (kv[0] == OFF_TOPIC, kv[0]))
    if len(groups) > 1 and on_topic:
        groups.append(("**all on-topic**", on_topic))
    for kind, rows in groups:
        cells = []
        for r in rankers:
            means = [sum(row[r][i] for row in rows) / len(rows) for i in (0, 1)]
            cells.append(
                f"{means[0]:.3f} | {means[1]:.3f}" if kind != OFF_TOPIC else f"{means[0]:.2f} found nothing | "
            )
        lines.append(f"| {name} | {kind} | {len(rows)} | " + " | ".join(cells) + " |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="tuning", help="default: keywords and dev to dev6")
    parser.add_argument("--per-query", action="store_true", help="each query's scores and ranking (not for heldout)")
    args = parser.parse_args()
    tuning = [name for name in SETS if not name.startswith("heldout")]
    names = {"all": list(SETS), "tuning": tuning}.get(args.set, [args.set])
    dataset = load_dataset()
    bm25 = Bm25(dataset)
    columns = [f"{r} {m}@10" for r in ("fwmy", "bm25", "grep") for m in ("nDCG", "recall")]
    print("| set | kind | queries | " + " | ".join(columns) + " |")
    print("|---|---|---:|" + "---:|" * len(columns))
    for name in names:
        # The held-out half is read only to report: its queries are never printed one by one.
        for line in evaluate(name, dataset, bm25, args.per_query and not name.startswith("heldout")):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
