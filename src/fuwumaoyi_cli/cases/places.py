"""Place names as people shorten them: 江苏省 → 江苏, 苏州市 → 苏州, 重庆两江新区 → 重庆, 两江新区, 重庆两江."""

from __future__ import annotations

from fuwumaoyi_cli.cases.model import Dataset

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
