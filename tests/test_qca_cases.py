"""qca.from_cases: QCA data from case files, commitments or cases as units; no data is never 0."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from tests.strategies import at_values, impl_cases

import sistercity
from sistercity import implementation, qca
from sistercity.exceptions import ArgumentError, ArgumentTypeError

BK = sistercity.datasets.load("bogor-kisarazu")
SEED = ["bogor-kisarazu", "bandung-suwon", "baubau-seoul", "surabaya-kochi"]


def test_bogor_kisarazu_commitments_at_2018() -> None:
    d = qca.from_cases(BK, at="2018")
    assert d.unit == "commitment" and d.outcome == "implemented"
    assert d.conditions == qca.DEFAULT_CONDITIONS["commitment"]
    # the two wishes have no observation: left out, never coded 0
    assert d.n_excluded == 2
    assert d.excluded["commitment"].tolist() == ["website-link", "spatial-planning-study"]
    assert set(d.excluded["reason"]) == {"no observation by 2018"}
    assert len(d.data) == 8
    assert d.data["implemented"].to_dict() == {
        "student-exchange": 1.0, "blueberry": 0.0, "eel": 0.0, "health-workers": 0.0, "farmer-internship": 0.0,
        "tourism-promotion": 0.0, "creative-industry": 0.0, "organic-farming-exchange": 0.0}
    assert d.data.index[d.data["obstacle"] == 1].tolist() == ["blueberry", "eel", "health-workers"]
    assert d.data.index[d.data["challenge"] == 1].tolist() == ["health-workers"]
    assert d.data["mitigated"].sum() == 0  # the farmer internship (the blueberry remedy) was not carried out
    assert d.data.index[d.data["agreed"] == 0].tolist() == [
        "farmer-internship", "creative-industry", "organic-farming-exchange"]


def test_the_outcome_follows_the_status_and_the_threshold() -> None:
    # at the end of 2017 only the student exchange was observed, at level 2 (intermediate)
    d = qca.from_cases(BK, at="2017")
    assert d.data.index.tolist() == ["student-exchange"] and d.n_excluded == 9
    assert d.data["implemented"].tolist() == [1.0]
    assert qca.from_cases(BK, at="2017", threshold=3).data["implemented"].tolist() == [0.0]
    assert qca.from_cases(BK, at="2017", outcome="level").data["level"].tolist() == [pytest.approx(2 / 3)]
    levels = implementation.status(BK, at="2018").set_index("commitment")["level"]
    got = qca.from_cases(BK, at="2018", outcome="level").data["level"]
    assert (got * 3).round().astype(int).to_dict() == {k: int(v) for k, v in levels.dropna().items()}


def test_conditions_from_actors_channels_fields_and_mitigations() -> None:
    d = qca.from_cases(BK, at="2018", conditions=["mitigation_proposed", "actor_nonstate", "channel_transnational",
                                                  "field_social_culture", "obstacle_capacity_supply",
                                                  "challenge_cultural_linguistic"])
    on = {c: d.data.index[d.data[c] == 1].tolist() for c in d.conditions}
    assert on == {
        "mitigation_proposed": ["blueberry", "health-workers"],
        "actor_nonstate": ["farmer-internship"],
        "channel_transnational": ["farmer-internship"],
        "field_social_culture": ["student-exchange", "health-workers", "creative-industry"],
        "obstacle_capacity_supply": ["eel"],
        "challenge_cultural_linguistic": ["health-workers"],
    }


def test_agreement_age_is_a_fuzzy_membership() -> None:
    # the LoI started on 2016-11-18: 2.12 years by the end of 2018, below the 3-year crossover
    d = qca.from_cases(BK, at="2018", conditions=["agreement_age"])
    assert d.data["agreement_age"].round(3).unique().tolist() == [0.214]
    older = qca.from_cases(BK, at="2022", conditions=["agreement_age"], age=(1, 2, 4))
    assert (older.data["agreement_age"] > 0.5).all()
    with pytest.raises(ArgumentError, match="needs at="):
        qca.from_cases(BK, conditions=["agreement_age"])


def test_a_small_n_qca_on_the_commitments() -> None:
    d = qca.from_cases(BK, at="2018", conditions=["obstacle", "agreed", "field_social_culture"])
    sol = qca.minimize(qca.truth_table(d))
    assert sol.expressions == ["~obstacle*agreed*field_social_culture"]
    assert sol.terms["cases"].tolist() == ["student-exchange"]
    # with the default conditions the student exchange and tourism promotion share a row: a contradiction
    tt = qca.truth_table(qca.from_cases(BK, at="2018"), incl_cut=(1, 0.5))
    row = tt.table[tt.table.contradictory]
    assert row["cases"].tolist() == ["student-exchange,tourism-promotion"] and row["out"].tolist() == ["C"]


def test_include_restricts_the_units() -> None:
    d = qca.from_cases(BK, at="2018", include="agreed", conditions=["obstacle"])
    assert d.data.index.tolist() == ["student-exchange", "blueberry", "eel", "health-workers", "tourism-promotion"]
    assert d.n_excluded == 0


def test_several_cases_and_cases_as_units() -> None:
    cases = [sistercity.datasets.load(n) for n in SEED]
    d = qca.from_cases(cases, at="2018", conditions=["obstacle"])
    assert d.data.index[0] == "bogor-kisarazu:student-exchange"
    assert d.excluded["unit"].tolist()[-1] == "bandung-suwon:kpop-cultural-diplomacy"
    by_case = qca.from_cases({c.id: c for c in cases}, unit="case", at="2018")
    assert by_case.data.index.tolist() == ["bogor-kisarazu"]
    assert by_case.excluded["unit"].tolist() == ["bandung-suwon", "baubau-seoul", "surabaya-kochi"]
    assert set(by_case.excluded["reason"]) == {"no commitment observed by 2018"}
    # one agreed commitment of five implemented: below the default share of one half
    row = by_case.data.loc["bogor-kisarazu"]
    assert row.to_dict() == {"obstacle": 1.0, "challenge": 1.0, "mitigated": 0.0, "actor_nonstate": 1.0,
                             "implemented": 0.0}
    assert qca.from_cases(cases, unit="case", at="2018", share=0.1).data["implemented"].tolist() == [1.0]


def test_bad_arguments() -> None:
    with pytest.raises(ArgumentError, match=r"unknown condition.*available"):
        qca.from_cases(BK, conditions=["weather"])
    with pytest.raises(ArgumentError, match="agreed"):
        qca.from_cases(BK, unit="case", conditions=["agreed"])
    with pytest.raises(ArgumentTypeError):
        qca.from_cases([BK, "bandung-suwon"])
    with pytest.raises(ArgumentTypeError):
        qca.from_cases(42)
    with pytest.raises(ArgumentError, match="empty"):
        qca.from_cases([])
    with pytest.raises(ArgumentError, match="distinct"):
        qca.from_cases([BK, BK])
    with pytest.raises(ArgumentError):
        qca.from_cases(BK, unit="sector")
    with pytest.raises(ArgumentError, match="increasing"):
        qca.from_cases(BK, at="2018", age=(5, 3, 1))
    with pytest.raises(ArgumentError, match="no unit has an outcome"):
        qca.from_cases(BK, at="2016")


@given(impl_cases(min_commitments=1), at_values())
def test_units_without_data_are_excluded_never_zero(case: sistercity.Case, at: object) -> None:
    status = implementation.status(case, at=at)
    observed = status.loc[status["level"].notna(), "commitment"].tolist()
    if not observed:
        with pytest.raises(ArgumentError, match="no unit has an outcome"):
            qca.from_cases(case, at=at)
        return
    d = qca.from_cases(case, at=at, conditions=["obstacle", "challenge", "mitigated", "agreed"])
    assert d.data.index.tolist() == observed
    assert len(d.data) + d.n_excluded == len(case.commitments)
    assert set(d.data["implemented"]) <= {0.0, 1.0}
    levels = status.set_index("commitment")["level"]
    for cid, y in d.data["implemented"].items():
        assert y == float(levels[cid] >= 2)
    assert ((d.data >= 0) & (d.data <= 1)).all().all()
    pd.testing.assert_frame_equal(d.data, qca.from_cases([case], at=at, conditions=list(d.conditions)).data)
