"""Tests of sistercity.network: the pair-list reader (every dropped or mended row reported; the vectorised
cleaning equal to a plain per-row reference reader kept here) and the network measures, checked by hand
and against networkx. Independent of the real Wikipedia list."""

from __future__ import annotations

import hashlib
import os
import re
import threading
import unicodedata
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sistercity import ArgumentError, ArgumentTypeError, Case, CaseValidationError, datasets
from sistercity import network as net
from sistercity.model import AGREEMENT_KINDS
from sistercity.tables import CaseTables
from sistercity.vocab import normalize_term
from strategies.network import csv_texts, edge_lists, pair_lists

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
    with pytest.raises(ArgumentError, match="kind"):
        net.read_pairs(MESSY, kind="treaty")
    with pytest.raises(ArgumentError, match="alpha-2"):
        net.read_pairs(MESSY, country_codes={"Mu": "Mauritius"})


def test_identity_exact_keeps_spellings_apart() -> None:
    res = net.read_pairs(MESSY, identity="exact")
    assert _reasons(res, 14) == {"id_disambiguated"}
    ids = set(res.tables.actors["actor"])
    assert {"RO:iasi", "RO:iasi-2"} <= ids
    with pytest.raises(ArgumentError, match="identity"):
        net.read_pairs(MESSY, identity="loose")  # type: ignore[arg-type]


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
    assert _reasons(res, 3) == {"kind_missing"}  # no kind: coded other, and said so
    kinds = res.tables.agreements["kind"].astype(str).tolist()
    assert kinds == ["other", "sister_city_agreement", "memorandum_of_understanding", "other"]
    since = net.read_pairs(df, columns={"city1": "a", "country1": "ac", "city2": "b", "country2": "bc"},
                         year="founded", since=1995)
    assert since.kept == 1
    assert _reasons(since, 0) == {"before_since"} and _reasons(since, 3) == {"undated"}
    g = net.growth(res)
    assert g.to_dict("list") == {"year": [1993, 2000], "n_new": [1, 1], "n_cumulative": [1, 2],
                                 "n_cities": [2, 3], "n_countries": [2, 3]}
    with pytest.raises(ArgumentError, match="year"):
        net.read_pairs(df, columns=["a", "ac", "b", "bc"], year="nope")
    with pytest.raises(ArgumentTypeError, match="since"):
        net.read_pairs(df, columns=["a", "ac", "b", "bc"], since="1990")  # type: ignore[arg-type]


def test_column_errors() -> None:
    with pytest.raises(CaseValidationError, match="city1"):  # the table lacks the default columns: bad data
        net.read_pairs(pd.DataFrame({"x": [1]}))
    with pytest.raises(ArgumentError, match="4 columns"):
        net.read_pairs(MESSY, columns=["city1", "country1"])
    with pytest.raises(ArgumentError, match="no column"):
        net.read_pairs(MESSY, columns=["city1", "country1", "city2", "land"])
    with pytest.raises(ArgumentError, match="unknown role"):
        net.read_pairs(MESSY, columns={"city1": "city1", "town": "city2"})
    with pytest.raises(ArgumentTypeError, match="frame_or_path"):
        net.read_pairs(42)  # type: ignore[arg-type]


def test_read_from_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    MESSY.to_csv(path, index=False)
    res = net.read_pairs(path)
    assert res.kept == 11
    # "NA" is a city name, not a missing value, in a CSV read by read_pairs
    (tmp_path / "na.csv").write_text("city1,country1,city2,country2\nNA,Namibia,Nan,Thailand\n", encoding="utf-8")
    assert set(net.read_pairs(tmp_path / "na.csv").tables.actors["name"]) == {"NA", "Nan"}
    with pytest.raises(CaseValidationError, match="cannot read"):
        net.read_pairs(tmp_path / "missing.csv")


