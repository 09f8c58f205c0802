"""Record what `fwmy` prints, byte for byte, over a broad set of arguments; compare two recordings.

For a change that must not change behaviour (a re-housing of the code, a speed trick): record before,
record after, compare.

    python scripts/snapshot_behaviour.py record /tmp/before --corpus /tmp/fwmy-2000.toml
    python scripts/snapshot_behaviour.py record /tmp/after --corpus /tmp/fwmy-2000.toml
    python scripts/snapshot_behaviour.py compare /tmp/before /tmp/after

Each run is a process of the installed `fwmy` (stdout and stderr captured, exit code kept), with the
bundled data, a small user file (tests/data/minimal.toml) and, with --corpus, a large one; rich output at
60 and 100 columns and once in colour; JSON; errors; shell completion. A recording is one JSON file per
run plus index.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "data" / "minimal.toml"

QUERIES = [
    "融资",
    "rongzi",
    "rong zi",
    "rz",
    "zscq",
    "zhi shi chan quan",
    "financing",
    "customs clearance",
    "区快链",
    "finacing",
    "中小企业贷款",
    "Ｂ２Ｃ",
    "融資",
    "苏州 知识产权",
    '"企业信用评价"',
    "房地产",
    "quantum",
    "跨境电商退货怎么办",
    "customs clearance of biomedical materials",
    "chongqing",
    "保险 融资",
    "外国人就业服务",
    "xinyidai",
    "big data",
    "yinhang",
    "海外仓",
    "生物医药 通关",
    "融资 -保险",
    "融资 OR 保险",
]
BUNDLED_ONLY = [
    ["search", "融资", "--tag", "保险"],
    ["search", "融资", "--region", "四川"],
    ["search", "融资", "-n", "2"],
    ["search", "融资", "--explain"],
    ["search", "zscq", "--explain"],
    ["search", "融资", "--region", "suzhou"],
    ["search", "融资", "--tag", "financing", "--region", "重庆", "--json"],
    ["search", "", "--json"],
    ["search", "，！"],
    ["search", "融资", "--limit", "0"],
    ["search", "融资", "--ascii", "--json"],
    ["search", "融资", "--tag", "nope"],
    ["list"],
    ["list", "--json"],
    ["list", "--tag", "保险"],
    ["list", "--region", "江苏"],
    ["list", "--tag", "rongzi"],
    ["list", "--region", "蘇州", "--json"],
    ["list", "--tag", "保险", "--region", "上海"],
    ["show", "14"],
    ["show", "１４"],
    ["show", "十四"],
    ["show", "第14"],
    ["show", "#14"],
    ["show", "9"],
    ["show", "16"],
    ["show", "14", "--section", "results"],
    ["show", "14", "-s", "实施成效"],
    ["show", "5", "--section", "next_steps"],
    ["show", "14", "--json"],
    ["show", "9", "--json"],
    ["show", "14", "--section", "results", "--json"],
    ["show", "99"],
    ["show", "abc"],
    ["show", "0"],
    ["show", "〇十四"],
    ["show", "14", "--section", "nope"],
    ["compare", "15", "16"],
    ["compare", "11", "12", "13"],
    ["compare", "4", "5", "16", "18"],
    ["compare", "15", "16", "--json"],
    ["compare", "15", "16", "--section", "results"],
    ["compare", "5", "16", "-s", "practices", "--json"],
    ["compare", "1"],
    ["compare", "1", "1"],
    ["compare", "1", "2", "3", "4", "5"],
    ["compare", "1", "99"],
    ["compare", "x", "2"],
    ["figures", "14"],
    ["figures", "16"],
    ["figures", "6", "--json"],
    ["figures", "2", "--json"],
    ["figures", "99"],
    ["similar", "15"],
    ["similar", "1", "-n", "3"],
    ["similar", "14", "--json"],
    ["similar", "99"],
    ["stats"],
    ["stats", "--by", "region"],
    ["stats", "--by", "tag", "--json"],
    ["stats", "--json"],
    ["stats", "--by", "theme"],
    ["export"],
    ["export", "14"],
    ["export", "-f", "csv"],
    ["export", "-f", "json", "3"],
    ["export", "-f", "jsonl", "1", "2"],
    ["export", "--tag", "保险", "-f", "csv"],
    ["export", "-f", "pdf"],
    ["export", "14", "-o", "<out>.md"],
    ["export", "-o", "<out>.csv"],
    ["export", "1", "2", "-o", "<out>.json"],
    ["export", "-o", "<out>.xlsx"],
    ["export", "-o", "<missing>/x.md"],
    ["--help"],
    ["-h", "search"],
    ["search", "--help"],
    ["show", "--help"],
    ["compare", "--help"],
    ["list", "--help"],
    ["figures", "--help"],
    ["similar", "--help"],
    ["stats", "--help"],
    ["export", "--help"],
    ["validate", "--help"],
    [],
    ["--version"],
    ["find", "融资"],
    ["14"],
    ["融资"],
    ["serch", "融资"],
    ["show"],
    ["--nope"],
]
PER_DATA = [
    ["list", "--json"],
    ["show", "1"],
    ["show", "1", "--json"],
    ["show", "2", "--json"],
    ["compare", "1", "2"],
    ["compare", "1", "2", "--json"],
    ["figures", "1", "--json"],
    ["similar", "1", "--json"],
    ["stats", "--json"],
    ["export", "-f", "csv"],
    ["export", "-f", "jsonl"],
    [],
]
COMPLETIONS = [
    "fwmy show 1",
    "fwmy sh",
    "fwmy search 融资 --tag ",
    "fwmy list --region 江",
    "fwmy show 14 --section r",
    "fwmy compare 1",
]


def runs(corpus: Path | None) -> list[dict]:
    plans = []
    datas = [None, MINIMAL] + ([corpus] if corpus else [])
    for data in datas:
        prefix = [] if data is None else ["--data", str(data)]
        queries = QUERIES if data is not MINIMAL else QUERIES[:6]
        for q in queries:
            words = [q] if q.startswith('"') else q.split(" ")  # as a shell passes them unquoted
            for extra in ([], ["--json"]):
                plans.append({"args": [*prefix, "search", *words, *extra]})
        for args in PER_DATA:
            plans.append({"args": [*prefix, *args]})
    for args in BUNDLED_ONLY:
        plans.append({"args": args})
    more = []
    for plan in plans:
        args = plan["args"]
        if "--json" in args or any(a in args for a in ("export", "--help", "-h")):
            continue
        more.append({"args": args, "env": {"COLUMNS": "60"}})
        if args[:1] in (["show"], ["compare"], ["search"]) and "--data" not in args:
            more.append({"args": args, "env": {"COLUMNS": "100", "FORCE_COLOR": "1", "TERM": "xterm-256color"}})
    plans += more
    for line in COMPLETIONS:
        words = line.split(" ")
        env = {"_FWMY_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        plans.append({"args": [], "env": env})
    for name in ("zsh", "fish"):
        env = {"_FWMY_COMPLETE": f"complete_{name}", "_TYPER_COMPLETE_ARGS": "fwmy show 1"}
        if name == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
        plans.append({"args": [], "env": env})
    return plans


def validate_runs(folder: Path) -> list[dict]:
    bad_toml = folder / "bad.toml"
    bad_toml.write_text("schema_version = 1\n[[cases]\nid = 1\n", encoding="utf-8")
    bad_fields = folder / "fields.toml"
    bad_fields.write_text(
        MINIMAL.read_text(encoding="utf-8")
        .replace('title_en = "Example', 'titel_en = "Example', 1)
        .replace("id = 1", 'id = "one"', 1),
        encoding="utf-8",
    )
    gbk = folder / "gbk.toml"
    gbk.write_bytes(MINIMAL.read_text(encoding="utf-8").encode("gbk", "replace"))
    missing = folder / "missing.toml"
    out = []
    for path in (MINIMAL, bad_toml, bad_fields, gbk, missing, folder):
        out.append({"args": ["validate", str(path)], "name_hint": path.name})
        out.append({"args": ["--data", str(path), "list"], "name_hint": path.name})
    return out


def record(out: Path, corpus: Path | None) -> None:
    exe = shutil.which("fwmy")
    if exe is None:
        sys.exit("fwmy is not installed in this environment")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="fwmy-snapshot-"))
    files = work / "files"
    files.mkdir()
    plans = runs(corpus) + validate_runs(files)
    cache = work / "cache"
    base_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FWMY_", "COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR"))
    }
    base_env.update({"FWMY_CACHE_DIR": str(cache), "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "TERM": "dumb"})
    index = []
    for number, plan in enumerate(plans):
        env = {**base_env, **plan.get("env", {})}
        args = [a.replace(str(work), "<work>") for a in plan["args"]]
        target = None
        full = []
        for arg in plan["args"]:
            if arg.startswith("<out>"):
                target = files / f"export-{number}{arg[5:]}"
                arg = str(target)
            full.append(arg.replace("<missing>", str(work / "missing")))
        result = subprocess.run([exe, *full], env=env, capture_output=True, timeout=300, cwd=work)
        record_ = {
            "args": args,
            "env": plan.get("env", {}),
            "exit": result.returncode,
            "stdout": result.stdout.decode("utf-8", "backslashreplace").replace(str(work), "<work>"),
            "stderr": result.stderr.decode("utf-8", "backslashreplace").replace(str(work), "<work>"),
        }
        if target is not None:
            record_["file"] = target.read_bytes().decode("utf-8", "backslashreplace") if target.exists() else None
        name = f"{number:04d}.json"
        (out / name).write_text(json.dumps(record_, ensure_ascii=False, indent=1), encoding="utf-8")
        digest = hashlib.sha256(json.dumps(record_, ensure_ascii=False).encode()).hexdigest()[:16]
        index.append({"file": name, "args": record_["args"], "env": record_["env"], "digest": digest})
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(work)
    print(f"{len(index)} runs recorded in {out}")


def compare(before: Path, after: Path) -> int:
    a = json.loads((before / "index.json").read_text(encoding="utf-8"))
    b = json.loads((after / "index.json").read_text(encoding="utf-8"))
    if [(x["args"], x["env"]) for x in a] != [(x["args"], x["env"]) for x in b]:
        print("the two recordings ran different commands")
        return 2
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x["digest"] != y["digest"]]
    for x, _ in differ:
        old = json.loads((before / x["file"]).read_text(encoding="utf-8"))
        new = json.loads((after / x["file"]).read_text(encoding="utf-8"))
        parts = [k for k in ("exit", "stdout", "stderr", "file") if old.get(k) != new.get(k)]
        print(f"{x['file']}: fwmy {' '.join(x['args'])} {x['env'] or ''}: {', '.join(parts)} differ")
    print(f"{len(a) - len(differ)} of {len(a)} runs identical, byte for byte")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--corpus", type=Path, help="a large cases file (benchmarks/make_corpus.py 2000)")
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.action == "record":
        record(args.out, args.corpus)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
