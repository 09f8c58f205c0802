"""The store of a large cases file (cases/store.py): the same answers as the JSON cache, read a case at a time,
trusted only when it is the user's own and names the file version it was made from."""

import json
import os
import sqlite3

import pytest
from typer.testing import CliRunner

from fuwumaoyi_cli.cases import loader, store
from fuwumaoyi_cli.cases.loader import bundled_path, prepare
from fuwumaoyi_cli.cases.store import StoredCases
from fuwumaoyi_cli.cli.commands import app

runner = CliRunner()


@pytest.fixture
def cases_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_bytes(bundled_path().read_bytes())
    os.utime(path, ns=(10**18, 10**18))  # old times: not racy, so the store is trusted by its identity alone
    return path


@pytest.fixture
def stored(monkeypatch):
    """Every file counts as large: the bundled cases go through a store."""
    monkeypatch.setattr(loader, "STORE_FROM_BYTES", 0)


def test_a_stored_dataset_reads_only_the_case_asked_for(cache_folder, cases_file, stored):
    prepare(cases_file)  # builds the store
    dataset = prepare(cases_file).dataset
    assert isinstance(dataset.cases, StoredCases)
    assert dataset.ids == tuple(range(1, 21)) and len(dataset.cases) == 20
    case = dataset.get(14)
    assert case is not None and case.id == 14 and case.sections
    assert list(dataset.cases._decoded) == [13]  # noqa: SLF001 - the one row decoded
    assert dataset.get(99) is None
    assert dataset.titles()[13] == (14, case.title)


def test_heads_carry_the_metadata_and_no_text(cache_folder, cases_file, stored):
    prepare(cases_file)
    dataset = prepare(cases_file).dataset
    full = loader.load_dataset(bundled_path())
    for head, case in zip(dataset.heads(), full.cases, strict=True):
        assert (head.id, head.title, head.providers, head.regions, head.tags, head.page) == (
            case.id,
            case.title,
            case.providers,
            case.regions,
            case.tags,
            case.page,
        )
        assert head.intro == "" and head.sections == ()
    assert not dataset.cases._decoded  # noqa: SLF001


def test_the_stored_cases_are_the_cases_of_the_file(cache_folder, cases_file, stored):
    prepare(cases_file)
    dataset = prepare(cases_file).dataset
    assert list(dataset.cases) == list(loader.load_dataset(bundled_path()).cases)
    assert dataset.cases[-1].id == 20 and [c.id for c in dataset.cases[1:3]] == [2, 3]
    with pytest.raises(IndexError):
        dataset.cases[20]


