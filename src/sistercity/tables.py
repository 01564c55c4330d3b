"""A case as tidy pandas tables: the form every analysis reads.

:class:`CaseTables` holds one DataFrame per kind of record, with the fixed
columns and dtypes listed in :data:`SCHEMA`. ``case.tables`` builds them once per
:class:`~sistercity.Case`; :meth:`CaseTables.from_frames` builds them from
DataFrames a user already has (a large CSV or database export), so analyses run
on millions of rows without creating a model object per row.

Conventions
-----------
- Keys are named after their record: ``agreement``, ``commitment``, ``actor``, ...
- A partial date ``X`` is kept as given (``"2017"``, ``"2016-11"``) in a ``str``
  column ``X``, with ``X_first`` and ``X_last``, the first and last day it admits
  (``datetime64[s]``), and for observations and events its ``precision``.
- Vocabulary columns (sector, level, kind, category, ...) are categoricals whose
  categories are the whole vocabulary, so counts include the empty categories.
- Implementation ``level`` is a nullable ``Int8`` (0-3); missing is *no data*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._frames import (
    DATE_EXPECTED,
    factorize,
    from_codes,
    hashable,
    parse_dates,
    problem,
)
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.vocab import (
    AGREEMENT_KIND_ALIASES,
    OBSTACLE_CATEGORIES,
    OBSTACLE_KIND_ALIASES,
    SECTORS,
    ActorKind,
    ActorLevel,
    AgreementKind,
    CommitmentStatus,
    EventKind,
    ObstacleKind,
    SourceKind,
    Vocabulary,
    normalize_term,
)

if TYPE_CHECKING:
    from sistercity.model import Case

__all__ = ["REQUIRED_COLUMNS", "SCHEMA", "CaseTables", "as_tables", "partial_date_bounds"]

_STR: Final = "str"
_DATE: Final = "datetime64[s]"
T = TypeVar("T")

# column -> dtype; "cat:NAME" is a categorical over a named vocabulary
SCHEMA: dict[str, dict[str, str]] = {
    "actors": {
        "actor": _STR, "name": _STR, "level": "cat:actor_level", "kind": "cat:actor_kind",
        "country": _STR, "parent": _STR, "governmental": "bool",
    },
    "agreements": {
        "agreement": _STR, "kind": "cat:agreement_kind", "title": _STR, "signed": _STR,
        "start": _STR, "start_first": _DATE, "start_last": _DATE,
        "end": _STR, "end_first": _DATE, "end_last": _DATE,
        "term_months": "Int64", "renewal_window_months": "Int64", "binding": "boolean",
        "open_sectors": "bool", "parent": _STR,
    },
    "agreement_parties": {"agreement": _STR, "actor": _STR},
    "signatories": {"agreement": _STR, "signatory": "int64", "actor": _STR, "on_behalf_of": _STR, "note": _STR},
    "agreement_sectors": {"agreement": _STR, "sector": "cat:sector", "field": "cat:field"},
    "commitments": {
        "commitment": _STR, "agreement": _STR, "sector": "cat:sector", "field": "cat:field",
        "title": _STR, "weight": "float64", "status": "cat:commitment_status", "proposed": _STR,
    },
    "commitment_actors": {"commitment": _STR, "actor": _STR, "role": "cat:role"},
    "commitment_targets": {"commitment": _STR, "target": _STR},
    "observations": {
        "observation": "int64", "commitment": _STR, "date": _STR, "date_first": _DATE,
        "date_last": _DATE, "precision": "cat:precision", "level": "Int8", "coder": _STR,
    },
    "obstacles": {
        "obstacle": _STR, "kind": "cat:obstacle_kind", "category": "cat:category", "title": _STR,
        "severity": "cat:severity", "identified": _STR,
    },
    "obstacle_links": {"obstacle": _STR, "commitment": _STR},
    "mitigations": {
        "obstacle": _STR, "mitigation": "int64", "description": _STR, "commitment": _STR, "proposed": _STR,
    },
    "events": {
        "event": _STR, "date": _STR, "date_first": _DATE, "date_last": _DATE,
        "precision": "cat:precision", "kind": "cat:event_kind", "title": _STR, "agreement": _STR,
        "location": _STR,
    },
    "event_participants": {"event": _STR, "actor": _STR},
    "event_commitments": {"event": _STR, "commitment": _STR},
    "sources": {
        "source": _STR, "kind": "cat:source_kind", "title": _STR, "author": _STR, "year": "Int64",
        "url": _STR, "language": _STR,
    },
    "evidence": {"record": "cat:record", "record_id": _STR, "source": _STR, "locator": _STR, "quote": _STR},
    "targets": {"framework": _STR, "target": _STR, "text": _STR, "requirement": _STR, "owner": _STR},
}
"""Every table's columns and dtypes, in order (``cat:NAME``: a categorical)."""

_EVIDENCE_RECORDS = (
    "actor", "agreement", "signatory", "commitment", "observation", "obstacle", "mitigation",
    "event", "policy_framework",
)


