"""Rich renderables for list, show and search. Only imported when a person is reading.

Case text always enters rich as Text (never markup), and table columns holding Chinese fold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from fuwumaoyi_cli.cases.model import Caption, Case, Point, Section
from fuwumaoyi_cli.render.wrap import ListParagraph, Paragraph

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
        text.append(value)
    return text


def marked(text: str | Text, highlight: Sequence[str] = (), style: str = "") -> Text:
    """`text` as Text, with every occurrence of the words in `highlight` shown as a match (any case)."""
    out = Text(text, style) if isinstance(text, str) else text
    if highlight:
        out.highlight_words(highlight, HIGHLIGHT, case_sensitive=False)
    return out


def heading(case: Case, highlight: Sequence[str] = ()) -> Group:
    title = Text(f"{case.id}. ", TITLE)
    title.append_text(marked(case.title, highlight, TITLE))
    lines: list[RenderableType] = [Paragraph(title)]
    if case.title_en:
        lines.append(Paragraph(marked(case.title_en, highlight, "italic")))
    lines.append(ListParagraph(meta_line(case)))
    return Group(*lines)


def caption_line(caption: Caption, indent: int = 0) -> Paragraph:
    return Paragraph(Text(f"{caption.label}（原文未附图像 image not in source）", DIM), indent)


def section_head(section: Section, highlight: Sequence[str] = ()) -> Group:
    """A section up to its first point: its heading, captions and paragraphs."""
    parts: list[RenderableType] = [marked(f"{section.ordinal}{section.heading}", highlight, "bold magenta")]
    parts += [caption_line(c) for c in section.captions]
    parts += [Paragraph(marked(PARAGRAPH_START + p, highlight)) for p in section.paragraphs]
    return Group(*parts)


def render_point(point: Point, highlight: Sequence[str] = ()) -> Group:
    lead = Text(f"{point.ordinal}", LABEL)
    lead.append_text(marked(point.lead, highlight, "bold"))
    parts: list[RenderableType] = [Paragraph(lead)]
    parts += [Paragraph(marked(PARAGRAPH_START + p, highlight), indent=2) for p in point.paragraphs]
    parts += [caption_line(c, indent=2) for c in point.captions]
    return Group(*parts)


def render_section(section: Section, highlight: Sequence[str] = ()) -> Group:
    return Group(section_head(section, highlight), *(render_point(p, highlight) for p in section.points))


def render_intro(case: Case, extra: Iterable[RenderableType] = (), highlight: Sequence[str] = ()) -> Group:
    """The header, `extra` (key figures) and the introduction: what `show` prints before the sections."""
    parts: list[RenderableType] = [heading(case, highlight), Text()]
    for renderable in extra:
        parts += [renderable, Text()]
    parts += [Paragraph(marked(PARAGRAPH_START + p, highlight)) for p in case.intro_paragraphs]
    return Group(*parts)


def render_case(
    case: Case,
    sections: Sequence[Section] | None = None,
    extra: Iterable[RenderableType] = (),
    highlight: Sequence[str] = (),
    citation: str = "",
) -> Group:
    """The whole case (or the given sections), ready to read; `extra` goes after the header (key figures),
    the words in `highlight` are shown as matches, and the citation (where a quote comes from) ends it."""
    if sections is None:
        parts: list[RenderableType] = [render_intro(case, extra, highlight), Text()]
        sections = case.sections
    else:
        parts = [heading(case, highlight), Text()]
        for renderable in extra:
            parts += [renderable, Text()]
    for section in sections:
        parts += [render_section(section, highlight), Text()]
    if citation:
        parts.append(Paragraph(Text("出处：" + citation, style=DIM)))
    return Group(*parts)


def case_table(cases: Iterable[Case]) -> Table:
    table = Table(header_style="bold", expand=True)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("标题 Title", overflow="fold", ratio=3)
    table.add_column("提供 Providers", overflow="fold", ratio=1)
    table.add_column("主题 Tags", overflow="fold", ratio=1)
    table.add_column("页 Page", justify="right", no_wrap=True)
    for case in cases:
        title = Text(case.title)
        if case.title_en:
            title.append("\n" + case.title_en, DIM)
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
    text = Text()
    text.append(f"{snippet.where}：", LABEL)  # the label alone: a style given to Text() would colour the quote too
    offset = len(text)
    text.append(snippet.text)
    for start, end in snippet.highlights:
        text.stylize(HIGHLIGHT, offset + start, offset + end)
    return text


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
            snippets.append("\n" + explanation(hit.matches), DIM)
        table.add_row(
            str(hit.case.id),
            Paragraph(hit.case.title),
            Paragraph("\n".join(hit.case.providers)),
            relevance_bar(hit.score),
            Paragraph(snippets),
        )
    return table
