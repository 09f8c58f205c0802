"""Reading and checking a cases file (format: docs/data-format.md).

`load_dataset()` returns a Dataset or raises DataError, whose str() is one line fit for a
terminal; `check_file()` returns every problem, for `fwmy validate`.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.model import SECTION_KINDS, Case, Dataset, Figure, Point, Section, Source, Theme

SCHEMA_VERSION = 1
TOML_POSITION = r"\(at line (\d+), column (\d+)\)"  # compiled on first use: only a broken file needs it

# The fields each table may hold: anything else is most likely a typo that would silently lose data.
TOP_FIELDS = ("schema_version", "source", "themes", "cases")
SOURCE_FIELDS = tuple(Source.__dataclass_fields__)
THEME_FIELDS = ("name", "name_en")
CASE_FIELDS = ("id", "title", "title_en", "providers", "regions", "page", "tags", "tags_en", "intro", "sections")
SECTION_FIELDS = ("kind", "heading", "text", "figures", "points")
POINT_FIELDS = ("lead", "text", "figures")
FIGURE_FIELDS = ("caption", "image")
MODEL_KEY = "model"  # the entry of a prepared file's cache that holds its checked model (compact_model)


class Problem(NamedTuple):  # not a dataclass: each @dataclass costs ~1 ms of every start-up
    message: str
    case_id: Any = None
    field: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}, column {self.column}")
        if self.case_id is not None:
            where.append(f"case {self.case_id}")
        if self.field:
            where.append(self.field)
        return (": ".join(where) + ": " if where else "") + self.message


class DataError(Exception):
    """A cases file that cannot be used. str() is one line naming the file."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems or [Problem("unusable cases file")]
        first = f"{path}: {self.problems[0]}"
        more = len(self.problems) - 1
        line = first + (f" (and {more} more; see `fwmy validate {path}`)" if more else "")
        # A problem may quote a value from the file; keep the message on one terminal line anyway.
        super().__init__(" ".join(line.split("\n")))


