"""Cases as Markdown, CSV, JSON, JSON Lines, Word or Excel; key figures as rows for spreadsheets.

CSV is for spreadsheets: it starts with a UTF-8 byte order mark, without which Excel on a Chinese
Windows reads UTF-8 as GBK and shows mojibake, and it holds one row per case with the metadata only.
List fields (providers, regions, tags) are joined with "、", the Chinese enumeration comma: no value
contains one, it cannot be mistaken for the CSV separator, and it reads naturally in Chinese.

A user's own file may hold text that a spreadsheet runs as a formula (a title "=HYPERLINK(…)"): every
text cell of CSV and Excel goes through `spreadsheet_text`, the OWASP rule. Word and Excel are written by
word.py and excel.py, which import their libraries only when such a file is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from fuwumaoyi_cli.i18n import _
from fuwumaoyi_cli.text import LIST_JOINER

if TYPE_CHECKING:  # the command line reads FORMATS and SUFFIXES before any case is loaded
    from fuwumaoyi_cli.cases.model import Caption, Case, Source
    from fuwumaoyi_cli.compare import Comparison
    from fuwumaoyi_cli.keyfigures import KeyFigure

FORMATS = ("markdown", "csv", "json", "jsonl", "docx", "xlsx")
BINARY_FORMATS = ("docx", "xlsx")
# The format an output file's name asks for; a name with another suffix is refused, not guessed.
SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".docx": "docx",
    ".xlsx": "xlsx",
}
CSV_COLUMNS = ("id", "title", "title_en", "providers", "regions", "tags", "page", "citation")
# One row per figure: what a spreadsheet of figures across cases needs (`fwmy figures -f csv`).
FIGURE_COLUMNS = (
    "id",
    "title",
    "section",
    "label",
    "subject",
    "figure",
    "kind",
    "value",
    "value_min",
    "value_max",
    "unit",
    "qualifier",
    "per",
    "fact",
    "sentence",
)
BOM = "\ufeff"
# Characters that Markdown would read as formatting; case text must come out as written.
MARKDOWN_SPECIAL = r"([\\`*_\[\]<>#|])"
# A line that would open a list or underline a heading: "1. ", "1) ", "- ", "+ ", "==="
MARKDOWN_LINE_START = r"(?m)^([ \t]*\d*)(-+|=+|[.)+])(?=\s|$)"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ' before = + - @ tab or CR (OWASP), so that a
    title like =HYPERLINK("http://…") cannot run as a formula. Numbers are written as numbers, unchanged."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def md(text: str) -> str:
    """Text as Markdown shows it: formatting characters escaped, and a newline (which would end a
    heading or a table cell) as a space."""
    text = " ".join(text.splitlines())
    text = re.sub(MARKDOWN_SPECIAL, r"\\\1", text)
    return re.sub(MARKDOWN_LINE_START, r"\1\\\2", text)


def _md_caption(caption: Caption) -> str:
    return f"（{md(caption.label)} — image not in source）"


def md_figures_table(figures: Sequence[KeyFigure]) -> list[str]:
    """The key figures as a Markdown table (each fact once), or no lines."""
    from fuwumaoyi_cli.keyfigures import KIND_NAMES, distinct_facts

    facts = distinct_facts(figures)
    if not facts:
        return []
    lines = ["| 所指 | 数据 | 类别 | 位置 |", "|---|---|---|---|"]
    for figure, times in facts:
        value = figure.phrase.removeprefix(figure.label).strip() + (f"（{times} 处）" if times > 1 else "")
        lines.append(f"| {md(figure.label) or '—'} | {md(value)} | {KIND_NAMES[figure.kind]} | {md(figure.where)} |")
    return lines


def _markdown_case(case: Case, source: Source | None) -> str:
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    out = [f"## {case.id}. {md(case.title)}", ""]
    if case.title_en:
        out += [f"*{md(case.title_en)}*", ""]
    meta = [
        f"提供单位：{LIST_JOINER.join(case.providers)}",
        f"地区：{LIST_JOINER.join(case.regions)}",
        f"主题：{LIST_JOINER.join(case.tags)}",
    ]
    if case.page is not None:
        meta.append(f"原文第 {case.page} 页")
    out += [md(" ｜ ".join(meta)), ""]
    if source is not None:
        out += [f"> 出处：{md(source.cite(case))}", ""]
    figures = md_figures_table(extract_key_figures(case))
    if figures:
        out += ["**关键数据**", "", *figures, ""]
    for para in case.intro_paragraphs:
        out += [md(para), ""]
    for section in case.sections:
        out += [f"### {section.ordinal}{md(section.heading)}", ""]
        out += [line for c in section.captions for line in (_md_caption(c), "")]
        out += [line for para in section.paragraphs for line in (md(para), "")]
        for point in section.points:
            first, *rest = point.paragraphs or ("",)
            # The space after the closing ** lets CommonMark end the bold after Chinese punctuation (。**文).
            out += [f"**{point.ordinal}{md(point.lead)}** {md(first)}".rstrip(), ""]
            out += [line for para in rest for line in (md(para), "")]
            out += [line for c in point.captions for line in (_md_caption(c), "")]
    return "\n".join(out)


def to_markdown(cases: Sequence[Case], source: Source | None = None) -> str:
    return "\n".join(_markdown_case(case, source) for case in cases)


def comparison_markdown(comparison: Comparison, source: Source | None = None) -> str:
    """A briefing: a table with a column per case and a row per aspect (compare.briefing), then where
    each case comes from."""
    from fuwumaoyi_cli.compare import briefing

    cases = comparison.cases
    out = ["## 案例对比：" + "、".join(f"{c.id}. {md(c.title)}" for c in cases), ""]
    out.append("| | " + " | ".join(f"{c.id}. {md(c.title)}" for c in cases) + " |")
    out.append("|---" * (len(cases) + 1) + "|")
    for label, cells in briefing(comparison):
        # A table cell holds one line: the cell's lines are parted by <br>, which Markdown renders.
        shown = ["<br>".join(md(line) for line in cell.splitlines()) or "—" for cell in cells]
        out.append(f"| **{label}** | " + " | ".join(shown) + " |")
    if source is not None:
        out += ["", *(f"- 出处：{md(source.cite(c))}" for c in cases)]
    return "\n".join(out) + "\n"


def _csv(rows: list[list[Any]]) -> str:
    """CSV text beginning with a byte order mark; rows end with CRLF, as RFC 4180 and Excel expect."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([spreadsheet_text(v) if isinstance(v, str) else "" if v is None else v for v in row])
    return BOM + buffer.getvalue()


