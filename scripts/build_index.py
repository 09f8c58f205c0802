"""Write data/search-index.json, the prepared search index of the bundled cases.

Run after every change to data/cases.toml (tests/test_search.py fails while the index is stale):
    PYTHONPATH=src python scripts/build_index.py
"""

from __future__ import annotations

import json

from fuwumaoyi_cli.cases.loader import load_dataset
from fuwumaoyi_cli.search.index import build_index, bundled_index_path


def main() -> None:
    index = build_index(load_dataset())
    path = bundled_index_path()
    path.write_text(json.dumps(index.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size:,} bytes, {len(index.readings)} characters with pinyin)")


if __name__ == "__main__":
    main()
