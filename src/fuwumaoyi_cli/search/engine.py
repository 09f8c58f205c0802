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
import heapq
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases import cache
from fuwumaoyi_cli.cases.loader import Prepared, bundled_path, file_sha256
from fuwumaoyi_cli.cases.model import Block, Case, Dataset
from fuwumaoyi_cli.cases.places import Region
from fuwumaoyi_cli.i18n import _
from fuwumaoyi_cli.search.forms import edit_distance, english_key, english_pattern, english_word_forms, starts_word
from fuwumaoyi_cli.search.index import FIELD_CODES, INDEX_FORMAT, Counts, SearchIndex, build_index, load_bundled_index
from fuwumaoyi_cli.search.meaning import WEIGHT, Nearness, nearness
from fuwumaoyi_cli.search.query import FORM_WEIGHTS, Plan, QueryPlanner, Term, Variant, chinese_variant, sentence
from fuwumaoyi_cli.search.synonyms import load_thesaurus
from fuwumaoyi_cli.search.words import function_words
from fuwumaoyi_cli.text import fold_query, is_cjk, is_cjk_char

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
_CODE_WEIGHTS = {code: FIELD_WEIGHTS.get(field, 1.0) for field, code in FIELD_CODES.items()}  # as the index has them
METADATA_FIELDS = ("title", "title_en", "tags", "provider", "region")
BM25_K1 = 1.2
BM25_B = 0.5  # cases differ in length by 3×; full normalisation would punish the long, thorough ones
SNIPPET_WIDTH = 60
SNIPPET_LEAD = 16  # characters shown before the first match
MAX_SNIPPETS = 3
MAX_MATCHES = 12
MAX_NEAR_SUGGESTIONS = 5
# Questions (not a few keywords): the best case must score QUESTION_FLOOR (0–100), or nothing is found,
# and a case at least CASE_SHARE of the best, unless it is from a place the question names. An English
# question reaches the Chinese text through the synonym table and the dictionary, whose many words per
# term score more for the same meaning: its floor is higher. Calibrated on the development questions,
# off-topic ones included (docs/search.md).
QUESTION_FLOOR = 22.5
QUESTION_FLOOR_LATIN = 28.0
CASE_SHARE = 0.3
# Below the floor, the cases named as nearest: at most this many, each within this share of the best.
MAX_NEAREST, NEAREST_SHARE = 3, 0.6
ADJACENCY_BONUS = 0.2  # how much more a case scores when every neighbouring pair of terms stands together
ADJACENCY_GAP = 4  # characters between two terms that still count as together


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
    """A case that matched, its score (0–100), why, where, and how much of the query it covers (0–1); for a
    question read by meaning too (search/meaning.py), how near the case is to it (0–1)."""

    case: Case
    score: float
    matches: tuple[Match, ...]
    snippets: tuple[Snippet, ...]
    coverage: float = 1.0
    nearness: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.case.summary_dict(),
            "score": round(self.score, 1),
            "coverage": round(self.coverage, 2),
            "nearness": None if self.nearness is None else round(self.nearness, 3),
            "matches": [m.to_dict() for m in self.matches],
            "snippets": [s.to_dict() for s in self.snippets],
        }


class Understood(NamedTuple):
    """How the query was read: the terms looked for, the words dropped as saying nothing (怎么, 的, how,
    of…), and the places named, which prefer cases from there (a city with no case: its province)."""

    terms: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # as the query named them
    regions: tuple[str, ...] = ()  # what they were read as: 苏州市, 长三角, 陕西省
    unread: tuple[str, ...] = ()  # terms no case holds in any form
    question: bool = False  # read as a question (ranked by coverage), not as a few keywords (all first)
    excluded: tuple[str, ...] = ()  # -word: cases holding these are left out
    meaning: bool = False  # a question also read by meaning (the optional extra, search/meaning.py)

    def to_dict(self) -> dict[str, Any]:
        return {k: v if isinstance(v, bool) else list(v) for k, v in self._asdict().items()}

    def describe(self) -> str:
        """One line: `read as 小微企业 纳税 信用 (dropped 怎样, 凭; place 苏州 → 苏州市)`."""
        notes = []
        if self.dropped:
            notes.append(_("dropped {words}", words=_(", ").join(self.dropped)))
        if self.places:
            places = _(", ").join(self.places)
            if self.regions:
                notes.append(_("place {places} → {regions}", places=places, regions=_(", ").join(self.regions)))
            else:
                notes.append(_("place {places}, no case from there", places=places))
        if self.unread:
            notes.append(_("not in any case: {words}", words=_(", ").join(self.unread)))
        if self.excluded:
            notes.append(_("without {words}", words=_(", ").join(self.excluded)))
        if self.meaning:
            notes.append(_("also by meaning"))
        terms = " ".join(self.terms) or _("no words to look for")
        if notes:
            return _("read as {terms} ({notes})", terms=terms, notes=_("; ").join(notes))
        return _("read as {terms}", terms=terms)


