"""Two to four cases side by side: metadata, what they share and what sets each apart, their sections row by
row, their key figures; `briefing` lays them out as the rows of a briefing's table (Markdown, Word)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.ids import lookup_case
from fuwumaoyi_cli.cases.model import Case, Dataset, Section
from fuwumaoyi_cli.cases.sections import SECTION_KINDS
from fuwumaoyi_cli.i18n import _
from fuwumaoyi_cli.keyfigures import KIND_NAMES, KeyFigure, distinct_facts, extract_key_figures
from fuwumaoyi_cli.ngrams import distinctive_ngrams, shared_ngrams
from fuwumaoyi_cli.text import LIST_JOINER

FEWEST_CASES, MOST_CASES = 2, 4
SHARED_NGRAMS = 10
DISTINCTIVE_NGRAMS = 8
FIRST_SENTENCE = re.compile(r"^.+?[。！？!?：:；;]|^.+$", re.DOTALL)
# Results are read for their figures: a result paragraph is cut only at the end of a sentence, not at a
# semicolon that would hide them (“信易贷”…；截至 2019 年底…412 家…3.7 亿元).
WHOLE_SENTENCE = re.compile(r"^.+?[。！？!?]|^.+$", re.DOTALL)


class SectionRow(NamedTuple):
    """One kind of section across the compared cases: a cell per case, in case order; () where a case lacks it."""

    kind: str
    cells: tuple[tuple[str, ...], ...]


class Comparison(NamedTuple):
    """What `compare` finds for 2–4 cases: what they share, their sections row by row, their key figures."""

    cases: tuple[Case, ...]
    shared_tags: tuple[str, ...]
    shared_regions: tuple[str, ...]
    shared_ngrams: tuple[str, ...]
    rows: tuple[SectionRow, ...]
    key_figures: tuple[tuple[KeyFigure, ...], ...]  # per case, in case order
    section: str | None = None  # None: rows hold lead sentences; a kind: that section's full text
    distinctive_ngrams: tuple[tuple[str, ...], ...] = ()  # per case: terms it uses that the others do not

    def to_dict(self) -> dict[str, Any]:
        ids = [str(case.id) for case in self.cases]
        key_figures = {i: [f.to_dict() for f in figs] for i, figs in zip(ids, self.key_figures, strict=True)}
        return {
            "cases": [c.to_dict() for c in self.cases],
            "shared": {
                "tags": list(self.shared_tags),
                "regions": list(self.shared_regions),
                "ngrams": list(self.shared_ngrams),
                "terms": list(self.shared_ngrams),  # the former name, kept for one release
            },
            "distinctive": {i: list(terms) for i, terms in zip(ids, self.distinctive_ngrams, strict=True)},
            "section": self.section,
            "sections": {row.kind: dict(zip(ids, map(list, row.cells), strict=True)) for row in self.rows},
            "key_figures": key_figures,
            "figures": key_figures,  # the former name, kept for one release
        }


def _shared(lists: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """Items every list holds, in the order of the first."""
    return tuple(item for item in dict.fromkeys(lists[0]) if all(item in other for other in lists[1:]))


def _leads(section: Section) -> tuple[str, ...]:
    """The lead of each point; a section without points offers the first sentence of each paragraph
    (of results, the whole first sentence)."""
    if section.points:
        return tuple(p.ordinal + p.lead for p in section.points)
    first = WHOLE_SENTENCE if section.kind == "results" else FIRST_SENTENCE
    return tuple(first.match(para).group().strip() for para in section.paragraphs)  # type: ignore[union-attr]


def intro_lead(case: Case) -> str:
    """What the case is, in its own first sentence."""
    return WHOLE_SENTENCE.match(case.intro).group().strip() if case.intro else ""  # type: ignore[union-attr]


def _full_text(section: Section) -> tuple[str, ...]:
    """Every paragraph; a point as one item (ordinal, lead, then its text); captions as 图：…."""
    items = [c.label for c in section.captions]
    items.extend(section.paragraphs)
    for point in section.points:
        first, *rest = point.paragraphs or ("",)
        items.append("\n".join((point.ordinal + point.lead + first, *rest)))
        items.extend(c.label for c in point.captions)
    return tuple(items)


def check_case_ids(case_ids: Sequence[int]) -> None:
    """ValueError unless these are 2–4 distinct ids: compare's rule, which the command line checks before
    it loads any data."""
    if not FEWEST_CASES <= len(case_ids) <= MOST_CASES:
        raise ValueError(_("give two to four case numbers"))
    if len(set(case_ids)) != len(case_ids):
        raise ValueError(_("give different case numbers"))


def compare(dataset: Dataset, case_ids: Sequence[int], section: str | None = None) -> Comparison:
    """Compare 2–4 distinct cases of `dataset` (which also gives how rare a shared n-gram is).

    With `section` (one of SECTION_KINDS) only that section is compared, in full text, and only its key figures.
    Raises ValueError for a wrong number of ids, a repeated id or an unknown section kind (a usage error),
    and UnknownCase (a LookupError) for an id the dataset does not hold.
    """
    if section is not None and section not in SECTION_KINDS:
        raise ValueError(
            _("unknown section {section!r}; use one of {kinds}", section=section, kinds=", ".join(SECTION_KINDS))
        )
    check_case_ids(case_ids)
    cases = tuple(lookup_case(dataset, case_id) for case_id in case_ids)
    kinds = (section,) if section else tuple(k for k in SECTION_KINDS if any(c.section(k) for c in cases))
    cell_of = _full_text if section else _leads
    rows = tuple(
        SectionRow(kind, tuple(cell_of(s) if (s := case.section(kind)) else () for case in cases)) for kind in kinds
    )
    key_figures = tuple(extract_key_figures(case, section) for case in cases)
    return Comparison(
        cases=cases,
        shared_tags=_shared([c.tags for c in cases]),
        shared_regions=_shared([c.regions for c in cases]),
        shared_ngrams=shared_ngrams(dataset, [c.id for c in cases], SHARED_NGRAMS),
        rows=rows,
        key_figures=key_figures,
        section=section,
        distinctive_ngrams=distinctive_ngrams(dataset, [c.id for c in cases], DISTINCTIVE_NGRAMS),
    )


def _results(section: Section | None) -> str:
    """A results section in full sentences: each point's lead and text, or each paragraph."""
    if section is None:
        return ""
    if section.points:
        return "\n".join(p.ordinal + p.lead + "".join(p.paragraphs) for p in section.points)
    return "\n".join(section.paragraphs)


