"""Rule sets: a jurisdiction's legal frame as validated data (private; see :mod:`sistercity.legal`)."""

from __future__ import annotations

import contextvars
import string
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import Field, model_validator

from sistercity import io
from sistercity._errors import IntegrityError, Loc
from sistercity._record import CountryCode, Id, NonEmptyStr, Record, SectorId
from sistercity.dates import PartialDate
from sistercity.exceptions import ArgumentError, CaseValidationError, Problem
from sistercity.vocab import SECTORS, ActorKind, ActorLevel, EventKind

__all__ = [
    "RULE_KINDS",
    "Basis",
    "LegalSource",
    "PermittedField",
    "Rule",
    "RuleKind",
    "RuleSet",
    "Scope",
    "Severity",
    "available_jurisdictions",
    "load_rules",
    "loads_rules",
    "read_rules",
]

Severity = Literal["high", "medium", "low"]
"""How grave a finding is: ``high`` (outside the region's authority), ``medium``
(a procedural duty without evidence), ``low`` (to be checked by a reader)."""

SEVERITIES: tuple[str, ...] = ("low", "medium", "high")

RuleKind = Literal["reserved_sectors", "permitted_sectors", "consultation", "approval"]
"""The kinds of rule the checker knows how to apply."""

RULE_KINDS: dict[str, str] = {
    "reserved_sectors": "A sector of an agreement or commitment is an affair reserved to the central "
    "government (list it under ``sectors``).",
    "permitted_sectors": "A sector is outside the fields listed for cooperation with a foreign local "
    "government (list them under ``fields``); sectors a ``reserved_sectors`` rule lists are left to it.",
    "consultation": "An agreement with a foreign party has no recorded event of a kind in ``event_kinds`` "
    "with an actor of the jurisdiction at a level in ``consult_levels`` (and of a kind in ``actor_kinds``, "
    "if given), on or before its signing.",
    "approval": "As consultation, for a duty to obtain an approval: an agreement has no recorded event of a "
    "kind in ``event_kinds`` with an approving actor of the jurisdiction (``consult_levels``, "
    "``actor_kinds``) on or before its signing.",
}
"""Each rule kind and what it checks."""

Partner = Literal["any", "foreign", "foreign_subnational"]
"""Which partner brings an agreement into a rule's scope: ``any`` party; a ``foreign``
party (country other than the jurisdiction); a ``foreign_subnational`` governmental
party (a foreign local government)."""

PLACEHOLDERS: dict[str, str] = {
    "jurisdiction": "the jurisdiction's code, e.g. ID",
    "jurisdiction_name": "the jurisdiction's name, e.g. Indonesia",
    "rule": "the rule's id",
    "title": "the rule's title",
    "agreement": "the agreement's id",
    "commitment": "the commitment's id (empty for an agreement)",
    "subject": "'agreement X names the sector' or 'commitment Y of agreement X is in'",
    "sector": "the sector id",
    "sector_label": "the sector's label",
    "fields": "the listed fields, 'a. ...; b. ...'",
    "field_ids": "the ids of the listed fields, 'a, b, c, d'",
    "residual": "the rule's residual clause",
    "signed": "the signing date as the case gives it (or 'an unknown date')",
    "context": "for consultation and approval rules: other events with such actors by then, or ''",
}
"""Placeholders a rule's ``message`` template may use (``{agreement}``, ...)."""

DEFAULT_MESSAGES: dict[str, str] = {
    "reserved_sectors": "{subject} {sector_label}, an affair reserved to the central government of "
    "{jurisdiction_name}; a region's cooperation cannot cover it",
    "permitted_sectors": "{subject} {sector_label}, not one of the fields listed for cooperation with a "
    "regional government abroad ({field_ids}); allowed only as {residual}",
    "consultation": "no consultation with a national actor of {jurisdiction_name} is recorded on or before "
    "the signing of agreement '{agreement}' ({signed}): absence of evidence, not evidence that none "
    "took place{context}",
    "approval": "no approval under the rule '{title}' is recorded for agreement '{agreement}' on or before "
    "its signing ({signed}): absence of evidence, not evidence that none was given{context}",
}
"""The message template of each rule kind when a rule gives none."""

_DEFAULT_RESIDUAL = "other cooperation not contrary to the law"

