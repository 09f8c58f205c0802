"""Place names as people shorten them: 江苏省 → 江苏, 苏州市 → 苏州, 重庆两江新区 → 重庆, 两江新区, 重庆两江."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.loader import bundled_table
from fuwumaoyi_cli.cases.model import Case, Dataset
from fuwumaoyi_cli.text import fold

ADMIN_SUFFIXES = ("省", "市")
NEW_AREA = "新区"  # 两江新区, 西咸新区: a four-character name after the province or city that holds it


def bare(place: str) -> str:
    """江苏省 → 江苏, 苏州市 → 苏州; other names unchanged (and 市 alone stays 市)."""
    for suffix in ADMIN_SUFFIXES:
        if place.endswith(suffix) and len(place) > 2:
            return place[: -len(suffix)]
    return place


def short_forms(name: str) -> set[str]:
    """The shorter names people use for a place: without 省/市 (bare), and a new area without 新区, by its
    own name, and by the place that holds it (重庆两江新区: 重庆两江, 两江新区, 重庆)."""
    short = {bare(name)} - {name}
    if name.endswith(NEW_AREA) and len(name) >= 4:
        short.add(name.removesuffix(NEW_AREA))
        if len(name) >= 6:
            short |= {name[-4:], name[:-4]}
    return short


def place_names(dataset: Dataset) -> set[str]:
    """Providers and regions of the dataset, with their short forms."""
    names = {n for case in dataset.cases for n in case.providers + case.regions}
    return names.union(*map(short_forms, names))


# --- regions a question may name ---------------------------------------------------------------------

REGIONS_FILE_NAME = "regions.toml"


class Region(NamedTuple):
    """A place a question names: as it was written, its full name, the provinces and cities it covers, and
    for a city the province around it (used when no case is from the city itself)."""

    said: str
    name: str
    places: frozenset[str]
    wider: str | None = None

    def holds(self, case: Case) -> bool:
        """Whether the case comes from this place: one of its regions or providers is, or is in, a place."""
        names = {*case.regions, *case.providers}
        names |= {short for name in case.providers for short in short_forms(name)}
        return bool(self.places & names) or any(bare(p) in names for p in self.places)

    def widened(self) -> Region | None:
        if self.wider is None:
            return None
        return Region(self.said, self.wider, frozenset({self.wider}))


def _parse_regions(data: dict[str, Any]) -> list[list[Any]]:
    """[said, name, [places], wider] for every way the table names a place, folded (JSON-safe)."""
    out: list[list[Any]] = []
    for group in data["groups"]:
        for said in (group["name"], *group["aliases"]):
            out.append([fold(said), group["name"], group["members"], None])
    for province in data["provinces"]:
        name = province["name"]
        for said in (name, province["short"], province["en"]):
            out.append([fold(said), name, [name], None])
        for city in province["cities"]:
            for said in (city["name"], city["short"], city["en"]):
                if said:
                    out.append([fold(said), city["name"], [city["name"]], name])
    return out


@cache
def _bundled_regions() -> tuple[tuple[str, str, tuple[str, ...], str | None], ...]:
    rows = bundled_table(REGIONS_FILE_NAME, _parse_regions)
    return tuple((said, name, tuple(places), wider) for said, name, places, wider in rows)


class Regions:
    """Every way of naming a place that data/regions.toml and one dataset know, folded, to look up.

    `spell` gives the pinyin of a Chinese name (the search index's readings), so that `suzhou` finds the
    dataset's 苏州 although the table cannot tell 苏州 from 宿州.
    """

    def __init__(self, dataset: Dataset, spell: Callable[[str], str] | None = None):
        table: dict[str, Region] = {}
        for said, name, members, wider in _bundled_regions():
            table.setdefault(said, Region(said, name, frozenset(members), wider))
        # The dataset's own places win: 两江新区 is the provider's name, and 重庆 covers 重庆两江新区.
        for full in sorted({n for case in dataset.cases for n in case.providers + case.regions}):
            for said in (full, *short_forms(full)):
                for key in (said, spell(said) if spell else ""):
                    if key:
                        known = table.get(key)
                        if known is None:
                            table[key] = Region(key, full, frozenset({full}))
                        else:
                            table[key] = known._replace(places=known.places | {full})
        self.table = table
        self.longest = max((len(w) for w in table if not w.isascii()), default=1)

    def get(self, word: str) -> Region | None:
        return self.table.get(word)
