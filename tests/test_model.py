"""The typed model: validation, immutability, partial dates, vocabularies."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sistercity import (
    Actor,
    Agreement,
    Case,
    CaseValidationError,
    Commitment,
    ImplementationLevel,
    Observation,
    Obstacle,
    PartialDate,
)
from sistercity.vocab import OBSTACLE_CATEGORIES, SECTORS, normalize_term


def _actors() -> list[dict[str, str]]:
    return [
        dict(id="bogor", name="Bogor", level="subnational", kind="government", country="ID"),
        dict(id="kisarazu", name="Kisarazu", level="subnational", kind="government", country="JP"),
    ]


def test_models_are_frozen() -> None:
    a = Actor(**_actors()[0])
    with pytest.raises(Exception, match="frozen"):
        a.name = "x"  # type: ignore[misc]


def test_governmental_defaults_follow_level_and_can_be_overridden() -> None:
    assert Actor(id="f", name="Farmers", level="nonstate", country="ID").governmental is False
    assert Actor(id="m", name="Ministry", level="national", country="ID").governmental is True
    assert Actor(id="s", name="School", level="nonstate", country="ID", governmental=True).governmental is True


@pytest.mark.parametrize(
    ("word", "sector"),
    [("pendidikan", "education"), ("Kebudayaan", "culture"), ("pariwisata", "tourism"),
     ("pertanian", "agriculture"), ("kesehatan", "health"), ("Science / Technology", "science_technology")],
)
def test_indonesian_sector_aliases(word: str, sector: str) -> None:
    c = Commitment(id="c", agreement="a", sector=word, title="t")
    assert c.sector == sector


def test_obstacle_kind_aliases() -> None:
    o = Obstacle(id="o", kind="tantangan", category="anggaran", title="Budget")
    assert (o.kind, o.category) == ("challenge", "financial")


def test_implementation_level_scale() -> None:
    assert [int(x) for x in ImplementationLevel] == [0, 1, 2, 3]
    assert Observation(commitment="c", date="2017", level="not initiated", coder="x").level == 0
    with pytest.raises(CaseValidationError, match="outside the scale 0-3"):
        Observation(commitment="c", date="2017", level=4)
    with pytest.raises(CaseValidationError):
        Observation(commitment="c", date="2017", level=True)


def test_error_is_raised_whole_not_a_half_built_object() -> None:
    with pytest.raises(CaseValidationError) as info:
        Case(id="x", title="t", actors=[*_actors(), dict(id="bad", name="", level="x", country="IDN")])
    paths = {p.path for p in info.value.problems}
    assert paths == {"actors[2].name", "actors[2].level", "actors[2].country"}


def test_case_validation_error_pickles() -> None:
    with pytest.raises(CaseValidationError) as info:
        Actor(id="a", name="A", level="x", country="ID")
    again = pickle.loads(pickle.dumps(info.value))
    assert again.problems == info.value.problems


def test_commitment_sector_must_be_agreed_unless_open() -> None:
    base = dict(id="loi", kind="letter_of_intent", parties=["bogor", "kisarazu"], sectors=["education"])
    com = [dict(id="c", agreement="loi", sector="health", title="Nurses")]
    with pytest.raises(CaseValidationError, match="not one agreement 'loi' names"):
        Case(id="x", title="t", actors=_actors(), agreements=[base], commitments=com)
    case = Case(id="x", title="t", actors=_actors(), agreements=[{**base, "open_sectors": True}], commitments=com)
    assert case.commitments[0].sector == "health"


def test_case_vocabulary_extends_sectors() -> None:
    case = Case(
        id="x", title="t", actors=_actors(),
        vocabulary={"sectors": [{"id": "urban_farming", "label": "Urban farming", "group": "economy"}]},
        agreements=[dict(id="loi", kind="mou", parties=["bogor", "kisarazu"], sectors=["urban_farming"])],
    )
    assert case.agreements[0].kind == "memorandum_of_understanding"
    assert "urban_farming" in case.sector_vocabulary
    assert case.tables.agreement_sectors["field"].tolist() == ["economy"]


def test_agreement_end_from_term_keeps_precision() -> None:
    a = Agreement(id="a", kind="loi", parties=["x", "y"], signed="2016-11", term="P5Y")
    assert str(a.end) == "2021-11"
    b = Agreement(id="b", kind="loi", parties=["x", "y"], signed="2016", term="P18M")
    assert b.end is None  # a year-only start plus 18 months would invent a month


def test_lookups() -> None:
    case = Case(id="x", title="t", actors=_actors())
    assert case.actor("bogor").country == "ID"
    with pytest.raises(KeyError, match="no actor with id 'nope'"):
        case.actor("nope")


# ---------------------------------------------------------------- partial dates


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [("2017", "year", dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
     ("2016-02", "month", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
     ("2016-11-18", "day", dt.date(2016, 11, 18), dt.date(2016, 11, 18))],
)
def test_partial_date_bounds(text: str, precision: str, first: dt.date, last: dt.date) -> None:
    d = PartialDate.parse(text)
    assert (d.precision, d.start(), d.end(), str(d)) == (precision, first, last, text)


@pytest.mark.parametrize("bad", ["2016-13-40", "2016-02-30", "2016-13", "16-11", "2016/11/18", "", True, 2.5,
                                 dt.datetime(2016, 1, 1)])
def test_partial_date_rejects(bad: object) -> None:
    with pytest.raises(ValueError, match=r"expected|outside|does not exist"):
        PartialDate.parse(bad)


def test_add_months_refuses_to_invent_a_month() -> None:
    with pytest.raises(ValueError, match="inventing a month"):
        PartialDate(2016).add_months(6)
    assert str(PartialDate(2016).add_months(24)) == "2018"
    assert str(PartialDate(2016, 8, 31).add_months(6)) == "2017-02-28"


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(-240, 240))
def test_add_months_keeps_precision_and_inverts(year: int, month: int, shift: int) -> None:
    d = PartialDate(year, month)
    moved = d.add_months(shift)
    assert moved.precision == "month"
    assert moved.add_months(-shift) == d


# ---------------------------------------------------------------- vocabularies


def test_vocabularies_are_consistent() -> None:
    assert {"education", "culture", "tourism", "agriculture", "health"} <= set(SECTORS)
    assert set(SECTORS.groups().values()) == {"economy", "science_admin", "social_culture", "other"}
    assert "unspecified" in OBSTACLE_CATEGORIES
    for term in SECTORS.terms:
        assert SECTORS.resolve(term.id) == term.id
        for alias in term.aliases:
            assert SECTORS.resolve(alias) == term.id


@given(st.text(max_size=30))
def test_normalize_term_is_idempotent(text: str) -> None:
    once = normalize_term(text)
    assert normalize_term(once) == once


def test_case_vocabulary_aliases_fold_in_every_record() -> None:
    vocab = {"sectors": [{"id": "urban_farming", "label": "Urban farming", "group": "economy",
                          "aliases": ["pertanian perkotaan"]}],
             "obstacle_categories": [{"id": "pandemic", "label": "Pandemic", "aliases": ["covid-19"]}]}
    case = Case(
        id="x", title="t", actors=_actors(), vocabulary=vocab,
        agreements=[dict(id="loi", kind="mou", parties=["bogor", "kisarazu"], sectors=["Pertanian Perkotaan"])],
        commitments=[Commitment(id="c", agreement="loi", sector="pertanian perkotaan", title="Rooftops")],
        obstacles=[dict(id="o", kind="obstacle", category="COVID-19", title="Lockdown", affects=["c"])],
    )
    assert case.agreements[0].sectors == ("urban_farming",)
    assert case.commitments[0].sector == "urban_farming"
    assert case.obstacles[0].category == "pandemic"
    from sistercity import loads_case

    assert loads_case(case.to_yaml(), format="yaml") == case


def test_case_vocabulary_clashes_and_unknown_groups_are_problems() -> None:
    with pytest.raises(CaseValidationError) as info:
        Case(id="x", title="t", vocabulary={"sectors": [
            {"id": "farming2", "label": "F", "group": "economy", "aliases": ["pertanian"]}]})
    assert "names both" in str(info.value)
    with pytest.raises(CaseValidationError) as info:
        Case(id="x", title="t", vocabulary={"sectors": [{"id": "new", "label": "N", "group": "economi"}]})
    (p,) = info.value.problems
    assert p.path == "vocabulary.sectors[0].group"
    assert "did you mean 'economy'" in p.message


def test_model_validate_raises_our_error_too() -> None:
    with pytest.raises(CaseValidationError) as info:
        Case.model_validate({
            "id": "x", "title": "t",
            "actors": [{"id": "a", "name": "A", "level": "x", "country": "ID"}],
            "observations": [{"commitment": "nope", "date": "2017", "level": 1}],
        })
    assert {p.path for p in info.value.problems} == {"actors[0].level", "observations[0].commitment"}


def test_the_kinds_live_in_vocab_and_model_names_the_same_objects() -> None:
    from typing import get_args

    from sistercity import model, vocab

    for name in ("AGREEMENT_KINDS", "ActorKind", "ActorLevel", "AgreementKind", "CommitmentStatus", "EventKind",
                 "ObstacleKind", "SourceKind"):
        assert getattr(model, name) is getattr(vocab, name)
    kinds = set(get_args(vocab.AgreementKind))
    assert set(vocab.AGREEMENT_KINDS) == kinds
    assert set(vocab.AGREEMENT_KIND_ALIASES.values()) <= kinds
    assert set(vocab.OBSTACLE_KIND_ALIASES.values()) <= set(get_args(vocab.ObstacleKind))
    for word, kind in vocab.OBSTACLE_KIND_ALIASES.items():
        assert Obstacle(id="o", kind=word.upper(), category="financial", title="t").kind == kind


def test_a_term_no_table_could_hold_is_rejected_by_the_model() -> None:
    with pytest.raises(CaseValidationError) as err:
        Case(id="x", title="t",
             actors=[dict(id="a", name="A", level="subnational", country="ID"),
                     dict(id="b", name="B", level="subnational", country="JP")],
             agreements=[dict(id="g", kind="mou", parties=["a", "b"], signed="2016", term=10**22)])
    assert [p.path for p in err.value.problems] == ["agreements[0].term"]
