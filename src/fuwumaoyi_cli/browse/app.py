"""The reader's app and its first screen: the query line, the list of hits, the preview, the status line.

Every keystroke in the query line schedules a search (debounced); one worker thread runs fwmy's own
search() for the latest query and posts the listing back, so typing never waits for a search and
searches never pile up. Case text reaches the screen as rich Text, never as markup.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from fuwumaoyi_cli.browse.screens import (
    ChoicePrompt,
    CompareScreen,
    ExportPrompt,
    HelpScreen,
    MarksChanged,
    ReaderScreen,
    SimilarScreen,
    key_name,
)
from fuwumaoyi_cli.browse.session import Listing, Session
from fuwumaoyi_cli.cases.filters import UnknownValue
from fuwumaoyi_cli.cases.model import Case
from fuwumaoyi_cli.render.analysis import render_key_figures_summary
from fuwumaoyi_cli.render.cases import DIM, LABEL, PARAGRAPH_START, heading, snippet_text
from fuwumaoyi_cli.render.wrap import Paragraph
from fuwumaoyi_cli.search.engine import Hit

# Long enough to take a burst of keys (a paste, an IME committing a word) as one query, short enough
# that a person typing at a normal pace sees each keystroke's hits.
DEBOUNCE = 0.08
MARK = "● "
# The providers' column: 重庆两江新区 and the start of a second name, less on a narrow list.
PROVIDER_CELLS, FEWEST_PROVIDER_CELLS = 14, 8
DEFAULT_EXPORT = "fwmy-cases.md"


# Keys are priority bindings where they move the focus, and on the list: the app acts on a priority key as
# it reads it, before it hands the next key to a widget, so a key typed right after one (fast, pasted, or
# while the screen is busy) reaches what the one before left focused. Mixed with ordinary bindings, which a
# widget acts on later, two keys could swap: Space after ↓ would mark the row ↓ had not reached yet.


class QueryLine(Input):
    """The query: holds the focus at start; ↓ goes down to the list, Enter opens the highlighted case."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.to_list", "list", tooltip="go down to the list", priority=True),
        Binding("enter", "app.open_highlighted", "open", tooltip="open the highlighted case", show=False),
        Binding("escape", "clear", "clear", tooltip="clear the query", show=False),
    ]

    def __init__(self, value: str, placeholder: str, id: str) -> None:
        # Coming back from the list, typing goes on with the query rather than replacing it.
        super().__init__(value, placeholder=placeholder, id=id, select_on_focus=False)

    def action_clear(self) -> None:
        self.value = ""