class SearchResult(NamedTuple):
    """The hits of a query, best first, and how the query was read."""

    query: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    all_terms_matched: bool
    suggestions: tuple[str, ...]
    total: int = 0  # cases that matched, before the limit cut them to `hits`
    understood: Understood = Understood()
    # When a question finds nothing: the cases that came nearest, below the floor (weak evidence, not hits;
    # the command line names them in its message, as a lead a person can follow or ignore).
    nearest: tuple[Case, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "terms": list(self.terms),
            "hits": [h.to_dict() for h in self.hits],
            "total": self.total,
            "all_terms_matched": self.all_terms_matched,
            "suggestions": list(self.suggestions),
            "understood": self.understood.to_dict(),
        }


class _Occurrence(NamedTuple):  # one per match of a hit shown
    term: int
    block: int
    start: int  # in the folded block text
    end: int
    form: str


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

    The bundled file uses the shipped index; a user's file pays for pypinyin once per version of it. A large
    file's store keeps the text of the index apart (cache.SEARCH_CORPUS and SEARCH_BLOCK_LENGTHS), read only by
    what needs all of it.
    """
    dataset = prepared.dataset
    apart = prepared.store is not None
    stored = prepared.entries.get(cache.SEARCH_INDEX)
    if isinstance(stored, dict):
        try:
            cached = _from_store(prepared, stored) if apart else SearchIndex.from_dict(stored)
        except (ValueError, KeyError, TypeError):
            cached = None  # another format or a damaged entry: rebuilt below
        if cached is not None and cached.fits(dataset, same_source=True):
            return _with_finder(dataset, cached)
    index = index_for(dataset, prepared.entries.get(cache.SHA256))
    if index is not _bundled_index():
        if apart:
            _keep_text(prepared, index)
        prepared.remember(cache.SEARCH_INDEX, index.to_dict(text=not apart))
    return _with_finder(dataset, index)


def _keep_text(prepared: Prepared, index: SearchIndex) -> None:
    prepared.remember_text(cache.SEARCH_CORPUS, index.corpus)
    prepared.remember(cache.SEARCH_BLOCK_LENGTHS, index.text_dict(corpus=False))


def _from_store(prepared: Prepared, stored: dict[str, Any]) -> SearchIndex:
    """A store's index, its text read on first use and checked against the rest; made again from the cases
    when it does not fit (a damaged entry), which are the same version of the file. ValueError as from_dict."""

    def text() -> tuple[str, tuple[tuple[int, ...], ...]]:
        lengths = prepared.entries.get(cache.SEARCH_BLOCK_LENGTHS)
        try:
            stored = {"corpus": prepared.text(cache.SEARCH_CORPUS), **(lengths if isinstance(lengths, dict) else {})}
            return index.checked_text(stored)
        except ValueError:
            made = build_index(prepared.dataset)
            _keep_text(prepared, made)
            return index.checked_text(made.text_dict())

    index = SearchIndex.from_dict(stored, text)
    return index


def _with_finder(dataset: Dataset, index: SearchIndex) -> SearchIndex:
    """The index, told which blocks hold a string by the token index of a large file's store."""
    finder = getattr(dataset.cases, "block_finder", None)
    if finder is not None and index.finder is None:
        index.finder = finder(f"search{INDEX_FORMAT}", index.blocks)
    return index


