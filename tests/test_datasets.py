"""Tests of the bundled datasets: the index, loading, and the facts the case files pin.

The facts are read from the case objects themselves, not through the analysis
functions, so that a change in the data shows up here and a change in an analysis
does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib.resources import as_file, files
from typing import Any

import pandas as pd
import pytest
import yaml

from sistercity import Case, PartialDate, datasets
from sistercity.io import loads_case, read_case
from sistercity.model import ImplementationLevel

NAMES = ["bogor-kisarazu", "bandung-suwon", "baubau-seoul", "surabaya-kochi", "demo-interdependence"]
END_2018 = dt.date(2018, 12, 31)


@pytest.fixture(scope="module")
def bk() -> Case:
    return datasets.load("bogor-kisarazu")


def _obs(case: Case, commitment: str) -> list[Any]:
    return [o for o in case.observations if o.commitment == commitment]


def _obstacles_of(case: Case, commitment: str) -> list[Any]:
    return [ob for ob in case.obstacles if commitment in ob.affects]


def _evidenced_records(case: Case) -> Iterator[tuple[str, Any]]:
    """Every record that must carry evidence, with a label for messages."""
    for a in case.actors:
        yield f"actor {a.id}", a
    for ag in case.agreements:
        yield f"agreement {ag.id}", ag
        for k, s in enumerate(ag.signatories):
            yield f"agreement {ag.id} signatory {k} ({s.actor})", s
    for c in case.commitments:
        yield f"commitment {c.id}", c
    for i, o in enumerate(case.observations):
        yield f"observation {i} ({o.commitment} {o.date})", o
    for ob in case.obstacles:
        yield f"obstacle {ob.id}", ob
        for k, m in enumerate(ob.mitigations):
            yield f"obstacle {ob.id} mitigation {k}", m
    for ev in case.events:
        yield f"event {ev.id}", ev
    for fw in case.policy_frameworks:
        yield f"policy framework {fw.id}", fw


# --------------------------------------------------------------------------- the index


def test_list_datasets_columns_and_names() -> None:
    df = datasets.list_datasets()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["name", "title", "period", "description", "sources"]
    assert df["name"].tolist() == NAMES
    assert df["sources"].dtype == "int64"
    assert df["name"].is_unique
    assert (df["title"].str.len() > 0).all()
    assert (df["description"].str.len() > 0).all()


def test_list_datasets_returns_a_fresh_frame() -> None:
    df = datasets.list_datasets()
    df.loc[0, "title"] = "changed"
    assert datasets.list_datasets().loc[0, "title"] != "changed"


def test_index_matches_the_case_files() -> None:
    df = datasets.list_datasets()
    titles = dict(zip(df["name"].tolist(), df["title"].tolist(), strict=True))
    counts = dict(zip(df["name"].tolist(), df["sources"].tolist(), strict=True))
    for name in NAMES:
        case = datasets.load(name)
        assert case.id == name
        assert case.title == titles[name]
        assert counts[name] == len(case.sources)


def test_every_bundled_yaml_is_indexed() -> None:
    on_disk = {
        r.name.removesuffix(".yaml")
        for r in files("sistercity.datasets").iterdir()
        if r.name.endswith(".yaml") and r.name != "index.yaml"
    }
    assert on_disk == set(NAMES)


# --------------------------------------------------------------------------- load and path


@pytest.mark.parametrize("name", NAMES)
def test_load_every_dataset(name: str) -> None:
    case = datasets.load(name)
    assert isinstance(case, Case)
    assert case.id == name
    assert datasets.load(name) is case  # cached


@pytest.mark.parametrize("name", NAMES)
def test_path_is_the_packaged_yaml(name: str) -> None:
    p = datasets.path(name)
    assert p.name == f"{name}.yaml"
    assert p.is_file()
    with as_file(p) as real:
        assert read_case(real) == datasets.load(name)


def test_unknown_name_lists_names_and_suggests() -> None:
    with pytest.raises(KeyError) as err:
        datasets.load("bogor-kisaruzu")
    message = err.value.args[0]
    assert "no bundled dataset named 'bogor-kisaruzu'" in message
    assert "did you mean 'bogor-kisarazu'?" in message
    for name in NAMES:
        assert name in message


def test_unknown_name_without_a_close_match() -> None:
    with pytest.raises(KeyError) as err:
        datasets.load("paris-rome")
    message = err.value.args[0]
    assert "did you mean" not in message
    assert "available: " + ", ".join(NAMES) in message


def test_path_of_unknown_name_raises_key_error() -> None:
    with pytest.raises(KeyError, match="surabaya-kochi"):
        datasets.path("surabaya-koch")


def test_key_error_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        datasets.load("")


# --------------------------------------------------------------------------- round trips and evidence


@pytest.mark.parametrize("name", NAMES)
def test_yaml_round_trip(name: str) -> None:
    case = datasets.load(name)
    assert loads_case(case.to_yaml(), format="yaml") == case


@pytest.mark.parametrize("name", NAMES)
def test_json_round_trip(name: str) -> None:
    case = datasets.load(name)
    assert loads_case(case.to_json(), format="json") == case


@pytest.mark.parametrize("name", NAMES)
def test_every_record_has_evidence_that_resolves(name: str) -> None:
    case = datasets.load(name)
    source_ids = {s.id for s in case.sources}
    for label, record in _evidenced_records(case):
        assert record.evidence, f"{name}: {label} has no evidence"
        for ev in record.evidence:
            assert ev.source in source_ids, f"{name}: {label} cites unknown source {ev.source!r}"


@pytest.mark.parametrize("name", NAMES)
def test_the_thesis_is_a_source_of_kind_thesis(name: str) -> None:
    thesis = datasets.load(name).source("thesis")
    assert thesis.kind == "thesis"
    assert thesis.title.startswith("Implementasi Kerjasama Sister City antara Kota Bogor dan Kota Kisarazu")


@pytest.mark.parametrize("name", NAMES)
def test_observations_are_coded_by_the_codebook(name: str) -> None:
    for o in datasets.load(name).observations:
        assert o.coder == "sistercity-codebook"


# --------------------------------------------------------------------------- Bogor–Kisarazu: the agreement


def test_five_agreed_sectors_exactly(bk: Case) -> None:
    assert [a.id for a in bk.agreements] == ["loi-2016"]
    loi = bk.agreement("loi-2016")
    assert set(loi.sectors) == {"education", "culture", "tourism", "agriculture", "health"}
    assert len(loi.sectors) == 5
    assert loi.open_sectors is True


def test_loi_terms(bk: Case) -> None:
    loi = bk.agreement("loi-2016")
    assert loi.kind == "letter_of_intent"
    assert loi.term == 60
    assert loi.renewal_window == 6
    assert loi.binding is False
    assert loi.signed == PartialDate(2016, 11, 18)
    assert loi.signed is not None and loi.signed.precision == "day"
    assert set(loi.parties) == {"bogor", "kisarazu"}
    assert loi.end == PartialDate(2021, 11, 18)


def test_no_mou_agreement_is_invented(bk: Case) -> None:
    assert all(a.kind != "memorandum_of_understanding" for a in bk.agreements)
    visit = next(e for e in bk.events if e.id == "kisarazu-visit-bogor")
    assert visit.date == PartialDate(2016, 10, 6)
    assert "MoU" in visit.note


def test_two_signatory_claims_for_bogor_with_different_sources(bk: Case) -> None:
    loi = bk.agreement("loi-2016")
    for_bogor = {s.actor: s for s in loi.signatories if s.on_behalf_of == "bogor"}
    assert set(for_bogor) == {"sekda-bogor", "bima-arya"}
    seed_claim = {e.source for e in for_bogor["sekda-bogor"].evidence}
    news_claim = {e.source for e in for_bogor["bima-arya"].evidence}
    assert seed_claim == {"thesis"}
    assert {"rmol-2016-11-19", "tokobbb-2016-11-19"} <= news_claim
    assert seed_claim != news_claim
    for s in for_bogor.values():
        assert "disagree" in s.note
    for_kisarazu = [s.actor for s in loi.signatories if s.on_behalf_of == "kisarazu"]
    assert for_kisarazu == ["watanabe"]


def test_signing_event(bk: Case) -> None:
    signing = [e for e in bk.events if e.kind == "signing"]
    assert len(signing) == 1
    ev = signing[0]
    assert ev.agreement == "loi-2016"
    assert ev.date == PartialDate(2016, 11, 18)
    assert {"bima-arya", "watanabe", "ben-perkasa-drajat", "kbri-tokyo"} <= set(ev.participants)


def test_no_consultation_with_the_foreign_minister_is_invented(bk: Case) -> None:
    assert not [e for e in bk.events if e.kind == "consultation"]
    assert not [e for e in bk.events if "menlu" in e.participants]
    assert any("foreign affairs" in n for n in bk.notes)


# --------------------------------------------------------------------------- Bogor–Kisarazu: commitments


def test_commitments_in_agreed_or_open_sectors(bk: Case) -> None:
    agreed = set(bk.agreement("loi-2016").sectors)
    outside = {c.id: c.sector for c in bk.commitments if c.sector not in agreed}
    # Bogor's two wishes rest on the "other sectors agreed later" clause
    assert outside == {"website-link": "information", "spatial-planning-study": "spatial_planning"}
    assert bk.commitment("eel").sector == "agriculture"
    assert bk.commitment("health-workers").sector == "health"
    assert bk.commitment("farmer-internship").sector == "agriculture"


def test_education_commitment_fully_implemented_by_2018(bk: Case) -> None:
    education = [c for c in bk.commitments if c.sector == "education"]
    assert [c.id for c in education] == ["student-exchange"]
    obs = _obs(bk, "student-exchange")
    full = [o for o in obs if o.level == ImplementationLevel.FULL and o.date.end() <= END_2018]
    assert full, "no level-3 observation of the education commitment in or before 2018"
    assert set(bk.commitment("student-exchange").providers) == {"smpn1-bogor", "hatazawa-jhs"}


def test_education_keeps_the_seed_and_the_news_observation(bk: Case) -> None:
    # one event (the exchange tied to the mayors' teleconference), two sources that disagree:
    # both observations on the same date, not a rise from 2 (2017) to 3 (2018)
    obs = sorted(_obs(bk, "student-exchange"), key=lambda o: o.level)
    assert [str(o.date) for o in obs] == ["2017-12-14", "2017-12-14"]
    news, seed = obs
    assert (news.level, seed.level) == (2, 3)
    assert news.coder == seed.coder
    assert {e.source for e in news.evidence} == {"kotabogor-2017-12-14", "bogorkita-2017-12-14"}
    assert {e.source for e in seed.evidence} == {"thesis"}
    assert "one-week" in seed.note and "teleconference" in seed.note
    assert "online" in news.note and "conflicts" in news.note


def test_education_conflict_is_shown_as_a_disagreement(bk: Case) -> None:
    from sistercity.implementation import sector_coverage, status

    for at in ("2017", "2018", None):
        row = status(bk, at=at).set_index("commitment").loc["student-exchange"]
        assert bool(row["disagreement"]) is True
        assert (row["date"], row["n_observations"]) == ("2017-12-14", 2)
        assert row["level"] == 2  # the lower median of {2, 3}: no choosing by row order
    before = status(bk, at="2017-12-13").set_index("commitment").loc["student-exchange"]
    assert pd.isna(before["level"]) and not bool(before["disagreement"])
    # the seed's headline still holds: 1 of the 5 signed sectors implemented
    cov = sector_coverage(bk, at="2018")
    agreed = cov[cov["agreed"].astype(bool)]
    assert len(agreed) == 5
    assert list(agreed.loc[agreed["coverage"] == "implemented", "sector"].astype(str)) == ["education"]


def test_marathon_invitation_is_dated_by_its_october_2016_report(bk: Case) -> None:
    ev = next(e for e in bk.events if e.id == "marathon-invitation")
    assert ev.date == PartialDate(2016, 10) and ev.date.precision == "month"  # no day invented
    assert ev.date.end() < PartialDate(2016, 11).start()  # it predates the November visit
    assert ev.evidence[0].source == "antara-2016-10"
    assert "November mendatang saya diundang" in (ev.evidence[0].quote or "")


@pytest.mark.parametrize(
    ("commitment", "category"),
    [("blueberry", "geographic_climatic"), ("eel", "capacity_supply"), ("health-workers", "unspecified")],
)
def test_stalled_commitments(bk: Case, commitment: str, category: str) -> None:
    obs = [o for o in _obs(bk, commitment) if o.date.start() <= END_2018]
    assert obs, f"{commitment} has no observation up to 2018"
    assert all(o.level == ImplementationLevel.NOT_INITIATED for o in obs)
    assert all(o.date == PartialDate(2018) for o in obs)  # the seed gives only the year
    obstacles = [ob for ob in _obstacles_of(bk, commitment) if ob.kind == "obstacle"]
    assert [ob.category for ob in obstacles] == [category]


def test_farmer_internship_mitigates_the_blueberry_obstacle(bk: Case) -> None:
    (blueberry_obstacle,) = _obstacles_of(bk, "blueberry")
    assert [m.commitment for m in blueberry_obstacle.mitigations] == ["farmer-internship"]
    internship = bk.commitment("farmer-internship")
    assert internship.beneficiaries == ("kelompok-tani-bogor",)
    assert bk.actor("kelompok-tani-bogor").level == "nonstate"
    obs = _obs(bk, "farmer-internship")
    assert obs
    assert all(o.level == ImplementationLevel.NOT_INITIATED for o in obs)


def test_only_education_implemented_among_the_five_sectors(bk: Case) -> None:
    agreed = set(bk.agreement("loi-2016").sectors)
    implemented = {
        bk.commitment(o.commitment).sector
        for o in bk.observations
        if o.level > ImplementationLevel.NOT_INITIATED and o.date.end() <= END_2018
    }
    assert implemented & agreed == {"education"}


def test_wishes_outside_the_five_sectors_have_no_data(bk: Case) -> None:
    assert _obs(bk, "website-link") == []
    assert _obs(bk, "spatial-planning-study") == []


# How firm each promise is: the statuses of docs/codebook.md §2.4 ("Status").
BK_STATUSES = {
    "student-exchange": "agreed",
    "blueberry": "agreed",
    "eel": "agreed",
    "health-workers": "agreed",
    "farmer-internship": "proposed",
    "tourism-promotion": "agreed",
    "creative-industry": "proposed",
    "organic-farming-exchange": "proposed",
    "website-link": "wish",
    "spatial-planning-study": "wish",
}


def test_commitment_statuses(bk: Case) -> None:
    assert {c.id: c.status for c in bk.commitments} == BK_STATUSES


def test_every_commitment_status_is_coded_in_the_file() -> None:
    """Each status is a decision written in the file, not the model's default."""
    with as_file(datasets.path("bogor-kisarazu")) as real:
        raw = yaml.safe_load(real.read_text(encoding="utf-8"))
    assert {c["id"]: c.get("status") for c in raw["commitments"]} == BK_STATUSES


