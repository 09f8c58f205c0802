"""The `fwmy` app: the typer object, its global options, and what every command shares.

The commands themselves are in cli/commands.py; each parses its arguments, calls the core and hands the
one result to a renderer (rich, JSON) or a writer. The core raises, and the command translates: an
UnknownCase becomes `fail(...)`, a ValueError of the core a typer.BadParameter.
"""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from typer import (
    _click,  # typer 0.28 carries its own click: its exceptions are these
    _completion_classes,
    _completion_shared,
)
from typer.core import TyperCommand, TyperGroup, TyperOption

from fuwumaoyi_cli import __version__
from fuwumaoyi_cli.cases.ids import describe_ids, parse_case_id
from fuwumaoyi_cli.cases.sections import SECTION_HEADINGS, SECTION_KINDS
from fuwumaoyi_cli.cli.language import Translated, translate_commands, usage_error_text
from fuwumaoyi_cli.cli.output import ExitCode, message, page, stdout_console, write_bytes, write_text
from fuwumaoyi_cli.i18n import N_, _, os_reason
from fuwumaoyi_cli.text import cell_width, visible

if TYPE_CHECKING:  # the model and loader are imported when a command reads data, not for --help
    from fuwumaoyi_cli.cases.filters import UnknownValue
    from fuwumaoyi_cli.cases.loader import Prepared
    from fuwumaoyi_cli.cases.model import Case, Dataset

OVERVIEW_EXAMPLES = (
    ("fwmy search 融资", N_("search: Chinese, pinyin (rongzi), English")),
    ("fwmy show 14", N_("read one case")),
    ("fwmy compare 15 16", N_("two to four cases side by side")),
    ("fwmy list --tag 保险", N_("every case, one row each")),
    ("fwmy figures 16", N_("key figures: amounts, counts, durations")),
    ("fwmy similar 15", N_("the cases most like one")),
    ("fwmy stats", N_("cases per region, provider, theme")),
    ("fwmy export -o cases.docx", N_("Word, Excel, Markdown, CSV, JSON")),
    ("fwmy search 融资 --json", N_("JSON for scripts (jq, Python…)")),
)


def overview(width: int = 100) -> str:
    """What `fwmy` alone prints, `width` cells wide: what the data is, the commands, one example each."""
    from fuwumaoyi_cli.cli.wrapping import wrap

    lines = wrap(
        _(
            "fwmy — 深化服务贸易创新发展试点最佳实践案例: the 20 best-practice cases of China's service-trade "
            "innovation pilot. Find the cases on a topic, read one, set them side by side."
        ),
        width,
    )
    lines.append("")
    examples = [(example, _(what)) for example, what in OVERVIEW_EXAMPLES]
    side_by_side = all(2 + 26 + cell_width(what) <= width for _example, what in examples)
    for example, what in examples:
        if side_by_side:
            lines.append(f"  {example}{' ' * (26 - cell_width(example))}{what}")
        else:  # narrow: what it does under the example
            lines += [f"  {example}", *wrap(what, width, indent="      ")]
    lines.append("")
    lines += wrap(_("Run `fwmy COMMAND --help` for a command's options, `fwmy --help` for all commands."), width)
    lines += wrap(_("In Chinese (中文界面): FWMY_LANG=zh, or a zh_CN locale."), width)
    return "\n".join(lines) + "\n"


def overview_width() -> int:
    """The terminal's width (or COLUMNS); piped, 100, as for rich's output (cli/output.py)."""
    import shutil

    if sys.stdout.isatty() or "COLUMNS" in os.environ:
        return shutil.get_terminal_size().columns
    return 100


def command_line(*words: str) -> str:
    """`fwmy WORDS…` as a person would type it: a word quoted only when the shell needs it (融资 stays bare)."""
    import re
    import shlex

    return " ".join(["fwmy", *(w if re.fullmatch(r"[\w@%+=:,./-]+", w) else shlex.quote(w) for w in words)])


