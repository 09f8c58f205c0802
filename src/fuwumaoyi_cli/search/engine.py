"""Full-text search over the cases: ranking, the reasons for each hit, and keyword-in-context snippets.

How it works (docs/search.md): the query is folded (width, case, traditional → simplified) and
planned into terms (search/query.py); every term must match, in any of its variants; each case gets a
BM25-like score from where its matches stand (title > tags > headings and point leads > intro > body)
and in what form (exact > english > fuzzy > pinyin > initials > synonym). Cases that a place named
in the query provided come first. When no case has every term, the cases with most terms are
returned and `all_terms_matched` is False.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases import cache
from fuwumaoyi_cli.cases.loader import Prepared, bundled_path, file_sha256
from fuwumaoyi_cli.cases.model import Block, Case, Dataset
from fuwumaoyi_cli.cases.places import place_names
from fuwumaoyi_cli.search.forms import edit_distance, english_key, starts_word
from fuwumaoyi_cli.search.index import SearchIndex, build_index, load_bundled_index
from fuwumaoyi_cli.search.query import QueryPlanner, Term
from fuwumaoyi_cli.search.synonyms import load_thesaurus
from fuwumaoyi_cli.text import fold_query, is_cjk

FIELD_WEIGHTS = {
    "title": 6.0,
    "title_en": 5.0,
    "tags": 5.0,
    "region": 4.0,
    "provider": 4.0,
    "heading": 3.0,
    "lead": 3.0,
    "caption": 2.0,
    "intro": 2.0,
    "body": 1.0,
}
FORM_WEIGHTS = {
    "exact": 1.0,
    "phrase": 1.0,
    "english": 0.9,
    "fuzzy": 0.8,
    "pinyin": 0.75,
    "initials": 0.7,
    "synonym": 0.5,
}
METADATA_FIELDS = ("title", "title_en", "tags", "provider", "region")
BM25_K1 = 1.2
BM25_B = 0.5  # cases differ in length by 3×; full normalisation would punish the long, thorough ones
SNIPPET_WIDTH = 60
SNIPPET_LEAD = 16  # characters shown before the first match
MAX_SNIPPETS = 3
MAX_MATCHES = 12
MAX_NEAR_SUGGESTIONS = 5


# The result records are named tuples: immutable and compared by value like frozen dataclasses, but each
# @dataclass compiles its methods when the module is imported (docs/architecture.md).
class Snippet(NamedTuple):
    """A piece of a case's text around a match, naming where it stands."""

    where: str
    section_kind: str | None
    text: str
    highlights: tuple[tuple[int, int], ...]  # [start, end) within text

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "section": self.section_kind,
            "text": self.text,
            "highlights": [list(span) for span in self.highlights],
        }


class Match(NamedTuple):
    """Why a case matched: which query term, in which field, in what form, and the text it found."""

    term: str
    field: str
    form: str
    matched: str

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "field": self.field, "form": self.form, "matched": self.matched}


class Hit(NamedTuple):
    case: Case
    score: float
    matches: tuple[Match, ...]
    snippets: tuple[Snippet, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.case.summary_dict(),
            "score": round(self.score, 1),
            "matches": [m.to_dict() for m in self.matches],
            "snippets": [s.to_dict() for s in self.snippets],
        }


class SearchResult(NamedTuple):
    query: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    all_terms_matched: bool
    suggestions: tuple[str, ...]
    total: int = 0  # cases that matched, before the limit cut them to `hits`

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "terms": list(self.terms),
            "hits": [h.to_dict() for h in self.hits],
            "total": self.total,
            "all_terms_matched": self.all_terms_matched,
            "suggestions": list(self.suggestions),
        }


class _Occurrence(NamedTuple):  # one per match found
    term: int
    block: int
    start: int  # in the folded block text
    end: int
    form: str
    matched: str


_last_used: tuple[Dataset, SearchIndex] | None = None


