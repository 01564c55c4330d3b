"""Tests of sistercity.obstacles: worked examples, properties, the bundled case."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sistercity import ArgumentError, ArgumentTypeError, datasets
from sistercity import model as m
from sistercity.dates import PartialDate
from sistercity.obstacles import (
    COLUMNS,
    MITIGATION_STATES,
    blocked,
    mitigation_status,
    obstacle_counts,
    obstacle_impacts,
)
from sistercity.tables import SCHEMA, CaseTables
from strategies import CODERS, at_values, impl_cases, partial_dates, rename_ids, with_level, with_observation

FUNCTIONS = (obstacle_impacts, blocked, obstacle_counts, mitigation_status)


def rows(df: pd.DataFrame, columns: list[str] | None = None) -> list[list[Any]]:
    """The rows of ``df`` as lists, missing values as ``None``."""
    part = df if columns is None else df[columns]
    return [[None if pd.isna(v) else v for v in row] for row in part.astype(object).values.tolist()]


def results(data: Any, at: PartialDate | None = None, **kw: Any) -> dict[str, pd.DataFrame]:
    a = None if at is None else str(at)
    return {fn.__name__: fn(data, at=a, **kw) for fn in FUNCTIONS}


# ============================================================================ worked example


@pytest.fixture
def case() -> m.Case:
    """Four commitments; two obstacles, one challenge, mitigations in every state."""
    return m.Case(
        id="worked", title="Worked example",
        actors=[dict(id="a", name="A", level="subnational", country="ID"),
                dict(id="b", name="B", level="subnational", country="JP")],
        sources=[dict(id="report", kind="report", title="Report")],
        agreements=[dict(id="loi", kind="letter_of_intent", parties=["a", "b"],
                         sectors=["education", "agriculture", "health"])],
        commitments=[
            dict(id="berries", agreement="loi", sector="agriculture", title="Berries"),
            dict(id="training", agreement="loi", sector="agriculture", title="Training", status="proposed"),
            dict(id="nurses", agreement="loi", sector="health", title="Nurses"),
            dict(id="school", agreement="loi", sector="education", title="School"),
        ],
        observations=[
            dict(commitment="berries", date="2017", level=0),
            dict(commitment="training", date="2017", level=0),
            dict(commitment="training", date="2019", level=3),
            dict(commitment="nurses", date="2017", level=1),
            dict(commitment="school", date="2017", level=3),
        ],
        obstacles=[
            dict(id="climate", kind="obstacle", category="iklim", title="Climate", affects=["berries", "school"],
                 mitigations=[dict(description="Train farmers", commitment="training",
                                   evidence=[dict(source="report", locator="p. 3")])],
                 evidence=[dict(source="report", locator="p. 2")]),
            dict(id="many", kind="obstacle", category="unspecified", title="Many obstacles", affects=["nurses"]),
            dict(id="language", kind="challenge", category="bahasa", title="Language", affects=["nurses"],
                 identified="2018-03",
                 mitigations=[dict(description="Language course", proposed="2018-04"),
                              dict(description="Interpreters", commitment="nurses")]),
            dict(id="budget", kind="obstacle", category="financial", title="No budget"),
        ],
    )


def test_impacts_rows_and_blocked(case: m.Case) -> None:
    imp = obstacle_impacts(case, at="2018")
    assert rows(imp, ["obstacle", "commitment", "level", "blocked"]) == [
        ["climate", "berries", 0, True],
        ["climate", "school", 3, False],  # affected, but implemented
        ["many", "nurses", 1, True],
        ["language", "nurses", 1, False],  # a challenge never blocks
        ["budget", None, None, False],  # affects no commitment: one row, no commitment
    ]
    assert imp["category"].astype(str).tolist() == [
        "geographic_climatic", "geographic_climatic", "unspecified", "cultural_linguistic", "financial"]
    assert imp["source"].tolist()[:2] == ["report", "report"] and imp["locator"].iloc[0] == "p. 2"
    assert imp["n_mitigations"].tolist() == [1, 1, 0, 2, 0]
    assert obstacle_impacts(case, kind="challenge")["obstacle"].tolist() == ["language"]
    # before it was identified the challenge does not count
    assert "language" not in obstacle_impacts(case, at="2018-02")["obstacle"].tolist()
    assert obstacle_impacts(case, at="2018-02", date_rule="start")["obstacle"].tolist().count("language") == 0
    assert obstacle_impacts(case, at="2018-03", date_rule="start")["obstacle"].tolist().count("language") == 1


def test_blocked_commitments(case: m.Case) -> None:
    b = blocked(case, at="2018")
    assert b[["commitment", "obstacle", "category", "level", "date"]].values.tolist() == [
        ["berries", "climate", "geographic_climatic", 0, "2017"],
        ["nurses", "many", "unspecified", 1, "2017"],
    ]
    assert blocked(case, at="2018", threshold=1)["commitment"].tolist() == ["berries"]
    assert blocked(case, at="2016").empty  # no data yet: never called blocked


def test_mitigations_and_whether_they_happened(case: m.Case) -> None:
    mit = mitigation_status(case, at="2018")
    assert rows(mit, ["obstacle", "mitigation", "commitment", "level", "state"]) == [
        ["climate", 0, "training", 0, "not_carried_out"],
        ["many", None, None, None, "none"],
        ["language", 0, None, None, "proposed"],
        ["language", 1, "nurses", 1, "not_carried_out"],
        ["budget", None, None, None, "none"],
    ]
    assert mit["source"].iloc[0] == "report" and mit["locator"].iloc[0] == "p. 3"
    later = mitigation_status(case, at="2019").set_index("obstacle")
    assert later.loc["climate", "state"] == "carried_out" and later.loc["climate", "carried_out"]
    assert obstacle_impacts(case, at="2019").set_index("obstacle").loc["climate", "mitigated"].all()
    # the language course was proposed in April 2018: not yet in March
    early = mitigation_status(case, at="2018-03")
    assert early.loc[early.obstacle == "language", "mitigation"].tolist() == [1]
    assert list(mit["state"].cat.categories) == list(MITIGATION_STATES)
    assert mitigation_status(case, kind="obstacle")["obstacle"].unique().tolist() == ["climate", "many", "budget"]
    assert mitigation_status(case, at="2016").set_index("obstacle").loc["climate", "state"] == "no_data"


def test_counts_by_kind_category_and_sector(case: m.Case) -> None:
    assert rows(obstacle_counts(case, at="2018")) == [
        ["obstacle", "geographic_climatic", "education", 1, 1, 0],
        ["obstacle", "geographic_climatic", "agriculture", 1, 1, 1],
        ["obstacle", "financial", None, 1, 0, 0],
        ["obstacle", "unspecified", "health", 1, 1, 1],
        ["challenge", "cultural_linguistic", "health", 1, 1, 0],
    ]
    assert obstacle_counts(case, kind="challenge")["kind"].astype(str).tolist() == ["challenge"]


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_bad_options(case: m.Case, fn: Any) -> None:
    for kw, match in ((dict(threshold=9), "threshold must be a level 0-3"),
                      (dict(date_rule="middle"), "date_rule must be one of"),
                      (dict(coders="each"), "coders must be one of"),
                      (dict(at="2018-02-30"), "at must be None, a date"),
                      (dict(at=pd.NaT), "NaT is not a date")):
        with pytest.raises(ArgumentError, match=match):
            fn(case, **kw)
    with pytest.raises(ArgumentTypeError, match="Case or CaseTables"):
        fn("bogor-kisarazu")
    with pytest.raises(ArgumentTypeError, match="threshold must be a level 0-3"):
        fn(case, threshold=[2])
    if fn is not blocked:
        for kind in ("risk", 1, pd.Series(["obstacle"])):
            with pytest.raises(ArgumentError, match="kind must be None, 'obstacle' or 'challenge'"):
                fn(case, kind=kind)


# ============================================================================ properties


def _rebuilt(t: CaseTables) -> CaseTables:
    return CaseTables.from_frames(**{n: getattr(t, n) for n in SCHEMA}, sectors=t.sectors,
                                  categories=t.categories)


@given(impl_cases(), at_values(), st.sampled_from(["end", "start"]))
def test_a_case_and_its_tables_agree(case: m.Case, at: PartialDate | None, rule: str) -> None:
    a, b, c = (results(x, at, date_rule=rule) for x in (case, case.tables, _rebuilt(case.tables)))
    for name in a:
        assert tuple(a[name].columns) == COLUMNS[name]
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
        pd.testing.assert_frame_equal(a[name], c[name], obj=name)


@given(impl_cases(min_commitments=1, min_observations=1), at_values(), st.data())
def test_raising_a_level_never_blocks_more(case: m.Case, at: PartialDate | None, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(case.observations) - 1))
    raised = with_level(case, i, data.draw(st.integers(int(case.observations[i].level), 3)))
    before, after = results(case, at), results(raised, at)
    assert set(map(tuple, after["blocked"][["commitment", "obstacle"]].values)) <= set(
        map(tuple, before["blocked"][["commitment", "obstacle"]].values))
    assert (after["mitigation_status"]["carried_out"].to_numpy() >= before["mitigation_status"]["carried_out"]
            .to_numpy()).all()


@given(impl_cases(min_commitments=1), partial_dates(2013, 2020), st.data())
def test_an_observation_after_at_changes_nothing(case: m.Case, at: PartialDate, data: st.DataObject) -> None:
    late = m.Observation(commitment=data.draw(st.sampled_from([c.id for c in case.commitments])),
                         date=data.draw(partial_dates(at.year + 1, at.year + 3)),
                         level=data.draw(st.integers(0, 3)), coder=data.draw(st.sampled_from(CODERS)))
    before, after = results(case, at), results(with_observation(case, late), at)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)


@given(impl_cases(), at_values())
def test_renaming_ids_changes_no_count(case: m.Case, at: PartialDate | None) -> None:
    renamed, _ = rename_ids(case)
    a, b = results(case, at), results(renamed, at)
    pd.testing.assert_frame_equal(a["obstacle_counts"], b["obstacle_counts"])
    for name in ("obstacle_impacts", "mitigation_status"):
        keep = [c for c in a[name].columns if c not in ("obstacle", "commitment", "agreement", "source")]
        pd.testing.assert_frame_equal(a[name][keep], b[name][keep], obj=name)
    assert len(a["blocked"]) == len(b["blocked"])


# ============================================================================ the bundled case


@pytest.fixture(scope="module")
def bogor() -> m.Case:
    return datasets.load("bogor-kisarazu")


def test_bundled_blocked_commitments_and_their_categories(bogor: m.Case) -> None:
    b = blocked(bogor, at="2018")
    assert dict(zip(b["commitment"], b["category"].astype(str), strict=True)) == {
        "blueberry": "geographic_climatic", "eel": "capacity_supply", "health-workers": "unspecified"}
    assert (b["level"] == 0).all() and b["source"].notna().all() and b["locator"].notna().all()


def test_bundled_unspecified_obstacles_kept_as_such(bogor: m.Case) -> None:
    imp = obstacle_impacts(bogor, at="2018").set_index("obstacle")
    row = imp.loc["health-workers-unspecified"]
    assert row["category"] == "unspecified" and row["kind"] == "obstacle" and row["blocked"]


def test_bundled_obstacles_and_challenges_apart(bogor: m.Case) -> None:
    counts = obstacle_counts(bogor, at="2018")
    by_kind = counts.groupby("kind", observed=True)["n_obstacles"].sum().to_dict()
    assert by_kind == {"obstacle": 3, "challenge": 1}
    assert counts.loc[counts.kind == "challenge", "n_blocked"].sum() == 0


def test_bundled_farmer_internship_proposed_as_mitigation_and_not_carried_out(bogor: m.Case) -> None:
    mit = mitigation_status(bogor, at="2018").set_index("obstacle")
    row = mit.loc["blueberry-climate"]
    assert row["commitment"] == "farmer-internship"
    assert row["state"] == "not_carried_out" and not row["carried_out"]
    assert bogor.commitment("farmer-internship").status in ("proposed", "agreed")


def test_links_to_unknown_records_raise_the_library_error() -> None:
    from sistercity import CaseValidationError

    t = CaseTables.from_frames(
        validate=False,
        commitments=pd.DataFrame({"commitment": ["c1"], "agreement": ["a"], "sector": ["health"]}),
        obstacles=pd.DataFrame({"obstacle": ["o1"], "kind": ["obstacle"], "category": ["financial"]}),
        obstacle_links=pd.DataFrame({"obstacle": ["o1"], "commitment": ["c9"]}),
    )
    with pytest.raises(CaseValidationError, match=r"obstacle_links\[0\]\.commitment") as err:
        obstacle_impacts(t)
    assert isinstance(err.value, ValueError)


def test_tables_from_frames_work_without_a_case() -> None:
    t = CaseTables.from_frames(
        commitments=pd.DataFrame({"commitment": ["c1", "c2"], "agreement": ["a", "a"],
                                  "sector": ["kesehatan", "pertanian"]}),
        observations=pd.DataFrame({"commitment": ["c1", "c2"], "date": ["2018", "2018"], "level": [0, 3]}),
        obstacles=pd.DataFrame({"obstacle": ["o1"], "kind": ["hambatan"], "category": ["anggaran"]}),
        obstacle_links=pd.DataFrame({"obstacle": ["o1", "o1"], "commitment": ["c1", "c2"]}),
    )
    b = blocked(t)
    assert rows(b, ["commitment", "sector", "obstacle", "category"]) == [["c1", "health", "o1", "financial"]]
