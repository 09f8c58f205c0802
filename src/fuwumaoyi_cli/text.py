"""Text rules that every layer shares: which characters are ideographs, and how text is folded.

Folding makes the forms people type compare equal: NFKC turns full-width forms into ASCII (Ｂ２Ｃ → b2c),
Latin is lower-cased, pinyin tone marks are dropped, and a query in traditional characters is read in
simplified ones. Nothing here imports a heavy module unless the text needs it (opencc only for a
traditional character the data does not contain).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

# Items of a list in running Chinese text (providers, regions, themes) are joined with the enumeration
# comma: no value holds one, and it cannot be taken for a CSV separator.
LIST_JOINER = "、"

# Where a line of Chinese may not break: none starts with closing punctuation, none ends with opening punctuation.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’%…—·,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔“‘([{")

# CJK Unified Ideographs, Extension A and the compatibility block: the characters pinyin applies to.
# A string, not a compiled class: re is slow to compile a class this large, so it is compiled on first use.
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Latin word of folded text (lower case): of the search index, and of a large file's token index, which must
# cut words where the search looks for them.
LATIN_WORD = r"[0-9a-z]+"


# Characters that steer a terminal instead of showing: C0 but tab and newline, DEL, C1, and the bidirectional
# embeddings, overrides and isolates that reorder what is shown ("Trojan Source"). Strings: compiled on first use.
CONTROL_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))
CONTROL_CLASS = "[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in CONTROL_RANGES) + "]"
# Those json.dumps(ensure_ascii=False) leaves raw (all but C0), each written out: looked for with `in`, no regex.
OTHER_CONTROLS = "".join(chr(c) for first, last in CONTROL_RANGES[2:] for c in range(first, last + 1))


def control_characters(text: str) -> list[str]:
    """The control characters (CONTROL_CLASS) in `text`, in order."""
    return re.findall(CONTROL_CLASS, text)


def escape_control(char: str) -> str:
    """A control character as a visible escape: \\x1b, \\u202e."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written as its escape, so that a terminal shows it and obeys none."""
    # Nearly always none, and no copy. Every control character is unprintable (Cc, Cf): a line of printable text
    # (a title, a message) needs no regex compiled.
    if text.isprintable() or re.search(CONTROL_CLASS, text) is None:
        return text
    return re.sub(CONTROL_CLASS, lambda m: escape_control(m.group()), text)


def cell_width(text: str) -> int:
    """The columns `text` takes on a terminal: two for each wide (East Asian) character, one for the rest."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def is_cjk_char(char: str) -> bool:
    """An ideograph (the ranges of CJK_CLASS), tested without compiling that large class."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"


def is_cjk(text: str) -> bool:
    """Whether `text` starts with an ideograph."""
    return bool(text) and is_cjk_char(text[0])


def fold(text: str) -> str:
    """Ｂ２Ｃ → b2c, （ → (, … → ...: full-width forms to ASCII (NFKC) and Latin to lower case.

    The one form in which what people type and what the data holds are compared.
    """
    return unicodedata.normalize("NFKC", text).lower()


def fold_text(text: str) -> tuple[str, list[int] | None]:
    """The folded text, and for each of its characters the index of the original character it came from.

    The map is None when folding kept every character one for one (nearly always for Chinese text),
    so the folded offsets are the original ones.
    """
    pieces = [fold(c) for c in text]
    folded = "".join(pieces)
    if len(folded) == len(text):
        return folded, None
    return folded, [i for i, piece in enumerate(pieces) for _ in piece]


@cache
def _traditional_converter() -> Any:  # opencc has no type hints
    # opencc-python-reimplemented: far quicker to import than zhconv (docs/search.md).
    import opencc

    return opencc.OpenCC("t2s")


