"""The "At a glance" section: headline figures, agreements, who signed, chronology, coding notes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sistercity.model import Agreement
from sistercity.report._doc import THRESHOLD, Doc, missing

__all__ = ["agreement_kind", "glance", "term_text"]


def agreement_kind(doc: Doc, kind: str) -> str:
    """The kind of an agreement for reading (``Letter of intent (LoI)``), in the report's language."""
    return doc.term("agreement kind", kind)


def term_text(doc: Doc, months: object) -> str:
    """A term or window in whole years when it is one, else in months."""
    if missing(months):
        return ""
    m = int(months)  # type: ignore[call-overload]
    if m and m % 12 == 0:
        y = m // 12
        return doc.lang.ngettext("%(n)s year", "%(n)s years", y) % {"n": doc.lang.integer(y)}
    return doc.lang.ngettext("%(n)s month", "%(n)s months", m) % {"n": doc.lang.integer(m)}


def _kpis(doc: Doc, agreed: pd.DataFrame, rates: pd.DataFrame) -> list[dict[str, str]]:
    """The headline figures; each a ``value``, a ``label``, a ``note`` and (beside a rate) a ``share``."""
    case, lang = doc.case, doc.lang
    if case.period_start or case.period_end:
        start = doc.date(case.period_start)
        end = doc.date(case.period_end)
        period = f"{start['text'] if start else '?'} – {end['text'] if end else '?'}"
    else:
        period = lang.gettext("undated")
    firm = pd.Series([c.status for c in case.commitments], dtype=object).value_counts()
    n = {k: int(firm[k]) if k in firm.index else 0 for k in ("agreed", "proposed", "wish")}
    parts = [lang.ngettext("%(n)s agreed", "%(n)s agreed", n["agreed"]) if n["agreed"] else "",
             lang.ngettext("%(n)s proposed", "%(n)s proposed", n["proposed"]) if n["proposed"] else "",
             lang.ngettext("%(n)s wish", "%(n)s wishes", n["wish"]) if n["wish"] else ""]
    firm_text = ", ".join(p % {"n": lang.integer(v)} for p, v in zip(parts, n.values(), strict=True) if p)
    n_impl = int(agreed["implemented"].sum())
    kpis = [
        {"value": period, "label": lang.gettext("period"), "note": ""},
        {"value": lang.integer(len(case.actors)), "label": lang.gettext("actors"), "note": ""},
        {"value": lang.integer(len(case.agreements)), "label": lang.gettext("agreements"), "note": ""},
        {"value": lang.integer(len(case.commitments)), "label": lang.gettext("commitments"), "note": firm_text},
        {"value": lang.gettext("%(k)s of %(n)s") % {"k": lang.integer(n_impl), "n": lang.integer(len(agreed))},
         "label": lang.gettext("agreed sectors implemented"),
         "note": lang.gettext("level %(level)s or more, at %(at)s") % {"level": int(THRESHOLD), "at": doc.at_text}},
    ]
    if len(rates) == 1:
        r = rates.iloc[0]
        label = lang.gettext("implementation rate")
        if missing(r["rate"]):
            kpis.append({"value": lang.gettext("no data"), "label": label,
                         "note": lang.gettext("no agreed commitment is observed"),
                         "share": doc.observed(r["n_observed"], r["n_commitments"])})
        else:
            n_obs = int(r["n_observed"])
            kpis.append({"value": lang.decimal(float(r["rate"]), 2), "label": label,
                         "note": lang.ngettext("mean level %(mean)s of 3 over %(n)s observed agreed commitment",
                                               "mean level %(mean)s of 3 over %(n)s observed agreed commitments",
                                               n_obs) % {"mean": lang.decimal(float(r["mean_level"]), 2),
                                                         "n": lang.integer(n_obs)},
                         "share": _share_note(doc, r)})
    return kpis


def _share_note(doc: Doc, r: Any) -> str:
    """The observed share beside a rate; with unobserved commitments, the rate that counts them as 0 (PAM)."""
    share = doc.observed(r["n_observed"], r["n_commitments"])
    if missing(r["rate_pam"]) or missing(r["observed_share"]) or float(r["observed_share"]) >= 1.0:
        return share
    return doc.lang.gettext("%(share)s; counting the unobserved as level 0 (as the Peace Accords Matrix does): "
                            "%(rate)s") % {"share": share, "rate": doc.lang.decimal(float(r["rate_pam"]), 2)}


def _agreement_row(doc: Doc, ag: Agreement, rate_of: dict[str, Any]) -> dict[str, Any]:
    lang = doc.lang
    binding = {True: lang.gettext("yes"), False: lang.gettext("no (non-binding)"),
               None: lang.gettext("not stated")}[ag.binding]
    ag_rate = rate_of.get(ag.id)
    rate = "—" if ag_rate is None or missing(ag_rate["rate"]) else lang.decimal(float(ag_rate["rate"]), 2)
    observed = "—" if ag_rate is None else doc.observed(ag_rate["n_observed"], ag_rate["n_commitments"])
    return {"title": ag.title or ag.id, "kind": agreement_kind(doc, ag.kind), "parties": doc.actors_list(ag.parties),
            "signed": doc.date(ag.signed), "term": term_text(doc, ag.term), "ends": doc.date(ag.end),
            "binding": binding, "sectors": [doc.sector(s) for s in ag.sectors], "open_sectors": ag.open_sectors,
            "rate": rate, "observed": observed}


def _signatories(doc: Doc) -> list[dict[str, Any]]:
    """Who signed, per agreement and party; a party with more than one claim is a disagreement."""
    out = []
    for ag in doc.case.agreements:
        groups: dict[str | None, list[Any]] = {}
        for s in ag.signatories:
            groups.setdefault(s.on_behalf_of, []).append(s)
        for party, claims in groups.items():
            out.append({
                "party": doc.actor(party) if party else "",
                "agreement": doc.agreement(ag.id) if doc.many_agreements else "",
                "claims": [{"actor": doc.actor(s.actor), "note": s.note, "evidence": doc.evidence(s.evidence)}
                           for s in claims],
            })
    return out


def glance(doc: Doc, coverage: pd.DataFrame, rates: pd.DataFrame) -> dict[str, Any]:
    """The context of the "At a glance" section."""
    case = doc.case
    agreed = coverage[coverage["agreed"].astype(bool)]
    by_result = {c: [doc.sector(s, lower=True) for s in agreed.loc[agreed["coverage"].astype(str) == c, "sector"]]
                 for c in ("below_threshold", "no_data", "gap")}
    rate_of = {str(r["agreement"]): r for _, r in rates.iterrows()}
    events = [{"date": doc.date(ev.date, approximate=ev.approximate),
               "kind": doc.term("event kind", ev.kind), "title": ev.title,
               "cites": [c for c in (doc.cite(x.source, x.locator) for x in ev.evidence) if c]}
              for ev in case.events]
    return {
        "description": case.description,
        "kpis": _kpis(doc, agreed, rates),
        "implemented": [doc.sector(s, lower=True) for s in agreed.loc[agreed["implemented"].astype(bool), "sector"]],
        "below": by_result["below_threshold"], "no_data": by_result["no_data"], "gaps": by_result["gap"],
        "agreements": [_agreement_row(doc, ag, rate_of) for ag in case.agreements],
        "agreement_evidence": [{"title": ag.title or ag.id, "n": len(ag.evidence),
                                "evidence": doc.evidence(ag.evidence), "note": ag.note}
                               for ag in case.agreements if ag.evidence or ag.note],
        "signatories": _signatories(doc),
        "events": events,
        "notes": list(case.notes),
    }