def search(
    dataset: Dataset,
    query: str,
    *,
    limit: int = 10,
    case_filter: Callable[[Case], bool] | None = None,
    index: SearchIndex | None = None,
    meaning: bool = True,
) -> SearchResult:
    """Search the cases for `query`; see the module docstring. Never raises on odd text.

    `case_filter` is asked of each case's metadata (Dataset.heads(): a large file's cases without their text).
    `meaning`: a question is read by meaning too when the optional extra is installed and the cases have
    vectors (search/meaning.py); False reads it by its words alone.
    """
    if not query.strip():
        return SearchResult(query, (), (), True, ())
    if index is None or not index.fits(dataset):
        index = index_for(dataset)
    planner = planner_for(dataset, index)
    plan = planner.plan(fold_query(query, index.known_chars))
    terms = list(plan.terms)
    regions = _regions_with_cases(dataset, plan.regions)
    if not terms and not regions:
        understood = _understood(plan, regions, [])
        return SearchResult(query, (), (), True, _suggestions(dataset, index, query, plan), 0, understood)
    # Only places named: every case from there, then the cases whose text names the place.
    place_only = not terms
    if place_only:
        terms = planner.place_terms(regions)
    found = _find(terms, index)
    first_blocks, ids = index.first_blocks, index.case_ids
    # -word: a case holding an excluded term in any of its forms is left out, before anything is ranked.
    unwanted = _holding(_find(list(plan.excluded), index), first_blocks) if plan.excluded else set()
    evidence = _evidence(terms, found, index)
    # Term rarity is measured over all cases, so a filter does not change the scores of the cases it keeps.
    frequency = [len(e.weighted) for e in evidence]
    weights = [t.weight * _idf(frequency[n], len(dataset.cases)) for n, t in enumerate(terms)]
    scored = _scores(weights, evidence, index.lengths)
    ranked = []
    nearest: tuple[Case, ...] = ()
    # Ranked by the index alone: only the hits shown are read in full (a large file's store decodes those cases
    # only), and the cases' metadata only for what asks it: a filter, or places named.
    heads = dataset.heads() if case_filter is not None or regions else None
    held_together: dict[int, list[_Held]] = {}
    if len(terms) > 1:  # terms standing together are told by their positions in the blocks they share
        shared = _shared_blocks(found)
        _fetch(index, found.texts, shared)
        held_together = _held_in(found, shared, first_blocks)
    for number in range(len(index.case_ids)) if heads is not None else sorted(scored):
        if heads is None:
            in_region = False
            if number in unwanted:
                continue
        else:
            case = heads[number]
            if (case_filter is not None and not case_filter(case)) or number in unwanted:
                continue
            in_region = any(r.holds(case) for r in regions)
            if place_only and in_region:  # shown by what it is about, not by where it names itself
                ranked.append(_Ranked(in_region, True, 100.0, 1.0, number, [], 100.0))
                continue
        if (here := scored.get(number)) is None:
            continue
        score, coverage, matched = here
        if len(terms) > 1:  # terms that stand together count more; scaled so that the score stays 0–100
            together = _adjacency(terms, held_together.get(number, []), found.texts, first_blocks[number])
            score *= (1 + ADJACENCY_BONUS * together) / (1 + ADJACENCY_BONUS)
        ranked.append(_Ranked(in_region, matched == len(terms), score, coverage, number, None, score))
    any_all_matched = any(r.all_matched for r in ranked)
    near = None
    if plan.keyword_like:
        # A few plain words: the cases with all of them, as a keyword search gives; else those with some.
        if any_all_matched:
            ranked = [r for r in ranked if r.all_matched]
    elif not place_only:
        # A question or a description: each matched concept is evidence; when even the best case has too
        # little of it the matches are chance (驾照到期怎么换证 finds nothing), and a case far below the
        # best is noise.
        by_words = sorted(ranked, key=lambda r: (-r.score, ids[r.number]))
        best = by_words[0].score if by_words else 0.0
        latin = sum(t.text.isascii() for t in terms) > len(terms) / 2
        floor = QUESTION_FLOOR_LATIN if latin else QUESTION_FLOOR
        # By meaning too, unless a place is named (its cases from there come first, which vectors do not know) or
        # the question is in English (meaning.VETO says why); of the cases the filter and the -words leave.
        near = None
        if meaning and not regions and not latin:
            near = nearness(index.cases_sha256, index.case_ids, sentence(query))
        if near is not None and (case_filter is not None or unwanted):
            heads = dataset.heads()
            allowed = {n for n in near.cases if n not in unwanted and (case_filter is None or case_filter(heads[n]))}
            near = near.within(allowed)
        if near is None:
            answered = best >= floor
        else:
            answered = near.answers(best, floor, by_words[0].number if by_words else None)
        kept = [r for r in ranked if answered and best >= floor and (r.score >= CASE_SHARE * best or r.in_region)]
        if not answered:
            weak = (r for r in by_words[:MAX_NEAREST] if r.score >= NEAREST_SHARE * best > 0)
            nearest = tuple(dataset.cases[r.number] for r in weak)
        elif near is not None:
            kept = _with_meaning(kept, ranked, near, best, near.joining())
        ranked = kept
    # The first `limit` in order, as sorted() would put them (a common word of a large file ranks thousands).
    best_first = heapq.nsmallest(
        max(limit, 0),
        ranked,
        key=lambda r: (not r.in_region, not (plan.keyword_like and r.all_matched), -r.order, ids[r.number]),
    )
    # Only the hits shown need their blocks: reasons and snippets quote the text.
    shown = [
        (r, dataset.cases[r.number], _held(found, first_blocks, r.number) if r.held is None else r.held)
        for r in best_first
    ]
    _fetch(index, found.texts, (first_blocks[r.number] + h[1] for r, _case, held in shown for h in held))
    hits = []
    for r, case, held in shown:
        occurrences = _occurrences(terms, held, found.texts, first_blocks[r.number])
        matches = _matches(terms, occurrences, case, index, r.number, regions)
        near_block = near.blocks.get(r.number) if near is not None else None
        snippets = _snippets(occurrences, list(case.blocks()), index, r.number, near_block)
        meant = near.cases.get(r.number) if near is not None else None
        hits.append(Hit(case, r.score, matches, snippets, r.coverage, meant))
    suggestions = () if hits else _suggestions(dataset, index, query, plan)
    unread = [] if place_only else [t.text for n, t in enumerate(terms) if not frequency[n]]
    understood = _understood(plan, regions, unread, near is not None)
    all_matched = any_all_matched or place_only or not hits
    return SearchResult(
        query,
        tuple(t.text for t in plan.terms),
        tuple(hits),
        all_matched,
        suggestions,
        len(ranked),
        understood,
        nearest,
    )


