"""Tests of sistercity.implementation over time: the age of evidence in stalled and reversals,
where an observation falls in its agreement's term, and the one-pass trajectory."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sistercity import ArgumentError
from sistercity import model as m
from sistercity.dates import PartialDate
from sistercity.implementation import COLUMNS, TIMING, reversals, stalled, status, trajectory
from sistercity.tables import CaseTables
from strategies import at_values, impl_cases, partial_dates

ACTORS = [dict(id="a", name="A", level="subnational", country="ID"),
          dict(id="b", name="B", level="subnational", country="JP")]


def _case(observations: list[dict[str, Any]], commitments: list[str] | None = None,
          agreements: list[dict[str, Any]] | None = None) -> m.Case:
    agreements = agreements or [dict(id="loi")]
    ids = commitments or sorted({o["commitment"] for o in observations})
    return m.Case(
        id="t", title="T", actors=ACTORS,
        agreements=[dict(kind="letter_of_intent", parties=["a", "b"], sectors=["education"], **a)
                    for a in agreements],
        commitments=[dict(id=c.split("@")[0], agreement=c.split("@")[1] if "@" in c else agreements[0]["id"],
                          sector="education", title=c) for c in ids],
        observations=observations,
    )


# ============================================================================ max_age in stalled and reversals


def test_stalled_bounds_the_age_of_both_statuses() -> None:
    # "2016" counts from 31 Dec 2016. At the end of 2019 over a year, the window starts 31 Dec 2018:
    # y's only reading is 2.0 years old at the window's start and 3.0 years old at ``at``;
    # z's old reading is 2.0 years old at the window's start, its new one half a year old at ``at``.
    case = _case([dict(commitment="y", date="2016", level=1),
                  dict(commitment="z", date="2016", level=1),
                  dict(commitment="z", date="2019-06", level=1)])

    def judged(max_age: float | None) -> list[str]:
        return stalled(case, at="2019", span="P1Y", max_age=max_age)["commitment"].tolist()

    assert judged(None) == ["y", "z"]
    assert judged(5) == ["y", "z"]
    assert judged(2.5) == ["z"]  # y's evidence has aged out at ``at``
    assert judged(1.5) == []  # ... and z's at the window's start
    assert tuple(stalled(case, max_age=1).columns) == COLUMNS["stalled"]
    with pytest.raises(ArgumentError, match="max_age"):
        stalled(case, max_age=-1)


@pytest.mark.parametrize("coders", ["each", "latest"])
def test_reversals_need_the_earlier_level_still_in_force(coders: str) -> None:
    # 31 Dec 2017 to 31 Mar 2019 is 455 days, 1.25 years
    case = _case([dict(commitment="x", date="2017", level=2),
                  dict(commitment="x", date="2019-03", level=1)])
    assert len(reversals(case, coders=coders)) == 1  # type: ignore[arg-type]
    assert len(reversals(case, coders=coders, max_age=1.3)) == 1  # type: ignore[arg-type]
    assert len(reversals(case, coders=coders, max_age=1.2)) == 0  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="max_age"):
        reversals(case, max_age=float("nan"))


@given(impl_cases(), at_values(), st.floats(0, 8), st.sampled_from(["each", "latest"]))
def test_a_bound_on_age_only_removes_reversals(case: m.Case, at: PartialDate | None, age: float,
                                               coders: str) -> None:
    a = None if at is None else str(at)
    every = reversals(case, at=a, coders=coders)  # type: ignore[arg-type]
    bounded = reversals(case, at=a, coders=coders, max_age=age)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(reversals(case, at=a, coders=coders, max_age=1e6), every)  # type: ignore[arg-type]
    key = ["observation_before", "observation"]
    assert set(map(tuple, bounded[key].values.tolist())) <= set(map(tuple, every[key].values.tolist()))


@given(impl_cases(), at_values(), st.floats(0, 8))
def test_a_bound_on_age_only_removes_stalled_commitments(case: m.Case, at: PartialDate | None,
                                                          age: float) -> None:
    # under "latest" the newest evidence is the same with or without the bound, when there is any
    a = None if at is None else str(at)
    every = stalled(case, at=a).set_index("commitment")
    bounded = stalled(case, at=a, max_age=age).set_index("commitment")
    assert set(bounded.index) <= set(every.index)
    pd.testing.assert_frame_equal(bounded, every.loc[bounded.index])


# ============================================================================ timing in the term


def test_timing_places_each_observation_in_its_agreements_term() -> None:
    # signed 2016-11-18 for two years: in force to 2018-11-18 (see sistercity.lifecycle)
    obs = [("early", "2016-10", 1), ("year", "2016", 2), ("inside", "2017-05", 2),
           ("edge", "2018-11", 3), ("late", "2019-01-02", 3), ("last-day", "2018-11-18", 1)]
    case = _case([dict(commitment=c, date=d, level=lv) for c, d, lv in obs],
                 commitments=[c for c, _, _ in obs],
                 agreements=[dict(id="loi", signed="2016-11-18", term="P2Y")])
    s = status(case).set_index("commitment")
    assert s["timing"].to_dict() == {"early": "before_start", "year": "uncertain", "inside": "in_term",
                                     "edge": "uncertain", "late": "after_end", "last-day": "in_term"}
    assert list(s["timing"].cat.categories) == list(TIMING)
    # the evidence stays counted: the flag does not change the level
    assert s["level"].to_dict() == {c: lv for c, _, lv in obs}
    each = status(case, coders="each").set_index("commitment")
    assert each["timing"].to_dict() == s["timing"].to_dict()


def test_timing_without_a_dated_term() -> None:
    case = _case(
        [dict(commitment="open", date="2030", level=1), dict(commitment="open-early", date="2015", level=1),
         dict(commitment="nostart", date="2018", level=1), dict(commitment="termonly", date="2018", level=1),
         dict(commitment="endsonly", date="2021", level=1), dict(commitment="endsonly-in", date="2019", level=1)],
        commitments=["open@open", "open-early@open", "nostart@nostart", "termonly@termonly",
                     "endsonly@endsonly", "endsonly-in@endsonly", "unobserved@open"],
        agreements=[dict(id="open", signed="2016-11-18"),  # no fixed end: in force from its start on
                    dict(id="nostart"), dict(id="termonly", term="P5Y"), dict(id="endsonly", ends="2020-03")],
    )
    s = status(case).set_index("commitment")["timing"]
    assert pd.isna(s["unobserved"])
    assert s.drop("unobserved").to_dict() == {
        "open": "in_term", "open-early": "before_start", "nostart": "unknown", "termonly": "unknown",
        "endsonly": "after_end", "endsonly-in": "unknown"}


def test_timing_reads_effective_ends_and_year_starts() -> None:
    case = _case(
        [dict(commitment="between", date="2016-12", level=1), dict(commitment="cut", date="2019-06", level=1),
         dict(commitment="span", date="2021-03", level=1)],
        commitments=["between@eff", "cut@cut", "span@year"],
        agreements=[dict(id="eff", signed="2016-11-18", effective="2017-01-01", term="P5Y"),
                    # ends before start + term: ends is what the case says (lifecycle reports the conflict)
                    dict(id="cut", signed="2016-11-18", term="P5Y", ends="2018-12-31"),
                    # 2016 + 66 months: expiry somewhere in July 2021 - June 2022
                    dict(id="year", signed="2016", term="P5Y6M")],
    )
    s = status(case).set_index("commitment")["timing"]
    assert s.to_dict() == {"between": "before_start", "cut": "after_end", "span": "in_term"}


def test_bundled_observations_all_fall_in_the_term() -> None:
    from sistercity import datasets

    s = status(datasets.load("bogor-kisarazu"))
    assert set(s["timing"].dropna()) == {"in_term"}
    assert s["timing"].isna().tolist() == s["level"].isna().tolist()


def _ref_timing(case: m.Case, o: m.Observation) -> str:
    """Where ``o`` falls in its agreement's term, the slow way (no terms in these cases: an open end)."""
    agreement = {a.id: a for a in case.agreements}[{c.id: c.agreement for c in case.commitments}[o.commitment]]
    start = agreement.start
    if start is None:
        return "unknown"
    f, last = o.date.start(), o.date.end()
    if last < start.start():
        return "before_start"
    return "in_term" if f >= start.end() else "uncertain"


