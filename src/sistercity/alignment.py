"""Policy alignment: which policy targets the commitments of a cooperation serve.

A city may require its sister-city cooperation to serve its policy targets.
Bogor's 2016 study requires every cooperation to meet *at least one* of ten
targets (seed thesis §1.1, citing the *Laporan Akhir Kajian Kerjasama Sister
City Kota Bogor*, 2016); a :class:`~sistercity.PolicyFramework` records such a set
with ``requirement="at_least_one"``, and each :class:`~sistercity.Commitment`
names the targets it serves (``targets``).

Definitions
-----------
A commitment *serves* a target when the case links them (``Commitment.targets``;
the ``commitment_targets`` table). An agreement serves a target when one of its
commitments does. Under a framework whose requirement is ``at_least_one``, an
agreement that serves none of the framework's targets is a finding; when the
framework has an ``owner``, only agreements the owner is a party to are held to
it. The links are the coder's reading of the sources: a target with no link is a
target *no recorded commitment is shown to serve*, not one the cooperation
cannot serve.

Functions
---------
:func:`alignment_table`
    Every commitment x target pair, with whether it serves (a tidy table).
:func:`alignment_matrix`
    The same as a commitments x targets matrix of booleans.
:func:`unaligned_agreements`
    Agreements that serve no target of a framework that requires one.
:func:`unserved_targets`
    Targets that no commitment serves.

References
----------
Seed thesis, *Implementasi Kerjasama Sister City antara Kota Bogor dan Kota
Kisarazu periode 2016-2018*, §1.1 (Bogor's ten policy targets and six strategic
issues; "setidaknya harus memenuhi setidaknya salah satu unsur dalam sasaran
kebijakan").

Examples
--------
>>> from sistercity import Case
>>> case = Case(
...     id="demo", title="Demo",
...     actors=[dict(id="a", name="A", level="subnational", country="ID"),
...             dict(id="b", name="B", level="subnational", country="JP")],
...     agreements=[dict(id="loi", kind="loi", parties=["a", "b"]),
...                 dict(id="mou", kind="mou", parties=["a", "b"])],
...     commitments=[dict(id="exchange", agreement="loi", sector="education", title="Exchange",
...                       targets=["youth"]),
...                  dict(id="fair", agreement="mou", sector="economy", title="Trade fair")],
...     policy_frameworks=[dict(id="plan", title="City plan", owner="a", requirement="at_least_one",
...                             targets=[dict(id="youth", text="Involve youth"),
...                                      dict(id="transport", text="Mass transport")])],
... )
>>> alignment_matrix(case)
target      youth  transport
commitment
exchange     True      False
fair        False      False
>>> unaligned_agreements(case)[["framework", "agreement", "commitments"]]
  framework agreement  commitments
0      plan       mou            1
>>> list(unserved_targets(case)["target"])
['transport']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from sistercity.exceptions import ArgumentError
from sistercity.tables import as_tables

if TYPE_CHECKING:
    from sistercity.model import Case
    from sistercity.tables import CaseTables

__all__ = [
    "ALIGNMENT_COLUMNS",
    "UNALIGNED_COLUMNS",
    "UNSERVED_COLUMNS",
    "alignment_matrix",
    "alignment_table",
    "unaligned_agreements",
    "unserved_targets",
]

ALIGNMENT_COLUMNS: dict[str, str] = {
    "framework": "str",
    "target": "str",
    "target_text": "str",
    "requirement": "str",
    "commitment": "str",
    "agreement": "str",
    "sector": "str",
    "serves": "bool",
}
"""Columns of :func:`alignment_table` and their dtypes, in order."""

UNALIGNED_COLUMNS: dict[str, str] = {
    "framework": "str",
    "agreement": "str",
    "requirement": "str",
    "commitments": "int64",
    "message": "str",
}
"""Columns of :func:`unaligned_agreements` and their dtypes, in order."""

UNSERVED_COLUMNS: dict[str, str] = {
    "framework": "str",
    "target": "str",
    "text": "str",
    "requirement": "str",
}
"""Columns of :func:`unserved_targets` and their dtypes, in order."""


def _typed(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    out: dict[str, Any] = {}
    for col, dtype in columns.items():
        s: Any = df[col] if col in df else pd.Series([None] * len(df), dtype=object)
        out[col] = s.astype(object).where(s.notna(), None).astype(dtype) if dtype == "str" else s.astype(dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _targets(t: CaseTables, framework: str | None) -> pd.DataFrame:
    targets = t.targets
    if framework is not None:
        known = list(dict.fromkeys(targets["framework"]))
        if framework not in known:
            raise ArgumentError(f"no policy framework {framework!r}; the case has: {', '.join(known) or 'none'}")
        targets = targets[targets["framework"] == framework]
    return targets


def alignment_table(data: Case | CaseTables, *, framework: str | None = None) -> pd.DataFrame:
    """Every commitment x policy target pair, and whether the commitment serves the target.

    Parameters
    ----------
    data : Case or CaseTables
        The case or its tables (reads ``commitments``, ``targets``,
        ``commitment_targets``).
    framework : str, optional, keyword-only
        Only this policy framework's targets; default all frameworks.

    Returns
    -------
    DataFrame
        Columns :data:`ALIGNMENT_COLUMNS`: ``framework``, ``target``,
        ``target_text``, ``requirement`` (``at_least_one`` or ``none``),
        ``commitment``, ``agreement``, ``sector``, ``serves`` (bool). One row per
        pair, targets in framework order, commitments in case order.

    Raises
    ------
    ValueError
        If ``framework`` is not one of the case's.

    Examples
    --------
    >>> from sistercity import datasets
    >>> t = alignment_table(datasets.load("bogor-kisarazu"), framework="bogor-policy-targets-2016")
    >>> t.groupby("target", sort=False)["serves"].sum().loc[lambda s: s > 0].index.tolist()
    ['bogor-t4', 'bogor-t5', 'bogor-t6', 'bogor-t9']
    """
    t = as_tables(data)
    targets = _targets(t, framework)[["framework", "target", "text", "requirement"]].rename(
        columns={"text": "target_text"}
    )
    coms = t.commitments[["commitment", "agreement", "sector"]].assign(sector=lambda d: d["sector"].astype(object))
    pairs = targets.merge(coms, how="cross")
    links = t.commitment_targets[["commitment", "target"]].drop_duplicates().assign(serves=True)
    pairs = pairs.merge(links, on=["commitment", "target"], how="left")
    pairs["serves"] = pairs["serves"].notna()
    return _typed(pairs, ALIGNMENT_COLUMNS)


def alignment_matrix(data: Case | CaseTables, *, framework: str | None = None) -> pd.DataFrame:
    """Commitments x policy targets: ``True`` where the commitment serves the target.

    A pivot of :func:`alignment_table`; unlike the other functions its columns are
    the data's targets (in framework order), as a matrix's are.

    Parameters
    ----------
    data : Case or CaseTables
        The case or its tables.
    framework : str, optional, keyword-only
        Only this framework's targets; default all.

    Returns
    -------
    DataFrame
        Index ``commitment`` (case order), columns ``target`` (framework order),
        values bool.

    Examples
    --------
    >>> from sistercity import datasets
    >>> m = alignment_matrix(datasets.load("bogor-kisarazu"), framework="bogor-policy-targets-2016")
    >>> m.shape
    (10, 10)
    >>> m.loc["student-exchange"].loc[lambda s: s].index.tolist()
    ['bogor-t4']
    """
    t = as_tables(data)
    table = alignment_table(t, framework=framework)
    order_t = list(dict.fromkeys(_targets(t, framework)["target"]))
    order_c = list(t.commitments["commitment"])
    m = table.pivot_table(index="commitment", columns="target", values="serves", aggfunc="any")
    m = m.reindex(index=order_c, columns=order_t).fillna(False).astype(bool)
    m.index.name, m.columns.name = "commitment", "target"
    return m


def unaligned_agreements(data: Case | CaseTables, *, framework: str | None = None) -> pd.DataFrame:
    """Agreements that serve no target of a framework requiring at least one.

    Parameters
    ----------
    data : Case or CaseTables
        The case or its tables (reads ``agreements``, ``agreement_parties``,
        ``commitments``, ``commitment_targets``, ``targets``).
    framework : str, optional, keyword-only
        Only this framework; default every framework whose requirement is
        ``at_least_one`` (frameworks with requirement ``none`` give no finding).

    Returns
    -------
    DataFrame
        Columns :data:`UNALIGNED_COLUMNS`: ``framework``, ``agreement``,
        ``requirement``, ``commitments`` (how many commitments the agreement has),
        ``message`` (worded as absence of evidence). One row per finding, in
        framework then agreement order; empty when every agreement serves a
        target.

    Notes
    -----
    A framework with an ``owner`` holds only the agreements its owner is a
    party to; one without an owner holds every agreement.

    References
    ----------
    Seed thesis §1.1: a sister-city cooperation of Bogor must meet at least one
    of the city's policy targets.

    Examples
    --------
    >>> from sistercity import datasets
    >>> unaligned_agreements(datasets.load("bogor-kisarazu")).empty
    True
    """
    t = as_tables(data)
    targets = _targets(t, framework)
    rows = []
    frameworks = targets.drop_duplicates("framework")
    served = t.commitment_targets.merge(t.commitments[["commitment", "agreement"]], on="commitment")
    counts = t.commitments.groupby("agreement").size()
    for fw in frameworks.to_dict("records"):
        if fw["requirement"] != "at_least_one":
            continue
        fw_targets = set(targets.loc[targets["framework"] == fw["framework"], "target"])
        serving = set(served.loc[served["target"].isin(fw_targets), "agreement"])
        agreements = list(t.agreements["agreement"])
        owner: Any = fw["owner"]
        if isinstance(owner, str):
            parties = t.agreement_parties
            held = set(parties.loc[parties["actor"] == owner, "agreement"])
            agreements = [a for a in agreements if a in held]
        for ag in agreements:
            if ag in serving:
                continue
            n = int(counts.get(ag, 0))
            what = (f"none of its {n} commitment{'s' if n != 1 else ''} is recorded as serving"
                    if n else "it has no commitment recorded, so none is shown to serve")
            rows.append({"framework": fw["framework"], "agreement": ag, "requirement": fw["requirement"],
                         "commitments": n,
                         "message": f"agreement '{ag}' serves no target of '{fw['framework']}', which requires "
                                    f"at least one: {what} a target of it"})
    return _typed(pd.DataFrame(rows, columns=list(UNALIGNED_COLUMNS)), UNALIGNED_COLUMNS)


def unserved_targets(data: Case | CaseTables, *, framework: str | None = None) -> pd.DataFrame:
    """Policy targets that no commitment of the case serves.

    Parameters
    ----------
    data : Case or CaseTables
        The case or its tables (reads ``targets`` and ``commitment_targets``).
    framework : str, optional, keyword-only
        Only this framework's targets; default all.

    Returns
    -------
    DataFrame
        Columns :data:`UNSERVED_COLUMNS`: ``framework``, ``target``, ``text``,
        ``requirement``; in framework order.

    Examples
    --------
    >>> from sistercity import datasets
    >>> unserved_targets(datasets.load("bogor-kisarazu"),
    ...                  framework="bogor-policy-targets-2016")["target"].tolist()
    ['bogor-t1', 'bogor-t2', 'bogor-t3', 'bogor-t7', 'bogor-t8', 'bogor-t10']
    """
    t = as_tables(data)
    targets = _targets(t, framework)
    out = targets[~targets["target"].isin(set(t.commitment_targets["target"]))]
    return _typed(out.reset_index(drop=True), UNSERVED_COLUMNS)
