"""Atomic writes (files.write_atomic): the old file or the new one, never half of one; and write_file, for a
file a person names: devices, FIFOs and descriptors written to, links, owners and read-only files respected."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path

import pytest

from fuwumaoyi_cli.files import write_atomic, write_file


def test_write_atomic_writes_and_replaces(tmp_path):
    target = tmp_path / "out.md"
    write_atomic(target, "第一版")
    write_atomic(target, "第二版")
    assert target.read_text(encoding="utf-8") == "第二版"
    write_atomic(target, b"\xef\xbb\xbfbytes")
    assert target.read_bytes() == b"\xef\xbb\xbfbytes"
    assert os.listdir(tmp_path) == ["out.md"]


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    target = tmp_path / "new.csv"
    write_atomic(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch, failing):
    target = tmp_path / "cases.json"
    target.write_text("旧内容", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "新内容" * 1000)
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert os.listdir(tmp_path) == ["cases.json"]


def test_an_interrupted_first_write_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "new.md", "内容")
    assert os.listdir(tmp_path) == []


def test_write_atomic_writes_through_a_symbolic_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


# write_file: a file a person named (export -o), whatever it is


class FifoReader(threading.Thread):
    """Reads a FIFO until its writer closes it; .data holds what it read."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.data = path, b""

    def run(self):
        with open(self.path, "rb") as fifo:
            self.data = fifo.read()

    def finish(self):
        """Wait for the reader; if nothing ever opened the FIFO to write, open it once to let the reader go."""
        self.join(2)
        if self.is_alive():
            with contextlib.suppress(OSError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
            self.join(2)


def test_a_fifo_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    reader.start()
    try:
        assert write_file(fifo, "导出") == "a FIFO: written to, not replaced"
    finally:
        reader.finish()
    assert reader.data == "导出".encode()
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_character_device_is_written_to_not_replaced(tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's numbers, in a folder of the test's
    except (PermissionError, AttributeError):
        pytest.skip("making a device needs root (CAP_MKNOD)")
    assert write_file(null, "x" * 100) == "a character device: written to, not replaced"
    assert stat.S_ISCHR(null.stat().st_mode)


def test_write_atomic_refuses_a_target_that_is_no_regular_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        write_atomic(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_descriptor_named_by_path_is_written_to(tmp_path):
    read_end, write_end = os.pipe()
    try:
        assert "written to, not replaced" in write_file(f"/dev/fd/{write_end}", "经由描述符")
        assert os.read(read_end, 100) == "经由描述符".encode()
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(IsADirectoryError):
        write_file(tmp_path, "x")


@pytest.mark.parametrize("size", [235, 250, 255])
def test_names_up_to_the_longest_a_file_system_allows(tmp_path, size):
    name = "案" * ((size - 3) // 3) + "x" * ((size - 3) % 3) + ".md"  # three bytes a character in UTF-8
    assert len(name.encode()) == size
    write_atomic(tmp_path / name, "内容")
    write_atomic(tmp_path / name, "新内容")
    assert (tmp_path / name).read_text(encoding="utf-8") == "新内容"
    assert os.listdir(tmp_path) == [name]


def test_a_replaced_file_keeps_its_mode_and_its_content_is_never_more_open(tmp_path, monkeypatch):
    target = tmp_path / "private.md"
    target.write_text("旧", encoding="utf-8")
    target.chmod(0o600)
    modes = []
    real_fsync = os.fsync

    def fsync(fd):
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))  # the temporary file, its content written
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert write_file(target, "新") == ""
    assert modes == [0o600]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == "新"


def test_a_file_with_hard_links_is_written_in_place_so_every_name_sees_it(tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("旧", encoding="utf-8")
    os.link(first, second)
    assert write_file(first, "新") == "written in place, to keep its 2 hard links"
    assert second.read_text(encoding="utf-8") == "新" and first.stat().st_ino == second.stat().st_ino


def test_a_failed_write_in_place_puts_the_old_content_back(tmp_path, monkeypatch):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("旧内容", encoding="utf-8")
    os.link(first, second)

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_file(first, "新内容" * 1000)
    assert first.read_text(encoding="utf-8") == "旧内容"


@pytest.mark.skipif(not (hasattr(os, "geteuid") and os.geteuid() == 0), reason="only root can give a file away")
def test_another_users_file_keeps_its_owner(tmp_path):
    target = tmp_path / "theirs.md"
    target.write_text("旧", encoding="utf-8")
    os.chown(target, 12345, 12345)
    write_file(target, "新")
    assert (target.stat().st_uid, target.stat().st_gid) == (12345, 12345)
    assert target.read_text(encoding="utf-8") == "新"


NOBODY = 65534
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def open_folder():
    """A folder an ordinary user may enter (tmp_path is the test runner's own, 0o700)."""
    parent = Path(tempfile.mkdtemp(prefix="fwmy-test-"))
    parent.chmod(0o755)
    yield parent / "folder"
    shutil.rmtree(parent)


def write_as_a_user(folder, name, *, file_mode, folder_mode=0o777):
    """write_file(folder/name) in a forked process of an ordinary user (nobody, when the tests run as root);
    (the exit status, what it returned or raised)."""
    folder.mkdir()
    target = folder / name
    target.write_text("旧", encoding="utf-8")
    if ROOT:
        os.chown(target, NOBODY, NOBODY)
    target.chmod(file_mode)
    folder.chmod(folder_mode)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            if ROOT:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            said = write_file(target, "新")
        except BaseException as err:
            status, said = 1, f"{type(err).__name__}: {err}"
        os.write(write_end, said.encode())
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as said:
        text = said.read().decode()
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), text


def test_a_read_only_file_is_not_replaced(open_folder):
    status, said = write_as_a_user(open_folder, "read-only.md", file_mode=0o444)
    assert status == 1 and "read-only" in said
    assert (open_folder / "read-only.md").read_text(encoding="utf-8") == "旧"


@pytest.mark.skipif(not ROOT, reason="needs a folder of another user")
def test_a_writable_file_in_a_folder_the_user_may_not_write_is_written_in_place(open_folder):
    status, said = write_as_a_user(open_folder, "mine.md", file_mode=0o666, folder_mode=0o755)
    assert status == 0, said
    assert said == "written in place, to keep its owner and folder"
    assert (open_folder / "mine.md").read_text(encoding="utf-8") == "新"
