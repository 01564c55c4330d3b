"""One vocabulary for many cases: the custom terms of every case merged, clashes reported (private)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sistercity.exceptions import Problem
from sistercity.model import Case
from sistercity.vocab import OBSTACLE_CATEGORIES, SECTORS, Term, Vocabulary, normalize_term

__all__ = ["merge_vocabularies"]


def _same(a: Term, b: Term) -> bool:
    """Two terms with one id mean the same thing: same label (folded) and same benefit field."""
    return normalize_term(a.label) == normalize_term(b.label) and a.group == b.group


def _merge_kind(cases: Sequence[Case], kind: str, base: Vocabulary, labels: Sequence[str],
                where: Callable[[int, str, int, str], Problem]) -> tuple[Vocabulary, list[Problem]]:
    """``base`` extended with the ``kind`` terms of every case (``sectors`` or ``obstacle_categories``)."""
    problems: list[Problem] = []
    merged: dict[str, Term] = {}
    first: dict[str, int] = {}
    lookup = {normalize_term(key): term.id for term in base.terms for key in (term.id, *term.aliases)}
    what = "sector" if kind == "sectors" else "obstacle category"
    for k, case in enumerate(cases):
        for i, vt in enumerate(getattr(case.vocabulary, kind)):
            term = vt.to_term()
            if term.id in merged and not _same(merged[term.id], term):
                old = merged[term.id]
                problems.append(where(k, kind, i, (
                    f"{what} {term.id!r} means something else in case {labels[first[term.id]]!r} "
                    f"(label {old.label!r}, field {old.group!r}) than here (label {term.label!r}, field "
                    f"{term.group!r}); one id must mean one thing across the cases: rename one of them")))
                continue
            clash = False
            for key in (term.id, *term.aliases):
                owner = lookup.get(normalize_term(key))
                if owner is not None and owner != term.id:
                    problems.append(where(k, kind, i, (
                        f"{key!r} names the {what} {owner!r} in another case or the built-in vocabulary, "
                        f"and {term.id!r} here; a word must name one {what} across the cases")))
                    clash = True
            if clash:
                continue
            for key in (term.id, *term.aliases):
                lookup[normalize_term(key)] = term.id
            if term.id in merged:
                old = merged[term.id]
                aliases = old.aliases + tuple(a for a in term.aliases if a not in old.aliases)
                merged[term.id] = Term(old.id, old.label, old.group, aliases, old.description or term.description)
            else:
                merged[term.id] = term
                first[term.id] = k
    return base.extend(merged.values()), problems


def merge_vocabularies(
    cases: Sequence[Case], labels: Sequence[str], where: Callable[[int, str, int, str], Problem],
) -> tuple[Vocabulary, Vocabulary, list[Problem]]:
    """The sector and obstacle-category vocabularies of ``cases`` together, and the clashes found."""
    sectors, p1 = _merge_kind(cases, "sectors", SECTORS, labels, where)
    categories, p2 = _merge_kind(cases, "obstacle_categories", OBSTACLE_CATEGORIES, labels, where)
    return sectors, categories, p1 + p2
