"""The "Implementation" section: by sector, by commitment (with every observation and its sources)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sistercity import implementation as _implementation
from sistercity.report import _figures
from sistercity.report._coders import coders
from sistercity.report._doc import THRESHOLD, Doc, missing, records

__all__ = ["FOLD_ROWS", "implementation"]

FOLD_ROWS = 30
"""A reading table or list longer than this is folded in a ``<details>`` block (open it to read)."""


def _coverage_rows(doc: Doc, coverage: pd.DataFrame) -> list[dict[str, Any]]:
    lang = doc.lang
    return [{"agreement": doc.agreement(r["agreement"]), "sector": doc.sector(r["sector"]),
             "agreed": (lang.gettext("named in the agreement") if bool(r["agreed"])
                        else lang.gettext("under the open clause")),
             "n_commitments": lang.integer(int(r["n_commitments"])), "n_observed": lang.integer(int(r["n_observed"])),
             "level": doc.level(r["best_level"]), "reached_by": doc.commitment(r["best_commitment"]),
             "result": doc.term("coverage", r["coverage"])}
            for r in records(coverage)]


def _rate_rows(doc: Doc, rates: pd.DataFrame) -> list[dict[str, Any]]:
    """Each agreement's implementation rate with the observed share beside it and PAM's figure."""
    lang = doc.lang

    def dec(v: object) -> str:
        return "—" if missing(v) else lang.decimal(float(v), 2)  # type: ignore[arg-type]

    return [{"agreement": doc.agreement(r["agreement"]), "n_commitments": lang.integer(int(r["n_commitments"])),
             "observed": doc.observed(r["n_observed"], r["n_commitments"]), "mean_level": dec(r["mean_level"]),
             "rate": dec(r["rate"]), "rate_pam": dec(r["rate_pam"])}
            for r in records(rates)]


def _timing_note(doc: Doc, timing: object) -> str:
    """The note beside a status whose observation is dated outside its agreement's term ("" when inside or unknown).

    ``timing`` is a category of :data:`sistercity.implementation.TIMING` (``status``'s ``timing`` column).
    """
    lang = doc.lang
    kind = "" if missing(timing) else str(timing)
    if kind == "before_start":
        return lang.gettext("observed before the agreement took effect")
    if kind == "after_end":
        return lang.gettext("observed after the agreement ended")
    if kind == "uncertain":
        return lang.gettext("observed perhaps outside the agreement's term (the dates are not precise enough to tell)")
    return ""


def _status_rows(doc: Doc, status: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"commitment": doc.commitment(r["commitment"]), "sector": doc.sector(r["sector"]),
             "firmness": doc.firmness(r["commitment_status"]), "level": doc.level(r["level"]),
             "date": doc.date(r["date"]), "n_observations": doc.lang.integer(int(r["n_observations"])),
             "rests_on": doc.cite(r["source"], r["locator"]), "timing": _timing_note(doc, r["timing"])}
            for r in records(status)]


def _card(doc: Doc, row: dict[str, Any]) -> dict[str, Any]:
    """One commitment in detail: what it is, every observation with its sources, why it is a commitment."""
    lang = doc.lang
    c = doc.case.commitment(str(row["commitment"]))
    meta = [doc.sector(c.sector), doc.firmness(c.status)]
    if doc.many_agreements:
        meta.append(doc.agreement(c.agreement))
    if c.proposed:
        meta.append(lang.gettext("first proposed %(date)s") % {"date": lang.date(c.proposed)})
    if c.providers:
        meta.append(lang.gettext("provided by %(actors)s") % {"actors": "; ".join(doc.actors_list(c.providers))})
    if c.beneficiaries:
        meta.append(lang.gettext("benefiting %(actors)s") % {"actors": "; ".join(doc.actors_list(c.beneficiaries))})
    rests_on = None if missing(row["observation"]) else int(row["observation"])
    observations = [{"date": doc.date(o.date), "level": doc.level(int(o.level)), "coded_by": doc.coded_by(o.coder),
                     "rests": i == rests_on, "evidence": doc.evidence(o.evidence), "note": o.note}
                    for i, o in doc.observations.get(c.id, [])]
    why = ({"n": len(c.evidence), "evidence": doc.evidence(c.evidence), "note": c.note}
           if c.evidence or c.note else None)
    return {"id": c.id, "title": c.title, "level": doc.level(row["level"]), "meta": [m for m in meta if m],
            "timing": _timing_note(doc, row["timing"]),
            "description": c.description, "observations": observations, "why": why, "sector": c.sector}


def _card_groups(doc: Doc, cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cards folded by sector when there are many (each group a ``<details>``), else one open group."""
    if len(cards) <= FOLD_ROWS:
        return [{"title": "", "cards": cards, "n_observations": 0}]
    groups: dict[str, list[dict[str, Any]]] = {}
    for card in cards:
        groups.setdefault(card["sector"], []).append(card)
    return [{"title": doc.sector(sector), "cards": items, "n_observations": sum(len(c["observations"]) for c in items)}
            for sector, items in groups.items()]


def implementation(doc: Doc, status: pd.DataFrame, coverage: pd.DataFrame, life: pd.DataFrame,
                   rates: pd.DataFrame) -> dict[str, Any]:
    """The context of the "Implementation" section."""
    lang = doc.lang
    cards = [_card(doc, r) for r in records(status)]
    status_rows = _status_rows(doc, status)
    figures = [_figures.timeline(doc, life)]
    if int(coverage["agreed"].sum()) if not coverage.empty else 0:
        figures.append(_figures.sector_coverage(doc, coverage))
    traj = _implementation.trajectory(doc.case, by="commitment", include="all")
    if doc.case.observations and not traj.empty:
        figures.append(_figures.status_over_time(doc, traj))
    return {
        "at": doc.at_text,
        "threshold": int(THRESHOLD),
        "threshold_name": doc.level_name(int(THRESHOLD)),
        "many_agreements": doc.many_agreements,
        "coverage": _coverage_rows(doc, coverage),
        "coverage_full": doc.full_table(coverage, "implementation.sector_coverage"),
        "rates": _rate_rows(doc, rates),
        "rates_full": doc.full_table(rates, "implementation.agreement_rates"),
        "coders": coders(doc),
        "status": status_rows,
        "any_timing": any(r["timing"] for r in status_rows),
        "status_folded": len(status) > FOLD_ROWS,
        "status_full": doc.full_table(status, "implementation.status"),
        "card_groups": _card_groups(doc, cards),
        "n_cards": lang.integer(len(cards)),
        "figures": figures,
    }
