"""How key figures are found: every quantity with a unit in a text (money, percentages, counts, durations…).

Each figure keeps the text as printed ("近 1000 家", "8279.6 万元"), the sentence it stands in and where it
stands, plus a normalised value and unit code for JSON:

    83.7 亿元 → 8370000000 "CNY"      865 万美元 → 8650000 "USD"     91.67% → 91.67 "percent"
    5-7倍 → value_min 5, value_max 7, "times"      1200 平米 → 1200 "m2"      3 个工作日 → 3 "workday"

Counts keep their measure word as the unit ("家", "笔", "台"): it says what was counted.
Each figure also says what it counts: a `label` of a few words from its sentence (节省仓储费用 50 余万元 →
"节省仓储费用"; 共受理 239 笔技术进出口合同登记申请 → "技术进出口合同登记申请"), the `subject` the text names
before it (单一被保险人最高赔偿限额为 30 万美元 → "单一被保险人"), and `per` when the text gives a rate
(每周 7 个航班 → "week"). Bounds on both sides are one range (50 万美元以上，800 万美元以下), and one fact
written several times in a case is one `fact` (its number within the case), counted once where it is shown.
Years and dates (2019年, 2019年11月1日, 2020年1-2月) are not quantities, and neither is the
round-the-clock "7*24 小时"; a duration is a number of years that is not a calendar year
("贷款期限一年", "缩短了 1.5 年").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.model import Block, Case
from fuwumaoyi_cli.keyfigures import KeyFigure, Number
from fuwumaoyi_cli.text import chinese_numeral_value

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
    "个多月": "month",  # 两个多月: more than two months
    "个余月": "month",
    "天": "day",
    "日": "day",
    "个工作日": "workday",
    "工作日": "workday",
    "小时": "hour",
    "个小时": "hour",
    "个多小时": "hour",
    "分钟": "minute",
    "秒": "second",
}
AREAS = {"平方米": "m2", "平米": "m2", "平方公里": "km2", "平方千米": "km2", "公顷": "ha", "亩": "mu"}
LENGTHS = {"公里": "km", "千米": "km"}  # not 米 alone: 大米, 玉米
WEIGHTS = {"吨": "t", "总吨": "GT", "公斤": "kg", "千克": "kg"}
# Measure words that count, as a report of the genre uses them (所 schools, 门 courses, 部 and 集 films, 起 and
# 宗 cases, 艘次 ship calls…).
COUNT_WORDS = (
    "家 笔 户 个 项 人 名 位 件 批 单 台 票 份 次 条 只 班 列 套 类 大类 例 款 张 座 架 架次 场 人次 家次"
    " 所 门 部 集 册 本 种 期 支 起 篇 辆 宗 艘 艘次 间 处 栋 轮 场次 批次 班次 航次 车次"
).split()
# The source prints TCU where twenty-foot equivalent units (TEU) are meant; 标箱 is their Chinese name.
CONTAINER_UNITS = {"TEU": "TEU", "TCU": "TEU", "标箱": "TEU"}
WHOSE_NUMBER = set("人户件次总个家笔项单票名位")  # 人数, 户数…: the number of those, not "some"
POINTS = ("个百分点", "百分点")  # a change of a percentage: 下降 1.5 个百分点, not 1.5 个 of something


def _unit_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {w: ("count", w) for w in COUNT_WORDS}
    table.update({u: ("count", code) for u, code in CONTAINER_UNITS.items()})
    table.update({u: ("money", code) for u, code in CURRENCIES.items()})
    table.update({u: ("duration", code) for u, code in DURATIONS.items()})
    table.update({u: ("area", code) for u, code in AREAS.items()})
    table.update({u: ("length", code) for u, code in LENGTHS.items()})
    table.update({u: ("weight", code) for u, code in WEIGHTS.items()})
    table.update({"%": ("percent", "percent"), "％": ("percent", "percent"), "倍": ("multiple", "times")})
    table.update({u: ("percent", "point") for u in POINTS})
    return table


UNITS = _unit_table()


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so 个工作日 wins over 个 and 人民币 over 人.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A qualifier turns an exact number into a bound: about, over (more than) or under (at most).
PREFIX_BOUNDS = {
    "最高不超过": "under",
    "最快": "under",
    "最多": "under",
    "至少": "over",
    "不少于": "over",
    "不低于": "over",
    "不多于": "under",
    "不高于": "under",
    "最少": "over",
    "不超过": "under",
    "最高可达": "under",
    "最高达": "under",
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
DATE = (  # 2019年11月1日, 2020年1-2月, 11月1日
    r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}(?:\s*[-—–至]\s*\d{1,2})?\s*月(?:\s*\d{1,2}\s*日)?)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日"
)
DATED = rf"(?:{DATE})\s*的"  # 由 2019 年的 860 亿元: "of 2019" says nothing of what is counted
NOT_QUANTITIES = (
    DATE + r"|(?<!\d)\d+\s*[*×]\s*\d+\s*小时"  # 7*24 小时: round the clock, not an amount of time
)
RATIO = rf"(?<![\d.])(?P<ratio>{ARABIC}[%％]?(?:\s*[:：]\s*{ARABIC}[%％]?)+)"
SCANNER_PATTERN = rf"(?P<skip>{NOT_QUANTITIES})|{RATIO}|{QUANTITY}"
RANGE_SEPARATOR = re.compile(r"\s*[-–—~～至到]\s*")
BOUNDS_SEPARATOR = re.compile(r"\s*[，,、]?\s*")

CLAUSE_BREAKS = '，,。；;：:！？!?（(）)“”"、'  # where a clause, or an item of a list, ends
NUMERAL_CHARS = "一二两三四五六七八九十百千万"
CHINESE_NUMERAL = f"[{NUMERAL_CHARS}]+"
# A match starts only where a run of numerals or digits does: inside one, every position would read the run
# to its end again (time grew with the square of its length).
RUN_START = rf"(?<![\d{NUMERAL_CHARS}])"
# Chinese numerals name things as often as they count them (三大运营商, 一站式, 五级), so they count
# only with a qualifier (近千人, 百余家, 九百多名), as a duration (贷款期限一年, 两个月内) or as a fraction
# (四分之一); an amount of money in them has a magnitude (超百亿元, 近千万元): 一元化 is no amount.
CHINESE_SCANNER_PATTERN = (
    rf"(?:{NOT_PREFIXES}(?P<prefix>{_alternation(PREFIX_BOUNDS)}))?(?<![第每〇]){RUN_START}(?:"
    # 上一年度, 同一批 name a time or a thing, not an amount (上千家 is one)
    rf"(?!(?<=[上下同])一)(?P<num>{CHINESE_NUMERAL})"
    rf"(?P<infix>[余多])?(?:(?P<mag>亿)(?P<infix2>[余多])?)?"
    rf"(?P<unit>{_alternation([*COUNT_WORDS, *DURATIONS, *CURRENCIES, *POINTS])})(?P<infix3>[余多](?![元万亿]))?"
    rf"(?P<suffix>{_alternation(SUFFIX_BOUNDS)})?"
    # tenths and a half where a clause or a bound follows, or a bound comes before: 压缩三成以上, 近四成。,
    # 压缩一半, 其中近一半来自 (not 一成不变, 统一成, 五成新, 八成是, 七八成)
    rf"|(?<!统)(?:(?P<tenths>[一二两三四五六七八九])成|(?P<half>一半))"
    rf"(?P<tenths_suffix>{_alternation(SUFFIX_BOUNDS)})?"
    rf"(?=[{CLAUSE_BREAKS}\s]|的|$|(?<=[近约超逾过](?:一半|[一二两三四五六七八九]成))))"
    rf"|{RUN_START}(?P<den>{CHINESE_NUMERAL}|\d+)分之(?P<part>{CHINESE_NUMERAL}|\d+(?:\.\d+)?)"
)
SENTENCE_ENDS = "。！？!?；;"  # a clause after ； is context enough
CLAUSE_ENDS = "，,；;"  # where a clause of a sentence ends (an item of a list, after 、, is no clause)
CONTEXT = 2_000  # characters: a sentence of the genre is a tenth of this
TEXT_FIELDS = ("intro", "lead", "body", "caption")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """The two scanners take milliseconds to compile: pay that on first use, not on every import."""
    return re.compile(pattern)


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
            compatible = low.unit in (None, high.unit) and low.magnitude in (None, high.magnitude)
            dashed = RANGE_SEPARATOR.fullmatch(text, low.end, high.start) and not low.suffix and not high.prefix
            # 50 万美元以上，800 万美元以下: a lower and an upper bound, one range.
            bounded = (
                BOUNDS_SEPARATOR.fullmatch(text, low.end, high.start)
                and SUFFIX_BOUNDS.get(low.suffix or "") == "over"
                and SUFFIX_BOUNDS.get(high.suffix or "") == "under"
            )
            if high.unit and compatible and not low.per and (dashed or bounded):
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
    """The sentence that holds `position` (with the marks that end it), within CONTEXT characters of it."""
    start = _opening(text, position, SENTENCE_ENDS)
    ends = [at for ch in SENTENCE_ENDS if (at := text.find(ch, position, position + CONTEXT)) >= 0]
    end = min(ends, default=min(len(text), position + CONTEXT))
    while end < len(text) and text[end] in SENTENCE_ENDS:
        end += 1
    return text[start:end].strip()


def _back(position: int) -> int:
    """Where the context of a figure at `position` begins: its sentence and its label are looked for in the
    CONTEXT characters around it, so that a text with no end of sentence is read in a time of its length."""
    return max(0, position - CONTEXT)


def _opening(text: str, position: int, marks: str) -> int:
    """Where the clause or sentence that `position` is in begins: after the last of `marks` before it, within
    its context (_back)."""
    back = _back(position)
    return max(back - 1, *(text.rfind(ch, back, position) for ch in marks)) + 1


# What a figure counts is said by the words of its clause just before it (贷款余额 72 亿元, 费率为 0.1%)
# or, for a count or a duration that a phrase follows, just after it (239 笔技术进出口合同登记申请,
# 30 日内完成退货). These words join a label to its number and say nothing of what is counted.
LIST_ENDS = CLAUSE_BREAKS.replace("、", "")
# The adverbs that bound or spread a figure are said by its qualifier (最高可, 各达, 均为).
LINKERS = tuple(
    "约占 达到 已达 高达 共计 累计 合计 共有 即可 可达 为 达 在 可 是 的 约 即 了 已 有 共 至 内 将"
    " 最高 最快 最多 最少 至少 分别 各 均 与 和 及 折合人民币 折合".split()
)
OPENERS = tuple(
    "截至目前 目前 其中 同时 分别 预计 上年 当年 全年 去年 今年 有效 逐步 已经 并 由 从 在 当 对"
    " 累计 共计 合计 共".split()
)
# Words inside a clause after which the label starts: what comes before them is whose figure it is
# (企业共节省仓储费用: 企业; 天猫国际与网易考拉分别占总退单比: the two platforms).
SUBJECT_ENDS = ("分别", "共计", "累计", "合计", "先后", "预计", "共", "均", "已")
LABEL_LENGTH = 10  # characters: the words nearest the number; more of the clause is its subject
SUBJECT_LENGTH = 12
AFTER_LENGTH = 12
PHRASE_STEPS = 4  # how far past the words after a count its label is looked for (_phrase_after)
AFTER_STOPS = "在于向从由被把将等的为与"
# Verbs that end the phrase a count names (10 家中关村企业提供了…: 中关村企业) and, ending the words
# before an amount, leave its label to the words after it (提供了 100 万元知识产权质押贷款贴息支持).
PREDICATES = tuple(
    "提供 发放 享受 获得 实现 购买 入驻 参与 开展 设立 建立 落户 签约 带来 聚集 退运 支持 完成 办理 受理 成为"
    " 吸引 引进 给予".split()
)
# What a figure right after another is of, when its own words say only that (…3.2 万笔、金额 680 亿元): the
# other's label says what the amount, the total or the change is of.
ATTRIBUTES = ("金额", "涉及金额", "总金额", "总额", "货值", "数量", "规模")
# Changes of an amount up or down (缩短, 压缩 are of a time): a label that is one of them alone (CHANGE_ONLY,
# below) is of what the figure before counts.
GROWTH = "减少 增加 增长 下降 降低 提高 提升".split()
# Counted things too plain to say what was counted on their own (23 家企业完成数据出境安全评估): the words
# that follow say it.
PLAIN_COUNTED = ("企业", "公司", "机构", "单位", "人员", "项目")
DEGREES = ("大幅", "显著", "明显", "大大", "极大", "进一步")  # how much a change changes: not what it changes
# Verbs after which what is counted is named: 44 家企业成为国家知识产权示范企业.
BECOMING = ("成为", "获评", "被评为")
BECAME = rf"[^{CLAUSE_BREAKS}\d]{{1,6}}?(?:{_alternation(BECOMING)})"
COUNTED = rf"[两三四五六七八九十百千]+(?:{_alternation(COUNT_WORDS)})"  # a count in Chinese numerals
# Verbs that change a figure: 由 5 个工作日压缩到 2 个工作日 gives its old value and its new one, and
# both are figures of what changes (审批时限), not of the verb.
# A verb of one character changes a figure only with 至 (增至, 降为): 增值税 is a tax.
CHANGES = _alternation([*GROWTH, *"缩短 缩减 压缩 压减 延长 扩大 放大 加密 下调 上调 精简 削减".split()])
CHANGE_ONLY = re.compile(rf"(?:同比|环比)?(?:{_alternation(GROWTH)})了?")
CHANGED = re.compile(rf"(?:{CHANGES}|[增降减升])了?[至到为成]")
CHANGE = re.compile(rf"{CHANGES}|{CHANGED.pattern}")
# What a figure is compared with or grows from is not what it counts: 较新政实施前环比增长, 较传统模式节省核验
# 时间 (the base), 额度是在企业上年度纳税的基础上放大 (额度), 贷款额度越高 (贷款额度).
COMPARED = re.compile(r"较[^，,。；;]*?(?:前|后|同期|上年|去年)")
COMPARED_WITH = re.compile(rf"较[^，,。；;]*?(?=节省|节约|{CHANGES})")  # what it saves is said after it
BASIS = re.compile(r"是?在[^，,。；;]*基础上")
COMPARATIVE = re.compile(r"越[高多大长快少低短]$")
UNIT_AFTER_DIGITS = (
    rf"^[\s余多%％]*(?:{_alternation(MAGNITUDES)})?[\s余多]*(?:{_alternation(UNITS)})?"
    rf"\s*(?:{_alternation(SUFFIX_BOUNDS)})?"  # 在 30 日内完成退货的比例: 完成退货的比例
)
# A ratio 按“7:2:1”的比例 shares what the words after it name (建立贷款本金损失共担机制: 贷款本金损失共担机制).
SHARED_BY = re.compile(r"[”\"]?\s*的?\s*(?:比例|比重)")
SHARING = ("分担", "承担", "出资", "分配", "分成", "共担")
# Nouns of a share: a share's subject that ends in one is what the share measures (完成退货的比例约占…).
SHARES = ("比例", "比重", "占比", "份额", "率")
RATES = {"日": "day", "天": "day", "周": "week", "月": "month", "季度": "quarter", "年": "year"}
EACH = ("单", "每", "人均", "户均")  # a clause that begins so gives an amount of each one, not of a period
RATE = re.compile(r"(?:每|平均每|[日月年]均)(季度|[日天周月年])|([日月年])均")
NOT_RATES = ("percent", "ratio", "multiple")  # a share of a monthly amount is not itself per month
# A label that begins with 年, 月 or 日 counts a year's, a month's or a day's worth (年展览面积, 日检测量), but
# not in these words.
LABEL_RATES = {"年": "year", "月": "month", "日": "day"}
CUMULATIVE = re.compile("累计|共计|合计|总计")
NOT_LABEL_RATES = tuple(
    "年龄 年轻 年底 年初 年末 年内 年限 年份 年代 年前 年后 年间 月底 月初 月末 月份 月内 日本 日常 日益 日趋 日前"
    " 日期 日内 日后 日子 年度 年报 年会 年鉴 年货 年终 月度 月报 月饼 日用 日报 日志 日程".split()
)


def _trim(phrase: str, ends: tuple[str, ...], at_start: bool, whole_words: bool = True) -> str:
    """`phrase` without the words of `ends` at its start (or its end), repeatedly; with `whole_words`, not
    where a word of the lexicon runs across the cut (从业人员 keeps its 从, 人均 its 均)."""
    phrase = phrase.strip()
    changed = True
    while changed and phrase:
        changed = False
        for word in ends:
            at = len(word) if at_start else len(phrase) - len(word)
            if (
                (phrase.startswith(word) if at_start else phrase.endswith(word))
                and len(phrase) > len(word)
                and (not whole_words or _word_boundary(phrase, at))
            ):
                phrase = (phrase[len(word) :] if at_start else phrase[: -len(word)]).strip()
                changed = True
    return phrase


def _clause_before(text: str, start: int, old: bool) -> str:
    """The words of the figure's clause before it, after any other number in it (10 万元纳税额最高可获得);
    for the `old` value of a change, those before 由 or 从 (审批时限由原先的 5 个工作日压缩到…: 审批时限)."""
    # 总额由 2019 年的 860 亿元: a date is no other figure, and "of 2019" says nothing of what is counted
    before = _compiled(DATED).sub("", text[_opening(text, start, CLAUSE_BREAKS) : start])
    digits = [i for i, ch in enumerate(before) if ch.isdigit()]
    if digits:
        before = _compiled(UNIT_AFTER_DIGITS).sub("", before[digits[-1] + 1 :])
    # 建成两个面积各达 1200 平米: a count in Chinese numerals is another figure too
    if counted := list(re.finditer(COUNTED, before)):
        before = before[counted[-1].end() :]
    before = RATE.sub("", before)  # the rate is said by `per`
    # 较上年增长: what it is compared with is no part of the label, unless the verb alone would be left
    if not CHANGE.fullmatch(_trim(uncompared := COMPARED.sub("", before), LINKERS, at_start=False)):
        before = uncompared
    if compared := list(COMPARED_WITH.finditer(before)):
        last, rest = compared[-1], before[compared[-1].end() :]
        if not CHANGE.fullmatch(saved := _trim(rest, LINKERS, at_start=False)) and saved not in ("节省", "节约"):
            before = rest  # 较传统模式节省核验时间: 节省核验时间 (but 运输时间较海运节省: 运输时间节省)
        elif last.start() > 0:
            before = before[: last.start()] + rest  # 申请手续较原先减少了: 申请手续减少
        else:
            before = before[last.start() :]  # 较年初增长: the verb alone says nothing
    if (changed := CHANGED.search(before)) and changed.end() == len(before.rstrip()):
        before = before[: changed.start()]  # 环节减少为 5 个: a new value of 环节
    if old and (since := max(before.rfind("由"), before.rfind("从"))) >= 0:
        before = before[:since]
    if (basis := BASIS.search(before)) and _nominal(before[: basis.start()]):
        before = before[: basis.start()]
    before = COMPARATIVE.sub("", before)
    return _trim(_trim(before, LINKERS, at_start=False), OPENERS, at_start=True)


def _phrase_after(text: str, end: int, counted: bool = False) -> str:
    """The phrase after a count or a duration (239 笔技术进出口合同登记申请); "" when another number follows
    (每周 2 班加密至 5 班: the label is not 加密). `counted`: the figure is a count, and what it counts may be
    named past the words that say what they are or do (a few steps on at most: text of any length is data)."""
    for _step in range(PHRASE_STEPS):
        window = text[end : end + CONTEXT]
        after = window.lstrip()
        at = end + len(window) - len(after)
        cut = next((i for i, ch in enumerate(after) if ch in CLAUSE_BREAKS or ch.isdigit()), len(after))
        if (bounded := _compiled(QUANTITY).match(text, at)) and bounded.group("prefix"):
            end = bounded.end()  # 两大类超过 15 项的检测内容: both count 检测内容
            continue
        if not counted:
            break
        if after[cut : cut + 1] == "、":
            listed = after[: next((i for i, ch in enumerate(after) if ch in LIST_ENDS or ch.isdigit()), len(after))]
            if cut == 1:  # 26 个省、直辖市和港澳地区: a list of what is counted
                cut = len(listed)
            elif "的" in listed[cut:]:  # 180 多位专业化、国际化的高端技术经理人: a list of what they are
                end = at + listed.rfind("的") + 1
                continue
        # 45 个未到期的存量专利质押贷款项目: the noun after 的 when the words before it name nothing
        of = after.find("的", 0, cut)
        if of > 0 and not _nominal(after[:of]) and not CHANGE.match(after):
            end = at + of + 1
            continue
        # 44 家企业成为国家知识产权示范企业: what they became is what is counted
        if became := re.match(BECAME, after):
            end = at + became.end()
            continue
        break
    if CHANGE.match(after):  # 每周 2 班加密至 5 班: the label is not 加密
        return ""
    # 300 家知名互联网企业和中国 70%: 和中国 is the next one's (not in a list: 26 个省、直辖市和港澳地区的 4315 家)
    if cut < len(after) and after[cut].isdigit() and "、" not in after[:cut]:
        cut = max([at for word in "和及与" if (at := after.rfind(word, 2, cut)) > 0], default=cut)
    after = _trim(after[:cut], LINKERS + OPENERS, at_start=True)
    after = _trim(after, ("内", "的"), at_start=False, whole_words=False)  # 运抵综保区内: 区内 is a word
    stop = next((i for i, ch in enumerate(after) if i > 0 and ch in AFTER_STOPS), len(after))
    if changed := CHANGE.search(after):  # 9 个环节减少为 5 个: 环节
        stop = min(stop, changed.start())
    if rate := RATE.search(after):  # 三个城市航线每周 7 个航班: the rate is the next figure's
        stop = min(stop, rate.start())
    done = after.find("了")  # 6 家申请单位提交了: a verb done ends the phrase
    if done > 1:
        stop = min(stop, done - 2 if _in_lexicon(after[done - 2 : done]) else done - 1)
    stop = min([stop, *(at for word in PREDICATES if (at := after.find(word)) > 0)])
    if stop > AFTER_LENGTH:  # cut where no word of the lexicon runs across
        stop = _cut_at_word(after, AFTER_LENGTH)
    return _trim(after[:stop], LINKERS, at_start=False)  # 10 万元纳税额最高可获得: 纳税额


def _label(text: str, start: int, end: int, kind: str) -> tuple[str, str | None]:
    """What a figure counts and whose it is, in the text's words: (label, subject)."""
    if kind == "ratio" and (shared := SHARED_BY.match(text, end)):
        return _shared(text, shared.end()), None
    after = _phrase_after(text, end, kind == "count")
    rest = text[end : end + CONTEXT].lstrip()
    before = _clause_before(text, start, old=bool(CHANGE.match(rest)))
    # Counts and durations name what they count after them (239 笔…申请, 30 日内完成退货); any figure
    # does after 的 (400 万元的政府补偿基金) or after a verb that ends the words before it.
    # 400 万元的政府补偿基金: the noun after 的 is what the figure is; not 1000 万以下的可快速放款, and not
    # 收汇金额在 50 万美元至 800 万美元的企业, where the words before say what the figure measures.
    preceding = text[_back(start) : start].rstrip()
    linked = preceding.endswith(("在", "为", "达", "是"))
    named = rest.startswith("的") and any(_is_noun(rest[1 : 1 + n]) for n in (2, 3, 4)) and not linked
    follows = named or _trim(before, ("了",), at_start=False).endswith(PREDICATES)
    if len(after) >= 2 and (kind in ("count", "duration") or follows):
        return (_with_predicate(text, end, after) if after in PLAIN_COUNTED else after), None
    subject = None
    reach = before.find("达到")
    if kind == "percent" and reach > 0 and preceding.endswith("的"):
        # 风险补偿金达到累计发放贷款金额的 3%: a share of what comes after 达到, of what comes before it
        return _trim(before[:reach], OPENERS, at_start=True), None
    share = before.rfind("占")
    # 专利技术与专有技术进口占技术进口总额的 91.67%: whose share of what (占比 is a noun: no verb 占)
    if kind == "percent" and share > 1 and not before.startswith("占比", share):
        subject, before = _trim(before[:share], LINKERS + SUBJECT_ENDS, at_start=False), before[share:]
        ahead = _previous_clause(text, start)
        if subject.endswith(SHARES):  # 完成退货的比例约占整个退货商品的 40%: 完成退货的比例
            subject, before = _last_words(subject)
        elif before.endswith(SHARES):  # 研发设计服务出口额占全省的比重达到 45%: whose share it is, too
            subject, whose = _last_words(subject)
            before = whose + before
        elif ahead.endswith(SHARES):  # 无法退单的比例，天猫国际与网易考拉分别占总退单比为 45%
            before = _last_words(ahead)[1]
        return before, subject if subject and 2 <= len(subject) <= SUBJECT_LENGTH else None
    head = before[before.rfind("的") + 1 :]
    if "的" in before and len(head) >= 3:  # 保险责任项下损失的赔偿比例: the head after the last 的
        before = head
    # 企业共节省仓储费用: 企业; not inside a word (平均 holds 均)
    ends = [(at, word) for word in SUBJECT_ENDS if (at := before.rfind(word)) > 0 and _word_boundary(before, at)]
    if ends:
        at, word = max(ends)
        subject, before = before[:at], _trim(before[at + len(word) :], OPENERS, at_start=True)
    # A share of things named together is of all of them (品牌服务机构和品牌服务机构培育单位占比): not cut.
    if len(before) > (2 * LABEL_LENGTH if before.endswith(SHARES) and "和" in before else LABEL_LENGTH):
        subject, before = _last_words(before)
    if len(before) != 1 and not _nominal(before):  # one character joins a list (45%和 50%): see _listed
        # A label names a thing: else the words after say it (，10 万元纳税额…) or the clause before
        # (开通至仁川机场的货运包机业务，并逐步由通航初期的每周 2 班…).
        found = [before, _phrase_after(text, end, kind == "count"), _clause_ahead(text, start)]
        before = next((p for p in found if _nominal(p)), next((p for p in found if p), ""))
    return before, subject if subject and 2 <= len(subject) <= SUBJECT_LENGTH else None


