"""Timing child processes for the benchmarks: wall time and peak memory, runs interleaved round-robin.

The machine these run on is shared and noisy, so every comparison is made between commands timed in the
same session, interleaved so that drift hits them all alike, and summarised by medians and quartiles.
"""

from __future__ import annotations

import json
import marshal
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Variables that would change what fwmy does if they leaked in from the caller's shell.
FWMY_VARIABLES = ("FWMY_DATA", "_FWMY_COMPLETE", "COMP_WORDS", "COMP_CWORD")


@dataclass(frozen=True)
class Command:
    name: str
    argv: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sample:
    wall_ms: float
    peak_rss_kb: int
    exit_code: int


@dataclass(frozen=True)
class Summary:
    median_ms: float
    q1_ms: float
    q3_ms: float
    runs: int

    @property
    def iqr_ms(self) -> float:
        return self.q3_ms - self.q1_ms

    @classmethod
    def of(cls, times_ms: list[float]) -> Summary:
        if len(times_ms) < 2:
            only = times_ms[0]
            return cls(only, only, only, 1)
        q1, median, q3 = statistics.quantiles(times_ms, n=4, method="inclusive")
        return cls(median, q1, q3, len(times_ms))


def resolve_python(path: str | None) -> Path:
    """The interpreter to time: a python executable or a venv folder; by default the running one.

    Symlinks are kept as given: a venv's python is a link to the system one, and resolving it would leave the venv.
    """
    if path is None:
        return Path(sys.executable)
    given = Path(path).expanduser().absolute()
    return given / "bin" / "python" if given.is_dir() else given


def fwmy_next_to(python: Path) -> Path:
    """The fwmy console script installed in the same environment as `python`."""
    script = python.parent / "fwmy"
    if not script.is_file():
        sys.exit(f"no fwmy next to {python}; install it there first: {python} -m pip install -e .")
    return script


def cache_environment(folder: Path) -> dict[str, str]:
    """Variables that put fwmy's cache of prepared files (FWMY_CACHE_DIR, else XDG_CACHE_HOME/fwmy) in `folder`,
    so the benchmark neither uses nor fills the user's cache."""
    return {"FWMY_CACHE_DIR": str(folder), "XDG_CACHE_HOME": str(folder)}


def cache_bytecode_as_installed() -> None:
    """Let the timed programs write and reuse .pyc files, kept in a folder of the benchmark's own.

    pip compiles a package's modules when it installs it, so users never wait for Python to compile them; an
    editable install run under PYTHONDONTWRITEBYTECODE=1 (set where these benchmarks were first run) compiles
    fwmy's sources again on every call. PYTHONPYCACHEPREFIX keeps the .pyc files out of the source tree.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "fwmy-bench" / "pycache")


BYTECODE_HELP = "leave PYTHONDONTWRITEBYTECODE and PYTHONPYCACHEPREFIX as they are (default: cache .pyc files)"


def child_environment(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FWMY_VARIABLES}
    env.update(extra)
    return env


# Linux carries a parent's memory high-water mark into a child it forks or spawns (the child starts in the parent's
# address space), so a child of this process would report this process's peak memory if it were larger than its
# own. A lean runner (python -I -S, builtin modules only) therefore spawns and times the commands: its own peak,
# about 9 MB, is below that of any Python program worth measuring. It reports that floor first.
RUNNER_CODE = r"""
import marshal, os, sys, time
floor = 0
if os.path.exists("/proc/self/status"):
    with open("/proc/self/status") as status:
        floor = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
marshal.dump(floor, sys.stdout.buffer)
sys.stdout.buffer.flush()
silence = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
while True:
    try:
        argv, env = marshal.load(sys.stdin.buffer)
    except EOFError:
        break
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=silence)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter_ns() - start
    marshal.dump((elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)), sys.stdout.buffer)
    sys.stdout.buffer.flush()
