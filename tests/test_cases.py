"""Reading many cases (read_cases), the CaseSet API, and comparison in agreement time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sistercity import datasets, implementation, model
from sistercity.cases import COMPARE_COLUMNS, MATRIX_COLUMNS, CaseSet, read_cases, split_ids
from sistercity.dates import PartialDate
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError
from strategies.cases import partial_dates

SEED = ["bogor-kisarazu", "bandung-suwon", "baubau-seoul", "surabaya-kochi"]

CASE = """\
id: {id}
title: Case {id}
{vocabulary}
actors:
  - {{id: a, name: A, level: subnational, kind: government, country: ID}}
  - {{id: b, name: B, level: subnational, kind: government, country: JP}}
agreements:
  - {{id: agr, kind: letter_of_intent, parties: [a, b], signed: "{signed}", sectors: [{sector}]}}
commitments:
  - {{id: edu, agreement: agr, sector: {sector}, title: Exchange}}
observations:
  - {{commitment: edu, date: "2018", level: 2}}
"""


def _write(folder: Path, name: str, cid: str, *, signed: str = "2016", sector: str = "education",
           vocabulary: str = "") -> Path:
    path = folder / name
    path.write_text(CASE.format(id=cid, signed=signed, sector=sector, vocabulary=vocabulary), encoding="utf-8")
    return path


def _vocab(term: str, label: str, group: str, alias: str) -> str:
    return (f"vocabulary:\n  sectors:\n    - {{id: {term}, label: {label}, group: {group}, "
            f"aliases: [{alias}]}}")


def _case(cid: str, signed: str | None, obs: list[tuple[str, int]] | None = None) -> model.Case:
    return model.Case(
        id=cid, title=f"Case {cid}",
        actors=[dict(id="a", name="A", level="subnational", kind="government", country="ID"),
                dict(id="b", name="B", level="subnational", kind="government", country="JP")],
        agreements=[dict(id="agr", kind="letter_of_intent", parties=["a", "b"], signed=signed,
                         sectors=["education"])],
        commitments=[dict(id="edu", agreement="agr", sector="education", title="Exchange")],
        observations=[dict(commitment="edu", date=d, level=lv) for d, lv in (obs or [])],
    )


# ---------------------------------------------------------------- reading


def test_read_cases_reads_a_folder_in_name_order_with_per_case_ids(tmp_path: Path) -> None:
    _write(tmp_path, "b.yaml", "second")
    _write(tmp_path, "a.yml", "first")
    (tmp_path / "notes.txt").write_text("not a case", encoding="utf-8")
    cs = read_cases(tmp_path)
    assert cs.labels == ("first", "second")
    assert [Path(f).name for f in cs.files if f] == ["a.yml", "b.yaml"]
    assert cs.tables.commitments["commitment"].tolist() == ["first/edu", "second/edu"]
    assert read_cases([tmp_path / "b.yaml"]).labels == ("second",)
    assert read_cases(tmp_path / "a.yml").labels == ("first",)


def test_read_cases_reports_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    _write(tmp_path, "1-good.yaml", "good")
    (tmp_path / "2-bad-sector.yaml").write_text(
        CASE.format(id="bad", signed="2016", sector="educaton", vocabulary=""), encoding="utf-8")
    (tmp_path / "3-syntax.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    _write(tmp_path, "4-again.yaml", "good")
    with pytest.raises(CaseValidationError) as info:
        read_cases(tmp_path)
    files = [Path(p.file).name for p in info.value.problems if p.file]
    assert len(files) == len(info.value.problems)
    assert {"2-bad-sector.yaml", "3-syntax.yaml", "4-again.yaml"} <= set(files)
    again = [p for p in info.value.problems if p.file and p.file.endswith("4-again.yaml")]
    assert again[0].path == "id" and again[0].line == 1 and "good" in again[0].message


def test_read_cases_names_an_unreadable_file_among_the_problems(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.yaml", "good")
    with pytest.raises(CaseValidationError) as info:
        read_cases([good, tmp_path / "missing.yaml"])
    assert [Path(p.file).name for p in info.value.problems] == ["missing.yaml"]


def test_read_cases_refuses_what_is_not_paths(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="no case files"):
        read_cases(tmp_path)
    with pytest.raises(ArgumentError, match="no file"):
        read_cases([])
    with pytest.raises(ArgumentTypeError):
        read_cases(b"cases")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError):
        read_cases([1])  # type: ignore[list-item]


# ---------------------------------------------------------------- one vocabulary


def test_compatible_custom_terms_merge_and_their_aliases_join(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "a", sector="mangrove", vocabulary=_vocab("mangrove", "Mangrove care", "other",
                                                                          "bakau"))
    _write(tmp_path, "b.yaml", "b", sector="mangrove", vocabulary=_vocab("mangrove", "mangrove-care", "other",
                                                                          "hutan bakau"))
    cs = read_cases(tmp_path)
    assert cs.sectors["mangrove"].aliases == ("bakau", "hutan bakau")
    assert list(cs.sectors).count("mangrove") == 1
    assert cs.tables.commitments["sector"].astype(str).tolist() == ["mangrove", "mangrove"]
    rates = implementation.sector_coverage(cs.tables, at="2018")
    assert rates["sector"].astype(str).tolist() == ["mangrove", "mangrove"]


def test_one_id_meaning_two_things_is_a_problem_with_its_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "a", sector="water", vocabulary=_vocab("water", "Water supply", "economy", "air"))
    _write(tmp_path, "b.yaml", "b", sector="water", vocabulary=_vocab("water", "Water supply", "other", "tirta"))
    _write(tmp_path, "c.yaml", "c", sector="drains", vocabulary=_vocab("drains", "Drains", "other", "air"))
    with pytest.raises(CaseValidationError) as info:
        read_cases(tmp_path)
    problems = info.value.problems
    assert [Path(p.file).name for p in problems if p.file] == ["b.yaml", "c.yaml"]
    assert all(p.path == "vocabulary.sectors[0]" and p.line == 5 for p in problems)
    assert "means something else in case 'a'" in problems[0].message
    assert "'air' names the sector 'water'" in problems[1].message


def test_case_objects_with_clashing_vocabularies_are_refused_with_their_labels() -> None:
    def with_term(cid: str, group: str) -> model.Case:
        return model.Case(id=cid, title=cid, vocabulary=dict(sectors=[dict(id="water", label="Water",
                                                                           group=group)]))
    with pytest.raises(CaseValidationError, match="case 'two'"):
        CaseSet([with_term("one", "economy"), with_term("two", "other")])
    assert len(CaseSet([with_term("one", "economy"), with_term("two", "economy")]).sectors) == \
        len(datasets.load("bogor-kisarazu").sector_vocabulary) + 1


# ---------------------------------------------------------------- the set


def test_a_case_set_refuses_what_is_not_cases() -> None:
    c = _case("x", "2016")
    with pytest.raises(ArgumentError, match="at least one"):
        CaseSet([])
    with pytest.raises(ArgumentTypeError):
        CaseSet([c.tables])  # type: ignore[list-item]
    with pytest.raises(ArgumentTypeError):
        CaseSet(c)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="unique"):
        CaseSet([c, c])
    with pytest.raises(ArgumentError, match="not a valid id"):
        CaseSet({"a/b": c})
    cs = CaseSet({"one": c, "two": c})
    assert cs["two"] is c and "one" in cs and len(cs) == 2 and list(cs) == [c, c]
    assert repr(cs) == "CaseSet(one, two)"
    with pytest.raises(KeyError):
        cs["three"]


def test_split_ids_and_with_case() -> None:
    parts = split_ids(pd.Series(["one/edu", None, "two/a/b"]))
    assert parts["case"].tolist()[::2] == ["one", "two"] and parts["id"].tolist()[::2] == ["edu", "a/b"]
    assert parts.iloc[1].isna().all()
    with pytest.raises(ArgumentError, match="not an id of a case set"):
        split_ids(["edu"])
    cs = CaseSet({"one": _case("x", "2016")})
    with pytest.raises(ArgumentError, match="no column"):
        cs.with_case(pd.DataFrame({"a": []}), "commitment")
    with pytest.raises(ArgumentError, match="not in this set"):
        cs.with_case(pd.DataFrame({"commitment": ["two/edu"]}), "commitment")


# ---------------------------------------------------------------- agreement time


@pytest.mark.parametrize(("signed", "rule", "day"), [
    ("2016", "end", dt.date(2018, 12, 31)),
    ("2016", "start", dt.date(2018, 1, 1)),
    ("2016-11", "end", dt.date(2018, 11, 30)),
    ("2016-02", "end", dt.date(2018, 2, 28)),
    ("2016-02-29", "end", dt.date(2018, 2, 28)),
    ("2016-11-18", "start", dt.date(2018, 11, 18)),
])
def test_age_counts_whole_months_from_the_end_the_rule_picks(signed: str, rule: str, day: dt.date) -> None:
    cs = CaseSet([_case("x", signed)])
    row = cs.compare(age=2, date_rule=rule).iloc[0]  # type: ignore[arg-type]
    assert row["at"] == pd.Timestamp(day)
    assert row["age_years"] == 2.0
    half = cs.compare(age=1.5, date_rule=rule).iloc[0]  # type: ignore[arg-type]
    assert half["at"].month == (day.month + 6 - 1) % 12 + 1


def test_cases_signed_years_apart_compare_at_the_same_age() -> None:
    old = _case("old", "2010-05", [("2011-05", 1), ("2012-06", 3)])
    new = _case("new", "2016-05", [("2017-05", 1), ("2018-06", 3)])
    c = CaseSet([old, new]).compare(age=[1, 2, 3])
    assert c["rate"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1 / 3, 1.0, 1.0])
    by_date = CaseSet([old, new]).compare(at="2012-06")
    assert by_date["rate"].tolist() == pytest.approx([1.0, np.nan], nan_ok=True)
    assert by_date["age_years"].round(2).tolist() == [2.08, -3.92]


def test_compare_agrees_with_implementation_compare_at_a_date_and_keeps_no_data_missing() -> None:
    cs = CaseSet.from_datasets(SEED)
    ours = cs.compare(at="2018")
    theirs = implementation.compare({n: datasets.load(n) for n in SEED}, at="2018")
    assert list(ours.columns) == list(COMPARE_COLUMNS)
    for col in theirs.columns.drop("case"):
        np.testing.assert_array_equal(ours[col].to_numpy(dtype=float), theirs[col].to_numpy(dtype=float))
    aged = cs.compare(age=2)
    assert aged["at"].isna().tolist() == [False, True, True, True]
    unknown = aged.iloc[1:]
    assert unknown[["rate", "observed_share", "coverage", "sector_observed_share"]].isna().all().all()
    assert unknown["n_commitments"].isna().all()  # no data, never 0
    assert ours.loc[0, "sector_observed_share"] == 1.0


def test_compare_options_are_checked() -> None:
    cs = CaseSet([_case("x", "2016")])
    with pytest.raises(ArgumentError, match="not both"):
        cs.compare(at="2018", age=1)
    with pytest.raises(ArgumentError, match="whole months"):
        cs.compare(age=0.1)
    with pytest.raises(ArgumentError):
        cs.compare(age=-1)
    with pytest.raises(ArgumentTypeError):
        cs.compare(age="two")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="date_rule"):
        cs.compare(age=1, date_rule="middle")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="at least one"):
        cs.compare(age=[])
    with pytest.raises(ArgumentError, match="one point"):
        cs.sector_matrix(age=[1, 2])  # type: ignore[arg-type]


def test_the_anchor_can_be_chosen_per_case() -> None:
    case = model.Case(
        id="two-steps", title="LoI then MoU",
        actors=[dict(id="a", name="A", level="subnational", kind="government", country="ID"),
                dict(id="b", name="B", level="subnational", kind="government", country="JP")],
        agreements=[dict(id="loi", kind="letter_of_intent", parties=["a", "b"], signed="2014",
                         sectors=["education"]),
                    dict(id="mou", kind="memorandum_of_understanding", parties=["a", "b"], signed="2016-03",
                         sectors=["education"])])
    cs = CaseSet([case])
    assert cs.signing()["agreement"].tolist() == ["loi"]
    assert cs.signing(anchor={"two-steps": "mou"})["signed"].tolist() == ["2016-03"]
    assert cs.compare(age=1, anchor={"two-steps": "mou"})["at"].tolist() == [pd.Timestamp("2017-03-31")]
    with pytest.raises(ArgumentError, match="no agreement"):
        cs.signing(anchor={"two-steps": "treaty"})
    with pytest.raises(ArgumentError, match="not in the set"):
        cs.signing(anchor={"other": "loi"})
    with pytest.raises(ArgumentError):
        cs.signing(anchor="last")


def test_sector_matrix_of_the_seed_cases() -> None:
    m = CaseSet.from_datasets(SEED).sector_matrix(at="2018")
    assert list(m.columns) == list(MATRIX_COLUMNS)
    cell = m.set_index(["case", "sector"])["state"].astype(str)
    assert cell[("bogor-kisarazu", "education")] == "implemented"
    assert cell[("bogor-kisarazu", "culture")] == "gap"
    assert cell[("bandung-suwon", "culture")] == "no_data"
    assert (m[m["case"] == "surabaya-kochi"]["state"] == "not_agreed").all()
    aged = CaseSet.from_datasets(SEED).sector_matrix(age=2)
    unknown = aged[(aged["case"] == "bandung-suwon") & (aged["state"] != "not_agreed")]
    assert unknown["state"].astype(str).tolist() == ["no_data"] and unknown["n_observed"].isna().all()


# ---------------------------------------------------------------- properties

@given(signed=partial_dates(min_year=1950, max_year=2030), months=st.lists(st.integers(0, 240), min_size=1,
                                                                             max_size=4, unique=True),
       rule=st.sampled_from(["end", "start"]))
def test_the_day_of_an_age_is_whole_months_after_the_signing_end_and_grows_with_age(
        signed: PartialDate, months: list[int], rule: str) -> None:
    cs = CaseSet([_case("x", str(signed))])
    ages = sorted(m / 12 for m in months)
    days = cs.compare(age=ages, date_rule=rule)["at"].tolist()  # type: ignore[arg-type]
    assert days == sorted(days)
    base = signed.end() if rule == "end" else signed.start()
    for age, day in zip(ages, days, strict=True):
        n = round(age * 12)
        assert (day.year * 12 + day.month) - (base.year * 12 + base.month) == n
        if rule == "end" and signed.precision != "day":  # lands on a month's end: no day invented
            assert (day + pd.Timedelta(days=1)).day == 1
        if rule == "start" and signed.precision != "day":
            assert day.day == 1
        assert day.date() >= base


def test_every_table_has_its_id_columns_listed() -> None:
    from sistercity.cases._union import ID_COLUMNS
    from sistercity.tables import SCHEMA

    assert set(ID_COLUMNS) == set(SCHEMA)
    assert all(set(cols) <= set(SCHEMA[t]) for t, cols in ID_COLUMNS.items())