@functools.cache
def _bundled_index() -> SearchIndex | None:
    return load_bundled_index()


def index_for(dataset: Dataset, sha256: str | None = None) -> SearchIndex:
    """The bundled index when `dataset` is the bundled file unchanged, else one built for it.

    `sha256` is the data file's, when the caller knows it (a prepared file keeps it in its cache entry).

    The last dataset's index is kept, so a session of searches over one dataset prepares it once.
    """
    global _last_used
    if _last_used is not None and _last_used[0] is dataset:
        return _last_used[1]
    index = None
    if dataset.path and Path(dataset.path).resolve() == bundled_path().resolve():
        bundled = _bundled_index()
        sha256 = sha256 or file_sha256(dataset.path)
        # Made from a file with this very sha256: its block counts need no walk through the cases.
        if bundled is not None and bundled.cases_sha256 == sha256 and bundled.fits(dataset, same_source=True):
            index = bundled
    _last_used = (dataset, index or build_index(dataset))
    return _last_used[1]


def prepared_index(prepared: Prepared) -> SearchIndex:
    """The index for a loaded cases file: from its cache entry when that fits, else made and cached.

    The bundled file uses the shipped index; a user's file pays for pypinyin once per version of it.
    """
    dataset = prepared.dataset
    stored = prepared.entries.get(cache.SEARCH_INDEX)
    if isinstance(stored, dict):
        try:
            cached = SearchIndex.from_dict(stored)
        except (ValueError, KeyError, TypeError):
            cached = None  # another format or a damaged entry: rebuilt below
        if cached is not None and cached.fits(dataset, same_source=True):
            return cached
    index = index_for(dataset, prepared.entries.get(cache.SHA256))
    if index is not _bundled_index():
        prepared.remember(cache.SEARCH_INDEX, index.to_dict())
    return index


def search(
    dataset: Dataset,
    query: str,
    *,
    limit: int = 10,
    case_filter: Callable[[Case], bool] | None = None,
    index: SearchIndex | None = None,
) -> SearchResult:
    """Search the cases for `query`; see the module docstring. Never raises on odd text."""
    if not query.strip():
        return SearchResult(query, (), (), True, ())
    if index is None or not index.fits(dataset):
        index = index_for(dataset)
    terms = QueryPlanner(dataset, index, load_thesaurus()).plan(fold_query(query, index.known_chars))
    if not terms:
        return SearchResult(query, (), (), True, _suggestions(dataset, index, query))
    places = _place_terms(dataset, terms)
    found = _find(terms, index)
    for number, case in enumerate(dataset.cases):
        found[number] += _region_occurrences(case, places)
    matched_terms = [{o.term for o in occurrences} for occurrences in found]
    # Term rarity is measured over all cases, so a filter does not change the scores of the cases it keeps.
    frequency = [sum(t in matched for matched in matched_terms) for t in range(len(terms))]
    lengths = [sum(block_lengths) for block_lengths in index.block_lengths]
    average_length = sum(lengths) / len(lengths) if lengths else 1.0
    ranked = []
    for number, case in enumerate(dataset.cases):
        occurrences = found[number]
        if not occurrences or (case_filter is not None and not case_filter(case)):
            continue
        fields = index.fields[number]
        score = _score(terms, occurrences, fields, frequency, len(dataset.cases), lengths[number] / average_length)
        from_place = any(p in name for p in places.values() for name in case.providers + case.regions)
        ranked.append((from_place, len(matched_terms[number]), score, case, number, occurrences))
    all_matched = any(n == len(terms) for _, n, *_ in ranked)
    if all_matched:
        ranked = [r for r in ranked if r[1] == len(terms)]
    ranked.sort(key=lambda r: (not r[0], -r[1], -r[2], r[3].id))
    # Only the hits shown need their blocks: reasons and snippets quote the text.
    hits = tuple(
        Hit(
            case,
            score,
            _matches(terms, occurrences, list(case.blocks()), index, number),
            _snippets(occurrences, list(case.blocks()), index, number),
        )
        for _, _, score, case, number, occurrences in ranked[: max(limit, 0)]
    )
    suggestions = () if hits else _suggestions(dataset, index, query)
    return SearchResult(query, tuple(t.text for t in terms), hits, all_matched or not hits, suggestions, len(ranked))


