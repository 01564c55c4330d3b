"""Tests of sistercity.lifecycle: term, expiry, renewal window and state, at every precision.

Expected dates are worked out by hand from the calendar (five years after
2016-11-18 is 2021-11-18; six months before is 2021-05-18), not by the code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from sistercity import Case, CaseTables, PartialDate, datasets
from sistercity.exceptions import ArgumentError
from sistercity.lifecycle import DEADLINES, LIFECYCLE_COLUMNS, PHASES, STATES, lifecycle

ACTORS = [
    dict(id="a", name="City A", level="subnational", kind="government", country="ID"),
    dict(id="b", name="City B", level="subnational", kind="government", country="JP"),
]


def _case(*agreements: dict[str, Any]) -> Case:
    return Case(id="t", title="T", actors=ACTORS,
                agreements=[dict(kind="letter_of_intent", parties=["a", "b"], **ag) for ag in agreements])


def _row(at: object, **agreement: Any) -> pd.Series:
    return lifecycle(_case(dict(id="x", **agreement)), at=at).iloc[0]


LOI = dict(signed="2016-11-18", term="P5Y", renewal_window="P6M")


# --------------------------------------------------------------------------- bundled case


def test_bundled_loi_expiry_and_window() -> None:
    df = lifecycle(datasets.load("bogor-kisarazu"), at="2018-12-31")
    row = df.set_index("agreement").loc["loi-2016"]
    assert row["start"] == "2016-11-18"
    assert row["term_months"] == 60
    assert row["renewal_window_months"] == 6
    assert row["expiry"] == "2021-11-18"  # "expiry in November 2021"
    assert row["renewal_window_start"] == "2021-05-18"  # "renewal window from May 2021"
    assert row["renewal_window_end"] == "2021-11-18"
    assert row["state"] == "active"
    assert row["next_deadline"] == "renewal window opens"
    assert row["days_until_min"] == row["days_until_max"] == (dt.date(2021, 5, 18) - dt.date(2018, 12, 31)).days
    assert row["months_until"] == 29


@pytest.mark.parametrize(
    ("at", "state"),
    [
        ("2016-11-17", "not yet in force"),
        ("2016-11-18", "active"),
        ("2021-05-17", "active"),
        ("2021-05-18", "in renewal window"),
        ("2021-11-18", "in renewal window"),  # the expiry day is the last day in force
        ("2021-11-19", "expired"),
        ("2021-11", "in renewal window or expired"),
        ("2021-05", "active or in renewal window"),
        ("2021", "active, in renewal window or expired"),
        ("2016", "not yet in force or active"),
    ],
)
def test_bundled_loi_state(at: str, state: str) -> None:
    df = lifecycle(datasets.load("bogor-kisarazu"), at=at).set_index("agreement")
    assert df.loc["loi-2016", "state"] == state


# --------------------------------------------------------------------------- precision


def test_day_precision() -> None:
    row = _row("2021-06-01", **LOI)
    assert (row["expiry"], row["renewal_window_start"]) == ("2021-11-18", "2021-05-18")
    assert row["state"] == "in renewal window"
    assert row["earliest_state"] == row["latest_state"] == "in renewal window"
    assert row["next_deadline"] == "expiry"
    assert row["days_until_min"] == row["days_until_max"] == 170
    assert row["months_until"] == 5


def test_month_precision_gives_month_precision() -> None:
    row = _row("2021-05-15", signed="2016-11", term="P5Y", renewal_window="P6M")
    assert row["start"] == "2016-11"
    assert row["expiry"] == "2021-11"
    assert row["renewal_window_start"] == "2021-05"
    assert (row["expiry_first"], row["expiry_last"]) == (pd.Timestamp("2021-11-01"), pd.Timestamp("2021-11-30"))
    assert row["state"] == "active or in renewal window"
    assert (row["earliest_state"], row["latest_state"]) == ("active", "in renewal window")
    # the window may have opened already (on 1 May) or open as late as 31 May
    assert row["next_deadline"] == "renewal window opens"
    assert (row["days_until_min"], row["days_until_max"]) == (-14, 16)
    assert row["months_until"] == 0


def test_month_precision_never_invents_a_day() -> None:
    row = _row("2019", signed="2016-11", term="P5Y", renewal_window="P6M")
    for col in ("start", "expiry", "renewal_window_start", "renewal_window_end", "next_deadline_date"):
        assert len(row[col]) == 7, col  # YYYY-MM


@pytest.mark.parametrize(
    ("at", "state"),
    [("2021-06-10", "in renewal window"), ("2021-12-01", "expired"), ("2017", "active")],
)
def test_month_precision_states(at: str, state: str) -> None:
    assert _row(at, signed="2016-11", term="P5Y", renewal_window="P6M")["state"] == state


def test_year_precision_whole_years() -> None:
    row = _row("2019-06-01", signed="2016", term="P5Y", renewal_window="P1Y")
    assert (row["expiry"], row["renewal_window_start"]) == ("2021", "2020")
    assert row["state"] == "active"
    assert row["months_until"] is pd.NA


def test_year_precision_shifted_by_months_is_a_span_of_months() -> None:
    row = _row("2021-03", signed="2016", term="P5Y", renewal_window="P6M")
    assert row["expiry"] == "2021"
    # 2016 plus five years is 2021; six months before any day of 2021 is July 2020 to June 2021
    assert row["renewal_window_start"] == "2020-07/2021-06"
    assert row["renewal_window_start_first"] == pd.Timestamp("2020-07-01")
    assert row["renewal_window_start_last"] == pd.Timestamp("2021-06-30")
    assert row["state"] == "active, in renewal window or expired"


def test_year_precision_term_in_months() -> None:
    row = _row("2017", signed="2016", term="P5Y6M")
    assert row["expiry"] == "2021-07/2022-06"
    assert (row["expiry_first"], row["expiry_last"]) == (pd.Timestamp("2021-07-01"), pd.Timestamp("2022-06-30"))


def test_day_clipped_to_end_of_month() -> None:
    row = _row("2017", signed="2016-08-31", term="P6M")
    assert row["expiry"] == "2017-02-28"


def test_partial_at() -> None:
    row = _row("2021-11", **LOI)
    assert row["at"] == "2021-11"
    assert row["state"] == "in renewal window or expired"
    assert row["next_deadline"] == "expiry"
    assert (row["days_until_min"], row["days_until_max"]) == (-12, 17)


# --------------------------------------------------------------------------- missing parts


def test_no_term_runs_without_end() -> None:
    row = _row("2030", signed="2016-11-18")
    assert pd.isna(row["expiry"]) and pd.isna(row["renewal_window_start"])
    assert row["state"] == "active"
    assert pd.isna(row["next_deadline"]) and row["days_until_min"] is pd.NA


def test_term_without_start_is_unknown() -> None:
    row = _row("2020", term="P5Y")
    assert row["state"] == "unknown"
    assert pd.isna(row["expiry"])


def test_explicit_ends_wins() -> None:
    row = _row("2019-01-01", signed="2016-11-18", term="P5Y", ends="2019-12-31", renewal_window="P3M")
    assert row["expiry"] == "2019-12-31"
    assert row["renewal_window_start"] == "2019-09-30"
    assert row["state"] == "active"


def test_ends_without_start() -> None:
    row = _row("2021", ends="2020-03")
    assert row["state"] == "expired"
    row = _row("2019", ends="2020-03")
    assert row["state"] == "not yet in force or active"


def test_effective_before_signed() -> None:
    row = _row("2017", signed="2016-11-18", effective="2017-01-01", term="P1Y")
    assert (row["start"], row["expiry"]) == ("2017-01-01", "2018-01-01")


# --------------------------------------------------------------------------- shape and inputs


def test_columns_and_dtypes_are_fixed() -> None:
    df = lifecycle(_case(dict(id="x", **LOI), dict(id="y", signed="2017")), at="2018")
    assert list(df.columns) == list(LIFECYCLE_COLUMNS)
    for col, dtype in LIFECYCLE_COLUMNS.items():
        assert str(df[col].dtype) == dtype, col
    assert list(df["state"].cat.categories) == list(STATES)
    assert list(df["earliest_state"].cat.categories) == list(PHASES)
    assert list(df["next_deadline"].cat.categories) == list(DEADLINES)


def test_empty_case() -> None:
    df = lifecycle(Case(id="e", title="E"), at="2018")
    assert df.empty
    assert list(df.columns) == list(LIFECYCLE_COLUMNS)


def test_states_vocabulary() -> None:
    assert len(STATES) == 10
    assert STATES[0] == "not yet in force"
    assert "unknown" in STATES and "active or in renewal window" in STATES


@pytest.mark.parametrize("at", [dt.date(2021, 6, 1), PartialDate(2021, 6, 1), "2021-06-01", pd.Timestamp("2021-06-01")])
def test_at_accepts_dates(at: object) -> None:
    assert _row(at, **LOI)["at"] == "2021-06-01"


def test_at_none_is_today() -> None:
    assert _row(None, **LOI)["at"] == dt.date.today().isoformat()


@pytest.mark.parametrize("at", ["June 2021", "2021-13", 3.5])
def test_bad_at(at: object) -> None:
    with pytest.raises(ArgumentError, match="at must be None, a date"):
        _row(at, **LOI)


def test_bad_data() -> None:
    with pytest.raises(TypeError, match="Case or CaseTables"):
        lifecycle("bogor-kisarazu", at="2018")  # type: ignore[arg-type]


def test_runs_on_tables_from_frames() -> None:
    agreements = pd.DataFrame({
        "agreement": ["x", "y"], "kind": ["letter_of_intent", "memorandum_of_understanding"],
        "start": ["2016-11", "2016-11-18"], "term_months": [60, 60], "renewal_window_months": [6, None],
    })
    tables = CaseTables.from_frames(agreements=agreements)
    df = lifecycle(tables, at="2021-06-01").set_index("agreement")
    assert df.loc["x", "expiry"] == "2021-11"
    assert df.loc["x", "state"] == "in renewal window"
    assert df.loc["y", "expiry"] == "2021-11-18"
    assert df.loc["y", "state"] == "active"


# --------------------------------------------------------------------------- calendar edges (issue 10 item 4)


def test_leap_day_signing_expires_on_the_last_day_of_february() -> None:
    # 2016-02-29 + 5 years: 2021 has no 29 February, so the last day in force is the 28th;
    # the window is counted back from that expiry (the seed's "6 bulan terakhir menjelang
    # berakhirnya"): 2021-02-28 - 6 months = 2020-08-28, not 2016-02-29 + 54 months = 2020-08-29
    leap = dict(signed="2016-02-29", term="P5Y", renewal_window="P6M")
    row = _row("2020-08-27", **leap)
    assert (row["expiry"], row["renewal_window_start"], row["renewal_window_end"]) == (
        "2021-02-28", "2020-08-28", "2021-02-28")
    assert row["state"] == "active" and row["days_until_min"] == 1
    assert _row("2020-08-28", **leap)["state"] == "in renewal window"
    assert _row("2021-02-28", **leap)["state"] == "in renewal window"
    assert _row("2021-03-01", **leap)["state"] == "expired"
    assert not row["ends_conflict"] and row["term_expiry"] == "2021-02-28"


@pytest.mark.parametrize(
    ("signed", "term", "window", "expiry", "window_opens"),
    [
        ("2016-08-31", "P6M", "P6M", "2017-02-28", "2016-08-28"),  # the window opens before the start
        ("2016-08-31", "P5Y", "P6M", "2021-08-31", "2021-02-28"),
        ("2016-03-31", "P5Y", "P6M", "2021-03-31", "2020-09-30"),
        ("2016-01-31", "P1M", "P1M", "2016-02-29", "2016-01-29"),  # a leap February
        ("2015-01-31", "P1M", "P1M", "2015-02-28", "2015-01-28"),
        ("2016-12-31", "P2M", "P1M", "2017-02-28", "2017-01-28"),
    ],
)
def test_month_end_starts_are_clipped_to_the_end_of_the_month(signed: str, term: str, window: str, expiry: str,
                                                              window_opens: str) -> None:
    row = _row("2016", signed=signed, term=term, renewal_window=window)
    assert (row["expiry"], row["renewal_window_start"]) == (expiry, window_opens)
    assert row["expiry_first"] == row["expiry_last"] == pd.Timestamp(expiry)


def test_a_window_opening_before_the_start_is_not_in_force_before_the_start() -> None:
    # six months from 2016-08-31 with a six-month window: the window opens 2016-08-28,
    # three days before the start; before the start the agreement is not yet in force
    six = dict(signed="2016-08-31", term="P6M", renewal_window="P6M")
    assert _row("2016-08-29", **six)["state"] == "not yet in force"
    assert _row("2016-08-31", **six)["state"] == "in renewal window"


@pytest.mark.parametrize(
    ("signed", "term", "expiry", "first", "last"),
    [
        ("2016-11", "P5Y", "2021-11", "2021-11-01", "2021-11-30"),  # a day of November 2021
        ("2017", "P5Y", "2022", "2022-01-01", "2022-12-31"),  # a day of 2022
        ("2016-02", "P5Y", "2021-02", "2021-02-01", "2021-02-28"),
        ("2017", "P18M", "2018-07/2019-06", "2018-07-01", "2019-06-30"),  # no month is invented
    ],
)
def test_partial_starts_give_partial_expiries(signed: str, term: str, expiry: str, first: str,
                                              last: str) -> None:
    row = _row("2018", signed=signed, term=term)
    assert (row["expiry"], row["term_expiry"]) == (expiry, expiry)
    assert (row["expiry_first"], row["expiry_last"]) == (pd.Timestamp(first), pd.Timestamp(last))
    assert row["start"] == signed  # the start keeps its precision too


def test_a_partial_start_leaves_the_state_open_where_its_days_disagree() -> None:
    # signed some day in 2017 for five years: at 2022-06-15 it may have expired (signed in January)
    # or still be in force (signed in December)
    row = _row("2022-06-15", signed="2017", term="P5Y")
    assert (row["earliest_state"], row["latest_state"]) == ("active", "expired")
    assert _row("2021-12-31", signed="2017", term="P5Y")["state"] == "active"
    assert _row("2023-01-01", signed="2017", term="P5Y")["state"] == "expired"


@pytest.mark.parametrize(
    ("ends", "conflict"),
    [
        ("2021-11-18", False),  # what the term gives
        ("2021-11", False),  # less precise, and admits the term's day
        ("2021", False),
        ("2021-11-17", True),  # one day early: an exclusive end written as the last day
        ("2019-12-31", True),  # ended early
        ("2022-06", True),
    ],
)
def test_an_end_that_contradicts_start_plus_term_is_reported(ends: str, conflict: bool) -> None:
    row = _row("2019-01-01", signed="2016-11-18", term="P5Y", ends=ends)
    assert bool(row["ends_conflict"]) is conflict
    assert row["term_expiry"] == "2021-11-18"
    assert row["expiry"] == ends  # ends is what the case says: taken, and reported when it disagrees


def test_conflict_needs_both_an_end_and_a_term() -> None:
    assert not _row("2019", signed="2016-11-18", ends="2019-12-31")["ends_conflict"]
    assert pd.isna(_row("2019", signed="2016-11-18", ends="2019-12-31")["term_expiry"])
    assert not _row("2019", term="P5Y", ends="2019-12-31")["ends_conflict"]
    assert not _row("2019", **LOI)["ends_conflict"]
    bundled = lifecycle(datasets.load("bogor-kisarazu"), at="2018")
    assert not bundled["ends_conflict"].any()
    assert bundled["term_expiry"].tolist() == bundled["expiry"].tolist()