class _Ranked(NamedTuple):
    in_region: bool
    all_matched: bool
    score: float
    coverage: float
    number: int
    held: list[_Held] | None  # None: what the case holds of the terms (_held), read only if it is shown
    order: float  # what ranks it: its score, or for a question read by meaning too, score and meaning together


def _with_meaning(
    kept: list[_Ranked], ranked: list[_Ranked], near: Nearness, best: float, joining: set[int]
) -> list[_Ranked]:
    """A question's hits by its words, joined by the case nearest by meaning (whether its words found it below
    the floor or not at all), ordered by both (meaning.WEIGHT)."""
    by_number = {r.number: r for r in ranked}
    out = []
    for n in {r.number for r in kept} | joining:
        r = by_number.get(n) or _Ranked(False, False, 0.0, 0.0, n, [], 0.0)
        order = 100 * (WEIGHT * r.score / (best or 1.0) + (1 - WEIGHT) * near.place(n))
        out.append(r._replace(order=order))
    return out


_last_planner: tuple[Dataset, SearchIndex, QueryPlanner] | None = None


def planner_for(dataset: Dataset, index: SearchIndex) -> QueryPlanner:
    """The query planner of a dataset and its index, kept for the next query (a browser asks many)."""
    global _last_planner
    if _last_planner is None or _last_planner[0] is not dataset or _last_planner[1] is not index:
        _last_planner = (dataset, index, QueryPlanner(dataset, index, load_thesaurus(), function_words()))
    return _last_planner[2]


def _regions_with_cases(dataset: Dataset, named: tuple[Region, ...]) -> list[Region]:
    """The places named that some case comes from; a city no case is from stands for its province."""
    out = []
    for region in named:
        for candidate in (region, region.widened()):
            if candidate is not None and any(candidate.holds(case) for case in dataset.heads()):
                out.append(candidate)
                break
    return out


def _understood(plan: Plan, regions: list[Region], unread: list[str], meaning: bool = False) -> Understood:
    return Understood(
        terms=tuple(t.text for t in plan.terms),
        dropped=plan.dropped,
        places=tuple(r.said for r in plan.regions),
        regions=tuple(r.name for r in regions),
        unread=tuple(unread),
        question=not plan.keyword_like,
        excluded=tuple(t.text for t in plan.excluded),
        meaning=meaning,
    )


# --- matching ------------------------------------------------------------------------------------
#
# A term is matched block by block: what the ranking needs is how often each variant of it stands in each
# block. A small corpus is read for that; a large file's store has a token index of its blocks (cases/store.py)
# that counts a word of two characters itself and tells which blocks may hold any other string, whose text
# it then gives. Only where two variants of one term may overlap in a block are their positions compared. A
# common word of a large file is in tens of thousands of blocks and a hundred thousand positions: counted by
# block, the ranking costs what the blocks cost. The positions themselves are read only where they are shown
# (the reasons and snippets of the hits) or compared (terms that stand together).


# A term in one block of a case: (term, block within the case, how many times each variant stands there as
# (variant, how many)). A plain tuple: a common word of a large file makes tens of thousands.
_Held = tuple[int, int, list[tuple[int, int]]]


class _Found(NamedTuple):
    # by term, by variant: the blocks where it stands (ascending) and how many times, where variants overlap
    # as many as their positions keep (_spans)
    matches: list[list[Counts]]
    texts: dict[int, str]  # the text of blocks held, by flat number: those read so far (_fetch)


def _find(terms: list[Term], index: SearchIndex) -> _Found:
    """Every block that holds a term, variant by variant, with how many times it stands there.

    Where the matches of two variants of one term overlap, the exact one wins, then the longer, as in 通关
    against its synonym 通关便利 (_spans).
    """
    matches: list[list[Counts]] = []
    texts: dict[int, str] = {}
    for term in terms:
        found = [_counted(index, variant, texts) for variant in term.variants]
        if overlapping := _overlapping(term):
            # Only variants that may overlap another can lose a match to one: the rest are counted as found.
            involved = sorted({v for pair in overlapping for v in pair})
            counted_in = {v: dict(zip(*found[v], strict=True)) for v in involved}
            blocks_of = [set(counted_in.get(v, ())) for v in range(len(term.variants))]
            kept: dict[int, dict[int, int]] = {v: {} for v in involved}  # by variant: fewer than counted, by block
            unclear, told = _clashes(overlapping, blocks_of, index, texts)
            # A block where one string is the only place two variants would overlap is told by counting it:
            # the variant it begins with keeps its match, the other loses one (in 信用贷款, 信用贷 stands and
            # 贷款 does not), as their positions would tell (_spans); every other block is read.
            strings_in = Counter(flat for blocks in told.values() for flat in blocks)
            for ((a, b), string), blocks in told.items():
                alone = {flat for flat in blocks if strings_in[flat] == 1} - unclear
                unclear |= blocks - alone
                if (loser := _loser(term, a, b, string)) is None:
                    unclear |= alone
                    continue
                lost = dict(zip(*_counted(index, chinese_variant(string, "exact"), texts), strict=True))
                for flat in alone & lost.keys():
                    if (left := counted_in[loser][flat] - lost[flat]) < 0:
                        unclear.add(flat)
                    else:
                        kept[loser][flat] = left
            _fetch(index, texts, unclear)
            for flat in unclear:
                here = [v for v in involved if flat in counted_in[v]]
                standing = Counter(v for _s, _e, v in _spans(texts[flat], term, here))
                for v in here:
                    if standing[v] < counted_in[v][flat]:
                        kept[v][flat] = standing[v]
            for v, fewer in kept.items():
                if fewer:
                    flats, counts = found[v]
                    now = [fewer.get(flat, n) for flat, n in zip(flats, counts, strict=True)]
                    found[v] = [flat for flat, n in zip(flats, now, strict=True) if n], [n for n in now if n]
        matches.append(found)
    return _Found(matches, texts)