def test_all_rows_dropped() -> None:
    res = net.read_pairs(pd.DataFrame({"city1": [None], "country1": ["X"], "city2": ["Y"], "country2": ["Mu"]}))
    assert res.kept == 0 and len(res.tables.actors) == 0
    assert net.summary(res)["n_partnerships"] == 0
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
    assert cd.loc["ID"].to_dict() == {"n_cities": 2, "n_linked": 2, "n_partnerships": 4, "n_foreign": 3,
                                      "n_domestic": 1, "n_partner_countries": 3, "mean_degree": 2.5}
    assert cd.loc["CN", "n_partnerships"] == 3 and cd.loc["CN", "n_domestic"] == 1
    dy = net.country_dyads(small)
    assert dy.iloc[0][["country_a", "country_b", "n_pairs"]].tolist() in (["CN", "ID", 1], ["BG", "CN", 1])
    assert dy["n_pairs"].sum() == 6 and dy["share"].sum() == pytest.approx(1.0)
    comp = net.components(small)
    assert comp["ID:bogor"] == 0 and comp["BG:varna"] == 1 and comp["CN:ningbo"] == 1
    s = net.summary(small)
    assert (s["n_cities"], s["n_partnerships"], s["n_components"], s["largest_component"]) == (8, 6, 2, 6)
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
    with pytest.raises(ArgumentError, match="by must be one of"):
        net.assortativity(small, by="size")  # type: ignore[arg-type]


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # networkx on NaN cases
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
    assert net.country_dyads(bk)[["country_a", "country_b", "n_pairs"]].values.tolist() == [["ID", "JP", 1]]
    assert net.growth(bk)["year"].tolist() == [2016]
    assert net.degree(bk.tables).equals(deg)
    with pytest.raises(ArgumentTypeError):
        net.degree("bogor")  # type: ignore[arg-type]


def test_multi_party_agreements_tie_every_pair() -> None:
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


# ----------------------------------------------------------------------------- the error contract

