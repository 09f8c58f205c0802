"""Rich renderables for list, show and search. Only imported when a person is reading.

Case text always enters rich as Text (never markup) made by `shown` (control characters as escapes),
and table columns holding Chinese fold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from fuwumaoyi_cli.cases.model import Caption, Case, Point, Section
from fuwumaoyi_cli.i18n import N_, _
from fuwumaoyi_cli.render.wrap import ListParagraph, Paragraph, shown
from fuwumaoyi_cli.text import visible

# Chinese paragraphs start with two full-width spaces: the way to see where one ends and the next begins.
PARAGRAPH_START = "\u3000\u3000"
HIGHLIGHT = "bold reverse"  # bold and reverse still show under NO_COLOR
TITLE = "bold"
LABEL = "bold cyan"
DIM = "dim"
# How a query term matched, and where (search --explain): the JSON's words (`form`, `field`), for a reader.
FORMS = {
    "exact": N_("exact"),
    "phrase": N_("phrase"),
    "english": N_("english"),
    "fuzzy": N_("fuzzy"),
    "pinyin": N_("pinyin"),
    "initials": N_("initials"),
    "synonym": N_("synonym"),
    "translation": N_("translation"),
}
FIELDS = {
    "title": N_("title"),
    "title_en": N_("title_en"),
    "tags": N_("tags"),
    "region": N_("region"),
    "provider": N_("provider"),
    "heading": N_("heading"),
    "lead": N_("lead"),
    "caption": N_("caption"),
    "intro": N_("intro"),
    "body": N_("body"),
}


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


def marked(text: str | Text, highlight: Sequence[str] = (), style: str = "") -> Text:
    """`text` as Text, with every occurrence of the words in `highlight` shown as a match (any case)."""
    out = shown(text, style) if isinstance(text, str) else text
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
    return Paragraph(shown(_("{caption}（原文未附图像 image not in source）", caption=caption.label), DIM), indent)


def section_head(section: Section, highlight: Sequence[str] = ()) -> Group:
    """A section up to its first point: its heading, captions and paragraphs."""
    parts: list[RenderableType] = [marked(f"{section.ordinal}{section.heading}", highlight, "bold magenta")]
    parts += [caption_line(c) for c in section.captions]
    parts += [Paragraph(marked(PARAGRAPH_START + p, highlight)) for p in section.paragraphs]
    return Group(*parts)


def render_point(point: Point, highlight: Sequence[str] = ()) -> Group:
    # Each in its own style: a Text's own style (Text(ordinal, LABEL)) would colour what is appended too.
    lead = Text.assemble(shown(point.ordinal, LABEL), marked(point.lead, highlight, "bold"))
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


def citation_line(citation: str) -> Paragraph:
    """出处：《document》，案例 16：title，第 51 页 — where a quote from the case comes from."""
    return Paragraph(shown("出处：" + citation, DIM))


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
        parts.append(citation_line(citation))
    return Group(*parts)


def widest(texts: Iterable[str]) -> int:
    """The cells of the widest word of `texts` (words parted by spaces or lines): what a column needs so that
    none is cut (Provid|ers, 数字贸|易)."""
    return max((cell_len(visible(word)) for text in texts for word in text.split()), default=1)


def header(text: str) -> Paragraph:
    """A column header that wraps between its Chinese and its English when the column is narrow."""
    return Paragraph(text)


def case_table(cases: Sequence[Case]) -> Table:
    table = Table(header_style="bold", expand=True)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column(header(_("标题 Title")), overflow="fold", ratio=3)
    # With a ratio, rich takes `width` as the least share a column gets: names, themes and headers are never cut.
    providers, tags, page = _("提供 Providers"), _("主题 Tags"), _("页 Page")
    names = [p for case in cases for p in case.providers]
    table.add_column(header(providers), overflow="fold", ratio=1, width=widest([providers, *names]))
    themes = [t for case in cases for t in case.tags]
    table.add_column(header(tags), overflow="fold", ratio=1, width=widest([tags, *themes]))
    table.add_column(header(page), justify="right", no_wrap=True, min_width=widest([page]))
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
    return _("; ").join(
        _(
            "{term} → {matched} ({form}: {fields})",
            term=term,
            matched=matched,
            form=_(FORMS.get(form, form)),
            fields=_(", ").join(_(FIELDS.get(name, name)) for name in names),
        )
        for (term, matched, form), names in fields.items()
    )


# Below this many cells a hits table has no room for a column of providers: they go under the title.
NARROW = 80


class HitsTable:
    """The hits of a search, one row each; on a narrow terminal the providers stand under the title."""

    def __init__(self, hits, explain: bool = False):
        self.hits = hits
        self.explain = explain

    def table(self, width: int) -> Table:
        narrow = width < NARROW
        table = Table(header_style="bold", show_lines=True, expand=True)
        table.add_column("ID", justify="right", no_wrap=True)
        title, by, score, snippet = _("标题 Title"), _("提供 By"), _("相关 Score"), _("摘录 Snippet")
        if narrow:  # at least as wide as a provider's name, which the column holds too (`width`: see case_table)
            names = [p for hit in self.hits for p in hit.case.providers]
            table.add_column(header(title), overflow="fold", ratio=2, width=widest([title, *names]))
        else:
            table.add_column(header(title), overflow="fold", ratio=2, min_width=widest([title]))
            table.add_column(header(by), overflow="fold", ratio=1, min_width=widest([by]))
        table.add_column(header(score), no_wrap=True, min_width=cell_len(relevance_bar(100).plain))
        table.add_column(header(snippet), overflow="fold", ratio=4, min_width=widest([snippet]))
        for hit in self.hits:
            snippets = Text("\n").join(snippet_text(s) for s in hit.snippets)
            if self.explain:
                why = explanation(hit.matches)
                if hit.nearness is not None:
                    near = _("near in meaning: {similarity}", similarity=f"{hit.nearness:.3f}")
                    why = _("; ").join(filter(None, (why, near)))
                snippets.append_text(shown("\n" + why, DIM))
            providers = "\n".join(hit.case.providers)
            if narrow:
                cells = [Paragraph(Text.assemble(shown(hit.case.title), "\n", shown(providers, DIM)))]
            else:
                cells = [Paragraph(hit.case.title), Paragraph(providers)]
            table.add_row(str(hit.case.id), *cells, relevance_bar(hit.score), Paragraph(snippets))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)


def hits_table(hits, explain: bool = False) -> HitsTable:
    return HitsTable(hits, explain)
