"""From a QDA project's codings to a sister-city case (private)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sistercity._errors import did_you_mean
from sistercity.dates import PartialDate
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.model import Case, ImplementationLevel
from sistercity.qda._mapping import QdaMapping, as_mapping, parse_loc
from sistercity.qda._project import QdaProject

_LEVEL_PREFIX = re.compile(r"^\s*([0-3])(?:\b|[\s.:)\-–—_]|$)")
LEVEL_PARENT = "Implementation level"
"""The name of the code whose children name levels in the standard codebook."""

ROLE_COLUMNS = ["code", "code_path", "role", "target", "n_codings"]

Base = Case | dict[str, Any] | Callable[[Path], Case] | None
"""The case a mapping's ``case:`` file holds: the case, its data, or a reader of the file."""


def level_of_name(name: str) -> int | None:
    """The level a code's name states (``3 full``, ``0 - not initiated``, ``full``), if any."""
    m = _LEVEL_PREFIX.match(name)
    if m:
        return int(m.group(1))
    try:
        return int(ImplementationLevel.parse(name.strip()))
    except ValueError:
        return None


@dataclass
class _Roles:
    """What each code means: commitment, level, obstacle, event or date."""

    commitment: dict[str, str] = field(default_factory=dict)   # code -> commitment id
    level: dict[str, int] = field(default_factory=dict)        # code -> level
    obstacle: dict[str, str] = field(default_factory=dict)
    event: dict[str, str] = field(default_factory=dict)
    date: dict[str, PartialDate] = field(default_factory=dict)  # code -> date it states


class _Index:
    """Code look-up by GUID, path and name."""

    def __init__(self, codes: pd.DataFrame) -> None:
        self.codes = codes
        self.by_path = dict(zip(codes["path"], codes["code"], strict=True))
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for g, n in zip(codes["code"], codes["name"], strict=True):
            self.by_name[n].append(g)
        self.guids = set(codes["code"])
        self.parent = dict(zip(codes["code"], codes["parent"], strict=True))
        self.name = dict(zip(codes["code"], codes["name"], strict=True))
        self.path = dict(zip(codes["code"], codes["path"], strict=True))

    def find(self, ref: str) -> tuple[list[str], str]:
        """The codes ``ref`` names (path, then name, then GUID) and a hint if none."""
        if ref in self.by_path:
            return [self.by_path[ref]], ""
        if ref in self.by_name:
            return list(self.by_name[ref]), ""
        key = ref.strip("{}").lower()
        if key in self.guids:
            return [key], ""
        return [], did_you_mean(ref, [*self.by_name, *self.by_path])

    def children(self, code: str) -> list[str]:
        return [g for g, p in self.parent.items() if p == code]


def _roles(project: QdaProject, m: QdaMapping, skeleton: dict[str, Any], problems: list[Problem]) -> _Roles:
    idx = _Index(project.codes)
    roles = _Roles()
    ids = {kind: {r.get("id") for r in skeleton.get(kind) or () if isinstance(r, dict)}
           for kind in ("commitments", "obstacles", "events")}
    for kind, table in (("commitments", roles.commitment), ("obstacles", roles.obstacle), ("events", roles.event)):
        for rid, ref in getattr(m, kind).items():
            if rid not in ids[kind]:
                problems.append(m.problem(f"the case has no {kind[:-1]} with id {rid!r}"
                                          f"{did_you_mean(rid, sorted(i for i in ids[kind] if i))}", kind, rid,
                                          key=True))
            found, hint = idx.find(ref)
            if len(found) != 1:
                what = f"{len(found)} codes are named {ref!r}; give the path" if found else \
                    f"no code {ref!r} in the project{hint}"
                problems.append(m.problem(what, kind, rid))
                continue
            if found[0] in table:
                problems.append(m.problem(f"code {ref!r} is mapped twice", kind, rid))
            table[found[0]] = rid
    if m.levels:
        for ref, level in m.levels.items():
            found, hint = idx.find(ref)
            if not found:
                problems.append(m.problem(f"no code {ref!r} in the project{hint}", "levels", ref, key=True))
            for g in found:
                roles.level[g] = level
    else:
        parents = set(roles.commitment) | {g for g, n in idx.name.items() if n == LEVEL_PARENT}
        for parent in parents:
            for g in idx.children(parent):
                lv = level_of_name(idx.name[g])
                if lv is not None:
                    roles.level[g] = lv
    if m.dates.code is not None:
        found, hint = idx.find(m.dates.code)
        if len(found) != 1:
            problems.append(m.problem(f"no single code {m.dates.code!r} in the project{hint}", "dates", "code"))
        else:
            for g in idx.children(found[0]):
                try:
                    roles.date[g] = PartialDate.parse(idx.name[g])
                except ValueError:
                    problems.append(Problem(f"date code {idx.path[g]!r}: its name is not a date like '2017', "
                                            "'2017-12' or '2017-12-14'", file=project.file))
    return roles


