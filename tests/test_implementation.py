"""Tests of sistercity.implementation: properties, worked examples, the bundled case."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sistercity import ArgumentError, ArgumentTypeError, CaseValidationError, datasets
from sistercity import model as m
from sistercity.dates import PartialDate
from sistercity.implementation import (
    CODER_RULES,
    COLUMNS,
    COVERAGE,
    agreement_rates,
    compare,
    reversals,
    sector_coverage,
    stalled,
    status,
    trajectory,
)
from sistercity.tables import SCHEMA, CaseTables, partial_date_bounds
from strategies import CODERS, at_values, impl_cases, partial_dates, rename_ids, with_level, with_observation

AGGREGATE_CODERS = [c for c in CODER_RULES if c != "each"]


# ============================================================================ reference implementation


def _point(d: PartialDate, rule: str) -> dt.date:
    return d.point("end" if rule == "end" else "start")


def ref_levels(case: m.Case, at: PartialDate | None, rule: str, coders: str) -> dict[str, int | None]:
    """Each commitment's level at ``at``, computed the slow, obvious way."""
    limit = at.end() if at is not None else None
    seen: dict[str, list[tuple[dt.date, int, m.Observation]]] = defaultdict(list)
    for i, o in enumerate(case.observations):
        day = _point(o.date, rule)
        if limit is None or day <= limit:
            seen[o.commitment].append((day, i, o))
    out: dict[str, int | None] = {}
    for c in case.commitments:
        obs = sorted(seen.get(c.id, []), key=lambda x: (x[0], x[1]))
        if not obs:
            out[c.id] = None
        elif coders == "latest":  # the lower median of the levels of the last day
            day_levels = sorted(int(o.level) for d, _, o in obs if d == obs[-1][0])
            out[c.id] = day_levels[(len(day_levels) - 1) // 2]
        else:
            last: dict[str, int] = {}
            for _, _, o in obs:
                last[o.coder] = int(o.level)
            levels = sorted(last.values())
            out[c.id] = {"min": levels[0], "max": levels[-1],
                         "median": levels[(len(levels) - 1) // 2]}[coders]
    return out


def pam_rates(case: m.Case, at: PartialDate | None) -> dict[str, float]:
    """Peace Accords Matrix aggregate per agreement: sum(levels) / (3 n), n = commitments with data."""
    levels = ref_levels(case, at, "end", "latest")
    out = {}
    for a in case.agreements:
        ls = [levels[c.id] for c in case.commitments if c.agreement == a.id and levels[c.id] is not None]
        out[a.id] = sum(ls) / (3 * len(ls)) if ls else math.nan  # type: ignore[arg-type]
    return out


def _at(at: PartialDate | None) -> str | None:
    return None if at is None else str(at)


def all_results(data: Any, at: PartialDate | None = None, **kw: Any) -> dict[str, pd.DataFrame]:
    """Every implementation result for ``data`` at ``at``."""
    a = _at(at)
    return {
        "status": status(data, at=a, **kw),
        "status_each": status(data, at=a, coders="each"),
        "agreement_rates": agreement_rates(data, at=a, **kw),
        "sector_coverage": sector_coverage(data, at=a, **kw),
        "trajectory": trajectory(data, by="sector", start="2013-01-01", end=a or "2021", **kw),
        "stalled": stalled(data, at=a, **kw),
        "reversals": reversals(data, at=a),
        "compare": compare({"case": data}, at=a, **kw),
    }


def _rates_of(results: dict[str, pd.DataFrame]) -> list[float]:
    values: list[float] = []
    for name, col in (("status", "rate"), ("agreement_rates", "rate"), ("trajectory", "rate"),
                      ("compare", "rate"), ("compare", "coverage")):
        values.extend(results[name][col].dropna().tolist())
    return values


# ============================================================================ properties


@given(impl_cases(), at_values(), st.sampled_from(AGGREGATE_CODERS), st.sampled_from(["end", "start"]))
def test_every_rate_lies_in_the_unit_interval(case: m.Case, at: PartialDate | None, coders: str,
                                             rule: str) -> None:
    results = all_results(case, at, coders=coders, date_rule=rule)
    for value in _rates_of(results):
        assert 0.0 <= value <= 1.0
    for name in ("status", "status_each"):
        levels = results[name]["level"].dropna()
        assert levels.between(0, 3).all()
    assert results["sector_coverage"]["best_level"].dropna().between(0, 3).all()
    for name, df in results.items():
        assert tuple(df.columns) == COLUMNS[name.replace("_each", "")], name


@given(impl_cases(min_commitments=1, min_observations=1), at_values(), st.data(),
       st.sampled_from(AGGREGATE_CODERS), st.sampled_from(["end", "start"]))
def test_raising_a_level_never_lowers_any_rate(case: m.Case, at: PartialDate | None, data: st.DataObject,
                                               coders: str, rule: str) -> None:
    i = data.draw(st.integers(0, len(case.observations) - 1))
    old = int(case.observations[i].level)
    raised = with_level(case, i, data.draw(st.integers(old, 3)))
    kw = {"coders": coders, "date_rule": rule}
    a = _at(at)
    before, after = status(case, at=a, **kw), status(raised, at=a, **kw)
    assert (after["rate"].fillna(-1) >= before["rate"].fillna(-1)).all()
    assert (after["rate"].isna() == before["rate"].isna()).all()
    for fn in (agreement_rates, compare):
        b = fn(case if fn is agreement_rates else [case], at=a, **kw)  # type: ignore[operator]
        r = fn(raised if fn is agreement_rates else [raised], at=a, **kw)  # type: ignore[operator]
        assert (r["rate"].fillna(-1) >= b["rate"].fillna(-1)).all()
        assert (r["mean_level"].fillna(-1) >= b["mean_level"].fillna(-1)).all()
    b, r = sector_coverage(case, at=a, **kw), sector_coverage(raised, at=a, **kw)
    assert (r["best_level"].fillna(-1) >= b["best_level"].fillna(-1)).all()
    assert (r["implemented"] >= b["implemented"]).all()
    tb, tr = trajectory(case, by="agreement", **kw), trajectory(raised, by="agreement", **kw)
    assert (tr["rate"].fillna(-1).to_numpy() >= tb["rate"].fillna(-1).to_numpy()).all()


@st.composite
def _late_observation(draw: st.DrawFn, case: m.Case, at: PartialDate) -> m.Observation:
    """An observation dated after ``at`` under either date rule."""
    return m.Observation(
        commitment=draw(st.sampled_from([c.id for c in case.commitments])),
        date=draw(partial_dates(at.year + 1, at.year + 4)), level=draw(st.integers(0, 3)),
        coder=draw(st.sampled_from(CODERS)),
    )


@given(impl_cases(min_commitments=1), partial_dates(2013, 2020), st.data(),
       st.sampled_from(AGGREGATE_CODERS), st.sampled_from(["end", "start"]))
def test_an_observation_after_at_changes_nothing_at_at(case: m.Case, at: PartialDate, data: st.DataObject,
                                                       coders: str, rule: str) -> None:
    later = with_observation(case, data.draw(_late_observation(case, at)))
    before, after = all_results(case, at, coders=coders, date_rule=rule), all_results(
        later, at, coders=coders, date_rule=rule)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)


@given(impl_cases(), at_values(), st.sampled_from(AGGREGATE_CODERS))
def test_renaming_ids_changes_no_number(case: m.Case, at: PartialDate | None, coders: str) -> None:
    renamed, mapping = rename_ids(case)
    a = _at(at)
    com = mapping.get("commitment", {})
    agr = mapping.get("agreement", {})

    s0, s1 = status(case, at=a, coders=coders), status(renamed, at=a, coders=coders)
    def ids(values: pd.Series, mapping: dict[str, str]) -> list[str | None]:
        return [None if pd.isna(v) else mapping.get(v, v) for v in values]

    assert ids(s0["commitment"], com) == ids(s1["commitment"], {})
    assert ids(s0["coder"], mapping.get("coder", {})) == ids(s1["coder"], {})
    for col in ("level", "rate", "observation", "date", "date_point", "n_observations", "n_coders"):
        pd.testing.assert_series_equal(s0[col], s1[col])

    e0, e1 = status(case, at=a, coders="each"), status(renamed, at=a, coders="each")
    e0 = e0.assign(commitment=e0["commitment"].map(com), coder=e0["coder"].map(mapping.get("coder", {})))
    key = ["commitment", "coder"]
    e0 = e0.sort_values(key, na_position="first").reset_index(drop=True)
    e1 = e1.sort_values(key, na_position="first").reset_index(drop=True)
    for col in ("level", "observation", "date", "n_observations", "n_coders"):
        pd.testing.assert_series_equal(e0[col], e1[col])

    r0, r1 = agreement_rates(case, at=a, coders=coders), agreement_rates(renamed, at=a, coders=coders)
    assert r0["agreement"].map(agr).tolist() == r1["agreement"].tolist()
    pd.testing.assert_frame_equal(r0.drop(columns="agreement"), r1.drop(columns="agreement"))

    c0, c1 = sector_coverage(case, at=a, coders=coders), sector_coverage(renamed, at=a, coders=coders)
    assert ids(c0["best_commitment"], com) == ids(c1["best_commitment"], {})
    pd.testing.assert_frame_equal(c0.drop(columns=["agreement", "best_commitment"]),
                                  c1.drop(columns=["agreement", "best_commitment"]))

    t0, t1 = trajectory(case, coders=coders), trajectory(renamed, coders=coders)
    pd.testing.assert_frame_equal(t0.drop(columns="group"), t1.drop(columns="group"))

    v0, v1 = reversals(case, at=a, coders="latest"), reversals(renamed, at=a, coders="latest")
    pd.testing.assert_frame_equal(v0.drop(columns=["commitment", "agreement", "coder"]),
                                  v1.drop(columns=["commitment", "agreement", "coder"]))


@given(impl_cases(), at_values(), st.sampled_from(["end", "start"]))
def test_status_matches_a_plain_python_reading(case: m.Case, at: PartialDate | None, rule: str) -> None:
    for coders in AGGREGATE_CODERS:
        got = status(case, at=_at(at), coders=coders, date_rule=rule)
        want = ref_levels(case, at, rule, coders)
        assert [None if pd.isna(x) else int(x) for x in got["level"]] == [want[c] for c in got["commitment"]]


@given(impl_cases(), at_values(), st.sampled_from(["end", "start"]))
def test_each_coder_matches_a_plain_python_reading(case: m.Case, at: PartialDate | None, rule: str) -> None:
    limit = at.end() if at is not None else None
    last: dict[tuple[str, str], tuple[dt.date, int, int]] = {}
    for i, o in enumerate(case.observations):
        day = _point(o.date, rule)
        if limit is None or day <= limit:
            key = (o.commitment, o.coder)
            last[key] = max(last.get(key, (day, i, int(o.level))), (day, i, int(o.level)))
    got = status(case, at=_at(at), coders="each", date_rule=rule)
    observed = got[got["coder"].notna()]
    assert {(c, k, int(v)) for c, k, v in observed[["commitment", "coder", "level"]].values} == {
        (c, k, v[2]) for (c, k), v in last.items()}
    unobserved = set(got.loc[got["coder"].isna(), "commitment"])
    assert unobserved == {c.id for c in case.commitments} - {c for c, _ in last}


@given(impl_cases(), st.sampled_from(AGGREGATE_CODERS))
def test_trajectory_equals_agreement_rates_at_each_period_end(case: m.Case, coders: str) -> None:
    tr = trajectory(case, coders=coders)
    for date, part in tr.groupby("date"):
        rates = agreement_rates(case, at=date, coders=coders)
        assert part["group"].tolist() == rates["agreement"].tolist()
        np.testing.assert_array_equal(part["rate"].to_numpy(), rates["rate"].to_numpy())
        np.testing.assert_array_equal(part["n_observed"].to_numpy(), rates["n_observed"].to_numpy())


@given(impl_cases(), at_values())
def test_agreement_rates_equal_the_peace_accords_matrix_formula(case: m.Case, at: PartialDate | None) -> None:
    got = agreement_rates(case, at=_at(at), weights="equal").set_index("agreement")["rate"]
    want = pam_rates(case, at)
    assert set(got.index) == set(want)
    for agreement, value in want.items():
        if math.isnan(value):
            assert math.isnan(got[agreement])
        else:
            assert got[agreement] == value  # exactly: the same sums of integers


def _rebuilt(t: CaseTables) -> CaseTables:
    return CaseTables.from_frames(**{n: getattr(t, n) for n in SCHEMA}, sectors=t.sectors,
                                  categories=t.categories)


@given(impl_cases(), at_values(), st.sampled_from(AGGREGATE_CODERS), st.sampled_from(["end", "start"]))
def test_a_case_and_its_tables_give_identical_results(case: m.Case, at: PartialDate | None, coders: str,
                                                      rule: str) -> None:
    from_case = all_results(case, at, coders=coders, date_rule=rule)
    from_tables = all_results(case.tables, at, coders=coders, date_rule=rule)
    from_frames = all_results(_rebuilt(case.tables), at, coders=coders, date_rule=rule)
    for name in from_case:
        pd.testing.assert_frame_equal(from_case[name], from_tables[name], obj=name)
        pd.testing.assert_frame_equal(from_case[name], from_frames[name], obj=name)


@given(st.lists(partial_dates(1, 9999) | st.none(), max_size=30))
def test_partial_date_bounds_agree_with_partial_date(dates: list[PartialDate | None]) -> None:
    values = pd.Series([None if d is None else str(d) for d in dates], dtype="str")
    first, last, precision = partial_date_bounds(values)
    for d, f, la, p in zip(dates, first, last, precision, strict=True):
        if d is None:
            assert pd.isna(f) and pd.isna(la) and p is None
        else:
            assert (f.date(), la.date(), p) == (d.start(), d.end(), d.precision)


@pytest.mark.parametrize("bad", ["2016-13", "2016-02-30", "0000", "16-11", "2016/11", "2016-1-1", " 2016",
                                 "2016-11-18x", "２０１６"])
def test_partial_date_bounds_reject_what_partial_date_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="row 1"):
        partial_date_bounds(pd.Series(["2017", bad]))


# ============================================================================ worked examples


def _case(commitments: list[dict[str, Any]], observations: list[dict[str, Any]],
          sectors: tuple[str, ...] = ("education", "agriculture", "health"), **extra: Any) -> m.Case:
    return m.Case(
        id="worked", title="Worked example",
        actors=[dict(id="a", name="A", level="subnational", country="ID"),
                dict(id="b", name="B", level="subnational", country="JP")],
        agreements=[dict(id="loi", kind="letter_of_intent", parties=["a", "b"], sectors=list(sectors),
                         open_sectors=True)],
        commitments=commitments, observations=observations, **extra,
    )


def _c(cid: str, sector: str = "education", **kw: Any) -> dict[str, Any]:
    return dict(id=cid, agreement="loi", sector=sector, title=cid.title(), **kw)


def test_partial_dates_follow_the_date_rule() -> None:
    # "2017" (level 1) is a year-precision reading; "2017-06-15" (level 2) a day-precision one.
    case = _case([_c("x")], [dict(commitment="x", date="2017", level=1),
                             dict(commitment="x", date="2017-06-15", level=2)])

    def level(at: str, rule: str) -> object:
        return status(case, at=at, date_rule=rule)["level"].iloc[0]

    # end rule: "2017" counts from 2017-12-31, so in mid-2017 only the June reading counts
    assert level("2017-06", "end") == 2
    # at the end of 2017 the year reading is the later one (31 Dec > 15 Jun)
    assert level("2017", "end") == 1
    # start rule: "2017" counts from 2017-01-01: in January it already holds ...
    assert level("2017-01", "start") == 1
    assert pd.isna(level("2017-01", "end"))
    # ... and at the end of 2017 the June reading is the later one
    assert level("2017", "start") == 2
    # at may be a date, a datetime, a Timestamp, a numpy datetime64 or a year
    for at in (dt.date(2017, 6, 30), dt.datetime(2017, 6, 30, 12), pd.Timestamp("2017-06-30"),
               np.datetime64("2017-06-30"), PartialDate(2017, 6)):
        assert status(case, at=at)["level"].iloc[0] == 2
    assert status(case, at=2017)["level"].iloc[0] == 1
    row = status(case, at="2017-06").iloc[0]
    assert (row["date"], row["date_point"], row["observation"]) == ("2017-06-15", pd.Timestamp("2017-06-15"), 1)


def test_several_coders() -> None:
    # three coders read one commitment; a fourth commitment has two coders who disagree
    case = _case(
        [_c("x"), _c("y")],
        [dict(commitment="x", date="2018", level=3, coder="ana"),
         dict(commitment="x", date="2018-05", level=1, coder="budi"),
         dict(commitment="x", date="2017", level=2, coder="citra"),
         dict(commitment="x", date="2016", level=0, coder="citra"),
         dict(commitment="y", date="2018-02-01", level=1, coder="ana"),
         dict(commitment="y", date="2018-02-01", level=3, coder="budi")],
    )
    got = {c: status(case, at="2018", coders=c).set_index("commitment")["level"].to_dict()
           for c in AGGREGATE_CODERS}
    # x: latest = ana's "2018" (31 Dec 2018); coders' latest levels {ana 3, budi 1, citra 2}
    # y: same day, levels {1, 3}: a disagreement, whose lower median is 1 (not the later row's 3)
    assert got == {"latest": {"x": 3, "y": 1}, "median": {"x": 2, "y": 1},
                   "min": {"x": 1, "y": 1}, "max": {"x": 3, "y": 3}}
    each = status(case, at="2018", coders="each")
    assert each[["commitment", "coder", "level", "n_observations", "n_coders"]].values.tolist() == [
        ["x", "ana", 3, 1, 3], ["x", "budi", 1, 1, 3], ["x", "citra", 2, 2, 3],
        ["y", "ana", 1, 1, 2], ["y", "budi", 3, 1, 2]]
    med = status(case, at="2018", coders="median").set_index("commitment")
    assert med.loc["x", "coder"] == "citra" and med.loc["x", "date"] == "2017"  # the reading it rests on
    assert med.loc["x", "n_coders"] == 3 and med.loc["x", "n_observations"] == 4
    # at the end of 2017 only citra has read x
    assert status(case, at="2017", coders="median").set_index("commitment").loc["x", "level"] == 2


def test_reversals_per_coder_and_on_the_latest_path() -> None:
    case = _case(
        [_c("x"), _c("y", "health")],
        [dict(commitment="x", date="2017", level=2, coder="ana"),
         dict(commitment="x", date="2018", level=1, coder="budi"),
         dict(commitment="y", date="2016-03", level=3, coder="ana"),
         dict(commitment="y", date="2017-03", level=1, coder="ana"),
         dict(commitment="y", date="2018-03", level=2, coder="ana")],
    )
    each = reversals(case)
    # x: ana 2 then budi 1 is a disagreement, not a reversal; y: ana 3 -> 1 is a drop of 2
    assert each[["commitment", "coder", "date_before", "date", "level_before", "level", "drop"]].values.tolist() \
        == [["y", "ana", "2016-03", "2017-03", 3, 1, 2]]
    latest = reversals(case, coders="latest")
    assert latest[["commitment", "level_before", "level", "drop"]].values.tolist() == [
        ["x", 2, 1, 1], ["y", 3, 1, 2]]
    assert len(reversals(case, at="2016")) == 0
    assert reversals(case, at="2017-03")["commitment"].tolist() == ["y"]


def test_weighted_agreement_rate_and_counts() -> None:
    case = _case(
        [_c("x", weight=2), _c("y", "agriculture"), _c("z", "agriculture"), _c("w", "health")],
        [dict(commitment="x", date="2018", level=3), dict(commitment="y", date="2018", level=0),
         dict(commitment="z", date="2018", level=1)],
    )
    r = agreement_rates(case).iloc[0]
    # (2*3 + 0 + 1) / (3 * (2 + 1 + 1)) = 7/12; w has no data and is left out
    assert r["rate"] == pytest.approx(7 / 12)
    assert r["mean_level"] == pytest.approx(7 / 4)
    assert (r["n_commitments"], r["n_observed"], r["n_no_data"]) == (4, 3, 1)
    assert [r[f"n_level_{k}"] for k in range(4)] == [1, 1, 0, 1]
    assert r["weight"] == 4.0
    # equal weights: the PAM aggregate (3 + 0 + 1) / (3 * 3) = 4/9
    assert agreement_rates(case, weights="equal")["rate"].iloc[0] == pytest.approx(4 / 9)
    # no data counted as 0: (6 + 0 + 1 + 0) / (3 * 5)
    assert agreement_rates(case, missing="zero")["rate"].iloc[0] == pytest.approx(7 / 15)
    # explicit weights
    w = {"x": 1, "y": 1, "z": 4, "w": 1}
    assert agreement_rates(case, weights=w)["rate"].iloc[0] == pytest.approx((3 + 0 + 4) / (3 * 6))
    assert agreement_rates(case, weights=pd.Series(w))["rate"].iloc[0] == pytest.approx(7 / 18)


def test_sector_coverage_distinguishes_gaps_from_zeros() -> None:
    case = _case(
        [_c("x"), _c("y", "agriculture"), _c("z", "agriculture"), _c("v", "environment")],
        [dict(commitment="x", date="2018", level=2), dict(commitment="y", date="2018", level=1),
         dict(commitment="z", date="2017", level=0)],
        sectors=("education", "agriculture", "health", "tourism"),
    )
    cov = sector_coverage(case).set_index("sector")
    assert cov["coverage"].astype(str).to_dict() == {
        "education": "implemented", "tourism": "gap", "agriculture": "below_threshold",
        "health": "gap", "environment": "no_data"}
    assert cov.loc["agriculture", "best_level"] == 1 and cov.loc["agriculture", "best_commitment"] == "y"
    assert cov.loc["agriculture", "n_commitments"] == 2 and cov.loc["agriculture", "n_observed"] == 2
    assert not cov.loc["environment", "agreed"] and cov["agreed"].sum() == 4
    assert pd.isna(cov.loc["health", "best_level"])
    # thresholds: full only; any start
    assert sector_coverage(case, threshold="full")["implemented"].sum() == 0
    assert sector_coverage(case, threshold=1)["implemented"].sum() == 2
    assert list(cov["coverage"].cat.categories) == list(COVERAGE)


def test_trajectory_per_period_and_group() -> None:
    case = _case(
        [_c("x"), _c("y", "agriculture")],
        [dict(commitment="x", date="2016-11", level=1), dict(commitment="x", date="2017-06", level=3),
         dict(commitment="y", date="2017-02", level=0)],
    )
    tr = trajectory(case, by="case")
    assert tr["date"].dt.strftime("%Y-%m-%d").tolist() == ["2016-12-31", "2017-12-31"]
    assert tr["rate"].tolist() == [pytest.approx(1 / 3), pytest.approx(3 / 6)]
    assert tr["n_observed"].tolist() == [1, 2]
    q = trajectory(case, by="commitment", freq="QE", start="2017-01", end="2017-06")
    assert q.pivot(index="date", columns="group", values="mean_level").values.tolist() == [[1.0, 0.0], [3.0, 0.0]]
    by_sector = trajectory(case, by="sector")
    assert by_sector["group"].unique().tolist() == ["education", "agriculture"]  # vocabulary order
    assert trajectory(_case([_c("x")], [])).empty


def test_stalled_commitments() -> None:
    case = _case(
        [_c("x"), _c("y", "agriculture"), _c("z", "health"), _c("v", "health")],
        [dict(commitment="x", date="2016", level=1), dict(commitment="x", date="2017-06", level=1),
         dict(commitment="y", date="2016", level=1), dict(commitment="y", date="2017-06", level=2),
         dict(commitment="z", date="2016", level=3),
         dict(commitment="v", date="2017-03", level=0)],
    )
    # at the end of 2017, over 12 months: x has not moved (1 -> 1); y rose; z is full; v is new
    st_ = stalled(case, at="2017")
    assert st_[["commitment", "level", "level_before"]].values.tolist() == [["x", 1, 1]]
    assert st_["window_start"].iloc[0] == pd.Timestamp("2016-12-31")
    # over 6 months (from 30 June 2017): y reached 2 in June 2017 (counted from 30 June under
    # the end rule) and stayed there, so it stalls too; v, first seen in March, still 0
    assert stalled(case, at="2017", span="P6M")["commitment"].tolist() == ["x", "y", "v"]
    assert stalled(case, at="2017", span=6)["commitment"].tolist() == ["x", "y", "v"]
    # under the start rule the June reading counts from 1 June: y rose inside no window either
    assert stalled(case, at="2017", span=6, date_rule="start")["commitment"].tolist() == ["x", "y", "v"]
    # judged at the end of July 2017 over a year: under the end rule nothing was known at the
    # end of July 2016 ("2016" counts from 31 December), so nothing can be judged ...
    assert stalled(case, at="2017-07", span=12).empty
    # ... under the start rule x (1 -> 1) stalled, y rose from 1 to 2 within the window
    assert stalled(case, at="2017-07", span=12, date_rule="start")["commitment"].tolist() == ["x"]


def test_commitment_status_decides_what_counts() -> None:
    case = _case(
        [_c("x"), _c("y", "agriculture", status="proposed"), _c("z", "health", status="wish")],
        [dict(commitment="x", date="2018", level=0), dict(commitment="y", date="2018", level=3),
         dict(commitment="z", date="2018", level=3)],
    )
    assert agreement_rates(case)["rate"].iloc[0] == 0.0
    assert agreement_rates(case, include="all")["rate"].iloc[0] == pytest.approx(6 / 9)
    assert agreement_rates(case, include=["agreed", "proposed"])["rate"].iloc[0] == pytest.approx(3 / 6)
    cov = sector_coverage(case).set_index("sector")
    assert cov.loc["agriculture", "coverage"] == "gap"  # only a proposal there ...
    assert cov.loc["agriculture", "n_excluded"] == 1  # ... which the reader is told
    assert cov[["n_commitments", "n_excluded"]].sum().tolist() == [1, 2]
    everything = sector_coverage(case, include="all").set_index("sector")
    assert everything.loc["agriculture", "implemented"] and everything["n_excluded"].sum() == 0
    # a sector the agreement does not name, whose only commitment is left out, has no row
    other = _case([_c("x"), _c("v", "environment", status="wish")], [], sectors=("education",))
    assert sector_coverage(other)["sector"].astype(str).tolist() == ["education"]
    assert sector_coverage(other, include="all")["sector"].astype(str).tolist() == ["education", "environment"]
    assert status(case)["commitment_status"].astype(str).tolist() == ["agreed", "proposed", "wish"]


def test_compare_names_cases() -> None:
    a = _case([_c("x")], [dict(commitment="x", date="2018", level=3)])
    b = m.Case(id="other", title="Other")
    out = compare([a, b, a.tables])
    assert out["case"].tolist() == ["worked", "other", "2"]
    assert out["rate"].tolist()[0] == 1.0 and math.isnan(out["rate"].tolist()[1])
    assert out["n_sectors_agreed"].tolist() == [3, 0, 3]
    assert out["coverage"].tolist()[0] == pytest.approx(1 / 3)
    assert compare({"A": a})["case"].tolist() == ["A"]
    with pytest.raises(ArgumentError, match="unique"):
        compare([a, a])


# ============================================================================ errors


@pytest.mark.parametrize(("call", "match"), [
    (lambda c: status(c, coders="mean"), "coders must be one of"),
    (lambda c: status(c, date_rule="middle"), "date_rule must be one of"),
    (lambda c: status(c, at="2017-13"), r"at must be None, a date.*month 13 is outside"),
    (lambda c: status(c, at=1.5), "at must be None, a date"),
    (lambda c: status(c, at=pd.NaT), "NaT is not a date"),
    (lambda c: status(c, at=0), "year 0 is outside"),
    (lambda c: agreement_rates(c, coders="each"), "coders must be one of"),
    (lambda c: agreement_rates(c, weights="heavy"), "weights must be one of"),
    (lambda c: agreement_rates(c, weights={"x": 1}), "every commitment; 1 have none, the first 'y'"),
    (lambda c: agreement_rates(c, weights={"x": 1, "y": -1}), "finite numbers > 0; the weight of 'y' is -1"),
    (lambda c: agreement_rates(c, weights={"x": 1, "y": "a"}), "the weight of 'y' is 'a'"),
    (lambda c: agreement_rates(c, weights={"x": 1, "y": True}), "the weight of 'y' is True"),
    (lambda c: agreement_rates(c, weights=pd.Series([1, 2], index=["x", "x"])), "one weight; 'x' has more"),
    (lambda c: agreement_rates(c, missing="drop"), "missing must be one of"),
    (lambda c: agreement_rates(c, include="maybe"), "include must be"),
    (lambda c: agreement_rates(c, include=["agreed", [1]]), "include must be"),
    (lambda c: agreement_rates(c, include=[]), "include must be"),
    (lambda c: sector_coverage(c, threshold=4), "threshold must be a level 0-3 or one of .*; got 4"),
    (lambda c: sector_coverage(c, threshold="most"), "threshold must be a level 0-3"),
    (lambda c: trajectory(c, freq="fortnightly"), "freq must be a pandas frequency"),
    (lambda c: trajectory(c, freq="0D"), "stepping forward in time; got '0D'"),
    (lambda c: trajectory(c, freq="-1YE"), "stepping forward in time; got '-1YE'"),
    (lambda c: trajectory(c, freq="h"), "a day or longer.*got 'h'"),
    (lambda c: trajectory(c, freq="30min"), "a day or longer.*got '30min'"),
    (lambda c: trajectory(c, by="actor"), "by must be one of"),
    (lambda c: trajectory(c, start="2019", end="2018"), "start must be on or before end"),
    (lambda c: trajectory(c, start="2018-02-30"), "start must be None, a date"),
    (lambda c: stalled(c, span="a year"), "span must be a number of months"),
    (lambda c: stalled(c, span="P0M"), "span must be a number of months"),
    (lambda c: stalled(c, span=0), "span must be at least 1"),
    (lambda c: stalled(c, span=10**9), "span must be at least 1 and at most 119988"),
    (lambda c: stalled(c, at=dt.date(1, 1, 1)), "12 months before 0001-01-01 falls before the year 1"),
    (lambda c: reversals(c, coders="median"), "coders must be one of"),
    (lambda c: compare([c], weights="heavy"), "weights must be one of"),
    (lambda c: compare([c, c]), "unique names"),
])
def test_bad_option_values_raise_argument_errors(call: Any, match: str) -> None:
    case = _case([_c("x"), _c("y")], [dict(commitment="x", date="2018", level=3)])
    with pytest.raises(ArgumentError, match=match) as err:
        call(case)
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(("call", "match"), [
    (lambda c: agreement_rates(c, weights=[1, 2]), "weights must be None"),
    (lambda c: agreement_rates(c, include=5), "include must be"),
    (lambda c: sector_coverage(c, threshold=2.0), "threshold must be a level 0-3"),
    (lambda c: sector_coverage(c, threshold=True), "threshold must be a level 0-3"),
    (lambda c: trajectory(c, freq=3), "freq must be a pandas frequency"),
    (lambda c: stalled(c, span=1.5), "span must be a number of months"),
    (lambda c: stalled(c, span=True), "span must be a number of months"),
    (lambda c: compare(c), "cases must be a mapping"),
    (lambda c: compare("bogor"), "cases must be a mapping"),
    (lambda c: compare([c], weights={"x": 1}), "weights must be None"),
    (lambda c: compare([1]), "expected a sistercity Case or CaseTables"),
])
def test_arguments_of_the_wrong_type_raise_argument_type_errors(call: Any, match: str) -> None:
    case = _case([_c("x"), _c("y")], [dict(commitment="x", date="2018", level=3)])
    with pytest.raises(ArgumentTypeError, match=match) as err:
        call(case)
    assert isinstance(err.value, TypeError)


def test_bad_data_raise_the_library_errors() -> None:
    with pytest.raises(ArgumentTypeError, match="expected a sistercity Case or CaseTables, got DataFrame"):
        status(pd.DataFrame())  # type: ignore[arg-type]
    frames = dict(
        commitments=pd.DataFrame({"commitment": ["c1"], "agreement": ["a"], "sector": ["education"]}),
        observations=pd.DataFrame({"commitment": ["c1", "c9"], "date": ["2017", "2018"], "level": [1, 2]}),
    )
    tables = CaseTables.from_frames(validate=False, **frames)
    with pytest.raises(CaseValidationError, match=r"observations\[1\]\.commitment") as err:
        status(tables)
    assert isinstance(err.value, ValueError)


def test_a_commitment_without_a_sector_is_refused_not_counted_as_other() -> None:
    # possible only with validate=False: trajectory and sector_coverage refuse it rather than file it elsewhere
    tables = CaseTables.from_frames(
        validate=False,
        commitments=pd.DataFrame({"commitment": ["c1", "c2"], "agreement": ["a", "a"], "sector": ["health", None]}),
        observations=pd.DataFrame({"commitment": ["c1", "c2"], "date": ["2017", "2018"], "level": [2, 3]}),
        agreements=pd.DataFrame({"agreement": ["a"], "kind": ["letter_of_intent"]}),
    )
    for call in (lambda: trajectory(tables, by="sector"), lambda: sector_coverage(tables)):
        with pytest.raises(CaseValidationError, match=r"commitments\[1\]\.sector: every commitment needs a sector"):
            call()


def test_trajectory_dates_follow_the_frequency() -> None:
    case = _case([_c("x")], [dict(commitment="x", date="2016-11", level=1), dict(commitment="x", date="2017-06",
                                                                                 level=3)])
    # the default: each year's last day
    assert trajectory(case, by="case")["date"].dt.strftime("%Y-%m-%d").tolist() == ["2016-12-31", "2017-12-31"]
    # start-anchored: the status on each year's first day, labelled with that day (as documented)
    ys = trajectory(case, by="case", freq="YS")
    assert ys["date"].dt.strftime("%Y-%m-%d").tolist() == ["2017-01-01", "2018-01-01"]
    assert ys["mean_level"].tolist() == [1.0, 3.0]
    # a day or longer: one row per date, never two rows on one day
    daily = trajectory(case, by="case", freq="D", start="2017-06-28", end="2017-07-02")
    assert daily["date"].is_unique and len(daily) == 5
    assert daily["mean_level"].tolist() == [1.0, 1.0, 3.0, 3.0, 3.0]  # "2017-06" counts from 30 June
    assert trajectory(case, by="case", freq=pd.offsets.YearEnd()).equals(trajectory(case, by="case"))


def test_tables_without_an_agreements_table_still_give_agreement_rows() -> None:
    t = CaseTables.from_frames(
        commitments=pd.DataFrame({"commitment": ["c1", "c2"], "agreement": ["b", "a"],
                                  "sector": ["education", "health"]}),
        observations=pd.DataFrame({"commitment": ["c1", "c2"], "date": ["2017", "2018"], "level": [3, 0]}),
    )
    assert agreement_rates(t)[["agreement", "rate"]].values.tolist() == [["b", 1.0], ["a", 0.0]]
    cov = sector_coverage(t)
    assert cov[["agreement", "sector", "agreed", "implemented"]].values.tolist() == [
        ["b", "education", False, True], ["a", "health", False, False]]


def test_empty_case_gives_empty_frames_with_the_columns() -> None:
    empty = m.Case(id="e", title="Empty")
    for name, df in all_results(empty).items():
        assert tuple(df.columns) == COLUMNS[name.replace("_each", "")]
    assert len(status(empty)) == 0 and len(compare([empty])) == 1


def _dtypes(df: pd.DataFrame) -> list[tuple[str, str]]:
    return [(str(c), str(t)) for c, t in df.dtypes.items()]


def test_every_table_has_the_same_columns_and_dtypes_whatever_the_case() -> None:
    from sistercity import obstacles

    bogor = datasets.load("bogor-kisarazu")
    data = bogor.to_dict()
    no_observations = m.Case.model_validate({**data, "observations": []})
    no_agreements = m.Case.model_validate({**data, "agreements": [], "commitments": [], "observations": [],
                                           "obstacles": [], "events": []})
    # a case in which every function returns rows (the bundled case has no reversal)
    busy = _case([_c("x"), _c("y", "health", status="proposed")],
                 [dict(commitment="x", date="2016", level=2), dict(commitment="x", date="2017-06", level=1),
                  dict(commitment="x", date="2018", level=1), dict(commitment="y", date="2018", level=0)])
    cases = {"bundled": bogor, "empty": m.Case(id="x", title="t"), "no observations": no_observations,
             "no agreements": no_agreements, "busy": busy}
    functions: dict[str, Any] = {
        "status": status, "status each": lambda c: status(c, coders="each"), "agreement_rates": agreement_rates,
        "sector_coverage": sector_coverage, "trajectory": trajectory, "stalled": lambda c: stalled(c, at="2018"),
        "reversals": reversals, "compare": lambda c: compare([c]),
        "compare none": lambda c: compare([]),
        **{name: getattr(obstacles, name) for name in obstacles.COLUMNS},
    }
    for name, fn in functions.items():
        want = _dtypes(fn(bogor))
        for label, case in cases.items():
            got = fn(case)
            assert _dtypes(got) == want, (name, label)
    assert len(reversals(busy)) == 1 and len(stalled(busy, at="2018")) == 1  # rows, not only headers
    assert agreement_rates(m.Case(id="x", title="t"))["weight"].dtype == "float64"
    assert agreement_rates(no_observations)["weight"].tolist() == [0.0]


# ============================================================================ the bundled case


@pytest.fixture(scope="module")
def bogor() -> m.Case:
    return datasets.load("bogor-kisarazu")


def test_bundled_one_of_five_sectors_implemented_at_the_end_of_2018(bogor: m.Case) -> None:
    cov = sector_coverage(bogor, at="2018-12-31")
    agreed = cov[cov["agreed"]]
    assert sorted(agreed["sector"].astype(str)) == ["agriculture", "culture", "education", "health", "tourism"]
    assert agreed.loc[agreed["implemented"], "sector"].tolist() == ["education"]
    row = compare([bogor], at="2018").iloc[0]
    assert (row["n_sectors_agreed"], row["n_sectors_implemented"], row["coverage"]) == (5, 1, 0.2)


def test_bundled_education_implemented(bogor: m.Case) -> None:
    # one exchange, two sources on 2017-12-14: the news's online exchange (2), the thesis's
    # one-week exchange (3); a same-day disagreement settles at the lower median, 2, and is flagged
    for at in ("2017", "2018"):
        s = status(bogor, at=at).set_index("commitment")
        assert s.loc["student-exchange", "level"] == 2 and s.loc["student-exchange", "sector"] == "education"
        assert s.loc["student-exchange", "source"] == "kotabogor-2017-12-14"
        assert s.loc["student-exchange", "disagreement"]


def test_bundled_culture_and_tourism_agreed_without_an_implemented_commitment(bogor: m.Case) -> None:
    cov = sector_coverage(bogor, at="2018").set_index("sector")
    for sector in ("culture", "tourism"):
        assert cov.loc[sector, "agreed"]
        assert cov.loc[sector, "n_implemented"] == 0 and not cov.loc[sector, "implemented"]
    # culture is a gap because its one commitment was only proposed: n_excluded says so
    assert cov.loc["culture", "coverage"] == "gap" and cov.loc["culture", "n_excluded"] == 1


def test_bundled_trajectory_and_rates(bogor: m.Case) -> None:
    r = agreement_rates(bogor, at="2018").iloc[0]
    levels = status(bogor, at="2018")
    counted = levels[levels["commitment_status"] == "agreed"]["level"].dropna()
    assert r["rate"] == counted.sum() / (3 * len(counted))
    assert len(reversals(bogor)) == 0


def test_the_documentation_examples_run() -> None:
    """docs/implementation.md's numbers are the ones the code computes."""
    import doctest
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "docs" / "implementation.md"
    result = doctest.testfile(str(path), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 10


# ============================================================================ methods review (issue 10)


@pytest.mark.parametrize("name", ["bandung-suwon", "baubau-seoul"])
def test_compare_gives_no_coverage_for_a_case_with_no_observation(name: str) -> None:
    # no data is never 0: these bundled cases have no observation at all
    row = compare([datasets.load(name)]).iloc[0]
    assert row["n_observed"] == 0
    assert math.isnan(row["coverage"]) and math.isnan(row["rate"])


def test_compare_leaves_sectors_without_data_out_of_coverage() -> None:
    bandung = compare([datasets.load("bandung-suwon")]).iloc[0]
    assert (bandung["n_sectors_agreed"], bandung["n_sectors_no_data"]) == (1, 1)
    # x observed and implemented; y (agriculture) has a commitment but no data; health a gap
    case = _case([_c("x"), _c("y", "agriculture")], [dict(commitment="x", date="2018", level=2)])
    row = compare([case]).iloc[0]
    assert (row["n_sectors_agreed"], row["n_sectors_implemented"], row["n_sectors_no_data"]) == (3, 1, 1)
    assert row["coverage"] == 0.5  # 1 implemented of 2 known (education implemented, health a gap)


def test_observed_share_and_the_pam_rate_beside_every_rate(bogor: m.Case) -> None:
    r = agreement_rates(bogor, at="2017").iloc[0]
    # one of five agreed commitments observed, at level 2: mean over it 2/3; PAM (2 + 0*4) / (3*5)
    assert (r["n_commitments"], r["n_observed"]) == (5, 1)
    assert r["rate"] == pytest.approx(2 / 3) and round(r["rate"], 3) == 0.667
    assert r["observed_share"] == pytest.approx(1 / 5)
    assert r["rate_pam"] == pytest.approx(2 / 15) and round(r["rate_pam"], 3) == 0.133
    assert r["rate_pam"] == agreement_rates(bogor, at="2017", missing="zero")["rate"].iloc[0]
    tr = trajectory(bogor, by="case").set_index("date")
    assert tr.loc["2017-12-31", ["observed_share", "rate_pam"]].tolist() == [r["observed_share"], r["rate_pam"]]
    c = compare([bogor], at="2017").iloc[0]
    assert (c["observed_share"], c["rate_pam"]) == (r["observed_share"], r["rate_pam"])
    full = agreement_rates(bogor, at="2018").iloc[0]  # every commitment observed: the two agree
    assert full["observed_share"] == 1.0 and full["rate_pam"] == full["rate"] == pytest.approx(2 / 15)
    assert math.isnan(compare([m.Case(id="e", title="E")])["observed_share"].iloc[0])  # no commitment: no share


def test_every_aggregate_rate_has_its_observed_share_and_pam_figure_beside_it() -> None:
    # status has one commitment per row (observed or not); every other table with a rate is an aggregate
    with_rate = [name for name, cols in COLUMNS.items() if "rate" in cols and name != "status"]
    assert sorted(with_rate) == ["agreement_rates", "compare", "trajectory"]
    for name in with_rate:
        cols = COLUMNS[name]
        assert {"n_observed", "n_commitments", "observed_share", "rate_pam"} <= set(cols), name
        assert cols.index("observed_share") == cols.index("rate") + 1, name  # beside it
    # sector coverage gives no rate; its judgement stands beside the counts it rests on
    assert {"n_commitments", "n_observed", "coverage"} <= set(COLUMNS["sector_coverage"])


def test_the_age_of_evidence_is_shown_and_can_be_bounded(bogor: m.Case) -> None:
    # levels carry forward: in 2030 the rate still rests on the 2017-2018 evidence ...
    assert agreement_rates(bogor, at="2030")["rate"].iloc[0] == pytest.approx(2 / 15)
    # ... unless evidence older than five years counts as no data
    late = agreement_rates(bogor, at="2030", max_age=5).iloc[0]
    assert math.isnan(late["rate"]) and late["n_observed"] == 0
    assert agreement_rates(bogor, at="2020", max_age=5)["rate"].iloc[0] == pytest.approx(2 / 15)
    s = status(bogor, at="2030").set_index("commitment")
    # the thesis' "2018" counts from 31 Dec 2018; 31 Dec 2030 is 12 years (4383 days) later
    assert s.loc["blueberry", "age_years"] == pytest.approx(4383 / 365.2425)
    # the exchange's two observations are of 14 Dec 2017: 4765 days before 31 Dec 2030
    assert s.loc["student-exchange", "age_years"] == pytest.approx(4765 / 365.2425)
    assert s["age_years"].isna().tolist() == s["level"].isna().tolist()
    assert status(bogor, at="2030", max_age=5)["level"].isna().all()
    assert math.isnan(compare([bogor], at="2030", max_age=5)["coverage"].iloc[0])
    assert sector_coverage(bogor, at="2030", max_age=5)["best_level"].isna().all()
    tr = trajectory(bogor, by="case", end="2030", max_age=5).set_index("date")
    assert tr.loc["2022-12-31", "n_observed"] == 4  # the 2017-12-14 evidence is over five years old
    assert tr.loc["2023-12-31", "n_observed"] == 4 and tr.loc["2024-12-31", "n_observed"] == 0
    with pytest.raises(ArgumentError, match="max_age must be a finite number"):
        status(bogor, max_age=-1)
    with pytest.raises(ArgumentTypeError, match="max_age must be a number"):
        agreement_rates(bogor, max_age="5y")  # type: ignore[arg-type]


def test_same_day_disagreement_is_flagged_and_not_settled_by_row_order() -> None:
    from sistercity import reliability

    rows = [dict(commitment="x", date="2018-02-01", level=1, coder="ana"),
            dict(commitment="x", date="2018-02", level=3, coder="budi"),  # 28 Feb under the end rule
            dict(commitment="x", date="2018-02-28", level=2, coder="citra"),
            dict(commitment="y", date="2017", level=0, coder="ana"),
            dict(commitment="y", date="2018", level=2, coder="ana")]
    case = _case([_c("x"), _c("y")], rows)
    swapped = _case([_c("x"), _c("y")], [rows[2], rows[1], *rows[:1], *rows[3:]])
    cols = ["commitment", "level", "coder", "date", "disagreement", "n_observations", "n_coders"]
    a, b = status(case)[cols], status(swapped)[cols]
    pd.testing.assert_frame_equal(a, b)
    # x on 28 Feb 2018: budi 3 and citra 2 disagree; the lower median of {2, 3} is 2 (citra's)
    assert a.values.tolist() == [["x", 2, "citra", "2018-02-28", True, 3, 3],
                                 ["y", 2, "ana", "2018", False, 2, 1]]
    conflicts = reliability.same_date_conflicts(case)
    assert set(conflicts["commitment"]) == set(a.loc[a["disagreement"], "commitment"])
    # under the start rule "2018-02" falls on 1 February, beside ana's 1: citra's 28 February is alone
    s = status(case, date_rule="start").set_index("commitment")
    assert (s.loc["x", "level"], s.loc["x", "date"], s.loc["x", "disagreement"]) == (2, "2018-02-28", False)
    # ... and at the end of 15 February, ana's 1 and budi's 3 disagree: the lower median is 1
    s = status(case, at="2018-02-15", date_rule="start").set_index("commitment")
    assert (s.loc["x", "level"], s.loc["x", "coder"], s.loc["x", "disagreement"]) == (1, "ana", True)
    # the rates follow the same rule: (2 + 2) / 6 whatever the row order
    assert agreement_rates(case)["rate"].iloc[0] == agreement_rates(swapped)["rate"].iloc[0] == pytest.approx(4 / 6)
    each = status(case, coders="each")
    assert each.loc[each["commitment"] == "x", "disagreement"].all()


def test_the_number_of_trajectory_periods_is_bounded() -> None:
    """Daily periods over years 1-9999 are refused at once, not computed for minutes."""
    from sistercity import ArgumentError, datasets
    from sistercity.implementation import trajectory

    with pytest.raises(ArgumentError, match="at most 20,000"):
        trajectory(datasets.load("bogor-kisarazu"), freq="D", start="0001", end="9999")
