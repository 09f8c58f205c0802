"""The bilingual synonym table (data/synonyms.toml): groups of Chinese and English words for one concept."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache, cached_property

from .loader import bundled_path
from .textnorm import english_key, fold_char

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SYNONYMS_FILE_NAME = "synonyms.toml"


@dataclass(frozen=True)
class SynonymGroup:
    zh: tuple[str, ...]
    en: tuple[str, ...]  # as english_key()s


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[SynonymGroup, ...]

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


def _fold(word: str) -> str:
    return "".join(fold_char(c) for c in word)


@cache
def load_thesaurus() -> Thesaurus:
    """The bundled table, read once per process (about a millisecond)."""
    data = tomllib.loads(bundled_path().with_name(SYNONYMS_FILE_NAME).read_text(encoding="utf-8"))
    return Thesaurus(
        tuple(
            SynonymGroup(tuple(_fold(w) for w in g.get("zh", [])), tuple(english_key(w) for w in g.get("en", [])))
            for g in data["groups"]
        )
    )