def code_roles(project: QdaProject, mapping: object, *, base: Base = None) -> pd.DataFrame:
    """What each code of a project means under a mapping, and how often it was applied.

    Codes the mapping does not name are ``unmapped``: :func:`to_case` leaves their
    codings out, and this table is where to see them.

    Parameters
    ----------
    project
        A project from :func:`~sistercity.qda.read_qdpx`.
    mapping
        A :class:`QdaMapping`, a dict, or the path of a mapping file.
    base : Case, dict or callable, optional
        The case a mapping's ``case:`` file holds, when the mapping names one: the
        case itself, its data as a dict, or a reader called with the file's path
        (relative to the mapping file), such as :func:`sistercity.read_case`.
        Required for such a mapping (this module reads no case files; or use
        ``sistercity.read_case(path, mapping=...)``, which does); refused with a
        mapping that holds its case inline, except a reader, which is then not called.

    Returns
    -------
    DataFrame
        ``code``, ``code_path``, ``role`` (``commitment``, ``level``, ``obstacle``,
        ``event``, ``date``, ``unmapped``), ``target`` (the record id, level or date),
        ``n_codings``; one row per code, in codebook order.

    Raises
    ------
    CaseValidationError
        If the mapping names codes or records that do not exist.
    sistercity.ArgumentError, sistercity.ArgumentTypeError
        For a missing, conflicting or wrong ``base`` (see above).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets, qda
    >>> case = datasets.load("bogor-kisarazu")
    >>> path = qda.write_qdpx(case, pathlib.Path(tempfile.mkdtemp()) / "bogor.qdpx")
    >>> roles = qda.code_roles(qda.read_qdpx(path), qda.case_mapping(case))
    >>> roles["role"].value_counts().to_dict()
    {'level': 40, 'unmapped': 38, 'commitment': 10, 'event': 8, 'obstacle': 4, 'date': 2}
    """
    if not isinstance(project, QdaProject):
        raise ArgumentTypeError(f"project must be a QdaProject, got {type(project).__name__}")
    m = as_mapping(mapping)
    problems: list[Problem] = []
    roles = _roles(project, m, _skeleton(m, problems, base), problems)
    if problems:
        raise CaseValidationError(problems)
    counts = project.codings["code"].value_counts()
    rows = []
    for g, path in zip(project.codes["code"], project.codes["path"], strict=True):
        role, target = "unmapped", ""
        for name, table in (("commitment", roles.commitment), ("level", roles.level), ("obstacle", roles.obstacle),
                            ("event", roles.event), ("date", roles.date)):
            if g in table:
                role, target = name, str(table[g])
        rows.append(dict(code=g, code_path=path, role=role, target=target, n_codings=int(counts.get(g, 0))))
    out = pd.DataFrame(rows, columns=ROLE_COLUMNS)
    out["role"] = pd.Categorical(out["role"], categories=["commitment", "level", "obstacle", "event", "date",
                                                          "unmapped"])
    return out.astype({"n_codings": "int64"})


