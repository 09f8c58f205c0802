"""Chinese messages (issue 15): the language chosen, the catalog complete and compiled, and fwmy in Chinese.

The other tests run in English (conftest.py pins FWMY_LANG=en); these ask for Chinese through the
environment each run of fwmy gets, as a user does, or with i18n.use("zh").
"""

import ast
import gettext
import importlib.util
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from hypothesis import assume, given
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from fuwumaoyi_cli import i18n
from fuwumaoyi_cli.cli import language, wrapping
from fuwumaoyi_cli.cli.app import OVERVIEW_EXAMPLES
from fuwumaoyi_cli.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("catalog", ROOT / "scripts" / "catalog.py")
catalog = importlib.util.module_from_spec(spec)
sys.modules["catalog"] = catalog  # dataclasses look their module up there
spec.loader.exec_module(catalog)

runner = CliRunner()
LOCALE = ("FWMY_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
ZH = {"FWMY_LANG": "zh"}
ZH_LOCALE = {**dict.fromkeys(LOCALE), "LANG": "zh_CN.UTF-8"}  # no FWMY_LANG: the locale decides
C_LOCALE = {**dict.fromkeys(LOCALE), "LANG": "C"}


def run(*args, env=None):
    return runner.invoke(app, list(args), env=env)


def has_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# ---------------------------------------------------------------- the language chosen


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"FWMY_LANG": "zh"}, "zh"),
        ({"FWMY_LANG": "zh_CN"}, "zh"),
        ({"FWMY_LANG": "zh-Hans"}, "zh"),
        ({"FWMY_LANG": "zh_TW.UTF-8"}, "zh"),  # the Simplified catalog: the cases are in simplified characters
        ({"FWMY_LANG": "ZH"}, "zh"),
        ({"FWMY_LANG": "en"}, "en"),
        ({"FWMY_LANG": "en_GB"}, "en"),
        ({"FWMY_LANG": "C"}, "en"),
        ({"FWMY_LANG": "fr"}, "en"),  # no catalog: English, never an error
        ({"FWMY_LANG": "??"}, "en"),
        ({"FWMY_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),  # FWMY_LANG first
        ({"FWMY_LANG": "zh", "LC_ALL": "C"}, "zh"),
        ({"FWMY_LANG": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # empty is unset
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.GB18030"}, "zh"),
        ({"LANG": "zh_TW"}, "zh"),
        ({"LANG": "zh_HK.UTF-8"}, "zh"),
        ({"LANG": "zh"}, "zh"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh"),  # LANGUAGE before the locale
        ({"LANGUAGE": "en:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, "zh"),  # its first entry fwmy has
        ({"LANGUAGE": "fr", "LANG": "zh_CN.UTF-8"}, "en"),  # none: untranslated, as gettext does
        ({"LANGUAGE": "zh_CN:zh", "LC_ALL": "C"}, "en"),  # LC_ALL=C in a script means English
        ({"LANGUAGE": "zh_CN:zh", "LANG": "C.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN"}, "zh"),
        ({"LANGUAGE": "", "LANG": "zh_CN.UTF-8"}, "zh"),
        ({}, "en"),
    ],
)
def test_the_language_comes_from_fwmy_lang_then_the_locale(environ, expected):
    assert i18n.language_from(environ) == expected


def test_use_chooses_and_english_needs_no_catalog(monkeypatch):
    monkeypatch.setenv("FWMY_LANG", "zh")
    assert i18n.use() == "zh" and i18n.language() == "zh"
    assert i18n._("missing") == "缺失"
    assert i18n._("no case {id}; {ids}", id=99, ids="…") == "没有第 99 号案例；…"
    assert i18n.use("en") == "en"
    assert i18n._("missing") == "missing"
    assert i18n._("no case {id}; {ids}", id=99, ids="…") == "no case 99; …"
    assert i18n._("a message no catalog has") == "a message no catalog has"


def test_a_missing_catalog_is_english_not_an_error(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "CATALOG", str(tmp_path / "none.mo"))
    monkeypatch.setattr(i18n, "_loaded", {})
    assert i18n.use("zh") == "en"
    assert i18n._("missing") == "missing"


def test_os_reasons_are_translated(monkeypatch):
    import errno

    err = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), "x")
    assert i18n.os_reason(err) == os.strerror(errno.ENOENT)
    i18n.use("zh")
    assert i18n.os_reason(err) == "没有该文件或目录"
    assert i18n.os_reason(OSError(errno.EINVAL, "fwmy's own words")) == "fwmy's own words"


# ---------------------------------------------------------------- the catalog


def placeholders(text):
    return sorted(name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None)


def test_every_marked_message_has_a_chinese_translation_and_the_catalog_nothing_else():
    marked = catalog.marked_messages()
    entries = {e.msgid: e for e in catalog.read_po() if e.msgid}
    missing = [m for m in marked if m not in entries]
    stale = [m for m in entries if m not in marked]
    assert not missing, f"not in fwmy.po (run scripts/catalog.py, then translate): {missing}"
    assert not stale, f"in fwmy.po but marked nowhere (run scripts/catalog.py): {stale}"
    untranslated = [m for m, e in entries.items() if not e.msgstr.strip() or e.fuzzy]
    assert not untranslated, f"no Chinese for: {untranslated}"


def test_the_po_is_as_scripts_catalog_writes_it():
    entries, stale = catalog.updated(catalog.read_po(), catalog.marked_messages())
    assert not stale
    assert catalog.PO.read_text(encoding="utf-8") == catalog.po_text(entries), "run python scripts/catalog.py"
    # Paths from the repository's root, the same in any clone.
    assert all(name.startswith("src/fuwumaoyi_cli/") for e in entries[1:] for name in e.references)


def test_placeholders_of_each_translation_are_those_of_its_message():
    for entry in catalog.read_po()[1:]:
        assert placeholders(entry.msgstr) == placeholders(entry.msgid), entry.msgid
        values = dict.fromkeys(placeholders(entry.msgid), "x")
        entry.msgstr.format(**values)  # no stray brace


def test_the_mo_is_the_po_compiled():
    assert catalog.MO.read_bytes() == catalog.mo_bytes(catalog.read_po()), "run python scripts/catalog.py"


def test_gettext_reads_every_translation_from_the_mo():
    with open(catalog.MO, "rb") as handle:
        translations = gettext.GNUTranslations(handle)
    for entry in catalog.read_po()[1:]:
        assert translations.gettext(entry.msgid) == entry.msgstr
    assert translations.info()["content-type"] == "text/plain; charset=UTF-8"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="no GNU msgfmt (CI needs none)")
def test_gnu_msgfmt_checks_the_po_and_compiles_it_to_the_same_bytes(tmp_path):
    out = tmp_path / "fwmy.mo"
    subprocess.run(["msgfmt", "--check", "--no-hash", "-o", str(out), str(catalog.PO)], check=True)
    assert out.read_bytes() == catalog.MO.read_bytes()


def test_a_message_is_marked_as_a_literal(tmp_path):
    good = tmp_path / "good.py"
    good.write_text('_("a {x}", x=1)\nN_("b" "c")\n_(TABLE[key])\n')
    assert catalog.marked_in(good) == [("a {x}", 1), ("bc", 2)]
    for code in ('_(f"a {x}")', '_("a" + b)', "N_(name)", '_("a", "b")'):
        bad = tmp_path / "bad.py"
        bad.write_text(code + "\n")
        with pytest.raises(SystemExit):
            catalog.marked_in(bad)


def test_no_function_both_calls_underscore_and_assigns_it():
    # `for _, x in …` in a function that also calls _() would call a string.
    for path in (ROOT / "src" / "fuwumaoyi_cli").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]
        for scope in scopes:
            nodes = list(ast.walk(scope)) if scope is not tree else list(ast.iter_child_nodes(tree))
            stores = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in nodes)
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in nodes)
            assert not (stores and calls), f"{path}:{getattr(scope, 'lineno', 0)} assigns _ and calls _()"


