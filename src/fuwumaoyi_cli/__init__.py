"""fwmy: the 20 best-practice cases of China's service-trade innovation pilot, as data and a CLI."""
from .loader import DataError, Problem, check_file, load_dataset
from .model import Block, Case, Dataset, Figure, Point, Section, Source, Theme

__version__ = "0.1.0"

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
]
