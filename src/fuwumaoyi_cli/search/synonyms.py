"""The bilingual synonym table (data/synonyms.toml): groups of Chinese and English words for one concept."""

from __future__ import annotations

from functools import cache, cached_property
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.loader import bundled_table
from fuwumaoyi_cli.search.forms import english_key
from fuwumaoyi_cli.text import fold_text

SYNONYMS_FILE_NAME = "synonyms.toml"


class SynonymGroup(NamedTuple):
    zh: tuple[str, ...]
    en: tuple[str, ...]  # as english_key()s


class Thesaurus:
    """The synonym groups, with the words of all groups on hand (made once per process)."""

    def __init__(self, groups: tuple[SynonymGroup, ...]):
        self.groups = groups

    def groups_of(self, word: str, english: bool) -> list[SynonymGroup]:
        if english:
            key = english_key(word)
            return [g for g in self.groups if key in g.en]
        return [g for g in self.groups if word in g.zh]

    @cached_property
    def chinese_words(self) -> frozenset[str]:
        return frozenset(w for g in self.groups for w in g.zh)

    @cached_property
    def english_keys(self) -> frozenset[str]:
        return frozenset(k for g in self.groups for k in g.en)


def _folded_groups(data: dict[str, Any]) -> list[list[list[str]]]:
    return [
        [[fold_text(w)[0] for w in g.get("zh", [])], [english_key(w) for w in g.get("en", [])]] for g in data["groups"]
    ]


def _thesaurus(groups: Any) -> Thesaurus:
    """Raises (TypeError, ValueError) on anything but [[zh words], [English keys]] pairs."""
    out = []
    for zh, en in groups:
        if not all(isinstance(w, str) for w in (*zh, *en)):
            raise TypeError("synonym groups hold text only")
        out.append(SynonymGroup(tuple(zh), tuple(en)))
    return Thesaurus(tuple(out))


@cache
def load_thesaurus() -> Thesaurus:
    """The bundled table, read once per process."""
    return _thesaurus(bundled_table(SYNONYMS_FILE_NAME, _folded_groups))
