"""The prepared store of a large cases file: one SQLite database per file version, read a row at a time.

The JSON cache (cases/cache.py) is one document: every command decodes all of it, which for a file of
thousands of cases costs more than the command's own work. From loader.STORE_FROM_BYTES (about 800 cases
of the bundled kind; the bundled 98 KB loads from JSON faster than sqlite3 imports) a cases file is
prepared into a store instead, where each case is a row (its model as codec.py encodes it, and the id and
title that completion offers), every case's metadata alone (for `list` and `stats`) one entry, and each
prepared entry (the search index) a row of its own, so `show 14` decodes one case and nothing else, and no
command but `search` reads the index. A long text (the search index's corpus) is kept as it is, in parts,
in a table of texts; the indexes that commands build on first use (FTS5 and fts5vocab tables: the search
index's blocks for `search`, the cases' text for `compare`, vectors for `similar`) are tables of their own.
Every entry and text carries its CRC-32, and every write is one transaction (_writing).

The same trust rules as the cache: the database is the user's own and writable by no one else, it names
the file version it was made from (cache.identity, with the CRC-32 of the bytes while the file's times are
racy), and a store that is damaged, stale or of another shape is ignored and rebuilt, never fatal. SQLite
only stores data here: no statement a store holds (a view, a trigger) is run — fwmy reads its tables
with `trusted_schema` off.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, overload

from fuwumaoyi_cli.cases import cache, codec
from fuwumaoyi_cli.cases.model import Case, Dataset, places_of
from fuwumaoyi_cli.i18n import _
from fuwumaoyi_cli.text import LATIN_WORD

STORE_FORMAT = 11  # 2: phrase indexes count the texts holding each pair; 3: the heads in one entry; 4: places;
# 5: the search index's text apart, a token index of its blocks, the ids in one entry; 6: longer runs' counts
# kept; 7: long texts kept as they are; 8: every entry, text and block text with its CRC-32; 9: each case's
# summary as JSON, in a table of its own (read past the models, each row would reach into their pages); 10: a
# summary's CRC-32 binds it to its case; 11: the ids and titles in an index of their own, which TAB reads
# without reaching into the models' pages (11 -> 5 ms at 10,000 cases)
HEADS = "heads"  # the entry of every case's metadata, one list: one read and one JSON decode for them all
TEXT_PART = 1 << 20  # characters of a long text to a row
PLACES = "places"  # the entry of Dataset.places(), which a search reads without the heads

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE cases (position INTEGER PRIMARY KEY, id INTEGER NOT NULL UNIQUE, title TEXT NOT NULL,
                    model TEXT NOT NULL);
CREATE INDEX titles ON cases (position, id, title);
CREATE TABLE summaries (position INTEGER PRIMARY KEY, summary TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE TABLE texts (key TEXT NOT NULL, part INTEGER NOT NULL, value TEXT NOT NULL, crc INTEGER NOT NULL,
                    PRIMARY KEY (key, part));
"""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# Every entry and text carries the CRC-32 of its UTF-8, as the JSON cache does: a value damaged on disk is
# made again, not read as another one.
def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _summary_crc(case_id: int, summary: str) -> int:
    """A summary's CRC-32 binds it to its case: the summary of another case in its row is damage too."""
    return _crc(f"{case_id}\n{summary}")


def _entry(connection: sqlite3.Connection, key: str) -> Any:
    """The JSON entry `key`; KeyError when there is none, ValueError when it is damaged."""
    row = connection.execute("SELECT value, crc FROM entries WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise KeyError(key)
    value, crc = row
    if not isinstance(value, str) or _crc(value) != crc:
        raise ValueError(f"entry {key!r} is damaged")
    return json.loads(value)


def _entry_row(key: str, value: Any) -> tuple[str, str, int]:
    dumped = _dumps(value)
    return key, dumped, _crc(dumped)


def store_path(file: Path) -> Path | None:
    folder = cache.cache_dir()
    return None if folder is None else cache.entry_file(folder, file).with_suffix(".sqlite")


def _connect(path: Path, *, writable: bool, wait: float = 5.0) -> sqlite3.Connection:
    mode = "rw" if writable else "ro"
    connection = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True, check_same_thread=False, timeout=wait)
    connection.execute("PRAGMA trusted_schema = OFF")
    return connection


