"""Building the model from a parsed cases file, noting every problem instead of stopping at the first.

The fields each table may hold come from the model's declarations (file_keys); anything else is most
likely a typo that would silently lose data, and is a problem.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from typing import Any

from fuwumaoyi_cli.cases.model import (
    Caption,
    Case,
    Dataset,
    Point,
    Section,
    Source,
    Theme,
    is_position,
    is_stored,
    key_of,
)
from fuwumaoyi_cli.cases.problems import Problem
from fuwumaoyi_cli.cases.sections import SECTION_KINDS
from fuwumaoyi_cli.i18n import _
from fuwumaoyi_cli.text import control_characters, escape_control

SCHEMA_VERSION = 2  # 2 names a figure's caption list `captions`; 1 named it `figures`, still read
READ_VERSIONS = (1, 2)
TOP_FIELDS = ("schema_version", "source", "themes", "cases")


def file_keys(cls: type) -> tuple[str, ...]:
    """The keys a table of this model class has in a cases file: its stored fields, positions left out."""
    return tuple(key_of(f) for f in fields(cls) if is_stored(f) and not is_position(f))


SOURCE_FIELDS = file_keys(Source)
THEME_FIELDS = file_keys(Theme)
CASE_FIELDS = file_keys(Case)
# A file of schema version 1 (before 0.2) calls the captions "figures": still read, under one name or the other.
LEGACY_CAPTIONS = "figures"
SECTION_FIELDS = file_keys(Section)
POINT_FIELDS = file_keys(Point)
CAPTION_FIELDS = file_keys(Caption)


class _Checker:
    """Builds the model from parsed TOML, noting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.version: Any = SCHEMA_VERSION

    def note(self, message: str, case_id: Any = None, field: str = "") -> None:
        self.problems.append(Problem(message, case_id, field))

    def controls(self, value: str, case_id: Any, field: str) -> None:
        """A warning for text that would steer a terminal (an escape sequence, a bidi override): shown escaped."""
        found = control_characters(value)
        if found:
            shown = ", ".join(dict.fromkeys(escape_control(c) for c in found))
            message = _(
                "holds {count} control character(s) ({shown}); fwmy shows them as escapes",
                count=len(found),
                shown=shown,
            )
            self.problems.append(Problem(message, case_id, field, warning=True))

    def unknown_fields(self, table: dict[str, Any], known: tuple[str, ...], case_id: Any, where: str) -> None:
        for key in table:
            if key not in known and not (key == LEGACY_CAPTIONS and "captions" in known):
                self.note(_("unknown field; expected one of {fields}", fields=", ".join(known)), case_id, where + key)

    def text(self, table: dict[str, Any], key: str, case_id: Any, where: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.note(_("missing"), case_id, where + key)
            return ""
        if not isinstance(value, str):
            self.note(_("must be text, not {type}", type=type(value).__name__), case_id, where + key)
            return ""
        if required and not value.strip():
            self.note(_("is empty"), case_id, where + key)
        self.controls(value, case_id, where + key)
        return value

    def text_list(self, table: dict[str, Any], key: str, case_id: Any, required: bool = True) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            if required:
                self.note(_("missing"), case_id, key)
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.note(_("must be a list of text"), case_id, key)
            return ()
        if required and not value:
            self.note(_("is empty"), case_id, key)
        for item in value:
            self.controls(item, case_id, key)
        return tuple(value)

    def tables(self, table: dict[str, Any], key: str, case_id: Any, where: str) -> list[dict[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.note(_("must be a list of tables"), case_id, where + key)
            return []
        return value

    def captions(self, table: dict[str, Any], case_id: Any, where: str) -> tuple[Caption, ...]:
        key = "captions"
        if LEGACY_CAPTIONS in table and self.version == SCHEMA_VERSION:
            self.note(
                _("{legacy} is called captions since schema version 2", legacy=LEGACY_CAPTIONS),
                case_id,
                where + LEGACY_CAPTIONS,
            )
        elif LEGACY_CAPTIONS in table:
            if key in table:
                self.note(
                    _("give captions or {legacy} (its former name), not both", legacy=LEGACY_CAPTIONS),
                    case_id,
                    where + key,
                )
            else:
                key = LEGACY_CAPTIONS
        out = []
        for i, item in enumerate(self.tables(table, key, case_id, where), 1):
            here = f"{where}{key}[{i}]."
            self.unknown_fields(item, CAPTION_FIELDS, case_id, here)
            text = self.text(item, "caption", case_id, here)
            image = item.get("image", False)
            if not isinstance(image, bool):
                self.note(_("must be true or false"), case_id, here + "image")
                image = False
            out.append(Caption(text, image))
        return tuple(out)

    def section(self, table: dict[str, Any], number: int, case_id: Any) -> Section:
        where = f"sections[{number}]."
        self.unknown_fields(table, SECTION_FIELDS, case_id, where)
        kind = self.text(table, "kind", case_id, where)
        if kind and kind not in SECTION_KINDS:
            self.note(
                _("unknown kind {kind!r}; use one of {kinds}", kind=kind, kinds=", ".join(SECTION_KINDS)),
                case_id,
                where + "kind",
            )
        points = []
        for n, pt in enumerate(self.tables(table, "points", case_id, where), 1):
            pwhere = f"{where}points[{n}]."
            self.unknown_fields(pt, POINT_FIELDS, case_id, pwhere)
            points.append(
                Point(
                    number=n,
                    lead=self.text(pt, "lead", case_id, pwhere),
                    text=self.text(pt, "text", case_id, pwhere, required=False),
                    captions=self.captions(pt, case_id, pwhere),
                )
            )
        section = Section(
            number=number,
            kind=kind,
            heading=self.text(table, "heading", case_id, where),
            text=self.text(table, "text", case_id, where, required=False),
            captions=self.captions(table, case_id, where),
            points=tuple(points),
        )
        if not section.text.strip() and not section.points:
            self.note(_("a section needs text or points"), case_id, where + "text")
        return section

    def case(self, table: dict[str, Any], index: int, themes: dict[str, str]) -> Case | None:
        case_id = table.get("id")
        if case_id is None:
            self.note(_("missing"), f"#{index}", "id")
            return None
        if not isinstance(case_id, int) or isinstance(case_id, bool) or case_id < 1:
            self.note(_("must be a whole number ≥ 1, not {value!r}", value=case_id), f"#{index}", "id")
            return None
        self.unknown_fields(table, CASE_FIELDS, case_id, "")
        tags = self.text_list(table, "tags", case_id)
        for tag in tags:
            if tag not in themes:
                self.note(_("{tag!r} is not a theme defined in [[themes]]", tag=tag), case_id, "tags")
        for dup in sorted(t for t, n in Counter(tags).items() if n > 1):
            self.note(_("{tag!r} is listed more than once", tag=dup), case_id, "tags")
        tags_en = self.text_list(table, "tags_en", case_id, required=False)
        expected_en = tuple(themes.get(t, "") for t in tags)
        if not tags_en:
            tags_en = expected_en
        elif tags_en != expected_en and all(expected_en):
            self.note(_("must match tags in [[themes]]: {expected}", expected=list(expected_en)), case_id, "tags_en")
        page = table.get("page")
        if page is not None and (not isinstance(page, int) or isinstance(page, bool)):
            self.note(_("must be a whole number, not {value!r}", value=page), case_id, "page")
            page = None
        sections = tuple(
            self.section(sec, n, case_id) for n, sec in enumerate(self.tables(table, "sections", case_id, ""), 1)
        )
        if not sections and isinstance(table.get("sections", []), list):
            self.note(_("a case needs at least one section"), case_id, "sections")
        kinds = [sec.kind for sec in sections if sec.kind]
        for kind in sorted(k for k, n in Counter(kinds).items() if n > 1):
            # show, compare and --section read one section of each kind
            self.note(
                _("more than one {kind!r} section; a case has at most one of each kind", kind=kind), case_id, "sections"
            )
        return Case(
            id=case_id,
            title=self.text(table, "title", case_id, ""),
            title_en=self.text(table, "title_en", case_id, "", required=False),
            providers=self.text_list(table, "providers", case_id),
            regions=self.text_list(table, "regions", case_id),
            page=page,
            tags=tags,
            tags_en=tags_en,
            intro=self.text(table, "intro", case_id, "", required=False),
            sections=sections,
        )

    def dataset(self, doc: dict[str, Any], path: str) -> Dataset:
        self.unknown_fields(doc, TOP_FIELDS, None, "")
        version = doc.get("schema_version")
        if version is None:
            self.note(
                _("missing (this program reads version {version})", version=SCHEMA_VERSION), field="schema_version"
            )
        elif type(version) is not int or version not in READ_VERSIONS:  # not True, not 1.0
            self.note(
                _("must be {version} (or 1), not {value!r}", version=SCHEMA_VERSION, value=version),
                field="schema_version",
            )
        self.version = version
        src = doc.get("source", {})
        if not isinstance(src, dict):
            self.note(_("must be a table"), field="source")
            src = {}
        self.unknown_fields(src, SOURCE_FIELDS, None, "source.")
        source = Source(**{k: self.text(src, k, None, "source.", required=False) for k in SOURCE_FIELDS})
        themes: list[Theme] = []
        for i, th in enumerate(self.tables(doc, "themes", None, ""), 1):
            where = f"themes[{i}]."
            self.unknown_fields(th, THEME_FIELDS, None, where)
            themes.append(Theme(self.text(th, "name", None, where), self.text(th, "name_en", None, where)))
        names = [t.name for t in themes]
        for dup in sorted(name for name, n in Counter(names).items() if n > 1):
            self.note(_("theme {theme!r} is defined more than once", theme=dup), field="themes")
        # The first definition of a theme counts, so a repeated one is reported once, not again at every tag.
        theme_map: dict[str, str] = {}
        for theme in themes:
            theme_map.setdefault(theme.name, theme.name_en)
        raw_cases = self.tables(doc, "cases", None, "")
        if not raw_cases and isinstance(doc.get("cases", []), list):
            self.note(_("the file defines no [[cases]]"), field="cases")
        cases = [c for i, t in enumerate(raw_cases, 1) if (c := self.case(t, i, theme_map)) is not None]
        seen: set[int] = set()
        for c in cases:
            if c.id in seen:
                self.note(_("duplicate id: another case has the same id"), c.id, "id")
            seen.add(c.id)
        return Dataset(SCHEMA_VERSION, source, tuple(themes), tuple(sorted(cases, key=lambda c: c.id)), path)


def dataset_from_dict(doc: dict[str, Any], path: str = "") -> tuple[Dataset, list[Problem]]:
    """The dataset a parsed file describes, and its problems: errors and warnings, cautions among them."""
    checker = _Checker()
    dataset = checker.dataset(doc, path)
    problems = checker.problems
    if all(p.warning for p in problems):
        problems += cautions(dataset)
    return dataset, problems


# A spreadsheet runs a cell that starts with one of these as a formula (fwmy's CSV and Excel exports
# neutralise it; a copy and paste would not).
FORMULA_STARTS = ("=", "+", "-", "@")
ONE_LINE_FIELDS = ("title", "title_en", "providers", "regions", "tags")


def cautions(dataset: Dataset) -> list[Problem]:
    """Warnings for what is allowed in a cases file but unsafe where its text goes: a one-line field (a
    title, a provider) that a spreadsheet would run as a formula, or that holds a line break."""
    found = []
    for case in dataset.cases:
        for name in ONE_LINE_FIELDS:
            value = getattr(case, name)
            for text in value if isinstance(value, tuple) else (value,):
                if text.startswith(FORMULA_STARTS):
                    message = _("starts with {char!r}: a spreadsheet would run it as a formula", char=text[0])
                    found.append(Problem(message, case.id, name, warning=True))
                if "\n" in text or "\r" in text:
                    found.append(Problem(_("holds a line break in a one-line field"), case.id, name, warning=True))
    return found