def _categories(sectors: Vocabulary, categories: Vocabulary) -> dict[str, list[str]]:
    return {
        "actor_level": list(get_args(ActorLevel)),
        "actor_kind": list(get_args(ActorKind)),
        "agreement_kind": list(get_args(AgreementKind)),
        "obstacle_kind": list(get_args(ObstacleKind)),
        "commitment_status": list(get_args(CommitmentStatus)),
        "event_kind": list(get_args(EventKind)),
        "source_kind": list(get_args(SourceKind)),
        "sector": list(sectors),
        "field": sorted(set(sectors.groups().values())),
        "category": list(categories),
        "role": ["provider", "beneficiary", "participant"],
        "precision": ["year", "month", "day"],
        "severity": ["low", "medium", "high"],
        "record": list(_EVIDENCE_RECORDS),
    }


def _empty(table: str, cats: Mapping[str, list[str]]) -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in SCHEMA[table]}), table, cats)


def _typed(df: pd.DataFrame, table: str, cats: Mapping[str, list[str]]) -> pd.DataFrame:
    """``df`` with the :data:`SCHEMA` dtypes; a value that does not convert is a :class:`_FrameError`."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for col, dtype in SCHEMA[table].items():
        s = df[col]
        try:
            if dtype.startswith("cat:"):
                out[col] = _categorical(s, cats[dtype[4:]], table, col)
            elif dtype == _STR:
                out[col] = s.astype(_STR)
            elif dtype == _DATE:
                if s.dtype == _DATE:
                    out[col] = s
                else:
                    out[col] = pd.to_datetime(s).astype(_DATE) if len(s) else s.astype(_DATE)
            else:
                out[col] = s.astype(cast(Any, dtype))
        except _FrameError as err:
            problems.extend(err.problems)
        except (ValueError, TypeError, OverflowError) as err:
            problems.append(Problem(f"cannot convert the column to {dtype}: {err}", path=f"{table}.{col}"))
    if problems:
        raise _FrameError(problems)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _categorical(s: pd.Series, categories: list[str], table: str, col: str) -> pd.Categorical:
    """``s`` as a categorical over exactly ``categories`` (a value outside them is an error)."""
    if isinstance(s.dtype, pd.CategoricalDtype) and list(s.cat.categories) == categories:
        return pd.Categorical(s)
    codes, uniques = factorize(s)
    lookup = {c: i for i, c in enumerate(categories)}
    where = np.array([lookup.get(u, -2) if isinstance(u, str) else -2 for u in uniques], dtype=np.int64)
    if (where == -2).any():
        bad = np.append(where == -2, False)[codes]
        raise _FrameError([problem(table, col, bad, f"expected one of {', '.join(categories)}", s)])
    return from_codes(np.append(where, -1)[codes], categories)


def partial_date_bounds(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """First day, last day and precision of a column of partial dates (vectorised).

    Parameters
    ----------
    values
        Strings ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"`` (missing allowed;
        an integer is read as a year).

    Returns
    -------
    first, last : Series of datetime64[s]
    precision : Series of str (``"year"``, ``"month"``, ``"day"``; missing where the date is)

    Raises
    ------
    sistercity.ArgumentError
        Naming the first row whose value is not a valid partial date (a ``ValueError``).
    sistercity.ArgumentTypeError
        If ``values`` is not a pandas Series.

    Examples
    --------
    >>> f, l, p = partial_date_bounds(pd.Series(["2017", "2016-02", "2016-11-18"]))
    >>> [str(x.date()) for x in l], list(p)
    (['2017-12-31', '2016-02-29', '2016-11-18'], ['year', 'month', 'day'])
    """
    if not isinstance(values, pd.Series):
        raise ArgumentTypeError(f"values must be a pandas Series of partial dates; got {type(values).__name__}")
    first, last, precision, bad = parse_dates(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"values: row {i}: {DATE_EXPECTED}; got {values.iloc[i]!r} "
                            f"({int(bad.sum())} bad row(s) in all)")
    return first, last, precision.astype(object).where(precision.notna(), None)


@dataclass(frozen=True, eq=False)
class CaseTables:
    """The tidy tables of a case (see :data:`SCHEMA` for every column and dtype).

    Build it with ``case.tables`` or :meth:`from_frames`; treat the frames as
    read-only: analyses share them, and cache integer codes derived from them on
    the instance (commitment positions, coder codes, day numbers), so that repeated
    analyses of millions of rows do not hash string ids again. To change data, build
    new tables.

    Attributes
    ----------
    actors, agreements, agreement_parties, signatories, agreement_sectors, commitments,
    commitment_actors, commitment_targets, observations, obstacles, obstacle_links,
    mitigations, events, event_participants, event_commitments, sources, evidence, targets : DataFrame
        One table per kind of record.
    sectors, categories : Vocabulary
        The sector and obstacle-category vocabularies the categoricals use.

    Examples
    --------
    >>> from sistercity import datasets
    >>> t = datasets.load("bogor-kisarazu").tables
    >>> sorted(t.agreement_sectors["sector"].astype(str))
    ['agriculture', 'culture', 'education', 'health', 'tourism']
    >>> list(t.observations.columns)
    ['observation', 'commitment', 'date', 'date_first', 'date_last', 'precision', 'level', 'coder']
    """

    actors: pd.DataFrame
    agreements: pd.DataFrame
    agreement_parties: pd.DataFrame
    signatories: pd.DataFrame
    agreement_sectors: pd.DataFrame
    commitments: pd.DataFrame
    commitment_actors: pd.DataFrame
    commitment_targets: pd.DataFrame
    observations: pd.DataFrame
    obstacles: pd.DataFrame
    obstacle_links: pd.DataFrame
    mitigations: pd.DataFrame
    events: pd.DataFrame
    event_participants: pd.DataFrame
    event_commitments: pd.DataFrame
    sources: pd.DataFrame
    evidence: pd.DataFrame
    targets: pd.DataFrame
    sectors: Vocabulary = SECTORS
    categories: Vocabulary = OBSTACLE_CATEGORIES
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """A value derived from these tables, computed once and kept with them.

        The tables are read-only, so anything computed from them (integer codes, a tie
        table, sorted orders) stays valid for their lifetime; analyses keep such values
        here instead of in module-level caches. Keys are tuples that start with the name
        of the module that computes them, so two modules never share a key.

        Parameters
        ----------
        key
            A hashable tuple, e.g. ``("sistercity.implementation", "coders")``.
        compute
            Called once, with no arguments, on the first request for ``key``.

        Returns
        -------
        object
            What ``compute`` returned (the same object on every later call).

        Examples
        --------
        >>> import sistercity
        >>> t = sistercity.datasets.load("bogor-kisarazu").tables
        >>> n = t.memo(("example", "n_actors"), lambda: len(t.actors))
        >>> n == t.memo(("example", "n_actors"), lambda: -1)
        True
        """
        if key in self._cache:
            hit: T = self._cache[key]
            return hit
        value = compute()
        self._cache[key] = value
        return value

    @classmethod
    def table_names(cls) -> tuple[str, ...]:
        """The names of the tables, in order."""
        return tuple(SCHEMA)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(getattr(self, name))}" for name in SCHEMA)
        return f"CaseTables({sizes})"

    # ------------------------------------------------------------------ from a case

    @classmethod
    def from_case(cls, case: Case) -> CaseTables:
        """The tables of ``case`` (prefer ``case.tables``, which caches them).

        Parameters
        ----------
        case : Case
            A validated case.

        Returns
        -------
        CaseTables

        Raises
        ------
        CaseValidationError
            If a value the case holds does not fit its column's dtype.

        Examples
        --------
        >>> from sistercity import datasets
        >>> case = datasets.load("bogor-kisarazu")
        >>> CaseTables.from_case(case).commitments.equals(case.tables.commitments)
        True
        """
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMA}
        groups = case.sector_vocabulary.groups()

        def ev(record: str, rid: str, items: Any) -> None:
            for e in items:
                rows["evidence"].append(dict(record=record, record_id=rid, source=e.source,
                                             locator=e.locator, quote=e.quote))

        for a in case.actors:
            rows["actors"].append(dict(actor=a.id, name=a.name, level=a.level, kind=a.kind, country=a.country,
                                       parent=a.parent, governmental=a.is_governmental))
            ev("actor", a.id, a.evidence)
        for ag in case.agreements:
            start, end = ag.start, ag.end
            rows["agreements"].append(dict(
                agreement=ag.id, kind=ag.kind, title=ag.title, signed=_s(ag.signed),
                start=_s(start), start_first=start.start() if start else None,
                start_last=start.end() if start else None,
                end=_s(end), end_first=end.start() if end else None, end_last=end.end() if end else None,
                term_months=ag.term, renewal_window_months=ag.renewal_window, binding=ag.binding,
                open_sectors=ag.open_sectors, parent=ag.parent,
            ))
            rows["agreement_parties"].extend(dict(agreement=ag.id, actor=p) for p in ag.parties)
            for k, sg in enumerate(ag.signatories):
                rows["signatories"].append(dict(agreement=ag.id, signatory=k, actor=sg.actor,
                                                on_behalf_of=sg.on_behalf_of, note=sg.note))
                ev("signatory", f"{ag.id}/{k}", sg.evidence)
            rows["agreement_sectors"].extend(
                dict(agreement=ag.id, sector=s, field=groups.get(s)) for s in ag.sectors
            )
            ev("agreement", ag.id, ag.evidence)
        for c in case.commitments:
            rows["commitments"].append(dict(commitment=c.id, agreement=c.agreement, sector=c.sector,
                                            field=groups.get(c.sector), title=c.title, weight=c.weight,
                                            status=c.status, proposed=_s(c.proposed)))
            for role, ids in (("provider", c.providers), ("beneficiary", c.beneficiaries),
                              ("participant", c.participants)):
                rows["commitment_actors"].extend(dict(commitment=c.id, actor=a, role=role) for a in ids)
            rows["commitment_targets"].extend(dict(commitment=c.id, target=t) for t in c.targets)
            ev("commitment", c.id, c.evidence)
        for i, o in enumerate(case.observations):
            rows["observations"].append(dict(observation=i, commitment=o.commitment, date=str(o.date),
                                             date_first=o.date.start(), date_last=o.date.end(),
                                             precision=o.date.precision, level=int(o.level), coder=o.coder))
            ev("observation", str(i), o.evidence)
        for ob in case.obstacles:
            rows["obstacles"].append(dict(obstacle=ob.id, kind=ob.kind, category=ob.category, title=ob.title,
                                          severity=ob.severity, identified=_s(ob.identified)))
            rows["obstacle_links"].extend(dict(obstacle=ob.id, commitment=c) for c in ob.affects)
            for k, m in enumerate(ob.mitigations):
                rows["mitigations"].append(dict(obstacle=ob.id, mitigation=k, description=m.description,
                                                commitment=m.commitment, proposed=_s(m.proposed)))
                ev("mitigation", f"{ob.id}/{k}", m.evidence)
            ev("obstacle", ob.id, ob.evidence)
        for e in case.events:
            rows["events"].append(dict(event=e.id, date=str(e.date), date_first=e.date.start(),
                                       date_last=e.date.end(), precision=e.date.precision, kind=e.kind,
                                       title=e.title, agreement=e.agreement, location=e.location))
            rows["event_participants"].extend(dict(event=e.id, actor=a) for a in e.participants)
            rows["event_commitments"].extend(dict(event=e.id, commitment=c) for c in e.commitments)
            ev("event", e.id, e.evidence)
        for s in case.sources:
            rows["sources"].append(dict(source=s.id, kind=s.kind, title=s.title, author=s.author, year=s.year,
                                        url=s.url, language=s.language))
        for fw in case.policy_frameworks:
            rows["targets"].extend(dict(framework=fw.id, target=t.id, text=t.text, requirement=fw.requirement,
                                        owner=fw.owner) for t in fw.targets)
            ev("policy_framework", fw.id, fw.evidence)

        cats = _categories(case.sector_vocabulary, case.category_vocabulary)
        try:
            frames = {
                name: (_typed(pd.DataFrame(r, columns=list(SCHEMA[name])), name, cats) if r else _empty(name, cats))
                for name, r in rows.items()
            }
        except _FrameError as err:  # a value the model accepts but a column cannot hold (a vast term)
            raise CaseValidationError(err.problems) from None
        return cls(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)

    # ------------------------------------------------------------------ from frames

    @classmethod
    def from_frames(
        cls,
        *,
        validate: bool = True,
        sectors: Vocabulary | None = None,
        categories: Vocabulary | None = None,
        **frames: pd.DataFrame,
    ) -> CaseTables:
        """Build tables from DataFrames a user already has.

        Each table is optional (a missing one is empty). Within a table, the required
        columns (the keys, and what no analysis can do without: an observation's
        ``commitment``, ``date`` and ``level``, a commitment's ``agreement`` and
        ``sector``, ...) must be there; other columns may be left out and are filled
        with missing values, or with the model's default where it has one (an
        observation's ``coder`` with ``"unspecified"``, a commitment's ``weight``
        with 1 and its ``status`` with ``"agreed"``, an actor's ``governmental``
        from its ``level``, a mitigation's or signatory's number by its order
        within its obstacle or agreement, text such as an agreement's ``title`` with
        ``""``), and derived columns are computed when absent: ``date_first``,
        ``date_last`` and ``precision`` from ``date``; ``start_first`` ... from
        ``start``; ``field`` from ``sector``. Values are converted to the
        :data:`SCHEMA` dtypes; a value outside a categorical column's vocabulary is
        an error, not a silent missing value, and so is a level that is not a whole
        number 0-3 (``True``/``False`` are not levels). Obstacle and agreement kinds
        accept the words a case file accepts (``hambatan``, ``tantangan``, ``LoI``,
        ``MoU``); country codes are upper-cased as the model does (``"id"`` becomes
        ``"ID"``).

        Parameters
        ----------
        validate : bool, default True
            Also check every row as the model checks a case (vectorised; turn off
            only for data already checked): every required column has a value in
            every row (a key also a non-empty one); countries are ISO 3166-1
            alpha-2 codes; dates such as ``signed``, ``proposed`` and
            ``identified`` are partial dates; an agreement does not end before it
            starts nor take effect before it is signed, its term is longer than
            zero and its renewal window no longer than the term; ``True``/``False``
            columns hold booleans; keys are unique; and references between the
            given tables resolve. Optional columns may hold missing values, as when
            they are left out.
        sectors, categories : Vocabulary, optional
            Vocabularies for the ``sector`` and ``category`` columns; default to the
            built-ins. Aliases are resolved (``pendidikan`` becomes ``education``);
            a value the vocabulary does not know is an error.
        **frames
            DataFrames by table name (see :data:`SCHEMA`).

        Returns
        -------
        CaseTables

        Raises
        ------
        CaseValidationError
            With every problem found at once, each naming the table, the row, the
            column, what was expected and what the row has (one problem per column
            and kind of mistake, counting the rows it concerns).
        sistercity.ArgumentTypeError
            If ``validate`` is not a bool, a vocabulary is not a
            :class:`~sistercity.vocab.Vocabulary`, or a frame is not a DataFrame.
        sistercity.ArgumentError
            For a table name that :data:`SCHEMA` does not have.

        Examples
        --------
        >>> obs = pd.DataFrame({"commitment": ["c1", "c1"], "date": ["2017", "2018-03"], "level": [1, 3]})
        >>> com = pd.DataFrame({"commitment": ["c1"], "agreement": ["a"], "sector": ["pendidikan"],
        ...                     "title": ["Exchange"]})
        >>> agr = pd.DataFrame({"agreement": ["a"], "kind": ["letter_of_intent"]})
        >>> t = CaseTables.from_frames(observations=obs, commitments=com, agreements=agr)
        >>> t.commitments.loc[0, "sector"], str(t.observations.loc[0, "date_last"].date())
        ('education', '2017-12-31')
        >>> bad = pd.DataFrame({"commitment": ["c1", "c1"], "date": ["2017", None], "level": [1, True]})
        >>> try:
        ...     CaseTables.from_frames(observations=bad, commitments=com, agreements=agr)
        ... except CaseValidationError as err:
        ...     print([p.path for p in err.problems])
        ...     print(err.problems[1].message)
        ['observations[1].date', 'observations[1].level']
        a level is a whole number 0-3, not True or False; got True
        """
        if not isinstance(validate, bool):
            raise ArgumentTypeError(f"validate must be True or False; got {validate!r}")
        for arg, vocab in (("sectors", sectors), ("categories", categories)):
            if vocab is not None and not isinstance(vocab, Vocabulary):
                raise ArgumentTypeError(f"{arg} must be None or a sistercity Vocabulary; got {type(vocab).__name__}")
        unknown = sorted(set(frames) - set(SCHEMA))
        if unknown:
            raise ArgumentError(f"unknown table(s) {', '.join(map(repr, unknown))}; expected some of "
                                f"{', '.join(SCHEMA)}")
        for name, given in frames.items():
            if given is not None and not isinstance(given, pd.DataFrame):
                raise ArgumentTypeError(f"{name} must be a pandas DataFrame; got {type(given).__name__}")
        sectors = sectors or SECTORS
        categories = categories or OBSTACLE_CATEGORIES
        cats = _categories(sectors, categories)
        problems: list[Problem] = []
        out: dict[str, pd.DataFrame] = {}
        built: set[str] = set()
        for name in SCHEMA:
            df = frames.get(name)
            if df is None:
                out[name] = _empty(name, cats)
                continue
            table, found = _coerce(name, df, cats, sectors, categories, validate)
            problems.extend(found)
            if table is None:
                out[name] = _empty(name, cats)
            else:
                out[name] = table
                built.add(name)
        tables = cls(**out, sectors=sectors, categories=categories)
        if validate:
            problems.extend(tables._reference_problems(built))
        if problems:
            raise CaseValidationError(problems)
        return tables

    def positions(self, table: str, column: str, target: str) -> npt.NDArray[np.intp]:
        """Row positions in table ``target`` of the ids in ``table[column]`` (computed once).

        Analyses use these integer codes instead of hashing string ids on every call.

        Parameters
        ----------
        table, column
            The referring table and its column of ids (``"observations"``, ``"commitment"``).
        target
            The table whose key those ids name (``"commitments"``): one of ``actors``,
            ``agreements``, ``commitments``, ``obstacles``, ``events``, ``sources``.

        Returns
        -------
        ndarray of intp
            One position per row of ``table``; ``-1`` where the value is missing or
            ``target`` has no such id. Read-only: the array is shared.

        Raises
        ------
        sistercity.ArgumentError
            For a table, column or target these tables do not have.
        CaseValidationError
            If ``target``'s ids are not unique.

        Examples
        --------
        >>> from sistercity import datasets
        >>> t = datasets.load("bogor-kisarazu").tables
        >>> pos = t.positions("observations", "commitment", "commitments")
        >>> bool((t.commitments["commitment"].to_numpy()[pos] == t.observations["commitment"]).all())
        True
        """
        if target not in _KEYS:
            raise ArgumentError(f"target must be one of {', '.join(_KEYS)}; got {target!r}")
        if table not in SCHEMA or column not in SCHEMA[table]:
            raise ArgumentError(f"no column {column!r} in a table {table!r}; see tables.SCHEMA")
        return self.memo(("sistercity.tables", "positions", table, column, target),
                         lambda: self._compute_positions(table, column, target))

    _positions = positions  # the former name, until every analysis calls positions()

    def _compute_positions(self, table: str, column: str, target: str) -> npt.NDArray[np.intp]:
        ids = pd.Index(getattr(self, target)[_KEYS[target]])
        if not ids.is_unique:
            dup = ids[ids.duplicated()][0]
            raise CaseValidationError([Problem(
                f"duplicate {_KEYS[target]} id {dup!r}; ids must be unique", path=f"{target}.{_KEYS[target]}")])
        out = np.asarray(ids.get_indexer(getattr(self, table)[column]), dtype=np.intp)
        out.flags.writeable = False
        return out

    def _reference_problems(self, given: set[str]) -> list[Problem]:
        problems: list[Problem] = []
        keys = _KEYS
        unique: set[str] = set()
        for table, key in keys.items():
            if table in given:
                ids = getattr(self, table)[key]
                dup = ids.duplicated().to_numpy() & ids.notna().to_numpy()
                if dup.any():
                    problems.append(problem(table, key, dup, f"each {key} id must be unique; an earlier row "
                                                               "has the same", ids))
                else:
                    unique.add(table)
        refs = [
            ("agreement_parties", "agreement", "agreements"), ("agreement_parties", "actor", "actors"),
            ("agreement_sectors", "agreement", "agreements"), ("signatories", "agreement", "agreements"),
            ("signatories", "actor", "actors"), ("commitments", "agreement", "agreements"),
            ("commitment_actors", "commitment", "commitments"), ("commitment_actors", "actor", "actors"),
            ("commitment_targets", "commitment", "commitments"), ("observations", "commitment", "commitments"),
            ("obstacle_links", "obstacle", "obstacles"), ("obstacle_links", "commitment", "commitments"),
            ("mitigations", "obstacle", "obstacles"), ("mitigations", "commitment", "commitments"),
            ("event_participants", "event", "events"), ("event_participants", "actor", "actors"),
            ("event_commitments", "event", "events"), ("event_commitments", "commitment", "commitments"),
            ("evidence", "source", "sources"), ("actors", "parent", "actors"),
        ]
        for table, col, target in refs:
            if table not in given or target not in given:
                continue
            keycol = keys[target]
            values = getattr(self, table)[col]
            if target in unique:
                missing = self.positions(table, col, target) < 0
                if missing.any():  # a missing value is not a broken reference (required ones are checked apart)
                    missing[missing] = values[missing].notna().to_numpy(dtype=bool)
            else:
                missing = (values.notna() & ~values.isin(getattr(self, target)[keycol])).to_numpy()
            if missing.any():
                problems.append(problem(table, col, missing, f"expected {_a(keycol)} id that {target} has", values))
        return problems


_KEYS = {"actors": "actor", "agreements": "agreement", "commitments": "commitment",
         "obstacles": "obstacle", "events": "event", "sources": "source"}


class _FrameError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems


REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": ("actor",), "agreements": ("agreement",), "agreement_parties": ("agreement", "actor"),
    "signatories": ("agreement", "actor"), "agreement_sectors": ("agreement", "sector"),
    "commitments": ("commitment", "agreement", "sector"), "commitment_actors": ("commitment", "actor", "role"),
    "commitment_targets": ("commitment", "target"), "observations": ("commitment", "date", "level"),
    "obstacles": ("obstacle", "category"), "obstacle_links": ("obstacle", "commitment"),
    "mitigations": ("obstacle",), "events": ("event", "date"), "event_participants": ("event", "actor"),
    "event_commitments": ("event", "commitment"), "sources": ("source",),
    "evidence": ("record", "record_id", "source"), "targets": ("framework", "target"),
}
"""Columns a frame given to :meth:`CaseTables.from_frames` must have, each with a value in every row."""

# partial dates kept as text; checked when validating
_TEXT_DATES: dict[str, tuple[str, ...]] = {
    "agreements": ("signed",), "commitments": ("proposed",), "obstacles": ("identified",),
    "mitigations": ("proposed",),
}

_EXPECTED: dict[str, str] = {
    "date": DATE_EXPECTED.removeprefix("expected "),
    "sector": "a sector of the vocabulary",
    "category": "an obstacle category of the vocabulary",
    "role": "provider, beneficiary or participant",
    "record": "the kind of record the evidence is for",
    "level": "a level 0-3; leave out rows with no data",
    "country": "an ISO 3166-1 alpha-2 country code such as 'ID' or 'JP'",
}

_COUNTRY = re.compile(r"[A-Z]{2}")


def _a(noun: str) -> str:
    """``noun`` with its indefinite article."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _is_missing(s: pd.Series, text: bool) -> npt.NDArray[np.bool_]:
    """Rows with no value (also ``""`` where ``text``)."""
    missing = s.isna().to_numpy(dtype=bool)
    if text and len(s) and (s.dtype == object or isinstance(s.dtype, pd.StringDtype)):
        missing = missing | (s == "").to_numpy(dtype=bool, na_value=False)
    return np.asarray(missing, dtype=np.bool_)