def _figures_cell(figures: Sequence[KeyFigure]) -> str:
    lines = []
    for kind, name in KIND_NAMES.items():
        phrases = [f.phrase for f, _ in distinct_facts(figures) if f.kind == kind]
        if phrases:
            lines.append(f"{name}：" + "，".join(phrases))
    return "\n".join(lines)


def briefing(comparison: Comparison) -> list[tuple[str, list[str]]]:
    """The comparison as a briefing's rows: (aspect, one cell of plain text per case), for Markdown and
    Word. Results come in full, with the figures labelled; what sets each case apart and what they share
    close it."""
    c = comparison
    cases = c.cases

    def practices(case: Case) -> str:
        section = case.section("practices")
        return "\n".join(_leads(section)) if section else ""

    def next_steps(case: Case) -> str:
        section = case.section("next_steps")
        return "\n".join(_leads(section)) if section else ""

    rows = [
        ("提供单位与地区", [f"{LIST_JOINER.join(x.providers)}（{LIST_JOINER.join(x.regions)}）" for x in cases]),
        ("是什么", [intro_lead(x) for x in cases]),
        ("怎么做", [practices(x) for x in cases]),
        ("实践效果", [_results(x.section("results")) for x in cases]),
        ("关键数据", [_figures_cell(figs) for figs in c.key_figures]),
        ("下一步", [next_steps(x) for x in cases]),
        ("主题", [LIST_JOINER.join(x.tags) for x in cases]),
        ("独有的词", [LIST_JOINER.join(terms) for terms in c.distinctive_ngrams]),
    ]
    shared = LIST_JOINER.join(c.shared_tags) or "—"
    words = LIST_JOINER.join(c.shared_ngrams) or "—"
    rows.append(("共同主题 · 共同词语", [f"{shared} · {words}"] * len(cases)))
    return rows
