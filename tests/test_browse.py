"""`fwmy browse`, driven as a person drives it: Textual's Pilot presses keys in a headless terminal.

The SVG snapshots (pytest-textual-snapshot) are in tests/__snapshots__/test_browse/; after a deliberate
change to the screens, `pytest tests/test_browse.py --snapshot-update` redraws them, and the diff of the
SVG files is what to review.
"""

import csv
import json
import threading
import time

import pytest
from rich.console import Console
from textual import events
from typer.testing import CliRunner

from fuwumaoyi_cli.browse.app import BrowseApp, HitList, QueryLine
from fuwumaoyi_cli.browse.screens import ChoicePrompt, CompareScreen, HelpScreen, ReaderScreen, SimilarScreen
from fuwumaoyi_cli.browse.session import Filters, Session
from fuwumaoyi_cli.cases.loader import load_dataset, prepare
from fuwumaoyi_cli.cli.commands import app as cli
from fuwumaoyi_cli.keyfigures import extract_key_figures
from fuwumaoyi_cli.render.analysis import render_key_figures_summary
from fuwumaoyi_cli.render.cases import render_case
from fuwumaoyi_cli.search.engine import prepared_index

runner = CliRunner()


@pytest.fixture(scope="module")
def prepared():
    return prepare(None)


def new_session(prepared, filters=Filters()):
    return Session(prepared.dataset, prepared_index(prepared), filters)


@pytest.fixture
def browser(prepared):
    return BrowseApp(new_session(prepared))


def cli_ids(*args):
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


async def settle(pilot, query=None):
    """Wait until the list shows the query line's query (the search runs in a thread, after a debounce)."""
    app = pilot.app
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        wanted = app.query_one(QueryLine).value if query is None else query
        if app.listing.query == wanted and not app._searching and app._wanted is None:
            await pilot.pause()
            return
    raise AssertionError(f"the list never showed {wanted!r}")


async def type_query(pilot, text):
    await pilot.press(*text)
    await settle(pilot, text)


def listed(app):
    """The ids the list shows, read from its rows."""
    hits = app.query_one(HitList)
    return [int(hits.get_option_at_index(i).prompt.plain[2:].split()[0]) for i in range(hits.option_count)]


def shown(widget):
    """The text a Static shows."""
    return plain(widget.content, 200)


