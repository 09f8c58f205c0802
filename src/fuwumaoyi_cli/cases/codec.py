"""The compact form of a checked dataset that the cache keeps, derived from the model's declarations.

A record is a list of its stored fields' values in declaration order; a POSITION field (a section's or
point's number) is left out and given back from the record's place in its list; a nested record is a
list, a tuple of records a list of lists, a tuple of text a list. For the bundled file:

    [schema_version, [title, label, note, language, file], [[name, name_en], ...], [case, ...]]
    case:    [id, title, title_en, providers, regions, page, tags, tags_en, intro, [section, ...]]
    section: [kind, heading, text, [caption, ...], [point, ...]]

Lists, not tables: they decode from JSON and build faster than the TOML document would.
The decoders are made once per class from dataclasses.fields() and the fields' annotations, so a new
field of the model needs no edit here (only a new CACHE_VERSION, as the stored form changes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from functools import cache
from itertools import chain, product
from operator import itemgetter
from typing import Any

from fuwumaoyi_cli.cases import model
from fuwumaoyi_cli.cases.model import Dataset, is_position, is_stored

Decoder = Callable[..., Any]
_RECORD_NAMES = [name for name, value in vars(model).items() if isinstance(value, type) and is_dataclass(value)]


def _stored(cls: type) -> list[Any]:
    return [f for f in fields(cls) if is_stored(f)]


def encode(record: Any) -> list[Any]:
    """The record as nested lists (JSON-safe)."""
    return [_encode(getattr(record, f.name)) for f in _stored(type(record)) if not is_position(f)]


def _encode(value: Any) -> Any:
    if is_dataclass(value):
        return encode(value)
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value


def _item_decoder(annotation: str) -> Decoder | None:
    """How a value of a field declared `annotation` is made from its stored form (None: as it is).

    The model's annotations are strings (postponed evaluation), of three shapes here: a model class
    (`Source`), a tuple of them (`tuple[Section, ...]`) or of text (`tuple[str, ...]`); anything else is
    stored as it is. Read as text, not evaluated by typing.get_type_hints, which costs every run that
    decodes.
    """
    inner = annotation.removeprefix("tuple[").removesuffix(", ...]") if annotation.startswith("tuple[") else None
    record = getattr(model, inner if inner is not None else annotation, None)
    if not is_dataclass(record):
        if any(name in annotation for name in _RECORD_NAMES):
            # Optional[Caption], list[Point]…: say so when the decoders are made, not return raw lists later.
            raise TypeError(f"cases/codec.py cannot store a field declared {annotation!r}")
        return tuple if inner is not None else None
    make = _decoder(record)  # type: ignore[arg-type]
    if inner is None:
        return make
    if any(map(is_position, fields(record))):
        return lambda values: tuple([make(v, n) for n, v in enumerate(values, 1)])
    return lambda values: tuple([make(v) for v in values])


# The types a value of a field declared so may have in a stored list (records and tuples of them are lists,
# which their own decoders check). A forged entry, or one from a bug, is then read again from the file
# instead of failing later, where a string was expected.
_PLAIN_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "bool": (bool,),
    "int | None": (int, type(None)),
    "tuple[str, ...]": (list,),
}


def _shape_check(cls: type, stored: list[Any]) -> Callable[[Any], bool]:
    """Whether a value is a stored `cls`: a list whose items have the types of `stored`'s fields, tested as one
    tuple of types looked up among those allowed (a loop over the fields of every record costs a third of the
    decoding), and lists of text made of text."""
    options = []
    for f in stored:
        annotation = str(f.type)
        if annotation in _PLAIN_TYPES:
            options.append(_PLAIN_TYPES[annotation])
        elif _item_decoder(annotation) is not None:
            options.append((list,))
        else:
            raise TypeError(f"cases/codec.py cannot check {cls.__name__}.{f.name}, declared {annotation!r}")
    allowed = frozenset(product(*options))
    text_lists = [i for i, f in enumerate(stored) if str(f.type) == "tuple[str, ...]"]
    if not text_lists:
        return lambda values: type(values) is list and tuple(map(type, values)) in allowed
    texts = itemgetter(*text_lists) if len(text_lists) > 1 else lambda values: (values[text_lists[0]],)

    def check(values: Any) -> bool:
        if type(values) is not list or tuple(map(type, values)) not in allowed:
            return False
        return {str}.issuperset(map(type, chain.from_iterable(texts(values))))

    return check


@cache
def _decoder(cls: type) -> Decoder:
    """A function that makes a `cls` from its stored list (and its number, for a numbered record).

    Only the fields that need it are converted, in a copy of the list: a large file has tens of
    thousands of records, and a loop over every field of each would slow the decoding markedly. The
    types of the others are checked in one expression (TypeError when one is wrong).
    """
    stored = [f for f in _stored(cls) if not is_position(f)]
    numbered = len(stored) < len(_stored(cls))
    steps = [(i, step) for i, f in enumerate(stored) if (step := _item_decoder(str(f.type))) is not None]
    well_formed = _shape_check(cls, stored)

    def converted(values: list[Any]) -> list[Any]:
        if not well_formed(values):
            raise TypeError(f"not a stored {cls.__name__}")
        if not steps:
            return values
        values = values.copy()
        for i, step in steps:
            # Most points and sections have no captions: an empty list needs no call.
            values[i] = step(values[i]) if values[i] else ()
        return values

    if numbered:
        return lambda values, number: cls(number, *converted(values))
    return lambda values: cls(*converted(values))


def decode(stored: list[Any], path: str = "") -> Dataset:
    """The dataset that encode() made these lists of (a verified cache entry), built without checking it
    again: its file passed the checks before it was stored. Raises TypeError or ValueError on other lists."""
    try:
        dataset: Dataset = _decoder(Dataset)(stored)
    except IndexError as err:  # a list shorter than its record's fields
        raise ValueError(f"not a stored dataset: {err}") from None
    return replace(dataset, path=path) if path else dataset


def decode_case(stored: list[Any]) -> model.Case:
    """One case of a store (cases/store.py), as decode() makes each case of a dataset."""
    try:
        case: model.Case = _decoder(model.Case)(stored)
    except IndexError as err:
        raise ValueError(f"not a stored case: {err}") from None
    return case


@cache
def _text_fields() -> tuple[int, ...]:
    stored = [f.name for f in _stored(model.Case) if not is_position(f)]
    return tuple(stored.index(name) for name in model.CASE_TEXT_FIELDS)


def head_of(stored: list[Any]) -> list[Any]:
    """A stored case with its text (model.CASE_TEXT_FIELDS) emptied: its metadata, as a store keeps it."""
    head = stored.copy()
    for i in _text_fields():
        head[i] = type(head[i])()
    return head
