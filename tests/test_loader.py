"""load_dataset() and check_file(): the bundled data, the documented example, and every kind of bad file."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from fuwumaoyi_cli import DataError, Problem, check_file, load_dataset
from fuwumaoyi_cli.cases.sections import SECTION_KINDS

HERE = Path(__file__).resolve().parent
MINIMAL = HERE / "data" / "minimal.toml"
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundled():
    return load_dataset()


# The bundled file


def test_bundled_has_twenty_cases_in_order(bundled):
    assert bundled.schema_version == 2
    assert bundled.ids == tuple(range(1, 21))
    assert check_file(bundled.path) == []


def test_source_says_only_what_the_document_says(bundled):
    assert bundled.source.title == "深化服务贸易创新发展试点最佳实践案例"
    assert bundled.source.label == "附件"
    assert bundled.source.language == "zh-CN"


def test_case_14_has_a_background_and_its_own_results_heading(bundled):
    sections = bundled.get(14).sections
    assert [s.heading for s in sections] == ["背景情况", "主要做法", "实施成效", "下一步工作思路"]
    assert [s.kind for s in sections] == ["background", "practices", "results", "next_steps"]


def test_case_15_has_three_providers_in_printed_order(bundled):
    case = bundled.get(15)
    assert case.providers == ("北京市", "上海市", "武汉市")
    assert case.regions == ("北京市", "上海市", "湖北省")


@pytest.mark.parametrize(
    ("case_id", "region"), [(3, "江苏省"), (5, "重庆市"), (7, "陕西省"), (10, "贵州省"), (16, "湖北省")]
)
def test_regions_are_province_level(bundled, case_id, region):
    assert bundled.get(case_id).regions == (region,)


def test_captions_stand_without_images(bundled):
    leasing = bundled.get(9).section("practices")
    assert leasing.captions[0].text == "图：进口保税设备租赁业务模式"
    assert leasing.captions[0].image is False
    yunshuidai = bundled.get(16).section("practices")
    assert yunshuidai.captions == ()
    assert yunshuidai.points[2].captions[0].text == "云税贷办理流程"
    assert yunshuidai.points[2].captions[0].image is False
    with_captions = [c.id for c in bundled.cases if any(s.all_captions for s in c.sections)]
    assert with_captions == [9, 16]


def test_every_case_has_two_to_five_tags_from_one_vocabulary(bundled):
    vocabulary = {t.name: t.name_en for t in bundled.themes}
    assert 8 <= len(vocabulary) == len(bundled.themes) <= 20
    for case in bundled.cases:
        assert 2 <= len(case.tags) <= 5, case.id
        assert case.tags_en == tuple(vocabulary[t] for t in case.tags), case.id
    # Every theme is used, or it would not belong in the vocabulary.
    assert {t for c in bundled.cases for t in c.tags} == set(vocabulary)


def test_every_section_kind_is_known_and_every_case_is_complete(bundled):
    for case in bundled.cases:
        assert case.title and case.title_en and case.intro and case.page, case.id
        assert len(case.providers) == len({*case.providers}) >= 1, case.id
        assert {s.kind for s in case.sections} <= set(SECTION_KINDS), case.id


def test_the_model_is_frozen(bundled):
    case = bundled.get(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.title = "改"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.sections[0].points[0].lead = "改"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundled.get(9).sections[0].captions[0].image = True  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundled.cases = ()  # type: ignore[misc]
    # Collections are tuples, so they cannot be changed in place either.
    assert isinstance(case.sections, tuple) and isinstance(case.providers, tuple)


def test_model_records_compare_hash_and_print_as_dataclasses_do(bundled):
    # The model writes __eq__, __hash__ and __repr__ once for all its classes (model._Record):
    # they must behave as the ones @dataclass would write.
    from fuwumaoyi_cli.cases.model import Caption, Theme

    @dataclasses.dataclass(frozen=True)
    class Reference:
        name: str
        name_en: str

    theme, same, other = Theme("融资", "financing"), Theme("融资", "financing"), Theme("保险", "insurance")
    assert theme == same and hash(theme) == hash(same) and theme != other
    assert theme != Reference("融资", "financing") and theme != ("融资", "financing")
    reference = repr(Reference("融资", "financing")).rsplit(".", 1)[-1]  # without test_...<locals>.
    assert repr(theme) == reference.replace("Reference", "Theme", 1)
    assert repr(Caption("图：流程")) == "Caption(text='图：流程', image=False)"
    assert len({theme, same, other}) == 2
    again = load_dataset()
    assert again == bundled and again.get(14) == bundled.get(14) and again.get(14) != bundled.get(15)
    assert dataclasses.replace(bundled, path="elsewhere.toml") == bundled  # path is not compared
    assert dataclasses.is_dataclass(bundled.get(1)) and dataclasses.fields(Theme)[0].name == "name"


# The documented example


def test_the_example_loads():
    dataset = load_dataset(MINIMAL)
    case = dataset.get(1)
    assert case.providers == ("示例市", "示例新区")
    assert case.intro_paragraphs == ("这是引言的第一段。", "这是引言的第二段。")
    assert [s.kind for s in case.sections] == ["background", "practices", "results"]
    first, second = case.section("practices").points
    assert first.paragraphs == ("平台汇集企业的物流与结算数据。", "一是对接海关数据。二是对接银行数据。")
    assert first.captions[0].text == "图：平台业务流程" and first.captions[0].image is False
    assert second.text == "" and second.paragraphs == ()
    assert case.tags_en == ("financing", "logistics")


def test_the_example_is_the_one_in_the_docs():
    docs = (HERE.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert f"```toml\n{MINIMAL_TEXT}```" in docs


# Bad files


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "cases.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.fixture
def tmp_file(tmp_path):
    return lambda content: write(tmp_path, content)


def variant(*replacements: tuple[str, str]) -> str:
    """The example file with each `old` (which must be there) replaced by `new`."""
    text = MINIMAL_TEXT
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def load_error(path: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    err = caught.value
    # Whatever went wrong, the CLI can print it on one line that names the file.
    assert "\n" not in str(err)
    assert str(err).startswith(f"{path}: ")
    assert err.path == str(path)
    assert err.problems == check_file(path)
    return err


def messages(path: Path) -> list[str]:
    return [str(p) for p in load_error(path).problems]


def test_tags_en_may_be_left_out(tmp_file):
    path = tmp_file(variant(('tags_en = ["financing", "logistics"]\n', "")))
    assert load_dataset(path).get(1).tags_en == ("financing", "logistics")


def test_not_toml_gives_line_and_column(tmp_file):
    path = tmp_file(variant(("page = 1\n", "page = = 1\n")))
    err = load_error(path)
    [problem] = err.problems
    assert (problem.line, problem.column) == (23, 8)
    assert str(err) == f"{path}: line 23, column 8: not valid TOML: Invalid value"


def test_not_utf8_suggests_converting_from_gbk(tmp_file):
    path = tmp_file(MINIMAL_TEXT.encode("gbk"))
    [message] = messages(path)
    assert "not UTF-8" in message and "GBK" in message and "iconv -f GBK -t UTF-8" in message


def test_utf8_with_byte_order_mark_loads(tmp_file):
    assert load_dataset(tmp_file(MINIMAL_TEXT.encode("utf-8-sig"))).ids == (1,)


def test_missing_file(tmp_path):
    path = tmp_path / "nothing.toml"
    assert str(load_error(path)) == f"{path}: no such file"


def test_directory(tmp_path):
    assert str(load_error(tmp_path)) == f"{tmp_path}: is a directory, not a cases file"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('title = "示例：搭建物流企业融资服务平台"\n', "", "case 1: title: missing"),
        ('title = "示例：搭建物流企业融资服务平台"', 'title = " "', "case 1: title: is empty"),
        ('providers = ["示例市", "示例新区"]\n', "", "case 1: providers: missing"),
        ('regions = ["示例省"]\n', "", "case 1: regions: missing"),
        ('tags = ["融资", "物流"]\n', "tags = []\n", "case 1: tags: is empty"),
        ('heading = "主要做法"\n', "", "case 1: sections[2].heading: missing"),
        ('lead = "汇集物流数据。"\n', "", "case 1: sections[2].points[1].lead: missing"),
        ('caption = "图：平台业务流程", ', "", "case 1: sections[2].points[1].captions[1].caption: missing"),
        ("id = 1\n", "", "case #1: id: missing"),
        ('name_en = "logistics"\n', "", "themes[2].name_en: missing"),
    ],
)
def test_missing_required_field_names_case_and_field(tmp_file, old, new, expected):
    assert expected in messages(tmp_file(variant((old, new))))


def test_duplicate_ids(tmp_file):
    second_case = MINIMAL_TEXT[MINIMAL_TEXT.index("[[cases]]") :]
    assert messages(tmp_file(MINIMAL_TEXT + "\n" + second_case)) == [
        "case 1: id: duplicate id: another case has the same id"
    ]


def test_unknown_section_kind(tmp_file):
    assert messages(tmp_file(variant(('kind = "results"', 'kind = "outcomes"')))) == [
        "case 1: sections[3].kind: unknown kind 'outcomes'; use one of background, practices, results, next_steps"
    ]


def test_tag_not_in_vocabulary(tmp_file):
    path = tmp_file(variant(('tags = ["融资", "物流"]', 'tags = ["融资", "保险"]'), ("tags_en = [", "# tags_en = [")))
    assert messages(path) == ["case 1: tags: '保险' is not a theme defined in [[themes]]"]


def test_tags_en_not_matching_tags(tmp_file):
    path = tmp_file(variant(('tags_en = ["financing", "logistics"]', 'tags_en = ["logistics", "financing"]')))
    assert messages(path) == ["case 1: tags_en: must match tags in [[themes]]: ['financing', 'logistics']"]


def test_tag_listed_twice(tmp_file):
    path = tmp_file(variant(('tags = ["融资", "物流"]', 'tags = ["融资", "融资"]'), ("tags_en = [", "# tags_en = [")))
    assert messages(path) == ["case 1: tags: '融资' is listed more than once"]


def test_theme_defined_twice(tmp_file):
    path = tmp_file(
        variant(
            ('name = "物流"', 'name = "融资"'),
            ('tags = ["融资", "物流"]', 'tags = ["融资"]'),
            ('tags_en = ["financing", "logistics"]', 'tags_en = ["financing"]'),
        )
    )
    assert messages(path) == ["themes: theme '融资' is defined more than once"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("page = 1", 'page = "1"', "case 1: page: must be a whole number, not '1'"),
        ('providers = ["示例市", "示例新区"]', 'providers = "示例市"', "case 1: providers: must be a list of text"),
        ('title = "示例：搭建物流企业融资服务平台"', "title = 5", "case 1: title: must be text, not int"),
        ("image = false", 'image = "no"', "case 1: sections[2].points[1].captions[1].image: must be true or false"),
        ("id = 1", 'id = "1"', "case #1: id: must be a whole number ≥ 1, not '1'"),
        ("id = 1", "id = 0", "case #1: id: must be a whole number ≥ 1, not 0"),
        ("[source]\n", "source = 1\n[x]\n", "source: must be a table"),
    ],
)
def test_wrong_types(tmp_file, old, new, expected):
    assert expected in messages(tmp_file(variant((old, new))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", "schema_version: must be 2 (or 1), not 3"),
        ("true", "schema_version: must be 2 (or 1), not True"),
        ("1.0", "schema_version: must be 2 (or 1), not 1.0"),
        (None, "schema_version: missing (this program reads version 2)"),
    ],
)
def test_schema_version(tmp_file, value, expected):
    new = "" if value is None else f"schema_version = {value}\n"
    assert messages(tmp_file(variant(("schema_version = 2\n", new)))) == [expected]


def test_unknown_field_is_reported_not_silently_dropped(tmp_file):
    path = tmp_file(variant(("captions = [{", "caption = [{")))
    assert messages(path) == [
        "case 1: sections[2].points[1].caption: unknown field; expected one of lead, text, captions"
    ]


def test_captions_under_their_former_name_still_load(tmp_file):
    # Files of schema version 1 (before 0.2) call them figures; in version 2 that is a problem.
    old = ("schema_version = 2", "schema_version = 1")
    case = load_dataset(tmp_file(variant(old, ("captions = [{", "figures = [{")))).get(1)
    assert case.section("practices").points[0].captions[0].text == "图：平台业务流程"
    assert messages(tmp_file(variant(("captions = [{", "figures = [{")))) == [
        "case 1: sections[2].points[1].figures: figures is called captions since schema version 2"
    ]
    both = variant(old, ("captions = [{", 'figures = [{ caption = "图：另一张" }]\ncaptions = [{'))
    assert messages(tmp_file(both)) == [
        "case 1: sections[2].points[1].captions: give captions or figures (its former name), not both"
    ]


def test_sections_written_as_one_table(tmp_file):
    one_table = '[cases.sections]\nkind = "background"\nheading = "背景情况"\ntext = "正文。"\n'
    path = tmp_file(MINIMAL_TEXT[: MINIMAL_TEXT.index("[[cases.sections]]")] + one_table)
    assert messages(path) == ["case 1: sections: must be a list of tables"]


def test_a_section_without_text_or_points(tmp_file):
    path = tmp_file(variant(('text = "平台上线以来，已服务 100 家企业。"\n', "")))
    assert messages(path) == ["case 1: sections[3].text: a section needs text or points"]


def test_a_case_without_sections(tmp_file):
    path = tmp_file(MINIMAL_TEXT[: MINIMAL_TEXT.index("[[cases.sections]]")])
    assert messages(path) == ["case 1: sections: a case needs at least one section"]


def test_a_file_without_cases(tmp_file):
    assert messages(tmp_file(MINIMAL_TEXT[: MINIMAL_TEXT.index("[[cases]]")])) == [
        "cases: the file defines no [[cases]]"
    ]


def test_several_problems_are_reported_together(tmp_file):
    path = tmp_file(
        variant(
            ("schema_version = 2", "schema_version = 3"),
            ('title = "示例：搭建物流企业融资服务平台"\n', ""),
            ('kind = "results"', 'kind = "outcomes"'),
            ('tags = ["融资", "物流"]', 'tags = ["融资", "保险"]'),
        )
    )
    err = load_error(path)
    assert [str(p) for p in err.problems] == [
        "schema_version: must be 2 (or 1), not 3",
        "case 1: tags: '保险' is not a theme defined in [[themes]]",
        "case 1: sections[3].kind: unknown kind 'outcomes'; use one of background, practices, results, next_steps",
        "case 1: title: missing",
    ]
    assert str(err) == f"{path}: schema_version: must be 2 (or 1), not 3 (and 3 more; see `fwmy validate {path}`)"


def test_problem_fields_are_machine_readable(tmp_file):
    [problem] = load_error(tmp_file(variant(('kind = "results"', 'kind = "outcomes"')))).problems
    assert (problem.case_id, problem.field, problem.line) == (1, "sections[3].kind", None)


def test_data_error_stays_on_one_line_when_a_value_has_a_newline():
    err = DataError("f.toml", [Problem("unknown kind 'a\nb'", 1, "kind")])
    assert str(err) == "f.toml: case 1: kind: unknown kind 'a b'"


def test_two_sections_of_one_kind_are_a_problem(tmp_path):
    text = Path(__file__).with_name("data").joinpath("minimal.toml").read_text(encoding="utf-8")
    start = text.index("[[cases.sections]]")
    end = text.index("[[cases.sections]]", start + 1) if "[[cases.sections]]" in text[start + 1 :] else len(text)
    path = tmp_path / "twice.toml"
    path.write_text(text[:end] + "\n" + text[start:end], encoding="utf-8")
    problems = check_file(path)
    assert any("more than one" in str(p) for p in problems), problems


# files that would turn Python's own limits into an internal error, or never end


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("schema_version = 1\nx = " + "9" * 5000 + "\n", "not valid TOML: Exceeds the limit (4300 digits)"),
        ("schema_version = 1\nx = " + "[" * 1000 + "]" * 1000 + "\n", "nested too deeply"),
        ("schema_version = 1\nx = " + "{a = " * 600 + "1" + "}" * 600 + "\n", "nested too deeply"),
    ],
    ids=["a 5,000-digit integer", "arrays 1,000 deep", "inline tables 600 deep"],
)
def test_python_limits_become_a_problem_not_an_internal_error(tmp_file, content, expected):
    path = tmp_file(content)
    [problem] = load_error(path).problems
    assert expected in problem.message


def test_a_device_is_not_read(tmp_path):
    for device in ("/dev/zero", "/dev/null"):
        with pytest.raises(DataError, match="is a device or a socket, not a cases file"):
            load_dataset(device)


def test_a_fifo_with_no_writer_ends_at_once(tmp_path):
    fifo = tmp_path / "cases.toml"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="FIFO"):
        load_dataset(fifo)


def test_a_pipe_is_read_as_a_process_substitution_gives_it(tmp_path):
    read_end, write_end = os.pipe()
    os.write(write_end, MINIMAL_TEXT.encode("utf-8"))
    os.close(write_end)
    try:
        assert load_dataset(f"/dev/fd/{read_end}").ids == (1,)  # --data <(…): /dev/fd/63 resolves to no path
    finally:
        os.close(read_end)


def test_a_file_too_large_is_not_read(tmp_file, monkeypatch):
    from fuwumaoyi_cli.cases import loader

    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    with pytest.raises(DataError, match="larger than"):
        load_dataset(tmp_file(MINIMAL_TEXT))
    read_end, write_end = os.pipe()  # a pipe is cut off too, not read to its end
    os.write(write_end, b"x" * 200)
    try:
        with pytest.raises(DataError, match="larger than"):
            load_dataset(f"/dev/fd/{read_end}")
    finally:
        os.close(read_end)
        os.close(write_end)


def test_an_id_of_many_digits_is_described_without_counting_to_it(tmp_file):
    from fuwumaoyi_cli.cases.ids import describe_ids

    dataset = load_dataset(tmp_file(variant(("id = 1\n", f"id = {10**4000}\n"))))
    assert describe_ids(dataset.ids).startswith("cases are numbered 1000")
    assert describe_ids((1, 10**18)) == f"the cases are 1, {10**18}"


def test_the_checker_is_linear_in_the_number_of_themes():
    # 50,000 themes took over 90 s when each name was counted against all the others.
    import time

    from fuwumaoyi_cli.cases.check import dataset_from_dict

    n = 20_000
    themes = [{"name": f"主题{i}", "name_en": f"theme {i}"} for i in range(n)]
    case = {"id": 1, "title": "标题", "providers": ["某市"], "regions": ["某省"], "tags": [t["name"] for t in themes]}
    case["sections"] = [{"kind": "practices", "heading": "主要做法", "text": "正文。"}]
    start = time.perf_counter()
    dataset, problems = dataset_from_dict({"schema_version": 1, "themes": themes, "cases": [case]})
    assert time.perf_counter() - start < 2  # ~0.1 s; quadratic, ~15 s
    assert problems == [] and len(dataset.get(1).tags) == n
