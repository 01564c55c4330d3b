"""The coder-agreement part of the "Implementation" section: how far the case's coders agree, and where not.

A case coded by two or more coders gets Krippendorff's α (ordinal, the level of the
0–3 scale) with the number of units it rests on and Krippendorff's reading of it,
the other coefficients of :func:`sistercity.reliability.of_case`, and the list of
units on which the coders differ. A case coded by one coder gets one sentence
saying agreement cannot be measured. The agreement is that of every observation in
the case, whatever date the status is read at: it is a property of the coding.
"""

from __future__ import annotations

import math
from typing import Any

from sistercity import reliability
from sistercity.report._doc import Doc, missing, records

__all__ = ["ALPHA_RELIABLE", "coders"]

ALPHA_RELIABLE = 0.800
"""Krippendorff (2004, p. 241): rely on data with α ≥ .800; tentative conclusions from .667 ≤ α < .800."""

def _coefficient_name(doc: Doc, key: str) -> str:
    lang = doc.lang
    names = {"percent_agreement": lang.gettext("Percent agreement"),
             "krippendorff_alpha": lang.gettext("Krippendorff's α"),
             "fleiss_kappa": lang.gettext("Fleiss's κ"),
             "gwet_ac1": lang.gettext("Gwet's AC1"),
             "cohen_kappa": lang.gettext("Cohen's κ")}
    return names.get(key, key)


def _variant(doc: Doc, variant: object) -> str:
    """The level of α or the weights of κ in the report's language (``nominal, q=4`` keeps its ``q``)."""
    if missing(variant):
        return ""
    lang = doc.lang
    words = {"nominal": lang.pgettext("measurement level", "nominal"),
             "ordinal": lang.pgettext("measurement level", "ordinal"),
             "interval": lang.pgettext("measurement level", "interval"),
             "ratio": lang.pgettext("measurement level", "ratio"),
             "linear": lang.pgettext("kappa weights", "linear weights"),
             "quadratic": lang.pgettext("kappa weights", "quadratic weights")}
    head, _, rest = str(variant).partition(", ")
    return words.get(head, head) + (f", {rest}" if rest else "")


def _reading(doc: Doc, alpha: float) -> str:
    lang = doc.lang
    if math.isnan(alpha):
        return lang.gettext("α cannot be computed from these data.")
    if alpha >= ALPHA_RELIABLE:
        return lang.gettext("At or above .800: Krippendorff (2004) counts such data reliable.")
    if alpha >= reliability.ALPHA_MIN:
        return lang.gettext("Between .667 and .800: Krippendorff (2004) allows only tentative conclusions "
                            "from such data.")
    return lang.gettext("Below .667: Krippendorff (2004) advises against drawing conclusions from such data.")


def _note(doc: Doc, row: dict[str, Any]) -> str:
    """Why a coefficient has no value, in the report's language.

    :func:`sistercity.reliability.of_case` gives the reason in English; the reasons it
    can give for the case's 0–3 levels are a closed set (a single coder or none on
    every unit, a single level throughout, Cohen's κ with other than two coders),
    told apart here by the row's counts and the reason's wording. A reason outside
    that set is shown as it is (English) rather than guessed at.
    """
    if missing(row["note"]) or not str(row["note"]):
        return ""
    lang, note = doc.lang, str(row["note"])
    n_coders, n_units = int(row["n_coders"]), int(row["n_units"])
    if row["coefficient"] == "cohen_kappa" and n_coders != 2 and "exactly two coders" in note:
        return lang.gettext("Cohen's κ is for exactly two coders; there are %(n)s.") % {"n": lang.integer(n_coders)}
    if "undefined for these data" not in note:
        return note
    if n_units == 0 and ("no unit has values from" in note):
        return lang.gettext("No unit is coded by two or more coders, so agreement cannot be shown.")
    if "the same category" in note or "every pairable value is" in note or "both coders used only" in note:
        return lang.gettext("Every value compared is the same level: chance agreement is then 1 and the "
                            "coefficient 0/0, and agreement on one level shows nothing about the coding.")
    return note


def coders(doc: Doc) -> dict[str, Any]:
    """The context of the coder-agreement part: ``many`` (two or more coders) and what is shown."""
    lang = doc.lang
    if not doc.case.observations:
        return {"many": False, "coders": [], "n_obs": 0, "n_observations": lang.integer(0)}
    res = reliability.of_case(doc.case)
    names = list(res.coders)
    if len(names) < 2:
        n = len(doc.case.observations)
        return {"many": False, "coders": names, "n_obs": n, "n_observations": lang.integer(n)}
    coefficients = [{"name": _coefficient_name(doc, str(r["coefficient"])), "variant": _variant(doc, r["variant"]),
                     "value": "—" if missing(r["value"]) else lang.decimal(float(r["value"]), 3),
                     "n_units": lang.integer(int(r["n_units"])), "note": _note(doc, r)}
                    for r in records(res.coefficients)]
    alpha_row = res.coefficients[res.coefficients["coefficient"] == "krippendorff_alpha"].iloc[0]
    alpha = res.alpha
    disagreements = [{"commitment": doc.commitment(r["commitment"]),
                      "period": doc.date(r["period"]) if "period" in r else None,
                      "levels": [doc.level(r[name]) for name in names], "spread": lang.integer(int(r["spread"]))}
                     for r in records(res.disagreements)]
    return {
        "many": True,
        "coders": names,
        "by_period": res.unit == "commitment-period",
        "alpha": "—" if math.isnan(alpha) else lang.decimal(alpha, 3),
        "level": _variant(doc, res.level),
        "n_units": lang.integer(int(alpha_row["n_units"])),
        "n_all_units": lang.integer(len(res.table)),
        "reading": _reading(doc, alpha),
        "coefficients": coefficients,
        "has_notes": any(r["note"] for r in coefficients),
        "disagreements": disagreements,
        "n_disagreements": len(disagreements),
    }
