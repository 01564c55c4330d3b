"""Hypothesis strategies for valid cases, using every field of the model."""

from __future__ import annotations

import calendar
from typing import Any, get_args

from hypothesis import strategies as st

from sistercity import model as m
from sistercity.dates import PartialDate

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")) | st.sampled_from("\n<>&'\""),
    max_size=16,
)
NONEMPTY = TEXT.map(str.strip).filter(bool)
SECTOR_IDS = ["education", "culture", "tourism", "agriculture", "health", "environment", "security_defence"]
COUNTRIES = ["ID", "JP", "KR", "NO", "US"]


@st.composite
def partial_dates(draw: st.DrawFn, min_year: int = 1990, max_year: int = 2030) -> PartialDate:
    """A partial date of any precision."""
    year = draw(st.integers(min_year, max_year))
    month = draw(st.none() | st.integers(1, 12))
    if month is None:
        return PartialDate(year)
    day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year, month, day)


def _evidence(sources: list[str]) -> st.SearchStrategy[tuple[m.Evidence, ...]]:
    if not sources:
        return st.just(())
    one = st.builds(m.Evidence, source=st.sampled_from(sources), locator=TEXT, quote=TEXT, note=TEXT)
    return st.lists(one, max_size=2).map(tuple)


def _subset(draw: st.DrawFn, items: list[str], max_size: int = 3) -> tuple[str, ...]:
    if not items:
        return ()
    return tuple(draw(st.lists(st.sampled_from(items), max_size=max_size, unique=True)))