# First words people type for a command that has another name here.
VERBS = {
    **dict.fromkeys(("find", "grep", "query", "lookup", "look"), "search"),
    **dict.fromkeys(("read", "open", "view", "cat", "display", "print", "get"), "show"),
    **dict.fromkeys(("ls", "all", "cases"), "list"),
    **dict.fromkeys(("diff", "vs"), "compare"),
    **dict.fromkeys(("numbers", "quantities"), "figures"),
    **dict.fromkeys(("related", "like"), "similar"),
    **dict.fromkeys(("count", "counts"), "stats"),
    **dict.fromkeys(("save", "dump", "write"), "export"),
    **dict.fromkeys(("check", "lint"), "validate"),
    **dict.fromkeys(("man", "usage"), "help"),
}
# The commands that read no cases data, and so take no --data after their name.
WITHOUT_DATA = ("validate", "help")


def _data_after_command(ctx, param, value):
    """`fwmy list --data F` as `fwmy --data F list`: the value goes where the whole run reads it."""
    if value is not None:
        root = ctx.find_root()
        root.params["data"] = Path(value)  # completion reads it there
        root.obj = State(Path(value))
    return value


class Command(Translated, TyperCommand):
    """A command of fwmy: its usage line and help option in the run's language (cli/language.py)."""


class CommandGroup(Translated, TyperGroup):
    """fwmy's group of commands: --data after a command's name too, a hint when the first word is no command
    (`fwmy 14`, `fwmy find 融资`), a usage error in one line, and everything in the run's language.

    typer makes the group on each run, from the commands' declarations; its `main` is where the run starts,
    and chooses its language (cli/language.py).
    """

    def __init__(self, **attrs):
        super().__init__(**attrs)
        for name, command in self.commands.items():
            if name not in WITHOUT_DATA:
                command.params.append(
                    TyperOption(
                        param_decls=["data_after_command", "--data"],
                        metavar="FILE",
                        help=N_("Another cases file, as `fwmy --data FILE`."),
                        expose_value=False,
                        callback=_data_after_command,
                    )
                )

    def resolve_command(self, ctx, args):
        from difflib import get_close_matches

        word = args[0] if args else ""
        unknown = word and not word.startswith("-") and self.get_command(ctx, word) is None
        # A verb of another name gets the command meant; a misspelt command the names it is close to (as typer
        # says it, with the help hint: a context); anything else, a hint (without a context: the hint is the help).
        if unknown and not ctx.resilient_parsing:
            close = get_close_matches(word, list(self.commands))
            if word.lower() in VERBS:
                text = _(
                    "no command {word!r}; did you mean: {command}",
                    word=word,
                    command=command_line(VERBS[word.lower()], *args[1:]),
                )
            elif close:
                suggestions = ", ".join(f"{m!r}" for m in close)
                raise _click.exceptions.UsageError(
                    _("No such command {name!r}. Did you mean {suggestions}?", name=word, suggestions=suggestions), ctx
                )
            else:
                try:
                    parse_case_id(word)
                    text = _(
                        "no command {word!r}; to read case {word}: {command}",
                        word=word,
                        command=command_line("show", word),
                    )
                except ValueError:
                    text = _(
                        "no command {word!r}; to search for it: {command}",
                        word=word,
                        command=command_line("search", *args),
                    )
            raise _click.exceptions.UsageError(text)
        return super().resolve_command(ctx, args)

    def main(
        self, args=None, prog_name=None, complete_var=None, standalone_mode=True, windows_expand_args=True, **extra
    ):
        """Run; a usage error is one line on stderr, `fwmy: <what is wrong> (see `fwmy CMD -h`)`, exit 2.

        click's own shows the usage, a hint and the error on four lines.
        """
        translate_commands(self)  # the run starts: its language, from the environment it runs in
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            status = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except _click.exceptions.UsageError as err:
            text = " ".join(usage_error_text(err).split())
            if err.ctx is not None:
                text = _("{problem} (see `{command} -h`)", problem=text, command=err.ctx.command_path)
            message(text)
            sys.exit(err.exit_code)
        except _click.exceptions.ClickException as err:
            message(" ".join(err.format_message().split()))
            sys.exit(err.exit_code)
        except typer.Abort:
            message(_("aborted"))
            sys.exit(ExitCode.NOT_FOUND)
        # Without standalone mode, typer returns the code of a typer.Exit, or what the command returned (None).
        sys.exit(status if isinstance(status, int) else ExitCode.OK)


