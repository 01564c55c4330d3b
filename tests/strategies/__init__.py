"""Hypothesis strategies for the whole test suite (one place), and case helpers.

This package holds every strategy: this module draws cases shaped for implementation and
obstacle analyses; :mod:`strategies.cases` draws valid cases using every field of the model;
:mod:`strategies.interdep` draws actor networks for the interdependence measures.

:func:`impl_cases` draws cases shaped for implementation and obstacle analyses:
a few agreements with agreed sectors, commitments (some in sectors the agreement
does not name, under an open clause), many dated observations by several coders
at every date precision, and obstacles with mitigations. Reusable by any test
that needs such cases; :func:`rename_ids` and :func:`with_observation` build
variants of a case for metamorphic properties.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from sistercity import model as m
from sistercity.dates import PartialDate

SECTORS = ["education", "culture", "tourism", "agriculture", "health", "environment"]
CODERS = ["ana", "budi", "citra"]
CATEGORIES = ["geographic_climatic", "capacity_supply", "financial", "unspecified"]
SOURCES = ["thesis", "news"]

ACTORS = (
    m.Actor(id="city-a", name="City A", level="subnational", kind="government", country="ID"),
    m.Actor(id="city-b", name="City B", level="subnational", kind="government", country="JP"),
)


@st.composite
def partial_dates(draw: st.DrawFn, min_year: int = 2014, max_year: int = 2020) -> PartialDate:
    """A partial date of any precision between ``min_year`` and ``max_year``."""
    year = draw(st.integers(min_year, max_year))
    month = draw(st.none() | st.integers(1, 12))
    if month is None:
        return PartialDate(year)
    day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year, month, day)


def _evidence(draw: st.DrawFn) -> tuple[m.Evidence, ...]:
    return tuple(
        m.Evidence(source=draw(st.sampled_from(SOURCES)), locator=f"p. {draw(st.integers(1, 99))}")
        for _ in range(draw(st.integers(0, 2)))
    )


@st.composite
def impl_cases(
    draw: st.DrawFn,
    *,
    min_commitments: int = 0,
    max_commitments: int = 7,
    max_observations: int = 14,
    min_observations: int = 0,
) -> m.Case:
    """A small valid case with agreements, commitments, observations and obstacles."""
    agreements = []
    for i in range(draw(st.integers(1, 3))):
        agreements.append(m.Agreement(
            id=f"agr{i}", kind=draw(st.sampled_from(["letter_of_intent", "memorandum_of_understanding"])),
            parties=("city-a", "city-b"), signed=draw(st.none() | partial_dates(max_year=2016)),
            sectors=tuple(draw(st.lists(st.sampled_from(SECTORS), min_size=1, max_size=4, unique=True))),
            open_sectors=draw(st.booleans()),
        ))
    commitments = []
    for i in range(draw(st.integers(min_commitments, max_commitments))):
        ag = draw(st.sampled_from(agreements))
        pool = SECTORS if ag.open_sectors else list(ag.sectors)
        commitments.append(m.Commitment(
            id=f"com{i}", agreement=ag.id, sector=draw(st.sampled_from(pool)), title=f"Commitment {i}",
            weight=draw(st.sampled_from([0.5, 1.0, 1.0, 2.0, 3.0])), evidence=_evidence(draw),
        ))
    ids = [c.id for c in commitments]
    n_obs = draw(st.integers(min_observations if ids else 0, max_observations)) if ids else 0
    observations = [
        m.Observation(commitment=draw(st.sampled_from(ids)), date=draw(partial_dates()),
                      level=draw(st.integers(0, 3)), coder=draw(st.sampled_from(CODERS)),
                      evidence=_evidence(draw))
        for _ in range(n_obs)
    ]
    obstacles = []
    for i in range(draw(st.integers(0, 3))):
        mitigations = tuple(
            m.Mitigation(description=f"Remedy {i}.{k}",
                         commitment=draw(st.none() | st.sampled_from(ids)) if ids else None,
                         proposed=draw(st.none() | partial_dates()), evidence=_evidence(draw))
            for k in range(draw(st.integers(0, 2)))
        )
        obstacles.append(m.Obstacle(
            id=f"obs{i}", kind=draw(st.sampled_from(["obstacle", "challenge"])),
            category=draw(st.sampled_from(CATEGORIES)), title=f"Obstacle {i}",
            affects=tuple(draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))) if ids else (),
            identified=draw(st.none() | partial_dates()), mitigations=mitigations, evidence=_evidence(draw),
        ))
    return m.Case(
        id="case", title="Generated case", actors=ACTORS,
        sources=tuple(m.Source(id=s, kind="report", title=s) for s in SOURCES),
        agreements=tuple(agreements), commitments=tuple(commitments), observations=tuple(observations),
        obstacles=tuple(obstacles),
    )


def at_values() -> st.SearchStrategy[PartialDate | None]:
    """``None`` or a partial date to evaluate a status at."""
    return st.none() | partial_dates(2013, 2021)


def _rename(data: Any, mapping: Callable[[str, str], str]) -> Any:
    """Apply ``mapping(kind, id)`` to every id field of a case dictionary."""
    refs = {
        "actors": {"id": "actor", "parent": "actor"},
        "agreements": {"id": "agreement", "parties": "actor", "parent": "agreement"},
        "commitments": {"id": "commitment", "agreement": "agreement", "providers": "actor",
                        "beneficiaries": "actor", "participants": "actor"},
        "observations": {"commitment": "commitment", "coder": "coder"},
        "obstacles": {"id": "obstacle", "affects": "commitment", "faced_by": "actor"},
        "sources": {"id": "source"},
    }

    def fix(value: Any, kind: str) -> Any:
        if isinstance(value, list):
            return [mapping(kind, v) for v in value]
        return None if value is None else mapping(kind, value)

    def evidence(record: dict[str, Any]) -> None:
        for ev in record.get("evidence", []):
            ev["source"] = mapping("source", ev["source"])

    for table, fields in refs.items():
        for record in data.get(table, []):
            for name, kind in fields.items():
                if name in record:
                    record[name] = fix(record[name], kind)
            evidence(record)
            for mit in record.get("mitigations", []):
                if mit.get("commitment") is not None:
                    mit["commitment"] = mapping("commitment", mit["commitment"])
                evidence(mit)
    return data


def rename_ids(case: m.Case) -> tuple[m.Case, dict[str, dict[str, str]]]:
    """The same case with every id (and coder name) replaced, in reversed sort order.

    Returns the new case and the mapping ``{kind: {old: new}}``.
    """
    data = case.to_dict()
    seen: dict[str, set[str]] = {}

    def collect(kind: str, value: str) -> str:
        seen.setdefault(kind, set()).add(value)
        return value

    _rename(case.to_dict(), collect)
    data.setdefault("observations", [])
    for o in case.observations:  # the default coder is dropped by to_dict
        seen.setdefault("coder", set()).add(o.coder)
    for o in data["observations"]:
        o.setdefault("coder", "unspecified")
    mapping: dict[str, dict[str, str]] = {}
    for kind, values in seen.items():
        ordered = sorted(values)
        mapping[kind] = {old: f"z{kind[:3]}{len(ordered) - i:03d}" for i, old in enumerate(ordered)}
    renamed = _rename(data, lambda kind, value: mapping[kind][value])
    return m.Case.model_validate(renamed), mapping


def replace(case: m.Case, **fields: Any) -> m.Case:
    """A new, validated case with ``fields`` replaced (never ``model_copy``: it would copy
    the cached tables of the old case)."""
    values = {name: getattr(case, name) for name in m.Case.model_fields}
    values.update(fields)
    return m.Case(**values)


def with_observation(case: m.Case, observation: m.Observation) -> m.Case:
    """``case`` with ``observation`` appended to its observations."""
    return replace(case, observations=(*case.observations, observation))


def with_level(case: m.Case, index: int, level: int) -> m.Case:
    """``case`` with the level of observation ``index`` set to ``level``."""
    obs = list(case.observations)
    old = obs[index]
    obs[index] = m.Observation(commitment=old.commitment, date=old.date, level=level, coder=old.coder,
                               evidence=old.evidence, note=old.note)
    return replace(case, observations=tuple(obs))