def _counted(index: SearchIndex, variant: Variant, texts: dict[int, str]) -> Counts:
    """The blocks holding a variant and how many times, from the index's counts where it has them, else by
    reading the blocks (kept in `texts`) that may hold it."""
    if (counted := _token_counts(index, variant)) is not None:
        return counted
    flats, counts = [], []
    for flat, text in _blocks_holding(index, variant):
        if n := _count(text, variant):
            flats.append(flat)
            counts.append(n)
            texts[flat] = text
    if _kept_apart(variant):
        index.note_counts(variant.text, (flats, counts))
    return flats, counts


def _loser(term: Term, a: int, b: int, string: str) -> int | None:
    """Which of two variants that overlap in `string` (one ends as the other begins) loses its match there:
    the one that begins later. None when counting cannot tell: a string that may overlap itself, or holds
    either variant twice."""
    x, y = term.variants[a].text, term.variants[b].text
    if any(map(_overlaps_itself, (x, y, string))) or string.count(x) != 1 or string.count(y) != 1:
        return None
    return b if string.startswith(x) else a


def _overlaps_itself(text: str) -> bool:
    """Whether two matches of `text` may overlap: it ends as it begins (哈哈 in 哈哈哈)."""
    return any(text.endswith(text[:n]) for n in range(1, len(text)))


def _held(found: _Found, first_blocks: list[int], number: int) -> list[_Held]:
    """The blocks of one case (by number) that hold each term, term by term: what its reasons and snippets
    are read from."""
    start, end = first_blocks[number], first_blocks[number + 1]
    held: list[_Held] = []
    for t, matches in enumerate(found.matches):
        here: dict[int, list[tuple[int, int]]] = {}
        for v, (flats, counts) in enumerate(matches):
            first = bisect_left(flats, start)
            for i in range(first, bisect_left(flats, end, first)):
                here.setdefault(flats[i], []).append((v, counts[i]))
        held += [(t, flat - start, here[flat]) for flat in sorted(here)]
    return held


def _held_in(found: _Found, blocks: set[int], first_blocks: list[int]) -> dict[int, list[_Held]]:
    """What each case (by number) holds of the terms in these blocks only, as _held gives it: the nearness
    of terms is told in the blocks that neighbouring terms share."""
    held: dict[int, list[_Held]] = {}
    for t, matches in enumerate(found.matches):
        here: dict[int, list[tuple[int, int]]] = {}
        for v, (flats, counts) in enumerate(matches):
            counted = dict(zip(flats, counts, strict=True))
            for flat in blocks & counted.keys():
                here.setdefault(flat, []).append((v, counted[flat]))
        for flat in sorted(here):
            number = bisect_right(first_blocks, flat) - 1
            held.setdefault(number, []).append((t, flat - first_blocks[number], here[flat]))
    return held


def _holding(found: _Found, first_blocks: list[int]) -> set[int]:
    """The cases (by number) that hold any of the terms."""
    flats = {flat for matches in found.matches for blocks, _counts in matches for flat in blocks}
    return {bisect_right(first_blocks, flat) - 1 for flat in flats}


class _Evidence(NamedTuple):
    """What the cases hold of one term, by case number: its matches weighted by field and variant and summed
    (in 1/FORM_SCALE), and the best form among them (its cap)."""

    weighted: dict[int, int]
    best_form: dict[int, float]


# A match counts its field's weight times its variant's. Every field weight is a whole number and every form
# weight a whole number of twentieths, so the sums are whole numbers, exact in any order: a term's variants
# are summed one after another, each over its blocks in one loop, instead of block by block.
FORM_SCALE = 20
_FIELD_WEIGHT_OF_CODE = bytes(
    int(_CODE_WEIGHTS[chr(b)]) if chr(b) in _CODE_WEIGHTS else 0 for b in range(256)
)  # for bytes.translate of the index's field codes


