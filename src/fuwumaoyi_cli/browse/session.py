"""What the reader holds besides its screens: the data, what a query lists, the marks and the filters.

Nothing here knows Textual, so the rules of the reader are tested without a screen. `listing` is the one
method the search worker thread calls; it reads only what it is given and the immutable data.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from fuwumaoyi_cli.cases.filters import CaseFilter, case_filter, resolve_tag
from fuwumaoyi_cli.cases.model import Case, Dataset
from fuwumaoyi_cli.compare import MOST_CASES, Comparison, check_case_ids, compare
from fuwumaoyi_cli.export import SUFFIXES, export
from fuwumaoyi_cli.files import write_atomic
from fuwumaoyi_cli.keyfigures import KeyFigure, extract_key_figures
from fuwumaoyi_cli.search.engine import Hit, SearchResult, search
from fuwumaoyi_cli.search.forms import pinyin_splits
from fuwumaoyi_cli.search.index import SearchIndex
from fuwumaoyi_cli.search.query import is_empty_query
from fuwumaoyi_cli.similar import SimilarResult, similar

# Hits listed for a query: past a few screens a person types another word; more would cost snippets.
HIT_LIMIT = 100
SIMILAR_LIMIT = 8
# Pinyin being typed: from this many letters, the last word of a query that finds nothing is read as the start
# of the PREFIX_WORDS words of the cases it may become (the most used first).
PREFIX_LETTERS, PREFIX_WORDS = 3, 6  # two letters (ro, ho) start too many words to mean one


class Filters(NamedTuple):
    """The --tag values (each must apply) and --region values (any may apply) in force."""

    tags: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    def describe(self) -> str:
        """`主题 融资 · 地区 江苏`, or "" without filters."""
        parts = []
        if self.tags:
            parts.append("主题 " + "+".join(self.tags))
        if self.regions:
            parts.append("地区 " + "/".join(self.regions))
        return " · ".join(parts)


class Listing(NamedTuple):
    """What the list shows for one query and filters: the cases in order, with their hits when searched."""

    query: str
    filters: Filters
    cases: tuple[Case, ...]
    hits: dict[int, Hit]  # by case id; empty when every case is listed without a query
    total: int  # matching cases before HIT_LIMIT
    note: str = ""  # what the status line adds: a fallback, or what to try when nothing is found

    def words_to_highlight(self, case_id: int) -> tuple[str, ...]:
        """The text the query matched in this case (融资 for rongzi, 区块链 for 区快链)."""
        words: dict[str, str] = {}  # each once, whatever its case (Financing, financing)
        for match in self.hits[case_id].matches if case_id in self.hits else ():
            words.setdefault(match.matched.casefold(), match.matched)
        return tuple(words.values())


class Session:
    """One run of the reader over one dataset."""

    def __init__(self, dataset: Dataset, index: SearchIndex, filters: Filters = Filters()):
        if not isinstance(dataset.cases, tuple):
            # A large file's store decodes a case each time it is read; the reader lists and filters every
            # case at each keystroke, so it holds them all, decoded once.
            dataset = replace(dataset, cases=tuple(dataset.cases))
        self.dataset = dataset
        self.index = index
        # The filters and the predicate made of them, swapped as one: the search thread reads them.
        self._active = self._resolved(filters)  # UnknownValue before any screen opens
        self.marks: dict[int, None] = {}  # case ids in the order they were marked
        self._key_figures: dict[int, tuple[KeyFigure, ...]] = {}

    # --- filters -------------------------------------------------------------------------------

    @property
    def filters(self) -> Filters:
        return self._active[0]

    def set_filters(self, filters: Filters) -> None:
        """Raises UnknownValue (naming the valid values) for a value the data does not hold."""
        self._active = self._resolved(filters)

    def _resolved(self, filters: Filters) -> tuple[Filters, CaseFilter | None]:
        """The filters with each theme by its name (rongzi, financing → 融资), and their predicate."""
        keep = case_filter(self.dataset, filters.tags, filters.regions)
        tags = tuple(dict.fromkeys(resolve_tag(self.dataset, t).name for t in filters.tags))
        return filters._replace(tags=tags), keep

    def theme_choices(self) -> list[tuple[str, str]]:
        """(value, description) of every theme, as --tag takes them."""
        return [(t.name, t.name_en) for t in self.dataset.themes]

    def region_choices(self) -> list[tuple[str, str]]:
        """(value, how many cases) of every province and city, as --region takes them."""
        counts: dict[str, int] = {}
        for case in self.dataset.cases:
            for place in dict.fromkeys((*case.regions, *case.providers)):
                counts[place] = counts.get(place, 0) + 1
        return [(place, f"{n} 个案例") for place, n in counts.items()]

    # --- the list ------------------------------------------------------------------------------

    def _search(self, query: str, keep: Callable[[Case], bool] | None) -> SearchResult:
        result = search(self.dataset, query, limit=HIT_LIMIT, case_filter=keep, index=self.index)
        self.index.keep()  # into a large file's store, not held here: a session types hundreds of words
        return result

    def listing(self, query: str) -> Listing:
        """The cases for `query` under the filters in force: every case for a query with no word in it,
        else the hits of fwmy's search, best first."""
        filters, keep = self._active
        if is_empty_query(query):
            cases = tuple(c for c in self.dataset.cases if keep is None or keep(c))
            return Listing(query, filters, cases, {}, len(cases))
        result = self._search(query, keep)
        note = ""
        last_unread = bool(result.understood.unread) and result.understood.unread[-1] == query.split()[-1].lower()
        if (not result.hits or last_unread) and (typing := self._completed(query)) is not None:
            # Pinyin typed letter by letter (ron, rongz): the words it is on the way to, until it is whole.
            completed, words = typing
            result = self._search(completed, keep)
            if result.hits:
                hits = {h.case.id: h for h in result.hits}
                note = f"{query.split()[-1]}… → {'、'.join(words)}"
                return Listing(query, filters, tuple(h.case for h in result.hits), hits, result.total, note)
        if not result.hits:
            note = "nothing found"
            if result.suggestions and not filters.describe():
                note += "; try " + ", ".join(result.suggestions[:4])
        elif not result.all_terms_matched and not result.understood.question:
            note = "no case has all the words; cases with some of them"
        hits = {h.case.id: h for h in result.hits}
        return Listing(query, filters, tuple(h.case for h in result.hits), hits, result.total, note)

    def _completed(self, query: str) -> tuple[str, list[str]] | None:
        """The query with its last word, letters on the way to a pinyin word that no case holds as they are,
        read as the words it may become (rong → 融资|融合); None when the last word is not such letters."""
        words = query.split()
        last = words[-1] if words else ""
        if len(last) < PREFIX_LETTERS or not (last.isascii() and last.isalpha()):
            return None
        # After words of English (how can a small firm ge…), the letters are English on their way too.
        if any(w.isascii() and w.isalpha() and not pinyin_splits(w.lower(), self.index.syllables) for w in words[:-1]):
            return None
        completions = self.index.words_spelled(last, PREFIX_WORDS)
        if not completions:
            return None
        return " ".join([*words[:-1], "|".join(completions)]), completions

    # --- marks ---------------------------------------------------------------------------------

    def toggle_mark(self, case_id: int) -> bool:
        """Mark or unmark a case; whether it is marked now."""
        if case_id in self.marks:
            del self.marks[case_id]
            return False
        self.marks[case_id] = None
        return True

    def marked_cases(self) -> list[Case]:
        return [c for c in self.dataset.cases if c.id in self.marks]

    # --- what the keys do ----------------------------------------------------------------------

    def key_figures(self, case: Case) -> tuple[KeyFigure, ...]:
        if case.id not in self._key_figures:
            self._key_figures[case.id] = tuple(extract_key_figures(case))
        return self._key_figures[case.id]

    def comparison(self) -> Comparison:
        """The marked cases side by side, in the order they were marked; ValueError unless 2–4 are marked."""
        ids = list(self.marks)
        try:
            check_case_ids(ids)
        except ValueError:
            raise ValueError(f"mark two to {MOST_CASES} cases to compare (marked: {len(ids)})") from None
        return compare(self.dataset, ids)

    def similar(self, case_id: int) -> SimilarResult:
        return similar(self.dataset, case_id, limit=SIMILAR_LIMIT)

    def export(self, name: str, cases: Sequence[Case]) -> tuple[Path, str]:
        """Write `cases` to the file `name` (~ expanded; relative to the working folder) in the format its
        suffix names, atomically; the path written and the format. ValueError for a name without a known
        suffix; OSError when the file cannot be written."""
        if not name.strip():
            raise ValueError("give a file name")
        path = Path(os.path.expanduser(name.strip()))
        fmt = SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            known = ", ".join(SUFFIXES)
            suffix = f"{path.suffix!r} is not a format fwmy writes" if path.suffix else "the name has no suffix"
            raise ValueError(f"{suffix}; end it with {known}")
        write_atomic(path, export(cases, fmt, self.dataset.source))
        return path, fmt
