"""Files: written so that a failure never leaves half of one, and sorted tables read by bisection.

write_atomic writes a temporary file beside the target, then renames it. SortedLines looks a key up in a
file of sorted lines without reading it: bisection over the mapped bytes costs microseconds, whatever the
file's size, and parses nothing.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from pathlib import Path


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    mode: int = 0o666,
    durable: bool = True,
    through_links: bool = True,
) -> None:
    """Write `data` (text as UTF-8) to `path` all at once: readers see the old file or the new one.

    A new file gets `mode` less the umask (the kernel applies it, as for any new file); an existing one
    keeps its permissions. `durable` waits for the disk before the rename, so that a crash cannot leave an
    empty file in place of the old one. `through_links`: a symbolic link is followed to the file it
    names, which is replaced (replacing the link itself would leave that file old).
    """
    target = Path(os.path.realpath(path)) if through_links else Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    temp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o777)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


class SortedLines:
    """A sorted file of lines, each a key alone or a key, a tab and a value, looked up by bisection."""

    def __init__(self, data: bytes | mmap.mmap):
        self.data = data

    def _line_at(self, position: int) -> tuple[int, bytes]:
        """The start of the line holding `position`, and that line."""
        start = self.data.rfind(b"\n", 0, position) + 1
        end = self.data.find(b"\n", position)
        return start, self.data[start : end if end >= 0 else len(self.data)]

    def value(self, key: str) -> str | None:
        """The value of `key` ("" for a key alone on its line), or None when the file has no such key."""
        wanted = key.encode("utf-8")
        low, high = 0, len(self.data)
        while low < high:
            start, line = self._line_at((low + high) // 2)
            found, _, value = line.partition(b"\t")
            if found == wanted:
                return value.decode("utf-8")
            if found < wanted:
                low = start + len(line) + 1
            else:
                high = start
        return None

    def __contains__(self, key: str) -> bool:
        return self.value(key) is not None

    def has_prefix(self, prefix: str) -> bool:
        """Whether some key begins with `prefix` (and is longer)."""
        wanted = prefix.encode("utf-8")
        low, high = 0, len(self.data)
        while low < high:  # the first line whose key is not below the prefix
            start, line = self._line_at((low + high) // 2)
            if line.partition(b"\t")[0] < wanted:
                low = start + len(line) + 1
            else:
                high = start
        if low >= len(self.data):
            return False
        _, line = self._line_at(low)
        key = line.partition(b"\t")[0]
        if key == wanted:  # the prefix itself is a key: look at the next line
            _, line = self._line_at(low + len(line) + 1) if low + len(line) + 1 < len(self.data) else (0, b"")
            key = line.partition(b"\t")[0]
        return key.startswith(wanted) and key != wanted

    def keys(self) -> set[str]:
        """Every key, for when a whole corpus is looked up (building a search index)."""
        return {line.partition("\t")[0] for line in bytes(self.data).decode("utf-8").splitlines()}


def mapped(path: Path) -> SortedLines:
    """A sorted file, mapped (empty when it is missing or empty)."""
    try:
        with open(path, "rb") as file:
            return SortedLines(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return SortedLines(b"")