def fold_marks(query: str) -> str:
    """NFKC, lower case and pinyin tone marks dropped (róngzī → rongzi)."""
    folded = fold(query)
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFD", folded)
        # Only marks on Latin letters: NFD leaves Chinese as it is, and ü keeps its two dots (lü, nü).
        folded = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if c in "\u0308" or not unicodedata.combining(c))
        )
    return folded


def fold_query(query: str, known_chars: Iterable[str] | frozenset[str] = frozenset()) -> str:
    """`fold_marks`, and traditional → simplified when a character is traditional and not one the data uses."""
    folded = fold_marks(query)
    known = known_chars if isinstance(known_chars, (set, frozenset)) else set(known_chars)
    unknown = [c for c in folded if is_cjk_char(c) and c not in known]
    if unknown:
        # The characters opencc would change, listed ahead: a question's everyday characters the data
        # lacks (们, 裹) are simplified already, and loading opencc's tables costs more than a search.
        from fuwumaoyi_cli.traditional import TRADITIONAL

        if not TRADITIONAL.isdisjoint(unknown):
            folded = _traditional_converter().convert(folded)
    return folded


# --- Chinese numerals -------------------------------------------------------------------------------

DIGIT_NAMES = "零一二三四五六七八九"
CHINESE_DIGITS = {"〇": 0, "两": 2} | {ch: n for n, ch in enumerate(DIGIT_NAMES)}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_GROUPS = {"万": 10**4, "亿": 10**8}


def chinese_numeral_value(text: str) -> int | None:
    """The number a Chinese numeral writes, or None when the text is not one well-formed number.

    十四 → 14, 一十四 → 14, 两 → 2, 九百 → 900, 千 → 1000, 一千零五 → 1005, 一百五 → 150, 三万 → 30000.
    None for 一九 (digits read one by one, as in a year), 十十, 二十二十 and 〇十四: units must fall within
    a group, and 零 only stands alone or between a unit and a digit.
    """
    if text in ("零", "〇"):
        return 0
    total = group = 0
    digit: int | None = None
    last_unit = last_group = 10**12
    before = 1  # the unit just before the pending digit: 一百五 is 150, 一百零五 105
    for i, ch in enumerate(text):
        if ch in CHINESE_DIGITS:
            value = CHINESE_DIGITS[ch]
            if value == 0:
                follows_unit = i > 0 and (text[i - 1] in CHINESE_UNITS or text[i - 1] in CHINESE_GROUPS)
                if not follows_unit or i + 1 == len(text) or CHINESE_DIGITS.get(text[i + 1], 0) == 0:
                    return None
                before = 1
                continue
            if digit is not None:
                return None
            digit = value
        elif ch in CHINESE_UNITS:
            unit = CHINESE_UNITS[ch]
            if unit >= last_unit:
                return None
            group += (1 if digit is None else digit) * unit
            digit, last_unit, before = None, unit, unit
        elif ch in CHINESE_GROUPS:
            size = CHINESE_GROUPS[ch]
            value = group + (digit or 0)
            if size >= last_group or not value:
                return None
            total += value * size
            group, digit, last_unit, last_group, before = 0, None, 10**4, size, size
        else:
            return None
    if digit is not None:
        group += digit * (before // 10 if before >= 100 else 1)
    value = total + group
    return value or None


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十: ordinals of sections and points."""
    if n < 0:
        raise ValueError(f"no Chinese numeral for {n}")
    if n < 10:
        return DIGIT_NAMES[n]
    if n < 20:
        return "十" + (DIGIT_NAMES[n - 10] if n > 10 else "")
    out: list[str] = []
    for size, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        part, n = divmod(n, size)
        if part:
            if out and part < 1000:
                out.append("零")
            out.append(_below_ten_thousand(part) + name)
    text = "".join(out)
    return text.removesuffix("零")


def _below_ten_thousand(n: int) -> str:
    out: list[str] = []
    gap = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            if gap and out:
                out.append("零")
            out.append(DIGIT_NAMES[digit] + name)
            gap = False
        else:
            gap = True
    return "".join(out)
