"""How the cases spread over regions, providers and tags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

from fuwumaoyi_cli.i18n import _

if TYPE_CHECKING:  # the command line reads DIMENSIONS before any case is loaded
    from fuwumaoyi_cli.cases.loader import Prepared
    from fuwumaoyi_cli.cases.model import Dataset

DIMENSIONS = ("region", "provider", "tag")
# Other names people use: a theme is what the data calls a tag (docs/architecture.md, "One meaning for each word").
DIMENSION_ALIASES = {"theme": "tag"}

Counts = tuple[tuple[str, int], ...]


class Stats(NamedTuple):
    """Counts of cases, most first (ties by name); a case counts once for each region, provider or tag it names."""

    by_region: Counts
    by_provider: Counts
    by_tag: Counts

    def counts(self, by: str) -> Counts:
        if by not in DIMENSIONS:
            raise ValueError(
                _("unknown dimension {by!r}; use one of {dimensions}", by=by, dimensions=", ".join(DIMENSIONS))
            )
        counts: Counts = getattr(self, f"by_{by}")
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {f"by_{by}": dict(self.counts(by)) for by in DIMENSIONS}


def _count(names_per_case: Iterable[Iterable[str]]) -> Counts:
    counter = Counter(chain.from_iterable(map(set, names_per_case)))  # a case counts once for each name
    return tuple(sorted(counter.items(), key=_most_first))


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def stats(dataset: Dataset) -> Stats:
    heads = dataset.heads()
    return Stats(
        by_region=_count(c.regions for c in heads),
        by_provider=_count(c.providers for c in heads),
        by_tag=_count(c.tags for c in heads),
    )


def prepared_stats(prepared: Prepared) -> Stats:
    """stats() of a loaded cases file, kept with its cache entry: they change only with the file, and a large
    file's are counted from every case's metadata (half a second at 50,000 cases)."""
    from fuwumaoyi_cli.cases import cache

    if (kept := _from_dict(prepared.entries.get(cache.STATS))) is not None:
        return kept
    counted = stats(prepared.dataset)
    prepared.remember(cache.STATS, counted.to_dict())
    return counted


def _from_dict(value: Any) -> Stats | None:
    """The Stats that to_dict() gave, or None for anything else (another version's entry, damage)."""
    if not isinstance(value, dict) or set(value) != {f"by_{by}" for by in DIMENSIONS}:
        return None
    parts = [value[f"by_{by}"] for by in DIMENSIONS]
    if not all(isinstance(p, dict) and all(type(n) is int and n > 0 for n in p.values()) for p in parts):
        return None
    counts = [tuple(p.items()) for p in parts]
    if any(list(c) != sorted(c, key=_most_first) for c in counts):  # not as _count() orders them
        return None
    return Stats(*counts)