def test_status_reasons_are_in_the_notes(bk: Case) -> None:
    for c in bk.commitments:
        assert f"status {c.status}" in " ".join(c.note.lower().split()), c.id


def test_farmer_internship_is_a_proposed_mitigation(bk: Case) -> None:
    internship = bk.commitment("farmer-internship")
    assert internship.status == "proposed"
    assert any("diwacanakan" in ev.quote for ev in internship.evidence)
    carried_by = [m.commitment for ob in bk.obstacles for m in ob.mitigations if m.commitment]
    assert carried_by == ["farmer-internship"]


def test_bogors_wishes_are_wishes_from_the_thesis(bk: Case) -> None:
    wishes = [c for c in bk.commitments if c.status == "wish"]
    assert [c.id for c in wishes] == ["website-link", "spatial-planning-study"]
    for c in wishes:
        assert {ev.source for ev in c.evidence} == {"thesis"}
        assert c.beneficiaries == ("bogor",)


def test_one_sided_proposals_rest_on_one_bogor_source(bk: Case) -> None:
    # named by a Bogor speaker only (the mayor; the cooperation section), never by the thesis
    assert [ev.source for ev in bk.commitment("creative-industry").evidence] == ["rmol-2016-11-19"]
    assert [ev.source for ev in bk.commitment("organic-farming-exchange").evidence] == ["kotabogor-2016-11-19"]
    assert "peluang kerjasama" in bk.commitment("creative-industry").evidence[0].quote
    assert "rencana aksi" in bk.commitment("organic-farming-exchange").note