@st.composite
def cases(draw: st.DrawFn, *, min_commitments: int = 0) -> m.Case:
    """A valid case with every kind of record."""
    src_ids = [f"src{i}" for i in range(draw(st.integers(0, 3)))]
    sources = [
        m.Source(
            id=sid, kind=draw(st.sampled_from(get_args(m.SourceKind))), title=draw(NONEMPTY),
            author=draw(TEXT), year=draw(st.none() | st.integers(1900, 2030)),
            date=draw(st.none() | partial_dates()),
            url=draw(st.none() | st.sampled_from(["https://example.org/a?b=1", "http://kotabogor.go.id/x"])),
            language=draw(st.none() | st.sampled_from(["id", "en", "ja"])),
            cited_in=draw(st.none() | st.sampled_from(src_ids[:k])) if k else None,
        )
        for k, sid in enumerate(src_ids)
    ]
    ev = _evidence(src_ids)
    actor_ids = [f"act{i}" for i in range(draw(st.integers(2, 5)))]
    actors = []
    for i, aid in enumerate(actor_ids):
        actors.append(m.Actor(
            id=aid, name=draw(NONEMPTY), level=draw(st.sampled_from(get_args(m.ActorLevel))),
            kind=draw(st.sampled_from(get_args(m.ActorKind))), country=draw(st.sampled_from(COUNTRIES)),
            parent=draw(st.none() | st.sampled_from(actor_ids[:i])) if i else None,
            governmental=draw(st.none() | st.booleans()), description=draw(TEXT), evidence=draw(ev),
            note=draw(TEXT),
        ))
    agreements = []
    for i in range(draw(st.integers(1, 3))):
        parties = draw(st.lists(st.sampled_from(actor_ids), min_size=2, max_size=3, unique=True))
        term = draw(st.none() | st.integers(1, 120))
        signed = draw(st.none() | partial_dates())
        agreements.append(m.Agreement(
            id=f"agr{i}", kind=draw(st.sampled_from(get_args(m.AgreementKind))), title=draw(TEXT),
            parties=tuple(parties),
            signatories=tuple(
                m.Signatory(actor=draw(st.sampled_from(actor_ids)),
                            on_behalf_of=draw(st.none() | st.sampled_from(parties)), evidence=draw(ev),
                            note=draw(TEXT))
                for _ in range(draw(st.integers(0, 2)))
            ),
            signed=signed,
            ends=draw(st.none() | partial_dates(min_year=2031, max_year=2060)),
            term=term,
            renewal_window=draw(st.none() | st.integers(1, term)) if term else None,
            binding=draw(st.none() | st.booleans()),
            sectors=tuple(draw(st.lists(st.sampled_from(SECTOR_IDS), min_size=1, max_size=4, unique=True))),
            open_sectors=draw(st.booleans()),
            parent=f"agr{i - 1}" if i and draw(st.booleans()) else None,
            evidence=draw(ev), note=draw(TEXT),
        ))
    frameworks = []
    if draw(st.booleans()):
        frameworks.append(m.PolicyFramework(
            id="fw", title=draw(NONEMPTY), owner=draw(st.none() | st.sampled_from(actor_ids)),
            requirement=draw(st.sampled_from(["at_least_one", "none"])),
            targets=tuple(m.Target(id=f"t{k}", text=draw(NONEMPTY)) for k in range(draw(st.integers(1, 3)))),
            evidence=draw(ev), note=draw(TEXT),
        ))
    target_ids = [t.id for fw in frameworks for t in fw.targets]
    commitments = []
    for i in range(draw(st.integers(min_commitments, 5))):
        ag = draw(st.sampled_from(agreements))
        commitments.append(m.Commitment(
            id=f"com{i}", agreement=ag.id, sector=draw(st.sampled_from(ag.sectors)), title=draw(NONEMPTY),
            description=draw(TEXT), providers=_subset(draw, actor_ids), beneficiaries=_subset(draw, actor_ids),
            participants=_subset(draw, actor_ids),
            weight=draw(st.floats(min_value=0.01, max_value=100, allow_nan=False, allow_infinity=False)),
            targets=_subset(draw, target_ids), proposed=draw(st.none() | partial_dates()),
            status=draw(st.sampled_from(["agreed", "proposed", "wish"])),
            evidence=draw(ev), note=draw(TEXT),
        ))
    com_ids = [c.id for c in commitments]
    observations = [
        m.Observation(commitment=draw(st.sampled_from(com_ids)), date=draw(partial_dates()),
                      level=draw(st.integers(0, 3)), coder=draw(st.sampled_from(["ana", "budi"])),
                      evidence=draw(ev), note=draw(TEXT))
        for _ in range(draw(st.integers(0, 8)) if com_ids else 0)
    ]
    obstacles = [
        m.Obstacle(
            id=f"obs{i}", kind=draw(st.sampled_from(["obstacle", "challenge"])),
            category=draw(st.sampled_from(["geographic_climatic", "capacity_supply", "financial", "unspecified"])),
            title=draw(NONEMPTY), description=draw(TEXT), affects=_subset(draw, com_ids),
            faced_by=_subset(draw, actor_ids), severity=draw(st.none() | st.sampled_from(["low", "medium", "high"])),
            identified=draw(st.none() | partial_dates()),
            mitigations=tuple(
                m.Mitigation(description=draw(NONEMPTY),
                             commitment=draw(st.none() | st.sampled_from(com_ids)) if com_ids else None,
                             proposed_by=_subset(draw, actor_ids), proposed=draw(st.none() | partial_dates()),
                             evidence=draw(ev))
                for _ in range(draw(st.integers(0, 2)))
            ),
            evidence=draw(ev), note=draw(TEXT),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    events = [
        m.Event(
            id=f"evt{i}", date=draw(partial_dates()), approximate=draw(st.booleans()),
            kind=draw(st.sampled_from(get_args(m.EventKind))),
            title=draw(NONEMPTY), participants=_subset(draw, actor_ids), location=draw(TEXT),
            agreement=draw(st.none() | st.sampled_from([a.id for a in agreements])),
            commitments=_subset(draw, com_ids), evidence=draw(ev), note=draw(TEXT),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        extra["vocabulary"] = m.CaseVocabulary(
            sectors=(m.VocabularyTerm(id="urban_farming", label="Urban farming", group="economy",
                                      aliases=("kebun kota",)),)
        )
    return m.Case(
        id="case", title=draw(NONEMPTY), description=draw(TEXT),
        period_start=draw(st.none() | partial_dates(max_year=2000)),
        period_end=draw(st.none() | partial_dates(min_year=2001)),
        actors=tuple(actors), agreements=tuple(agreements), commitments=tuple(commitments),
        observations=tuple(observations), obstacles=tuple(obstacles), events=tuple(events),
        sources=tuple(sources), policy_frameworks=tuple(frameworks),
        notes=tuple(draw(st.lists(NONEMPTY, max_size=2))), **extra,
    )
