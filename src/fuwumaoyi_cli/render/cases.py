"""Rich renderables for list, show and search. Only imported when a person is reading.

Case text always enters rich as Text (never markup) made by `shown` (control characters as escapes),
and table columns holding Chinese fold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from fuwumaoyi_cli.cases.model import Caption, Case, Section
from fuwumaoyi_cli.render.wrap import ListParagraph, Paragraph, shown

# Chinese paragraphs start with two full-width spaces: the way to see where one ends and the next begins.
PARAGRAPH_START = "\u3000\u3000"
HIGHLIGHT = "bold reverse"  # bold and reverse still show under NO_COLOR
TITLE = "bold"
LABEL = "bold cyan"
DIM = "dim"


def meta_line(case: Case) -> Text:
    parts = [
        ("提供 ", ", ".join(case.providers)),
        ("地区 ", ", ".join(case.regions)),
        ("页码 ", str(case.page) if case.page is not None else "—"),
        ("主题 ", ", ".join(f"{t} {e}" for t, e in zip(case.tags, case.tags_en, strict=False))),
    ]
    text = Text()
    for i, (label, value) in enumerate(parts):
        if i:
            text.append("  ·  ", DIM)
        text.append(label, LABEL)
        text.append_text(shown(value))
    return text


def heading(case: Case) -> Group:
    title = Text(f"{case.id}. ", TITLE)
    title.append_text(shown(case.title, TITLE))
    lines: list[RenderableType] = [Paragraph(title)]
    if case.title_en:
        lines.append(Paragraph(shown(case.title_en, "italic")))
    lines.append(ListParagraph(meta_line(case)))
    return Group(*lines)


def caption_line(caption: Caption, indent: int = 0) -> Paragraph:
    return Paragraph(shown(f"{caption.label}（原文未附图像 image not in source）", DIM), indent)


def render_section(section: Section) -> Group:
    parts: list[RenderableType] = [shown(f"{section.ordinal}{section.heading}", "bold magenta")]
    parts += [caption_line(c) for c in section.captions]
    parts += [Paragraph(PARAGRAPH_START + p) for p in section.paragraphs]
    for point in section.points:
        # Each in its own style: a Text's own style (Text(ordinal, LABEL)) would colour what is appended too.
        parts.append(Paragraph(Text.assemble(shown(point.ordinal, LABEL), shown(point.lead, "bold"))))
        parts += [Paragraph(PARAGRAPH_START + p, indent=2) for p in point.paragraphs]
        parts += [caption_line(c, indent=2) for c in point.captions]
    return Group(*parts)


def render_case(case: Case, sections: Sequence[Section] | None = None, extra: Iterable[RenderableType] = ()) -> Group:
    """The whole case (or the given sections), ready to read; `extra` goes after the header (key figures)."""
    parts: list[RenderableType] = [heading(case), Text()]
    for renderable in extra:
        parts += [renderable, Text()]
    if sections is None:
        parts += [Paragraph(PARAGRAPH_START + p) for p in case.intro_paragraphs]
        parts.append(Text())
        sections = case.sections
    for section in sections:
        parts += [render_section(section), Text()]
    return Group(*parts)


def case_table(cases: Iterable[Case]) -> Table:
    table = Table(header_style="bold", expand=True)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("标题 Title", overflow="fold", ratio=3)
    table.add_column("提供 Providers", overflow="fold", ratio=1)
    table.add_column("主题 Tags", overflow="fold", ratio=1)
    table.add_column("页 Page", justify="right", no_wrap=True)
    for case in cases:
        title = shown(case.title)
        if case.title_en:
            title.append_text(shown("\n" + case.title_en, DIM))
        table.add_row(
            str(case.id),
            Paragraph(title),
            Paragraph("\n".join(case.providers)),
            Paragraph("\n".join(case.tags)),
            str(case.page) if case.page is not None else "",
        )
    return table


def relevance_bar(score: float) -> Text:
    filled = max(1, round(score / 20))
    return Text("●" * filled + "○" * (5 - filled) + f" {score:.0f}")


def snippet_text(snippet) -> Text:
    """`where：` in the label's style, then the snippet with only its matches highlighted."""
    pieces, last = [shown(f"{snippet.where}：", LABEL)], 0
    for start, end in snippet.highlights:
        pieces += [shown(snippet.text[last:start]), shown(snippet.text[start:end], HIGHLIGHT)]
        last = end
    return Text.assemble(*pieces, shown(snippet.text[last:]))


def explanation(matches) -> str:
    """Why a case matched, one clause per matched form: `rz → 融资 (initials: title, tags, body)`."""
    fields: dict[tuple[str, str, str], list[str]] = {}
    for m in matches:
        seen = fields.setdefault((m.term, m.matched, m.form), [])
        if m.field not in seen:
            seen.append(m.field)
    return "; ".join(f"{term} → {matched} ({form}: {', '.join(f)})" for (term, matched, form), f in fields.items())


def hits_table(hits, explain: bool = False) -> Table:
    table = Table(header_style="bold", show_lines=True, expand=True)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("标题 Title", overflow="fold", ratio=2)
    table.add_column("提供 By", overflow="fold", ratio=1)
    table.add_column("相关 Score", no_wrap=True)
    table.add_column("摘录 Snippet", overflow="fold", ratio=4)
    for hit in hits:
        snippets = Text("\n").join(snippet_text(s) for s in hit.snippets)
        if explain:
            snippets.append_text(shown("\n" + explanation(hit.matches), DIM))
        table.add_row(
            str(hit.case.id),
            Paragraph(hit.case.title),
            Paragraph("\n".join(hit.case.providers)),
            relevance_bar(hit.score),
            Paragraph(snippets),
        )
    return table