def _skeleton(m: QdaMapping, problems: list[Problem], base: Base) -> dict[str, Any]:
    """The case skeleton as plain data: from ``base`` or inline (problems located in the mapping file)."""
    if isinstance(m.case, str):
        file = (Path(m.file).parent if m.file else Path.cwd()) / m.case
        if base is None:
            raise ArgumentError(f"the mapping names its case file (case: {m.case}); read the project with "
                                "sistercity.read_case(path, mapping=...), which reads that file too, or pass "
                                "base= (the case, or a reader such as sistercity.read_case)")
        got: object = base(file) if callable(base) else base
        if isinstance(got, Case):
            return got.to_dict()
        if isinstance(got, dict):
            return Case.model_validate(got).to_dict()
        raise ArgumentTypeError(f"base must be a Case, a dict or a reader returning a Case; got "
                                f"{type(got).__name__}")
    if base is not None and not callable(base):
        raise ArgumentError("the mapping holds its case inline (case: {...}); base= is for a mapping that "
                            "names a case file")
    try:
        Case.model_validate(m.case)
    except CaseValidationError as err:
        for p in err.problems:
            problems.append(m.problem(p.message, "case", *parse_loc(p.path)))
    return dict(m.case)


def _slug(name: str, taken: set[str]) -> str:
    stem = re.sub(r"\.(txt|docx?|pdf|rtf|odt|html?)$", "", name.strip(), flags=re.IGNORECASE)
    base = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "document"
    out, k = base, 2
    while out in taken:
        out, k = f"{base}-{k}", k + 1
    taken.add(out)
    return out


class _Dates:
    """The date of a segment, by the mapping's rules (first found wins)."""

    def __init__(self, project: QdaProject, m: QdaMapping, roles: _Roles, problems: list[Problem]) -> None:
        self.m = m
        self.problems = problems
        self.segment: dict[tuple[str, int, int], set[PartialDate]] = defaultdict(set)
        c = project.codings
        for s, a, b, g in zip(c["source"], c["start"], c["end"], c["code"], strict=True):
            if g in roles.date:
                self.segment[(s, int(a), int(b))].add(roles.date[g])
        self.names = dict(zip(project.sources["source"], project.sources["name"], strict=True))
        self.doc_var: dict[str, set[str]] = defaultdict(set)
        self.case_var: dict[str, set[str]] = defaultdict(set)
        if m.dates.variable:
            vv = project.variable_values
            by_case: dict[str, set[str]] = defaultdict(set)
            for owner, kind, name, value in zip(vv["owner"], vv["owner_kind"], vv["name"], vv["value"], strict=True):
                if name == m.dates.variable and value:
                    (self.doc_var if kind == "source" else by_case)[owner].add(value)
            cm = project.case_members
            for case, source in zip(cm["case"], cm["source"], strict=True):
                self.case_var[source] |= by_case.get(case, set())

    def __call__(self, source: str, start: int, end: int, where: str) -> PartialDate | None:
        found = self.segment.get((source, start, end))
        if found:
            if len(found) > 1:
                self.problems.append(Problem(f"the segment carries {len(found)} date codes "
                                             f"({', '.join(sorted(map(str, found)))}); keep one", path=where))
            return min(found)
        doc = self.names.get(source, "")
        raw: str | None = self.m.dates.documents.get(doc) or self.m.dates.documents.get(source)
        origin = f"dates.documents[{doc!r}]"
        values = self.doc_var.get(source) or self.case_var.get(source)
        if raw is None and values:
            if len(values) > 1:
                self.problems.append(Problem(f"variable {self.m.dates.variable!r} has {len(values)} values for "
                                             f"document {doc!r}: {', '.join(sorted(values))}", path=where))
                return None
            raw, origin = next(iter(values)), f"variable {self.m.dates.variable!r}"
            raw = raw[:10] if re.match(r"^\d{4}-\d\d-\d\dT", raw) else raw
        if raw is None and self.m.dates.default is not None:
            raw, origin = self.m.dates.default, "dates.default"
        if raw is None:
            self.problems.append(Problem(
                f"no date for this observation: apply a date code to the segment, or set dates.documents[{doc!r}], "
                "a document or case variable named in dates.variable, or dates.default "
                "(a coding's creation date is not the date of what it reports)", path=where))
            return None
        try:
            return PartialDate.parse(raw)
        except ValueError:
            self.problems.append(Problem(f"{origin}: {raw!r} is not a date like '2017', '2017-12' or '2017-12-14'",
                                         path=where))
            return None


def _evidence(source_id: str, row: dict[Any, Any], whole: bool) -> dict[str, Any]:
    quote = row["quote"]
    quote = "" if whole or not isinstance(quote, str) else quote.replace("\r\n", "\n").strip()
    locator = "whole document" if whole else f"chars {row['start']}–{row['end']}"
    return dict(source=source_id, locator=locator, quote=quote, note=f"QDA coding by {row['coder']}")


