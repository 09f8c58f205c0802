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
    IdArgument,
    JsonOption,
    PagerOption,
    RegionOption,
    TagOption,
    app,
    case_filter_of,
    case_or_fail,
    complete_case_id,
    dataset_of,
    fail,
    filters_named,
    output_format,
    parse_id_option,
    prepared_of,
    print_paged,
    section_kind_of,
    section_option,
    unknown_value,
    write_output,
)
from fuwumaoyi_cli.cli.output import ExitCode, message, write_json, write_text
from fuwumaoyi_cli.export import FORMATS
from fuwumaoyi_cli.stats import DIMENSION_ALIASES, DIMENSIONS
from fuwumaoyi_cli.text import visible


@app.command("list", short_help="List every case, one row each. 案例列表。")
def list_cases(
    ctx: typer.Context,
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """List every case, one row each. 列出全部案例。"""
    dataset = dataset_of(ctx)
    keep = case_filter_of(dataset, tag, region)
    cases = [c for c in dataset.heads() if keep is None or keep(c)]
    if json_:
        write_json([c.summary_dict() for c in cases], ascii_only=ascii_only)
    elif cases:
        from fuwumaoyi_cli.render.cases import case_table

        print_paged(case_table(cases), pager=pager)
    if not cases:
        fail(f"no case matches{filters_named(tag, region)}", ExitCode.NOT_FOUND)


# An unknown option is a word to exclude: `fwmy search 融资 -保险` (click would refuse -保险 as an option).
@app.command(
    short_help="Search the cases: Chinese, pinyin, English. 检索。", context_settings={"ignore_unknown_options": True}
)
def search(
    ctx: typer.Context,
    query: list[str] = typer.Argument(
        ..., metavar="QUERY...", help="Words to find (Chinese, pinyin or English). 检索词。"
    ),
    limit: int = typer.Option(10, "--limit", "-n", min=1, metavar="N", help="Show at most N hits. 最多显示 N 条。"),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
    explain: bool = typer.Option(False, "--explain", help="Say why each case matched. 显示匹配原因。"),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """Search the cases, best match first. 检索案例。

    A few words: the cases with all of them come first. A question or a description in your own words:
    question words are dropped, places named prefer cases from there, and cases are ranked by how much of
    the question they cover; a question the cases do not answer finds nothing. "A quoted phrase" matches
    as written. -word leaves out the cases with that word; A OR B (or A|B) takes either. --explain says
    how the query was read and why each case matched.
    """
    unknown = next((w for w in query if w.startswith("--") and len(w) > 2), None)
    if unknown is not None:  # -word excludes; --word is a mistyped option, not a word to leave out
        raise typer.BadParameter(f"no such option: {unknown}", param_hint="OPTIONS")
    text = " ".join(query).strip()
    from fuwumaoyi_cli.search.query import is_empty_query, only_exclusions

    if is_empty_query(text):
        raise typer.BadParameter("the query has no word to look for", param_hint="QUERY")
    if only_exclusions(text):
        raise typer.BadParameter("give a word to look for besides the ones to leave out (-word)", param_hint="QUERY")
    dataset = dataset_of(ctx)
    from fuwumaoyi_cli.search.engine import prepared_index
    from fuwumaoyi_cli.search.engine import search as run_search

    index = prepared_index(prepared_of(ctx))
    keep = case_filter_of(dataset, tag, region)
    result = run_search(dataset, text, limit=limit, case_filter=keep, index=index)
    hits = result.hits
    understood = result.understood
    if explain:
        message(understood.describe())
    if result.hits and not result.all_terms_matched and not understood.question:
        message("no case has all the words; showing cases that have some of them")
    if json_:
        extra = {"all_terms_matched": result.all_terms_matched, "understood": understood.to_dict()}
        write_json([{**h.to_dict(), **extra} for h in hits], ascii_only=ascii_only)
    elif hits:
        from fuwumaoyi_cli.render.cases import hits_table

        print_paged(hits_table(hits, explain=explain), pager=pager)
        if result.total > len(hits):
            message(f"showing {len(hits)} of {result.total} matching cases; --limit N shows more")
    if not hits:
        where = filters_named(tag, region)
        hint = f"; try: {', '.join(result.suggestions[:6])}" if result.suggestions and not where else ""
        read = f"; {understood.describe()}" if understood.question else ""
        near = ""
        if result.nearest:
            named = ", ".join(f"{c.id} {c.title}" for c in result.nearest)
            near = f"; no case answers it clearly, nearest (weak): {named}"
        fail(f"nothing found for {text!r}{where}{read}{near}{hint} (`fwmy list` shows every case)", ExitCode.NOT_FOUND)


@app.command(short_help="Read one case in full. 查看全文。")
def show(
    ctx: typer.Context,
    case_id: str = IdArgument,
    section: str | None = section_option("Only this section: {kinds}. 只看某一部分。"),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """Read one case in full. 查看案例全文。"""
    number = parse_id_option(case_id)
    kind = section_kind_of(section)
    dataset = dataset_of(ctx)
    case = case_or_fail(dataset, number)
    sections = None
    if kind is not None:
        sections = [s for s in case.sections if s.kind == kind]
        if not sections:
            kinds = ", ".join(s.kind for s in case.sections)
            fail(f"case {case.id} has no {kind} section; it has {kinds}", ExitCode.NOT_FOUND)
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


@app.command(short_help="Set 2–4 cases side by side. 并列对比。")
def compare(
    ctx: typer.Context,
    case_ids: list[str] = typer.Argument(
        ...,
        metavar="ID ID [ID...]",
        help="Two to four case numbers. 两到四个案例编号。",
        autocompletion=complete_case_id,
    ),
    section: str | None = section_option("Put this section's full text side by side: {kinds}. 对比某一部分全文。"),
    fmt: CompareFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        case_sensitive=False,
        help="table (the terminal), markdown or docx (a briefing), json; default: from the -o suffix. 格式。",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write to FILE: .md, .docx, .json. 写入文件。"
    ),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """Set two to four cases side by side; as a briefing with -f markdown or -o brief.docx. 并列对比案例。"""
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
        raise typer.BadParameter("a table is for the terminal; name a .md or .docx file", param_hint="-o")
    dataset = dataset_of(ctx)
    try:
        comparison = compare_cases(dataset, numbers, section=section)
    except UnknownCase as err:
        fail(str(err), ExitCode.NOT_FOUND)
    what = f"the comparison of cases {', '.join(map(str, numbers))}"
    if chosen == "json":
        import json

        data = comparison.to_dict()
        data["citations"] = {str(c.id): dataset.source.cite(c) for c in comparison.cases}
        write_output(ctx, output, json.dumps(data, ensure_ascii=ascii_only, indent=2) + "\n", what)
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


@app.command(short_help="Key figures of cases, for Excel. 关键数据。")
def figures(
    ctx: typer.Context,
    case_ids: list[str] | None = typer.Argument(
        None, metavar="[ID...]", help="Cases (default: all). 案例编号（默认全部）。", autocompletion=complete_case_id
    ),
    fmt: FiguresFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        case_sensitive=False,
        help="table, csv (Excel), json, jsonl or xlsx; default: from the -o suffix, else table. 格式。",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write to FILE: .csv, .xlsx, .json, .jsonl. 写入文件。"
    ),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """The key figures of cases: what each counts, the figure, where it stands. 关键数据。

    One row per figure in CSV (UTF-8 with BOM, for Excel), JSON Lines and Excel: case, title, section,
    label, subject, figure, value, unit, qualifier, range, per, sentence. --json for one case is an
    object (id, title, citation, key_figures); for none or several, a list of them.
    """
    chosen = "json" if json_ else output_format(ctx, output, fmt.value if fmt else None, tuple(FiguresFormat), "table")
    if chosen == "table" and output not in (None, "-"):
        raise typer.BadParameter("a table is for the terminal; name a .csv or .xlsx file", param_hint="-o")
    dataset = dataset_of(ctx)
    if case_ids:
        cases = [case_or_fail(dataset, n) for n in dict.fromkeys(parse_id_option(c) for c in case_ids)]
    else:
        cases = list(dataset.cases)
    keep = case_filter_of(dataset, tag, region)
    cases = [c for c in cases if keep is None or keep(c)]
    if not cases:
        fail(f"no case{filters_named(tag, region)}", ExitCode.NOT_FOUND)
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    what = f"the key figures of {len(cases)} case(s)"
    if chosen == "json":
        import json

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
        write_output(ctx, output, json.dumps(data, ensure_ascii=ascii_only, indent=2) + "\n", what)
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


@app.command(short_help="The cases most like one. 相似案例。")
def similar(
    ctx: typer.Context,
    case_id: str = IdArgument,
    limit: int = typer.Option(5, "--limit", "-n", min=1, metavar="N", help="Show at most N cases. 最多显示 N 个。"),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """The cases most like this one, and why. 相似案例。"""
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
        fail(f"no other case to compare case {result.case.id} with", ExitCode.NOT_FOUND)


StatsBy = Enum("StatsBy", [(d, d) for d in (*DIMENSIONS, *DIMENSION_ALIASES)], type=str)  # type: ignore[misc]


@app.command(short_help="Cases per region, provider, theme. 统计。")
def stats(
    ctx: typer.Context,
    by: StatsBy | None = typer.Option(
        None, "--by", help="Count by region, provider or tag (theme) (default: all three). 统计维度。"
    ),
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """How many cases per region, provider and theme, as bar charts. 统计。"""
    from fuwumaoyi_cli.stats import stats as count

    result = count(dataset_of(ctx))
    dimension = None if by is None else DIMENSION_ALIASES.get(by.value, by.value)
    if json_:
        data = result.to_dict()
        write_json(data if dimension is None else {f"by_{dimension}": data[f"by_{dimension}"]}, ascii_only=ascii_only)
        return
    from fuwumaoyi_cli.render.analysis import render_stats

    print_paged(render_stats(result, by=dimension), pager=pager)


ExportFormat = Enum("ExportFormat", [(f, f) for f in FORMATS], type=str)  # type: ignore[misc]


@app.command(short_help="Word, Excel, Markdown, CSV, JSON. 导出。")
def export(
    ctx: typer.Context,
    case_ids: list[str] | None = typer.Argument(
        None, metavar="[ID...]", help="Cases to export (default: all). 要导出的案例。", autocompletion=complete_case_id
    ),
    fmt: ExportFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        case_sensitive=False,
        help="markdown, docx (Word), xlsx (Excel), csv, json or jsonl; default: from the -o suffix, else markdown.",
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE: a file is replaced atomically, a device, FIFO or /dev/stdout written to; - is stdout. "
        "写入文件。",
    ),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
) -> None:
    """Export cases as Word, Excel, Markdown, CSV (opens in Excel), JSON or JSON Lines. 导出。

    The format is -f, else the -o file's suffix (.docx .xlsx .md .csv .json .jsonl); any other suffix is
    refused. Each case carries its citation (document, case number, page).
    """
    chosen = output_format(ctx, output, fmt.value if fmt else None, FORMATS, "markdown")
    dataset = dataset_of(ctx)
    if case_ids:
        cases = [case_or_fail(dataset, n) for n in dict.fromkeys(parse_id_option(c) for c in case_ids)]
    else:
        cases = list(dataset.cases)
    keep = case_filter_of(dataset, tag, region)
    cases = [c for c in cases if keep is None or keep(c)]
    if not cases:
        fail(f"no case to export{filters_named(tag, region)}", ExitCode.NOT_FOUND)
    from fuwumaoyi_cli.export import export as render_export

    write_output(ctx, output, render_export(cases, chosen, dataset.source), f"{len(cases)} case(s) as {chosen}")


@app.command(short_help="Search, read and compare in a full-screen reader. 交互浏览。")
def browse(
    ctx: typer.Context,
    query: list[str] | None = typer.Argument(
        None, metavar="[QUERY...]", help="Start with this query (Chinese, pinyin or English). 初始检索词。"
    ),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
) -> None:
    """Search as you type, read, mark, compare and export, in a full-screen reader. 交互浏览。

    Type to search (as `fwmy search` does: pinyin, English, typos, questions); ↓ or Tab goes to the list;
    Enter opens a case, Esc goes back; Space marks, c compares the marked, s shows similar cases, e exports,
    t and r filter by theme and region; ? or F1 lists every key; q or Ctrl-C quits. Needs a terminal.
    """
    streams = [name for name, stream in (("stdout", sys.stdout), ("stdin", sys.stdin)) if not stream.isatty()]
    if streams:
        fail(
            f"browse needs a terminal; {' and '.join(streams)} {'is' if len(streams) == 1 else 'are'} not one "
            "(`fwmy search` and `fwmy list` print for pipes and scripts)",
            ExitCode.USAGE,
        )
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
        fail("the reader stopped on an internal error (please report it)", ExitCode.INTERNAL)


@app.command(short_help="Check a cases file. 检查数据文件。")
def validate(
    path: Path = typer.Argument(..., metavar="FILE", help="The cases file to check. 要检查的案例文件。"),
) -> None:
    """Check a cases file and list every problem. 检查案例文件。"""
    from fuwumaoyi_cli.cases.loader import check_file

    problems = check_file(path)
    for problem in problems:
        message(f"{path}: {problem}", prefix="")
    errors = sum(not p.warning for p in problems)
    if errors:
        fail(f"{path}: {errors} problem(s)", ExitCode.NOT_FOUND)
    warnings = f" ({len(problems)} warning(s): usable)" if problems else ""
    write_text(visible(f"{path}: ok{warnings}\n"))


def complete_command(ctx: typer.Context, incomplete: str):
    root = ctx.find_root()
    return [name for name in cast(TyperGroup, root.command).list_commands(root) if name.startswith(incomplete)]


@app.command("help", short_help="Help on fwmy or on one command. 帮助。")
def help_(
    ctx: typer.Context,
    command: str | None = typer.Argument(
        None, metavar="[COMMAND]", help="The command to explain. 命令名。", autocompletion=complete_command
    ),
) -> None:
    """Help on fwmy, or on one command: `fwmy help search` is `fwmy search --help`. 帮助。"""
    root = ctx.find_root()
    group = cast(TyperGroup, root.command)
    if command is None:
        write_text(group.get_help(root) + "\n")
        return
    named = group.get_command(root, command)
    if named is None:
        commands = ", ".join(group.list_commands(root))
        raise typer.BadParameter(f"{command!r} is not a command; the commands are {commands}", param_hint="COMMAND")
    write_text(named.get_help(typer.Context(named, info_name=command, parent=root)) + "\n")