def plain(renderable, width=80):
    console = Console(width=width, color_system=None, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


# --- the session, without a screen -------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "  ", "，。！", '""'])
def test_a_query_with_no_word_lists_every_case_under_the_filters(prepared, query):
    session = new_session(prepared, Filters(tags=("rongzi",)))
    listing = session.listing(query)
    assert [c.id for c in listing.cases] == cli_ids("list", "--tag", "融资") and not listing.hits
    assert session.filters.tags == ("融资",)  # kept by its name, as the status line shows it


def test_the_words_to_highlight_are_what_the_query_matched_each_once(prepared):
    listing = new_session(prepared).listing("rongzi")
    words = listing.words_to_highlight(4)
    assert words[0] == "融资" and len({w.casefold() for w in words}) == len(words)
    assert listing.words_to_highlight(1) == ()  # not a hit


def test_marks_keep_their_order_and_compare_wants_two_to_four(prepared):
    session = new_session(prepared)
    for case_id in (16, 4, 16, 9):
        session.toggle_mark(case_id)
    assert list(session.marks) == [4, 9]
    assert [c.id for c in session.comparison().cases] == [4, 9]
    session.toggle_mark(9)
    with pytest.raises(ValueError, match="marked: 1"):
        session.comparison()


@pytest.mark.parametrize("name", ["cases.pdf", "cases", "  "])
def test_export_refuses_a_name_whose_suffix_names_no_format(prepared, tmp_path, name):
    session = new_session(prepared)
    with pytest.raises(ValueError):
        session.export(str(tmp_path / name) if name.strip() else name, [prepared.dataset.get(1)])
    assert list(tmp_path.iterdir()) == []


# --- searching ---------------------------------------------------------------------------------


async def test_the_query_line_has_the_focus_and_every_case_is_listed(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(browser.focused, QueryLine)
        assert listed(browser) == list(range(1, 21))
        assert "20 cases" in shown(browser.query_one("#status"))


async def test_pinyin_lists_the_financing_cases_as_search_finds_them(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "rongzi")
        assert listed(browser) == cli_ids("search", "rongzi")
        financing = {c.id for c in load_dataset().cases if "融资" in c.tags}
        assert set(listed(browser)[:3]) <= financing


@pytest.mark.parametrize("typed", ["ron", "rong"])
def test_pinyin_on_the_way_to_a_word_lists_what_it_may_become(prepared, typed):
    listing = new_session(prepared).listing(typed)
    assert runner.invoke(cli, ["search", typed]).exit_code == 1  # the command finds nothing for the letters
    assert [c.id for c in listing.cases] == cli_ids("search", "融资|融合", "--limit", "100")
    assert listing.note == f"{typed}… → 融资、融合"


def test_pinyin_being_typed_after_a_whole_word_keeps_the_word(prepared):
    listing = new_session(prepared).listing("kuajing baox")
    assert [c.id for c in listing.cases] == cli_ids(
        "search", "kuajing", "保险|保险公司|保险人|保险费", "--limit", "100"
    )
    assert listing.note.startswith("baox… → 保险")


def test_an_english_word_being_typed_is_not_read_as_pinyin(prepared):
    session = new_session(prepared)
    assert "…" not in session.listing("how can a small firm ge").note  # ge: get, not 个人 or 各地
    assert "…" not in session.listing("customs clearance of bio").note


def test_letters_that_start_no_word_still_find_nothing(prepared):
    listing = new_session(prepared).listing("xyzq")
    assert listing.cases == () and listing.note.startswith("nothing found")


async def test_chinese_typed_or_pasted_searches(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "融资")
        assert listed(browser) == cli_ids("search", "融资")
        query_line = browser.query_one(QueryLine)
        query_line.value = ""
        # An IME commits a word, or a paste brings a phrase: one event, several characters.
        query_line.post_message(events.Paste("知识产权 质押"))
        await settle(pilot, "知识产权 质押")
        assert listed(browser) == cli_ids("search", "知识产权", "质押")


async def test_letters_that_are_list_keys_are_typed_into_the_query(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "qiye cesuo tr")
        assert browser.return_code is None and browser.screen is browser.screen_stack[0]
        assert not browser.session.marks


async def test_searching_runs_in_a_worker_thread_and_is_debounced(browser, monkeypatch):
    threads = []
    listing = browser.session.listing

    def recorded(query):
        threads.append(threading.current_thread())
        return listing(query)

    monkeypatch.setattr(browser.session, "listing", recorded)
    async with browser.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "rongzi")
    assert threads and threading.main_thread() not in threads
    assert len(threads) < 1 + len("rongzi")  # the start, then fewer searches than keystrokes


async def test_nothing_found_says_so_and_suggests(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "房地产")
        assert listed(browser) == []
        assert "nothing found" in shown(browser.query_one("#status"))


# --- reading -----------------------------------------------------------------------------------


async def test_enter_opens_the_case_and_escape_comes_back_with_query_and_position(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "rongzi")
        await pilot.press("down", "down", "down", "enter")
        reader = browser.screen
        assert isinstance(reader, ReaderScreen) and reader.case.id == listed(browser)[2]
        assert "融资" in reader.highlight
        await pilot.press("escape")
        assert not isinstance(browser.screen, ReaderScreen)
        assert browser.query_one(QueryLine).value == "rongzi"
        assert browser.query_one(HitList).highlighted == 2 and isinstance(browser.focused, HitList)


async def test_enter_in_the_query_line_opens_the_top_hit(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "区快链")
        await pilot.press("enter")
        assert isinstance(browser.screen, ReaderScreen) and browser.screen.case.id == 18


async def test_a_click_on_a_row_opens_that_case(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "rongzi")
        await pilot.click(HitList, offset=(10, 1))  # the second row
        assert isinstance(browser.screen, ReaderScreen) and browser.screen.case.id == listed(browser)[1]


def test_the_reader_lays_a_case_out_as_show_does(prepared):
    session = new_session(prepared)
    case = prepared.dataset.get(16)
    reader = ReaderScreen(session, case)
    # Each part is a widget of its own (the outline jumps to it), and a part that ends a section is
    # followed by a blank line, as show prints it.
    text = "".join(plain(renderable, 60) + ("\n" if ends else "") for _, renderable, ends in reader.parts)
    extra = [render_key_figures_summary(extract_key_figures(case))]
    assert text == plain(render_case(case, extra=extra), 60)
    assert [entry for entry, _, _ in reader.parts if not entry.startswith(" ")] == [
        "引言 intro",
        *(f"{s.ordinal}{s.heading}" for s in case.sections),
    ]


async def test_the_reader_highlights_the_matches_and_jumps_to_a_section(browser):
    async with browser.run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "rongzi")
        await pilot.press("enter")
        reader = browser.screen
        console = Console(width=100, force_terminal=True, color_system="standard", file=open("/dev/null", "w"))  # noqa: SIM115
        with console.capture() as captured:
            console.print(reader.parts[0][1])
        assert "\x1b[1;7m融资" in captured.get()  # bold reverse: a match, with or without colour
        text = reader.query_one("#text")
        await pilot.press("3")  # 实践效果
        results = reader.section_starts["results"]
        assert text.scroll_y == reader.query_one(f"#part-{results}").virtual_region.y
        assert reader.query_one("#outline").highlighted == results
        await pilot.press("1")  # case 18 has no 背景情况: it says so and stays
        assert text.scroll_y == reader.query_one(f"#part-{results}").virtual_region.y