# ---------------------------------------------------------------- the core's messages


@pytest.mark.parametrize(("lang", "loaded"), [("en", False), ("zh", True)])
def test_gettext_and_the_catalog_are_loaded_for_chinese_only(lang, loaded):
    # typer imports gettext itself, so the command line pays nothing for it; the core alone (the library) does
    # not import it in English.
    code = (
        "import sys; from fuwumaoyi_cli.cases.loader import check_file; check_file('/no/such/file'); "
        "print('gettext' in sys.modules)"
    )
    env = {**os.environ, "FWMY_LANG": lang}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(loaded)


def test_the_core_speaks_the_chosen_language(tmp_path):
    from fuwumaoyi_cli.cases.ids import UnknownCase, parse_case_id
    from fuwumaoyi_cli.cases.loader import check_file

    path = tmp_path / "bad.toml"
    path.write_text('schema_version = 2\n[[cases]]\nid = 1\ntags = ["融资"]\n', encoding="utf-8")
    english = [str(p) for p in check_file(path)]
    assert "case 1: title: missing" in english
    i18n.use("zh")
    chinese = [str(p) for p in check_file(path)]
    assert "案例 1: title: 缺失" in chinese and "案例 1: tags: “融资”不是 [[themes]] 中定义的主题" in chinese
    assert len(chinese) == len(english)
    assert str(UnknownCase(99, tuple(range(1, 21)))) == "没有第 99 号案例；案例编号为 1–20"
    assert str(UnknownCase(5, (1, 10))) == "没有第 5 号案例；现有案例：1、10"
    with pytest.raises(ValueError, match="“x”不是案例编号"):
        parse_case_id("x")
    assert check_file(tmp_path / "none.toml")[0].message == "文件不存在"