def case_row(case: Case, source: Source | None) -> list[Any]:
    """A case's cells under CSV_COLUMNS (lists joined with 、)."""
    return [
        case.id,
        case.title,
        case.title_en,
        LIST_JOINER.join(case.providers),
        LIST_JOINER.join(case.regions),
        LIST_JOINER.join(case.tags),
        case.page,
        source.cite(case) if source is not None else "",
    ]


def figure_rows(cases: Sequence[Case]) -> list[list[Any]]:
    """Every key figure of the cases, a row each under FIGURE_COLUMNS, in case and reading order."""
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    return [
        [
            case.id,
            case.title,
            f.where,
            f.label,
            f.subject,
            f.text,
            f.kind,
            f.value,
            f.value_min,
            f.value_max,
            f.unit,
            f.qualifier,
            f.per,
            f.fact,
            f.sentence,
        ]
        for case in cases
        for f in extract_key_figures(case)
    ]


def to_csv(cases: Sequence[Case], source: Source | None = None) -> str:
    return _csv([list(CSV_COLUMNS), *(case_row(case, source) for case in cases)])


def figures_csv(cases: Sequence[Case]) -> str:
    return _csv([list(FIGURE_COLUMNS), *figure_rows(cases)])


def figures_jsonl(cases: Sequence[Case]) -> str:
    import json

    rows = figure_rows(cases)
    return "".join(json.dumps(dict(zip(FIGURE_COLUMNS, r, strict=True)), ensure_ascii=False) + "\n" for r in rows)


def _case_dict(case: Case, source: Source | None) -> dict[str, Any]:
    data = case.to_dict()
    if source is not None:
        data["citation"] = source.cite(case)
    return data


def to_json(cases: Sequence[Case], source: Source | None = None) -> str:
    from fuwumaoyi_cli import jsontext

    return jsontext.dumps([_case_dict(c, source) for c in cases]) + "\n"


def to_jsonl(cases: Sequence[Case], source: Source | None = None) -> str:
    import json

    return "".join(json.dumps(_case_dict(c, source), ensure_ascii=False) + "\n" for c in cases)


def to_docx(cases: Sequence[Case], source: Source | None = None) -> bytes:
    from fuwumaoyi_cli.word import cases_document

    return cases_document(cases, source)


def to_xlsx(cases: Sequence[Case], source: Source | None = None) -> bytes:
    from fuwumaoyi_cli.excel import cases_workbook

    return cases_workbook(cases, source)


Exporter = Callable[["Sequence[Case]", "Source | None"], "str | bytes"]
EXPORTERS: dict[str, Exporter] = dict(
    zip(FORMATS, (to_markdown, to_csv, to_json, to_jsonl, to_docx, to_xlsx), strict=True)
)


def export(cases: Sequence[Case], fmt: str, source: Source | None = None) -> str | bytes:
    """The cases in one of FORMATS: text (write it as UTF-8) or, for docx and xlsx, the file's bytes.
    `source` gives each case its citation. Raises ValueError for another format."""
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(
            _("unknown format {format!r}; use one of {formats}", format=fmt, formats=", ".join(FORMATS))
        ) from None
    return exporter(cases, source)


def format_for(path: str, fmt: str | None, default: str = "markdown", allowed: Sequence[str] = FORMATS) -> str:
    """The format to write to `path` (None or "-" for stdout): `fmt` when given, else the one the file's
    suffix names, else `default`. Raises ValueError for a suffix fwmy does not write, or one that names
    another format than `fmt`: never a file of one format under another's name."""
    from pathlib import Path

    suffix = Path(path).suffix.lower() if path not in ("", "-") else ""
    named = SUFFIXES.get(suffix)
    if named is not None and named not in allowed:
        named = None
    if suffix and named is None and fmt is None:
        names = ", ".join(s for s, f in SUFFIXES.items() if f in allowed)
        raise ValueError(
            _(
                "fwmy does not write {suffix} files; use a name ending in {names}, or choose -f",
                suffix=suffix,
                names=names,
            )
        )
    if fmt is not None and named is not None and named != fmt:
        raise ValueError(_("{file} names {named}, but -f asks for {format}", file=path, named=named, format=fmt))
    return fmt or named or default
