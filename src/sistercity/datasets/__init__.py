"""Bundled datasets: sister-city cases encoded from their sources.

Each dataset is a case file (YAML) shipped inside the package, read with
:func:`sistercity.read_case` into a validated, immutable :class:`~sistercity.Case`.
Every actor, agreement, signatory, commitment, observation, obstacle, mitigation and
event in them carries evidence (source, locator, quote); the coding decisions behind
them are written down in the codebook (``docs/codebook.md``).

========================  ===============  =========================================
name                      period           what it is
========================  ===============  =========================================
``bogor-kisarazu``        2016–2018        Bogor (ID) – Kisarazu (JP): the seed case, in full
``bandung-suwon``         since 2010       Bandung (ID) – Suwon (KR): cultural diplomacy (K-pop)
``baubau-seoul``          undated          Baubau (ID) – Seoul (KR): language and culture
``surabaya-kochi``        since 1997       Surabaya (ID) – Kochi (JP)
``demo-interdependence``  invented         a synthetic illustrative network, **not a real case**
========================  ===============  =========================================

``bandung-suwon``, ``baubau-seoul`` and ``surabaya-kochi`` carry only what the seed
thesis says of them (a sentence or two each). ``demo-interdependence`` is made up: six
actors and a handful of records, small enough to check by hand every number the examples
of :mod:`sistercity.interdependence` print; its evidence points at a source that says so.

Functions
---------
:func:`list_datasets`
    The bundled datasets as a table.
:func:`load`
    One dataset as a :class:`~sistercity.Case` (read once, then cached).
:func:`path`
    The dataset's YAML file, to read or copy as a template for a case of your own.

Examples
--------
>>> from sistercity import datasets
>>> case = datasets.load("bogor-kisarazu")
>>> loi = case.agreement("loi-2016")
>>> loi.kind, str(loi.signed), loi.term, loi.binding
('letter_of_intent', '2016-11-18', 60, False)
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from typing import Any

import pandas as pd
import yaml

from sistercity.exceptions import DatasetNotFoundError, SisterCityError
from sistercity.io import read_case
from sistercity.model import Case

__all__ = ["list_datasets", "load", "path"]

_PACKAGE = "sistercity.datasets"
_INDEX = "index.yaml"
_COLUMNS = ("name", "title", "period", "description", "sources")


@dataclass(frozen=True, slots=True)
class _Entry:
    """One row of the index file."""

    name: str
    title: str
    period: str
    description: str
    sources: int


@functools.cache
def _index() -> tuple[_Entry, ...]:
    """The entries of ``index.yaml``, in file order (read once)."""
    text = files(_PACKAGE).joinpath(_INDEX).read_text(encoding="utf-8")
    data: Any = yaml.safe_load(text)
    rows = data.get("datasets") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise SisterCityError(f"{_PACKAGE}/{_INDEX}: expected a mapping with a list under 'datasets'")
    entries: list[_Entry] = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or set(row) != set(_COLUMNS):
            raise SisterCityError(
                f"{_PACKAGE}/{_INDEX}: datasets[{i}] must have exactly the keys {', '.join(_COLUMNS)}"
            )
        sources = row["sources"]
        if isinstance(sources, bool) or not isinstance(sources, int):
            raise SisterCityError(f"{_PACKAGE}/{_INDEX}: datasets[{i}].sources must be an integer")
        entries.append(_Entry(
            name=str(row["name"]), title=str(row["title"]), period=str(row["period"]),
            description=" ".join(str(row["description"]).split()), sources=sources,
        ))
    return tuple(entries)


def _names() -> tuple[str, ...]:
    return tuple(e.name for e in _index())


def _check(name: str) -> str:
    """``name`` if it is a bundled dataset, else a :class:`DatasetNotFoundError` that says what is."""
    names = _names()
    if isinstance(name, str) and name in names:
        return name
    close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise DatasetNotFoundError(f"no bundled dataset named {name!r}{hint}; available: {', '.join(names)}")


def list_datasets() -> pd.DataFrame:
    """The bundled datasets, one row each, in a fixed order.

    Returns
    -------
    pandas.DataFrame
        A new frame (change it freely) with the columns

        ``name`` (str)
            What to pass to :func:`load` and :func:`path`.
        ``title`` (str)
            The case's title.
        ``period`` (str)
            The period covered, as text: ``"2016–2018"``, ``"since 2010"``, or
            ``"undated"`` when the sources give no date.
        ``description`` (str)
            One paragraph on what the dataset holds.
        ``sources`` (int)
            How many sources (:class:`~sistercity.Source` records) the case file cites.

    Examples
    --------
    >>> from sistercity import datasets
    >>> df = datasets.list_datasets()
    >>> list(df.columns)
    ['name', 'title', 'period', 'description', 'sources']
    >>> df["name"].tolist()
    ['bogor-kisarazu', 'bandung-suwon', 'baubau-seoul', 'surabaya-kochi', 'demo-interdependence']
    >>> int(df.set_index("name").loc["bogor-kisarazu", "sources"])
    15
    """
    entries = _index()
    frame = pd.DataFrame({col: [getattr(e, col) for e in entries] for col in _COLUMNS})
    return frame.astype({"sources": "int64"})


def path(name: str) -> Traversable:
    """The bundled YAML file of dataset ``name``.

    Read it, or copy it as a template for a case of your own (use
    :func:`importlib.resources.as_file` for a real file-system path).

    Parameters
    ----------
    name
        A dataset name from :func:`list_datasets`.

    Returns
    -------
    importlib.resources.abc.Traversable

    Raises
    ------
    sistercity.DatasetNotFoundError
        If there is no such dataset; the message lists the available names.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from importlib.resources import as_file
    >>> import sistercity
    >>> from sistercity import datasets
    >>> datasets.path("bandung-suwon").name
    'bandung-suwon.yaml'
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "my-case.yaml"
    >>> with as_file(datasets.path("bandung-suwon")) as src:
    ...     _ = shutil.copy(src, target)
    >>> sistercity.read_case(target).id
    'bandung-suwon'
    """
    return files(_PACKAGE).joinpath(f"{_check(name)}.yaml")


@functools.cache
def _load(name: str) -> Case:
    with as_file(path(name)) as file:
        return read_case(file)


def load(name: str) -> Case:
    """Dataset ``name`` as a :class:`~sistercity.Case`.

    The file is read and validated once; later calls return the same (immutable)
    case from a cache.

    Parameters
    ----------
    name
        A dataset name from :func:`list_datasets`.

    Returns
    -------
    Case

    Raises
    ------
    sistercity.DatasetNotFoundError
        If there is no such dataset (also a :class:`KeyError`); the message lists the
        available names and the closest match.

    Examples
    --------
    >>> from sistercity import datasets
    >>> case = datasets.load("bogor-kisarazu")
    >>> sorted(case.agreement("loi-2016").sectors)
    ['agriculture', 'culture', 'education', 'health', 'tourism']
    >>> datasets.load("bogor-kisarazu") is case
    True
    >>> datasets.load("bogor-kisaruzu")
    Traceback (most recent call last):
    ...
    sistercity.exceptions.DatasetNotFoundError: no bundled dataset named 'bogor-kisaruzu' (did you mean ...
    """
    return _load(_check(name))