def _with_predicate(text: str, end: int, counted: str) -> str:
    """A plain counted noun with what its clause says they did (23 家企业完成数据出境安全评估: 企业完成数据出境
    安全评估), cut where no word of the lexicon runs across; the noun alone when nothing follows it."""
    window = text[end : end + CONTEXT]
    at = window.find(counted) + len(counted)
    rest = window[at : next((i for i in range(at, len(window)) if window[i] in CLAUSE_BREAKS), len(window))]
    rest = rest.strip()
    if len(rest) > AFTER_LENGTH:
        rest = rest[: _cut_at_word(rest, AFTER_LENGTH)]
    return counted + rest if len(rest) >= 2 and not any(ch.isdigit() for ch in rest) else counted


def _shared(text: str, end: int) -> str:
    """What a ratio shares, from the words after 的比例 (设立前期 3000 万的风险补偿基金: 风险补偿基金); 比例
    when they name nothing (按 1:1 的比例分担)."""
    clause = text[end : next((i for i in range(end, len(text)) if text[i] in CLAUSE_BREAKS), len(text))]
    if "的" in clause:
        clause = clause[clause.rfind("的") + 1 :]
    clause = _trim(clause, (*PREDICATES, *SHARING), at_start=True)
    return clause if clause and clause not in SHARING and len(clause) <= 2 * LABEL_LENGTH else "比例"


