from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from fuwumaoyi_cli.render.wrap import ListParagraph, Paragraph, break_offsets, wrap


def lines(text, width):
    return [line.plain for line in wrap(Text(text), width)]


def test_chinese_breaks_between_characters_not_only_at_spaces():
    out = lines("2019 年初，天猫国际、网易考拉等大型电商平台反映其平台存在大量“退货难”情况。", 20)
    # rich alone would leave "2019" by itself on the first line.
    assert out[0] == "2019 年初，天猫国"
    assert all(cell_len(line) <= 20 for line in out)


def test_no_line_starts_with_closing_punctuation():
    text = "一二三四五六七八九，十一二三四五六七八。一二三四五六七八九）"
    for width in range(4, 24):
        for line in lines(text, width)[1:]:
            assert line[0] not in "，。）", (width, line)


def test_no_line_ends_with_opening_punctuation():
    text = "一二三四五六七八“九十一二三”四五六七（八九十）"
    for width in range(4, 24):
        for line in lines(text, width)[:-1]:
            assert line[-1] not in "“（", (width, line)


def test_latin_words_and_numbers_stay_whole():
    out = lines("推行跨境电商进口B2C包裹退货新模式，风险共担5:3:2", 14)
    assert any("B2C" in line for line in out)
    assert any("5:3:2" in line for line in out)


def test_styles_survive_wrapping():
    text = Text("知识产权质押融资对缓解企业融资难具有重要意义")
    text.stylize("bold", 6, 8)
    out = wrap(text, 8)
    assert [line.plain for line in out] == ["知识产权", "质押融资", "对缓解企", "业融资难", "具有重要", "意义"]
    assert out[1].spans and out[1].spans[0].style == "bold"


def test_paragraph_renders_every_character_once_and_indents():
    console = Console(width=24, color_system=None, record=True)
    source = "在前期“整单良品类”试点退货模式基础上，允许“非整单”“非良品”类包裹退货入区，提升消费者体验。"
    console.print(Paragraph(source, indent=2))
    rendered = console.export_text().splitlines()
    assert all(line.startswith("  ") and cell_len(line) <= 24 for line in rendered)
    assert "".join(line.strip() for line in rendered) == source


@given(st.text(alphabet=st.sampled_from("融资 B2C，。（）“”ab1全角ＡＢ"), max_size=80), st.integers(1, 30))
def test_wrapping_loses_nothing_and_respects_the_width(text, width):
    out = lines(text, width)
    assert "".join(out).replace(" ", "") == text.replace(" ", "")
    offsets = break_offsets(text, width)
    assert offsets == sorted(set(offsets))
    assert all(cell_len(line) <= max(width, 2) for line in out)


def test_a_number_keeps_its_unit():
    text = "授信金额83.7亿元，贷款客户数12349户"
    for width in range(8, 30):
        joined = "|".join(lines(text, width))
        assert "83.7亿元" in joined.replace("|", "") and "83.7|" not in joined and "83.7亿|" not in joined
        assert "12349|" not in joined


def test_a_number_keeps_its_unit_across_a_space():
    text = "云税贷授信客户数 13595 户，授信金额 83.7 亿元，交易金额达 865 万美元，40 余家"
    for width in range(12, 40):  # from the width of the widest figure with its comma
        out = lines(text, width)
        for figure in ("13595 户", "83.7 亿元", "865 万美元", "40 余家"):
            assert any(figure in line for line in out), (width, out)


def test_a_list_breaks_only_between_its_items():
    items = ["知识产权", "融资", "保险", "中小企业", "跨境电商", "区块链"]
    console = Console(width=14, color_system=None, record=True)
    console.print(ListParagraph("、".join(items)))
    rendered = console.export_text().splitlines()
    pieces = [p for line in rendered for p in line.strip().split("、") if p]
    assert pieces == items
    assert not any(line.startswith("、") for line in rendered)


def test_an_unbroken_word_is_measured_once_not_once_a_line(monkeypatch):
    # A 1.6 M-character word took `show` 207 s: what was left of it was measured again after every cut.
    from fuwumaoyi_cli.render import wrap as wrapping

    measured = []
    monkeypatch.setattr(wrapping, "cell_len", lambda text: measured.append(len(text)) or cell_len(text))
    word = "a" * 200_000
    offsets = break_offsets(word, 80)
    assert offsets == list(range(80, 200_000, 80))
    assert sum(measured) <= 3 * len(word)  # linear: each character a small number of times
