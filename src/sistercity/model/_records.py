"""The records of a case: actors, agreements, commitments, observations, obstacles, ... (private).

Each is a frozen :class:`~sistercity._record.Record`; :class:`~sistercity.model.Case`
holds them and checks them against each other.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    source: Id
    """The id of the source (in the case's ``sources``) the claim is taken from."""
    locator: str = ""
    """Where in the source: a chapter, page, paragraph or time stamp (``§1.1, p. 4``)."""
    quote: str = ""
    """The source's own words, in its language."""
    note: str = ""
    """A coder's note on this piece of evidence."""


class Source(Record):
    """A document, page or interview that claims are taken from.

    ``cited_in`` names the source through which this one is known, when it is
    known only second-hand (a report cited by a thesis).

    Examples
    --------
    >>> Source(id="thesis", kind="thesis", title="Implementasi Kerjasama Sister City", year=2019).year
    2019
    """

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The source's id, cited by evidence (``source:``)."""
    kind: SourceKind
    """What the source is: thesis, report, news, web page, interview, legal text, book, article, dataset or
    other."""
    title: NonEmptyStr
    """The source's title."""
    author: str = ""
    """Its author or authors, as cited."""
    year: int | None = Field(default=None, ge=1, le=9999, strict=True)
    """The year of publication."""
    date: PartialDate | None = None
    """The date of publication, to the precision known (``2017``, ``2017-12``, ``2017-12-14``)."""
    url: str | None = Field(default=None, pattern=r"^(https?|file)://\S+$")
    """A link to the source (``http``, ``https`` or ``file``)."""
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    """The language of the source as a BCP 47 tag (``id``, ``ja``, ``en``)."""
    publisher: str = ""
    """The publisher, newspaper or institution."""
    cited_in: Id | None = None
    """The id of the source through which this one is known, when it is known only second-hand."""
    note: str = ""
    """A coder's note on the source."""


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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The actor's id, used by agreements, commitments, events and signatories."""
    name: NonEmptyStr
    """The actor's name, as the sources give it."""
    level: ActorLevel
    """The level the actor acts at: national, subnational or nonstate."""
    kind: ActorKind = "other"
    """What the actor is (government, agency, official, school, university, company, community group, ...)."""
    country: CountryCode
    """The actor's country, as an ISO 3166-1 alpha-2 code (``ID``, ``JP``)."""
    parent: Id | None = None
    """The id of the actor this one belongs to (a school of a city, an agency of a ministry)."""
    governmental: bool | None = None
    """Whether the actor is a government body or official; default true for national and subnational actors,
    false for nonstate ones."""
    description: str = ""
    """What the actor is and does in the case."""
    evidence: tuple[Evidence, ...] = ()
    """Where the actor's role is reported."""
    note: str = ""
    """A coder's note on the actor."""

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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    actor: Id
    """The id of the actor who signed."""
    on_behalf_of: Id | None = None
    """The id of the party the actor signed for."""
    evidence: tuple[Evidence, ...] = ()
    """The sources that name this signatory."""
    note: str = ""
    """A coder's note, e.g. that other sources name someone else."""


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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The agreement's id, used by commitments, events and ``parent``."""
    kind: Annotated[AgreementKind, alias_before(AGREEMENT_KIND_ALIASES)]
    """The kind of agreement (letter of intent, memorandum of understanding, sister-city or friendship agreement,
    ...); ``loi`` and ``mou`` are accepted for the first two."""
    title: str = ""
    """The agreement's title, as signed."""
    parties: tuple[Id, ...] = Field(min_length=2)
    """The ids of the parties (at least two actors)."""
    signatories: tuple[Signatory, ...] = ()
    """Who signed, for whom; one entry per claim when sources disagree."""
    signed: PartialDate | None = None
    """The date of signing, to the precision known."""
    effective: PartialDate | None = None
    """The date it takes effect, when not the signing date."""
    ends: PartialDate | None = None
    """The date it ends, when the sources give one (besides or instead of ``term``)."""
    term: Months | None = None
    """How long it binds from its start, as an ISO 8601 duration (``P5Y``)."""
    renewal_window: Months | None = None
    """The span before its end in which it is to be renewed, as an ISO 8601 duration (``P6M``)."""
    binding: bool | None = None
    """Whether it is legally binding; omitted: not stated."""
    sectors: tuple[SectorId, ...] = ()
    """The sectors of cooperation it names (sector ids or their aliases, e.g. ``pendidikan`` for ``education``)."""
    open_sectors: bool = False
    """Whether it also covers other fields both sides agree on later (an open clause)."""
    parent: Id | None = None
    """The id of the agreement this one implements or extends."""
    evidence: tuple[Evidence, ...] = ()
    """The sources for the agreement and its terms."""
    note: str = ""
    """A coder's note on the agreement."""

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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The commitment's id, used by observations, obstacles, mitigations and events."""
    agreement: Id
    """The id of the agreement that makes the commitment."""
    sector: SectorId
    """The commitment's sector: a sector id or alias, or a term the case's vocabulary adds."""
    title: NonEmptyStr
    """A short title of the programme or project."""
    description: str = ""
    """What is promised, in the sources' terms."""
    providers: tuple[Id, ...] = ()
    """The ids of the actors who give or carry it out."""
    beneficiaries: tuple[Id, ...] = ()
    """The ids of the actors who receive it."""
    participants: tuple[Id, ...] = ()
    """The ids of the actors who otherwise take part."""
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False, strict=True)
    """Its weight in weighted rates (greater than 0; default 1)."""
    targets: tuple[Id, ...] = ()
    """The ids of the policy targets it serves."""
    status: CommitmentStatus = "agreed"
    """How firm the promise is: agreed by the parties (default), proposed, or a wish one side stated."""
    proposed: PartialDate | None = None
    """When it was first proposed, to the precision known."""
    evidence: tuple[Evidence, ...] = ()
    """The sources that record the commitment."""
    note: str = ""
    """A coder's note on the commitment."""