class HitList(OptionList):
    """One row per case: mark, id, title, providers; the single-key actions live here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # OptionList's own keys, as priority bindings too (see above).
        Binding("up", "up", "move", tooltip="move; up from the top goes to the query", show=False, priority=True),
        Binding("down", "cursor_down", "move", show=False, priority=True),
        Binding("pageup", "page_up", "move", show=False, priority=True),
        Binding("pagedown", "page_down", "move", show=False, priority=True),
        Binding("home", "first", "move", show=False, priority=True),
        Binding("end", "last", "move", show=False, priority=True),
        Binding("enter", "select", "open", tooltip="open the case", show=False, priority=True),
        Binding("space", "app.mark", "mark", tooltip="mark or unmark the case, then go down", priority=True),
        Binding("c", "app.compare", "compare", tooltip="compare the marked cases (2–4)", priority=True),
        Binding("s", "app.similar", "similar", tooltip="the cases most like this one", priority=True),
        Binding("e", "app.export", "export", tooltip="export the marked cases (or this one) to a file", priority=True),
        Binding("t", "app.theme", "theme", tooltip="filter by theme, as --tag takes it", priority=True),
        Binding("r", "app.region", "region", tooltip="filter by province or city, as --region takes it", priority=True),
        Binding("slash", "app.to_query", "search", tooltip="back to the query", key_display="/", priority=True),
        Binding("question_mark", "app.help", "help", tooltip="every key", key_display="?", show=False, priority=True),
        Binding("q", "app.quit", "quit", priority=True),
    ]

    def action_up(self) -> None:
        if self.highlighted:
            self.action_cursor_up()
        else:  # at the top, up goes back to the query line
            self.screen.set_focus(self.screen.query_one(QueryLine))

    def row_width(self) -> int:
        return self.scrollable_content_region.width or 60  # before the first layout: a guess, redone on resize

    def on_resize(self, event: Resize) -> None:
        app = self.app
        if isinstance(app, BrowseApp):
            app.refresh_rows()


def hit_row(case: Case, marked: bool, width: int, id_cells: int) -> Text:
    """`● 15  创新知识产权质押融资模式  北京市、上海市…`: the title and providers cut with … to fit one line."""
    row = Text()
    row.append(MARK if marked else "  ", "bold yellow")
    row.append(f"{case.id:>{id_cells}}  ", LABEL)
    provider_cells = max(FEWEST_PROVIDER_CELLS, min(PROVIDER_CELLS, width // 4))
    providers = Text("、".join(case.providers), DIM)
    providers.truncate(provider_cells, overflow="ellipsis")
    title = Text(case.title)
    title.truncate(max(width - cell_len(row.plain) - provider_cells - 2, 4), overflow="ellipsis", pad=True)
    row.append_text(title)
    row.append("  ")
    row.append_text(providers)
    return row


def preview(case: Case, hit: Hit | None, session: Session) -> RenderableType:
    """The highlighted case: its heading, the best snippets with the match shown (or the start of the
    introduction when nothing was searched), its key figures by kind."""
    parts: list[RenderableType] = [heading(case), Text()]
    if hit is not None and hit.snippets:
        for snippet in hit.snippets:
            parts += [Paragraph(snippet_text(snippet)), Text()]
    elif case.intro_paragraphs:
        parts += [Paragraph(PARAGRAPH_START + case.intro_paragraphs[0]), Text()]
    figures = session.key_figures(case)
    if figures:
        parts.append(render_key_figures_summary(figures))
    return Group(*parts)


class BrowseApp(App[None]):
    """`fwmy browse`: search as you type, read, mark, compare, export."""

    TITLE = "fwmy browse"
    ENABLE_COMMAND_PALETTE = False  # its fuzzy matcher knows no pinyin; every action has a key
    CSS = """
    QueryLine { dock: top; }
    #body { height: 1fr; }
    HitList { width: 5fr; min-width: 30; height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis;
              scrollbar-gutter: stable; }  /* rows are cut to the width: the same with or without a scrollbar */
    #preview { width: 4fr; height: 1fr; padding: 0 1; border-left: vkey $foreground 30%; }
    #status { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis; }
    /* Without colour, the highlighted row and the focused widget's cursor are shown in reverse. */
    App:nocolor OptionList > .option-list--option-highlighted { text-style: bold reverse; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "quit", priority=True, show=False),
        Binding("f1", "help", "help", tooltip="every key"),
    ]

    class Searched(Message):
        """A listing from the search thread, for the query of `generation`."""

        def __init__(self, generation: int, listing: Listing) -> None:
            super().__init__()
            self.generation = generation
            self.listing = listing

    def __init__(self, session: Session, query: str = "") -> None:
        # NO_COLOR: the terminal's own colours and no others (Textual would draw its theme in greys).
        super().__init__(ansi_color=True if os.environ.get("NO_COLOR") else None)
        self.session = session
        self.initial_query = query
        self.listing = Listing("", session.filters, (), {}, 0)
        self._generation = 0
        self._lock = threading.Lock()
        self._wanted: tuple[int, str] | None = None
        self._searching = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield QueryLine(self.initial_query, placeholder="检索 search: 融资 · rongzi · financing · 区快链…", id="query")
        with Horizontal(id="body"):
            yield HitList(id="hits")
            with VerticalScroll(id="preview", can_focus=False):
                yield Static(id="preview-text")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QueryLine).focus()
        self.submit_query()

    def get_key_display(self, binding: Binding) -> str:
        return key_name(binding.key, binding.key_display)

    # --- searching -----------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def query_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.submit_query)

    def submit_query(self) -> None:
        """Ask the search thread for the query line's text now; start the thread unless it runs."""
        self._generation += 1
        with self._lock:
            self._wanted = (self._generation, self.query_one(QueryLine).value)
            start, self._searching = not self._searching, True
        if start:
            self._search_in_thread()

    @work(thread=True, group="search")
    def _search_in_thread(self) -> None:
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    self._searching = False
                    return
            generation, query = wanted
            self.post_message(self.Searched(generation, self.session.listing(query)))

    def on_browse_app_searched(self, message: Searched) -> None:
        if message.generation == self._generation:  # a newer query is on its way: skip this one
            self.show_listing(message.listing)

    def show_listing(self, listing: Listing) -> None:
        hits = self.query_one(HitList)
        current = self.highlighted_case()
        same_query = listing.query == self.listing.query
        self.listing = listing
        self.refresh_rows()
        ids = [c.id for c in listing.cases]
        # A new query shows its best hit; new filters keep the case under the cursor when they keep it.
        keep = same_query and current is not None and current.id in ids
        hits.highlighted = ids.index(current.id) if keep and current is not None else 0
        if not listing.cases:
            self.query_one("#preview-text", Static).update(Text(""))
        self.update_status()

    def refresh_rows(self) -> None:
        hits = self.query_one(HitList)
        width = hits.row_width()
        id_cells = max((len(str(c.id)) for c in self.listing.cases), default=1)
        highlighted = hits.highlighted
        hits.set_options(
            Option(hit_row(c, c.id in self.session.marks, width, id_cells), id=str(c.id)) for c in self.listing.cases
        )
        if highlighted is not None and self.listing.cases:
            hits.highlighted = min(highlighted, len(self.listing.cases) - 1)

    def highlighted_case(self) -> Case | None:
        index = self.query_one(HitList).highlighted
        if index is None or not 0 <= index < len(self.listing.cases):
            return None
        return self.listing.cases[index]

    @on(OptionList.OptionHighlighted, "#hits")
    def show_preview(self) -> None:
        case = self.highlighted_case()
        if case is not None:
            self.query_one("#preview-text", Static).update(preview(case, self.listing.hits.get(case.id), self.session))
            self.query_one("#preview", VerticalScroll).scroll_home(animate=False)

    def update_status(self) -> None:
        listing = self.listing
        shown = len(listing.cases)
        if not listing.hits and shown == listing.total and not listing.note:
            count = f"{shown} cases"
        elif shown < listing.total:
            count = f"{shown} of {listing.total} hits"
        else:
            count = f"{shown} hit{'s' if shown != 1 else ''}"
        status = Text.assemble((count, "bold"))
        for part in (listing.note, listing.filters.describe()):
            if part:
                status.append(" · " + part)
        if self.session.marks:
            status.append(" · marked " + " ".join(map(str, self.session.marks)), "bold yellow")
        self.query_one("#status", Static).update(status)

    # --- actions -------------------------------------------------------------------------------

    # set_focus, not widget.focus(), which moves the focus only after the keys already read.
    def action_to_list(self) -> None:
        if self.listing.cases:
            self.screen.set_focus(self.query_one(HitList))

    def action_to_query(self) -> None:
        self.screen.set_focus(self.query_one(QueryLine))

    @on(OptionList.OptionSelected, "#hits")
    def action_open_highlighted(self) -> None:
        case = self.highlighted_case()
        if case is not None:
            self.push_screen(ReaderScreen(self.session, case, self.listing.words_to_highlight(case.id)))

    def action_mark(self) -> None:
        case = self.highlighted_case()
        if case is None:
            return
        self.session.toggle_mark(case.id)
        self.refresh_rows()
        self.query_one(HitList).action_cursor_down()
        self.update_status()

    def on_marks_changed(self, message: MarksChanged) -> None:
        self.refresh_rows()
        self.update_status()

    def action_compare(self) -> None:
        try:
            comparison = self.session.comparison()
        except ValueError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self.push_screen(CompareScreen(comparison))

    def action_similar(self) -> None:
        case = self.highlighted_case()
        if case is not None:
            self.push_screen(SimilarScreen(self.session, self.session.similar(case.id)))

    def action_export(self) -> None:
        cases = self.session.marked_cases()
        if not cases:
            case = self.highlighted_case()
            cases = [case] if case is not None else []
        if not cases:
            self.notify("no case to export", severity="warning", markup=False)
            return
        what = f"{len(cases)} marked cases" if len(cases) > 1 else f"case {cases[0].id}"
        if self.session.marks and len(cases) == 1:
            what = f"the marked case {cases[0].id}"
        pending: dict[str, bool] = {}

        def write(name: str) -> str | None:
            if Path(name).expanduser().exists() and not pending.get(name):
                pending[name] = True
                return f"{name} exists: Enter again replaces it"
            try:
                path, fmt = self.session.export(name, cases)
            except ValueError as err:
                return str(err)
            except OSError as err:
                return f"cannot write {name}: {err.strerror or err}"
            self.notify(f"wrote {len(cases)} case{'s' if len(cases) > 1 else ''} as {fmt} to {path}", markup=False)
            return None

        self.push_screen(ExportPrompt(f"Export {what} to the file 导出到文件", DEFAULT_EXPORT, write))

    def action_theme(self) -> None:
        self._ask_filter("tags", "Theme 主题 (as --tag takes it)", self.session.theme_choices())

    def action_region(self) -> None:
        self._ask_filter("regions", "Region 地区 (as --region takes it)", self.session.region_choices())

    def _ask_filter(self, field: str, title: str, choices: list[tuple[str, str]]) -> None:
        def apply(value: str) -> str | None:
            values = (value.strip(),) if value.strip() else ()
            try:
                self.session.set_filters(self.session.filters._replace(**{field: values}))
            except UnknownValue as err:
                return f"{err.value!r} is not known"
            self.submit_query()
            return None

        current = getattr(self.session.filters, field)
        self.push_screen(ChoicePrompt(title, choices, " ".join(current), apply))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(
                HelpScreen(
                    [
                        ("检索行 query line (typing searches)", QueryLine.BINDINGS),
                        ("列表 list", HitList.BINDINGS),
                        ("阅读 reading", ReaderScreen.BINDINGS),
                        ("相似 similar cases", SimilarScreen.BINDINGS),
                        ("比较 comparison", CompareScreen.BINDINGS),
                        ("全局 everywhere", self.BINDINGS),
                    ]
                )
            )


def browse(session: Session, query: str = "") -> int:
    """Run the reader until the user quits; the app's return code (0, or 1 when it failed)."""
    app = BrowseApp(session, query)
    app.run()
    return app.return_code or 0
