"""The reader's other screens: a case in full, a comparison, similar cases, the keys, and two prompts.

Each lays out what the matching command prints (show, compare, similar) with the same renderables from
render/, so Chinese is folded between characters by render/wrap.py at whatever width the screen has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from fuwumaoyi_cli.cases.model import Case
from fuwumaoyi_cli.cases.sections import SECTION_LABELS
from fuwumaoyi_cli.render.analysis import render_comparison, render_key_figures_summary
from fuwumaoyi_cli.render.cases import DIM, LABEL, TITLE, render_intro, render_point, section_head
from fuwumaoyi_cli.render.wrap import ListParagraph
from fuwumaoyi_cli.text import LIST_JOINER

if TYPE_CHECKING:
    from fuwumaoyi_cli.browse.session import Session
    from fuwumaoyi_cli.compare import Comparison
    from fuwumaoyi_cli.similar import SimilarResult

KEY_NAMES = {
    "space": "Space",
    "escape": "Esc",
    "enter": "Enter",
    "down": "↓",
    "up": "↑",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "tab": "Tab",
    "ctrl+c": "Ctrl-C",
    "f1": "F1",
}


def key_name(key: str, display: str | None = None) -> str:
    """How a key is written on the screen and in the help: Space, Esc, Ctrl-C, ?."""
    return display or KEY_NAMES.get(key, key)


class MarksChanged(Message):
    """A case was marked or unmarked on a screen above the list: the list's rows show it."""


# ---------------------------------------------------------------- reading


class ReaderScreen(Screen[None]):
    """One case in full, laid out as `fwmy show` lays it out, with an outline of its parts to jump to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "back", tooltip="back to where you were"),
        Binding("1", "section('background')", "背景", tooltip="jump to 背景情况", show=False),
        Binding("2", "section('practices')", "做法", tooltip="jump to 主要做法", show=False),
        Binding("3", "section('results')", "效果", tooltip="jump to 实践效果 (实施成效)", show=False),
        Binding("4", "section('next_steps')", "下一步", tooltip="jump to 下一步工作思路", show=False),
        Binding("tab", "toggle_outline", "outline", tooltip="to the outline and back (Enter there jumps)"),
        Binding("space", "mark", "mark", tooltip="mark or unmark this case"),
        Binding("s", "similar", "similar", tooltip="the cases most like this one"),
        Binding("question_mark", "app.help", "help", key_display="?", show=False),
        Binding("q", "app.quit", "quit"),
    ]
    DEFAULT_CSS = """
    ReaderScreen #outline { width: 24; height: 1fr; border: none; border-right: vkey $foreground 30%;
                            text-wrap: nowrap; text-overflow: ellipsis; }
    ReaderScreen #text { width: 1fr; height: 1fr; padding: 0 1; }
    ReaderScreen .part-end { margin-bottom: 1; }
    ReaderScreen #reader-status { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, session: Session, case: Case, highlight: Sequence[str] = ()) -> None:
        super().__init__()
        self.session = session
        self.case = case
        self.highlight = tuple(highlight)
        self.parts: list[tuple[str, RenderableType, bool]] = []  # (outline entry, renderable, ends a section)
        self.section_starts: dict[str, int] = {}  # section kind → its part
        figures = session.key_figures(case)
        extra = [render_key_figures_summary(figures)] if figures else []
        self.parts.append(("引言 intro", render_intro(case, extra, self.highlight), True))
        for section in case.sections:
            points = section.points
            self.section_starts.setdefault(section.kind, len(self.parts))
            self.parts.append(
                (f"{section.ordinal}{section.heading}", section_head(section, self.highlight), not points)
            )
            for i, point in enumerate(points):
                self.parts.append(
                    (f"  {point.ordinal}{point.lead}", render_point(point, self.highlight), i == len(points) - 1)
                )

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(*(Option(Text(entry)) for entry, _, _ in self.parts), id="outline")
            with VerticalScroll(id="text"):
                for i, (_, renderable, ends) in enumerate(self.parts):
                    yield Static(renderable, id=f"part-{i}", classes="part-end" if ends else "")
        yield Static(self.status(), id="reader-status")
        yield Footer()

    def on_mount(self) -> None:
        text = self.query_one("#text", VerticalScroll)
        text.focus()
        self.watch(text, "scroll_y", self.follow)

    def follow(self, scroll_y: float) -> None:
        """Highlight in the outline the part at the top of the text, wherever the reading has got to."""
        starts = [self.query_one(f"#part-{i}", Static).virtual_region.y for i in range(len(self.parts))]
        here = max((i for i, y in enumerate(starts) if y <= scroll_y), default=0)
        self.query_one("#outline", OptionList).highlighted = here

    def status(self) -> Text:
        text = Text.assemble((f"{self.case.id}. {self.case.title}", TITLE))
        if self.highlight:
            text.append("  · matches: " + " ".join(self.highlight), DIM)
        if self.case.id in self.session.marks:
            text.append("  · marked", "bold yellow")
        return text

    def jump_to(self, index: int) -> None:
        self.query_one("#text", VerticalScroll).scroll_to_widget(
            self.query_one(f"#part-{index}", Static), top=True, animate=False
        )

    @on(OptionList.OptionSelected, "#outline")
    def outline_chosen(self, event: OptionList.OptionSelected) -> None:
        self.jump_to(event.option_index)
        self.query_one("#text", VerticalScroll).focus()

    def action_section(self, kind: str) -> None:
        """Jump to the section of this kind (results: 实践效果 or 实施成效, as the case calls it)."""
        if kind in self.section_starts:
            self.jump_to(self.section_starts[kind])
        else:
            self.notify(f"case {self.case.id} has no {SECTION_LABELS[kind]} section", markup=False)

    def action_toggle_outline(self) -> None:
        outline = self.query_one("#outline", OptionList)
        if outline.has_focus:
            self.query_one("#text", VerticalScroll).focus()
        else:
            outline.focus()

    def action_mark(self) -> None:
        self.session.toggle_mark(self.case.id)
        self.query_one("#reader-status", Static).update(self.status())
        self.post_message(MarksChanged())

    def action_similar(self) -> None:
        self.app.push_screen(SimilarScreen(self.session, self.session.similar(self.case.id)))


