"""Every command and error path through CliRunner, stdout and stderr checked apart."""

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fuwumaoyi_cli.cli.app import OVERVIEW_EXAMPLES
from fuwumaoyi_cli.cli.commands import app
from golden_check import assert_matches_golden

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, list(args), env=env)


def as_json(result):
    return json.loads(result.stdout)


# The overview, --version, --help


def test_fwmy_alone_prints_an_overview_not_an_error():
    result = run()
    assert result.exit_code == 0
    assert "fwmy search 融资" in result.stdout and "fwmy compare 15 16" in result.stdout
    assert result.stderr == ""


def test_version():
    from fuwumaoyi_cli import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"fwmy {__version__}"


@pytest.mark.parametrize("command", ["search", "show", "compare", "list", "validate"])
def test_help_is_english_by_default(command):
    # In Chinese with FWMY_LANG=zh or a zh_CN locale: tests/test_i18n.py.
    result = run(command, "--help")
    assert result.exit_code == 0
    assert any(word in result.stdout for word in ("Search", "Read", "Set", "List", "Check"))
    assert "Options:" in result.stdout and "选项" not in result.stdout


# list


def test_list_json_has_every_case():
    result = run("list", "--json")
    assert result.exit_code == 0
    rows = as_json(result)
    assert [r["id"] for r in rows] == list(range(1, 21))
    assert set(rows[0]) >= {"id", "title", "title_en", "providers", "regions", "tags", "page"}


def test_list_filters_by_english_tag_and_city():
    result = run("list", "--tag", "insurance", "--region", "南京", "--json")
    assert result.exit_code == 0
    assert [r["id"] for r in as_json(result)] == [2]


