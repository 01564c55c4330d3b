"""Spreadsheets: the template, Case.to_excel, CSV folders, and read_case naming every problem's cell."""

from __future__ import annotations

import csv
import datetime as dt
import io as io_module
import re
import typing
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from sistercity import ArgumentError, Case, CaseValidationError, Problem, datasets, io
from sistercity.cli import main
from sistercity.dates import PartialDate
from sistercity.model import ActorLevel
from strategies.cases import cases
from strategies.sheets import tricky_cases

BOGOR = datasets.load("bogor-kisarazu")
_FIXTURE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _problems(path: Path | str, **kwargs: int) -> list[str]:
    with pytest.raises(CaseValidationError) as info:
        io.read_case(path, **kwargs)
    return [str(p) for p in info.value.problems]


def _edit(path: Path, sheet: str, row: int, column: str, value: object, number_format: str | None = None) -> None:
    wb = load_workbook(path)
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    cell = ws.cell(row=row, column=headers.index(column) + 1)
    cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    wb.save(path)


# --------------------------------------------------------------------------- round trips


def test_bundled_case_round_trips_yaml_xlsx_yaml(tmp_path: Path) -> None:
    path = BOGOR.to_excel(tmp_path / "bogor.xlsx")
    back = io.read_case(path)
    assert back == BOGOR
    assert back.to_yaml() == BOGOR.to_yaml()


