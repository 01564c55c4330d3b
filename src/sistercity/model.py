"""The typed, immutable model of a sister-city case.

A :class:`Case` holds everything known about one partnership (or a network of
them): the :class:`Actor` s, the :class:`Agreement` s they signed, the
:class:`Commitment` s each agreement makes in a sector, dated
:class:`Observation` s of how far each commitment was implemented, the
:class:`Obstacle` s that block commitments, dated :class:`Event` s, the
:class:`Source` s behind every claim, and the :class:`PolicyFramework` s
(a city's targets) that cooperation must serve.

Every model is a frozen pydantic v2 model that forbids unknown fields; building
one validates it, and a bad value raises :class:`~sistercity.CaseValidationError`
with the field path and what was expected. :class:`Case` also checks that ids are
unique per kind, that every reference resolves, and that dates are ordered, and
reports every such problem at once.

Implementation levels follow the Peace Accords Matrix (Joshi, Quinn & Regan 2015):
an ordinal scale 0-3; a commitment with no observation has *no data*, which is
missing, never 0.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from sistercity._errors import FROM_FILE, IntegrityError, Loc, has_integrity_error, raise_from_pydantic, validating
from sistercity._ids import check_id
from sistercity.dates import PartialDate
from sistercity.vocab import BENEFIT_FIELDS, OBSTACLE_CATEGORIES, SECTORS, Term, Vocabulary, normalize_term

if TYPE_CHECKING:
    from sistercity.tables import CaseTables

__all__ = [
    "AGREEMENT_KINDS",
    "Actor",
    "ActorKind",
    "ActorLevel",
    "Agreement",
    "AgreementKind",
    "Case",
    "CaseVocabulary",
    "Commitment",
    "CommitmentStatus",
    "Event",
    "EventKind",
    "Evidence",
    "ImplementationLevel",
    "Mitigation",
    "Observation",
    "Obstacle",
    "ObstacleKind",
    "PolicyFramework",
    "Signatory",
    "Source",
    "SourceKind",
    "Target",
    "VocabularyTerm",
]


# --------------------------------------------------------------------------- types



Id = Annotated[str, AfterValidator(check_id)]
"""An identifier: letters, digits, ``_ - . :``, starting with a letter or digit."""


def _check_country(value: object) -> object:
    if isinstance(value, str):
        up = value.strip().upper()
        if re.fullmatch(r"[A-Z]{2}", up):
            return up
    raise ValueError(f"expected an ISO 3166-1 alpha-2 country code such as 'ID' or 'JP', got {value!r}")


CountryCode = Annotated[
    str,
    BeforeValidator(_check_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166-1 alpha-2"}),
]

_DURATION_RE = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?$")


def _parse_duration(value: object) -> int:
    from_file = FROM_FILE.get()
    if isinstance(value, int) and not isinstance(value, bool) and not from_file:
        return value  # Python callers may give whole months
    if isinstance(value, str):
        m = _DURATION_RE.match(value.strip().upper())
        if m and (m.group(1) or m.group(2)):
            return int(m.group(1) or 0) * 12 + int(m.group(2) or 0)
    raise ValueError(
        f"expected an ISO 8601 duration in years and months such as 'P5Y' (five years) "
        f"or 'P6M' (six months), got {value!r}" + (" (a bare number is ambiguous in a file)" if from_file else "")
    )


def _format_duration(months: int) -> str:
    years, rest = divmod(months, 12)
    return "P" + (f"{years}Y" if years else "") + (f"{rest}M" if rest or not years else "")


Months = Annotated[
    int,
    BeforeValidator(_parse_duration),
    PlainSerializer(_format_duration, return_type=str),
    WithJsonSchema({"type": "string", "pattern": "^P(\\d+Y)?(\\d+M)?$", "examples": ["P5Y", "P6M"]}),
]
"""A span in whole months, written in files as an ISO 8601 duration (``P5Y``, ``P6M``).

