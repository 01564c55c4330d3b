"""Apply a jurisdiction's rules to a case (private; see :mod:`sistercity.legal`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from sistercity.dates import PartialDate
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.legal._rules import SEVERITIES, Rule, RuleSet, load_rules
from sistercity.tables import as_tables

if TYPE_CHECKING:
    from sistercity.model import Case
    from sistercity.tables import CaseTables

__all__ = ["FINDING_COLUMNS", "check"]

FINDING_COLUMNS: dict[str, str] = {
    "jurisdiction": "the jurisdiction whose rules were applied (ISO 3166-1 alpha-2)",
    "rule": "the rule's id",
    "kind": "the rule's kind (reserved_sectors, permitted_sectors, consultation)",
    "severity": "high, medium or low (an ordered categorical)",
    "record": "what the finding is about: agreement or commitment",
    "agreement": "the agreement's id",
    "commitment": "the commitment's id (missing for a finding about an agreement)",
    "sector": "the sector at issue (missing for consultation findings)",
    "message": "what was found, in words",
    "source": "the legal sources with article, e.g. 'UU No. 23/2014 art. 10(1)'",
    "verified": "whether the rule's legal basis was confirmed (bool; False: see the rule's ``verification``)",
}
"""The columns of :func:`check` and what each holds, in order."""


def _frame(rows: list[dict[Any, Any]]) -> pd.DataFrame:
    cols = list(FINDING_COLUMNS)
    df = pd.DataFrame(rows, columns=cols)
    out: dict[str, Any] = {}
    for col in cols:
        s: Any = df[col]
        if col == "severity":
            out[col] = pd.Categorical(s, categories=list(SEVERITIES), ordered=True)
        elif col == "record":
            out[col] = pd.Categorical(s, categories=["agreement", "commitment"])
        elif col == "verified":
            out[col] = s.astype(bool)
        else:
            out[col] = s.astype(object).where(s.notna(), None).astype("str")
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def check(
    data: Case | CaseTables,
    *,
    jurisdiction: str | None = None,
    rules: RuleSet | None = None,
) -> pd.DataFrame:
    """Check a case against a jurisdiction's rules; one row per finding.

    Parameters
    ----------
    data : Case or CaseTables
        The case or its tables (reads ``actors``, ``agreements``,
        ``agreement_parties``, ``agreement_sectors``, ``commitments``, ``events``
        and ``event_participants``).
    jurisdiction : str, optional, keyword-only
        Code of a bundled jurisdiction (``"ID"``); see
        :func:`~sistercity.legal.available_jurisdictions`.
    rules : RuleSet, optional, keyword-only
        Rules to apply instead of the bundled ones (from
        :func:`~sistercity.legal.read_rules`, or a bundled set changed with
        :meth:`~sistercity.legal.RuleSet.merge` / :meth:`~sistercity.legal.RuleSet.drop`).
        Give ``jurisdiction`` or ``rules``; with both, they must agree.

    Returns
    -------
    DataFrame
        The columns of :data:`FINDING_COLUMNS` (all ``str`` but ``severity``, an
        ordered categorical, ``record``, and ``verified``, a bool: ``False`` when
        the rule's legal basis could not be confirmed, see
        :attr:`~sistercity.legal.Rule.verification`), sorted by severity (highest
        first), rule, agreement, commitment. Empty (with these columns) when
        nothing is found.

    Raises
    ------
    ValueError
        If neither ``jurisdiction`` nor ``rules`` is given, they disagree, or no
        rules are bundled for ``jurisdiction``.

    Notes
    -----
    An actor is *of the jurisdiction* when its ``country`` equals the
    jurisdiction's code. Each rule applies to the agreements in its
    :class:`~sistercity.legal.Scope`: a party of the jurisdiction at one of
    ``local_levels`` (sub-national, for Indonesia's rules) and a partner as
    ``partner`` says. Then, by kind:

    - ``reserved_sectors``: each sector the agreement names, and each sector of
      its commitments, that the rule lists is a finding.
    - ``permitted_sectors``: each such sector that no listed field covers is a
      finding, unless a ``reserved_sectors`` rule of the same set lists it
      (that rule reports it, more gravely).
    - ``consultation``, ``approval``: the agreement needs an event of one of
      ``event_kinds`` with an actor of the jurisdiction at one of ``consult_levels``
      (and of ``actor_kinds``, if listed), whose ``agreement`` is this one or empty,
      which may fall on or before the signing (its first possible day is not after
      the signing's last; ``signed``, else the start; undated: any counts). Without
      one, the finding says *none is recorded* (absence of evidence, not evidence of
      absence) and names the events with such actors recorded by then.

    A rule with ``in_force_from`` skips agreements surely signed before that date.

    References
    ----------
    Indonesia (``"ID"``): UU No. 23/2014 art. 10(1), UU No. 32/2004 art. 10(3)
    (reserved affairs); UU No. 23/2014 art. 363(2)(c), 367(1) (fields abroad); UU
    No. 24/2000 art. 5(1), UU No. 37/1999 art. 5, Permenlu No. 09/A/KP/XII/2006/01
    (consultation); UU No. 23/2014 art. 367(2), PP No. 28/2018, Permendagri
    No. 25/2020 (approvals). Unconfirmed bases: each rule's ``verification``.

    Examples
    --------
    Indonesian and Japanese cities cooperate in culture; the foreign ministry was
    consulted and the home ministry approved before the signing: no finding.

    >>> from sistercity import Case
    >>> base = dict(
    ...     id="demo", title="Demo",
    ...     actors=[dict(id="city", name="Kota A", level="subnational", kind="government", country="ID"),
    ...             dict(id="shi", name="A-shi", level="subnational", kind="government", country="JP"),
    ...             dict(id="kemlu", name="Kemlu", level="national", kind="ministry", country="ID"),
    ...             dict(id="kemendagri", name="Kemendagri", level="national", kind="ministry", country="ID")],
    ...     agreements=[dict(id="mou", kind="mou", parties=["city", "shi"], signed="2016-11-18")],
    ...     events=[dict(id="consult", date="2016-10", kind="consultation", title="Consultation",
    ...                  participants=["city", "kemlu"]),
    ...             dict(id="approval", date="2016-11", kind="approval", title="Approval of the plan",
    ...                  participants=["city", "kemendagri"])],
    ... )
    >>> ok = Case(**base, commitments=[dict(id="dance", agreement="mou", sector="culture",
    ...                                     title="Dance festival")])
    >>> check(ok, jurisdiction="ID").empty
    True

    A commitment in defence (*pertahanan*) is a finding of the reserved-affairs rule:

    >>> bad = Case(**base, commitments=[dict(id="drill", agreement="mou", sector="pertahanan",
    ...                                      title="Joint drill")])
    >>> f = check(bad, jurisdiction="ID")
    >>> f[["rule", "severity", "record", "commitment", "source"]].values.tolist()
    [['reserved-affairs', 'high', 'commitment', 'drill', 'UU No. 23/2014 art. 10(1); UU No. 32/2004 art. 10(3)']]
    >>> print(f.loc[0, "message"])
    commitment 'drill' of agreement 'mou' is in the sector security and defence, an affair
    reserved to the central government of Indonesia; a region's cooperation cannot cover it

    Without the consultation, the duty to consult is a finding about the record (and
    each finding says whether its rule's legal basis was confirmed):

    >>> quiet = Case(**{**base, "events": base["events"][1:]},
    ...              commitments=[dict(id="dance", agreement="mou", sector="culture", title="Dance")])
    >>> print(check(quiet, jurisdiction="ID").loc[0, "message"])
    no consultation with a national actor of Indonesia is recorded on or before the signing of
    agreement 'mou' (2016-11-18): absence of evidence, not evidence that none took place; national
    actors of ID are recorded by then only at: approval 'approval' (2016-11)

    >>> check(Case(**{**base, "events": []}), jurisdiction="ID")[["rule", "verified"]].values.tolist()
    [['duty-to-consult', True], ['central-approval', False]]
    """
    rs = _resolve(jurisdiction, rules)
    return _sorted(_findings(as_tables(data), rs))


def _findings(t: CaseTables, rs: RuleSet) -> list[dict[str, Any]]:
    """One row per finding of each rule of ``rs``, in the rule set's order (``_order``)."""
    code = rs.code
    actors = t.actors[["actor", "level", "country", "governmental", "kind"]].copy()
    actors["level"] = actors["level"].astype(object)
    # as in the model: governmental unless said otherwise, for national and sub-national actors
    known = actors["governmental"].astype(object)
    actors["governmental"] = known.where(known.notna(), actors["level"].ne("nonstate") & actors["level"].notna())
    parties = t.agreement_parties.merge(actors, on="actor", how="left")
    reserved = {s for r in rs.rules if r.kind == "reserved_sectors" for s in r.sectors}
    agreements = t.agreements.set_index("agreement")
    rows: list[dict[str, Any]] = []
    for order, rule in enumerate(rs.rules):
        in_scope = _in_force(_in_scope(parties, code, rule), rule, agreements)
        if not in_scope:
            continue
        base = {"jurisdiction": code, "rule": rule.id, "kind": rule.kind, "severity": rule.severity,
                "source": rs.citation(rule), "verified": rule.verified, "_order": order}
        words = {"jurisdiction": code, "jurisdiction_name": rs.label, "rule": rule.id, "title": rule.title,
                 "residual": rule.residual_text,
                 "fields": "; ".join(f"{f.id}. {f.text}" for f in rule.fields),
                 "field_ids": ", ".join(f.id for f in rule.fields), "context": "", "signed": ""}
        if rule.kind in ("reserved_sectors", "permitted_sectors"):
            rows.extend(_sector_findings(t, rule, reserved, in_scope, base, words))
        else:
            rows.extend(_consultation(t, rule, code, actors, agreements, in_scope, base, words))
    return rows


def _sector_findings(
    t: CaseTables, rule: Rule, reserved: set[str], in_scope: set[str], base: dict[str, Any], words: dict[str, str],
) -> list[dict[str, Any]]:
    """Findings of a sector rule: the agreements' sectors and their commitments' sectors it flags."""
    labels = {sid: t.sectors[sid].label for sid in t.sectors}
    listed = {s for f in rule.fields for s in f.sectors}
    wanted = set(rule.sectors)

    def hit(sector: str) -> bool:
        if rule.kind == "permitted_sectors":
            return sector not in listed and sector not in reserved
        return sector in wanted

    rows: list[dict[str, Any]] = []
    for rec in t.agreement_sectors.to_dict("records"):
        ag, sector = rec["agreement"], str(rec["sector"])
        if ag in in_scope and hit(sector):
            msg = _fill(rule, {**words, "agreement": ag, "commitment": "", "sector": sector,
                               "sector_label": labels.get(sector, sector).lower(),
                               "subject": f"agreement '{ag}' names the sector"})
            rows.append({**base, "record": "agreement", "agreement": ag, "commitment": None,
                         "sector": sector, "message": msg})
    for rec in t.commitments.to_dict("records"):
        ag, cid, sector = rec["agreement"], rec["commitment"], str(rec["sector"])
        if ag in in_scope and hit(sector):
            msg = _fill(rule, {**words, "agreement": ag, "commitment": cid, "sector": sector,
                               "sector_label": labels.get(sector, sector).lower(),
                               "subject": f"commitment '{cid}' of agreement '{ag}' is in the sector"})
            rows.append({**base, "record": "commitment", "agreement": ag, "commitment": cid,
                         "sector": sector, "message": msg})
    return rows


def _sorted(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The findings as a frame, by severity (highest first), rule, agreement, commitment."""
    if not rows:
        return _frame([])
    df = pd.DataFrame(rows)
    df["_sev"] = df["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    df["_rec"] = df["record"].map({"agreement": 0, "commitment": 1})
    df = df.sort_values(["_sev", "_order", "agreement", "_rec", "commitment", "sector"],
                        ascending=[False, True, True, True, True, True], kind="stable", na_position="first")
    return _frame(df.drop(columns=["_sev", "_rec", "_order"]).to_dict("records"))


def _resolve(jurisdiction: str | None, rules: RuleSet | None) -> RuleSet:
    if rules is None:
        if jurisdiction is None:
            from sistercity.legal._rules import available_jurisdictions

            raise ArgumentError(
                "give jurisdiction= (a bundled one: "
                f"{', '.join(available_jurisdictions())}) or rules= (a RuleSet from read_rules)"
            )
        return load_rules(jurisdiction)
    if not isinstance(rules, RuleSet):
        raise ArgumentTypeError(f"rules must be a RuleSet (from load_rules or read_rules), got {type(rules).__name__}")
    if jurisdiction is not None and jurisdiction.strip().upper() != rules.code:
        raise ArgumentError(f"jurisdiction={jurisdiction!r} but the rules are for {rules.code!r}; give one of them")
    return rules


def _in_scope(parties: pd.DataFrame, code: str, rule: Rule) -> set[str]:
    if parties.empty:
        return set()
    country = parties["country"].astype(object)
    level = parties["level"].astype(object)
    of_here = country.eq(code)
    local = (of_here & level.isin(list(rule.scope.local_levels))).groupby(parties["agreement"]).any()
    foreign = country.notna() & ~of_here
    if rule.scope.partner == "foreign_subnational":
        foreign &= level.eq("subnational") & parties["governmental"].astype(object).eq(True)
    partner = foreign.groupby(parties["agreement"]).any()
    ok = local if rule.scope.partner == "any" else local & partner
    return set(ok[ok].index)


def _signing(rec: pd.Series) -> str | None:
    """An agreement's signing date as the case gives it (``signed``, else its start), or ``None``."""
    return next((str(v) for v in (rec["signed"], rec["start"]) if not pd.isna(v)), None)


def _in_force(in_scope: set[str], rule: Rule, agreements: pd.DataFrame) -> set[str]:
    """The agreements of ``in_scope`` whose signing may fall on or after the rule's ``in_force_from``."""
    if rule.in_force_from is None:
        return in_scope
    first = rule.in_force_from.start()
    out = set()
    for ag in in_scope:
        when = _signing(agreements.loc[ag]) if ag in agreements.index else None  # type: ignore[arg-type]
        if when is None or PartialDate.parse(when).end() >= first:
            out.add(ag)
    return out


def _fill(rule: Rule, words: Mapping[str, str]) -> str:
    return rule.template.format_map({k: str(v) for k, v in words.items()})


def _consultation(
    t: CaseTables,
    rule: Rule,
    code: str,
    actors: pd.DataFrame,
    agreements: pd.DataFrame,
    in_scope: set[str],
    base: dict[str, Any],
    words: dict[str, str],
) -> list[dict[str, Any]]:
    ep = t.event_participants.merge(actors, on="actor", how="left")
    national = ep[ep["country"].astype(object).eq(code) & ep["level"].isin(list(rule.consult_levels))]
    if rule.actor_kinds:
        national = national[national["kind"].astype(object).isin(list(rule.actor_kinds))]
    national_events = set(national["event"])
    events = t.events[t.events["event"].isin(national_events)]
    kinds = set(rule.event_kinds)
    rows = []
    for ag in agreements.index:
        if ag not in in_scope:
            continue
        rec = agreements.loc[ag]
        when = _signing(rec)
        ev = events[events["agreement"].isna() | events["agreement"].eq(ag)]
        if when is not None:
            last = pd.Timestamp(PartialDate.parse(when).end())
            ev = ev[ev["date_first"] <= last]
        if ev["kind"].astype(object).isin(kinds).any():
            continue
        context = ""
        if len(ev):
            listed = ", ".join(f"{k} '{e}' ({d})" for e, k, d in
                               ev[["event", "kind", "date"]].astype(str).itertuples(index=False))
            plain = rule.kind == "consultation" and not rule.actor_kinds and set(rule.consult_levels) == {"national"}
            who = "national actors" if plain else "such actors"
            context = f"; {who} of {code} are recorded by then only at: {listed}"
        msg = _fill(rule, {**words, "agreement": ag, "commitment": "", "sector": "", "sector_label": "",
                           "subject": f"agreement '{ag}'", "signed": when or "an unknown date",
                           "context": context})
        rows.append({**base, "record": "agreement", "agreement": ag, "commitment": None, "sector": None,
                     "message": msg})
    return rows

