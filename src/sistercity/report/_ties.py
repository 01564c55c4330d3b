"""The "Interdependence" section: Keohane and Nye's three conditions, measured on the recorded ties."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

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


_CHANNEL_FIGURES = ("cross_border_share", "channels_used", "non_interstate_share", "participation",
                    "country_participation")
"""The profile's figures an actor's coding can move (those read from channels)."""


def _value(doc: Doc, figure: str, v: float) -> str:
    if math.isnan(v):
        return "—"
    return doc.lang.integer(int(v)) if figure in ("actors", "ties", "channels_used", "sectors") else \
        doc.lang.decimal(v, 3)


def _differs(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) != math.isnan(b)
    return not math.isclose(a, b)


def _coded(doc: Doc, attribute: str, value: str) -> str:
    """A coded value in the report's words (``True`` as yes, a level by its name)."""
    if attribute == "governmental":
        return doc.number(value == "True")
    return doc.term("actor level", value)


def _assumptions(doc: Doc, at: object) -> list[dict[str, Any]]:
    """Each coding the case marks as an assumption, with the channel figures as coded and under its alternative."""
    out = []
    ft = _interdependence.profile(doc.case, at=at).figure_table()
    labels = dict(zip(ft["figure"].astype(str), ft["label"].astype(str), strict=True))
    for r in records(_interdependence.coding_assumptions(doc.case)):
        attr, alt = str(r["attribute"]), str(r["alternative"])
        value: object = alt == "True" if attr == "governmental" else alt
        w = _interdependence.what_if(doc.case, recode={str(r["actor"]): {attr: value}}, at=at)
        names = w.figures["figure"].astype(str)
        before = dict(zip(names, w.figures["before"].to_numpy(dtype="float64").tolist(), strict=True))
        after = dict(zip(names, w.figures["after"].to_numpy(dtype="float64").tolist(), strict=True))
        rows = [{"measure": _measure(doc, {"figure": f, "label": labels[f]}), "coded": _value(doc, f, before[f]),
                 "alternative": _value(doc, f, after[f]), "changed": _differs(before[f], after[f])}
                for f in _CHANNEL_FIGURES]
        moved = int(w.recoded["n_ties_changed"].sum())
        out.append({"actor": doc.actor(r["actor"]), "attribute": attr, "value": _coded(doc, attr, str(r["value"])),
                    "alternative": _coded(doc, attr, alt), "n_ties": doc.lang.integer(moved), "rows": rows,
                    "full": doc.full_table(w.figures, f"interdependence.what_if(recode={{{r['actor']!r}: "
                                                      f"{{{attr!r}: {value!r}}}}}).figures")})
    return out


def _delivered(doc: Doc, dep: pd.DataFrame, at: object) -> tuple[dict[tuple[str, str], str], pd.DataFrame]:
    """Interdependence on delivered flows by dyad (as text), and the full delivered table."""
    deli = _interdependence.dependence(doc.case, at=at, flows="delivered")
    by = {(str(a), str(b)): doc.number(v) for a, b, v in
          zip(deli["actor_a"], deli["actor_b"], deli["interdependence"], strict=True)}
    return {k: by.get(k, "—") for k in zip(dep["actor_a"].astype(str), dep["actor_b"].astype(str), strict=True)}, deli


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
    delivered, deli = _delivered(doc, dep, at)
    dependence = [{"a": doc.actor(r["actor_a"]), "b": doc.actor(r["actor_b"]),
                   "channel": doc.term("channel", r["channel"]),
                   "dependence_a": doc.number(r["dependence_a"]), "dependence_b": doc.number(r["dependence_b"]),
                   "salience": doc.number(r["salience"]), "symmetry": doc.number(r["symmetry"]),
                   "balance": doc.number(r["balance"]), "promised": doc.number(r["interdependence"]),
                   "delivered": delivered[(str(r["actor_a"]), str(r["actor_b"]))]} for r in records(dep)]
    full = [doc.full_table(df, f"interdependence.profile: {name}") for name, df in prof.tables.items()]
    return {
        "at": doc.at_text,
        "measures": rows,
        "channels": channels,
        "full": [t for t in full if t],
        "options": ", ".join(f"{k}={v!r}" for k, v in prof.options.items()),
        "dependence": dependence,
        "dependence_full": doc.full_table(dep, "interdependence.dependence"),
        "delivered_full": doc.full_table(deli, 'interdependence.dependence(flows="delivered")'),
        "assumptions": _assumptions(doc, at),
        "figures": [_figures.graph(doc)],
    }
