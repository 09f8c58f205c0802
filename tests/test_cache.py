"""The cache of prepared cases files: used when current, rebuilt when stale, corrupt or foreign."""

import json
import os
import zlib

import pytest

from fuwumaoyi_cli.cases import cache, loader
from fuwumaoyi_cli.cases.loader import DataError, prepare

MINIMAL = """\
schema_version = 1

[[themes]]
name = "融资"
name_en = "financing"

[[cases]]
id = 1
title = "{title}"
providers = ["某市"]
regions = ["某省"]
tags = ["融资"]

[[cases.sections]]
kind = "practices"
heading = "主要做法"
text = "一段文字。"
"""


@pytest.fixture
def cases_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL.format(title="第一版"), encoding="utf-8")
    return path


def first_case(entries):
    """The first case of a cache entry's model: [id, title, …, sections] (codec.encode)."""
    return entries[cache.MODEL][3][0]


TITLE, SECTIONS = 1, 9  # places in a case's list
KIND = 0  # place in a section's list


def no_toml_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed TOML although the cache was current")

    monkeypatch.setattr(loader, "read_toml", refuse)


def test_a_second_load_comes_from_the_cache(cache_folder, cases_file, monkeypatch):
    first = prepare(cases_file).dataset
    assert len(list(cache_folder.glob("*.json"))) == 1
    no_toml_parsing(monkeypatch)
    assert prepare(cases_file).dataset == first


def test_prepared_values_are_kept_for_the_next_call(cache_folder, cases_file):
    prepare(cases_file).remember("search_index", {"terms": ["融资"]})
    assert prepare(cases_file).entries["search_index"] == {"terms": ["融资"]}


def test_a_changed_file_is_read_again(cache_folder, cases_file):
    prepare(cases_file)
    cases_file.write_text(MINIMAL.format(title="第二版，更长一些"), encoding="utf-8")
    assert prepare(cases_file).dataset.get(1).title == "第二版，更长一些"


def test_same_size_and_new_mtime_is_read_again(cache_folder, cases_file):
    prepare(cases_file)
    cases_file.write_text(MINIMAL.format(title="第二版"), encoding="utf-8")
    stat = cases_file.stat()
    os.utime(cases_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert prepare(cases_file).dataset.get(1).title == "第二版"


def read_entry(entry):
    header, _, payload = entry.read_bytes().partition(b"\n")
    return json.loads(header), json.loads(payload)


def write_entry(entry, header, entries, *, fix_checksum):
    payload = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    if fix_checksum:  # as a deliberate forger would: the entry then passes every check but the identity
        header = {**header, "length": len(payload), "crc32": zlib.crc32(payload)}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b"[]", b'{"identity": {}}\n{}', "\u0000\ufffd".encode(), b'{"entries": "x"}', b"{}\n[]"],
)
def test_a_corrupt_or_foreign_cache_is_rebuilt_not_trusted(cache_folder, cases_file, garbage):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    entry.write_bytes(garbage)
    assert prepare(cases_file).dataset.get(1).title == "第一版"
    assert read_entry(entry)[0]["identity"]["format"] == cache.CACHE_FORMAT


def test_a_cache_from_another_version_is_ignored(cache_folder, cases_file):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    header, entries = read_entry(entry)
    header["identity"]["version"] = cache.CACHE_VERSION + 1
    first_case(entries)[TITLE] = "伪造"
    write_entry(entry, header, entries, fix_checksum=True)
    assert prepare(cases_file).dataset.get(1).title == "第一版"


def test_a_damaged_entry_fails_its_checksum_and_is_not_used(cache_folder, cases_file):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    header, entries = read_entry(entry)
    first_case(entries)[TITLE] = "伪造"
    first_case(entries)[SECTIONS][0][KIND] = "summary"  # would not even pass the checks
    write_entry(entry, header, entries, fix_checksum=False)
    assert prepare(cases_file).dataset.get(1).title == "第一版"  # the file itself, read again
    assert first_case(read_entry(entry)[1])[TITLE] == "第一版"


def test_an_entry_that_is_not_a_checked_document_is_not_used(cache_folder, cases_file):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    header, entries = read_entry(entry)
    del first_case(entries)[TITLE]  # out of shape, with a matching checksum
    write_entry(entry, header, entries, fix_checksum=True)
    assert prepare(cases_file).dataset.get(1).title == "第一版"


def test_a_file_with_problems_is_not_cached(cache_folder, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL.format(title="x").replace('kind = "practices"', 'kind = "summary"'), encoding="utf-8")
    with pytest.raises(DataError, match="summary"):
        prepare(bad)
    assert list(cache_folder.glob("*.json")) == []


def test_the_cache_codec_makes_the_same_model_as_the_checker(dataset):
    from pathlib import Path

    from fuwumaoyi_cli.cases import codec
    from fuwumaoyi_cli.cases.check import dataset_from_dict
    from fuwumaoyi_cli.cases.loader import bundled_path, read_toml

    for path in (bundled_path(), Path(__file__).with_name("data") / "minimal.toml"):
        checked, problems = dataset_from_dict(read_toml(path), "x")
        assert problems == []
        stored = json.loads(json.dumps(codec.encode(checked), ensure_ascii=False))  # as the cache keeps it
        rebuilt = codec.decode(stored, "x")
        assert rebuilt == checked
        assert [c.to_dict() for c in rebuilt.cases] == [c.to_dict() for c in checked.cases]  # defaults included
        assert (rebuilt.source, rebuilt.themes, rebuilt.path) == (checked.source, checked.themes, "x")