def _last_words(phrase: str) -> tuple[str, str]:
    """The last words of `phrase` up to LABEL_LENGTH characters and the words before them: (before, last).
    The cut is where no word of the lexicon runs across, and a word of it starts if one can (因非整单或非良品
    无法退单的比例: 无法退单的比例, not 品无法退单的比例)."""
    if len(phrase) <= LABEL_LENGTH:
        return "", phrase
    cut = len(phrase) - LABEL_LENGTH
    cuts = [i for i in range(cut, len(phrase) - 1) if _word_boundary(phrase, i)]
    starts = (i for i in cuts if any(_in_lexicon(phrase[i : i + n]) for n in (2, 3, 4)))
    cut = next(starts, cuts[0] if cuts else cut)
    return phrase[:cut], phrase[cut:]


def _previous_clause(text: str, start: int) -> str:
    """The clause before the figure's own within its sentence, "" when it holds a number (a date is none:
    2019年11月技术贸易出口退税无纸化试行以来)."""
    own = max(text.rfind(ch, _back(start), start) for ch in "，,")
    if own < 0 or any(ch in text[own:start] for ch in "。！？；;"):
        return ""
    clause = COMPARATIVE.sub("", text[_opening(text, own, CLAUSE_BREAKS) : own])
    clause = _compiled(DATE).sub("", clause)
    return "" if any(ch.isdigit() for ch in clause) else _trim(clause, OPENERS, at_start=True)


