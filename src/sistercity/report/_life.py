"""The "Lifecycle and what is due next" and "Sources" sections."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sistercity.lifecycle import PHASES
from sistercity.report._doc import Doc, missing, records
from sistercity.report._glance import term_text

__all__ = ["lifecycle", "sources", "state_text"]


def state_text(doc: Doc, row: dict[str, Any]) -> str:
    """The state at the date: one phase, or every phase still possible (``active or in renewal window``)."""
    if missing(row["earliest_state"]) or missing(row["latest_state"]):
        return doc.term("phase", row["state"])
    lo, hi = PHASES.index(str(row["earliest_state"])), PHASES.index(str(row["latest_state"]))
    if lo == 0 and hi == len(PHASES) - 1:
        return doc.term("phase", "unknown")
    return doc.lang.join([doc.term("phase", p) for p in PHASES[lo:hi + 1]], style="or")


def _deadline(doc: Doc, row: dict[str, Any]) -> str:
    lang = doc.lang
    date = lang.date(row["next_deadline_date"])
    expiry = lang.date(row["expiry"]) if not missing(row["expiry"]) else "?"
    kind = str(row["next_deadline"])
    if kind == "entry into force":
        return lang.gettext("it enters into force on %(date)s") % {"date": date}
    if kind == "renewal window opens":
        return lang.gettext("its renewal window opens on %(date)s: it is to be renewed between then and its "
                            "expiry on %(expiry)s") % {"date": date, "expiry": expiry}
    if kind == "expiry":
        return lang.gettext("it expires on %(date)s") % {"date": date}
    return lang.gettext("%(deadline)s on %(date)s") % {"deadline": doc.term("deadline", kind), "date": date}


def _when(doc: Doc, row: dict[str, Any], at: str) -> str:
    lo, hi = row["days_until_min"], row["days_until_max"]
    if missing(lo) or missing(hi):
        return ""
    lo_i, hi_i = int(lo), int(hi)
    lang = doc.lang
    if lo_i < 0:
        return lang.gettext("it may already have passed")
    if lo_i == hi_i:
        return lang.ngettext("%(n)s day after %(at)s", "%(n)s days after %(at)s", lo_i) % {
            "n": lang.integer(lo_i), "at": at}
    return lang.gettext("%(lo)s to %(hi)s days after %(at)s, depending on the day of %(at)s") % {
        "lo": lang.integer(lo_i), "hi": lang.integer(hi_i), "at": at}


def _due(doc: Doc, row: dict[str, Any]) -> dict[str, Any]:
    """What is due next for one agreement: the kind of sentence and its parts (the template words it)."""
    at = doc.lang.date(row["at"])
    out: dict[str, Any] = {"title": doc.agreement(row["agreement"]), "state": state_text(doc, row), "at": at}
    if not missing(row["next_deadline"]) and not missing(row["next_deadline_date"]):
        out.update(kind="next", deadline=_deadline(doc, row), when=_when(doc, row, at))
    elif str(row["state"]) == "expired":
        out.update(kind="expired", expiry=doc.lang.date(row["expiry"]))
    elif missing(row["expiry"]):
        out.update(kind="open")
    else:
        out.update(kind="unknown")
    return out


def _conflict(doc: Doc, row: dict[str, Any]) -> str:
    """The sentence saying an agreement's given end date contradicts its start + term ("" when they agree)."""
    if missing(row["ends_conflict"]) or not bool(row["ends_conflict"]) or missing(row["term_expiry"]):
        return ""
    lang = doc.lang
    return lang.gettext("%(title)s: the end date given, %(ends)s, contradicts its start and term: %(start)s plus "
                        "%(term)s gives %(term_expiry)s. The report follows the given end date.") % {
        "title": doc.agreement(row["agreement"]), "ends": lang.date(row["expiry"]), "start": lang.date(row["start"]),
        "term": term_text(doc, row["term_months"]), "term_expiry": lang.date(row["term_expiry"])}


def lifecycle(doc: Doc, lc: pd.DataFrame) -> dict[str, Any]:
    """The context of the "Lifecycle and what is due next" section."""
    if lc.empty:
        return {"empty": True}
    recs = records(lc)
    rows = []
    for r in recs:
        window = ""
        if not missing(r["renewal_window_months"]):
            span = term_text(doc, r["renewal_window_months"])
            window = doc.lang.gettext("last %(span)s before expiry") % {"span": span}
        rows.append({"agreement": doc.agreement(r["agreement"]), "start": doc.date(r["start"]),
                     "term": term_text(doc, r["term_months"]), "window": window,
                     "window_opens": doc.date(r["renewal_window_start"]), "expiry": doc.date(r["expiry"]),
                     "state": state_text(doc, r), "next": doc.term("deadline", r["next_deadline"]),
                     "next_date": doc.date(r["next_deadline_date"])})
    return {"empty": False, "due": [_due(doc, r) for r in recs], "rows": rows,
            "conflicts": [text for text in (_conflict(doc, r) for r in recs) if text],
            "at": doc.lang.date(recs[0]["at"]), "full": doc.full_table(lc, "lifecycle.lifecycle")}


def sources(doc: Doc) -> dict[str, Any]:
    """The context of the "Sources" section: every source, numbered, with how often the case cites it."""
    from babel import Locale

    case, lang = doc.case, doc.lang
    uses = case.tables.evidence.groupby("source").size()
    languages = Locale.parse(lang.code).languages
    items = []
    for s in case.sources:
        meta = [doc.term("source kind", s.kind)]
        meta += [x for x in (s.author, s.publisher) if x]
        if s.date or s.year:
            meta.append(lang.date(s.date or s.year))
        if s.language:
            name = languages.get(s.language.split("-")[0], s.language)
            meta.append(lang.gettext("in %(language)s") % {"language": name})
        n = int(uses.get(s.id, 0))
        cited = (lang.gettext("not cited in the case") if n == 0 else
                 lang.ngettext("cited once in the case", "cited %(n)s times in the case", n) % {"n": lang.integer(n)})
        items.append({"id": s.id, "title": s.title, "meta": "; ".join(meta), "cited": cited, "url": s.url,
                      "note": s.note, "via": doc.ref(s.cited_in) if s.cited_in else None})
    return {"sources": items}
