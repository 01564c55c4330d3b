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

from sistercity import ArgumentError, ArgumentTypeError, Case, CaseValidationError, datasets
from sistercity import interdependence as idp
from sistercity.tables import CaseTables
from strategies.interdep import actor, cases, commitment, event, make_case, relabel, with_isolate

APPROX = dict(rel=1e-9, abs=1e-12)


def _demo() -> Case:
    """The synthetic six-actor network of the examples (a bundled dataset, not a real case)."""
    return datasets.load("demo-interdependence")


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
    c = idp.channels(_demo())
    assert list(c.columns) == ["tie", "source", "target", "origin", "record", "relation", "sector", "source_level",
                               "target_level", "source_governmental", "target_governmental", "source_country",
                               "target_country", "cross_border", "channel"]
    assert (c["cross_border"] == (c["channel"] != "domestic")).all()
    assert len(c) == 15


# ----------------------------------------------------------------------------- ties and graph


def test_ties_of_the_demo_case_by_hand() -> None:
    t = idp.ties(_demo())
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
    # commitment ties without a date of their own get none: their agreement's start is only a lower bound
    com = t[t.origin == "commitment"]
    assert com["date"].isna().all() and com["date_last"].isna().all()
    assert set(com["date_first"]) == {pd.Timestamp("2016-11-18")}
    assert set(com["date_source"]) == {"agreement"}
    assert set(t.loc[t.origin != "commitment", "date_source"]) == {"record"}


def test_ties_at_a_date_and_date_rule() -> None:
    case = _demo()
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
    case = _demo()
    pd.testing.assert_frame_equal(idp.ties(case), idp.ties(case.tables))


def test_graph_is_an_undirected_multigraph_keyed_by_tie() -> None:
    g = idp.graph(_demo())
    assert isinstance(g, nx.MultiGraph) and not g.is_directed()
    assert g.number_of_nodes() == 6 and g.number_of_edges() == 15
    keys = {k for _u, _v, k in g.edges(keys=True)}
    assert keys == set(idp.ties(_demo())["tie"])
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


@pytest.mark.parametrize(("kw", "match"), [
    (dict(date_rule="middle"), "date_rule must be one of 'start', 'end'; got 'middle'"),
    (dict(undated="maybe"), "undated must be one of"),
    (dict(unattributed="all"), "unattributed must be one of"),
    (dict(at="not a date"), "^at must be"),
    (dict(at="2018-13"), "^at must be .*month 13"),
    (dict(include="maybe"), "include must be 'all' or some of 'agreed', 'proposed', 'wish'; got 'maybe'"),
    (dict(include=[]), "include must be"),
    (dict(include=["agreed", "all"]), "include must be"),
])
def test_bad_options_are_argument_errors(kw: dict, match: str) -> None:
    with pytest.raises(ArgumentError, match=match):
        idp.ties(_demo(), **kw)


def test_empty_case() -> None:
    case = Case(id="e", title="Empty", actors=[actor("a"), actor("b", country="JP")])
    assert len(idp.ties(case)) == 0
    p = idp.profile(case)
    assert p.ties == 0 and p.actors == 0 and math.isnan(p.evenness) and math.isnan(p.force_share)
    assert len(idp.dependence(case)) == 0
    assert list(idp.dependence(case).columns) == [
        "actor_a", "actor_b", "country_a", "country_b", "channel", "received_a", "received_b", "total_a", "total_b",
        "dependence_a", "dependence_b", "salience", "symmetry", "interdependence", "asymmetry", "balance"]
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
    with pytest.raises(ArgumentError, match="richness must be at least the number of categories with a share"):
        idp.pielou_evenness([1, 1, 1], richness=2)
    with pytest.raises(ArgumentError, match="shares must be non-negative"):
        idp.herfindahl([-1, 2])


def test_participation_coefficient_by_hand() -> None:
    k = pd.DataFrame({"a": [1, 2, 5, 0], "b": [1, 0, 0, 0], "c": [1, 0, 0, 0]}, index=list("wxyz"))
    p = idp.participation_coefficient(k)
    assert p["w"] == pytest.approx(1.0)  # evenly over all three layers
    assert p["x"] == 0.0 and p["y"] == 0.0  # all in one layer
    assert math.isnan(p["z"])
    k2 = pd.DataFrame({"a": [0], "b": [1], "c": [1]})
    assert idp.participation_coefficient(k2).iloc[0] == pytest.approx(1.5 * (1 - 0.5))
    with pytest.raises(ArgumentError, match="at least 2 layers"):
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
    assert shares.loc["tourism", "n_items"] == 0 and bool(shares.loc["tourism", "agreed"])