TINY = pd.DataFrame({"city1": ["Bogor", "Bogor"], "country1": ["Indonesia", "Indonesia"],
                     "city2": ["Kisarazu", "Nanning"], "country2": ["Japan", "China"], "year": ["2016", "1993"]})


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"columns": 5}, ArgumentTypeError, "columns must be 4 column names"),
        ({"columns": "city1"}, ArgumentTypeError, "columns must be 4 column names"),
        ({"columns": [["city1"], "country1", "city2", "country2"]}, ArgumentTypeError, "column for city1"),
        ({"columns": ["city1", "country1", "city1", "country2"]}, ArgumentError, "for both city1 and city2"),
        ({"columns": {"city1": "city1", "country1": "country1"}}, ArgumentError, "does not say which column"),
        ({"year": ["x"]}, ArgumentTypeError, "year must be the name of a column"),
        ({"year": 5}, ArgumentError, "year names 5"),
        ({"kind": ["x"]}, ArgumentTypeError, "kind must be"),
        ({"kind": 5}, ArgumentTypeError, "kind must be"),
        ({"kind": None}, ArgumentTypeError, "kind must be"),
        ({"kind": ""}, ArgumentError, "kind must be"),
        ({"kind": "treaty"}, ArgumentError, "neither"),
        ({"since": 1.5}, ArgumentTypeError, "since must be a year"),
        ({"since": True}, ArgumentTypeError, "since must be a year"),
        ({"since": "1990"}, ArgumentTypeError, "since must be a year"),
        ({"since": 0}, ArgumentError, "since must be a year from 1 to 9999"),
        ({"since": 10_000}, ArgumentError, "since must be a year from 1 to 9999"),
        ({"country_codes": 5}, ArgumentTypeError, "country_codes must be a mapping"),
        ({"country_codes": [("Mu", "MU")]}, ArgumentTypeError, "country_codes must be a mapping"),
        ({"country_codes": {5: "MU"}}, ArgumentTypeError, "got the key 5"),
        ({"country_codes": {"Mu": 5}}, ArgumentTypeError, "'Mu' maps to 5"),
        ({"country_codes": {"Mu": "Mauritius"}}, ArgumentError, "alpha-2"),
        ({"identity": 5}, ArgumentError, "identity must be one of"),
        ({"case_id": 5}, ArgumentTypeError, "case_id must be a str"),
        ({"case_id": "a b"}, ArgumentError, "case_id"),
        ({"title": None}, ArgumentTypeError, "title must be a str"),
        ({"title": ""}, ArgumentError, "title must not be empty"),
    ],
)
def test_read_pairs_bad_arguments(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        net.read_pairs(TINY, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, [["a"]], {"city1": ["a"]}, b"pairs.csv", TINY["city1"]])
def test_read_pairs_bad_input_type(bad: object) -> None:
    with pytest.raises(ArgumentTypeError, match="frame_or_path must be a DataFrame or the path"):
        net.read_pairs(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("fn", [net.partnership_graph, net.degree, net.country_degree, net.country_dyads,
                                net.components, net.assortativity, net.growth, net.summary])
@pytest.mark.parametrize("bad", [None, 5, "bogor", Path("nope.csv"), TINY])
def test_measures_bad_data(fn: object, bad: object) -> None:
    with pytest.raises(ArgumentTypeError, match="expected a sistercity Case or CaseTables"):
        fn(bad)  # type: ignore[operator]


@pytest.mark.parametrize("by", ["size", 5, None, ["degree"]])
def test_assortativity_bad_by(by: object) -> None:
    res = net.read_pairs(TINY)
    with pytest.raises(ArgumentError, match="by must be one of 'degree', 'country'"):
        net.assortativity(res, by=by)  # type: ignore[arg-type]


def test_integer_column_names() -> None:
    """A frame read with header=None has columns 0, 1, 2, 3: named as they are (or as text)."""
    bare = pd.DataFrame([["Bogor", "Indonesia", "Kisarazu", "Japan", "2016", "mou"],
                         ["Bogor", "Indonesia", "Nanning", "China", "", None]])
    res = net.read_pairs(bare, columns=[0, 1, 2, 3], year=4, kind=5)
    assert res.kept == 2 and set(res.tables.actors["actor"]) == {"ID:bogor", "JP:kisarazu", "CN:nanning"}
    assert res.tables.agreements["signed"].tolist()[0] == "2016"
    assert res.tables.agreements["kind"].astype(str).tolist() == ["memorandum_of_understanding", "other"]
    assert _reasons(res, 1) == {"kind_missing"}
    assert set(res.report["column"]) == {"5"}
    assert net.read_pairs(bare, columns={"city1": 0, "country1": 1, "city2": 2, "country2": 3}).kept == 2
    assert net.read_pairs(bare, columns=["0", "1", "2", "3"]).kept == 2
    with pytest.raises(CaseValidationError, match="column numbers"):
        net.read_pairs(bare)
    with pytest.raises(ArgumentError, match="no column"):
        net.read_pairs(bare, columns=[0, 1, 2, 9])


def test_integer_column_names_from_a_csv_read_without_header(tmp_path: Path) -> None:
    path = tmp_path / "bare.csv"
    path.write_text("Bogor,Indonesia,Kisarazu,Japan\nVarna,Bulgaria,Ningbo,China\n", encoding="utf-8")
    frame = pd.read_csv(path, header=None)
    assert net.read_pairs(frame, columns=[0, 1, 2, 3]).kept == 2


def test_duplicate_column_names() -> None:
    frame = pd.DataFrame([["Bogor", "Indonesia", "Kisarazu", "Japan"]],
                         columns=["city1", "country1", "city1", "country2"])
    with pytest.raises(CaseValidationError, match="2 columns named 'city1'"):
        net.read_pairs(frame, columns=["city1", "country1", "city2", "country2"])


# ----------------------------------------------------------------------------- years


def test_years_are_zero_padded() -> None:
    df = TINY.assign(year=["0956", "956"])
    res = net.read_pairs(df)
    assert res.tables.agreements["signed"].tolist() == ["0956", "0956"]
    assert res.kept == 2 and res.report.empty  # a year written with 3 digits is the same year: not reported
    assert net.growth(res)["year"].tolist() == [956]
    ints = net.read_pairs(TINY.assign(year=[956, 1993]))
    assert ints.tables.agreements["signed"].tolist() == ["0956", "1993"]
    floats = net.read_pairs(TINY.assign(year=[1962.0, np.nan]))
    assert floats.tables.agreements["signed"].tolist()[0] == "1962"
    assert floats.report.empty  # a missing year is not reported
    assert net.read_pairs(TINY.assign(year=["0956", "1993"]), since=1000).kept == 1
    assert ints.case.agreements[0].signed is not None


@pytest.mark.parametrize("cell", ["0000", "unknown", "12345", "-500"])
def test_impossible_years_are_reported_by_row_and_column(cell: str) -> None:
    df = TINY.assign(founded=["1993", cell]).drop(columns="year")
    res = net.read_pairs(df)
    assert res.kept == 2  # kept, undated
    assert res.tables.agreements["signed"].isna().tolist() == [False, True]
    r = res.report
    assert r[["row", "reason", "column", "original", "value"]].values.tolist() == [
        [1, "year_unreadable", "founded", cell, ""]]


# ----------------------------------------------------------------------------- files


def _write(tmp_path: Path, text: str, name: str = "pairs.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_malformed_rows_are_reported_with_their_line(tmp_path: Path) -> None:
    path = _write(tmp_path, (
        "city1,country1,city2,country2\n"
        "Bogor,Indonesia,Nanning,China,more\n"  # line 2: 5 fields (pandas would shift it into the index)
        "\n"  # line 3: blank, skipped
        "Bogor,Indonesia,Kisarazu\n"  # line 4: 3 fields (pandas would pad it)
        'Varna,Bulgaria,"Nin\ngbo",China\r\n'  # lines 5-6: one row, a quoted line break
        '"Depok"x,Indonesia,Kisarazu,Japan\n'  # line 7: not valid CSV
        "Bogor,Indonesia,Kisarazu,Japan\n"  # line 8: kept
    ))
    res = net.read_pairs(path)
    assert res.rows == 5 and res.kept == 2
    r = res.report
    assert r[["row", "line", "action", "reason"]].astype(object).values.tolist() == [
        [0, 2, "dropped", "malformed_row"], [1, 4, "dropped", "malformed_row"],
        [2, 5, "mended", "text_normalised"], [3, 7, "dropped", "malformed_row"]]
    detail = r["detail"].tolist()
    assert "line 2 has 5 fields where the header has 4" in detail[0]
    assert r.loc[0, "original"] == "Bogor,Indonesia,Nanning,China,more"
    assert "line 4 has 3 fields" in detail[1]
    assert "line 7 is not valid CSV" in detail[3]
    assert "more" not in set(r["original"].tolist()[1:])  # not read as a country
    assert res.summary().set_index("reason").loc["malformed_row", "n_rows"] == 3
    assert res.tables.agreements["agreement"].tolist() == ["pair-2", "pair-4"]


def test_frames_have_no_line_numbers() -> None:
    res = net.read_pairs(MESSY)
    assert res.report["line"].isna().all() and str(res.report["line"].dtype) == "Int64"


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "the file is empty"),
        (b"\n\n", "the file is empty"),
        (bytes(range(256)) * 4, "NUL bytes"),
        ("city1,country1,city2,country2\nG\u00f6d,Hungary,Nanning,China\n".encode("latin-1"), "not valid UTF-8"),
        (b'city1,country1,city2,country2\n"Bogor,Indonesia,Nanning,China\nA,Japan,B,France\n', "not closed"),
        (b"city1,country2\nBogor,China\n", "cannot find the column"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CaseValidationError, match=match) as info:
        net.read_pairs(path)
    assert info.value.problems[0].file == str(path)


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(CaseValidationError, match="No such file") as info:
        net.read_pairs(tmp_path / "missing.csv")
    assert info.value.problems[0].file == str(tmp_path / "missing.csv")
    with pytest.raises(CaseValidationError, match="cannot read"):
        net.read_pairs(tmp_path)
    with pytest.raises(CaseValidationError, match="cannot read"):
        net.read_pairs(str(tmp_path / "missing.csv"))


def test_unclosed_quote_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'city1,country1,city2,country2\nA,Japan,B,France\n"Bogor,Indonesia\nC,D\n')
    with pytest.raises(CaseValidationError) as info:
        net.read_pairs(path)
    assert info.value.problems[0].line == 3


