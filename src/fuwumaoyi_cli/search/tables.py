"""The search's bundled tables, prepared ahead from their TOML sources by scripts/build_index.py.

- data/synonyms.txt (of synonyms.toml) and data/place-names.txt (of regions.toml): sorted lines, looked
  up by bisection (files.SortedLines), so that a table costs nothing until a word is looked up in it;
  decoding the synonym table as JSON took more instructions than the rest of a keyword search.
- data/search-tables.json: the small rest, read once per process (the function words, the longest
  place name).

tests/test_search.py fails while a file is stale. When a file is missing or damaged the TOML files are
read instead (slower, same tables).
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
SOURCES = {"synonyms": "synonyms.toml", "function_words": "function-words.toml", "regions": "regions.toml"}
TABLES_FORMAT = 2


def synonym_lines(data: dict[str, Any]) -> dict[str, str]:
    """The lines of synonyms.txt, by key: `g:NNNNN` a group (its Chinese words, a tab, its English keys
    parted by |), `w:WORD` and `k:KEY` the numbers of the groups a word or a key stands in."""
    from fuwumaoyi_cli.search.forms import english_key
    from fuwumaoyi_cli.text import fold_text

    rows: dict[str, str] = {}
    words: dict[str, list[int]] = {}
    for number, group in enumerate(data["groups"]):
        zh = list(dict.fromkeys(fold_text(w)[0] for w in group.get("zh", [])))
        en = list(dict.fromkeys(english_key(w) for w in group.get("en", [])))
        rows[f"g:{number:05d}"] = " ".join(zh) + "\t" + "|".join(en)
        for key in [f"w:{w}" for w in zh] + [f"k:{k}" for k in en]:
            words.setdefault(key, []).append(number)
    rows.update({key: " ".join(map(str, numbers)) for key, numbers in words.items()})
    return rows


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


PARSERS: dict[str, Callable[[dict[str, Any]], Any]] = {"function_words": _function_words, "regions": _regions}
# Each sorted table, of its source: the file name, and what makes its lines of the TOML.
SORTED: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, str]]]] = {
    "synonyms.txt": ("synonyms", synonym_lines),
    "place-names.txt": ("regions", place_rows),
}


def tables_path() -> Path:
    return bundled_path().with_name(TABLES_FILE_NAME)


def build_tables() -> dict[str, Any]:
    """What search-tables.json holds, made of the TOML files beside the bundled cases."""
    folder = bundled_path().parent
    out: dict[str, Any] = {"format": TABLES_FORMAT, "sources": {}}
    for name, parse in PARSERS.items():
        out[name] = parse(read_toml(folder / SOURCES[name]))
    for name, file_name in SOURCES.items():
        out["sources"][name] = file_sha256(folder / file_name)
    return out


def sorted_lines(file_name: str) -> str:
    """What a sorted table holds, made of its TOML source: its lines, sorted by their UTF-8 bytes."""
    source, make = SORTED[file_name]
    rows = make(read_toml(bundled_path().with_name(SOURCES[source])))
    return "".join(f"{key}\t{rows[key]}\n" for key in sorted(rows, key=lambda k: k.encode("utf-8")))


@cache
def sorted_table(file_name: str) -> SortedLines:
    """A sorted table, mapped once per process (made of its TOML source when the file is missing)."""
    table = mapped(file_name)
    return table if len(table.data) else SortedLines(sorted_lines(file_name).encode("utf-8"))


def place_names() -> SortedLines:
    return sorted_table("place-names.txt")


@cache
def search_tables() -> dict[str, Any]:
    """The prepared small tables, read once per process."""
    try:
        tables = json.loads(tables_path().read_text(encoding="utf-8"))
        if isinstance(tables, dict) and tables.get("format") == TABLES_FORMAT and all(n in tables for n in PARSERS):
            return tables
    except (OSError, ValueError):
        pass
    return build_tables()
