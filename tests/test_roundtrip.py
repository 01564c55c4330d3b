"""Round trips: every valid case survives YAML, JSON and its tables unchanged."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings

from case_strategies import cases, partial_dates
from sistercity import Case, loads_case
from sistercity.dates import PartialDate
from sistercity.tables import SCHEMA, CaseTables

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases())
def test_yaml_round_trip(case: Case) -> None:
    assert loads_case(case.to_yaml(), format="yaml") == case


@SETTINGS
@given(cases())
def test_json_round_trip(case: Case) -> None:
    assert loads_case(case.to_json(), format="json") == case


@SETTINGS
@given(cases())
def test_dict_round_trip(case: Case) -> None:
    assert Case.model_validate(case.to_dict()) == case


@given(partial_dates())
def test_partial_date_text_round_trip(d: PartialDate) -> None:
    assert PartialDate.parse(str(d)) == d
    assert d.start() <= d.end()


@SETTINGS
@given(cases())
def test_tables_round_trip_through_from_frames(case: Case) -> None:
    t = case.tables
    frames = {name: getattr(t, name) for name in SCHEMA}
    again = CaseTables.from_frames(**frames, sectors=t.sectors, categories=t.categories)
    for name in SCHEMA:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(t, name), obj=name)


@SETTINGS
@given(cases())
def test_tables_have_the_schema_and_one_row_per_record(case: Case) -> None:
    t = case.tables
    for name, spec in SCHEMA.items():
        assert list(getattr(t, name).columns) == list(spec), name
    assert len(t.actors) == len(case.actors)
    assert len(t.commitments) == len(case.commitments)
    assert len(t.observations) == len(case.observations)
    assert len(t.agreement_parties) == sum(len(a.parties) for a in case.agreements)
    assert case.tables is t  # computed once per case


@SETTINGS
@given(cases())
def test_from_frames_fills_left_out_columns_as_the_model_does(case: Case) -> None:
    t = case.tables
    keep = {
        "actors": ["actor", "name", "level", "country", "parent"],
        "agreements": ["agreement", "kind", "signed", "start", "end", "term_months", "renewal_window_months",
                       "binding", "open_sectors", "parent"],
    }
    # rebuild from frames that leave out the columns whose model field has a default
    slim = {name: getattr(t, name)[cols] for name, cols in keep.items()}
    again = CaseTables.from_frames(**slim, sectors=t.sectors, categories=t.categories, validate=False)
    defaulted = [a for a in case.actors if a.governmental == (a.level != "nonstate") and a.kind == "other"]
    ids = {a.id for a in defaulted}
    got = again.actors[again.actors["actor"].isin(ids)]
    want = t.actors[t.actors["actor"].isin(ids)]
    assert got["governmental"].tolist() == want["governmental"].tolist()
    titled = [a.id for a in case.agreements if a.title == ""]
    assert (again.agreements.set_index("agreement").loc[titled, "title"] == "").all()


@SETTINGS
@given(cases())
def test_the_lenient_cross_record_check_finds_nothing_in_a_valid_case(case: Case) -> None:
    from sistercity.model import _cross_record_problems

    assert _cross_record_problems(case.to_dict()) == []
