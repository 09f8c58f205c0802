from fuwumaoyi_cli import load_dataset
from fuwumaoyi_cli.search import SearchResult, search


def test_exact_chinese_keyword_finds_its_case():
    result = search(load_dataset(), "区块链")
    assert result.hits[0].case.id == 18


def test_blank_query_returns_no_hits():
    result = search(load_dataset(), "   ")
    assert isinstance(result, SearchResult)
    assert result.hits == ()
