"""Small hand-made cases and hypothesis strategies for the interdependence and network tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from sistercity import Case

LEVELS = ("national", "subnational", "nonstate")
COUNTRIES = ("ID", "JP", "KR")
SECTORS = ("education", "culture", "tourism", "agriculture", "health", "security_defence")
STATUSES = ("agreed", "proposed", "wish")


def actor(id: str, level: str = "subnational", country: str = "ID", *, kind: str = "government",
          governmental: bool | None = None, name: str | None = None) -> dict[str, Any]:
    d: dict[str, Any] = dict(id=id, name=name or id.title(), level=level, kind=kind, country=country)
    if governmental is not None:
        d["governmental"] = governmental
    return d


def commitment(id: str, sector: str, *, providers: Sequence[str] = (), beneficiaries: Sequence[str] = (),
               participants: Sequence[str] = (), weight: float = 1.0, agreement: str = "ag",
               proposed: str | None = None, status: str = "agreed") -> dict[str, Any]:
    d: dict[str, Any] = dict(id=id, agreement=agreement, sector=sector, title=f"Commitment {id}",
                             providers=list(providers), beneficiaries=list(beneficiaries),
                             participants=list(participants), weight=weight, status=status)
    if proposed:
        d["proposed"] = proposed
    return d


def make_case(
    actors: Iterable[Mapping[str, Any]],
    *,
    parties: Sequence[str] | None = None,
    sectors: Sequence[str] = (),
    commitments: Iterable[Mapping[str, Any]] = (),
    events: Iterable[Mapping[str, Any]] = (),
    signed: str | None = "2016-11-18",
    extra_agreements: Iterable[Mapping[str, Any]] = (),
) -> Case:
    """A case with one agreement ``ag`` between ``parties`` (default: the first two actors)."""
    actors = [dict(a) for a in actors]
    commitments = [dict(c) for c in commitments]
    if parties is None:
        parties = [actors[0]["id"], actors[1]["id"]]
    ag: dict[str, Any] = dict(id="ag", kind="memorandum_of_understanding", parties=list(parties),
                              sectors=list(sectors), open_sectors=True)
    if signed:
        ag["signed"] = signed
    return Case(id="t", title="Test case", actors=actors, agreements=[ag, *extra_agreements],
                commitments=commitments, events=list(events))


def event(id: str, date: str, participants: Sequence[str], *, commitments: Sequence[str] = (),
          kind: str = "meeting") -> dict[str, Any]:
    return dict(id=id, date=date, kind=kind, title=f"Event {id}", participants=list(participants),
                commitments=list(commitments))


# ----------------------------------------------------------------------------- hypothesis


@st.composite
def cases(draw: st.DrawFn, *, min_actors: int = 2, max_actors: int = 7, statuses: bool = False) -> Case:
    """A random small, valid case: actors, one agreement, commitments and events among them.

    With ``statuses``, commitments are agreed, proposed or wishes at random (else all agreed).
    """
    n = draw(st.integers(min_actors, max_actors))
    ids = [f"a{i}" for i in range(n)]
    acts = []
    for i in ids:
        level = draw(st.sampled_from(LEVELS))
        acts.append(actor(i, level, draw(st.sampled_from(COUNTRIES)),
                          governmental=draw(st.booleans()) if level == "nonstate" else None))
    subset = st.lists(st.sampled_from(ids), max_size=3, unique=True)
    coms = []
    for k in range(draw(st.integers(0, 5))):
        coms.append(commitment(f"c{k}", draw(st.sampled_from(SECTORS)), providers=draw(subset),
                               beneficiaries=draw(subset), participants=draw(subset),
                               weight=draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])),
                               status=draw(st.sampled_from(STATUSES)) if statuses else "agreed"))
    evs = []
    for k in range(draw(st.integers(0, 3))):
        linked = draw(st.lists(st.sampled_from([c["id"] for c in coms]), max_size=2, unique=True)) if coms else []
        evs.append(event(f"e{k}", draw(st.sampled_from(["2016", "2016-11", "2017-05-02", "2018"])),
                         draw(st.lists(st.sampled_from(ids), min_size=0, max_size=4, unique=True)),
                         commitments=linked))
    parties = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
    sectors = draw(st.lists(st.sampled_from(SECTORS), max_size=4, unique=True))
    return make_case(acts, parties=parties, sectors=sectors, commitments=coms, events=evs)


def relabel(case: Case, mapping: Mapping[str, str]) -> Case:
    """The same case with actor ids renamed (every reference follows)."""
    data = case.to_dict()
    m = dict(mapping)

    def sub(x: str) -> str:
        return m.get(x, x)

    for a in data.get("actors", []):
        a["id"] = sub(a["id"])
        if a.get("parent"):
            a["parent"] = sub(a["parent"])
    for ag in data.get("agreements", []):
        ag["parties"] = [sub(p) for p in ag["parties"]]
    for c in data.get("commitments", []):
        for role in ("providers", "beneficiaries", "participants"):
            if role in c:
                c[role] = [sub(p) for p in c[role]]
    for e in data.get("events", []):
        if "participants" in e:
            e["participants"] = [sub(p) for p in e["participants"]]
    return Case(**data)


def all_agreed(case: Case) -> Case:
    """The same case with every commitment agreed."""
    data = case.to_dict()
    for c in data.get("commitments", []):
        c["status"] = "agreed"
    return Case(**data)


def with_isolate(case: Case, *, id: str = "zz-isolated", country: str = "KR") -> Case:
    """The same case with one more actor that has no tie."""
    data = case.to_dict()
    data["actors"] = [*data.get("actors", []), actor(id, "nonstate", country)]
    return Case(**data)
