"""Rich renderables for the analysis results: key figures, comparisons, similar cases and statistics.

Each render_* function returns a renderable and prints nothing. Case text always enters rich as
Text, never as markup, with control characters written as escapes (render/wrap.py), and every table
column that can hold Chinese folds instead of cutting with "…".
The rich modules each renderer uses (tables, panels, rules) are imported inside it, so a command loads
only those its own output needs; render/ itself is imported only by commands that print for a person.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from fuwumaoyi_cli.cases.model import Case
from fuwumaoyi_cli.cases.sections import SECTION_LABELS
from fuwumaoyi_cli.i18n import N_, _
from fuwumaoyi_cli.keyfigures import KIND_NAMES, KeyFigure, distinct_facts
from fuwumaoyi_cli.render.wrap import ListParagraph, Paragraph, shown
from fuwumaoyi_cli.text import LIST_JOINER, visible

if TYPE_CHECKING:  # only for annotations
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text

    from fuwumaoyi_cli.compare import Comparison
    from fuwumaoyi_cli.similar import SimilarResult
    from fuwumaoyi_cli.stats import Stats

KEY_FIGURES_TITLE = "关键数据"
DIMENSION_TITLES = {
    "region": N_("按地区 by region"),
    "provider": N_("按提供单位 by provider"),
    "tag": N_("按主题 by tag"),
}
# Below this many cells per case, side-by-side columns hold 10 Chinese characters a line or fewer:
# the comparison is stacked instead, one case after another under each row.
NARROWEST_COLUMN = 30
BAR = "█"
WIDEST_BAR = 50


def _joined(items: Sequence[str]) -> str:
    return visible(LIST_JOINER.join(items)) if items else "—"


def _dash() -> Text:
    from rich.text import Text

    return Text("—", style="dim")


# ---------------------------------------------------------------- key figures


def _same_sentence_runs(figures: Sequence[KeyFigure]) -> Iterator[list[KeyFigure]]:
    """Figures in a row that stand in the same sentence, so that each sentence is shown once."""
    run: list[KeyFigure] = []
    for figure in figures:
        if run and (figure.sentence, figure.where) != (run[0].sentence, run[0].where):
            yield run
            run = []
        run.append(figure)
    if run:
        yield run


def render_key_figures(figures: Sequence[KeyFigure], title: str = KEY_FIGURES_TITLE) -> RenderableType:
    """A case's figures by the sentence they stand in: where, each figure with what it counts, the sentence
    with the figures highlighted (a figure per line, so that a long label cannot push its value aside)."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    if not figures:
        return Panel(Text(_("正文中没有带单位的数字。 No quantities with units in the text.")), title=Text(title))
    parts: list[RenderableType] = [Text(title, style="bold")]
    for run in _same_sentence_runs(figures):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(overflow="fold", max_width=24)
        grid.add_column(overflow="fold")
        for figure in run:
            grid.add_row(shown(figure.label) if figure.label else Text("—", style="dim"), _value(figure))
        sentence = shown(run[0].sentence, "dim")
        sentence.highlight_words([visible(f.text) for f in run], style="bold yellow")
        parts += [Text(""), shown(run[0].where, "cyan"), Padding(grid, (0, 0, 0, 2))]
        parts.append(Padding(Paragraph(sentence), (0, 0, 0, 2)))
    return Group(*parts)


def _value(figure: KeyFigure) -> Text:
    """83.7亿元 金额, 7个（每周） 数量: the figure in bold, its kind dimmed."""
    from rich.text import Text

    return Text.assemble(
        shown("".join(figure.text.split()) + figure.rate_note, "bold"), " ", (KIND_NAMES[figure.kind], "dim")
    )


