"""Does a dataset hold its source document word for word?

The check is exact, not a similarity ratio. For each case, the source text (NFKC-normalised, with
all whitespace, the case number, the "(…提供)" line and the list ordinals 一、/(一) removed) must
equal the case's text fields joined in document order: title, intro, then for each section its
heading, figure captions, text, and each point's lead, text and figure captions. A dropped
sentence, a changed digit or two swapped paragraphs all make a case differ.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from fuwumaoyi_cli.cases.model import Case, Dataset

CASE_HEADER = re.compile(r"^(\d{1,2})\. (.+)\n\n[(（](.+?)提供[)）][ \t]*$", re.M)
TOC_ROW = re.compile(r"^\|\s*(\d{1,2})\.\s*(.+?)\s*\|\s*(\d+)\s*\|", re.M)
LIST_ORDINAL = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])", re.M)
PROVIDER_SEPARATOR = re.compile(r"[、，,]")
CONTEXT = 15  # characters shown on each side of a difference


def normalise(text: str) -> str:
    """NFKC (full-width （ and half-width ( compare equal), then every whitespace character dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


class SourceCase(NamedTuple):
    """One case as the source document prints it."""

    id: int
    title: str
    providers: tuple[str, ...]
    page: int | None
    text: str  # normalised title and body, as `normalised_text` should give it


def source_cases(source: str) -> dict[int, SourceCase]:
    """The numbered cases of the source document, by id. The table of contents gives the pages."""
    pages = {int(n): int(p) for n, _, p in TOC_ROW.findall(source)}
    headers = list(CASE_HEADER.finditer(source))
    cases = {}
    for i, header in enumerate(headers):
        end = headers[i + 1].start() if i + 1 < len(headers) else len(source)
        case_id, title = int(header.group(1)), header.group(2).strip()
        body = LIST_ORDINAL.sub("", source[header.end() : end])
        cases[case_id] = SourceCase(
            id=case_id,
            title=title,
            providers=tuple(p.strip() for p in PROVIDER_SEPARATOR.split(header.group(3))),
            page=pages.get(case_id),
            text=normalise(title) + normalise(body),
        )
    return cases


def normalised_text(case: Case) -> str:
    """The case's source-derived text fields joined in document order, normalised."""
    parts = [case.title, case.intro]
    for section in case.sections:
        parts.append(section.heading)
        parts += [c.text for c in section.captions]
        parts.append(section.text)
        for point in section.points:
            parts += [point.lead, point.text]
            parts += [c.text for c in point.captions]
    return normalise("".join(parts))


def first_difference(expected: str, found: str) -> int | None:
    """Index of the first character where the two differ (the shorter one's end if one is a prefix)."""
    for i, (a, b) in enumerate(zip(expected, found, strict=False)):
        if a != b:
            return i
    return None if len(expected) == len(found) else min(len(expected), len(found))


def excerpt(text: str, at: int) -> str:
    """The text around position `at`, with the character at `at` bracketed: …前文[X]后文…"""
    before = text[max(0, at - CONTEXT) : at]
    here = text[at : at + 1] or "<end>"
    after = text[at + 1 : at + 1 + CONTEXT]
    return f"…{before}[{here}]{after}…"


class Difference(NamedTuple):
    case_id: int
    message: str

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.message}"


def case_differences(case: Case, want: SourceCase) -> list[Difference]:
    differences = []
    found = normalised_text(case)
    at = first_difference(want.text, found)
    if at is not None:
        differences.append(
            Difference(
                case.id,
                f"text differs at character {at} of {len(want.text)}: "
                f"source {excerpt(want.text, at)} data {excerpt(found, at)}",
            )
        )
    if case.providers != want.providers:
        differences.append(Difference(case.id, f"providers {list(case.providers)} != source {list(want.providers)}"))
    if want.page is not None and case.page != want.page:
        differences.append(Difference(case.id, f"page {case.page} != table of contents {want.page}"))
    return differences


def differences(dataset: Dataset, source: str) -> list[Difference]:
    """Every way the dataset departs from the source document (empty when it holds it exactly)."""
    wanted = source_cases(source)
    found: list[Difference] = []
    for case_id, want in sorted(wanted.items()):
        case = dataset.get(case_id)
        if case is None:
            found.append(Difference(case_id, "missing from the data"))
        else:
            found += case_differences(case, want)
    found += [Difference(c.id, "not in the source") for c in dataset.cases if c.id not in wanted]
    return found