COMMANDS = [
    ["show", "14", "--json"],
    ["show", "14"],
    ["list", "--json"],
    ["list", "--tag", "保险"],
    ["stats", "--json"],
    ["search", "融资", "--json"],
    ["search", "苏州做了什么", "--json"],
    ["search", "融资 -保险", "--region", "江苏"],
    ["compare", "15", "16", "--json"],
    ["figures", "14", "--json"],
    ["similar", "14", "--json"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_answers_from_a_store_as_from_the_json_cache(cache_folder, cases_file, monkeypatch, args):
    def run():
        result = runner.invoke(app, ["--data", str(cases_file), *args, "--no-pager"])
        assert result.exit_code == 0, result.stderr
        return result.stdout.replace(str(cases_file), "FILE")

    from_json_cache = run()
    monkeypatch.setattr(loader, "STORE_FROM_BYTES", 0)
    first, warm = run(), run()  # building the store, then reading it
    assert store.store_path(cases_file.resolve()).is_file()
    assert first == warm == from_json_cache


def test_completion_reads_ids_and_titles_from_the_store(cache_folder, cases_file, stored):
    env = {"_FWMY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"fwmy --data {cases_file} show 1"}
    first = runner.invoke(app, [], env=env).stdout
    assert runner.invoke(app, [], env=env).stdout == first
    assert "14" in first and loader.load_dataset(bundled_path()).get(14).title in first


def test_the_search_index_is_kept_in_the_store_for_the_next_search(cache_folder, cases_file, stored, monkeypatch):
    from fuwumaoyi_cli.search import engine, index

    prepare(cases_file)
    engine.prepared_index(prepare(cases_file))
    monkeypatch.setattr(index, "build_index", lambda dataset: pytest.fail("built the index again"))
    monkeypatch.setattr(engine, "build_index", lambda dataset: pytest.fail("built the index again"), raising=False)
    prepared = prepare(cases_file)
    assert engine.prepared_index(prepared).case_ids == tuple(range(1, 21))


def no_toml_parsing(monkeypatch):
    monkeypatch.setattr(loader, "parse_toml_text", lambda *a: pytest.fail("parsed the file although its store is good"))


def test_a_current_store_is_used_without_parsing_the_file(cache_folder, cases_file, stored, monkeypatch):
    prepare(cases_file)
    no_toml_parsing(monkeypatch)
    assert prepare(cases_file).dataset.get(3).id == 3


def rebuilt(cases_file, monkeypatch):
    """Whether the next prepare() reads the file again (the store was not trusted)."""
    parsed = []
    real = loader.parse_toml_text
    monkeypatch.setattr(loader, "parse_toml_text", lambda *a: parsed.append(1) or real(*a))
    dataset = prepare(cases_file).dataset
    assert dataset.get(14).id == 14
    monkeypatch.setattr(loader, "parse_toml_text", real)
    return bool(parsed)


def test_a_changed_file_is_read_again(cache_folder, cases_file, stored, monkeypatch):
    prepare(cases_file)
    cases_file.write_text(cases_file.read_text(encoding="utf-8").replace("知识产权", "知识产权", 1) + "\n")
    os.utime(cases_file, ns=(10**18 + 10**9, 10**18 + 10**9))
    assert rebuilt(cases_file, monkeypatch)
    assert not rebuilt(cases_file, monkeypatch)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a database at all"),
        lambda path: path.write_bytes(path.read_bytes()[:4096]),  # cut short
        lambda path: path.write_bytes(b""),
    ],
    ids=["garbage", "truncated", "empty"],
)
def test_a_damaged_store_is_rebuilt_never_fatal(cache_folder, cases_file, stored, monkeypatch, damage):
    prepare(cases_file)
    path = store.store_path(cases_file.resolve())
    damage(path)
    os.chmod(path, 0o600)
    assert rebuilt(cases_file, monkeypatch)
    assert not rebuilt(cases_file, monkeypatch)


def test_a_store_with_rows_of_another_shape_is_not_served(cache_folder, cases_file, stored, monkeypatch):
    prepare(cases_file)
    path = store.store_path(cases_file.resolve())
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE cases SET model = ? WHERE id = 14", (json.dumps(["no", "case"]),))
    connection.close()
    result = runner.invoke(app, ["--data", str(cases_file), "show", "14", "--json"])
    # A row is read only when it is asked for: the run that finds it damaged answers from the file, and the
    # store goes, to be built again by the next run.
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] == loader.load_dataset(bundled_path()).get(14).title
    assert not path.exists()
    assert rebuilt(cases_file, monkeypatch) and path.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners and modes")
def test_a_store_others_may_write_is_not_trusted(cache_folder, cases_file, stored, monkeypatch):
    prepare(cases_file)
    path = store.store_path(cases_file.resolve())
    os.chmod(path, 0o666)
    assert rebuilt(cases_file, monkeypatch)
    assert path.stat().st_mode & 0o777 == 0o600  # replaced by a private one


def test_caching_off_means_no_store(tmp_path, cases_file, stored, monkeypatch):
    monkeypatch.setenv("FWMY_CACHE_DIR", "off")
    assert prepare(cases_file).dataset.get(14).id == 14
    assert not list(tmp_path.glob("**/*.sqlite"))


