"""How one run of `fwmy` goes, and the three process tricks that keep it short (docs/architecture.md).

fwmy is one short-lived process per command and per TAB of shell completion, so what Python does
for a long-running program is skipped:

- **One command built** (`app_for`): typer turns every registered command into a click command,
  inspecting its signature, on each run; a run needs only the one it names. Shell completion,
  `fwmy --help`, `fwmy help` and a first word that is no command get the whole app.
- **No cyclic garbage collection** (`main`): reference counting frees what fwmy drops, and the
  collector's passes over tens of thousands of freshly loaded objects only cost time.
- **No interpreter teardown** (`exit_now`): freeing every module and object at exit costs more than
  a search, and nothing needs it: fwmy closes each file it writes before it goes on, and the output
  is flushed here, so a write error still gets its one line and exit code.

Their measured worth is in docs/performance.md.
"""

import copy
import errno
import gc
import os
import sys
from typing import NoReturn

import typer

from fuwumaoyi_cli.cli.commands import app  # the app, with every command registered on it
from fuwumaoyi_cli.cli.output import ExitCode, message, prepare_streams
from fuwumaoyi_cli.i18n import _, os_reason


def app_for(args: list[str]) -> typer.Typer:
    """`app`, or a copy of it that holds only the command `args` run."""
    if os.environ.get("_FWMY_COMPLETE"):
        return app
    words = iter(args)
    for word in words:
        if word == "--data":
            next(words, None)  # its value, which may look like a command's name
        elif not word.startswith("-"):
            break
        elif not word.startswith("--data="):
            return app  # `fwmy -h search` lists every command
    else:
        return app
    if word == "help":  # it tells of the other commands
        return app
    named = [
        info
        for info in app.registered_commands
        if info.callback is not None and word == (info.name or typer.main.get_command_name(info.callback.__name__))
    ]
    if not named:
        return app
    lean = copy.copy(app)
    lean.registered_commands = named
    return lean


def main() -> None:
    """Console-script entry: no traceback reaches the user, and the process ends without teardown."""
    guard_standard_streams()
    prepare_streams()
    gc.disable()
    exit_now(run(sys.argv[1:]))


def guard_standard_streams() -> None:
    """A closed stdin, stdout or stderr (`fwmy list >&-`) is made a harmless one.

    Python leaves sys.stdout None then, so a write would be an AttributeError and a print to a None
    sys.stderr goes to stdout. The descriptor is opened on /dev/null, so that no file fwmy opens later takes
    its number; a closed stdout stays closed for writing (writes fail: "Bad file descriptor", exit 1), a
    closed stderr takes the messages away and leaves the exit status alone.
    """
    for fd, name, flags in ((0, "stdin", os.O_RDONLY), (1, "stdout", os.O_RDONLY), (2, "stderr", os.O_WRONLY)):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        null = os.open(os.devnull, flags)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        if fd:
            setattr(sys, name, open(fd, "w", encoding="utf-8", closefd=False))


def run(args: list[str]) -> int:
    """Run the command `args` name; the exit status. typer itself ends a closed pipe quietly (1), Ctrl-C (130)."""
    try:
        app_for(args)(args, prog_name="fwmy")
    except SystemExit as end:
        return exit_status(end.code)
    except KeyboardInterrupt:  # while typer builds the commands, before it watches for Ctrl-C itself
        return ExitCode.INTERRUPTED
    except OSError as err:  # stdout on a full disk, a closed terminal...
        message(_("cannot write the output: {reason}", reason=os_reason(err)))
        return ExitCode.NOT_FOUND
    except Exception as err:  # a bug: one line, not a traceback
        message(_("internal error: {kind}: {error} (please report it)", kind=type(err).__name__, error=err))
        return ExitCode.INTERNAL
    return ExitCode.OK


def exit_status(code: object) -> int:
    """The status Python gives sys.exit(code): None is 0, a number itself, anything else printed and 1."""
    if code is None:
        return ExitCode.OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def exit_now(status: int) -> NoReturn:
    """Flush the output and end the process, skipping the interpreter's teardown."""
    try:
        sys.stdout.flush()
    except OSError as err:
        # Said once: run() has told of a write error already, and a reader that went away wants no message.
        if status == ExitCode.OK and err.errno != errno.EPIPE:
            message(_("cannot write the output: {reason}", reason=os_reason(err)))
        status = status or ExitCode.NOT_FOUND
    try:
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(status)
