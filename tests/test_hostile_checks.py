"""Hostile input, round 2 (issue 9): one rule with or without aliases, every problem in one pass, warnings."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from sistercity import datasets
from sistercity.cli import main
from sistercity.exceptions import ArgumentError, CaseValidationError, Problem
from sistercity.io import CaseCheck, check_case, loads_case


def _case_dict() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(datasets.load("bogor-kisarazu").model_dump_json(exclude_none=True))
    return data


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(CaseValidationError) as info:
        loads_case(yaml.safe_dump(data, allow_unicode=True), format="yaml", file="case.yaml")
    return [str(p) for p in info.value.problems]


ALIASES = {"sectors": [{"id": "urban_farming", "label": "Urban farming", "group": "economy",
                        "aliases": ["pertanian kota"]}],
           "obstacle_categories": [{"id": "weather", "label": "Weather", "group": "economy",
                                    "aliases": ["cuaca"]}]}


@pytest.mark.parametrize(("field", "value"), [
    ("agreements", 5), ("obstacles", 3.5), ("agreements", 0), ("agreements", False), ("agreements", ""),
    ("commitments", {}), ("commitments", None), ("obstacles", "x"),
])
def test_vocabulary_aliases_do_not_change_what_a_record_list_must_be(field: str, value: object) -> None:
    """A record list that is not a list is one problem at that field, with the case's aliases or without."""
    seen = []
    for aliases in (False, True):
        data = _case_dict()
        data[field] = value
        if aliases:
            data["vocabulary"] = ALIASES
        found = [p for p in _problems(data) if f": {field}: " in p]
        assert len(found) == 1, found
        assert f"expected a list of records (one mapping each); got {value!r}" in found[0]
        seen.append(found)
    assert seen[0] == seen[1]


def test_aliases_still_fold_inside_a_well_formed_list() -> None:
    data = _case_dict()
    data["vocabulary"] = ALIASES
    data["agreements"][0]["sectors"] = [*data["agreements"][0]["sectors"], "Pertanian Kota"]
    data["commitments"][0]["sector"] = "pertanian kota"
    case = loads_case(yaml.safe_dump(data, allow_unicode=True), format="yaml")
    assert case.commitments[0].sector == "urban_farming"


def test_lists_are_called_lists_and_say_what_they_hold() -> None:
    data = _case_dict()
    data["agreements"][0]["parties"] = "bogor"
    data["notes"] = 4
    data["obstacles"][3]["mitigations"][0]["proposed_by"] = 5
    found = _problems(data)
    assert any("agreements[0].parties: expected a list of ids; got 'bogor'" in p for p in found)
    assert any("notes: expected a list of texts; got 4" in p for p in found)
    assert any("mitigations[0].proposed_by: expected a list of ids; got 5" in p for p in found)
    assert not any("tuple" in p for p in found)


@pytest.mark.parametrize("level", ["³", "٣", "1" * 5000])
def test_a_level_in_other_digits_is_refused_with_the_scale(level: str) -> None:
    data = _case_dict()
    data["observations"][0]["level"] = level
    (found,) = _problems(data)
    assert "observations[0].level: expected a level 0-3" in found
    assert "int()" not in found and len(found) < 400


def test_a_list_of_the_wrong_type_does_not_make_every_reference_dangle() -> None:
    data = _case_dict()
    data["actors"] = 4
    found = _problems(data)
    assert len(found) == 1 and "actors: expected a list" in found[0]


