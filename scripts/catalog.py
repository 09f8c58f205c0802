"""fwmy's message catalog: the marked messages of the source, the Chinese .po, and its compiled .mo.

    python scripts/catalog.py            # update fwmy.po from the source (new messages, none stale), compile fwmy.mo
    python scripts/catalog.py --check    # exit 1 if fwmy.po or fwmy.mo is not what the source and the .po make

A message is marked with `_("…")` or `N_("…")` (fuwumaoyi_cli/i18n.py), its argument a string literal
(implicit concatenation is fine, an f-string is refused: the placeholders are `{named}` and filled after
translating). The messages are read from the source with `ast`; the .po keeps each one's translation and
translator comments, names the files that use it (`#: path`, no line numbers, so that an edit elsewhere
changes nothing), and drops messages no longer in the source (listed on stderr). A new message gets an
empty msgstr, which tests/test_i18n.py refuses until it is translated.

The .mo is written here, in pure Python, as Python's own Tools/i18n/msgfmt.py writes it (no hash table,
which gettext does not read): nothing outside the standard library is needed, in CI or anywhere. The
committed .mo must be byte for byte what this makes of the committed .po (tests/test_i18n.py).
"""

from __future__ import annotations

import argparse
import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "fuwumaoyi_cli"
PO = SOURCE / "locale" / "zh_CN" / "LC_MESSAGES" / "fwmy.po"
MO = PO.with_suffix(".mo")
MARKERS = ("_", "N_")

HEADER = (
    "Project-Id-Version: fwmy\n"
    "Language: zh_CN\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
)


@dataclass
class Entry:
    """One message of a .po file: msgid, msgstr and the comment lines before it (#, #., #:, #,)."""

    msgid: str
    msgstr: str = ""
    comments: list[str] = field(default_factory=list)  # translator comments, `# …`, kept as written
    references: list[str] = field(default_factory=list)  # files, `#: path`
    flags: list[str] = field(default_factory=list)  # `#, fuzzy`

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


# ---------------------------------------------------------------- the source


# What `_()` may translate besides a literal: a message marked elsewhere with N_ (a name, a table's entry, a
# call's result). An f-string or a sum would be a message no catalog can hold.
MARKED_ELSEWHERE = (ast.Name, ast.Attribute, ast.Subscript, ast.Call)