"""


class Runner:
    """Runs commands with stdin, stdout and stderr on /dev/null; reports each one's wall time and own peak RSS
    (os.wait4 gives the rusage of exactly that child, where RUSAGE_CHILDREN gives the largest child so far)."""

    def __enter__(self) -> Runner:
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", RUNNER_CODE], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.floor_kb: int = marshal.load(self.process.stdout)
        return self

    def __exit__(self, *exc_info) -> None:
        self.process.stdin.close()
        self.process.wait()

    def run(self, command: Command) -> Sample:
        marshal.dump((list(command.argv), child_environment(command.env)), self.process.stdin)
        self.process.stdin.flush()
        elapsed_ns, peak_rss_kb, exit_code = marshal.load(self.process.stdout)
        return Sample(elapsed_ns / 1e6, peak_rss_kb, exit_code)


def run_round_robin(
    runner: Runner, commands: list[Command], runs: int, warmup: int, progress: bool = True
) -> dict[str, list[Sample]]:
    """Warm up, then run every command once per round; each round starts one command later, so no command
    always follows the same one."""
    for _ in range(warmup):
        for command in commands:
            runner.run(command)
    samples: dict[str, list[Sample]] = {c.name: [] for c in commands}
    for round_number in range(runs):
        shift = round_number % len(commands)
        for command in commands[shift:] + commands[:shift]:
            samples[command.name].append(runner.run(command))
        if progress:
            print(f"\r  round {round_number + 1}/{runs}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return samples


def hyperfine_available() -> bool:
    return shutil.which("hyperfine") is not None


def run_hyperfine(commands: list[Command], runs: int, warmup: int) -> dict[str, list[float]]:
    """Wall times in ms per command, from hyperfine without a shell (-N), so no shell start-up is subtracted.

    Without a shell, per-command variables are set through `env`, which costs about a millisecond.
    """
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "hyperfine.json"
        argv = ["hyperfine", "-N", "--ignore-failure", "--style", "basic", "--warmup", str(warmup)]
        argv += ["--runs", str(runs), "--export-json", str(export)]
        for command in commands:
            prefix = ["env", *(f"{k}={v}" for k, v in command.env.items())] if command.env else []
            # "=" keeps a name such as "--help" from being read as an option.
            argv += [f"--command-name={command.name}", shlex.join(prefix + list(command.argv))]
        subprocess.run(argv, check=True, env=child_environment({}), stdout=sys.stderr)
        results = json.loads(export.read_text())["results"]
    return {r["command"]: [t * 1000 for t in r["times"]] for r in results}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def environment_of(python: Path) -> dict[str, str]:
    """What the numbers depend on: the machine, and the versions inside the timed interpreter."""
    probe = (
        "import json, platform, importlib.metadata as m\n"
        "print(json.dumps({'python': platform.python_version(),"
        " **{p: m.version(p) for p in ('typer', 'rich', 'rapidfuzz', 'fuwumaoyi-cli')}}))"
    )
    versions = json.loads(subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True).stdout)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        bytecode = "not written (PYTHONDONTWRITEBYTECODE is set): uninstalled sources are compiled on every run"
    else:
        bytecode = f"cached in {os.environ.get('PYTHONPYCACHEPREFIX') or '__pycache__ folders'}"
    return {
        "cpus": str(len(os.sched_getaffinity(0))),
        "cpu": cpu_model(),
        "interpreter": str(python),
        "bytecode": bytecode,
        **versions,
    }


def describe(environment: dict[str, str]) -> str:
    e = environment
    return (
        f"{e['cpus']} CPUs ({e['cpu']}), Python {e['python']}, typer {e['typer']}, rich {e['rich']}, "
        f"rapidfuzz {e['rapidfuzz']}, fuwumaoyi-cli {e['fuwumaoyi-cli']}\ninterpreter: {e['interpreter']}\n"
        f"bytecode: {e['bytecode']}"
    )


def pad(text: str, width: int) -> str:
    """Left-align in a fixed-width column, counting a Chinese character as two columns, as terminals show it."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)
