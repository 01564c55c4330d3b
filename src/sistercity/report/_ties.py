"""The "Interdependence" section: Keohane and Nye's three conditions, measured on the recorded ties."""

from __future__ import annotations

import math
from typing import Any

from sistercity import interdependence as _interdependence
from sistercity.report import _figures
from sistercity.report._doc import Doc, records
from sistercity.report._i18n import get_lang
from sistercity.report._terms import terms

__all__ = ["interdependence"]


def _measure(doc: Doc, figure: dict[str, Any]) -> str:
    """A measure's label in the report's language, when the catalog has the label the profile gives."""
    fig, label = str(figure["figure"]), str(figure["label"])
    if terms(get_lang("en"))["measure"].get(fig) == label:
        return doc.terms["measure"][fig]
    return label


def interdependence(doc: Doc) -> dict[str, Any]:
    """The context of the "Interdependence" section."""
    lang = doc.lang
    at = doc.status_at
    prof = _interdependence.profile(doc.case, at=at)
    figures = prof.figure_table()
    rows = []
    for cond in ("scope", "channels", "issues", "force"):
        for f in records(figures[figures["condition"] == cond]):
            raw = getattr(prof, str(f["figure"]), None)
            v = float(f["value"])
            value = "—" if math.isnan(v) else (lang.integer(int(v)) if isinstance(raw, int) else lang.decimal(v, 3))
            rows.append({"condition": doc.term("condition", cond), "measure": _measure(doc, f), "value": value})
    channel_mix = prof.channel_mix
    channels = []
    if not channel_mix.empty and "channel" in channel_mix.columns:
        channels = [{"channel": doc.term("channel", r["channel"]), "ties": doc.number(r.get("n_ties")),
                     "share": doc.number(r.get("share")), "actors": doc.number(r.get("n_actors"))}
                    for r in records(channel_mix)]
    dep = _interdependence.dependence(doc.case, at=at)
    dependence = [{"a": doc.actor(r["actor_a"]), "b": doc.actor(r["actor_b"]),
                   "channel": doc.term("channel", r["channel"]),
                   "dependence_a": doc.number(r["dependence_a"]), "dependence_b": doc.number(r["dependence_b"]),
                   "salience": doc.number(r["salience"]), "symmetry": doc.number(r["symmetry"]),
                   "balance": doc.number(r["balance"])} for r in records(dep)]
    full = [doc.full_table(df, f"interdependence.profile: {name}") for name, df in prof.tables.items()]
    return {
        "at": doc.at_text,
        "measures": rows,
        "channels": channels,
        "full": [t for t in full if t],
        "options": ", ".join(f"{k}={v!r}" for k, v in prof.options.items()),
        "dependence": dependence,
        "dependence_full": doc.full_table(dep, "interdependence.dependence"),
        "figures": [_figures.graph(doc)],
    }
