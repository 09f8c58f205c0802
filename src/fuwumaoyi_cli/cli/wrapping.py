"""Text wrapped for a terminal by display width: click's help, and the overview of `fwmy` alone.

click's wrapper counts a Chinese character as one column (it takes two) and breaks only at spaces, so a
Chinese help text ran off the screen. `WideTextWrapper` counts columns and breaks between any two wide
characters, never before closing punctuation nor after opening punctuation (the rule render/wrap.py keeps
for rich); text without a wide character is wrapped exactly as click wraps it. Importing this module puts
it in the place of click's wrapper (cli/language.py imports it when click first wraps a text).
"""

from typer._click import _textwrap

from fuwumaoyi_cli.text import NO_LINE_END, NO_LINE_START, cell_width


def _has_wide(text: str) -> bool:
    return not text.isascii() and cell_width(text) != len(text)


def _pieces(chunk: str) -> list[str]:
    """A word of text split where a line may break: between wide characters and where wide and narrow
    meet, never before closing or after opening punctuation; a run of narrow characters (a Latin word, a
    number) stays whole."""
    pieces: list[str] = []
    glue_next = False
    for char in chunk:
        narrow_run = cell_width(char) == 1 and bool(pieces) and cell_width(pieces[-1][-1]) == 1
        if pieces and (glue_next or char in NO_LINE_START or narrow_run):
            pieces[-1] += char
        else:
            pieces.append(char)
        glue_next = char in NO_LINE_END
    return pieces


class WideTextWrapper(_textwrap.TextWrapper):
    """click's text wrapper, measuring in terminal columns and breaking Chinese between characters.

    Text with no wide character is wrapped by click's own wrapper, unchanged.
    """

    def _split(self, text: str) -> list[str]:
        chunks = super()._split(text)
        if not _has_wide(text):
            return chunks
        return [piece for chunk in chunks for piece in (_pieces(chunk) if _has_wide(chunk) else [chunk])]

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:
        if not any(_has_wide(chunk) for chunk in chunks):
            return super()._wrap_chunks(chunks)
        lines: list[str] = []
        chunks.reverse()
        while chunks:
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - cell_width(indent)
            if self.drop_whitespace and chunks[-1].strip() == "" and lines:
                del chunks[-1]
            line: list[str] = []
            used = 0
            while chunks and used + cell_width(chunks[-1]) <= width:
                used += cell_width(chunks[-1])
                line.append(chunks.pop())
            if chunks and cell_width(chunks[-1]) > width:  # longer than a line: cut (click's way)
                self._handle_long_word(chunks, line, used, width)
            if self.drop_whitespace and line and line[-1].strip() == "":
                del line[-1]
            if line:
                lines.append(indent + "".join(line))
        return lines

    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width) -> None:
        """A piece longer than a line: cut (click's way, by columns for wide text), or with
        break_long_words=False put whole on a line of its own (the standard library's way)."""
        chunk = reversed_chunks[-1]
        if not self.break_long_words:
            if not cur_line:
                cur_line.append(reversed_chunks.pop())
        elif not _has_wide(chunk):
            super()._handle_long_word(reversed_chunks, cur_line, cur_len, width)
        else:
            room, taken = max(width - cur_len, 1), 0
            while taken < len(chunk) and (not taken or cell_width(chunk[: taken + 1]) <= room):
                taken += 1
            cur_line.append(chunk[:taken])
            reversed_chunks[-1] = chunk[taken:]


_textwrap.TextWrapper = WideTextWrapper  # type: ignore[misc]  # click's wrap_text looks it up on each call


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """`text` as lines of at most `width` columns (Chinese broken between characters), each led by `indent`:
    for the overview, which click does not print."""
    wrapper = WideTextWrapper(
        width, initial_indent=indent, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )
    return wrapper.wrap(text) or [indent]