def _clause_ahead(text: str, start: int) -> str:
    """The previous clause as a label: its head after its last 的 (开通至仁川机场的货运包机业务: 货运包机业务),
    what a change there changes (大幅缩短审贷时间: 审贷时间), or its first words up to LABEL_LENGTH characters."""
    clause = _trim(_previous_clause(text, start), DEGREES, at_start=True)
    if (changed := CHANGE.match(clause)) and len(clause) - changed.end() >= 2:
        clause = clause[changed.end() :]
    head = clause[clause.rfind("的") + 1 :]
    if "的" in clause and len(head) >= 3:
        return head
    return clause[: _cut_at_word(clause, LABEL_LENGTH)]


def _nominal(phrase: str) -> bool:
    """Whether a word of the lexicon in `phrase` is a noun (n…, vn like 融资, or t, a noun of time like 周期):
    what a figure counts."""
    return any((_tag(word) or "").startswith(("n", "vn", "t")) for word in _words(phrase))


def _verbless(phrase: str) -> bool:
    """Whether `phrase` is a few words (up to LABEL_LENGTH characters) of which the lexicon knows no verb."""
    phrase = phrase.strip(CLAUSE_BREAKS + " ")
    return len(phrase) <= LABEL_LENGTH and not any(
        (tag := _tag(word) or "").startswith("v") and tag != "vn" for word in _words(phrase)
    )


