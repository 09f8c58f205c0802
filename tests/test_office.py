"""Word and Excel files, read back by their own libraries; the figures and compare outputs for briefings."""

from __future__ import annotations

import csv
import io
import json
import re

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from fuwumaoyi_cli import Case, Point, Section, load_dataset
from fuwumaoyi_cli.cli.commands import app
from fuwumaoyi_cli.compare import compare
from fuwumaoyi_cli.export import FIGURE_COLUMNS, export, figures_csv, spreadsheet_text
from fuwumaoyi_cli.keyfigures import extract_key_figures


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def run(*args):
    return CliRunner().invoke(app, list(args), prog_name="fwmy")


def read_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def read_xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_word_has_a_heading_per_case_and_section_points_figures_and_a_citation(dataset):
    document = read_docx(export([dataset.get(16), dataset.get(14)], "docx", dataset.source))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["16. 云税贷“以税获贷”助力小微企业发展", "14. 推行跨境电商进口 B2C 包裹退货新模式"]
    assert "一、主要做法" in [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    points = [p for p in document.paragraphs if p.style.name == "List Paragraph"]
    first = next(p for p in points if p.text.startswith("（一）联动税务部门"))
    assert first.runs[0].bold and first.runs[0].text == "（一）联动税务部门，实现银税直连。"
    citations = [p.text for p in document.paragraphs if p.text.startswith("出处：")]
    cited = "《深化服务贸易创新发展试点最佳实践案例》，案例 16：云税贷“以税获贷”助力小微企业发展，第 51 页"
    assert citations[0] == "出处：" + cited
    figures = document.tables[0]
    rows = [[c.text for c in row.cells] for row in figures.rows]
    assert rows[0] == ["所指", "数据", "类别", "位置"]
    assert ["授信金额", "83.7亿元", "金额", "实践效果（一）"] in rows


def test_word_names_a_chinese_font_for_every_style_it_uses(dataset):
    document = read_docx(export([dataset.get(1)], "docx", dataset.source))
    for name in ("Normal", "Heading 1", "Heading 2", "Title", "Quote"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")), name


def test_every_sentence_of_a_case_is_in_its_word_file(dataset):
    case = dataset.get(6)
    text = "\n".join(p.text for p in read_docx(export([case], "docx")).paragraphs)
    for block in case.blocks():
        if block.field in ("intro", "lead", "body"):
            assert block.text in text


def test_excel_has_cases_figures_and_text_sheets_with_frozen_headers(dataset):
    book = read_xlsx(export(list(dataset.cases), "xlsx", dataset.source))
    assert book.sheetnames == ["案例 cases", "关键数据 figures", "正文 text"]
    cases, figures, text = (book[name] for name in book.sheetnames)
    assert cases.max_row == 21 and cases["B2"].value == dataset.cases[0].title
    assert [c.value for c in figures[1]] == list(FIGURE_COLUMNS)
    assert figures.max_row - 1 == sum(len(extract_key_figures(c)) for c in dataset.cases)
    assert all(sheet.freeze_panes == "A2" for sheet in (cases, figures, text))
    values = [row[7].value for row in figures.iter_rows(min_row=2)]
    assert 8370000000 in values  # 83.7 亿元 as a number, not text
    assert cases.column_dimensions["B"].width > 20


def hostile_case(title: str) -> Case:
    point = Point(number=1, lead="效果。", text="增长了 30%。")
    section = Section(number=1, kind="results", heading="实践效果", points=(point,))
    return Case(1, title, "", ("某市",), ("某省",), 1, (), (), "", (section,))


@pytest.mark.parametrize("title", ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_cells_never_run_as_formulas(title):
    case = hostile_case(title)
    rows = list(csv.reader(io.StringIO(export([case], "csv").removeprefix("\ufeff"))))
    assert rows[1][1] == "'" + title
    assert list(csv.reader(io.StringIO(figures_csv([case]).removeprefix("\ufeff"))))[1][1] == "'" + title
    book = read_xlsx(export([case], "xlsx"))
    cell = book["案例 cases"]["B2"]
    # A control character is stored as Excel's _xHHHH_ escape, which Excel (not openpyxl) decodes.
    shown = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), cell.value)
    assert cell.data_type == "s" and shown == "'" + title
    assert spreadsheet_text("融资") == "融资"


def test_control_characters_reach_word_as_visible_escapes():
    document = read_docx(export([hostile_case("标题\x1b[2J\x07")], "docx"))
    assert "标题\\x1b[2J\\x07" in [p.text.removeprefix("1. ") for p in document.paragraphs]


def test_a_title_with_a_newline_keeps_the_markdown_heading_whole():
    text = export([hostile_case("第一行\n# 第二行")], "markdown")
    assert text.splitlines()[0] == "## 1. 第一行 \\# 第二行"


def test_figures_of_every_case_as_csv_for_excel(tmp_path):
    result = run("figures", "-o", str(tmp_path / "all.csv"))
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "all.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == set(range(1, 21)) - {9}  # case 9 has no figure
    loan = next(r for r in rows if r["figure"] == "83.7 亿元")
    assert (loan["label"], loan["unit"], loan["value"]) == ("授信金额", "CNY", "8370000000")


def test_figures_formats_from_the_suffix_and_for_several_cases(tmp_path):
    assert run("figures", "14", "16", "-o", str(tmp_path / "f.xlsx")).exit_code == 0
    sheet = read_xlsx((tmp_path / "f.xlsx").read_bytes())["关键数据 figures"]
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {14, 16}
    lines = run("figures", "16", "-f", "jsonl").stdout.splitlines()
    assert json.loads(lines[0])["id"] == 16 and len(lines) == len(extract_key_figures(load_dataset().get(16)))
    one = json.loads(run("figures", "16", "--json").stdout)
    assert one["id"] == 16 and one["citation"].endswith("第 51 页") and one["key_figures"] == one["figures"]
    several = json.loads(run("figures", "15", "16", "--json").stdout)
    assert [d["id"] for d in several] == [15, 16]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["export", "-o", "x.pdf"], ".pdf"),
        (["export", "-f", "csv", "-o", "x.xlsx"], "names xlsx"),
        (["figures", "-o", "x.docx"], ".docx"),
        (["compare", "4", "5", "-o", "x.xlsx"], ".xlsx"),
        (["figures", "-f", "table", "-o", "x.csv"], "names csv"),
    ],
)
def test_a_file_name_fwmy_cannot_honour_is_a_usage_error_and_no_file(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2 and words in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_compare_as_a_markdown_briefing(dataset):
    result = run("compare", "4", "5", "16", "-f", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    table = [line for line in lines if line.startswith("| **")]
    labels = [line.split("|")[1].strip(" *") for line in table]
    assert labels[:4] == ["提供单位与地区", "是什么", "怎么做", "实践效果"] and "独有的词" in labels
    results = next(line for line in table if line.startswith("| **实践效果**"))
    assert "储备企业412家" in results and "意向金额3.7亿元" in results  # case 5's results, past its semicolon
    assert all(line.count("|") == 5 for line in table)  # one cell per case, no cell broken by a newline
    assert any(line.startswith("- 出处：《深化服务贸易创新发展试点最佳实践案例》，案例 4：") for line in lines)


def test_compare_as_a_word_briefing(tmp_path, dataset):
    assert run("compare", "15", "16", "-o", str(tmp_path / "brief.docx")).exit_code == 0
    document = read_docx((tmp_path / "brief.docx").read_bytes())
    grid = document.tables[0]
    assert [c.text for c in grid.rows[0].cells][1:] == [f"{i}. {dataset.get(i).title}" for i in (15, 16)]
    distinct = next(row for row in grid.rows if row.cells[0].text == "独有的词")
    assert "云税贷" in distinct.cells[2].text and "云税贷" not in distinct.cells[1].text


def test_distinctive_terms_belong_to_one_case_and_shared_ones_are_no_boilerplate(dataset):
    from fuwumaoyi_cli.ngrams import boilerplate

    comparison = compare(dataset, [4, 5, 16])
    texts = {c.id: "\n".join(b.text for b in c.blocks()) for c in comparison.cases}
    for case, terms in zip(comparison.cases, comparison.distinctive_ngrams, strict=True):
        assert terms
        for term in terms:
            assert term in texts[case.id] and not any(term in texts[o] for o in texts if o != case.id)
    assert comparison.shared_ngrams and not set(comparison.shared_ngrams) & boilerplate()
    assert "企业提供" not in compare(dataset, [11, 12, 13]).shared_ngrams  # two common words, no term


def test_a_binary_file_is_not_printed_to_a_terminal(monkeypatch):
    import sys

    from fuwumaoyi_cli.cli import app as cli_app

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    with pytest.raises(Exception) as raised:  # typer.Exit, caught by the runner in real use
        cli_app.write_output(None, None, b"PK\x03\x04", "a workbook")
    assert getattr(raised.value, "exit_code", None) == 2
