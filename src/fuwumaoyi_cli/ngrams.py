"""N-grams that cases share: runs of characters weighed by how rare they are in the whole dataset.

Chinese has no spaces, so an n-gram here is a run of 2–8 Chinese characters. One is worth naming
when all the cases in question use it and few other cases do (知识产权 for cases 3 and 15, not 企业,
which every case uses), or, to set one case apart, when it uses it often and the others not at all.
Pieces of longer n-grams (识产 inside 知识产权), runs across two words (险补 of 保险补贴) and the words
any case could say (data/boilerplate.txt: 目前, 确保, 进一步) are dropped.

For the bundled cases, what those tests find of each case's n-grams is prepared ahead by
scripts/build_index.py into data/compare-terms.json (`build_terms`; tests/test_compare.py fails while it is
stale): counting and testing every n-gram of the cases compared was most of `compare`'s time.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from fuwumaoyi_cli.cases.loader import bundled_path
from fuwumaoyi_cli.cases.model import Case, Dataset
from fuwumaoyi_cli.text import CJK_CLASS, is_cjk_char

if TYPE_CHECKING:
    from fuwumaoyi_cli.cases.store import PhraseIndex

SHORTEST, LONGEST = 2, 8
# Function words: an n-gram neither starts nor ends with one (的服务, 和融资).
EDGE_CHARACTERS = frozenset("的了和与及等在为是对将由于并从把被向让使也都就又而或其各这该即可")
# A piece whose longer form carries this share of its uses in each case is only a piece of that form.
PIECE_SHARE = 0.8
# A word most cases use (企业, 模式) plus one character is a seam between two words (发企业, 新模式).
COMMON_SHARE = 0.75
LEAST_OVERLAP = 3  # n-grams shown together may share 2 characters (知识产权, 产权交易) but not more
BOILERPLATE_FILE = "boilerplate.txt"
# An n-gram that begins or ends inside a word of the lexicon at this share of its places is a run across
# two words (险补 in 保险补贴, 展中 in 参展中心), not a term.
SEAM_SHARE = 0.5
TERMS_FILE = "compare-terms.json"
TERMS_FORMAT = 1
COUNT, DF, PIECE, CUT = range(4)  # the facts of an n-gram in data/compare-terms.json, in this order


@cache
def boilerplate() -> frozenset[str]:
    """The words of data/boilerplate.txt (none when the file is missing)."""
    try:
        text = bundled_path().with_name(BOILERPLATE_FILE).read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _cut_places(gram: str, text: str) -> tuple[int, int]:
    """The places of `gram` in `text`, and at how many of them it starts or ends inside a word of the general
    lexicon; (0, 0) for a word of the lexicon, which cuts none."""
    from fuwumaoyi_cli.search.lexicon import general_lexicon

    lexicon = general_lexicon()
    if gram in lexicon:
        return 0, 0
    places = cut = 0
    at = text.find(gram)
    while at >= 0:
        places += 1
        before = text[at - 1 : at + 1] if at else ""
        after = text[at + len(gram) - 1 : at + len(gram) + 1]
        cut += (len(before) == 2 and before in lexicon) or (len(after) == 2 and after in lexicon)
        at = text.find(gram, at + 1)
    return places, cut


def _cuts(places: int, cut: int) -> bool:
    """Whether an n-gram with `cut` of its `places` inside a word is a run across two words, not a term."""
    return places > 0 and cut >= SEAM_SHARE * places


def _cuts_a_word(gram: str, texts: Sequence[str]) -> bool:
    """Whether `gram`, not itself a word of the general lexicon, mostly starts or ends inside one."""
    found = [_cut_places(gram, text) for text in texts]
    return _cuts(sum(p for p, _ in found), sum(c for _, c in found))


@cache
def _ideograph_run() -> re.Pattern[str]:
    # Compiled on first use: a class of every ideograph is slow to compile, and most commands need none.
    return re.compile(f"[{CJK_CLASS}]+")


def _ideograph_runs(text: str) -> list[str]:
    """The runs of ideographs in `text` (text.is_cjk_char), in order."""
    return _ideograph_run().findall(text)


def prose(case: Case) -> str:
    """What a case says: title, intro, leads, body and figure captions (headings are the same everywhere)."""
    parts = [case.title, case.intro]
    parts.extend(b.text for b in case.blocks() if b.field in ("lead", "body", "caption"))
    return "\n".join(parts)


def ngrams(text: str, longest: int = LONGEST) -> Counter[str]:
    # Comprehensions and Counter's C loop: faster than counting gram by gram.
    grams: list[str] = []
    for run in _ideograph_runs(text):
        for n in range(SHORTEST, min(longest, len(run)) + 1):
            grams += [
                run[i : i + n]
                for i in range(len(run) - n + 1)
                if run[i] not in EDGE_CHARACTERS and run[i + n - 1] not in EDGE_CHARACTERS
            ]
    return Counter(grams)


def shared_gram_counts(texts: Sequence[str], longest: int = LONGEST) -> list[Counter[str]]:
    """For each text, the counts of the n-grams (as `ngrams` makes them) that every one of `texts` holds.

    Built length by length: a string all the texts hold begins with a shorter one they all hold, so
    each length only extends the places where the last length found a shared string, instead of
    counting every 2–8-gram of every text (several times the work).
    """
    places = [[(run, i) for run in _ideograph_runs(text) for i in range(len(run) - 1)] for text in texts]
    counts: list[Counter[str]] = [Counter() for _ in texts]
    for n in range(SHORTEST, longest + 1):
        grams = [[run[i : i + n] for run, i in found] for found in places]
        held_by_all = set.intersection(*map(set, grams))
        for count, found_grams in zip(counts, grams, strict=True):
            count.update(
                g
                for g in found_grams
                if g in held_by_all and g[0] not in EDGE_CHARACTERS and g[-1] not in EDGE_CHARACTERS
            )
        places = [
            [(run, i) for (run, i), g in zip(found, found_grams, strict=True) if g in held_by_all and i + n < len(run)]
            for found, found_grams in zip(places, grams, strict=True)
        ]
    return counts


def _widest_extensions(text: str, pieces: set[str]) -> dict[str, int]:
    """For each of `pieces` (n-grams), the count in `text` of its most frequent one-character-longer n-gram.

    Those n-grams stand where the piece does: only the pieces' places are looked at, not every n-gram.
    """
    widest: dict[str, int] = {}
    for piece in pieces:
        if len(piece) >= LONGEST:
            continue  # a longer form would be no n-gram
        # A form's far end is the piece's: a piece that ends in a function word cannot grow at its start.
        grows_before, grows_after = piece[-1] not in EDGE_CHARACTERS, piece[0] not in EDGE_CHARACTERS
        size, at = len(piece), text.find(piece)
        forms: Counter[str] = Counter()
        while at >= 0:
            if grows_before and at and _extends(text[at - 1]):
                forms["<" + text[at - 1]] += 1
            if grows_after and at + size < len(text) and _extends(text[at + size]):
                forms[">" + text[at + size]] += 1
            at = text.find(piece, at + 1)
        if forms:
            widest[piece] = max(forms.values())
    return widest


def _extends(char: str) -> bool:
    """Whether an n-gram may grow by this character: an ideograph (within a run), not a function word."""
    # The main block first, without a call: this runs for every place a shared n-gram stands.
    return ("\u4e00" <= char <= "\u9fff" or is_cjk_char(char)) and char not in EDGE_CHARACTERS


def _is_piece(widest: int, count: int) -> bool:
    """Whether an n-gram said `count` times, `widest` of them in its most frequent longer form, is a piece."""
    return widest >= PIECE_SHARE * count


def _best(scored: list[tuple[float, str]], cuts_a_word: Callable[[str], bool], limit: int) -> tuple[str, ...]:
    """The heaviest n-grams that are terms (no run across two words), none overlapping another."""
    chosen: list[str] = []
    for _, gram in sorted(scored, key=lambda s: (-s[0], -len(s[1]), s[1])):
        if not any(_overlap(gram, other) for other in chosen) and not cuts_a_word(gram):
            chosen.append(gram)
            if len(chosen) == limit:
                break
    return tuple(chosen)


class NgramIndex:
    """The texts of the cases of a dataset, and in how many cases an n-gram occurs.

    Frequencies are worked out on demand: a comparison needs the n-grams its 2–4 cases share
    and the frequency of those few hundred, not all 2–8-grams of every case (much slower).
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.n_cases = len(dataset.cases)
        self._texts: dict[int, str] = {}
        self._frequency: dict[str, int] = {}
        self._phrases: PhraseIndex | None = None
        # A large file's store keeps the texts indexed (cases/store.py): a frequency is then one lookup, and
        # only the cases compared are read. It is built on the first comparison of that file version.
        phrase_index = getattr(dataset.cases, "phrase_index", None)
        if phrase_index is not None:
            self._phrases = phrase_index("prose", lambda: ((n, prose(c)) for n, c in enumerate(dataset.cases)))

    def text(self, case_id: int) -> str:
        if case_id not in self._texts:
            case = self.dataset.get(case_id)
            if case is None:
                raise KeyError(case_id)
            self._texts[case_id] = prose(case)
        return self._texts[case_id]

    @property
    def texts(self) -> dict[int, str]:
        """The text of every case, by id."""
        if len(self._texts) < self.n_cases:
            self._texts = {case.id: self._texts.get(case.id) or prose(case) for case in self.dataset.cases}
        return self._texts

    def document_frequency(self, gram: str) -> int:
        # A gram is all Chinese characters, so finding it in a text is finding it inside one run.
        if gram not in self._frequency:
            counted = self._phrases.count(gram) if self._phrases is not None else None
            if counted is None:  # no index, or one that cannot answer: the texts themselves
                self._phrases = None
                counted = len([text for text in self.texts.values() if gram in text])
            self._frequency[gram] = counted
        return self._frequency[gram]

    def idf(self, gram: str) -> float:
        return math.log(self.n_cases / self.document_frequency(gram))

    def _is_seam(self, gram: str) -> bool:
        """A common word and one character (发企业), or two common words (企业提供): no term of its own."""
        common = COMMON_SHARE * self.n_cases
        df = self.document_frequency
        if len(gram) == 3 and (df(gram[:2]) >= common or df(gram[1:]) >= common):
            return True
        return any(df(gram[:k]) >= common and df(gram[k:]) >= common for k in range(2, len(gram) - 1))

    def shared_ngrams(self, case_ids: Sequence[int], limit: int = 10) -> tuple[str, ...]:
        """Terms all the given cases use and at most half of the dataset does, most telling first."""
        if not case_ids:
            return ()
        most_cases = max(len(case_ids), self.n_cases // 2)
        texts = [self.text(i) for i in case_ids]
        counts = shared_gram_counts(texts)
        common = set(counts[0])
        widest = [_widest_extensions(text, common) for text in texts]
        scored = []
        for gram in common:
            # A piece: in each case, a longer form carries most of its uses. Checked first, as it
            # needs no look at the other cases.
            if all(_is_piece(w.get(gram, 0), c[gram]) for c, w in zip(counts, widest, strict=True)):
                continue
            df = self.document_frequency(gram)
            if df >= self.n_cases or df > most_cases or self._is_seam(gram) or gram in boilerplate():
                continue
            weight = self.idf(gram) * sum(math.log1p(c[gram]) for c in counts)
            scored.append((weight, gram))
        self._keep_counts()
        return _best(scored, partial(_cuts_a_word, texts=texts), limit)

    def _keep_counts(self) -> None:
        if self._phrases is not None:
            self._phrases.keep()

    def distinctive_ngrams(self, case_ids: Sequence[int], limit: int = 8) -> tuple[tuple[str, ...], ...]:
        """For each case, the terms it uses most that none of the other cases does, rare in the dataset
        too (what sets it apart when they are set side by side)."""
        most_cases = self.n_cases // 2
        out = []
        for case_id in case_ids:
            text = self.text(case_id)
            others = [self.text(i) for i in case_ids if i != case_id]
            # Said twice or more, by none of the others, and no boilerplate: the cheap tests first, so that the
            # places of only these few are looked at for longer forms.
            candidates = {
                gram: count
                for gram, count in ngrams(text).items()
                if count >= 2 and gram not in boilerplate() and not any(gram in other for other in others)
            }
            widest = _widest_extensions(text, set(candidates))
            scored = []
            for gram, count in candidates.items():
                if _is_piece(widest.get(gram, 0), count):
                    continue  # a piece of a longer n-gram
                df = self.document_frequency(gram)
                if df > most_cases or self._is_seam(gram):
                    continue
                scored.append((self.idf(gram) * math.log1p(count), gram))
            out.append(_best(scored, partial(_cuts_a_word, texts=[text]), limit))
        self._keep_counts()
        return tuple(out)


def _overlap(a: str, b: str) -> bool:
    """One holds the other, or they run into each other by LEAST_OVERLAP characters or more."""
    if a in b or b in a:
        return True
    for n in range(LEAST_OVERLAP, min(len(a), len(b))):
        if a.endswith(b[:n]) or b.endswith(a[:n]):
            return True
    return False


class PreparedNgramIndex(NgramIndex):
    """The index of the bundled cases, which reads what shared_ngrams and distinctive_ngrams ask of each
    case's n-grams from data/compare-terms.json (`build_terms`) instead of working it out.

    A case's terms: the n-grams either could name (rare enough, no seam, no boilerplate, and said twice or
    by two cases), each with its COUNT in the case, DF, whether it is a PIECE there and at how many of its
    places it CUTs a word. The rules applied to them are NgramIndex's, to the same floating-point sums.
    """

    def __init__(self, dataset: Dataset, lines: dict[str, str], texts: dict[int, str]):
        super().__init__(dataset)
        self._lines = lines  # the JSON of each case's terms, by id, decoded when the case is compared
        self._decoded: dict[int, dict[str, list[int]]] = {}
        self._texts = texts

    def _terms(self, case_id: int) -> dict[str, list[int]]:
        if case_id not in self._decoded:
            import json

            self._decoded[case_id] = json.loads(self._lines[str(case_id)])
        return self._decoded[case_id]

    def shared_ngrams(self, case_ids: Sequence[int], limit: int = 10) -> tuple[str, ...]:
        if not 2 <= len(case_ids) <= self.n_cases // 2:  # a rarer question, whose n-grams the file need not hold
            return super().shared_ngrams(case_ids, limit)
        rows = [self._terms(i) for i in case_ids]
        scored = []
        for gram in rows[0]:
            facts = [row[gram] for row in rows if gram in row]
            if len(facts) < len(rows) or all(f[PIECE] for f in facts):
                continue
            weight = math.log(self.n_cases / facts[0][DF]) * sum(math.log1p(f[COUNT]) for f in facts)
            scored.append((weight, gram))
        return _best(scored, partial(_cuts_in, rows=rows), limit)

    def distinctive_ngrams(self, case_ids: Sequence[int], limit: int = 8) -> tuple[tuple[str, ...], ...]:
        out = []
        for case_id in case_ids:
            row = self._terms(case_id)
            others = [self.text(i) for i in case_ids if i != case_id]
            scored = [
                (math.log(self.n_cases / f[DF]) * math.log1p(f[COUNT]), gram)
                for gram, f in row.items()
                if f[COUNT] >= 2 and not f[PIECE] and not any(gram in other for other in others)
            ]
            out.append(_best(scored, partial(_cuts_in, rows=[row]), limit))
        return tuple(out)


def _cuts_in(gram: str, rows: Sequence[dict[str, list[int]]]) -> bool:
    """_cuts_a_word, of the terms of the cases (`rows`) that hold `gram`: its COUNTs are its places."""
    return _cuts(sum(row[gram][COUNT] for row in rows), sum(row[gram][CUT] for row in rows))


def _fingerprint(texts: dict[int, str]) -> int:
    """A checksum of the cases' texts, by id: what data/compare-terms.json was made of."""
    return zlib.crc32("\0".join(f"{case_id}\t{text}" for case_id, text in texts.items()).encode("utf-8"))


def terms_path() -> Path:
    return bundled_path().with_name(TERMS_FILE)


def build_terms(dataset: Dataset) -> str:
    """What data/compare-terms.json holds for `dataset` (see PreparedNgramIndex): a line of JSON with its
    format and the fingerprint of the texts, then a line per case, its id, a tab and its terms as JSON (a
    comparison decodes the lines of only the cases it compares: all of them took 7 ms)."""
    import json

    index = NgramIndex(dataset)
    texts = index.texts
    counts = {case_id: ngrams(text) for case_id, text in texts.items()}
    held_by = Counter(gram for of_case in counts.values() for gram in of_case)  # a gram's document frequency
    lines = [json.dumps({"format": TERMS_FORMAT, "fingerprint": _fingerprint(texts)})]
    for case_id, of_case in counts.items():
        named = {
            g
            for g, count in of_case.items()
            # Said once, by no other case (most of a case's n-grams): neither shared nor distinctive.
            if (count >= 2 or held_by[g] >= 2)
            and index.document_frequency(g) <= index.n_cases // 2
            and g not in boilerplate()
            and not index._is_seam(g)
        }
        widest = _widest_extensions(texts[case_id], named)
        terms = {
            g: [
                of_case[g],
                index.document_frequency(g),
                int(_is_piece(widest.get(g, 0), of_case[g])),
                _cut_places(g, texts[case_id])[1],
            ]
            for g in sorted(named)
        }
        lines.append(f"{case_id}\t{json.dumps(terms, ensure_ascii=False, separators=(',', ':'))}")
    return "\n".join(lines) + "\n"


_indexes: list[tuple[Dataset, NgramIndex]] = []  # the last few, by the very dataset they were made for


def ngram_index(dataset: Dataset) -> NgramIndex:
    """One per dataset, so that what it has worked out is kept for the next question; the bundled file's
    reads data/compare-terms.json when that was made of the very texts it holds.

    Kept by identity, not in an lru_cache: datasets compare by their content, not their file, and hashing one
    would read every case."""
    for known, index in _indexes:
        if known is dataset:
            return index
    index = _made_index(dataset)
    _indexes[:] = [(dataset, index), *_indexes[:3]]
    return index


def _made_index(dataset: Dataset) -> NgramIndex:
    # A user's file is not checked against it: that would read the text of every case, for no use.
    if not dataset.path or Path(dataset.path).resolve() != bundled_path().resolve():
        return NgramIndex(dataset)
    import json

    texts = {case.id: prose(case) for case in dataset.cases}
    try:
        header, *rows = terms_path().read_text(encoding="utf-8").splitlines()
        prepared = json.loads(header)
        if prepared["format"] == TERMS_FORMAT and prepared["fingerprint"] == _fingerprint(texts):
            lines = dict(row.partition("\t")[::2] for row in rows)
            return PreparedNgramIndex(dataset, lines, texts)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing or damaged: worked out as for any file
    return NgramIndex(dataset)


def shared_ngrams(dataset: Dataset, case_ids: Sequence[int], limit: int = 10) -> tuple[str, ...]:
    return ngram_index(dataset).shared_ngrams(case_ids, limit)


def distinctive_ngrams(dataset: Dataset, case_ids: Sequence[int], limit: int = 8) -> tuple[tuple[str, ...], ...]:
    return ngram_index(dataset).distinctive_ngrams(case_ids, limit)