def test_an_unwritable_cache_folder_costs_only_speed(tmp_path, monkeypatch, cases_file):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FWMY_CACHE_DIR", str(blocker / "cache"))
    assert prepare(cases_file).dataset.get(1).title == "第一版"


def test_caching_can_be_turned_off(tmp_path, monkeypatch, cases_file):
    monkeypatch.setenv("FWMY_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert prepare(cases_file).dataset.get(1).title == "第一版"


def test_the_cases_file_itself_is_never_written(cache_folder, cases_file):
    before = cases_file.read_bytes()
    prepare(cases_file).remember("search_index", {"x": 1})
    assert cases_file.read_bytes() == before


@pytest.mark.parametrize("annotation", ["Caption | None", "tuple[Point, ...] | None", "list[Caption]"])
def test_the_codec_refuses_a_field_shape_it_cannot_store(annotation):
    # A model field the codec does not understand must fail when decoders are made, not come back as lists.
    from fuwumaoyi_cli.cases import codec

    with pytest.raises(TypeError, match="cannot store"):
        codec._item_decoder(annotation)


# trust: whose entry it is, and whether size and times can tell


ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def forge(entry, title):
    """Rewrite the entry's first title, with a checksum that fits: what a deliberate forger writes."""
    header, entries = read_entry(entry)
    first_case(entries)[TITLE] = title
    write_entry(entry, header, entries, fix_checksum=True)


@pytest.mark.skipif(not ROOT, reason="only root can make a file of another user")
def test_an_entry_of_another_user_is_not_trusted(cache_folder, cases_file):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    forge(entry, "伪造")
    os.chown(entry, 12345, 12345)
    assert prepare(cases_file).dataset.get(1).title == "第一版"


def test_an_entry_others_may_write_is_not_trusted(cache_folder, cases_file):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    forge(entry, "伪造")
    entry.chmod(0o666)
    assert prepare(cases_file).dataset.get(1).title == "第一版"
    assert stat_mode(entry) == 0o600  # replaced by an entry of the user's own


def stat_mode(path):
    import stat

    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("title", [5, None, ["列表"], {"a": 1}])
def test_a_forged_entry_of_the_wrong_types_is_read_again_never_fatal(cache_folder, cases_file, title):
    from typer.testing import CliRunner

    from fuwumaoyi_cli.cli.commands import app

    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    forge(entry, title)
    for args in (["list"], ["show", "1", "--no-pager"], ["search", "文字"]):
        result = CliRunner().invoke(app, ["--data", str(cases_file), *args])
        assert result.exit_code == 0, result.stderr
        assert "第一版" in result.stdout
    assert first_case(read_entry(entry)[1])[TITLE] == "第一版"  # replaced by what the file holds


def test_a_rewrite_size_and_times_cannot_tell_is_told_by_the_content(cache_folder, cases_file, monkeypatch):
    # Rewritten within its clock's resolution: the same inode, size, mtime and ctime, other bytes.
    from pathlib import Path

    prepare(cases_file)
    before = cases_file.stat()
    cases_file.write_text(MINIMAL.format(title="第二版"), encoding="utf-8")  # as long as 第一版
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: before if self == cases_file else real_stat(self, **kw))
    assert prepare(cases_file).dataset.get(1).title == "第二版"


def test_an_entry_is_checked_against_the_file_only_while_its_times_are_recent(cache_folder, cases_file, monkeypatch):
    from pathlib import Path

    prepare(cases_file)
    assert read_entry(next(cache_folder.glob("*.json")))[0]["racy"] is True  # written just now
    later = cache.time.time_ns() + 10 * cache.RACY_NS
    monkeypatch.setattr(cache.time, "time_ns", lambda: later)
    assert prepare(cases_file).dataset.get(1).title == "第一版"  # checked once more, then stored as settled
    assert "racy" not in read_entry(next(cache_folder.glob("*.json")))[0]
    no_toml_parsing(monkeypatch)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the file although its times tell"))
    assert prepare(cases_file).dataset.get(1).title == "第一版"


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch, tmp_path):
    import sys
    from pathlib import Path

    if sys.platform in ("win32", "darwin"):
        pytest.skip("XDG_CACHE_HOME is read on Linux and the other Unixes")
    monkeypatch.delenv("FWMY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.cache_dir() == Path.home() / ".cache" / "fwmy"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "fwmy"


def test_a_fifo_in_place_of_an_entry_does_not_stop_fwmy(cache_folder, cases_file):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    entry.unlink()
    os.mkfifo(entry)
    assert prepare(cases_file).dataset.get(1).title == "第一版"


def test_the_codec_refuses_a_plain_field_type_it_cannot_check():
    from dataclasses import dataclass, fields

    from fuwumaoyi_cli.cases import codec

    @dataclass
    class Odd:
        share: float

    with pytest.raises(TypeError, match="cannot check Odd.share"):
        codec._shape_check(Odd, list(fields(Odd)))