# the rules a file being read ``extends`` (its references may point into them)
_BASE: contextvars.ContextVar[RuleSet | None] = contextvars.ContextVar("sistercity_rules_base", default=None)


class LegalSource(Record):
    """A law, regulation or circular that rules cite.

    Attributes
    ----------
    id
        Key that rules use in ``basis``.
    citation
        Short citation, e.g. ``"UU No. 23/2014"``.
    title
        Full title.
    url
        Where to read it.
    note
        What it says that matters here.

    Examples
    --------
    >>> src = load_rules("ID").source("uu-24-2000")
    >>> src.citation
    'UU No. 24/2000'
    """

    id: Id
    citation: NonEmptyStr
    title: NonEmptyStr
    url: str | None = Field(default=None, pattern=r"^(https?|file)://\S+$")
    note: str = ""


class Basis(Record):
    """One legal basis of a rule: a source and, where it applies, the article.

    Examples
    --------
    >>> [(b.source, b.article) for b in load_rules("ID").rule("duty-to-consult").basis][:1]
    [('uu-24-2000', 'art. 5(1)')]
    """

    source: Id
    article: str = ""


class Scope(Record):
    """Which agreements a rule applies to.

    An agreement is in scope when one of its parties is an actor of the
    jurisdiction (``country`` equal to the jurisdiction's code) at one of
    ``local_levels``, and another party matches ``partner``.

    Examples
    --------
    >>> Scope().local_levels, Scope().partner
    (('subnational',), 'any')
    """

    local_levels: tuple[ActorLevel, ...] = Field(default=("subnational",), min_length=1)
    partner: Partner = "any"


class PermittedField(Record):
    """A field of cooperation the law lists, and the sectors it covers.

    Examples
    --------
    >>> PermittedField(id="culture", text="cultural exchange", sectors=["kebudayaan"]).sectors
    ('culture',)
    """

    id: Id
    text: NonEmptyStr
    sectors: tuple[SectorId, ...] = Field(min_length=1)


class Rule(Record):
    """One rule of a jurisdiction.

    Attributes
    ----------
    id
        The rule's key.
    title
        A human title.
    kind
        One of :data:`RULE_KINDS`; says which of the other fields it reads.
    severity
        Of its findings (:data:`Severity`).
    scope
        Which agreements it applies to (:class:`Scope`).
    sectors
        ``reserved_sectors``: the reserved sectors.
    fields
        ``permitted_sectors``: the fields the law lists.
    residual
        ``permitted_sectors``: the wording of the law's residual clause.
    event_kinds
        ``consultation``: the event kinds that count as consultation.
    consult_levels
        ``consultation``, ``approval``: the levels of the jurisdiction's actors it
        must be with.
    actor_kinds
        ``consultation``, ``approval``: the kinds of those actors (e.g.
        ``legislature`` for a regional parliament); empty: any kind.
    in_force_from
        The date the rule's law took effect, if it matters: the rule applies to
        an agreement only if its signing (else its start) may fall on or after
        it; an agreement with no date stays in scope. ``None``: always.
    verified
        Whether the rule's legal basis (articles and what they require) was
        confirmed from the law's text or a text quoting it. ``False`` marks a rule
        coded from the seed or a secondary source; :func:`check` carries the
        flag on every finding, and the report shows it.
    verification
        What was confirmed and where (addresses), and what was not; required
        when ``verified`` is ``False``.
    basis
        The legal sources, with article (at least one).
    message
        A template for findings (:data:`PLACEHOLDERS`); empty uses
        :data:`DEFAULT_MESSAGES`.
    note
        How the law was coded.

    Examples
    --------
    >>> rule = load_rules("ID").rule("reserved-affairs")
    >>> rule.kind, rule.severity, "security_defence" in rule.sectors
    ('reserved_sectors', 'high', True)
    >>> dprd = load_rules("ID").rule("dprd-approval")
    >>> dprd.kind, dprd.actor_kinds, str(dprd.in_force_from), dprd.verified
    ('approval', ('legislature',), '2018', False)

    An unverified rule must say what could not be confirmed:

    >>> try:
    ...     Rule(id="r", kind="reserved_sectors", title="T", severity="high", sectors=["religion"],
    ...          basis=[{"source": "s"}], verified=False)
    ... except ValueError as err:
    ...     print(str(err).splitlines()[-1].strip())
    - verification: an unverified rule (verified: false) needs a 'verification' note saying what could not be confirmed
    """

    id: Id
    kind: RuleKind
    title: NonEmptyStr
    severity: Severity
    scope: Scope = Scope()
    sectors: tuple[SectorId, ...] = ()
    fields: tuple[PermittedField, ...] = ()
    residual: str = ""
    event_kinds: tuple[EventKind, ...] = ()
    consult_levels: tuple[ActorLevel, ...] = ("national",)
    actor_kinds: tuple[ActorKind, ...] = ()
    in_force_from: PartialDate | None = None
    basis: tuple[Basis, ...] = Field(min_length=1)
    message: str = ""
    note: str = ""
    verified: bool = True
    verification: str = ""

    @model_validator(mode="after")
    def _check_kind(self) -> Rule:
        problems: list[tuple[Loc, str]] = []
        needs = {"reserved_sectors": "sectors", "permitted_sectors": "fields", "consultation": "event_kinds",
                 "approval": "event_kinds"}
        need = needs[self.kind]
        if not getattr(self, need):
            problems.append(((need,), f"a {self.kind} rule needs at least one entry under {need!r}"))
        for other, name in (("sectors", "sectors"), ("fields", "fields"), ("event_kinds", "event_kinds")):
            if other != need and getattr(self, name):
                problems.append(((name,), f"{name!r} is not read by a {self.kind} rule; "
                                          f"it reads {need!r} (see RULE_KINDS)"))
        if self.residual and self.kind != "permitted_sectors":
            problems.append((("residual",), f"'residual' is read only by permitted_sectors rules, not {self.kind}"))
        if self.actor_kinds and self.kind not in ("consultation", "approval"):
            problems.append((("actor_kinds",), f"'actor_kinds' is read only by consultation and approval rules, "
                                               f"not {self.kind}"))
        if not self.verified and not self.verification.strip():
            problems.append((("verification",), "an unverified rule (verified: false) needs a 'verification' note "
                                                "saying what could not be confirmed"))
        if self.message:
            problems.extend((("message",), msg) for msg in _template_problems(self.message))
        if problems:
            raise IntegrityError(problems)
        return self

    @property
    def template(self) -> str:
        """The message template in force (``message`` or the kind's default)."""
        return self.message or DEFAULT_MESSAGES[self.kind]

    @property
    def residual_text(self) -> str:
        """The residual clause in force."""
        return self.residual or _DEFAULT_RESIDUAL