# ---------------------------------------------------------------- the command line in Chinese


def _underscore_literals(path):
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return {
        n.args[0].value
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" and n.args
    }


def test_the_words_taken_from_typer_are_the_ones_it_writes():
    # typer is pinned below 0.29; a new version with other words fails here, not silently in English.
    folder = Path(typer.__file__).parent
    assert _underscore_literals(folder / "core.py") == set(language.TYPER_WORDS)
    assert f'help="{language.HELP_OPTION}"' in (folder / "_click" / "decorators.py").read_text(encoding="utf-8")
    completion = (folder / "completion.py").read_text(encoding="utf-8")
    assert all(f'help="{text}"' in completion for text in language.COMPLETION_HELP)
    assert f'prefix = "{language.USAGE}"' in (folder / "_click" / "formatting.py").read_text(encoding="utf-8")
    command = typer.main.get_command(app)
    assert command.options_metavar == language.OPTIONS_METAVAR
    assert command.subcommand_metavar == language.COMMAND_METAVAR


def test_the_extraction_finds_every_message():
    marked = catalog.marked_messages()
    assert len(marked) > 200  # not a few: the source's messages and help texts
    assert (
        "Show the version." in marked
        and "no case {id}; {ids}" in marked
        and "{value} is not one of {choices}." in marked
    )


def test_chinese_translations_are_chinese_and_keep_the_datas_words():
    entries = catalog.read_po()[1:]
    for entry in entries:
        if has_chinese(entry.msgid) or not any(c.isalpha() for c in entry.msgid):
            continue
        if entry.msgid in ("[OPTIONS]", "{heading}:") or entry.msgid.startswith("{"):
            continue
        assert has_chinese(entry.msgstr) or entry.msgstr == entry.msgid, entry.msgid
    words = "\n".join(e.msgstr for e in entries)
    for word in ("案例", "主题", "地区", "关键数据", "试点", "提供单位"):
        assert word in words
    for wrong in ("個案", "專題", "标签"):  # not the data's words (traditional forms, 标签 for 主题)
        assert wrong not in words