def test_agreed_commitments_and_the_headline(bk: Case) -> None:
    agreed = [c for c in bk.commitments if c.status == "agreed"]
    signed = set(bk.agreement("loi-2016").sectors)
    # every agreed commitment lies in a signed sector; culture has none (its one item is proposed)
    assert {c.sector for c in agreed} == signed - {"culture"}
    # the headline holds on the agreed commitments alone: of the five sectors, only education
    implemented = {
        bk.commitment(o.commitment).sector
        for o in bk.observations
        if bk.commitment(o.commitment).status == "agreed"
        and o.level > ImplementationLevel.NOT_INITIATED
        and o.date.end() <= END_2018
    }
    assert implemented == {"education"}


def test_commitment_target_links(bk: Case) -> None:
    links = {c.id: set(c.targets) for c in bk.commitments if c.targets}
    assert links == {
        "student-exchange": {"bogor-t4"},
        "tourism-promotion": {"bogor-t5"},
        "website-link": {"bogor-t9"},
        "spatial-planning-study": {"bogor-t6"},
    }


def test_policy_frameworks(bk: Case) -> None:
    frameworks = {fw.id: fw for fw in bk.policy_frameworks}
    targets = frameworks["bogor-policy-targets-2016"]
    issues = frameworks["bogor-strategic-issues-2016"]
    assert targets.requirement == "at_least_one" and targets.owner == "bogor"
    assert len(targets.targets) == 10
    assert issues.requirement == "none" and len(issues.targets) == 6
    assert "laporan-2016" in {e.source for e in targets.evidence}


