"""Word documents (.docx) of cases and of comparisons, written with python-docx.

Imported only when a .docx is asked for. Word picks a font for Chinese from the East Asian slot of a run's
fonts (`w:eastAsia`), which python-docx's `font.name` does not set: without it Chinese falls back to the
theme's font, so every style used here gets both slots. Text that XML cannot hold (control characters
from a hostile file) is written as a visible escape, never dropped and never an error.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fuwumaoyi_cli.text import LIST_JOINER

if TYPE_CHECKING:
    from fuwumaoyi_cli.cases.model import Case, Source
    from fuwumaoyi_cli.compare import Comparison
    from fuwumaoyi_cli.keyfigures import KeyFigure

LATIN_FONT = "Times New Roman"
CHINESE_FONT = "SimSun"  # 宋体: on every Chinese Windows and Office for Mac; headings too
HEADING_CHINESE_FONT = "SimHei"  # 黑体
STYLES = {"Normal": CHINESE_FONT, "Title": HEADING_CHINESE_FONT, "Caption": CHINESE_FONT, "Quote": CHINESE_FONT}
STYLES |= {f"Heading {level}": HEADING_CHINESE_FONT for level in (1, 2, 3)}
# XML 1.0 has no place for these; they come only from a hostile or broken file.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """`text` as XML can hold it: a control character becomes its visible escape (\\x1b)."""
    return NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _set_fonts(style: Any, chinese: str) -> None:
    from docx.oxml.ns import qn

    style.font.name = LATIN_FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), chinese)


def new_document(title: str) -> Any:
    """An empty document whose styles name a Chinese font for Chinese text, titled `title`."""
    from docx import Document

    document = Document()
    for name, chinese in STYLES.items():
        _set_fonts(document.styles[name], chinese)
    document.core_properties.title = xml_text(title)
    return document


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paragraph(document: Any, text: str, style: str | None = None, bold_lead: str = "") -> Any:
    """A paragraph of `text`, after a bold `bold_lead` (a point's ordinal and lead)."""
    para = document.add_paragraph(style=style)
    if bold_lead:
        para.add_run(xml_text(bold_lead)).bold = True
    para.add_run(xml_text(text))
    return para


def table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    """A table with a bold header row, in the document's grid style."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = document.styles["Table Grid"]
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(xml_text(text)).bold = True
    for row in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = xml_text(text)
    return grid


def figures_table(document: Any, figures: Sequence[KeyFigure]) -> None:
    """Each fact once: what it counts, the figure as printed, where it stands."""
    from fuwumaoyi_cli.keyfigures import KIND_NAMES, distinct_facts

    rows = []
    for figure, times in distinct_facts(figures):
        value = "".join(figure.text.split()) + figure.rate_note
        rows.append(
            [
                figure.label or "—",
                value + (f"（{times} 处）" if times > 1 else ""),
                KIND_NAMES[figure.kind],
                figure.where,
            ]
        )
    if rows:
        table(document, ["所指", "数据", "类别", "位置"], rows)


def _case(document: Any, case: Case, source: Source | None) -> None:
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    document.add_heading(xml_text(f"{case.id}. {case.title}"), level=1)
    if case.title_en:
        paragraph(document, case.title_en).runs[0].italic = True
    meta = [f"提供单位：{LIST_JOINER.join(case.providers)}", f"地区：{LIST_JOINER.join(case.regions)}"]
    meta.append(f"主题：{LIST_JOINER.join(case.tags)}")
    paragraph(document, " ｜ ".join(meta))
    if source is not None:
        paragraph(document, f"出处：{source.cite(case)}", style="Quote")
    figures = extract_key_figures(case)
    if figures:
        document.add_heading("关键数据", level=3)
        figures_table(document, figures)
    for para in case.intro_paragraphs:
        paragraph(document, para)
    for section in case.sections:
        document.add_heading(xml_text(f"{section.ordinal}{section.heading}"), level=2)
        for caption in section.captions:
            paragraph(document, f"{caption.label}（原文此处为图片）", style="Caption")
        for para in section.paragraphs:
            paragraph(document, para)
        for point in section.points:
            # The points keep the source's own numbering (（一）…): Word's list numbering would restart
            # or run on across sections, and the text must read as the document does.
            first, *rest = point.paragraphs or ("",)
            paragraph(document, first, style="List Paragraph", bold_lead=f"{point.ordinal}{point.lead}")
            for para in rest:
                paragraph(document, para, style="List Paragraph")
            for caption in point.captions:
                paragraph(document, f"{caption.label}（原文此处为图片）", style="Caption")


def cases_document(cases: Sequence[Case], source: Source | None) -> bytes:
    """A Word document of the cases: a heading per case and per section, points, key figures, citations."""
    title = source.title if source is not None and source.title else "fwmy"
    document = new_document(title)
    document.add_heading(xml_text(title), level=0)
    for case in cases:
        _case(document, case, source)
    return to_bytes(document)


def comparison_document(comparison: Comparison, source: Source | None) -> bytes:
    """A briefing: a table with a column per case and a row per aspect (compare.briefing), then where
    each case comes from."""
    from fuwumaoyi_cli.compare import briefing

    cases = comparison.cases
    document = new_document("案例对比 " + "、".join(str(c.id) for c in cases))
    document.add_heading(xml_text("案例对比：" + "、".join(f"{c.id}. {c.title}" for c in cases)), level=1)
    rows = [[label, *(cell or "—" for cell in cells)] for label, cells in briefing(comparison)]
    grid = table(document, ["", *(f"{c.id}. {c.title}" for c in cases)], rows)
    for row in grid.rows[1:]:
        row.cells[0].paragraphs[0].runs[0].bold = True
    if source is not None:
        for case in cases:
            paragraph(document, f"出处：{source.cite(case)}", style="Quote")
    return to_bytes(document)