Python callers may pass an ``int`` number of months; a case file must use the ISO
form, since a bare ``5`` there could mean years or months."""

NonEmptyStr = Annotated[str, Field(min_length=1)]


def _alias_before(aliases: dict[str, str]) -> Any:
    def fold(value: object) -> object:
        if isinstance(value, str):
            key = normalize_term(value)
            return aliases.get(key, key)
        return value

    return BeforeValidator(fold)


def _sector_word(value: object) -> object:
    """Fold a sector word to its built-in id when it is one; else keep it for the case check."""
    if isinstance(value, str):
        return SECTORS.resolve(value) or normalize_term(value)
    return value


def _category_word(value: object) -> object:
    if isinstance(value, str):
        return OBSTACLE_CATEGORIES.resolve(value) or normalize_term(value)
    return value


SectorId = Annotated[str, BeforeValidator(_sector_word)]
CategoryId = Annotated[str, BeforeValidator(_category_word)]


class ImplementationLevel(enum.IntEnum):
    """How far a commitment is implemented: the Peace Accords Matrix ordinal scale.

    ``0`` not initiated, ``1`` minimal, ``2`` intermediate, ``3`` full
    (Joshi, Quinn & Regan 2015, "Annualized implementation data on comprehensive
    intrastate peace accords, 1989-2012", *Journal of Peace Research* 52(4)).
    A commitment with no observation has no data, which is never coded as 0.

    Examples
    --------
    >>> ImplementationLevel(3).name
    'FULL'
    >>> ImplementationLevel.parse("intermediate")
    <ImplementationLevel.INTERMEDIATE: 2>
    """

    NOT_INITIATED = 0
    MINIMAL = 1
    INTERMEDIATE = 2
    FULL = 3

    @classmethod
    def parse(cls, value: object) -> ImplementationLevel:
        """Accept ``0``-``3`` or a name (``"full"``, ``"not initiated"``)."""
        if isinstance(value, cls):
            return value
        if isinstance(value, bool):
            raise ValueError(f"expected a level 0-3, got {value!r}")
        if isinstance(value, int):
            if 0 <= value <= 3:
                return cls(value)
            raise ValueError(
                f"level {value} is outside the scale 0-3 "
                "(0 not initiated, 1 minimal, 2 intermediate, 3 full)"
            )
        if isinstance(value, str):
            key = normalize_term(value).upper()
            if key in cls.__members__:
                return cls[key]
            if key.isdigit():
                return cls.parse(int(key))
        raise ValueError(
            f"expected a level 0-3 or one of not_initiated, minimal, intermediate, full; got {value!r}"
        )


Level = Annotated[
    ImplementationLevel,
    BeforeValidator(ImplementationLevel.parse),
    PlainSerializer(int, return_type=int),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 3,
                    "description": "0 not initiated, 1 minimal, 2 intermediate, 3 full"}),
]

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

_AGREEMENT_ALIASES = {"loi": "letter_of_intent", "mou": "memorandum_of_understanding"}

CommitmentStatus = Literal["agreed", "proposed", "wish"]
"""How firm a commitment is: agreed by the parties, proposed, or one side's wish."""

ObstacleKind = Literal["obstacle", "challenge"]
"""``obstacle``: a present barrier (*hambatan*); ``challenge``: a prospective risk (*tantangan*)."""

_OBSTACLE_KIND_ALIASES = {"hambatan": "obstacle", "tantangan": "challenge", "barrier": "obstacle", "risk": "challenge"}

EventKind = Literal[
    "visit", "study_visit", "signing", "teleconference", "consultation", "meeting",
    "exchange", "invitation", "forum", "other",
]
"""The kind of a dated event."""

SourceKind = Literal[
    "thesis", "report", "news", "web_page", "interview", "legal_text", "book", "article",
    "dataset", "other",
]
"""The kind of a source."""


# --------------------------------------------------------------------------- base


class _Record(BaseModel):
    """Frozen, strict-about-fields base; construction errors become CaseValidationError."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def __init__(self, /, **data: Any) -> None:
        with validating() as outermost:
            try:
                super().__init__(**data)
            except ValidationError as err:
                if not outermost:
                    raise
                extra = _cross_record_problems(data, err) if isinstance(self, Case) else ()
                raise_from_pydantic(err, type(self), extra)

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate ``obj`` (a dict) into this model; errors are :class:`~sistercity.CaseValidationError`."""
        with validating() as outermost:
            try:
                return super().model_validate(obj, *args, **kwargs)
            except ValidationError as err:
                if not outermost:
                    raise
                extra = _cross_record_problems(obj, err) if issubclass(cls, Case) else ()
                raise_from_pydantic(err, cls, extra)


# --------------------------------------------------------------------------- records


class Evidence(_Record):
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


class Source(_Record):
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
    year: int | None = Field(default=None, ge=1, le=9999)
    date: PartialDate | None = None
    url: str | None = Field(default=None, pattern=r"^(https?|file)://\S+$")
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    publisher: str = ""
    cited_in: Id | None = None
    note: str = ""


class Actor(_Record):
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


class Signatory(_Record):
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


class Agreement(_Record):
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
    kind: Annotated[AgreementKind, _alias_before(_AGREEMENT_ALIASES)]
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


class Commitment(_Record):
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
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    targets: tuple[Id, ...] = ()
    status: CommitmentStatus = "agreed"
    proposed: PartialDate | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str = ""


class Observation(_Record):
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


class Mitigation(_Record):
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


class Obstacle(_Record):
    """What blocks (``obstacle``, *hambatan*) or threatens (``challenge``, *tantangan*) commitments.

    Examples
    --------
    >>> Obstacle(id="o1", kind="hambatan", category="iklim", title="Climate", affects=["c2"]).category
    'geographic_climatic'
    """

    id: Id
    kind: Annotated[ObstacleKind, _alias_before(_OBSTACLE_KIND_ALIASES)]
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


class Event(_Record):
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


class Target(_Record):
    """One policy target or strategic issue that cooperation should serve.

    Examples
    --------
    >>> Target(id="t4", text="Involvement of youth, students and academics").id
    't4'
    """

    id: Id
    text: NonEmptyStr


class PolicyFramework(_Record):
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


class VocabularyTerm(_Record):
    """A term a case adds to a vocabulary (a sector or an obstacle category).

    ``group`` is a sector's benefit field (one of
    :data:`sistercity.vocab.BENEFIT_FIELDS`); ``aliases`` are other words for the
    term, which the case's records may use and which are folded to ``id``.

    Examples
    --------
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


class CaseVocabulary(_Record):
    """Sectors and obstacle categories a case adds to the built-in vocabularies.

    Examples
    --------
    >>> v = CaseVocabulary(obstacle_categories=[{"id": "pandemic", "label": "Pandemic"}])
    >>> v.obstacle_categories[0].to_term().id
    'pandemic'
    """

    sectors: tuple[VocabularyTerm, ...] = ()
    obstacle_categories: tuple[VocabularyTerm, ...] = ()


# --------------------------------------------------------------------------- case


class Case(_Record):
    """Everything known about one partnership, or a network of them.

    Building a case checks, and reports at once: unique ids per kind; that every
    reference (parties, sectors, providers, sources, targets, ...) resolves; that
    a commitment's sector is one its agreement names (unless ``open_sectors``);
    and that dates are ordered (an agreement does not end before it starts).
    Type errors in single fields and cross-record problems are reported
    together; a reference to a record that is itself ill-typed is not reported
    again as dangling.

    Examples
    --------
    >>> case = Case(
    ...     id="demo", title="Demo",
    ...     actors=[dict(id="a", name="A", level="subnational", kind="government", country="ID"),
    ...             dict(id="b", name="B", level="subnational", kind="government", country="JP")],
    ...     agreements=[dict(id="loi", kind="letter_of_intent", parties=["a", "b"],
    ...                      signed="2016-11", sectors=["education"])],
    ...     commitments=[dict(id="c1", agreement="loi", sector="education", title="Exchange")],
    ... )
    >>> len(case.actors), case.agreements[0].signed.precision
    (2, 'month')
    """

    schema_version: Literal[1] = 1
    id: Id
    title: NonEmptyStr
    description: str = ""
    period_start: PartialDate | None = None
    period_end: PartialDate | None = None
    vocabulary: CaseVocabulary = CaseVocabulary()
    actors: tuple[Actor, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    observations: tuple[Observation, ...] = ()
    obstacles: tuple[Obstacle, ...] = ()
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
    policy_frameworks: tuple[PolicyFramework, ...] = ()
    notes: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _fold_case_aliases(cls, data: Any) -> Any:
        """Fold the aliases a case's own vocabulary defines to their ids, before validation."""
        if not isinstance(data, dict):
            return data
        sectors, categories = _case_aliases(data.get("vocabulary"))
        if not sectors and not categories:
            return data
        out = dict(data)
        out["agreements"] = [_fold(a, "sectors", sectors, many=True) for a in data.get("agreements") or ()]
        out["commitments"] = [_fold(c, "sector", sectors) for c in data.get("commitments") or ()]
        out["obstacles"] = [_fold(o, "category", categories) for o in data.get("obstacles") or ()]
        for key in ("agreements", "commitments", "obstacles"):
            if key not in data:
                del out[key]
        return out

    @model_validator(mode="after")
    def _check_integrity(self) -> Case:
        problems = list(_integrity_problems(self))
        if problems:
            raise IntegrityError(problems)
        return self

    # ---- vocabularies

    @cached_property
    def sector_vocabulary(self) -> Vocabulary:
        """The built-in sectors plus the ones this case adds."""
        return SECTORS.extend(t.to_term() for t in self.vocabulary.sectors)

    @cached_property
    def category_vocabulary(self) -> Vocabulary:
        """The built-in obstacle categories plus the ones this case adds."""
        return OBSTACLE_CATEGORIES.extend(t.to_term() for t in self.vocabulary.obstacle_categories)

    # ---- look-ups

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (``KeyError`` if none)."""
        return _index(self.actors, actor_id, "actor")

    def agreement(self, agreement_id: str) -> Agreement:
        """The agreement with this id (``KeyError`` if none)."""
        return _index(self.agreements, agreement_id, "agreement")

    def commitment(self, commitment_id: str) -> Commitment:
        """The commitment with this id (``KeyError`` if none)."""
        return _index(self.commitments, commitment_id, "commitment")

    def source(self, source_id: str) -> Source:
        """The source with this id (``KeyError`` if none)."""
        return _index(self.sources, source_id, "source")

    @cached_property
    def tables(self) -> CaseTables:
        """The case as tidy pandas tables (computed once per case)."""
        from sistercity.tables import CaseTables

        return CaseTables.from_case(self)

    # ---- serialisation

    def to_dict(self) -> dict[str, Any]:
        """The case as plain JSON-compatible data, defaults left out."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude_defaults=True)
        data.setdefault("schema_version", 1)
        return {"schema_version": data.pop("schema_version"), **data}

    def to_json(self, path: str | Path | None = None, *, indent: int = 2) -> str:
        """The case as JSON; written to ``path`` too when given (UTF-8).

        Examples
        --------
        >>> from sistercity import datasets
        >>> text = datasets.load("bogor-kisarazu").to_json()
        >>> text.startswith('{')
        True
        """
        import json

        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_yaml(self, path: str | Path | None = None) -> str:
        """The case as YAML; written to ``path`` too when given (UTF-8).

        Examples
        --------
        >>> from sistercity import datasets, io
        >>> case = datasets.load("bogor-kisarazu")
        >>> io.loads_case(case.to_yaml(), format="yaml") == case
        True
        """
        import yaml

        text = yaml.safe_dump(
            self.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


_R = TypeVar("_R", Actor, Agreement, Commitment, Source)


_RECORD_LISTS: dict[str, type[_Record]] = {}  # filled below, once the classes exist


def _cross_record_problems(data: Any, error: ValidationError | None = None) -> list[tuple[Loc, str]]:
    """The cross-record problems of a case whose fields are not all well typed.

    Pydantic stops before :class:`Case`'s own checks when any field is ill-typed.
    To still report every problem at once, each record is validated on its own;
    the well-typed ones are checked against each other with the same rules, and
    a reference to a record that failed its own validation is not reported again
    as dangling. Returns ``[]`` when ``error`` already carries these problems.
    """
    if error is not None and has_integrity_error(error):
        return []
    if not isinstance(data, dict):
        return []
    sectors, categories = _case_aliases(data.get("vocabulary"))
    failed: set[str] = set()
    kept: dict[str, list[int]] = {}
    records: dict[str, Any] = {}
    with validating():
        for name, model in _RECORD_LISTS.items():
            raw = data.get(name)
            good: list[Any] = []
            kept[name] = []
            for i, rec in enumerate(raw if isinstance(raw, (list, tuple)) else ()):
                if name == "agreements":
                    rec = _fold(rec, "sectors", sectors, many=True)
                elif name == "commitments":
                    rec = _fold(rec, "sector", sectors)
                elif name == "obstacles":
                    rec = _fold(rec, "category", categories)
                try:
                    good.append(rec if isinstance(rec, model) else model.model_validate(rec))
                except (ValidationError, ValueError, TypeError):
                    rid = rec.get("id") if isinstance(rec, dict) else None
                    if isinstance(rid, str):
                        failed.add(rid)
                    continue
                kept[name].append(i)
            records[name] = tuple(good)
        try:
            vocabulary = CaseVocabulary.model_validate(data.get("vocabulary") or {})
        except (ValidationError, ValueError, TypeError):
            vocabulary = CaseVocabulary()
    partial = Case.model_construct(id="_", title="_", vocabulary=vocabulary, **records)
    out: list[tuple[Loc, str]] = []
    for loc, msg in _integrity_problems(partial):
        if msg.startswith("no ") and any(f"id {fid!r}" in msg for fid in failed):
            continue
        if len(loc) >= 2 and loc[0] in kept and isinstance(loc[1], int):
            loc = (loc[0], kept[str(loc[0])][loc[1]], *loc[2:])
        out.append((loc, msg))
    return out


def _case_aliases(vocabulary: object) -> tuple[dict[str, str], dict[str, str]]:
    """Alias -> id maps (normalised keys) of a case's own sectors and categories, if readable."""
    out: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for k, field in enumerate(("sectors", "obstacle_categories")):
        if isinstance(vocabulary, CaseVocabulary):
            terms: Any = getattr(vocabulary, field)
        elif isinstance(vocabulary, dict):
            terms = vocabulary.get(field) or ()
        else:
            continue
        if not isinstance(terms, (list, tuple)):
            continue
        for term in terms:
            tid = term.id if isinstance(term, VocabularyTerm) else term.get("id") if isinstance(term, dict) else None
            aliases = (term.aliases if isinstance(term, VocabularyTerm)
                       else term.get("aliases") if isinstance(term, dict) else None)
            if isinstance(tid, str) and isinstance(aliases, (list, tuple)):
                for alias in aliases:
                    if isinstance(alias, str):
                        out[k][normalize_term(alias)] = normalize_term(tid)
    return out


def _fold(record: Any, field: str, aliases: dict[str, str], *, many: bool = False) -> Any:
    """``record`` (a dict or a model) with ``field``'s alias words replaced by ids."""
    if not aliases:
        return record
    value = record.get(field) if isinstance(record, dict) else getattr(record, field, None)

    def one(word: Any) -> Any:
        return aliases.get(normalize_term(word), word) if isinstance(word, str) else word

    if many:
        if not isinstance(value, (list, tuple)):
            return record
        new: Any = type(value)(one(w) for w in value)
    else:
        new = one(value)
    if new == value:
        return record
    if isinstance(record, dict):
        return {**record, field: new}
    if isinstance(record, BaseModel):
        return record.model_copy(update={field: new})
    return record


def _index(items: Iterable[_R], key: str, what: str) -> _R:
    for item in items:
        if item.id == key:
            return item
    raise KeyError(f"no {what} with id {key!r}")


def _hint(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_RECORD_LISTS.update(
    actors=Actor, agreements=Agreement, commitments=Commitment, observations=Observation,
    obstacles=Obstacle, events=Event, sources=Source, policy_frameworks=PolicyFramework,
)


def _integrity_problems(case: Case) -> Iterator[tuple[Loc, str]]:
    """Every cross-record problem of ``case`` (duplicate ids, dangling refs, order of dates)."""
    kinds: dict[str, tuple[str, tuple[Any, ...]]] = {
        "actor": ("actors", case.actors),
        "agreement": ("agreements", case.agreements),
        "commitment": ("commitments", case.commitments),
        "obstacle": ("obstacles", case.obstacles),
        "event": ("events", case.events),
        "source": ("sources", case.sources),
        "policy framework": ("policy_frameworks", case.policy_frameworks),
    }
    ids: dict[str, set[str]] = {}
    for what, (field, items) in kinds.items():
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                yield (field, i, "id"), f"duplicate {what} id {item.id!r}; ids must be unique among {field}"
            seen.add(item.id)
        ids[what] = seen
    targets: set[str] = set()
    for i, fw in enumerate(case.policy_frameworks):
        for j, t in enumerate(fw.targets):
            if t.id in targets:
                yield ("policy_frameworks", i, "targets", j, "id"), f"duplicate target id {t.id!r}"
            targets.add(t.id)
    ids["target"] = targets

    def ref(loc: Loc, value: str | None, what: str) -> Iterator[tuple[Loc, str]]:
        if value is not None and value not in ids[what]:
            yield loc, f"no {what} with id {value!r}{_hint(value, ids[what])}"

    def refs(loc: Loc, values: Iterable[str], what: str) -> Iterator[tuple[Loc, str]]:
        for k, v in enumerate(values):
            yield from ref((*loc, k), v, what)

    def evidence(loc: Loc, items: Iterable[Evidence]) -> Iterator[tuple[Loc, str]]:
        for k, ev in enumerate(items):
            yield from ref((*loc, k, "source"), ev.source, "source")

    for k, term in enumerate(case.vocabulary.sectors):
        if term.group not in BENEFIT_FIELDS:
            yield (("vocabulary", "sectors", k, "group"),
                   f"unknown benefit field {term.group!r}{_hint(term.group, BENEFIT_FIELDS)}; "
                   f"expected one of {', '.join(BENEFIT_FIELDS)}")
    try:
        sectors = case.sector_vocabulary
        categories = case.category_vocabulary
    except ValueError as err:  # an added term clashes with a built-in id or alias
        yield ("vocabulary",), str(err)
        return

    def vocab(loc: Loc, value: str, v: Vocabulary) -> Iterator[tuple[Loc, str]]:
        if value not in v:
            sugg = v.suggest(value, n=1)
            hint = f" (did you mean {sugg[0]!r}?)" if sugg else ""
            yield loc, (
                f"unknown {v.name} {value!r}{hint}; expected one of the built-in {v.name}s "
                f"({', '.join(v)}) or one the case adds under vocabulary"
            )

    if case.period_start and case.period_end and case.period_end.end() < case.period_start.start():
        yield ("period_end",), f"period ends ({case.period_end}) before it starts ({case.period_start})"

    for i, src in enumerate(case.sources):
        if src.cited_in == src.id:
            yield ("sources", i, "cited_in"), "a source cannot be cited in itself"
        else:
            yield from ref(("sources", i, "cited_in"), src.cited_in, "source")

    for i, a in enumerate(case.actors):
        if a.parent == a.id:
            yield ("actors", i, "parent"), "an actor cannot be its own parent"
        else:
            yield from ref(("actors", i, "parent"), a.parent, "actor")
        yield from evidence(("actors", i, "evidence"), a.evidence)

    agreement_sectors: dict[str, tuple[set[str], bool]] = {}
    for i, ag in enumerate(case.agreements):
        loc: Loc = ("agreements", i)
        yield from refs((*loc, "parties"), ag.parties, "actor")
        dup = [p for p, n in Counter(ag.parties).items() if n > 1]
        if dup:
            yield (*loc, "parties"), f"party {dup[0]!r} is listed twice; an agreement needs two distinct parties"
        for k, s in enumerate(ag.signatories):
            yield from ref((*loc, "signatories", k, "actor"), s.actor, "actor")
            yield from ref((*loc, "signatories", k, "on_behalf_of"), s.on_behalf_of, "actor")
            yield from evidence((*loc, "signatories", k, "evidence"), s.evidence)
        for k, sec in enumerate(ag.sectors):
            yield from vocab((*loc, "sectors", k), sec, sectors)
        if ag.parent == ag.id:
            yield (*loc, "parent"), "an agreement cannot be its own parent"
        else:
            yield from ref((*loc, "parent"), ag.parent, "agreement")
        start = ag.start
        if ag.signed and ag.effective and ag.effective.end() < ag.signed.start():
            yield (*loc, "effective"), f"takes effect ({ag.effective}) before it was signed ({ag.signed})"
        if start and ag.ends and ag.ends.end() < start.start():
            yield (*loc, "ends"), f"ends ({ag.ends}) before it starts ({start})"
        if ag.term is not None and ag.term <= 0:
            yield (*loc, "term"), "a term must be longer than zero months"
        if ag.renewal_window is not None and ag.term is not None and ag.renewal_window > ag.term:
            yield (*loc, "renewal_window"), "the renewal window is longer than the term"
        yield from evidence((*loc, "evidence"), ag.evidence)
        agreement_sectors[ag.id] = (set(ag.sectors), ag.open_sectors)

    for i, c in enumerate(case.commitments):
        loc = ("commitments", i)
        yield from ref((*loc, "agreement"), c.agreement, "agreement")
        yield from vocab((*loc, "sector"), c.sector, sectors)
        agreed = agreement_sectors.get(c.agreement)
        if agreed and agreed[0] and not agreed[1] and c.sector in sectors and c.sector not in agreed[0]:
            yield (*loc, "sector"), (
                f"sector {c.sector!r} is not one agreement {c.agreement!r} names "
                f"({', '.join(sorted(agreed[0]))}); add it there or set open_sectors: true"
            )
        for role in ("providers", "beneficiaries", "participants"):
            yield from refs((*loc, role), getattr(c, role), "actor")
        yield from refs((*loc, "targets"), c.targets, "target")
        yield from evidence((*loc, "evidence"), c.evidence)

    for i, o in enumerate(case.observations):
        yield from ref(("observations", i, "commitment"), o.commitment, "commitment")
        yield from evidence(("observations", i, "evidence"), o.evidence)

    for i, ob in enumerate(case.obstacles):
        loc = ("obstacles", i)
        yield from vocab((*loc, "category"), ob.category, categories)
        yield from refs((*loc, "affects"), ob.affects, "commitment")
        yield from refs((*loc, "faced_by"), ob.faced_by, "actor")
        for k, m in enumerate(ob.mitigations):
            yield from ref((*loc, "mitigations", k, "commitment"), m.commitment, "commitment")
            yield from refs((*loc, "mitigations", k, "proposed_by"), m.proposed_by, "actor")
            yield from evidence((*loc, "mitigations", k, "evidence"), m.evidence)
        yield from evidence((*loc, "evidence"), ob.evidence)

    for i, ev in enumerate(case.events):
        loc = ("events", i)
        yield from refs((*loc, "participants"), ev.participants, "actor")
        yield from ref((*loc, "agreement"), ev.agreement, "agreement")
        yield from refs((*loc, "commitments"), ev.commitments, "commitment")
        yield from evidence((*loc, "evidence"), ev.evidence)

    for i, fw in enumerate(case.policy_frameworks):
        yield from ref(("policy_frameworks", i, "owner"), fw.owner, "actor")
        yield from evidence(("policy_frameworks", i, "evidence"), fw.evidence)