def _key_figures_by_kind(figures: Sequence[KeyFigure]) -> Text:
    """金额：授信金额 83.7亿元，贷款余额 72亿元 — one line per kind, kinds in a fixed order, each fact once.

    Lines break only after the commas between figures, never inside one (72 / 亿元).
    """
    from rich.text import Text

    facts = distinct_facts(figures)
    lines = []
    for kind, name in KIND_NAMES.items():
        phrases = [f.phrase for f, _ in facts if f.kind == kind]
        if phrases:
            lines.append(Text.assemble((f"{name}：", "dim"), shown("，".join(phrases))))
    return Text("\n").join(lines) if lines else _dash()


def render_key_figures_summary(figures: Sequence[KeyFigure], title: str = KEY_FIGURES_TITLE) -> RenderableType:
    """A compact panel of a case's figures, one line per kind (for `show`; `figures` gives the sentences)."""
    from rich import box
    from rich.panel import Panel
    from rich.text import Text

    return Panel(ListParagraph(_key_figures_by_kind(figures)), title=Text(title), title_align="left", box=box.ROUNDED)


# ---------------------------------------------------------------- compare


def _case_heading(case: Case) -> Text:
    from rich.text import Text

    return Text.assemble((f"{case.id}", "bold cyan"), " ", shown(case.title, "bold"))


def _items(items: Sequence[str], full_text: bool) -> Text:
    from rich.text import Text

    if not items:
        return _dash()
    return Text("\n\n" if full_text else "\n").join(shown(item) for item in items)


