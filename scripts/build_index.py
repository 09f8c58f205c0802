"""Write the search's prepared data: data/search-index.json, data/search-tables.json and the sorted tables
(data/synonyms.txt, data/place-names.txt).

Run after every change to data/cases.toml, data/synonyms.toml, data/function-words.toml or
data/regions.toml (tests/test_search.py fails while any of them is stale):
    PYTHONPATH=src python scripts/build_index.py
"""

from __future__ import annotations

import json

from fuwumaoyi_cli.cases.loader import load_dataset
from fuwumaoyi_cli.search.index import build_index, bundled_index_path
from fuwumaoyi_cli.search.tables import SORTED, build_tables, sorted_lines, tables_path


def main() -> None:
    for file_name in SORTED:
        path = tables_path().with_name(file_name)
        path.write_text(sorted_lines(file_name), encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    for path, data in ((tables_path(), build_tables()), (bundled_index_path(), build_index(load_dataset()).to_dict())):
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
