"""The data model: frozen dataclasses for a collection of cases, with to_dict() for JSON.

Every class has a docstring: for a class without one, @dataclass makes one from inspect.signature,
which costs start-up on every run.

Text fields hold paragraphs separated by one blank line ("\\n\\n"), exactly as in the TOML file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.sections import SECTION_HEADINGS, SECTION_KINDS  # noqa: F401 - part of the model API
from fuwumaoyi_cli.text import chinese_numeral


def split_paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


_COMPARED_FIELDS: dict[type, attrgetter] = {}  # model class → getter of the fields __eq__ and __hash__ compare


class _Record:
    """__eq__, __hash__ and __repr__ as @dataclass writes them, written once for all the model's classes.

    @dataclass compiles the methods it writes, class by class, on every import; sharing these three keeps
    ~9 M instructions (~1.5 ms) off every run. The classes stay frozen dataclasses: eq=False and
    repr=False only tell @dataclass that these methods are there.
    """

    __slots__ = ()

    def _compared(self) -> tuple[Any, ...]:
        # An attrgetter per class, made once: hashing a dataset of 2,000 cases comes here ~100,000 times.
        # Every model class compares two fields or more, so the getter gives a tuple.
        getter = _COMPARED_FIELDS.get(type(self))
        if getter is None:
            getter = _COMPARED_FIELDS[type(self)] = attrgetter(*(f.name for f in fields(self) if f.compare))
        return getter(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{type(self).__qualname__}({shown})"


@dataclass(frozen=True, eq=False, repr=False)
class Figure(_Record):
    """A figure caption standing in the text; the source holds no image (image=False)."""

    caption: str
    image: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"caption": self.caption, "image": self.image}


@dataclass(frozen=True, eq=False, repr=False)
class Point(_Record):
    """A numbered point (一)(二)… of a section: its lead sentence, then its text."""

    number: int
    lead: str
    text: str = ""
    figures: tuple[Figure, ...] = ()

    @property
    def ordinal(self) -> str:
        return f"（{chinese_numeral(self.number)}）"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return split_paragraphs(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "lead": self.lead,
            "text": self.text,
            "figures": [f.to_dict() for f in self.figures],
        }


@dataclass(frozen=True, eq=False, repr=False)
class Section(_Record):
    """A numbered section 一、二、…: plain text (before any points), then numbered points.

    `figures` are the figures that stand before the section's text; a figure that follows a
    point belongs to that point. `all_figures` gives both, in document order.
    """

    number: int
    kind: str
    heading: str
    text: str = ""
    points: tuple[Point, ...] = ()
    figures: tuple[Figure, ...] = ()

    @property
    def ordinal(self) -> str:
        return f"{chinese_numeral(self.number)}、"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return split_paragraphs(self.text)

    @property
    def all_figures(self) -> tuple[Figure, ...]:
        return self.figures + tuple(f for p in self.points for f in p.figures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "heading": self.heading,
            "text": self.text,
            "figures": [f.to_dict() for f in self.figures],
            "points": [p.to_dict() for p in self.points],
        }


class Block(NamedTuple):
    """One piece of a case's text, with where it stands: the unit that search and analysis read.

    A named tuple, not a frozen dataclass: a case has ~55 blocks, and making them for 2,000 cases
    took 0.19 s with a dataclass's __init__, a quarter of a search of that file.
    """

    field: str  # title | title_en | tags | provider | intro | heading | lead | body | figure
    text: str
    section: Section | None = None
    point: Point | None = None

    @property
    def where(self) -> str:
        """A short human label: 标题, 引言, or the section heading (and point ordinal)."""
        if self.section is None:
            return {"title": "标题", "title_en": "title", "tags": "主题", "provider": "提供单位"}.get(
                self.field, "引言"
            )
        label = self.section.heading
        if self.point is not None:
            label += self.point.ordinal
        return label


@dataclass(frozen=True, eq=False, repr=False)
class Case(_Record):
    """One best-practice case: its metadata, its introduction and its numbered sections."""

    id: int
    title: str
    title_en: str
    providers: tuple[str, ...]
    regions: tuple[str, ...]
    page: int | None
    tags: tuple[str, ...]
    tags_en: tuple[str, ...]
    intro: str
    sections: tuple[Section, ...]

    @property
    def intro_paragraphs(self) -> tuple[str, ...]:
        return split_paragraphs(self.intro)

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def blocks(self) -> Iterator[Block]:
        """Every piece of text in the case, in document order (metadata first)."""
        return iter(self._blocks)

    @cached_property
    def _blocks(self) -> tuple[Block, ...]:
        # Made once per case: search and analysis walk the blocks several times.
        return tuple(self._make_blocks())

    def _make_blocks(self) -> Iterator[Block]:
        yield Block("title", self.title)
        yield Block("title_en", self.title_en)
        for tag, tag_en in zip(self.tags, self.tags_en, strict=False):
            yield Block("tags", f"{tag} {tag_en}")
        for provider in self.providers:
            yield Block("provider", provider)
        for para in self.intro_paragraphs:
            yield Block("intro", para)
        for sec in self.sections:
            yield Block("heading", sec.heading, sec)
            for fig in sec.figures:
                yield Block("figure", fig.caption, sec)
            for para in sec.paragraphs:
                yield Block("body", para, sec)
            for point in sec.points:
                yield Block("lead", point.lead, sec, point)
                for para in point.paragraphs:
                    yield Block("body", para, sec, point)
                for fig in point.figures:
                    yield Block("figure", fig.caption, sec, point)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_en": self.title_en,
            "providers": list(self.providers),
            "regions": list(self.regions),
            "page": self.page,
            "tags": list(self.tags),
            "tags_en": list(self.tags_en),
            "intro": self.intro,
            "sections": [s.to_dict() for s in self.sections],
        }

    def summary_dict(self) -> dict[str, Any]:
        """The metadata only, for lists and search hits."""
        return {
            "id": self.id,
            "title": self.title,
            "title_en": self.title_en,
            "providers": list(self.providers),
            "regions": list(self.regions),
            "page": self.page,
            "tags": list(self.tags),
            "tags_en": list(self.tags_en),
        }


@dataclass(frozen=True, eq=False, repr=False)
class Theme(_Record):
    """A theme (tag) the cases may carry, in Chinese and English."""

    name: str
    name_en: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "name_en": self.name_en}


@dataclass(frozen=True, eq=False, repr=False)
class Source(_Record):
    """What the data file says about the document it was taken from (all optional)."""

    title: str = ""
    label: str = ""
    note: str = ""
    language: str = ""
    file: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True, eq=False, repr=False)
class Dataset(_Record):
    """A whole cases file: what it was taken from, its themes and its cases; `path` is where it was read."""

    schema_version: int
    source: Source
    themes: tuple[Theme, ...]
    cases: tuple[Case, ...]
    path: str = field(default="", compare=False)

    def get(self, case_id: int) -> Case | None:
        return next((c for c in self.cases if c.id == case_id), None)

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(c.id for c in self.cases)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "source": self.source.to_dict(),
            "themes": [t.to_dict() for t in self.themes],
            "cases": [c.to_dict() for c in self.cases],
        }
