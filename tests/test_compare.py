from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fuwumaoyi_cli import Dataset, load_dataset
from fuwumaoyi_cli.compare import compare
from fuwumaoyi_cli.ngrams import (
    NgramIndex,
    PreparedNgramIndex,
    _widest_extensions,
    build_terms,
    ngram_index,
    ngrams,
    shared_gram_counts,
    terms_path,
)
from fuwumaoyi_cli.render.analysis import ComparisonView, render_comparison
from golden_check import assert_matches_golden, display_width, render


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def test_to_dict_keeps_the_documented_shape(dataset):
    data = compare(dataset, [15, 16]).to_dict()
    assert list(data) == ["cases", "shared", "distinctive", "section", "sections", "key_figures", "figures"]
    assert list(data["distinctive"]) == ["15", "16"] and "云税贷" in data["distinctive"]["16"]
    assert data["figures"] == data["key_figures"] and data["shared"]["terms"] == data["shared"]["ngrams"]
    assert [c["id"] for c in data["cases"]] == [15, 16]
    assert data["cases"][0] == dataset.get(15).to_dict()  # full cases, not summaries
    assert set(data["shared"]) == {"tags", "regions", "ngrams", "terms"}
    assert list(data["key_figures"]) == ["15", "16"]
    assert "83.7 亿元" in [f["text"] for f in data["key_figures"]["16"]]
    assert "亿元" in json.dumps(data, ensure_ascii=False)


def test_shared_tags_regions_and_terms(dataset):
    comparison = compare(dataset, [15, 16])
    assert comparison.shared_tags == ("融资", "中小企业")
    assert comparison.shared_regions == ("湖北省",)
    assert "贷款" in comparison.shared_ngrams and "质押" in comparison.shared_ngrams
    assert "企业" not in comparison.shared_ngrams  # every case says 企业: not distinctive


def test_distinctive_terms_of_the_biomedicine_cases(dataset):
    terms = compare(dataset, [11, 12, 13]).shared_ngrams
    assert {"生物", "研发", "通关"} <= set(terms)
    assert all(not (a != b and a in b) for a in terms for b in terms)  # no term inside another


def test_intellectual_property_cases_share_the_whole_word(dataset):
    terms = compare(dataset, [3, 15]).shared_ngrams
    assert terms[0] == "知识产权"
    assert "识产" not in terms and "产权" not in terms


def test_sections_are_aligned_by_kind_with_empty_cells(dataset):
    data = compare(dataset, [5, 14]).to_dict()["sections"]
    assert list(data) == ["background", "practices", "results", "next_steps"]
    assert data["background"]["5"] == []
    assert data["background"]["14"][0] == "（一）“非整单或非良品”无法退运和二次售卖。"
    assert data["practices"]["5"] == [
        "（一）精准聚焦试点对象。",
        "（二）有效整合数据资源。",
        "（三）多方共担防控风险。",
        "（四）协同建设信用体系。",
    ]


def test_a_section_without_points_offers_first_sentences(dataset):
    practices = compare(dataset, [20, 1]).to_dict()["sections"]["practices"]["20"]
    assert practices[0] == "上海市在全国率先将服务贸易管理事项纳入国际贸易“单一窗口”。"
    assert len(practices) == 3


def test_one_section_in_full_text(dataset):
    data = compare(dataset, [9, 16], section="practices").to_dict()
    assert data["section"] == "practices"
    assert list(data["sections"]) == ["practices"]
    assert data["sections"]["practices"]["9"][0] == "图：进口保税设备租赁业务模式"
    second = data["sections"]["practices"]["16"][1]
    assert second.startswith("（二）贷款额度灵活化。“云税贷”以小微企业纳税情况为基数")
    assert {f["section"]["kind"] for f in data["key_figures"]["16"]} == {"practices"}


@pytest.mark.parametrize(
    ("ids", "message"),
    [([3], "two to four"), ([1, 2, 3, 4, 5], "two to four"), ([3, 3], "different")],
)
def test_wrong_ids_are_usage_errors(dataset, ids, message):
    with pytest.raises(ValueError, match=message):
        compare(dataset, ids)


def test_unknown_section_is_a_usage_error(dataset):
    with pytest.raises(ValueError, match="practices"):
        compare(dataset, [1, 2], section="method")


def test_unknown_id_is_a_lookup_error(dataset):
    with pytest.raises(LookupError, match="no case 99"):
        compare(dataset, [1, 99])


def test_two_cases_stand_side_by_side_at_100_columns(dataset):
    text = render(render_comparison(compare(dataset, [15, 16])), 100)
    header = next(line for line in text.splitlines() if "创新知识产权质押融资模式" in line)
    assert "云税贷“以税获贷”助力小微企业发展" in header
    assert_matches_golden("compare_15_16_w100.txt", text)


def test_three_cases_stack_at_80_columns(dataset):
    comparison = compare(dataset, [11, 12, 13])
    assert not ComparisonView(comparison).fits_side_by_side(80)
    assert ComparisonView(comparison).fits_side_by_side(120)
    text = render(render_comparison(comparison), 80)
    assert "〔11〕" in text and "〔13〕" in text
    assert_matches_golden("compare_11_12_13_w80.txt", text)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 160])