def _scaled(weight: float) -> int:
    return round(weight * FORM_SCALE)


def _evidence(terms: list[Term], found: _Found, index: SearchIndex) -> list[_Evidence]:
    """The evidence of each case holding a term, term by term."""
    first_blocks = index.first_blocks
    field_weights = index.field_codes.translate(_FIELD_WEIGHT_OF_CODE)  # each block's, in the order of all
    out = []
    for term, matches in zip(terms, found.matches, strict=True):
        weighted: dict[int, int] = {}
        best_form: dict[int, float] = {}
        for variant, (flats, counts) in zip(term.variants, matches, strict=True):
            scale, cap = _scaled(variant.weight), variant.cap
            number, end, total = -1, 0, 0
            for flat, n in zip(flats, counts, strict=True):
                if flat >= end:  # the first block of another case
                    if number >= 0:
                        weighted[number] = weighted.get(number, 0) + scale * total
                        if best_form.get(number, 0.0) < cap:
                            best_form[number] = cap
                    number = bisect_right(first_blocks, flat) - 1
                    end, total = first_blocks[number + 1], 0
                total += field_weights[flat] * n
            if number >= 0:
                weighted[number] = weighted.get(number, 0) + scale * total
                if best_form.get(number, 0.0) < cap:
                    best_form[number] = cap
        out.append(_Evidence(weighted, best_form))
    return out


def _token_counts(index: SearchIndex, variant: Variant) -> Counts | None:
    """The blocks holding a word of two characters or a Latin word (with its plurals) and how many times, as a
    large file's index counts them itself, reading no text, or a longer word as counted before (_kept_apart);
    None for any other variant, or when it cannot."""
    if variant.literal and len(variant.text) == 2:
        return index.pair_counts(variant.text)
    if _kept_apart(variant):
        return index.kept_counts(variant.text)
    if variant.whole_word and variant.pattern == english_pattern(variant.text):
        words = english_word_forms(variant.text)
        return None if words is None else index.word_counts(words)
    return None


def _kept_apart(variant: Variant) -> bool:
    """A longer word of ideographs, whose blocks the index names exactly: counted in their text, the counts are
    kept by a large file's store for the next search."""
    return variant.literal and len(variant.text) > 2 and all(map(is_cjk_char, variant.text))


def _fetch(index: SearchIndex, texts: dict[int, str], blocks: Iterable[int]) -> None:
    """Read the text of these blocks into `texts`, those not read yet in one go."""
    missing = sorted({b for b in blocks if b not in texts})
    if missing:
        texts.update(zip(missing, index.texts(missing), strict=True))


# For a pair of a term's variants (i < j) that may overlap: the strings that stand where they do, either way
# round (信用贷款 for 信用贷 and 贷款), or None when any block holding both has them overlap (one holds the
# other; a pattern).
_Overlaps = dict[tuple[int, int], "tuple[str, ...] | None"]


def _overlapping(term: Term) -> _Overlaps:
    """The pairs of a term's variants whose matches may overlap: where both stand in one block and do
    overlap, their positions are compared (_spans); elsewhere each is counted on its own. A Chinese word
    overlaps another when one holds the other or one ends as the other begins (信用贷 and 贷款 in 信用贷款);
    a Latin pattern may overlap anything but a word of ideographs."""
    pairs: _Overlaps = {}
    ideographs = [v.literal and all(map(is_cjk_char, v.text)) for v in term.variants]
    for (i, a), (j, b) in combinations(enumerate(term.variants), 2):
        if not (a.literal and b.literal):
            if not (ideographs[i] or ideographs[j]):  # the literal one, if any, is not a word of ideographs
                pairs[i, j] = None
            continue
        x, y = a.text, b.text
        if x in y or y in x:
            pairs[i, j] = None
        elif joined := tuple(
            first + second[n:]
            for first, second in ((x, y), (y, x))
            for n in range(1, min(len(x), len(y)))
            if first.endswith(second[:n])
        ):
            pairs[i, j] = joined
    return pairs


def _clashes(
    overlapping: _Overlaps, blocks_of: list[set[int]], index: SearchIndex, texts: dict[int, str]
) -> tuple[set[int], dict[tuple[tuple[int, int], str], set[int]]]:
    """The blocks in which two variants of a term may overlap: both stand there, and so does a string where
    they would. Those the index names by that string are given by pair and string; the rest (one variant
    holds the other, a pattern, a string looked for in the text the index could not name) apart."""
    unclear: set[int] = set()
    told: dict[tuple[tuple[int, int], str], set[int]] = {}
    for (a, b), joined in overlapping.items():
        both = blocks_of[a] & blocks_of[b]
        if not both or joined is None:
            unclear |= both
            continue
        for string in joined:
            where = index.block_numbers(string)
            if where is None:  # the index cannot tell: the text tells, or the positions are compared
                unclear |= {f for f in both if f not in texts or string in texts[f]}
            elif here := both & where:
                told[(a, b), string] = here
    return unclear, told


