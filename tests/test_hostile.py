"""Hostile input, round 2 (issue 9): bounded work, bounded messages, nothing forged, strict types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sistercity import Case, datasets
from sistercity.cli import main
from sistercity.dates import PartialDate
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError
from sistercity.io import loads_case, read_case


def _case_dict() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(datasets.load("bogor-kisarazu").model_dump_json(exclude_none=True))
    return data


def test_many_dangling_references_are_capped_per_kind() -> None:
    """N commitments and N observations pointing at missing ones: 50 problems in full, then a count."""
    n = 5000
    data = _case_dict()
    c0, o0 = data["commitments"][0], data["observations"][0]
    data["commitments"] = [dict(c0, id=f"c{i:05d}") for i in range(n)]
    data["observations"] = [dict(o0, commitment=f"x{i:05d}q") for i in range(n)]
    data["obstacles"] = []
    data["events"] = []
    with pytest.raises(CaseValidationError) as info:
        Case.model_validate(data)
    problems = info.value.problems
    assert len(problems) == 51
    assert all(p.path.startswith("observations[") for p in problems)
    assert "did you mean 'c00000'" in problems[0].message
    assert problems[-1].message.startswith(f"{n - 50:,} more problems of this kind (observations[].commitment)")


@pytest.mark.parametrize("where", ["id", "sector", "field", "reference", "date", "level"])
def test_huge_values_give_bounded_messages(where: str) -> None:
    """A 10 MB id, sector, field name, reference, date or level: every message stays short and says the size."""
    big = "z" * 10_000_000
    data = _case_dict()
    if where == "id":
        data["commitments"][0]["id"] = big
    elif where == "sector":
        data["commitments"][0]["sector"] = big
    elif where == "field":
        data["commitments"][0][big] = 1
    elif where == "reference":
        data["observations"][0]["commitment"] = big
    elif where == "date":
        data["agreements"][0]["signed"] = big
    else:
        data["observations"][0]["level"] = big
    with pytest.raises(CaseValidationError) as info:
        Case.model_validate(data)
    assert max(len(str(p)) for p in info.value.problems) < 2_200
    assert len(str(info.value)) < 2_200 * len(info.value.problems) + 100
    assert any("10,000,000 characters" in str(p) for p in info.value.problems)


def test_cli_output_has_no_forged_lines_or_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key, a value and a title carrying a newline and ESC print as escapes, one problem per line."""
    evil = "zz\nfake.yaml:1:1: id: looks fine\x1b[2J\x1b]0;owned\x07"
    data = _case_dict()
    data["commitments"][0][evil] = 1
    data["observations"][0]["commitment"] = evil
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    with pytest.raises(CaseValidationError) as info:
        read_case(bad)
    n = len(info.value.problems)
    assert n >= 2
    assert "\x1b" not in out and "\x07" not in out
    assert out.count("\n") == n
    assert all(line.startswith(f"{bad}:") for line in out.splitlines())
    assert "\\x1b[2J" in out
    data = _case_dict()
    data["title"] = evil
    good = tmp_path / "good.json"
    good.write_text(json.dumps(data), encoding="utf-8")
    assert main(["summary", str(good)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[0] == evil.replace("\n", "\\n").replace("\x1b", "\\x1b").replace("\x07", "\\x07")


@pytest.mark.parametrize(("term", "signed", "expected"), [
    ("P999999999999999999999Y", None, "at most 1,200 months"),
    ("P99999Y", None, "at most 1,200 months"),
    ("P1201M", None, "at most 1,200 months"),
    ("P100Y", "9950-01", "runs past 9999"),
])
def test_terms_and_dates_outside_the_supported_range_are_rejected_at_read_time(
    term: str, signed: str | None, expected: str
) -> None:
    """Terms over 100 years, or ending after 9999, are problems at the term field, not later crashes."""
    data = _case_dict()
    ag = data["agreements"][0]
    ag["term"] = term
    ag.pop("ends", None)
    if signed:
        ag["signed"] = signed
        ag.pop("effective", None)
    with pytest.raises(CaseValidationError) as info:
        loads_case(json.dumps(data), format="json")
    (problem,) = [p for p in info.value.problems if p.path == "agreements[0].term"]
    assert expected in problem.message


def test_partial_date_misuse_raises_library_errors() -> None:
    with pytest.raises(ArgumentTypeError, match=r"PartialDate\.parse"):
        PartialDate("2018")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="months must be an int"):
        PartialDate(2018, 6).add_months("x")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="outside the supported range 1-9999"):
        PartialDate(9999, 6).add_months(12)
    assert str(PartialDate(9998, 6).add_months(12)) == "9999-06"


@pytest.mark.parametrize(("where", "value", "path"), [
    ("source_year", True, "sources[0].year"),
    ("weight", True, "commitments[0].weight"),
    ("country", "QQ", "actors[0].country"),
    ("signed", 16, "agreements[0].signed"),
    ("signed", "16", "agreements[0].signed"),
])
def test_values_are_not_coerced(where: str, value: object, path: str) -> None:
    """true is not 1, QQ is no country, and an unquoted 16 is no more a year than '16'."""
    data = _case_dict()
    if where == "source_year":
        data["sources"][0]["year"] = value
    elif where == "weight":
        data["commitments"][0]["weight"] = value
    elif where == "country":
        data["actors"][0]["country"] = value
    else:
        data["agreements"][0]["signed"] = value
    with pytest.raises(CaseValidationError) as info:
        loads_case(json.dumps(data), format="json")
    assert path in [p.path for p in info.value.problems]


def test_assigned_country_codes_and_four_digit_years_are_accepted() -> None:
    data = _case_dict()
    data["actors"][0]["country"] = "tl"
    data["agreements"][0]["signed"] = 2016
    data["sources"][0]["year"] = 2019
    case = loads_case(json.dumps(data), format="json")
    assert case.actors[0].country == "TL"
    assert str(case.agreements[0].signed) == "2016"
    assert PartialDate.parse("0016").year == 16
