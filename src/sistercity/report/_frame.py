"""The "Legal frame" and "Alignment with policy targets" sections."""

from __future__ import annotations

from typing import Any

from sistercity import alignment as _alignment
from sistercity import legal as _legal
from sistercity.report._doc import Doc, missing, records

__all__ = ["alignment", "legal"]


def _finding(doc: Doc, f: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    if str(f["record"]) == "commitment" and not missing(f["commitment"]):
        concerns = {"kind": "commitment", "commitment": doc.commitment(f["commitment"])}
    elif doc.many_agreements:
        concerns = {"kind": "agreement", "agreement": doc.agreement(f["agreement"])}
    else:
        concerns = {"kind": "self"}
    concerns["sector"] = doc.sector(f["sector"])
    return {"severity": doc.term("severity", f["severity"]), "rule": titles.get(str(f["rule"]), str(f["rule"])),
            "concerns": concerns, "message": str(f["message"]),
            "basis": "" if missing(f["source"]) else str(f["source"]), "verified": bool(f["verified"])}


def legal(doc: Doc) -> dict[str, Any]:
    """The context of the "Legal frame" section: the rules of each sub-state actor's country and the findings.

    The rules' titles, verification notes and the findings' messages are the rule
    files' text (in English in the bundled rules), shown as they are. A rule whose
    legal basis could not be confirmed (``verified: false``) is marked, with its
    note, and so is each of its findings; ``n_unverified`` counts such rules.
    """
    countries = sorted({a.country for a in doc.case.actors if a.level == "subnational"})
    available = set(_legal.available_jurisdictions())
    jurisdictions = []
    for country in (c for c in countries if c in available):
        rules = _legal.load_rules(country)
        findings = _legal.check(doc.case, jurisdiction=country)
        titles = {r.id: r.title for r in rules.rules}
        jurisdictions.append({
            "label": rules.label, "country": country,
            "rules": [{"title": r.title, "severity": doc.term("severity", r.severity), "citation": rules.citation(r),
                       "verified": r.verified, "verification": r.verification}
                      for r in rules.rules],
            "n_unverified": sum(not r.verified for r in rules.rules),
            "findings": [_finding(doc, f, titles) for f in records(findings)],
            "full": doc.full_table(findings, f"legal.check(jurisdiction={country!r})"),
        })
    return {"countries": countries, "jurisdictions": jurisdictions,
            "unchecked": [c for c in countries if c not in available]}


def alignment(doc: Doc) -> dict[str, Any]:
    """The context of the "Alignment with policy targets" section."""
    case = doc.case
    if not case.policy_frameworks:
        return {"frameworks": [], "none": True}
    table = _alignment.alignment_table(case)
    unserved = _alignment.unserved_targets(case)
    frameworks = []
    for fw in case.policy_frameworks:
        mine = table[(table["framework"] == fw.id) & table["serves"].astype(bool)]
        served: dict[str, list[dict[str, Any]]] = {}
        for r in records(mine):
            cid = str(r["commitment"])
            served.setdefault(str(r["target"]), []).append(
                {"commitment": doc.commitment(cid), "firmness": doc.firmness(case.commitment(cid).status)})
        frameworks.append({
            "title": fw.title, "owner": doc.actor(fw.owner) if fw.owner else "",
            "required": fw.requirement == "at_least_one",
            "cites": [c for c in (doc.cite(ev.source, ev.locator) for ev in fw.evidence) if c],
            "targets": [{"text": t.text, "served": served.get(t.id, [])} for t in fw.targets],
            "n_unserved": int((unserved["framework"] == fw.id).sum()), "n_targets": len(fw.targets),
        })
    unaligned = _alignment.unaligned_agreements(case)
    matrix = _alignment.alignment_matrix(case)
    shown = matrix.astype(object).where(~matrix.astype(bool), "✓").where(matrix.astype(bool), "")
    return {
        "none": False,
        "frameworks": frameworks,
        "unaligned": [{"agreement": doc.agreement(r["agreement"]), "framework": str(r["framework"]),
                       "message": str(r["message"])} for r in records(unaligned)],
        "matrix_full": doc.full_table(shown.reset_index(), "alignment.alignment_matrix (commitments × targets)"),
    }