def test_header_only_and_bom(tmp_path: Path) -> None:
    res = net.read_pairs(_write(tmp_path, "city1,country1,city2,country2\n"))
    assert res.rows == 0 and res.kept == 0 and res.report.empty
    bom = net.read_pairs(_write(tmp_path, "\ufeffcity1,country1,city2,country2\r\nBogor,ID,Kisarazu,JP\r\n"))
    assert bom.kept == 1 and bom.report.empty


def test_missing_and_odd_cells() -> None:
    df = pd.DataFrame({"city1": [np.nan, None, "  ", ["Bogor"], "Bogor"],
                       "country1": ["Indonesia", "Indonesia", "Indonesia", "Indonesia", np.nan],
                       "city2": ["Kisarazu", np.nan, "Kisarazu", "Kisarazu", "Kisarazu"],
                       "country2": ["Japan", "Japan", "Japan", "Japan", "Japan"]})
    res = net.read_pairs(df)
    assert _reasons(res, 0) == {"missing_city"} and _reasons(res, 1) == {"missing_city"}
    assert _reasons(res, 2) == {"missing_city"} and _reasons(res, 4) == {"missing_country"}
    assert res.kept == 1  # a list is read as its text
    all_nan = pd.DataFrame({c: [np.nan] for c in ("city1", "country1", "city2", "country2")})
    assert net.read_pairs(all_nan).kept == 0


