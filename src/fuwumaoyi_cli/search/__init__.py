"""Full-text search over the cases (docs/search.md): `search()` and its result types.

The machinery stays inside this folder: query planning (`query`), the forms a word can take (`forms`),
the synonym table (`synonyms`), the prepared index (`index`) and the ranking (`engine`).

The names below are imported from `engine` on first use (PEP 562), as the package's own are: a module of
this folder that needs no search (the lexicon, which key figures read for `show` and `compare`) is then
imported without the engine and everything it imports.
"""

_FROM_ENGINE = ("Hit", "Match", "SearchResult", "Snippet", "index_for", "prepared_index", "search")

__all__ = list(_FROM_ENGINE)


def __getattr__(name: str) -> object:
    if name in _FROM_ENGINE:
        from fuwumaoyi_cli.search import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
