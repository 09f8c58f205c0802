"""--tag and --region as people type them: a theme in Chinese or English, a province or a city, in
simplified or traditional characters or in pinyin (jiangsu, Sūzhōu, rongzi)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from fuwumaoyi_cli.cases.model import Case, Dataset, Theme
from fuwumaoyi_cli.cases.places import bare as _bare
from fuwumaoyi_cli.i18n import _
from fuwumaoyi_cli.text import fold, fold_query


class UnknownValue(ValueError):
    """A --tag or --region value that names nothing in the data; carries the valid values."""

    def __init__(self, option: str, value: str, valid: list[str]):
        self.option, self.value, self.valid = option, value, valid
        super().__init__(
            _(
                "unknown {option} {value!r}; valid values: {valid}",
                option=option,
                value=value,
                valid=_(", ").join(valid),
            )
        )


def _fold(text: str) -> str:
    return fold(text).strip()


def _as_typed(value: str, names: list[str]) -> str:
    """The value folded like a search query: full width, case, tone marks, traditional → simplified."""
    return fold_query(value.strip(), {ch for name in names for ch in name})


def _pinyin(name: str) -> str:
    """苏州 → suzhou (pypinyin, imported only when a value is typed in pinyin)."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


def _is_pinyin(value: str) -> bool:
    return value.isascii() and value.replace(" ", "").isalpha()


def resolve_tag(dataset: Dataset, value: str) -> Theme:
    wanted = _as_typed(value, [t.name for t in dataset.themes])
    for theme in dataset.themes:
        if wanted in (_fold(theme.name), _fold(theme.name_en)):
            return theme
    if _is_pinyin(wanted):
        for theme in dataset.themes:
            if wanted.replace(" ", "") == _pinyin(theme.name):
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
    all_regions = sorted({r for c in dataset.heads() for r in c.regions})
    all_providers = sorted({p for c in dataset.heads() for p in c.providers})
    wanted = _bare(_as_typed(value, all_regions + all_providers))
    regions = {r for r in all_regions if _bare(_fold(r)) == wanted}
    # 两江 finds 重庆两江新区; two characters at least, so 市 alone matches nothing.
    providers = {p for p in all_providers if _bare(_fold(p)) == wanted or (len(wanted) >= 2 and wanted in _fold(p))}
    if not regions and not providers and _is_pinyin(wanted):
        spelled = wanted.replace(" ", "").removesuffix("sheng").removesuffix("shi")
        regions = {r for r in all_regions if _pinyin(_bare(r)) == spelled}
        # liangjiang finds 重庆两江新区; four letters at least, so xi alone matches nothing.
        providers = {
            p for p in all_providers if _pinyin(_bare(p)) == spelled or (len(spelled) >= 4 and spelled in _pinyin(p))
        }
    if not regions and not providers:
        raise UnknownValue("--region", value, sorted(set(all_regions) | set(all_providers)))
    return RegionFilter(value, frozenset(regions), frozenset(providers))


CaseFilter = Callable[[Case], bool]


def tag_filter(theme: Theme) -> CaseFilter:
    return lambda case: theme.name in case.tags


def combine(*predicates: CaseFilter | None) -> CaseFilter | None:
    """One case filter from several (None entries are skipped); None when there is nothing to filter."""
    active = [p for p in predicates if p is not None]
    if not active:
        return None
    return lambda case: all(p(case) for p in active)


def case_filter(dataset: Dataset, tags: Sequence[str] = (), regions: Sequence[str] = ()) -> CaseFilter | None:
    """--tag values (each must apply) and --region values (any may apply) as one filter; None for none.

    Raises UnknownValue for the first value that names nothing in `dataset`.
    """
    themes = [resolve_tag(dataset, t) for t in tags]
    places = [resolve_region(dataset, r) for r in regions]
    in_any_place: CaseFilter | None = (lambda case: any(p.matches(case) for p in places)) if places else None
    return combine(*(tag_filter(t) for t in themes), in_any_place)