def test_list_table_shows_titles_whole():
    result = run("list", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    flat = "".join(line.strip("│ ") for line in result.stdout.splitlines())
    assert "…" not in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no ANSI codes
    assert "打造中小服务贸易企业统保平台" in flat.replace("│", "").replace(" ", "")


@pytest.mark.parametrize(
    ("option", "value", "valid"), [("--tag", "房地产", "融资 (financing)"), ("--region", "火星", "江苏省")]
)
def test_an_unknown_filter_value_is_a_usage_error_listing_valid_values(option, value, valid):
    result = run("list", option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert valid in result.stderr and value in result.stderr


def test_list_with_filters_matching_nothing_exits_1():
    result = run("list", "--tag", "生物医药", "--region", "北京")
    assert result.exit_code == 1
    assert "no case" in result.stderr


# show


@pytest.mark.parametrize("case_id", ["14", "１４", "十四", "第14", "#14"])
def test_show_accepts_the_ways_people_write_an_id(case_id):
    result = run("show", case_id, "--json")
    assert result.exit_code == 0
    assert as_json(result)["id"] == 14


def test_show_json_is_the_full_case_with_chinese_unescaped():
    result = run("show", "15", "--json")
    case = as_json(result)
    assert case["providers"] == ["北京市", "上海市", "武汉市"]
    assert [s["kind"] for s in case["sections"]] == ["practices", "results", "next_steps"]
    assert "知识产权质押融资" in result.stdout  # not \u77e5...


def test_ascii_escapes_json():
    result = run("show", "15", "--json", "--ascii")
    assert result.stdout.isascii()
    assert as_json(result)["providers"][0] == "北京市"


def test_show_renders_the_whole_case_for_reading():
    result = run("show", "9", "--no-pager", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    out = result.stdout
    for text in (
        "9. 建立“保税货物+租赁贸易”新模式",
        "一、主要做法",
        "三、下一步工作思路",
        "图：进口保税设备租赁业务模式（原文未附图像",
        "image not in source",
    ):
        assert text in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_show_one_section():
    result = run("show", "14", "--section", "background", "--no-pager")
    assert result.exit_code == 0
    assert "一、背景情况" in result.stdout and "主要做法" not in result.stdout
    data = as_json(run("show", "14", "--section", "results", "--json"))
    assert [s["heading"] for s in data["sections"]] == ["实施成效"]


def test_show_a_section_the_case_lacks():
    result = run("show", "1", "--section", "background")
    assert result.exit_code == 1
    assert "case 1 has no background section" in result.stderr


def test_show_an_unknown_section_kind_is_a_usage_error():
    result = run("show", "1", "--section", "summary")
    assert result.exit_code == 2
    assert "practices" in result.stderr


@pytest.mark.parametrize("case_id", ["99", "21", "0", "-1"])
def test_show_an_id_that_does_not_exist(case_id):
    result = run("show", "--", case_id)
    assert result.exit_code == 1
    assert result.stderr == f"fwmy: no case {case_id}; cases are numbered 1–20\n"
    assert result.stdout == ""


@pytest.mark.parametrize("case_id", ["abc", "1.5", "十十"])
def test_show_something_that_is_not_an_id(case_id):
    result = run("show", case_id)
    assert result.exit_code == 2
    assert result.stderr == (
        f"fwmy: Invalid value for ID: {case_id!r} is not a case number (try 14, １４, 十四 or 第14) "
        "(see `fwmy show -h`)\n"
    )


def test_markup_in_data_prints_literally(tmp_path):
    path = tmp_path / "cases.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    result = run("--data", str(path), "show", "1", "--no-pager")
    assert result.exit_code == 0
    assert "[/red]" in result.stdout and "[bold]粗体[/bold]" in result.stdout


# search


def test_search_json_hits_best_first():
    result = run("search", "融资", "--json")
    assert result.exit_code == 0
    hits = as_json(result)
    assert hits and {15, 16} <= {h["id"] for h in hits}
    for hit in hits:
        assert set(hit) >= {"id", "title", "title_en", "providers", "regions", "tags", "score", "snippets"}
        assert 0 <= hit["score"] <= 100
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert "\\u" not in result.stdout


def test_search_limit_and_filters():
    hits = as_json(run("search", "融资", "--limit", "2", "--json"))
    assert len(hits) == 2
    hits = as_json(run("search", "融资", "--region", "湖北", "--json"))
    assert {h["id"] for h in hits} == {15, 16}


def test_search_table_highlights_the_match_on_a_terminal():
    result = run("search", "区块链", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exit_code == 0
    assert "\x1b[1;7m" in result.stdout  # bold reverse: visible without colour
    assert "\x1b[3" not in result.stdout.replace("\x1b[3m", "")  # no foreground colours under NO_COLOR


def test_search_finding_nothing_exits_1_with_a_hint():
    result = run("search", "房地产")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "nothing found" in result.stderr and "fwmy list" in result.stderr


def test_search_finding_nothing_in_json_prints_an_empty_array():
    result = run("search", "房地产", "--json")
    assert result.exit_code == 1
    assert as_json(result) == []


@pytest.mark.parametrize("args", [["search"], ["search", "  "], ["search", "融资", "--limit", "0"]])
def test_search_usage_errors(args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""


# compare


def test_compare_json():
    result = run("compare", "15", "16", "--json")
    assert result.exit_code == 0
    data = as_json(result)
    assert [c["id"] for c in data["cases"]] == [15, 16]
    assert "融资" in data["shared"]["tags"]


@pytest.mark.parametrize("args", [["1"], ["1", "1"], ["1", "2", "3", "4", "5"], ["1", "x"]])
def test_compare_usage_errors(args):
    result = run("compare", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("fwmy: ") and result.stderr.endswith(" (see `fwmy compare -h`)\n")
    assert result.stderr.count("\n") == 1


def test_compare_an_unknown_id():
    result = run("compare", "1", "99")
    assert result.exit_code == 1
    assert "no case 99" in result.stderr


# your own data: --data, FWMY_DATA, validate

MARKUP_FILE = """\
schema_version = 1

[[themes]]
name = "测试"
name_en = "testing"

[[cases]]
id = 1
title = "[red]不是标记[/red]"
providers = ["某市"]
regions = ["某省"]
tags = ["测试"]
intro = "[bold]粗体[/bold] 与 [/red] 都按原文显示。"

[[cases.sections]]
kind = "practices"
heading = "主要做法"
text = "融资[link=x]链接[/link]"
"""


def test_data_option_and_environment_variable(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    by_option = as_json(run("--data", str(path), "list", "--json"))
    by_env = as_json(run("list", "--json", env={"FWMY_DATA": str(path)}))
    assert [c["id"] for c in by_option] == [c["id"] for c in by_env] == [1]
    hits = as_json(run("--data", str(path), "search", "融资", "--json"))
    assert [h["id"] for h in hits] == [1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"schema_version = 1\n[[cases]\n", "line 2"),
        ("schema_version = 1\n".encode("gbk") + "# 中文\n".encode("gbk"), "GBK"),
        (b"schema_version = 1\n", "no [[cases]]"),
    ],
)
def test_a_bad_data_file_gets_one_line_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    result = run("--data", str(path), "list")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert str(path) in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_data_file(tmp_path):
    result = run("--data", str(tmp_path / "nope.toml"), "show", "1")
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_validate_a_good_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("ok")


def test_validate_warns_of_titles_a_spreadsheet_would_run(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        MARKUP_FILE.replace('title = "[red]不是标记[/red]"', 'title = "=HYPERLINK(\\"http://x\\")"').replace(
            'providers = ["某市"]', 'providers = ["某市\\n第二行"]'
        ),
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code == 0 and result.stdout.strip().endswith("ok (2 warning(s): usable)")
    assert "case 1" in result.stderr and "formula" in result.stderr and "line break" in result.stderr


def test_validate_lists_every_problem(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        MARKUP_FILE.replace('kind = "practices"', 'kind = "summary"').replace('tags = ["测试"]', 'tags = ["无此主题"]'),
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "summary" in result.stderr and "无此主题" in result.stderr
    assert "2 problem(s)" in result.stderr


# completion


def test_completion_offers_case_ids_with_titles():
    result = run(env={"_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "fwmy show 1"})
    assert result.exit_code == 0
    assert "14" in result.stdout and "推行跨境电商进口 B2C 包裹退货新模式" in result.stdout
    assert "打造中小服务贸易企业统保平台" not in result.stdout  # case 2 does not start with 1


def test_completion_offers_places_for_region():
    env = {"_FWMY_COMPLETE": "complete_bash", "COMP_WORDS": "fwmy list --region 江", "COMP_CWORD": "3"}
    result = run(env=env)
    assert result.exit_code == 0
    assert result.stdout.split() == ["江苏省"]


# golden renders at a fixed width: catch CJK alignment and wrapping regressions


def render(args, width):
    result = run(*args, env={"COLUMNS": str(width), "TERM": "dumb"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(("case_id", "width"), [("9", 100), ("16", 60)])
def test_show_golden(case_id, width):
    assert_matches_golden(f"show_{case_id}_w{width}.txt", render(["show", case_id, "--no-pager"], width))


def test_list_golden():
    assert_matches_golden("list_w100.txt", render(["list"], 100))


# robustness: whatever a user types


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda q: q.strip() and not q.lstrip().startswith("-")))
def test_any_query_gets_an_answer_never_a_crash(query):
    from fuwumaoyi_cli.search.query import is_empty_query, only_exclusions

    # Nothing to look for is a usage error, as are -words alone once folded (´-0 is " -0": U+00B4 is a space
    # and an accent).
    expected = {2} if is_empty_query(query) or only_exclusions(query) else {0, 1}
    for args in (["search", query], ["search", query, "--json"]):
        result = run(*args)
        assert result.exit_code in expected, (query, result.stderr, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_5000_character_query():
    result = run("search", "融资知识产权" * 800, "--json")
    assert result.exit_code in (0, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit)


# figures, similar, stats, export


def test_show_json_includes_the_key_figures():
    case = as_json(run("show", "16", "--json"))
    money = [f for f in case["key_figures"] if f["text"].replace(" ", "") == "83.7亿元"]
    assert case["figures"] == case["key_figures"]  # the former name, kept for one release
    assert money and money[0]["value"] == 8370000000 and money[0]["unit"] == "CNY"


def test_show_has_a_key_figures_panel():
    out = run("show", "16", "--no-pager", env={"COLUMNS": "100"}).stdout
    assert "关键数据" in out and "83.7亿元" in out


def test_figures_command():
    result = run("figures", "十六", "--json")
    assert result.exit_code == 0
    data = as_json(result)
    assert data["id"] == 16 and len(data["key_figures"]) >= 8 and data["figures"] == data["key_figures"]
    assert all({"text", "value", "unit", "sentence", "where"} <= set(f) for f in data["key_figures"])
    table = run("figures", "16", env={"COLUMNS": "100"})
    assert table.exit_code == 0 and "83.7 亿元" in table.stdout


def test_figures_of_an_unknown_case():
    result = run("figures", "42")
    assert result.exit_code == 1 and "no case 42" in result.stderr


def test_similar_command():
    result = run("similar", "15", "--limit", "3", "--json")
    assert result.exit_code == 0
    data = as_json(result)
    assert data["case"]["id"] == 15
    assert len(data["similar"]) == 3 and 15 not in [s["case"]["id"] for s in data["similar"]]
    assert run("similar", "15", "--limit", "0").exit_code == 2
    assert "相似度" in run("similar", "15").stdout


def test_stats_command():
    data = as_json(run("stats", "--json"))
    assert data["by_region"]["江苏省"] == 5 and data["by_provider"]["苏州市"] == 3
    assert set(as_json(run("stats", "--by", "tag", "--json"))) == {"by_tag"}
    chart = run("stats", "--by", "region", env={"COLUMNS": "80"})
    assert chart.exit_code == 0 and "江苏省" in chart.stdout and "█" in chart.stdout
    assert run("stats", "--by", "city").exit_code == 2


def test_export_markdown_to_stdout():
    result = run("export", "14", "15")
    assert result.exit_code == 0
    assert result.stdout.startswith("## 14. ") and "\n## 15. " in result.stdout


def test_export_csv_to_a_file_opens_in_excel(tmp_path):
    path = tmp_path / "cases.csv"
    result = run("export", "--format", "csv", "-o", str(path))
    assert result.exit_code == 0 and result.stdout == ""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert len(raw.decode("utf-8-sig").splitlines()) == 21


def test_export_jsonl_is_one_full_case_per_line():
    lines = run("export", "-f", "jsonl").stdout.splitlines()
    assert len(lines) == 20 and json.loads(lines[13])["sections"]


def test_export_an_unknown_format_is_a_usage_error():
    result = run("export", "--format", "pdf")
    assert result.exit_code == 2 and "pdf" in result.stderr


def test_export_to_an_unwritable_place_leaves_nothing(tmp_path):
    target = tmp_path / "no-such-folder" / "out.md"
    result = run("export", "-o", str(target))
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert not target.exists()


def test_export_will_not_write_over_the_data_it_reads(tmp_path):
    from fuwumaoyi_cli.cases.loader import bundled_path

    path = tmp_path / "mine.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    os.link(path, tmp_path / "same.md")
    (tmp_path / "link.md").symlink_to(path)
    for target in (path, tmp_path / "same.md", tmp_path / "link.md"):
        result = run("--data", str(path), "export", "-o", str(target))
        assert result.exit_code == 1
        assert result.stderr == f"fwmy: will not write over {target}: fwmy reads its cases data from it\n"
    assert path.read_text(encoding="utf-8") == MARKUP_FILE
    bundled = bundled_path()
    before = bundled.read_bytes()
    for target in (bundled, bundled.parent / "search-index.json"):  # the bundled data, whatever --data says
        assert run("--data", str(path), "export", "-f", "json", "-o", str(target)).exit_code == 1
    assert bundled.read_bytes() == before


def test_export_to_a_fifo_writes_to_it_and_says_so(tmp_path):
    from test_files import FifoReader

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    reader.start()
    try:
        result = run("export", "14", "-o", str(fifo))
    finally:
        reader.finish()
    assert result.exit_code == 0
    assert result.stderr == f"fwmy: wrote 1 case(s) as markdown to {fifo} (a FIFO: written to, not replaced)\n"
    assert reader.data.decode("utf-8").startswith("## 14. ")


def test_compare_a_section_in_full():
    data = as_json(run("compare", "15", "16", "--section", "results", "--json"))
    assert data["section"] == "results"
    out = run("compare", "15", "16", "--section", "results", "--no-pager", env={"COLUMNS": "100"}).stdout
    assert "13595" in out  # full text, not only the lead sentences


def test_compare_at_80_columns_stays_readable():
    out = run("compare", "11", "12", "13", "--no-pager", env={"COLUMNS": "80"}).stdout
    assert "…" not in out
    from rich.cells import cell_len

    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_a_users_file_gets_its_search_index_built_once(tmp_path, monkeypatch):
    from fuwumaoyi_cli.search import index as searchindex

    monkeypatch.setenv("FWMY_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "mine.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    first = as_json(run("--data", str(path), "search", "rongzi", "--json"))
    assert [h["id"] for h in first] == [1]  # pinyin works on a user's file too

    def no_rebuild(dataset):
        raise AssertionError("the search index was built again")

    monkeypatch.setattr(searchindex, "build_index", no_rebuild)
    monkeypatch.setattr("fuwumaoyi_cli.search.engine.build_index", no_rebuild)
    monkeypatch.setattr("fuwumaoyi_cli.search.engine._last_used", None)
    assert as_json(run("--data", str(path), "search", "rongzi", "--json")) == first


# what a new user ran into


def test_several_tags_all_apply_and_several_regions_any():
    ids = [c["id"] for c in as_json(run("list", "--tag", "融资", "--tag", "中小企业", "--json"))]
    assert ids == [4, 5, 15, 16, 18]
    ids = [c["id"] for c in as_json(run("list", "--region", "四川", "--region", "海南", "--json"))]
    assert ids == [17, 20]


def test_partial_matches_are_flagged_in_json_and_on_stderr():
    result = run("search", "融资", "房地产", "--json")
    assert result.exit_code == 0
    hits = as_json(result)
    assert hits and all(h["all_terms_matched"] is False for h in hits)
    assert "some of them" in result.stderr
    assert all(h["all_terms_matched"] for h in as_json(run("search", "融资", "--json")))


def test_a_cut_list_of_hits_says_so():
    result = run("search", "金融", "--limit", "2")
    assert result.exit_code == 0
    assert "showing 2 of" in result.stderr


def test_nothing_found_within_filters_names_the_filters():
    result = run("search", "区块链", "--region", "四川")
    assert result.exit_code == 1
    assert "with --region 四川" in result.stderr


@pytest.mark.parametrize("query", ['"', '""', "“”", "『』", "，", "!!!"])
def test_a_query_with_no_word_is_a_usage_error(query):
    assert run("search", query).exit_code == 2


@pytest.mark.parametrize("section", ["results", "Results", "实践效果", "实施成效", "成效"])
def test_a_section_by_kind_or_heading(section):
    data = as_json(run("show", "14", "--section", section, "--json"))
    assert [s["kind"] for s in data["sections"]] == ["results"]


def test_export_takes_the_format_from_the_file_suffix(tmp_path):
    path = tmp_path / "jiangsu.csv"
    result = run("export", "--region", "江苏", "-o", str(path))
    assert result.exit_code == 0 and "as csv" in result.stderr
    rows = path.read_bytes().decode("utf-8-sig").splitlines()
    assert [r.split(",")[0] for r in rows[1:]] == ["2", "3", "12", "13", "19"]


def test_export_format_is_case_insensitive_and_dash_is_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", "1", "-f", "JSONL", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == 1
    assert not (tmp_path / "-").exists()


def test_ids_with_gaps_are_listed(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(MARKUP_FILE + MARKUP_FILE[MARKUP_FILE.index("[[cases]]") :].replace("id = 1", "id = 10"))
    result = run("--data", str(path), "show", "5")
    assert result.exit_code == 1
    assert "no case 5; the cases are 1, 10" in result.stderr
    overview = run("--data", str(path))
    assert "2 cases" in overview.stdout


def test_fwmy_alone_on_an_ascii_stdout(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "fuwumaoyi_cli"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}
    )
    assert result.returncode == 0, result.stderr
    assert b"\\u670d" in result.stdout  # 服, escaped


@pytest.mark.parametrize(
    ("word", "hint"), [("14", "fwmy show 14"), ("十四", "fwmy show 十四"), ("融资", "fwmy search 融资")]
)
def test_a_case_id_or_a_query_in_place_of_a_command_gets_a_hint(word, hint):
    result = run(word)
    assert result.exit_code == 2
    assert result.stderr.endswith(f": {hint}\n") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["find", "融资"], "fwmy search 融资"),
        (["grep", "跨境 电商", "--json"], "fwmy search '跨境 电商' --json"),
        (["read", "14"], "fwmy show 14"),
        (["open", "十四", "--section", "results"], "fwmy show 十四 --section results"),
        (["ls", "--tag", "保险"], "fwmy list --tag 保险"),
        (["diff", "15", "16"], "fwmy compare 15 16"),
    ],
)
def test_a_verb_people_use_for_a_command_is_answered_with_the_command_meant(args, meant):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == f"fwmy: no command {args[0]!r}; did you mean: {meant}\n"


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["show", "x"], "show"),
        (["show"], "show"),
        (["search", "融资", "--limit", "0"], "search"),
        (["list", "--limt", "3"], "list"),
        (["stats", "--by", "city"], "stats"),
        (["export", "-f", "pdf"], "export"),
        (["--bogus"], None),
        (["serch", "融资"], None),
    ],
)
def test_a_usage_error_is_one_line_naming_the_help(args, command):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("fwmy: ")
    assert lines[0].endswith(f"(see `fwmy {command} -h`)" if command else "(see `fwmy -h`)")


def test_a_symbolic_link_loop_as_data_file(tmp_path):
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    result = run("--data", str(tmp_path / "a.toml"), "list")
    assert result.exit_code == 1
    assert "cannot read" in result.stderr and result.stderr.count("\n") == 1


def test_the_export_formats_offered_are_the_ones_export_writes():
    from fuwumaoyi_cli.cli.commands import ExportFormat
    from fuwumaoyi_cli.export import FORMATS, SUFFIXES

    assert [f.value for f in ExportFormat] == list(FORMATS)
    assert set(SUFFIXES.values()) == set(FORMATS)


# main() runs a copy of the app that holds only the command named (app_for)


def command_names(typer_app):
    return [info.name or info.callback.__name__ for info in typer_app.registered_commands]


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["search", "融资", "--json"], "search"),
        (["list"], "list"),
        (["--data", "search", "show", "1"], "show"),  # the value of --data is not the command
        (["--data=x.toml", "compare", "1", "2"], "compare"),
        (["show", "--help"], "show"),
    ],
)
def test_app_for_keeps_only_the_command_named(args, command):
    from fuwumaoyi_cli.cli.process import app_for

    assert command_names(app_for(args)) == [command]
    assert len(app.registered_commands) > 1  # the shared app is left whole


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--version"],
        ["14"],
        ["sear", "融资"],
        ["--data", "x.toml"],
        ["-h", "search"],  # the group's help, which lists every command
        ["--data", "x.toml", "--help", "show"],
    ],
)
def test_app_for_gives_the_whole_app_when_no_command_is_named(args):
    from fuwumaoyi_cli.cli.process import app_for

    assert app_for(args) is app


