"""Where output goes: exit codes, JSON to stdout, messages to stderr, rich consoles made on demand."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import Any

from fuwumaoyi_cli.i18n import _
from fuwumaoyi_cli.text import OTHER_CONTROLS, visible

LONG_OUTPUT = 1_000_000  # characters


class ExitCode(IntEnum):
    """The exit statuses fwmy documents (README, "Exit codes and output")."""

    OK = 0
    NOT_FOUND = 1  # nothing found, unknown id, unreadable data file
    USAGE = 2  # click's own code for usage errors
    INTERNAL = 70  # a bug (EX_SOFTWARE in sysexits.h), said in one line
    INTERRUPTED = 130  # Ctrl-C, as typer reports it


def message(text: str, prefix: str = "fwmy: ") -> None:
    """One line for the user on stderr (never through rich, so data can't be read as markup; control
    characters from a file or the command line shown as escapes)."""
    print(prefix + visible(text), file=sys.stderr)


def write_json(data: Any, *, ascii_only: bool = False) -> None:
    """JSON to stdout as UTF-8 bytes, whatever the locale's encoding, never wrapped by rich.

    Every control character is escaped (\\u009b), as json.dumps already does below U+0020: the same value to
    a reader of JSON, nothing a terminal obeys.
    """
    from fuwumaoyi_cli import jsontext

    _write_dumped(jsontext.dumps(data, ascii_only=ascii_only))


def write_json_array(items: list[str], *, ascii_only: bool = False) -> None:
    """What write_json writes of a list, from its items already dumped as write_json dumps them (not ASCII
    only): a store's summaries go out as they are kept. Byte for byte the same: an item's lines are indented
    one level more, and no JSON string holds a raw newline."""
    from fuwumaoyi_cli import jsontext

    pad = " " * jsontext.INDENT
    dumped = f"[\n{pad}" + ",\n".join(items).replace("\n", "\n" + pad) + "\n]" if items else "[]"
    if ascii_only and not dumped.isascii():  # outside strings JSON is ASCII: each other character is escaped
        import json

        dumped = re.sub(r"[^\x00-\x7f]", lambda m: json.dumps(m.group())[1:-1], dumped)
    _write_dumped(dumped)


def _write_dumped(dumped: str) -> None:
    # A short output is looked at once per control character, compiling no regex (start-up); a long one (a
    # large file's list) in one pass of the regex, which then costs nothing beside it.
    if len(dumped) > LONG_OUTPUT or any(char in dumped for char in OTHER_CONTROLS):
        dumped = re.sub(f"[{OTHER_CONTROLS}]", lambda m: f"\\u{ord(m.group()):04x}", dumped)
    write_text(dumped + "\n")


def write_text(text: str) -> None:
    """Data to stdout as UTF-8 bytes, whatever the locale's encoding (a GBK console can't take every character).

    On a terminal, control characters are shown as escapes; into a pipe or a file the data goes as it is.
    """
    if sys.stdout.isatty():
        text = visible(text)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test runners)
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def write_bytes(data: bytes) -> None:
    """A file's bytes (docx, xlsx) to stdout, for a pipe or a redirection."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def page(text: str) -> None:
    """Show text rendered for a terminal (with its colours) through $PAGER, else less, else straight out.

    less is told to show colours (-R, last, so it wins) whatever LESS holds: without it the screen fills with
    escape codes. Unset, LESS is -FX as git has it: quit when it fits, leave the text on the screen.
    """
    import shutil
    import subprocess

    command = os.environ.get("PAGER") or ("less" if shutil.which("less") else "")
    if not command:
        write_text(text)
        return
    env = {**os.environ, "LESS": f"{os.environ.get('LESS') or '-FX'} -R"}
    pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    try:
        with pager.stdin as pipe:  # type: ignore[union-attr]
            pipe.write(text.encode(sys.stdout.encoding or "utf-8", "backslashreplace"))
    except (BrokenPipeError, KeyboardInterrupt):  # quit before the end; Ctrl-C is the pager's to handle
        pass
    while True:
        try:
            pager.wait()
            break
        except KeyboardInterrupt:  # as pydoc does: the pager still has the terminal, and deals with Ctrl-C
            pass


def can_encode_chinese(stream: Any) -> bool:
    encoding = getattr(stream, "encoding", None)
    if encoding is None:  # a text buffer such as io.StringIO holds any str
        return True
    try:
        "中文“”（）".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def prepare_streams() -> None:
    """On a stdout that cannot encode Chinese (PYTHONIOENCODING=ascii), escapes rather than a crash or lost text."""
    for stream in (sys.stdout, sys.stderr):
        if not can_encode_chinese(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def stdout_console():
    """A rich console for stdout: colour only on a terminal (rich honours NO_COLOR, FORCE_COLOR, TERM=dumb)."""
    from rich.console import Console

    if not can_encode_chinese(sys.stdout):
        prepare_streams()
        message(
            _(
                "stdout encoding {encoding} cannot show Chinese; it is printed as escapes "
                "(set PYTHONIOENCODING=utf-8, or use --json)",
                encoding=sys.stdout.encoding,
            )
        )
    width = None
    if not sys.stdout.isatty() and "COLUMNS" not in os.environ:
        width = 100  # piped: wide enough for tables, still readable
    return Console(markup=False, highlight=False, emoji=False, width=width)


@contextmanager
def progress_on_stderr() -> Iterator[Callable[[str, int, int | None], None] | None]:
    """A callback that shows a bar on a terminal's stderr while a large file is first prepared (None when
    stderr is no terminal). rich is imported, and the bar started, only if the callback is called."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None
    tasks: dict[str, Any] = {}

    def report(stage: str, done: int, total: int | None) -> None:
        nonlocal bar
        if bar is None:
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(stderr=True, markup=False, highlight=False), transient=True)
            bar.start()
        if stage not in tasks:  # a new stage: the last one is done
            for task in tasks.values():
                bar.remove_task(task)
            tasks.clear()
            tasks[stage] = bar.add_task(visible(stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    try:
        yield report
    finally:
        if bar is not None:
            bar.stop()
