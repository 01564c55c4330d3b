"""Cross-record checks of a case: unique ids, resolving references, known vocabulary, dates in order (private).

:func:`integrity_problems` holds every rule; :class:`~sistercity.model.Case` runs it
when it is built, and on data whose fields are not all well typed the case runs it
over the records that are (see ``Case._cross_record_problems``), so that one rule
set gives one report. :func:`case_aliases` and :func:`fold` fold the words a case's
own vocabulary defines to their ids.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from sistercity._errors import MAX_HINT_WORD, MAX_PER_KIND, Loc, quote
from sistercity.dates import MAX_YEAR, PartialDate
from sistercity.model._records import CaseVocabulary, VocabularyTerm
from sistercity.vocab import BENEFIT_FIELDS, Vocabulary, normalize_term

if TYPE_CHECKING:
    from sistercity.model._case import Case
    from sistercity.model._records import Agreement, Commitment, Evidence, Obstacle

__all__ = ["case_aliases", "case_warnings", "fold", "integrity_problems"]

Found = Iterator[tuple[Loc, str]]


def integrity_problems(case: Case) -> Found:
    """Every cross-record problem of ``case`` (duplicate ids, dangling refs, vocabulary, order of dates).

    ``case`` may be a partial one (built with ``model_construct`` from the records
    that are well typed); the rules read only its fields and vocabularies.
    """
    ids: dict[str, set[str]] = {}
    yield from _duplicate_ids(case, ids)
    for k, term in enumerate(case.vocabulary.sectors):
        if term.group not in BENEFIT_FIELDS:
            yield (("vocabulary", "sectors", k, "group"),
                   f"unknown benefit field {quote(term.group)}{_hint(term.group, BENEFIT_FIELDS)}; "
                   f"expected one of {', '.join(BENEFIT_FIELDS)}")
    try:
        sectors = case.sector_vocabulary
        categories = case.category_vocabulary
    except ValueError as err:  # an added term clashes with a built-in id or alias
        yield ("vocabulary",), str(err)
        return
    if case.period_start and case.period_end and case.period_end.end() < case.period_start.start():
        yield ("period_end",), f"period ends ({case.period_end}) before it starts ({case.period_start})"
    check = _Checks(ids, sectors, categories)
    yield from check.sources(case)
    yield from check.actors(case)
    yield from check.agreements(case)
    yield from check.commitments(case)
    yield from check.observations(case)
    yield from check.obstacles(case)
    yield from check.events(case)
    yield from check.policy_frameworks(case)


def _duplicate_ids(case: Case, ids: dict[str, set[str]]) -> Found:
    """Ids used twice within a kind; fills ``ids`` with the ids of each kind (and of targets)."""
    kinds: dict[str, tuple[str, tuple[Any, ...]]] = {
        "actor": ("actors", case.actors),
        "agreement": ("agreements", case.agreements),
        "commitment": ("commitments", case.commitments),
        "obstacle": ("obstacles", case.obstacles),
        "event": ("events", case.events),
        "source": ("sources", case.sources),
        "policy framework": ("policy_frameworks", case.policy_frameworks),
    }
    for what, (field, items) in kinds.items():
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                yield (field, i, "id"), f"duplicate {what} id {quote(item.id)}; ids must be unique among {field}"
            seen.add(item.id)
        ids[what] = seen
    targets: set[str] = set()
    for i, fw in enumerate(case.policy_frameworks):
        for j, t in enumerate(fw.targets):
            if t.id in targets:
                yield ("policy_frameworks", i, "targets", j, "id"), f"duplicate target id {quote(t.id)}"
            targets.add(t.id)
    ids["target"] = targets


class _Checks:
    """The reference and vocabulary rules, per kind of record, for one case's ids and vocabularies."""

    def __init__(self, ids: dict[str, set[str]], sectors: Vocabulary, categories: Vocabulary) -> None:
        self.ids = ids
        self.sectors = sectors
        self.categories = categories
        self.agreement_sectors: dict[str, tuple[set[str], bool]] = {}
        self.hints = _Hints(ids)

    # ---- the shared rules

    def ref(self, loc: Loc, value: str | None, what: str) -> Found:
        if value is not None and value not in self.ids[what]:
            yield loc, f"no {what} with id {quote(value)}{self.hints.hint(value, what)}"

    def refs(self, loc: Loc, values: Iterable[str], what: str) -> Found:
        for k, v in enumerate(values):
            yield from self.ref((*loc, k), v, what)

    def evidence(self, loc: Loc, items: Iterable[Evidence]) -> Found:
        for k, ev in enumerate(items):
            yield from self.ref((*loc, k, "source"), ev.source, "source")

    def vocab(self, loc: Loc, value: str, v: Vocabulary) -> Found:
        if value not in v:
            sugg = v.suggest(value, n=1) if self.hints.allow(v.name) and len(value) <= MAX_HINT_WORD else []
            hint = f" (did you mean {quote(sugg[0])}?)" if sugg else ""
            plural = v.name[:-1] + "ies" if v.name.endswith("y") else v.name + "s"
            yield loc, (
                f"unknown {v.name} {quote(value)}{hint}; expected one of the built-in {plural} "
                f"({', '.join(v)}) or one the case adds under vocabulary"
            )

    # ---- per kind of record

    def sources(self, case: Case) -> Found:
        for i, src in enumerate(case.sources):
            if src.cited_in == src.id:
                yield ("sources", i, "cited_in"), "a source cannot be cited in itself"
            else:
                yield from self.ref(("sources", i, "cited_in"), src.cited_in, "source")

    def actors(self, case: Case) -> Found:
        for i, a in enumerate(case.actors):
            if a.parent == a.id:
                yield ("actors", i, "parent"), "an actor cannot be its own parent"
            else:
                yield from self.ref(("actors", i, "parent"), a.parent, "actor")
            yield from self.evidence(("actors", i, "evidence"), a.evidence)

    def agreements(self, case: Case) -> Found:
        for i, ag in enumerate(case.agreements):
            yield from self._agreement(("agreements", i), ag)
            self.agreement_sectors[ag.id] = (set(ag.sectors), ag.open_sectors)

    def _agreement(self, loc: Loc, ag: Agreement) -> Found:
        yield from self.refs((*loc, "parties"), ag.parties, "actor")
        dup = [p for p, n in Counter(ag.parties).items() if n > 1]
        if dup:
            yield (*loc, "parties"), f"party {quote(dup[0])} is listed twice; an agreement needs two distinct parties"
        for k, s in enumerate(ag.signatories):
            yield from self.ref((*loc, "signatories", k, "actor"), s.actor, "actor")
            yield from self.ref((*loc, "signatories", k, "on_behalf_of"), s.on_behalf_of, "actor")
            yield from self.evidence((*loc, "signatories", k, "evidence"), s.evidence)
        for k, sec in enumerate(ag.sectors):
            yield from self.vocab((*loc, "sectors", k), sec, self.sectors)
        if ag.parent == ag.id:
            yield (*loc, "parent"), "an agreement cannot be its own parent"
        else:
            yield from self.ref((*loc, "parent"), ag.parent, "agreement")
        start = ag.start
        if ag.signed and ag.effective and ag.effective.end() < ag.signed.start():
            yield (*loc, "effective"), f"takes effect ({ag.effective}) before it was signed ({ag.signed})"
        if start and ag.ends and ag.ends.end() < start.start():
            yield (*loc, "ends"), f"ends ({ag.ends}) before it starts ({start})"
        if ag.term is not None and ag.term <= 0:
            yield (*loc, "term"), "a term must be longer than zero months"
        elif ag.term is not None and start and ag.ends is None and _past_max(start, ag.term):
            yield (*loc, "term"), (f"the term ({ag.term:,} months from {start}) runs past {MAX_YEAR}, "
                                   f"the latest supported year")
        if ag.renewal_window is not None and ag.term is not None and ag.renewal_window > ag.term:
            yield (*loc, "renewal_window"), "the renewal window is longer than the term"
        yield from self.evidence((*loc, "evidence"), ag.evidence)

    def commitments(self, case: Case) -> Found:
        """Needs :meth:`agreements` run first (a commitment's sector must be one its agreement names)."""
        for i, c in enumerate(case.commitments):
            yield from self._commitment(("commitments", i), c)

    def _commitment(self, loc: Loc, c: Commitment) -> Found:
        yield from self.ref((*loc, "agreement"), c.agreement, "agreement")
        yield from self.vocab((*loc, "sector"), c.sector, self.sectors)
        agreed = self.agreement_sectors.get(c.agreement)
        if agreed and agreed[0] and not agreed[1] and c.sector in self.sectors and c.sector not in agreed[0]:
            yield (*loc, "sector"), (
                f"sector {quote(c.sector)} is not one agreement {quote(c.agreement)} names "
                f"({', '.join(sorted(agreed[0]))}); add it there or set open_sectors: true"
            )
        for role in ("providers", "beneficiaries", "participants"):
            yield from self.refs((*loc, role), getattr(c, role), "actor")
        yield from self.refs((*loc, "targets"), c.targets, "target")
        yield from self.evidence((*loc, "evidence"), c.evidence)

    def observations(self, case: Case) -> Found:
        for i, o in enumerate(case.observations):
            yield from self.ref(("observations", i, "commitment"), o.commitment, "commitment")
            yield from self.evidence(("observations", i, "evidence"), o.evidence)

    def obstacles(self, case: Case) -> Found:
        for i, ob in enumerate(case.obstacles):
            yield from self._obstacle(("obstacles", i), ob)

    def _obstacle(self, loc: Loc, ob: Obstacle) -> Found:
        yield from self.vocab((*loc, "category"), ob.category, self.categories)
        yield from self.refs((*loc, "affects"), ob.affects, "commitment")
        yield from self.refs((*loc, "faced_by"), ob.faced_by, "actor")
        for k, m in enumerate(ob.mitigations):
            yield from self.ref((*loc, "mitigations", k, "commitment"), m.commitment, "commitment")
            yield from self.refs((*loc, "mitigations", k, "proposed_by"), m.proposed_by, "actor")
            yield from self.evidence((*loc, "mitigations", k, "evidence"), m.evidence)
        yield from self.evidence((*loc, "evidence"), ob.evidence)

    def events(self, case: Case) -> Found:
        for i, ev in enumerate(case.events):
            loc: Loc = ("events", i)
            yield from self.refs((*loc, "participants"), ev.participants, "actor")
            yield from self.ref((*loc, "agreement"), ev.agreement, "agreement")
            yield from self.refs((*loc, "commitments"), ev.commitments, "commitment")
            yield from self.evidence((*loc, "evidence"), ev.evidence)

    def policy_frameworks(self, case: Case) -> Found:
        for i, fw in enumerate(case.policy_frameworks):
            yield from self.ref(("policy_frameworks", i, "owner"), fw.owner, "actor")
            yield from self.evidence(("policy_frameworks", i, "evidence"), fw.evidence)