def test_a_racy_file_is_checked_by_its_bytes(cache_folder, tmp_path, stored, monkeypatch):
    path = tmp_path / "new.toml"
    path.write_bytes(bundled_path().read_bytes())  # times of now: racy
    prepare(path)
    assert not rebuilt(path, monkeypatch)
    text = path.read_bytes()
    stat = path.stat()
    path.write_bytes(text.replace("。".encode(), "．".encode(), 1))  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert rebuilt(path, monkeypatch)


def test_the_phrase_index_counts_the_texts_holding_a_term_exactly(cache_folder, cases_file, stored):
    from fuwumaoyi_cli.ngrams import ngrams, prose

    prepare(cases_file)
    dataset = prepare(cases_file).dataset
    texts = [(n, "知识，产权；abc知识产权x保险" if n == 0 else prose(c)) for n, c in enumerate(dataset.cases)]
    phrases = dataset.cases.phrase_index("test", lambda: texts)
    assert phrases is not None
    grams = ["识产", "知识产权", "权保", "产权保险", "保险"] + [g for g, _ in ngrams(texts[5][1]).most_common(300)]
    for gram in grams:  # 权保 and 产权保险 stand only across latin letters, which part two runs
        assert phrases.count(gram) == sum(gram in text for _, text in texts), gram
    # Built once: the next process finds the table in the store.
    again = prepare(cases_file).dataset.cases.phrase_index("test", lambda: pytest.fail("built again"))
    assert again is not None and again.count("知识产权") == sum("知识产权" in t for _, t in texts)


def test_compare_does_without_a_phrase_index_the_store_cannot_take(cache_folder, cases_file, stored, monkeypatch):
    def refuse(*args):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "_build_phrase_index", refuse)
    prepare(cases_file)
    assert prepare(cases_file).dataset.cases.phrase_index("prose", lambda: []) is None
    result = runner.invoke(app, ["--data", str(cases_file), "compare", "15", "16", "--json"])
    monkeypatch.setattr(loader, "STORE_FROM_BYTES", 1 << 40)
    assert (
        result.exit_code == 0
        and result.stdout == runner.invoke(app, ["--data", str(cases_file), "compare", "15", "16", "--json"]).stdout
    )


def test_the_first_run_on_a_large_file_tells_its_progress(cache_folder, cases_file, stored):
    heard = []
    prepare(cases_file, lambda stage, done, total: heard.append((stage, done, total)))
    assert heard[0] == (f"reading {cases_file}", 0, None)
    assert heard[-1] == ("storing the cases", 20, 20)
    heard.clear()
    prepare(cases_file, lambda *args: heard.append(args))
    assert heard == []  # the store is current: nothing to wait for


def test_the_progress_bar_is_for_a_terminal_only(monkeypatch):
    import sys

    from fuwumaoyi_cli.cli.output import progress_on_stderr

    with progress_on_stderr() as progress:  # pytest's stderr is no terminal
        assert progress is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with progress_on_stderr() as progress:
        assert progress is not None
        progress("reading", 0, None)
        progress("storing the cases", 5, 10)


def test_the_reader_holds_a_stored_file_s_cases_decoded_once(cache_folder, cases_file, stored):
    from fuwumaoyi_cli.browse.session import Session
    from fuwumaoyi_cli.search.engine import prepared_index

    prepare(cases_file)
    prepared = prepare(cases_file)
    session = Session(prepared.dataset, prepared_index(prepared))
    assert isinstance(session.dataset.cases, tuple)
    plain = loader.load_dataset(bundled_path())
    assert [c.id for c in session.listing("").cases] == list(plain.ids)
    assert [c.id for c in session.listing("rongzi").cases] == [
        c.id for c in Session(plain, prepared_index(loader.prepare(bundled_path()))).listing("rongzi").cases
    ]


