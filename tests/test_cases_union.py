"""Every analysis runs on a case set's union tables and gives each case's own results."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from sistercity import implementation, interdependence, lifecycle, model, obstacles
from sistercity.cases import SEPARATOR, CaseSet, split_ids
from sistercity.tables import CaseTables
from strategies.casesets import case_lists

Analysis = Callable[[object], pd.DataFrame]

# (name, analysis, id columns of its result, whether its rows are keyed by the first of them)
# at= is given: with at=None "now" is the latest observation of the tables read, which in a
# union is the latest of every case (so ``age_years`` of evidence would differ)
AT = "2031-06"
ANALYSES: list[tuple[str, Analysis, tuple[str, ...]]] = [
    ("status", lambda d: implementation.status(d, at=AT), ("commitment", "agreement", "source")),
    ("agreement_rates", lambda d: implementation.agreement_rates(d, at=AT), ("agreement",)),
    ("sector_coverage", lambda d: implementation.sector_coverage(d, at=AT), ("agreement", "best_commitment")),
    ("blocked", lambda d: obstacles.blocked(d, at=AT), ("commitment", "agreement", "obstacle", "source")),
    ("mitigation_status", lambda d: obstacles.mitigation_status(d, at=AT), ("obstacle", "commitment", "source")),
    ("obstacle_impacts", lambda d: obstacles.obstacle_impacts(d, at=AT),
     ("obstacle", "commitment", "agreement", "source")),
    ("lifecycle", lambda d: lifecycle.lifecycle(d, at="2018"), ("agreement",)),
    ("dependence", lambda d: interdependence.dependence(d, at=AT), ("actor_a", "actor_b")),
    ("actor_participation", lambda d: interdependence.profile(d, at=AT).actor_participation, ("actor",)),
]


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as their values (the union's vocabularies are larger), a fresh index."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    return out.reset_index(drop=True)


def _own_rows(union: pd.DataFrame, label: str, ids: Sequence[str], offset: int) -> pd.DataFrame:
    """The rows of ``union`` that belong to case ``label``, with its own ids and observation numbers."""
    prefix = label + SEPARATOR
    mine = union[union[ids[0]].astype(object).str.startswith(prefix, na=False)].copy()
    for col in ids:
        values = mine[col]
        present = values.notna()
        assert values[present].astype(str).str.startswith(prefix).all(), (col, values[present].tolist())
        mine[col] = values.astype(object).where(~present, values.astype(str).str.slice(len(prefix)))
        mine[col] = mine[col].astype(union[col].dtype) if not isinstance(union[col].dtype, pd.CategoricalDtype) \
            else mine[col]
    if "observation" in mine.columns:
        mine["observation"] = mine["observation"] - offset
    return mine


def _check_union(cases: list[model.Case]) -> None:
    cs = CaseSet(cases)
    u = cs.tables
    for name, analysis, ids in ANALYSES:
        whole = analysis(u)
        offset = 0
        for case in cases:
            own = analysis(case)
            mine = _own_rows(whole, case.id, ids, offset)
            offset += len(case.observations)
            pd.testing.assert_frame_equal(_plain(mine), _plain(own), check_dtype=False, obj=f"{name}/{case.id}")
        assert len(whole) == sum(len(analysis(c)) for c in cases), name


@given(case_lists())
def test_every_analysis_of_the_union_gives_each_cases_own_results(cases: list[model.Case]) -> None:
    _check_union(cases)


@given(case_lists())
def test_additive_figures_of_the_union_are_the_sums_of_the_cases(cases: list[model.Case]) -> None:
    cs = CaseSet(cases)
    p = interdependence.profile(cs.tables, at=AT)
    parts = [interdependence.profile(c, at=AT) for c in cases]
    assert p.ties == sum(q.ties for q in parts)
    assert p.actors == sum(q.actors for q in parts)
    mix = p.channel_mix.set_index("channel")["n_ties"]
    assert mix.to_dict() == {ch: sum(int(q.channel_mix.set_index("channel").at[ch, "n_ties"]) for q in parts)
                             for ch in mix.index}
    counts = obstacles.obstacle_counts(cs.tables)
    per_case = pd.concat([obstacles.obstacle_counts(c) for c in cases])
    key = ["kind", "category", "sector"]
    for frame in (counts, per_case):
        for col in key:
            frame[col] = frame[col].astype(str)
    summed = per_case.groupby(key)[["n_obstacles", "n_commitments", "n_blocked"]].sum()
    got = counts.groupby(key)[["n_obstacles", "n_commitments", "n_blocked"]].sum()
    got = got[(got != 0).any(axis=1)]
    summed = summed[(summed != 0).any(axis=1)]
    pd.testing.assert_frame_equal(got.sort_index(), summed.sort_index(), check_dtype=False)


@given(case_lists(min_size=2))
def test_relabelling_the_cases_changes_nothing_but_the_labels(cases: list[model.Case]) -> None:
    """Labels renamed and the order reversed: every figure of every case stays the same."""
    first = CaseSet(cases)
    relabelled = {f"other-{c.id}": c for c in reversed(cases)}
    second = CaseSet(relabelled)
    a = first.compare(at="2018")
    b = second.compare(at="2018")
    a.index = pd.Index(a.pop("case").astype(str), name="case")
    b.index = pd.Index([str(i).removeprefix("other-") for i in b.pop("case")], name="case")
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index())
    sa = first.with_case(implementation.status(first.tables), "commitment")
    sb = second.with_case(implementation.status(second.tables), "commitment")
    sb["case"] = sb["case"].astype(str).str.removeprefix("other-")
    keep = ["case", "commitment", "level", "rate", "date", "n_observations"]
    left = sa[keep].assign(case=sa["case"].astype(str)).sort_values(["case", "commitment"]).reset_index(drop=True)
    right = sb[keep].sort_values(["case", "commitment"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)


def test_the_union_keeps_per_case_ids_apart_and_the_case_column() -> None:
    edu = model.Commitment(id="edu", agreement="a", sector="education", title="Exchange")
    base = dict(actors=[dict(id="x", name="X", level="subnational", kind="government", country="ID"),
                        dict(id="y", name="Y", level="subnational", kind="government", country="JP")],
                agreements=[dict(id="a", kind="letter_of_intent", parties=["x", "y"], sectors=["education"])],
                commitments=[edu], observations=[dict(commitment="edu", date="2017", level=1)])
    one = model.Case(id="one", title="One", **base)
    two = model.Case(id="two", title="Two", **{**base, "observations": [dict(commitment="edu", date="2017",
                                                                              level=3)]})
    cs = CaseSet([one, two])
    t = cs.tables
    assert isinstance(t, CaseTables)
    assert t.commitments["commitment"].tolist() == ["one/edu", "two/edu"]
    assert t.observations["observation"].tolist() == [0, 1]
    assert all(list(t.__getattribute__(n)["case"].cat.categories) == ["one", "two"] for n in t.table_names())
    st = cs.with_case(implementation.status(t), "commitment")
    assert st[["case", "commitment", "level"]].astype(object).values.tolist() == [["one", "edu", 1],
                                                                                   ["two", "edu", 3]]
    assert split_ids(st["case"].astype(str) + "/" + st["commitment"])["id"].tolist() == ["edu", "edu"]


def test_the_four_seed_cases_union_agrees_with_each_case() -> None:
    cs = CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon", "baubau-seoul", "surabaya-kochi"])
    _check_union(list(cs.cases))
    rates = cs.with_case(implementation.agreement_rates(cs.tables, at="2018"), "agreement")
    assert rates["case"].astype(str).tolist() == list(cs.labels)
    assert rates["rate"].iloc[0] == pytest.approx(2 / 15)  # education at level 2 of 3, four at 0
    assert rates["rate"].iloc[1:].isna().all()  # no data, not 0
    assert np.isnan(rates["observed_share"].iloc[2])
