"""How the cases spread over regions, providers and tags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from fuwumaoyi_cli.i18n import _

if TYPE_CHECKING:  # the command line reads DIMENSIONS before any case is loaded
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
    counter: Counter[str] = Counter()
    for names in names_per_case:
        counter.update(set(names))
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def stats(dataset: Dataset) -> Stats:
    return Stats(
        by_region=_count(c.regions for c in dataset.heads()),
        by_provider=_count(c.providers for c in dataset.heads()),
        by_tag=_count(c.tags for c in dataset.heads()),
    )
