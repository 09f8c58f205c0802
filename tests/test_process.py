"""What only a real process shows: special targets, closed streams, signals, a terminal (python -m fuwumaoyi_cli)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def fwmy(*args, **kwargs):
    """Run `python -m fuwumaoyi_cli ARGS` with bytes out; extra keywords go to subprocess.run."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    kwargs.setdefault("timeout", 60)
    return subprocess.run([sys.executable, "-m", "fuwumaoyi_cli", *args], **kwargs)


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_export_to_dev_stdout_and_dev_stderr(stream):
    result = fwmy("export", "14", "-o", f"/dev/{stream}")
    assert result.returncode == 0, result.stderr
    written = result.stdout if stream == "stdout" else result.stderr
    assert written.decode("utf-8").startswith("## 14. ")
    assert b"wrote 1 case(s) as markdown to /dev/" + stream.encode() in result.stderr


def test_export_to_dev_stdout_appends_where_the_shell_says_so(tmp_path):
    out = tmp_path / "out.md"
    out.write_text("前言\n", encoding="utf-8")
    with open(out, "ab") as appending:
        result = fwmy("export", "14", "-o", "/dev/stdout", stdout=appending, stderr=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("前言\n## 14. ")  # written through the shell's descriptor, not a file renamed over