def _shared_blocks(found: _Found) -> set[int]:
    """The blocks in which two neighbouring terms of the query both stand."""
    held = [set().union(*(flats for flats, _counts in matches)) for matches in found.matches]
    return {flat for here, following in zip(held, held[1:], strict=False) for flat in here & following}


def _blocks_holding(index: SearchIndex, variant: Variant) -> Iterable[tuple[int, str]]:
    """The blocks (flat number, text; by number) in which `variant` may stand: every one that holds it, and
    maybe a few that do not (counting tells)."""
    blocks = index.candidates(variant.text, word=variant.whole_word and not variant.literal)
    return _blocks_scanned(index, variant) if blocks is None else blocks


def _blocks_scanned(index: SearchIndex, variant: Variant) -> Iterable[tuple[int, str]]:
    """The blocks holding a match of `variant`'s text or pattern, found by reading the corpus, with their text."""
    flats = list(_scanned(index, variant))
    return zip(flats, index.cut(flats), strict=True)


def _scanned(index: SearchIndex, variant: Variant) -> Iterator[int]:
    """From each match of `variant` in the corpus on to the end of its block, where the next block begins."""
    corpus, offsets = index.corpus, index.block_offsets
    search = None if variant.literal else re.compile(variant.pattern).search
    at = 0
    while True:
        if search is None:
            at = corpus.find(variant.text, at)
            if at < 0:
                return
        else:
            found = search(corpus, at)
            if found is None:
                return
            at = found.start()
        flat = bisect_right(offsets, at) - 1
        yield flat
        at = offsets[flat + 1]


def _count(text: str, variant: Variant) -> int:
    """How many times `variant` stands in a block, not overlapping (as re.finditer finds them)."""
    if variant.literal:
        return text.count(variant.text)
    return sum(1 for s, e in _pattern_spans(text, variant) if e > s)


def _spans(text: str, term: Term, variants: Iterable[int]) -> list[tuple[int, int, int]]:
    """(start, end, variant) of the term's matches in a block, in order: where matches overlap, the exact one
    wins, then the longer."""
    spans = []
    for v in variants:
        variant = term.variants[v]
        inexact = variant.form != "exact"
        found = _literal_spans(text, variant.text) if variant.literal else _pattern_spans(text, variant)
        spans += [(s, inexact, s - e, e, v) for s, e in found if e > s]
    kept = []
    end_of_last = -1
    for s, _inexact, _longest, e, v in sorted(spans):
        if s >= end_of_last:
            end_of_last = e
            kept.append((s, e, v))
    return kept


def _literal_spans(text: str, word: str) -> list[tuple[int, int]]:
    spans, size = [], len(word)
    at = text.find(word)
    while at >= 0:
        spans.append((at, at + size))
        at = text.find(word, at + size)  # not overlapping, as re.finditer finds them
    return spans


def _pattern_spans(text: str, variant: Variant) -> Iterator[tuple[int, int]]:
    spans = (m.span() for m in re.compile(variant.pattern).finditer(text))
    return (span for span in spans if not variant.whole_word or starts_word(text, span[0]))


def _occurrences(terms: list[Term], held: list[_Held], texts: dict[int, str], first: int) -> list[_Occurrence]:
    """The positions of a case's matches (its first block `first` in the sequence of all): for the reasons and
    snippets of a hit."""
    out = []
    for t, block, counts in held:
        term = terms[t]
        for s, e, v in _spans(texts[first + block], term, {v for v, _n in counts}):
            variant = term.variants[v]
            out.append(_Occurrence(t, block, s, e, variant.form))
    return out


def _idf(frequency: int, total: int) -> float:
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


def _scores(
    weights: list[float], evidence: list[_Evidence], lengths: Sequence[int]
) -> dict[int, tuple[float, float, int]]:
    """For each case holding a term (by number): its score, 0–100, the weighted (idf) mean over terms of a
    saturating (BM25) function of its weighted matches; the share of the terms' weight it holds; how many
    terms it holds. Summed term by term: a common word of a large file is held by tens of thousands."""
    average_length = sum(lengths) / len(lengths) if lengths else 1.0
    sums: dict[int, float] = {}
    covered: dict[int, float] = {}
    held: Counter[int] = Counter()
    for weight, e in zip(weights, evidence, strict=True):
        best_form = e.best_form
        for number, scaled in e.weighted.items():
            weighted = scaled / FORM_SCALE
            norm = BM25_K1 * (1 - BM25_B + BM25_B * (lengths[number] / average_length))
            # The saturation rewards matching often; the best form caps it, so exact outranks pinyin-only.
            sums[number] = sums.get(number, 0) + weight * best_form[number] * weighted / (weighted + norm)
            covered[number] = covered.get(number, 0) + weight
        held.update(e.weighted.keys())
    total = sum(weights) or 1.0
    return {number: (100 * sum_ / total, covered[number] / total, held[number]) for number, sum_ in sums.items()}


