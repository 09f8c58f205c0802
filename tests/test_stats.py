from __future__ import annotations

import dataclasses
import os

import pytest

from fuwumaoyi_cli import load_dataset
from fuwumaoyi_cli.render.analysis import BAR, render_stats
from fuwumaoyi_cli.stats import stats
from golden_check import assert_matches_golden, display_width, render


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_counts_of_the_bundled_cases(dataset):
    data = stats(dataset).to_dict()
    assert list(data) == ["by_region", "by_provider", "by_tag"]
    assert list(data["by_region"].items())[0] == ("江苏省", 5)
    assert data["by_provider"]["苏州市"] == 3
    assert data["by_tag"]["融资"] == 7
    assert sum(data["by_tag"].values()) == sum(len(c.tags) for c in dataset.cases)


def test_sorted_by_count_then_name(dataset):
    for counts in stats(dataset).to_dict().values():
        items = list(counts.items())
        assert items == sorted(items, key=lambda item: (-item[1], item[0]))


def test_a_case_counts_once_per_region_it_names(dataset):
    twice = dataclasses.replace(dataset.get(1), regions=("浙江省", "浙江省"))
    data = dataclasses.replace(dataset, cases=(twice,))
    assert stats(data).to_dict()["by_region"] == {"浙江省": 1}


def test_a_case_with_several_regions_counts_for_each(dataset):
    by_region = stats(dataset).to_dict()["by_region"]
    assert by_region["北京市"] == 1 and by_region["湖北省"] == 2  # case 15 names both


def test_unknown_dimension(dataset):
    with pytest.raises(ValueError, match="region"):
        stats(dataset).counts("city")
    with pytest.raises(ValueError):
        render_stats(stats(dataset), by="city")


def test_bars_start_in_one_column_whatever_the_width_of_the_names(dataset):
    text = render(render_stats(stats(dataset), by="provider"), 80)
    rows = [line for line in text.splitlines() if BAR in line]
    assert len(rows) == len(stats(dataset).by_provider)
    assert len({display_width(row[: row.index(BAR)]) for row in rows}) == 1
    longest = max(rows, key=lambda row: row.count(BAR))
    assert longest.startswith(("上海市", "天津市", "苏州市"))


def test_bars_are_proportional(dataset):
    text = render(render_stats(stats(dataset), by="region"), 80)
    bars = {line.split()[0]: line.count(BAR) for line in text.splitlines() if BAR in line}
    assert bars["江苏省"] == 5 * bars["北京市"]


def test_one_chart_or_all_three(dataset):
    one = render(render_stats(stats(dataset), by="tag"), 80)
    assert "按主题" in one and "按地区" not in one
    text = render(render_stats(stats(dataset)), 80)
    assert "…" not in text and max(display_width(line) for line in text.splitlines()) <= 80
    assert_matches_golden("stats_w80.txt", text)


def test_narrow_terminal_keeps_every_row_on_one_line(dataset):
    text = render(render_stats(stats(dataset), by="provider"), 24)
    assert all(display_width(line) <= 24 for line in text.splitlines())
    assert sum(BAR in line for line in text.splitlines()) == len(stats(dataset).by_provider)


@pytest.mark.parametrize("large", [False, True], ids=["json cache", "store"])
def test_the_counts_are_kept_with_the_file_and_counted_again_when_damaged(tmp_path, cache_folder, monkeypatch, large):
    from fuwumaoyi_cli import stats as stats_module
    from fuwumaoyi_cli.cases import cache, loader

    if large:
        monkeypatch.setattr(loader, "STORE_FROM_BYTES", 0)
    path = tmp_path / "mine.toml"
    path.write_bytes(loader.bundled_path().read_bytes())
    os.utime(path, ns=(10**18, 10**18))  # old times: the cache entry is trusted by its identity alone
    counted = stats_module.prepared_stats(loader.prepare(path))

    def no_counting(dataset):
        raise AssertionError("counted again")

    monkeypatch.setattr(stats_module, "stats", no_counting)
    assert stats_module.prepared_stats(loader.prepare(path)) == counted  # the next run reads what was kept
    monkeypatch.setattr(stats_module, "stats", stats)
    prepared = loader.prepare(path)
    prepared.remember(cache.STATS, {"by_region": {"江苏省": "5"}, "by_provider": {}, "by_tag": {}})
    assert stats_module.prepared_stats(loader.prepare(path)) == counted  # a damaged entry is counted again
