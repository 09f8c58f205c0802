"""Synthetic cases files in fwmy's format (docs/data-format.md), made of the real text of data/cases.toml.

Each synthetic case takes the shape of a real case (its sections, how many paragraphs and points each has,
where its captions stand) and fills it with real headings, paragraphs and point leads of the same section kind,
drawn with a seeded RNG; titles are real titles with a suffix, providers/regions and tag counts come from real
cases, and the themes are copied. So a file of N cases reads like N real cases: the same words, paragraph
lengths and hit rates for a query such as 融资.

    python benchmarks/make_corpus.py                  # 200, 2,000 and 10,000 cases into the cache folder
    python benchmarks/make_corpus.py 500 --out-dir /tmp/corpora --seed 7

Files are cached by size, seed and a digest of the real data and of this script, outside the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

REAL_DATA = Path(__file__).resolve().parent.parent / "data" / "cases.toml"
DEFAULT_SIZES = (200, 2_000, 10_000)
DEFAULT_SEED = 20240601


def default_folder() -> Path:
    return Path(os.environ.get("FWMY_BENCH_CACHE") or Path(tempfile.gettempdir()) / "fwmy-bench")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


class Pools:
    """The real text, sorted by where it stands, to draw synthetic cases from."""

    def __init__(self, doc: dict) -> None:
        self.themes = doc["themes"]
        self.cases = doc["cases"]
        self.intro = [p for c in self.cases for p in paragraphs(c.get("intro", ""))]
        self.headings: dict[str, list[str]] = defaultdict(list)
        self.section_text: dict[str, list[str]] = defaultdict(list)
        self.leads: dict[str, list[str]] = defaultdict(list)
        self.point_text: dict[str, list[str]] = defaultdict(list)
        for case in self.cases:
            for section in case["sections"]:
                kind = section["kind"]
                self.headings[kind].append(section["heading"])
                self.section_text[kind] += paragraphs(section.get("text", ""))
                for point in section.get("points", []):
                    self.leads[kind].append(point["lead"])
                    self.point_text[kind] += paragraphs(point.get("text", ""))


def synthetic_case(pools: Pools, rng: random.Random, case_id: int) -> dict:
    shape = rng.choice(pools.cases)
    named = rng.choice(pools.cases)
    placed = rng.choice(pools.cases)  # providers and regions stay together, as they correspond
    tags = rng.sample([t["name"] for t in pools.themes], k=len(rng.choice(pools.cases)["tags"]))
    theme_en = {t["name"]: t["name_en"] for t in pools.themes}

    def draw(pool: list[str], count: int) -> str:
        return "\n\n".join(rng.choices(pool, k=count)) if count else ""

    sections = []
    for section in shape["sections"]:
        kind = section["kind"]
        points = [
            {
                "lead": rng.choice(pools.leads[kind]),
                "text": draw(pools.point_text[kind], len(paragraphs(point.get("text", "")))),
                "captions": point.get("captions", []),
            }
            for point in section.get("points", [])
        ]
        sections.append(
            {
                "kind": kind,
                "heading": rng.choice(pools.headings[kind]),
                "captions": section.get("captions", []),
                "text": draw(pools.section_text[kind], len(paragraphs(section.get("text", "")))),
                "points": points,
            }
        )
    return {
        "id": case_id,
        "title": f"{named['title']}（合成案例 {case_id}）",
        "title_en": f"{named.get('title_en', named['title'])} (synthetic case {case_id})",
        "providers": placed["providers"],
        "regions": placed["regions"],
        "page": case_id,
        "tags": tags,
        "tags_en": [theme_en[t] for t in tags],
        "intro": draw(pools.intro, len(paragraphs(shape.get("intro", "")))),
        "sections": sections,
    }


def toml_value(value) -> str:
    """TOML for the values this format holds; JSON's string escapes are all valid TOML escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML for {type(value).__name__}")


def key_values(table: dict, keys: tuple[str, ...]) -> list[str]:
    """key = value lines for the keys that have a value (optional empty text and lists are left out)."""
    return [f"{k} = {toml_value(table[k])}" for k in keys if table.get(k) not in (None, "", [])]


def corpus_toml(doc: dict, size: int, seed: int) -> str:
    pools = Pools(doc)
    rng = random.Random(seed)
    lines = [
        f"# {size} synthetic cases made by benchmarks/make_corpus.py (seed {seed}) from the text of data/cases.toml",
        "schema_version = 1",
        "",
        "[source]",
        *key_values(doc.get("source", {}), ("title", "label", "note", "language")),
    ]
    for theme in doc["themes"]:
        lines += ["", "[[themes]]", *key_values(theme, ("name", "name_en"))]
    case_keys = ("id", "title", "title_en", "providers", "regions", "page", "tags", "tags_en", "intro")
    for case_id in range(1, size + 1):
        case = synthetic_case(pools, rng, case_id)
        lines += ["", "[[cases]]", *key_values(case, case_keys)]
        for section in case["sections"]:
            lines += ["", "[[cases.sections]]", *key_values(section, ("kind", "heading", "captions", "text"))]
            for point in section["points"]:
                lines += ["", "[[cases.sections.points]]", *key_values(point, ("lead", "text", "captions"))]
    return "\n".join(lines) + "\n"


def corpus_file(size: int, seed: int = DEFAULT_SEED, folder: Path | None = None, source: Path = REAL_DATA) -> Path:
    """The path of a synthetic file of `size` cases, made now unless an identical one is cached."""
    digest = hashlib.sha256(source.read_bytes() + Path(__file__).read_bytes()).hexdigest()[:12]
    folder = folder or default_folder()
    path = folder / f"cases-{size}-seed{seed}-{digest}.toml"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(f"cases-{size}-seed{seed}-*.toml"):  # made from older data or an older script
            stale.unlink()
        text = corpus_toml(tomllib.loads(source.read_text(encoding="utf-8")), size, seed)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # a concurrent or interrupted run never leaves half a file under the final name
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES), help="numbers of cases")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out-dir", type=Path, help=f"default: $FWMY_BENCH_CACHE or {default_folder()}")
    parser.add_argument("--source", type=Path, default=REAL_DATA, help="the real cases file to draw from")
    args = parser.parse_args()
    for size in args.sizes:
        print(corpus_file(size, args.seed, args.out_dir, args.source))


if __name__ == "__main__":
    main()