# How long a write that only saves work for the next run waits for another fwmy writing the same store.
KEEP_WAIT = 0.1


@contextmanager
def _writing(path: Path, identity: Any, wait: float = 5.0) -> Iterator[sqlite3.Connection]:
    """A connection to the store that writes in one transaction, the tables it creates included. sqlite3 by
    itself begins one only at the first INSERT: an index whose building was cut short (Ctrl-C, a full disk)
    would be left there empty, and read as an index.

    Only into the store of the version of the file read (`identity`, the store's own): what was made from
    an older store must not go into the one another fwmy has put in its place since (sqlite3.Error)."""
    connection = _connect(path, writable=True, wait=wait)
    connection.isolation_level = None  # transactions as begun here, not as sqlite3 guesses them
    try:
        connection.execute("BEGIN IMMEDIATE")
        row = connection.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()
        if row is None or json.loads(row[0]) != identity:
            raise sqlite3.OperationalError("the store is of another version of the file now")
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()


class StoredCases(Sequence[Case]):
    """The cases of a store, in file order, each decoded when it is first asked for."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        identity: Any,
        ids: tuple[int, ...],
        reread: Callable[[], Dataset],
    ):
        self._connection = connection
        self._path = path
        self._identity = identity  # of the file version the store was read for: what writes to it must match
        self._reread = reread  # the file's own cases, for when a row turns out not to be a stored case
        self._from_file: Sequence[Case] | None = None
        self.ids = ids
        self._position = {case_id: n for n, case_id in enumerate(ids)}
        self._decoded: dict[int, Case] = {}
        self._heads: list[Case] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, n: int) -> Case: ...
    @overload
    def __getitem__(self, n: slice) -> Sequence[Case]: ...
    def __getitem__(self, n: int | slice) -> Case | Sequence[Case]:
        if isinstance(n, slice):
            return tuple(self[i] for i in range(*n.indices(len(self))))
        n = range(len(self))[n]  # IndexError, and negative positions, as a tuple has them
        if self._from_file is not None:
            return self._from_file[n]
        if n not in self._decoded:
            try:
                row = self._connection.execute("SELECT model FROM cases WHERE position = ?", (n,)).fetchone()
                self._decoded[n] = self._checked(n, codec.decode_case(json.loads(row[0])))
            except (sqlite3.Error, TypeError, ValueError, KeyError):
                return self._fall_back()[n]
        return self._decoded[n]

    def __iter__(self) -> Iterator[Case]:
        # One pass over the table, not a query per case; the cases are not kept, so that a walk through all
        # of them (similar's first call, a full export) holds one at a time.
        done = 0
        if self._from_file is None:
            try:
                for n, model in self._connection.execute("SELECT position, model FROM cases ORDER BY position"):
                    case = self._decoded.get(n) or self._checked(n, codec.decode_case(json.loads(model)))
                    yield case
                    done += 1
                return
            except (sqlite3.Error, TypeError, ValueError, KeyError):
                self._fall_back()
        yield from self._from_file[done:] if self._from_file is not None else ()

    def _checked(self, n: int, case: Case) -> Case:
        if case.id != self.ids[n]:  # a row that is not the case the store's ids name: a damaged store
            raise ValueError(f"row {n} holds case {case.id}, not {self.ids[n]}")
        return case

    def _fall_back(self) -> Sequence[Case]:
        """The file's own cases, read once, for when the store turns out damaged."""
        if self._from_file is not None:
            return self._from_file
        cases = self._reread().cases
        if tuple(c.id for c in cases) != self.ids:  # cannot be: the store named this very version of the file
            raise ValueError("the cases file does not hold the cases of its store")
        self._from_file = cases
        return cases

    def by_id(self, case_id: int) -> Case | None:
        n = self._position.get(case_id)
        return None if n is None else self[n]

    def heads(self) -> list[Case]:
        """Every case with only its metadata (codec.head_of), decoding none of the texts."""
        if self._from_file is not None:
            return list(self._from_file)
        if self._heads is None:
            try:
                self._heads = [codec.decode_case(head) for head in _entry(self._connection, HEADS)]
                if len(self._heads) != len(self):
                    raise ValueError("not the heads of these cases")
            except (sqlite3.Error, TypeError, ValueError, KeyError):
                self._heads = None
                return list(self._fall_back())
        return self._heads

    def summaries_json(self, ids: Sequence[int] | None) -> list[str]:
        """Case.summary_json() of the cases with these ids (file order), or of every case."""
        if self._from_file is None:
            try:
                if ids is None:
                    positions = list(range(len(self)))
                    rows = self._connection.execute("SELECT position, summary, crc FROM summaries ORDER BY position")
                else:
                    positions = [self._position[case_id] for case_id in ids]
                    rows = self._connection.execute(
                        "SELECT position, summary, crc FROM summaries"
                        " WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position",
                        (json.dumps(positions),),
                    )
                found = [
                    (n, summary)
                    for n, summary, crc in rows
                    if type(summary) is str and _summary_crc(self.ids[n], summary) == crc
                ]
                if [n for n, _summary in found] == positions:
                    return [summary for _n, summary in found]
            except (sqlite3.Error, KeyError, IndexError, TypeError):
                pass
        wanted = None if ids is None else set(ids)
        return [c.summary_json() for c in self._fall_back() if wanted is None or c.id in wanted]

    def places(self) -> list[str]:
        if self._from_file is None:
            try:
                places = _entry(self._connection, PLACES)
                if isinstance(places, list) and all(isinstance(p, str) for p in places):
                    return places
            except (sqlite3.Error, TypeError, ValueError, KeyError):
                pass
        return places_of(self.heads())

    def phrase_index(self, name: str, texts: Callable[[], Iterable[tuple[int, str]]]) -> PhraseIndex | None:
        """An index of one text per case that tells in how many of them a run of ideographs occurs (the
        document frequencies `compare` weighs terms by), built into the store from `texts()` the first time
        it is asked for; None where it cannot be (the store not writable, or SQLite without FTS5)."""
        # All read before the store is written to: a read still open on this connection would hold the lock
        # the writing connection waits for.
        table = self._index(
            f"phrases_{name}", lambda table: _build_phrase_index(self._path, self._identity, table, list(texts()))
        )
        return None if table is None else PhraseIndex(self._connection, self._path, self._identity, table)

    def block_finder(self, name: str, blocks: Callable[[], Iterable[tuple[int, str]]]) -> BlockTokens | None:
        """A token index of texts (the search index's blocks, by flat number) that tells which may hold a
        string, built from `blocks()` the first time it is asked for; None where it cannot be."""
        table = self._index(
            f"{BLOCKS}{name}", lambda table: _build_block_tokens(self._path, self._identity, table, blocks)
        )
        return None if table is None else BlockTokens(self._connection, self._path, self._identity, table)

    def vector_index(
        self, name: str, vectors: Callable[[], Iterable[tuple[int, dict[str, float]]]], top: int
    ) -> VectorIndex | None:
        """Sparse vectors, one per case (by position), with an index of each one's `top` heaviest features:
        what `similar` reads one vector and its candidates from. Built from `vectors()` the first time it
        is asked for, which must have read all it needs of the store before it yields (the store is being
        written then); None where it cannot be."""
        table = self._index(
            f"vectors_{name}", lambda table: _build_vector_index(self._path, self._identity, table, vectors(), top)
        )
        return None if table is None else VectorIndex(self._connection, table)

    def _index(self, table: str, build: Callable[[str], None]) -> str | None:
        """The table of an index, built first if the store has none; None when it cannot be built (another
        fwmy building it at the same moment, a read-only disk, a SQLite without FTS5)."""
        if not table.isidentifier():
            raise ValueError(f"not a name for an index: {table!r}")
        found = self._connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        if found is None:
            try:
                build(table)
            except sqlite3.Error:
                return None
        return table

    def titles(self) -> list[tuple[int, str]]:
        try:
            titles = list(self._connection.execute("SELECT id, title FROM cases ORDER BY position"))
        except sqlite3.Error:
            titles = []
        if len(titles) != len(self) or not all(isinstance(t, str) for _, t in titles):
            return [(c.id, c.title) for c in self._fall_back()]
        return titles


