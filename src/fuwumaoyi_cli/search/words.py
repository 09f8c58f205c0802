"""Words of a question that say nothing about what it asks for (data/function-words.toml).

Chinese question words (怎么, 哪些…), function words (的, 在, 和…) and the words every case of the
document uses of itself (做法, 经验…); English stop words (how, of, do…). Search drops them from a query.
"""

from __future__ import annotations

from functools import cache, cached_property

from fuwumaoyi_cli.search.tables import search_tables


class FunctionWords:
    """The words search drops, Chinese and English (folded)."""

    def __init__(self, chinese: frozenset[str], english: frozenset[str]):
        self.chinese = chinese
        self.english = english

    @cached_property
    def longest(self) -> int:
        return max(map(len, self.chinese), default=1)


@cache
def function_words() -> FunctionWords:
    """The bundled table (prepared in data/search-tables.json), read once per process."""
    table = search_tables()["function_words"]
    return FunctionWords(frozenset(table["chinese"]), frozenset(table["english"]))
