"""Reading a cases file (format: docs/data-format.md), from the cache of prepared files when it is current.

`load_dataset()` returns a Dataset or raises DataError, whose str() is one line fit for a
terminal; `check_file()` returns every problem, for `fwmy validate`.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fuwumaoyi_cli.cases.model import Dataset
from fuwumaoyi_cli.cases.problems import DataError, Problem
from fuwumaoyi_cli.i18n import _, os_reason

TOML_POSITION = r"\(at line (\d+), column (\d+)\)"  # compiled on first use: only a broken file needs it
# The largest cases file read: ten times the 10,000 cases of the scale benchmark, and a bound on a pipe that never ends.
MAX_FILE_BYTES = 256 << 20
# A file this large is prepared into a SQLite store read a case at a time (cases/store.py), not the JSON cache.
STORE_FROM_BYTES = 4 << 20


def bundled_path() -> Path:
    """The cases file shipped with the package (from a wheel or from a source checkout)."""
    # What importlib.resources.files() gives for a package installed on disk, without the
    # import of importlib.resources, which every call would pay (docs/architecture.md).
    packaged = Path(__file__).parent.parent / "data" / "cases.toml"
    if packaged.is_file():
        return packaged
    # An editable install runs from the source tree, where data/ sits at the top.
    return Path(__file__).resolve().parents[3] / "data" / "cases.toml"


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes, or "" when it cannot be read."""
    try:
        return sha256_of(Path(path).read_bytes())
    except OSError:
        return ""


def sha256_of(raw: bytes) -> str:
    import hashlib  # slower to import than anything else a cached run needs, so only when a file is hashed

    return hashlib.sha256(raw).hexdigest()


def read_toml(path: Path, name: str | None = None) -> dict[str, Any]:
    """Parse a TOML file, turning every way it can fail into a DataError (naming the file as `name`)."""
    name = name or str(path)
    return parse_toml(read_bytes(path, name), name)


def read_bytes(path: Path, name: str) -> bytes:
    """The bytes of a regular file or a pipe (`--data <(…)`), at most MAX_FILE_BYTES; a DataError for a folder,
    a device (/dev/zero would fill the memory, a terminal wait for typing) or a FIFO nothing writes to."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DataError(name, [Problem(_("is a directory, not a cases file"))])
        pipe = stat.S_ISFIFO(info.st_mode)
        if not (pipe or stat.S_ISREG(info.st_mode)):
            raise DataError(name, [Problem(_("is a device or a socket, not a cases file"))])
        if info.st_size > MAX_FILE_BYTES:
            raise DataError(
                name, [Problem(_("is larger than {size} MiB, the most fwmy reads", size=MAX_FILE_BYTES >> 20))]
            )
        # Non-blocking: a FIFO with no writer gives its end at once instead of waiting for one.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if pipe:
                os.set_blocking(fd, True)  # a writer there is waited for as it writes
            chunks, size = [], 0
            while size <= MAX_FILE_BYTES and (chunk := os.read(fd, 1 << 20)):
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise DataError(name, [Problem(_("no such file"))]) from None
    except OSError as err:
        raise DataError(name, [Problem(_("cannot read: {reason}", reason=os_reason(err)))]) from None
    if size > MAX_FILE_BYTES:
        raise DataError(name, [Problem(_("is larger than {size} MiB, the most fwmy reads", size=MAX_FILE_BYTES >> 20))])
    if pipe and not size:
        raise DataError(name, [Problem(_("is a FIFO (named pipe) with nothing written to it"))])
    return b"".join(chunks)


def parse_toml(raw: bytes, name: str) -> dict[str, Any]:
    return parse_toml_text(decode_text(raw, name), name)


def decode_text(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        text = _(
            "not UTF-8 text (if it is GBK, convert it: iconv -f GBK -t UTF-8 FILE > NEW); "
            "first bad byte at offset {offset}",
            offset=err.start,
        )
        raise DataError(name, [Problem(text)]) from None


def parse_toml_text(text: str, name: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: a cached file needs no TOML parser
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        doc: dict[str, Any] = tomllib.loads(text)
        return doc
    except tomllib.TOMLDecodeError as err:
        m = re.search(TOML_POSITION, str(err))
        message = _("not valid TOML: {reason}", reason=re.sub(TOML_POSITION, "", str(err)).strip())
        if m:
            problem = Problem(message, line=int(m.group(1)), column=int(m.group(2)))
        else:
            problem = Problem(message)
        raise DataError(name, [problem]) from None
    except ValueError as err:  # an integer of more digits than Python converts (4,300): no number a file needs
        raise DataError(name, [Problem(_("not valid TOML: {reason}", reason=str(err).split(";")[0]))]) from None
    except RecursionError:
        raise DataError(name, [Problem(_("not a cases file: arrays or tables nested too deeply"))]) from None


def check_file(path: str | Path) -> list[Problem]:
    """Every problem with a cases file (an empty list when it is good); the file is usable when all are warnings."""
    from fuwumaoyi_cli.cases.check import dataset_from_dict

    try:
        doc = read_toml(Path(path))
    except DataError as err:
        return err.problems
    return dataset_from_dict(doc, str(path))[1]


class Prepared:
    """A loaded cases file and what has been prepared from it (the search index), cached per file version."""

    def __init__(
        self, dataset: Dataset, file: Path, stat: os.stat_result | None, entries: Any, store: Path | None = None
    ):
        self.dataset = dataset
        self.file = file
        self.stat = stat
        self.entries = entries  # a dict from the JSON cache, or, with `store`, a large file's StoredEntries
        self.store = store  # the path of that store

    def is_data_file(self, path: str | Path) -> bool:
        """Whether `path` is this cases file or one of the bundled data files, under any name (a link, a
        hard link): the files fwmy must never write over."""
        bundled = bundled_path().parent
        for file in [self.file, *(p for p in bundled.iterdir() if p.is_file())]:
            try:
                if os.path.samefile(path, file):
                    return True
            except OSError:  # `path` does not exist (yet), or cannot be looked at: not one of these
                continue
        return False

    def remember_text(self, key: str, text: str) -> None:
        """Keep a long text for the next call: a store writes it as it is, not as JSON."""
        if self.store is not None:
            self.entries.keep_text(self.store, key, text)
        else:
            self.remember(key, text)

    def text(self, key: str) -> str | None:
        """A text kept by remember_text(), or None."""
        value = self.entries.get_text(key) if self.store is not None else self.entries.get(key)
        return value if isinstance(value, str) else None

    def remember(self, key: str, value: Any) -> None:
        """Keep a JSON-safe prepared value with the file's cache entry, for the next call."""
        if self.store is not None:  # a large file's StoredEntries, which write to its store
            self.entries.keep(self.store, key, value)
            return
        self.entries[key] = value
        if self.stat is not None:
            from fuwumaoyi_cli.cases import cache

            # Everything known of the file is in memory already: no need to read the entry back to merge.
            cache.store(self.file, self.stat, self.entries)


