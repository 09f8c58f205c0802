"""fwmy: the 20 best-practice cases of China's service-trade innovation pilot, as data and a CLI.

The data model and loader are imported with the package, the result types below on first use (PEP 562),
so that `import fuwumaoyi_cli` stays cheap for the command line. The functions live in modules of their
own name, and are imported from there: `from fuwumaoyi_cli.search import search`, likewise `compare`,
`similar`, `stats`, `export`, and `extract_figures` from `fuwumaoyi_cli.figures`.
"""

from .loader import DataError, Problem, check_file, load_dataset
from .model import Block, Case, Dataset, Figure, Point, Section, Source, Theme

__version__ = "0.1.0"

_LAZY = {
    "SearchResult": "search",
    "Hit": "search",
    "KeyFigure": "figures",
    "Comparison": "compare",
    "SimilarResult": "similar",
    "Stats": "stats",
}

__all__ = [
    "Block",
    "Case",
    "DataError",
    "Dataset",
    "Figure",
    "Point",
    "Problem",
    "Section",
    "Source",
    "Theme",
    "__version__",
    "check_file",
    "load_dataset",
    *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