def test_issue_bases_records_and_agreements() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP"), actor("c", country="JP"), actor("d", country="JP")]
    coms = [commitment("c1", "education", participants=["a", "b", "c", "d"]),  # 6 ties, one record
            commitment("c2", "health", providers=["a"], beneficiaries=["b"])]   # 1 tie, one record
    case = make_case(acts, sectors=["education", "health", "culture"], commitments=coms)
    assert idp.profile(case).sector_shares.set_index("sector")["n_items"].to_dict() == \
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
    p = idp.profile(_demo())
    assert p.ties == 15 and p.actors == 6
    assert p.channel_mix.set_index("channel")["n_ties"].to_dict() == {
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
    case = _demo()
    p = idp.profile(case, layers=idp.CHANNELS, multiedges="count")
    bogor = p.actor_participation.set_index("actor").loc["bogor"]
    # bogor's ties: 4 with kisarazu (transgovernmental), 1 with hatazawa (transnational),
    # 3 domestic (farmers, smpn1, klhk)
    assert (bogor["transgovernmental"], bogor["transnational"], bogor["domestic"]) == (4, 1, 3)
    assert bogor["participation"] == pytest.approx(4 / 3 * (1 - (16 + 1 + 9) / 64))
    with pytest.raises(ArgumentError, match="at least two distinct channels"):
        idp.profile(case, layers=["domestic"])
    with pytest.raises(ArgumentError, match="at least two distinct channels"):
        idp.profile(case, layers="domestic")
    with pytest.raises(ArgumentError, match=r"layers must be one of .*got 'martial'"):
        idp.profile(case, layers=["domestic", "martial"])


def test_profile_figures_tables_and_html() -> None:
    case = make_case([actor("a", country="ID", name="<script>alert(1)</script>"),
                      actor("b", country="JP", name="Kota & <Co>")],
                     commitments=[commitment("c", "education", providers=["a"], beneficiaries=["b"])])
    p = idp.profile(case)
    figs = p.figures()
    assert list(figs.index) == [
        "actors", "ties", "cross_border_share", "channels_used", "non_interstate_share", "participation",
        "country_participation", "sectors", "herfindahl", "evenness", "force_share", "force_agreements"]
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
    with pytest.raises(ArgumentError, match="basis must be one of"):
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
    with pytest.raises(ArgumentError, match="alternatives must be one of"):
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
    assert b.loc["b", "n_neighbours"] == 2 and b.loc["b", "n_foreign_neighbours"] == 2
    g = nx.Graph(idp.graph(_demo()))
    ref = nx.betweenness_centrality(g)
    ours = idp.brokers(_demo()).set_index("actor")["betweenness"]
    for n, v in ref.items():
        assert ours[n] == pytest.approx(v)


def test_brokers_by_level_and_kind() -> None:
    lv = idp.brokers(_demo(), by="level")
    assert list(lv.columns) == ["level", "n_actors", "n_ties", "degree", "betweenness", "betweenness_share",
                                "top_actor"]
    assert lv.set_index("level")["betweenness_share"].to_dict() == {"national": 0.0, "subnational": 1.0,
                                                                   "nonstate": 0.0}
    kd = idp.brokers(_demo(), by="kind")
    assert kd["n_actors"].sum() == 6
    with pytest.raises(ArgumentError, match="by must be one of"):
        idp.brokers(_demo(), by="country")


# ----------------------------------------------------------------------------- what if


def test_what_if_remove_actor_commitment_tie() -> None:
    case = _demo()
    w = idp.what_if(case, remove="kisarazu")
    assert w.removed.iloc[0].tolist() == ["actor", "kisarazu", 8]
    assert w.after.ties == 7
    assert w.figures.set_index("figure").loc["ties", "change"] == -8
    assert _status(w, "bogor", "kisarazu") == "lost" and _status(w, "hatazawa", "smpn1") == "kept"

    w = idp.what_if(case, remove=["c1", "commitment|c3|bogor|kisarazu"])
    assert w.removed["n_ties_removed"].tolist() == [2, 1]
    assert _status(w, "hatazawa", "smpn1") == "lost"
    # bogor still receives from kisarazu, kisarazu no longer from bogor
    assert _status(w, "bogor", "kisarazu") == "changed"
    assert "<h3>" in w._repr_html_()


def test_what_if_passes_options_and_reports_bad_ids() -> None:
    case = _demo()
    w = idp.what_if(case, remove="actor:farmers", layers=idp.CHANNELS, basis="exchanged")
    assert w.before.options["layers"] == idp.CHANNELS
    with pytest.raises(ArgumentError, match="remove: 'nobody' is neither"):
        idp.what_if(case, remove="nobody")
    with pytest.raises(ArgumentError, match=r"remove\[1\]: no actor 'nobody'"):
        idp.what_if(case, remove=["bogor", "actor:nobody"])
    clash = make_case([actor("x", country="ID"), actor("b", country="JP")],
                      commitments=[commitment("x", "education", providers=["x"], beneficiaries=["b"])])
    with pytest.raises(ArgumentError, match="both"):
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
    p = idp.write_graph(_demo(), tmp_path / "x.out", format="json")
    assert idp.read_graph(p, format="json").number_of_edges() == 15
    with pytest.raises(ArgumentError, match="format must be"):
        idp.write_graph(_demo(), tmp_path / "x.out")
    with pytest.raises(ArgumentError, match="format must be one of"):
        idp.write_graph(_demo(), tmp_path / "x.out", format="csv")
    (tmp_path / "bad.graphml").write_text("<not graphml", encoding="utf-8")
    with pytest.raises(CaseValidationError):
        idp.read_graph(tmp_path / "bad.graphml")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(CaseValidationError):
        idp.read_graph(tmp_path / "bad.json")
    with pytest.raises(FileNotFoundError):
        idp.read_graph(tmp_path / "missing.graphml")
    with pytest.raises(FileNotFoundError):
        idp.write_graph(_demo(), tmp_path / "no-such-folder" / "g.graphml")


def test_gexf_labels_are_names_for_gephi(tmp_path: Path) -> None:
    path = idp.write_graph(_demo(), tmp_path / "g.gexf")
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
    # agreed commitments only (the default): no interstate tie and no transnational one
    assert p.channel_mix.set_index("channel")["n_ties"].to_dict() == {
        "interstate": 0, "transgovernmental": 37, "transnational": 0, "domestic": 29}
    assert p.ties == 66 and p.actors == 15 and p.channels_used == 1
    assert p.non_interstate_share == 1.0
    assert p.sectors == 5
    assert p.sector_shares.set_index("sector")["n_items"].to_dict() == {
        "education": 30, "agriculture": 2, "tourism": 2, "health": 1, "culture": 0}
    assert p.herfindahl == pytest.approx(0.7420408163265306)
    assert p.evenness == pytest.approx(0.3484565605771698)
    assert p.participation == 0.0


def test_bundled_case_profile_with_every_commitment(bk: Case) -> None:
    p = idp.profile(bk, include="all")
    assert p.channel_mix.set_index("channel")["n_ties"].to_dict() == {
        "interstate": 0, "transgovernmental": 41, "transnational": 1, "domestic": 29}
    assert p.ties == 71 and p.actors == 16 and p.channels_used == 2
    # the one transnational tie is a proposal: the internship of Bogor's farmer groups
    tn = idp.ties(bk, include="all").query("channel == 'transnational'")
    assert tn[["source", "target", "record", "commitment_status"]].values.tolist() == [
        ["kisarazu", "kelompok-tani-bogor", "farmer-internship", "proposed"]]
    assert p.sectors == 6
    assert p.sector_shares.set_index("sector")["n_items"].to_dict() == {
        "education": 30, "agriculture": 4, "culture": 2, "tourism": 2, "health": 1, "spatial_planning": 1}
    assert p.herfindahl == pytest.approx(0.57875)
    assert p.evenness == pytest.approx(0.519063679959244)
    assert p.participation == pytest.approx(0.0205078125)


def test_bundled_case_dependence_pinned(bk: Case) -> None:
    d = idp.dependence(bk)
    assert len(d) == 2  # agreed commitments only: the farmer groups' internship is a proposal
    bogor = _dyad(d, "bogor", "kisarazu")
    # each city's only partner: shares cannot discriminate, the flows can (1.5 received vs 2.5)
    assert (bogor["dependence_a"], bogor["dependence_b"], bogor["asymmetry"]) == (1.0, 1.0, 0.0)
    assert (bogor["received_a"], bogor["received_b"]) == (1.5, 2.5)
    assert bogor["balance"] == pytest.approx(-0.25)
    d = idp.dependence(bk, include="all")
    assert len(d) == 3
    bogor = _dyad(d, "bogor", "kisarazu")
    assert (bogor["received_a"], bogor["received_b"]) == (4.0, 3.0)
    assert bogor["balance"] == pytest.approx(1 / 7)
    farmers = _dyad(d, "kelompok-tani-bogor", "kisarazu")
    assert (farmers["dependence_a"], farmers["salience"], farmers["asymmetry"]) == (1.0, 0.0, 1.0)


def test_bundled_case_undated_commitments_are_not_dated(bk: Case) -> None:
    """farmer-internship has no date: its agreement's signing day is a lower bound, not its date."""
    t = idp.ties(bk, at="2016-11-30", include="all")
    row = t[t.record == "farmer-internship"].iloc[0]
    assert pd.isna(row["date"]) and pd.isna(row["date_last"]) and row["date_source"] == "agreement"
    assert row["date_first"] == pd.Timestamp("2016-11-18")  # the LoI's signing: a lower bound
    dropped = idp.ties(bk, at="2016-11-30", include="all", undated="drop")
    assert "farmer-internship" not in set(dropped["record"])
    assert set(dropped["date_source"]) == {"record"}
    # before the agreement, an undated commitment of it cannot be there, even with undated="keep"
    assert "farmer-internship" not in set(idp.ties(bk, at="2016-11-17", include="all")["record"])


def test_bundled_case_brokers(bk: Case) -> None:
    b = idp.brokers(bk)
    assert b.iloc[0]["actor"] == "kisarazu"
    lv = idp.brokers(bk, by="level").set_index("level")
    assert lv.loc["subnational", "betweenness_share"] == pytest.approx(1.0)


# ----------------------------------------------------------------------------- properties




def _figures_equal(a: pd.Series, b: pd.Series) -> None:
    assert list(a.index) == list(b.index)
    np.testing.assert_allclose(a.to_numpy(dtype=float), b.to_numpy(dtype=float), rtol=1e-9, atol=1e-12)


def _raw_participation(counts: np.ndarray) -> np.ndarray:
    """Battiston et al.'s P_i straight from the formula: no clipping, NaN without ties."""
    m = counts.shape[1]
    o = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return m / (m - 1) * (1.0 - ((counts / o[:, None]) ** 2).sum(axis=1))


def _raw_evenness(amounts: np.ndarray, s_count: int) -> float:
    """Pielou's J straight from the formula: no clipping."""
    x = amounts[amounts > 0]
    if s_count < 2 or x.sum() <= 0:
        return float("nan")
    s = x / x.sum()
    return float(-(s * np.log(s)).sum() / math.log(s_count))


@given(cases(statuses=True))
def test_evenness_and_participation_lie_in_unit_interval(case: Case) -> None:
    """The bounds hold for the raw formulas, so no clamp can be what makes this pass."""
    for richness, include in (("agreed", ("agreed",)), ("observed", "all")):
        p = idp.profile(case, richness=richness, include=include)
        for v in (p.evenness, p.participation, p.country_participation, p.herfindahl, p.force_share,
                  p.cross_border_share, p.non_interstate_share):
            assert math.isnan(v) or -1e-12 <= v <= 1 + 1e-12
        ap = p.actor_participation
        raw = _raw_participation(ap[list(idp.CROSS_BORDER_CHANNELS)].to_numpy(dtype=float))
        tied = ~np.isnan(raw)
        assert ((raw[tied] >= -1e-12) & (raw[tied] <= 1 + 1e-12)).all()
        np.testing.assert_allclose(ap["participation"].to_numpy(dtype=float), raw, rtol=0, atol=1e-12)
        raw_j = _raw_evenness(p.sector_shares["amount"].to_numpy(dtype=float), p.sectors)
        assert math.isnan(raw_j) or -1e-12 <= raw_j <= 1 + 1e-12
        assert (math.isnan(raw_j) and math.isnan(p.evenness)) or p.evenness == pytest.approx(raw_j, abs=1e-12)
    d = idp.dependence(case)
    for col in ("dependence_a", "dependence_b", "salience", "symmetry", "interdependence"):
        assert ((d[col] >= -1e-12) & (d[col] <= 1 + 1e-12)).all()
    assert ((d["asymmetry"].abs() <= 1 + 1e-12) & (d["balance"].abs() <= 1 + 1e-12)).all()
    v = idp.vulnerability(case)
    assert (v["vulnerability"] <= v["sensitivity"] + 1e-12).all()


@given(st.lists(st.lists(st.integers(0, 50), min_size=2, max_size=5).map(tuple), min_size=1, max_size=8)
       .filter(lambda rows: len({len(r) for r in rows}) == 1))
def test_participation_and_evenness_of_any_counts_match_the_formulas(rows: list[tuple[int, ...]]) -> None:
    counts = np.array(rows, dtype=float)
    p = idp.participation_coefficient(pd.DataFrame(counts)).to_numpy()
    raw = _raw_participation(counts)
    np.testing.assert_allclose(p, raw, rtol=0, atol=1e-9)
    assert (np.isnan(raw) | ((raw >= -1e-9) & (raw <= 1 + 1e-9))).all()
    for row in counts:
        j, raw_j = idp.pielou_evenness(row), _raw_evenness(row, len(row))
        assert (math.isnan(j) and math.isnan(raw_j)) or j == pytest.approx(raw_j, abs=1e-9)


def test_clipping_only_within_the_tolerance() -> None:
    # a private helper: the bug branch cannot be reached through the public functions
    from sistercity.interdependence._measures import _unit

    assert _unit(np.array([1 + 5e-10, -5e-10, 0.5]), "x").tolist() == [1.0, 0.0, 0.5]
    assert str(_unit(np.array(-0.0), "x")) == "0.0"
    with pytest.raises(RuntimeError, match="outside"):
        _unit(np.array([1.0 + 1e-6]), "x")
    with pytest.raises(RuntimeError, match="outside"):
        _unit(np.array([-1e-6]), "x")


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
    np.testing.assert_allclose(w.figures["change"].fillna(0).to_numpy(dtype=float), 0.0, rtol=0, atol=1e-12)
    assert set(w.dependence["status"]) <= {"kept"}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
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


# ----------------------------------------------------------------------------- which commitments count


def _status_case() -> Case:
    acts = [actor("a", country="ID"), actor("b", country="JP"), actor("c", country="KR")]
    coms = [commitment("agr", "education", providers=["a"], beneficiaries=["b"]),
            commitment("pro", "health", providers=["b"], beneficiaries=["a"], status="proposed"),
            commitment("wis", "tourism", providers=["c"], beneficiaries=["a"], status="wish")]
    return make_case(acts, commitments=coms, events=[event("e", "2017", ["a", "c"], commitments=["wis"])])


def test_only_agreed_commitments_count_by_default() -> None:
    case = _status_case()
    t = idp.ties(case)
    assert set(t.loc[t.origin == "commitment", "record"]) == {"agr"}
    assert set(t.loc[t.origin == "commitment", "commitment_status"]) == {"agreed"}
    # agreements and events are not commitments: always there (the event keeps its linked sector)
    assert t["origin"].value_counts().to_dict() == {"agreement": 1, "commitment": 1, "event": 1}
    assert t.loc[t.origin == "event", "sector"].tolist() == ["tourism"]
    assert t.loc[t.origin != "commitment", "commitment_status"].isna().all()
    every = idp.ties(case, include="all")
    assert set(every.loc[every.origin == "commitment", "record"]) == {"agr", "pro", "wis"}
    assert set(idp.ties(case, include=["agreed", "proposed"])["record"]) >= {"agr", "pro"}
    assert "wis" not in set(idp.ties(case, include=("agreed", "proposed"))["record"])
    assert set(idp.ties(case, include="wish").query("origin == 'commitment'")["record"]) == {"wis"}
    # flows: only what was agreed
    d = idp.dependence(case)
    assert d[["actor_a", "actor_b", "received_a", "received_b"]].values.tolist() == [["a", "b", 0.0, 1.0]]
    d_all = idp.dependence(case, include="all")
    assert _dyad(d_all, "a", "b")["received_a"] == 1.0 and _dyad(d_all, "a", "c")["received_a"] == 1.0
    assert len(idp.sensitivity(case)) == 1 and len(idp.sensitivity(case, include="all")) == 3
    assert len(idp.vulnerability(case, include="all")) == 3
    assert idp.profile(case).options["include"] == ("agreed",)
    assert idp.profile(case, include="all").options["include"] == ("agreed", "proposed", "wish")
    assert idp.graph(case).number_of_edges() == 3 and idp.graph(case, include="all").number_of_edges() == 5
    assert len(idp.channels(case, include="all")) == 5
    b = idp.brokers(case, include="all").set_index("actor")
    assert b.loc["a", "n_neighbours"] == 2 and idp.brokers(case).set_index("actor").loc["b", "n_ties"] == 2


def test_what_if_counts_the_same_commitments_before_and_after() -> None:
    case = _status_case()
    w = idp.what_if(case, remove="pro")  # a proposal: no tie with the default include
    assert w.removed["n_ties_removed"].tolist() == [0] and (w.figures["change"].fillna(0) == 0).all()
    w = idp.what_if(case, remove="pro", include="all")
    assert w.removed["n_ties_removed"].tolist() == [1] and w.before.ties == 5 and w.after.ties == 4
    assert w.before.options["include"] == ("agreed", "proposed", "wish")


@pytest.mark.parametrize("fn", [idp.ties, idp.graph, idp.channels, idp.profile, idp.dependence, idp.sensitivity,
                                idp.vulnerability, idp.brokers])
def test_every_analysis_checks_include(fn: object) -> None:
    case = _status_case()
    with pytest.raises(ArgumentError, match="include must be 'all' or some of 'agreed', 'proposed', 'wish'"):
        fn(case, include="agred")  # type: ignore[operator]
    with pytest.raises(ArgumentTypeError, match="include must be"):
        fn(case, include=3)  # type: ignore[operator]
    with pytest.raises(ArgumentError, match="include must be"):
        idp.what_if(case, remove="a", include=["agreed", "done"])


@given(cases(statuses=True))
def test_include_all_counts_like_every_commitment_agreed(case: Case) -> None:
    from strategies.interdep import all_agreed

    agreed = all_agreed(case)
    a, b = idp.ties(case, include="all"), idp.ties(agreed)
    pd.testing.assert_frame_equal(a.drop(columns="commitment_status"), b.drop(columns="commitment_status"))
    _figures_equal(idp.profile(case, include="all").figures(), idp.profile(agreed).figures())
    pd.testing.assert_frame_equal(idp.dependence(case, include="all"), idp.dependence(agreed))
    # the default keeps the agreed commitments' ties and every agreement and event tie
    t = idp.ties(case)
    expected = a[(a["origin"] != "commitment") | (a["commitment_status"] == "agreed")].reset_index(drop=True)
    pd.testing.assert_frame_equal(t, expected)


# ----------------------------------------------------------------------------- where dates come from


def test_date_sources() -> None:
    acts = [actor("a", country="ID"), actor("b", country="JP")]
    dated = make_case(acts, commitments=[commitment("own", "education", providers=["a"], beneficiaries=["b"],
                                                    proposed="2016-05"),
                                         commitment("none", "health", providers=["b"], beneficiaries=["a"])])
    t = idp.ties(dated).set_index("record")
    assert t.loc["own", "date_source"] == "record" and t.loc["own", "date"] == "2016-05"
    assert (t.loc["own", "date_first"], t.loc["own", "date_last"]) == (pd.Timestamp("2016-05-01"),
                                                                     pd.Timestamp("2016-05-31"))
    assert t.loc["none", "date_source"] == "agreement" and pd.isna(t.loc["none", "date"])
    assert t.loc["none", "date_first"] == pd.Timestamp("2016-11-18") and pd.isna(t.loc["none", "date_last"])
    # with at: the undated commitment is kept (unless before its agreement) or dropped
    assert set(idp.ties(dated, at="2016-06")["record"]) == {"own"}  # before the agreement: neither it nor LoI
    assert set(idp.ties(dated, at="2016-12")["record"]) == {"own", "none", "ag"}
    assert set(idp.ties(dated, at="2016-12", undated="drop")["record"]) == {"own", "ag"}
    assert set(idp.ties(dated, at="2016-12", date_rule="start", undated="drop")["record"]) == {"own", "ag"}
    # an agreement without a start: its ties and its undated commitments' ties know nothing
    bare = make_case(acts, signed=None, commitments=[commitment("c", "education", providers=["a"],
                                                                beneficiaries=["b"])])
    assert set(idp.ties(bare)["date_source"]) == {"none"}
    assert idp.ties(bare)[["date", "date_first", "date_last"]].isna().all().all()
    g = idp.graph(dated)
    assert g.edges["b", "a", "commitment|none|b|a"]["date_source"] == "agreement"
    assert "date" not in g.edges["b", "a", "commitment|none|b|a"]


# ----------------------------------------------------------------------------- bad arguments


def _graph_with_node(node: object, **attrs: object) -> nx.Graph:
    g = nx.Graph()
    g.add_node(node, **attrs)
    return g


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: idp.herfindahl(["a"]), ArgumentTypeError, "shares must be numbers"),
    (lambda: idp.herfindahl(None), ArgumentTypeError, "shares must be a sequence"),
    (lambda: idp.herfindahl("abc"), ArgumentTypeError, "shares must be a sequence"),
    (lambda: idp.herfindahl([[1, 2]]), ArgumentError, "one-dimensional"),
    (lambda: idp.herfindahl([float("nan"), 1]), ArgumentError, "finite, non-negative numbers; got nan"),
    (lambda: idp.herfindahl(pd.Series([1, None], dtype="Int64")), ArgumentError, "got nan"),
    (lambda: idp.pielou_evenness(["a"]), ArgumentTypeError, "shares must be numbers"),
    (lambda: idp.pielou_evenness([float("inf"), 1]), ArgumentError, "finite, non-negative numbers; got inf"),
    (lambda: idp.pielou_evenness([-1, 2]), ArgumentError, "non-negative numbers; got -1.0"),
    (lambda: idp.pielou_evenness([1, 1], richness="a"), ArgumentTypeError, "richness must be a whole number"),
    (lambda: idp.pielou_evenness([1, 1], richness=-1), ArgumentError, "richness must be at least 0"),
    (lambda: idp.participation_coefficient(None), ArgumentTypeError, "counts must be a DataFrame"),
    (lambda: idp.participation_coefficient(pd.DataFrame({"a": ["x"], "b": ["y"]})), ArgumentTypeError,
     "counts must hold numbers"),
    (lambda: idp.participation_coefficient(pd.DataFrame({"a": [-1], "b": [2]})), ArgumentError,
     "counts must be non-negative numbers; got -1.0 \\(at row 0, column 0\\)"),
    (lambda: idp.participation_coefficient(pd.DataFrame({"a": [1], "b": [float("nan")]})), ArgumentError,
     "counts must be finite"),
    (lambda: idp.brokers(_demo(), k=0), ArgumentError, "k must be at least 1 and at most 6; got 0"),
    (lambda: idp.brokers(_demo(), k=-1), ArgumentError, "k must be at least 1"),
    (lambda: idp.brokers(_demo(), k=1000), ArgumentError, "at most 6; got 1000"),
    (lambda: idp.brokers(_demo(), k="a"), ArgumentTypeError, "k must be a whole number"),
    (lambda: idp.brokers(_demo(), k=2, seed="a"), ArgumentTypeError, "seed must be None"),
    (lambda: idp.brokers(_demo(), normalized="yes"), ArgumentTypeError, "normalized must be True"),
    (lambda: idp.dependence(_demo(), split="no"), ArgumentTypeError, "split must be True or False"),
    (lambda: idp.profile(_demo(), weighted=1), ArgumentTypeError, "weighted must be True or False"),
    (lambda: idp.profile(_demo(), layers=3), ArgumentTypeError, "layers must be channel names"),
    (lambda: idp.profile(_demo(), force_sectors=[1]), ArgumentTypeError, "force_sectors must be"),
    (lambda: idp.what_if(_demo(), remove="bogor", bogus=1), ArgumentTypeError,
     "what_if got an unexpected keyword argument 'bogus'"),
    (lambda: idp.what_if(_demo(), remove=5), ArgumentTypeError, "remove must be an id"),
    (lambda: idp.what_if(_demo(), remove="bogor", basis="trade"), ArgumentError, "basis must be one of"),
    (lambda: idp.what_if(_demo(), remove="bogor", layers=["domestic"]), ArgumentError,
     "at least two distinct channels"),
    (lambda: idp.ties(_demo(), at=[2018]), ArgumentError, "^at must be"),
    (lambda: idp.ties([1, 2]), ArgumentTypeError, "list"),
    (lambda: idp.write_graph(nx.Graph([(1, 2, {"x": [1, 2]})]), "g.graphml"), ArgumentError,
     "attribute 'x' of edge \\(1, 2\\) is a list .*graphml accepts str, int, float and bool"),
    (lambda: idp.write_graph(nx.Graph([(1, 2, {"x": {1, 2}})]), "g.json"), ArgumentError,
     "attribute 'x' of edge .* is a set .*json accepts JSON values"),
    (lambda: idp.write_graph(_graph_with_node(1, when=pd.Timestamp("2016")), "g.gexf"), ArgumentError,
     "attribute 'when' of node 1 is a Timestamp"),
    (lambda: idp.write_graph(_demo(), 5), ArgumentTypeError, "path must be a str or a Path"),
])
def test_bad_arguments_raise_the_contract_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: object,
                                                 error: type, match: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_missing_attribute_values_are_left_out_when_writing(tmp_path: Path) -> None:
    g = nx.MultiGraph()
    g.add_node("a", name="A", country=None)
    g.add_edge("a", "b", key="k", weight=float("nan"), sector="education")
    for fmt in ("graphml", "gexf", "json"):
        h = idp.read_graph(idp.write_graph(g, tmp_path / f"g.{fmt}"))
        assert h.nodes["a"] == {"name": "A"}
        assert h.edges["a", "b", "k"] == {"sector": "education"}
    assert g.nodes["a"]["country"] is None  # the caller's graph is left alone


