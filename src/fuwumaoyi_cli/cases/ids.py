"""Reading a case id the way people type it: 14, １４, 十四, 第14, 第十四, #14, 案例14, case 14."""

from __future__ import annotations

import re
import unicodedata

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Strings, not compiled at import: every command imports this module, few read an id.
PREFIX = r"(?i)^(?:#|no\.?|case|案例|第)\s*"
SUFFIX = r"\s*(?:个案例|个|号|案例)$"


def chinese_to_int(text: str) -> int | None:
    """十四 → 14, 二十 → 20, 一十四 → 14, 九十九 → 99; None when it is not a Chinese numeral below 100."""
    if not text or any(ch not in DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


def parse_case_id(text: str) -> int:
    """The case number a user meant, or ValueError when the text is not a case number at all.

    Range is not checked here: 99 parses, and the caller says which ids exist.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = re.sub(SUFFIX, "", re.sub(PREFIX, "", cleaned))
    if re.fullmatch(r"[+-]?\d+", cleaned):
        return int(cleaned)
    number = chinese_to_int(cleaned)
    if number is None:
        raise ValueError(f"{text!r} is not a case number (try 14, １４, 十四 or 第14)")
    return number
