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

from sistercity.model._case import Case
from sistercity.model._records import (
    Actor,
    Agreement,
    CaseVocabulary,
    Commitment,
    Event,
    Evidence,
    Mitigation,
    Observation,
    Obstacle,
    PolicyFramework,
    Signatory,
    Source,
    Target,
    VocabularyTerm,
)
from sistercity.model._types import ImplementationLevel
from sistercity.vocab import (
    AGREEMENT_KINDS,
    ActorKind,
    ActorLevel,
    AgreementKind,
    CommitmentStatus,
    EventKind,
    ObstacleKind,
    SourceKind,
)

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
