"""A cache of prepared files, so each call need not parse TOML or rebuild the search index.

Prepared files are the cases files fwmy reads: their checked model and their search index.

One file per cases file, in the user cache folder: a line of JSON that identifies the cases file
(resolved path, inode, size, modification and change times, cache format, fwmy version) and gives the
CRC-32 and length of what follows, then the entries as JSON. JSON only, so a cache can hold data but never
run code; an entry that is unreadable, corrupt (its checksum), stale, from another fwmy, not the user's own
or writable by others (a shared cache folder) is ignored and rewritten, never trusted.

Size and times cannot tell a file rewritten within the resolution of its clock from the one cached just
before: an entry stored while the file's times were that recent ("racy", as git calls it) also carries the
CRC-32 of the file's bytes, checked against the file until its times are old enough to tell.
"""

from __future__ import annotations

import json
import mmap
import os
import sys
import time
import zlib
from pathlib import Path
from stat import S_ISREG
from typing import Any

# The entries a prepared file's cache holds.
MODEL = "model"  # a cases file's checked model, as cases/codec.py encodes it
SHA256 = "sha256"  # the sha256 of the bytes that model was checked from
SEARCH_INDEX = "search_index"  # its search index (search/index.py, SearchIndex.to_dict)
SEARCH_BLOCK_LENGTHS = "search_block_lengths"  # a store's: the block lengths of its search index's text
SEARCH_CORPUS = "search_corpus"  # a store's: the corpus of its search index, kept apart as it is
FILE_CRC32 = "file_crc32"  # the CRC-32 of those bytes: checked against the file while its times are racy
STATS = "stats"  # its counts per region, provider and theme (stats.py, Stats.to_dict)

CACHE_FORMAT = "fwmy-prepared"
# 3: a header line with the checksum of the entries; 4: the model as lists; 5: from codec.py; 6: inode, ctime
CACHE_VERSION = 6
# Times this close to the moment an entry is stored cannot tell a rewrite (FAT keeps 2 s, most others far less).
RACY_NS = 2_000_000_000


def cache_dir() -> Path | None:
    """FWMY_CACHE_DIR, else the platform's user cache folder; None when caching is off (FWMY_CACHE_DIR=off)."""
    chosen = os.environ.get("FWMY_CACHE_DIR")
    if chosen:
        return None if chosen.lower() in ("off", "0", "none") else Path(chosen)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        # The XDG spec: a relative path is invalid and is to be ignored (it would follow the working folder).
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "fwmy"


def identity(path: Path, stat: os.stat_result) -> dict[str, Any]:
    from fuwumaoyi_cli import __version__

    return {
        "format": CACHE_FORMAT,
        "version": CACHE_VERSION,
        "fwmy": __version__,
        "path": str(path),
        "inode": stat.st_ino,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "ctime_ns": stat.st_ctime_ns,  # set by every write and by utime (touch -d, cp -p): only the kernel sets it
    }


def is_racy(stat: os.stat_result) -> bool:
    return max(stat.st_mtime_ns, stat.st_ctime_ns) >= time.time_ns() - RACY_NS


def trusted(entry: os.stat_result) -> bool:
    """A file of the user's own, which no one else may write: another user's, in a shared folder, could say
    anything."""
    if not S_ISREG(entry.st_mode):
        return False
    if not hasattr(os, "geteuid"):  # Windows: the user's own profile folder
        return True
    return entry.st_uid == os.geteuid() and not entry.st_mode & 0o022


def entry_file(folder: Path, path: Path) -> Path:
    # Only names the entry: the identity inside is what is checked. zlib, which imports faster than hashlib.
    key = str(path).encode("utf-8", "surrogateescape")
    return folder / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.json"


def load(path: Path, stat: os.stat_result) -> dict[str, Any]:
    """The prepared entries stored for this exact version of the file, or {} when there are none to trust."""
    folder = cache_dir()
    if folder is None:
        return {}
    try:
        # Non-blocking: a FIFO planted under the entry's name must not stop fwmy (it is not trusted below).
        fd = os.open(entry_file(folder, path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as file:
            if not trusted(os.fstat(fd)):
                return {}
            header = json.loads(file.readline())
            if not isinstance(header, dict) or header.get("identity") != identity(path, stat):
                return {}
            # Mapped, not read: the checksum and the decoder read the file's own pages, so no copy of the
            # entries (tens of MB for a large file) is made and zeroed in the process's memory. store() replaces
            # an entry with a new file and never rewrites one in place, so the mapped file cannot shrink.
            with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped, memoryview(mapped) as view:
                payload = view[file.tell() :]
                try:
                    if header.get("length") != len(payload) or header.get("crc32") != zlib.crc32(payload):
                        return {}
                    text = str(payload, "utf-8")
                finally:
                    payload.release()
        entries = json.loads(text)
        if not isinstance(entries, dict):
            return {}
        if header.get("racy"):
            if zlib.crc32(path.read_bytes()) != entries.get(FILE_CRC32):
                return {}  # rewritten within its clock's resolution: same size and times, other bytes
            if not is_racy(stat):
                store(path, stat, entries)  # old enough now to tell by its times: no more reading the file
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError; mmap of an empty file too
        return {}
    return entries


def store(path: Path, stat: os.stat_result, entries: dict[str, Any]) -> None:
    """Save all the prepared entries of the file (they replace what was stored); quietly skipped when it can't be."""
    folder = cache_dir()
    if folder is None:
        return
    from fuwumaoyi_cli.files import write_atomic

    try:
        payload = json.dumps(entries, ensure_ascii=False).encode("utf-8")
        header = {"identity": identity(path, stat), "length": len(payload), "crc32": zlib.crc32(payload)}
        if is_racy(stat):
            if FILE_CRC32 not in entries:
                return  # no way to tell this version of the file from the next
            header["racy"] = True
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Private (0o600), and not worth a wait for the disk: a lost entry is rebuilt.
        entry = json.dumps(header).encode("ascii") + b"\n" + payload
        write_atomic(entry_file(folder, path), entry, mode=0o600, durable=False, through_links=False)
    except (OSError, TypeError, ValueError):  # TypeError: TOML dates, which JSON can't hold
        pass  # a read-only home or a full disk costs speed, not correctness
