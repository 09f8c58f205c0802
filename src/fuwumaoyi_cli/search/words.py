"""Words of a question that say nothing about what it asks for (data/function-words.toml).

Chinese question words (怎么, 哪些…), function words (的, 在, 和…) and the words every case of the
document uses of itself (做法, 经验…); English stop words (how, of, do…). Search drops them from a query.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.loader import bundled_table
from fuwumaoyi_cli.text import fold

FUNCTION_WORDS_FILE_NAME = "function-words.toml"


class FunctionWords(NamedTuple):
    """The words search drops, Chinese and English (folded)."""

    chinese: frozenset[str]
    english: frozenset[str]

    @property
    def longest(self) -> int:
        return max(map(len, self.chinese), default=1)


def _parse(data: dict[str, Any]) -> list[list[str]]:
    chinese = [fold(w) for part in ("question", "function", "meta") for w in data["chinese"][part]]
    return [sorted(set(chinese)), sorted({fold(w) for w in data["english"]["stop"]})]


@cache
def function_words() -> FunctionWords:
    """The bundled table, read once per process."""
    chinese, english = bundled_table(FUNCTION_WORDS_FILE_NAME, _parse)
    return FunctionWords(frozenset(chinese), frozenset(english))
