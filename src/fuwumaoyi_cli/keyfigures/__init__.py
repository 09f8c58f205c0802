"""Key figures: every quantity with a unit in a case, what it counts and its normalised value (rules.py says how
they are found).

Here are the record (KeyFigure) and the way to a case's figures. The rules compile a dozen patterns and read
the general lexicon, ~25 ms in a new process before the first figure, so the bundled cases' figures are worked
out once, by scripts/build_index.py, into data/key-figures.json: `show` and `compare` of those cases read
them there, and the rules are imported only for a case the file does not hold as it stands (a user's file, an
edited case). tests/test_figures.py fails while the file is not what the rules give.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.loader import bundled_path
from fuwumaoyi_cli.cases.model import Case, Dataset

Number = int | float

KIND_NAMES = {
    "money": "金额",
    "percent": "比例",
    "count": "数量",
    "duration": "时长",
    "area": "面积",
    "length": "长度",
    "weight": "重量",
    "multiple": "倍数",
    "ratio": "比率",
    "number": "数值",
}
PER_NAMES = {"day": "每日", "week": "每周", "month": "每月", "quarter": "每季度", "year": "每年"}
FIGURES_FILE = "key-figures.json"
FIGURES_FORMAT = 1  # raised when KeyFigure's fields change: an older file is then not read


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
    label: str = ""  # what it counts, in the text's words ("" when the clause says nothing more)
    subject: str | None = None  # whose figure it is, when the text names it just before the label
    per: str | None = None  # day | week | month | year: the figure is a rate
    fact: int = 0  # the number of the fact within its case: a fact written twice has one number

    @property
    def range(self) -> bool:
        return self.value is None

    @property
    def rate_note(self) -> str:
        """（每周） after a figure the text gives at a rate, unless its own text says it (1000台/年)."""
        return f"（{PER_NAMES[self.per]}）" if self.per and "/" not in self.text else ""

    @property
    def phrase(self) -> str:
        """The figure as a reader quotes it: what it counts, then the figure as printed, spaces dropped so
        that a line cannot break inside it (授信金额 83.7亿元, 航班 7个（每周）)."""
        text = "".join(self.text.split())
        rate = self.rate_note
        return f"{self.label} {text}{rate}" if self.label else text + rate

    def to_dict(self) -> dict[str, Any]:
        section = None
        if self.section_kind is not None:
            section = {"kind": self.section_kind, "heading": self.section_heading, "point": self.point}
        return {
            "text": self.text,
            "label": self.label,
            "subject": self.subject,
            "kind": self.kind,
            "value": self.value,
            "value_min": self.value_min,
            "value_max": self.value_max,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "per": self.per,
            "fact": self.fact,
            "sentence": self.sentence,
            "where": self.where,
            "section": section,
        }


def extract_key_figures(case: Case, section_kind: str | None = None) -> tuple[KeyFigure, ...]:
    """Every quantity with a unit in the case's text (intro, leads, body, captions), in reading order; with
    `section_kind`, only those of that kind of section."""
    figures = _prepared(case)
    if figures is None:
        from fuwumaoyi_cli.keyfigures.rules import key_figures

        figures = key_figures(case)
    return tuple(f for f in figures if f.section_kind == section_kind) if section_kind else figures


def distinct_facts(figures: Iterable[KeyFigure]) -> list[tuple[KeyFigure, int]]:
    """Each fact once, where it is first written, with how many times the figures write it."""
    first: dict[int, KeyFigure] = {}
    times: dict[int, int] = {}
    for figure in figures:
        first.setdefault(figure.fact, figure)
        times[figure.fact] = times.get(figure.fact, 0) + 1
    return [(figure, times[fact]) for fact, figure in first.items()]


def figures_path() -> Path:
    return bundled_path().with_name(FIGURES_FILE)


def build_figures(dataset: Dataset) -> str:
    """What data/key-figures.json holds for `dataset`: a line of JSON with its format, then a line per case,
    its id, the fingerprint of its text and its figures (each the list of KeyFigure's fields), tab-separated;
    a look-up decodes the line of its case only."""
    import json

    from fuwumaoyi_cli.keyfigures.rules import key_figures

    lines = [json.dumps({"format": FIGURES_FORMAT})]
    for case in dataset.cases:
        rows = json.dumps([list(f) for f in key_figures(case)], ensure_ascii=False, separators=(",", ":"))
        lines.append(f"{case.id}\t{_fingerprint(case)}\t{rows}")
    return "\n".join(lines) + "\n"


def _fingerprint(case: Case) -> str:
    """A checksum of everything of a case the rules read (its blocks: where each stands and its text), to tell
    the case the file was made of from another with its id. It finds a change, not a forgery: a file made to
    collide would only be shown the bundled case's figures."""
    parts = []
    for b in case.blocks():
        section = (b.section.kind, b.section.heading) if b.section else ("", "")
        parts.append("\x1e".join((b.field, b.where, *section, str(b.point.number if b.point else ""), b.text)))
    content = "\x1f".join(parts).encode("utf-8")
    return f"{zlib.crc32(content):08x}{len(content):x}"


def _prepared(case: Case) -> tuple[KeyFigure, ...] | None:
    line = _prepared_lines().get(str(case.id))
    if line is None:
        return None
    import json

    try:
        _, fingerprint, rows = line.split("\t", 2)
        if fingerprint != _fingerprint(case):
            return None
        return tuple(KeyFigure(*row) for row in json.loads(rows))
    except (ValueError, TypeError):  # a damaged line: the rules work the figures out
        return None


@cache
def _prepared_lines() -> dict[str, str]:
    """The lines of data/key-figures.json by case id; none when it is missing or of another format."""
    import json

    try:
        header, *rows = figures_path().read_text(encoding="utf-8").splitlines()
        if json.loads(header).get("format") != FIGURES_FORMAT:
            return {}
    except (OSError, ValueError, AttributeError):
        return {}
    return {row.split("\t", 1)[0]: row for row in rows}
