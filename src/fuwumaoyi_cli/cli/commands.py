"""The commands of `fwmy`, one function each: parse the arguments, call the core, render the result.

A new command goes here, with `@app.command`; what several commands share (options, the data, failing
with one line) is in cli/app.py.
"""

import sys
from enum import Enum
from pathlib import Path
from typing import cast

import typer
from typer.core import TyperGroup

from fuwumaoyi_cli.cli.app import (
    AsciiOption,
    Command,
    IdArgument,
    JsonOption,
    PagerOption,
    RegionOption,
    TagOption,
    app,
    case_filter_of,
    case_or_fail,
    cases_chosen,
    complete_case_id,
    dataset_of,
    fail,
    filters_named,
    format_option,
    output_format,
    output_option,
    parse_id_option,
    prepared_of,
    print_paged,
    section_kind_of,
    section_option,
    unknown_value,
    write_output,
)
from fuwumaoyi_cli.cli.output import ExitCode, message, write_json, write_json_array, write_text
from fuwumaoyi_cli.export import FORMATS
from fuwumaoyi_cli.i18n import N_, _
from fuwumaoyi_cli.stats import DIMENSION_ALIASES, DIMENSIONS
from fuwumaoyi_cli.text import visible


@app.command(
    "list", cls=Command, short_help=N_("List every case, one row each."), help=N_("List every case, one row each.")
)
def list_cases(
    ctx: typer.Context,
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    dataset = dataset_of(ctx)
    keep = case_filter_of(dataset, tag, region)
    # Every case's JSON without decoding one: a store keeps each summary ready (Dataset.summaries_json).
    cases = None if json_ and keep is None else [c for c in dataset.heads() if keep is None or keep(c)]
    if json_:
        write_json_array(dataset.summaries_json(cases), ascii_only=ascii_only)
    elif cases:
        from fuwumaoyi_cli.render.cases import case_table

        print_paged(case_table(cases), pager=pager)
    if not (len(dataset.ids) if cases is None else cases):
        where = filters_named(tag, region)
        fail(_("no case matches with {filters}", filters=where) if where else _("no case matches"), ExitCode.NOT_FOUND)


# An unknown option is a word to exclude: `fwmy search 融资 -保险` (click would refuse -保险 as an option).
@app.command(
    cls=Command,
    short_help=N_("Search the cases: Chinese, pinyin, English."),
    help=N_(
        "Search the cases, best match first.\n\n"
        "A few words: the cases with all of them come first. A question or a description in your own words: "
        "question words are dropped, places named prefer cases from there, and cases are ranked by how much of "
        'the question they cover; a question the cases do not answer finds nothing. "A quoted phrase" matches '
        "as written. -word leaves out the cases with that word; A OR B (or A|B) takes either. With the extra "
        "`meaning` installed (pip install 'fuwumaoyi-cli[meaning]'), a question is read by meaning too, and one "
        "whose words the cases do not use can still find its case. --explain says how the query was read and why "
        "each case matched."
    ),
    context_settings={"ignore_unknown_options": True},
)
def search(
    ctx: typer.Context,
    query: list[str] = typer.Argument(..., metavar="QUERY...", help=N_("Words to find (Chinese, pinyin or English).")),
    limit: int = typer.Option(10, "--limit", "-n", min=1, metavar="N", help=N_("Show at most N hits.")),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
    explain: bool = typer.Option(False, "--explain", help=N_("Say why each case matched.")),
    words_only: bool = typer.Option(
        False, "--words-only", help=N_("Read a question by its words alone, even with the extra `meaning` installed.")
    ),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    unknown = next((w for w in query if w.startswith("--") and len(w) > 2), None)
    if unknown is not None:  # -word excludes; --word is a mistyped option, not a word to leave out
        raise typer.BadParameter(_("no such option: {option}", option=unknown), param_hint="OPTIONS")
    text = " ".join(query).strip()
    from fuwumaoyi_cli.search.query import is_empty_query, only_exclusions

    if is_empty_query(text):
        raise typer.BadParameter(_("the query has no word to look for"), param_hint="QUERY")
    if only_exclusions(text):
        raise typer.BadParameter(_("give a word to look for besides the ones to leave out (-word)"), param_hint="QUERY")
    dataset = dataset_of(ctx)
    from fuwumaoyi_cli.search.engine import prepared_index
    from fuwumaoyi_cli.search.engine import search as run_search

    index = prepared_index(prepared_of(ctx))
    keep = case_filter_of(dataset, tag, region)
    result = run_search(dataset, text, limit=limit, case_filter=keep, index=index, meaning=not words_only)
    hits = result.hits
    understood = result.understood
    if explain:
        message(understood.describe())
    if result.hits and not result.all_terms_matched and not understood.question:
        message(_("no case has all the words; showing cases that have some of them"))
    if json_:
        extra = {"all_terms_matched": result.all_terms_matched, "understood": understood.to_dict()}
        write_json([{**h.to_dict(), **extra} for h in hits], ascii_only=ascii_only)
    elif hits:
        from fuwumaoyi_cli.render.cases import hits_table

        print_paged(hits_table(hits, explain=explain), pager=pager)
        if result.total > len(hits):
            message(
                _(
                    "showing {shown} of {total} matching cases; --limit N shows more",
                    shown=len(hits),
                    total=result.total,
                )
            )
    index.keep()  # a large file's store keeps the counts this search made, once its answer is out
    if not hits:
        where = filters_named(tag, region)
        parts = [
            _("nothing found for {query!r} with {filters}", query=text, filters=where)
            if where
            else _("nothing found for {query!r}", query=text)
        ]
        if understood.question:
            parts.append(understood.describe())
        if result.nearest:
            named = _(", ").join(f"{c.id} {c.title}" for c in result.nearest)
            parts.append(_("no case answers it clearly, nearest (weak): {cases}", cases=named))
        if result.suggestions and not where:
            parts.append(_("try: {words}", words=_(", ").join(result.suggestions[:6])))
        fail(_("{problem} (`fwmy list` shows every case)", problem=_("; ").join(parts)), ExitCode.NOT_FOUND)


@app.command(cls=Command, short_help=N_("Read one case in full."), help=N_("Read one case in full."))
def show(
    ctx: typer.Context,
    case_id: str = IdArgument,
    section: str | None = section_option(N_("Only this section: background, practices, results, next_steps.")),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    number = parse_id_option(case_id)
    kind = section_kind_of(section)
    dataset = dataset_of(ctx)
    case = case_or_fail(dataset, number)
    sections = None
    if kind is not None:
        sections = [s for s in case.sections if s.kind == kind]
        if not sections:
            kinds = _(", ").join(s.kind for s in case.sections)
            fail(
                _("case {id} has no {kind} section; it has {kinds}", id=case.id, kind=kind, kinds=kinds),
                ExitCode.NOT_FOUND,
            )
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    figures = extract_key_figures(case, kind)
    citation = dataset.source.cite(case)
    if json_:
        data = case.to_dict()
        data["citation"] = citation
        if sections is not None:
            data["sections"] = [s.to_dict() for s in sections]
        data["key_figures"] = [f.to_dict() for f in figures]
        data["figures"] = data["key_figures"]  # the former name, kept for one release
        write_json(data, ascii_only=ascii_only)
        return
    from fuwumaoyi_cli.render.analysis import render_key_figures_summary
    from fuwumaoyi_cli.render.cases import render_case

    extra = [render_key_figures_summary(figures)] if figures else []
    print_paged(render_case(case, sections, extra=extra, citation=citation), pager=pager)


CompareFormat = Enum("CompareFormat", [(f, f) for f in ("table", "markdown", "json", "docx")], type=str)  # type: ignore[misc]


@app.command(
    cls=Command,
    short_help=N_("Set 2–4 cases side by side."),
    help=N_("Set two to four cases side by side; as a briefing with -f markdown or -o brief.docx."),
)
def compare(
    ctx: typer.Context,
    case_ids: list[str] = typer.Argument(
        ...,
        metavar="ID ID [ID...]",
        help=N_("Two to four case numbers."),
        autocompletion=complete_case_id,
    ),
    section: str | None = section_option(
        N_("Put this section's full text side by side: background, practices, results, next_steps.")
    ),
    fmt: CompareFormat | None = format_option(
        N_("table (the terminal), markdown or docx (a briefing), json; default: from the -o suffix.")
    ),
    output: str | None = output_option(N_("Write to FILE: .md, .docx, .json.")),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    numbers = [parse_id_option(c) for c in case_ids]
    section = section_kind_of(section)
    chosen = "json" if json_ else output_format(ctx, output, fmt.value if fmt else None, tuple(CompareFormat), "table")
    from fuwumaoyi_cli.cases.ids import UnknownCase
    from fuwumaoyi_cli.compare import check_case_ids
    from fuwumaoyi_cli.compare import compare as compare_cases

    try:
        check_case_ids(numbers)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="ID") from None
    if chosen == "table" and output not in (None, "-"):
        raise typer.BadParameter(_("a table is for the terminal; name a .md or .docx file"), param_hint="-o")
    dataset = dataset_of(ctx)
    try:
        comparison = compare_cases(dataset, numbers, section=section)
    except UnknownCase as err:
        fail(str(err), ExitCode.NOT_FOUND)
    what = _("the comparison of cases {ids}", ids=", ".join(map(str, numbers)))
    if chosen == "json":
        from fuwumaoyi_cli import jsontext

        data = comparison.to_dict()
        data["citations"] = {str(c.id): dataset.source.cite(c) for c in comparison.cases}
        write_output(ctx, output, jsontext.dumps(data, ascii_only=ascii_only) + "\n", what)
    elif chosen == "markdown":
        from fuwumaoyi_cli.export import comparison_markdown

        write_output(ctx, output, comparison_markdown(comparison, dataset.source), what)
    elif chosen == "docx":
        from fuwumaoyi_cli.word import comparison_document

        write_output(ctx, output, comparison_document(comparison, dataset.source), what)
    else:
        from fuwumaoyi_cli.render.analysis import render_comparison

        print_paged(render_comparison(comparison), pager=pager)


FiguresFormat = Enum("FiguresFormat", [(f, f) for f in ("table", "csv", "json", "jsonl", "xlsx")], type=str)  # type: ignore[misc]


@app.command(
    cls=Command,
    short_help=N_("Key figures of cases, for Excel."),
    help=N_(
        "The key figures of cases: what each counts, the figure, where it stands.\n\n"
        "One row per figure in CSV (UTF-8 with BOM, for Excel), JSON Lines and Excel: case, title, section, "
        "label, subject, figure, value, unit, qualifier, range, per, sentence. --json for one case is an "
        "object (id, title, citation, key_figures); for none or several, a list of them."
    ),
)
def figures(
    ctx: typer.Context,
    case_ids: list[str] | None = typer.Argument(
        None, metavar="[ID...]", help=N_("Cases (default: all)."), autocompletion=complete_case_id
    ),
    fmt: FiguresFormat | None = format_option(
        N_("table, csv (Excel), json, jsonl or xlsx; default: from the -o suffix, else table.")
    ),
    output: str | None = output_option(N_("Write to FILE: .csv, .xlsx, .json, .jsonl.")),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    chosen = "json" if json_ else output_format(ctx, output, fmt.value if fmt else None, tuple(FiguresFormat), "table")
    if chosen == "table" and output not in (None, "-"):
        raise typer.BadParameter(_("a table is for the terminal; name a .csv or .xlsx file"), param_hint="-o")
    dataset = dataset_of(ctx)
    cases = cases_chosen(dataset, case_ids, tag, region)
    if not cases:
        where = filters_named(tag, region)
        fail(_("no case with {filters}", filters=where) if where else _("no case"), ExitCode.NOT_FOUND)
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    what = _("the key figures of {count} case(s)", count=len(cases))
    if chosen == "json":
        from fuwumaoyi_cli import jsontext

        objects = []
        for case in cases:
            found = [f.to_dict() for f in extract_key_figures(case)]
            # "figures" is the former name of key_figures, kept for one release.
            objects.append(
                {
                    "id": case.id,
                    "title": case.title,
                    "citation": dataset.source.cite(case),
                    "key_figures": found,
                    "figures": found,
                }
            )
        data = objects[0] if case_ids and len(objects) == 1 else objects
        write_output(ctx, output, jsontext.dumps(data, ascii_only=ascii_only) + "\n", what)
    elif chosen in ("csv", "jsonl"):
        from fuwumaoyi_cli.export import figures_csv, figures_jsonl

        write_output(ctx, output, figures_csv(cases) if chosen == "csv" else figures_jsonl(cases), what)
    elif chosen == "xlsx":
        from fuwumaoyi_cli.excel import figures_workbook

        write_output(ctx, output, figures_workbook(cases), what)
    else:
        from fuwumaoyi_cli.render.analysis import render_key_figures
        from fuwumaoyi_cli.render.cases import citation_line, heading

        parts = []
        for case in cases:
            parts += [
                heading(case),
                render_key_figures(extract_key_figures(case)),
                citation_line(dataset.source.cite(case)),
            ]
        print_paged(*parts, pager=pager)


@app.command(cls=Command, short_help=N_("The cases most like one."), help=N_("The cases most like this one, and why."))
def similar(
    ctx: typer.Context,
    case_id: str = IdArgument,
    limit: int = typer.Option(5, "--limit", "-n", min=1, metavar="N", help=N_("Show at most N cases.")),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    number = parse_id_option(case_id)
    from fuwumaoyi_cli.cases.ids import UnknownCase
    from fuwumaoyi_cli.similar import similar as find_similar

    try:
        result = find_similar(dataset_of(ctx), number, limit=limit)
    except UnknownCase as err:
        fail(str(err), ExitCode.NOT_FOUND)
    if json_:
        write_json(result.to_dict(), ascii_only=ascii_only)
    elif result.similar:
        from fuwumaoyi_cli.render.analysis import render_similar

        print_paged(render_similar(result), pager=pager)
    if not result.similar:
        fail(_("no other case to compare case {id} with", id=result.case.id), ExitCode.NOT_FOUND)


StatsBy = Enum("StatsBy", [(d, d) for d in (*DIMENSIONS, *DIMENSION_ALIASES)], type=str)  # type: ignore[misc]


@app.command(
    cls=Command,
    short_help=N_("Cases per region, provider, theme."),
    help=N_("How many cases per region, provider and theme, as bar charts."),
)
def stats(
    ctx: typer.Context,
    by: StatsBy | None = typer.Option(
        None, "--by", help=N_("Count by region, provider or tag (theme) (default: all three).")
    ),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    from fuwumaoyi_cli.stats import prepared_stats

    result = prepared_stats(prepared_of(ctx))
    dimension = None if by is None else DIMENSION_ALIASES.get(by.value, by.value)
    if json_:
        data = result.to_dict()
        write_json(data if dimension is None else {f"by_{dimension}": data[f"by_{dimension}"]}, ascii_only=ascii_only)
        return
    from fuwumaoyi_cli.render.analysis import render_stats

    print_paged(render_stats(result, by=dimension), pager=pager)


ExportFormat = Enum("ExportFormat", [(f, f) for f in FORMATS], type=str)  # type: ignore[misc]


@app.command(
    cls=Command,
    short_help=N_("Word, Excel, Markdown, CSV, JSON."),
    help=N_(
        "Export cases as Word, Excel, Markdown, CSV (opens in Excel), JSON or JSON Lines.\n\n"
        "The format is -f, else the -o file's suffix (.docx .xlsx .md .csv .json .jsonl); any other suffix is "
        "refused. Each case carries its citation (document, case number, page)."
    ),
)
def export(
    ctx: typer.Context,
    case_ids: list[str] | None = typer.Argument(
        None, metavar="[ID...]", help=N_("Cases to export (default: all)."), autocompletion=complete_case_id
    ),
    fmt: ExportFormat | None = format_option(
        N_("markdown, docx (Word), xlsx (Excel), csv, json or jsonl; default: from the -o suffix, else markdown.")
    ),
    output: str | None = output_option(
        N_("Write to FILE: a file is replaced atomically, a device, FIFO or /dev/stdout written to; - is stdout.")
    ),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
) -> None:
    chosen = output_format(ctx, output, fmt.value if fmt else None, FORMATS, "markdown")
    dataset = dataset_of(ctx)
    cases = cases_chosen(dataset, case_ids, tag, region)
    if not cases:
        where = filters_named(tag, region)
        fail(
            _("no case to export with {filters}", filters=where) if where else _("no case to export"),
            ExitCode.NOT_FOUND,
        )
    from fuwumaoyi_cli.export import export as render_export

    what = _("{count} case(s) as {format}", count=len(cases), format=chosen)
    write_output(ctx, output, render_export(cases, chosen, dataset.source), what)


@app.command(
    cls=Command,
    short_help=N_("Search, read and compare in a full-screen reader."),
    help=N_(
        "Search as you type, read, mark, compare and export, in a full-screen reader.\n\n"
        "Type to search (as `fwmy search` does: pinyin, English, typos, questions); ↓ or Tab goes to the list; "
        "Enter opens a case, Esc goes back; Space marks, c compares the marked, s shows similar cases, e exports, "
        "t and r filter by theme and region; ? or F1 lists every key; q or Ctrl-C quits. Needs a terminal."
    ),
)
def browse(
    ctx: typer.Context,
    query: list[str] | None = typer.Argument(
        None, metavar="[QUERY...]", help=N_("Start with this query (Chinese, pinyin or English).")
    ),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
) -> None:
    streams = [name for name, stream in (("stdout", sys.stdout), ("stdin", sys.stdin)) if not stream.isatty()]
    if streams:
        if len(streams) == 1:
            text = _("browse needs a terminal; {stream} is not one", stream=streams[0])
        else:
            text = _("browse needs a terminal; {stream} and {other} are not one", stream=streams[0], other=streams[1])
        fail(_("{problem} (`fwmy search` and `fwmy list` print for pipes and scripts)", problem=text), ExitCode.USAGE)
    dataset = dataset_of(ctx)
    from fuwumaoyi_cli.browse.session import Filters, Session
    from fuwumaoyi_cli.cases.filters import UnknownValue
    from fuwumaoyi_cli.search.engine import prepared_index

    try:
        session = Session(dataset, prepared_index(prepared_of(ctx)), Filters(tuple(tag or ()), tuple(region or ())))
    except UnknownValue as err:
        raise unknown_value(err) from None
    import gc

    from fuwumaoyi_cli.browse.app import browse as run_browser

    gc.enable()  # cli/process.py turns the collector off for short runs; a reader runs for as long as it is read
    if run_browser(session, " ".join(query or ())):
        fail(_("the reader stopped on an internal error (please report it)"), ExitCode.INTERNAL)


@app.command(cls=Command, short_help=N_("Check a cases file."), help=N_("Check a cases file and list every problem."))
def validate(
    path: Path = typer.Argument(..., metavar="FILE", help=N_("The cases file to check.")),
) -> None:
    from fuwumaoyi_cli.cases.loader import check_file

    problems = check_file(path)
    for problem in problems:
        message(f"{path}: {problem}", prefix="")
    errors = sum(not p.warning for p in problems)
    if errors:
        fail(_("{file}: {count} problem(s)", file=path, count=errors), ExitCode.NOT_FOUND)
    if problems:
        verdict = _("{file}: ok ({count} warning(s): usable)", file=path, count=len(problems))
    else:
        verdict = _("{file}: ok", file=path)
    write_text(visible(verdict + "\n"))


def complete_command(ctx: typer.Context, incomplete: str):
    root = ctx.find_root()
    return [name for name in cast(TyperGroup, root.command).list_commands(root) if name.startswith(incomplete)]


@app.command(
    "help",
    cls=Command,
    short_help=N_("Help on fwmy or on one command."),
    help=N_("Help on fwmy, or on one command: `fwmy help search` is `fwmy search --help`."),
)
def help_(
    ctx: typer.Context,
    command: str | None = typer.Argument(
        None, metavar="[COMMAND]", help=N_("The command to explain."), autocompletion=complete_command
    ),
) -> None:
    root = ctx.find_root()
    group = cast(TyperGroup, root.command)
    if command is None:
        write_text(group.get_help(root) + "\n")
        return
    named = group.get_command(root, command)
    if named is None:
        commands = _(", ").join(group.list_commands(root))
        raise typer.BadParameter(
            _("{command!r} is not a command; the commands are {commands}", command=command, commands=commands),
            param_hint="COMMAND",
        )
    write_text(named.get_help(named.context_class(named, info_name=command, parent=root)) + "\n")
