"""--tag and --region as people type them: a theme in Chinese or English, a province or a city."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from .model import Case, Dataset, Theme

ADMIN_SUFFIXES = ("省", "市")


class UnknownValue(ValueError):
    """A --tag or --region value that names nothing in the data; carries the valid values."""

    def __init__(self, option: str, value: str, valid: list[str]):
        self.option, self.value, self.valid = option, value, valid
        super().__init__(f"unknown {option} {value!r}; valid values: {', '.join(valid)}")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _bare(place: str) -> str:
    """江苏省 → 江苏, 苏州市 → 苏州; other names unchanged."""
    for suffix in ADMIN_SUFFIXES:
        if place.endswith(suffix) and len(place) > 2:
            return place[: -len(suffix)]
    return place


def resolve_tag(dataset: Dataset, value: str) -> Theme:
    wanted = _fold(value)
    for theme in dataset.themes:
        if wanted in (_fold(theme.name), _fold(theme.name_en)):
            return theme
    valid = [f"{t.name} ({t.name_en})" for t in dataset.themes]
    raise UnknownValue("--tag", value, valid)


class RegionFilter(NamedTuple):
    """Cases whose regions or providers name the place the user typed."""

    value: str
    regions: frozenset[str]
    providers: frozenset[str]

    def matches(self, case: Case) -> bool:
        return bool(self.regions.intersection(case.regions) or self.providers.intersection(case.providers))


def resolve_region(dataset: Dataset, value: str) -> RegionFilter:
    wanted = _bare(_fold(value))
    regions = {r for c in dataset.cases for r in c.regions if _bare(_fold(r)) == wanted}
    providers = {
        p
        for c in dataset.cases
        for p in c.providers
        # 两江 finds 重庆两江新区; two characters at least, so 市 alone matches nothing.
        if _bare(_fold(p)) == wanted or (len(wanted) >= 2 and wanted in _fold(p))
    }
    if not regions and not providers:
        places = sorted({r for c in dataset.cases for r in c.regions} | {p for c in dataset.cases for p in c.providers})
        raise UnknownValue("--region", value, places)
    return RegionFilter(value, frozenset(regions), frozenset(providers))


def tag_filter(theme: Theme):
    return lambda case: theme.name in case.tags


def combine(*predicates):
    """One case filter from several (None entries are skipped); None when there is nothing to filter."""
    active = [p for p in predicates if p is not None]
    if not active:
        return None
    return lambda case: all(p(case) for p in active)