# A run of ideographs is indexed as the overlapping pairs of its characters, each a token of FTS5's own
# tokenizer (unicode61 keeps a run of ideographs whole, so the pairs are spaced); a phrase of the pairs of a
# term then matches exactly the texts that hold the term. Runs are kept apart by a token no pair can be.
_RUN_SEPARATOR = " x "


def _pairs(text: str, runs: re.Pattern[str]) -> list[list[str]]:
    return [[run[i : i + 2] for i in range(len(run) - 1)] for run in runs.findall(text) if len(run) > 1]


def _string_key(text: str) -> str:
    """The key a string's kept counts go under: apart from the tokens' keys, which are lists."""
    return json.dumps({"string": text}, ensure_ascii=False)


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _phrase(text: str) -> str:
    """The FTS5 phrase of a text's overlapping pairs of characters, which matches where the text stands."""
    return _quoted(" ".join(a + b for a, b in zip(text, text[1:], strict=False)))


def _build_phrase_index(path: Path, identity: Any, table: str, texts: Iterable[tuple[int, str]]) -> None:
    """The FTS5 table of the texts' pairs, and beside it the number of texts holding each pair: most terms
    asked about have two characters, and a B-tree lookup answers those ten times faster than a MATCH."""
    from fuwumaoyi_cli.text import CJK_CLASS

    runs = re.compile(f"[{CJK_CLASS}]+")
    held: Counter[str] = Counter()

    def rows() -> Iterator[tuple[int, str]]:
        for n, text in texts:
            pairs = _pairs(text, runs)
            held.update({pair for run in pairs for pair in run})
            yield n, _RUN_SEPARATOR.join(" ".join(run) for run in pairs)

    with _writing(path, identity) as connection:
        options = "detail=full, columnsize=0, tokenize='unicode61'"  # positions for phrases; no bm25, no sizes
        connection.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(pairs, {options})")
        connection.executemany(f"INSERT INTO {table} (rowid, pairs) VALUES (?, ?)", rows())
        connection.execute(f"CREATE TABLE {table}_pairs (pair TEXT PRIMARY KEY, texts INTEGER) WITHOUT ROWID")
        connection.executemany(f"INSERT INTO {table}_pairs VALUES (?, ?)", held.items())
        connection.execute(f"CREATE TABLE {table}_runs (run TEXT PRIMARY KEY, texts INTEGER) WITHOUT ROWID")


