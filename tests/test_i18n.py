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

from fuwumaoyi_cli import i18n

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("catalog", ROOT / "scripts" / "catalog.py")
catalog = importlib.util.module_from_spec(spec)
sys.modules["catalog"] = catalog  # dataclasses look their module up there
spec.loader.exec_module(catalog)


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