# Shell completion fitted to fwmy, in typer's own parts (typer is pinned below 0.29, pyproject.toml):
# bash sorts what a completion offers as text (1 10 11 … 2) unless told not to, and fwmy offers ids in order;
_completion_shared._completion_scripts["bash"] = _completion_shared.COMPLETION_SCRIPT_BASH.replace(
    "complete -o default", "complete -o nosort -o default"
)
# zsh and fish pass every help text through typer's rich-markup clean-up, which imports rich on each TAB (1.9x
# the typer import, against 1.08x for bash): fwmy's help texts hold no markup, and a case title is text.
_completion_classes._sanitize_help_text = lambda text: text

app = typer.Typer(
    cls=CommandGroup,
    name="fwmy",
    help=N_(
        "Look up the 20 best-practice cases of China's service-trade innovation pilot. "
        "In Chinese (中文界面): FWMY_LANG=zh, or a zh_CN locale."
    ),
    add_completion=True,
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,  # plain click help: rich's help formatter costs start-up on every --help
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    """What the global options chose, read by the commands through the click context."""

    def __init__(self, data: Path | None):
        self.data = data
        self._prepared: Prepared | None = None

    @property
    def prepared(self) -> "Prepared":
        if self._prepared is None:
            from fuwumaoyi_cli.cases.loader import prepare
            from fuwumaoyi_cli.cases.problems import DataError
            from fuwumaoyi_cli.cli.output import progress_on_stderr

            try:
                with progress_on_stderr() as progress:
                    self._prepared = prepare(self.data, progress)
            except DataError as err:
                fail(str(err), ExitCode.NOT_FOUND)
        return self._prepared

    @property
    def dataset(self) -> "Dataset":
        return self.prepared.dataset


def fail(text: str, code: ExitCode) -> NoReturn:
    message(text)
    raise typer.Exit(code)


def prepared_of(ctx: typer.Context) -> "Prepared":
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(root.params.get("data"))
    return root.obj.prepared


def dataset_of(ctx: typer.Context) -> "Dataset":
    return prepared_of(ctx).dataset


def case_or_fail(dataset: "Dataset", case_id: int) -> "Case":
    from fuwumaoyi_cli.cases.ids import UnknownCase, lookup_case

    try:
        return lookup_case(dataset, case_id)
    except UnknownCase as err:
        fail(str(err), ExitCode.NOT_FOUND)


def parse_id_option(value: str) -> int:
    try:
        return parse_case_id(value)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="ID") from None


def section_kind_of(section: str | None) -> str | None:
    """The section kind a user meant: `results`, `Results` or a heading such as 实践效果 or 实施成效."""
    if section is None:
        return None
    wanted = section.strip().casefold().replace("-", "_")
    for kind in SECTION_KINDS:
        if wanted == kind or section.strip() in SECTION_HEADINGS[kind]:
            return kind
    names = _(", ").join(f"{kind} ({'/'.join(SECTION_HEADINGS[kind])})" for kind in SECTION_KINDS)
    raise typer.BadParameter(
        _("{section!r} is not a section; use one of {names}", section=section, names=names), param_hint="--section"
    )


def refuse_data_file(ctx: typer.Context, output: str | None) -> None:
    """The cases file being read is never written over, whatever name or link -o reaches it by."""
    if output not in (None, "-") and prepared_of(ctx).is_data_file(output):
        fail(_("will not write over {file}: fwmy reads its cases data from it", file=output), ExitCode.NOT_FOUND)


