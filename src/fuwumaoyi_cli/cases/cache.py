"""A cache of prepared files, so each call need not parse TOML or rebuild the search index.

Prepared files are the cases files fwmy reads: their checked model and their search index.

One file per cases file, in the user cache folder: a line of JSON that identifies the cases file
(resolved path, size, modification time, cache format, fwmy version) and gives the CRC-32 and length
of what follows, then the entries as JSON. JSON only, so a cache can hold data but never run code;
an entry that is unreadable, corrupt (its checksum), stale or from another fwmy is ignored and
rewritten, never trusted.
"""

from __future__ import annotations

import json
import mmap
import os
import sys
import zlib
from pathlib import Path
from typing import Any

# The entries a prepared file's cache holds.
MODEL = "model"  # a cases file's checked model, as cases/codec.py encodes it
SHA256 = "sha256"  # the sha256 of the bytes that model was checked from
SEARCH_INDEX = "search_index"  # its search index (search/index.py, SearchIndex.to_dict)

CACHE_FORMAT = "fwmy-prepared"
CACHE_VERSION = 5  # 3: a header line with the checksum of the entries; 4: the model as lists; 5: from codec.py


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
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "fwmy"


def _identity(path: Path, stat: os.stat_result) -> dict[str, Any]:
    from fuwumaoyi_cli import __version__

    return {
        "format": CACHE_FORMAT,
        "version": CACHE_VERSION,
        "fwmy": __version__,
        "path": str(path),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }


def _entry_file(folder: Path, path: Path) -> Path:
    # Only names the entry: the identity inside is what is checked. zlib, which imports faster than hashlib.
    key = str(path).encode("utf-8", "surrogateescape")
    return folder / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.json"


def load(path: Path, stat: os.stat_result) -> dict[str, Any]:
    """The prepared entries stored for this exact version of the file, or {} when there are none to trust."""
    folder = cache_dir()
    if folder is None:
        return {}
    try:
        with open(_entry_file(folder, path), "rb") as file:
            header = json.loads(file.readline())
            if not isinstance(header, dict) or header.get("identity") != _identity(path, stat):
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
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError; mmap of an empty file too
        return {}
    return entries if isinstance(entries, dict) else {}


def store(path: Path, stat: os.stat_result, entries: dict[str, Any]) -> None:
    """Save all the prepared entries of the file (they replace what was stored); quietly skipped when it can't be."""
    folder = cache_dir()
    if folder is None:
        return
    from fuwumaoyi_cli.files import write_atomic

    try:
        payload = json.dumps(entries, ensure_ascii=False).encode("utf-8")
        header = {"identity": _identity(path, stat), "length": len(payload), "crc32": zlib.crc32(payload)}
        folder.mkdir(parents=True, exist_ok=True)
        # Private (0o600), and not worth a wait for the disk: a lost entry is rebuilt.
        entry = json.dumps(header).encode("ascii") + b"\n" + payload
        write_atomic(_entry_file(folder, path), entry, mode=0o600, durable=False, through_links=False)
    except (OSError, TypeError, ValueError):  # TypeError: TOML dates, which JSON can't hold
        pass  # a read-only home or a full disk costs speed, not correctness
