"""Questions in a person's own words: what is dropped, what places mean, what the text lacks, what is found.

These are the behaviours the relevance benchmark measures in bulk (benchmarks/relevance); here each is
pinned on a question written for the test, not taken from the benchmark's sets.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuwumaoyi_cli import load_dataset
from fuwumaoyi_cli.cases.loader import bundled_path, read_toml
from fuwumaoyi_cli.cases.places import Regions
from fuwumaoyi_cli.files import SortedLines
from fuwumaoyi_cli.search import search
from fuwumaoyi_cli.search.forms import english_lemmas
from fuwumaoyi_cli.search.lexicon import general_lexicon, translations
from fuwumaoyi_cli.search.tables import place_names, search_tables
from fuwumaoyi_cli.search.words import function_words

DATA = bundled_path().parent


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def ids(result):
    return [hit.case.id for hit in result.hits]


# --- reading the question ----------------------------------------------------------------------


def test_question_words_are_dropped_and_the_rest_is_searched(dataset):
    result = search(dataset, "小微企业怎样凭纳税信用拿到银行贷款")
    understood = result.understood
    assert {"怎样", "凭"} <= set(understood.dropped)
    read = " ".join(understood.terms)
    assert all(word in read for word in ("小微企业", "纳税", "信用", "银行", "贷款")) and "怎样" not in read
    assert understood.question
    assert ids(result)[0] == 16  # 云税贷: loans on the basis of taxes paid


def test_english_questions_drop_stop_words_and_read_inflections(dataset):
    result = search(dataset, "how are returned parcels handled in cross-border e-commerce")
    assert {"how", "are", "in"} <= set(result.understood.dropped)
    assert ids(result)[0] == 14
    # Plurals do not split a phrase's cases: both forms find the biomedicine customs cases.
    assert set(ids(search(dataset, "customs clearance of biomedical materials"))[:3]) == {11, 12, 13}


def test_a_clause_is_read_word_by_word_not_as_one_unknown_word(dataset):
    # A short run of several words the text lacks together is a clause, not a keyword with a typo.
    terms = search(dataset, "公司手头钱紧，进口设备的税能分期交吗").understood.terms
    assert {"公司", "钱紧"} <= set(terms) and "公司手头钱紧" not in terms
    # …while a short compound the text lacks stays one word, and a typo is still corrected.
    assert search(dataset, "量子计算").understood.unread == ("量子计算",)
    assert ids(search(dataset, "跨境电尚"))[0] == 14


def test_a_string_of_the_text_does_not_glue_a_stray_character_to_a_word(dataset):
    assert "银行" in search(dataset, "各家银行怎么帮外贸企业").understood.terms  # not 家银行
    assert "小微企业" in search(dataset, "园区给小微企业发不用抵押的贷款").understood.terms  # not 小微企业发


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("materials", "material"), ("returned", "return"), ("facilities", "facility"), ("leasing", "lease")],
)
def test_english_lemmas(word, lemma):
    assert lemma in english_lemmas(word)


def test_a_place_in_the_question_is_a_preference_not_text(dataset):
    result = search(dataset, "苏州做了什么")
    assert result.understood.places == ("苏州",) and result.understood.regions == ("苏州市",)
    assert ids(result) == [3, 13, 19]  # every case from 苏州, and only those
    ranked = ids(search(dataset, "浙江的跨境电商有什么经验"))
    assert ranked[0] == 14  # 杭州, 浙江: cross-border e-commerce returns
    assert "浙江省" in search(dataset, "浙江的跨境电商有什么经验").understood.regions


def test_a_place_alone_lists_its_cases_then_those_that_name_it(dataset):
    from_there = [c.id for c in dataset.cases if "重庆市" in c.regions]
    named = [c.id for c in dataset.cases if c.id not in from_there and any("重庆" in b.text for b in c.blocks())]
    assert from_there and named  # 重庆两江新区's cases; 威海's 威海-重庆 train
    for query in ("重庆", "chongqing"):
        result = search(dataset, query)
        assert sorted(ids(result)[: len(from_there)]) == from_there
        assert sorted(ids(result)[len(from_there) :]) == named
        assert result.terms == () and result.all_terms_matched  # a place, not a word: nothing flagged partial


def test_groupings_and_english_place_names(dataset):
    delta = search(dataset, "长三角生物医药通关")
    assert set(ids(delta)[:3]) == {11, 12, 13}  # 上海, 南京, 苏州
    assert search(dataset, "Hangzhou returns").understood.regions == ("杭州市",)


def test_a_city_without_a_case_stands_for_its_province(dataset):
    result = search(dataset, "西安有哪些服务贸易案例")
    assert result.understood.regions == ("陕西省",)
    assert ids(result)[:2] == [7, 8]


def test_a_region_without_any_case_is_ignored(dataset):
    result = search(dataset, "东北的物流怎么做")
    assert result.understood.places == ("东北",) and result.understood.regions == ()
    assert result.hits  # the topic still finds its cases


def test_colloquial_words_reach_the_formal_text(dataset):
    assert ids(search(dataset, "老外在中国打零工怎么交社保"))[0] == 7
    assert 14 in ids(search(dataset, "海淘的包裹能退吗"))[:2]


# --- questions the cases do not answer ---------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "驾照到期怎么换证",
        "how do I renew a passport",
        "小区物业费怎么交",
        "where can I buy train tickets",
        "高考志愿怎么填报",
        "what is the weather like in Beijing",
    ],
)
def test_a_question_the_cases_do_not_answer_finds_nothing(dataset, question):
    result = search(dataset, question)
    assert result.hits == (), [(h.case.id, h.score) for h in result.hits]
    assert result.understood.question


def test_what_the_text_lacks_is_said(dataset):
    understood = search(dataset, "驾照到期怎么换证").understood
    assert "驾照" in understood.unread and "怎么" in understood.dropped
    assert understood.describe().startswith("read as 驾照")


# --- keywords keep their behaviour ----------------------------------------------------------


def test_a_few_keywords_still_want_every_word(dataset):
    result = search(dataset, "融资 保险")
    assert not result.understood.question and result.all_terms_matched
    assert ids(result)[:2] == [15, 2]
    assert ids(search(dataset, "苏州 知识产权"))[:2] == [3, 19]  # 苏州's cases first


# --- the data the reading uses ----------------------------------------------------------------


def test_function_words_are_not_words_the_cases_are_about():
    words = function_words()
    assert "怎么" in words.chinese and "how" in words.english
    # None is a theme or a word of the synonym table: dropping it would lose a concept.
    synonyms = read_toml(DATA / "synonyms.toml")
    concept_words = {w for g in synonyms["groups"] for w in g["zh"]}
    assert not (words.chinese & concept_words), sorted(words.chinese & concept_words)


def test_every_synonym_group_reaches_the_text(dataset):
    text = "\n".join(b.text for c in dataset.cases for b in c.blocks())
    synonyms = read_toml(DATA / "synonyms.toml")
    missing = [g["zh"][0] for g in synonyms["groups"] if not any(w in text for w in g["zh"])]
    assert missing == []


def test_region_groupings_name_places_of_the_table(dataset):
    table = read_toml(DATA / "regions.toml")
    places = {p["name"] for p in table["provinces"]} | {c["name"] for p in table["provinces"] for c in p["cities"]}
    for group in table["groups"]:
        assert set(group["members"]) <= places, group["name"]
    regions = Regions(dataset, place_names(), search_tables()["regions"]["longest"])
    assert regions.get("长三角").places == frozenset({"上海市", "江苏省", "浙江省", "安徽省"})


def test_general_tables_are_sorted_for_bisection():
    for name in ("lexicon.txt", "english.txt"):
        lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        keys = [line.partition("\t")[0].encode("utf-8") for line in lines]
        assert keys == sorted(keys) and len(set(keys)) == len(keys), name
    assert "宅基地" in general_lexicon() and "融资" in general_lexicon() and "融资难吗" not in general_lexicon()
    assert "贷款" in translations("loan")


@given(st.lists(st.text(alphabet="abc中文字", min_size=1, max_size=4), unique=True), st.text("abc中文字", max_size=4))
def test_bisection_finds_exactly_the_lines_there_are(words, probe):
    table = SortedLines("".join(f"{w}\n" for w in sorted(words, key=lambda w: w.encode("utf-8"))).encode("utf-8"))
    assert (probe in table) == (probe in words)
    assert all(w in table for w in words)
    assert table.has_prefix(probe) == any(w.startswith(probe) and w != probe for w in words)


def test_a_question_below_the_floor_finds_nothing_but_names_the_nearest_cases(dataset):
    result = search(dataset, "洋游艇在近海乱跑怎么盯住")
    assert not result.hits and result.nearest[0].id == 20  # 境外游艇的轨迹实施监控, in other words
    assert not search(dataset, "护照过期了去哪里换新的").nearest  # nothing even near


def test_the_nearest_cases_are_named_in_the_message_not_in_the_json():
    from typer.testing import CliRunner

    from fuwumaoyi_cli.cli.commands import app

    result = CliRunner().invoke(app, ["search", "洋游艇在近海乱跑怎么盯住", "--json"])
    assert result.exit_code == 1 and result.stdout.strip() == "[]"
    assert "nearest (weak): 20 " in result.stderr and len(result.stderr.splitlines()) == 1
