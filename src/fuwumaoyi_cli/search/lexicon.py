"""Two general tables a question is read with, each a sorted file of lines looked up by bisection.

- data/lexicon.txt (scripts/build_lexicon.py, from jieba's dictionary): Chinese words, one a line. A
  question's words that the cases do not hold are looked up in it, so that they are read as words.
- data/english.txt (scripts/build_english.py, from CC-CEDICT): `key<TAB>word word…`, English keys and
  the Chinese words they translate, for English questions.

Nothing is parsed: bisection over the mapped file costs microseconds, and the 94,000 words and 50,000 keys
cost no start-up. Lines are compared as UTF-8 bytes, whose order is the code-point order the files are
sorted in.
"""

from __future__ import annotations

import mmap
from functools import cache

from fuwumaoyi_cli.cases.loader import bundled_path

LEXICON_FILE_NAME = "lexicon.txt"
ENGLISH_FILE_NAME = "english.txt"


class SortedLines:
    """A sorted file of lines, each a key alone or a key, a tab and a value, looked up by bisection."""

    def __init__(self, data: bytes | mmap.mmap):
        self.data = data

    def _line_at(self, position: int) -> tuple[int, bytes]:
        """The start of the line holding `position`, and that line."""
        start = self.data.rfind(b"\n", 0, position) + 1
        end = self.data.find(b"\n", position)
        return start, self.data[start : end if end >= 0 else len(self.data)]

    def value(self, key: str) -> str | None:
        """The value of `key` ("" for a key alone on its line), or None when the file has no such key."""
        wanted = key.encode("utf-8")
        low, high = 0, len(self.data)
        while low < high:
            start, line = self._line_at((low + high) // 2)
            found, _, value = line.partition(b"\t")
            if found == wanted:
                return value.decode("utf-8")
            if found < wanted:
                low = start + len(line) + 1
            else:
                high = start
        return None

    def __contains__(self, key: str) -> bool:
        return self.value(key) is not None

    def keys(self) -> set[str]:
        """Every key, for when a whole corpus is looked up (building a search index)."""
        return {line.partition("\t")[0] for line in bytes(self.data).decode("utf-8").splitlines()}


def _mapped(file_name: str) -> SortedLines:
    path = bundled_path().with_name(file_name)
    try:
        with open(path, "rb") as file:
            return SortedLines(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return SortedLines(b"")


@cache
def general_lexicon() -> SortedLines:
    """The bundled lexicon, mapped once per process; empty when the file is missing."""
    return _mapped(LEXICON_FILE_NAME)


@cache
def english_dictionary() -> SortedLines:
    """The bundled English–Chinese table, mapped once per process; empty when the file is missing."""
    return _mapped(ENGLISH_FILE_NAME)


def translations(key: str) -> list[str]:
    """The Chinese words an English key (english_key) translates, most of them rarely in the cases."""
    value = english_dictionary().value(key)
    return value.split() if value else []
