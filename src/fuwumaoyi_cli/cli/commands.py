"""The `fwmy` command: parses arguments, calls the core, hands the result to a renderer."""

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from typer.core import TyperGroup

from fuwumaoyi_cli import __version__
from fuwumaoyi_cli.cases.ids import describe_ids, parse_case_id
from fuwumaoyi_cli.cases.sections import SECTION_HEADINGS, SECTION_KINDS
from fuwumaoyi_cli.cli.output import ExitCode, message, stdout_console, write_json, write_text

if TYPE_CHECKING:  # the model and loader are imported when a command reads data, not for --help
    from fuwumaoyi_cli.cases.loader import Prepared
    from fuwumaoyi_cli.cases.model import Case, Dataset

OVERVIEW_EXAMPLES = (
    ("fwmy search 融资", "search: Chinese, pinyin (rongzi), English", "检索"),
    ("fwmy show 14", "read one case", "查看"),
    ("fwmy compare 15 16", "two to four cases side by side", "对比"),
    ("fwmy list --tag 保险", "every case, one row each", "列表"),
    ("fwmy figures 16", "key figures: amounts, counts, durations", "关键数据"),
    ("fwmy similar 15", "the cases most like one", "相似案例"),
    ("fwmy stats", "cases per region, provider, theme", "统计"),
    ("fwmy export -f csv", "Markdown, CSV (Excel), JSON, JSON Lines", "导出"),
    ("fwmy search 融资 --json", "JSON for scripts (jq, Python…)", "JSON"),
)