class PhraseIndex:
    """In how many of a store's texts a run of ideographs occurs, from its FTS5 table. A longer run's count,
    a phrase MATCH that reads the places of its pairs in every text holding them, is kept in the store once
    made (keep()): the next comparison of the same cases, or of others sharing the run, looks it up."""

    def __init__(self, connection: sqlite3.Connection, path: Path, identity: Any, table: str):
        self._connection = connection
        self._path = path
        self._identity = identity
        self._table = table
        self._made: dict[str, int] = {}  # counts made by MATCH, not kept yet

    def count(self, run: str) -> int | None:
        """The number of texts holding `run`, two or more ideographs; None when the index cannot tell (damaged)."""
        try:
            table = f"{self._table}_pairs" if len(run) == 2 else f"{self._table}_runs"
            key = "pair" if len(run) == 2 else "run"
            row = self._connection.execute(f"SELECT texts FROM {table} WHERE {key} = ?", (run,)).fetchone()
            if row is not None or len(run) == 2:
                return 0 if row is None else int(row[0])
            query = f"SELECT count(*) FROM {self._table} WHERE {self._table} MATCH ?"
            self._made[run] = int(self._connection.execute(query, (_phrase(run),)).fetchone()[0])
            return self._made[run]
        except (sqlite3.Error, TypeError, ValueError):
            return None

    def keep(self) -> None:
        """Store the counts made since the last keep(); quietly skipped when the store cannot be written."""
        if not self._made:
            return
        try:
            with _writing(self._path, self._identity, KEEP_WAIT) as connection:
                connection.executemany(f"INSERT OR IGNORE INTO {self._table}_runs VALUES (?, ?)", self._made.items())
        except sqlite3.Error:
            pass  # counted again next time
        self._made.clear()


