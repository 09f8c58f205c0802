"""The cache of prepared cases files: used when current, rebuilt when stale, corrupt or foreign."""

import json
import os

import pytest

from fuwumaoyi_cli import cache, loader
from fuwumaoyi_cli.loader import DataError, prepare

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
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FWMY_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def cases_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL.format(title="第一版"), encoding="utf-8")
    return path


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


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b"[]", b'{"identity": {}, "entries": {}}', "\u0000\ufffd".encode(), b'{"entries": "x"}'],
)
def test_a_corrupt_or_foreign_cache_is_rebuilt_not_trusted(cache_folder, cases_file, garbage):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    entry.write_bytes(garbage)
    assert prepare(cases_file).dataset.get(1).title == "第一版"
    assert json.loads(entry.read_bytes())["identity"]["format"] == cache.CACHE_FORMAT


def test_a_cache_from_another_version_is_ignored(cache_folder, cases_file, monkeypatch):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    stored = json.loads(entry.read_bytes())
    stored["identity"]["version"] = cache.CACHE_VERSION + 1
    stored["entries"]["doc"]["cases"][0]["title"] = "伪造"
    entry.write_text(json.dumps(stored), encoding="utf-8")
    assert prepare(cases_file).dataset.get(1).title == "第一版"


def test_a_cached_document_is_still_checked(cache_folder, cases_file):
    prepare(cases_file)
    (entry,) = cache_folder.glob("*.json")
    stored = json.loads(entry.read_bytes())
    stored["entries"]["doc"]["cases"][0]["sections"][0]["kind"] = "summary"
    entry.write_text(json.dumps(stored), encoding="utf-8")
    with pytest.raises(DataError, match="summary"):
        prepare(cases_file)


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