def overview() -> str:
    """What `fwmy` alone prints: what the data is, the commands, one example each."""
    import unicodedata

    def cells(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    lines = [
        "fwmy — 深化服务贸易创新发展试点最佳实践案例: the 20 best-practice cases of China's",
        "service-trade innovation pilot. Find the cases on a topic, read one, set them side by side.",
        "",
    ]
    for example, what, chinese in OVERVIEW_EXAMPLES:
        lines.append(f"  {example}{' ' * (26 - cells(example))}{what}  {chinese}")
    lines += ["", "Run `fwmy COMMAND --help` for a command's options, `fwmy --help` for all commands."]
    return "\n".join(lines) + "\n"


class CommandGroup(TyperGroup):
    """Says what was probably meant when the first word is no command: `fwmy 14`, `fwmy 融资`."""

    def resolve_command(self, ctx, args):
        from difflib import get_close_matches

        word = args[0] if args else ""
        unknown = word and not word.startswith("-") and self.get_command(ctx, word) is None
        # A misspelt command gets click's own "Did you mean"; anything else, a hint.
        if unknown and not ctx.resilient_parsing and not get_close_matches(word, list(self.commands)):
            try:
                parse_case_id(word)
                message(f"to read case {word}: fwmy show {word}")
            except ValueError:
                message(f"to search for {word!r}: fwmy search {word}")
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=CommandGroup,
    name="fwmy",
    help=(
        "Look up the 20 best-practice cases of China's service-trade innovation pilot. "
        "服务贸易创新发展试点最佳实践案例查询。"
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

            try:
                self._prepared = prepare(self.data)
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
    names = ", ".join(f"{kind} ({'/'.join(SECTION_HEADINGS[kind])})" for kind in SECTION_KINDS)
    raise typer.BadParameter(f"{section!r} is not a section; use one of {names}", param_hint="--section")


def print_paged(renderable, pager: bool) -> None:
    """Print for reading: through a pager when a person is at a terminal (colours kept), else straight out."""
    console = stdout_console()
    if pager and sys.stdout.isatty():
        os.environ.setdefault("LESS", "-FRX")  # -R keeps colours, -F quits when it fits one screen
        with console.pager(styles=True):
            console.print(renderable)
    else:
        console.print(renderable)


def case_filter_of(dataset: "Dataset", tags: list[str] | None, regions: list[str] | None):
    """One case filter from --tag (each must apply) and --region (any may apply); None for no filter."""
    if not tags and not regions:
        return None
    from fuwumaoyi_cli.cases.filters import UnknownValue, combine, resolve_region, resolve_tag, tag_filter

    try:
        themes = [resolve_tag(dataset, t) for t in tags or ()]
        places = [resolve_region(dataset, r) for r in regions or ()]
    except UnknownValue as err:
        valid = ", ".join(err.valid)
        raise typer.BadParameter(f"{err.value!r} is not known; valid: {valid}", param_hint=err.option) from None
    in_any_place = (lambda case: any(p.matches(case) for p in places)) if places else None
    return combine(*(tag_filter(t) for t in themes), in_any_place)


def filters_named(tags: list[str] | None, regions: list[str] | None) -> str:
    """' with --tag 融资 --region 四川', for messages about filtered results."""
    words = [f"--tag {t}" for t in tags or ()] + [f"--region {r}" for r in regions or ()]
    return (" with " + " ".join(words)) if words else ""


# Shell completion runs the program on every TAB: these read only the data, never rich.
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
    return [(str(c.id), c.title) for c in dataset.cases if str(c.id).startswith(incomplete)]


def complete_tag(ctx: typer.Context, incomplete: str):
    dataset = _completion_dataset(ctx)
    themes = dataset.themes if dataset else ()
    return [(t.name, t.name_en) for t in themes if t.name.startswith(incomplete)] + [
        (t.name_en, t.name) for t in themes if t.name_en.startswith(incomplete) and incomplete
    ]


def complete_region(ctx: typer.Context, incomplete: str):
    dataset = _completion_dataset(ctx)
    if dataset is None:
        return []
    places = dict.fromkeys(p for c in dataset.cases for p in (*c.regions, *c.providers))
    return [p for p in places if p.startswith(incomplete)]


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
    help="Another cases file in fwmy's format (docs/data-format.md). 使用其他案例文件。",
    exists=False,
    dir_okay=True,
    show_envvar=True,
)
IdArgument = typer.Argument(
    ..., metavar="ID", help="Case number: 14, １４, 十四, 第14. 案例编号。", autocompletion=complete_case_id
)


def section_option(help_text: str):
    """--section, as show and compare take it; `help_text` names the kinds with {kinds}."""
    return typer.Option(
        None,
        "--section",
        "-s",
        metavar="KIND",
        help=help_text.format(kinds=", ".join(SECTION_KINDS)),
        autocompletion=complete_section,
    )


PagerOption = typer.Option(True, "--pager/--no-pager", help="Page long output on a terminal. 分页显示。")
JsonOption = typer.Option(False, "--json", help="Print JSON for scripts. 输出 JSON。")
AsciiOption = typer.Option(False, "--ascii", help="Escape non-ASCII characters in JSON. JSON 转义非 ASCII 字符。")
TagOption = typer.Option(
    None,
    "--tag",
    "-t",
    metavar="THEME",
    help="Only cases with this theme, Chinese or English; repeat for several (all apply). 按主题筛选。",
    autocompletion=complete_tag,
)
RegionOption = typer.Option(
    None,
    "--region",
    "-r",
    metavar="PLACE",
    help="Only cases from this province or city (江苏, 苏州市…); repeat for several (any). 按地区筛选。",
    autocompletion=complete_region,
)


@app.callback()
def main_callback(
    ctx: typer.Context,
    data: Path | None = DataOption,
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version. 显示版本。"
    ),
) -> None:
    ctx.obj = State(data)
    if ctx.invoked_subcommand is None:
        print(overview(), end="")
        if data is not None:
            dataset = ctx.obj.dataset
            title = f" ({dataset.source.title})" if dataset.source.title else ""
            print(f"\nData: {data}{title}: {len(dataset.cases)} cases; {describe_ids(dataset.ids)}.")


