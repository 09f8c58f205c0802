"""Place names as people shorten them: 江苏省 → 江苏, 苏州市 → 苏州, 重庆两江新区 → 重庆, 两江新区, 重庆两江."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from fuwumaoyi_cli.cases.model import Case, Dataset
from fuwumaoyi_cli.files import SortedLines

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
    names = set(dataset.places())
    return names.union(*map(short_forms, names))


# --- regions a question may name ---------------------------------------------------------------------


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


class Regions:
    """Every way of naming a place that a table and one dataset know, folded, to look up. The table's rows
    are "name<TAB>place|place…<TAB>wider" by the ways of naming a place (data/regions.toml, as
    search/tables.py prepares it).

    `spell` gives the pinyin of a Chinese name (the search index's readings), so that `suzhou` finds the
    dataset's 苏州 although the table cannot tell 苏州 from 宿州. `longest` is the table's longest name.
    """

    def __init__(self, dataset: Dataset, table: SortedLines, longest: int, spell: Callable[[str], str] | None = None):
        self.table = table
        # The dataset's own places, by every way of naming them: they add to the table's (重庆 covers
        # 重庆两江新区) or stand alone (两江新区).
        own: dict[str, set[str]] = {}
        for full in set(dataset.places()):
            for said in (full, *short_forms(full)):
                for key in (said, spell(said) if spell else ""):
                    if key:
                        own.setdefault(key, set()).add(full)
        self.own = own
        self.longest = max([longest, *(len(w) for w in own if not w.isascii())])

    def _from_table(self, said: str) -> Region | None:
        row = self.table.value(said) if said else None
        if row is None:
            return None
        name, places, wider = row.split("\t")
        return Region(said, name, frozenset(places.split("|")), wider or None)

    def get(self, word: str) -> Region | None:
        region = self._from_table(word)
        own = self.own.get(word)
        if own is None:
            return region
        if region is None:
            return Region(word, min(own, key=len), frozenset(own))
        return region._replace(places=region.places | own)

    def __contains__(self, word: str) -> bool:
        return word in self.own or (bool(word) and self.table.value(word) is not None)

    def __getitem__(self, word: str) -> Region:
        region = self.get(word)
        if region is None:
            raise KeyError(word)
        return region
