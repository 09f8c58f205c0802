"""The data model: frozen dataclasses for a collection of cases, declared once.

Everything else is derived from these declarations with dataclasses.fields(): to_dict() for JSON
(here), the fields a cases file may hold (cases/check.py) and the cache's compact form (cases/codec.py).
Field metadata says where a field departs from its name: KEY (its name in files and JSON), LEGACY_KEY (a
former JSON name still written for one release), POSITION (a number given by its place in a list, not
stored) and NOT_STORED (not part of the data).

Every class needs a docstring (tests/test_layers.py checks it): for a class without one, @dataclass
makes one from inspect.signature, which costs start-up on every run (docs/architecture.md).

Text fields hold paragraphs separated by one blank line ("\\n\\n"), exactly as in the TOML file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import Field, dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from fuwumaoyi_cli import jsontext
from fuwumaoyi_cli.text import chinese_numeral

KEY = "key"
LEGACY_KEY = "legacy_key"
POSITION = {"position": True}
NOT_STORED = {"stored": False}


def key_of(f: Field[Any]) -> str:
    """The field's name in files and JSON."""
    return str(f.metadata.get(KEY, f.name))


def is_stored(f: Field[Any]) -> bool:
    """Part of the data (not, like Dataset.path, where it was read)."""
    return bool(f.metadata.get("stored", True))


def is_position(f: Field[Any]) -> bool:
    """A number given by the record's place in its list (a section's, a point's), not stored."""
    return bool(f.metadata.get("position", False))


def split_paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


_COMPARED_FIELDS: dict[type, attrgetter[Any]] = {}  # model class → getter of the fields __eq__ and __hash__ compare
_JSON_FIELDS: dict[type, list[tuple[str, str, str | None]]] = {}  # model class → (attribute, key, legacy key)