@given(impl_cases(), at_values(), st.sampled_from(["end", "start"]))
def test_timing_matches_a_plain_reading(case: m.Case, at: PartialDate | None, rule: str) -> None:
    s = status(case, at=None if at is None else str(at), date_rule=rule, coders="each")  # type: ignore[arg-type]
    for number, timing in zip(s["observation"], s["timing"], strict=True):
        if pd.isna(number):
            assert pd.isna(timing)
        else:
            assert timing == _ref_timing(case, case.observations[int(number)])


def _timing_from_lifecycle(row: pd.Series, first: dt.date, last: dt.date) -> str:
    """The timing rule on the start and expiry that sistercity.lifecycle gives."""
    if pd.isna(row["start_first"]):
        return "unknown"
    s0, s1 = row["start_first"].date(), row["start_last"].date()
    has_end = not pd.isna(row["expiry_first"])
    if last < s0:
        return "before_start"
    if has_end and first > row["expiry_last"].date():
        return "after_end"
    if not has_end and not pd.isna(row["term_months"]):
        return "unknown"
    if first >= s1 and (not has_end or last <= row["expiry_first"].date()):
        return "in_term"
    return "uncertain"


@given(st.lists(st.tuples(partial_dates(2010, 2018), st.none() | st.integers(1, 130),
                          st.none() | partial_dates(2012, 2024)), min_size=1, max_size=4),
       st.lists(partial_dates(2008, 2026), min_size=1, max_size=6), st.data())
