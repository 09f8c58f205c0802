"""Query operators people know from web search (-word, OR, |) and pinyin typos."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fuwumaoyi_cli import load_dataset
from fuwumaoyi_cli.cli.commands import app
from fuwumaoyi_cli.search import search
from fuwumaoyi_cli.search.query import parse_operators


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def ids(result):
    return [h.case.id for h in result.hits]


def holds(case, word):
    return any(word in b.text for b in case.blocks())


def run(*args):
    return CliRunner().invoke(app, ["search", *args, "--json"])


@pytest.mark.parametrize(
    ("query", "chunks", "excluded"),
    [
        ("融资 -保险", ["融资"], ["保险"]),
        ("融资 or 保险 担保", [("融资", "保险"), "担保"], []),
        ("融资|保险", [("融资", "保险")], []),
        ('-"知识 产权" 融资', ["融资"], ['"知识 产权"']),
        ("a - b", ["a - b"], []),  # a lone dash is text
        ("cross-border e-commerce", ["cross-border e-commerce"], []),
    ],
)
def test_operators_are_read_as_web_search_reads_them(query, chunks, excluded):
    assert parse_operators(query) == (chunks, excluded)


def test_minus_leaves_out_the_cases_with_the_word(dataset):
    with_insurance = {c.id for c in dataset.cases if holds(c, "保险")}
    assert with_insurance & set(ids(search(dataset, "融资")))
    kept = ids(search(dataset, "融资 -保险", limit=20))
    assert kept and not with_insurance & set(kept)
    assert search(dataset, "融资 -保险").understood.excluded == ("保险",)


def test_or_takes_either(dataset):
    either = set(ids(search(dataset, "知识产权 OR 区块链", limit=20)))
    assert either == set(ids(search(dataset, "知识产权", limit=20))) | set(ids(search(dataset, "区块链", limit=20)))
    assert ids(search(dataset, "知识产权|区块链", limit=20)) == ids(search(dataset, "知识产权 OR 区块链", limit=20))


def test_operators_as_separate_words_on_the_command_line(dataset):
    together = json.loads(run("融资 -保险").stdout)
    apart = json.loads(run("融资", "-保险").stdout)
    assert [h["id"] for h in apart] == [h["id"] for h in together] and apart[0]["understood"]["excluded"] == ["保险"]
    assert run("-保险").exit_code == 2  # nothing to look for
    mistyped = CliRunner().invoke(app, ["search", "--limt", "3", "融资"])
    assert mistyped.exit_code == 2 and "--limt" in mistyped.stderr


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("rongzhi", "融资"),
        ("baoxain", "保险"),
        ("qukuailain", "区块链"),
        ("yinghang", "银行"),
        ("shengwuyiyoa", "生物医药"),
    ],
)
def test_pinyin_with_one_typo_finds_the_word(dataset, typed, word):
    exact = ids(search(dataset, word))
    found = search(dataset, typed)
    assert set(ids(found)[:3]) == set(exact[:3])  # the same cases (ties may fall either way)
    assert {m.form for h in found.hits for m in h.matches} >= {"fuzzy"}


@pytest.mark.parametrize("word", ["quantum", "passport", "elephant"])
def test_english_words_are_not_read_as_pinyin_typos(dataset, word):
    assert not search(dataset, word).hits