def marked_in(path: Path) -> list[tuple[str, int]]:
    """The messages marked in one source file, (msgid, line) in order; SystemExit for a marker whose
    argument is no string literal (for `_`: nor a value marked elsewhere)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
            first = node.args[0] if len(node.args) == 1 else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((first.value, node.lineno))
            elif not (node.func.id == "_" and isinstance(first, MARKED_ELSEWHERE)):
                raise SystemExit(f"{path}:{node.lineno}: {node.func.id}() takes one string literal")
    return sorted(found, key=lambda item: item[1])


def marked_messages(source: Path = SOURCE) -> dict[str, list[str]]:
    """Every message marked in the package, in the order of the files (sorted) and lines, with the files
    that mark it (paths from the repository's root)."""
    messages: dict[str, list[str]] = {}
    for path in sorted(source.rglob("*.py")):
        name = path.relative_to(source.parents[1]).as_posix()
        for msgid, _line in marked_in(path):
            files = messages.setdefault(msgid, [])
            if name not in files:
                files.append(name)
    return messages


# ---------------------------------------------------------------- .po files


def _unquote(text: str) -> str:
    """A .po string literal's contents ("…" with C escapes) as text."""
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted string: {text}")
    out, chars = [], iter(text[1:-1])
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    for char in chars:
        if char == "\\":
            escaped = next(chars)
            if escaped not in escapes:
                raise ValueError(f"unknown escape \\{escaped} in {text}")
            out.append(escapes[escaped])
        else:
            out.append(char)
    return "".join(out)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    return '"' + escaped.replace("\n", "\\n") + '"'


def read_po(path: Path = PO) -> list[Entry]:
    """The entries of a .po file, the header (msgid "") first, as written; obsolete (#~) entries skipped."""
    entries: list[Entry] = []
    comments: list[str] = []
    references: list[str] = []
    flags: list[str] = []
    current: Entry | None = None
    target = ""  # "msgid" or "msgstr": where a continued string goes
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        try:
            if not line or line.startswith("#~"):
                continue
            if line.startswith("#"):
                if current is not None:  # a comment starts the next entry
                    entries.append(current)
                    current = None
                if line.startswith("#:"):
                    references += line[2:].split()
                elif line.startswith("#,"):
                    flags += [f.strip() for f in line[2:].split(",") if f.strip()]
                elif line.startswith("#.") or line.startswith("#|"):
                    continue  # extracted comments and previous msgids are not kept
                else:
                    comments.append(raw)
            elif line.startswith("msgid "):
                if current is not None:
                    entries.append(current)
                current = Entry(_unquote(line[6:].strip()), comments=comments, references=references, flags=flags)
                comments, references, flags, target = [], [], [], "msgid"
            elif line.startswith("msgstr "):
                if current is None:
                    raise ValueError("msgstr without msgid")
                current.msgstr, target = _unquote(line[7:].strip()), "msgstr"
            elif line.startswith('"') and current is not None:
                setattr(current, target, getattr(current, target) + _unquote(line))
            else:
                raise ValueError(f"cannot read {line!r}")
        except (ValueError, StopIteration) as err:
            raise SystemExit(f"{path}:{number}: {err}") from None
    if current is not None:
        entries.append(current)
    return entries


def _lines(key: str, text: str) -> list[str]:
    """`msgid "…"`, or for text of several lines msgid "" and one quoted line each, as msgmerge writes it."""
    if "\n" not in text.rstrip("\n"):
        return [f"{key} {_quote(text)}"]
    parts = text.splitlines(keepends=True)
    return [f'{key} ""', *(_quote(part) for part in parts)]


def po_text(entries: list[Entry]) -> str:
    out: list[str] = []
    for entry in entries:
        out += entry.comments
        if entry.references:
            out += [f"#: {name}" for name in entry.references]
        if entry.flags:
            out.append("#, " + ", ".join(entry.flags))
        out += _lines("msgid", entry.msgid) + _lines("msgstr", entry.msgstr) + [""]
    return "\n".join(out)


def updated(entries: list[Entry], messages: dict[str, list[str]]) -> tuple[list[Entry], list[str]]:
    """The .po's entries for `messages`: in their order, with the translations the .po has; and the msgids
    of the .po that the source no longer marks."""
    header = next((e for e in entries if e.msgid == ""), None) or Entry("", HEADER)
    known = {e.msgid: e for e in entries if e.msgid}
    out = [header]
    for msgid, files in messages.items():
        entry = known.get(msgid) or Entry(msgid)
        out.append(Entry(msgid, entry.msgstr, entry.comments, files, entry.flags))
    stale = [m for m in known if m not in messages]
    return out, stale


# ---------------------------------------------------------------- .mo files


def mo_bytes(entries: list[Entry]) -> bytes:
    """The .mo of a catalog as msgfmt writes it: translated, non-fuzzy messages sorted by msgid, UTF-8."""
    pairs = sorted(
        (e.msgid.encode("utf-8"), e.msgstr.encode("utf-8"))
        for e in entries
        if e.msgstr and (not e.fuzzy or e.msgid == "")
    )
    count = len(pairs)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    strings_at = translations_at + count * 8
    table, strings = [], b""
    for text in [p[0] for p in pairs] + [p[1] for p in pairs]:
        table.append((len(text), strings_at + len(strings)))
        strings += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, strings_at)
    return header + b"".join(struct.pack("<2I", *row) for row in table) + strings


# ---------------------------------------------------------------- the command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the .po or .mo is stale")
    args = parser.parse_args()
    entries, stale = updated(read_po(PO) if PO.exists() else [], marked_messages())
    text, compiled = po_text(entries), mo_bytes(entries)
    untranslated = [e.msgid for e in entries[1:] if not e.msgstr or e.fuzzy]
    for msgid in stale:
        print(f"dropped (no longer in the source): {msgid!r}", file=sys.stderr)
    for msgid in untranslated:
        print(f"to translate: {msgid!r}", file=sys.stderr)
    if args.check:
        current = PO.read_text(encoding="utf-8") if PO.exists() else ""
        fresh = current == text and MO.exists() and MO.read_bytes() == compiled
        sys.exit(0 if fresh and not untranslated else 1)
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_text(text, encoding="utf-8")
    MO.write_bytes(compiled)
    print(f"{PO.relative_to(ROOT)}: {len(entries) - 1} messages, {len(untranslated)} to translate", file=sys.stderr)


if __name__ == "__main__":
    main()
