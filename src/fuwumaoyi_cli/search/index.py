"""The search index: the folded text and pinyin of a dataset, prepared ahead of any query.

For the bundled cases it is built by scripts/build_index.py into data/search-index.json (checked in,
JSON so that it loads in a millisecond); for a user's own cases file, build_index() makes one
(importing pypinyin) and the caller may cache its to_dict().
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from itertools import accumulate, chain, repeat
from operator import add
from pathlib import Path
from typing import Any, Protocol

from fuwumaoyi_cli.cases.loader import bundled_path, file_sha256
from fuwumaoyi_cli.cases.model import Dataset
from fuwumaoyi_cli.search.forms import char_readings, english_pattern, starts_word
from fuwumaoyi_cli.search.lexicon import general_lexicon
from fuwumaoyi_cli.text import LATIN_WORD, fold_text, is_cjk_char

INDEX_FORMAT = 7  # 2: fields of blocks; 3: one corpus string and block lengths; 4: caption; 5: words;
# 6: each case's fields in one string, and its length (the text may be kept apart); 7: a field a character
# Each block's field (Block.field) as one character, a case's fields as one string: ranking reads the field of
# every block that holds a term, and a large file's index holds hundreds of thousands, decoded without a split.
FIELD_CODES = {
    "title": "t",
    "title_en": "e",
    "tags": "g",
    "provider": "p",
    "intro": "i",
    "heading": "h",
    "lead": "l",
    "body": "b",
    "caption": "c",
}
# The words of the general lexicon a corpus holds are found in its first this many characters: they guide
# how a question is cut, and a very large file needs no more of them to know its vocabulary.
LEXICON_SCAN = 2_000_000
LONGEST_WORD = 4
INDEX_FILE_NAME = "search-index.json"
FIRST_LOOK = 64
# Blocks read one by one from a finder cost about five times what they cost as part of the whole corpus, read
# at once (2.7 µs against 0.6 µs each at 10,000 cases): past a fifth of all blocks, the corpus is read.
FETCH_SHARE = 5


# The blocks (flat numbers, ascending) that hold a word, and how many times it stands in each: two sequences,
# not a pair per block, as a common word of a large file is in a hundred thousand blocks.
Counts = tuple[Sequence[int], Sequence[int]]


class BlockFinder(Protocol):
    """Which blocks of a corpus (flat numbers, ascending; the first `limit`) may hold a string: all that do,
    maybe a few more; None when it cannot tell."""

    def holding(self, text: str, limit: int | None = None) -> Sequence[int] | None: ...

    def starting_word(self, word: str, limit: int | None = None) -> Sequence[int] | None:
        """The blocks with a Latin word ([0-9a-z]+) that begins with `word`."""
        ...

    def texts(self, blocks: Sequence[int]) -> list[str] | None:
        """The text of each of these blocks; None when it cannot tell."""
        ...

    def pair_counts(self, pair: str) -> Counts | None:
        """The blocks holding two different characters beyond ASCII and how many times, counted by the index
        itself; None when it cannot tell."""
        ...

    def word_counts(self, words: Sequence[str]) -> Counts | None:
        """The blocks holding any of these Latin words ([0-9a-z]+) as a whole word and how many times,
        counted by the index itself; None when it cannot tell."""
        ...

    def kept_counts(self, text: str) -> Counts | None:
        """The counts of a string that note_counts() was given, in this process or (kept) an earlier one."""
        ...

    def note_counts(self, text: str, counts: Counts) -> None:
        """The blocks holding a string and how many times, as counted from their text, to keep."""
        ...

    def keep(self) -> None:
        """Keep the counts made so far for the next process, if the finder can."""
        ...


# The text of an index kept apart (SearchIndex.checked_text of what was stored, or made again).
TextSource = Callable[[], tuple[str, tuple[tuple[int, ...], ...]]]


class SearchIndex:
    """Folded text of every block of every case (in Case.blocks() order) and the pinyin of its characters.

    `corpus` holds the blocks of all cases in order, one a line; `block_lengths` gives each case's
    block lengths, which is where one block ends and the next begins (a block may hold a newline).
    One string, not a list per block: a large file has a hundred thousand blocks, and its cached
    index loads faster as one string.

    The text (corpus and block lengths) may be kept apart and read on first use (`text_source`): a large
    file's store has its blocks in its token index (`finder`), and a search reads only the blocks that
    hold its words. What ranking needs of every case stays: the fields of its blocks and its length.

    `offsets` maps "case_number:block_number" to the original offset of each folded character, only for
    the few blocks where folding changed the length (… → ...).

    A plain class, not a dataclass: it is made once per process (docs/architecture.md).
    """

    def __init__(
        self,
        cases_sha256: str,
        case_ids: tuple[int, ...],
        fields: tuple[str, ...],  # each block's field (FIELD_CODES): ranking weighs fields without the blocks
        lengths: tuple[int, ...],  # of each case's folded text
        offsets: dict[str, list[int]],
        readings: dict[str, list[str]],
        words: frozenset[str] = frozenset(),
        *,
        corpus: str | None = None,
        block_lengths: tuple[tuple[int, ...], ...] | None = None,
        text_source: TextSource | None = None,  # the corpus and block lengths, when not given
        format: int = INDEX_FORMAT,
    ) -> None:
        self.cases_sha256 = cases_sha256
        self.case_ids = case_ids
        self.fields = fields
        self.lengths = lengths
        self.offsets = offsets
        self.readings = readings
        self.words = words  # words of the general lexicon (data/lexicon.txt.gz) that the corpus holds
        self.format = format
        self._corpus = corpus
        self._block_lengths = block_lengths
        self._text_source = text_source
        # Where a large file's store has a token index of the blocks, it tells which blocks may hold a string
        # (candidates()); without it, the corpus is read.
        self.finder: BlockFinder | None = None
        self._fetched = 0  # blocks read from the finder so far (texts())
        self._fits: Dataset | None = None  # the dataset fits() last said yes to
        self._word_counts: dict[str, int] = {}  # how often the corpus holds a word, for words_spelled()

    @property
    def corpus(self) -> str:
        if self._corpus is None:
            self._read_text()
        return self._corpus  # type: ignore[return-value]

    @property
    def block_lengths(self) -> tuple[tuple[int, ...], ...]:
        if self._block_lengths is None:
            self._read_text()
        return self._block_lengths  # type: ignore[return-value]

    def _read_text(self) -> None:
        if self._text_source is None:
            raise ValueError("search index: no text")
        self._corpus, self._block_lengths = self._text_source()

    def to_dict(self, text: bool = True) -> dict[str, Any]:
        """`text`: with the corpus and block lengths (else, as text_dict(), kept apart)."""
        light = {
            "format": self.format,
            "cases_sha256": self.cases_sha256,
            "case_ids": list(self.case_ids),
            "fields": list(self.fields),
            "lengths": list(self.lengths),
            "offsets": self.offsets,
            "readings": self.readings,
            "words": sorted(self.words),
        }
        return {**light, **self.text_dict()} if text else light

    def text_dict(self, corpus: bool = True) -> dict[str, Any]:
        lengths = {"block_lengths": [list(lengths) for lengths in self.block_lengths]}
        return {"corpus": self.corpus, **lengths} if corpus else lengths

    @classmethod
    def from_dict(cls, data: dict[str, Any], text_source: TextSource | None = None) -> SearchIndex:
        """Raises ValueError for an index of another format or one whose parts do not fit (rebuild it).
        Without "corpus", the text is read from `text_source` on first use."""
        if data.get("format") != INDEX_FORMAT:
            raise ValueError(f"search index format {data.get('format')!r}, expected {INDEX_FORMAT}")
        try:
            index = cls(
                cases_sha256=data["cases_sha256"],
                case_ids=tuple(data["case_ids"]),
                fields=tuple(data["fields"]),
                lengths=tuple(data["lengths"]),
                offsets=data["offsets"],
                readings=data["readings"],
                words=frozenset(data["words"]),
                text_source=text_source,
            )
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"search index: {err}") from None
        index._check_shape()
        if "corpus" in data:
            index._corpus, index._block_lengths = index.checked_text(data)
        elif text_source is None:
            raise ValueError("search index: no text")
        return index

    def _check_shape(self) -> None:
        """ValueError unless the parts fit together: a damaged index is rebuilt, never used."""
        if not (len(self.lengths) == len(self.case_ids) == len(self.fields)):
            raise ValueError("search index: the cases, lengths and fields do not match")
        if not all(type(f) is str for f in self.fields) or not set("".join(self.fields)) <= set(FIELD_CODES.values()):
            raise ValueError("search index: the fields must be strings of field codes")
        if not all(type(n) is int and n >= 0 for n in self.lengths):
            raise ValueError("search index: the lengths must be whole numbers")
        if not (isinstance(self.offsets, dict) and isinstance(self.readings, dict)):
            raise ValueError("search index: offsets and readings must be tables")

    def checked_text(self, text: Any) -> tuple[str, tuple[tuple[int, ...], ...]]:
        """The corpus and block lengths of a text_dict(), when they fit this index; else ValueError."""
        try:
            corpus, block_lengths = text["corpus"], tuple(tuple(case) for case in text["block_lengths"])
        except (KeyError, TypeError) as err:
            raise ValueError(f"search index: no text ({err})") from None
        if len(block_lengths) != len(self.case_ids) or list(map(len, block_lengths)) != list(map(len, self.fields)):
            raise ValueError("search index: the cases, block lengths and fields do not match")
        flat = list(chain.from_iterable(block_lengths))
        whole = set(map(type, flat)) <= {int} and min(flat, default=0) >= 0  # by C loops: a large file has many
        if not whole or list(map(sum, block_lengths)) != list(self.lengths):
            raise ValueError("search index: the block lengths do not add up to the cases' lengths")
        # The blocks and their newlines make up the corpus exactly.
        if not isinstance(corpus, str) or sum(flat) + max(len(flat) - 1, 0) != len(corpus):
            raise ValueError("search index: the block lengths do not add up to its text")
        return corpus, block_lengths

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
        pairs = zip(self.fields, dataset.cases, strict=True)
        if all(len(fields) == sum(1 for _ in case.blocks()) for fields, case in pairs):
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
        return list(accumulate(map(len, self.fields), initial=0))

    @cached_property
    def field_codes(self) -> bytes:
        """Each block's field code (FIELD_CODES, ASCII), the blocks of all cases in one sequence."""
        return "".join(self.fields).encode("ascii")

    # A word or a Latin pattern never runs from one block into the next: the finder's blocks are read instead of
    # the corpus.

    def _finder_blocks(self, text: str, word: bool = False, limit: int | None = None) -> Sequence[int] | None:
        """The blocks the finder says may hold `text` (`word`: a Latin word or phrase that begins a word, found
        by its first Latin word); None when there is no finder, it cannot tell, or it names blocks this index
        does not have (a damaged finder)."""
        if self.finder is None or "\n" in text:
            return None
        if not word:
            blocks = self.finder.holding(text, limit)
        else:
            first = re.match(LATIN_WORD, text)
            blocks = self.finder.starting_word(first.group(), limit) if first else None
        return blocks if blocks is None or self._within(blocks) else None

    def _within(self, blocks: Sequence[int]) -> bool:
        """Whether these block numbers, in order, are all blocks of this index."""
        return not blocks or (blocks[0] >= 0 and blocks[-1] < self.first_blocks[-1])

    def candidates(self, text: str, word: bool = False, limit: int | None = None) -> Sequence[tuple[int, str]] | None:
        """The blocks that may hold `text`, from the finder, with their text (flat number, text); None when the
        finder cannot tell (_finder_blocks): then the corpus is read."""
        blocks = self._finder_blocks(text, word, limit)
        return None if blocks is None else list(zip(blocks, self.texts(blocks), strict=True))

    def pair_counts(self, pair: str) -> Counts | None:
        """The blocks holding `pair` (two different characters beyond ASCII) and how many times, counted by
        the finder without reading any text; None when there is none or it cannot tell."""
        return self._checked_counts(None if self.finder is None else self.finder.pair_counts(pair))

    def word_counts(self, words: Sequence[str]) -> Counts | None:
        """The blocks holding any of these Latin words as a whole word and how many times, counted by the
        finder without reading any text; None when there is none or it cannot tell."""
        return self._checked_counts(None if self.finder is None else self.finder.word_counts(words))

    def kept_counts(self, text: str) -> Counts | None:
        """The blocks holding `text` and how many times, as counted from their text before (note_counts) and
        kept by the finder; None when it has not been, or there is no finder."""
        return self._checked_counts(None if self.finder is None else self.finder.kept_counts(text))

    def note_counts(self, text: str, counts: Counts) -> None:
        """Give the finder what was counted of `text` in the blocks the finder named, to keep."""
        if self.finder is not None:
            self.finder.note_counts(text, counts)

    def keep(self) -> None:
        """Keep what the finder counted for the next process (a large file's store): after an answer is out."""
        if self.finder is not None:
            self.finder.keep()

    def _checked_counts(self, counted: Counts | None) -> Counts | None:
        if counted is None:
            return None
        blocks, counts = counted
        if len(blocks) != len(counts) or (blocks and not (self._within([blocks[0], blocks[-1]]) and min(counts) > 0)):
            return None  # not the blocks of this index: a damaged finder, so the text is read
        return counted

    def block_numbers(self, text: str) -> frozenset[int] | None:
        """The blocks that may hold `text`, by the finder, without their text; None when it cannot tell."""
        blocks = self._finder_blocks(text)
        return None if blocks is None else frozenset(blocks)

    def cut(self, blocks: Iterable[int]) -> Iterator[str]:
        """The text of these blocks, cut from the corpus one by one."""
        corpus, offsets = self.corpus, self.block_offsets
        return (corpus[offsets[b] : offsets[b + 1] - 1] for b in blocks)

    def texts(self, blocks: Sequence[int]) -> list[str]:
        """The text of these blocks. A large file's blocks are read from its finder one by one while few
        have been asked for, then from the corpus, read whole once (FETCH_SHARE)."""
        enough = self.first_blocks[-1] // FETCH_SHARE
        if self._corpus is None and self.finder is not None and self._fetched + len(blocks) <= enough:
            fetched = self.finder.texts(blocks)
            if fetched is not None:
                self._fetched += len(blocks)
                return fetched
        return list(self.cut(blocks))

    def holds(self, text: str) -> bool:
        """Whether the corpus holds `text`."""
        # A word the text holds is nearly always in the first blocks found: the rest are read only if not.
        blocks = self.candidates(text, limit=FIRST_LOOK)
        if blocks is None:
            return text in self.corpus
        if any(text in block for _, block in blocks):
            return True
        if len(blocks) == FIRST_LOOK:
            return any(text in block for _, block in self.candidates(text) or ())
        return False

    def count(self, text: str) -> int:
        """How many times the corpus holds `text`, not overlapping."""
        blocks = self.candidates(text)
        if blocks is None:
            return self.corpus.count(text)
        return sum(block.count(text) for _, block in blocks)

    def holds_english(self, key: str) -> bool:
        """Whether the corpus holds an English key as words (forms.english_pattern)."""
        pattern = re.compile(english_pattern(key))
        blocks = self.candidates(key, word=True)
        texts = [self.corpus] if blocks is None else [block for _, block in blocks]
        return any(starts_word(text, m.start()) for text in texts for m in pattern.finditer(text))

    def may_begin_word(self, word: str) -> bool:
        """False only when no Latin word of the corpus begins with `word`; True may be wrong (a cheap look
        before a pattern is compiled). The finder is asked by the first Latin word (r&d: r)."""
        blocks = self._finder_blocks(word, word=True, limit=1)
        return word in self.corpus if blocks is None else bool(blocks)

    def blocks(self) -> Iterator[tuple[int, str]]:
        """(flat number, text) of every block, in order."""
        every = range(self.first_blocks[-1])
        return zip(every, self.cut(every), strict=True)

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
                counts[word] = self.count(word)
        return sorted(set(found), key=lambda word: (-counts[word], word))[:limit]

    def offsets_of(self, case_number: int, block_number: int) -> list[int] | None:
        return self.offsets.get(f"{case_number}:{block_number}")


def build_index(dataset: Dataset) -> SearchIndex:
    """Fold every block and read the pinyin of every character (imports pypinyin)."""
    blocks, fields, offsets = [], [], {}
    for n, case in enumerate(dataset.cases):
        folded_blocks = []
        fields.append("".join(FIELD_CODES[block.field] for block in case.blocks()))
        for b, block in enumerate(case.blocks()):
            folded, offset_map = fold_text(block.text)
            folded_blocks.append(folded)
            if offset_map is not None:
                offsets[f"{n}:{b}"] = offset_map
        blocks.append(folded_blocks)
    corpus = "\n".join(chain.from_iterable(blocks))
    block_lengths = tuple(tuple(map(len, case_blocks)) for case_blocks in blocks)
    del blocks  # the corpus holds the text now: pypinyin's tables, loaded next, take the room it had
    return SearchIndex(
        cases_sha256=file_sha256(dataset.path) if dataset.path else "",
        case_ids=dataset.ids,
        fields=tuple(fields),
        lengths=tuple(map(sum, block_lengths)),
        corpus=corpus,
        block_lengths=block_lengths,
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