def test_every_reason_is_documented() -> None:
    doc = net.__doc__ or ""
    for reason, (action, description) in net.REPORT_REASONS.items():
        assert action in ("dropped", "mended") and description, reason
    for reason in ("malformed_row", "kind_missing", "kind_unknown", "year_unreadable"):
        assert reason in doc, reason
    assert list(net.REPORT_COLUMNS) == ["row", "line", "action", "reason", "column", "original", "value", "detail"]


# ----------------------------------------------------------------------------- output tables


def _schema(obj: object) -> tuple[object, ...]:
    if isinstance(obj, pd.DataFrame):
        return ("frame", list(obj.columns), [str(t) for t in obj.dtypes], str(obj.index.dtype))
    assert isinstance(obj, pd.Series)
    return ("series", obj.name, str(obj.dtype), obj.index.name, str(obj.index.dtype))


def _outputs(data: object) -> dict[str, object]:
    return {
        "degree": net.degree(data),  # type: ignore[arg-type]
        "country_degree": net.country_degree(data),  # type: ignore[arg-type]
        "country_dyads": net.country_dyads(data),  # type: ignore[arg-type]
        "components": net.components(data),  # type: ignore[arg-type]
        "growth": net.growth(data),  # type: ignore[arg-type]
        "summary": net.summary(data),  # type: ignore[arg-type]
    }


def test_output_columns_and_dtypes_do_not_depend_on_the_data() -> None:
    tiny = net.read_pairs(TINY.assign(kind=pd.Series(["mou", None], dtype=object)), kind="kind")
    assert tiny.kept == 2 and len(tiny.report) == 1
    empty = net.read_pairs(TINY.assign(country2=["Mu", "Mu"]))  # every row dropped
    assert empty.kept == 0 and len(empty.report) == 2
    clean = net.read_pairs(TINY)  # nothing to report
    assert clean.report.empty
    cases = [tiny, empty, clean, Case(id="x", title="t"), datasets.load("bogor-kisarazu")]
    expected = {name: _schema(out) for name, out in _outputs(tiny).items()}
    for data in cases:
        assert {name: _schema(out) for name, out in _outputs(data).items()} == expected
    for res in (empty, clean):
        assert _schema(res.report) == _schema(tiny.report)
        assert _schema(res.summary()) == _schema(tiny.summary())
        for name in ("actors", "agreements", "agreement_parties"):
            assert _schema(getattr(res.tables, name)) == _schema(getattr(tiny.tables, name)), name
    assert [str(t) for t in tiny.report.dtypes] == list(net.REPORT_COLUMNS.values())
    assert _schema(net.country_codes())[1] == ["name", "code", "kind", "sovereign"]
    assert [str(t) for t in net.country_codes().dtypes] == ["str"] * 4
    assert net.summary(empty).index.tolist() == net.summary(tiny).index.tolist()


# ----------------------------------------------------------------------------- a per-row reference reader
# The rules of read_pairs written plainly, one row and one value at a time, with nothing shared with the
# package but its public country table: the vectorised reader must agree with it on every report row,
# actor and agreement (test_read_pairs_equals_the_per_row_reference).

_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                           "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
                           "ħ": "h", "Ħ": "H"})
_ROLES = ("city1", "country1", "city2", "country2")
_VARIANT = ("taken as {!r} ({}): the names differ only in case, spaces, punctuation or Romanian s/t-comma vs "
            "cedilla")


def _ref_clean(x: object) -> str | None:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    return " ".join(unicodedata.normalize("NFC", str(x)).split()) or None


def _ref_fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold().replace("&", " and ").replace("’", "'")
    return re.sub(r"\s+", " ", re.sub(r"[.']", "", t)).strip()


def _ref_key(name: str) -> str:
    folded = unicodedata.normalize("NFC", name).casefold().translate(str.maketrans({"ş": "ș", "ţ": "ț"}))
    return re.sub(r"[\W_]+", "", folded)


def _ref_slug(name: str) -> str:
    t = unicodedata.normalize("NFKD", name.translate(_TRANSLIT)).encode("ascii", "ignore").decode("ascii")
    t = re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-")[:150]
    return t or "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


