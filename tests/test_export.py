from __future__ import annotations

import csv
import io
import json

import pytest

from fuwumaoyi_cli import load_dataset
from fuwumaoyi_cli.export import FORMATS, export


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_markdown_has_a_heading_per_case_and_its_sections(dataset):
    text = export([dataset.get(16)], "markdown")
    lines = text.splitlines()
    assert lines[0] == "## 16. 云税贷“以税获贷”助力小微企业发展"
    assert "提供单位：武汉市 ｜ 地区：湖北省 ｜ 主题：融资、信用、大数据、中小企业、金融科技 ｜ 原文第 " in text
    assert "### 一、主要做法" in lines and "### 三、下一步工作思路" in lines
    assert any(line.startswith("**（一）联动税务部门，实现银税直连。** 建立以征信互认") for line in lines)
    assert "（图：云税贷办理流程 — image not in source）" in lines
    assert "7\\*24 小时" in text  # escaped: a lone * must not start emphasis


def test_markdown_figure_caption_is_not_doubled(dataset):
    text = export([dataset.get(9)], "markdown")
    assert "（图：进口保税设备租赁业务模式 — image not in source）" in text
    assert "图：图：" not in text


def test_markdown_lead_without_text_is_bold_alone(dataset):
    text = export([dataset.get(2)], "markdown")
    lead = "**（一）注重政策宣讲，通过召开政策培训会以及重点企业一对一对接，让更多企业知晓相关政策工具。**"
    assert lead in text.splitlines()


def test_markdown_of_several_cases_in_the_given_order(dataset):
    text = export([dataset.get(3), dataset.get(1)], "markdown")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 3. 建设全链条、全生态的知识产权运营服务体系", "## 1. 创新“网展贸”服务新模式"]


def test_csv_opens_in_excel_and_joins_lists_with_the_enumeration_comma(dataset):
    text = export(dataset.cases, "csv")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["id", "title", "title_en", "providers", "regions", "tags", "page", "citation"]
    assert len(rows) == 21
    case15 = next(r for r in rows if r[0] == "15")
    assert case15[3] == "北京市、上海市、武汉市"
    assert case15[5] == "知识产权、融资、保险、中小企业"


def test_json_is_the_full_cases_unescaped(dataset):
    text = export(dataset.cases[:2], "json")
    assert json.loads(text) == [c.to_dict() for c in dataset.cases[:2]]
    assert "网展贸" in text and "\\u" not in text


def test_jsonl_is_one_case_per_line(dataset):
    lines = export(dataset.cases, "jsonl").splitlines()
    assert len(lines) == 20
    assert [json.loads(line)["id"] for line in lines] == list(dataset.ids)


def test_unknown_format(dataset):
    with pytest.raises(ValueError, match=", ".join(FORMATS)):
        export(dataset.cases, "pdf")


def test_every_lead_is_bold_for_a_commonmark_reader(dataset):
    from html import escape

    from markdown_it import MarkdownIt  # comes with rich

    html = MarkdownIt("commonmark").render(export(dataset.cases, "markdown"))
    leads = [p.ordinal + p.lead for c in dataset.cases for s in c.sections for p in s.points]
    assert len(leads) > 100
    for lead in leads:
        assert f"<strong>{escape(lead)}</strong>" in html


def test_markdown_escapes_lines_that_would_become_lists_or_headings():
    from fuwumaoyi_cli.export import md

    assert md("1. 第一点") == "1\\. 第一点"
    assert md("- 不是列表") == "\\- 不是列表"
    assert md("+ 也不是") == "\\+ 也不是"
    assert md("标题\n=== 二") == "标题 === 二"  # a newline would end a heading or a table cell
    assert md("2019 年") == "2019 年"  # a number alone opens nothing