def test_a_store_in_a_folder_with_uri_characters_in_its_name(tmp_path, monkeypatch, stored):
    folder = tmp_path / "a%20b?c#d"
    monkeypatch.setenv("FWMY_CACHE_DIR", str(folder))
    path = tmp_path / "mine.toml"
    path.write_bytes(bundled_path().read_bytes())
    os.utime(path, ns=(10**18, 10**18))
    prepare(path)
    assert list(folder.glob("*.sqlite"))
    assert isinstance(prepare(path).dataset.cases, StoredCases)


def test_a_link_under_the_store_s_name_is_not_followed(cache_folder, cases_file, stored, monkeypatch):
    prepare(cases_file)
    path = store.store_path(cases_file.resolve())
    real = path.with_name("elsewhere.sqlite")
    path.rename(real)
    path.symlink_to(real)
    assert rebuilt(cases_file, monkeypatch)
    assert not path.is_symlink()  # replaced by a store of its own


def test_damaged_heads_fall_back_to_the_file(cache_folder, cases_file, stored):
    prepare(cases_file)
    path = store.store_path(cases_file.resolve())
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET value = '[[1, 2]]' WHERE key = ?", (store.HEADS,))
    connection.close()
    result = runner.invoke(app, ["--data", str(cases_file), "list", "--json", "--tag", "融资"])  # a filter reads heads
    assert result.exit_code == 0, result.stderr
    full = loader.load_dataset(bundled_path())
    assert [row["id"] for row in json.loads(result.stdout)] == [c.id for c in full.cases if "融资" in c.tags]


def test_stored_summaries_are_each_cases_summary(cache_folder, cases_file, stored):
    prepare(cases_file)
    dataset = prepare(cases_file).dataset
    full = loader.load_dataset(bundled_path())
    assert dataset.summaries_json() == full.summaries_json() == [c.summary_json() for c in full.cases]
    assert [json.loads(s) for s in dataset.summaries_json()] == [c.summary_dict() for c in full.cases]
    chosen = [c for c in dataset.heads() if "融资" in c.tags]
    assert 1 < len(chosen) < 20
    assert dataset.summaries_json(chosen) == [c.summary_json() for c in full.cases if "融资" in c.tags]
    assert not dataset.cases._decoded  # noqa: SLF001 - no case decoded for them


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE summaries SET summary = '{\"id\": 99}' WHERE position = 3",  # its CRC no longer matches
        "DELETE FROM summaries WHERE position = 3",
        "DROP TABLE summaries",
    ],
    ids=["changed", "missing", "no-table"],
)
@pytest.mark.parametrize("tag", [[], ["--tag", "融资"]], ids=["all", "filtered"])
def test_damaged_summaries_fall_back_to_the_file(cache_folder, cases_file, stored, damage, tag):
    args = ["--data", str(cases_file), "list", "--json", *tag]
    prepare(cases_file)
    expected = runner.invoke(app, args).stdout
    path = store.store_path(cases_file.resolve())
    with sqlite3.connect(path) as connection:
        connection.execute(damage)
    connection.close()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    full = loader.load_dataset(bundled_path())
    wanted = [c for c in full.cases if not tag or "融资" in c.tags]
    assert json.loads(result.stdout) == [c.summary_dict() for c in wanted]


# Queries of every kind the engine reads: two-character words the token index counts itself, longer words,
# one character, Latin words and phrases, pinyin, initials, typos, questions, places, exclusions, quotes.
STORE_QUERIES = [
    "融资",
    "贷",
    "知识产权质押",
    "知识产权 质押",
    "跨境电商 -退货",
    '"跨境电商"',
    "苏州",
    "长三角 保险",
    "rongzi",
    "zscq",
    "blockchain",
    "customs clearance of biomedical materials",
    "loan",
    "e-commerce returns",
    "小微企业怎样凭纳税信用拿到银行贷款",
    "海外买家退回的跨境包裹如何处理",
    "区快链",
    "2016",
    "30天",
    "5g",
    "信用贷款",
    "驾照到期怎么换证",
    "x",
    "the",
    "服务贸易",
]