def test_app_for_gives_the_whole_app_to_completion(monkeypatch):
    from fuwumaoyi_cli.cli.process import app_for

    monkeypatch.setenv("_FWMY_COMPLETE", "complete_bash")
    assert app_for(["show", "1"]) is app


@pytest.mark.parametrize(
    "args",
    [
        ["search", "融资", "--json"],
        ["show", "14", "--json"],
        ["search", "--help"],
        ["show", "99"],
        ["compare", "1", "1"],
        ["list", "--limit", "3"],
    ],
)
def test_the_lean_app_answers_as_the_whole_app_does(args):
    from fuwumaoyi_cli.cli.process import app_for

    lean = runner.invoke(app_for(args), args)
    whole = run(*args)
    assert (lean.exit_code, lean.stdout, lean.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


# hostile text: control characters from a file, an id or a query never reach a terminal raw

CONTROLS = [chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0), *range(0x202A, 0x202F), 0x2066, 0x2069)]
CONTROL_PATTERN = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
# Two cases, a placeholder {n} in every kind of string a file holds; {1} is a theme's name, used again in tags.
CONTROL_FILE = """\
schema_version = 1

[source]
title = "案例集{0}"

[[themes]]
name = "融{1}资"
name_en = "fin{2}ancing"

[[cases]]
id = @ID@
title = "{3}平台标题@ID@"
title_en = "A {4}title"
providers = ["某{5}市"]
regions = ["某{6}省"]
tags = ["融{1}资"]
intro = "引言{7}，授信 83.7 亿元{8}。"

[[cases.sections]]
kind = "practices"
heading = "主要{9}做法"
text = "平台{10}融资服务。"
captions = [{{ caption = "图{11}：流程" }}]

[[cases.sections.points]]
lead = "要点{12}平台。"
text = "服务 100 家{13}企业。"
"""


