"""The case for reading: look-ups that give plain values (names, labels, citations, dates).

Nothing here makes markup: every value is plain text, a number or a small dict of
them, and the templates decide how it looks (escaping it as they go).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from sistercity.model import Case, Evidence, ImplementationLevel
from sistercity.report._terms import terms
from sistercity.vocab import OBSTACLE_CATEGORIES, SECTORS, Vocabulary

if TYPE_CHECKING:
    from sistercity.model import Observation
    from sistercity.report._i18n import Lang

__all__ = ["LEVEL_COLORS", "THRESHOLD", "Doc", "missing", "records"]

THRESHOLD = ImplementationLevel.INTERMEDIATE
"""The level from which a sector counts as implemented and a commitment as no longer blocked."""

LEVEL_COLORS = {0: "#d7301f", 1: "#fc8d59", 2: "#74add1", 3: "#1a9850"}  # as sistercity.plotting.LEVEL_COLORS

_TITLE_IN_CITATION = 72


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``df`` as dicts keyed by column name."""
    return cast("list[dict[str, Any]]", df.to_dict("records"))


def missing(value: object) -> bool:
    """Whether a table cell holds no value (None, NaN, NaT, ``pd.NA``)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str | int):  # the common cells, answered without pandas
        return False
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


class Doc:
    """The case with look-ups for the report, in one language."""

    def __init__(self, case: Case, status_at: str | None, life_at: object, lang: Lang) -> None:
        self.case = case
        self.lang = lang
        self.status_at = status_at
        self.life_at = life_at
        self.refs = {s.id: i for i, s in enumerate(case.sources, start=1)}
        self.sources = {s.id: s for s in case.sources}
        self.actors = {a.id: a for a in case.actors}
        self.agreements = {a.id: a for a in case.agreements}
        self.commitments = {c.id: c for c in case.commitments}
        self.many_agreements = len(case.agreements) > 1
        self.terms = terms(lang)
        self._coded_by: dict[str, str] = {}
        self._refs: dict[str, dict[str, Any]] = {}
        self.observations: dict[str, list[tuple[int, Observation]]] = {}
        for i, o in enumerate(case.observations):
            self.observations.setdefault(o.commitment, []).append((i, o))

    @property
    def at_text(self) -> str:
        """The status date for reading, or "the latest observation"."""
        if self.status_at is None:
            return self.lang.gettext("the latest observation")
        return self.lang.date(self.status_at)

    # ------------------------------------------------------------------ names

    def actor(self, actor_id: object) -> str:
        if missing(actor_id):
            return ""
        a = self.actors.get(str(actor_id))
        return a.name if a else str(actor_id)

    def actors_list(self, ids: Iterable[str]) -> list[str]:
        return [self.actor(i) for i in ids]

    def agreement(self, agreement_id: object) -> str:
        if missing(agreement_id):
            return ""
        a = self.agreements.get(str(agreement_id))
        return (a.title or a.id) if a else str(agreement_id)

    def commitment(self, commitment_id: object) -> dict[str, Any] | None:
        """``{"id", "title", "known"}``: ``known`` commitments are linked to their card."""
        if missing(commitment_id):
            return None
        c = self.commitments.get(str(commitment_id))
        if c is None:
            return {"id": str(commitment_id), "title": str(commitment_id), "known": False}
        return {"id": c.id, "title": c.title, "known": True}

    def sector(self, sector_id: object, *, lower: bool = False) -> str:
        """The sector's label in the report's language (``lower``: small first letter, for running text)."""
        if missing(sector_id):
            return ""
        label = self._label(self.case.sector_vocabulary, SECTORS, "sector", str(sector_id))
        return label[:1].lower() + label[1:] if lower else label

    def category(self, category_id: object) -> str:
        if missing(category_id):
            return ""
        return self._label(self.case.category_vocabulary, OBSTACLE_CATEGORIES, "obstacle category",
                           str(category_id))

    def _label(self, vocab: Vocabulary, builtin: Vocabulary, table: str, term_id: str) -> str:
        """A vocabulary term's label in the report's language.

        The rule: a built-in term whose label the case leaves as it is gets the
        catalog's label (message context ``sector`` or ``obstacle category``,
        message id the English label); the Indonesian sector labels are made of
        the term's own Indonesian aliases (``pendidikan`` → "Pendidikan",
        ``ekonomi``, ``perdagangan``, ``investasi`` → "Ekonomi, perdagangan dan
        investasi"), which ``tests/test_report_i18n.py`` checks. A term the case
        defines itself keeps the label the case gives (written in the case's own
        language). An unknown id is shown as it is.
        """
        if term_id not in vocab:
            return term_id
        label = vocab[term_id].label
        if term_id in builtin and builtin[term_id].label == label and term_id in self.terms[table]:
            return self.terms[table][term_id]
        return label

    def term(self, vocabulary: str, value: object) -> str:
        """A word of one of the model's fixed vocabularies (see ``_terms``); unknown values as they are."""
        if missing(value):
            return ""
        return self.terms[vocabulary].get(str(value), str(value).replace("_", " "))

    def firmness(self, status: object) -> str:
        """How firm a commitment is: agreed, proposed, one side's wish."""
        return self.term("commitment status", status)

    # ------------------------------------------------------------------ values

    def coded_by(self, coder: str) -> str:
        """``coded by <coder>`` (the same few coders recur over many observations)."""
        if coder not in self._coded_by:
            self._coded_by[coder] = self.lang.gettext("coded by %(coder)s") % {"coder": coder}
        return self._coded_by[coder]

    def level(self, value: object) -> dict[str, Any]:
        """A level for its badge: ``{"n", "name", "color"}``; ``n`` is None for no data."""
        if missing(value):
            return {"n": None, "name": self.lang.gettext("no data"), "color": ""}
        n = int(value)  # type: ignore[call-overload]
        return {"n": n, "name": self.level_name(n), "color": LEVEL_COLORS[n]}

    def level_name(self, n: int) -> str:
        return self.terms["level"][str(n)]

    def date(self, value: object, *, approximate: bool = False) -> dict[str, Any] | None:
        """``{"iso", "text"}`` of a (partial) date for a ``<time>`` element; None when missing."""
        if missing(value) or str(value) == "":
            return None
        iso = str(value)
        text = self.lang.date(iso)
        if approximate:
            text = self.lang.gettext("about %(date)s") % {"date": text}
        return {"iso": iso if "/" not in iso else "", "text": text}

    def observed(self, n_observed: object, n_commitments: object) -> str:
        """How far a rate rests on data: ``4 of 5 observed (80%)``; ``—`` when nothing is counted."""
        if missing(n_observed) or missing(n_commitments) or not int(n_commitments):  # type: ignore[call-overload]
            return "—"
        k, n = int(n_observed), int(n_commitments)  # type: ignore[call-overload]
        return self.lang.gettext("%(k)s of %(n)s observed (%(share)s)") % {
            "k": self.lang.integer(k), "n": self.lang.integer(n), "share": self.lang.percent(k / n)}

    def number(self, value: object, places: int = 3) -> str:
        """A cell value for reading: ``—`` when missing, whole numbers grouped, others to ``places`` decimals."""
        if missing(value):
            return "—"
        if isinstance(value, bool | np.bool_):
            return self.lang.gettext("yes") if value else self.lang.gettext("no")
        if isinstance(value, numbers.Integral):
            return self.lang.integer(int(value))
        if isinstance(value, numbers.Real):
            return self.lang.decimal(float(value), places)
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d")
        return str(value)

    # ------------------------------------------------------------------ sources

    def ref(self, source_id: object) -> dict[str, Any] | None:
        """``{"n", "id", "title"}`` of a source (``n`` None for a source the case does not list)."""
        if missing(source_id):
            return None
        sid = str(source_id)
        if sid not in self._refs:
            self._refs[sid] = ({"n": self.refs[sid], "id": sid, "title": self.sources[sid].title} if sid in self.refs
                               else {"n": None, "id": sid, "title": sid})
        return self._refs[sid]

    def cite(self, source_id: object, locator: object = None) -> dict[str, Any] | None:
        """A compact citation: ``{"ref", "locator"}``."""
        ref = self.ref(source_id)
        if ref is None:
            return None
        return {"ref": ref, "locator": "" if missing(locator) else str(locator)}

    def evidence(self, items: Iterable[Evidence]) -> list[dict[str, Any]]:
        """Each piece of evidence: its source (numbered), locator, link, quote and note."""
        out = []
        for ev in items:
            src = self.sources.get(ev.source)
            title = src.title if src else ev.source
            if len(title) > _TITLE_IN_CITATION:
                title = title[:_TITLE_IN_CITATION - 2].rstrip() + "…"
            out.append({"ref": self.ref(ev.source), "title": title, "locator": ev.locator,
                        "url": src.url if src is not None else None,
                        "lang": src.language if src is not None else None,
                        "quote": ev.quote, "note": ev.note})
        return out

    # ------------------------------------------------------------------ tables

    def full_table(self, df: pd.DataFrame, what: str) -> dict[str, Any] | None:
        """A whole analysis table as text cells, for a folded block (None when it is empty).

        Column names stay those of the analysis (they are what a user finds in
        pandas); cells are formatted as :meth:`number` formats them.
        """
        if df.empty:
            return None
        columns = [str(c) for c in df.columns]
        cells = [[self.number(v) for v in df[c].tolist()] for c in df.columns]
        return {"what": what, "columns": columns, "rows": list(zip(*cells, strict=True)) if cells else [],
                "n_rows": len(df), "n_cols": len(columns)}