class _RefCountries:
    def __init__(self, user: dict[str, str]) -> None:
        t = net.country_codes()
        self.by_key = {_ref_fold(n): (c, k) for n, c, k in zip(t["name"], t["code"], t["kind"], strict=True)}
        iso = t[t["kind"] == "iso"]
        self.sovereign = {c: s for c, s in zip(iso["code"], iso["sovereign"], strict=True) if s}
        self.codes = set(iso["code"]) | {"XK"}
        self.user, self.user_folded = user, {_ref_fold(k): v for k, v in user.items()}

    def plain(self, name: str) -> tuple[str | None, str]:
        key = _ref_fold(name)
        if name in self.user or key in self.user_folded:
            return (self.user[name] if name in self.user else self.user_folded[key]).upper(), "user"
        if key in self.by_key:
            return self.by_key[key]
        ok = re.fullmatch(r"[A-Z]{2}", name.strip()) and name.strip() in self.codes
        return (name.strip(), "code") if ok else (None, "")

    def resolve(self, raw: str) -> tuple[str | None, str, str]:
        reasons = {"variant": "country_variant", "constituent": "constituent_country",
                   "unrecognised": "unrecognised_state"}
        code, kind = self.plain(raw)
        if code is not None:
            return code, reasons.get(kind, ""), f"{raw!r} read as {code}" if kind in reasons else ""
        head, sep, tail = raw.rpartition(",")
        c_tail = self.plain(tail)[0] if sep else None
        if c_tail is not None:
            c_head, k_head = self.plain(head)
            if c_head is not None and c_head != c_tail and self.sovereign.get(c_head) == c_tail:
                return (c_head, "territory_code",
                        f"{raw!r}: {head.strip()!r} is a territory of {c_tail}; read as {c_head}")
            if c_head == c_tail and k_head in reasons:
                return c_tail, reasons[k_head], f"{raw!r} read as {c_tail}"
            return c_tail, "region_in_country", f"{raw!r}: region {head.strip()!r} left out; read as {c_tail}"
        m = re.fullmatch(r"(.*?)\s*\((.*)\)\s*", raw)
        if m and self.plain(m.group(1))[0] is not None:
            code = self.plain(m.group(1))[0]
            return code, "country_variant", f"{raw!r} read as {code}"
        return None, "unknown_country", f"country {raw!r} is not in the table; pass country_codes={{{raw!r}: 'XX'}}"


def _ref_year(cell: object) -> tuple[int | None, str]:
    text = _ref_clean(cell)
    if text is None:
        return None, ""
    plain = re.fullmatch(r"\d{1,4}(?:\.0+)?", text)
    m = re.match(r"(\d{1,4})", text) if plain else re.search(r"(?<!\d)(\d{4})(?!\d)", text)
    year = int(m.group(1)) if m else None
    if year is None or not 1 <= year <= 9999:
        return None, "year_unreadable"
    return year, "" if plain else "year_from_text"


def _ref_kind(cell: object) -> tuple[str, str]:
    text = _ref_clean(cell)
    if text is None:
        return "other", "kind_missing"
    term = normalize_term(text)
    term = {"loi": "letter_of_intent", "mou": "memorandum_of_understanding"}.get(term, term)
    return (term, "") if term in AGREEMENT_KINDS else ("other", "kind_unknown")


def _ref_place(i: int, side: str, text: dict[str, str | None], coder: _RefCountries,
               out: list[tuple[object, ...]]) -> str | None:
    """Side ``side`` of row ``i``: the country code, or None when the row is dropped (reports in ``out``)."""
    city, country = text["city" + side], text["country" + side]
    if city is None:
        out.append((i, "missing_city", "city" + side, "", "", "no city"))
        return None
    if country is None:
        head, sep, tail = city.rpartition(",")
        if sep and coder.resolve(tail.strip())[0] is not None and head.strip():
            out.append((i, "country_from_city", "city" + side, city, f"{head.strip()} / {tail.strip()}",
                        f"city {city!r} read as {head.strip()!r} in {tail.strip()!r}"))
            city, country = head.strip(), tail.strip()
        elif coder.resolve(city)[0] is not None:
            out.append((i, "country_from_city", "city" + side, city, city,
                        f"the city {city!r} names a country or territory; read as its country"))
            country = city
        else:
            out.append((i, "missing_country", "country" + side, "", "", f"no country for {city!r}"))
            return None
    code, reason, detail = coder.resolve(country)
    if reason:
        out.append((i, reason, "country" + side, country, code or "", detail))
    text["city" + side] = city
    return code


