"""The search index: the folded text and pinyin of a dataset, prepared ahead of any query.

For the bundled cases it is built by scripts/build_index.py into data/search-index.json (checked in,
JSON so that it loads in a millisecond); for a user's own cases file, build_index() makes one
(importing pypinyin) and the caller may cache its to_dict().
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from itertools import accumulate, chain, repeat
from operator import add
from pathlib import Path
from typing import Any, Protocol

from fuwumaoyi_cli.cases.loader import bundled_path, file_sha256
from fuwumaoyi_cli.cases.model import Dataset
from fuwumaoyi_cli.search.forms import char_readings, english_pattern, starts_word
from fuwumaoyi_cli.search.lexicon import general_lexicon
from fuwumaoyi_cli.text import fold_text, is_cjk_char

INDEX_FORMAT = 5  # 2: fields of blocks; 3: one corpus string and block lengths; 4: caption; 5: words
# The words of the general lexicon a corpus holds are found in its first this many characters: they guide
# how a question is cut, and a very large file needs no more of them to know its vocabulary.
LEXICON_SCAN = 2_000_000
LONGEST_WORD = 4
INDEX_FILE_NAME = "search-index.json"
LATIN_WORD = r"[0-9a-z]+"
FIRST_LOOK = 64


class BlockFinder(Protocol):
    """Which blocks of a corpus (flat numbers, ascending; the first `limit`) may hold a string: all that do,
    maybe a few more; None when it cannot tell."""

    def holding(self, text: str, limit: int | None = None) -> Sequence[int] | None: ...

    def starting_word(self, word: str, limit: int | None = None) -> Sequence[int] | None:
        """The blocks with a Latin word ([0-9a-z]+) that begins with `word`."""
        ...


class SearchIndex:
    """Folded text of every block of every case (in Case.blocks() order) and the pinyin of its characters.

    `corpus` holds the blocks of all cases in order, one a line; `block_lengths` gives each case's
    block lengths, which is where one block ends and the next begins (a block may hold a newline).
    One string, not a list per block: a large file has a hundred thousand blocks, and its cached
    index loads faster as one string.

    `offsets` maps "case_number:block_number" to the original offset of each folded character, only for
    the few blocks where folding changed the length (… → ...).

    A plain class, not a dataclass: it is made once per process (docs/architecture.md).
    """

    def __init__(
        self,
        cases_sha256: str,
        case_ids: tuple[int, ...],
        corpus: str,
        block_lengths: tuple[tuple[int, ...], ...],
        fields: tuple[tuple[str, ...], ...],  # Block.field of each block: ranking weighs fields without the blocks
        offsets: dict[str, list[int]],
        readings: dict[str, list[str]],
        words: frozenset[str] = frozenset(),
        format: int = INDEX_FORMAT,
    ) -> None:
        self.cases_sha256 = cases_sha256
        self.case_ids = case_ids
        self.corpus = corpus
        self.block_lengths = block_lengths
        self.fields = fields
        self.offsets = offsets
        self.readings = readings
        self.words = words  # words of the general lexicon (data/lexicon.txt.gz) that the corpus holds
        self.format = format
        # Where a large file's store has a token index of the blocks, it tells which blocks may hold a string
        # (engine._blocks_holding); without it, the corpus is read.
        self.finder: BlockFinder | None = None
        self._fits: Dataset | None = None  # the dataset fits() last said yes to
        self._word_counts: dict[str, int] = {}  # how often the corpus holds a word, for words_spelled()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "cases_sha256": self.cases_sha256,
            "case_ids": list(self.case_ids),
            "corpus": self.corpus,
            "block_lengths": [list(lengths) for lengths in self.block_lengths],
            "fields": [list(f) for f in self.fields],
            "offsets": self.offsets,
            "readings": self.readings,
            "words": sorted(self.words),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchIndex:
        """Raises ValueError for an index of another format (rebuild it)."""
        if data.get("format") != INDEX_FORMAT:
            raise ValueError(f"search index format {data.get('format')!r}, expected {INDEX_FORMAT}")
        index = cls(
            cases_sha256=data["cases_sha256"],
            case_ids=tuple(data["case_ids"]),
            corpus=data["corpus"],
            block_lengths=tuple(tuple(lengths) for lengths in data["block_lengths"]),
            fields=tuple(tuple(f) for f in data["fields"]),
            offsets=data["offsets"],
            readings=data["readings"],
            words=frozenset(data["words"]),
        )
        index._check_shape()
        return index

    def _check_shape(self) -> None:
        """ValueError unless the parts fit together: a damaged index is rebuilt, never used."""
        lengths = self.block_lengths
        if len(lengths) != len(self.case_ids) or list(map(len, lengths)) != list(map(len, self.fields)):
            raise ValueError("search index: the cases, block lengths and fields do not match")
        if not (isinstance(self.offsets, dict) and isinstance(self.readings, dict)):
            raise ValueError("search index: offsets and readings must be tables")
        # The blocks and their newlines make up the corpus exactly (whole, non-negative lengths).
        end = self.block_offsets[-1] - 1 if len(self.block_offsets) > 1 else 0
        if (
            not isinstance(self.corpus, str)
            or type(end) is not int
            or min(chain.from_iterable(lengths), default=0) < 0
            or end != len(self.corpus)
        ):
            raise ValueError("search index: the block lengths do not add up to its text")

    def fits(self, dataset: Dataset, *, same_source: bool = False) -> bool:
        """Whether this index was made from a dataset shaped like this one (same ids, same block counts).

        `same_source`: the caller knows the index was made from the very document the dataset was read
        from (one verified cache entry holds both, or the shipped index names the bundled file's sha256),
        so the ids are enough and the blocks of every case are not made and walked.
        """
        if self._fits is dataset:  # already checked: search() asks again
            return True
        if self.case_ids != dataset.ids:
            return False
        if same_source:
            self._fits = dataset
            return True
        pairs = zip(self.block_lengths, dataset.cases, strict=True)
        if all(len(lengths) == sum(1 for _ in case.blocks()) for lengths, case in pairs):
            self._fits = dataset
            return True
        return False

    # Forms derived on first use, not stored: cheap to compute, and keeping them out keeps the file small.

    @cached_property
    def block_offsets(self) -> list[int]:
        """Where each block starts in the corpus, the blocks of all cases in one sequence (and one past the end).

        Running sums of length + 1 (the newline), made by C loops: a large file has many blocks.
        """
        sizes = map(add, chain.from_iterable(self.block_lengths), repeat(1))
        return list(accumulate(sizes, initial=0))

    @cached_property
    def first_blocks(self) -> list[int]:
        """The place of each case's first block in the sequence of `block_offsets`."""
        return list(accumulate(map(len, self.block_lengths), initial=0))

    def case_block(self, flat: int) -> tuple[int, int]:
        """(case number, block number within the case) of a block in the sequence of all blocks."""
        number = bisect_right(self.first_blocks, flat) - 1
        return number, flat - self.first_blocks[number]

    # A word or a Latin pattern never runs from one block into the next: the finder's blocks are read instead of
    # the corpus.

    def candidates(self, text: str, word: bool = False, limit: int | None = None) -> Sequence[int] | None:
        """The blocks that may hold `text` (`word`: a Latin word or phrase that begins a word), from the
        finder; None when there is none or it cannot tell: then the corpus is read."""
        if self.finder is None or "\n" in text:
            return None
        if not word:
            return self.finder.holding(text, limit)
        first = re.match(LATIN_WORD, text)
        return self.finder.starting_word(first.group(), limit) if first else None

    def holds(self, text: str) -> bool:
        """Whether the corpus holds `text`."""
        for limit in (FIRST_LOOK, None):  # a word the text holds is nearly always in the first blocks found
            blocks = self.candidates(text, limit=limit)
            if blocks is None:
                return text in self.corpus
            offsets = self.block_offsets
            if any(self.corpus.find(text, offsets[b], offsets[b + 1] - 1) >= 0 for b in blocks):
                return True
            if len(blocks) < FIRST_LOOK:
                return False
        return False

    def count(self, text: str) -> int:
        """How many times the corpus holds `text`, not overlapping."""
        blocks = self.candidates(text)
        if blocks is None:
            return self.corpus.count(text)
        offsets = self.block_offsets
        return sum(self.corpus.count(text, offsets[b], offsets[b + 1] - 1) for b in blocks)

    def holds_english(self, key: str) -> bool:
        """Whether the corpus holds an English key as words (forms.english_pattern)."""
        pattern = re.compile(english_pattern(key))
        blocks = self.candidates(key, word=True)
        corpus, offsets = self.corpus, self.block_offsets
        if blocks is None:
            found: Iterable[re.Match[str]] = pattern.finditer(corpus)
        else:
            found = chain.from_iterable(pattern.finditer(corpus, offsets[b], offsets[b + 1] - 1) for b in blocks)
        return any(starts_word(corpus, m.start()) for m in found)

    def may_begin_word(self, word: str) -> bool:
        """False only when no Latin word of the corpus begins with `word`; True may be wrong (a cheap look
        before a pattern is compiled)."""
        blocks = self.candidates(word, word=True, limit=1)
        return word in self.corpus if blocks is None else bool(blocks)

    def blocks(self) -> Iterator[tuple[int, str]]:
        """(flat number, text) of every block, in order."""
        offsets, corpus = self.block_offsets, self.corpus
        return ((flat, corpus[offsets[flat] : offsets[flat + 1] - 1]) for flat in range(len(offsets) - 1))

    @cached_property
    def known_chars(self) -> frozenset[str]:
        return frozenset(self.readings)

    @cached_property
    def syllables(self) -> frozenset[str]:
        return frozenset(r for forms in self.readings.values() for r in forms)

    @cached_property
    def chars_by_syllable(self) -> dict[str, str]:
        by_syllable: dict[str, list[str]] = {}
        for char, forms in self.readings.items():
            for form in forms:
                by_syllable.setdefault(form, []).append(char)
        return {s: "".join(chars) for s, chars in by_syllable.items()}

    @cached_property
    def chars_by_initial(self) -> dict[str, str]:
        by_initial: dict[str, set[str]] = {}
        for char, forms in self.readings.items():
            for form in forms:
                by_initial.setdefault(form[0], set()).add(char)
        return {letter: "".join(sorted(chars)) for letter, chars in by_initial.items()}

    @cached_property
    def latin_words(self) -> Counter[str]:
        return Counter(re.findall(LATIN_WORD, self.corpus))

    @cached_property
    def _spelled_words(self) -> list[tuple[str, str]]:
        """(pinyin, word) of every lexicon word the corpus holds, in every reading of its characters, sorted."""
        spelled = []
        for word in self.words:
            spellings = [""]
            for char in word:
                forms = self.readings.get(char) or []
                spellings = [s + form for s in spellings for form in forms[:3]][:9]  # few heteronyms, kept few
            spelled += [(spelling, word) for spelling in spellings if spelling]
        return sorted(set(spelled))

    def words_spelled(self, prefix: str, limit: int) -> list[str]:
        """The corpus's words whose pinyin begins with `prefix` (rong → 融资, 融合; rongz → 融资), those the
        text uses most first: what a person typing pinyin letter by letter is on the way to."""
        prefix = prefix.lower()
        start = bisect_right(self._spelled_words, (prefix, ""))
        found = []
        for spelling, word in self._spelled_words[start:]:
            if not spelling.startswith(prefix):
                break
            found.append(word)
        counts = self._word_counts
        for word in found:
            if word not in counts:  # counted once: each keystroke of a prefix asks again
                counts[word] = self.corpus.count(word)
        return sorted(set(found), key=lambda word: (-counts[word], word))[:limit]

    def offsets_of(self, case_number: int, block_number: int) -> list[int] | None:
        return self.offsets.get(f"{case_number}:{block_number}")


def build_index(dataset: Dataset) -> SearchIndex:
    """Fold every block and read the pinyin of every character (imports pypinyin)."""
    blocks, fields, offsets = [], [], {}
    for n, case in enumerate(dataset.cases):
        folded_blocks = []
        fields.append(tuple(block.field for block in case.blocks()))
        for b, block in enumerate(case.blocks()):
            folded, offset_map = fold_text(block.text)
            folded_blocks.append(folded)
            if offset_map is not None:
                offsets[f"{n}:{b}"] = offset_map
        blocks.append(folded_blocks)
    corpus = "\n".join(chain.from_iterable(blocks))
    return SearchIndex(
        cases_sha256=file_sha256(dataset.path) if dataset.path else "",
        case_ids=dataset.ids,
        corpus=corpus,
        block_lengths=tuple(tuple(map(len, case_blocks)) for case_blocks in blocks),
        fields=tuple(fields),
        offsets=offsets,
        # The distinct characters first: findall over the corpus would make one string per ideograph.
        readings=char_readings({c for c in set(corpus) if is_cjk_char(c)}),
        words=lexicon_words(corpus),
    )


def lexicon_words(corpus: str) -> frozenset[str]:
    """The words of the general lexicon that `corpus` holds (its first LEXICON_SCAN characters)."""
    lexicon = general_lexicon().keys()
    text = corpus[:LEXICON_SCAN]
    found: set[str] = set()
    for size in range(2, LONGEST_WORD + 1):
        found.update(piece for i in range(len(text) - size + 1) if (piece := text[i : i + size]) in lexicon)
    return frozenset(found)


def bundled_index_path() -> Path:
    """data/search-index.json beside the bundled cases.toml (in the wheel's package or the checkout)."""
    return bundled_path().with_name(INDEX_FILE_NAME)


def load_bundled_index() -> SearchIndex | None:
    """The prepared index of the bundled cases, or None when the file is missing or of another format."""
    import json

    try:
        data = json.loads(bundled_index_path().read_text(encoding="utf-8"))
        return SearchIndex.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None