class ComparisonView:
    """Cases in columns when each gets NARROWEST_COLUMN cells or more; stacked under each row otherwise."""

    def __init__(self, comparison: Comparison):
        self.comparison = comparison

    def _rows(self, stacked: bool) -> Iterator[tuple[str, list[Paragraph]]]:
        """(label, one cell per case) in display order; stacked, the metadata takes one row, not three."""
        from rich.text import Text

        c = self.comparison
        full_text = c.section is not None
        if stacked:
            yield (
                "概况",
                [
                    ListParagraph(
                        Text.assemble(
                            ("提供单位 ", "dim"),
                            _joined(case.providers),
                            "\n",
                            ("地区 ", "dim"),
                            _joined(case.regions),
                            "\n",
                            ("主题 ", "dim"),
                            _joined(case.tags),
                        )
                    )
                    for case in c.cases
                ],
            )
        else:
            yield "提供单位", [ListParagraph(_joined(case.providers)) for case in c.cases]
            yield "地区", [ListParagraph(_joined(case.regions)) for case in c.cases]
            yield "主题", [ListParagraph(_joined(case.tags)) for case in c.cases]
        if not full_text:
            yield "引言", [Paragraph(case.intro) if case.intro else Paragraph(_dash()) for case in c.cases]
        for row in c.rows:
            yield SECTION_LABELS.get(row.kind, row.kind), [Paragraph(_items(cell, full_text)) for cell in row.cells]
        yield KEY_FIGURES_TITLE, [ListParagraph(_key_figures_by_kind(figs)) for figs in c.key_figures]

    def _shared(self) -> Text:
        from rich.text import Text

        c = self.comparison
        lines = [("共同主题", c.shared_tags), ("共同地区", c.shared_regions), ("共同词语", c.shared_ngrams)]
        lines += [(f"{case.id} 独有", terms) for case, terms in zip(c.cases, c.distinctive_ngrams, strict=True)]
        return Text("\n").join(Text.assemble((f"{label}：", "bold"), _joined(values)) for label, values in lines)

    def _title(self) -> Text:
        from rich.text import Text

        c = self.comparison
        ids = " · ".join(str(case.id) for case in c.cases)
        scope = f" — {SECTION_LABELS.get(c.section, c.section)}（全文）" if c.section else ""
        return Text(f"比较案例 {ids}{scope}", style="bold")

    def _label_width(self) -> int:
        from rich.cells import cell_len

        return max(cell_len(label) for label, _ in self._rows(stacked=False))

    def fits_side_by_side(self, width: int) -> bool:
        n = len(self.comparison.cases)
        borders_and_padding = (n + 2) + 2 * (n + 1)
        return (width - self._label_width() - borders_and_padding) // n >= NARROWEST_COLUMN

    def _side_by_side(self) -> Table:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(box=box.SQUARE, show_lines=True, expand=True)
        table.add_column("", style="bold", no_wrap=True, width=self._label_width())
        for case in self.comparison.cases:
            table.add_column(Paragraph(_case_heading(case)), overflow="fold", ratio=1)
        for label, cells in self._rows(stacked=False):
            table.add_row(Text(label), *cells)
        return table

    def _stacked(self) -> RenderableType:
        from rich.console import Group
        from rich.rule import Rule
        from rich.table import Table
        from rich.text import Text

        cases = self.comparison.cases
        parts: list[RenderableType] = [_case_heading(case) for case in cases]
        for label, cells in self._rows(stacked=True):
            parts.append(Rule(Text(label, style="bold"), align="left", characters="─"))
            grid = Table.grid(padding=(0, 1), expand=True)
            grid.add_column(no_wrap=True, style="bold cyan")
            grid.add_column(overflow="fold", ratio=1)
            for case, cell in zip(cases, cells, strict=True):
                grid.add_row(Text(f"〔{case.id}〕"), cell)
            parts.append(grid)
        return Group(*parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich import box
        from rich.panel import Panel
        from rich.text import Text

        yield self._title()
        # Titles as Text: a str title is parsed as markup, which loads rich's emoji table.
        yield Panel(ListParagraph(self._shared()), title=Text("共同点"), title_align="left", box=box.ROUNDED)
        yield self._side_by_side() if self.fits_side_by_side(options.max_width) else self._stacked()


def render_comparison(comparison: Comparison) -> RenderableType:
    return ComparisonView(comparison)


# ---------------------------------------------------------------- similar


def render_similar(result: SimilarResult) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    case = result.case
    table = Table(
        title=Text.assemble("与案例 ", (f"{case.id}", "bold cyan"), " ", shown(case.title, "bold"), " 相近的案例"),
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    table.add_column("相似度", justify="right", no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True, style="bold cyan")
    table.add_column("案例", overflow="fold", ratio=3)
    table.add_column("共同主题", overflow="fold", ratio=2)
    table.add_column("共同词语", overflow="fold", ratio=2)
    for item in result.similar:
        table.add_row(
            Text(str(item.score), style="bold"),
            Text(str(item.case.id)),
            Paragraph(item.case.title),
            ListParagraph(_joined(item.shared_tags)),
            ListParagraph(_joined(item.shared_ngrams)),
        )
    return table


# ---------------------------------------------------------------- stats


class BarChart:
    """Horizontal bars of plain characters, labels padded by display width so CJK names line up."""

    def __init__(self, title: str, counts: Sequence[tuple[str, int]]):
        self.title = title
        self.counts = counts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.text import Text

        yield Text(self.title, style="bold")
        if not self.counts:
            yield _dash()
            return
        names = [visible(name) for name, _ in self.counts]
        label_width = max(cell_len(name) for name in names)
        number_width = max(len(str(n)) for _, n in self.counts)
        room = max(1, min(WIDEST_BAR, options.max_width - label_width - number_width - 2))
        most = max(n for _, n in self.counts)
        for name, (_name, n) in zip(names, self.counts, strict=True):
            label = name + " " * (label_width - cell_len(name))
            bar = BAR * max(1, round(n / most * room))
            yield Text.assemble(label, " ", (bar, "cyan"), " ", (str(n).rjust(number_width), "bold"))


def render_stats(stats: Stats, by: str | None = None) -> RenderableType:
    """One chart for `by` (region, provider or tag), or all three with a blank line between them."""
    from rich.console import Group
    from rich.text import Text

    from fuwumaoyi_cli.stats import DIMENSIONS

    dimensions = DIMENSIONS if by is None else (by,)
    charts: list[RenderableType] = []
    for dimension in dimensions:
        counts = stats.counts(dimension)  # raises ValueError for an unknown dimension
        if charts:
            charts.append(Text(""))
        charts.append(BarChart(_(DIMENSION_TITLES[dimension]), counts))
    return Group(*charts)