# A block is indexed by each pair of characters in it that holds a character beyond ASCII (its last character
# alone too, so that every character of it begins a token), in order, and by its Latin words. FTS5's ascii
# tokenizer keeps every such character in a token and splits at ASCII spaces and marks, the same way on both
# sides: a text is in a block only if the pairs of the text are, and a string of ideographs is there exactly
# when the phrase of its pairs is. A pair of two different characters is counted by the index itself.
_LATIN_WORD = re.compile(LATIN_WORD)
BLOCKS = "blocks_"  # the prefix of the token indexes' tables


def _tokens(text: str) -> str:
    pairs = (text[i : i + 2] for i in range(len(text)))
    return " ".join([*(p for p in pairs if not p.isascii()), *_LATIN_WORD.findall(text)])


def _build_block_tokens(path: Path, identity: Any, table: str, blocks: Callable[[], Iterable[tuple[int, str]]]) -> None:
    with _writing(path, identity) as connection:
        # An index made for another format of the search index is of no more use (its shadow tables go with it).
        tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ? AND sql LIKE ?"
        for kind in ("CREATE VIRTUAL TABLE%", "%"):
            for (name,) in connection.execute(tables, (f"{BLOCKS}*", kind)).fetchall():
                connection.execute(f'DROP TABLE IF EXISTS "{name}"')
        # Positions, for phrases and counts; no sizes (no bm25); the text in a table of its own.
        options = "content='', detail=full, columnsize=0, tokenize='ascii'"
        connection.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(tokens, {options})")
        connection.execute(f"CREATE VIRTUAL TABLE {table}_instances USING fts5vocab({table}, 'instance')")
        connection.execute(f"CREATE TABLE {table}_texts (flat INTEGER PRIMARY KEY, text TEXT NOT NULL, crc INTEGER)")
        tokens = ((flat, _tokens(text)) for flat, text in blocks())
        connection.executemany(f"INSERT INTO {table} (rowid, tokens) VALUES (?, ?)", tokens)
        connection.executemany(f"INSERT INTO {table}_texts VALUES (?, ?, ?)", ((f, t, _crc(t)) for f, t in blocks()))