def _words(phrase: str) -> Iterator[str]:
    """Every two- to four-character piece of `phrase`: the words of the lexicon it may hold."""
    return (phrase[j : j + n] for n in (2, 3, 4) for j in range(len(phrase) - n + 1))


def _cut_at_word(phrase: str, length: int) -> int:
    """Where to cut `phrase` to at most `length` characters with no word of the lexicon across the cut (at
    `length` when there is no such place)."""
    return next((i for i in range(length, 1, -1) if _word_boundary(phrase, i)), length)


def _is_noun(word: str) -> bool:
    return (_tag(word) or "").startswith("n")


def _in_lexicon(word: str) -> bool:
    return _tag(word) is not None


def _word_boundary(phrase: str, i: int) -> bool:
    """Whether no word of the general lexicon (2–4 characters) runs across position `i` of `phrase`."""
    return not any(
        _tag(phrase[j : j + n]) is not None
        for n in (2, 3, 4)
        for j in range(max(0, i - n + 1), i)
        if j + n <= len(phrase)
    )


@lru_cache(maxsize=1 << 16)
def _tag(word: str) -> str | None:
    """The part of speech the general lexicon gives `word` ("" for none), None when it has no such word. Kept:
    a figure's words are looked up again and again, for its label and its neighbours' (a lookup reads the
    mapped file by bisection, ~20 µs)."""
    from fuwumaoyi_cli.search.lexicon import general_lexicon

    return general_lexicon().value(word)