def _past_max(start: PartialDate, months: int) -> bool:
    """Whether ``start`` plus ``months`` falls after the latest supported year."""
    return start.year + ((start.month or 1) - 1 + months) // 12 > MAX_YEAR


def _hint(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {quote(close[0])}?)" if close else ""


class _Hints:
    """"Did you mean" for dangling references, with bounded work.

    The candidates of each kind are listed once, and at most
    :data:`~sistercity._errors.MAX_PER_KIND` suggestions are computed per kind: past that
    many problems of one kind are not listed in full anyway (see
    :func:`~sistercity._errors.cap_problems`), so N dangling references cost
    O(min(N, cap) x candidates) comparisons instead of O(N x candidates).
    """

    def __init__(self, ids: dict[str, set[str]]) -> None:
        self.ids = ids
        self.sorted: dict[str, list[str]] = {}
        self.used: Counter[str] = Counter()

    def allow(self, kind: str) -> bool:
        """Whether another suggestion of ``kind`` may be computed (counts it)."""
        self.used[kind] += 1
        return self.used[kind] <= MAX_PER_KIND

    def hint(self, word: str, what: str) -> str:
        if not self.allow(what) or len(word) > MAX_HINT_WORD:
            return ""
        if what not in self.sorted:
            self.sorted[what] = sorted(self.ids[what])
        return _hint(word, self.sorted[what])


