"""Line breaking for Chinese text in a terminal, and text made safe to show on one.

rich breaks lines only at spaces, so "2019 年初，天猫国际…" loses most of a line at the space
after 2019. Here any two Chinese characters may part, Latin words and numbers (B2C, 83.7, 5:3:2)
stay whole, and the usual rules hold: no line starts with closing punctuation (，。）” …) and none
ends with opening punctuation (（“《 …).

rich passes most control characters through (and drops a few), so an escape sequence in a user's file
would reach the terminal: every string from the data or the command line enters rich through `shown`
(a Paragraph of a str too), which writes them as escapes.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from fuwumaoyi_cli.text import NO_LINE_END, NO_LINE_START, visible

# Units and measure words that stay on the line of the number before them, even across a space:
# 83.7亿元, 13595 户, 40 余家, 2019 年.
UNIT_CHARS = "十百千万亿元美欧港日币%％倍家个项人件批单台户笔票份年月日天周时分钟秒平方米公里吨余多"
ATOM = re.compile(
    rf"\d[\d.,:/\-*]*%?(?: ?[{UNIT_CHARS}]{{1,4}})?"  # a number with its unit
    r"|[A-Za-z0-9]+(?:[.,:/+\-*'&][A-Za-z0-9]+)*%?"  # a Latin word
    r"|\s+|.",
    re.S,
)


def shown(text: str, style: str = "") -> Text:
    """Text from a file or a query as a terminal may show it: each control character written as its escape."""
    return Text(visible(text), style)


def units(text: str, breaks_after: str = "") -> list[tuple[int, int]]:
    """Spans that must stay on one line: a Latin word, a number with its unit, or a character with its glued
    punctuation. With `breaks_after` (a list such as 融资、保险、中小企业) lines break only after those
    characters or at spaces, so no item is cut in two."""
    spans: list[list[int]] = []
    glue_next = False
    for m in ATOM.finditer(text):
        start, end = m.span()
        atom = m.group()
        glued = glue_next or atom[0] in NO_LINE_START
        if breaks_after and spans and not text[start - 1].isspace():
            glued = glued or text[start - 1] not in breaks_after
        if spans and glued and not atom.isspace():
            spans[-1][1] = end
        else:
            spans.append([start, end])
        glue_next = atom[-1] in NO_LINE_END
    return [(s, e) for s, e in spans]


def break_offsets(text: str, width: int, breaks_after: str = "") -> list[int]:
    """Offsets where lines start (after the first), for lines at most `width` cells wide."""
    width = max(width, 2)
    offsets: list[int] = []
    line_start, line_width = 0, 0
    for start, end in units(text, breaks_after):
        piece = text[start:end]
        size = cell_len(piece)
        if piece.isspace():
            line_width += size  # may overhang: trailing spaces are dropped at the break
            continue
        if line_width + size > width and start > line_start:
            offsets.append(start)
            line_start, line_width = start, 0
        while size > width:  # a single unit wider than the line: cut it by characters
            cut, used = start, 0
            while cut < end and used + (cells := cell_len(text[cut])) <= width:
                used += cells
                cut += 1
            offsets.append(cut)
            start, line_start = cut, cut
            size -= used  # what is left of the unit, not measured again: linear in a 1.6 M-character word
        line_width += size
    return offsets


def wrap(text: Text, width: int, breaks_after: str = "") -> list[Text]:
    """The lines of `text` (which may hold newlines of its own), each at most `width` cells."""
    out = []
    for part in text.split("\n", allow_blank=True):
        for line in part.divide(break_offsets(part.plain, width, breaks_after)) if part.plain else [part]:
            line.rstrip()
            leading = len(line.plain) - len(line.plain.lstrip(" "))
            out.append(line[leading:] if leading else line)
    return out


class Paragraph:
    """A rich renderable: styled text wrapped for Chinese at whatever width it is given."""

    def __init__(self, text: Text | str, indent: int = 0, breaks_after: str = ""):
        self.text = text if isinstance(text, Text) else shown(text)
        self.indent = indent
        self.breaks_after = breaks_after

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - self.indent, 2)
        pad = " " * self.indent
        for line in wrap(self.text, width, self.breaks_after):
            out = Text(pad, end="\n", no_wrap=True, overflow="ignore") if pad else Text(end="\n", no_wrap=True)
            out.append_text(line)
            yield out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(2, widest) + self.indent, widest + self.indent)


class ListParagraph(Paragraph):
    """A list joined with 、 or spaces (themes, places, terms): lines break between items, never inside one."""

    def __init__(self, text: Text | str, indent: int = 0):
        super().__init__(text, indent, breaks_after="、，,")