def _results(prepared, queries):
    from fuwumaoyi_cli.search import engine

    index = engine.prepared_index(prepared)
    return index, [engine.search(prepared.dataset, q, index=index, limit=50).to_dict() for q in queries]


def _pairs(counted):
    """(block, how many times) of counts given as blocks and times."""
    blocks, times = counted
    return list(zip(blocks, times, strict=True))


def test_search_over_a_store_finds_what_it_finds_over_the_file(cache_folder, cases_file, stored):
    from fuwumaoyi_cli.search import engine

    expected = [engine.search(loader.load_dataset(bundled_path()), q, limit=50).to_dict() for q in STORE_QUERIES]
    prepare(cases_file)
    index, found = _results(prepare(cases_file), STORE_QUERIES)
    assert index.finder is not None
    assert found == expected
    # Words of two characters are counted by the token index, as often as the blocks' text holds them.
    from fuwumaoyi_cli.search.index import build_index

    blocks = list(build_index(loader.load_dataset(bundled_path())).blocks())
    for pair in ("融资", "保险", "贷款", "知识", "通关", "跨境", "服务"):
        assert _pairs(index.pair_counts(pair)) == [(flat, text.count(pair)) for flat, text in blocks if pair in text]
    # So are Latin words with their plurals, as often as english_pattern finds them where a word begins.
    import re

    from fuwumaoyi_cli.search.forms import english_pattern, english_word_forms, starts_word

    for word in ("loan", "blockchain", "service", "custom", "e", "sme", "2019", "a"):
        words = english_word_forms(word)
        assert words is not None
        pattern = re.compile(english_pattern(word))
        expected = [(f, n) for f, t in blocks if (n := sum(starts_word(t, m.start()) for m in pattern.finditer(t)))]
        assert expected and _pairs(index.word_counts(words)) == expected, word
    assert english_word_forms("e-commerce") is None and english_word_forms("r&d") is None


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE entries SET value = '{\"block_lengths\": 1}' WHERE key = 'search_block_lengths'",
        "DELETE FROM entries WHERE key = 'search_block_lengths'",
        "DELETE FROM texts",
        "UPDATE texts SET value = substr(value, 2)",
        "UPDATE entries SET value = replace(value, '\"lengths\": [', '\"lengths\": [1') WHERE key = 'search_index'",
        "INSERT INTO blocks_search6 (rowid, tokens) VALUES (999999, '融资 知识 识产 产权')",
        "INSERT INTO blocks_search6 (rowid, tokens) VALUES (-5, '融资 保险')",
        "INSERT INTO blocks_search6 (rowid, tokens) VALUES (999999, 'loan blockchain')",
        "UPDATE blocks_search6_texts SET text = substr(text, 3)",
        "DROP TABLE blocks_search6_texts",
        "DROP TABLE blocks_search6_instances",
        "DELETE FROM blocks_search6_texts WHERE flat % 3 = 0",
    ],
)
def test_search_over_a_damaged_store_finds_the_same(cache_folder, cases_file, stored, damage):
    from fuwumaoyi_cli.search import engine, index

    prepare(cases_file)
    _, before = _results(prepare(cases_file), STORE_QUERIES)
    path = store.store_path(cases_file.resolve())
    with sqlite3.connect(path) as connection:
        connection.execute(damage.replace("search6", f"search{index.INDEX_FORMAT}"))
    connection.close()
    engine._last_used = engine._last_planner = None  # noqa: SLF001 - a new process, as far as search knows
    _, after = _results(prepare(cases_file), STORE_QUERIES)
    assert after == before