# ---------------------------------------------------------------- compare and similar


class CompareScreen(Screen[None]):
    """The marked cases side by side, as `fwmy compare` sets them (stacked when the screen is narrow)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "back", tooltip="back to the list"),
        Binding("question_mark", "app.help", "help", key_display="?", show=False),
        Binding("q", "app.quit", "quit"),
    ]
    DEFAULT_CSS = "CompareScreen #comparison { padding: 0 1; }"

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="comparison"):
            yield Static(render_comparison(self.comparison))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#comparison", VerticalScroll).focus()


class SimilarScreen(Screen[None]):
    """The cases most like one, best first, with why (shared themes and words); Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "back", tooltip="back to where you were"),
        Binding("enter", "open", "open", tooltip="open the case", show=False),
        Binding("space", "mark", "mark", tooltip="mark or unmark the case, then go down"),
        Binding("question_mark", "app.help", "help", key_display="?", show=False),
        Binding("q", "app.quit", "quit"),
    ]
    DEFAULT_CSS = """
    SimilarScreen #similar-title { padding: 0 1; }
    SimilarScreen #similar-list { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    SimilarScreen #similar-why { height: auto; max-height: 8; padding: 0 1; border-top: hkey $foreground 30%; }
    """

    def __init__(self, session: Session, result: SimilarResult) -> None:
        super().__init__()
        self.session = session
        self.result = result

    def compose(self) -> ComposeResult:
        case = self.result.case
        title = Text.assemble("与案例 ", (str(case.id), LABEL), " ", (case.title, TITLE), " 相近的案例 similar cases")
        yield Static(title, id="similar-title")
        yield OptionList(*(Option(self.row(i)) for i in range(len(self.result.similar))), id="similar-list")
        yield Static(id="similar-why")
        yield Footer()

    def row(self, index: int) -> Text:
        item = self.result.similar[index]
        mark = "● " if item.case.id in self.session.marks else "  "
        return Text.assemble(
            (mark, "bold yellow"), f"{item.score:>3}  ", (f"{item.case.id:>2}  ", LABEL), item.case.title
        )

    def on_mount(self) -> None:
        self.query_one("#similar-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#similar-list")
    def show_why(self, event: OptionList.OptionHighlighted) -> None:
        item = self.result.similar[event.option_index]
        why = Text.assemble(
            ("共同主题 themes：", "bold"),
            LIST_JOINER.join(item.shared_tags) or "—",
            "\n",
            ("共同词语 words：", "bold"),
            LIST_JOINER.join(item.shared_ngrams) or "—",
        )
        self.query_one("#similar-why", Static).update(ListParagraph(why))

    @on(OptionList.OptionSelected, "#similar-list")
    def action_open(self) -> None:
        index = self.query_one("#similar-list", OptionList).highlighted
        if index is not None:
            self.app.push_screen(ReaderScreen(self.session, self.result.similar[index].case))

    def action_mark(self) -> None:
        options = self.query_one("#similar-list", OptionList)
        index = options.highlighted
        if index is None:
            return
        self.session.toggle_mark(self.result.similar[index].case.id)
        options.replace_option_prompt_at_index(index, self.row(index))
        options.action_cursor_down()
        self.post_message(MarksChanged())