def test_timing_reads_the_term_as_lifecycle_dates_it(agreements: list[Any], dates: list[PartialDate],
                                                     data: st.DataObject) -> None:
    from sistercity.lifecycle import lifecycle

    specs = [dict(id=f"a{i}", signed=str(s), **({"term": f"P{m}M"} if m else {}),
                  **({"ends": str(e)} if e and e.start() > s.end() else {}))
             for i, (s, m, e) in enumerate(agreements)]
    obs = [dict(commitment=f"c{k}", date=str(d), level=1) for k, d in enumerate(dates)]
    owners = [data.draw(st.integers(0, len(specs) - 1)) for _ in dates]
    case = _case(obs, commitments=[f"c{k}@a{o}" for k, o in enumerate(owners)], agreements=specs)
    life = lifecycle(case, at="2000").set_index("agreement")
    s = status(case).set_index("commitment")["timing"]
    for k, (d, o) in enumerate(zip(dates, owners, strict=True)):
        assert s[f"c{k}"] == _timing_from_lifecycle(life.loc[f"a{o}"], d.start(), d.end()), (specs[o], str(d))
    # tables with a start and a term but no end column: the end is start + term at the start's precision
    tables = case.tables
    bare = CaseTables.from_frames(
        agreements=tables.agreements[["agreement", "kind", "start", "term_months"]],
        commitments=tables.commitments[["commitment", "agreement", "sector"]],
        observations=tables.observations[["commitment", "date", "level"]])
    life = lifecycle(bare, at="2000").set_index("agreement")
    s = status(bare).set_index("commitment")["timing"]
    for k, (d, o) in enumerate(zip(dates, owners, strict=True)):
        assert s[f"c{k}"] == _timing_from_lifecycle(life.loc[f"a{o}"], d.start(), d.end()), (specs[o], str(d))


# ============================================================================ trajectory in one pass (issue 14)


def _reference_trajectory(case: m.Case, out: pd.DataFrame, **kw: Any) -> pd.DataFrame:
    """The per-period path, the slow obvious way: one status per period date, summed per group."""
    by, missing = kw.pop("by"), kw.pop("missing")
    weights = kw.pop("weights")
    key = {"agreement": lambda c: c.agreement, "sector": lambda c: c.sector,
           "commitment": lambda c: c.id, "case": lambda c: "all"}[by]
    counted = [c for c in case.commitments if c.status == "agreed"]
    rows = []
    for date in pd.unique(out["date"]):
        s = status(case, at=pd.Timestamp(date).date(), **kw).set_index("commitment")
        for group in out.loc[out["date"] == date, "group"]:
            members = [c for c in counted if key(c) == group]
            n_obs = total = weight = every = 0.0
            for c in members:
                w = 1.0 if weights == "equal" else c.weight
                level = s.loc[c.id, "level"]
                every += w
                if not pd.isna(level):
                    n_obs, total, weight = n_obs + 1, total + w * int(level), weight + w
            if missing == "zero":
                weight = every
            n = len(members)
            nan = float("nan")
            rows.append({"date": date, "group": group, "n_commitments": n, "n_observed": int(n_obs),
                         "mean_level": total / weight if weight else nan,
                         "rate": total / (3.0 * weight) if weight else nan,
                         "observed_share": n_obs / n if n else nan,
                         "rate_pam": total / (3.0 * every) if every else nan})
    return pd.DataFrame(rows, columns=list(COLUMNS["trajectory"]))


