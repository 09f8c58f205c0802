"""The bilingual synonym table (data/synonyms.toml): groups of Chinese and English words for one concept."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import NamedTuple

from fuwumaoyi_cli.search.forms import english_key
from fuwumaoyi_cli.search.tables import search_tables


class SynonymGroup(NamedTuple):
    """One concept: the Chinese words and the English keys that name it."""

    zh: tuple[str, ...]
    en: tuple[str, ...]  # as english_key()s


class Thesaurus:
    """The synonym groups, and each word's and English key's groups (made once per process)."""

    def __init__(self, groups: tuple[SynonymGroup, ...], by_word: dict[str, list[int]], by_key: dict[str, list[int]]):
        self.groups = groups
        self._by_word = by_word
        self._by_key = by_key

    def groups_of(self, word: str, english: bool) -> list[SynonymGroup]:
        numbers = self._by_key.get(english_key(word), ()) if english else self._by_word.get(word, ())
        return [self.groups[n] for n in numbers]

    @property
    def chinese_words(self) -> Collection[str]:
        return self._by_word.keys()

    @property
    def english_keys(self) -> Collection[str]:
        return self._by_key.keys()


@cache
def load_thesaurus() -> Thesaurus:
    """The bundled table (data/synonyms.toml, prepared in data/search-tables.json), read once per process."""
    table = search_tables()["synonyms"]
    groups = tuple(SynonymGroup(tuple(zh), tuple(en)) for zh, en in table["groups"])
    return Thesaurus(groups, table["zh"], table["en"])