def bundled_path() -> Path:
    """The cases file shipped with the package (from a wheel or from a source checkout)."""
    # What importlib.resources.files() gives for a package installed on disk, without the
    # ~13 ms that importing importlib.resources adds to every call (docs/performance.md).
    packaged = Path(__file__).parent.parent / "data" / "cases.toml"
    if packaged.is_file():
        return packaged
    # An editable install runs from the source tree, where data/ sits at the top.
    return Path(__file__).resolve().parents[3] / "data" / "cases.toml"


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes, or "" when it cannot be read (hashlib imported here: ~3 ms)."""
    import hashlib

    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def read_toml(path: Path, name: str | None = None) -> dict[str, Any]:
    """Parse a TOML file, turning every way it can fail into a DataError (naming the file as `name`)."""
    name = name or str(path)
    return parse_toml(read_bytes(path, name), name)


def read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(name, [Problem("no such file")]) from None
    except IsADirectoryError:
        raise DataError(name, [Problem("is a directory, not a cases file")]) from None
    except OSError as err:
        raise DataError(name, [Problem(f"cannot read: {err.strerror or err}")]) from None


def parse_toml(raw: bytes, name: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: a cached file needs no TOML parser
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        hint = "not UTF-8 text (if it is GBK, convert it: iconv -f GBK -t UTF-8 FILE > NEW)"
        raise DataError(name, [Problem(f"{hint}; first bad byte at offset {err.start}")]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(TOML_POSITION, str(err))
        message = "not valid TOML: " + re.sub(TOML_POSITION, "", str(err)).strip()
        if m:
            problem = Problem(message, line=int(m.group(1)), column=int(m.group(2)))
        else:
            problem = Problem(message)
        raise DataError(name, [problem]) from None


class _Checker:
    """Builds the model from parsed TOML, noting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def note(self, message: str, case_id: Any = None, field: str = "") -> None:
        self.problems.append(Problem(message, case_id, field))

    def unknown_fields(self, table: dict, known: tuple[str, ...], case_id: Any, where: str) -> None:
        for key in table:
            if key not in known:
                self.note(f"unknown field; expected one of {', '.join(known)}", case_id, where + key)

    def text(self, table: dict, key: str, case_id: Any, where: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.note("missing", case_id, where + key)
            return ""
        if not isinstance(value, str):
            self.note(f"must be text, not {type(value).__name__}", case_id, where + key)
            return ""
        if required and not value.strip():
            self.note("is empty", case_id, where + key)
        return value

    def text_list(self, table: dict, key: str, case_id: Any, required: bool = True) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            if required:
                self.note("missing", case_id, key)
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.note("must be a list of text", case_id, key)
            return ()
        if required and not value:
            self.note("is empty", case_id, key)
        return tuple(value)

    def tables(self, table: dict, key: str, case_id: Any, where: str) -> list[dict]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.note("must be a list of tables", case_id, where + key)
            return []
        return value

    def figures(self, table: dict, case_id: Any, where: str) -> tuple[Figure, ...]:
        out = []
        for i, fig in enumerate(self.tables(table, "figures", case_id, where), 1):
            self.unknown_fields(fig, FIGURE_FIELDS, case_id, f"{where}figures[{i}].")
            caption = self.text(fig, "caption", case_id, f"{where}figures[{i}].")
            image = fig.get("image", False)
            if not isinstance(image, bool):
                self.note("must be true or false", case_id, f"{where}figures[{i}].image")
                image = False
            out.append(Figure(caption, image))
        return tuple(out)

    def section(self, table: dict, number: int, case_id: Any) -> Section:
        where = f"sections[{number}]."
        self.unknown_fields(table, SECTION_FIELDS, case_id, where)
        kind = self.text(table, "kind", case_id, where)
        if kind and kind not in SECTION_KINDS:
            self.note(f"unknown kind {kind!r}; use one of {', '.join(SECTION_KINDS)}", case_id, where + "kind")
        points = []
        for n, pt in enumerate(self.tables(table, "points", case_id, where), 1):
            pwhere = f"{where}points[{n}]."
            self.unknown_fields(pt, POINT_FIELDS, case_id, pwhere)
            points.append(
                Point(
                    number=n,
                    lead=self.text(pt, "lead", case_id, pwhere),
                    text=self.text(pt, "text", case_id, pwhere, required=False),
                    figures=self.figures(pt, case_id, pwhere),
                )
            )
        section = Section(
            number=number,
            kind=kind,
            heading=self.text(table, "heading", case_id, where),
            text=self.text(table, "text", case_id, where, required=False),
            points=tuple(points),
            figures=self.figures(table, case_id, where),
        )
        if not section.text.strip() and not section.points:
            self.note("a section needs text or points", case_id, where + "text")
        return section

    def case(self, table: dict, index: int, themes: dict[str, str]) -> Case | None:
        case_id = table.get("id")
        if case_id is None:
            self.note("missing", f"#{index}", "id")
            return None
        if not isinstance(case_id, int) or isinstance(case_id, bool) or case_id < 1:
            self.note(f"must be a whole number ≥ 1, not {case_id!r}", f"#{index}", "id")
            return None
        self.unknown_fields(table, CASE_FIELDS, case_id, "")
        tags = self.text_list(table, "tags", case_id)
        for tag in tags:
            if tag not in themes:
                self.note(f"{tag!r} is not a theme defined in [[themes]]", case_id, "tags")
        for dup in sorted({t for t in tags if tags.count(t) > 1}):
            self.note(f"{dup!r} is listed more than once", case_id, "tags")
        tags_en = self.text_list(table, "tags_en", case_id, required=False)
        expected_en = tuple(themes.get(t, "") for t in tags)
        if not tags_en:
            tags_en = expected_en
        elif tags_en != expected_en and all(expected_en):
            self.note(f"must match tags in [[themes]]: {list(expected_en)}", case_id, "tags_en")
        page = table.get("page")
        if page is not None and (not isinstance(page, int) or isinstance(page, bool)):
            self.note(f"must be a whole number, not {page!r}", case_id, "page")
            page = None
        sections = tuple(
            self.section(sec, n, case_id) for n, sec in enumerate(self.tables(table, "sections", case_id, ""), 1)
        )
        if not sections and isinstance(table.get("sections", []), list):
            self.note("a case needs at least one section", case_id, "sections")
        kinds = [sec.kind for sec in sections if sec.kind]
        for kind in sorted({k for k in kinds if kinds.count(k) > 1}):
            # show, compare and --section read one section of each kind
            self.note(f"more than one {kind!r} section; a case has at most one of each kind", case_id, "sections")
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
            self.note(f"missing (this program reads version {SCHEMA_VERSION})", field="schema_version")
        elif type(version) is not int or version != SCHEMA_VERSION:  # not True, not 1.0
            self.note(f"must be {SCHEMA_VERSION}, not {version!r}", field="schema_version")
        src = doc.get("source", {})
        if not isinstance(src, dict):
            self.note("must be a table", field="source")
            src = {}
        self.unknown_fields(src, SOURCE_FIELDS, None, "source.")
        source = Source(**{k: self.text(src, k, None, "source.", required=False) for k in SOURCE_FIELDS})
        themes: list[Theme] = []
        for i, th in enumerate(self.tables(doc, "themes", None, ""), 1):
            where = f"themes[{i}]."
            self.unknown_fields(th, THEME_FIELDS, None, where)
            themes.append(Theme(self.text(th, "name", None, where), self.text(th, "name_en", None, where)))
        names = [t.name for t in themes]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            self.note(f"theme {dup!r} is defined more than once", field="themes")
        # The first definition of a theme counts, so a repeated one is reported once, not again at every tag.
        theme_map: dict[str, str] = {}
        for theme in themes:
            theme_map.setdefault(theme.name, theme.name_en)
        raw_cases = self.tables(doc, "cases", None, "")
        if not raw_cases and isinstance(doc.get("cases", []), list):
            self.note("the file defines no [[cases]]", field="cases")
        cases = [c for i, t in enumerate(raw_cases, 1) if (c := self.case(t, i, theme_map)) is not None]
        seen: set[int] = set()
        for c in cases:
            if c.id in seen:
                self.note("duplicate id: another case has the same id", c.id, "id")
            seen.add(c.id)
        return Dataset(SCHEMA_VERSION, source, tuple(themes), tuple(sorted(cases, key=lambda c: c.id)), path)


def dataset_from_dict(doc: dict[str, Any], path: str = "") -> tuple[Dataset, list[Problem]]:
    checker = _Checker()
    dataset = checker.dataset(doc, path)
    return dataset, checker.problems


# The model of a checked file, as the cache keeps it: nested lists in the order of the constructors'
# arguments (numbers, which follow from the order, and defaults, which are filled in, are left out):
#     [schema_version, source (a table), [[name, name_en], ...], [case, ...]]
#     case:    [id, title, title_en, providers, regions, page, tags, tags_en, intro, [section, ...]]
#     section: [kind, heading, text, [point, ...], [figure, ...]]
#     point:   [lead, text, [figure, ...]]
#     figure:  [caption, image]
# Lists, not tables: 2,000 cases decode from JSON and build ~25% faster than from the TOML document.


def compact_model(dataset: Dataset) -> list[Any]:
    """The dataset as the nested lists above (JSON-safe)."""

    def figures(figs: tuple[Figure, ...]) -> list[list[Any]]:
        return [[f.caption, f.image] for f in figs]

    def section(s: Section) -> list[Any]:
        return [s.kind, s.heading, s.text, [[p.lead, p.text, figures(p.figures)] for p in s.points], figures(s.figures)]

    cases = [
        [
            c.id,
            c.title,
            c.title_en,
            c.providers,
            c.regions,
            c.page,
            c.tags,
            c.tags_en,
            c.intro,
            [section(s) for s in c.sections],
        ]
        for c in dataset.cases
    ]
    return [dataset.schema_version, dataset.source.to_dict(), [[t.name, t.name_en] for t in dataset.themes], cases]


def _figures(figures: list[list[Any]]) -> tuple[Figure, ...]:
    return tuple([Figure(caption, image) for caption, image in figures]) if figures else ()


def dataset_from_compact(model: list[Any], path: str = "") -> Dataset:
    """The dataset that compact_model() made these lists of (a verified cache entry), built without checking
    it again: its file passed the checks before it was stored. A test keeps the two builders in step."""
    schema_version, source, themes, cases = model
    return Dataset(
        schema_version,
        Source(**{k: source.get(k, "") for k in SOURCE_FIELDS}),
        tuple([Theme(name, name_en) for name, name_en in themes]),
        tuple(
            [
                Case(
                    case_id,
                    title,
                    title_en,
                    tuple(providers),
                    tuple(regions),
                    page,
                    tuple(tags),
                    tuple(tags_en),
                    intro,
                    tuple(
                        [
                            Section(
                                n,
                                kind,
                                heading,
                                text,
                                tuple(
                                    [
                                        Point(m, lead, body, _figures(figs))
                                        for m, (lead, body, figs) in enumerate(points, 1)
                                    ]
                                ),
                                _figures(figs),
                            )
                            for n, (kind, heading, text, points, figs) in enumerate(sections, 1)
                        ]
                    ),
                )
                for case_id, title, title_en, providers, regions, page, tags, tags_en, intro, sections in cases
            ]
        ),
        path,
    )


def check_file(path: str | Path) -> list[Problem]:
    """Every problem with a cases file (an empty list when it is good)."""
    try:
        doc = read_toml(Path(path))
    except DataError as err:
        return err.problems
    return dataset_from_dict(doc, str(path))[1]


class Prepared:
    """A loaded cases file and what has been prepared from it (the search index), cached per file version."""

    def __init__(self, dataset: Dataset, file: Path, stat: os.stat_result | None, entries: dict[str, Any]):
        self.dataset = dataset
        self.file = file
        self.stat = stat
        self.entries = entries

    def remember(self, key: str, value: Any) -> None:
        """Keep a JSON-safe prepared value with the file's cache entry, for the next call."""
        self.entries[key] = value
        if self.stat is not None:
            from fuwumaoyi_cli.cases import cache

            # Everything known of the file is in memory already: no need to read the entry back to merge.
            cache.store(self.file, self.stat, self.entries)


def prepare(path: str | Path | None = None) -> Prepared:
    """Load and check a cases file (None: the bundled 20 cases), from the cache when it is current."""
    from fuwumaoyi_cli.cases import cache

    file = bundled_path() if path is None else Path(path)
    name = str(file)  # as the user wrote it, for messages
    try:
        file = file.resolve()
        stat = file.stat()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        stat = None  # read_bytes below says what is wrong with the path
    entries = cache.load(file, stat) if stat is not None else {}
    # Only the model of a file that passed the checks is stored, in an entry whose identity and checksum
    # load() verified.
    model = entries.get(MODEL_KEY)
    if isinstance(model, list):
        try:
            return Prepared(dataset_from_compact(model, name), file, stat, entries)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # not the lists this fwmy stored after all: read the file again
    import hashlib

    raw = read_bytes(file, name)
    doc = parse_toml(raw, name)
    dataset, problems = dataset_from_dict(doc, name)
    if problems:
        raise DataError(name, problems)
    # Hashed from the bytes parsed, so the two cannot come from different versions of the file.
    entries = {MODEL_KEY: compact_model(dataset), "sha256": hashlib.sha256(raw).hexdigest()}
    if stat is not None:
        cache.store(file, stat, entries)
    return Prepared(dataset, file, stat, entries)


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Load and check a cases file; with no path, the bundled 20 cases. Raises DataError."""
    return prepare(path).dataset
