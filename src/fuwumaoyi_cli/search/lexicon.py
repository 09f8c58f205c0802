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

from functools import cache

from fuwumaoyi_cli.cases.loader import bundled_path
from fuwumaoyi_cli.files import SortedLines
from fuwumaoyi_cli.files import mapped as mapped_file

LEXICON_FILE_NAME = "lexicon.txt"
ENGLISH_FILE_NAME = "english.txt"


def mapped(file_name: str) -> SortedLines:
    """A sorted table shipped beside the bundled cases file."""
    return mapped_file(bundled_path().with_name(file_name))


@cache
def general_lexicon() -> SortedLines:
    """The bundled lexicon, mapped once per process; empty when the file is missing."""
    return mapped(LEXICON_FILE_NAME)


@cache
def english_dictionary() -> SortedLines:
    """The bundled English–Chinese table, mapped once per process; empty when the file is missing."""
    return mapped(ENGLISH_FILE_NAME)


def translations(key: str) -> list[str]:
    """The Chinese words an English key (english_key) translates, most of them rarely in the cases."""
    value = english_dictionary().value(key)
    return value.split() if value else []
