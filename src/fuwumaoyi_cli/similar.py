"""The cases most related to one case: by what they say (TF-IDF over character bigrams) and by shared tags."""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.ids import lookup_case
from fuwumaoyi_cli.cases.model import Case, Dataset
from fuwumaoyi_cli.ngrams import SHORTEST, ngram_index, ngrams

# What the cases say weighs more than the tags an editor gave them; the tags settle near ties.
TEXT_WEIGHT, TAG_WEIGHT = 0.7, 0.3
REASON_NGRAMS = 5

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
    """Unit-length TF-IDF vectors of each case's bigrams.

    Bigrams every case uses carry no information (idf 0); bigrams only one case uses can never be
    shared, and leaving them out keeps a long case from looking unlike everything.
    """
    texts = ngram_index(dataset).texts
    counts = {case_id: ngrams(text, longest=SHORTEST) for case_id, text in texts.items()}
    frequency: Counter[str] = Counter()
    for grams in counts.values():
        frequency.update(grams.keys())
    n_cases = len(texts)
    vectors = {}
    for case_id, grams in counts.items():
        weights = {
            gram: (1 + math.log(count)) * math.log(n_cases / frequency[gram])
            for gram, count in grams.items()
            if 2 <= frequency[gram] < n_cases
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[case_id] = {gram: w / norm for gram, w in weights.items()}
    return vectors


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(gram, 0.0) for gram, w in a.items())


def _jaccard(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 0.0


def similar(dataset: Dataset, case_id: int, limit: int = 5) -> SimilarResult:
    """The `limit` cases most like case `case_id`, best first.

    score = 100 × (0.7 × √cosine + 0.3 × Jaccard of tags); the square root spreads cosines, which
    between different texts sit mostly in 0.05–0.4. Raises UnknownCase (a LookupError) for an unknown id and
    ValueError for a limit below 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be 1 or more, not {limit}")
    case = lookup_case(dataset, case_id)
    vectors = _bigram_vectors(dataset)
    index = ngram_index(dataset)
    ranked = []
    for other in dataset.cases:
        if other.id == case.id:
            continue
        cosine = max(0.0, min(1.0, _cosine(vectors[case.id], vectors[other.id])))
        score = round(100 * (TEXT_WEIGHT * math.sqrt(cosine) + TAG_WEIGHT * _jaccard(case.tags, other.tags)))
        if score > 0:  # nothing in common is not "similar"
            ranked.append((score, cosine, other))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2].id))
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