def test_nan_input_raises_and_warns_nothing() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for call in (lambda: idp.pielou_evenness([np.nan, 1]), lambda: idp.herfindahl([np.nan]),
                     lambda: idp.participation_coefficient(pd.DataFrame({"a": [np.nan], "b": [np.nan]}))):
            with pytest.raises(ArgumentError):
                call()
        assert math.isnan(idp.pielou_evenness([0, 0]))
        assert math.isnan(idp.participation_coefficient(pd.DataFrame({"a": [0], "b": [0]})).iloc[0])


def test_brokers_sampled_betweenness_accepts_seeds() -> None:
    case = _demo()
    a = idp.brokers(case, k=3, seed=1)
    pd.testing.assert_frame_equal(a, idp.brokers(case, k=np.int64(3), seed=1))
    assert len(idp.brokers(case, k=6, seed=np.random.default_rng(0))) == 6


# ----------------------------------------------------------------------------- fixed columns and dtypes


def _tables_of(case: Case) -> dict[str, pd.DataFrame | pd.Series]:
    p = idp.profile(case)
    w = idp.what_if(case, remove=[])
    out: dict[str, pd.DataFrame | pd.Series] = {
        "ties": idp.ties(case), "ties(unattributed='parties')": idp.ties(case, unattributed="parties"),
        "channels": idp.channels(case), "figures": p.figures(), "figure_table": p.figure_table(),
        "dependence": idp.dependence(case), "dependence(partners='ties')": idp.dependence(case, partners="ties"),
        "sensitivity": idp.sensitivity(case), "vulnerability": idp.vulnerability(case),
        "what_if.removed": w.removed, "what_if.figures": w.figures, "what_if.dependence": w.dependence,
    }
    out.update({f"profile.{name}": df for name, df in p.tables.items()})
    out.update({f"brokers(by={by!r})": idp.brokers(case, by=by) for by in ("actor", "level", "kind")})
    return out


