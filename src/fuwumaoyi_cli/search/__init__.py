"""Full-text search over the cases (docs/search.md): `search()` and its result types.

The machinery stays inside this folder: query planning (`query`), the forms a word can take (`forms`),
the synonym table (`synonyms`), the prepared index (`index`) and the ranking (`engine`).
"""

from fuwumaoyi_cli.search.engine import Hit, Match, SearchResult, Snippet, index_for, prepared_index, search

__all__ = ["Hit", "Match", "SearchResult", "Snippet", "index_for", "prepared_index", "search"]
