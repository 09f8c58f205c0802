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


def test_the_list_of_traditional_characters_is_fresh():
    """Fails when opencc's dictionary changed without `python scripts/build_traditional.py`."""
    import importlib.util
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("build_traditional", root / "scripts" / "build_traditional.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules["build_traditional"] = script
    spec.loader.exec_module(script)
    from fuwumaoyi_cli.traditional import TRADITIONAL

    assert TRADITIONAL == frozenset(script.changed_characters(script.ts_characters())), "run build_traditional.py"


def test_only_traditional_characters_are_converted():
    import subprocess
    import sys

    from fuwumaoyi_cli.text import fold_query

    assert fold_query("區塊鏈融資", frozenset("区块链融资")) == "区块链融资"
    assert fold_query("我们的包裹", frozenset("的包")) == "我们的包裹"
    # A question in simplified characters the data lacks does not load the converter.
    code = (
        "import sys; from fuwumaoyi_cli.text import fold_query; fold_query('我们的包裹怎么退', frozenset('的包'));"
        "print('opencc' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


@given(st.text())
def test_visible_text_holds_no_control_character_and_leaves_other_text_alone(text):
    import re

    from fuwumaoyi_cli.text import CONTROL_CLASS, control_characters, visible

    shown = visible(text)
    assert re.search(CONTROL_CLASS, shown) is None
    assert (shown == text) == (not control_characters(text))
    assert visible("a\x1b]0;t\x07\u202e\x9b\t\n中") == "a\\x1b]0;t\\x07\\u202e\\x9b\t\n中"
