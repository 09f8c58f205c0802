"""Atomic writes (files.write_atomic): the old file or the new one, never half of one."""

from __future__ import annotations

import os
import stat

import pytest

from fuwumaoyi_cli.files import write_atomic


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