# --------------------------------------------------------------------------- warnings


def case_warnings(case: Case) -> Found:
    """What is valid but probably wrong: an observation dated outside its agreement's span.

    An observation whose whole date (all the days a partial date admits) lies
    before its commitment's agreement took effect (``effective``, else ``signed``),
    or after it ended (``ends``, else start plus ``term``), observes something the
    agreement did not yet, or no longer, cover: usually a mistyped date or the wrong
    commitment. A date that overlaps the span by a day is not flagged.
    """
    agreements = {a.id: a for a in case.agreements}
    spans: dict[str, tuple[str, PartialDate | None, PartialDate | None]] = {}
    for c in case.commitments:
        a = agreements.get(c.agreement)
        if a is not None:
            spans[c.id] = (a.id, a.start, a.end)
    for i, o in enumerate(case.observations):
        if o.commitment not in spans:
            continue
        aid, start, end = spans[o.commitment]
        if start is not None and o.date.end() < start.start():
            yield (("observations", i, "date"),
                   f"observed {o.date}, before agreement {quote(aid)} took effect ({start}); "
                   "check the date, or the commitment it observes")
        elif end is not None and o.date.start() > end.end():
            yield (("observations", i, "date"),
                   f"observed {o.date}, after agreement {quote(aid)} ended ({end}); "
                   "check the date, or the commitment it observes")


