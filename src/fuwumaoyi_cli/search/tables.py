"""The search's bundled tables, prepared ahead: data/search-tables.json and data/place-names.txt.

scripts/build_index.py makes them of data/synonyms.toml, data/function-words.toml and data/regions.toml,
parsed, folded and indexed; tests/test_search.py fails while they are stale. A search reads the JSON file
once per process instead of parsing three TOML files (tomllib and the folding are slower than reading
what they make), and looks places up in the sorted lines of place-names.txt by bisection, so that the
thousand ways of naming a place of China cost nothing until one is named. When a file is missing or
damaged the TOML files are read instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from fuwumaoyi_cli.cases.loader import bundled_path, file_sha256, read_toml
from fuwumaoyi_cli.files import SortedLines
from fuwumaoyi_cli.search.lexicon import mapped
from fuwumaoyi_cli.text import fold

TABLES_FILE_NAME = "search-tables.json"
PLACES_FILE_NAME = "place-names.txt"
TABLES_FORMAT = 1
SOURCES = {"synonyms": "synonyms.toml", "function_words": "function-words.toml", "regions": "regions.toml"}


def _synonyms(data: dict[str, Any]) -> dict[str, Any]:
    """The groups as [[zh…], [English keys…]], and each word's and key's groups by number."""
    from fuwumaoyi_cli.search.forms import english_key
    from fuwumaoyi_cli.text import fold_text

    groups = [
        [[fold_text(w)[0] for w in g.get("zh", [])], [english_key(w) for w in g.get("en", [])]] for g in data["groups"]
    ]
    by_word: dict[str, list[int]] = {}
    by_key: dict[str, list[int]] = {}
    for number, (zh, en) in enumerate(groups):
        for word in dict.fromkeys(zh):
            by_word.setdefault(word, []).append(number)
        for key in dict.fromkeys(en):
            by_key.setdefault(key, []).append(number)
    return {"groups": groups, "zh": by_word, "en": by_key}


def _function_words(data: dict[str, Any]) -> dict[str, list[str]]:
    chinese = {fold(w) for part in ("question", "function", "meta") for w in data["chinese"][part]}
    return {"chinese": sorted(chinese), "english": sorted({fold(w) for w in data["english"]["stop"]})}


def place_rows(data: dict[str, Any]) -> dict[str, str]:
    """{said: "name<TAB>place|place…<TAB>wider"} for every way data/regions.toml names a place, folded, the
    first row for each: the lines of place-names.txt."""
    rows: dict[str, str] = {}

    def add(said: str, name: str, places: list[str], wider: str = "") -> None:
        rows.setdefault(fold(said), f"{name}\t{'|'.join(places)}\t{wider}")

    for group in data["groups"]:
        for said in (group["name"], *group["aliases"]):
            add(said, group["name"], group["members"])
    for province in data["provinces"]:
        name = province["name"]
        for said in (name, province["short"], province["en"]):
            add(said, name, [name])
        for city in province["cities"]:
            for said in (city["name"], city["short"], city["en"]):
                if said:
                    add(said, city["name"], [city["name"]], name)
    return rows


def _regions(data: dict[str, Any]) -> dict[str, Any]:
    """What search needs in memory of the places: the length of the longest Chinese name."""
    return {"longest": max(len(said) for said in place_rows(data) if not said.isascii())}


PARSERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "synonyms": _synonyms,
    "function_words": _function_words,
    "regions": _regions,
}


def tables_path() -> Path:
    return bundled_path().with_name(TABLES_FILE_NAME)


def build_tables() -> dict[str, Any]:
    """The prepared tables of the TOML files beside the bundled cases (what search-tables.json holds)."""
    folder = bundled_path().parent
    out: dict[str, Any] = {"format": TABLES_FORMAT, "sources": {}}
    for name, file_name in SOURCES.items():
        out[name] = PARSERS[name](read_toml(folder / file_name))
        out["sources"][name] = file_sha256(folder / file_name)
    return out


def place_lines() -> str:
    """What place-names.txt holds: its rows, sorted by their UTF-8 bytes."""
    rows = place_rows(read_toml(bundled_path().with_name(SOURCES["regions"])))
    return "".join(f"{said}\t{rows[said]}\n" for said in sorted(rows, key=lambda w: w.encode("utf-8")))


@cache
def place_names() -> SortedLines:
    """The ways of naming a place, mapped once per process (read from the TOML when the file is missing)."""
    table = mapped(PLACES_FILE_NAME)
    return table if len(table.data) else SortedLines(place_lines().encode("utf-8"))


@cache
def search_tables() -> dict[str, Any]:
    """The prepared tables, read once per process."""
    try:
        tables = json.loads(tables_path().read_text(encoding="utf-8"))
        if isinstance(tables, dict) and tables.get("format") == TABLES_FORMAT and all(n in tables for n in SOURCES):
            return tables
    except (OSError, ValueError):
        pass
    return build_tables()
