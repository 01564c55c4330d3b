"""Round trips: every valid case survives YAML, JSON and its tables unchanged."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sistercity import ArgumentTypeError, Case, CaseValidationError, loads_case
from sistercity.dates import PartialDate
from sistercity.tables import REQUIRED_COLUMNS, SCHEMA, CaseTables
from strategies.cases import cases, partial_dates


@given(cases())
def test_yaml_round_trip(case: Case) -> None:
    assert loads_case(case.to_yaml(), format="yaml") == case


@given(cases())
def test_json_round_trip(case: Case) -> None:
    assert loads_case(case.to_json(), format="json") == case


@given(cases())
def test_dict_round_trip(case: Case) -> None:
    assert Case.model_validate(case.to_dict()) == case


@given(partial_dates())
def test_partial_date_text_round_trip(d: PartialDate) -> None:
    assert PartialDate.parse(str(d)) == d
    assert d.start() <= d.end()


@given(cases())
def test_tables_round_trip_through_from_frames(case: Case) -> None:
    t = case.tables
    frames = {name: getattr(t, name) for name in SCHEMA}
    again = CaseTables.from_frames(**frames, sectors=t.sectors, categories=t.categories)
    for name in SCHEMA:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(t, name), obj=name)


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


@given(cases())
def test_the_lenient_cross_record_check_finds_nothing_in_a_valid_case(case: Case) -> None:
    # one ill-typed field stops pydantic before the case's own checks, so the lenient
    # cross-record check runs over the records; on a valid case it must add nothing
    data = case.to_dict()
    data["notes"] = 5
    with pytest.raises(CaseValidationError) as err:
        Case.model_validate(data)
    assert [p.path for p in err.value.problems] == ["notes"]


# ----------------------------------------------------------------------------- from_frames(validate=True)


def _frames(case: Case) -> dict[str, pd.DataFrame]:
    t = case.tables
    return {name: getattr(t, name).copy() for name in SCHEMA}


def _paths(err: CaseValidationError) -> set[str]:
    return {p.path for p in err.problems}


@given(cases(), st.data())
def test_a_missing_required_value_is_reported_at_its_row_and_column(case: Case, data: st.DataObject) -> None:
    frames = _frames(case)
    cells = [(name, col) for name, cols in REQUIRED_COLUMNS.items() if len(frames[name]) for col in cols]
    assume(cells)
    name, col = data.draw(st.sampled_from(cells))
    row = data.draw(st.integers(0, len(frames[name]) - 1))
    frames[name].loc[row, col] = None
    with pytest.raises(CaseValidationError) as err:
        CaseTables.from_frames(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)
    assert f"{name}[{row}].{col}" in _paths(err.value)
    # without the checks only what cannot be converted is refused (a level is always needed)
    if (name, col) != ("observations", "level"):
        CaseTables.from_frames(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary,
                               validate=False)


@given(cases(), st.data())
def test_country_codes_are_normalised_and_country_names_refused(case: Case, data: st.DataObject) -> None:
    t = case.tables
    assume(len(t.actors))
    actors = t.actors.copy()
    actors["country"] = [f" {c.lower()} " if k % 2 else c.lower() for k, c in enumerate(actors["country"])]
    again = CaseTables.from_frames(actors=actors, validate=True)
    assert again.actors["country"].tolist() == t.actors["country"].tolist()
    row = data.draw(st.integers(0, len(actors) - 1))
    actors.loc[row, "country"] = data.draw(st.sampled_from(["Indonesia", "indonesia", "IDN", "I", "1D", ""]))
    with pytest.raises(CaseValidationError) as err:
        CaseTables.from_frames(actors=actors)
    assert _paths(err.value) == {f"actors[{row}].country"}


@given(cases(), st.data())
def test_an_agreement_ending_before_it_starts_is_refused(case: Case, data: st.DataObject) -> None:
    agreements = case.tables.agreements
    starts = agreements.index[agreements["start_first"].notna() & (agreements["start_first"].dt.year > 1990)]
    assume(len(starts))
    row = int(data.draw(st.sampled_from(list(starts))))
    given = agreements[["agreement", "kind", "start", "end"]].copy()  # dates derived again
    given.loc[row, "end"] = str(agreements.loc[row, "start_first"].year - 1)
    with pytest.raises(CaseValidationError) as err:
        CaseTables.from_frames(agreements=given)
    assert f"agreements[{row}].end" in _paths(err.value)


@given(cases(min_commitments=1), st.data())
def test_boolean_levels_are_refused_and_every_problem_reported_at_once(case: Case, data: st.DataObject) -> None:
    frames = _frames(case)
    obs = frames["observations"]
    assume(len(obs) and len(frames["actors"]))
    row = data.draw(st.integers(0, len(obs) - 1))
    levels = obs["level"].astype(object)
    levels[row] = data.draw(st.booleans())
    frames["observations"] = obs.assign(level=levels)
    frames["actors"].loc[0, "country"] = "Indonesia"
    with pytest.raises(CaseValidationError) as err:
        CaseTables.from_frames(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)
    assert {f"observations[{row}].level", "actors[0].country"} <= _paths(err.value)
    assert "not True or False" in str(err.value)


@pytest.mark.parametrize("validate", ["yes", 1, None])
def test_validate_must_be_a_bool(validate: object) -> None:
    with pytest.raises(ArgumentTypeError, match="validate must be True or False"):
        CaseTables.from_frames(validate=validate)  # type: ignore[arg-type]


_REFERENCES = [("observations", "commitment", "commitments"), ("commitments", "agreement", "agreements"),
               ("agreement_parties", "actor", "actors"), ("mitigations", "commitment", "commitments"),
               ("evidence", "source", "sources"), ("actors", "parent", "actors")]


@given(cases(), st.sampled_from(_REFERENCES))
def test_positions_point_each_reference_at_its_row(case: Case, ref: tuple[str, str, str]) -> None:
    t = case.tables
    table, column, target = ref
    pos = t.positions(table, column, target)
    values = getattr(t, table)[column]
    keys = getattr(t, target)[target[:-1]].to_numpy()
    assert len(pos) == len(values)
    assert ((pos >= 0) == values.notna().to_numpy()).all()  # a valid case: every given reference resolves
    assert (keys[pos[pos >= 0]] == values[pos >= 0].to_numpy()).all()
    assert t.positions(table, column, target) is pos  # computed once
    assert not pos.flags.writeable  # shared, so read-only


def test_positions_refuse_unknown_tables_and_columns() -> None:
    from sistercity import ArgumentError, datasets

    t = datasets.load("bogor-kisarazu").tables
    for args in (("observations", "commitment", "targets"), ("observationz", "commitment", "commitments"),
                 ("observations", "sector", "commitments")):
        with pytest.raises(ArgumentError):
            t.positions(*args)


def test_text_with_line_breaks_yaml_would_fold_round_trips() -> None:
    """NEL (U+0085) and the Unicode line and paragraph separators read back as written."""
    from sistercity import datasets

    case = datasets.load("bogor-kisarazu")
    odd = "Kota\x85Bogor\u2028dan\u2029Kisarazu"
    changed = case.model_copy(update={"title": odd})
    text = changed.to_yaml()
    assert "\x85" not in text and "\u2028" not in text
    assert loads_case(text, format="yaml").title == odd


@given(cases(min_commitments=1), st.data())
def test_derived_date_columns_are_checked_against_their_text(case: Case, data: st.DataObject) -> None:
    """A stale ``date_first``/``date_last`` next to a changed ``date`` is refused at its row, never read."""
    frames = _frames(case)
    obs = frames["observations"]
    assume(len(obs))
    row = data.draw(st.integers(0, len(obs) - 1))
    old = obs.loc[row, "date_first"].year
    obs.loc[row, "date"] = str(old - 5 if old > 1005 else old + 5)
    with pytest.raises(CaseValidationError) as err:
        CaseTables.from_frames(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)
    stale = {"date_first", "date_last"} | ({"precision"} if obs.loc[row, "precision"] != "year" else set())
    assert _paths(err.value) == {f"observations[{row}].{col}" for col in stale}
    assert "does not match date" in str(err.value)
    # the same frame without the derived columns is computed from the text
    frames["observations"] = obs.drop(columns=["date_first", "date_last", "precision"])
    t = CaseTables.from_frames(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)
    assert t.observations.loc[row, "date_first"].year == int(obs.loc[row, "date"])
    # validate=False trusts what it is given, as documented
    trusted = CaseTables.from_frames(**{**frames, "observations": obs}, validate=False,
                                     sectors=case.sector_vocabulary, categories=case.category_vocabulary)
    assert trusted.observations.loc[row, "date_first"].year == old


def test_an_impossible_date_with_derived_columns_present_is_refused() -> None:
    case = loads_case(Case.model_validate(_bundled()).to_json(), format="json")
    frames = _frames(case)
    frames["observations"].loc[2, "date"] = "2016-13-40"
    frames["events"].loc[0, "date"] = "2016-02-30"
    with pytest.raises(CaseValidationError) as err:
        CaseTables.from_frames(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)
    assert _paths(err.value) == {"observations[2].date", "events[0].date"}


def test_an_agreement_ending_before_it_starts_is_refused_with_derived_columns_present() -> None:
    case = Case.model_validate(_bundled())
    frames = _frames(case)
    row = int(frames["agreements"].index[frames["agreements"]["start_first"].notna()][0])
    frames["agreements"].loc[row, "end"] = str(frames["agreements"].loc[row, "start_first"].year - 3)
    with pytest.raises(CaseValidationError) as err:
        CaseTables.from_frames(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)
    assert f"agreements[{row}].end" in _paths(err.value)
    assert any("cannot end before it starts" in p.message for p in err.value.problems)


@pytest.mark.parametrize("value", [{"a": 1}, ["x"], 5, 2.5])
def test_text_columns_refuse_what_is_not_text(value: object) -> None:
    case = Case.model_validate(_bundled())
    frames = _frames(case)
    coder = frames["observations"]["coder"].astype(object)
    coder[1] = value
    frames["observations"]["coder"] = coder
    with pytest.raises(CaseValidationError) as err:
        CaseTables.from_frames(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)
    (problem,) = err.value.problems
    assert problem.path == "observations[1].coder"
    assert problem.message == f"expected text; got {value!r}"


def _bundled() -> dict[str, object]:
    from sistercity import datasets

    return datasets.load("bogor-kisarazu").to_dict()
