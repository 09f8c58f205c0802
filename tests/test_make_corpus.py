"""The benchmark's synthetic cases files are valid cases files, made of the real text, the same for the same seed."""

import importlib.util
import sys
from pathlib import Path

from fuwumaoyi_cli import check_file, load_dataset

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "make_corpus.py"
spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
make_corpus = importlib.util.module_from_spec(spec)
sys.modules["make_corpus"] = make_corpus
spec.loader.exec_module(make_corpus)

REAL = make_corpus.tomllib.loads(make_corpus.REAL_DATA.read_text(encoding="utf-8"))


def test_a_synthetic_file_passes_validation_and_has_the_cases_asked_for(tmp_path):
    path = make_corpus.corpus_file(45, seed=3, folder=tmp_path)
    assert check_file(path) == []
    assert load_dataset(path).ids == tuple(range(1, 46))


def test_its_text_is_real_text_recombined(tmp_path):
    real_texts = {block.text for case in load_dataset().cases for block in case.blocks()}
    synthetic = load_dataset(make_corpus.corpus_file(30, seed=3, folder=tmp_path))
    body = [b.text for c in synthetic.cases for b in c.blocks() if b.field in ("body", "lead", "intro", "heading")]
    assert body and all(text in real_texts for text in body)
    assert {c.title.split("（合成案例")[0] for c in synthetic.cases} <= {c.title for c in load_dataset().cases}


def test_the_same_seed_gives_the_same_file_and_another_seed_another():
    assert make_corpus.corpus_toml(REAL, 10, seed=1) == make_corpus.corpus_toml(REAL, 10, seed=1)
    assert make_corpus.corpus_toml(REAL, 10, seed=1) != make_corpus.corpus_toml(REAL, 10, seed=2)