# --------------------------------------------------------------------------- Bogor–Kisarazu: actors, events, sources


def test_actor_levels_and_parents(bk: Case) -> None:
    expected = {
        "bogor": ("subnational", "ID", None),
        "kisarazu": ("subnational", "JP", None),
        "bima-arya": ("subnational", "ID", "bogor"),
        "watanabe": ("subnational", "JP", "kisarazu"),
        "sekda-bogor": ("subnational", "ID", "bogor"),
        "siti-nurbaya": ("national", "ID", "pemerintah-pusat"),
        "smpn1-bogor": ("subnational", "ID", "bogor"),
        "hatazawa-jhs": ("subnational", "JP", "kisarazu"),
        "bagian-kerjasama-bogor": ("subnational", "ID", "bogor"),
        "kelompok-tani-bogor": ("nonstate", "ID", None),
        "lampung": ("subnational", "ID", None),
        "semarang": ("subnational", "ID", None),
        "pemerintah-pusat": ("national", "ID", None),
        "menlu": ("national", "ID", "pemerintah-pusat"),
        "mendagri": ("national", "ID", "pemerintah-pusat"),
        "kbri-tokyo": ("national", "ID", "pemerintah-pusat"),
        "ben-perkasa-drajat": ("national", "ID", "kbri-tokyo"),
    }
    for actor_id, (level, country, parent) in expected.items():
        a = bk.actor(actor_id)
        assert (a.level, a.country, a.parent) == (level, country, parent), actor_id
    # state schools are coded governmental (see docs/codebook.md); farmer groups are not
    assert bk.actor("smpn1-bogor").is_governmental
    assert bk.actor("hatazawa-jhs").is_governmental
    assert not bk.actor("kelompok-tani-bogor").is_governmental


