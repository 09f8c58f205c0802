"""The bilingual synonym table (data/synonyms.toml): groups of Chinese and English words for one concept.

Read from data/synonyms.txt, its sorted lines (search/tables.py), by bisection: a query looks up the few
words it has, and the table is decoded whole only for what needs every word (typo corrections).
"""

from __future__ import annotations

from functools import cache, cached_property
from typing import NamedTuple

from fuwumaoyi_cli.files import SortedLines
from fuwumaoyi_cli.search.forms import english_key
from fuwumaoyi_cli.search.tables import sorted_table


class SynonymGroup(NamedTuple):
    """One concept: the Chinese words and the English keys that name it."""

    zh: tuple[str, ...]
    en: tuple[str, ...]  # as english_key()s


class Thesaurus:
    """The synonym groups of a table of sorted lines (`g:N` a group, `w:` a word's, `k:` a key's)."""

    def __init__(self, table: SortedLines):
        self.table = table
        self._groups: dict[str, SynonymGroup] = {}

    def groups_of(self, word: str, english: bool) -> list[SynonymGroup]:
        numbers = self.table.value(f"k:{english_key(word)}" if english else f"w:{word}")
        return [self._group(n) for n in numbers.split()] if numbers else []

    def _group(self, number: str) -> SynonymGroup:
        group = self._groups.get(number)
        if group is None:
            zh, _, en = (self.table.value(f"g:{int(number):05d}") or "").partition("\t")
            group = self._groups[number] = SynonymGroup(tuple(zh.split()), tuple(en.split("|")) if en else ())
        return group

    def has_prefix(self, piece: str) -> bool:
        """Whether a Chinese word of the table begins with `piece` (and is longer)."""
        return self.table.has_prefix(f"w:{piece}")

    @cached_property
    def chinese_words(self) -> frozenset[str]:
        return frozenset(key[2:] for key in self.table.keys() if key.startswith("w:"))

    @cached_property
    def english_keys(self) -> frozenset[str]:
        return frozenset(key[2:] for key in self.table.keys() if key.startswith("k:"))


@cache
def load_thesaurus() -> Thesaurus:
    """The bundled table, mapped once per process."""
    return Thesaurus(sorted_table("synonyms.txt"))