@pytest.mark.parametrize("env", [ZH, ZH_LOCALE], ids=["FWMY_LANG=zh", "LANG=zh_CN.UTF-8"])
def test_an_error_is_chinese(env):
    result = run("show", "99", env=env)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "fwmy: 没有第 99 号案例；案例编号为 1–20\n"


@pytest.mark.parametrize("env", [ZH, ZH_LOCALE], ids=["FWMY_LANG=zh", "LANG=zh_CN.UTF-8"])
def test_a_usage_error_is_chinese(env):
    result = run("show", "x", env=env)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "fwmy: ID 的值无效：“x”不是案例编号（可写作 14、１４、十四或第14）（参见 `fwmy show -h`）\n"
    )


@pytest.mark.parametrize("env", [ZH, ZH_LOCALE], ids=["FWMY_LANG=zh", "LANG=zh_CN.UTF-8"])
def test_a_commands_help_is_chinese(env):
    result = run("search", "--help", env=env)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("用法：fwmy search [选项] {QUERY...}\n")
    assert "\n参数：\n" in out and "\n选项：\n" in out
    assert "检索案例，最相关的排在前面。" in out and "最多显示 N 条结果。" in out and "[默认：10; x>=1]" in out
    assert "-h, --help            显示本帮助并退出。" in out
    assert "--data FILE           使用其他案例数据文件" in out
    for english in ("Usage", "Options", "Show this message", "Search the cases", "default", "required"):
        assert english not in out, english


@pytest.mark.parametrize("env", [ZH, ZH_LOCALE], ids=["FWMY_LANG=zh", "LANG=zh_CN.UTF-8"])
def test_the_overview_is_chinese(env):
    result = run(env=env)
    assert result.exit_code == 0 and result.stderr == ""
    assert "fwmy search 融资          检索：中文、拼音（rongzi）、英文均可\n" in result.stdout
    assert "运行 `fwmy COMMAND --help` 查看某个命令的选项" in result.stdout
    assert "FWMY_LANG=en" in result.stdout and "best-practice" not in result.stdout


def test_the_english_overview_and_help_say_how_to_get_chinese():
    assert "In Chinese (中文界面): FWMY_LANG=zh, or a zh_CN locale." in run().stdout
    assert "FWMY_LANG=zh" in run("--help").stdout


@pytest.mark.parametrize("env", [C_LOCALE, {**ZH_LOCALE, "FWMY_LANG": "en"}, {**ZH_LOCALE, "LC_ALL": "C"}])
def test_english_under_c_or_when_asked(env):
    assert run("show", "99", env=env).stderr == "fwmy: no case 99; cases are numbered 1–20\n"
    help_text = run("show", "--help", env=env).stdout
    assert help_text.startswith("Usage: fwmy show [OPTIONS] {ID}") and "Read one case in full." in help_text
    assert "Options:" in help_text


def test_the_language_is_chosen_again_for_each_run():
    assert "没有第" in run("show", "99", env=ZH).stderr
    assert run("show", "99").stderr.startswith("fwmy: no case 99")
    assert "没有第" in run("show", "99", env=ZH).stderr