def test_event_dates_keep_their_precision(bk: Case) -> None:
    dates = {e.id: e.date for e in bk.events}
    assert dates["minister-visit-kisarazu"] == PartialDate(2016, 4)
    assert dates["kisarazu-offer"] == PartialDate(2016)
    assert dates["marathon-invitation"] == PartialDate(2016, 10)
    assert dates["mayor-departs"] == PartialDate(2016, 11, 16)
    assert dates["algoa-forum"] == PartialDate(2016, 11)
    assert dates["teleconference-2017"] == PartialDate(2017, 12, 14)
    tele = next(e for e in bk.events if e.id == "teleconference-2017")
    assert tele.kind == "teleconference" and tele.commitments == ("student-exchange",)


def test_sources(bk: Case) -> None:
    kinds = {s.id: s.kind for s in bk.sources}
    assert kinds["thesis"] == "thesis"
    assert kinds["laporan-2016"] == "report"
    for law in ("uu-24-2000", "uu-23-2014", "uu-32-2004", "uu-37-1999", "permenlu-9-2006", "se-mendagri-193-1993"):
        assert kinds[law] == "legal_text"
    assert bk.source("rmol-2016-11-19").date == PartialDate(2016, 11, 19)
    assert bk.source("kotabogor-2017-12-14").date == PartialDate(2017, 12, 14)
    assert bk.period_start == PartialDate(2016) and bk.period_end == PartialDate(2018)


# --------------------------------------------------------------------------- the other three cases


@pytest.mark.parametrize(
    ("name", "countries", "start", "sectors"),
    [
        ("bandung-suwon", {"ID", "KR"}, PartialDate(2010), {"culture"}),
        ("baubau-seoul", {"ID", "KR"}, None, {"culture"}),
        ("surabaya-kochi", {"ID", "JP"}, PartialDate(1997), set()),
    ],
)
def test_other_cases_hold_only_what_the_seed_says(
    name: str, countries: set[str], start: PartialDate | None, sectors: set[str]
) -> None:
    case = datasets.load(name)
    assert {a.country for a in case.actors} == countries
    assert all(a.level == "subnational" and a.kind == "government" for a in case.actors)
    (agreement,) = case.agreements
    assert agreement.kind == "sister_city_agreement"
    assert agreement.start == start
    assert agreement.signed is None  # the seed gives no signing date
    assert set(agreement.sectors) == sectors
    assert case.observations == ()
    assert case.obstacles == ()
    assert {s.id for s in case.sources} <= {"thesis", "laporan-2016"}


def test_bandung_suwon_kpop_commitment_has_no_data() -> None:
    case = datasets.load("bandung-suwon")
    assert [(c.id, c.sector) for c in case.commitments] == [("kpop-cultural-diplomacy", "culture")]
    assert case.observations == ()