def _adjacency(terms: list[Term], held: list[_Held], texts: dict[int, str], first: int) -> float:
    """The share of the query's neighbouring terms (in its order) that stand close together in one block
    of the case: 知识产权 质押 as 知识产权质押, not in two paragraphs."""
    if len(terms) < 2:
        return 0.0
    by_term: dict[int, dict[int, _Held]] = {}
    for h in held:
        by_term.setdefault(h[0], {})[h[1]] = h
    positions: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def spans(h: _Held) -> list[tuple[int, int]]:
        t, block, counts = h
        key = (t, block)
        if key not in positions:
            found = _spans(texts[first + block], terms[t], {v for v, _n in counts})
            positions[key] = [(s, e) for s, e, _v in found]
        return positions[key]

    near = 0
    for t in range(len(terms) - 1):
        blocks, following = by_term.get(t, {}), by_term.get(t + 1, {})
        near += any(
            0 <= s2 - e1 <= ADJACENCY_GAP or 0 <= s1 - e2 <= ADJACENCY_GAP
            for block in sorted(blocks.keys() & following.keys())
            for s1, e1 in spans(blocks[block])
            for s2, e2 in spans(following[block])
        )
    return near / (len(terms) - 1)


# --- explaining --------------------------------------------------------------------------------


def _original_span(index: SearchIndex, number: int, block: int, start: int, end: int) -> tuple[int, int]:
    offsets = index.offsets_of(number, block)
    if offsets is None:
        return start, end
    return offsets[start], offsets[end - 1] + 1


def _matches(
    terms: list[Term],
    occurrences: list[_Occurrence],
    case: Case,
    index: SearchIndex,
    number: int,
    regions: list[Region],
) -> tuple[Match, ...]:
    # A place named is not looked for in the text: it says why the case comes first.
    places = [Match(r.said, "region", "place", r.name) for r in regions if r.holds(case)]
    blocks = list(case.blocks())
    seen: dict[tuple[str, str, str, str], float] = {}
    for o in occurrences:
        field = blocks[o.block].field
        start, end = _original_span(index, number, o.block, o.start, o.end)
        matched = blocks[o.block].text[start:end]
        form = o.form
        if form == "exact" and field in ("title_en", "tags") and matched.isascii() and not is_cjk(terms[o.term].text):
            form = "english"
        key = (terms[o.term].text, field, form, matched)
        seen.setdefault(key, FIELD_WEIGHTS.get(field, 1.0) * FORM_WEIGHTS[form])
    ordered = sorted(seen, key=lambda k: -seen[k])
    return tuple(places + [Match(*k) for k in ordered[: MAX_MATCHES - len(places)]])


def _snippets(
    occurrences: list[_Occurrence], blocks: list[Block], index: SearchIndex, number: int, near_block: int | None
) -> tuple[Snippet, ...]:
    if not occurrences:  # found by meaning: the block nearest the question; by the place it comes from: its intro
        intro = next((b for b, k in enumerate(blocks) if k.field == "intro"), None)
        shown = near_block if near_block is not None else intro
        return (_snippet(blocks[shown], [], index, number, shown),) if shown is not None else ()
    by_block: dict[int, list[_Occurrence]] = {}
    for o in occurrences:
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
        start = max(0, spans[0][0] - SNIPPET_LEAD) if spans else 0
        end = min(len(text), start + SNIPPET_WIDTH)
        start = max(0, end - SNIPPET_WIDTH)
        while spans and 0 < start < spans[0][0] and text[start - 1].isascii() and text[start - 1].isalnum():
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


def _suggestions(dataset: Dataset, index: SearchIndex, query: str, plan: Plan) -> tuple[str, ...]:
    """A shorter query of the words understood that the text holds (rarest first), then words of the
    synonym table and theme names close to the query's words, then every theme name."""
    found = [t for t in plan.terms if any(_count(text, v) for v in t.variants for _, text in _blocks_holding(index, v))]
    shorter = [" ".join(t.text for t in found[:2])] if found and len(found) < len(plan.terms) else []
    words = [w for w in re.split(r"\s+", fold_query(query, index.known_chars)) if w]
    thesaurus = load_thesaurus()
    candidates = set(thesaurus.chinese_words) | {t.name for t in dataset.themes}
    english = set(thesaurus.english_keys) | {english_key(t.name_en) for t in dataset.themes}
    near = []
    for word in words[:MAX_NEAR_SUGGESTIONS]:
        if len(word) > 20:
            continue
        if is_cjk(word):
            near += [c for c in candidates if edit_distance(word, c) <= max(1, len(word) // 2) and index.holds(c)]
        else:
            key = english_key(word)
            near += [e for e in english if edit_distance(key, e) <= max(1, len(key) // 3)]
    return tuple(dict.fromkeys(shorter + sorted(near)[:MAX_NEAR_SUGGESTIONS] + [t.name for t in dataset.themes]))
