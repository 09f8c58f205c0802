"""Full-text search over the cases (first version: exact, case-insensitive substrings).

The interface is final; matching and ranking will grow behind it.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import Block, Case, Dataset

FIELD_WEIGHTS = {"title": 6.0, "title_en": 4.0, "tags": 5.0, "provider": 4.0, "heading": 3.0, "lead": 3.0,
                 "figure": 1.5, "intro": 2.0, "body": 1.0}
SNIPPET_WIDTH = 80


@dataclass(frozen=True)
class Snippet:
    """A piece of a case's text around a match, naming where it stands."""

    where: str
    section_kind: str | None
    text: str
    highlights: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "section": self.section_kind, "text": self.text,
                "highlights": [list(span) for span in self.highlights]}


@dataclass(frozen=True)
class Match:
    """Why a case matched: which query term, in which field, in what form, and the text it found."""

    term: str
    field: str
    form: str
    matched: str

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "field": self.field, "form": self.form, "matched": self.matched}


@dataclass(frozen=True)
class Hit:
    case: Case
    score: float
    matches: tuple[Match, ...]
    snippets: tuple[Snippet, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.case.summary_dict(), "score": round(self.score, 1),
                "matches": [m.to_dict() for m in self.matches],
                "snippets": [s.to_dict() for s in self.snippets]}


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    all_terms_matched: bool
    suggestions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "terms": list(self.terms), "hits": [h.to_dict() for h in self.hits],
                "all_terms_matched": self.all_terms_matched, "suggestions": list(self.suggestions)}


class SearchIndex:
    """Placeholder: the prepared forms of a dataset's text (to come)."""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _snippet(block: Block, term: str) -> Snippet:
    folded = _fold(block.text)
    at = folded.find(term)
    start = max(0, at - (SNIPPET_WIDTH - len(term)) // 2)
    end = min(len(block.text), start + SNIPPET_WIDTH)
    text = ("…" if start else "") + block.text[start:end] + ("…" if end < len(block.text) else "")
    offset = 1 if start else 0
    spans, pos = [], folded.find(term, start)
    while pos != -1 and pos + len(term) <= end:
        spans.append((pos - start + offset, pos - start + offset + len(term)))
        pos = folded.find(term, pos + len(term))
    return Snippet(block.where, block.section.kind if block.section else None, text, tuple(spans))


def search(dataset: Dataset, query: str, *, limit: int = 10, case_filter: Callable[[Case], bool] | None = None,
           index: SearchIndex | None = None) -> SearchResult:
    terms = tuple(dict.fromkeys(_fold(query).split()))
    scored = []
    for case in dataset.cases:
        if case_filter is not None and not case_filter(case):
            continue
        score, matches, blocks = 0.0, [], []
        for term in terms:
            found = [(b, _fold(b.text).count(term)) for b in case.blocks() if term in _fold(b.text)]
            if not found:
                break
            score += sum(FIELD_WEIGHTS.get(b.field, 1.0) * n for b, n in found)
            matches += [Match(term, b.field, "exact", term) for b in dict((b.field, b) for b, _ in found).values()]
            blocks += [(b, term) for b, _ in found]
        else:
            if terms:
                snippets = tuple(_snippet(b, t) for b, t in blocks[:3])
                scored.append(Hit(case, score, tuple(matches), snippets))
    if scored:
        top = max(h.score for h in scored)
        scored = [Hit(h.case, 100 * h.score / top, h.matches, h.snippets) for h in scored]
    hits = tuple(sorted(scored, key=lambda h: (-h.score, h.case.id))[:limit])
    return SearchResult(query, terms, hits, True, ())
