"""The vocabularies and the case's own fields in the case-file JSON Schema (private).

Pydantic's schema of :class:`~sistercity.model.Case` gives each record field its
description (the field's docstring) but types sectors, obstacle categories and
implementation levels as plain strings or integers, since a case may add its own
sectors and categories and levels may be written by name. :func:`annotate` adds
what an editor needs to autocomplete them, built from :mod:`sistercity.vocab` at
call time (so the schema never lags the vocabulary):

- a sector or an obstacle category: ``anyOf`` the enum of the built-in ids and
  their aliases, or any other string (a term the case's ``vocabulary`` adds);
- an agreement's or an obstacle's kind: the enum of the kinds and their aliases
  (``loi``, ``mou``, ``hambatan``, ...), which the model folds to the kind;
- an implementation level: 0-3, or a level's name;
- a vocabulary term's ``group``: the benefit fields, or any other string;

and a description of each of the case's own top-level fields.
"""

from __future__ import annotations

from typing import Any, get_args

from sistercity.model import ImplementationLevel
from sistercity.vocab import (
    AGREEMENT_KIND_ALIASES,
    BENEFIT_FIELDS,
    OBSTACLE_CATEGORIES,
    OBSTACLE_KIND_ALIASES,
    SECTORS,
    AgreementKind,
    ObstacleKind,
    Vocabulary,
)

__all__ = ["CASE_FIELDS", "annotate", "level_words", "vocabulary_words"]

CASE_FIELDS: dict[str, str] = {
    "schema_version": "The version of the case-file format: 1.",
    "id": "The case's id (letters, digits, ``_ - . :``).",
    "title": "The case's title, as reports show it.",
    "description": "What the case is about: the partnership, its period and its finding, in a paragraph.",
    "period_start": "The start of the period studied, to the precision known.",
    "period_end": "The end of the period studied; reports read the status at it by default.",
    "vocabulary": "Sectors and obstacle categories the case adds to the built-in vocabularies.",
    "actors": "The actors: governments, officials, agencies, schools, companies, groups.",
    "agreements": "The agreements signed between the parties.",
    "commitments": "What the agreements promise: programmes and projects, each in one sector.",
    "observations": "Coded readings of each commitment's implementation level at a date.",
    "obstacles": "What blocks (obstacles) or threatens (challenges) the commitments.",
    "events": "Dated happenings: signings, visits, meetings, teleconferences, exchanges.",
    "sources": "The documents, pages and interviews that evidence cites.",
    "policy_frameworks": "The cities' policy targets that cooperation should serve.",
    "notes": "The coder's notes on coding decisions and on where the sources disagree.",
}
"""The description of each top-level field of a case file."""


def vocabulary_words(vocabulary: Vocabulary) -> list[str]:
    """The ids of a vocabulary, then every alias, each once, in the vocabulary's order."""
    words = list(vocabulary)
    for term_id in vocabulary:
        words += [a for a in vocabulary[term_id].aliases if a not in words]
    return words


def level_words() -> list[int | str]:
    """The implementation levels as a file may write them: 0-3 and each level's name."""
    names = [lv.name.lower() for lv in ImplementationLevel]
    return [int(lv) for lv in ImplementationLevel] + names + [n.replace("_", " ") for n in names if "_" in n]


def _open_enum(words: list[str], other: str) -> dict[str, Any]:
    return {"anyOf": [{"type": "string", "enum": words}, {"type": "string", "description": other}]}


def _kinds(literal: Any, aliases: dict[str, str]) -> dict[str, Any]:
    return {"type": "string", "enum": [*get_args(literal), *aliases]}


def _keep(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``new`` with the title, description and default of ``old``."""
    return {**new, **{k: old[k] for k in ("title", "description", "default") if k in old}}


def annotate(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (pydantic's, of a case) with the vocabularies as enums and the case's fields described."""
    defs = schema["$defs"]
    sector = _open_enum(vocabulary_words(SECTORS), "a sector the case's vocabulary adds")
    category = _open_enum(vocabulary_words(OBSTACLE_CATEGORIES), "a category the case's vocabulary adds")
    level = {"anyOf": [{"type": "integer", "enum": [w for w in level_words() if isinstance(w, int)]},
                       {"type": "string", "enum": [w for w in level_words() if isinstance(w, str)]}]}
    fields: dict[tuple[str, str], dict[str, Any]] = {
        ("Agreement", "kind"): _kinds(AgreementKind, AGREEMENT_KIND_ALIASES),
        ("Commitment", "sector"): sector,
        ("Observation", "level"): level,
        ("Obstacle", "kind"): _kinds(ObstacleKind, OBSTACLE_KIND_ALIASES),
        ("Obstacle", "category"): category,
        ("VocabularyTerm", "group"): _open_enum(list(BENEFIT_FIELDS), "an obstacle category's group"),
    }
    for (model, name), new in fields.items():
        props = defs[model]["properties"]
        props[name] = _keep(props[name], new)
    sectors = defs["Agreement"]["properties"]["sectors"]
    sectors["items"] = sector
    for name, text in CASE_FIELDS.items():
        schema["properties"][name]["description"] = text
    return schema