def output_format(
    ctx: typer.Context, output: str | None, fmt: str | None, allowed: tuple[str, ...], default: str
) -> str:
    """The format to write: -f, else the one -o's suffix names, else `default`; a usage error for a
    suffix fwmy does not write or one that contradicts -f (never a file of one format under another's name).
    The data file is refused first: that is the answer to `-o cases.toml`, not its suffix."""
    from fuwumaoyi_cli.export import format_for

    refuse_data_file(ctx, output)

    try:
        return format_for(output or "-", fmt, default, allowed)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="-o/--output") from None


def write_output(ctx: typer.Context, output: str | None, data: str | bytes, what: str) -> None:
    """Data to -o FILE or to stdout ("-" or no -o). A regular file is replaced atomically, a device, FIFO
    or /dev/stdout written to (files.write_file); the cases file being read is never written over. A Word
    or Excel file is refused on a terminal, where its bytes would only garble the screen."""
    if output in (None, "-"):
        if isinstance(data, str):
            write_text(data)
        elif sys.stdout.isatty():
            fail(_("{what} is a binary file; write it with -o FILE (or redirect stdout)", what=what), ExitCode.USAGE)
        else:
            write_bytes(data)
        return
    refuse_data_file(ctx, output)
    from fuwumaoyi_cli.files import write_file

    try:
        how = write_file(output, data)
    except BrokenPipeError:  # -o /dev/stdout into `head`: a closed pipe ends quietly, as without -o
        raise
    except OSError as err:
        fail(_("cannot write {file}: {reason}", file=output, reason=os_reason(err)), ExitCode.NOT_FOUND)
    if how:
        message(_("wrote {what} to {file} ({how})", what=what, file=output, how=how))
    else:
        message(_("wrote {what} to {file}", what=what, file=output))


