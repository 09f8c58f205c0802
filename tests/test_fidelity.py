"""data/cases.toml holds the source document word for word, case by case (exact, not a ratio)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuwumaoyi_cli import load_dataset
from fuwumaoyi_cli.cases.fidelity import (
    differences,
    excerpt,
    first_difference,
    normalise,
    normalised_text,
    source_cases,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "cases.toml"
SOURCE_TEXT = (ROOT / "data" / "source" / "000_3e070ed0c64f7355.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the bundled data with `old` (which must occur exactly once) replaced by `new`."""
    text = DATA.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"mutation target occurs {text.count(old)} times"
    path = tmp_path / "cases.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_the_source_has_twenty_cases():
    assert sorted(source_cases(SOURCE_TEXT)) == list(range(1, 21))


def test_every_case_matches_the_source_exactly(dataset):
    found = differences(dataset, SOURCE_TEXT)
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("case_id", range(1, 21))
def test_normalised_text_equals_source_text(dataset, case_id):
    # One test per case, so a failure names the case even before reading the message.
    assert normalised_text(dataset.get(case_id)) == source_cases(SOURCE_TEXT)[case_id].text


def test_source_case_keeps_title_and_drops_number_provider_line_and_ordinals():
    case = source_cases(SOURCE_TEXT)[2]
    assert case.title == "打造中小服务贸易企业统保平台"
    assert case.providers == ("南京市",)
    assert case.page == 4
    assert case.text.startswith("打造中小服务贸易企业统保平台服务贸易企业在“走出去”")
    assert "南京市提供" not in case.text
    assert "主要做法(一)" not in case.text and "主要做法确认受益范围。" in case.text
    # "一是" is running text, not a list ordinal: it stays.
    assert "一是" in source_cases(SOURCE_TEXT)[6].text


def test_normalise_drops_whitespace_and_folds_width():
    assert normalise(" 移动 APP\n\n（一）\u3000５") == "移动APP(一)5"


def test_first_difference():
    assert first_difference("abc", "abc") is None
    assert first_difference("abc", "abx") == 2
    assert first_difference("abc", "ab") == 2
    assert first_difference("ab", "abc") == 2


def test_excerpt_brackets_the_differing_character():
    assert excerpt("0123456789", 5) == "…01234[5]6789…"
    assert excerpt("abc", 3) == "…abc[<end>]…"


# Mutations of a copy of the data: each must make exactly the mutated case fail, and say where.


def test_dropping_one_sentence_fails(tmp_path):
    sentence = "经过多年深耕，2019年全年展览面积超过20万平方米，服务26个省、直辖市和港澳地区的4315家参展企业。"
    found = differences(load_dataset(copy_with(tmp_path, sentence, "")), SOURCE_TEXT)
    assert [d.case_id for d in found] == [1]
    assert "8万亿美元市场。[经]过多年深耕" in str(found[0])


def test_changing_one_digit_fails(tmp_path):
    found = differences(load_dataset(copy_with(tmp_path, "4315家参展企业", "4316家参展企业")), SOURCE_TEXT)
    assert [d.case_id for d in found] == [1]
    assert "[5]家参展企业" in found[0].message and "[6]家参展企业" in found[0].message


def test_swapping_two_paragraphs_fails(tmp_path, dataset):
    point = dataset.get(6).sections[0].points[1]
    first, second = point.paragraphs[:2]
    assert first.startswith("一是") and second.startswith("二是")
    path = copy_with(tmp_path, f"{first}\n\n{second}", f"{second}\n\n{first}")
    found = differences(load_dataset(path), SOURCE_TEXT)
    assert [d.case_id for d in found] == [6]
    assert "[一]是拓展空中通道" in found[0].message


def test_moving_a_figure_caption_fails(tmp_path):
    # The caption of case 16 stands after point (三) in the source, not before the section's points.
    caption = 'captions = [{ caption = "云税贷办理流程", image = false }]\n'
    path = copy_with(tmp_path, caption, "")
    before, case_16 = path.read_text(encoding="utf-8").split("[[cases]]\nid = 16\n")
    case_16 = case_16.replace('heading = "主要做法"\n', 'heading = "主要做法"\n' + caption, 1)
    path.write_text(f"{before}[[cases]]\nid = 16\n{case_16}", encoding="utf-8")
    assert [d.case_id for d in differences(load_dataset(path), SOURCE_TEXT)] == [16]


def test_wrong_provider_and_page_are_reported(tmp_path):
    path = copy_with(
        tmp_path,
        'providers = ["北京市", "上海市", "武汉市"]\nregions = ["北京市", "上海市", "湖北省"]\npage = 46',
        'providers = ["北京市", "武汉市"]\nregions = ["北京市", "湖北省"]\npage = 47',
    )
    messages = [str(d) for d in differences(load_dataset(path), SOURCE_TEXT)]
    assert messages == [
        "case 15: providers ['北京市', '武汉市'] != source ['北京市', '上海市', '武汉市']",
        "case 15: page 47 != table of contents 46",
    ]


def test_missing_and_extra_cases_are_reported(tmp_path):
    path = copy_with(tmp_path, "[[cases]]\nid = 20\n", "[[cases]]\nid = 21\n")
    messages = [str(d) for d in differences(load_dataset(path), SOURCE_TEXT)]
    assert messages == ["case 20: missing from the data", "case 21: not in the source"]