def test_bundled_case_round_trips_through_a_csv_folder(tmp_path: Path) -> None:
    folder = io.write_csv(BOGOR, tmp_path / "bogor")
    assert io.read_case(folder) == BOGOR
    assert (folder / "actors.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8


@_FIXTURE
@given(cases())
def test_every_valid_case_round_trips_through_a_workbook(tmp_path: Path, case: Case) -> None:
    path = case.to_excel(tmp_path / "case.xlsx")
    assert io.read_case(path) == case


@_FIXTURE
@given(tricky_cases())
def test_text_that_looks_like_numbers_dates_formulas_or_lists_stays_text(tmp_path: Path, case: Case) -> None:
    assert io.read_case(case.to_excel(tmp_path / "case.xlsx")) == case
    assert io.read_case(io.write_csv(case, tmp_path / "csv")) == case


def test_text_is_never_written_as_a_formula(tmp_path: Path) -> None:
    data = BOGOR.to_dict()
    data["title"] = "=HYPERLINK(\"http://evil.invalid\")"
    path = Case.model_validate(data).to_excel(tmp_path / "x.xlsx")
    ws = load_workbook(path)["case"]
    cell = next(row[1] for row in ws.iter_rows() if row[0].value == "title")
    assert cell.data_type == "s"


def test_text_a_cell_cannot_hold_is_refused_by_name(tmp_path: Path) -> None:
    data = BOGOR.to_dict()
    data["actors"][0]["note"] = "a\x0bb"
    with pytest.raises(ArgumentError, match=r"actors\[0\]\.note"):
        Case.model_validate(data).to_excel(tmp_path / "x.xlsx")


def test_the_layout_holds_every_field_of_the_model() -> None:
    from sistercity import _sheets

    lay = _sheets.layout(Case)
    sheets = {s.name: s for s in lay.sheets}
    for sheet in lay.sheets:
        assert sheet.model is not None
        fields = set(sheet.model.model_fields)
        columns = {c.field for c in sheet.columns if c.field}
        children = {s.field for s in lay.sheets if sheet.name in s.parents}
        assert fields == columns | children, sheet.name
    assert {c.name for c in lay.case_fields} | {s.field for s in lay.sheets if not s.parents} == set(
        Case.model_fields)
    assert sheets["evidence"].parents[:2] == ("actors", "agreements")
    level = sheets["actors"].column("level")
    assert level is not None
    assert level.choices == typing.get_args(ActorLevel)
    assert level.required


# --------------------------------------------------------------------------- the template


def test_template_has_a_sheet_per_kind_comments_drop_downs_and_a_readme(tmp_path: Path) -> None:
    path = io.write_template(tmp_path / "case.xlsx")
    wb = load_workbook(path)
    for name in ("README", "case", "actors", "agreements", "commitments", "observations", "obstacles", "events",
                 "sources", "evidence"):
        assert name in wb.sheetnames
    assert wb["lists"].sheet_state == "hidden"
    actors = wb["actors"]
    header = {c.value: c for c in actors[1]}
    assert "Required" in header["id"].comment.text
    assert "subnational" in header["level"].comment.text
    validated = {str(dv.sqref).split(":")[0] for dv in actors.data_validations.dataValidation}
    letter = {name: c.column_letter for name, c in header.items()}
    assert {f"{letter['level']}2", f"{letter['kind']}2"} <= validated
    sectors = wb["commitments"]
    sector_col = next(c.column_letter for c in sectors[1] if c.value == "sector")
    assert any(str(dv.sqref).startswith(f"{sector_col}2") for dv in sectors.data_validations.dataValidation)
    level_col = next(c.column_letter for c in wb["observations"][1] if c.value == "level")
    assert any(str(dv.sqref).startswith(f"{level_col}2") for dv in wb["observations"].data_validations.dataValidation)
    # an empty template is an empty case: the first problems are the case's required fields, at their cells
    assert _problems(path) == [f"{path}: case!B3: id: required field 'id' is missing",
                               f"{path}: case!B4: title: required field 'title' is missing"]


def test_cli_template_writes_a_workbook_that_validate_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "case.xlsx"
    assert main(["template", str(target)]) == 0
    assert "case.xlsx" in capsys.readouterr().out
    assert "README" in load_workbook(target).sheetnames
    BOGOR.to_excel(target)
    assert main(["validate", str(target)]) == 0
    assert "valid (23 actors" in capsys.readouterr().out


# --------------------------------------------------------------------------- problems name their cells


def test_three_typical_mistakes_give_three_problems_naming_cells(tmp_path: Path) -> None:
    path = BOGOR.to_excel(tmp_path / "case.xlsx")
    _edit(path, "commitments", 2, "sector", "educaton")
    _edit(path, "observations", 3, "date", "18/11/2016")
    wb = load_workbook(path)  # a new event row, filled in without an id
    wb["events"].append(["", "2018-03", False, "meeting", "Follow-up meeting"])
    new_row = wb["events"].max_row
    wb.save(path)
    problems = _problems(path)
    assert len(problems) == 3
    assert problems[0].startswith(f"{path}: commitments!C2: sector: unknown sector 'educaton' "
                                  "(did you mean 'education'?)")
    assert problems[1] == (f"{path}: observations!C3: date: expected a date like '2017', '2016-11' or "
                           "'2016-11-18', got '18/11/2016'")
    assert problems[2] == f"{path}: events!A{new_row}: id: required field 'id' is missing"


def test_a_date_cell_is_a_full_date_and_text_keeps_its_precision(tmp_path: Path) -> None:
    path = BOGOR.to_excel(tmp_path / "case.xlsx")
    _edit(path, "observations", 2, "date", dt.datetime(2016, 11, 18), "dd/mm/yyyy")
    _edit(path, "observations", 3, "date", "2017")
    _edit(path, "observations", 4, "date", 2017)  # a year typed as a number
    _edit(path, "observations", 5, "date", dt.datetime(2016, 11, 1), "mmm-yy")  # Excel's reading of '2016-11'
    _edit(path, "observations", 6, "date", "2016-11")
    dates = [o.date for o in io.read_case(path).observations]
    assert dates[:5] == [PartialDate(2016, 11, 18), PartialDate(2017), PartialDate(2017), PartialDate(2016, 11),
                         PartialDate(2016, 11)]


def test_reader_and_validation_problems_come_together_in_sheet_order(tmp_path: Path) -> None:
    path = BOGOR.to_excel(tmp_path / "case.xlsx")
    _edit(path, "actors", 1, "note", "notes")  # a header typo
    _edit(path, "evidence", 2, "record_id", "bogr")
    _edit(path, "evidence", 3, "record", "actor")
    _edit(path, "agreements", 2, "parties", "bogor, kisarazu, nobody")
    problems = _problems(path)
    actors_note = next(c.column_letter for c in load_workbook(path)["actors"][1] if c.value == "notes")
    assert problems == [
        f"{path}: actors!{actors_note}1: unknown column 'notes' (did you mean 'note'?); the columns of the actors "
        "sheet are: id, name, level, kind, country, parent, governmental, description, note",
        f"{path}: agreements!D2: parties: no actor with id 'nobody'",
        f"{path}: evidence!B2: record_id: no record with id 'bogr' in the actors sheet (did you mean 'bogor'?)",
        f"{path}: evidence!A3: record: 'actor' is not a sheet whose records have evidence (did you mean "
        "'actors'?); one of actors, agreements, signatories, commitments, observations, obstacles, mitigations, "
        "events, policy_frameworks",
    ]


@_FIXTURE
@given(cases(min_commitments=1), st.data())
def test_every_problem_names_a_cell_or_a_line(tmp_path: Path, case: Case, data: st.DataObject) -> None:
    path = case.to_excel(tmp_path / "case.xlsx")
    wb = load_workbook(path)
    filled = [name for name in wb.sheetnames if name not in ("README", "lists") and wb[name].max_row > 1]
    ws = wb[data.draw(st.sampled_from(filled))]
    row = data.draw(st.integers(2, ws.max_row))
    column = data.draw(st.integers(1, ws.max_column))
    ws.cell(row=row, column=column).value = data.draw(st.sampled_from(["", "??", "18/11/2016", "-1", "x, y", "[1]"]))
    wb.save(path)
    folder = tmp_path / "csv"
    problems: tuple[Problem, ...] = ()
    try:
        back = io.read_case(path)
    except CaseValidationError as err:
        problems = err.problems
    else:  # a value the column takes: the CSV form reads the same
        assert io.read_case(io.write_csv(back, folder)) == back
    for p in problems:
        assert re.fullmatch(r"\w+![A-Z]+\d+", p.path), str(p)
        assert p.file == str(path)


def test_an_unknown_sheet_is_a_problem_not_dropped_records(tmp_path: Path) -> None:
    path = BOGOR.to_excel(tmp_path / "case.xlsx")
    wb = load_workbook(path)
    wb["events"].title = "event"
    wb.save(path)
    problems = _problems(path)
    assert problems[0] == (f"{path}: event!A1: unknown sheet 'event' (did you mean 'events'?); the sheets are: "
                           "case, actors, agreements, commitments, observations, obstacles, events, sources, "
                           "policy_frameworks, signatories, mitigations, targets, evidence, vocabulary")


def test_csv_problems_name_file_and_line_counting_lines_inside_quoted_cells(tmp_path: Path) -> None:
    folder = io.write_csv(BOGOR, tmp_path / "bogor")
    obs = folder / "observations.csv"
    text = obs.read_bytes().decode("utf-8-sig").replace(",intermediate,", ",halfway,", 1)
    obs.write_text(text, encoding="utf-8-sig", newline="")
    events = folder / "events.csv"
    text = events.read_bytes().decode("utf-8-sig")
    header = text.split("\r\n", 1)[0].split(",")
    first = text.count("\n") + 1  # the line the first added row starts on (notes may hold line breaks)
    rows = [{"id": "ev1", "date": "2016-10-06", "kind": "visit", "title": "A visit",
             "note": "a note\r\nover two lines"},
            {"id": "ev2", "date": "2016-13", "kind": "visit", "title": "Another"}]
    added = io_module.StringIO(newline="")
    csv.DictWriter(added, header, lineterminator="\r\n").writerows(rows)
    events.write_text(text + added.getvalue(), encoding="utf-8-sig", newline="")
    problems = _problems(folder)
    assert problems[0].startswith(f"{obs}:2: level: expected a level 0-3 or one of not_initiated")
    assert problems[1] == f"{events}:{first + 2}: date: month 13 is outside 1-12"
    assert len(problems) == 2


def test_values_without_a_header_are_a_problem_not_dropped(tmp_path: Path) -> None:
    path = BOGOR.to_excel(tmp_path / "case.xlsx")
    wb = load_workbook(path)
    ws = wb["events"]
    ws.cell(row=3, column=ws.max_column + 1, value="a remark")
    wb.save(path)
    [problem] = _problems(path)
    assert problem == f"{path}: events!{ws.cell(row=3, column=ws.max_column).column_letter}3: this column has " \
                      "values but no header"


def test_a_case_s_own_sectors_join_the_drop_down_list(tmp_path: Path) -> None:
    data = BOGOR.to_dict()
    data["vocabulary"] = {"sectors": [{"id": "urban_farming", "label": "Urban farming"}]}
    wb = load_workbook(Case.model_validate(data).to_excel(tmp_path / "case.xlsx"))
    sector = next(c.column_letter for c in wb["commitments"][1] if c.value == "sector")
    [dv] = [dv for dv in wb["commitments"].data_validations.dataValidation if str(dv.sqref).startswith(sector)]
    column = dv.formula1.split("!$")[1].split("$")[0]
    listed = [c.value for c in wb["lists"][column] if c.value]
    assert listed[0] == "education" and listed[-1] == "urban_farming"


def test_csv_files_that_are_not_sheets_or_not_utf8_are_problems(tmp_path: Path) -> None:
    folder = io.write_csv(BOGOR, tmp_path / "bogor")
    (folder / "actor.csv").write_text("id\r\nx\r\n", encoding="utf-8")
    (folder / "notes.txt").write_text("left alone", encoding="utf-8")
    problems = _problems(folder)
    assert problems == [f"{folder / 'actor.csv'}:1: unknown sheet 'actor' (did you mean 'actors'?); the sheets are: "
                        "case, actors, agreements, commitments, observations, obstacles, events, sources, "
                        "policy_frameworks, signatories, mitigations, targets, evidence, vocabulary"]
    (folder / "actor.csv").unlink()
    (folder / "sources.csv").write_bytes("id,kind,title\r\nx,book,Caf\u00e9\r\n".encode("cp1252"))
    [problem] = _problems(folder)
    assert problem.startswith(f"{folder / 'sources.csv'}:2: the file is not valid UTF-8")


def test_qdpx_needs_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match=r"needs a mapping .*read_case\(path, mapping="):
        io.read_case(tmp_path / "project.qdpx")


# --------------------------------------------------------------------------- hostile workbooks


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "case.xlsx"
    path.write_text("id: x\n", encoding="utf-8")
    [problem] = _problems(path)
    assert "not an Excel workbook (.xlsx, a zip archive)" in problem


def test_a_zip_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    assert path.stat().st_size < 20_000
    [problem] = _problems(path, max_bytes=100_000)
    assert "expands to 5,000,000 bytes; the limit is 800,000" in problem


def test_a_huge_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "actors"
    ws.cell(row=1, column=1, value="id")
    ws.cell(row=1_000_000, column=1, value="far")
    wb.save(path)
    [problem] = _problems(path)
    assert "the sheet 'actors' has more than 200,000 rows" in problem


def test_xml_entity_expansion_is_refused(tmp_path: Path) -> None:
    path = BOGOR.to_excel(tmp_path / "case.xlsx")
    bomb = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":  # the actors sheet
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>' + data
                data = data.replace(b"<t>", b"<t>&b;", 1)
            dst.writestr(info, data)
    [problem] = _problems(bomb)
    assert "cannot read the workbook" in problem
