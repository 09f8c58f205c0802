"""Excel workbooks (.xlsx) of cases and of key figures, written with XlsxWriter.

Imported only when an .xlsx is asked for. Every text cell is written as a string (write_string: XlsxWriter's
write() would turn "=…" into a formula) after export.spreadsheet_text, and numbers as numbers. Columns are
sized to their text, counting a Chinese character as two, and each sheet's header row stays in view.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fuwumaoyi_cli.export import CSV_COLUMNS, FIGURE_COLUMNS, case_row, figure_rows, spreadsheet_text

if TYPE_CHECKING:
    from fuwumaoyi_cli.cases.model import Case, Source

WIDEST_COLUMN = 60  # characters; longer text wraps inside its cell
TEXT_COLUMNS = ("id", "title", "section", "point", "lead", "text")


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _sheet(workbook: Any, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    sheet = workbook.add_worksheet(name)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for col, title in enumerate(header):
        sheet.write_string(0, col, title, bold)
    widths = [_width(title) for title in header]
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                sheet.write_string(r, col, spreadsheet_text(str(value)))
            else:
                sheet.write_number(r, col, value)
            widths[col] = max(widths[col], _width(value))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, WIDEST_COLUMN) + 2, wrap if width > WIDEST_COLUMN else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)


def _text_rows(cases: Sequence[Case]) -> list[list[Any]]:
    """Every block of text of the cases: the intro, then each section's paragraphs and points."""
    rows: list[list[Any]] = []
    for case in cases:
        rows += [[case.id, case.title, "引言", None, None, para] for para in case.intro_paragraphs]
        for section in case.sections:
            where = f"{section.ordinal}{section.heading}"
            rows += [[case.id, case.title, where, None, None, para] for para in section.paragraphs]
            for point in section.points:
                text = "\n".join(point.paragraphs)
                rows.append([case.id, case.title, where, point.ordinal, point.lead, text])
    return rows


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    """A workbook of (sheet name, header, rows) sheets."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    for name, header, rows in sheets:
        _sheet(workbook, name, header, rows)
    workbook.close()
    return buffer.getvalue()


def cases_workbook(cases: Sequence[Case], source: Source | None) -> bytes:
    """Three sheets: the cases (as the CSV export), their key figures, and their text."""
    return workbook_bytes(
        [
            ("案例 cases", CSV_COLUMNS, [case_row(case, source) for case in cases]),
            ("关键数据 figures", FIGURE_COLUMNS, figure_rows(cases)),
            ("正文 text", TEXT_COLUMNS, _text_rows(cases)),
        ]
    )


def figures_workbook(cases: Sequence[Case]) -> bytes:
    """One sheet of every key figure of the cases."""
    return workbook_bytes([("关键数据 figures", FIGURE_COLUMNS, figure_rows(cases))])
