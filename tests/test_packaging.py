"""fwmy as a user runs it: as a process, through pipes, and installed from a wheel in another folder."""

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def fwmy(*args, cwd, env=None, **kwargs):
    full_env = {**os.environ, **(env or {})}
    full_env.pop("FWMY_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "fuwumaoyi_cli", *args], cwd=cwd, env=full_env, capture_output=True, **kwargs
    )


def test_python_dash_m_from_another_folder(tmp_path):
    result = fwmy("show", "14", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "推行跨境电商进口 B2C 包裹退货新模式"


def test_no_ansi_codes_and_no_traceback_in_a_pipe(tmp_path):
    result = fwmy("search", "融资", cwd=tmp_path)
    assert result.returncode == 0
    assert b"\x1b[" not in result.stdout
    assert result.stderr == b""


def test_a_closed_pipe_ends_quietly(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "fuwumaoyi_cli", "show", "15", "--no-pager"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    stderr = proc.stderr.read()
    proc.wait(timeout=30)
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr


def test_json_is_utf8_even_when_stdout_is_ascii(tmp_path):
    result = fwmy("search", "融资", "--json", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "融资" in result.stdout.decode("utf-8")


def test_rich_output_on_an_ascii_only_stdout_is_escaped_not_a_crash(tmp_path):
    result = fwmy("show", "14", "--no-pager", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    assert b"\\u63a8" in result.stdout  # 推, escaped rather than lost
    assert b"cannot show Chinese" in result.stderr


@pytest.mark.slow
def test_the_wheel_installs_and_runs_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("fuwumaoyi_cli-*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "fuwumaoyi_cli/locale/zh_CN/LC_MESSAGES/fwmy.mo" in names  # the compiled catalog ships
    assert "fuwumaoyi_cli/data/compare-terms.json" in names  # compare works its n-grams out without it
    assert "fuwumaoyi_cli/data/key-figures.json" in names  # and show and compare their figures
    assert "fuwumaoyi_cli/data/meaning-vectors.npz" in names  # the cases read by meaning, for the extra
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)  # ensurepip: offline
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    clean_env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "FWMY_DATA")}
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        env=clean_env,
    )
    # The dependencies come from this test run's environment (no network needed); added only
    # now, or pip would take the fwmy installed there for this one. The wheel's copy comes first.
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = env_dir / "bin" / "fwmy"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(script), "search", "融资", "--json"], cwd=elsewhere, capture_output=True, env=clean_env
    )
    assert result.returncode == 0, result.stderr
    assert any(hit["id"] == 16 for hit in json.loads(result.stdout))
    where = subprocess.run(
        [str(python), "-c", "import fuwumaoyi_cli.cases.loader as l; print(l.bundled_path())"],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
        env=clean_env,
    ).stdout.strip()
    assert where.startswith(str(env_dir)), where  # the data came from inside the installed wheel
    version = subprocess.run([str(script), "--version"], cwd=elsewhere, capture_output=True, text=True, env=clean_env)
    assert version.stdout.startswith("fwmy ")
    chinese = subprocess.run(
        [str(script), "show", "99"], cwd=elsewhere, capture_output=True, env={**clean_env, "FWMY_LANG": "zh"}
    )
    assert chinese.stderr.decode("utf-8") == "fwmy: 没有第 99 号案例；案例编号为 1–20\n"  # the catalog found


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["list", "--json"], ["show", "14", "--no-pager"], ["--help"], []])
def test_a_write_error_on_stdout_is_one_line_not_a_bug(tmp_path, args):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a user runs it: buffered
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "fuwumaoyi_cli", *args], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, env=env
        )
    assert result.returncode == 1
    assert result.stderr.decode() == "fwmy: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(
    "args", [[], ["show", "14", "--no-pager"], ["compare", "15", "16"], ["search", "融资", "--json"]]
)
def test_the_whole_output_is_written_before_the_process_ends(tmp_path, args):
    # main() ends the process with os._exit (no teardown): whatever print or rich left in a buffer
    # must be flushed first. The process's output must equal the in-process run's, to the last byte.
    from typer.testing import CliRunner

    from fuwumaoyi_cli.cli.commands import app

    unset = ("COLUMNS", "LINES", "FORCE_COLOR", "FWMY_DATA", "PYTHONUNBUFFERED")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run([sys.executable, "-m", "fuwumaoyi_cli", *args], cwd=tmp_path, env=env, capture_output=True)
    expected = CliRunner().invoke(app, args, env=dict.fromkeys(unset))
    assert result.returncode == expected.exit_code == 0, result.stderr
    assert result.stdout.decode("utf-8") == expected.stdout
    assert len(expected.stdout) > 500


def test_exit_status_is_the_one_python_gives_sys_exit(capsys):
    from fuwumaoyi_cli.cli.process import exit_status

    assert [exit_status(None), exit_status(0), exit_status(2), exit_status(130)] == [0, 0, 2, 130]
    assert exit_status("fwmy: stopped") == 1
    assert capsys.readouterr().err == "fwmy: stopped\n"


@pytest.mark.parametrize("args", [["--version"], [], ["search", "融资", "--json"]])
def test_a_pipe_closed_before_any_output_ends_quietly(tmp_path, args):
    # Like `fwmy --version | true`: the reader is gone before fwmy writes. Exit 1, and no Python report.
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "fuwumaoyi_cli", *args],
            cwd=tmp_path,
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert result.stderr == b""
