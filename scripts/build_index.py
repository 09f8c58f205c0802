"""Write data/search-index.json, data/search-tables.json and data/place-names.txt: the search's prepared data.

Run after every change to data/cases.toml, data/synonyms.toml, data/function-words.toml or
data/regions.toml (tests/test_search.py fails while either file is stale):
    PYTHONPATH=src python scripts/build_index.py
"""

from __future__ import annotations

import json

from fuwumaoyi_cli.cases.loader import load_dataset
from fuwumaoyi_cli.search.index import build_index, bundled_index_path
from fuwumaoyi_cli.search.tables import PLACES_FILE_NAME, build_tables, place_lines, tables_path


def main() -> None:
    places = tables_path().with_name(PLACES_FILE_NAME)
    places.write_text(place_lines(), encoding="utf-8")
    print(f"wrote {places} ({places.stat().st_size:,} bytes)")
    for path, data in ((tables_path(), build_tables()), (bundled_index_path(), build_index(load_dataset()).to_dict())):
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