def toml_escaped(text):
    return json.dumps(text)[1:-1]  # JSON's escapes (\\u001b) are TOML's too


def control_file(tmp_path, chars):
    head, case = CONTROL_FILE.format(*(toml_escaped(c) for c in chars)).split("[[cases]]")
    path = tmp_path / "controls.toml"
    path.write_text(head + "".join("[[cases]]" + case.replace("@ID@", str(n)) for n in (1, 2)), encoding="utf-8")
    return path


def assert_shown_not_obeyed(result, *, codes=(0,)):
    import re

    assert result.exit_code in codes, (result.exit_code, result.stderr)
    assert re.search(CONTROL_PATTERN, result.stdout + result.stderr) is None, (result.stdout + result.stderr)[:3000]


@settings(max_examples=12, deadline=None)
@given(chars=st.lists(st.sampled_from(CONTROLS), min_size=14, max_size=14))
def test_control_characters_anywhere_in_a_file_are_shown_as_escapes_by_every_command(tmp_path_factory, chars):
    path = control_file(tmp_path_factory.mktemp("controls"), chars)
    data = ["--data", str(path)]
    for args in (
        [],
        ["list"],
        ["show", "1", "--no-pager"],
        ["search", "平台", "--explain"],
        ["compare", "1", "2", "--no-pager"],
        ["figures", "1"],
        ["similar", "1"],
        ["stats"],
        ["export", "-o", str(path.with_suffix(".md"))],
    ):
        assert_shown_not_obeyed(run(*data, *args))
    assert_shown_not_obeyed(run(*data, "show", "9"), codes=(1,))
    validated = run("validate", str(path))
    assert_shown_not_obeyed(validated)
    assert "warning" in validated.stderr
    # JSON escapes them too, and still holds them: the same strings to a JSON reader.
    shown = run(*data, "show", "1", "--json")
    assert_shown_not_obeyed(shown)
    assert json.loads(shown.stdout)["title"] == f"{chars[3]}平台标题1"