@pytest.mark.parametrize("ids", [[1, 2], [3, 15, 19], [4, 5, 16, 18]])
def test_chinese_folds_and_never_overflows(dataset, ids, width):
    comparison = compare(dataset, ids)
    text = render(render_comparison(comparison), width)
    assert "…" not in text
    assert max(display_width(line) for line in text.splitlines()) <= width
    if not ComparisonView(comparison).fits_side_by_side(width):
        # Stacked, each cell runs down the screen: every lead is there whole, however it was folded.
        flowing = "".join(text.split())
        for case_id in ids:
            for point in dataset.get(case_id).section("results").points:
                assert "".join(point.lead.split()) in flowing


def test_markup_in_data_prints_literally(dataset):
    tampered = dataclasses.replace(dataset.get(1), intro="价格[/red]与[bold]数量[/bold]")
    data = dataclasses.replace(dataset, cases=(tampered,) + dataset.cases[1:])
    for width in (100, 60):
        text = render(render_comparison(compare(data, [1, 2])), width)
        assert "[/red]" in text and "[bold]数量[/bold]" in text


# Shared n-grams are found length by length; these check that against counting every n-gram.

# Few letters, so texts repeat and overlap (资资资); 的 is a function word, A and the space end a run.
TEXT = st.text(alphabet="资金融贷的款A ", max_size=60)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=4))
@example(texts=["资资资 的资金融贷款", "资资资资A资金融贷款的"])
def test_shared_gram_counts_are_the_counts_of_the_grams_every_text_holds(texts):
    every = [ngrams(text) for text in texts]
    held_by_all = set.intersection(*(set(counts) for counts in every))
    expected = [{gram: counts[gram] for gram in held_by_all} for counts in every]
    assert [dict(counts) for counts in shared_gram_counts(texts)] == expected


@settings(max_examples=300, deadline=None)
@given(text=TEXT, pieces=st.sets(st.text(alphabet="资金融贷的款", min_size=2, max_size=8), max_size=6))
@example(text="的资金 资金A 贷款贷款贷款", pieces={"的资", "资金", "贷款贷款"})
def test_widest_extensions_are_the_counts_of_the_one_longer_grams(text, pieces):
    counts = ngrams(text)
    expected = {}
    for piece in pieces:
        longer = [n for gram, n in counts.items() if len(gram) == len(piece) + 1 and piece in (gram[1:], gram[:-1])]
        if longer:
            expected[piece] = max(longer)
    assert _widest_extensions(text, pieces) == expected


def test_ideograph_runs_are_cut_at_every_other_character():
    from fuwumaoyi_cli.ngrams import _ideograph_runs

    text = "知识产权B2C质押〇融资，ひらがな\u3400\u3401漢字 Ελλάδα"
    assert _ideograph_runs(text) == ["知识产权", "质押", "融资", "\u3400\u3401漢字"]


# --- the prepared terms of the bundled cases ---------------------------------------------------------


def test_bundled_terms_are_fresh(dataset):
    """Fails when data/cases.toml, data/boilerplate.txt or data/lexicon.txt changed without
    `python scripts/build_index.py`."""
    assert terms_path().read_text(encoding="utf-8") == build_terms(dataset), (
        "stale data/compare-terms.json: run scripts/build_index.py"
    )


def test_the_prepared_terms_name_what_the_texts_do(dataset):
    index = ngram_index(dataset)
    assert isinstance(index, PreparedNgramIndex)  # the bundled file reads them
    worked_out = NgramIndex(dataset)
    ids = dataset.ids
    # Every pair both ways; triples and fours at a stride through the ids (the order of a sum can tell).
    asked = [(a, b) for a in ids for b in ids if a != b]
    asked += [(ids[i], ids[(i + 7) % 20], ids[(i + 3) % 20]) for i in range(20)]
    asked += [(ids[i], ids[(i + 5) % 20], ids[(i + 11) % 20], ids[(i + 2) % 20]) for i in range(20)]
    for case_ids in asked:
        assert index.shared_ngrams(case_ids) == worked_out.shared_ngrams(case_ids), case_ids
        assert index.distinctive_ngrams(case_ids) == worked_out.distinctive_ngrams(case_ids), case_ids
    for case_ids in ([15], [15, 16]):  # one case, and other limits
        assert index.shared_ngrams(case_ids, 30) == worked_out.shared_ngrams(case_ids, 30)
        assert index.distinctive_ngrams(case_ids, 30) == worked_out.distinctive_ngrams(case_ids, 30)


def test_a_changed_case_is_not_read_from_the_prepared_terms(dataset):
    changed = dataclasses.replace(dataset.cases[0], intro=dataset.cases[0].intro + "知识产权")
    edited = dataclasses.replace(dataset, cases=(changed, *dataset.cases[1:]), path=dataset.path)
    assert type(ngram_index(edited)) is NgramIndex
    # Not the bundled file: equal cases from another file are that file's (the index is kept by identity).
    assert type(ngram_index(dataclasses.replace(dataset, path=""))) is NgramIndex
    assert type(ngram_index(dataset)) is PreparedNgramIndex