# --- several cases -----------------------------------------------------------------------------


async def test_space_marks_and_c_compares_the_marked_cases(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "rongzi")
        await pilot.press("down", "space", "space")
        assert list(browser.session.marks) == [18, 15]
        assert "marked 18 15" in shown(browser.query_one("#status"))
        rows = [browser.query_one(HitList).get_option_at_index(i).prompt.plain for i in range(3)]
        assert [row.startswith("●") for row in rows] == [True, True, False]
        await pilot.press("c")
        assert isinstance(browser.screen, CompareScreen)
        assert [c.id for c in browser.screen.comparison.cases] == [18, 15]
        await pilot.press("escape", "up", "space")  # unmark 15: one case is not a comparison
        assert list(browser.session.marks) == [18]
        await pilot.press("c")
        assert not isinstance(browser.screen, CompareScreen)


async def test_s_shows_similar_cases_and_enter_opens_one(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "zscq")
        await pilot.press("down", "s")
        similar = browser.screen
        assert isinstance(similar, SimilarScreen) and similar.result.case.id == listed(browser)[0]
        await pilot.press("space", "up", "enter")
        assert isinstance(browser.screen, ReaderScreen)
        assert browser.screen.case.id == similar.result.similar[0].case.id
        await pilot.press("escape", "escape")
        assert list(browser.session.marks) == [similar.result.similar[0].case.id]
        assert listed(browser)  # back on the list


async def test_t_and_r_filter_with_the_values_tag_and_region_take(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "t")
        assert isinstance(browser.screen, ChoicePrompt)
        await pilot.press(*"financing", "enter")
        await settle(pilot)
        assert listed(browser) == cli_ids("list", "--tag", "financing")
        assert "主题 融资" in shown(browser.query_one("#status"))
        await pilot.press("r", *"火星", "enter")
        assert isinstance(browser.screen, ChoicePrompt)  # not a place of the data: the prompt says so, stays
        assert "not known" in shown(browser.screen.query_one("#prompt-error"))
        await pilot.press("escape", "r", *"hubei", "enter")
        await settle(pilot)
        assert listed(browser) == cli_ids("list", "--tag", "financing", "--region", "hubei")
        await pilot.press("t", "enter")  # empty: the theme filter goes
        await settle(pilot)
        assert listed(browser) == cli_ids("list", "--region", "hubei")


async def test_e_exports_the_marked_cases_to_the_file_named(browser, tmp_path):
    async with browser.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, "rongzi")
        await pilot.press("down", "space", "space", "e")
        target = tmp_path / "融资.csv"
        browser.screen.query_one("#prompt-input").value = str(tmp_path / "融资.pdf")
        await pilot.press("enter")
        assert "not a format" in shown(browser.screen.query_one("#prompt-error"))
        browser.screen.query_one("#prompt-input").value = str(target)
        await pilot.press("enter")
        with target.open(encoding="utf-8-sig", newline="") as f:
            assert [row["id"] for row in csv.DictReader(f)] == ["15", "18"]
        await pilot.press("e")  # the same name again: asks before it replaces the file
        browser.screen.query_one("#prompt-input").value = str(target)
        await pilot.press("enter")
        assert "exists" in shown(browser.screen.query_one("#prompt-error"))