@app.command("list", short_help="List every case, one row each. 案例列表。")
def list_cases(
    ctx: typer.Context,
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """List every case, one row each. 列出全部案例。"""
    dataset = dataset_of(ctx)
    keep = case_filter_of(dataset, tag, region)
    cases = [c for c in dataset.cases if keep is None or keep(c)]
    if json_:
        write_json([c.summary_dict() for c in cases], ascii_only=ascii_only)
    elif cases:
        from fuwumaoyi_cli.render.cases import case_table

        stdout_console().print(case_table(cases))
    if not cases:
        fail(f"no case matches{filters_named(tag, region)}", ExitCode.NOT_FOUND)


@app.command(short_help="Search the cases: Chinese, pinyin, English. 检索。")
def search(
    ctx: typer.Context,
    query: list[str] = typer.Argument(
        ..., metavar="QUERY...", help="Words to find (Chinese, pinyin or English). 检索词。"
    ),
    limit: int = typer.Option(10, "--limit", "-n", min=1, metavar="N", help="Show at most N hits. 最多显示 N 条。"),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
    explain: bool = typer.Option(False, "--explain", help="Say why each case matched. 显示匹配原因。"),
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """Search the cases, best match first. 检索案例。

    Several words must all match, in any order; "a quoted phrase" matches as written.
    """
    text = " ".join(query).strip()
    from fuwumaoyi_cli.search.query import is_empty_query

    if is_empty_query(text):
        raise typer.BadParameter("the query has no word to look for", param_hint="QUERY")
    dataset = dataset_of(ctx)
    from fuwumaoyi_cli.search.engine import prepared_index
    from fuwumaoyi_cli.search.engine import search as run_search

    index = prepared_index(prepared_of(ctx))
    keep = case_filter_of(dataset, tag, region)
    result = run_search(dataset, text, limit=limit, case_filter=keep, index=index)
    hits = result.hits
    if result.hits and not result.all_terms_matched:
        message("no case has all the words; showing cases that have some of them")
    if json_:
        write_json(
            [{**h.to_dict(), "all_terms_matched": result.all_terms_matched} for h in hits], ascii_only=ascii_only
        )
    elif hits:
        from fuwumaoyi_cli.render.cases import hits_table

        stdout_console().print(hits_table(hits, explain=explain))
        if result.total > len(hits):
            message(f"showing {len(hits)} of {result.total} matching cases; --limit N shows more")
    if not hits:
        where = filters_named(tag, region)
        hint = f"; try: {', '.join(result.suggestions[:6])}" if result.suggestions and not where else ""
        fail(f"nothing found for {text!r}{where}{hint} (`fwmy list` shows every case)", ExitCode.NOT_FOUND)


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
    case = case_or_fail(dataset_of(ctx), number)
    sections = None
    if kind is not None:
        sections = [s for s in case.sections if s.kind == kind]
        if not sections:
            kinds = ", ".join(s.kind for s in case.sections)
            fail(f"case {case.id} has no {kind} section; it has {kinds}", ExitCode.NOT_FOUND)
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    figures = [f for f in extract_key_figures(case) if sections is None or f.section_kind == kind]
    if json_:
        data = case.to_dict()
        if sections is not None:
            data["sections"] = [s.to_dict() for s in sections]
        data["key_figures"] = [f.to_dict() for f in figures]
        data["figures"] = data["key_figures"]  # the former name, kept for one release
        write_json(data, ascii_only=ascii_only)
        return
    from fuwumaoyi_cli.render.analysis import render_figures_summary
    from fuwumaoyi_cli.render.cases import render_case

    extra = [render_figures_summary(figures)] if figures else []
    print_paged(render_case(case, sections, extra=extra), pager)


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
    pager: bool = PagerOption,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """Set two to four cases side by side. 并列对比案例。"""
    numbers = [parse_id_option(c) for c in case_ids]
    section = section_kind_of(section)
    from fuwumaoyi_cli.cases.ids import UnknownCase
    from fuwumaoyi_cli.compare import check_case_ids
    from fuwumaoyi_cli.compare import compare as compare_cases

    try:
        check_case_ids(numbers)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="ID") from None
    try:
        comparison = compare_cases(dataset_of(ctx), numbers, section=section)
    except UnknownCase as err:
        fail(str(err), ExitCode.NOT_FOUND)
    if json_:
        write_json(comparison.to_dict(), ascii_only=ascii_only)
        return
    from fuwumaoyi_cli.render.analysis import render_comparison

    print_paged(render_comparison(comparison), pager)


@app.command(short_help="Key figures of a case. 关键数据。")
def figures(
    ctx: typer.Context,
    case_id: str = IdArgument,
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """The key figures of a case: amounts, percentages, counts, durations. 关键数据。"""
    case = case_or_fail(dataset_of(ctx), parse_id_option(case_id))
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    found = extract_key_figures(case)
    if json_:
        key_figures = [f.to_dict() for f in found]
        # "figures" is the former name, kept for one release.
        data = {"id": case.id, "title": case.title, "key_figures": key_figures, "figures": key_figures}
        write_json(data, ascii_only=ascii_only)
        return
    from fuwumaoyi_cli.render.analysis import render_figures
    from fuwumaoyi_cli.render.cases import heading

    console = stdout_console()
    console.print(heading(case))
    console.print(render_figures(found))


@app.command(short_help="The cases most like one. 相似案例。")
def similar(
    ctx: typer.Context,
    case_id: str = IdArgument,
    limit: int = typer.Option(5, "--limit", "-n", min=1, metavar="N", help="Show at most N cases. 最多显示 N 个。"),
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

        stdout_console().print(render_similar(result))
    if not result.similar:
        fail(f"no other case to compare case {result.case.id} with", ExitCode.NOT_FOUND)


class StatsBy(str, Enum):
    region = "region"
    provider = "provider"
    tag = "tag"


@app.command(short_help="Cases per region, provider, theme. 统计。")
def stats(
    ctx: typer.Context,
    by: StatsBy | None = typer.Option(
        None, "--by", help="Count by region, provider or tag (default: all three). 统计维度。"
    ),
    json_: bool = JsonOption,
    ascii_only: bool = AsciiOption,
) -> None:
    """How many cases per region, provider and theme, as bar charts. 统计。"""
    from fuwumaoyi_cli.stats import stats as count

    result = count(dataset_of(ctx))
    if json_:
        data = result.to_dict()
        write_json(data if by is None else {f"by_{by.value}": data[f"by_{by.value}"]}, ascii_only=ascii_only)
        return
    from fuwumaoyi_cli.render.analysis import render_stats

    stdout_console().print(render_stats(result, by=by.value if by else None))


class ExportFormat(str, Enum):
    markdown = "markdown"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


FORMAT_OF_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json", ".jsonl": "jsonl"}


@app.command(short_help="Markdown, CSV, JSON, JSON Lines. 导出。")
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
        help="markdown (reports), csv (Excel), json or jsonl; default: from the -o suffix, else markdown. 导出格式。",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write to FILE (atomically); - is stdout. 写入文件。"
    ),
    tag: list[str] | None = TagOption,
    region: list[str] | None = RegionOption,
) -> None:
    """Export cases as Markdown, CSV (opens in Excel), JSON or JSON Lines. 导出。"""
    dataset = dataset_of(ctx)
    if case_ids:
        cases = [case_or_fail(dataset, n) for n in dict.fromkeys(parse_id_option(c) for c in case_ids)]
    else:
        cases = list(dataset.cases)
    keep = case_filter_of(dataset, tag, region)
    cases = [c for c in cases if keep is None or keep(c)]
    if not cases:
        fail(f"no case to export{filters_named(tag, region)}", ExitCode.NOT_FOUND)
    target = None if output in (None, "-") else output
    if fmt is not None:
        chosen = fmt.value
    elif target is not None:
        chosen = FORMAT_OF_SUFFIX.get(Path(target).suffix.lower(), "markdown")
    else:
        chosen = "markdown"
    from fuwumaoyi_cli.export import export as render_export
    from fuwumaoyi_cli.files import write_atomic

    data = render_export(cases, chosen)
    if target is None:
        write_text(data)
        return
    try:
        write_atomic(target, data)
    except OSError as err:
        fail(f"cannot write {target}: {err.strerror or err}", ExitCode.NOT_FOUND)
    message(f"wrote {len(cases)} case(s) as {chosen} to {target}")


@app.command(short_help="Check a cases file. 检查数据文件。")
def validate(
    path: Path = typer.Argument(..., metavar="FILE", help="The cases file to check. 要检查的案例文件。"),
) -> None:
    """Check a cases file and list every problem. 检查案例文件。"""
    from fuwumaoyi_cli.cases.loader import check_file

    problems = check_file(path)
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    if problems:
        fail(f"{path}: {len(problems)} problem(s)", ExitCode.NOT_FOUND)
    print(f"{path}: ok")