@pytest.mark.parametrize(
    "damage",
    [
        None,
        "UPDATE blocks_search6_kept SET crc = crc + 1",
        "UPDATE blocks_search6_kept SET blocks = blocks || x'00'",  # not whole numbers
        "UPDATE blocks_search6_kept SET counts = zeroblob(8)",  # one count for every block
        "UPDATE blocks_search6_kept SET blocks = x'ffffffffffffff7f', counts = x'0100000000000000'",  # crc fixed below
        "DROP TABLE blocks_search6_kept",
    ],
)
def test_counts_kept_in_the_store_give_the_same_results(cache_folder, cases_file, stored, damage):
    import zlib

    from fuwumaoyi_cli.search import engine, index

    prepare(cases_file)
    searched, before = _results(prepare(cases_file), STORE_QUERIES)
    made = dict(searched.finder._made)  # noqa: SLF001
    assert '["融资"]' in made and '["loan", "loans", "loanes"]' in made
    assert '{"string": "信用贷"}' in made  # a synonym of 融资 counted in the text of the blocks that hold it
    searched.keep()
    path = store.store_path(cases_file.resolve())
    table = f"blocks_search{index.INDEX_FORMAT}_kept"
    with sqlite3.connect(path) as connection:
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == len(made)
        if damage is not None:
            connection.execute(damage.replace("blocks_search6_kept", table))
            if "x'ff" in damage:  # a block far past the last, under a CRC that fits it
                crc = zlib.crc32(bytes.fromhex("0100000000000000"), zlib.crc32(bytes.fromhex("ffffffffffffff7f")))
                connection.execute(f"UPDATE {table} SET crc = ?", (crc,))
    connection.close()
    engine._last_used = engine._last_planner = None  # noqa: SLF001 - a new process, as far as search knows
    again, after = _results(prepare(cases_file), STORE_QUERIES)
    assert after == before
    if damage is None:  # read from the store, not counted again
        assert not again.finder._made  # noqa: SLF001


def test_a_token_index_of_another_format_is_dropped(cache_folder, cases_file, stored):
    prepare(cases_file)
    dataset = prepare(cases_file).dataset
    blocks = [(0, "融资租赁"), (1, "保险")]
    assert dataset.cases.block_finder("old", lambda: blocks) is not None
    finder = dataset.cases.block_finder("new", lambda: blocks)
    assert finder is not None and finder.holding("融资") == [0] and _pairs(finder.pair_counts("保险")) == [(1, 1)]
    with sqlite3.connect(store.store_path(cases_file.resolve())) as connection:
        names = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert not any(name.startswith("blocks_old") for name in names)
    assert {"blocks_new", "blocks_new_texts", "blocks_new_instances"} <= names


def test_a_longer_run_s_count_is_kept_for_the_next_process(cache_folder, cases_file, stored):
    prepare(cases_file)
    texts = [(n, "知识产权质押融资" if n % 2 else "保险") for n in range(20)]
    phrases = prepare(cases_file).dataset.cases.phrase_index("kept", lambda: texts)
    assert phrases.count("知识产权质押") == 10
    phrases.keep()
    again = prepare(cases_file).dataset.cases.phrase_index("kept", lambda: pytest.fail("built again"))
    with sqlite3.connect(store.store_path(cases_file.resolve())) as connection:
        connection.execute("DELETE FROM phrases_kept")  # the MATCH would now find nothing: the kept count answers
    connection.close()
    assert again.count("知识产权质押") == 10 and again.count("产权质押融") == 0


def test_a_token_index_cut_short_is_not_left_behind(cache_folder, cases_file, stored, monkeypatch):
    from fuwumaoyi_cli.search import engine, index

    prepare(cases_file)
    _, before = _results(prepare(cases_file), STORE_QUERIES[:8])
    path = store.store_path(cases_file.resolve())
    with sqlite3.connect(path) as connection:  # as if this were the first search of the file
        for name in ("blocks_search6_instances", "blocks_search6", "blocks_search6_texts"):
            connection.execute(f"DROP TABLE {name.replace('search6', f'search{index.INDEX_FORMAT}')}")
    connection.close()
    blocks = index.SearchIndex.blocks

    def interrupted(self):
        for n, block in enumerate(blocks(self)):
            if n == 50:
                raise KeyboardInterrupt  # Ctrl-C while the token index is being built
            yield block

    monkeypatch.setattr(index.SearchIndex, "blocks", interrupted)
    engine._last_used = engine._last_planner = None  # noqa: SLF001
    with pytest.raises(KeyboardInterrupt):
        _results(prepare(cases_file), ["融资"])
    monkeypatch.setattr(index.SearchIndex, "blocks", blocks)
    engine._last_used = engine._last_planner = None  # noqa: SLF001 - the next process
    found, after = _results(prepare(cases_file), STORE_QUERIES[:8])
    assert after == before and found.finder is not None