# --------------------------------------------------------------------------- a case's own aliases


def case_aliases(vocabulary: object) -> tuple[dict[str, str], dict[str, str]]:
    """Alias -> id maps (normalised keys) of a case's own sectors and categories, if readable."""
    out: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for k, field in enumerate(("sectors", "obstacle_categories")):
        if isinstance(vocabulary, CaseVocabulary):
            terms: Any = getattr(vocabulary, field)
        elif isinstance(vocabulary, dict):
            terms = vocabulary.get(field) or ()
        else:
            continue
        if not isinstance(terms, (list, tuple)):
            continue
        for term in terms:
            tid = term.id if isinstance(term, VocabularyTerm) else term.get("id") if isinstance(term, dict) else None
            aliases = (term.aliases if isinstance(term, VocabularyTerm)
                       else term.get("aliases") if isinstance(term, dict) else None)
            if isinstance(tid, str) and isinstance(aliases, (list, tuple)):
                for alias in aliases:
                    if isinstance(alias, str):
                        out[k][normalize_term(alias)] = normalize_term(tid)
    return out


def fold(record: Any, field: str, aliases: dict[str, str], *, many: bool = False) -> Any:
    """``record`` (a dict or a model) with ``field``'s alias words replaced by ids."""
    if not aliases:
        return record
    value = record.get(field) if isinstance(record, dict) else getattr(record, field, None)

    def one(word: Any) -> Any:
        return aliases.get(normalize_term(word), word) if isinstance(word, str) else word

    if many:
        if not isinstance(value, (list, tuple)):
            return record
        new: Any = type(value)(one(w) for w in value)
    else:
        new = one(value)
    if new == value:
        return record
    if isinstance(record, dict):
        return {**record, field: new}
    if isinstance(record, BaseModel):
        return record.model_copy(update={field: new})
    return record