def _is_bool(s: pd.Series) -> npt.NDArray[np.bool_]:
    """Rows whose value is ``True`` or ``False`` (not 1 or 0)."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return np.asarray(s.notna().to_numpy(dtype=bool))
    if s.dtype != object:
        return np.zeros(len(s), np.bool_)
    flags = [isinstance(v, bool | np.bool_) for v in s.to_numpy(dtype=object)]
    return np.asarray(flags, dtype=np.bool_)


def _missing_problems(name: str, data: Mapping[str, pd.Series], known: Mapping[str, npt.NDArray[np.bool_]],
                      ) -> list[Problem]:
    """Required columns with no value (or an empty id) in some row.

    ``known``: the rows with no value of columns already parsed (dates).
    """
    problems: list[Problem] = []
    key = _KEYS.get(name)
    for col in REQUIRED_COLUMNS[name]:
        if name == "observations" and col == "level":
            continue  # always checked with the level's values
        mask = known[col] if col in known else _is_missing(data[col], text=col == key)
        if mask.any():
            what = _EXPECTED.get(col, f"the id of {_a(col)}")
            problems.append(problem(name, col, mask, f"every row needs a value ({what})"))
    return problems


def _coerce(
    name: str, df: pd.DataFrame, cats: Mapping[str, list[str]], sectors: Vocabulary, categories: Vocabulary,
    validate: bool,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """``df`` as the table ``name``, and the problems found in it.

    The table is ``None`` when its columns are wrong or its values do not convert;
    otherwise a value found wrong is left missing in it, so that the reference
    checks still run on the rest.
    """
    spec = SCHEMA[name]
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in df.columns]
    if missing:
        problems.append(Problem(f"missing required column(s) {', '.join(missing)}; the table has "
                                f"{', '.join(map(str, df.columns))}", path=name))
    extra = [c for c in df.columns if c not in spec]
    repeated = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
    if repeated:
        problems.append(Problem(f"column(s) {', '.join(repeated)} appear more than once; expected each once",
                                path=name))
    if extra:
        problems.append(Problem(f"unknown column(s) {', '.join(map(str, extra))}; expected some of "
                                f"{', '.join(spec)}", path=name))
    if problems:
        return None, problems
    n = len(df)
    data: dict[str, Any] = {}
    for col in spec:
        if col in df.columns:
            data[col] = df[col].reset_index(drop=True)
    # derived columns
    no_date: dict[str, npt.NDArray[np.bool_]] = {}
    date_problems: list[Problem] = []
    for base in ("date", "start", "end"):
        if base in data and f"{base}_first" in spec and f"{base}_first" not in data:
            first, last, prec, bad = parse_dates(data[base])
            if bad.any():
                date_problems.append(problem(name, base, bad, DATE_EXPECTED, data[base]))
            no_date[base] = np.isnat(first.to_numpy()) & ~bad
            data[f"{base}_first"], data[f"{base}_last"] = first, last
            if "precision" in spec and "precision" not in data:
                data["precision"] = prec
    if validate:
        problems.extend(_missing_problems(name, data, no_date))
        for col, dtype in spec.items():
            if dtype in ("bool", "boolean") and col in data:
                s = data[col]
                bad = s.notna().to_numpy(dtype=bool) & ~_is_bool(s)
                if bad.any():
                    problems.append(problem(name, col, bad, "expected True or False", s))
        for col in _TEXT_DATES.get(name, ()):
            if col in data:
                bad = parse_dates(data[col])[3]
                if bad.any():
                    problems.append(problem(name, col, bad, DATE_EXPECTED, data[col]))
    problems.extend(date_problems)
    if "sector" in data:
        data["sector"] = _vocab_column(data["sector"], sectors, name, "sector", problems)
        if "field" in spec and "field" not in data:
            data["field"] = data["sector"].map(sectors.groups())
    if "category" in data:
        data["category"] = _vocab_column(data["category"], categories, name, "category", problems)
    if name in ("obstacles", "agreements") and "kind" in data:
        data["kind"] = _kind_aliases(data["kind"], name)
    if name == "observations":
        raw = data["level"]
        flags = _is_bool(raw)
        lv = pd.to_numeric(raw.where(~flags, None) if flags.any() else raw, errors="coerce")
        none = raw.isna().to_numpy(dtype=bool)
        bad = (lv.isna() | ~lv.isin([0, 1, 2, 3])).to_numpy(dtype=bool) & ~none & ~flags
        for mask, what in ((none, f"every row needs a value ({_EXPECTED['level']})"),
                           (flags, "a level is a whole number 0-3, not True or False"),
                           (bad, "expected a level 0-3 (0 not initiated, 1 minimal, 2 intermediate, 3 full)")):
            if mask.any():
                problems.append(problem(name, "level", mask, what, raw))
        data["level"] = lv.where(~(none | flags | bad)) if (none | flags | bad).any() else lv
        if "coder" not in data:
            data["coder"] = pd.Series("unspecified", index=range(n))
        if "observation" not in data:
            data["observation"] = pd.Series(np.arange(n, dtype="int64"))
    if name == "commitments" and "weight" not in data:
        data["weight"] = pd.Series(1.0, index=range(n))
    if name == "commitments" and "status" not in data:
        data["status"] = pd.Series("agreed", index=range(n))
    if name == "commitments":
        w = pd.to_numeric(data["weight"], errors="coerce")
        bad = (~(w > 0) | ~np.isfinite(w)).to_numpy(dtype=bool)
        if bad.any():
            problems.append(problem(name, "weight", bad, "expected a finite number > 0", data["weight"]))
            data["weight"] = w.where(~bad)
    if name == "actors" and "country" in data:
        data["country"] = _country_codes(data["country"], name, problems if validate else None)
    if name == "actors":
        # as the model does: national and sub-national bodies are governmental
        level = data.get("level", pd.Series([None] * n, dtype=object))
        derived = level.isin(["national", "subnational"]).reset_index(drop=True)
        given = data.get("governmental")
        data["governmental"] = derived if given is None else given.where(given.notna(), derived)
    if name in ("mitigations", "signatories"):
        number, parent = ("mitigation", "obstacle") if name == "mitigations" else ("signatory", "agreement")
        if number not in data:  # numbered by order within the parent, as in a case file
            data[number] = data[parent].groupby(data[parent], sort=False, dropna=False).cumcount()
    for col, default in _TEXT_DEFAULTS.get(name, {}).items():
        if col not in data:
            data[col] = pd.Series(default, index=range(n), dtype=object)
    for col in spec:
        if col not in data:
            data[col] = pd.Series([None] * n, dtype=object)
    frame = pd.DataFrame({c: data[c] for c in spec})
    try:
        typed = _typed(frame, name, cats)
    except _FrameError as err:
        return None, problems + err.problems
    if validate and name == "agreements":
        problems.extend(_agreement_problems(typed))
    return typed, problems


def _agreement_problems(t: pd.DataFrame) -> list[Problem]:
    """Dates and terms of agreements that the model refuses."""
    problems: list[Problem] = []

    def add(mask: pd.Series, col: str, expected: Any) -> None:
        where = mask.to_numpy(dtype=bool, na_value=False)
        if where.any():
            i = int(np.flatnonzero(where)[0])
            problems.append(problem("agreements", col, where, expected(i), t[col]))

    add(t["end_last"] < t["start_first"], "end",
        lambda i: f"an agreement cannot end before it starts ({t['start'].iloc[i]})")
    signed_first = parse_dates(t["signed"])[0]
    add(t["start_last"] < signed_first, "start",
        lambda i: f"an agreement cannot take effect before it was signed ({t['signed'].iloc[i]})")
    add(t["term_months"] <= 0, "term_months", lambda i: "a term must be longer than zero months")
    add(t["renewal_window_months"] < 0, "renewal_window_months", lambda i: "expected a window of 0 months or more")
    add(t["renewal_window_months"] > t["term_months"], "renewal_window_months",
        lambda i: f"the renewal window cannot be longer than the term ({t['term_months'].iloc[i]} months)")
    return problems


def _country_codes(values: pd.Series, table: str, problems: list[Problem] | None) -> pd.Series:
    """Country codes stripped and upper-cased as the model does; with ``problems``, report non-codes."""
    codes, uniques = factorize(values)
    norm = np.array([u.strip().upper() if isinstance(u, str) else u for u in uniques] + [None], dtype=object)
    if problems is not None:
        ok = np.array([isinstance(u, str) and _COUNTRY.fullmatch(u) is not None for u in norm[:-1]] + [True])
        bad = ~ok[codes]
        if bad.any():
            problems.append(problem(table, "country", bad, f"expected {_EXPECTED['country']}", values))
    return pd.Series(norm[codes], dtype=object)


# columns whose model field defaults to a value, filled the same way when a frame leaves them out
_TEXT_DEFAULTS: dict[str, dict[str, str]] = {
    "actors": {"kind": "other"},
    "agreements": {"title": ""},
    "signatories": {"note": ""},
    "events": {"location": ""},
    "sources": {"author": ""},
    "evidence": {"locator": "", "quote": ""},
}


def _kind_aliases(values: pd.Series, table: str) -> pd.Series:
    """Fold the words a case file accepts for a kind (``hambatan``, ``LoI``) to the kind itself."""
    aliases = OBSTACLE_KIND_ALIASES if table == "obstacles" else AGREEMENT_KIND_ALIASES
    values = hashable(values)
    uniques = pd.unique(values.dropna())
    mapping = {u: aliases.get(normalize_term(u), normalize_term(u)) if isinstance(u, str) else u for u in uniques}
    if all(k == v for k, v in mapping.items()):
        return values
    return values.map(mapping)


def _vocab_column(values: pd.Series, vocab: Vocabulary, table: str, col: str, problems: list[Problem],
                  ) -> pd.Series:
    """Terms and aliases resolved to the vocabulary's ids; unknown ones are reported and left missing."""
    values = hashable(values)
    uniques = pd.unique(values.dropna())
    mapping: dict[Any, str | None] = {}
    unknown = 0
    for u in uniques:
        cid = vocab.resolve(str(u))
        if cid is None:
            unknown += 1
            if unknown <= 10:  # enough to see the pattern of a mistake
                sugg = vocab.suggest(str(u), n=1)
                hint = f" (did you mean {sugg[0]!r}?)" if sugg else ""
                problems.append(problem(table, col, (values == u).to_numpy(dtype=bool, na_value=False),
                                         f"unknown {vocab.name} {u!r}{hint}; expected one of {', '.join(vocab)} "
                                         "(pass a vocabulary that adds it)"))
        mapping[u] = cid
    if unknown > 10:
        problems.append(Problem(f"{unknown - 10} more unknown {vocab.name} value(s)", path=f"{table}.{col}"))
    if all(k == v for k, v in mapping.items()):
        return values
    return values.map(mapping)


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def as_tables(data: object) -> CaseTables:
    """The tables an analysis reads: ``data`` itself, or its cached ``.tables``.

    Every analysis accepts a :class:`~sistercity.Case`, a :class:`CaseTables`, or
    another object that carries tables (a :class:`sistercity.network.PairsResult`).

    Parameters
    ----------
    data
        A case, its tables, or an object with a ``tables`` attribute holding them.

    Returns
    -------
    CaseTables

    Raises
    ------
    sistercity.ArgumentTypeError
        For anything else (also a :class:`TypeError`).

    Examples
    --------
    >>> from sistercity import datasets
    >>> case = datasets.load("bogor-kisarazu")
    >>> as_tables(case) is case.tables is as_tables(case.tables)
    True
    """
    if isinstance(data, CaseTables):
        return data
    tables = getattr(data, "tables", None)
    if isinstance(tables, CaseTables):
        return tables
    raise ArgumentTypeError(f"expected a sistercity Case or CaseTables, got {type(data).__name__}")

