"""Tests of sistercity.network: the pair-list reader (every dropped or mended row reported) and the
network measures, checked by hand and against networkx. Independent of the real Wikipedia list."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sistercity import CaseValidationError, datasets
from sistercity import network as net
from sistercity.tables import CaseTables

MESSY = pd.DataFrame(
    [
        ("Bogor", "Indonesia", "Nanning", "China"),                 # 0 kept
        ("Bogor", "Indonesia", "St. Louis", "United States"),       # 1 kept
        ("St. Louis", "USA", "Bogor", "Indonesia"),                 # 2 duplicate of 1, other direction
        ("Nienburg", "Germany", "Nienburg", "Germany"),             # 3 self pair
        ("Ningbo", "China", "Varna, Bulgaria", None),               # 4 country from the city
        ("Portsmouth", "England", "Falkland Islands", None),        # 5 constituent country; city is a territory
        ("Sulmona", "Italy", "Zakynthos", "Grece"),                 # 6 misspelt country
        ("Prizren", "Kosovo", "Bursa", "Turkey"),                   # 7 unrecognised state -> XK
        ("Le Port", "Réunion, France", "Tianjin", "China"),         # 8 territory code
        ("Cleveland", "Ohio, United States", "Bogor", "Indonesia"),  # 9 region in country
        ("Atlantis", "Mu", "Bogor", "Indonesia"),                   # 10 unknown country
        (None, "France", "Bogor", "Indonesia"),                     # 11 missing city
        ("Somewhere", None, "Bogor", "Indonesia"),                  # 12 missing country
        ("  Iaşi ", "Romania", "Chişinău", "Moldova"),              # 13 text normalised (whitespace)
        ("Iași", "Romania", "Nanning", "China"),                    # 14 name variant of Iaşi
        ("Tbilisi", "Georgia (country)", "Kutaisi", "Georgia"),     # 15 domestic pair, alias
    ],
    columns=["city1", "country1", "city2", "country2"],
)


@pytest.fixture(scope="module")
def messy() -> net.PairsResult:
    return net.read_pairs(MESSY)


def _reasons(res: net.PairsResult, row: int) -> set[str]:
    r = res.report
    return set(r.loc[r["row"] == row, "reason"].astype(str))


def test_every_row_is_kept_or_reported_dropped(messy: net.PairsResult) -> None:
    kept = {int(a.split("-")[1]) for a in messy.tables.agreements["agreement"]}
    dropped = set(messy.report.loc[messy.report["action"] == "dropped", "row"])
    assert kept.isdisjoint(dropped)
    assert kept | dropped == set(range(len(MESSY)))
    assert kept == {0, 1, 4, 5, 6, 7, 8, 9, 13, 14, 15}
    assert messy.rows == 16 and messy.kept == 11 and messy.dropped == 5


@pytest.mark.parametrize(
    ("row", "reasons"),
    [
        (0, set()),
        (2, {"duplicate_pair"}),
        (3, {"self_pair"}),
        (4, {"country_from_city"}),
        (5, {"constituent_country", "country_from_city"}),
        (6, {"country_variant"}),
        (7, {"unrecognised_state"}),
        (8, {"territory_code"}),
        (9, {"region_in_country"}),
        (10, {"unknown_country"}),
        (11, {"missing_city"}),
        (12, {"missing_country"}),
        (13, {"text_normalised"}),
        (14, {"name_variant"}),
        (15, set()),
    ],
)
def test_reasons_by_row(messy: net.PairsResult, row: int, reasons: set[str]) -> None:
    assert _reasons(messy, row) == reasons


def test_report_columns_and_values(messy: net.PairsResult) -> None:
    r = messy.report
    assert list(r.columns) == list(net.REPORT_COLUMNS)
    assert str(r["row"].dtype) == "int64"
    assert list(r["action"].cat.categories) == ["dropped", "mended"]
    for reason, action in zip(r["reason"].astype(str), r["action"].astype(str), strict=True):
        assert net.REPORT_REASONS[reason][0] == action
    dup = r[r["reason"] == "duplicate_pair"].iloc[0]
    assert dup["detail"] == "the same pair as row 1"
    unknown = r[r["reason"] == "unknown_country"].iloc[0]
    assert (unknown["column"], unknown["original"]) == ("country1", "Mu")
    assert "country_codes" in unknown["detail"]
    grece = r[r["reason"] == "country_variant"].iloc[0]
    assert (grece["original"], grece["value"]) == ("Grece", "GR")
    assert set(messy.summary()["reason"].astype(str)) == set(r["reason"].astype(str))


def test_actors_and_agreements(messy: net.PairsResult) -> None:
    a = messy.tables.actors.set_index("actor")
    assert a.loc["ID:bogor", "name"] == "Bogor" and a.loc["ID:bogor", "country"] == "ID"
    assert a.loc["BG:varna", "name"] == "Varna"
    assert a.loc["FK:falkland-islands", "country"] == "FK"
    assert a.loc["RE:le-port", "country"] == "RE"
    assert a.loc["XK:prizren", "country"] == "XK"
    assert a.loc["GE:tbilisi", "country"] == "GE"
    assert a.loc["RO:iasi", "name"] == "Iaşi"  # the first spelling met, whitespace removed
    assert (a["level"] == "subnational").all() and a["governmental"].all()
    assert set(messy.tables.agreements["kind"].astype(str)) == {"sister_city_agreement"}
    assert messy.tables.agreements["signed"].isna().all()
    assert "Atlantis" not in set(a["name"])  # its only pair was dropped


def test_country_codes_option_and_kind(messy: net.PairsResult) -> None:
    res = net.read_pairs(MESSY, country_codes={"Mu": "MU"}, kind="friendship_agreement")
    assert 10 not in set(res.report.loc[res.report["action"] == "dropped", "row"])
    assert set(res.tables.agreements["kind"].astype(str)) == {"friendship_agreement"}
    assert net.read_pairs(MESSY, kind="MoU").tables.agreements["kind"].iloc[0] == "memorandum_of_understanding"
    with pytest.raises(CaseValidationError, match="kind"):
        net.read_pairs(MESSY, kind="treaty")
    with pytest.raises(CaseValidationError, match="alpha-2"):
        net.read_pairs(MESSY, country_codes={"Mu": "Mauritius"})


def test_identity_exact_keeps_spellings_apart() -> None:
    res = net.read_pairs(MESSY, identity="exact")
    assert _reasons(res, 14) == {"id_disambiguated"}
    ids = set(res.tables.actors["actor"])
    assert {"RO:iasi", "RO:iasi-2"} <= ids
    with pytest.raises(CaseValidationError):
        net.read_pairs(MESSY, identity="loose")


def test_distinct_towns_with_the_same_slug_get_suffixed_ids() -> None:
    df = pd.DataFrame({"city1": ["Münster", "Munster"], "country1": ["Germany", "Germany"],
                       "city2": ["Orléans", "Orléans"], "country2": ["France", "France"]})
    res = net.read_pairs(df)
    assert set(res.tables.actors["actor"]) == {"DE:munster", "DE:munster-2", "FR:orleans"}
    assert _reasons(res, 1) == {"id_disambiguated"}


def test_years_kinds_and_since() -> None:
    df = pd.DataFrame({
        "a": ["Bogor", "Bogor", "Bogor", "Depok"], "ac": ["Indonesia"] * 4,
        "b": ["Nanning", "St. Louis", "Gödöllő", "Kisarazu"], "bc": ["China", "United States", "Hungary", "Japan"],
        "founded": ["1993", "since 2000", "unknown", None],
        "type": ["friendship", "sister_city_agreement", "MoU", None],
    })
    res = net.read_pairs(df, columns=["a", "ac", "b", "bc"], kind="type")
    assert res.tables.agreements["signed"].tolist()[:2] == ["1993", "2000"]
    assert _reasons(res, 1) == {"year_from_text"}
    assert _reasons(res, 2) == {"year_unreadable"}
    assert _reasons(res, 0) == {"kind_unknown"}  # 'friendship' is not a kind; coded other
    kinds = res.tables.agreements["kind"].astype(str).tolist()
    assert kinds == ["other", "sister_city_agreement", "memorandum_of_understanding", "other"]
    since = net.read_pairs(df, columns={"city1": "a", "country1": "ac", "city2": "b", "country2": "bc"},
                         year="founded", since=1995)
    assert since.kept == 1
    assert _reasons(since, 0) == {"before_since"} and _reasons(since, 3) == {"undated"}
    g = net.growth(res)
    assert g.to_dict("list") == {"year": [1993, 2000], "new": [1, 1], "cumulative": [1, 2], "cities": [2, 3],
                                 "countries": [2, 3]}
    with pytest.raises(CaseValidationError):
        net.read_pairs(df, columns=["a", "ac", "b", "bc"], year="nope")
    with pytest.raises(CaseValidationError, match="since"):
        net.read_pairs(df, columns=["a", "ac", "b", "bc"], since="1990")  # type: ignore[arg-type]


def test_column_errors() -> None:
    with pytest.raises(CaseValidationError, match="city1"):
        net.read_pairs(pd.DataFrame({"x": [1]}))
    with pytest.raises(CaseValidationError, match="4 columns"):
        net.read_pairs(MESSY, columns=["city1", "country1"])
    with pytest.raises(CaseValidationError, match="no column"):
        net.read_pairs(MESSY, columns=["city1", "country1", "city2", "land"])
    with pytest.raises(CaseValidationError, match="unknown role"):
        net.read_pairs(MESSY, columns={"city1": "city1", "town": "city2"})
    with pytest.raises(CaseValidationError):
        net.read_pairs(42)  # type: ignore[arg-type]


def test_read_from_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    MESSY.to_csv(path, index=False)
    res = net.read_pairs(path)
    assert res.kept == 11
    # "NA" is a city name, not a missing value, in a CSV read by read_pairs
    (tmp_path / "na.csv").write_text("city1,country1,city2,country2\nNA,Namibia,Nan,Thailand\n", encoding="utf-8")
    assert set(net.read_pairs(tmp_path / "na.csv").tables.actors["name"]) == {"NA", "Nan"}
    with pytest.raises(CaseValidationError):
        net.read_pairs(tmp_path / "missing.csv")


def test_all_rows_dropped() -> None:
    res = net.read_pairs(pd.DataFrame({"city1": [None], "country1": ["X"], "city2": ["Y"], "country2": ["Mu"]}))
    assert res.kept == 0 and len(res.tables.actors) == 0
    assert net.summary(res)["partnerships"] == 0
    assert len(net.growth(res)) == 0


def test_case_is_valid_and_its_tables_match(messy: net.PairsResult) -> None:
    case = messy.case
    assert len(case.actors) == len(messy.tables.actors)
    assert len(case.agreements) == messy.kept
    for name in ("actors", "agreements", "agreement_parties"):
        pd.testing.assert_frame_equal(getattr(case.tables, name), getattr(messy.tables, name))
    # the tables built without model objects pass the full reference check too
    t = messy.tables
    CaseTables.from_frames(actors=t.actors, agreements=t.agreements, agreement_parties=t.agreement_parties)
    assert messy.case is case  # built once


def test_country_codes_table() -> None:
    t = net.country_codes()
    assert list(t.columns) == ["name", "code", "kind", "sovereign"]
    iso = t[t["kind"] == "iso"]
    assert len(iso) == 249 and iso["code"].is_unique
    assert set(t["kind"]) == {"iso", "alias", "variant", "constituent", "unrecognised"}
    assert set(t.loc[t["kind"] == "constituent", "name"]) == {"England", "Scotland", "Wales", "Northern Ireland"}


# ----------------------------------------------------------------------------- measures


@pytest.fixture(scope="module")
def small() -> net.PairsResult:
    return net.read_pairs(pd.DataFrame({
        "city1": ["Bogor", "Bogor", "Bogor", "Nanning", "Depok", "Varna"],
        "country1": ["Indonesia", "Indonesia", "Indonesia", "China", "Indonesia", "Bulgaria"],
        "city2": ["Nanning", "St. Louis", "Gödöllő", "Liuzhou", "Bogor", "Ningbo"],
        "country2": ["China", "United States", "Hungary", "China", "Indonesia", "China"],
    }))


def test_measures_by_hand(small: net.PairsResult) -> None:
    deg = net.degree(small)
    assert deg.to_dict() == {"ID:bogor": 4, "CN:nanning": 2, "US:st-louis": 1, "HU:godollo": 1,
                             "CN:liuzhou": 1, "ID:depok": 1, "BG:varna": 1, "CN:ningbo": 1}
    assert deg.name == "degree" and deg.index.name == "actor"
    cd = net.country_degree(small).set_index("country")
    assert cd.loc["ID"].to_dict() == {"cities": 2, "linked": 2, "partnerships": 4, "foreign": 3, "domestic": 1,
                                      "partner_countries": 3, "mean_degree": 2.5}
    assert cd.loc["CN", "partnerships"] == 3 and cd.loc["CN", "domestic"] == 1
    dy = net.country_dyads(small)
    assert dy.iloc[0][["country_a", "country_b", "pairs"]].tolist() in (["CN", "ID", 1], ["BG", "CN", 1])
    assert dy["pairs"].sum() == 6 and dy["share"].sum() == pytest.approx(1.0)
    comp = net.components(small)
    assert comp["ID:bogor"] == 0 and comp["BG:varna"] == 1 and comp["CN:ningbo"] == 1
    s = net.summary(small)
    assert (s["cities"], s["partnerships"], s["components"], s["largest_component"]) == (8, 6, 2, 6)
    assert s["domestic_share"] == pytest.approx(2 / 6)
    assert s["density"] == pytest.approx(2 * 6 / (8 * 7))


def test_measures_equal_networkx(small: net.PairsResult) -> None:
    g = net.partnership_graph(small)
    assert dict(g.degree()) == net.degree(small).to_dict()
    ours = net.components(small)
    for comp in nx.connected_components(g):
        assert len({ours[n] for n in comp}) == 1
    assert net.assortativity(small) == pytest.approx(nx.degree_assortativity_coefficient(g))
    assert net.assortativity(small, by="country") == pytest.approx(nx.attribute_assortativity_coefficient(g, "country"))
    with pytest.raises(CaseValidationError):
        net.assortativity(small, by="size")  # type: ignore[arg-type]


@st.composite
def edge_lists(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(2, 25))
    countries = draw(st.lists(st.sampled_from(["Japan", "France", "Peru", "Kenya"]), min_size=n, max_size=n))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=60))
    return pd.DataFrame({"city1": [f"c{a}" for a, _ in pairs], "country1": [countries[a] for a, _ in pairs],
                         "city2": [f"c{b}" for _, b in pairs], "country2": [countries[b] for _, b in pairs]})


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # networkx on NaN cases
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_lists())
def test_measures_equal_networkx_property(df: pd.DataFrame) -> None:
    res = net.read_pairs(df)
    kept = {int(a.split("-")[1]) for a in res.tables.agreements["agreement"]}
    dropped = set(res.report.loc[res.report["action"] == "dropped", "row"])
    assert kept | dropped == set(range(len(df))) and kept.isdisjoint(dropped)
    g = net.partnership_graph(res)
    ref = nx.Graph()
    ref.add_edges_from((f"{c1}|{a}", f"{c2}|{b}") for a, c1, b, c2 in
                       zip(df.city1, df.country1, df.city2, df.country2, strict=True) if (a, c1) != (b, c2))
    assert g.number_of_edges() == ref.number_of_edges()
    assert g.number_of_nodes() == ref.number_of_nodes()
    assert dict(g.degree()) == net.degree(res).to_dict()
    assert sorted(len(c) for c in nx.connected_components(g)) == sorted(net.components(res).value_counts())
    if g.number_of_edges():
        r_ours, r_nx = net.assortativity(res), nx.degree_assortativity_coefficient(g)
        assert (np.isnan(r_ours) and np.isnan(r_nx)) or r_ours == pytest.approx(r_nx, abs=1e-9)
        c_ours = net.assortativity(res, by="country")
        c_nx = nx.attribute_assortativity_coefficient(g, "country")
        assert (np.isnan(c_ours) and np.isnan(c_nx)) or c_ours == pytest.approx(c_nx, abs=1e-9)


def test_measures_on_a_case() -> None:
    bk = datasets.load("bogor-kisarazu")
    deg = net.degree(bk)
    assert deg["bogor"] == 1 and deg["kisarazu"] == 1 and deg.sum() == 2
    assert net.country_dyads(bk)[["country_a", "country_b", "pairs"]].values.tolist() == [["ID", "JP", 1]]
    assert net.growth(bk)["year"].tolist() == [2016]
    assert net.degree(bk.tables).equals(deg)
    with pytest.raises(TypeError):
        net.degree("bogor")  # type: ignore[arg-type]


def test_multi_party_agreements_tie_every_pair() -> None:
    from sistercity import Case

    case = Case(id="m", title="M", actors=[dict(id=x, name=x, level="subnational", country=c)
                                           for x, c in (("a", "ID"), ("b", "JP"), ("c", "KR"))],
                agreements=[dict(id="g", kind="other", parties=["a", "b", "c"]),
                            dict(id="h", kind="other", parties=["a", "b"])])
    g = net.partnership_graph(case)
    assert g.number_of_edges() == 3 and g.edges["a", "b"]["agreements"] == 2
    assert net.degree(case).to_dict() == {"a": 2, "b": 2, "c": 2}


def test_repr_and_import_hygiene(messy: net.PairsResult) -> None:
    assert repr(messy).startswith("PairsResult(rows=16, pairs=11")
    for name in net.__all__:
        assert (getattr(net, name).__doc__ or "").strip() or name.isupper(), name
