"""Text rules that every layer shares: which characters are ideographs, and how text is folded.

Folding makes the forms people type compare equal: NFKC turns full-width forms into ASCII (Ｂ２Ｃ → b2c),
Latin is lower-cased, pinyin tone marks are dropped, and a query in traditional characters is read in
simplified ones. Nothing here imports a heavy module unless the text needs it (opencc only for a
character the data does not contain).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

# CJK Unified Ideographs, Extension A and the compatibility block: the characters pinyin applies to.
# A string, not a compiled class: re compiles a class this large in ~2 ms, so it is compiled on first use.
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def is_cjk_char(char: str) -> bool:
    """An ideograph (the ranges of CJK_CLASS), tested without compiling that large class."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"


def is_cjk(text: str) -> bool:
    """Whether `text` starts with an ideograph."""
    return bool(text) and is_cjk_char(text[0])


def fold_char(char: str) -> str:
    """Ｂ → b, （ → (, … → ...: full-width forms to ASCII (NFKC) and Latin to lower case."""
    return unicodedata.normalize("NFKC", char).lower()


def fold_text(text: str) -> tuple[str, list[int] | None]:
    """The folded text, and for each of its characters the index of the original character it came from.

    The map is None when folding kept every character one for one (nearly always for Chinese text),
    so the folded offsets are the original ones.
    """
    pieces = [fold_char(c) for c in text]
    folded = "".join(pieces)
    if len(folded) == len(text):
        return folded, None
    return folded, [i for i, piece in enumerate(pieces) for _ in piece]


@cache
def _traditional_converter():  # noqa: ANN202 - opencc has no type hints
    # opencc-python-reimplemented: ~10 ms to import and convert, against ~100 ms for zhconv (docs/search.md).
    import opencc

    return opencc.OpenCC("t2s")


def fold_marks(query: str) -> str:
    """NFKC, lower case and pinyin tone marks dropped (róngzī → rongzi)."""
    folded = unicodedata.normalize("NFKC", query).lower()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFD", folded)
        # Only marks on Latin letters: NFD leaves Chinese as it is, and ü keeps its two dots (lü, nü).
        folded = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if c in "\u0308" or not unicodedata.combining(c))
        )
    return folded


def fold_query(query: str, known_chars: Iterable[str] | frozenset[str] = frozenset()) -> str:
    """`fold_marks`, and traditional → simplified when a character is not one the data uses."""
    folded = fold_marks(query)
    known = known_chars if isinstance(known_chars, (set, frozenset)) else set(known_chars)
    if any(is_cjk_char(c) and c not in known for c in folded):
        folded = _traditional_converter().convert(folded)
    return folded