@pytest.mark.parametrize(("record", "bad_field", "bad_value"), [
    ("agreements", "signed", "2016-13"),
    ("commitments", "proposed", "2016-13-40"),
    ("commitments", "weight", True),
    ("obstacles", "identified", "2016-13"),
    ("commitments", "unknown_key", 1),
    ("events", "agreement", 5),
])
def test_an_unknown_word_is_reported_with_an_unrelated_bad_field_of_the_same_record(
        record: str, bad_field: str, bad_value: object) -> None:
    """Every problem at once across stages: the bad field does not hide the record's cross-record problems."""
    data = _case_dict()
    words = {"agreements": ("sectors", ["education", "pendidkan"], "sectors[1]: unknown sector 'pendidkan'"),
             "commitments": ("sector", "pendidkan", "sector: unknown sector 'pendidkan'"),
             "obstacles": ("category", "bogus", "category: unknown obstacle category 'bogus'"),
             "events": ("participants", ["nobody"], "participants[0]: no actor with id 'nobody'")}
    field, value, said = words[record]
    index = 1 if record == "commitments" else 0
    data[record][index][field] = value
    data[record][index][bad_field] = bad_value
    found = _problems(data)
    assert any(f"{record}[{index}].{bad_field}" in p for p in found)
    assert any(f"{record}[{index}].{said}" in p for p in found), found
    assert "built-in obstacle categories" in "".join(found) or record != "obstacles"


def test_a_record_with_a_bad_required_field_stays_out_and_references_to_it_are_not_repeated() -> None:
    data = _case_dict()
    data["commitments"][0]["title"] = ""
    found = _problems(data)
    assert len(found) == 1 and "commitments[0].title" in found[0]
    assert not any("no commitment" in p for p in found)


def test_the_bundled_case_is_untouched_by_these_rules() -> None:
    data = copy.deepcopy(_case_dict())
    assert loads_case(json.dumps(data), format="json") == datasets.load("bogor-kisarazu")


def _dated(date: str, *, ends: str | None = None) -> dict[str, Any]:
    data = _case_dict()
    data["observations"][0]["date"] = date
    if ends is not None:
        data["agreements"][0]["ends"] = ends
        data["agreements"][0].pop("term", None)
    return data


@pytest.mark.parametrize(("date", "ends", "said"), [
    ("2015-06", None, "before agreement 'loi-2016' took effect (2016-11-18)"),
    ("2016-11-17", None, "before agreement 'loi-2016' took effect (2016-11-18)"),
    ("2019", "2018-06", "after agreement 'loi-2016' ended (2018-06)"),
])
def test_an_observation_outside_its_agreement_is_a_warning_not_an_error(
        date: str, ends: str | None, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _dated(date, ends=ends)
    case = loads_case(json.dumps(data), format="json")  # valid: warnings never raise
    (warning,) = case.warnings()
    assert warning.severity == "warning" and warning.is_warning
    assert warning.path == "observations[0].date" and said in warning.message
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    check = check_case(path)
    assert check.valid and check.errors == () and check.warnings == (dataclasses.replace(
        warning, file=str(path), line=check.warnings[0].line, column=check.warnings[0].column),)
    assert check.warnings[0].line is not None
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("1 warning)")
    assert out[1] == f"{path}:{warning_line(check)}: observations[0].date: warning: {warning.message}"


def warning_line(check: CaseCheck) -> str:
    w = check.warnings[0]
    return f"{w.line}:{w.column}"


@pytest.mark.parametrize(("date", "ends"), [("2016", None), ("2016-11", None), ("2016-11-18", None),
                                            ("2018", "2018-06"), ("2021-11", None)])
def test_an_observation_overlapping_its_agreement_is_not_warned_about(date: str, ends: str | None) -> None:
    assert loads_case(json.dumps(_dated(date, ends=ends)), format="json").warnings() == ()


def test_check_case_returns_errors_and_validate_fails_only_on_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _dated("2015-06")
    data["commitments"][1]["sector"] = "pendidkan"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    check = check_case(path)
    assert not check.valid and check.warnings == () and len(check.errors) == 1
    assert check.errors[0].line is not None
    assert main(["validate", str(path)]) == 1
    assert "warning" not in capsys.readouterr().out


def test_many_warnings_are_capped_per_kind() -> None:
    data = _case_dict()
    data["observations"] = [dict(data["observations"][0], date="2010") for _ in range(120)]
    warnings = loads_case(json.dumps(data), format="json").warnings()
    assert len(warnings) == 51 and warnings[-1].is_warning
    assert warnings[-1].message.startswith("70 more problems of this kind")


def test_a_problem_is_an_error_or_a_warning() -> None:
    assert Problem("x").severity == "error"
    with pytest.raises(ArgumentError):
        Problem("x", severity="fatal")  # type: ignore[arg-type]
