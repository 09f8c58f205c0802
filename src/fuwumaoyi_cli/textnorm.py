"""Normalising text for search: width and case folding, traditional → simplified, pinyin and English keys.

The case text is folded once, when the search index is built; a query is folded on every search,
so nothing here imports a heavy module unless the query needs it (opencc only for a character
the data does not contain, pypinyin only when an index is built).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

# Patterns stay strings: re compiles and caches them on first use, keeping ~5 ms off the import.
# CJK Unified Ideographs, Extension A and the compatibility block: the characters pinyin applies to.
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A query splits into runs of letters of other scripts (ideographs) and runs of Latin letters/digits
# (joined by - . ' & + /). Not [{CJK_CLASS}]+: a class of 28,000 characters takes re ~2 ms to compile,
# on every call.
WORD = r"[^\W\d_a-z\u00df-\u024f]+|[0-9a-z\u00df-\u024f]+(?:[-.'&+/][0-9a-z\u00df-\u024f]+)*"
QUOTED = r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』'
LATIN_SEPARATOR = r"[\s\-–—/]+"


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


def is_empty_query(query: str) -> bool:
    """A query with no word to look for: blank, quotes only (\"\", “”), punctuation only (，!!!)."""
    # Not fold_query: converting traditional characters cannot empty a query, and would import opencc.
    return not split_query(fold_marks(query))


def split_query(folded: str) -> list[tuple[str, bool]]:
    """Query words in order, each with whether it was quoted (a phrase to match exactly)."""
    words: list[tuple[str, bool]] = []
    pos = 0
    for m in re.finditer(QUOTED, folded):
        words += [(w, False) for w in re.findall(WORD, folded[pos : m.start()])]
        phrase = " ".join(next(g for g in m.groups() if g is not None).split())
        if phrase:
            words.append((phrase, True))
        pos = m.end()
    words += [(w, False) for w in re.findall(WORD, folded[pos:])]
    return words


def english_stem(word: str) -> str:
    """A crude plural fold, used on both sides: loans → loan, smes → sme, customs → custom."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def english_key(text: str) -> str:
    """The comparable form of an English word or phrase: "Cross-border E-commerce" → "cross border e commerce"."""
    return " ".join(english_stem(w) for w in re.split(LATIN_SEPARATOR, text.lower()) if w)


def english_pattern(key: str) -> str:
    """A regex for an English key, tolerating plurals and any hyphen or space between words.

    It ends at a word boundary; the caller checks the character before the match (see `starts_word`),
    because a regex that opens with a look-behind is scanned ~20× slower than one that opens with a literal.
    """
    words = [re.escape(w) + "(?:e?s)?" for w in key.split()]
    return r"[ \-–]*".join(words) + r"(?![0-9a-z])"


def starts_word(text: str, start: int) -> bool:
    """Whether a Latin match at `start` begins a word (Chinese characters count as a boundary)."""
    return start == 0 or not ("0" <= text[start - 1] <= "9" or "a" <= text[start - 1] <= "z")


def char_readings(chars: Iterable[str]) -> dict[str, list[str]]:
    """Every toneless pinyin reading of each character (多音字 keep all: 长 → chang, zhang).

    ü is written v, as pinyin input methods do; lue/nue are accepted too.
    """
    from pypinyin import Style, pinyin

    readings = {}
    for char in sorted(set(chars)):
        found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        forms = list(dict.fromkeys(r for group in found for r in group if r.isalpha()))
        forms += [f.replace("ve", "ue") for f in forms if f in ("lve", "nve")]
        if forms:
            readings[char] = forms
    return readings


def pinyin_splits(word: str, syllables: frozenset[str], limit: int = 16) -> list[list[str]]:
    """The ways `word` reads as a run of syllables: "xian" → [["xian"], ["xi", "an"]]. An apostrophe splits.

    At most `limit` splits; positions from which the rest cannot be read are found first, so a word
    that is not pinyin fails in linear time instead of trying every prefix.
    """
    text = word.replace("'", "")
    breaks = set()
    pos = 0
    for part in word.split("'")[:-1]:
        pos += len(part)
        breaks.add(pos)
    if not text or "" in word.split("'"):
        return []

    def steps(i: int) -> list[int]:
        ends = [i + n for n in range(min(6, len(text) - i), 0, -1) if text[i : i + n] in syllables]
        return [e for e in ends if not any(i < b < e for b in breaks)]

    finishes = [False] * (len(text) + 1)
    finishes[len(text)] = True
    for i in range(len(text) - 1, -1, -1):
        finishes[i] = any(finishes[e] for e in steps(i))
    splits: list[list[str]] = []
    stack: list[tuple[int, list[str]]] = [(0, [])] if finishes[0] else []
    while stack and len(splits) < limit:
        i, done = stack.pop()
        if i == len(text):
            splits.append(done)
            continue
        stack += [(e, done + [text[i:e]]) for e in reversed(steps(i)) if finishes[e]]
    return splits


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when b is a with at most one character changed, added, removed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, by rapidfuzz (C++; ~40× the pure-Python loop over a vocabulary).

    Imported here: only typo corrections and suggestions need it, never an exact query.
    """
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)
