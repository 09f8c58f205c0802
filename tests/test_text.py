"""The shared text rules: Chinese numerals both ways, folding, ideograph ranges."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuwumaoyi_cli.text import chinese_numeral, chinese_numeral_value, fold_text, is_cjk_char


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("一十四", 14),
        ("二十", 20),
        ("九十九", 99),
        ("一百", 100),
        ("一百零五", 105),
        ("一百五", 150),
        ("九百", 900),
        ("千", 1000),
        ("一千二百", 1200),
        ("三万", 30000),
        ("三万五", 35000),
        ("一亿两千万", 120_000_000),
        ("零", 0),
        ("〇", 0),
    ],
)
def test_numeral_values(numeral, value):
    assert chinese_numeral_value(numeral) == value


@pytest.mark.parametrize("numeral", ["", "一九", "十十", "二十二十", "〇十四", "零五", "一百零", "万", "十a", "百千"])
def test_what_is_not_one_number(numeral):
    # 一九 is a year read digit by digit; 〇十四 once opened case 4.
    assert chinese_numeral_value(numeral) is None


@pytest.mark.parametrize(
    ("n", "numeral"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
    ],
)
def test_numerals_of_ordinals(n, numeral):
    assert chinese_numeral(n) == numeral


@given(st.integers(min_value=0, max_value=10**9))
def test_numerals_round_trip(n):
    assert chinese_numeral_value(chinese_numeral(n)) == n


def test_ideographs_of_every_block_are_cjk():
    assert all(map(is_cjk_char, "中\u3400\uf900")) and not any(map(is_cjk_char, "a，。Ａ"))


def test_folding_keeps_a_map_only_where_the_length_changes():
    assert fold_text("融资Ｂ２Ｃ") == ("融资b2c", None)
    folded, offsets = fold_text("…a")
    assert folded == "...a" and offsets == [0, 0, 0, 1]
