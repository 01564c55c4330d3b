"""Controlled vocabularies: sectors, benefit fields, obstacle categories, and the kinds of records.

The built-in sector vocabulary follows the fields that Indonesian sister-city
guidance names (Bogor's 2016 study, as cited in the seed thesis, §1.1) and the
sectors of Indonesia's regional-government law (UU 23/2014 art. 363), with the
Indonesian words as aliases so local users can write ``pendidikan`` for
``education``. A case file may add its own terms under ``vocabulary``.

Every sector belongs to one of four *benefit fields* (the seed's a-d):

==================  =============================================================
field               seed wording (§1.1)
==================  =============================================================
``economy``         a. economy, trade, investment, industry, tourism
``science_admin``   b. science, technology, administration
``social_culture``  c. education, culture, welfare, social affairs, youth, sport
``other``           d. other fields both sides agree on
==================  =============================================================

Coding choices the seed leaves open: agriculture and fisheries are production
sectors and go to ``economy``; health goes with welfare to ``social_culture``;
environment, spatial planning, transport and the affairs reserved to a central
government go to ``other``.

The kinds of records (an actor's level and kind, an agreement's kind, a
commitment's status, an obstacle's kind, an event's and a source's kind) are
closed lists, given here as ``Literal`` types; a case cannot add to them. Some
kinds have other words a case file may use (:data:`AGREEMENT_KIND_ALIASES`,
:data:`OBSTACLE_KIND_ALIASES`), folded to the kind with :func:`normalize_term`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "AGREEMENT_KINDS",
    "AGREEMENT_KIND_ALIASES",
    "BENEFIT_FIELDS",
    "OBSTACLE_CATEGORIES",
    "OBSTACLE_KIND_ALIASES",
    "SECTORS",
    "ActorKind",
    "ActorLevel",
    "AgreementKind",
    "CommitmentStatus",
    "EventKind",
    "ObstacleKind",
    "SourceKind",
    "Term",
    "Vocabulary",
    "normalize_term",
]


_SEPARATORS = re.compile(r"[\s\-/_]+")


def normalize_term(text: str) -> str:
    """Fold a term to its lookup key: lower case; runs of white space, ``-``, ``/`` and ``_`` as one ``_``.

    Parameters
    ----------
    text
        A sector, category or kind as written in a file (``"Science / Technology"``).

    Returns
    -------
    str
        The key the vocabularies are looked up by.

    Examples
    --------
    >>> normalize_term("  Science / Technology ")
    'science_technology'
    """
    return _SEPARATORS.sub("_", text.lower()).strip("_")


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a controlled vocabulary.

    Parameters
    ----------
    id
        The canonical id, e.g. ``"education"``.
    label
        A human label, e.g. ``"Education"``.
    group
        For sectors: the benefit field (``economy``, ``science_admin``,
        ``social_culture``, ``other``); empty for obstacle categories.
    aliases
        Other words that mean this term (Indonesian words, spelling variants).
    description
        What the term covers.

    Examples
    --------
    >>> SECTORS["education"].aliases[0]
    'pendidikan'
    """

    id: str
    label: str
    group: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Vocabulary(Mapping[str, Term]):
    """An immutable set of :class:`Term` with alias lookup and near-miss suggestions.

    Parameters
    ----------
    name
        What the vocabulary is, for messages (``"sector"``).
    terms
        The terms; ids and aliases must be unique after :func:`normalize_term`.

    Examples
    --------
    >>> SECTORS.resolve("pendidikan")
    'education'
    >>> SECTORS.suggest("educaton")
    ['education']
    >>> len(SECTORS) >= 20
    True
    """

    name: str
    terms: tuple[Term, ...]
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for term in self.terms:
            for key in (term.id, *term.aliases):
                k = normalize_term(key)
                if k in lookup and lookup[k] != term.id:
                    raise ValueError(
                        f"{self.name} vocabulary: {key!r} names both {lookup[k]!r} and {term.id!r}"
                    )
                lookup[k] = term.id
        object.__setattr__(self, "_lookup", lookup)

    def __getitem__(self, key: str) -> Term:
        for term in self.terms:
            if term.id == key:
                return term
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (t.id for t in self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def resolve(self, word: str) -> str | None:
        """The canonical id for ``word`` (an id or an alias), or ``None``."""
        return self._lookup.get(normalize_term(word))

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """Canonical ids whose id or alias is close to ``word`` (for "did you mean")."""
        close = difflib.get_close_matches(normalize_term(word), list(self._lookup), n=n * 2, cutoff=0.75)
        out: list[str] = []
        for key in close:
            cid = self._lookup[key]
            if cid not in out:
                out.append(cid)
        return out[:n]

    def extend(self, terms: Iterable[Term]) -> Vocabulary:
        """A new vocabulary with ``terms`` added (ids and aliases must not clash)."""
        return Vocabulary(self.name, self.terms + tuple(terms))

    def groups(self) -> dict[str, str]:
        """Map each id to its group."""
        return {t.id: t.group for t in self.terms}


BENEFIT_FIELDS: dict[str, str] = {
    "economy": "a. economy, trade, investment, industry, tourism",
    "science_admin": "b. science, technology, administration",
    "social_culture": "c. education, culture, welfare, social affairs, youth, sport",
    "other": "d. other fields both sides agree on",
}
"""The four benefit fields of sister-city cooperation named in the seed (§1.1)."""

SECTORS = Vocabulary(
    "sector",
    (
        Term("education", "Education", "social_culture", ("pendidikan", "sister school", "student exchange")),
        Term("culture", "Culture", "social_culture", ("kebudayaan", "budaya", "cultural exchange", "seni budaya")),
        Term("tourism", "Tourism", "economy", ("pariwisata", "wisata")),
        Term("agriculture", "Agriculture", "economy", ("pertanian", "agroforestry", "farming")),
        Term("fisheries", "Fisheries and aquaculture", "economy", ("perikanan", "aquaculture")),
        Term("health", "Health", "social_culture", ("kesehatan", "elderly care", "nursing")),
        Term("economy", "Economy, trade and investment", "economy",
             ("ekonomi", "trade", "perdagangan", "investment", "investasi", "economic")),
        Term("industry", "Industry", "economy", ("industri", "creative industry", "ekonomi kreatif")),
        Term("science_technology", "Science and technology", "science_admin",
             ("science", "technology", "iptek", "ilmu pengetahuan dan teknologi", "research")),
        Term("governance", "Governance and administration", "science_admin",
             ("administration", "administrasi", "pemerintahan", "public administration",
              "government capacity")),
        Term("information", "Public information and communication", "science_admin",
             ("informasi", "komunikasi", "communication")),
        Term("environment", "Environment", "other",
             ("lingkungan hidup", "lingkungan", "waste management", "persampahan")),
        Term("spatial_planning", "Spatial and urban planning", "other",
             ("tata ruang", "urban planning", "planning")),
        Term("transport", "Transport", "other", ("perhubungan", "transportasi", "mass transport")),
        Term("youth_sport", "Youth and sport", "social_culture",
             ("pemuda", "kepemudaan", "olahraga", "youth", "sport", "sports")),
        Term("social_welfare", "Social welfare", "social_culture",
             ("kesejahteraan sosial", "sosial", "welfare", "social affairs")),
        Term("disaster_management", "Disaster management", "other",
             ("penanggulangan bencana", "kebencanaan", "disaster")),
        Term("security_defence", "Security and defence", "other",
             ("keamanan", "pertahanan", "defence", "defense", "security", "military")),
        Term("justice", "Justice", "other", ("yustisi", "judicial", "peradilan")),
        Term("monetary_fiscal", "National monetary and fiscal policy", "other",
             ("moneter", "fiskal", "monetary", "fiscal")),
        Term("religion", "Religion", "other", ("agama",)),
        Term("foreign_policy", "Foreign policy", "other", ("politik luar negeri",)),
        Term("other", "Other agreed fields", "other", ("lainnya", "lain-lain")),
    ),
)
"""The built-in sector vocabulary (ids, labels, benefit field, Indonesian aliases)."""

OBSTACLE_CATEGORIES = Vocabulary(
    "obstacle category",
    (
        Term("geographic_climatic", "Geographic or climatic", "",
             ("geographic", "climatic", "climate", "geografis", "iklim"),
             "Climate, soil, distance or terrain unsuited to the commitment."),
        Term("capacity_supply", "Capacity or supply", "",
             ("capacity", "supply", "kapasitas", "pasokan"),
             "A side cannot supply the commodity, people or skills the commitment needs."),
        Term("financial", "Financial", "", ("budget", "funding", "anggaran", "keuangan"),
             "No budget or funding."),
        Term("legal_regulatory", "Legal or regulatory", "", ("legal", "regulatory", "hukum", "regulasi"),
             "A law, permit or regulation stands in the way."),
        Term("political_leadership", "Political or leadership", "",
             ("political", "leadership", "politik", "political will"),
             "Change of leaders, lack of political will, elections."),
        Term("administrative_coordination", "Administrative or coordination", "",
             ("administrative", "coordination", "birokrasi", "koordinasi", "bureaucracy"),
             "Bureaucracy, coordination between agencies or levels of government."),
        Term("cultural_linguistic", "Cultural or linguistic", "",
             ("cultural", "linguistic", "language", "bahasa"),
             "Language and cultural differences."),
        Term("informational", "Informational", "", ("information", "informasi"),
             "Lack of information or communication between partners."),
        Term("unspecified", "Unspecified", "", ("unknown", "tidak disebutkan"),
             "The source reports obstacles without saying what they are."),
    ),
)
"""The built-in obstacle-category vocabulary."""


# --------------------------------------------------------------------------- kinds of records

ActorLevel = Literal["national", "subnational", "nonstate"]
"""An actor's level: a national government body, a sub-state body, or non-state."""

ActorKind = Literal[
    "government", "legislature", "ministry", "agency", "official", "embassy", "school",
    "university", "company", "association", "community_group", "ngo", "media", "person",
    "other",
]
"""What an actor is."""

AgreementKind = Literal[
    "letter_of_intent", "memorandum_of_understanding", "friendship_agreement",
    "sister_city_agreement", "implementing_arrangement", "joint_statement", "other",
]
"""The kind of a signed text."""

AGREEMENT_KINDS: dict[str, str] = {
    "letter_of_intent": "Letter of intent (LoI): states an intention; usually not binding.",
    "memorandum_of_understanding": "Memorandum of understanding (MoU).",
    "friendship_agreement": "Friendship-city agreement (kota persahabatan).",
    "sister_city_agreement": "Sister-city or sister-province agreement (kota kembar).",
    "implementing_arrangement": "An arrangement that carries out a framework agreement.",
    "joint_statement": "A joint statement or declaration.",
    "other": "Any other kind.",
}
"""Agreement kinds with a short description each."""

AGREEMENT_KIND_ALIASES: dict[str, str] = {"loi": "letter_of_intent", "mou": "memorandum_of_understanding"}
"""Other words for an agreement kind (keys folded by :func:`normalize_term`): ``LoI``, ``MoU``."""

CommitmentStatus = Literal["agreed", "proposed", "wish"]
"""How firm a commitment is: agreed by the parties, proposed, or one side's wish."""

ObstacleKind = Literal["obstacle", "challenge"]
"""``obstacle``: a present barrier (*hambatan*); ``challenge``: a prospective risk (*tantangan*)."""

OBSTACLE_KIND_ALIASES: dict[str, str] = {
    "hambatan": "obstacle", "tantangan": "challenge", "barrier": "obstacle", "risk": "challenge",
}
"""Other words for an obstacle kind (keys folded by :func:`normalize_term`), Indonesian ones included."""

EventKind = Literal[
    "visit", "study_visit", "signing", "teleconference", "consultation", "approval", "meeting",
    "exchange", "invitation", "forum", "other",
]
"""The kind of a dated event (``approval``: a body's approval of an agreement, e.g. the central
government's or the regional parliament's, which the legal rules look for)."""

SourceKind = Literal[
    "thesis", "report", "news", "web_page", "interview", "legal_text", "book", "article",
    "dataset", "other",
]
"""The kind of a source."""
