"""Files: written so that a failure never leaves half of one, and sorted tables read by bisection.

write_atomic writes a temporary file beside the target, then renames it. write_file is for a file a
person names (`fwmy export -o FILE`): a regular file is replaced atomically, but a device, a FIFO or
standard output is written to, not replaced (renaming over /dev/null would put a file in its place),
and a file with other hard links, another owner or in a folder that is not ours is written in place,
so the links, the owner and the mode stay. SortedLines looks a key up in a file of sorted lines without
reading it: bisection over the mapped bytes costs microseconds, whatever the file's size, and parses
nothing.
"""

from __future__ import annotations

import contextlib
import errno
import mmap
import os
import re
import stat
from pathlib import Path

from fuwumaoyi_cli.i18n import _

NAME_MAX = 255  # bytes in a file name, on the file systems fwmy meets (ext4, XFS, Btrfs, APFS, NTFS)
# Paths that name a descriptor fwmy already holds: /dev/stdout, /dev/fd/3, /proc/self/fd/3.
DESCRIPTOR_PATH = r"/dev/std(out|err)|/(?:dev|proc/self)/fd/(\d+)"


def _raw(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _temporary(target: Path) -> Path:
    """A free name beside `target`, within NAME_MAX however long the target's name is."""
    suffix = f".{os.getpid()}.{os.urandom(4).hex()}.tmp"
    name = target.name
    while len(os.fsencode(name)) > NAME_MAX - 1 - len(suffix):
        name = name[:-1]
    return target.with_name(f".{name}{suffix}")


def _replace(
    target: Path, raw: bytes, existing: os.stat_result | None, mode: int, durable: bool, owner: bool = False
) -> None:
    """Write a temporary file with the mode (and, with `owner`, the owner) of `existing`, then rename it."""
    temp = _temporary(target)
    # An existing file's content never sits in a file more open than it: private until its mode is set.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode if existing is None else 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None:
                made = os.fstat(handle.fileno())
                if owner and (made.st_uid, made.st_gid) != (existing.st_uid, existing.st_gid):
                    os.fchown(handle.fileno(), existing.st_uid, existing.st_gid)  # PermissionError unless root
                os.chmod(temp, stat.S_IMODE(existing.st_mode))  # after fchown, which clears set-id bits
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


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
    names, which is replaced (replacing the link itself would leave that file old). Without it, for
    fwmy's own files (the cache), whatever is at `path` is replaced by a new file with `mode`.
    """
    target = Path(os.path.realpath(path)) if through_links else Path(path)
    existing = None
    if through_links:
        with contextlib.suppress(FileNotFoundError):
            existing = target.stat()
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        # Renamed over, /dev/null would become a file (as root); write_file writes to such a target instead.
        raise OSError(errno.EINVAL, _("not a regular file"), str(path))
    _replace(target, _raw(data), existing, mode, durable)


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view) :]


def _write_in_place(target: Path, raw: bytes) -> None:
    """Overwrite the file itself, its old content put back if the writing fails (a full disk)."""
    with open(target, "r+b") as handle:
        old = handle.read()
        try:
            # Over the old bytes, then cut: the blocks they held stay allocated, so the old content fits back.
            handle.seek(0)
            handle.write(raw)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                handle.seek(0)
                handle.write(old)
                handle.truncate()
                handle.flush()
            raise


def write_file(path: str | os.PathLike[str], data: str | bytes) -> str:
    """Write `data` (text as UTF-8) to a file a person named; "" when a regular file was created or replaced
    atomically, else how it was written, for the message ("a character device: written to, not replaced").

    Raises OSError: IsADirectoryError, PermissionError for a file that is read-only to this user (root may
    write any), and for a block device or a socket, which fwmy does not write.
    """
    raw = _raw(data)
    named = re.fullmatch(DESCRIPTOR_PATH, os.fspath(path))
    if named:
        _write_all({"out": 1, "err": 2}[named.group(1)] if named.group(1) else int(named.group(2)), raw)
        return _("an open descriptor: written to, not replaced")
    target = Path(os.path.realpath(path))
    try:
        existing = target.stat()
    except FileNotFoundError:
        _replace(target, raw, None, 0o666, durable=True)
        return ""
    kind = existing.st_mode
    if stat.S_ISDIR(kind):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if stat.S_ISCHR(kind) or stat.S_ISFIFO(kind):
        fd = os.open(target, os.O_WRONLY)
        try:
            _write_all(fd, raw)
        finally:
            os.close(fd)
        if stat.S_ISCHR(kind):
            return _("a character device: written to, not replaced")
        return _("a FIFO: written to, not replaced")
    if not stat.S_ISREG(kind):
        raise OSError(errno.EINVAL, _("not a regular file, a character device or a FIFO"), str(path))
    if not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, _("Permission denied (the file is read-only)"), str(path))
    if existing.st_nlink > 1:
        _write_in_place(target, raw)
        return _("written in place, to keep its {count} hard links", count=existing.st_nlink)
    try:
        _replace(target, raw, existing, 0o666, durable=True, owner=True)
    except PermissionError:  # another user's file, or a folder we may not write: the file itself we may
        _write_in_place(target, raw)
        return _("written in place, to keep its owner and folder")
    return ""


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
