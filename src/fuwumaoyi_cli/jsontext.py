"""fwmy's JSON text: json.dumps(value, ensure_ascii=..., indent=2), the same characters, made faster.

The standard library indents in pure Python, with a closure per call that refers to itself: each call leaves
a reference cycle behind, which a run with the garbage collector off (cli/process.py) keeps to its end
(10,000 summaries made for a store held 21 MB of them). Here the strings are escaped by the standard
library's C function and containers are joined; nothing refers to itself.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring, encode_basestring_ascii  # the C functions, where there are
from typing import Any

INDENT = 2  # the indent of all the JSON fwmy writes, and of the summaries a store keeps ready


def dumps(value: Any, *, ascii_only: bool = False) -> str:
    """`value` as JSON text, indented by INDENT, as json.dumps writes it; TypeError as json.dumps raises it."""
    return _dumped(value, encode_basestring_ascii if ascii_only else encode_basestring, 0)


def _dumped(value: Any, string: Any, level: int) -> str:
    if isinstance(value, str):
        return string(value)  # type: ignore[no-any-return]
    if value is None or value is True or value is False or isinstance(value, (int, float)):
        return json.dumps(value)  # as the standard library writes a number: NaN, 1e+16, an IntEnum's value
    inner = "\n" + " " * (INDENT * (level + 1))
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{string(_key(key))}: {_dumped(item, string, level + 1)}" for key, item in value.items()]
    elif isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [_dumped(item, string, level + 1) for item in value]
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return opening + inner + ("," + inner).join(items) + "\n" + " " * (INDENT * level) + closing


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)  # 1 → "1", True → "true", as json.dumps makes keys of them
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