@settings(max_examples=30, deadline=None)
@given(text=st.text(alphabet=st.sampled_from([*CONTROLS, "融", "资", "1", " "]), min_size=1, max_size=8))
def test_control_characters_in_an_id_or_a_query_are_shown_as_escapes(text):
    assert_shown_not_obeyed(run(text), codes=(0, 2))  # in place of a command: a hint that names it
    assert_shown_not_obeyed(run("show", text), codes=(0, 1, 2))
    assert_shown_not_obeyed(run("search", text, "--explain"), codes=(0, 1, 2))
    assert_shown_not_obeyed(run("list", "--region", text), codes=(0, 1, 2))


def test_validate_warns_of_control_characters_and_the_file_stays_usable(tmp_path):
    path = control_file(tmp_path, ["\x1b"] + [""] * 13)
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path}: source.title: warning: holds 1 control character(s) (\\x1b); fwmy shows them as escapes"
    ]
    assert result.stdout.startswith(f"{path}: ok (1 warning(s)")


def test_completion_offers_titles_with_control_characters_as_escapes(tmp_path):
    path = control_file(tmp_path, ["\x1b"] * 14)
    for env in (
        {"_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"fwmy --data {path} show "},
        {"_FWMY_COMPLETE": "complete_bash", "COMP_WORDS": f"fwmy --data {path} list --tag 融", "COMP_CWORD": "5"},
    ):
        result = run(env=env)
        assert_shown_not_obeyed(result)
        assert "\\x1b" in result.stdout


# styles: only what is meant to stand out does


def bold_offsets(text):
    """The offsets of `text` (a rich Text) shown bold, and those in the label's cyan."""
    from rich.console import Console

    console = Console(color_system="standard", force_terminal=True)
    styles = [text.get_style_at_offset(console, i) for i in range(len(text.plain))]
    return {i for i, s in enumerate(styles) if s.bold}, {i for i, s in enumerate(styles) if s.color is not None}


def test_a_snippet_highlights_its_matches_and_nothing_else(dataset):
    from fuwumaoyi_cli.render.cases import snippet_text
    from fuwumaoyi_cli.search import search

    snippet = search(dataset, "融资").hits[0].snippets[0]
    text = snippet_text(snippet)
    label = len(f"{snippet.where}：")
    bold, coloured = bold_offsets(text)
    assert coloured == set(range(label))  # the label alone is cyan
    assert bold - set(range(label)) == {label + i for s, e in snippet.highlights for i in range(s, e)}


def test_a_point_shows_its_ordinal_in_the_label_style_and_only_its_lead_bold(dataset):
    from rich.console import Console

    from fuwumaoyi_cli.render.cases import render_section

    section = dataset.get(14).sections[1]
    console = Console(color_system="standard", force_terminal=True, width=200)
    lines = [line for line in console.render_lines(render_section(section), pad=False) if line]
    point = section.points[0]
    first = next(line for line in lines if "".join(s.text for s in line).startswith(point.ordinal))
    styled = [(s.text, s.style) for s in first if s.text]
    assert styled[0][0] == point.ordinal and styled[0][1].color is not None
    assert all(style.bold and style.color is None for _, style in styled[1:])


@pytest.mark.parametrize(
    ("content", "expected"),
    [("x = " + "9" * 5000, "4300 digits"), ("x = " + "[" * 1000 + "]" * 1000, "nested too deeply")],
)
def test_huge_integers_and_deep_nesting_are_a_bad_file_not_an_internal_error(tmp_path, content, expected):
    path = tmp_path / "hostile.toml"
    path.write_text("schema_version = 1\n" + content + "\n", encoding="utf-8")
    for args in (["--data", str(path), "list"], ["validate", str(path)]):
        result = run(*args)
        assert result.exit_code == 1
        assert expected in result.stderr and "internal error" not in result.stderr


def test_a_device_as_data_file_is_a_clear_message(tmp_path):
    result = run("--data", "/dev/zero", "list")
    assert (result.exit_code, result.stderr) == (1, "fwmy: /dev/zero: is a device or a socket, not a cases file\n")


def test_an_id_of_5000_digits_is_not_a_case_number():
    result = run("show", "9" * 5000)
    assert result.exit_code == 2
    assert "is not a case number" in result.stderr and "4300" not in result.stderr


# options where people put them


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json", "--data", "{path}"],
        ["search", "融资", "--data", "{path}", "--json"],
        ["show", "--data={path}", "1", "--json"],
        ["--data", "/no/such/file.toml", "list", "--data", "{path}", "--json"],  # the later one counts
    ],
)
def test_data_after_the_command_is_the_same_as_before_it(tmp_path, args):
    path = tmp_path / "mine.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    result = run(*(a.format(path=path) for a in args))
    assert result.exit_code == 0, result.stderr
    data = as_json(result)
    assert (data[0] if isinstance(data, list) else data)["title"] == "[red]不是标记[/red]"