def _reference(df: pd.DataFrame, *, since: int | None = None, identity: str = "folded",
               user: dict[str, str] | None = None) -> tuple[list[tuple[object, ...]], ...]:
    """Report rows ``(row, reason, column, original, value, detail)``, actors ``(id, name, country)`` and
    agreements ``(id, kind, signed, party, party)`` of ``read_pairs(df, kind="kind", since=..., ...)``."""
    coder = _RefCountries(user or {})
    out: list[tuple[object, ...]] = []
    actor_of: dict[tuple[str, str], int] = {}
    actors: list[list[str]] = []  # id, name, country
    per_slug: dict[str, int] = {}
    first_row: dict[tuple[int, int], int] = {}
    kept: list[tuple[int, str, str | None, int, int]] = []
    for i in range(len(df)):
        raw = {r: df[r].iloc[i] for r in (*_ROLES, "year", "kind")}
        text = {r: _ref_clean(raw[r]) for r in _ROLES}
        for r in _ROLES:
            if text[r] is not None and str(raw[r]) != text[r]:
                out.append((i, "text_normalised", r, str(raw[r]), text[r], "whitespace or Unicode form normalised"))
        code1 = _ref_place(i, "1", text, coder, out)
        code2 = _ref_place(i, "2", text, coder, out) if code1 is not None else None
        if code1 is None or code2 is None:
            continue
        year, why = _ref_year(raw["year"])
        if why:
            out.append((i, why, "year", str(raw["year"]), "" if year is None else f"{year:04d}",
                        net.REPORT_REASONS[why][1]))
        kind, why = _ref_kind(raw["kind"])
        if why:
            out.append((i, why, "kind", "" if why == "kind_missing" else str(raw["kind"]), "other",
                        net.REPORT_REASONS[why][1]))
        ends, new, variants = [], [], []
        for side, code in (("1", code1), ("2", code2)):
            name = text["city" + side]
            assert name is not None
            key = (code, _ref_key(name) if identity == "folded" else name)
            if key not in actor_of:
                base = f"{code}:{_ref_slug(name)}"
                per_slug[base] = per_slug.get(base, 0) + 1
                actor_of[key] = len(actors)
                actors.append([base if per_slug[base] == 1 else f"{base}-{per_slug[base]}", name, code])
                if per_slug[base] > 1:
                    new.append((i, "id_disambiguated", "", name, actors[-1][0],
                                 f"another city's name already folds to {base!r}; suffixed"))
            elif name != actors[actor_of[key]][1]:
                a_id, canon = actors[actor_of[key]][:2]
                variants.append((i, "name_variant", "city" + side, name, canon, _VARIANT.format(canon, a_id)))
            ends.append(actor_of[key])
        out += new + variants
        lo, hi = min(ends), max(ends)
        if lo == hi:
            out.append((i, "self_pair", "", actors[lo][0], "", "both sides are the same city"))
        elif (lo, hi) in first_row:
            out.append((i, "duplicate_pair", "", f"{actors[lo][0]} – {actors[hi][0]}", "",
                        f"the same pair as row {first_row[lo, hi]}"))
        elif since is not None and year is None:
            first_row[lo, hi] = i
            out.append((i, "undated", "year", "", "", f"no year; since={since}"))
        elif since is not None and year is not None and year < since:
            first_row[lo, hi] = i
            out.append((i, "before_since", "year", f"{year:04d}", "", f"before {since}"))
        else:
            first_row[lo, hi] = i
            kept.append((i, kind, None if year is None else f"{year:04d}", ends[0], ends[1]))
    used = sorted({a for *_, x, y in kept for a in (x, y)})
    return (out, [tuple(actors[a]) for a in used],
            [(f"pair-{i}", k, y, actors[x][0], actors[z][0]) for i, k, y, x, z in kept])


def _reader_output(res: net.PairsResult) -> tuple[list[tuple[object, ...]], ...]:
    r = res.report
    assert all(net.REPORT_REASONS[k][0] == a for k, a in zip(r["reason"].astype(str), r["action"].astype(str),
                                                             strict=True))
    report = [(int(row), *rest) for row, *rest in
              r[["row", "reason", "column", "original", "value", "detail"]].astype(object).itertuples(index=False)]
    report = [(row, str(reason), *rest) for row, reason, *rest in report]
    t = res.tables
    actors = list(t.actors[["actor", "name", "country"]].itertuples(index=False, name=None))
    p = t.agreement_parties["actor"].tolist()
    agreements = [(a, str(k), s if isinstance(s, str) else None, p[2 * i], p[2 * i + 1]) for i, (a, k, s) in
                  enumerate(t.agreements[["agreement", "kind", "signed"]].astype(object).itertuples(index=False))]
    return report, actors, agreements


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@given(pair_lists(), st.sampled_from(["folded", "exact"]), st.none() | st.integers(950, 2000))
def test_read_pairs_equals_the_per_row_reference(df: pd.DataFrame, identity: str, since: int | None) -> None:
    res = net.read_pairs(df, kind="kind", since=since, identity=identity)  # type: ignore[arg-type]
    assert _reader_output(res) == _reference(df, since=since, identity=identity)
    # the tables built without a check are the ones a full check builds
    t = res.tables
    full = CaseTables.from_frames(actors=t.actors, agreements=t.agreements, agreement_parties=t.agreement_parties)
    for name in CaseTables.table_names():
        pd.testing.assert_frame_equal(getattr(full, name), getattr(t, name))


