"""Actor codings the case marks as the coders' assumptions (:func:`coding_assumptions`)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from sistercity._typing import CaseData
from sistercity.interdependence._vocab import LEVELS
from sistercity.tables import as_tables

_LOCATOR = re.compile(r"^\s*assumption\s*:\s*(governmental|level)\s*$", re.IGNORECASE)

_COLUMNS = ["actor", "attribute", "value", "alternative", "source"]


def coding_assumptions(data: CaseData) -> pd.DataFrame:
    """The actor codings a case marks as assumptions, each with its alternative(s).

    A coding the sources do not settle is marked in the case by an evidence
    entry on the actor whose ``locator`` is ``"assumption: <attribute>"``, for
    an attribute a tie's channel is read from (:data:`RECODABLE`:
    ``governmental`` or ``level``); the entry cites the source that records the
    coders' assumption and says why in its note. (The case model has no field
    for "assumption"; the locator is this package's convention.)

    Each marked coding gives one row per alternative value: the other boolean
    for ``governmental``, each other level for ``level``. Pass a row to
    :func:`what_if` as ``recode={actor: {attribute: alternative}}`` to see how
    far a figure rests on it.

    Parameters
    ----------
    data : Case or CaseTables

    Returns
    -------
    DataFrame
        ``actor, attribute, value, alternative, source`` (the coded value and the
        alternative as text: ``"True"``, ``"False"`` or a level), in the order of
        the evidence table; empty when nothing is marked.

    Raises
    ------
    ArgumentTypeError
        If ``data`` is neither a case nor its tables.

    Examples
    --------
    >>> from sistercity import datasets
    >>> print(coding_assumptions(datasets.load("bogor-kisarazu")).to_string(index=False))
           actor    attribute value alternative           source
    hatazawa-jhs governmental  True       False coder-assumption
    >>> len(coding_assumptions(datasets.load("demo-interdependence")))
    0
    """
    t = as_tables(data)
    ev = t.evidence
    rows: list[dict[str, str]] = []
    if len(ev):
        actors = t.actors.set_index(t.actors["actor"].astype(object))
        seen: set[tuple[str, str]] = set()
        for rec, rid, src, loc in zip(ev["record"].astype(object), ev["record_id"].astype(object),
                                      ev["source"].astype(object), ev["locator"].astype(object), strict=True):
            m = _LOCATOR.match(loc) if isinstance(loc, str) and rec == "actor" else None
            if m is None or rid not in actors.index or (rid, m.group(1).lower()) in seen:
                continue
            attr = m.group(1).lower()
            seen.add((rid, attr))
            raw: object = actors.at[rid, attr]
            if attr == "governmental":
                value = bool(raw) if isinstance(raw, bool | np.bool_) else False
                alternatives = [str(not value)]
                shown = str(value)
            else:
                shown = str(raw)
                alternatives = [x for x in LEVELS if x != shown]
            for alt in alternatives:
                rows.append(dict(actor=str(rid), attribute=attr, value=shown, alternative=alt, source=str(src)))
    return pd.DataFrame(rows, columns=_COLUMNS).astype(dict.fromkeys(_COLUMNS, "str"))