@pytest.mark.parametrize("command", ["list", "search", "show", "compare", "figures", "similar", "stats", "export"])
def test_every_command_that_reads_data_takes_data_after_its_name(command):
    result = run(command, "--help")
    assert "--data FILE" in result.stdout


def test_completion_reads_data_given_after_the_command(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    result = run(env={"_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"fwmy show --data {path} "})
    assert result.exit_code == 0
    assert "不是标记" in result.stdout and "推行跨境电商" not in result.stdout


def test_fwmy_help_is_the_help_of_fwmy_or_of_a_command():
    assert run("help").stdout == run("--help").stdout
    for command in ("search", "show", "help"):
        result = run("help", command)
        assert result.exit_code == 0
        assert result.stdout == run(command, "--help").stdout
    result = run("help", "nope")
    assert result.exit_code == 2 and "the commands are list, search" in result.stderr


def test_the_lean_app_of_help_knows_every_command():
    from fuwumaoyi_cli.cli.process import app_for

    assert app_for(["help", "search"]) is app


def test_stats_by_theme_is_by_tag():
    by_theme, by_tag = run("stats", "--by", "theme"), run("stats", "--by", "tag")
    assert by_theme.exit_code == 0 and by_theme.stdout == by_tag.stdout
    assert as_json(run("stats", "--by", "theme", "--json")) == as_json(run("stats", "--by", "tag", "--json"))


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["search", "融资"],
        ["show", "14"],
        ["compare", "15", "16"],
        ["figures", "16"],
        ["similar", "15"],
        ["stats"],
    ],
)
def test_every_command_that_can_fill_a_screen_takes_pager_and_no_pager(args):
    for option in ("--pager", "--no-pager"):
        result = run(*args, option)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == run(*args).stdout  # not a terminal: printed as it is either way


# at 60 columns: nothing wider than the terminal, no name, theme or English word cut in two


def lines_at(width, *args):
    from rich.cells import cell_len

    result = run(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width, max(lines, key=cell_len)
    return lines


def cells_of(lines):
    """The text of each table cell, one per line and column: what stands between the borders."""
    import re

    return [cell.strip() for line in lines for cell in re.split("[│┃]", line)]


@pytest.mark.parametrize("width", [60, 80])
def test_the_overview_fits_and_keeps_each_example_whole(width):
    lines = lines_at(width)
    for example, _what in OVERVIEW_EXAMPLES:
        assert any(line.strip().startswith(example) for line in lines), example


def test_the_list_at_60_columns_keeps_names_themes_and_headers_whole(dataset):
    cells = cells_of(lines_at(60, "list"))
    for name in {n for case in dataset.cases for n in (*case.providers, *case.tags)} | {"Providers", "Tags"}:
        assert name in cells, name


def test_search_at_60_columns_keeps_providers_whole(dataset):
    cells = cells_of(lines_at(60, "search", "融资", "--limit", "20"))
    hits = [c["id"] for c in as_json(run("search", "融资", "--limit", "20", "--json"))]
    for case_id in hits:
        for name in dataset.get(case_id).providers:
            assert name in cells, name


@pytest.mark.parametrize(
    "args", [["similar", "15"], ["figures", "16"], ["stats"], ["compare", "15", "16"], ["show", "14"]]
)
def test_other_output_fits_60_columns(args):
    lines_at(60, *args)


def bash_completion_script():
    """What `fwmy --show-completion` prints in bash. Asked of typer by name: the option itself finds the shell
    among the parent processes (shellingham), which a test run from a background job does not have."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name="fwmy", complete_var="_FWMY_COMPLETE", shell="bash")


def test_bash_completion_offers_ids_in_their_order_and_bash_keeps_it():
    env = {"_FWMY_COMPLETE": "complete_bash", "COMP_WORDS": "fwmy show ", "COMP_CWORD": "2"}
    assert run(env=env).stdout.split() == [str(n) for n in range(1, 21)]
    script = bash_completion_script()
    assert "complete -o nosort -o default -F _fwmy_completion fwmy" in script  # bash sorts 1 10 11 … 2 otherwise


@pytest.mark.slow
def test_bash_accepts_the_completion_script(tmp_path):
    import shutil
    import subprocess

    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = tmp_path / "fwmy.bash"
    script.write_text(bash_completion_script(), encoding="utf-8")
    result = subprocess.run(["bash", "-c", f"source {script} && complete -p fwmy"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "-o nosort" in result.stdout


def test_zsh_and_fish_completion_show_titles_as_text(tmp_path):
    # typer's clean-up read rich markup in them (and imported rich for it); a title is text, as everywhere else.
    path = tmp_path / "mine.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    words = f"fwmy --data {path} show 1"
    zsh = run(env={"_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words})
    assert '"1":"[red]不是标记[/red]"' in zsh.stdout
    fish = run(
        env={
            "_FWMY_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": words,
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        }
    )
    assert fish.stdout.splitlines() == ["1\t[red]不是标记[/red]"]


def test_a_section_of_120_points_is_shown_exported_and_searched(tmp_path):
    # 110 points or more once ended show, export and search in exit 70 (no Chinese numeral for the ordinal).
    points = "".join(f'\n[[cases.sections.points]]\nlead = "要点第{i}条。"\n' for i in range(1, 121))
    path = tmp_path / "points.toml"
    path.write_text(MARKUP_FILE.replace('text = "融资[link=x]链接[/link]"', points), encoding="utf-8")
    shown = run("--data", str(path), "show", "1", "--no-pager")
    assert shown.exit_code == 0 and "（一百二十）要点第120条。" in shown.stdout
    exported = run("--data", str(path), "export")
    assert exported.exit_code == 0 and "**（一百一十一）要点第111条。**" in exported.stdout
    found = run("--data", str(path), "search", "要点第115条", "--json")
    assert found.exit_code == 0 and [h["id"] for h in as_json(found)] == [1]


def test_a_numeral_with_a_leading_zero_is_not_case_4():
    result = run("show", "〇十四")  # once opened case 4
    assert result.exit_code == 2 and "not a case number" in result.stderr


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _written(write, *args, **kwargs) -> bytes:
    import contextlib
    import io

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out):
        write(*args, **kwargs)
    return out.buffer.getvalue()


@settings(max_examples=200, deadline=None)
@given(items=st.lists(_json_values, max_size=4), ascii_only=st.booleans())
def test_an_array_of_dumped_items_is_written_as_the_array_itself(items, ascii_only):
    from fuwumaoyi_cli.cli.output import write_json, write_json_array

    dumped = [json.dumps(item, ensure_ascii=False, indent=2) for item in items]
    whole = _written(write_json, items, ascii_only=ascii_only)
    assert _written(write_json_array, dumped, ascii_only=ascii_only) == whole


def test_list_json_is_every_cases_summary():
    from fuwumaoyi_cli.cases.loader import load_dataset

    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    summaries = [c.summary_dict() for c in load_dataset().cases]
    assert result.stdout == json.dumps(summaries, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("size", [10, 2_000_000], ids=["short", "long"])
def test_json_of_any_length_carries_no_raw_control_character(capsysbinary, size):
    from fuwumaoyi_cli.cli import output

    output.write_json(["中" * size + "\u009b[2J\u202e"])
    written = capsysbinary.readouterr().out.decode("utf-8")
    assert "\u009b" not in written and "\u202e" not in written
    assert json.loads(written) == ["中" * size + "\u009b[2J\u202e"]