@given(impl_cases(), st.sampled_from(["agreement", "sector", "commitment", "case"]),
       st.sampled_from(["latest", "median", "min", "max"]), st.sampled_from(["end", "start"]),
       st.none() | st.floats(0, 4), st.sampled_from(["skip", "zero"]), st.sampled_from([None, "equal"]),
       st.sampled_from(["YE", "QE", "ME", "2W"]))
def test_trajectory_in_one_pass_equals_one_status_per_period(
        case: m.Case, by: str, coders: str, rule: str, age: float | None, missing: str, weights: str | None,
        freq: str) -> None:
    kw: dict[str, Any] = dict(by=by, coders=coders, date_rule=rule, max_age=age, missing=missing,
                              weights=weights)
    out = trajectory(case, freq=freq, start="2013", end="2021", **kw)
    ref = _reference_trajectory(case, out, **kw)
    # the weights of these cases (0.5, 1, 2, 3) add up exactly in any order: equal to the last bit
    pd.testing.assert_frame_equal(out.reset_index(drop=True), ref.astype(out.dtypes.to_dict()),
                                  check_exact=True)


def test_trajectory_with_weights_that_round_reads_each_period() -> None:
    from sistercity.implementation import agreement_rates

    case = _case([dict(commitment="x", date="2017", level=1), dict(commitment="y", date="2018-06", level=3),
                  dict(commitment="z", date="2016-03-02", level=2)])
    weights = {"x": 0.1, "y": 0.7, "z": 0.3}  # sums depend on the order of adding
    out = trajectory(case, by="case", weights=weights, start="2016", end="2019")
    for date, rate in zip(out["date"], out["rate"], strict=True):
        assert rate == agreement_rates(case, at=pd.Timestamp(date).date(), weights=weights)["rate"].iloc[0]


def test_trajectory_steps_follow_max_age_and_coders_over_many_periods() -> None:
    # ana reads 3 on 2016-03-01, budi 1 on 2017-06-01. With max_age=1 a reading counts for 365 days
    # (t - d <= 365.2425): ana's to 2017-03-01, budi's to 2018-06-01, so they never count together
    case = _case([dict(commitment="x", date="2016-03-01", level=3, coder="ana"),
                  dict(commitment="x", date="2017-06-01", level=1, coder="budi")])
    tr = trajectory(case, by="case", freq="D", coders="median", max_age=1, end="2018-12").set_index("date")
    tr = tr["mean_level"]
    assert tr["2016-03-01"] == 3 and tr["2017-03-01"] == 3
    assert pd.isna(tr["2017-03-02"]) and pd.isna(tr["2017-05-31"])
    assert tr["2017-06-01"] == 1 and tr["2018-06-01"] == 1 and pd.isna(tr["2018-06-02"])
    both = trajectory(case, by="case", freq="D", coders="max").set_index("date")["mean_level"]
    assert both["2017-05-31"] == 3 and both["2017-06-01"] == 3  # without a bound ana's 3 still counts
    low = trajectory(case, by="case", freq="D", coders="median").set_index("date")["mean_level"]
    assert low["2017-05-31"] == 3 and low["2017-06-01"] == 1  # the lower median of {3, 1}


def test_trajectory_in_one_pass_with_many_groups() -> None:
    # 70 commitments, one group each: the sums are accumulated row by row (64 groups or more)
    rng = np.random.default_rng(7)
    ids = [f"c{i:02d}" for i in range(70)]
    obs = [dict(commitment=ids[int(c)], date=f"{2014 + int(y)}-{int(mo):02d}", level=int(lv), coder=coder)
           for c, y, mo, lv, coder in zip(rng.integers(0, 70, 400), rng.integers(0, 6, 400), rng.integers(1, 13, 400),
                                          rng.integers(0, 4, 400), rng.choice(["ana", "budi"], 400), strict=True)]
    case = _case(obs, commitments=ids)
    for coders in ("latest", "median"):
        out = trajectory(case, by="commitment", freq="QE", coders=coders, max_age=1.5)  # type: ignore[arg-type]
        ref = _reference_trajectory(case, out, by="commitment", coders=coders, date_rule="end", max_age=1.5,
                                    missing="skip", weights=None)
        assert out["group"].nunique() == 70
        pd.testing.assert_frame_equal(out, ref.astype(out.dtypes.to_dict()), check_exact=True)
