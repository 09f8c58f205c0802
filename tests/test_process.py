"""What only a real process shows: special targets, closed streams, signals, a terminal (python -m fuwumaoyi_cli)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def closing(fd):
    """A preexec_fn that closes `fd` in the child: fwmy starts with that stream closed (`fwmy list >&-`)."""
    return lambda: os.close(fd)


@pytest.mark.parametrize("args", [["list"], ["show", "14", "--json"], ["search", "融资"], []])
def test_with_stdout_closed_a_command_says_it_cannot_write_in_one_line(args):
    result = fwmy(*args, preexec_fn=closing(1))
    assert result.returncode == 1
    assert result.stderr.decode() == "fwmy: cannot write the output: Bad file descriptor\n"


def test_with_stdout_closed_a_command_that_prints_nothing_succeeds(tmp_path):
    result = fwmy("export", "14", "-o", str(tmp_path / "out.md"), preexec_fn=closing(1))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("## 14. ")


@pytest.mark.parametrize(
    ("args", "status"),
    [(["list", "--json"], 0), (["search", "融资", "--limit", "1"], 0), (["show", "99"], 1), (["show", "x"], 2)],
)
def test_with_stderr_closed_the_exit_status_is_the_usual_one_and_stdout_holds_only_data(args, status):
    result = fwmy(*args, preexec_fn=closing(2), stderr=None)
    assert result.returncode == status
    assert b"fwmy:" not in result.stdout and b"Traceback" not in result.stdout


# What the console script `fwmy` runs, with a mark once Python is up: a Ctrl-C before that falls in Python's
# own start-up (it may print a traceback of importing runpy), which no program can change. So do the first
# few milliseconds after it, while Python finds the package whose main() then takes over.
CONSOLE_SCRIPT = (
    "import os, sys; sys.argv = ['fwmy', *sys.argv[1:]]; os.write(1, b'up\\n'); "
    "from fuwumaoyi_cli.cli import main; sys.exit(main())"
)


def test_ctrl_c_at_any_moment_of_start_up_ends_without_a_traceback():
    import signal
    import time

    for delay in [0.02 + i * 0.02 for i in range(16)]:
        process = subprocess.Popen(
            [sys.executable, "-c", CONSOLE_SCRIPT, "search", "融资"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout.readline() == b"up\n"
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        assert b"Traceback" not in err, (delay, err.decode()[-1500:])
        assert process.returncode in (130, 0), (delay, process.returncode, err)  # 0: it had finished


# on a terminal: long output through the pager, with colours whatever LESS holds


def on_a_terminal(args, env, timeout=30):
    """Run fwmy with a pseudo-terminal as stdin, stdout and stderr; (exit status, what the terminal showed)."""
    import pty
    import select

    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "fuwumaoyi_cli", *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    shown = b""
    while select.select([master], [], [], timeout)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end closed: fwmy has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return process.wait(timeout), shown


@pytest.fixture
def recording_pager(tmp_path):
    """An environment whose $PAGER writes down $LESS and what it was given to show."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    pager = f"printf '%s' \"$LESS\" > {tmp_path}/less.txt; cat > {tmp_path}/paged.txt"
    env.update(PAGER=pager, LESS="-S", LINES="20", COLUMNS="100", TERM="xterm-256color")
    return env, tmp_path / "less.txt", tmp_path / "paged.txt"


@pytest.mark.parametrize(
    "args",
    [
        ["search", "融资"],
        ["list"],
        ["show", "14"],
        ["compare", "15", "16"],
        ["figures", "16"],
        ["stats"],
        ["similar", "15", "-n", "15"],
    ],
)
def test_long_output_on_a_terminal_is_paged_with_colours(recording_pager, args):
    env, less, paged = recording_pager
    status, shown = on_a_terminal(args, env)
    assert status == 0, shown
    assert less.read_text() == "-S -R"  # the user's LESS, and colours shown as colours
    text = paged.read_text(encoding="utf-8")
    assert "\x1b[" in text and text.count("\n") >= 20


def test_output_that_fits_the_screen_is_not_paged(recording_pager):
    env, less, paged = recording_pager
    status, shown = on_a_terminal(["list", "--tag", "保险"], env)
    assert status == 0 and "统保平台".encode() in shown
    assert not paged.exists()


def test_no_pager_prints_long_output_straight_to_the_terminal(recording_pager):
    env, less, paged = recording_pager
    status, shown = on_a_terminal(["search", "融资", "--no-pager"], env)
    assert status == 0 and "知识产权".encode() in shown
    assert not paged.exists()


def test_export_to_a_terminal_shows_control_characters_as_escapes(tmp_path):
    data = tmp_path / "controls.toml"
    text = (Path(__file__).parent / "data" / "minimal.toml").read_text(encoding="utf-8")
    data.write_text(text.replace('title = "示例：', 'title = "\\u001b]0;标题\\u0007示例：'), encoding="utf-8")
    env = {**os.environ, "COLUMNS": "100", "LINES": "500"}
    status, shown = on_a_terminal(["--data", str(data), "export", "-f", "csv"], env)
    assert status == 0, shown
    assert b"\\x1b]0;" in shown and b"\x1b]0;" not in shown
    piped = fwmy("--data", str(data), "export", "-f", "csv")
    assert b"\x1b]0;" in piped.stdout  # into a pipe or a file, the bytes as they are
