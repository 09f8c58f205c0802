"""The cases most related to one case: by what they say (TF-IDF over character bigrams) and by shared tags."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.ids import lookup_case
from fuwumaoyi_cli.cases.model import Case, Dataset
from fuwumaoyi_cli.ngrams import SHORTEST, ngram_index, ngrams, prose

# What the cases say weighs more than the tags an editor gave them; the tags settle near ties.
TEXT_WEIGHT, TAG_WEIGHT = 0.7, 0.3
REASON_NGRAMS = 5
# A large file's store keeps each case's TOP_BIGRAMS heaviest bigrams indexed; the CANDIDATES cases that weigh
# most on them are the ones whose full cosine is worked out (benchmarks/scale.py: agreement with all cases).
TOP_BIGRAMS, CANDIDATES = 64, 200

Vector = dict[str, float]


class SimilarCase(NamedTuple):
    case: Case
    score: int  # 0–100
    text_similarity: float  # cosine of the two cases' bigram vectors, 0–1
    shared_tags: tuple[str, ...]
    shared_ngrams: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case.summary_dict(),
            "score": self.score,
            "text_similarity": round(self.text_similarity, 3),
            "shared_tags": list(self.shared_tags),
            "shared_ngrams": list(self.shared_ngrams),
            "shared_terms": list(self.shared_ngrams),  # the former name, kept for one release
        }


class SimilarResult(NamedTuple):
    case: Case
    similar: tuple[SimilarCase, ...]  # most similar first

    def to_dict(self) -> dict[str, Any]:
        return {"case": self.case.summary_dict(), "similar": [s.to_dict() for s in self.similar]}


@lru_cache(maxsize=4)
def _bigram_vectors(dataset: Dataset) -> dict[int, Vector]:
    """Unit-length TF-IDF vectors of each case's bigrams, by id."""
    texts = ngram_index(dataset).texts
    return dict(zip(texts, _vectors(list(texts.values())), strict=True))


def _vectors(texts: Sequence[str]) -> Iterator[Vector]:
    """Unit-length TF-IDF vectors of the bigrams of each text, in order.

    Bigrams every case uses carry no information (idf 0); bigrams only one case uses can never be
    shared, and leaving them out keeps a long case from looking unlike everything. Counted text by text,
    twice, so that only one text's counts are held at a time.
    """
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update(ngrams(text, longest=SHORTEST).keys())
    n_cases = len(texts)
    for text in texts:
        weights = {
            gram: (1 + math.log(count)) * math.log(n_cases / frequency[gram])
            for gram, count in ngrams(text, longest=SHORTEST).items()
            if 2 <= frequency[gram] < n_cases
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        yield {gram: w / norm for gram, w in weights.items()}


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(gram, 0.0) for gram, w in a.items())


def _jaccard(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 0.0


def _text_neighbours(dataset: Dataset, case: Case) -> list[tuple[Case, float]]:
    """The other cases with the cosine of their bigram vectors to `case`'s: all of them, or for a large file's
    store (cases/store.py) the CANDIDATES whose heaviest bigrams weigh most against the case's."""
    vector_index = getattr(dataset.cases, "vector_index", None)
    stored = None
    if vector_index is not None:  # the texts are read only when the index is built, once per file version
        stored = vector_index("bigrams", lambda: enumerate(_vectors([prose(c) for c in dataset.cases])), TOP_BIGRAMS)
    if stored is not None:
        position = dataset.ids.index(case.id)
        try:
            mine = stored.vectors([position])[position]
            heaviest = dict(sorted(mine.items(), key=lambda item: -item[1])[:TOP_BIGRAMS])
            near = [p for p in stored.candidates(heaviest, CANDIDATES + 1) if p != position][:CANDIDATES]
            vectors = stored.vectors(near)
            return [(dataset.cases[p], _clamped(_cosine(mine, vectors[p]))) for p in near]
        except LookupError:
            pass  # a damaged store: worked out from the cases, as for a small file
    every = _bigram_vectors(dataset)
    return [(o, _clamped(_cosine(every[case.id], every[o.id]))) for o in dataset.cases if o.id != case.id]


def _clamped(cosine: float) -> float:
    return max(0.0, min(1.0, cosine))


def similar(dataset: Dataset, case_id: int, limit: int = 5) -> SimilarResult:
    """The `limit` cases most like case `case_id`, best first.

    score = 100 × (0.7 × √cosine + 0.3 × Jaccard of tags); the square root spreads cosines, which
    between different texts sit mostly in 0.05–0.4. Raises UnknownCase (a LookupError) for an unknown id and
    ValueError for a limit below 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be 1 or more, not {limit}")
    case = lookup_case(dataset, case_id)
    ranked = []
    for other, cosine in _text_neighbours(dataset, case):
        score = round(100 * (TEXT_WEIGHT * math.sqrt(cosine) + TAG_WEIGHT * _jaccard(case.tags, other.tags)))
        if score > 0:  # nothing in common is not "similar"
            ranked.append((score, cosine, other))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2].id))
    index = ngram_index(dataset)
    return SimilarResult(
        case=case,
        similar=tuple(
            SimilarCase(
                case=other,
                score=score,
                text_similarity=cosine,
                shared_tags=tuple(t for t in case.tags if t in other.tags),
                shared_ngrams=index.shared_ngrams([case.id, other.id], REASON_NGRAMS),
            )
            for score, cosine, other in ranked[:limit]
        ),
    )
