import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuwumaoyi_cli.cases.ids import parse_case_id


@pytest.mark.parametrize(
    "text",
    [
        "14",
        "１４",
        "十四",
        "一十四",
        "第14",
        "第十四",
        "#14",
        "＃１４",
        "案例14",
        "case 14",
        "Case14",
        " 14 ",
        "14号",
        "第14个案例",
    ],
)
def test_the_ways_people_write_case_14(text):
    assert parse_case_id(text) == 14


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("十", 10), ("二十", 20), ("两", 2), ("九十九", 99), ("一百", 100), ("0", 0), ("-1", -1), ("99", 99)],
)
def test_numbers_outside_the_data_still_parse(text, number):
    # Whether the case exists is the caller's business: it says "no case 99".
    assert parse_case_id(text) == number


@pytest.mark.parametrize("text", ["", "abc", "1.5", "十十", "二十二十", "14a", "第", "#", "〇十四", "一九"])
def test_what_is_not_a_case_number(text):
    with pytest.raises(ValueError, match="not a case number"):
        parse_case_id(text)


@given(st.text())
def test_any_text_parses_or_raises_value_error(text):
    try:
        assert isinstance(parse_case_id(text), int)
    except ValueError:
        pass
