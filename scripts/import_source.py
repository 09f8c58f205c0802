#!/usr/bin/env python3
"""Turn the extracted source text into data/cases.toml (run once; kept for provenance).

Usage: python3 scripts/import_source.py [SOURCE.txt] > data/cases.toml

The structure (sections, numbered points, lead sentences, figures) is read from the text;
what the text cannot say (English titles, themes, provinces) comes from CASE_META below.
Repairs are mechanical only and are reported on stderr:
- a paragraph cut by a page break (a line that does not end a sentence) is joined to the next;
- lines are stripped of surrounding spaces. Spaces inside a line are kept as printed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "data" / "source" / "000_3e070ed0c64f7355.txt"

HEADER = re.compile(r"^(\d{1,2})\. (.+)\n\n[(（](.+?)提供[)）]\s*$", re.M)
TOC_ROW = re.compile(r"^\|\s*(\d{1,2})\.\s*(.+?)\s*\|\s*(\d+)\s*\|", re.M)
SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
POINT = re.compile(r"^[(（]([一二三四五六七八九十]+)[)）]\s*(.*)$")
SENTENCE_END = re.compile(r"^.*?[。！？]")
# A line ending in one of these ends its paragraph; any other was cut by a page break.
PARAGRAPH_END = tuple("。；：！？”）)")
# Captions of figures whose images the extracted text does not hold.
FIGURE_CAPTIONS = ("图：进口保税设备租赁业务模式", "云税贷办理流程")
NUMERALS = "一二三四五六七八九十"

THEMES = [
    ("融资", "financing"),
    ("保险", "insurance"),
    ("知识产权", "intellectual property"),
    ("信用", "credit rating"),
    ("中小企业", "SMEs"),
    ("生物医药", "biomedicine"),
    ("通关便利", "customs facilitation"),
    ("物流", "logistics"),
    ("跨境电商", "cross-border e-commerce"),
    ("会展", "exhibitions"),
    ("数字贸易", "digital trade"),
    ("大数据", "big data"),
    ("金融科技", "fintech"),
    ("共享服务", "shared platforms"),
    ("租赁", "leasing"),
    ("技术贸易", "technology trade"),
    ("政务服务", "government services"),
    ("灵活就业", "flexible employment"),
    ("服务外包", "service outsourcing"),
]

REGION_OF = {
    "杭州市": "浙江省",
    "南京市": "江苏省",
    "苏州市": "江苏省",
    "广州市": "广东省",
    "重庆两江新区": "重庆市",
    "威海市": "山东省",
    "陕西西咸新区": "陕西省",
    "天津市": "天津市",
    "贵州贵安新区": "贵州省",
    "上海市": "上海市",
    "北京市": "北京市",
    "武汉市": "湖北省",
    "成都市": "四川省",
    "海南省": "海南省",
}

CASE_META = {
    1: ("Developing a New “Online + Exhibition + Trade” Service Model", ["会展", "数字贸易", "物流"]),
    2: (
        "Building a Pooled Export Credit Insurance Platform for Small and Medium-sized Services Trade Enterprises",
        ["保险", "中小企业"],
    ),
    3: (
        "Building an End-to-end, Whole-ecosystem Service System for Intellectual Property Commercialisation",
        ["知识产权", "融资", "技术贸易"],
    ),
    4: (
        "Developing “Yuexinrong”, a New Model of Credit Rating and Financing Services for Enterprises",
        ["融资", "信用", "大数据", "中小企业", "金融科技"],
    ),
    5: (
        "Piloting “Xinyidai” Credit Loans for Micro, Small and Medium-sized Services Trade Enterprises",
        ["融资", "信用", "大数据", "金融科技", "中小企业"],
    ),
    6: (
        "China–Korea “Four-Port Linkage”: Multimodal Transport Linking Seaports and Airports",
        ["物流", "通关便利", "跨境电商"],
    ),
    7: (
        "“Global Cloud”: A Shared Service Platform for Gig Workers and Freelancers",
        ["灵活就业", "共享服务", "政务服务", "服务外包"],
    ),
    8: (
        "Developing a New Shared-laboratory Model for Third-party Medical Testing",
        ["生物医药", "共享服务", "政务服务"],
    ),
    9: ("Establishing a New “Bonded Goods + Lease Trade” Model", ["租赁", "融资", "通关便利"]),
    10: (
        "Building a Big Data Industry Cluster to Explore New Business Forms and Models of Trade in Services",
        ["大数据", "数字贸易"],
    ),
    11: (
        "Facilitating Customs Clearance of Biological Materials for Experiments in Outsourced Biomedical R&D",
        ["生物医药", "通关便利", "政务服务", "服务外包"],
    ),
    12: (
        "Setting Up a Centralised Supervision and Public Service Platform for Biomedicine",
        ["生物医药", "通关便利", "政务服务"],
    ),
    13: (
        "Applying Tiered Management to Unregistered Medical Devices Imported for R&D (Testing)",
        ["生物医药", "通关便利", "政务服务"],
    ),
    14: (
        "Introducing a New Returns Model for B2C Parcels Imported through Cross-border E-commerce",
        ["跨境电商", "通关便利", "物流"],
    ),
    15: ("Developing New Models of Intellectual Property Pledge Financing", ["知识产权", "融资", "保险", "中小企业"]),
    16: (
        "Yunshuidai: Helping Small and Micro Enterprises Grow with Loans Based on Taxes Paid",
        ["融资", "信用", "大数据", "中小企业", "金融科技"],
    ),
    17: ("Setting Up an “International Biomedicine Insurance Supermarket”", ["保险", "生物医药"]),
    18: ("Building a Cross-border Financial Blockchain Service Platform", ["金融科技", "融资", "中小企业"]),
    19: ("Launching Remote Filing of Technology Import and Export Contracts", ["技术贸易", "政务服务"]),
    20: (
        "Bringing the Administration of Trade in Services into the International Trade “Single Window”",
        ["政务服务", "技术贸易", "服务外包"],
    ),
}


def section_kind(heading: str) -> str:
    if "背景" in heading:
        return "background"
    if "做法" in heading:
        return "practices"
    if "效果" in heading or "成效" in heading:
        return "results"
    if "下一步" in heading:
        return "next_steps"
    raise ValueError(f"unknown section heading {heading!r}")


def paragraphs(body: str, cid: int, repairs: list[str]) -> list[str]:
    """Non-empty lines, with paragraphs cut by a page break joined again."""
    lines = [line.strip() for line in body.splitlines()]
    lines = [line for line in lines if line]
    out: list[str] = []
    joining = False
    for line in lines:
        if joining:
            repairs.append(f"case {cid}: joined “…{out[-1][-12:]}” + “{line[:12]}…”")
            out[-1] += line
        else:
            out.append(line)
        last = out[-1]
        joining = not (last.endswith(PARAGRAPH_END) or SECTION.match(last) or last in FIGURE_CAPTIONS)
    return out


def split_lead(text: str) -> tuple[str, str]:
    m = SENTENCE_END.match(text)
    if not m:
        return text, ""
    return m.group(0), text[m.end() :].strip()


def parse_case(cid: int, body: str, repairs: list[str]) -> dict:
    intro: list[str] = []
    sections: list[dict] = []
    for para in paragraphs(body, cid, repairs):
        sec = SECTION.match(para)
        point = POINT.match(para)
        if sec:
            expected = NUMERALS[len(sections)]
            if sec.group(1) != expected:
                raise ValueError(f"case {cid}: section {sec.group(1)} where {expected} expected")
            heading = sec.group(2).strip()
            sections.append(
                {"kind": section_kind(heading), "heading": heading, "text": [], "figures": [], "points": []}
            )
        elif not sections:
            intro.append(para)
        elif para in FIGURE_CAPTIONS:
            sec = sections[-1]
            if sec["points"]:
                sec["points"][-1]["figures"].append(para)
            elif sec["text"]:
                raise ValueError(f"case {cid}: figure after section text")
            else:
                sec["figures"].append(para)
        elif point:
            sec = sections[-1]
            expected = NUMERALS[len(sec["points"])]
            if point.group(1) != expected:
                raise ValueError(f"case {cid}: point {point.group(1)} where {expected} expected")
            lead, rest = split_lead(point.group(2))
            sec["points"].append({"lead": lead, "text": [rest] if rest else [], "figures": []})
        else:
            sec = sections[-1]
            if sec["points"]:
                sec["points"][-1]["text"].append(para)
            else:
                sec["text"].append(para)
    return {"intro": intro, "sections": sections}


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_text(paras: list[str]) -> str:
    if len(paras) == 1:
        return toml_str(paras[0])
    body = "\n\n".join(p.replace("\\", "\\\\").replace('"', '\\"') for p in paras)
    return '"""\n' + body + '"""'


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def captions_toml(captions: list[str]) -> str:
    items = ", ".join(f"{{ caption = {toml_str(c)}, image = false }}" for c in captions)
    return f"captions = [{items}]"


def render(source: str) -> tuple[str, list[str]]:
    pages = {int(n): int(p) for n, _, p in TOC_ROW.findall(source)}
    heads = list(HEADER.finditer(source))
    en = dict(THEMES)
    repairs: list[str] = []
    out = [
        "# The 20 cases of 深化服务贸易创新发展试点最佳实践案例, structured. Format: docs/data-format.md",
        "# Text is verbatim from data/source/; repairs and choices are listed in data/source/README.md.",
        "schema_version = 2",
        "",
        "[source]",
        'title = "深化服务贸易创新发展试点最佳实践案例"',
        'label = "附件"',
        'note = "The document is headed 附件 (attachment); it names no issuer or date."',
        'language = "zh-CN"',
        'file = "source/000_3e070ed0c64f7355.txt"',
        "",
    ]
    for zh, name in THEMES:
        out += ["[[themes]]", f"name = {toml_str(zh)}", f"name_en = {toml_str(name)}", ""]
    for i, m in enumerate(heads):
        cid = int(m.group(1))
        end = heads[i + 1].start() if i + 1 < len(heads) else len(source)
        parsed = parse_case(cid, source[m.end() : end], repairs)
        providers = [p.strip() for p in re.split(r"[、，,]", m.group(3))]
        regions = list(dict.fromkeys(REGION_OF[p] for p in providers))
        title_en, tags = CASE_META[cid]
        out += [
            "[[cases]]",
            f"id = {cid}",
            f"title = {toml_str(m.group(2).strip())}",
            f"title_en = {toml_str(title_en)}",
            f"providers = {toml_list(providers)}",
            f"regions = {toml_list(regions)}",
            f"page = {pages[cid]}",
            f"tags = {toml_list(tags)}",
            f"tags_en = {toml_list([en[t] for t in tags])}",
            f"intro = {toml_text(parsed['intro'])}",
            "",
        ]
        for sec in parsed["sections"]:
            out += ["[[cases.sections]]", f"kind = {toml_str(sec['kind'])}", f"heading = {toml_str(sec['heading'])}"]
            if sec["figures"]:
                out.append(captions_toml(sec["figures"]))
            if sec["text"]:
                out.append(f"text = {toml_text(sec['text'])}")
            out.append("")
            for point in sec["points"]:
                out += ["[[cases.sections.points]]", f"lead = {toml_str(point['lead'])}"]
                if point["text"]:
                    out.append(f"text = {toml_text(point['text'])}")
                if point["figures"]:
                    out.append(captions_toml(point["figures"]))
                out.append("")
    return "\n".join(out).rstrip() + "\n", repairs


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    text, repairs = render(source.read_text(encoding="utf-8"))
    sys.stdout.write(text)
    for line in repairs:
        print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