# Told how the first run on a large file is going: (what is being done, how much of it, out of; None: unknown).
Progress = Callable[[str, int, "int | None"], None]


def prepare(path: str | Path | None = None, progress: Progress | None = None) -> Prepared:
    """Load and check a cases file (None: the bundled 20 cases), from the cache when it is current.

    `progress` hears of the first run on a large file, which takes seconds (a bar on a terminal)."""
    from fuwumaoyi_cli.cases import cache, codec

    given = bundled_path() if path is None else Path(path)
    name = str(given)  # as the user wrote it, for messages
    file = given
    try:
        file = given.resolve()
        info: os.stat_result | None = file.stat()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        info = None  # read_bytes below says what is wrong with the path
    if info is not None and not stat.S_ISREG(info.st_mode):
        info = None  # a pipe (--data <(…)) has no version to cache by
    if info is not None and info.st_size >= STORE_FROM_BYTES:
        return _prepare_large(given, file, info, progress)
    entries = cache.load(file, info) if info is not None else {}
    # Only the model of a file that passed the checks is stored, in an entry whose identity and checksum
    # load() verified.
    model = entries.get(cache.MODEL)
    if isinstance(model, list):
        try:
            return Prepared(codec.decode(model, name), file, info, entries)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # not the lists this fwmy stored after all: read the file again
    dataset, sha256, crc32 = _read_checked(given, name)
    entries = {cache.MODEL: codec.encode(dataset), cache.SHA256: sha256, cache.FILE_CRC32: crc32}
    if info is not None:
        cache.store(file, info, entries)
    return Prepared(dataset, file, info, entries)


def _read_checked(given: Path, name: str) -> tuple[Dataset, str, int]:
    """The checked dataset of a file, with the sha256 and CRC-32 of the bytes it was read from (so the two
    cannot come from different versions of the file); DataError for a file with errors."""
    from fuwumaoyi_cli.cases.check import dataset_from_dict

    # By the name given: /dev/fd/63 of a process substitution resolves to no path at all.
    raw = read_bytes(given, name)
    sha256, crc32 = sha256_of(raw), zlib.crc32(raw)
    text = decode_text(raw, name)
    del raw  # not held while the text is parsed: tens of MB of a large file's peak memory
    doc = parse_toml_text(text, name)
    del text
    dataset, problems = dataset_from_dict(doc, name)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise DataError(name, errors)
    return dataset, sha256, crc32


def _prepare_large(given: Path, file: Path, info: os.stat_result, progress: Progress | None) -> Prepared:
    """A large file from its store (cases/store.py), built first when there is none to trust."""
    from fuwumaoyi_cli.cases import cache, store

    name = str(given)
    where = store.store_path(file)

    def reread() -> Dataset:  # a row of the store turned out damaged: the file, and a new store next time
        if where is not None:
            where.unlink(missing_ok=True)
        return _read_checked(given, name)[0]

    stored = store.load(file, info, name, reread)
    if stored is not None:
        return Prepared(stored[0], file, info, stored[1], where)
    if progress is not None:
        progress(_("reading {name}", name=name), 0, None)
    dataset, sha256, crc32 = _read_checked(given, name)
    store.build(file, info, dataset, sha256, crc32, progress)
    stored = store.load(file, info, name, reread)
    if stored is None:  # no store could be written: this run still answers, from the file
        return Prepared(dataset, file, None, {cache.SHA256: sha256})
    # From the store just built, as every later run: the parsed cases are let go, and this run's compare
    # or similar keeps its index there too.
    return Prepared(stored[0], file, info, stored[1], where)


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Load and check a cases file; with no path, the bundled 20 cases. Raises DataError."""
    return prepare(path).dataset