def print_paged(*renderables, pager: bool) -> None:
    """Print for reading: through the pager when a person is at a terminal and it is longer than the screen
    (colours kept), else straight out."""
    console = stdout_console()
    if not (pager and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"):
        console.print(*renderables)
        return
    with console.capture() as captured:
        console.print(*renderables)
    text = captured.get()
    if text.count("\n") < console.height:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        page(text)


def case_filter_of(dataset: "Dataset", tags: list[str] | None, regions: list[str] | None):
    """One case filter from --tag (each must apply) and --region (any may apply); None for no filter."""
    if not tags and not regions:
        return None
    from fuwumaoyi_cli.cases.filters import UnknownValue, case_filter

    try:
        return case_filter(dataset, tags or (), regions or ())
    except UnknownValue as err:
        raise unknown_value(err) from None


def unknown_value(err: "UnknownValue") -> typer.BadParameter:
    """The usage error for a --tag or --region value that names nothing: the value and the valid ones."""
    return typer.BadParameter(
        _("{value!r} is not known; valid: {valid}", value=err.value, valid=_(", ").join(err.valid)),
        param_hint=err.option,
    )


def cases_chosen(
    dataset: "Dataset", case_ids: list[str] | None, tags: list[str] | None, regions: list[str] | None
) -> "list[Case]":
    """The cases named by [ID...] (each once, in the order given; none named: every case), kept by --tag and
    --region; an unknown id fails here. The list may be empty, for the command to say so in its own words."""
    if case_ids:
        cases = [case_or_fail(dataset, n) for n in dict.fromkeys(parse_id_option(c) for c in case_ids)]
    else:
        cases = list(dataset.cases)
    keep = case_filter_of(dataset, tags, regions)
    return [c for c in cases if keep is None or keep(c)]


def filters_named(tags: list[str] | None, regions: list[str] | None) -> str:
    """'--tag 融资 --region 四川', for messages about filtered results ("" for none)."""
    return " ".join([f"--tag {t}" for t in tags or ()] + [f"--region {r}" for r in regions or ()])


# Shell completion runs the program on every TAB: these read only the data, never rich. What they offer is
# shown by the shell, so control characters come as escapes.
def _completion_dataset(ctx: typer.Context) -> "Dataset | None":
    from fuwumaoyi_cli.cases.loader import load_dataset
    from fuwumaoyi_cli.cases.problems import DataError

    try:
        return load_dataset(ctx.find_root().params.get("data") or os.environ.get("FWMY_DATA") or None)
    except DataError:
        return None


def complete_case_id(ctx: typer.Context, incomplete: str):
    dataset = _completion_dataset(ctx)
    if dataset is None:
        return []
    return [(str(n), visible(title)) for n, title in dataset.titles() if str(n).startswith(incomplete)]


def complete_tag(ctx: typer.Context, incomplete: str):
    dataset = _completion_dataset(ctx)
    themes = dataset.themes if dataset else ()
    offered = [(t.name, t.name_en) for t in themes if t.name.startswith(incomplete)] + [
        (t.name_en, t.name) for t in themes if t.name_en.startswith(incomplete) and incomplete
    ]
    return [(visible(value), visible(help_text)) for value, help_text in offered]


def complete_region(ctx: typer.Context, incomplete: str):
    dataset = _completion_dataset(ctx)
    if dataset is None:
        return []
    return [visible(p) for p in dataset.places() if p.startswith(incomplete)]


def complete_section(incomplete: str):
    return [k for k in SECTION_KINDS if k.startswith(incomplete)]


def version_callback(value: bool) -> None:
    if value:
        print(f"fwmy {__version__}")
        raise typer.Exit()


DataOption = typer.Option(
    None,
    "--data",
    envvar="FWMY_DATA",
    metavar="FILE",
    help=N_("Another cases file in fwmy's format (docs/data-format.md)."),
    exists=False,
    dir_okay=True,
    show_envvar=True,
)
IdArgument = typer.Argument(
    ..., metavar="ID", help=N_("Case number: 14, １４, 十四, 第14."), autocompletion=complete_case_id
)


def section_option(help_text: str):
    """--section, as show and compare take it; `help_text` (marked with N_, translated as the run starts)
    names the kinds: background, practices, results, next_steps."""
    return typer.Option(None, "--section", "-s", metavar="KIND", help=help_text, autocompletion=complete_section)


def format_option(help_text: str):
    """-f/--format, as compare, figures and export take it (their formats are the parameter's enum)."""
    return typer.Option(None, "--format", "-f", case_sensitive=False, help=help_text)


def output_option(help_text: str):
    """-o/--output FILE, whose suffix chooses the format when -f does not."""
    return typer.Option(None, "--output", "-o", metavar="FILE", help=help_text)


PagerOption = typer.Option(
    True, "--pager/--no-pager", help=N_("Page output longer than the screen, on a terminal ($PAGER, else less).")
)
JsonOption = typer.Option(False, "--json", help=N_("Print JSON for scripts."))
AsciiOption = typer.Option(False, "--ascii", help=N_("Escape non-ASCII characters in JSON."))
TagOption = typer.Option(
    None,
    "--tag",
    "-t",
    metavar="THEME",
    help=N_("Only cases with this theme, Chinese or English; repeat for several (all apply)."),
    autocompletion=complete_tag,
)
RegionOption = typer.Option(
    None,
    "--region",
    "-r",
    metavar="PLACE",
    help=N_("Only cases from this province or city (江苏, 苏州市…); repeat for several (any)."),
    autocompletion=complete_region,
)


@app.callback()
def main_callback(
    ctx: typer.Context,
    data: Path | None = DataOption,
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help=N_("Show the version.")
    ),
) -> None:
    ctx.obj = State(data)
    if ctx.invoked_subcommand is None:
        print(overview(overview_width()), end="")
        if data is not None:
            dataset = ctx.obj.dataset
            count, ids = len(dataset.cases), describe_ids(dataset.ids)
            if dataset.source.title:
                line = _(
                    "Data: {file} ({title}): {count} cases; {ids}.",
                    file=data,
                    title=dataset.source.title,
                    count=count,
                    ids=ids,
                )
            else:
                line = _("Data: {file}: {count} cases; {ids}.", file=data, count=count, ids=ids)
            print(visible("\n" + line))