# --- keys and the end --------------------------------------------------------------------------


async def test_help_lists_every_key(browser):
    async with browser.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(browser.screen, HelpScreen)
        text = plain(browser.screen.query_one("#help Static").content, 120)
        for key in ("↓", "Enter", "Space", "c", "s", "e", "t", "r", "/", "?", "q", "Esc", "Tab", "1", "Ctrl-C", "F1"):
            assert f"\n{key} " in text or f" {key} " in text, key
        await pilot.press("escape")
        assert not isinstance(browser.screen, HelpScreen)


@pytest.mark.parametrize("keys", [["down", "q"], ["ctrl+c"], ["down", "enter", "q"]], ids=["q", "ctrl+c", "q reading"])
async def test_q_and_ctrl_c_quit_with_status_0(browser, keys):
    async with browser.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await pilot.pause()
    assert browser.return_code == 0


async def test_case_text_is_never_read_as_markup(tmp_path):
    from test_cli import MARKUP_FILE

    path = tmp_path / "cases.toml"
    path.write_text(MARKUP_FILE, encoding="utf-8")
    app = BrowseApp(new_session(prepare(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "[red]不是标记[/red]" in app.query_one(HitList).get_option_at_index(0).prompt.plain
        assert "[bold]粗体[/bold]" in plain(app.query_one("#preview-text").content)
        await pilot.press("enter")
        assert "[link=x]链接[/link]" in plain(app.screen.parts[1][1])


def test_browse_refuses_a_stdout_that_is_not_a_terminal():
    result = runner.invoke(cli, ["browse", "融资"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "browse needs a terminal" in result.stderr and "fwmy search" in result.stderr


# --- snapshots ---------------------------------------------------------------------------------


def snapshot(snap_compare, app, size, *keys, query=None):
    async def run_before(pilot):
        await settle(pilot)
        if query is not None:
            await type_query(pilot, query)
        await pilot.press(*keys)
        await pilot.pause()

    return snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_a_pinyin_search_at_120x40(snap_compare, browser):
    assert snapshot(snap_compare, browser, (120, 40), query="rongzi")


def test_snapshot_a_pinyin_search_at_80x24(snap_compare, browser):
    assert snapshot(snap_compare, browser, (80, 24), "down", query="rongzi")


def test_snapshot_a_case_read_at_80x24_chinese_folded_matches_highlighted(snap_compare, browser):
    assert snapshot(snap_compare, browser, (80, 24), "enter", "3", query="知识产权质押")


def test_snapshot_two_cases_compared_stacked_at_80x24(snap_compare, browser):
    assert snapshot(snap_compare, browser, (80, 24), "down", "space", "space", "c", query="rongzi")


def test_snapshot_no_color_at_80x24(snap_compare, prepared, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snapshot(snap_compare, BrowseApp(new_session(prepared)), (80, 24), "down", "space", query="区块链")


# --- in a real terminal ------------------------------------------------------------------------


def run_in_terminal(*args, keys_after, until, columns=80, lines=24):
    """Run `python -X importtime -m fuwumaoyi_cli ARGS` on a pseudo-terminal of this size; once the screen
    shows `until`, type `keys_after`. The exit status and everything the program wrote."""
    import fcntl
    import os
    import select
    import struct
    import subprocess
    import sys
    import termios

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "fuwumaoyi_cli", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    output, sent = b"", False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the program ended and closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            if not sent and until.encode() in output:
                os.write(leader, keys_after)
                sent = True
        status = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return status, output.decode("utf-8", "replace")


@pytest.mark.slow
def test_in_a_terminal_it_searches_then_ctrl_c_quits_with_0_and_restores_the_screen():
    status, output = run_in_terminal("browse", "rongzi", keys_after=b"\x03", until="8 hits")
    assert status == 0
    assert "Traceback" not in output
    assert output.rfind("\x1b[?1049l") > output.rfind("\x1b[?1049h") >= 0  # the alternate screen left at the end
    imported = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in output.splitlines() if "import time:" in line}
    assert "textual" in imported  # the control for tests/test_importtime.py: the reader does import it
