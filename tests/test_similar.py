from __future__ import annotations

import json

import pytest

from fuwumaoyi_cli import load_dataset
from fuwumaoyi_cli.render.analysis import render_similar
from fuwumaoyi_cli.similar import similar
from golden_check import assert_matches_golden, render


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def ids(result) -> list[int]:
    return [s.case.id for s in result.similar]


def test_ip_pledge_financing_finds_ip_operations_and_financing(dataset):
    found = ids(similar(dataset, 15))
    assert found[0] == 3
    assert len({16, 4, 5} & set(found)) >= 2


@pytest.mark.parametrize("case_id", [11, 12, 13])
def test_biomedicine_cases_find_each_other_first(dataset, case_id):
    others = {11, 12, 13} - {case_id}
    assert set(ids(similar(dataset, case_id, limit=2))) == others


def test_the_biomedicine_insurance_case_finds_biomedicine(dataset):
    assert set(ids(similar(dataset, 17, limit=2))) <= {11, 12, 13}


def test_credit_financing_cases_pair_up(dataset):
    assert ids(similar(dataset, 4, limit=2)) == [16, 5]


def test_scores_are_0_to_100_best_first_without_the_case_itself(dataset):
    for case in dataset.cases:
        result = similar(dataset, case.id, limit=19)
        scores = [s.score for s in result.similar]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 100 for s in scores)
        assert case.id not in ids(result) and len(result.similar) == 19


def test_reasons_name_shared_tags_and_terms(dataset):
    best = similar(dataset, 15).similar[0]
    assert best.shared_tags == ("知识产权", "融资")
    assert "知识产权" in best.shared_ngrams
    assert 0 < best.text_similarity <= 1


def test_limit(dataset):
    assert len(similar(dataset, 1, limit=3).similar) == 3
    assert len(similar(dataset, 1, limit=50).similar) == 19
    with pytest.raises(ValueError, match="limit"):
        similar(dataset, 1, limit=0)


def test_unknown_id(dataset):
    with pytest.raises(LookupError, match="no case 21"):
        similar(dataset, 21)


def test_to_dict(dataset):
    data = similar(dataset, 16, limit=2).to_dict()
    assert data["case"]["id"] == 16 and "sections" not in data["case"]
    first = data["similar"][0]
    assert set(first) == {"case", "score", "text_similarity", "shared_tags", "shared_ngrams", "shared_terms"}
    assert isinstance(first["score"], int)
    assert "中小企业" in json.dumps(data, ensure_ascii=False)


def test_render(dataset):
    text = render(render_similar(similar(dataset, 15)), 80)
    assert "…" not in text
    assert "建设全链条、全生态的知识" in text
    assert_matches_golden("similar_15_w80.txt", text)


def test_unknown_id_in_an_empty_dataset(dataset):
    import dataclasses

    with pytest.raises(LookupError, match="has no cases"):
        similar(dataclasses.replace(dataset, cases=()), 1)
