"""The tables of a pair list, typed as :data:`~sistercity.tables.SCHEMA` says, without a per-row check (private).

:meth:`CaseTables.from_frames` converts and checks every column of every table,
which costs more than reading the file. The reader knows its values are clean
(codes it made, ids it made, years it parsed), so it builds the three tables it
fills directly in the dtypes of an empty :class:`CaseTables` and takes the other
fifteen, empty, from it. The tests check that the result equals
``CaseTables.from_frames(..., validate=True)`` of the same frames.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._frames import parse_dates
from sistercity.tables import CaseTables


@cache
def _empty() -> CaseTables:
    return CaseTables.from_frames(validate=False)


def _typed(empty: pd.DataFrame, n: int, given: dict[str, Any]) -> pd.DataFrame:
    """A frame of ``n`` rows with the columns and dtypes of ``empty``; ``given`` columns filled
    (an array, or one value for every row), the others missing.
    """
    out: dict[str, Any] = {}
    for col in empty.columns:
        dtype: Any = empty[col].dtype
        if col not in given:  # all missing
            out[col] = empty[col].array.take(np.full(n, -1, dtype=np.intp), allow_fill=True)
            continue
        v = given[col]
        if isinstance(dtype, pd.CategoricalDtype):
            codes = (np.full(n, dtype.categories.get_loc(v), dtype=np.int64) if isinstance(v, str)
                     else dtype.categories.get_indexer(pd.Index(v)))
            out[col] = pd.Categorical.from_codes(codes, dtype=dtype)
        elif isinstance(v, bool):
            out[col] = np.full(n, v, dtype=dtype)
        elif isinstance(v, str):
            out[col] = pd.array(np.full(n, v, dtype=object), dtype=dtype)
        elif isinstance(v, pd.Series | pd.api.extensions.ExtensionArray) and v.dtype == dtype:
            out[col] = v.array if isinstance(v, pd.Series) else v
        elif isinstance(v, tuple):  # (codes, distinct values): few values, many rows
            out[col] = pd.array(v[1], dtype=dtype).take(v[0], allow_fill=True)
        else:
            out[col] = pd.array(v, dtype=dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(n), copy=False)  # (the arrays are new)


def pair_tables(actor: npt.NDArray[np.object_], name: npt.NDArray[np.object_], country: npt.NDArray[np.object_],
                agreement: npt.NDArray[np.object_], kind: npt.NDArray[np.object_] | str,
                signed: tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]],
                ends: npt.NDArray[np.intp]) -> CaseTables:
    """Tables of actors (cities), agreements (pairs of one ``kind`` or one each; ``signed`` as codes
    into distinct years, ``-1`` or ``None`` for none) and their parties.

    ``ends`` holds the positions (in ``actor``) of the two parties of each agreement, one after the other.
    """
    empty = _empty()
    actors = _typed(empty.actors, len(actor), {
        "actor": actor, "name": name, "country": country, "level": "subnational", "kind": "government",
        "governmental": True})
    codes, texts = signed
    first_u, last_u, _, _ = parse_dates(pd.Series(texts, dtype=object))
    first_day, last_day = first_u.to_numpy(), last_u.to_numpy()
    nat = np.array(["NaT"], dtype=first_day.dtype)
    first = np.concatenate([first_day, nat])[codes]
    last = np.concatenate([last_day, nat])[codes]
    agreements = _typed(empty.agreements, len(agreement), {
        "agreement": agreement, "kind": kind, "title": "", "signed": signed, "start": signed,
        "start_first": first, "start_last": last, "open_sectors": False})
    parties = _typed(empty.agreement_parties, len(ends), {  # (taken from the columns made: no new strings)
        "agreement": agreements["agreement"].array.take(np.repeat(np.arange(len(agreement)), 2)),
        "actor": actors["actor"].array.take(ends)})
    frames = {t: getattr(empty, t).copy() for t in CaseTables.table_names()}
    frames.update(actors=actors, agreements=agreements, agreement_parties=parties)
    return CaseTables(**frames, sectors=empty.sectors, categories=empty.categories)