def _rate(text: str, start: int, kind: str, per_suffix: str | None, label: str) -> str | None:
    """The rate a figure is given at: /年 after it, 每周 / 平均每月 / 年均 before it in its clause (or in the
    clause before, see below), or a label of a year's or a day's worth (年检测量, 日检测量)."""
    sentence_start = _opening(text, start, SENTENCE_ENDS)
    clause_start = max(sentence_start, _opening(text, start, CLAUSE_ENDS))
    found = list(RATE.finditer(text, clause_start, start))
    # 平均每月进出口货物 400TCU 以上，货值 2.8 亿美元: a clause that only names what the figure is goes on
    # with the rate of the clause before; one with a verb of its own (覆盖企业 2300 家) says something new,
    # and so does one of each single thing or person (单票平均通关时间, 人均资助).
    own = text[clause_start:start].lstrip(CLAUSE_BREAKS + " ")
    if not found and clause_start > sentence_start and _verbless(own) and not own.startswith(EACH):
        before = max(sentence_start, _opening(text, clause_start - 1, CLAUSE_ENDS))
        found = list(RATE.finditer(text, before, start))
    rate = RATES.get(next(g for g in found[-1].groups() if g)) if found else None
    if kind in NOT_RATES:  # 年均增长 18.2%: a yearly change; a share of a yearly amount is not yearly
        return rate if found and CHANGE.match(text, found[-1].end()) else None
    if per_suffix:
        return RATES.get(per_suffix[1:])
    # 累计帮助企业获得授信超百亿元: a total, whatever rate the clause before gives
    if rate and not CUMULATIVE.search(text, clause_start, start):
        return rate
    # 交易中心年接待消费者: 年 begins a word of its own in the label (not 青年, 多年, 年底)
    for at, ch in enumerate(label):
        if ch in LABEL_RATES and len(label) - at > 2 and not label.startswith(NOT_LABEL_RATES, at):
            if at == 0 or (not label[at - 1].isdigit() and _word_boundary(label, at)):
                return LABEL_RATES[ch]
    return None


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
    per_suffix: str | None = None,
) -> KeyFigure:
    label, subject = _label(text, start, end, kind)
    return KeyFigure(
        label=label,
        subject=subject,
        per=_rate(text, start, kind, per_suffix, label),
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
        bounded = high is not None and bool(low.suffix)  # 以上…以下: the range says it all
        qualifier = None if bounded else _bound(low.prefix, low.infix, last.infix, last.suffix)
        if high is None:
            value = _plain(_value(low, low.magnitude))
            yield (
                low.start,
                _figure(block, text, low.start, low.end, kind, unit, value, qualifier=qualifier, per_suffix=low.per),
            )
        else:
            # In 1-3万元 the low end borrows the magnitude; in 50万美元至800万美元 it has its own.
            low_value = _plain(_value(low, low.magnitude or high.magnitude))
            high_value = _plain(_value(high, high.magnitude))
            span = (low.start, high.end)
            yield low.start, _figure(block, text, *span, kind, unit, None, low_value, high_value, qualifier, high.per)


def _magnitude_of_digits(text: str, start: int) -> bool:
    """Whether a Chinese numeral is the magnitude of digits before it (1100 多万家, 3 万份)."""
    before = text[_back(start) : start].rstrip(" 多余")
    return bool(before) and before[-1].isdigit()


def _counts(text: str, m: re.Match[str], number: int) -> bool:
    """Whether a Chinese numeral with a measure word and no qualifier counts something (三次召开专题会,
    两个全新城市) rather than names it: one (一批, 一次申报, 一个平台), 二 (二次销售 is a second sale,
    two is 两), a slogan in quotes (“三个一”, “软件十条”) or a set phrase (三位一体)."""
    if number < 2 or m.group("num") == "二":
        return False
    before, after = text[_back(m.start()) : m.start()].rstrip(), text[m.end() : m.end() + CONTEXT]
    return not before.endswith(("“", '"')) and not after.startswith(("一", "体", "”", '"'))


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
        if m.group("tenths") or m.group("half"):
            percent = Decimal(50) if m.group("half") else Decimal(chinese_numeral_value(m.group("tenths")) or 0) * 10
            qualifier = _bound(m.group("prefix"), m.group("tenths_suffix"))
            yield (
                m.start(),
                _figure(block, text, m.start(), m.end(), "percent", "percent", _plain(percent), qualifier=qualifier),
            )
            continue
        number = chinese_numeral_value(m.group("num"))
        kind, unit = UNITS[m.group("unit")]
        end, suffix = m.end(), m.group("suffix")
        if suffix == "内" and kind != "duration":  # 三家内资企业: 内 begins the next word
            end, suffix = m.start("suffix"), None
        inside = next((ch for ch in "多余" if ch in m.group("unit")), None)  # 两个多月
        qualifier = _bound(
            m.group("prefix"), m.group("infix") or m.group("infix2") or m.group("infix3") or inside, suffix
        )
        if number is None or _magnitude_of_digits(text, m.start("num")):
            continue
        start = m.start()
        # 数十家, 几百万元: more than ten, more than a million; not 人数九百多名, 参保人数十万人 (a word's 数)
        if _some(text, start) and m.group("num")[0] in "十百千万" and not m.group("prefix"):
            start, qualifier = start - 1, "over"
        if kind == "money" and not (m.group("mag") or "万" in m.group("num")):
            continue
        if kind == "count" and qualifier is None and not _counts(text, m, number):
            continue
        number *= MAGNITUDES.get(m.group("mag") or "", 1)
        yield start, _figure(block, text, start, end, kind, unit, number, qualifier=qualifier)


def _some(text: str, start: int) -> bool:
    """Whether 数 or 几 before a Chinese numeral makes it some number of its unit (等数十家), not the end of a
    word counting something (人数, 户数, 件数, 总数)."""
    return start > 0 and text[start - 1] in "数几" and not (start > 1 and text[start - 2] in WHOSE_NUMBER)


def key_figures(case: Case) -> tuple[KeyFigure, ...]:
    """Every quantity with a unit in the case's text (intro, leads, body, captions), in reading order, as the
    rules find them (the package's extract_key_figures reads the bundled cases' from data/key-figures.json)."""
    figures: list[KeyFigure] = []
    facts: dict[tuple[Any, ...], int] = {}
    for block in case.blocks():
        if block.field not in TEXT_FIELDS:
            continue
        found = sorted([*_arabic_figures(block), *_chinese_figures(block)], key=lambda item: item[0])
        previous: KeyFigure | None = None
        for _, figure in found:
            if previous is not None and _listed(previous, figure, len(figure.label) < 2):
                figure = figure._replace(label=previous.label)  # 分别为 45% 和 50%: one label
            elif previous is not None and (label := _of_previous(previous, figure)):
                figure = figure._replace(label=label)
            previous = figure
            # One fact, however the text bounds it (30 日内, 超过 30 日): the same quantity in the same unit.
            # A ratio has no value: it is its terms (7:2:1).
            terms = "".join(figure.text.split()) if figure.value is None and figure.value_min is None else ""
            key = (figure.kind, figure.value, figure.value_min, figure.value_max, figure.unit, figure.per, terms)
            fact = facts.setdefault(key, len(facts) + 1)
            figures.append(figure._replace(fact=fact))
    return tuple(figures)


def _of_previous(previous: KeyFigure, figure: KeyFigure) -> str:
    """The label of a figure whose own words say only that it is the amount, the total or the change of what
    the figure before it in its sentence counts (较上年增长 42%: 保税维修货值增长); "" for any other."""
    if figure.sentence != previous.sentence or len(previous.label) < 2:
        return ""
    if "分别" in _between(previous, figure):
        return ""  # 新增 2.64 万笔、金额 2494.39 亿元，分别同比增长 78.11%、30.57%: each of another
    own = COMPARED.sub("", figure.label)
    if own in ATTRIBUTES or CHANGE_ONLY.fullmatch(own):
        return previous.label + own
    return ""


def _listed(previous: KeyFigure, figure: KeyFigure, unlabelled: bool) -> bool:
    """Whether a figure is of what the one before it counts: its new value (1 至 2 天缩短至 15 分钟), or,
    when it has no label of its own, the next in a list (45%和 50%, 2 班、5 班)."""
    between = _compiled(DATED).sub("", _between(previous, figure)).strip()  # 增长至 2022 年的 1420 亿元: a new value
    listed = unlabelled and between in ("和", "与", "及", "、", "，", ",")
    return previous.sentence == figure.sentence and (listed or bool(CHANGED.fullmatch(between)))


def _between(previous: KeyFigure, figure: KeyFigure) -> str:
    """The words of the sentence between two figures of it."""
    sentence = figure.sentence
    return sentence[sentence.find(previous.text) + len(previous.text) : sentence.find(figure.text)]