class _Record:
    """__eq__, __hash__ and __repr__ as @dataclass writes them, written once for all the model's classes.

    @dataclass compiles the methods it writes, class by class, on every import (docs/architecture.md,
    "Speed tricks"). The classes stay frozen dataclasses: eq=False and repr=False only tell @dataclass
    that these methods are there.
    """

    __slots__ = ()

    def _compared(self) -> tuple[Any, ...]:
        # An attrgetter per class, made once: hashing a large dataset comes here for every record.
        # Every model class compares two fields or more, so the getter gives a tuple.
        getter = _COMPARED_FIELDS.get(type(self))
        if getter is None:
            compared = (f.name for f in fields(self) if f.compare)  # type: ignore[arg-type]
            getter = _COMPARED_FIELDS[type(self)] = attrgetter(*compared)
        return getter(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({shown})"

    def to_dict(self, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
        """The record as JSON-safe values, in field order, under each field's KEY."""
        described = _JSON_FIELDS.get(type(self))
        if described is None:
            described = _JSON_FIELDS[type(self)] = [
                (f.name, key_of(f), f.metadata.get(LEGACY_KEY))
                for f in fields(self)  # type: ignore[arg-type]
                if is_stored(f)
            ]
        out: dict[str, Any] = {}
        for name, key, legacy in described:
            if name not in exclude:
                out[key] = _json(getattr(self, name))
                if legacy:
                    out[legacy] = out[key]
        return out


def _json(value: Any) -> Any:
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    return value


@dataclass(frozen=True, eq=False, repr=False)
class Caption(_Record):
    """The caption of a figure of the source document; the source holds no image (image=False)."""

    text: str = field(metadata={KEY: "caption"})
    image: bool = False

    @property
    def label(self) -> str:
        """图：caption, whether or not the source wrote the 图： itself."""
        return "图：" + self.text.removeprefix("图：")


@dataclass(frozen=True, eq=False, repr=False)
class Point(_Record):
    """A numbered point (一)(二)… of a section: its lead sentence, its text, the captions after it."""

    number: int = field(metadata=POSITION)
    lead: str
    text: str = ""
    captions: tuple[Caption, ...] = field(default=(), metadata={LEGACY_KEY: "figures"})

    @property
    def ordinal(self) -> str:
        return f"（{chinese_numeral(self.number)}）"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return split_paragraphs(self.text)


@dataclass(frozen=True, eq=False, repr=False)
class Section(_Record):
    """A numbered section 一、二、…: plain text (before any points), then numbered points.

    `captions` are those that stand before the section's text; a caption that follows a point
    belongs to that point. `all_captions` gives both, in document order.
    """

    number: int = field(metadata=POSITION)
    kind: str
    heading: str
    text: str = ""
    captions: tuple[Caption, ...] = field(default=(), metadata={LEGACY_KEY: "figures"})
    points: tuple[Point, ...] = ()

    @property
    def ordinal(self) -> str:
        return f"{chinese_numeral(self.number)}、"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return split_paragraphs(self.text)

    @property
    def all_captions(self) -> tuple[Caption, ...]:
        return self.captions + tuple(c for p in self.points for c in p.captions)


class Block(NamedTuple):
    """One piece of a case's text, with where it stands: the unit that search and analysis read.

    A named tuple, not a frozen dataclass: a case has dozens of blocks, and a search of a large file
    makes them for every case.
    """

    field: str  # title | title_en | tags | provider | intro | heading | lead | body | caption
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


# A case's text; the rest is its metadata, which is all that `list`, `stats` and the filters read
# (Dataset.heads()).
CASE_TEXT_FIELDS = ("intro", "sections")


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
            for caption in sec.captions:
                yield Block("caption", caption.text, sec)
            for para in sec.paragraphs:
                yield Block("body", para, sec)
            for point in sec.points:
                yield Block("lead", point.lead, sec, point)
                for para in point.paragraphs:
                    yield Block("body", para, sec, point)
                for caption in point.captions:
                    yield Block("caption", caption.text, sec, point)

    def summary_dict(self) -> dict[str, Any]:
        """The metadata only, for lists and search hits."""
        return self.to_dict(exclude=("intro", "sections"))

    def summary_json(self) -> str:
        """summary_dict() as fwmy writes JSON: what `list --json` prints for the case, which a store keeps
        ready (10,000 of them are 5 MB of JSON, most of the time `list --json` took to encode)."""
        return jsontext.dumps(self.summary_dict())


@dataclass(frozen=True, eq=False, repr=False)
class Theme(_Record):
    """A theme (tag) the cases may carry, in Chinese and English."""

    name: str
    name_en: str


@dataclass(frozen=True, eq=False, repr=False)
class Source(_Record):
    """What the data file says about the document it was taken from (all optional)."""

    title: str = ""
    label: str = ""
    note: str = ""
    language: str = ""
    file: str = ""

    def to_dict(self, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
        """Only the fields the file gives."""
        return {k: v for k, v in super().to_dict(exclude).items() if v}

    def cite(self, case: Case) -> str:
        """Where a quote from the case comes from: 《document》，案例 16：title，第 51 页."""
        parts = [f"《{self.title}》"] if self.title else []
        parts.append(f"案例 {case.id}：{case.title}")
        if case.page is not None:
            parts.append(f"第 {case.page} 页")
        return "，".join(parts)


@dataclass(frozen=True, eq=False, repr=False)
class Dataset(_Record):
    """A whole cases file: what it was taken from, its themes and its cases; `path` is where it was read."""

    schema_version: int
    source: Source
    themes: tuple[Theme, ...]
    cases: tuple[Case, ...]
    path: str = field(default="", compare=False, metadata=NOT_STORED)

    # A large file's cases come from its store (cases/store.py), a sequence that decodes each case when asked
    # and answers these from its index without decoding any.

    def get(self, case_id: int) -> Case | None:
        if (by_id := getattr(self.cases, "by_id", None)) is not None:
            return by_id(case_id)  # type: ignore[no-any-return]
        return next((c for c in self.cases if c.id == case_id), None)

    @property
    def ids(self) -> tuple[int, ...]:
        if (ids := getattr(self.cases, "ids", None)) is not None:
            return ids  # type: ignore[no-any-return]
        return tuple(c.id for c in self.cases)

    def heads(self) -> Sequence[Case]:
        """Every case, of which only the metadata is to be read (not CASE_TEXT_FIELDS): from a store, cases
        without their text."""
        if (heads := getattr(self.cases, "heads", None)) is not None:
            return heads()  # type: ignore[no-any-return]
        return self.cases

    def places(self) -> list[str]:
        """The regions and providers the cases name, each once, in file order (a case's regions first)."""
        if (places := getattr(self.cases, "places", None)) is not None:
            return places()  # type: ignore[no-any-return]
        return places_of(self.cases)

    def summaries_json(self, cases: Sequence[Case] | None = None) -> list[str]:
        """Case.summary_json() of these cases (in file order, as heads() gives them) or of every case; a store
        answers from the summaries it keeps, decoding no case."""
        if (summaries := getattr(self.cases, "summaries_json", None)) is not None:
            return summaries(None if cases is None else [c.id for c in cases])  # type: ignore[no-any-return]
        return [c.summary_json() for c in (self.cases if cases is None else cases)]

    def titles(self) -> list[tuple[int, str]]:
        """(id, title) of every case, in file order."""
        if (titles := getattr(self.cases, "titles", None)) is not None:
            return titles()  # type: ignore[no-any-return]
        return [(c.id, c.title) for c in self.cases]


def places_of(cases: Iterable[Case]) -> list[str]:
    """The regions and providers these cases name, each once, in their order (a case's regions first)."""
    return list(dict.fromkeys(p for c in cases for p in (*c.regions, *c.providers)))
