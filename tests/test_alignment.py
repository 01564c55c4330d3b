"""Tests of sistercity.alignment: commitments x policy targets, on the bundled and hand-made cases."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from sistercity import Case, CaseTables, datasets
from sistercity.alignment import (
    ALIGNMENT_COLUMNS,
    UNALIGNED_COLUMNS,
    UNSERVED_COLUMNS,
    alignment_matrix,
    alignment_table,
    unaligned_agreements,
    unserved_targets,
)

BOGOR_TARGETS = "bogor-policy-targets-2016"
BOGOR_ISSUES = "bogor-strategic-issues-2016"


@pytest.fixture(scope="module")
def bk() -> Case:
    return datasets.load("bogor-kisarazu")


def _case(commitments: list[dict[str, Any]], *, owner: str | None = "a", requirement: str = "at_least_one",
          agreements: tuple[str, ...] = ("loi", "mou")) -> Case:
    return Case(
        id="t", title="T",
        actors=[dict(id="a", name="A", level="subnational", country="ID"),
                dict(id="b", name="B", level="subnational", country="JP"),
                dict(id="c", name="C", level="subnational", country="KR")],
        agreements=[dict(id=ag, kind="mou", parties=["a", "b"]) for ag in agreements]
        + [dict(id="foreign", kind="mou", parties=["b", "c"])],
        commitments=commitments,
        policy_frameworks=[dict(id="plan", title="Plan", owner=owner, requirement=requirement,
                                targets=[dict(id="t1", text="One"), dict(id="t2", text="Two")]),
                           dict(id="ref", title="Reference", targets=[dict(id="r1", text="Ref")])],
    )


# --------------------------------------------------------------------------- the bundled case


def test_bundled_targets_served(bk: Case) -> None:
    """The sources link the student exchange to target 4 (youth, students, academics) and
    three more commitments to targets 5, 6 and 9 (§1.1); the rest are linked to none."""
    t = alignment_table(bk, framework=BOGOR_TARGETS)
    served = t[t["serves"]]
    assert sorted(zip(served["commitment"], served["target"], strict=True)) == [
        ("spatial-planning-study", "bogor-t6"),
        ("student-exchange", "bogor-t4"),
        ("tourism-promotion", "bogor-t5"),
        ("website-link", "bogor-t9"),
    ]


def test_bundled_matrix(bk: Case) -> None:
    m = alignment_matrix(bk, framework=BOGOR_TARGETS)
    assert list(m.columns) == [f"bogor-t{i}" for i in range(1, 11)]
    assert list(m.index) == [c.id for c in bk.commitments]
    assert m.dtypes.eq(bool).all()
    assert int(m.to_numpy().sum()) == 4
    assert bool(m.loc["student-exchange", "bogor-t4"])
    assert not m.loc["blueberry"].any()


def test_bundled_matrix_all_frameworks(bk: Case) -> None:
    m = alignment_matrix(bk)
    assert m.shape == (len(bk.commitments), 16)  # ten targets and six strategic issues
    assert list(m.columns[-6:]) == [f"bogor-issue-{c}" for c in "abcdef"]


def test_bundled_loi_serves_a_target(bk: Case) -> None:
    """Bogor requires at least one target; the LoI serves four, so there is no finding."""
    f = unaligned_agreements(bk)
    assert f.empty
    assert list(f.columns) == list(UNALIGNED_COLUMNS)


def test_bundled_unserved_targets(bk: Case) -> None:
    u = unserved_targets(bk, framework=BOGOR_TARGETS)
    assert list(u["target"]) == ["bogor-t1", "bogor-t2", "bogor-t3", "bogor-t7", "bogor-t8", "bogor-t10"]
    assert u.loc[0, "text"].startswith("Comfortable, affordable, efficient")
    assert set(u["requirement"]) == {"at_least_one"}
    issues = unserved_targets(bk, framework=BOGOR_ISSUES)
    assert len(issues) == 6 and set(issues["requirement"]) == {"none"}


# --------------------------------------------------------------------------- hand-made


def test_agreement_with_unlinked_commitments_is_a_finding() -> None:
    case = _case([dict(id="c1", agreement="loi", sector="education", title="X", targets=["t1"]),
                  dict(id="c2", agreement="mou", sector="economy", title="Y"),
                  dict(id="c3", agreement="mou", sector="economy", title="Z", targets=["r1"])])
    f = unaligned_agreements(case)
    assert list(f["agreement"]) == ["mou"]
    row = f.iloc[0]
    assert (row["framework"], row["requirement"], row["commitments"]) == ("plan", "at_least_one", 2)
    assert "none of its 2 commitments is recorded as serving a target" in row["message"]


def test_agreement_without_commitments_is_a_finding() -> None:
    case = _case([dict(id="c1", agreement="loi", sector="education", title="X", targets=["t2"])])
    f = unaligned_agreements(case)
    assert list(f["agreement"]) == ["mou"]
    assert f.iloc[0]["commitments"] == 0
    assert "it has no commitment recorded" in f.iloc[0]["message"]


def test_owner_limits_the_requirement() -> None:
    case = _case([dict(id="c1", agreement="loi", sector="education", title="X", targets=["t1"]),
                  dict(id="c2", agreement="mou", sector="economy", title="Y", targets=["t2"])])
    assert unaligned_agreements(case).empty  # "foreign" (b-c) is not the owner's
    no_owner = _case([dict(id="c1", agreement="loi", sector="education", title="X", targets=["t1"]),
                      dict(id="c2", agreement="mou", sector="economy", title="Y", targets=["t2"])], owner=None)
    assert list(unaligned_agreements(no_owner)["agreement"]) == ["foreign"]


def test_requirement_none_gives_no_finding() -> None:
    case = _case([], requirement="none")
    assert unaligned_agreements(case).empty


def test_unserved_and_table_hand_made() -> None:
    case = _case([dict(id="c1", agreement="loi", sector="education", title="X", targets=["t1", "r1"])])
    assert list(unserved_targets(case)["target"]) == ["t2"]
    t = alignment_table(case)
    assert list(t.columns) == list(ALIGNMENT_COLUMNS)
    assert len(t) == 3  # one commitment x three targets
    assert list(t["serves"]) == [True, False, True]
    assert set(t["sector"]) == {"education"}


def test_unknown_framework() -> None:
    with pytest.raises(ValueError, match="no policy framework 'nope'; the case has: plan, ref"):
        alignment_table(_case([]), framework="nope")


def test_empty_case_keeps_columns() -> None:
    empty = Case(id="e", title="E")
    for fn, cols in ((alignment_table, ALIGNMENT_COLUMNS), (unaligned_agreements, UNALIGNED_COLUMNS),
                     (unserved_targets, UNSERVED_COLUMNS)):
        df = fn(empty)
        assert df.empty and list(df.columns) == list(cols)
        for col, dtype in cols.items():
            assert str(df[col].dtype) == dtype
    m = alignment_matrix(empty)
    assert m.shape == (0, 0)


def test_dtypes(bk: Case) -> None:
    for fn, cols in ((alignment_table, ALIGNMENT_COLUMNS), (unserved_targets, UNSERVED_COLUMNS)):
        df = fn(bk)
        for col, dtype in cols.items():
            assert str(df[col].dtype) == dtype, (fn.__name__, col)


def test_runs_on_tables_from_frames() -> None:
    tables = CaseTables.from_frames(
        agreements=pd.DataFrame({"agreement": ["x"], "kind": ["letter_of_intent"]}),
        commitments=pd.DataFrame({"commitment": ["c1", "c2"], "agreement": ["x", "x"],
                                  "sector": ["pendidikan", "tourism"]}),
        commitment_targets=pd.DataFrame({"commitment": ["c1"], "target": ["t1"]}),
        targets=pd.DataFrame({"framework": ["f", "f"], "target": ["t1", "t2"], "text": ["One", "Two"],
                              "requirement": ["at_least_one", "at_least_one"]}),
    )
    m = alignment_matrix(tables)
    assert m.loc["c1"].tolist() == [True, False] and m.loc["c2"].tolist() == [False, False]
    assert unaligned_agreements(tables).empty
    assert list(unserved_targets(tables)["target"]) == ["t2"]
