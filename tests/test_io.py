"""Case files: every kind of bad input gives CaseValidationError with file, field and line."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from sistercity import Case, CaseValidationError, case_schema, loads_case, read_case
from sistercity.exceptions import ArgumentError, ArgumentTypeError, Problem, SisterCityError

GOOD = """\
id: demo
title: Demo case
actors:
  - id: bogor
    name: Pemerintah Kota Bogor
    level: subnational
    kind: government
    country: ID
  - id: kisarazu
    name: Kisarazu City
    level: subnational
    kind: government
    country: JP
agreements:
  - id: loi
    kind: letter_of_intent
    parties: [bogor, kisarazu]
    signed: 2016-11-18
    term: P5Y
    renewal_window: P6M
    binding: false
    sectors: [pendidikan, agriculture]
commitments:
  - id: exchange
    agreement: loi
    sector: education
    title: Student exchange
observations:
  - commitment: exchange
    date: 2017
    level: 3
"""


def _problems(text: str, fmt: str = "yaml", **kw: int) -> tuple[Problem, ...]:
    with pytest.raises(CaseValidationError) as info:
        loads_case(text, format=fmt, file=f"case.{fmt}", **kw)  # type: ignore[arg-type]
    assert info.value.problems
    assert all(p.file == f"case.{fmt}" for p in info.value.problems)
    return info.value.problems


def test_good_case_reads_and_keeps_partial_dates() -> None:
    case = loads_case(GOOD, format="yaml")
    assert case.agreements[0].sectors == ("education", "agriculture")
    assert str(case.agreements[0].signed) == "2016-11-18"
    assert case.observations[0].date.precision == "year"
    assert str(case.agreements[0].end) == "2021-11-18"


def test_errors_are_value_errors_and_sistercity_errors() -> None:
    assert issubclass(CaseValidationError, ValueError)
    assert issubclass(CaseValidationError, SisterCityError)


def test_broken_yaml_syntax() -> None:
    (p,) = _problems("id: x\ntitle: [unclosed\n")
    assert p.message.startswith("YAML syntax")
    assert p.line is not None


def test_broken_json_syntax() -> None:
    (p,) = _problems('{"id": "x", "title": }', fmt="json")
    assert p.message.startswith("JSON syntax")
    assert (p.line, p.column) == (1, 22)


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    (p,) = _problems(text)
    assert "empty" in p.message or "top level" in p.message


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "list"), ("just text\n", "string"), ("42\n", "int")])
def test_top_level_not_a_mapping(text: str, kind: str) -> None:
    (p,) = _problems(text)
    assert f"top level is a {kind}" in p.message


def test_unknown_field_names_the_near_miss_and_its_line() -> None:
    (p,) = _problems(GOOD.replace("    title: Student exchange", "    titel: Student exchange\n    title: x"))
    assert p.path == "commitments[0].titel"
    assert "did you mean 'title'" in p.message
    assert p.line == 27


def test_missing_required_field() -> None:
    (p,) = _problems(GOOD.replace("    sector: education\n", ""))
    assert p.path == "commitments[0].sector"
    assert "required field 'sector' is missing" in p.message


def test_wrong_type() -> None:
    (p,) = _problems(GOOD.replace("    binding: false", "    binding: perhaps"))
    assert p.path == "agreements[0].binding"
    assert p.line == 21


def test_unknown_sector_suggests_the_canonical_id() -> None:
    (p,) = _problems(GOOD.replace("sector: education", "sector: educaton"))
    assert p.path == "commitments[0].sector"
    assert "did you mean 'education'" in p.message
    assert p.line == 26


def test_unknown_obstacle_category() -> None:
    text = GOOD + "obstacles:\n  - id: o\n    kind: obstacle\n    category: wheather\n    title: Rain\n"
    (p,) = _problems(text)
    assert p.path == "obstacles[0].category"
    assert "unknown obstacle category" in p.message


def test_dangling_reference() -> None:
    (p,) = _problems(GOOD.replace("commitment: exchange", "commitment: exchnage"))
    assert p.path == "observations[0].commitment"
    assert "no commitment with id 'exchnage'" in p.message and "did you mean 'exchange'" in p.message


def test_duplicate_id() -> None:
    text = GOOD.replace("  - id: kisarazu", "  - id: bogor")
    problems = _problems(text)
    assert any(p.path == "actors[1].id" and "duplicate actor id" in p.message for p in problems)


def test_impossible_date() -> None:
    (p,) = _problems(GOOD.replace("signed: 2016-11-18", "signed: 2016-13-40"))
    assert p.path == "agreements[0].signed"
    assert "month 13" in p.message


def test_agreement_ends_before_it_starts() -> None:
    (p,) = _problems(GOOD.replace("    term: P5Y\n", "    ends: 2015\n"))
    assert p.path == "agreements[0].ends"
    assert "before it starts" in p.message


@pytest.mark.parametrize("level", ["4", "-1", "high"])
def test_level_outside_scale(level: str) -> None:
    (p,) = _problems(GOOD.replace("level: 3", f"level: {level}"))
    assert p.path == "observations[0].level"
    assert "0-3" in p.message


def test_every_problem_is_reported_at_once() -> None:
    text = GOOD.replace("kind: government\n    country: JP", "kind: govt\n    country: JPN").replace(
        "level: 3", "level: 9"
    )
    problems = _problems(text)
    assert {p.path for p in problems} == {"actors[1].kind", "actors[1].country", "observations[0].level"}


def test_non_utf8_bytes() -> None:
    with pytest.raises(CaseValidationError) as info:
        loads_case("id: x\ntitle: caf\xe9\n".encode("latin-1"), format="yaml", file="f.yaml")
    (p,) = info.value.problems
    assert "not valid UTF-8" in p.message and p.line == 2


def test_binary_bytes() -> None:
    with pytest.raises(CaseValidationError) as info:
        loads_case(b"\x89PNG\r\n\x1a\n\x00\x00\x00", format="yaml", file="f.yaml")
    assert "binary" in info.value.problems[0].message


def test_python_object_tags_are_refused() -> None:
    (p,) = _problems("id: x\ntitle: !!python/object/apply:os.system ['echo pwned']\n")
    assert "refused" in p.message
    assert p.line == 2


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    text = "\n".join(lines) + "\n"
    t0 = time.perf_counter()
    (p,) = _problems(text)
    assert time.perf_counter() - t0 < 5  # bounded: refused on the event stream, nothing is built
    assert "alias bomb" in p.message


def test_deep_nesting_is_refused() -> None:
    (p,) = _problems("id: x\ntitle: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting deeper than 64" in p.message
    (q,) = _problems('{"id": "x", "title": ' + "[" * 5000 + "]" * 5000 + "}", fmt="json")
    assert "nest" in q.message


def test_size_limit(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_text(GOOD + "notes:\n" + "  - padding padding padding\n" * 200, encoding="utf-8")
    with pytest.raises(CaseValidationError) as info:
        read_case(f, max_bytes=1000)
    assert "limit is 1,000" in info.value.problems[0].message
    assert read_case(f).id == "demo"


def test_duplicate_keys_are_not_silently_overwritten() -> None:
    (p,) = _problems("id: x\ntitle: A\ntitle: B\n")
    assert "duplicate key 'title'" in p.message and p.line == 3
    (q,) = _problems('{"id": "x", "title": "A", "title": "B"}', fmt="json")
    assert "duplicate key 'title'" in q.message


def test_norway_and_yes_stay_strings() -> None:
    case = loads_case(GOOD.replace("country: JP", "country: NO").replace("title: Demo case", "title: yes"),
                      format="yaml")
    assert case.actors[1].country == "NO"
    assert case.title == "yes"


def test_json_problems_carry_lines() -> None:
    data = json.loads(json.dumps(loads_case(GOOD, format="yaml").to_dict()))
    data["commitments"][0]["sector"] = "educaton"
    text = json.dumps(data, indent=2)
    (p,) = _problems(text, fmt="json")
    assert p.path == "commitments[0].sector" and p.line is not None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseValidationError) as info:
        read_case(tmp_path / "nope.yaml")
    assert "cannot read the file" in info.value.problems[0].message


def test_read_case_by_suffix_and_sniffing(tmp_path: Path) -> None:
    case = loads_case(GOOD, format="yaml")
    case.to_json(tmp_path / "c.json")
    case.to_yaml(tmp_path / "c.yml")
    (tmp_path / "c.txt").write_text(case.to_json(), encoding="utf-8")
    assert read_case(tmp_path / "c.json") == case
    assert read_case(tmp_path / "c.yml") == case
    assert read_case(tmp_path / "c.txt") == case


def test_bad_format_argument() -> None:
    with pytest.raises(ValueError, match="format must be"):
        loads_case("id: x", format="toml")  # type: ignore[arg-type]


def test_schema_describes_the_fields() -> None:
    schema = case_schema()
    assert schema["required"] == ["id", "title"]
    assert set(schema["properties"]) == set(Case.model_fields)
    signed = schema["$defs"]["Agreement"]["properties"]["signed"]
    assert "2016-11" in json.dumps(signed)


def test_bare_number_term_is_refused_in_files_but_months_in_python() -> None:
    (p,) = _problems(GOOD.replace("term: P5Y", "term: 5"))
    assert p.path == "agreements[0].term" and "ambiguous" in p.message
    case = loads_case(GOOD, format="yaml")
    assert case.agreements[0].model_copy(update={"term": 60}).term == 60


def test_type_and_reference_problems_are_reported_together() -> None:
    text = GOOD.replace("kind: government\n    country: JP", "kind: govt\n    country: JP").replace(
        "commitment: exchange", "commitment: exchnage"
    )
    problems = _problems(text)
    assert {p.path for p in problems} == {"actors[1].kind", "observations[0].commitment"}
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)  # document order


def test_a_reference_to_a_broken_record_is_not_reported_twice() -> None:
    # the actor 'kisarazu' is ill-typed; the agreement naming it must not also be called dangling
    problems = _problems(GOOD.replace("kind: government\n    country: JP", "kind: govt\n    country: JP"))
    assert [p.path for p in problems] == ["actors[1].kind"]


def test_python_construction_reports_both_kinds_too() -> None:
    case = loads_case(GOOD, format="yaml").to_dict()
    case["actors"][1]["level"] = "city"
    case["observations"][0]["commitment"] = "nope"
    with pytest.raises(CaseValidationError) as info:
        Case(**case)
    assert {p.path for p in info.value.problems} == {"actors[1].level", "observations[0].commitment"}


def test_positions_point_at_the_value_or_at_an_unknown_key() -> None:
    (p,) = _problems(GOOD.replace("sector: education", "sector: educaton"))
    assert (p.line, p.column) == (26, 13)  # the value 'educaton'
    (q,) = _problems(GOOD.replace("    title: Student exchange", "    titel: Student exchange\n    title: x"))
    assert (q.line, q.column) == (27, 5)  # the unknown key 'titel'


# ----------------------------------------------------------------------------- documents (every file reader)


def test_a_document_gives_positions_only_when_asked_and_for_both_formats() -> None:
    from sistercity.io import loads_document

    calls: list[int] = []
    doc = loads_document(GOOD, format="yaml", file="case.yaml")
    assert doc.position(["actors", 1, "country"]) == (13, 14)  # line 13: "    country: JP"
    assert doc.position(["actors", 1, "country"], key=True) == (13, 5)
    assert doc.position(["no", "such", "path"]) is None
    jdoc = loads_document(json.dumps(loads_case(GOOD, format="yaml").to_dict(), indent=1), format="json")
    line, _col = jdoc.position(["actors", 0, "id"]) or (0, 0)
    assert line > 1
    from sistercity.io import Document

    def positions() -> dict[tuple[str | int, ...], tuple[int, int]]:
        calls.append(1)
        return {("id",): (3, 4)}

    lazy = Document({"id": 5}, format="yaml", positions=positions)
    assert calls == []
    with pytest.raises(CaseValidationError) as err:
        lazy.validate(Case)
    assert calls == [1]  # computed once, for the problems
    assert {(p.path, p.line) for p in err.value.problems} == {("id", 3), ("title", None)}


def test_a_document_validates_plain_pydantic_models_with_our_error() -> None:
    from pydantic import BaseModel

    from sistercity.io import loads_document

    class Point(BaseModel):
        x: int
        y: int

    doc = loads_document("x: 1\ny: nope\n", format="yaml", file="p.yaml")
    with pytest.raises(CaseValidationError) as err:
        doc.validate(Point)
    (p,) = err.value.problems
    assert (p.file, p.line, p.column, p.path) == ("p.yaml", 2, 4, "y")
    assert loads_document("x: 1\ny: 2\n", format="yaml").validate(Point) == Point(x=1, y=2)


@pytest.mark.parametrize(("text", "fmt"), [("", "yaml"), ("  \n", "json"), ("- a\n", "yaml"), ("[1]", "json")])
def test_a_document_says_what_its_top_level_should_be(text: str, fmt: str) -> None:
    from sistercity.io import loads_document

    doc = loads_document(text, format=fmt, file="d")  # type: ignore[arg-type]
    with pytest.raises(CaseValidationError) as err:
        doc.validate(Case)
    assert "expected a mapping with at least 'id' and 'title'" in err.value.problems[0].message
    with pytest.raises(CaseValidationError) as err:
        doc.validate(Case, expected="a case")
    assert err.value.problems[0].message.endswith("; expected a case")


def test_read_document_picks_the_format_by_ending_or_first_byte(tmp_path: Path) -> None:
    from sistercity.io import read_document

    for name, text, fmt in (("a.yml", "a: 1\n", "yaml"), ("a.json", '{"a": 1}', "json"),
                            ("a.txt", ' {"a": 1}', "json"), ("a", "a: 1\n", "yaml")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        doc = read_document(tmp_path / name)
        assert (doc.format, doc.data, doc.file) == (fmt, {"a": 1}, str(tmp_path / name))
    (tmp_path / "b.json").write_text("{'a': 1}", encoding="utf-8")
    with pytest.raises(CaseValidationError, match="JSON syntax"):
        read_document(tmp_path / "b.json")


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"max_depth": "x"}, ArgumentTypeError), ({"max_nodes": None}, ArgumentTypeError),
    ({"max_bytes": True}, ArgumentTypeError), ({"max_depth": 0}, ArgumentError),
])
def test_bad_limits_are_argument_errors(kwargs: dict[str, object], error: type[Exception]) -> None:
    from sistercity import datasets

    with pytest.raises(error):
        read_case(datasets.path("bogor-kisarazu"), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(error):
        loads_case("id: x\n", format="yaml", **kwargs)  # type: ignore[arg-type]


def test_a_file_name_that_is_not_text_is_an_argument_type_error() -> None:
    with pytest.raises(ArgumentTypeError, match="file must be"):
        loads_case("id: x\n", format="yaml", file=5)  # type: ignore[arg-type]