# --- matching ------------------------------------------------------------------------------------


def _find(terms: list[Term], index: SearchIndex) -> list[list[_Occurrence]]:
    """Every match of every term, by case.

    Each variant is scanned on its own over the whole folded text (one regex with many alternatives
    is far slower); where matches of one term overlap, the exact one wins, then the longer, as
    in 通关 against its synonym 通关便利.
    """
    found: list[list[_Occurrence]] = [[] for _ in index.case_ids]
    corpus = index.corpus
    for t, term in enumerate(terms):
        spans = []
        for v, variant in enumerate(term.variants):
            inexact = variant.form != "exact"
            matches = (m.span() for m in re.finditer(variant.pattern, corpus))
            spans += [
                (start, inexact, start - end, end, v)
                for start, end in matches
                if end > start and (not variant.whole_word or starts_word(corpus, start))
            ]
        end_of_last = -1
        for start, _, _, end, v in sorted(spans):
            if start < end_of_last:
                continue
            end_of_last = end
            number, block, block_start = index.block_at(start)
            variant = term.variants[v]
            found[number].append(
                _Occurrence(t, block, start - block_start, end - block_start, variant.form, variant.text)
            )
    return found


def _place_terms(dataset: Dataset, terms: list[Term]) -> dict[int, str]:
    """Terms naming a place that provided cases (苏州, chongqing → 重庆): term number → the place word."""
    places = place_names(dataset)
    named = {}
    for t, term in enumerate(terms):
        for v in term.variants:
            if v.form in ("exact", "phrase", "pinyin", "fuzzy") and is_cjk(v.text) and v.text in places:
                named[t] = v.text
                break
    return named


def _region_occurrences(case: Case, places: dict[int, str]) -> list[_Occurrence]:
    # Regions are metadata outside the text blocks; a match there counts like a provider match.
    return [
        _Occurrence(t, -1, 0, 0, "exact", place)
        for t, place in places.items()
        if any(place in region for region in case.regions)
    ]


def _field_of(occurrence: _Occurrence, fields: Sequence[str]) -> str:
    return "region" if occurrence.block < 0 else fields[occurrence.block]


def _score(
    terms: list[Term],
    occurrences: list[_Occurrence],
    fields: Sequence[str],
    frequency: list[int],
    total: int,
    relative_length: float,
) -> float:
    """0–100: the idf-weighted mean over terms of a saturating (BM25) function of weighted matches."""
    weighted = [0.0] * len(terms)
    best_form = [0.0] * len(terms)
    for o in occurrences:
        form = FORM_WEIGHTS[o.form]
        weighted[o.term] += FIELD_WEIGHTS.get(_field_of(o, fields), 1.0) * form
        best_form[o.term] = max(best_form[o.term], form)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * relative_length)
    idf = [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in frequency]
    total_idf = sum(idf) or 1.0
    # The saturation rewards matching often; the best form caps it, so exact outranks pinyin-only.
    per_term = [idf[t] * best_form[t] * weighted[t] / (weighted[t] + norm) for t in range(len(terms))]
    return 100 * sum(per_term) / total_idf


# --- explaining --------------------------------------------------------------------------------


def _original_span(index: SearchIndex, number: int, block: int, start: int, end: int) -> tuple[int, int]:
    offsets = index.offsets_of(number, block)
    if offsets is None:
        return start, end
    return offsets[start], offsets[end - 1] + 1


