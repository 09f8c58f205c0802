"""click and typer in the language of the run (fuwumaoyi_cli/i18n.py): help texts, their own words, usage errors.

- **Help texts** are written in English and marked with `N_()` where typer declares them, at import time.
  typer turns its declarations into click commands again on every run; `translate_commands` translates
  the help of those as the run starts (cli/app.py, `CommandGroup.main`), which is also when the run
  chooses its language. Nothing depends on the order of imports, and a test can run fwmy in either
  language in one process.
- **typer's own words** in a help page (`Options`, `[default: 10]`) come from `typer.core._`, which is
  gettext's; it is pointed at fwmy's catalog here. click's `Usage:` and `Show this message and exit.`
  are written by the `Translated` commands.
- **click's usage errors** (`No such option`, `Missing argument`, `Invalid value for …`, a type's own
  complaint) are rebuilt from their parts in the chosen language (`usage_error_text`); in English the
  result is click's text, character for character (tests/test_i18n.py).
- **Help is wrapped by display width** (cli/wrapping.py): click's wrapper counts a Chinese character as
  one column and breaks only at spaces, so a Chinese help text ran off the screen.

typer is pinned below 0.29 (pyproject.toml); tests/test_i18n.py checks that the words taken from typer
here are still the ones it writes.
"""

import re

import typer
from typer import _click

from fuwumaoyi_cli import i18n
from fuwumaoyi_cli.i18n import N_, _

# Every word typer's help and errors pass through its gettext `_` (typer/core.py), for the catalog.
TYPER_WORDS = (
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)
# click's and typer's help texts for the options they add themselves (typer/_click/decorators.py, typer/completion.py).
HELP_OPTION = N_("Show this message and exit.")
COMPLETION_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
USAGE = N_("Usage: ")
HEADING = N_("{heading}:")
OPTIONS_METAVAR = N_("[OPTIONS]")
COMMAND_METAVAR = N_("COMMAND [ARGS]...")

typer.core._ = _  # type: ignore[attr-defined,assignment]


def translate_commands(group) -> None:
    """Choose the run's language and translate the help of `group` and of its commands, as typer made them
    for this run from the English texts marked in cli/ (their options' help: `Translated.get_params`)."""
    if i18n.use() == "en":
        return  # the texts are the English ones
    for command in (group, *group.commands.values()):
        for name in ("help", "short_help"):
            text = getattr(command, name)
            if text:
                setattr(command, name, _(text))
        command.options_metavar = _(command.options_metavar)
        if hasattr(command, "subcommand_metavar"):
            command.subcommand_metavar = _(command.subcommand_metavar)


class HelpFormatter(_click.formatting.HelpFormatter):
    """click's help formatter, with the colon of its section headings in the run's language (选项：)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_(HEADING, heading=heading)}\n")


class Context(_click.Context):
    formatter_class = HelpFormatter


class Translated(_click.core.Command):
    """A click command whose help page is in the run's language: its usage line, and the help of its options
    and arguments, those typer and click add themselves (--help, --install-completion) included. Mixed into
    TyperGroup and TyperCommand (cli/app.py)."""

    context_class = Context

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=_(USAGE))

    def get_params(self, ctx):
        params = super().get_params(ctx)
        if i18n.language() != "en":
            for param in params:
                if getattr(param, "help", None):
                    param.help = _(param.help)  # type: ignore[attr-defined]  # translated already: no msgid, it stays
        return params


# ---------------------------------------------------------------- usage errors

# What click says inside "Invalid value for X: …" when a value does not convert (typer/_click/types.py):
# the kinds fwmy's options can meet. Anything else is left as click says it.
CLICK_PROBLEMS = (
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", N_("{value} is not one of {choices}.")),
    (r"(?P<value>.+) is not a valid int range\.", N_("{value} is not a valid int range.")),
    (r"(?P<value>.+) is not a valid integer\.", N_("{value} is not a valid integer.")),
    (r"(?P<value>.+) is not in the range (?P<range>.+)\.", N_("{value} is not in the range {range}.")),
)
# The other usage errors of click's parser (typer/_click/parser.py, core.py, exceptions.py), whole.
CLICK_ERRORS = (
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
        N_("No such option: {name} (Possible options: {options})"),
    ),
    (r"Option (?P<name>'.+') requires an argument\.", N_("Option {name} requires an argument.")),
    (r"Option (?P<name>'.+') requires (?P<count>\d+) arguments\.", N_("Option {name} requires {count} arguments.")),
    (r"Option (?P<name>'.+') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", N_("Got unexpected extra argument(s) ({args})")),
)
MISSING = {
    "argument": N_("Missing argument {name}."),
    "option": N_("Missing option {name}."),
    "parameter": N_("Missing parameter {name}."),
}


def _translated(text: str, table) -> str | None:
    """`text` in the run's language when it is one of the messages of `table` (regex, msgid); else None."""
    for pattern, msgid in table:
        match = re.fullmatch(pattern, text, re.DOTALL)
        if match:
            return _(msgid, **match.groupdict())
    return None


def _param_hint(err) -> str | None:
    """The parameter a usage error names, as click names it ('--limit' / '-n', ID)."""
    hint = err.param_hint
    if hint is None and err.param is not None:
        hint = err.param.get_error_hint(err.ctx)
    return _click.exceptions._join_param_hints(hint)


def usage_error_text(err) -> str:
    """The message of a click usage error in the run's language: rebuilt from the error's parts for the
    kinds click raises for fwmy, else click's own text. In English, click's text exactly."""
    exceptions = _click.exceptions
    if isinstance(err, exceptions.MissingParameter):
        kind = err.param_type or (err.param.param_type_name if err.param is not None else None)
        extra = err.param.type.get_missing_message(param=err.param, ctx=err.ctx) if err.param is not None else None
        hint = _param_hint(err)
        if kind in MISSING and hint and not err.message and not extra:
            return _(MISSING[kind], name=hint)
    elif isinstance(err, exceptions.BadParameter):
        problem = _translated(err.message, CLICK_PROBLEMS) or err.message  # fwmy's own: translated already
        hint = _param_hint(err)
        if hint is None:
            return _("Invalid value: {problem}", problem=problem)
        return _("Invalid value for {name}: {problem}", name=hint, problem=problem)
    else:
        translated = _translated(err.format_message(), CLICK_ERRORS)
        if translated is not None:
            return translated
    return err.format_message()


# Help is wrapped by display width (cli/wrapping.py), which is imported when click first wraps a text: a run
# that shows no help (most) loads none of it.
_click_wrap_text = _click.formatting.wrap_text


def _wrap_text(*args, **kwargs) -> str:
    import fuwumaoyi_cli.cli.wrapping  # noqa: F401 - installs its wrapper in click's place

    return _click_wrap_text(*args, **kwargs)


_click.formatting.wrap_text = _wrap_text
