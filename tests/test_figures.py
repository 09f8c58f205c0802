"""Key figures, checked on real sentences from the 20 cases."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuwumaoyi_cli import Case, Point, Section, load_dataset
from fuwumaoyi_cli.keyfigures import extract_key_figures
from fuwumaoyi_cli.render.analysis import render_key_figures
from golden_check import assert_matches_golden, display_width, render


def case_with(text: str, kind: str = "results", heading: str = "实践效果") -> Case:
    point = Point(number=2, lead="领句。", text=text)
    section = Section(number=1, kind=kind, heading=heading, points=(point,))
    return Case(1, "标题", "", ("某市",), ("某省",), 1, (), (), "", (section,))


def figures_in(text: str) -> list[dict]:
    return [f.to_dict() for f in extract_key_figures(case_with(text))]


def texts_in(text: str) -> list[str]:
    return [f["text"] for f in figures_in(text)]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_money_is_normalised_to_yuan_and_dollars():
    figures = figures_in(
        "截至 2019 年年底，云税贷授信客户数 13595 户，授信金额 83.7 亿元，贷款客户数 12349 户，贷款余额 72 亿元。"
    )
    money = [(f["text"], f["value"], f["unit"]) for f in figures if f["kind"] == "money"]
    assert money == [("83.7 亿元", 8370000000, "CNY"), ("72 亿元", 7200000000, "CNY")]
    (usd,) = figures_in("协助苏州一家企业完成 22 件国际专利购买，交易金额达 865 万美元。")[1:]
    assert (usd["text"], usd["value"], usd["unit"]) == ("865 万美元", 8650000, "USD")


def test_whole_values_are_ints_so_json_shows_no_float_noise():
    (figure,) = figures_in("贷款金额 8279.6 万元。")
    assert figure["value"] == 82796000 and isinstance(figure["value"], int)
    (big,) = figures_in("累计撮合银企融资对接金额1.07万亿元。")
    assert big["value"] == 1_070_000_000_000
    assert json.dumps(figures_in("合同总金额41821.93万美元。")[0]["value"]) == "418219300"


def test_renminbi_written_out_is_cny():
    figures = figures_in("营业收入已达到 1500 万人民币，预付保险费50万元人民币。")
    assert [(f["text"], f["value"], f["unit"]) for f in figures] == [
        ("1500 万人民币", 15000000, "CNY"),
        ("50万元人民币", 500000, "CNY"),
    ]


def test_percentages_including_written_out_fractions():
    figures = figures_in("专利技术与专有技术进口占技术进口总额的91.67%，评估时长压缩四分之一，覆盖百分之八十。")
    assert [(f["text"], f["value"], f["unit"]) for f in figures] == [
        ("91.67%", 91.67, "percent"),
        ("四分之一", 25, "percent"),
        ("百分之八十", 80, "percent"),
    ]


def test_ranges_keep_both_ends():
    (multiple,) = figures_in("额度是在企业上年度纳税的基础上放大5-7倍。")
    assert (multiple["value"], multiple["value_min"], multiple["value_max"], multiple["unit"]) == (None, 5, 7, "times")
    (money,) = figures_in("出口收汇金额在50万美元至800万美元的企业。")
    assert (money["text"], money["value_min"], money["value_max"], money["unit"]) == (
        "50万美元至800万美元",
        500000,
        8000000,
        "USD",
    )
    days = figures_in("审批由原有 20—30 个工作日缩减为 1—3 个工作日。")
    assert [(f["text"], f["value_min"], f["value_max"], f["unit"]) for f in days] == [
        ("20—30 个工作日", 20, 30, "workday"),
        ("1—3 个工作日", 1, 3, "workday"),
    ]
    assert texts_in("纳税额放大 7 倍至 9 倍。") == ["7 倍至 9 倍"]


def test_a_range_borrows_the_magnitude_of_its_high_end():
    (figure,) = figures_in("单笔贷款1-3万元。")
    assert (figure["value_min"], figure["value_max"]) == (10000, 30000)


def test_approximate_and_bounded_numbers_keep_their_words():
    figures = figures_in(
        "已吸纳各类机构 40 余家，注册会员2000多家，通过认证企业近 1000 家，可提供超过15 项的检测内容，"
        "盘活资金 700 余万元，缩短退货时间 5 天左右，单户贷款金额最高不超过 500 万元。"
    )
    assert [(f["text"], f["value"], f["qualifier"]) for f in figures] == [
        ("40 余家", 40, "over"),
        ("2000多家", 2000, "over"),
        ("近 1000 家", 1000, "about"),
        ("超过15 项", 15, "over"),
        ("700 余万元", 7000000, "over"),
        ("5 天左右", 5, "about"),
        ("最高不超过 500 万元", 5000000, "under"),
    ]


def test_chinese_numerals_count_only_with_a_qualifier():
    figures = figures_in(
        "累计注册创客人数近千人，注册企业百余家，实现收益的创客九百多名，国内三大运营商提供一站式服务。"
    )
    assert [(f["text"], f["value"], f["unit"], f["qualifier"]) for f in figures] == [
        ("近千人", 1000, "人", "about"),
        ("百余家", 100, "家", "over"),
        ("九百多名", 900, "名", "over"),
    ]


def test_chinese_numerals_for_months_money_and_bounds():
    figures = figures_in("两个月内完成，累计放款超百亿元，带来近千万元的订单，三家以上企业参与。")
    assert [(f["text"], f["kind"], f["value"], f["unit"], f["qualifier"]) for f in figures] == [
        ("两个月内", "duration", 2, "month", "under"),  # not 两个 of something
        ("超百亿元", "money", 10_000_000_000, "CNY", "over"),
        ("近千万元", "money", 10_000_000, "CNY", "about"),
        ("三家以上", "count", 3, "家", "over"),
    ]
    # Some tens of a unit are more than ten; a numeral that names a way of working is no figure.
    figures = figures_in("造成数百万元的损失，几十家企业受益，实行一元化管理，五元钱，创客人数九百多名。")
    assert [(f["text"], f["value"], f["qualifier"]) for f in figures] == [
        ("数百万元", 1_000_000, "over"),
        ("几十家", 10, "over"),
        ("九百多名", 900, "over"),  # 人数 is a word: 九百 is not some hundreds
    ]


def test_a_count_before_a_bounded_one_counts_what_it_counts():
    figures = figures_in("实验室可提供两大类超过15 项的检测内容，日检测量达 50 项。")
    assert [(f["text"], f["label"], f["per"]) for f in figures] == [
        ("两大类", "检测内容", None),
        ("超过15 项", "检测内容", None),
        ("50 项", "日检测量", "day"),  # a label that begins with 日 is per day
    ]


def test_percentage_points_and_standard_boxes():
    figures = figures_in("贷款利率下降1.5个百分点，港口吞吐量达20万标箱。")
    assert [(f["text"], f["kind"], f["value"], f["unit"]) for f in figures] == [
        ("1.5个百分点", "percent", 1.5, "point"),
        ("20万标箱", "count", 200000, "TEU"),
    ]


def test_signing_is_not_about():
    (figure,) = figures_in("与思爱普等公司签约 20 个大数据项目。")
    assert (figure["text"], figure["qualifier"]) == ("20 个", None)


def test_years_and_dates_are_not_quantities():
    assert texts_in("此次统保平台服务期限为2019年11月1日至2020年10月31日。") == []
    assert texts_in("2020年1-2月，苏知中心共登记技术进出口合同61份。") == ["61份"]
    assert texts_in("于 2019 年 8 月在全国范围内率先被海关总署赋权。") == []
    assert texts_in("《国务院办公厅关于促进金融租赁行业健康发展的指导意见》(国办发〔2015〕69号)") == []


def test_durations_are_quantities_even_when_written_in_words():
    figures = figures_in("最高为200万元，贷款期限一年，获批时限缩短了 1.5 年，第一年预计企业覆盖面可近 20%。")
    durations = [(f["text"], f["value"], f["unit"]) for f in figures if f["kind"] == "duration"]
    assert durations == [("一年", 1, "year"), ("1.5 年", 1.5, "year")]


def test_round_the_clock_is_not_a_duration():
    figures = figures_in("实现 7*24 小时自助全流程线上操作，最快 3 分钟即可到账。")
    assert [(f["text"], f["unit"], f["qualifier"]) for f in figures] == [("最快 3 分钟", "minute", "under")]


def test_a_ceiling_reached_is_a_bound():
    figures = figures_in("单笔贷款最高达 800 万元，项目补助最高可达 50 万元。")
    assert [(f["text"], f["qualifier"], f["label"]) for f in figures] == [
        ("最高达 800 万元", "under", "单笔贷款"),
        ("最高可达 50 万元", "under", "项目补助"),
    ]


def test_days_after_a_month_are_dates_but_alone_are_durations():
    assert [(f["text"], f["unit"], f["qualifier"]) for f in figures_in("难以在海关放行 30 日内运抵综保区内。")] == [
        ("30 日内", "day", "under")
    ]


def test_areas_counts_and_units_of_the_source():
    figures = figures_in(
        "已投资建成两个面积各达 1200 平米的标准共享实验室，2019年全年展览面积超过20万平方米，货物 400TCU 以上。"
    )
    assert [(f["text"], f["kind"], f["value"], f["unit"]) for f in figures] == [
        ("两个", "count", 2, "个"),  # a Chinese numeral of two or more with its measure word counts
        ("1200 平米", "area", 1200, "m2"),
        ("超过20万平方米", "area", 200000, "m2"),
        ("400TCU 以上", "count", 400, "TEU"),
    ]


def test_measure_words_lengths_and_weights_of_the_genre():
    # Written for the test, in the way the sentences of benchmarks/figures/written-dev6.toml write them.
    figures = figures_in(
        "学校与 15 所海外高校合作，开设课程 80 门，出口纪录片 12 部、360 余集，受理纠纷 46 起，"
        "码头靠泊邮轮 52 艘次，园区占地 900 亩，铺设管线 3.5 公里，年运送货物 6000 吨。"
    )
    assert [(f["text"], f["kind"], f["unit"]) for f in figures] == [
        ("15 所", "count", "所"),
        ("80 门", "count", "门"),
        ("12 部", "count", "部"),
        ("360 余集", "count", "集"),
        ("46 起", "count", "起"),
        ("52 艘次", "count", "艘次"),
        ("900 亩", "area", "mu"),
        ("3.5 公里", "length", "km"),
        ("6000 吨", "weight", "t"),
    ]
    assert figures[-1]["per"] == "year"


def test_an_amount_of_each_one_is_not_the_rate_of_the_clause_before():
    figures = figures_in("每年资助境外学员约 600 人，人均资助 2 万元至 5 万元不等。")
    assert [(f["text"], f["per"]) for f in figures] == [("约 600 人", "year"), ("2 万元至 5 万元", None)]


def test_a_number_with_magnitude_but_no_unit_keeps_its_value_and_no_unit():
    (figure,) = figures_in("2019 年，全市知识产权质押贷款额达 23.7 亿，完成全年目标任务的 131%。")[:1]
    assert (figure["kind"], figure["value"], figure["unit"]) == ("number", 2370000000, None)


def test_ratios_are_kept_whole():
    figures = figures_in(
        "按照“7:2:1”的比例建立贷款本金损失共担机制；按照“87.5%:12.5%”的比例设立前期3000万的风险补偿基金。"
    )
    assert [(f["text"], f["kind"], f["label"]) for f in figures] == [
        ("7:2:1", "ratio", "贷款本金损失共担机制"),  # what the ratio shares is named after 的比例
        ("87.5%:12.5%", "ratio", "风险补偿基金"),
        ("3000万", "number", "风险补偿基金"),
    ]
    assert figures[0]["fact"] != figures[1]["fact"]  # two ratios are two facts, though neither has a value
    assert [f["label"] for f in figures_in("双方按1:1的比例分担。")] == ["比例"]


def test_codes_and_ordinals_are_not_figures():
    assert texts_in("推行跨境电商进口 B2C 包裹退货新模式，入选第3批项目。") == []


def test_each_figure_knows_its_sentence_and_section():
    figure = extract_key_figures(case_with("经过多年深耕。服务26个省的4315家参展企业；年展览面积超过15万平方米。"))[1]
    data = figure.to_dict()
    assert data["text"] == "4315家"
    assert data["sentence"] == "服务26个省的4315家参展企业；"
    assert data["where"] == "实践效果（二）"
    assert data["section"] == {"kind": "results", "heading": "实践效果", "point": 2}


def test_figures_of_the_bundled_cases(dataset):
    texts = {case.id: [f.text for f in extract_key_figures(case)] for case in dataset.cases}
    assert texts[16][:3] == ["5-7倍", "最高为200万元", "一年"]
    assert "83.7 亿元" in texts[16]
    assert "8279.6 万元" in texts[3] and "近 1000 家" in texts[3] and "40 余倍" in texts[3]
    assert "91.67%" in texts[19]
    assert texts[9] == []  # the leasing case gives no numbers
    intro_figures = [f for f in extract_key_figures(dataset.get(7)) if f.section_kind is None]
    assert intro_figures == []
    assert all(f.sentence and f.text in f.sentence for c in dataset.cases for f in extract_key_figures(c))


def test_to_dict_is_json_with_chinese_unescaped(dataset):
    data = [f.to_dict() for f in extract_key_figures(dataset.get(16))]
    assert "亿元" in json.dumps(data, ensure_ascii=False)
    assert list(data[0]) == [
        "text",
        "label",
        "subject",
        "kind",
        "value",
        "value_min",
        "value_max",
        "unit",
        "qualifier",
        "per",
        "fact",
        "sentence",
        "where",
        "section",
    ]


@given(st.text(alphabet="0123456789.,%万亿元家年月日天至-—余多近超过以上内 。，", max_size=40))
def test_any_text_gives_figures_that_stand_in_it(text):
    for figure in extract_key_figures(case_with(text)):
        assert figure.text and figure.text in text
        assert (figure.value is None) != (figure.value_min is None) or figure.kind == "ratio"


def test_render_shows_each_sentence_once_with_its_figures(dataset):
    text = render(render_key_figures(extract_key_figures(dataset.get(16))), 80)
    assert "关键数据" in text.splitlines()[0]
    assert text.count("截至 2019 年年底") == 1  # four figures, one sentence
    assert "…" not in text and max(display_width(line) for line in text.splitlines()) <= 80
    assert_matches_golden("figures_16_w80.txt", text)


def test_render_without_figures_says_so(dataset):
    text = render(render_key_figures(extract_key_figures(dataset.get(9))), 60)
    assert "关键数据" in text and "没有带单位的数字" in text


def test_render_prints_markup_in_data_literally():
    text = render(render_key_figures(extract_key_figures(case_with("[/red]增长了 30%[bold]。"))), 100)
    assert "[/red]增长了 30%[bold]。" in text


def test_chinese_numerals_that_name_rather_than_count_are_not_figures():
    text = "实现“一次申报、一次查验”的“三个一”模式，出台“外贸十条”，二次销售，三位一体，先后三次召开专题会，一批项目。"
    assert [f["text"] for f in figures_in(text)] == ["三次"]


@pytest.mark.parametrize(
    ("text", "figure", "label", "subject"),
    [
        ("据统计，企业共节省仓储费用 50 余万元。", "50 余万元", "节省仓储费用", "企业"),
        ("保险责任项下损失的赔偿比例为80%。", "80%", "赔偿比例", None),
        ("截至目前，贷款客户数 12349 户，贷款余额 72 亿元。", "72 亿元", "贷款余额", None),
        ("奉贤区设立 400 万元的政府补偿基金。", "400 万元", "政府补偿基金", None),
        ("截至2019年12月底，共受理239笔技术进出口合同登记申请。", "239笔", "技术进出口合同登记申请", None),
        ("经统计，商品无法在 30 日内完成退货的比例较高。", "30 日内", "完成退货", None),
        ("专利技术与专有技术进口占技术进口总额的91.67%。", "91.67%", "占技术进口总额", "专利技术与专有技术进口"),
        ("整体退货量较新政实施前环比增长 42%。", "42%", "整体退货量环比增长", None),
        # The adverbs that bound a figure, and a verb done, are not what it counts.
        ("10 万元纳税额最高可获得 90 万元贷款。", "10 万元", "纳税额", None),
        ("供需双方满意率高达 90%以上。", "90%以上", "供需双方满意率", None),
        ("展馆面积各达 3000 平方米。", "3000 平方米", "展馆面积", None),
        ("园区已有6家申请单位提交了25批备案申请。", "6家", "申请单位", None),
    ],
)
def test_labels_say_what_a_figure_counts(text, figure, label, subject):
    found = next(f for f in figures_in(text) if f["text"] == figure)
    assert (found["label"], found["subject"]) == (label, subject)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("审批时限由原先的5个工作日压缩到2个工作日以内。", ["审批时限", "审批时限"]),
        ("在进口环节审批由原有 20—30 个工作日缩减为 1—3 个工作日。", ["进口环节审批", "进口环节审批"]),
        ("将风险评估由原先9个环节减少为5个。", ["环节", "环节"]),
        ("审批时间从20个工作日缩减到5个工作日。", ["审批时间", "审批时间"]),
        ("开通至仁川机场的货运包机业务，并逐步由每周2班加密至5班。", ["货运包机业务", "货运包机业务"]),
    ],
)
def test_the_old_and_the_new_value_of_a_change_are_figures_of_what_changes(text, labels):
    assert [f["label"] for f in figures_in(text)] == labels


def test_a_label_names_a_thing_not_a_verb():
    (figure,) = figures_in("重庆两江新区 2019 年便利 28 亿美元贸易融资。")
    assert figure["label"] == "贸易融资"
    assert [f["label"] for f in figures_in("开通全球 57 个国家 68 个城市的在线投资咨询。")] == ["国家", "城市"]
    # A list of one-character nouns is what is counted: not the verb before it.
    (_, counted) = figures_in("展览面积超过20万平方米，服务26个省、直辖市和港澳地区。")
    assert counted["label"] == "省、直辖市和港澳地区"


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # What they became, what they are past the words that describe them, not the next one's words.
        ("全市累计 44 家企业成为国家知识产权示范企业。", ["国家知识产权示范企业"]),
        ("培养 180 多位专业化、国际化的高端技术经理人。", ["高端技术经理人"]),
        ("为45个未到期的存量专利质押贷款项目购买保险。", ["存量专利质押贷款项目"]),
        ("为近 300 家知名互联网企业和中国 70% 的互联网用户提供服务。", ["知名互联网企业", "互联网用户"]),
        # What a change changes, with or without what it is compared with.
        ("申请手续较原先减少了 40% 以上。", ["申请手续减少"]),
        ("发布信贷产品3139个，较年初增长177.04%。", ["发布信贷产品", "较年初增长"]),
        ("在线进行融资审核，大幅缩短审贷时间，最快可缩短至1个工作日。", ["审贷时间"]),
        (
            "品牌服务机构和品牌服务机构培育单位占比超过 40%。",
            ["品牌服务机构和品牌服务机构培育单位占比"],
        ),  # 占比: a noun
    ],
)
def test_labels_name_what_is_counted_past_the_words_around_it(text, labels):
    assert [f["label"] for f in figures_in(text)] == labels


def test_the_base_a_figure_is_compared_with_is_not_its_label():
    (multiple,) = figures_in("额度是在企业上年度纳税的基础上放大5-7倍。")
    assert multiple["label"] == "额度"
    (share,) = figures_in("重庆两江新区较传统模式节省核验时间超过 90%。")
    assert share["label"] == "节省核验时间"
    (money,) = figures_in("缴税越多，贷款额度越高，最高为200万元。")
    assert money["label"] == "贷款额度"


def test_a_count_in_chinese_numerals_ends_the_words_of_the_next_figure():
    figures = figures_in("已投资建成两个展厅面积各达 3000 平方米，新增三个城市航线每周 7 个航班。")
    assert [(f["text"], f["label"]) for f in figures] == [
        ("两个", "展厅面积"),
        ("3000 平方米", "展厅面积"),
        ("三个", "城市航线"),
        ("7 个", "航班"),
    ]


def test_a_share_that_reaches_a_part_of_a_base_is_labelled_by_what_reaches_it():
    figures = figures_in("当风险补偿金达到累计发放贷款金额的3%和5%时，分别启动书面风险预警和暂停放贷处理。")
    assert [(f["label"], f["subject"]) for f in figures] == [("风险补偿金", None), ("风险补偿金", None)]
    assert [f["label"] for f in figures_in("供需双方满意率达到 90%。")] == ["供需双方满意率"]


def test_a_share_whose_subject_is_a_share_is_labelled_by_it():
    (_, share) = figures_in("因该原因导致商品无法在 30 日内完成退货的比例约占整个退货商品的 40%。")
    assert (share["label"], share["subject"]) == ("完成退货的比例", None)
    shares = figures_in("因非整单或非良品无法退单的比例，天猫国际与网易考拉分别占总退单比为 45%和 50%。")
    assert [(f["label"], f["subject"]) for f in shares] == [
        ("无法退单的比例", "天猫国际与网易考拉"),
        ("无法退单的比例", None),
    ]


def test_rates_ranges_of_two_bounds_and_one_label_for_a_list():
    figures = figures_in("威海机场每周7个航班，平均每月货物 400TCU 以上，货值 2.8 亿美元，占业务量的 80% 以上。")
    assert [(f["text"], f["per"]) for f in figures] == [
        ("7个", "week"),
        ("400TCU 以上", "month"),
        ("2.8 亿美元", "month"),
        ("80% 以上", None),  # a share is not a rate
    ]
    # A label that begins with 年 counts a year's worth; 年轻人 and 年底 do not.
    assert [f["per"] for f in figures_in("年展览面积超过15万平方米，年轻人超过100人，年底前完成30家。")] == [
        "year",
        None,
        None,
    ]
    (bounds,) = figures_in("适用于上年服务贸易结算在 50 万美元以上，800 万美元以下的中小企业。")
    assert (bounds["value_min"], bounds["value_max"], bounds["qualifier"]) == (500000, 8000000, None)
    shares = figures_in("天猫国际与网易考拉分别占总退单比为 45%和 50%。")
    assert [f["label"] for f in shares] == ["占总退单比", "占总退单比"]


def test_one_fact_written_several_times_is_one_fact(dataset):
    from fuwumaoyi_cli.keyfigures import distinct_facts

    figures = extract_key_figures(dataset.get(14))
    thirty_days = [f for f in figures if f.value == 30 and f.unit == "day"]
    assert len(thirty_days) >= 5 and len({f.fact for f in thirty_days}) == 1
    facts = distinct_facts(figures)
    assert len(facts) == len({f.fact for f in figures})
    assert dict((f.fact, n) for f, n in facts)[thirty_days[0].fact] == len(thirty_days)


def test_tenths_halves_and_more_measure_words():
    figures = figures_in(
        "通关时间压缩三成以上，外资企业占比近四成，评估时限压缩一半，经过两年多的探索，引进飞机12架，"
        "保障货运航班4800架次，组织对接会不少于2场，结算时间缩短至10 秒以内，接待消费者逾百万人次。"
    )
    assert [(f["text"], f["kind"], f["value"], f["unit"], f["qualifier"]) for f in figures] == [
        ("三成以上", "percent", 30, "percent", "over"),
        ("近四成", "percent", 40, "percent", "about"),
        ("一半", "percent", 50, "percent", None),
        ("两年多", "duration", 2, "year", "over"),
        ("12架", "count", 12, "架", None),
        ("4800架次", "count", 4800, "架次", None),
        ("不少于2场", "count", 2, "场", "over"),
        ("10 秒以内", "duration", 10, "second", "under"),
        ("逾百万人次", "count", 1_000_000, "人次", "over"),
    ]
    # 一成不变 and 三成为 are words; 上一年度 is a time
    assert texts_in("做法一成不变，三成为企业，为上一年度的水平。") == []


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("对每个项目一次性给予100万元奖励。", ["奖励"]),  # given: what is given is named after it
        ("推行新模式后，抽检比例由原来的10%下调至3%。", ["抽检比例", "抽检比例"]),
        ("通过视频远程勘验，理赔周期由平均20天缩短至7天。", ["理赔周期", "理赔周期"]),  # 周期: a noun of time
        ("高于全市平均水平3.2个百分点。", ["高于全市平均水平"]),  # 平均 holds 均, which ends no subject here
        ("跨境结算量较上年增长35%。", ["跨境结算量增长"]),  # what it is compared with is left out…
        ("较上年增长35%。", ["较上年增长"]),  # …unless the verb alone would be left
        ("结算金额折合人民币2150 亿元，累计注册创客人数近千人。", ["结算金额", "注册创客人数"]),
        ("吸引20余家境外律师事务所代表处与律所合作。", ["境外律师事务所代表处"]),
    ],
)
def test_more_labels_of_what_changes_or_is_given(text, labels):
    assert [f["label"] for f in figures_in(text)] == labels


def test_a_rate_stops_at_a_total_and_starts_at_a_year_of_its_own():
    figures = figures_in("每季度组织银企对接会不少于2场，累计帮助企业获得授信超百亿元。")
    assert [f["per"] for f in figures] == ["quarter", None]  # 累计: a total
    assert [f["per"] for f in figures_in("展示交易中心年接待消费者逾百万人次，青年创业者超过100人。")] == ["year", None]


def test_text_of_any_shape_gives_figures_without_fail():
    # A label is looked for a few steps past the words after a count, never as deep as the text goes.
    assert texts_in("引进三个" + "啊的" * 1000 + "企业。") == ["三个"]
    assert len(figures_in("三家" + "超过1家" * 1200 + "。")) == 1201
    # A match starts only where a run of numerals or digits starts: inside one, each position would read
    # the run to its end again.
    from fuwumaoyi_cli.keyfigures.rules import CHINESE_SCANNER_PATTERN, SCANNER_PATTERN, _compiled

    for pattern, run in ((CHINESE_SCANNER_PATTERN, "一" * 50 + "家"), (SCANNER_PATTERN, "1" * 50 + "*2小时")):
        assert all(_compiled(pattern).match(run, at) is None for at in range(1, 50))


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("统一成一个平台，单一成分，三成分，五成新，八成是他干的，九成九的企业，七八成企业。", []),
        ("参保人数十万人，等数十家企业。", [("十万人", 100_000, None), ("数十家", 10, "over")]),
        ("引进三家内资企业，两个月内完成。", [("三家", 3, None), ("两个月内", 2, "under")]),
        ("历时两个多月，提高两个百分点。", [("两个多月", 2, "over"), ("两个百分点", 2, None)]),
        ("吸引上千家企业，包括以下三项措施，为上一年度的。", [("千家", 1000, None), ("三项", 3, None)]),
    ],
)
def test_chinese_numerals_in_words_that_are_no_figure(text, figures):
    assert [(f["text"], f["value"], f["qualifier"]) for f in figures_in(text)] == figures


def test_words_beginning_with_a_year_that_are_no_rate():
    text = "10 家年度优秀企业，500 份年度报告，3000 份月度报表，200 件日用品。"
    assert [f["per"] for f in figures_in(text)] == [None, None, None, None]


def test_a_sentence_with_no_end_is_read_in_bounded_context():
    # Each figure's sentence and label are looked for within CONTEXT characters, not back to the text's start.
    from fuwumaoyi_cli.keyfigures.rules import CONTEXT

    figures = figures_in("3家，" * 3000)
    assert len(figures) == 3000 and all(len(f["sentence"]) <= 2 * CONTEXT + 10 for f in figures)
    sentence = "据统计，企业共节省仓储费用 50 余万元。"
    assert figures_in("前一句。" + sentence + "后一句。")[0]["sentence"] == sentence


def test_a_rate_is_of_its_own_clause_or_of_one_that_only_names_what_it_is():
    figures = figures_in("园区每年承接维修发动机 40 台以上，带动就业两千余人。")
    assert [f["per"] for f in figures] == ["year", None]  # 带动就业: a clause with a verb of its own
    figures = figures_in("快件中心日均验放快件 8.5 万票，单票平均通关时间不足 10 秒。")
    assert [f["per"] for f in figures] == ["day", None]  # 单票: of each single thing, not of a day
    figures = figures_in("每年安排专项资金 2 亿元，对企业给予奖励，单个企业奖励金额不超过 300 万元。")
    assert [f["per"] for f in figures] == ["year", None]  # only the clause just before goes on
    figures = figures_in("服务贸易总额达到 860 亿元，年均增长18.2%。")
    assert [f["per"] for f in figures] == [None, "year"]  # a yearly change is per year, a share is not


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # A change, an amount or a total right after a figure is of what that figure counts…
        ("园区完成保税维修货值约 3.8 亿美元，较上年增长42%。", ["园区完成保税维修货值", "园区完成保税维修货值增长"]),
        ("该行办理跨境人民币结算 3.2 万笔、金额 680 亿元。", ["办理跨境人民币结算", "办理跨境人民币结算金额"]),
        # …unless 分别 gives each change to another figure
        ("新增2.64万笔、金额2494.39亿元，分别同比增长78.11%、30.57%。", ["新增", "新增金额", "同比增长", "同比增长"]),
        # "of 2019" is no other figure
        ("进出口总额由2019年的 860 亿元增长至2022年的 1420 亿元。", ["进出口总额", "进出口总额"]),
        ("单列平均运输时间较海运节省约20天。", ["单列平均运输时间节省"]),  # what is saved is before 较
        ("已为 23 家企业完成数据出境安全评估。", ["企业完成数据出境安全评估"]),  # 企业 alone says too little
        ("试点企业研发设计服务出口额占全省的比重达到 45%。", ["研发设计服务出口额占全省的比重"]),
    ],
)
def test_labels_borrowed_from_the_figure_before_or_the_words_around(text, labels):
    assert [f["label"] for f in figures_in(text)] == labels


def test_a_bounded_half_or_tenths_before_a_verb_and_more_measure_words():
    assert texts_in("接待境外患者2.6万人次，其中近一半来自沿线国家。") == ["2.6万人次", "近一半"]
    assert texts_in("每周开行中欧班列3列，提供房源 1500 套。") == ["3列", "1500 套"]
    assert texts_in("做法一成不变，一半来自他处。") == []  # no bound: a half of what is not said


# --- the prepared figures of the bundled cases -------------------------------------------------------


def test_bundled_figures_are_fresh(dataset):
    """Fails when the rules or data/cases.toml changed without `python scripts/build_index.py`."""
    from fuwumaoyi_cli.keyfigures import build_figures, figures_path

    assert figures_path().read_text(encoding="utf-8") == build_figures(dataset), (
        "stale data/key-figures.json: run scripts/build_index.py"
    )


def test_a_case_the_prepared_file_does_not_hold_as_it_stands_is_read_by_the_rules(dataset, monkeypatch):
    import fuwumaoyi_cli.keyfigures.rules as rules
    from fuwumaoyi_cli.keyfigures import extract_key_figures

    calls = []
    real = rules.key_figures
    monkeypatch.setattr(rules, "key_figures", lambda case: calls.append(case.id) or real(case))
    case = dataset.get(16)
    assert extract_key_figures(case) == real(case) and calls == []  # read from the file
    edited = dataclasses.replace(case, intro=case.intro + "另有 12 家企业获得贷款。")
    assert "12 家" in [f.text for f in extract_key_figures(edited)] and calls == [16]
    results = extract_key_figures(case, "results")
    assert results and all(f.section_kind == "results" for f in results)


def test_a_damaged_prepared_file_falls_back_to_the_rules(dataset, monkeypatch, tmp_path):
    import fuwumaoyi_cli.keyfigures as keyfigures

    case = dataset.get(14)
    expected = keyfigures.extract_key_figures(case)
    for damaged in ("", "not json\n", '{"format": 1}\n14\tbroken', '{"format": 1}\n14\tx\t[1]\n', "[1]\n"):
        (tmp_path / "key-figures.json").write_text(damaged, encoding="utf-8")
        monkeypatch.setattr(keyfigures, "figures_path", lambda: tmp_path / "key-figures.json")
        keyfigures._prepared_lines.cache_clear()
        assert keyfigures.extract_key_figures(case) == expected
    keyfigures._prepared_lines.cache_clear()
