"""Issue 10 item 5: dependence on delivered flows, codings marked as assumptions, what_if(recode=)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sistercity import ArgumentError, ArgumentTypeError, Case, datasets
from sistercity import interdependence as idp
from sistercity.report import report
from strategies.interdep import actor, cases, commitment, make_case

APPROX = dict(rel=1e-9, abs=1e-12)


def _with_observations(case: Case, levels: dict[str, int], date: str = "2018") -> Case:
    data = case.to_dict()
    data["observations"] = [dict(commitment=c, date=date, level=lv, coder="t") for c, lv in levels.items()]
    return Case(**data)


def _three() -> Case:
    """A receives 2 from B (c2) and 1 from C (c3); B receives 1 from A (c1)."""
    acts = [actor("a", country="ID"), actor("b", country="JP"), actor("c", country="KR")]
    coms = [commitment("c1", "education", providers=["a"], beneficiaries=["b"], weight=1.0),
            commitment("c2", "health", providers=["b"], beneficiaries=["a"], weight=2.0),
            commitment("c3", "health", providers=["c"], beneficiaries=["a"], weight=1.0)]
    return make_case(acts, parties=["a", "b"], commitments=coms)


def _row(d: pd.DataFrame, a: str, b: str) -> pd.Series:
    return d[(d.actor_a == a) & (d.actor_b == b)].iloc[0]


# ----------------------------------------------------------------------------- delivered flows, by hand


def test_delivered_flows_weight_each_commitment_by_level_over_three() -> None:
    case = _with_observations(_three(), {"c1": 3, "c2": 1, "c3": 0})
    promised = idp.dependence(case)
    assert _row(promised, "a", "b")["dependence_a"] == pytest.approx(2 / 3, **APPROX)
    d = idp.dependence(case, flows="delivered")
    ab = _row(d, "a", "b")
    # a receives 2 x 1/3 from b and 1 x 0/3 from c; b receives 1 x 3/3 from a
    assert ab["received_a"] == pytest.approx(2 / 3, **APPROX) and ab["received_b"] == pytest.approx(1.0, **APPROX)
    assert ab["total_a"] == pytest.approx(2 / 3, **APPROX)
    assert ab["dependence_a"] == pytest.approx(1.0, **APPROX) and ab["dependence_b"] == pytest.approx(1.0, **APPROX)
    assert ab["balance"] == pytest.approx((2 / 3 - 1) / (2 / 3 + 1), **APPROX)
    ac = _row(d, "a", "c")
    assert ac["received_a"] == 0.0 and ac["dependence_a"] == 0.0


def test_an_unobserved_commitment_is_no_data_unless_chosen_otherwise() -> None:
    case = _with_observations(_three(), {"c1": 3, "c2": 3})  # c3 never observed
    d = idp.dependence(case, flows="delivered")
    ab = _row(d, "a", "b")
    assert math.isnan(ab["total_a"]) and math.isnan(ab["dependence_a"]) and math.isnan(ab["interdependence"])
    assert ab["received_a"] == pytest.approx(2.0, **APPROX)  # what b delivered is known
    assert ab["dependence_b"] == pytest.approx(1.0, **APPROX)  # b's receipts are all observed
    assert math.isnan(d["interdependence"].iloc[-1])  # unknown rows sort last
    dropped = idp.dependence(case, flows="delivered", unobserved="drop")
    assert set(zip(dropped.actor_a, dropped.actor_b, strict=True)) == {("a", "b")}
    assert _row(dropped, "a", "b")["dependence_a"] == pytest.approx(1.0, **APPROX)
    zero = idp.dependence(case, flows="delivered", unobserved="zero")
    assert _row(zero, "a", "c")["received_a"] == 0.0
    assert _row(zero, "a", "b")["dependence_a"] == pytest.approx(1.0, **APPROX)
    s = idp.sensitivity(case, flows="delivered").set_index(["actor", "partner"])
    assert math.isnan(s.loc[("a", "b"), "sensitivity"]) and s.loc[("b", "a"), "sensitivity"] == 1.0


def test_levels_are_read_at_the_date() -> None:
    case = _three()
    data = case.to_dict()
    data["observations"] = [dict(commitment="c2", date="2017", level=3, coder="t"),
                            dict(commitment="c2", date="2018", level=0, coder="t"),
                            dict(commitment="c1", date="2017", level=3, coder="t"),
                            dict(commitment="c3", date="2017", level=3, coder="t")]
    case = Case(**data)
    at17 = _row(idp.dependence(case, at="2017", flows="delivered"), "a", "b")
    at18 = _row(idp.dependence(case, at="2018", flows="delivered"), "a", "b")
    assert at17["received_a"] == pytest.approx(2.0, **APPROX) and at18["received_a"] == 0.0
    assert at17["dependence_a"] == pytest.approx(2 / 3, **APPROX) and at18["dependence_a"] == 0.0


def test_vulnerability_counts_no_alternative_that_delivered_nothing() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP"), actor("c", country="KR")]
    coms = [commitment("c1", "health", providers=["b"], beneficiaries=["a"]),
            commitment("c2", "health", providers=["c"], beneficiaries=["a"])]
    case = make_case(acts, parties=["a", "b"], commitments=coms)
    promised = idp.vulnerability(case).set_index(["actor", "partner"])
    assert promised.loc[("a", "b"), "vulnerability"] == 0.0  # c can replace b
    delivered = idp.vulnerability(_with_observations(case, {"c1": 3, "c2": 0}), flows="delivered")
    v = delivered.set_index(["actor", "partner"])
    assert v.loc[("a", "b"), "vulnerability"] == 1.0  # c delivered nothing: no alternative
    assert v.loc[("a", "b"), "sectors_without_alternative"] == "health"
    assert v.loc[("a", "c"), "sectors_without_alternative"] == ""  # a sector with no flow is not listed
    net = idp.vulnerability(_with_observations(case, {"c1": 3, "c2": 0}), flows="delivered",
                            alternatives="network").set_index(["actor", "partner"])
    assert net.loc[("a", "b"), "vulnerability"] == 1.0


@pytest.mark.parametrize("fn", [idp.dependence, idp.sensitivity, idp.vulnerability])
def test_bad_flow_options_are_refused(fn: Any) -> None:
    with pytest.raises(ArgumentError, match="flows"):
        fn(_three(), flows="kept")
    with pytest.raises(ArgumentError, match="unobserved"):
        fn(_three(), flows="delivered", unobserved=0)


# ----------------------------------------------------------------------------- properties


def _observe_all(case: Case, level: int) -> Case:
    return _with_observations(case, {c.id: level for c in case.commitments})


@given(cases(statuses=True), st.sampled_from(["received", "exchanged"]), st.booleans())
def test_full_implementation_delivers_what_was_promised(case: Case, basis: str, split: bool) -> None:
    full = _observe_all(case, 3)
    pd.testing.assert_frame_equal(idp.dependence(full, flows="delivered", basis=basis, split=split),  # type: ignore[arg-type]
                                  idp.dependence(full, basis=basis, split=split))  # type: ignore[arg-type]


@given(cases(), st.integers(0, 3))
def test_delivered_amounts_never_exceed_promised_and_shares_stay_in_bounds(case: Case, level: int) -> None:
    c = _observe_all(case, level)
    p, d = idp.dependence(c, partners="ties"), idp.dependence(c, flows="delivered", partners="ties")
    m = p.merge(d, on=["actor_a", "actor_b"], suffixes=("_p", "_d"))
    assert len(m) == len(p) == len(d)
    for col in ("received_a", "received_b", "total_a", "total_b"):
        assert (m[f"{col}_d"] <= m[f"{col}_p"] + 1e-12).all()
        assert np.allclose(m[f"{col}_d"], m[f"{col}_p"] * level / 3)
    for col in ("dependence_a", "dependence_b", "salience", "symmetry", "interdependence"):
        assert d[col].between(0, 1).all()


@given(cases())
def test_promised_flows_ignore_observations(case: Case) -> None:
    pd.testing.assert_frame_equal(idp.dependence(_observe_all(case, 0)), idp.dependence(case))
    pd.testing.assert_frame_equal(idp.dependence(case, unobserved="zero"), idp.dependence(case))


@given(cases())
def test_an_unobserved_case_has_no_delivered_dependence(case: Case) -> None:
    d = idp.dependence(case, flows="delivered")
    assert d["interdependence"].isna().all()
    assert len(idp.dependence(case, flows="delivered", unobserved="drop")) == 0
    zero = idp.dependence(case, flows="delivered", unobserved="zero")
    assert (zero["interdependence"] == 0).all()


# ----------------------------------------------------------------------------- the bundled case


def test_bogor_kisarazu_interdependence_on_delivered_flows() -> None:
    bk = datasets.load("bogor-kisarazu")
    promised = idp.dependence(bk, at="2018").set_index(["actor_a", "actor_b"])["interdependence"]
    delivered = idp.dependence(bk, at="2018", flows="delivered").set_index(["actor_a", "actor_b"])
    assert promised[("bogor", "kisarazu")] == 1.0
    # blueberry, eel, health workers and tourism promotion at level 0: the cities deliver nothing to each other
    assert delivered.loc[("bogor", "kisarazu"), "interdependence"] == 0.0
    assert delivered.loc[("bogor", "kisarazu"), ["received_a", "received_b"]].tolist() == [0.0, 0.0]
    assert delivered.loc[("smpn1-bogor", "hatazawa-jhs"), "interdependence"] == 1.0
    # before 2018 only the exchange was observed: the cities' delivered flows are unknown, not 0
    d17 = idp.dependence(bk, at="2017", flows="delivered").set_index(["actor_a", "actor_b"])
    assert math.isnan(d17.loc[("bogor", "kisarazu"), "interdependence"])


# ----------------------------------------------------------------------------- assumptions and recoding


def test_the_hatazawa_coding_is_marked_as_an_assumption() -> None:
    bk = datasets.load("bogor-kisarazu")
    a = idp.coding_assumptions(bk)
    assert a.to_dict("records") == [dict(actor="hatazawa-jhs", attribute="governmental", value="True",
                                         alternative="False", source="coder-assumption")]
    src = {s.id: s for s in bk.sources}["coder-assumption"]
    assert src.kind == "other" and "assumption" in src.title.lower()
    hz = {x.id: x for x in bk.actors}["hatazawa-jhs"]
    assert hz.governmental is True and "assumption" in hz.note


def test_the_channel_result_under_the_alternative_coding() -> None:
    bk = datasets.load("bogor-kisarazu")
    w = idp.what_if(bk, recode={"hatazawa-jhs": {"governmental": False}})
    f = w.figures.set_index("figure")
    assert f.loc["channels_used", ["before", "after"]].tolist() == [1.0, 2.0]
    assert f.loc["participation", "before"] == 0.0 and f.loc["participation", "after"] > 0
    assert w.recoded.to_dict("records") == [dict(actor="hatazawa-jhs", attribute="governmental", before="True",
                                                 after="False", n_ties_changed=8)]
    assert w.before.channel_mix.equals(idp.profile(bk).channel_mix)
    school = w.dependence.set_index(["actor_a", "actor_b"]).loc[("smpn1-bogor", "hatazawa-jhs")]
    assert school["status"] == "changed"
    assert (school["channel_before"], school["channel_after"]) == ("transgovernmental", "transnational")


def test_a_level_assumption_offers_both_other_levels() -> None:
    data = _three().to_dict()
    data["sources"] = [dict(id="coders", kind="other", title="Coders' assumption")]
    data["actors"][2]["evidence"] = [dict(source="coders", locator="Assumption: level")]
    a = idp.coding_assumptions(Case(**data))
    assert a["alternative"].tolist() == ["national", "nonstate"] and (a["value"] == "subnational").all()


@given(cases())
def test_recoding_an_actor_to_its_own_coding_changes_nothing(case: Case) -> None:
    first = case.actors[0]
    w = idp.what_if(case, recode={first.id: {"governmental": first.is_governmental, "level": first.level}})
    assert (w.figures["change"].fillna(0) == 0).all()
    assert set(w.dependence["status"]) <= {"kept"}
    assert (w.recoded["n_ties_changed"] == 0).all()


@given(cases())
def test_recoding_agrees_with_a_case_coded_that_way(case: Case) -> None:
    first = case.actors[0]
    flipped = not first.is_governmental
    data = case.to_dict()
    data["actors"][0]["governmental"] = flipped
    recoded = Case(**data)
    w = idp.what_if(case, recode={first.id: {"governmental": flipped}})
    p = idp.profile(recoded)
    pd.testing.assert_frame_equal(w.after.channel_mix, p.channel_mix)
    assert w.after.figures().equals(p.figures())
    assert w.dependence_after["channel"].tolist() == idp.dependence(recoded)["channel"].tolist()


def test_recode_errors_name_the_problem() -> None:
    bk = datasets.load("bogor-kisarazu")
    with pytest.raises(ArgumentError, match="nobody"):
        idp.what_if(bk, recode={"nobody": {"governmental": False}})
    with pytest.raises(ArgumentError, match="country"):
        idp.what_if(bk, recode={"bogor": {"country": "JP"}})
    with pytest.raises(ArgumentError, match="level"):
        idp.what_if(bk, recode={"bogor": {"level": "city"}})
    with pytest.raises(ArgumentTypeError, match="governmental"):
        idp.what_if(bk, recode={"bogor": {"governmental": "no"}})
    with pytest.raises(ArgumentTypeError, match="recode"):
        idp.what_if(bk, recode=["bogor"])  # type: ignore[arg-type]


def test_what_if_passes_flow_options_to_dependence() -> None:
    bk = datasets.load("bogor-kisarazu")
    w = idp.what_if(bk, remove="commitment:student-exchange", at="2018", flows="delivered")
    before = w.dependence_before.set_index(["actor_a", "actor_b"])
    assert before.loc[("bogor", "kisarazu"), "interdependence"] == 0.0
    assert ("smpn1-bogor", "hatazawa-jhs") not in set(zip(w.dependence_after.actor_a, w.dependence_after.actor_b,
                                                          strict=True))


# ----------------------------------------------------------------------------- the report


def test_the_report_shows_delivered_beside_promised_and_the_assumption(bundled_report: Callable[..., str]) -> None:
    html = bundled_report("bogor-kisarazu", at=None)
    section = html[html.index('id="interdependence"'):]
    section = section[:section.index("</section>")]
    assert "Interdependence, promised flows" in section and "Interdependence, delivered flows" in section
    table = section[section.index("Interdependence, delivered flows"):]
    bogor_row = table[table.index("<td>Pemerintah Kota Bogor</td>"):]
    bogor_row = bogor_row[:bogor_row.index("</tr>")]
    cells = [c.split("<")[0] for c in bogor_row.split('<td class="num">')[1:]]
    assert cells[-2:] == ["1.000", "0.000"]
    assert "Codings that rest on an assumption" in section
    assert "Hatazawa Junior High School (Kisarazu)" in section and "coders' assumption" in section
    assert "<strong>2</strong>" in section  # channels in use under the alternative


def test_a_report_without_assumptions_has_no_such_block(text_only_report: None) -> None:
    html = report(datasets.load("demo-interdependence"))
    assert "Codings that rest on an assumption" not in html
