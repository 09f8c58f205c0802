"""What can be wrong with a cases file: one Problem each, and DataError for a file that cannot be used."""

from __future__ import annotations

from typing import Any, NamedTuple

from fuwumaoyi_cli.i18n import _


class Problem(NamedTuple):
    """One thing wrong with a cases file: what, and where (line and column, case id, field).

    A warning is a thing a person should look at that does not stop the file being used.
    """

    message: str
    case_id: Any = None
    field: str = ""
    line: int | None = None
    column: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(_("line {line}, column {column}", line=self.line, column=self.column))
        if self.case_id is not None:
            where.append(_("case {id}", id=self.case_id))
        if self.field:
            where.append(self.field)
        if self.warning:
            where.append(_("warning"))
        return (": ".join(where) + ": " if where else "") + self.message


class DataError(Exception):
    """A cases file that cannot be used. str() is one line naming the file."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems or [Problem(_("unusable cases file"))]
        first = f"{path}: {self.problems[0]}"
        more = len(self.problems) - 1
        line = (
            _("{problem} (and {more} more; see `fwmy validate {file}`)", problem=first, more=more, file=path)
            if more
            else first
        )
        # A problem may quote a value from the file; keep the message on one terminal line anyway.
        super().__init__(" ".join(line.split("\n")))