def test_tables_have_the_same_columns_and_dtypes_on_an_empty_case(bk: Case) -> None:
    empty, full = _tables_of(Case(id="x", title="t")), _tables_of(bk)
    assert set(empty) == set(full)
    for name, df in empty.items():
        ref = full[name]
        if isinstance(ref, pd.Series):
            assert df.dtype == ref.dtype and list(df.index) == list(ref.index), name
            continue
        assert list(df.columns) == list(ref.columns), name
        assert df.dtypes.to_dict() == ref.dtypes.to_dict(), name
    assert list(full["ties"].columns) == list(idp.TIE_COLUMNS)
    assert {c: str(d) for c, d in full["ties"].dtypes.items()} == idp.TIE_COLUMNS


def test_count_columns_are_named_n_plural(bk: Case) -> None:
    """Every count column of every returned table is ``n_<plural noun>``.

    The exceptions are the wide per-channel columns (one column named by each channel
    layer, the ``k_i^[α]`` of the participation coefficient) and ``overlapping_degree``
    (Battiston et al.'s name for their sum).
    """
    bare = {"ties", "dyads", "pairs", "actors", "count", "neighbours", "foreign_neighbours", "channels",
            "ties_removed"}
    for name, df in _tables_of(bk).items():
        if isinstance(df, pd.Series):
            continue
        assert not bare & set(df.columns), name
        for col, dtype in df.dtypes.items():
            if pd.api.types.is_integer_dtype(dtype) and col not in idp.CHANNELS and col != "overlapping_degree":
                assert str(col).startswith("n_"), (name, col)


def test_ties_are_kept_with_the_tables_and_returned_as_copies() -> None:
    t = CaseTables.from_case(_demo())
    first = idp.ties(t)
    first.loc[0, "weight"] = 99.0
    assert idp.ties(t)["weight"].iloc[0] == 1.0
    # built once and kept with the tables (CaseTables.memo), not in a module-level cache
    sentinel = pd.DataFrame()
    assert t.memo(("sistercity.interdependence", "ties", "skip"), lambda: sentinel) is not sentinel
    assert CaseTables.from_case(_demo()).memo(("sistercity.interdependence", "ties", "skip"),
                                              lambda: sentinel) is sentinel