class BlockTokens:
    """Which blocks of a store's search index may hold a string, and their text (search.index.BlockFinder).

    The blocks and counts of a word it counts are kept in the store once made (keep()), as two arrays: fts5vocab
    reads every place of the word (28,000 blocks of 融资 at 10,000 cases, 24 ms), the kept arrays decode in 2.
    So are the counts of a longer string that search counted in the text of the blocks named (note_counts()):
    the blocks of 信用贷 at 50,000 cases, read and counted, take 60 ms.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, identity: Any, table: str):
        self._connection = connection
        self._path = path
        self._identity = identity
        self._table = table
        self._made: dict[str, tuple[array[int], array[int]]] = {}  # counts made since the last keep()

    def _match(self, query: str, limit: int | None) -> list[int] | None:
        try:
            rows = self._connection.execute(
                f"SELECT rowid FROM {self._table} WHERE {self._table} MATCH ? ORDER BY rowid LIMIT ?",
                (query, limit or -1),
            )
            return [flat for (flat,) in rows]
        except sqlite3.Error:
            return None  # a damaged table: the caller reads the text

    def holding(self, text: str, limit: int | None = None) -> list[int] | None:
        if all(not c.isascii() for c in text) and len(text) > 1:  # exactly the blocks that hold it
            return self._match(_phrase(text), limit)
        pairs = {pair for i in range(len(text) - 1) if not (pair := text[i : i + 2]).isascii()}
        if pairs:
            return self._match(" AND ".join(map(_quoted, sorted(pairs))), limit)
        if len(text) == 1 and not text.isascii():
            return self._match(_quoted(text) + "*", limit)  # a token that begins with it
        return None

    def starting_word(self, word: str, limit: int | None = None) -> list[int] | None:
        return self._match(_quoted(word) + "*", limit) if _LATIN_WORD.fullmatch(word) else None

    def pair_counts(self, pair: str) -> tuple[array[int], array[int]] | None:
        if len(pair) != 2 or pair[0] == pair[1] or any(c.isascii() for c in pair):
            return None  # only two different characters: their places cannot overlap
        return self._counts([pair])

    def word_counts(self, words: Sequence[str]) -> tuple[array[int], array[int]] | None:
        if not all(_LATIN_WORD.fullmatch(word) for word in words):
            return None
        return self._counts(words)

    def _counts(self, tokens: Sequence[str]) -> tuple[array[int], array[int]] | None:
        """The blocks holding any of these tokens, by block, and how many times they stand in each."""
        key = json.dumps(list(tokens), ensure_ascii=False)
        if (kept := self._made.get(key) or self._kept(key)) is not None:
            return kept
        try:
            query = (
                f"SELECT doc, count(*) FROM {self._table}_instances"
                " WHERE term IN (SELECT value FROM json_each(?)) GROUP BY doc ORDER BY doc"
            )
            rows = self._connection.execute(query, (key,)).fetchall()  # whole numbers: fts5vocab's
        except sqlite3.Error:
            return None
        self._made[key] = array("q", [block for block, _n in rows]), array("q", [n for _block, n in rows])
        return self._made[key]

    def kept_counts(self, text: str) -> tuple[array[int], array[int]] | None:
        key = _string_key(text)
        return self._made.get(key) or self._kept(key)

    def note_counts(self, text: str, counts: tuple[Sequence[int], Sequence[int]]) -> None:
        blocks, times = counts
        self._made[_string_key(text)] = array("q", blocks), array("q", times)

    def _kept(self, key: str) -> tuple[array[int], array[int]] | None:
        try:
            query = f"SELECT blocks, counts, crc FROM {self._table}_kept WHERE tokens = ?"
            row = self._connection.execute(query, (key,)).fetchone()
            if row is None:
                return None
            blocks, counts = array("q"), array("q")
            blocks.frombytes(row[0])
            counts.frombytes(row[1])
        except (sqlite3.Error, TypeError, ValueError):
            return None  # none kept yet (no table), or a damaged row: counted again
        if zlib.crc32(row[1], zlib.crc32(row[0])) != row[2] or len(blocks) != len(counts):
            return None
        return blocks, counts

    def keep(self) -> None:
        """Store the counts made since the last keep(); quietly skipped when the store cannot be written."""
        if not self._made:
            return
        rows = []
        for key, (blocks_made, counts_made) in self._made.items():
            blocks, times = blocks_made.tobytes(), counts_made.tobytes()
            rows.append((key, blocks, times, zlib.crc32(times, zlib.crc32(blocks))))
        try:
            with _writing(self._path, self._identity, KEEP_WAIT) as connection:
                connection.execute(
                    f"CREATE TABLE IF NOT EXISTS {self._table}_kept"
                    " (tokens TEXT PRIMARY KEY, blocks BLOB NOT NULL, counts BLOB NOT NULL, crc INTEGER NOT NULL)"
                )
                # REPLACE: a word counted again because its row was damaged mends it.
                connection.executemany(f"INSERT OR REPLACE INTO {self._table}_kept VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # counted again next time
        self._made.clear()

    def texts(self, blocks: Sequence[int]) -> list[str] | None:
        try:
            rows = self._connection.execute(
                f"SELECT flat, text, crc FROM {self._table}_texts WHERE flat IN (SELECT value FROM json_each(?))",
                (json.dumps(list(blocks)),),
            )
            found = {flat: (text, crc) for flat, text, crc in rows}
            texts = [found[b] for b in blocks]
        except (sqlite3.Error, KeyError, ValueError):
            return None
        if not all(type(text) is str and _crc(text) == crc for text, crc in texts):
            return None  # a damaged row: the corpus is read instead
        return [text for text, _crc_of_text in texts]


def _build_vector_index(
    path: Path, identity: Any, table: str, vectors: Iterable[tuple[int, dict[str, float]]], top: int
) -> None:
    with _writing(path, identity) as connection:
        connection.execute(f"CREATE TABLE {table} (position INTEGER PRIMARY KEY, vector TEXT NOT NULL)")
        connection.execute(f"CREATE TABLE {table}_top (feature TEXT NOT NULL, position INTEGER, weight REAL)")
        for position, vector in vectors:
            connection.execute(f"INSERT INTO {table} VALUES (?, ?)", (position, _dumps(vector)))
            heaviest = sorted(vector.items(), key=lambda item: -item[1])[:top]
            connection.executemany(f"INSERT INTO {table}_top VALUES (?, ?, ?)", ((f, position, w) for f, w in heaviest))
        connection.execute(f"CREATE INDEX {table}_by_feature ON {table}_top (feature)")


class VectorIndex:
    """A store's vectors of one kind (StoredCases.vector_index). Each method raises LookupError when the
    store cannot answer (a damaged table), for the caller to work the answer out without it."""

    def __init__(self, connection: sqlite3.Connection, table: str):
        self._connection = connection
        self._table = table

    def _rows(self, query: str, parameters: tuple[Any, ...]) -> list[Any]:
        try:
            return self._connection.execute(query, parameters).fetchall()
        except sqlite3.Error as err:
            raise LookupError(f"the store cannot answer: {err}") from None

    def vectors(self, positions: Sequence[int]) -> dict[int, dict[str, float]]:
        marks = ", ".join("?" * len(positions))
        rows = self._rows(f"SELECT position, vector FROM {self._table} WHERE position IN ({marks})", tuple(positions))
        try:
            found = {position: json.loads(vector) for position, vector in rows}
        except (TypeError, ValueError):
            raise LookupError("the store holds no vectors there") from None
        if len(found) != len(set(positions)) or not all(isinstance(v, dict) for v in found.values()):
            raise LookupError("the store holds no vectors there")
        return found

    def candidates(self, features: dict[str, float], limit: int) -> list[int]:
        """The positions of the `limit` vectors whose heaviest features weigh most against `features`."""
        if not features:
            return []
        query = ", ".join(["(?, ?)"] * len(features))
        rows = self._rows(
            f"WITH q(feature, weight) AS (VALUES {query}) "
            f"SELECT t.position FROM {self._table}_top t JOIN q ON t.feature = q.feature "
            "GROUP BY t.position ORDER BY SUM(t.weight * q.weight) DESC, t.position LIMIT ?",
            (*[x for item in features.items() for x in item], limit),
        )
        return [position for (position,) in rows]


class StoredEntries:
    """The prepared entries of a store (the search index), each read when it is asked for."""

    def __init__(self, connection: sqlite3.Connection, meta: dict[str, Any]):
        self._connection = connection
        self._meta = meta

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._meta:
            return self._meta[key]
        try:
            return _entry(self._connection, key)
        except (sqlite3.Error, TypeError, ValueError, KeyError):
            return default  # a damaged entry is made again

    def keep(self, path: Path, key: str, value: Any) -> None:
        """Store an entry for the next call; quietly skipped when the store cannot be written."""
        try:
            with _writing(path, self._meta["identity"], KEEP_WAIT) as connection:
                connection.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", _entry_row(key, value))
        except (sqlite3.Error, TypeError, ValueError):
            pass  # a lost entry is made again

    def get_text(self, key: str) -> str | None:
        """A long text kept as it is (keep_text), not as JSON: the corpus of a search index."""
        try:
            query = "SELECT value, crc FROM texts WHERE key = ? ORDER BY part"
            rows = self._connection.execute(query, (key,)).fetchall()
        except sqlite3.Error:
            return None
        if not rows or not all(isinstance(part, str) and _crc(part) == crc for part, crc in rows):
            return None
        return "".join(part for part, _crc_of_part in rows)

    def keep_text(self, path: Path, key: str, text: str) -> None:
        """Store a long text as it is, in parts: as JSON, or bound whole, it would be held two or three times
        more in memory while it is written (its UTF-8 and SQLite's copy of it)."""
        parts = (
            (key, n, part, _crc(part))
            for n, part in enumerate(text[at : at + TEXT_PART] for at in range(0, len(text), TEXT_PART))
        )
        try:
            with _writing(path, self._meta["identity"], KEEP_WAIT) as connection:
                connection.execute("DELETE FROM texts WHERE key = ?", (key,))
                connection.executemany("INSERT INTO texts VALUES (?, ?, ?, ?)", parts)
        except sqlite3.Error:
            pass  # a lost entry is made again


def load(
    file: Path, info: os.stat_result, name: str, reread: Callable[[], Dataset]
) -> tuple[Dataset, StoredEntries] | None:
    """The dataset and entries stored for this exact version of the file, or None when none is to be trusted."""
    path = store_path(file)
    if path is None:
        return None
    try:
        if not cache.trusted(path.lstat()):  # lstat: a link planted under the store's name is not followed
            return None
        connection = _connect(path, writable=False)
        meta = {key: json.loads(value) for key, value in connection.execute("SELECT key, value FROM meta")}
        if meta.get("identity") != cache.identity(file, info) or meta.get("store") != STORE_FORMAT:
            connection.close()
            return None
        if meta.get("racy") and zlib.crc32(file.read_bytes()) != meta.get(cache.FILE_CRC32):
            connection.close()
            return None
        ids = tuple(meta["ids"])  # one entry: a row a case would take a loop in Python
        if not all(type(case_id) is int for case_id in ids):
            raise ValueError("not the ids of stored cases")
        head = meta["head"]
        if not isinstance(head, list) or len(head) != 3:
            raise ValueError("not a stored head")
        cases = StoredCases(connection, path, meta["identity"], ids, reread)
        decoded = codec.decode([*head, []], name)
        # The cases field holds a sequence read on demand in place of a tuple: Dataset.get and .ids ask it.
        dataset = Dataset(decoded.schema_version, decoded.source, decoded.themes, cases, path=name)  # type: ignore[arg-type]
    except (OSError, sqlite3.Error, ValueError, TypeError, KeyError):
        return None
    if meta.get("racy") and not cache.is_racy(info):
        try:  # old enough now to tell by its times: no more reading the file
            with _writing(path, meta["identity"]) as writer:
                writer.execute("DELETE FROM meta WHERE key = 'racy'")
        except sqlite3.Error:
            pass
    return dataset, StoredEntries(connection, meta)


def _rows(
    dataset: Dataset, heads: list[list[Any]], progress: Callable[[str, int, int | None], None] | None
) -> Iterator[tuple[int, int, str, str]]:
    """The rows of the cases table, the metadata of each case added to `heads` on the way."""
    total, stage = len(dataset.cases), _("storing the cases")
    for n, case in enumerate(dataset.cases):
        if progress is not None and n % 256 == 0:
            progress(stage, n, total)
        stored = codec.encode(case)
        heads.append(codec.head_of(stored))
        yield n, case.id, case.title, _dumps(stored)
    if progress is not None:
        progress(stage, total, total)


def build(
    file: Path,
    info: os.stat_result,
    dataset: Dataset,
    sha256: str,
    crc32: int,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> None:
    """Prepare a checked dataset into its store, replacing any older one; quietly skipped when it can't be."""
    path = store_path(file)
    if path is None:
        return
    racy = cache.is_racy(info)
    meta: dict[str, Any] = {
        "store": STORE_FORMAT,
        "identity": cache.identity(file, info),
        "head": codec.encode(replace(dataset, cases=()))[:3],  # schema version, source, themes
        "ids": list(dataset.ids),
        cache.SHA256: sha256,
        cache.FILE_CRC32: crc32,
    }
    if racy:
        meta["racy"] = True
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            connection = sqlite3.connect(temporary)
            with connection:
                connection.execute("PRAGMA journal_mode = OFF")  # a half-built file is deleted, never read
                connection.executescript(_SCHEMA)
                connection.executemany("INSERT INTO meta VALUES (?, ?)", [(k, _dumps(v)) for k, v in meta.items()])
                heads: list[list[Any]] = []
                connection.executemany("INSERT INTO cases VALUES (?, ?, ?, ?)", _rows(dataset, heads, progress))
                summaries = ((n, c.summary_json(), c.id) for n, c in enumerate(dataset.cases))
                summaries = ((n, text, _summary_crc(case_id, text)) for n, text, case_id in summaries)
                connection.executemany("INSERT INTO summaries VALUES (?, ?, ?)", summaries)
                connection.execute("INSERT INTO entries VALUES (?, ?, ?)", _entry_row(HEADS, heads))
                connection.execute("INSERT INTO entries VALUES (?, ?, ?)", _entry_row(PLACES, places_of(dataset.cases)))
            connection.close()
            os.replace(temporary, path)  # readers see the old store or the new one, never a part
        finally:
            temporary.unlink(missing_ok=True)
    except (OSError, sqlite3.Error, TypeError, ValueError):
        pass  # a read-only home or a full disk costs speed, not correctness