def test_counts_made_from_an_older_store_are_not_kept_in_a_newer_one(cache_folder, cases_file, stored):
    # A reader open on a file while the file is edited and another fwmy rebuilds its store: what the reader
    # counted in the old store must not go into the new one, where the blocks are other blocks.
    from fuwumaoyi_cli.search import engine, index

    prepare(cases_file)
    old, _ = _results(prepare(cases_file), ["loan", "融资"])
    cases_file.write_text(cases_file.read_text(encoding="utf-8").replace("融资", "融通"), encoding="utf-8")
    os.utime(cases_file, ns=(10**18 + 10**9, 10**18 + 10**9))
    engine._last_used = engine._last_planner = None  # noqa: SLF001
    new, _ = _results(prepare(cases_file), ["知识产权"])  # the new store, with its own token index
    old.keep()
    table = f"blocks_search{index.INDEX_FORMAT}_kept"
    with sqlite3.connect(store.store_path(cases_file.resolve())) as connection:
        kept = connection.execute("SELECT name FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        assert kept is None or connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    connection.close()
    new.keep()  # the new store's own counts are kept
    with sqlite3.connect(store.store_path(cases_file.resolve())) as connection:
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
    connection.close()


def test_keeping_counts_does_not_wait_for_another_writer(cache_folder, cases_file, stored):
    import time

    prepare(cases_file)
    searched, _ = _results(prepare(cases_file), ["融资"])
    blocker = sqlite3.connect(store.store_path(cases_file.resolve()), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another fwmy building an index
    try:
        started = time.perf_counter()
        searched.keep()
        assert time.perf_counter() - started < 2  # sqlite3 waits 5 s by default; counts are only saved work
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_a_damaged_kept_row_is_mended(cache_folder, cases_file, stored):
    from fuwumaoyi_cli.search import engine, index

    prepare(cases_file)
    searched, before = _results(prepare(cases_file), ["融资"])
    searched.keep()
    table = f"blocks_search{index.INDEX_FORMAT}_kept"
    path = store.store_path(cases_file.resolve())
    with sqlite3.connect(path) as connection:
        connection.execute(f"UPDATE {table} SET crc = crc + 1")
    connection.close()
    engine._last_used = engine._last_planner = None  # noqa: SLF001
    again, after = _results(prepare(cases_file), ["融资"])
    assert after == before and again.finder._made  # noqa: SLF001 - counted again
    again.keep()
    engine._last_used = engine._last_planner = None  # noqa: SLF001
    third, _ = _results(prepare(cases_file), ["融资"])
    assert not third.finder._made  # noqa: SLF001 - read from the mended row


def test_a_summary_in_another_cases_row_is_not_served(cache_folder, cases_file, stored):
    prepare(cases_file)
    path = store.store_path(cases_file.resolve())
    with sqlite3.connect(path) as connection:
        (a, ca), (b, cb) = connection.execute("SELECT summary, crc FROM summaries WHERE position IN (9, 10)")
        connection.execute("UPDATE summaries SET summary = ?, crc = ? WHERE position = 9", (b, cb))
        connection.execute("UPDATE summaries SET summary = ?, crc = ? WHERE position = 10", (a, ca))
    connection.close()
    result = runner.invoke(app, ["--data", str(cases_file), "list", "--json"])
    assert result.exit_code == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)] == list(range(1, 21))
