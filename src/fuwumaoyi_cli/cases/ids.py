"""Case ids: read the way people type them (14, １４, 十四, 第14, #14, 案例14, case 14), and looked up."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fuwumaoyi_cli.i18n import _
from fuwumaoyi_cli.text import chinese_numeral_value, fold

if TYPE_CHECKING:
    from fuwumaoyi_cli.cases.model import Case, Dataset

# Strings, not compiled at import: every command imports this module, few read an id.
PREFIX = r"(?i)^(?:#|no\.?|case|案例|第)\s*"
SUFFIX = r"\s*(?:个案例|个|号|案例)$"


def parse_case_id(text: str) -> int:
    """The case number a user meant, or ValueError when the text is not a case number at all.

    Range is not checked here: 99 parses, and the caller says which ids exist.
    """
    cleaned = fold(text).strip()
    cleaned = re.sub(SUFFIX, "", re.sub(PREFIX, "", cleaned))
    if re.fullmatch(r"[+-]?\d+", cleaned):
        try:
            return int(cleaned)
        except ValueError:  # more digits than Python converts (4,300)
            raise ValueError(_("{text!r}… is not a case number (try 14, １４, 十四 or 第14)", text=text[:20])) from None
    number = chinese_numeral_value(cleaned)
    if number is None:
        raise ValueError(_("{text!r} is not a case number (try 14, １４, 十四 or 第14)", text=text))
    return number


class UnknownCase(LookupError):
    """An id the dataset does not hold; str() says which ids there are."""

    def __init__(self, case_id: int, ids: tuple[int, ...]):
        self.case_id = case_id
        super().__init__(_("no case {id}; {ids}", id=case_id, ids=describe_ids(ids)))


def describe_ids(ids: tuple[int, ...]) -> str:
    """'cases are numbered 1–20', or the ids themselves when they have gaps."""
    if not ids:
        return _("the data has no cases")
    if len(ids) == ids[-1] - ids[0] + 1:  # sorted and unique: no gaps (a list of the range could be huge)
        return _("cases are numbered {first}–{last}", first=ids[0], last=ids[-1])
    shown = _(", ").join([*map(str, ids[:12]), *(["…"] if len(ids) > 12 else [])])
    return _("the cases are {ids}", ids=shown)


def lookup_case(dataset: Dataset, case_id: int) -> Case:
    """The case with this id, or UnknownCase."""
    case = dataset.get(case_id)
    if case is None:
        raise UnknownCase(case_id, dataset.ids)
    return case
