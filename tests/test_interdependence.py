"""Tests of sistercity.interdependence: hand-computed answers, properties, the bundled case pinned."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _interdep_cases import actor, cases, commitment, event, make_case, relabel, with_isolate
from sistercity import Case, CaseValidationError, datasets
from sistercity import interdependence as idp
from sistercity.tables import CaseTables

APPROX = dict(rel=1e-9, abs=1e-12)


def _dyad(d: pd.DataFrame, x: str, y: str) -> pd.Series:
    """The dependence row of the dyad (x, y), oriented so that ``_a`` is x."""
    hit = d[(d.actor_a == x) & (d.actor_b == y)]
    if len(hit):
        return hit.iloc[0]
    row = d[(d.actor_a == y) & (d.actor_b == x)].iloc[0].copy()
    for col in ("actor", "country", "received", "total", "dependence"):
        row[f"{col}_a"], row[f"{col}_b"] = row[f"{col}_b"], row[f"{col}_a"]
    row["asymmetry"], row["balance"] = -row["asymmetry"], -row["balance"]
    return row


def _status(w: idp.WhatIf, x: str, y: str) -> str:
    d = w.dependence
    hit = d[((d.actor_a == x) & (d.actor_b == y)) | ((d.actor_a == y) & (d.actor_b == x))]
    return str(hit.iloc[0]["status"])


# ----------------------------------------------------------------------------- channels


def _channel(a: dict, b: dict) -> str:
    case = make_case([a, b])
    return str(idp.ties(case)["channel"].iloc[0])


def test_farmer_group_and_foreign_city_government_is_transnational() -> None:
    farmers = actor("farmers", "nonstate", "ID", kind="community_group")
    kisarazu = actor("kisarazu", "subnational", "JP")
    assert _channel(farmers, kisarazu) == "transnational"


def test_two_national_ministries_are_interstate() -> None:
    assert _channel(actor("klhk", "national", "ID", kind="ministry"),
                    actor("moe", "national", "JP", kind="ministry")) == "interstate"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (actor("bogor", "subnational", "ID"), actor("kisarazu", "subnational", "JP"), "transgovernmental"),
        (actor("klhk", "national", "ID"), actor("kisarazu", "subnational", "JP"), "transgovernmental"),
        (actor("bogor", "subnational", "ID"), actor("klhk", "national", "ID"), "domestic"),
        (actor("farmers", "nonstate", "ID"), actor("bogor", "subnational", "ID"), "domestic"),
        (actor("school", "nonstate", "ID", governmental=True), actor("k", "subnational", "JP"),
         "transgovernmental"),
        (actor("school", "nonstate", "ID"), actor("moe", "national", "JP"), "transnational"),
        (actor("ngo", "nonstate", "ID"), actor("ngo2", "nonstate", "JP"), "transnational"),
    ],
)
def test_channel_rule(a: dict, b: dict, expected: str) -> None:
    assert _channel(a, b) == expected


def test_channels_table_shows_what_the_channel_is_read_from() -> None:
    c = idp.channels(idp.demo_case())
    assert list(c.columns) == ["tie", "source", "target", "origin", "record", "relation", "sector", "source_level",
                               "target_level", "source_governmental", "target_governmental", "source_country",
                               "target_country", "cross_border", "channel"]
    assert (c["cross_border"] == (c["channel"] != "domestic")).all()
    assert len(c) == 15


# ----------------------------------------------------------------------------- ties and graph


def test_ties_of_the_demo_case_by_hand() -> None:
    t = idp.ties(idp.demo_case())
    assert list(t.columns) == list(idp.TIE_COLUMNS)
    assert t["tie"].is_unique
    assert t["origin"].value_counts().to_dict() == {"event": 8, "commitment": 6, "agreement": 1}
    assert t["relation"].value_counts().to_dict() == {"attendance": 8, "provision": 5, "parties": 1,
                                                     "participation": 1, "attributed": 0}
    # blueberry: kisarazu provides to bogor and the farmers (0.5 each); bogor and farmers take part together
    c2 = t[t.record == "c2"].set_index(["source", "target"])
    assert c2.loc[("kisarazu", "bogor"), "flow"] == 0.5
    assert c2.loc[("kisarazu", "farmers"), "flow"] == 0.5
    assert c2.loc[("bogor", "farmers"), "relation"] == "participation"
    assert c2.loc[("bogor", "farmers"), "flow"] == 0.0
    # the teleconference is linked to the education commitment, so its ties are in education
    assert set(t.loc[t.record == "e2", "sector"]) == {"education"}
    assert t.loc[t.record == "e1", "sector"].isna().all()
    # commitment ties take their agreement's date when they have none of their own
    assert set(t.loc[t.origin == "commitment", "date"]) == {"2016-11-18"}


def test_ties_at_a_date_and_date_rule() -> None:
    case = idp.demo_case()
    assert len(idp.ties(case, at="2016-04-30")) == 1  # the minister's visit only
    assert len(idp.ties(case, at="2016-04-15")) == 0  # 2016-04 counts from its last day
    assert len(idp.ties(case, at="2016-04-15", date_rule="start")) == 1
    assert len(idp.ties(case, at="2017-12-14")) == 15
    assert len(idp.ties(case, at=pd.Timestamp("2017-12-13"))) == 9


def test_undated_ties_kept_or_dropped() -> None:
    a, b = actor("a", country="ID"), actor("b", country="JP")
    case = make_case([a, b], signed=None, commitments=[commitment("c", "education", providers=["a"],
                                                                  beneficiaries=["b"])])
    assert len(idp.ties(case, at="2000")) == 2
    assert len(idp.ties(case, at="2000", undated="drop")) == 0


def test_unattributed_commitments_tie_the_parties_when_asked() -> None:
    case = make_case([actor("a", country="ID"), actor("b", country="JP")],
                     commitments=[commitment("c", "tourism", beneficiaries=["a"])])
    assert (idp.ties(case)["origin"] == "commitment").sum() == 0
    t = idp.ties(case, unattributed="parties")
    att = t[t.relation == "attributed"]
    assert len(att) == 1 and att.iloc[0]["sector"] == "tourism"


def test_case_and_tables_give_the_same_ties() -> None:
    case = idp.demo_case()
    pd.testing.assert_frame_equal(idp.ties(case), idp.ties(case.tables))


def test_graph_is_an_undirected_multigraph_keyed_by_tie() -> None:
    g = idp.graph(idp.demo_case())
    assert isinstance(g, nx.MultiGraph) and not g.is_directed()
    assert g.number_of_nodes() == 6 and g.number_of_edges() == 15
    keys = {k for _u, _v, k in g.edges(keys=True)}
    assert keys == set(idp.ties(idp.demo_case())["tie"])
    for _u, _v, d in g.edges(data=True):
        assert None not in d.values()
        assert ("provider" in d) == d["directed"]
    assert g.nodes["farmers"] == {"name": "Kelompok tani Bogor", "level": "nonstate", "kind": "community_group",
                                  "country": "ID", "governmental": False}


def test_unknown_actor_in_tables_is_a_validation_error() -> None:
    tables = CaseTables.from_frames(
        actors=pd.DataFrame({"actor": ["a"], "country": ["ID"], "level": ["subnational"]}),
        events=pd.DataFrame({"event": ["e"], "date": ["2017"]}),
        event_participants=pd.DataFrame({"event": ["e", "e"], "actor": ["a", "ghost"]}),
        validate=False,
    )
    with pytest.raises(CaseValidationError, match="ghost"):
        idp.ties(tables)


@pytest.mark.parametrize("kw", [dict(date_rule="middle"), dict(undated="maybe"), dict(unattributed="all"),
                                dict(at="not a date")])
def test_bad_options_are_validation_errors(kw: dict) -> None:
    with pytest.raises(CaseValidationError):
        idp.ties(idp.demo_case(), **kw)


def test_empty_case() -> None:
    case = Case(id="e", title="Empty", actors=[actor("a"), actor("b", country="JP")])
    assert len(idp.ties(case)) == 0
    p = idp.profile(case)
    assert p.ties == 0 and p.actors == 0 and math.isnan(p.evenness) and math.isnan(p.force_share)
    assert len(idp.dependence(case)) == 0
    assert list(idp.dependence(case).columns) == list(idp._DEP_COLUMNS)
    assert len(idp.sensitivity(case)) == 0 and len(idp.vulnerability(case)) == 0
    assert idp.graph(case).number_of_edges() == 0


# ----------------------------------------------------------------------------- measures by hand


def test_herfindahl_and_pielou_by_hand() -> None:
    assert idp.herfindahl([1, 1, 1, 1]) == pytest.approx(0.25)
    assert idp.herfindahl([8, 3, 1]) == pytest.approx(74 / 144)
    assert idp.pielou_evenness([1, 1, 1, 1]) == pytest.approx(1.0)
    assert idp.pielou_evenness([5, 0, 0]) == 0.0
    h = -(2 / 3 * math.log(2 / 3) + 1 / 4 * math.log(1 / 4) + 1 / 12 * math.log(1 / 12))
    assert idp.pielou_evenness([8, 3, 1]) == pytest.approx(h / math.log(3))
    assert math.isnan(idp.pielou_evenness([4]))
    assert math.isnan(idp.herfindahl([]))
    with pytest.raises(CaseValidationError):
        idp.pielou_evenness([1, 1, 1], richness=2)
    with pytest.raises(CaseValidationError):
        idp.herfindahl([-1, 2])


def test_participation_coefficient_by_hand() -> None:
    k = pd.DataFrame({"a": [1, 2, 5, 0], "b": [1, 0, 0, 0], "c": [1, 0, 0, 0]}, index=list("wxyz"))
    p = idp.participation_coefficient(k)
    assert p["w"] == pytest.approx(1.0)  # evenly over all three layers
    assert p["x"] == 0.0 and p["y"] == 0.0  # all in one layer
    assert math.isnan(p["z"])
    k2 = pd.DataFrame({"a": [0], "b": [1], "c": [1]})
    assert idp.participation_coefficient(k2).iloc[0] == pytest.approx(1.5 * (1 - 0.5))
    with pytest.raises(CaseValidationError):
        idp.participation_coefficient(k[["a"]])


def test_ties_spread_evenly_over_all_sectors_give_evenness_one() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP")]
    sectors = ["education", "culture", "tourism", "agriculture"]
    coms = [commitment(f"c{i}", s, providers=["a"], beneficiaries=["b"]) for i, s in enumerate(sectors)]
    for richness in ("agreed", "observed"):
        p = idp.profile(make_case(acts, sectors=sectors, commitments=coms), richness=richness)
        assert p.evenness == pytest.approx(1.0)
        assert p.herfindahl == pytest.approx(0.25)
        assert p.sectors == 4


def test_agreed_sectors_without_ties_lower_evenness() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP")]
    coms = [commitment("c1", "education", providers=["a"], beneficiaries=["b"]),
            commitment("c2", "health", providers=["b"], beneficiaries=["a"])]
    case = make_case(acts, sectors=["education", "health", "tourism", "culture"], commitments=coms)
    assert idp.profile(case, richness="observed").evenness == pytest.approx(1.0)
    p = idp.profile(case)
    assert p.sectors == 4
    assert p.evenness == pytest.approx(math.log(2) / math.log(4))
    shares = p.sector_shares.set_index("sector")
    assert shares.loc["tourism", "count"] == 0 and bool(shares.loc["tourism", "agreed"])


def test_issue_bases_records_and_agreements() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP"), actor("c", country="JP"), actor("d", country="JP")]
    coms = [commitment("c1", "education", participants=["a", "b", "c", "d"]),  # 6 ties, one record
            commitment("c2", "health", providers=["a"], beneficiaries=["b"])]   # 1 tie, one record
    case = make_case(acts, sectors=["education", "health", "culture"], commitments=coms)
    assert idp.profile(case).sector_shares.set_index("sector")["count"].to_dict() == \
        {"education": 6, "health": 1, "culture": 0}
    rec = idp.profile(case, issues="records", richness="observed")
    assert rec.evenness == pytest.approx(1.0) and rec.herfindahl == pytest.approx(0.5)
    agr = idp.profile(case, issues="agreements")
    assert agr.evenness == pytest.approx(1.0) and agr.sectors == 3


def test_weighted_shares() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP")]
    coms = [commitment("c1", "education", providers=["a"], beneficiaries=["b"], weight=3.0),
            commitment("c2", "health", providers=["b"], beneficiaries=["a"], weight=1.0)]
    p = idp.profile(make_case(acts, commitments=coms), weighted=True, richness="observed")
    assert p.herfindahl == pytest.approx((0.75**2) + (0.25**2))


def test_force_share() -> None:
    acts = [actor("a", "national", "ID"), actor("b", "national", "JP")]
    coms = [commitment("c1", "security_defence", providers=["a"], beneficiaries=["b"]),
            commitment("c2", "defence", providers=["b"], beneficiaries=["a"]),
            commitment("c3", "tourism", participants=["a", "b"])]
    case = make_case(acts, sectors=["keamanan", "tourism"], commitments=coms)
    p = idp.profile(case)
    assert p.force_share == pytest.approx(2 / 3)
    assert p.force_agreements == 1
    assert len(p.force_ties) == 2 and set(p.force_ties["sector"]) == {"security_defence"}
    assert idp.profile(case, force_sectors=["tourism"]).force_share == pytest.approx(1 / 3)


def test_profile_of_the_demo_case_by_hand() -> None:
    p = idp.profile(idp.demo_case())
    assert p.ties == 15 and p.actors == 6
    assert p.channel_mix.set_index("channel")["ties"].to_dict() == {
        "interstate": 0, "transgovernmental": 5, "transnational": 6, "domestic": 4}
    assert p.cross_border_share == pytest.approx(11 / 15)
    assert p.channels_used == 2
    assert p.non_interstate_share == 1.0
    part = p.actor_participation.set_index("actor")["participation"]
    # bogor: 1 transgovernmental + 1 transnational neighbour; kisarazu: 2 + 2
    assert part["bogor"] == pytest.approx(0.75) and part["kisarazu"] == pytest.approx(0.75)
    assert part[["klhk", "farmers", "smpn1", "hatazawa"]].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert p.participation == pytest.approx(0.25)
    pair = p.country_pairs.iloc[0]
    assert (pair["country_a"], pair["country_b"], pair["transgovernmental"], pair["transnational"]) == \
        ("ID", "JP", 5, 6)
    assert pair["participation"] == pytest.approx(1.5 * (1 - (25 + 36) / 121))
    assert p.herfindahl == pytest.approx(74 / 144)
    assert p.sectors == 3 and p.force_share == 0.0 and p.force_agreements == 0


def test_participation_layers_and_multiedges() -> None:
    case = idp.demo_case()
    p = idp.profile(case, layers=idp.CHANNELS, multiedges="count")
    bogor = p.actor_participation.set_index("actor").loc["bogor"]
    # bogor's ties: 4 with kisarazu (transgovernmental), 1 with hatazawa (transnational),
    # 3 domestic (farmers, smpn1, klhk)
    assert (bogor["transgovernmental"], bogor["transnational"], bogor["domestic"]) == (4, 1, 3)
    assert bogor["participation"] == pytest.approx(4 / 3 * (1 - (16 + 1 + 9) / 64))
    with pytest.raises(CaseValidationError):
        idp.profile(case, layers=["domestic"])
    with pytest.raises(CaseValidationError):
        idp.profile(case, layers=["domestic", "martial"])


def test_profile_figures_tables_and_html() -> None:
    case = make_case([actor("a", country="ID", name="<script>alert(1)</script>"),
                      actor("b", country="JP", name="Kota & <Co>")],
                     commitments=[commitment("c", "education", providers=["a"], beneficiaries=["b"])])
    p = idp.profile(case)
    figs = p.figures()
    assert list(figs.index) == list(idp._FIGURES)
    assert set(p.tables) == {"channel_mix", "actor_participation", "country_pairs", "sector_shares", "force_ties"}
    assert set(p.figure_table()["table"]) <= set(p.tables)
    html = p._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Kota &amp; &lt;Co&gt;" in html
    with pytest.raises(AttributeError):
        p.ties = 3  # type: ignore[misc]


# ----------------------------------------------------------------------------- dependence


def _flows_case() -> Case:
    acts = [actor(x, country=c) for x, c in (("a", "ID"), ("b", "JP"), ("c", "KR"), ("d", "KR"))]
    coms = [commitment("ab", "education", providers=["b"], beneficiaries=["a"], weight=2),
            commitment("ca", "education", providers=["c"], beneficiaries=["a"], weight=2),
            commitment("ba", "health", providers=["a"], beneficiaries=["b"], weight=2),
            commitment("db", "health", providers=["d"], beneficiaries=["b"], weight=2)]
    return make_case(acts, commitments=coms)


def test_perfectly_symmetric_dyad_has_asymmetry_zero() -> None:
    d = idp.dependence(_flows_case())
    ab = _dyad(d, "a", "b")
    assert ab["dependence_a"] == pytest.approx(0.5) and ab["dependence_b"] == pytest.approx(0.5)
    assert ab["asymmetry"] == 0.0 and ab["symmetry"] == 1.0 and ab["balance"] == 0.0
    assert ab["salience"] == pytest.approx(0.5) and ab["interdependence"] == pytest.approx(0.5)
    ac = _dyad(d, "a", "c")  # a gets 2 of 4 from c; c gets nothing
    assert ac["dependence_a"] == pytest.approx(0.5) and ac["dependence_b"] == 0.0
    assert ac["salience"] == 0.0 and ac["symmetry"] == pytest.approx(0.5) and ac["asymmetry"] == pytest.approx(0.5)


def test_asymmetric_dyad_by_hand() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP"), actor("c", country="KR")]
    coms = [commitment("ba", "agriculture", providers=["b"], beneficiaries=["a"], weight=3),
            commitment("ab", "health", providers=["a"], beneficiaries=["b"], weight=1),
            commitment("cb", "health", providers=["c"], beneficiaries=["b"], weight=1)]
    d = _dyad(idp.dependence(make_case(acts, commitments=coms)), "a", "b")
    assert (d["received_a"], d["received_b"], d["total_a"], d["total_b"]) == (3.0, 1.0, 3.0, 2.0)
    assert d["dependence_a"] == 1.0 and d["dependence_b"] == 0.5
    assert d["salience"] == pytest.approx(math.sqrt(0.5))
    assert d["symmetry"] == pytest.approx(0.5)
    assert d["interdependence"] == pytest.approx(math.sqrt(0.5) * 0.5)
    assert d["asymmetry"] == pytest.approx(0.5)
    assert d["balance"] == pytest.approx(0.5)
    assert d["channel"] == "transgovernmental"


def test_dependence_options() -> None:
    case = _flows_case()
    ex = _dyad(idp.dependence(case, basis="exchanged"), "a", "b")
    # a: receives 4, gives 2 -> total 6; exchanged with b: 2 + 2
    assert ex["dependence_a"] == pytest.approx(4 / 6)
    ties = idp.dependence(case, partners="ties")
    assert len(ties) >= len(idp.dependence(case))
    split = make_case([actor("a", country="ID"), actor("b", country="JP"), actor("c", country="JP")],
                      commitments=[commitment("x", "education", providers=["a"], beneficiaries=["b", "c"],
                                              weight=4)])
    assert idp.dependence(split)["received_b"].tolist() == [2.0, 2.0]
    assert idp.dependence(split, split=False)["received_b"].tolist() == [4.0, 4.0]
    with pytest.raises(CaseValidationError):
        idp.dependence(case, basis="trade")


def test_sensitivity_and_vulnerability_by_hand() -> None:
    acts = [actor(x, country=c) for x, c in (("a", "ID"), ("b", "JP"), ("c", "JP"), ("d", "KR"), ("e", "KR"))]
    coms = [commitment("b1", "agriculture", providers=["b"], beneficiaries=["a"]),
            commitment("b2", "education", providers=["b"], beneficiaries=["a"]),
            commitment("c1", "agriculture", providers=["c"], beneficiaries=["a"]),
            commitment("d1", "education", providers=["d"], beneficiaries=["e"])]
    case = make_case(acts, commitments=coms)
    s = idp.sensitivity(case).set_index(["actor", "partner"])["sensitivity"]
    assert s[("a", "b")] == pytest.approx(2 / 3) and s[("a", "c")] == pytest.approx(1 / 3)
    v = idp.vulnerability(case).set_index(["actor", "partner"])
    # agriculture from b could come from c; education from b has no alternative
    assert v.loc[("a", "b"), "vulnerability"] == pytest.approx(1 / 3)
    assert v.loc[("a", "b"), "sectors_without_alternative"] == "education"
    assert v.loc[("a", "c"), "vulnerability"] == 0.0
    assert (v["vulnerability"] <= v["sensitivity"] + 1e-12).all()
    # d provides education elsewhere in the network: a potential substitute for b
    vn = idp.vulnerability(case, alternatives="network").set_index(["actor", "partner"])
    assert vn.loc[("a", "b"), "vulnerability"] == 0.0
    assert vn.loc[("e", "d"), "vulnerability"] == 0.0  # b provides education too (to a)
    assert idp.vulnerability(case).set_index(["actor", "partner"]).loc[("e", "d"), "vulnerability"] == 1.0
    with pytest.raises(CaseValidationError):
        idp.vulnerability(case, alternatives="any")


def test_vulnerability_network_alternative_excludes_the_receiver_itself() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP"), actor("c", country="KR")]
    coms = [commitment("ba", "education", providers=["b"], beneficiaries=["a"]),
            commitment("ac", "education", providers=["a"], beneficiaries=["c"])]
    v = idp.vulnerability(make_case(acts, commitments=coms), alternatives="network").set_index(["actor", "partner"])
    assert v.loc[("a", "b"), "vulnerability"] == 1.0  # a itself is no alternative to b for a
    assert v.loc[("c", "a"), "vulnerability"] == 0.0  # b could provide education to c


# ----------------------------------------------------------------------------- brokers


def test_brokers_on_a_path_by_hand_and_against_networkx() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP"), actor("c", country="KR")]
    case = make_case(acts, events=[event("e1", "2017", ["a", "b"]), event("e2", "2017", ["b", "c"])])
    b = idp.brokers(case).set_index("actor")
    assert b.loc["b", "betweenness"] == 1.0 and b.loc["a", "betweenness"] == 0.0
    assert b.loc["b", "degree"] == 1.0 and b.loc["a", "degree"] == 0.5
    assert b.loc["b", "neighbours"] == 2 and b.loc["b", "foreign_neighbours"] == 2
    g = nx.Graph(idp.graph(idp.demo_case()))
    ref = nx.betweenness_centrality(g)
    ours = idp.brokers(idp.demo_case()).set_index("actor")["betweenness"]
    for n, v in ref.items():
        assert ours[n] == pytest.approx(v)


def test_brokers_by_level_and_kind() -> None:
    lv = idp.brokers(idp.demo_case(), by="level")
    assert list(lv.columns) == ["level", "actors", "ties", "degree", "betweenness", "betweenness_share", "top_actor"]
    assert lv.set_index("level")["betweenness_share"].to_dict() == {"national": 0.0, "subnational": 1.0,
                                                                   "nonstate": 0.0}
    kd = idp.brokers(idp.demo_case(), by="kind")
    assert kd["actors"].sum() == 6
    with pytest.raises(CaseValidationError):
        idp.brokers(idp.demo_case(), by="country")


# ----------------------------------------------------------------------------- what if


def test_what_if_remove_actor_commitment_tie() -> None:
    case = idp.demo_case()
    w = idp.what_if(case, remove="kisarazu")
    assert w.removed.iloc[0].tolist() == ["actor", "kisarazu", 8]
    assert w.after.ties == 7
    assert w.figures.set_index("figure").loc["ties", "change"] == -8
    assert _status(w, "bogor", "kisarazu") == "lost" and _status(w, "hatazawa", "smpn1") == "kept"

    w = idp.what_if(case, remove=["c1", "commitment|c3|bogor|kisarazu"])
    assert w.removed["ties_removed"].tolist() == [2, 1]
    assert _status(w, "hatazawa", "smpn1") == "lost"
    # bogor still receives from kisarazu, kisarazu no longer from bogor
    assert _status(w, "bogor", "kisarazu") == "changed"
    assert "<h3>" in w._repr_html_()


def test_what_if_passes_options_and_reports_bad_ids() -> None:
    case = idp.demo_case()
    w = idp.what_if(case, remove="actor:farmers", layers=idp.CHANNELS, basis="exchanged")
    assert w.before.options["layers"] == idp.CHANNELS
    with pytest.raises(CaseValidationError, match="neither"):
        idp.what_if(case, remove="nobody")
    with pytest.raises(CaseValidationError, match="no actor"):
        idp.what_if(case, remove="actor:nobody")
    clash = make_case([actor("x", country="ID"), actor("b", country="JP")],
                      commitments=[commitment("x", "education", providers=["x"], beneficiaries=["b"])])
    with pytest.raises(CaseValidationError, match="both"):
        idp.what_if(clash, remove="x")
    assert idp.what_if(clash, remove="commitment:x").after.ties == 1


# ----------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_and_read_back_gives_the_same_graph(tmp_path: Path, fmt: str) -> None:
    g = idp.graph(datasets.load("bogor-kisarazu"))
    path = idp.write_graph(g, tmp_path / f"g.{fmt}")
    h = idp.read_graph(path)
    _assert_same_graph(g, h)


def test_write_graph_from_a_case_and_format_errors(tmp_path: Path) -> None:
    p = idp.write_graph(idp.demo_case(), tmp_path / "x.out", format="json")
    assert idp.read_graph(p, format="json").number_of_edges() == 15
    with pytest.raises(CaseValidationError, match="format"):
        idp.write_graph(idp.demo_case(), tmp_path / "x.out")
    (tmp_path / "bad.graphml").write_text("<not graphml", encoding="utf-8")
    with pytest.raises(CaseValidationError):
        idp.read_graph(tmp_path / "bad.graphml")


def test_gexf_labels_are_names_for_gephi(tmp_path: Path) -> None:
    path = idp.write_graph(idp.demo_case(), tmp_path / "g.gexf")
    text = path.read_text(encoding="utf-8")
    assert 'label="Kisarazu City"' in text
    assert "networkx_key" in text


def _assert_same_graph(g: nx.MultiGraph, h: nx.MultiGraph) -> None:
    assert type(h) is type(g)
    assert dict(g.nodes(data=True)) == dict(h.nodes(data=True))
    eg = {(frozenset((u, v)), k): d for u, v, k, d in g.edges(keys=True, data=True)}
    eh = {(frozenset((u, v)), k): d for u, v, k, d in h.edges(keys=True, data=True)}
    assert eg == eh
    assert g.graph == h.graph


# ----------------------------------------------------------------------------- the bundled case


@pytest.fixture(scope="module")
def bk() -> Case:
    return datasets.load("bogor-kisarazu")


def test_bundled_case_profile_pinned(bk: Case) -> None:
    p = idp.profile(bk)
    # no force: no tie and no agreement in security or defence
    assert p.force_share == 0.0 and p.force_agreements == 0 and len(p.force_ties) == 0
    # the ties that exist, by channel: no interstate tie; one transnational (the farmer groups)
    assert p.channel_mix.set_index("channel")["ties"].to_dict() == {
        "interstate": 0, "transgovernmental": 41, "transnational": 1, "domestic": 29}
    assert p.ties == 71 and p.actors == 16 and p.channels_used == 2
    assert p.non_interstate_share == 1.0
    tn = idp.ties(bk).query("channel == 'transnational'")
    assert tn[["source", "target", "record"]].values.tolist() == [["kisarazu", "kelompok-tani-bogor",
                                                                    "farmer-internship"]]
    assert p.sectors == 6
    assert p.sector_shares.set_index("sector")["count"].to_dict() == {
        "education": 30, "agriculture": 4, "culture": 2, "tourism": 2, "health": 1, "spatial_planning": 1}
    assert p.herfindahl == pytest.approx(0.57875)
    assert p.evenness == pytest.approx(0.519063679959244)
    assert p.participation == pytest.approx(0.0205078125)


def test_bundled_case_dependence_pinned(bk: Case) -> None:
    d = idp.dependence(bk)
    assert len(d) == 3
    bogor = _dyad(d, "bogor", "kisarazu")
    # each city's only partner: shares cannot discriminate, the flows can (4 received vs 3)
    assert (bogor["dependence_a"], bogor["dependence_b"], bogor["asymmetry"]) == (1.0, 1.0, 0.0)
    assert (bogor["received_a"], bogor["received_b"]) == (4.0, 3.0)
    assert bogor["balance"] == pytest.approx(1 / 7)
    farmers = _dyad(d, "kelompok-tani-bogor", "kisarazu")
    assert (farmers["dependence_a"], farmers["salience"], farmers["asymmetry"]) == (1.0, 0.0, 1.0)


def test_bundled_case_brokers(bk: Case) -> None:
    b = idp.brokers(bk)
    assert b.iloc[0]["actor"] == "kisarazu"
    lv = idp.brokers(bk, by="level").set_index("level")
    assert lv.loc["subnational", "betweenness_share"] == pytest.approx(1.0)


# ----------------------------------------------------------------------------- properties


_settings = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _figures_equal(a: pd.Series, b: pd.Series) -> None:
    assert list(a.index) == list(b.index)
    np.testing.assert_allclose(a.to_numpy(dtype=float), b.to_numpy(dtype=float), rtol=1e-9, atol=1e-12)


@_settings
@given(cases())
def test_evenness_and_participation_lie_in_unit_interval(case: Case) -> None:
    for richness in ("agreed", "observed"):
        p = idp.profile(case, richness=richness)
        for v in (p.evenness, p.participation, p.country_participation, p.herfindahl, p.force_share,
                  p.cross_border_share, p.non_interstate_share):
            assert math.isnan(v) or -1e-12 <= v <= 1 + 1e-12
        part = p.actor_participation["participation"].dropna()
        assert ((part >= 0) & (part <= 1)).all()
    d = idp.dependence(case)
    for col in ("dependence_a", "dependence_b", "salience", "symmetry", "interdependence"):
        assert ((d[col] >= -1e-12) & (d[col] <= 1 + 1e-12)).all()
    assert ((d["asymmetry"].abs() <= 1 + 1e-12) & (d["balance"].abs() <= 1 + 1e-12)).all()
    v = idp.vulnerability(case)
    assert (v["vulnerability"] <= v["sensitivity"] + 1e-12).all()


@_settings
@given(cases(), st.randoms(use_true_random=False))
def test_relabelling_actors_changes_no_number(case: Case, rnd: object) -> None:
    ids = [a.id for a in case.actors]
    new = [f"n{i}" for i in range(len(ids))]
    rnd.shuffle(new)  # type: ignore[attr-defined]
    other = relabel(case, dict(zip(ids, new, strict=True)))
    _figures_equal(idp.profile(case).figures(), idp.profile(other).figures())
    for kw in (dict(richness="observed", issues="records"), dict(layers=idp.CHANNELS, multiedges="count")):
        _figures_equal(idp.profile(case, **kw).figures(), idp.profile(other, **kw).figures())

    def values(df: pd.DataFrame, cols: list[str]) -> list[tuple[float, ...]]:
        return sorted(tuple(round(float(x), 9) for x in row) for row in df[cols].itertuples(index=False))

    dep_cols = ["salience", "symmetry", "interdependence"]
    assert values(idp.dependence(case), dep_cols) == values(idp.dependence(other), dep_cols)
    assert sorted(idp.dependence(case)["asymmetry"].abs().round(9)) == \
        sorted(idp.dependence(other)["asymmetry"].abs().round(9))
    sv = ["received", "sensitivity", "vulnerability"]
    assert values(idp.vulnerability(case), sv) == values(idp.vulnerability(other), sv)
    assert values(idp.brokers(case), ["betweenness", "degree"]) == values(idp.brokers(other), ["betweenness", "degree"])


@_settings
@given(cases())
def test_removing_an_isolated_actor_changes_nothing(case: Case) -> None:
    bigger = with_isolate(case)
    _figures_equal(idp.profile(case).figures(), idp.profile(bigger).figures())
    pd.testing.assert_frame_equal(idp.dependence(case), idp.dependence(bigger))
    pd.testing.assert_frame_equal(idp.vulnerability(case), idp.vulnerability(bigger))
    raw = idp.brokers(case, normalized=False).set_index("actor")["betweenness"]
    raw_big = idp.brokers(bigger, normalized=False).set_index("actor")["betweenness"]
    pd.testing.assert_series_equal(raw.sort_index(), raw_big.drop("zz-isolated").sort_index())
    w = idp.what_if(bigger, remove="zz-isolated")
    assert (w.figures["change"].fillna(0) == 0).all()
    assert set(w.dependence["status"]) <= {"kept"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(cases(), st.sampled_from(["graphml", "gexf", "json"]))
def test_export_and_read_back_property(tmp_path: Path, case: Case, fmt: str) -> None:
    g = idp.graph(case)
    h = idp.read_graph(idp.write_graph(g, tmp_path / f"p.{fmt}"))
    _assert_same_graph(g, h)


# ----------------------------------------------------------------------------- hygiene


def test_import_does_not_import_matplotlib() -> None:
    code = "import sys, sistercity.interdependence, sistercity.network; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_public_names_are_listed_and_documented() -> None:
    for name in idp.__all__:
        assert (getattr(idp, name).__doc__ or "").strip() or name.isupper(), name