def to_case(project: QdaProject, mapping: object, *, base: Base = None) -> Case:
    """A sister-city case from a QDA project's codings, as a mapping says.

    Every coding of a mapped code becomes evidence (source, locator
    ``chars 1203–1377``, the quote, and a note naming the coder): of its commitment,
    obstacle or event. A coding of a level code becomes an observation of the
    commitment it is about (its parent commitment code, or the commitments coded on
    the same segment: same document, start and end), by the coder who applied the
    level code, so that several coders' codings give one observation each for
    reliability analysis. Observations by one coder of one commitment, date and level
    are merged, with all their evidence. The date comes from a date code on the
    segment, else the document's date in the mapping, else a document or case
    variable, else the mapping's default — never from when the coding was made. Codes
    the mapping does not name are left out (:func:`code_roles` lists them).

    Parameters
    ----------
    project
        A project from :func:`~sistercity.qda.read_qdpx`.
    mapping
        A :class:`QdaMapping`, a dict of its fields, or the path of a mapping file.
    base : Case, dict or callable, optional
        The case a mapping's ``case:`` file holds, when the mapping names one: the
        case itself, its data as a dict, or a reader called with the file's path
        (relative to the mapping file), such as :func:`sistercity.read_case`.
        Required for such a mapping (this module reads no case files; or use
        ``sistercity.read_case(path, mapping=...)``, which does); refused with a
        mapping that holds its case inline, except a reader, which is then not called.

    Returns
    -------
    Case
        The skeleton with the sources, evidence and observations added.

    Raises
    ------
    CaseValidationError
        Every problem at once: a code or record the mapping names that does not
        exist (with the mapping file's line), a level coding on a segment with no
        commitment, a segment with no date, and whatever the case model refuses.
    sistercity.ArgumentError, sistercity.ArgumentTypeError
        For a missing, conflicting or wrong ``base`` (see above).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets, qda
    >>> case = datasets.load("bogor-kisarazu")
    >>> path = qda.write_qdpx(case, pathlib.Path(tempfile.mkdtemp()) / "bogor.qdpx")
    >>> back = qda.to_case(qda.read_qdpx(path), qda.case_mapping(case))
    >>> sorted((o.commitment, str(o.date), int(o.level)) for o in back.observations)[:2]
    [('blueberry', '2018', 0), ('creative-industry', '2018', 0)]
    """
    if not isinstance(project, QdaProject):
        raise ArgumentTypeError(f"project must be a QdaProject, got {type(project).__name__}")
    m = as_mapping(mapping)
    problems: list[Problem] = []
    data = _skeleton(m, problems, base)
    roles = _roles(project, m, data, problems)
    if problems:
        raise CaseValidationError(problems)
    sources = _sources(project, m, roles, data, problems)
    dates = _Dates(project, m, roles, problems)
    evidence: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    observations: dict[tuple[str, str, str, int], list[dict[str, Any]]] = defaultdict(list)
    c = project.codings
    on_segment: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for s, a, b, g in zip(c["source"], c["start"], c["end"], c["code"], strict=True):
        if g in roles.commitment:
            on_segment[(s, int(a), int(b))].add(roles.commitment[g])
    parents = dict(zip(project.codes["code"], project.codes["parent"], strict=True))
    for row in c.to_dict("records"):
        g, src, start, end = str(row["code"]), str(row["source"]), int(row["start"]), int(row["end"])
        whole = not isinstance(row["selection"], str)
        where = f"{row['source_name']} chars {start}–{end} ({row['code_path']}, coder {row['coder']})"
        if g in roles.level:
            parent = parents.get(g)
            about = {roles.commitment[parent]} if parent in roles.commitment else \
                on_segment.get((src, start, end), set())
            if not about:
                problems.append(Problem("a level code on a segment that carries no commitment code: which "
                                        "commitment is it about?", path=where, file=project.file))
                continue
            date = dates(src, start, end, where)
            if date is None:
                continue
            for cid in sorted(about):
                key = (cid, str(date), str(row["coder"]), roles.level[g])
                observations[key].append(_evidence(sources[src], row, whole))
            continue
        for kind, table in (("commitments", roles.commitment), ("obstacles", roles.obstacle),
                            ("events", roles.event)):
            if g in table:
                evidence[(kind, table[g])].append(_evidence(sources[src], row, whole))
    if problems:
        raise CaseValidationError(problems)
    return Case.model_validate(_assemble(data, evidence, observations, project))


