"""fwmy's JSON text (jsontext.py) is json.dumps's, character for character."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuwumaoyi_cli import jsontext

_keys = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.lists(inner, max_size=3).map(tuple) | st.dictionaries(_keys, inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(value=_values, ascii_only=st.booleans())
def test_the_text_is_json_dumps_text(value, ascii_only):
    assert jsontext.dumps(value, ascii_only=ascii_only) == json.dumps(value, ensure_ascii=ascii_only, indent=2)


def test_special_numbers_and_chinese():
    value = {"金额": 1e16, "nan": math.nan, 1: [math.inf, -0.0, True, None], "": {}, "空": []}
    assert jsontext.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert '"金额"' in jsontext.dumps(value) and "\\u91d1" in jsontext.dumps(value, ascii_only=True)


@pytest.mark.parametrize("value", [{1, 2}, object(), {(1, 2): 3}, b"bytes"])
def test_what_json_cannot_write_is_a_type_error(value):
    with pytest.raises(TypeError):
        json.dumps(value)
    with pytest.raises(TypeError):
        jsontext.dumps(value)