# ---------------------------------------------------------------- keys and prompts


class HelpScreen(ModalScreen[None]):
    """Every key, by where it works."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help { width: 72; max-width: 100%; height: auto; max-height: 100%;
                       border: round $accent; padding: 0 1; background: $surface; }
    """

    def __init__(self, places: Sequence[tuple[str, Sequence[BindingType]]]) -> None:
        super().__init__()
        self.places = places

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_row(Text("fwmy browse", TITLE), Text("Esc, q, ? or F1 closes this", DIM))
        table.add_row(Text(""), Text(""))
        table.add_row(Text("↑ ↓ PgUp PgDn Home End"), Text("move in a list, scroll a text (the mouse too)"))
        for place, bindings in self.places:
            table.add_row(Text(""), Text(""))
            table.add_row(Text(place, LABEL), Text(""))
            keys_of: dict[str, list[str]] = {}  # what a key does → the keys that do it
            for binding in bindings:
                if isinstance(binding, Binding) and binding.description:
                    keys = keys_of.setdefault(binding.tooltip or binding.description, [])
                    keys += [key_name(k, binding.key_display) for k in binding.key.split(",")]
            for description, keys in keys_of.items():
                table.add_row(Text(" ".join(keys)), Text(description))
        with VerticalScroll(id="help"):
            yield Static(table)


class Prompt(ModalScreen[None]):
    """One line to type into; Enter hands the text to `submit`, which returns an error to show, or None
    when done; Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "cancel")]
    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt #prompt { width: 80%; min-width: 40; max-width: 90; height: auto; max-height: 90%;
                     border: round $accent; padding: 0 1; background: $surface; }
    Prompt #prompt-error { color: $error; height: auto; }
    Prompt OptionList { height: auto; max-height: 12; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, title: str, value: str, submit: Callable[[str], str | None]) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Static(Text(self.title_text, TITLE))
            yield Input(self.value, id="prompt-input")
            yield Static(id="prompt-error")
            yield from self.compose_extra()

    def compose_extra(self) -> ComposeResult:
        yield from ()

    @on(Input.Submitted, "#prompt-input")
    def entered(self, event: Input.Submitted) -> None:
        self.answer(event.value)

    def answer(self, value: str) -> None:
        error = self.submit(value)
        if error is None:
            self.dismiss()
        else:
            self.query_one("#prompt-error", Static).update(Text(error))


class ExportPrompt(Prompt):
    """The file to export to; its suffix names the format (.md, .csv, .json, .jsonl)."""

    def compose_extra(self) -> ComposeResult:
        yield Static(Text(".md Markdown · .csv Excel · .json · .jsonl  — Enter writes, Esc cancels", DIM))


class ChoicePrompt(Prompt):
    """A filter value, typed as the command line's option takes it or picked from the list; empty clears it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("down", "to_choices", "list", show=False)]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], value: str, submit: Callable[[str], str | None]
    ) -> None:
        super().__init__(title, value, submit)
        self.choices = [("", "全部 all cases (no filter)"), *choices]
        self.shown = list(self.choices)

    def compose_extra(self) -> ComposeResult:
        yield OptionList(*(self.option(v, d) for v, d in self.shown), id="choices")
        yield Static(Text("↓ to the list · Enter applies · empty clears · Esc cancels", DIM))

    @staticmethod
    def option(value: str, description: str) -> Option:
        return Option(Text.assemble((value, "bold"), "  " if value else "", (description, DIM)))

    @on(Input.Changed, "#prompt-input")
    def narrow(self, event: Input.Changed) -> None:
        typed = event.value.strip().lower()
        self.shown = [(v, d) for v, d in self.choices if not typed or typed in v.lower() or typed in d.lower()]
        self.query_one("#choices", OptionList).set_options(self.option(v, d) for v, d in self.shown)

    @on(OptionList.OptionSelected, "#choices")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.answer(self.shown[event.option_index][0])

    def action_to_choices(self) -> None:
        self.query_one("#choices", OptionList).focus()
