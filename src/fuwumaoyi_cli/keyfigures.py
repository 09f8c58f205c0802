"""Key figures: every quantity with a unit in a case (money, percentages, counts, durations, areas, multiples).

Each figure keeps the text as printed ("近 1000 家", "8279.6 万元"), the sentence it stands in and where it
stands, plus a normalised value and unit code for JSON:

    83.7 亿元 → 8370000000 "CNY"      865 万美元 → 8650000 "USD"     91.67% → 91.67 "percent"
    5-7倍 → value_min 5, value_max 7, "times"      1200 平米 → 1200 "m2"      3 个工作日 → 3 "workday"

Counts keep their measure word as the unit ("家", "笔", "台"): it says what was counted.
Years and dates (2019年, 2019年11月1日, 2020年1-2月) are not quantities, and neither is the
round-the-clock "7*24 小时"; a duration is a number of years that is not a calendar year
("贷款期限一年", "缩短了 1.5 年").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.model import Block, Case
from fuwumaoyi_cli.text import chinese_numeral_value

Number = int | float

KIND_NAMES = {
    "money": "金额",
    "percent": "比例",
    "count": "数量",
    "duration": "时长",
    "area": "面积",
    "multiple": "倍数",
    "ratio": "比率",
    "number": "数值",
}

MAGNITUDES = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4}

# unit as printed → (kind, unit code). Counts keep the measure word itself.
CURRENCIES = {
    "元": "CNY",
    "人民币": "CNY",
    "元人民币": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "日元": "JPY",
}
DURATIONS = {
    "年": "year",
    "个月": "month",
    "天": "day",
    "日": "day",
    "个工作日": "workday",
    "工作日": "workday",
    "小时": "hour",
    "个小时": "hour",
    "分钟": "minute",
}
AREAS = {"平方米": "m2", "平米": "m2", "平方公里": "km2"}
COUNT_WORDS = "家 笔 户 个 项 人 名 位 件 批 单 台 票 份 次 条 只 班 类 例 款 张 座".split()
# The source prints TCU where twenty-foot equivalent units (TEU) are meant.
CONTAINER_UNITS = {"TEU": "TEU", "TCU": "TEU"}


def _unit_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {w: ("count", w) for w in COUNT_WORDS}
    table.update({u: ("count", code) for u, code in CONTAINER_UNITS.items()})
    table.update({u: ("money", code) for u, code in CURRENCIES.items()})
    table.update({u: ("duration", code) for u, code in DURATIONS.items()})
    table.update({u: ("area", code) for u, code in AREAS.items()})
    table.update({"%": ("percent", "percent"), "％": ("percent", "percent"), "倍": ("multiple", "times")})
    return table


UNITS = _unit_table()


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so 个工作日 wins over 个 and 人民币 over 人.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A qualifier turns an exact number into a bound: about, over (more than) or under (at most).
PREFIX_BOUNDS = {
    "最高不超过": "under",
    "不超过": "under",
    "最高为": "under",
    "最高": "under",
    "不到": "under",
    "不足": "under",
    "超过": "over",
    "突破": "over",
    "超": "over",
    "逾": "over",
    "近": "about",
    "约": "about",
}
INFIX_BOUNDS = {"余": "over", "多": "over"}
SUFFIX_BOUNDS = {
    "以上": "over",
    "以外": "over",
    "以下": "under",
    "以内": "under",
    "之内": "under",
    "内": "under",
    "左右": "about",
}

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# 签约 20 个项目 is not "about 20", nor is 附近 "nearly".
NOT_PREFIXES = r"(?<![签合预制节契条公邀履违附最])"
QUANTITY = (
    rf"(?:{NOT_PREFIXES}(?P<prefix>{_alternation(PREFIX_BOUNDS)})\s*|(?<![第\d.,A-Za-z]))"
    rf"(?P<num>{ARABIC})\s*(?P<infix>[余多])?\s*(?P<mag>{_alternation(MAGNITUDES)})?\s*(?P<infix2>[余多])?"
    rf"\s*(?P<unit>{_alternation(UNITS)})?(?P<per>/[年月日天])?"
    rf"(?:\s*(?P<suffix>{_alternation(SUFFIX_BOUNDS)}))?"
)
# Spans that hold digits but no quantity; matched first so that their digits are skipped.
NOT_QUANTITIES = (
    # 2019年11月1日, 2020年1-2月
    r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}(?:\s*[-—–至]\s*\d{1,2})?\s*月(?:\s*\d{1,2}\s*日)?)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日"  # 11月1日
    r"|\d+\s*[*×]\s*\d+\s*小时"  # 7*24 小时: round the clock, not an amount of time
)
RATIO = rf"(?<![\d.])(?P<ratio>{ARABIC}[%％]?(?:\s*[:：]\s*{ARABIC}[%％]?)+)"
SCANNER_PATTERN = rf"(?P<skip>{NOT_QUANTITIES})|{RATIO}|{QUANTITY}"
RANGE_SEPARATOR = re.compile(r"\s*[-–—~～至到]\s*")

CHINESE_NUMERAL = "[一二两三四五六七八九十百千万]+"
# Chinese numerals name things as often as they count them (三大运营商, 一站式, 五级), so they count
# only with a qualifier (近千人, 百余家, 九百多名), as a duration (贷款期限一年) or as a fraction (四分之一).
CHINESE_SCANNER_PATTERN = (
    rf"(?:{NOT_PREFIXES}(?P<prefix>近|约))?(?<![第每〇\d])(?P<num>{CHINESE_NUMERAL})(?P<infix>[余多])?"
    rf"(?P<unit>{_alternation(COUNT_WORDS)}|{_alternation(DURATIONS)})"
    rf"|(?P<den>{CHINESE_NUMERAL}|\d+)分之(?P<part>{CHINESE_NUMERAL}|\d+(?:\.\d+)?)"
)
SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")  # a clause after ； is context enough
TEXT_FIELDS = ("intro", "lead", "body", "caption")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """The two scanners take milliseconds to compile: pay that on first use, not on every import."""
    return re.compile(pattern)


class KeyFigure(NamedTuple):
    """One quantity in a case, as printed, with its normalised value and where it stands.

    A single value has `value`; a range ("5-7倍") has `value_min` and `value_max` and no `value`.
    `qualifier` is "about" (约, 近, 左右), "over" (余, 多, 超过, 以上) or "under" (最高, 以下, 以内, 内).
    """

    text: str
    kind: str  # money | percent | count | duration | area | multiple | ratio | number
    value: Number | None
    value_min: Number | None
    value_max: Number | None
    unit: str | None
    qualifier: str | None
    sentence: str
    where: str
    section_kind: str | None = None
    section_heading: str | None = None
    point: int | None = None

    def to_dict(self) -> dict[str, Any]:
        section = None
        if self.section_kind is not None:
            section = {"kind": self.section_kind, "heading": self.section_heading, "point": self.point}
        return {
            "text": self.text,
            "kind": self.kind,
            "value": self.value,
            "value_min": self.value_min,
            "value_max": self.value_max,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "sentence": self.sentence,
            "where": self.where,
            "section": section,
        }


class _Quantity(NamedTuple):
    """A number found in a block, before ranges are joined and unit-less numbers dropped."""

    start: int
    end: int
    number: Decimal
    magnitude: str | None
    unit: str | None
    per: str | None
    prefix: str | None
    infix: str | None
    suffix: str | None


def _plain(number: Decimal) -> Number:
    """An int when the value is whole (8370000000), else a float (91.67)."""
    return int(number) if number == number.to_integral_value() else float(number)


def _scan_arabic(text: str) -> Iterator[_Quantity | tuple[int, int, str]]:
    """Quantities written in digits, and ratios as (start, end, text)."""
    for m in _compiled(SCANNER_PATTERN).finditer(text):
        if m.group("skip"):
            continue
        if m.group("ratio"):
            yield (m.start("ratio"), m.end("ratio"), m.group("ratio"))
            continue
        yield _Quantity(
            start=m.start(),
            end=m.end(),
            number=Decimal(m.group("num").replace(",", "")),
            magnitude=m.group("mag"),
            unit=m.group("unit"),
            per=m.group("per"),
            prefix=m.group("prefix"),
            infix=m.group("infix") or m.group("infix2"),
            suffix=m.group("suffix"),
        )


def _join_ranges(text: str, found: list[_Quantity]) -> list[tuple[_Quantity, _Quantity | None]]:
    """Pair a bare or like-unit number with the next one when only a dash or 至 stands between them."""
    out: list[tuple[_Quantity, _Quantity | None]] = []
    i = 0
    while i < len(found):
        low = found[i]
        if i + 1 < len(found):
            high = found[i + 1]
            joined = RANGE_SEPARATOR.fullmatch(text, low.end, high.start)
            compatible = low.unit in (None, high.unit) and low.magnitude in (None, high.magnitude)
            if high.unit and joined and compatible and not low.suffix and not high.prefix and not low.per:
                out.append((low, high))
                i += 2
                continue
        out.append((low, None))
        i += 1
    return out


def _value(q: _Quantity, magnitude: str | None) -> Decimal:
    return q.number * MAGNITUDES.get(magnitude or "", 1)


def _bound(*words: str | None) -> str | None:
    for word in words:
        if word:
            return PREFIX_BOUNDS.get(word) or INFIX_BOUNDS.get(word) or SUFFIX_BOUNDS.get(word)
    return None


def _sentence_at(text: str, position: int) -> str:
    for m in SENTENCE.finditer(text):
        if m.start() <= position < m.end():
            return m.group().strip()
    return text.strip()


def _figure(
    block: Block,
    text: str,
    start: int,
    end: int,
    kind: str,
    unit: str | None,
    value: Number | None = None,
    low: Number | None = None,
    high: Number | None = None,
    qualifier: str | None = None,
) -> KeyFigure:
    return KeyFigure(
        text=text[start:end].strip(),
        kind=kind,
        value=value,
        value_min=low,
        value_max=high,
        unit=unit,
        qualifier=qualifier,
        sentence=_sentence_at(text, start),
        where=block.where,
        section_kind=block.section.kind if block.section else None,
        section_heading=block.section.heading if block.section else None,
        point=block.point.number if block.point else None,
    )


def _arabic_figures(block: Block) -> Iterator[tuple[int, KeyFigure]]:
    text = block.text
    quantities: list[_Quantity] = []
    for item in _scan_arabic(text):
        if isinstance(item, _Quantity):
            quantities.append(item)
        else:
            start, end, _ = item
            yield start, _figure(block, text, start, end, "ratio", "ratio")
    for low, high in _join_ranges(text, quantities):
        last = high or low
        if last.unit is None and last.magnitude is None:
            continue  # a bare number: an ordinal, a code, a part of a name
        if last.unit is None:
            kind, unit = "number", None  # 3000万, 23.7 亿: the text leaves the unit implicit
        else:
            kind, unit = UNITS[last.unit]
            if last.per:
                unit += last.per
        qualifier = _bound(low.prefix, low.infix, last.infix, last.suffix)
        if high is None:
            value = _plain(_value(low, low.magnitude))
            yield low.start, _figure(block, text, low.start, low.end, kind, unit, value, qualifier=qualifier)
        else:
            # In 1-3万元 the low end borrows the magnitude; in 50万美元至800万美元 it has its own.
            low_value = _plain(_value(low, low.magnitude or high.magnitude))
            high_value = _plain(_value(high, high.magnitude))
            span = (low.start, high.end)
            yield low.start, _figure(block, text, *span, kind, unit, None, low_value, high_value, qualifier)


def _chinese_figures(block: Block) -> Iterator[tuple[int, KeyFigure]]:
    text = block.text
    for m in _compiled(CHINESE_SCANNER_PATTERN).finditer(text):
        if m.group("den"):
            den, part = m.group("den"), m.group("part")
            denominator = int(den) if den.isdigit() else chinese_numeral_value(den)
            numerator = Decimal(part) if part[0].isdigit() else chinese_numeral_value(part)
            if not denominator or numerator is None:
                continue
            percent = round(Decimal(numerator) * 100 / denominator, 4)
            yield m.start(), _figure(block, text, m.start(), m.end(), "percent", "percent", _plain(percent))
            continue
        number = chinese_numeral_value(m.group("num"))
        kind, unit = UNITS[m.group("unit")]
        qualifier = _bound(m.group("prefix"), m.group("infix"))
        if number is None or (kind == "count" and qualifier is None):
            continue
        yield m.start(), _figure(block, text, m.start(), m.end(), kind, unit, number, qualifier=qualifier)


def extract_key_figures(case: Case, section_kind: str | None = None) -> tuple[KeyFigure, ...]:
    """Every quantity with a unit in the case's text (intro, leads, body, captions), in reading order; with
    `section_kind`, only those of that kind of section."""
    figures: list[KeyFigure] = []
    for block in case.blocks():
        if block.field not in TEXT_FIELDS or (
            section_kind and (block.section is None or block.section.kind != section_kind)
        ):
            continue
        found = sorted([*_arabic_figures(block), *_chinese_figures(block)], key=lambda item: item[0])
        figures.extend(figure for _, figure in found)
    return tuple(figures)