def _matches(
    terms: list[Term], occurrences: list[_Occurrence], blocks: list[Block], index: SearchIndex, number: int
) -> tuple[Match, ...]:
    seen: dict[tuple[str, str, str, str], float] = {}
    for o in occurrences:
        field = _field_of(o, index.fields[number])
        if o.block >= 0:
            start, end = _original_span(index, number, o.block, o.start, o.end)
            matched = blocks[o.block].text[start:end]
        else:
            matched = o.matched
        form = o.form
        if form == "exact" and field in ("title_en", "tags") and matched.isascii() and not is_cjk(terms[o.term].text):
            form = "english"
        key = (terms[o.term].text, field, form, matched)
        seen.setdefault(key, FIELD_WEIGHTS.get(field, 1.0) * FORM_WEIGHTS[form])
    ordered = sorted(seen, key=lambda k: -seen[k])
    return tuple(Match(*k) for k in ordered[:MAX_MATCHES])


def _snippets(
    occurrences: list[_Occurrence], blocks: list[Block], index: SearchIndex, number: int
) -> tuple[Snippet, ...]:
    by_block: dict[int, list[_Occurrence]] = {}
    for o in occurrences:
        if o.block >= 0:
            by_block.setdefault(o.block, []).append(o)
    # Text blocks say more than the title, which the hit shows anyway; fall back to metadata only.
    text_blocks = [b for b in by_block if blocks[b].field not in METADATA_FIELDS] or list(by_block)

    def worth(b: int) -> tuple[float, float, int]:
        found = by_block[b]
        weight = sum(FIELD_WEIGHTS.get(blocks[b].field, 1.0) * FORM_WEIGHTS[o.form] for o in found)
        return (-len({o.term for o in found}), -weight, b)

    chosen = sorted(sorted(text_blocks, key=worth)[:MAX_SNIPPETS])
    return tuple(_snippet(blocks[b], by_block[b], index, number, b) for b in chosen)


def _snippet(block: Block, found: list[_Occurrence], index: SearchIndex, number: int, b: int) -> Snippet:
    text = block.text
    spans = sorted({_original_span(index, number, b, o.start, o.end) for o in found})
    start, end = 0, len(text)
    if len(text) > SNIPPET_WIDTH:
        start = max(0, spans[0][0] - SNIPPET_LEAD)
        end = min(len(text), start + SNIPPET_WIDTH)
        start = max(0, end - SNIPPET_WIDTH)
        while 0 < start < spans[0][0] and text[start - 1].isascii() and text[start - 1].isalnum():
            start -= 1  # begin at a whole number or word: "2016年", not "…6年"
    prefix = "…" if start > 0 else ""
    shift = len(prefix) - start
    highlights: list[tuple[int, int]] = []
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s < e and (not highlights or s >= highlights[-1][1] - shift):
            highlights.append((s + shift, e + shift))
    body = prefix + text[start:end] + ("…" if end < len(text) else "")
    section_kind = block.section.kind if block.section is not None else None
    return Snippet(block.where, section_kind, body, tuple(highlights))


# --- when nothing matched ------------------------------------------------------------------------


def _suggestions(dataset: Dataset, index: SearchIndex, query: str) -> tuple[str, ...]:
    """Words of the synonym table and theme names close to the query's words, then every theme name."""
    words = [w for w in re.split(r"\s+", fold_query(query, index.known_chars)) if w]
    thesaurus = load_thesaurus()
    candidates = set(thesaurus.chinese_words) | {t.name for t in dataset.themes}
    english = thesaurus.english_keys | {english_key(t.name_en) for t in dataset.themes}
    near = []
    for word in words[:MAX_NEAR_SUGGESTIONS]:
        if len(word) > 20:
            continue
        if is_cjk(word):
            near += [c for c in candidates if edit_distance(word, c) <= max(1, len(word) // 2) and c in index.corpus]
        else:
            key = english_key(word)
            near += [e for e in english if edit_distance(key, e) <= max(1, len(key) // 3)]
    return tuple(dict.fromkeys(sorted(near)[:MAX_NEAR_SUGGESTIONS] + [t.name for t in dataset.themes]))
