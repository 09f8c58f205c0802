"""Writing a file so that a failure never leaves half of it: a temporary file beside it, then a rename."""

from __future__ import annotations

import contextlib
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
