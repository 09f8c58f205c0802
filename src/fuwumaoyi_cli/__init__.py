"""fwmy: the 20 best-practice cases of China's service-trade innovation pilot, as data and a CLI.

The data model, the loader and the result types are imported on first use (PEP 562), so that
`import fuwumaoyi_cli` stays cheap for the command line. The functions live in modules of their own
name, and are imported from there: `from fuwumaoyi_cli.search import search`, likewise `compare`,
`similar`, `stats`, `export`, and `extract_key_figures` from `fuwumaoyi_cli.keyfigures`.

The model (Dataset, Case, Section, Point, Caption, Theme, Source) is frozen dataclasses. The results
(SearchResult, Hit, KeyFigure, Comparison, SimilarResult, Stats, Problem) are named tuples: immutable
and compared by value like the model, cheaper to define on every start-up, with to_dict() for JSON and
_replace() for a changed copy.
"""

__version__ = "0.1.0"

# Everything is imported on first use (PEP 562): `fwmy --help` imports this package and needs none of it.
_LAZY = {
    "DataError": "cases.problems",
    "Problem": "cases.problems",
    "check_file": "cases.loader",
    "load_dataset": "cases.loader",
    "Block": "cases.model",
    "Case": "cases.model",
    "Dataset": "cases.model",
    "Caption": "cases.model",
    "Point": "cases.model",
    "Section": "cases.model",
    "Source": "cases.model",
    "Theme": "cases.model",
    "SearchResult": "search.engine",
    "Hit": "search.engine",
    "KeyFigure": "keyfigures",
    "Comparison": "compare",
    "SimilarResult": "similar",
    "Stats": "stats",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
