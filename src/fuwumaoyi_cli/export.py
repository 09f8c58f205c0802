"""Cases as Markdown, CSV, JSON or JSON Lines.

CSV is for spreadsheets: it starts with a UTF-8 byte order mark, without which Excel on a Chinese
Windows reads UTF-8 as GBK and shows mojibake, and it holds one row per case with the metadata only.
List fields (providers, regions, tags) are joined with "、", the Chinese enumeration comma: no value
contains one, it cannot be mistaken for the CSV separator, and it reads naturally in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fuwumaoyi_cli.text import LIST_JOINER

if TYPE_CHECKING:  # the command line reads FORMATS and SUFFIXES before any case is loaded
    from fuwumaoyi_cli.cases.model import Caption, Case

FORMATS = ("markdown", "csv", "json", "jsonl")
# The format an output file's name asks for.
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json", ".jsonl": "jsonl"}
CSV_COLUMNS = ("id", "title", "title_en", "providers", "regions", "tags", "page")
BOM = "\ufeff"
# Characters that Markdown would read as formatting; case text must come out as written.
MARKDOWN_SPECIAL = r"([\\`*_\[\]<>#|])"
# A line that would open a list or underline a heading: "1. ", "1) ", "- ", "+ ", "==="
MARKDOWN_LINE_START = r"(?m)^([ \t]*\d*)(-+|=+|[.)+])(?=\s|$)"


def _md(text: str) -> str:
    text = re.sub(MARKDOWN_SPECIAL, r"\\\1", text)
    return re.sub(MARKDOWN_LINE_START, r"\1\\\2", text)


def _md_caption(caption: Caption) -> str:
    return f"（{_md(caption.label)} — image not in source）"


def _markdown_case(case: Case) -> str:
    out = [f"## {case.id}. {_md(case.title)}", ""]
    if case.title_en:
        out += [f"*{_md(case.title_en)}*", ""]
    meta = [
        f"提供单位：{LIST_JOINER.join(case.providers)}",
        f"地区：{LIST_JOINER.join(case.regions)}",
        f"主题：{LIST_JOINER.join(case.tags)}",
    ]
    if case.page is not None:
        meta.append(f"原文第 {case.page} 页")
    out += [_md(" ｜ ".join(meta)), ""]
    for para in case.intro_paragraphs:
        out += [_md(para), ""]
    for section in case.sections:
        out += [f"### {section.ordinal}{_md(section.heading)}", ""]
        out += [line for c in section.captions for line in (_md_caption(c), "")]
        out += [line for para in section.paragraphs for line in (_md(para), "")]
        for point in section.points:
            first, *rest = point.paragraphs or ("",)
            # The space after the closing ** lets CommonMark end the bold after Chinese punctuation (。**文).
            out += [f"**{point.ordinal}{_md(point.lead)}** {_md(first)}".rstrip(), ""]
            out += [line for para in rest for line in (_md(para), "")]
            out += [line for c in point.captions for line in (_md_caption(c), "")]
    return "\n".join(out)


def to_markdown(cases: Sequence[Case]) -> str:
    return "\n".join(_markdown_case(case) for case in cases)


def to_csv(cases: Sequence[Case]) -> str:
    """CSV text beginning with a byte order mark; rows end with CRLF, as RFC 4180 and Excel expect."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for case in cases:
        writer.writerow(
            [
                case.id,
                case.title,
                case.title_en,
                LIST_JOINER.join(case.providers),
                LIST_JOINER.join(case.regions),
                LIST_JOINER.join(case.tags),
                "" if case.page is None else case.page,
            ]
        )
    return BOM + buffer.getvalue()


def to_json(cases: Sequence[Case]) -> str:
    import json

    return json.dumps([c.to_dict() for c in cases], ensure_ascii=False, indent=2) + "\n"


def to_jsonl(cases: Sequence[Case]) -> str:
    import json

    return "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in cases)


EXPORTERS = dict(zip(FORMATS, (to_markdown, to_csv, to_json, to_jsonl), strict=True))


def export(cases: Sequence[Case], fmt: str) -> str:
    """The cases in one of FORMATS, as text (write it as UTF-8). Raises ValueError for another format."""
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}") from None
    return exporter(cases)