class Observation(Record):
    """One coder's reading of a commitment's implementation level at a date.

    Examples
    --------
    >>> o = Observation(commitment="c1", date="2017-12-14", level="full", coder="team")
    >>> int(o.level), str(o.date)
    (3, '2017-12-14')
    """

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    commitment: Id
    """The id of the commitment observed."""
    date: PartialDate
    """The date the level holds from, to the precision the source gives (``2018`` counts from the end of 2018)."""
    level: Level
    """The implementation level: 0 not initiated, 1 minimal, 2 intermediate, 3 full (or the level's name)."""
    coder: NonEmptyStr = "unspecified"
    """Who coded the observation (for inter-coder reliability)."""
    evidence: tuple[Evidence, ...] = ()
    """The sources the level is read from."""
    note: str = ""
    """A coder's note on the reading."""


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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    description: NonEmptyStr
    """The remedy proposed."""
    commitment: Id | None = None
    """The id of the commitment that carries the remedy out (its observations say whether it happened)."""
    proposed_by: tuple[Id, ...] = ()
    """The ids of the actors who proposed it."""
    proposed: PartialDate | None = None
    """When it was proposed, to the precision known."""
    evidence: tuple[Evidence, ...] = ()
    """The sources that report the remedy."""


class Obstacle(Record):
    """What blocks (``obstacle``, *hambatan*) or threatens (``challenge``, *tantangan*) commitments.

    Examples
    --------
    >>> Obstacle(id="o1", kind="hambatan", category="iklim", title="Climate", affects=["c2"]).category
    'geographic_climatic'
    """

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The obstacle's id."""
    kind: Annotated[ObstacleKind, alias_before(OBSTACLE_KIND_ALIASES)]
    """``obstacle`` (a present barrier, *hambatan*) or ``challenge`` (a prospective risk, *tantangan*)."""
    category: CategoryId
    """The obstacle's category: a category id or alias, or a term the case's vocabulary adds."""
    title: NonEmptyStr
    """A short title of the obstacle."""
    description: str = ""
    """What the obstacle is, in the sources' terms."""
    affects: tuple[Id, ...] = ()
    """The ids of the commitments it blocks or threatens."""
    faced_by: tuple[Id, ...] = ()
    """The ids of the actors who face it."""
    severity: Literal["low", "medium", "high"] | None = None
    """How severe the sources make it: low, medium or high."""
    identified: PartialDate | None = None
    """When it was identified, to the precision known."""
    mitigations: tuple[Mitigation, ...] = ()
    """The remedies proposed for it."""
    evidence: tuple[Evidence, ...] = ()
    """The sources that report the obstacle."""
    note: str = ""
    """A coder's note on the obstacle."""


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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The event's id."""
    date: PartialDate
    """The date of the event, to the precision known."""
    approximate: bool = False
    """Whether the source gives the date as approximate ("about")."""
    kind: EventKind
    """What happened: signing, visit, study visit, teleconference, consultation, meeting, exchange, invitation,
    forum or other."""
    title: NonEmptyStr
    """A short title of the event."""
    participants: tuple[Id, ...] = ()
    """The ids of the actors who took part."""
    location: str = ""
    """Where it took place."""
    agreement: Id | None = None
    """The id of the agreement it belongs to."""
    commitments: tuple[Id, ...] = ()
    """The ids of the commitments it concerns."""
    evidence: tuple[Evidence, ...] = ()
    """The sources that report the event."""
    note: str = ""
    """A coder's note on the event."""


class Target(Record):
    """One policy target or strategic issue that cooperation should serve.

    Examples
    --------
    >>> Target(id="t4", text="Involvement of youth, students and academics").id
    't4'
    """

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The target's id, used by commitments' ``targets``."""
    text: NonEmptyStr
    """The target as the policy document states it."""


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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The framework's id."""
    title: NonEmptyStr
    """The framework's title (a development plan, a strategic-issue list)."""
    owner: Id | None = None
    """The id of the actor whose framework it is."""
    requirement: Literal["at_least_one", "none"] = "none"
    """``at_least_one``: every agreement must serve at least one target; ``none``: the targets are for reference."""
    targets: tuple[Target, ...] = Field(min_length=1)
    """The framework's targets (at least one)."""
    evidence: tuple[Evidence, ...] = ()
    """The sources of the framework."""
    note: str = ""
    """A coder's note on the framework."""


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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    id: Id
    """The term's id, as records use it."""
    label: NonEmptyStr
    """The term's label for tables and figures."""
    group: str = "other"
    """For a sector, its benefit field: economy, science_admin, social_culture or other."""
    aliases: tuple[NonEmptyStr, ...] = ()
    """Other words for the term, which records may use; folded to ``id``."""
    description: str = ""
    """What the term covers."""

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

    model_config = ConfigDict(use_attribute_docstrings=True)  # each field's docstring: its description

    sectors: tuple[VocabularyTerm, ...] = ()
    """Sectors the case adds to the built-in sector vocabulary."""
    obstacle_categories: tuple[VocabularyTerm, ...] = ()
    """Obstacle categories the case adds to the built-in ones."""
