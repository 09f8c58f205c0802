"""The forms a word of a query can take: English keys and plurals, pinyin readings, typos (edit distance).

pypinyin is imported only when an index is built and rapidfuzz only when a typo is corrected, so an
exact query pays for neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fuwumaoyi_cli.text import LATIN_WORD

LATIN_SEPARATOR = r"[\s\-–—/]+"


def english_stem(word: str) -> str:
    """A crude plural fold, used on both sides: loans → loan, smes → sme, customs → custom."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def english_lemmas(word: str) -> list[str]:
    """The dictionary forms an English word may be an inflection of, most likely first, the word itself
    left out: materials → material, returned → return, returning → return, facilities → facility,
    leasing → lease. Enough for a query, which is looked up in a table of base forms."""
    forms = []
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            forms += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # planned → plan
            if ending == "ed" and stem.endswith("i"):
                forms.append(stem[:-1] + "y")  # applied → apply
    return list(dict.fromkeys(f for f in forms if f != word))


def english_key(text: str) -> str:
    """The comparable form of an English word or phrase: "Cross-border E-commerce" → "cross border e commerce"."""
    return " ".join(english_stem(w) for w in re.split(LATIN_SEPARATOR, text.lower()) if w)


def english_pattern(key: str) -> str:
    """A regex for an English key, tolerating plurals and any hyphen or space between words.

    It ends at a word boundary; the caller checks the character before the match (see `starts_word`),
    because a regex that opens with a look-behind is scanned far slower than one that opens with a literal.
    """
    words = [re.escape(w) + "(?:e?s)?" for w in key.split()]
    return r"[ \-–]*".join(words) + r"(?![0-9a-z])"


def english_word_forms(key: str) -> tuple[str, ...] | None:
    """The Latin words (text.LATIN_WORD) in which english_pattern(key) matches where a word begins, when
    `key` is one word: itself and its plurals, the words a token index counts; None for any other key."""
    return (key, key + "s", key + "es") if re.fullmatch(LATIN_WORD, key) else None


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
    """Levenshtein distance, by rapidfuzz (C++, many times the pure-Python loop over a vocabulary).

    Imported here: only typo corrections and suggestions need it, never an exact query.
    """
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)