JSON_COMMANDS = [
    ["search", "融资", "--json"],
    ["search", "海外买家退回的跨境包裹如何处理", "--explain", "--json"],
    ["show", "14", "--json"],
    ["list", "--json"],
    ["figures", "16", "--json"],
    ["similar", "15", "--json"],
    ["stats", "--json"],
    ["compare", "15", "16", "--json"],
    ["export", "1", "2", "-f", "json"],
    ["export", "3", "-f", "csv"],
    ["export", "3", "-f", "markdown"],
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_data_output_is_the_same_in_both_languages(args):
    # JSON keys and values, CSV and exported documents are data for other programs: never translated.
    english, chinese, locale = run(*args, env=C_LOCALE), run(*args, env=ZH), run(*args, env=ZH_LOCALE)
    assert english.exit_code == chinese.exit_code == locale.exit_code == 0
    assert english.stdout == chinese.stdout == locale.stdout
    assert len(english.stdout) > 100


USAGE_ERRORS = [
    (["show", "x"], "show"),
    (["show"], "show"),
    (["show", "1", "2"], "show"),
    (["search", "融资", "--limit", "0"], "search"),
    (["search", "融资", "--limit", "x"], "search"),
    (["search", "--bogus", "融资"], "search"),
    (["list", "--limt", "3"], "list"),
    (["list", "-z"], "list"),
    (["list", "--tag", "房地产"], "list"),
    (["stats", "--by", "city"], "stats"),
    (["export", "-f", "pdf"], "export"),
    (["export", "-o", "x.pdf"], "export"),
    (["compare", "1", "1"], "compare"),
    (["show", "1", "--section", "foo"], "show"),
    (["help", "nope"], "help"),
    (["--bogus"], None),
    (["serch", "融资"], None),
]


# click's and typer's own English, which must not be left in a Chinese message.
CLICK_ENGLISH = (
    "Invalid value",
    "No such",
    "Missing",
    "is not one of",
    "not a valid",
    "not in the range",
    "requires",
    "does not take",
    "unexpected extra",
    "Did you mean",
    "Possible options",
)


@pytest.mark.parametrize(("args", "command"), USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_usage_errors_are_one_chinese_line_naming_the_help(args, command):
    result = run(*args, env=ZH)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("fwmy: ")
    assert lines[0].endswith(f"（参见 `fwmy {command} -h`）" if command else "（参见 `fwmy -h`）")
    assert has_chinese(lines[0].split("（参见")[0])
    for english in CLICK_ENGLISH:
        assert english not in lines[0], english


@pytest.mark.parametrize(
    ("args", "chinese"),
    [
        (["show"], "fwmy: 缺少参数 'ID'（参见 `fwmy show -h`）\n"),
        (["list", "--limt", "3"], "fwmy: 没有选项 --limt（参见 `fwmy list -h`）\n"),
        (["show", "1", "2"], "fwmy: 多余的参数：2（参见 `fwmy show -h`）\n"),
        (["search", "融资", "--limit"], "fwmy: 选项 '--limit' 需要一个值\n"),
        (["search", "融资", "--json", "--pager=x"], "fwmy: 选项 '--pager' 不接受值\n"),
        (["serch", "融资"], "fwmy: 没有命令“serch”。是否要用 'search'？（参见 `fwmy -h`）\n"),
        (["find", "融资"], "fwmy: 没有命令“find”；是否要运行：fwmy search 融资\n"),
        (["14"], "fwmy: 没有命令“14”；查看第 14 号案例请运行：fwmy show 14\n"),
        (
            ["search", "融资", "--limit", "0"],
            "fwmy: '--limit' / '-n' 的值无效：0 不在允许的范围 x>=1 内（参见 `fwmy search -h`）\n",
        ),
        (
            ["stats", "--by", "city"],
            "fwmy: '--by' 的值无效：'city' 不是可选的值（可选：'region', 'provider', 'tag', 'theme'）"
            "（参见 `fwmy stats -h`）\n",
        ),
    ],
)
def test_clicks_own_usage_errors_in_chinese(args, chinese):
    result = run(*args, env=ZH)
    assert result.exit_code == 2
    assert result.stderr == chinese


@pytest.mark.parametrize(("args", "command"), USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_in_english_a_usage_error_is_clicks_own_text(args, command):
    # usage_error_text rebuilds click's message from its parts; in English it must be click's, exactly.
    from typer import _click

    group = typer.main.get_command(app)
    with pytest.raises(_click.exceptions.UsageError) as caught:
        group.main(args, prog_name="fwmy", standalone_mode=False)
    assert language.usage_error_text(caught.value) == caught.value.format_message()


EXIT_CODES = [
    ["search", "融资"],
    ["show", "14", "--no-pager"],
    ["list"],
    ["stats"],
    ["show", "99"],
    ["search", "房地产"],
    ["list", "--tag", "生物医药", "--region", "北京"],
    ["validate", "/no/such/file.toml"],
    ["--data", "/no/such/file.toml", "list"],
    *(args for args, _command in USAGE_ERRORS),
]


@pytest.mark.parametrize("args", EXIT_CODES, ids=" ".join)
def test_exit_codes_and_one_line_messages_are_the_same_in_both_languages(args):
    english, chinese = run(*args, env=C_LOCALE), run(*args, env=ZH)
    assert english.exit_code == chinese.exit_code
    assert english.stderr.count("\n") == chinese.stderr.count("\n")
    assert english.stderr.startswith("fwmy: ") == chinese.stderr.startswith("fwmy: ")


def test_validate_speaks_chinese(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 2\n[[cases]]\nid = 1\nproviders = ["=北京"]\nregions = ["北京市"]\ntags = ["融资"]\n',
        encoding="utf-8",
    )
    result = run("validate", str(path), env=ZH)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{path}: 案例 1: title: 缺失" in lines
    assert f"{path}: 案例 1: tags: “融资”不是 [[themes]] 中定义的主题" in lines
    assert f"{path}: 案例 1: sections: 每个案例至少须有一个部分" in lines
    assert lines[-1] == f"fwmy: {path}：{len(lines) - 1} 个问题"
    good = tmp_path / "good.toml"
    good.write_text((ROOT / "data" / "cases.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("validate", str(good), env=ZH).stdout == f"{good}：通过\n"


def test_a_bad_data_file_is_one_chinese_line():
    result = run("--data", "/no/such/file.toml", "list", env=ZH)
    assert result.exit_code == 1
    assert result.stderr == "fwmy: /no/such/file.toml: 文件不存在\n"


def test_the_notice_of_a_file_written_is_chinese(tmp_path):
    out = tmp_path / "cases.md"
    result = run("export", "-o", str(out), env=ZH)
    assert result.exit_code == 0 and out.exists()
    assert result.stderr == f"fwmy: 已写入 {out}：20 个案例（markdown 格式）\n"
    devnull = run("figures", "16", "-f", "csv", "-o", "/dev/null", env=ZH)
    assert devnull.stderr == "fwmy: 已写入 /dev/null（字符设备：直接写入，未替换）：1 个案例的关键数据\n"


def test_search_messages_are_chinese():
    result = run("search", "驾照到期怎么换证", env=ZH)
    assert result.exit_code == 1
    assert result.stderr.startswith("fwmy: 未找到与“驾照到期怎么换证”相关的案例；理解为：驾照 到期 换证（略去 怎么；")
    assert result.stderr.endswith("（`fwmy list` 可列出全部案例）\n")
    explained = run("search", "海外买家退回的跨境包裹如何处理", "--explain", "-n", "1", env=ZH)
    assert explained.stderr.startswith("fwmy: 理解为：海外 买家 退回 跨境 包裹 处理（略去 的、如何；同时按语义）")


def test_fwmy_help_is_the_help_in_chinese_too():
    assert run("help", env=ZH).stdout == run("--help", env=ZH).stdout
    assert run("help", "search", env=ZH).stdout == run("search", "--help", env=ZH).stdout


def test_zsh_completion_offers_the_commands_in_chinese():
    env = {**ZH, "_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "fwmy "}
    assert '"search":"检索案例：中文、拼音、英文均可。"' in run(env=env).stdout


@pytest.mark.parametrize("command", ["", "list", "search", "show", "compare", "figures", "similar", "stats", "export"])
@pytest.mark.parametrize("env", [ZH, C_LOCALE], ids=["zh", "en"])
def test_help_fits_the_screen(command, env):
    # click wraps at 78 columns (80 less a margin), counting a Chinese character as one: it is two.
    result = run(*([command] if command else []), "--help", env={**env, "COLUMNS": "80"})
    assert result.exit_code == 0
    widest = max(result.stdout.splitlines(), key=cell_len)
    assert cell_len(widest) <= 80, widest
    for line in result.stdout.splitlines():
        assert not line.strip() or line.strip()[0] not in "，。、；：）”", line


@pytest.mark.parametrize("width", [40, 60, 80, 100])
def test_the_chinese_overview_fits(width):
    result = run(env={**ZH, "COLUMNS": str(width)})
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert all(any(line.strip().startswith(example) for line in lines) for example, _what in OVERVIEW_EXAMPLES)


def test_a_process_under_a_chinese_locale_speaks_chinese(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in LOCALE}
    result = subprocess.run(
        [sys.executable, "-m", "fuwumaoyi_cli", "show", "99"],
        cwd=tmp_path,
        env={**env, "LANG": "zh_CN.UTF-8"},
        capture_output=True,
    )
    assert result.returncode == 1
    assert result.stderr.decode("utf-8") == "fwmy: 没有第 99 号案例；案例编号为 1–20\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_write_error_in_chinese(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "fuwumaoyi_cli", "list", "--json"],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            env={**env, "FWMY_LANG": "zh"},
        )
    assert result.returncode == 1
    assert result.stderr.decode() == "fwmy: 无法写出结果：设备上没有剩余空间\n"


# ---------------------------------------------------------------- wrapping by display width


@given(st.text(alphabet=st.sampled_from("abc de-f\n ,."), max_size=200), st.integers(min_value=5, max_value=90))
def test_text_without_wide_characters_wraps_as_click_wraps_it(text, width):
    clicks = wrapping.WideTextWrapper.__mro__[1]  # click's own TextWrapper (its module's name is fwmy's now)
    ours = wrapping.WideTextWrapper(width, replace_whitespace=False).wrap(text)
    assert ours == clicks(width, replace_whitespace=False).wrap(text)


@given(
    st.text(alphabet=st.sampled_from("中文字符，。（）“”、abc 12"), min_size=1, max_size=300),
    st.integers(min_value=6, max_value=90),
)
def test_chinese_wraps_by_columns_and_never_starts_a_line_with_closing_punctuation(text, width):
    pieces = [p for chunk in text.split() for p in wrapping._pieces(chunk)]
    assume(pieces and max(cell_len(p) for p in pieces) <= width)
    # Closing punctuation that the text itself puts first, or after a space, may start a line.
    assume(
        text.strip()[0] not in "，。）”、"
        and not any(a.isspace() and b in "，。）”、" for a, b in zip(text, text[1:], strict=False))
    )
    lines = wrapping.WideTextWrapper(width).wrap(text)
    for line in lines:
        assert cell_len(line) <= width, (text, lines)
        assert line[:1] not in "，。）”、", (text, lines)
    assert "".join(lines).replace(" ", "") == "".join(text.split())


# ---------------------------------------------------------------- rendered output


def test_rendered_labels_drop_their_english_in_chinese():
    chinese, english = run("list", env=ZH).stdout, run("list").stdout
    assert "提供单位" in chinese and "Providers" not in chinese and "Title" not in chinese
    assert "提供 Providers" in english and "标题 Title" in english
    stats = run("stats", "--by", "region", env=ZH).stdout
    assert stats.startswith("按地区\n")
    assert run("stats", "--by", "region").stdout.startswith("按地区 by region\n")


def test_search_explain_names_forms_and_fields_in_chinese():
    explained = run("search", "知识产权", "--explain", "-n", "1", env=ZH).stdout
    assert "知识产权 → 知识产权（原词：标题、" in explained
    assert "知识产权 → 知识产权 (exact: title, " in run("search", "知识产权", "--explain", "-n", "1").stdout