def _sources(project: QdaProject, m: QdaMapping, roles: _Roles, data: dict[str, Any],
             problems: list[Problem]) -> dict[str, str]:
    """QDA source GUID -> case source id; new sources are appended to ``data``."""
    known = {s.get("id") for s in data.get("sources") or () if isinstance(s, dict)}
    mapped = set(roles.commitment) | set(roles.level) | set(roles.obstacle) | set(roles.event)
    used = set(project.codings.loc[project.codings["code"].isin(mapped), "source"])
    out: dict[str, str] = {}
    taken = {str(k) for k in known if k}
    new: list[dict[str, Any]] = []
    for guid, name in zip(project.sources["source"], project.sources["name"], strict=True):
        target = m.sources.get(name) or m.sources.get(guid)
        if target is not None:
            if target not in known:
                problems.append(m.problem(f"the case has no source with id {target!r}"
                                          f"{did_you_mean(target, sorted(taken))}", "sources",
                                          name if name in m.sources else guid))
            out[guid] = target
        elif name in known:
            out[guid] = name
        elif guid in used:
            sid = _slug(name, taken)
            new.append(dict(id=sid, kind="other", title=name or guid,
                            note=f"Document {guid} of the QDA project {project.name!r} ({Path(project.file).name})"))
            out[guid] = sid
    if new:
        data["sources"] = [*(data.get("sources") or ()), *new]
    return out


def _assemble(data: dict[str, Any], evidence: dict[tuple[str, str], list[dict[str, Any]]],
              observations: dict[tuple[str, str, str, int], list[dict[str, Any]]], project: QdaProject,
              ) -> dict[str, Any]:
    out = dict(data)
    for kind in ("commitments", "obstacles", "events"):
        records = []
        for rec in out.get(kind) or ():
            extra = evidence.get((kind, str(rec.get("id")))) if isinstance(rec, dict) else None
            records.append({**rec, "evidence": [*(rec.get("evidence") or ()), *extra]} if extra else rec)
        if records:
            out[kind] = records
    obs: list[dict[str, Any]] = list(out.get("observations") or ())
    for (cid, date, coder, level), evs in observations.items():
        obs.append(dict(commitment=cid, date=date, level=level, coder=coder, evidence=_dedupe(evs),
                        note=f"From the QDA project {project.name!r}"))
    if obs:
        out["observations"] = obs
    return out


def _dedupe(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for ev in items:
        key = tuple(ev.items())
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


def read_case(path: str | Path, mapping: object, *, base: Base = None) -> Case:
    """Read a REFI-QDA project and map it to a case: ``to_case(read_qdpx(path), mapping, base=base)``.

    A mapping that names its case file (``case: skeleton.yaml``) needs ``base``;
    ``sistercity.read_case(path, mapping=...)`` reads that file itself.

    Parameters
    ----------
    path
        The ``.qdpx`` file (read with the default limits and ``offsets="auto"``).
    mapping
        A :class:`QdaMapping`, a dict, or the path of a mapping file.
    base : Case, dict or callable, optional
        The case the mapping's ``case:`` file holds, or a reader of it; as in :func:`to_case`.

    Returns
    -------
    Case

    Raises
    ------
    CaseValidationError
        As :func:`~sistercity.qda.read_qdpx` and :func:`to_case` do.
    sistercity.ArgumentError, sistercity.ArgumentTypeError
        As :func:`to_case` does.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets, qda
    >>> case = datasets.load("bogor-kisarazu")
    >>> path = qda.write_qdpx(case, pathlib.Path(tempfile.mkdtemp()) / "bogor.qdpx")
    >>> qda.read_case(path, qda.case_mapping(case)).id
    'bogor-kisarazu'
    """
    from sistercity.qda._read import read_qdpx

    return to_case(read_qdpx(path), mapping, base=base)