def _template_problems(template: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as err:
        return [f"bad message template: {err} (write {{ and }} as {{{{ and }}}})"]
    out = []
    for _, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            out.append(f"unknown placeholder {{{name}}} in message; allowed: {', '.join(sorted(PLACEHOLDERS))}")
        elif spec or conv:
            out.append(f"placeholder {{{name}}} takes no format spec or conversion")
    return out


class RuleSet(Record):
    """A jurisdiction's rules, with the legal sources they cite.

    Build one with :func:`load_rules` (bundled), :func:`read_rules` (a YAML
    file), or directly. Immutable; :meth:`merge` and :meth:`drop` return new
    sets.

    Attributes
    ----------
    jurisdiction
        ISO 3166-1 alpha-2 code; actors whose ``country`` equals it are "of the
        jurisdiction".
    name
        The jurisdiction's name.
    description
        For humans.
    extends
        In a file: the bundled jurisdiction whose rules this file starts from;
        in a loaded set: where its rules came from.
    sources
        The legal sources (ids unique).
    rules
        The rules (ids unique), applied in this order.
    extra_sectors
        Sector ids, beyond the built-in vocabulary, that rules may name (sectors
        a case adds under ``vocabulary``).
    disable
        In a file that ``extends``: ids of inherited rules to leave out.

    Examples
    --------
    >>> rs = load_rules("ID")
    >>> [r.id for r in rs.rules]
    ['reserved-affairs', 'permitted-fields', 'duty-to-consult', 'central-approval', 'dprd-approval']
    >>> rs.rule("reserved-affairs").sectors
    ('foreign_policy', 'security_defence', 'justice', 'monetary_fiscal', 'religion')
    >>> [r.id for r in rs.drop("permitted-fields", "central-approval", "dprd-approval").rules]
    ['reserved-affairs', 'duty-to-consult']
    """

    schema_version: Literal[1] = 1
    jurisdiction: CountryCode | None = None
    name: str = ""
    description: str = ""
    extends: str | None = None
    sources: tuple[LegalSource, ...] = ()
    rules: tuple[Rule, ...] = ()
    extra_sectors: tuple[SectorId, ...] = ()
    disable: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _check_refs(self) -> RuleSet:
        base = _BASE.get()
        problems: list[tuple[Loc, str]] = []
        if self.jurisdiction is None and base is None:
            problems.append((("jurisdiction",), "required field 'jurisdiction' is missing "
                                                "(an ISO 3166-1 alpha-2 code such as 'ID')"))
        source_ids = {s.id for s in base.sources} if base is not None else set()
        seen: set[str] = set()
        for i, src in enumerate(self.sources):
            if src.id in seen:
                problems.append((("sources", i, "id"), f"duplicate source id {src.id!r}"))
            seen.add(src.id)
        source_ids |= seen
        known_sectors = set(SECTORS) | set(self.extra_sectors)
        rule_ids: set[str] = set()
        for i, r in enumerate(self.rules):
            if r.id in rule_ids:
                problems.append((("rules", i, "id"), f"duplicate rule id {r.id!r}"))
            rule_ids.add(r.id)
            for k, b in enumerate(r.basis):
                if b.source not in source_ids:
                    known = f"sources: {', '.join(sorted(source_ids))}" if source_ids else "no source is listed"
                    problems.append((("rules", i, "basis", k, "source"),
                                     f"no source with id {b.source!r} ({known}); list it under 'sources'"))
            sector_locs: list[tuple[Loc, str]] = [(("rules", i, "sectors", k), s) for k, s in enumerate(r.sectors)]
            for j, f in enumerate(r.fields):
                sector_locs += [(("rules", i, "fields", j, "sectors", k), s) for k, s in enumerate(f.sectors)]
            for loc, s in sector_locs:
                if s not in known_sectors:
                    sugg = SECTORS.suggest(s, n=1)
                    hint = f" (did you mean {sugg[0]!r}?)" if sugg else ""
                    problems.append((loc, f"unknown sector {s!r}{hint}; expected a built-in sector or one "
                                          "listed under extra_sectors"))
        if self.disable:
            inherited = {r.id for r in base.rules} if base is not None else set()
            for k, rid in enumerate(self.disable):
                if base is None:
                    problems.append((("disable", k), "'disable' needs 'extends' (it removes inherited rules)"))
                    break
                if rid not in inherited:
                    problems.append((("disable", k), f"no inherited rule {rid!r}; inherited: "
                                                     f"{', '.join(sorted(inherited))}"))
        if problems:
            raise IntegrityError(problems)
        return self

    # ---- look-ups

    @property
    def code(self) -> str:
        """The jurisdiction's code (never ``None`` for a loaded set)."""
        return self.jurisdiction or ""

    @property
    def label(self) -> str:
        """The jurisdiction's name, else its code."""
        return self.name or self.code

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (``KeyError`` if none)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"no rule with id {rule_id!r}; rules: {', '.join(r.id for r in self.rules)}")

    def source(self, source_id: str) -> LegalSource:
        """The legal source with this id (``KeyError`` if none)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(f"no source with id {source_id!r}")

    def citation(self, rule: Rule) -> str:
        """The legal sources of ``rule``, with article: ``"UU No. 23/2014 art. 10(1); ..."``."""
        parts = []
        for b in rule.basis:
            cite = self.source(b.source).citation
            parts.append(f"{cite} {b.article}".strip())
        return "; ".join(parts)

    # ---- building

    def merge(self, other: RuleSet) -> RuleSet:
        """A new set: this one with ``other``'s sources and rules added.

        A rule or source of ``other`` with the id of one here replaces it in
        place; new ones are appended; ``other.disable`` removes rules.
        ``other``'s jurisdiction, name and description win when given.
        """
        sources = _replace_by_id(self.sources, other.sources)
        rules = tuple(r for r in _replace_by_id(self.rules, other.rules) if r.id not in set(other.disable))
        return RuleSet(
            jurisdiction=other.jurisdiction or self.jurisdiction,
            name=other.name or self.name,
            description=other.description or self.description,
            extends=self.extends or self.jurisdiction,
            sources=sources,
            rules=rules,
            extra_sectors=tuple(dict.fromkeys((*self.extra_sectors, *other.extra_sectors))),
        )

    def drop(self, *rule_ids: str) -> RuleSet:
        """A new set without the named rules (``KeyError`` for an unknown id)."""
        for rid in rule_ids:
            self.rule(rid)
        return self.model_copy(update={"rules": tuple(r for r in self.rules if r.id not in rule_ids)})

    def to_frame(self) -> pd.DataFrame:
        """The rules as a table: ``rule, kind, title, severity, scope, sectors, source, note, verified, verification``.

        ``sectors`` lists the reserved sectors, or the sectors of the permitted
        fields, or the event kinds that count as consultation or approval.
        ``verified`` (bool) says whether the rule's basis was confirmed;
        ``verification`` says what was and was not.

        Examples
        --------
        >>> for rule, source in load_rules("ID").to_frame()[["rule", "source"]].values:
        ...     print(f"{rule}: {source}")
        reserved-affairs: UU No. 23/2014 art. 10(1); UU No. 32/2004 art. 10(3)
        permitted-fields: UU No. 23/2014 art. 363(2)(c), 367(1)
        duty-to-consult: UU No. 24/2000 art. 5(1); UU No. 37/1999 art. 5; Permenlu No. 09/A/KP/XII/2006/01
        central-approval: UU No. 23/2014 art. 367(2); PP No. 28/2018; Permendagri No. 25/2020
        dprd-approval: PP No. 28/2018; Permendagri No. 25/2020
        >>> print(load_rules("ID").to_frame()[["rule", "verified"]].to_string(index=False))
                    rule  verified
        reserved-affairs     False
        permitted-fields     False
         duty-to-consult      True
        central-approval     False
           dprd-approval     False
        """
        rows = []
        for r in self.rules:
            if r.kind == "reserved_sectors":
                items: list[str] = list(r.sectors)
            elif r.kind == "permitted_sectors":
                items = [f"{f.id}. {', '.join(f.sectors)}" for f in r.fields]
            else:
                items = list(r.event_kinds)
            rows.append({
                "rule": r.id, "kind": r.kind, "title": r.title, "severity": r.severity,
                "scope": f"{'/'.join(r.scope.local_levels)} actor of {self.code} with {r.scope.partner} partner",
                "sectors": "; ".join(items), "source": self.citation(r), "note": r.note,
                "verified": r.verified, "verification": r.verification,
            })
        cols = ["rule", "kind", "title", "severity", "scope", "sectors", "source", "note", "verified", "verification"]
        df = pd.DataFrame(rows, columns=cols)
        text = {c: "str" for c in cols if c not in ("severity", "verified")}
        return df.astype({**text, "verified": bool}).assign(
            severity=pd.Categorical(df["severity"], categories=list(SEVERITIES), ordered=True)
        )


def _replace_by_id(old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...]:
    by_id = {x.id: x for x in new}
    out = [by_id.pop(x.id, x) for x in old]
    out += [x for x in new if x.id in by_id]
    return tuple(out)


# --------------------------------------------------------------------------- loading


def available_jurisdictions() -> list[str]:
    """The codes of the jurisdictions with bundled rules.

    Examples
    --------
    >>> available_jurisdictions()
    ['ID']
    """
    folder = resources.files(__package__ or "sistercity.legal") / "rules"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_rules(jurisdiction: str) -> RuleSet:
    """The bundled rules of a jurisdiction.

    Parameters
    ----------
    jurisdiction
        An ISO 3166-1 alpha-2 code (case-insensitive); see
        :func:`available_jurisdictions`.

    Returns
    -------
    RuleSet

    Raises
    ------
    ValueError
        If no rules are bundled for it (the message lists those that are).

    Examples
    --------
    >>> rs = load_rules("id")
    >>> rs.jurisdiction, rs.name, len(rs.rules)
    ('ID', 'Indonesia', 5)
    """
    return _load_bundled(str(jurisdiction).strip().upper(), 0)


@cache
def _load_bundled(code: str, depth: int) -> RuleSet:
    available = available_jurisdictions()
    if code not in available:
        raise ArgumentError(
            f"no bundled rules for jurisdiction {code!r}; bundled: {', '.join(available)}. "
            "Write a rule file (it may start with 'extends: ID') and read it with read_rules(path)"
        )
    if depth > 8:
        raise CaseValidationError([Problem(f"bundled rules for {code!r} extend each other in a loop",
                                           file=f"<bundled rules {code}.yaml>", path="extends")])
    name = f"<bundled rules {code}.yaml>"
    text = (resources.files(__package__ or "sistercity.legal") / "rules" / f"{code}.yaml").read_text("utf-8")
    return _loads(io.loads_document(text, format="yaml", file=name), depth + 1)


def read_rules(path: str | Path, *, max_bytes: int = io.DEFAULT_MAX_BYTES) -> RuleSet:
    """Read a jurisdiction's rules from a YAML file of your own.

    The file has the layout of the bundled ones (``sistercity/legal/rules/ID.yaml``;
    see ``docs/legal.md``). With ``extends: ID`` it starts from the bundled
    Indonesian rules: its sources and rules are added, a rule with an inherited
    id replaces it, and ``disable: [rule-id, ...]`` leaves inherited rules out.

    Parameters
    ----------
    path
        The YAML file.
    max_bytes
        Largest file read.

    Returns
    -------
    RuleSet

    Raises
    ------
    CaseValidationError
        With every problem found, each naming the file, the field (``rules[1].sectors[0]``)
        and the line and column.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.yaml"
    >>> _ = p.write_text('''
    ... extends: ID
    ... sources:
    ...   - {id: perda, citation: Perda Kota X No. 1/2020, title: Kerja sama daerah}
    ... rules:
    ...   - id: no-health
    ...     kind: reserved_sectors
    ...     title: Health is handled by the province (a made-up local rule)
    ...     severity: medium
    ...     sectors: [kesehatan]
    ...     basis: [{source: perda, article: art. 2}]
    ... ''', encoding="utf-8")
    >>> [r.id for r in read_rules(p).rules]
    ['reserved-affairs', 'permitted-fields', 'duty-to-consult', 'central-approval', 'dprd-approval', 'no-health']
    >>> _ = p.write_text("jurisdiction: ID\\nname: X\\nrules:\\n  - id: r\\n    kind: reserved_sectors\\n"
    ...                  "    title: T\\n    severity: high\\n    sectors: [defense, warfare]\\n"
    ...                  "    basis: [{source: nowhere}]\\n", encoding="utf-8")
    >>> try:
    ...     read_rules(p)
    ... except CaseValidationError as err:
    ...     for problem in err.problems:
    ...         print(problem.line, problem.path, problem.message)
    8 rules[0].sectors[1] unknown sector 'warfare'; expected a built-in sector or one listed under extra_sectors
    9 rules[0].basis[0].source no source with id 'nowhere' (no source is listed); list it under 'sources'
    """
    return _loads(io.read_document(path, max_bytes=max_bytes), 0)


def loads_rules(text: str, *, file: str | None = None) -> RuleSet:
    """Read rules from YAML text (see :func:`read_rules`).

    Parameters
    ----------
    text
        The rule file's text (YAML, or JSON).
    file
        The name to give in problems (a rule file's path), if any.

    Returns
    -------
    RuleSet
        The rules, merged onto the bundled ones the text ``extends``.

    Raises
    ------
    sistercity.CaseValidationError
        For text that is not a valid rule file.
    sistercity.ArgumentTypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> rs = loads_rules("extends: ID\\ndisable: [permitted-fields, dprd-approval]\\n")
    >>> rs.jurisdiction, [r.id for r in rs.rules], rs.extends
    ('ID', ['reserved-affairs', 'duty-to-consult', 'central-approval'], 'ID')
    """
    return _loads(io.loads_document(text, format="yaml", file=file), 0)


def _loads(doc: io.Document, depth: int) -> RuleSet:
    """The rules in ``doc``, merged onto the bundled ones it ``extends``."""
    base: RuleSet | None = None
    extends = doc.data.get("extends") if isinstance(doc.data, dict) else None
    if extends is not None:
        try:
            base = _load_bundled(str(extends).strip().upper(), depth)
        except CaseValidationError:
            raise
        except ValueError as err:
            line, col = doc.position(["extends"]) or (None, None)
            raise CaseValidationError([Problem(str(err), "extends", doc.file, line, col)]) from None
    token = _BASE.set(base)
    try:
        own = doc.validate(RuleSet, expected="a mapping with 'jurisdiction' and 'rules', or 'extends'")
    finally:
        _BASE.reset(token)
    return base.merge(own) if base is not None else own
