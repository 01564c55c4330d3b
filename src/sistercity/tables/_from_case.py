"""The rows of a validated case, as the tables' frames (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from sistercity.exceptions import CaseValidationError
from sistercity.tables._schema import SCHEMA, FrameError, categories, empty, typed

if TYPE_CHECKING:
    from sistercity.model import Case

__all__ = ["case_frames"]


def case_frames(case: Case) -> dict[str, pd.DataFrame]:
    """One frame per table of :data:`SCHEMA`, holding ``case``'s records."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMA}
    groups = case.sector_vocabulary.groups()

    def ev(record: str, rid: str, items: Any) -> None:
        for e in items:
            rows["evidence"].append(dict(record=record, record_id=rid, source=e.source,
                                         locator=e.locator, quote=e.quote))

    for a in case.actors:
        rows["actors"].append(dict(actor=a.id, name=a.name, level=a.level, kind=a.kind, country=a.country,
                                   parent=a.parent, governmental=a.is_governmental))
        ev("actor", a.id, a.evidence)
    for ag in case.agreements:
        start, end = ag.start, ag.end
        rows["agreements"].append(dict(
            agreement=ag.id, kind=ag.kind, title=ag.title, signed=_s(ag.signed),
            start=_s(start), start_first=start.start() if start else None,
            start_last=start.end() if start else None,
            end=_s(end), end_first=end.start() if end else None, end_last=end.end() if end else None,
            term_months=ag.term, renewal_window_months=ag.renewal_window, binding=ag.binding,
            open_sectors=ag.open_sectors, parent=ag.parent,
        ))
        rows["agreement_parties"].extend(dict(agreement=ag.id, actor=p) for p in ag.parties)
        for k, sg in enumerate(ag.signatories):
            rows["signatories"].append(dict(agreement=ag.id, signatory=k, actor=sg.actor,
                                            on_behalf_of=sg.on_behalf_of, note=sg.note))
            ev("signatory", f"{ag.id}/{k}", sg.evidence)
        rows["agreement_sectors"].extend(
            dict(agreement=ag.id, sector=s, field=groups.get(s)) for s in ag.sectors
        )
        ev("agreement", ag.id, ag.evidence)
    for c in case.commitments:
        rows["commitments"].append(dict(commitment=c.id, agreement=c.agreement, sector=c.sector,
                                        field=groups.get(c.sector), title=c.title, weight=c.weight,
                                        status=c.status, proposed=_s(c.proposed)))
        for role, ids in (("provider", c.providers), ("beneficiary", c.beneficiaries),
                          ("participant", c.participants)):
            rows["commitment_actors"].extend(dict(commitment=c.id, actor=a, role=role) for a in ids)
        rows["commitment_targets"].extend(dict(commitment=c.id, target=t) for t in c.targets)
        ev("commitment", c.id, c.evidence)
    for i, o in enumerate(case.observations):
        rows["observations"].append(dict(observation=i, commitment=o.commitment, date=str(o.date),
                                         date_first=o.date.start(), date_last=o.date.end(),
                                         precision=o.date.precision, level=int(o.level), coder=o.coder))
        ev("observation", str(i), o.evidence)
    for ob in case.obstacles:
        rows["obstacles"].append(dict(obstacle=ob.id, kind=ob.kind, category=ob.category, title=ob.title,
                                      severity=ob.severity, identified=_s(ob.identified)))
        rows["obstacle_links"].extend(dict(obstacle=ob.id, commitment=c) for c in ob.affects)
        for k, m in enumerate(ob.mitigations):
            rows["mitigations"].append(dict(obstacle=ob.id, mitigation=k, description=m.description,
                                            commitment=m.commitment, proposed=_s(m.proposed)))
            ev("mitigation", f"{ob.id}/{k}", m.evidence)
        ev("obstacle", ob.id, ob.evidence)
    for e in case.events:
        rows["events"].append(dict(event=e.id, date=str(e.date), date_first=e.date.start(),
                                   date_last=e.date.end(), precision=e.date.precision, kind=e.kind,
                                   title=e.title, agreement=e.agreement, location=e.location))
        rows["event_participants"].extend(dict(event=e.id, actor=a) for a in e.participants)
        rows["event_commitments"].extend(dict(event=e.id, commitment=c) for c in e.commitments)
        ev("event", e.id, e.evidence)
    for s in case.sources:
        rows["sources"].append(dict(source=s.id, kind=s.kind, title=s.title, author=s.author, year=s.year,
                                    url=s.url, language=s.language))
    for fw in case.policy_frameworks:
        rows["targets"].extend(dict(framework=fw.id, target=t.id, text=t.text, requirement=fw.requirement,
                                    owner=fw.owner) for t in fw.targets)
        ev("policy_framework", fw.id, fw.evidence)

    cats = categories(case.sector_vocabulary, case.category_vocabulary)
    try:
        frames = {
            name: (typed(pd.DataFrame(r, columns=list(SCHEMA[name])), name, cats) if r else empty(name, cats))
            for name, r in rows.items()
        }
    except FrameError as err:  # a value the model accepts but a column cannot hold (a vast term)
        raise CaseValidationError(err.problems) from None
    return frames


def _s(value: object) -> str | None:
    return None if value is None else str(value)
