"""The kinds of section a case has: names the command line needs without loading the data model."""

SECTION_KINDS = ("background", "practices", "results", "next_steps")
# The headings each kind has in the source, as a user may type them.
SECTION_HEADINGS = {
    "background": ("背景情况", "背景"),
    "practices": ("主要做法", "做法"),
    "results": ("实践效果", "实施成效", "效果", "成效"),
    "next_steps": ("下一步工作思路", "下一步"),
}
# The short label of each kind, where cases are set side by side (compare's rows).
SECTION_LABELS = {"background": "背景情况", "practices": "主要做法", "results": "实践效果", "next_steps": "下一步"}