def test_the_reference_agrees_on_the_messy_list() -> None:
    res = net.read_pairs(MESSY)
    frame = MESSY.assign(year=None, kind="sister_city_agreement")
    assert _reader_output(res) == _reference(frame)


@given(pair_lists(max_rows=12))
def test_a_csv_file_reads_as_its_frame(tmp_path_factory: pytest.TempPathFactory, df: pd.DataFrame) -> None:
    """The same list as a frame and as a CSV file (empty cells are missing in both): the same result."""
    path = tmp_path_factory.mktemp("csv") / "pairs.csv"
    df.to_csv(path, index=False)
    from_file, from_frame = net.read_pairs(path, kind="kind"), net.read_pairs(df.fillna(""), kind="kind")
    assert _reader_output(from_file) == _reader_output(from_frame)


# ----------------------------------------------------------------------------- the fast CSV path


@given(csv_texts())
def test_the_fast_csv_path_reads_as_the_csv_module(text: str) -> None:
    """Whenever pandas' C parser is used, it gives the cells and line numbers the csv module gives."""
    from sistercity.network import _read_file

    body = text.encode("utf-8")
    slow = _read_file._slow_cells(text, "x.csv")
    fast = _read_file._fast_cells(body)
    if fast is None:
        return
    assert not slow.malformed
    assert fast.header == slow.header
    assert [c.tolist() for c in fast.columns] == [c.tolist() for c in slow.columns]
    assert fast.lines.tolist() == slow.lines.tolist()


def test_the_fast_csv_path_is_taken_for_a_plain_file_only() -> None:
    from sistercity.network import _read_file

    plain = b'city1,country1\r\n"Varna, Bulgaria",""\r\n\r\n"Nin\ngbo","say ""hi"""\r\n'
    assert _read_file._fast_cells(plain) is not None
    for odd in (b'a,b\nx"y,z\n', b'a,b\n"x"y,z\n', b'a,b\nx,y,z\n', b'a,b\rx,y\r', b'a,b\n"x,y\n'):
        assert _read_file._fast_cells(odd) is None, odd


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
                max_size=30))
def test_names_folded_at_once_equal_one_at_a_time(names: list[str]) -> None:
    from sistercity.network import _read_text

    keys, slugs = _read_text.keys_and_slugs(np.array(names, dtype=object), True)
    assert keys == [_read_text.identity_key(n) for n in names] == [_ref_key(n) for n in names]
    assert slugs == [_read_text.slug(n) for n in names] == [_ref_slug(n) for n in names]
    cleaned, ascii_ = _read_text.clean_texts(np.array(names, dtype=object))
    assert cleaned.tolist() == [_ref_clean(n) for n in names] and ascii_.tolist() == [n.isascii() for n in names]


# ----------------------------------------------------------------------------- size bound


def test_max_bytes_bounds_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "city1,country1,city2,country2\nBogor,ID,Kisarazu,JP\n")
    size = path.stat().st_size
    assert net.read_pairs(path, max_bytes=size).kept == 1
    with pytest.raises(CaseValidationError, match=rf"the limit is {size - 1:,} \(max_bytes\)") as info:
        net.read_pairs(path, max_bytes=size - 1)
    assert info.value.problems[0].file == str(path)
    for bad, error in ((0, ArgumentError), (-5, ArgumentError), (1.5, ArgumentTypeError), (True, ArgumentTypeError),
                       ("1", ArgumentTypeError)):
        with pytest.raises(error, match="max_bytes"):
            net.read_pairs(path, max_bytes=bad)  # type: ignore[arg-type]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_before_it_is_read() -> None:
    with pytest.raises(CaseValidationError, match="character device, not a regular file"):
        net.read_pairs("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pairs.csv"
    os.mkfifo(fifo)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            net.read_pairs(fifo)
        except CaseValidationError as err:
            errors.append(err)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "read_pairs blocked on a FIFO with no writer"
    assert len(errors) == 1 and "FIFO (named pipe), not a regular file" in str(errors[0])
