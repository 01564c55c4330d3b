"""The records of a case: actors, agreements, commitments, observations, obstacles, ... (private).

Each is a frozen :class:`~sistercity._record.Record`; :class:`~sistercity.model.Case`
holds them and checks them against each other.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sistercity._record import CountryCode, Id, NonEmptyStr, Record, SectorId
from sistercity.dates import PartialDate
from sistercity.model._types import CategoryId, Level, Months, alias_before
from sistercity.vocab import (
    AGREEMENT_KIND_ALIASES,
    OBSTACLE_KIND_ALIASES,
    ActorKind,
    ActorLevel,
    AgreementKind,
    CommitmentStatus,
    EventKind,
    ObstacleKind,
    SourceKind,
    Term,
    normalize_term,
)

__all__ = [
    "Actor",
    "Agreement",
    "CaseVocabulary",
    "Commitment",
    "Event",
    "Evidence",
    "Mitigation",
    "Observation",
    "Obstacle",
    "PolicyFramework",
    "Signatory",
    "Source",
    "Target",
    "VocabularyTerm",
]


class Evidence(Record):
    """Where a claim comes from: a source, a place in it, and the words it uses.

    Examples
    --------
    >>> Evidence(source="thesis", locator="§1.1, p. 4", quote="hanya bidang pendidikan").source
    'thesis'
    """

    source: Id
    locator: str = ""
    quote: str = ""
    note: str = ""


class Source(Record):
    """A document, page or interview that claims are taken from.

    ``cited_in`` names the source through which this one is known, when it is
    known only second-hand (a report cited by a thesis).

    Examples
    --------
    >>> Source(id="thesis", kind="thesis", title="Implementasi Kerjasama Sister City", year=2019).year
    2019
    """

    id: Id
    kind: SourceKind
    title: NonEmptyStr
    author: str = ""
    year: int | None = Field(default=None, ge=1, le=9999, strict=True)
    date: PartialDate | None = None
    url: str | None = Field(default=None, pattern=r"^(https?|file)://\S+$")
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    publisher: str = ""
    cited_in: Id | None = None
    note: str = ""


class Actor(Record):
    """Anyone who acts: a city government, a ministry, a mayor, a school, a farmer group.

    ``governmental`` defaults to true for national and sub-national actors and to
    false for non-state actors; set it to say otherwise (a state school is
    ``nonstate`` in level only if coded so).

    Examples
    --------
    >>> a = Actor(id="bogor", name="Pemerintah Kota Bogor", level="subnational",
    ...           kind="government", country="id")
    >>> a.country, a.governmental
    ('ID', True)
    """

    id: Id
    name: NonEmptyStr
    level: ActorLevel
    kind: ActorKind = "other"
    country: CountryCode
    parent: Id | None = None
    governmental: bool | None = None
    description: str = ""
    evidence: tuple[Evidence, ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _default_governmental(self) -> Actor:
        if self.governmental is None:
            object.__setattr__(self, "governmental", self.level != "nonstate")
        return self

    @property
    def is_governmental(self) -> bool:
        """Whether the actor is a government body or official (never ``None``)."""
        return bool(self.governmental)


class Signatory(Record):
    """Who signed an agreement, for whom, and on which evidence.

    Sources may disagree on who signed; keep one signatory per claim, each with
    its evidence, and say so in ``note``.

    Examples
    --------
    >>> s = Signatory(actor="sekda-bogor", on_behalf_of="bogor",
    ...               evidence=[{"source": "thesis", "locator": "§1.1"}],
    ...               note="the news reports name the mayor instead")
    >>> s.on_behalf_of, s.evidence[0].locator
    ('bogor', '§1.1')
    """

    actor: Id
    on_behalf_of: Id | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str = ""


class Agreement(Record):
    """A signed text between parties.

    ``term`` is how long it binds (``P5Y``) from ``effective`` (or ``signed``);
    ``renewal_window`` is the span before its end in which it is to be renewed
    (``P6M``). ``ends`` may be given instead of, or besides, ``term``.
    ``open_sectors`` records a clause like "and other fields both sides agree on".

    Examples
    --------
    >>> a = Agreement(id="loi", kind="LoI", parties=["bogor", "kisarazu"], signed="2016-11-18",
    ...               term="P5Y", renewal_window="P6M", binding=False,
    ...               sectors=["pendidikan", "tourism"])
    >>> a.kind, a.term, a.sectors
    ('letter_of_intent', 60, ('education', 'tourism'))
    """

    id: Id
    kind: Annotated[AgreementKind, alias_before(AGREEMENT_KIND_ALIASES)]
    title: str = ""
    parties: tuple[Id, ...] = Field(min_length=2)
    signatories: tuple[Signatory, ...] = ()
    signed: PartialDate | None = None
    effective: PartialDate | None = None
    ends: PartialDate | None = None
    term: Months | None = None
    renewal_window: Months | None = None
    binding: bool | None = None
    sectors: tuple[SectorId, ...] = ()
    open_sectors: bool = False
    parent: Id | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str = ""

    @property
    def start(self) -> PartialDate | None:
        """When the agreement takes effect: ``effective``, else ``signed``."""
        return self.effective or self.signed

    @property
    def end(self) -> PartialDate | None:
        """When it ends: ``ends``, else ``start`` plus ``term``, else ``None``."""
        if self.ends is not None:
            return self.ends
        if self.start is not None and self.term is not None:
            try:
                return self.start.add_months(self.term)
            except ValueError:
                return None
        return None


class Commitment(Record):
    """Something an agreement promises: a programme or project in one sector.

    ``providers`` give, ``beneficiaries`` receive, ``participants`` take part
    otherwise. ``weight`` (> 0) is the commitment's weight in weighted rates.
    ``status`` says how firm the promise is: ``agreed`` by the parties (the
    default), ``proposed`` by one side or as a mitigation, or a ``wish`` one side
    stated; analyses say which they count.

    Examples
    --------
    >>> Commitment(id="c1", agreement="loi", sector="pendidikan", title="Student exchange").sector
    'education'
    """

    id: Id
    agreement: Id
    sector: SectorId
    title: NonEmptyStr
    description: str = ""
    providers: tuple[Id, ...] = ()
    beneficiaries: tuple[Id, ...] = ()
    participants: tuple[Id, ...] = ()
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False, strict=True)
    targets: tuple[Id, ...] = ()
    status: CommitmentStatus = "agreed"
    proposed: PartialDate | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str = ""


class Observation(Record):
    """One coder's reading of a commitment's implementation level at a date.

    Examples
    --------
    >>> o = Observation(commitment="c1", date="2017-12-14", level="full", coder="team")
    >>> int(o.level), str(o.date)
    (3, '2017-12-14')
    """

    commitment: Id
    date: PartialDate
    level: Level
    coder: NonEmptyStr = "unspecified"
    evidence: tuple[Evidence, ...] = ()
    note: str = ""


class Mitigation(Record):
    """A remedy proposed for an obstacle; ``commitment`` is the commitment that carries it out.

    Whether the mitigation happened is read from that commitment's observations
    (see :func:`sistercity.obstacles.mitigation_status`).

    Examples
    --------
    >>> Mitigation(description="Internship of farmer groups in Kisarazu", commitment="farmer-internship",
    ...            proposed_by=["bogor"]).commitment
    'farmer-internship'
    """

    description: NonEmptyStr
    commitment: Id | None = None
    proposed_by: tuple[Id, ...] = ()
    proposed: PartialDate | None = None
    evidence: tuple[Evidence, ...] = ()


class Obstacle(Record):
    """What blocks (``obstacle``, *hambatan*) or threatens (``challenge``, *tantangan*) commitments.

    Examples
    --------
    >>> Obstacle(id="o1", kind="hambatan", category="iklim", title="Climate", affects=["c2"]).category
    'geographic_climatic'
    """

    id: Id
    kind: Annotated[ObstacleKind, alias_before(OBSTACLE_KIND_ALIASES)]
    category: CategoryId
    title: NonEmptyStr
    description: str = ""
    affects: tuple[Id, ...] = ()
    faced_by: tuple[Id, ...] = ()
    severity: Literal["low", "medium", "high"] | None = None
    identified: PartialDate | None = None
    mitigations: tuple[Mitigation, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    note: str = ""


class Event(Record):
    """A dated happening: a visit, a signing, a teleconference, a consultation.

    ``approximate`` marks a date the source gives as "about" (kept at the precision
    given, never narrowed).

    Examples
    --------
    >>> e = Event(id="visit", date="2016-04", approximate=True, kind="visit",
    ...           title="Minister visits Kisarazu", participants=["menteri-lhk"])
    >>> e.date.precision, e.approximate
    ('month', True)
    """

    id: Id
    date: PartialDate
    approximate: bool = False
    kind: EventKind
    title: NonEmptyStr
    participants: tuple[Id, ...] = ()
    location: str = ""
    agreement: Id | None = None
    commitments: tuple[Id, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    note: str = ""


class Target(Record):
    """One policy target or strategic issue that cooperation should serve.

    Examples
    --------
    >>> Target(id="t4", text="Involvement of youth, students and academics").id
    't4'
    """

    id: Id
    text: NonEmptyStr


class PolicyFramework(Record):
    """A city's set of targets; ``requirement`` says whether cooperation must serve one.

    ``"at_least_one"``: every agreement must serve at least one target through its
    commitments (Bogor's rule); ``"none"``: targets are for reference.

    Examples
    --------
    >>> fw = PolicyFramework(id="bogor-targets", title="Bogor's targets", owner="bogor",
    ...                      requirement="at_least_one", targets=[{"id": "t5", "text": "Tourism awareness"}])
    >>> [t.id for t in fw.targets]
    ['t5']
    """

    id: Id
    title: NonEmptyStr
    owner: Id | None = None
    requirement: Literal["at_least_one", "none"] = "none"
    targets: tuple[Target, ...] = Field(min_length=1)
    evidence: tuple[Evidence, ...] = ()
    note: str = ""


class VocabularyTerm(Record):
    """A term a case adds to a vocabulary (a sector or an obstacle category).

    ``group`` is a sector's benefit field (one of
    :data:`sistercity.vocab.BENEFIT_FIELDS`); ``aliases`` are other words for the
    term, which the case's records may use and which are folded to ``id``.

    Examples
    --------
    >>> from sistercity.model import Case
    >>> case = Case(id="x", title="t",
    ...     vocabulary={"sectors": [{"id": "urban_farming", "label": "Urban farming",
    ...                              "group": "economy", "aliases": ["pertanian perkotaan"]}]},
    ...     actors=[dict(id="a", name="A", level="subnational", country="ID"),
    ...             dict(id="b", name="B", level="subnational", country="JP")],
    ...     agreements=[dict(id="loi", kind="loi", parties=["a", "b"], sectors=["Pertanian perkotaan"])])
    >>> case.agreements[0].sectors
    ('urban_farming',)
    """

    id: Id
    label: NonEmptyStr
    group: str = "other"
    aliases: tuple[NonEmptyStr, ...] = ()
    description: str = ""

    def to_term(self) -> Term:
        """As a :class:`sistercity.vocab.Term`."""
        return Term(normalize_term(self.id), self.label, self.group, self.aliases, self.description)


class CaseVocabulary(Record):
    """Sectors and obstacle categories a case adds to the built-in vocabularies.

    Examples
    --------
    >>> v = CaseVocabulary(obstacle_categories=[{"id": "pandemic", "label": "Pandemic"}])
    >>> v.obstacle_categories[0].to_term().id
    'pandemic'
    """

    sectors: tuple[VocabularyTerm, ...] = ()
    obstacle_categories: tuple[VocabularyTerm, ...] = ()
