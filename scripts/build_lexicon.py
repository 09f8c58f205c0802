"""Write data/lexicon.txt: the general Chinese lexicon that search segments questions with.

    python scripts/build_lexicon.py PATH/TO/jieba/dict.txt

Words of two to four ideographs that jieba's dictionary (MIT licence; `pip download jieba` and unpack it)
counts at least MIN_COUNT times, one a line with its part of speech (`word<TAB>n`), sorted by code point.
fwmy never imports jieba: a search index
keeps the words of this list that the cases' text holds (search/index.py), so that a question is cut into
words (纳税 信用 银行 贷款) rather than into whatever strings the text happens to repeat, and the words of a
question the text does not hold are looked up in the file itself, by bisection over its mapped bytes
(search/lexicon.py), so that they are read as words too (二手房, not 二手 and 房).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "lexicon.txt"
MIN_COUNT = 10
WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")


def main() -> None:
    words = {}
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        word, count, tag = line.split()
        if WORD.fullmatch(word) and int(count) >= MIN_COUNT:
            words[word] = tag
    OUT.write_text("".join(f"{w}\t{words[w]}\n" for w in sorted(words)), encoding="utf-8")
    print(f"wrote {OUT} ({len(words):,} words, {OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
