import pytest

from fuwumaoyi_cli.cases.filters import UnknownValue, case_filter, combine, resolve_region, resolve_tag, tag_filter


@pytest.mark.parametrize("value", ["融资", "financing", "Financing", "ＦＩＮＡＮＣＩＮＧ", " 融资 "])
def test_a_theme_by_its_chinese_or_english_name(dataset, value):
    assert resolve_tag(dataset, value).name == "融资"


def test_an_unknown_theme_lists_the_valid_ones(dataset):
    with pytest.raises(UnknownValue) as err:
        resolve_tag(dataset, "房地产")
    assert "融资 (financing)" in err.value.valid
    assert len(err.value.valid) == len(dataset.themes)


def ids(dataset, place):
    return [c.id for c in dataset.cases if place.matches(c)]


@pytest.mark.parametrize("value", ["江苏", "江苏省"])
def test_a_province_with_or_without_its_suffix(dataset, value):
    assert ids(dataset, resolve_region(dataset, value)) == [2, 3, 12, 13, 19]


@pytest.mark.parametrize("value", ["苏州", "苏州市"])
def test_a_city_finds_only_its_own_cases(dataset, value):
    assert ids(dataset, resolve_region(dataset, value)) == [3, 13, 19]


def test_a_new_area_by_part_of_its_name(dataset):
    assert ids(dataset, resolve_region(dataset, "两江")) == [5, 18]
    assert ids(dataset, resolve_region(dataset, "重庆")) == [5, 18]


def test_a_city_that_is_a_province_level_unit(dataset):
    assert ids(dataset, resolve_region(dataset, "上海")) == [11, 15, 20]


@pytest.mark.parametrize("value", ["市", "火星", "x"])
def test_an_unknown_place_lists_the_valid_ones(dataset, value):
    with pytest.raises(UnknownValue) as err:
        resolve_region(dataset, value)
    assert "江苏省" in err.value.valid and "苏州市" in err.value.valid


def test_filters_combine(dataset):
    keep = combine(tag_filter(resolve_tag(dataset, "融资")), resolve_region(dataset, "湖北").matches, None)
    assert [c.id for c in dataset.cases if keep(c)] == [15, 16]
    assert combine(None, None) is None


def test_one_filter_from_option_values_themes_narrow_places_widen(dataset):
    def kept(tags=(), regions=()):
        keep = case_filter(dataset, tags, regions)
        return None if keep is None else [c.id for c in dataset.cases if keep(c)]

    assert kept() is None
    assert kept(["融资", "信用"]) == [4, 5, 16]
    assert kept(regions=["湖北", "天津"]) == [9, 15, 16, 18, 20]
    assert kept(["rongzi"], ["湖北", "天津"]) == [9, 15, 16, 18]
    with pytest.raises(UnknownValue) as err:
        kept(["融资"], ["火星"])
    assert err.value.option == "--region"


@pytest.mark.parametrize(
    ("value", "ids_expected"),
    [
        ("jiangsu", [2, 3, 12, 13, 19]),
        ("Jiāngsū", [2, 3, 12, 13, 19]),
        ("suzhou", [3, 13, 19]),
        ("Suzhou shi", [3, 13, 19]),
        ("蘇州", [3, 13, 19]),
        ("chongqing", [5, 18]),
        ("liangjiang", [5, 18]),
    ],
)
def test_a_place_in_pinyin_or_traditional_characters(dataset, value, ids_expected):
    assert ids(dataset, resolve_region(dataset, value)) == ids_expected


@pytest.mark.parametrize("value", ["rongzi", "róngzī", "融資"])
def test_a_theme_in_pinyin_or_traditional_characters(dataset, value):
    assert resolve_tag(dataset, value).name == "融资"


def test_short_pinyin_does_not_match_everything(dataset):
    with pytest.raises(UnknownValue):
        resolve_region(dataset, "xi")
