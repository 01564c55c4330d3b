"""The case: every record of one partnership, checked against each other (private)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import ValidationError, model_validator

from sistercity._errors import IntegrityError, Loc, has_integrity_error, located, quote, validating
from sistercity._record import Id, NonEmptyStr, Record
from sistercity.dates import PartialDate
from sistercity.exceptions import Problem
from sistercity.model._integrity import case_aliases, case_warnings, fold, integrity_problems
from sistercity.model._records import (
    Actor,
    Agreement,
    CaseVocabulary,
    Commitment,
    Event,
    Observation,
    Obstacle,
    PolicyFramework,
    Source,
)
from sistercity.vocab import OBSTACLE_CATEGORIES, SECTORS, Vocabulary

if TYPE_CHECKING:
    from sistercity.tables import CaseTables

__all__ = ["Case", "cross_record_problems"]


class Case(Record):
    """Everything known about one partnership, or a network of them.

    Building a case checks, and reports at once: unique ids per kind; that every
    reference (parties, sectors, providers, sources, targets, ...) resolves; that
    a commitment's sector is one its agreement names (unless ``open_sectors``);
    and that dates are ordered (an agreement does not end before it starts).
    Type errors in single fields and cross-record problems are reported
    together; a reference to a record that is itself ill-typed is not reported
    again as dangling.

    Examples
    --------
    >>> case = Case(
    ...     id="demo", title="Demo",
    ...     actors=[dict(id="a", name="A", level="subnational", kind="government", country="ID"),
    ...             dict(id="b", name="B", level="subnational", kind="government", country="JP")],
    ...     agreements=[dict(id="loi", kind="letter_of_intent", parties=["a", "b"],
    ...                      signed="2016-11", sectors=["education"])],
    ...     commitments=[dict(id="c1", agreement="loi", sector="education", title="Exchange")],
    ... )
    >>> len(case.actors), case.agreements[0].signed.precision
    (2, 'month')
    """

    schema_version: Literal[1] = 1
    id: Id
    title: NonEmptyStr
    description: str = ""
    period_start: PartialDate | None = None
    period_end: PartialDate | None = None
    vocabulary: CaseVocabulary = CaseVocabulary()
    actors: tuple[Actor, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    observations: tuple[Observation, ...] = ()
    obstacles: tuple[Obstacle, ...] = ()
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
    policy_frameworks: tuple[PolicyFramework, ...] = ()
    notes: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _fold_case_aliases(cls, data: Any) -> Any:
        """Fold the aliases a case's own vocabulary defines to their ids, before validation."""
        if not isinstance(data, dict):
            return data
        sectors, categories = case_aliases(data.get("vocabulary"))
        if not sectors and not categories:
            return data
        # Only a list of records is folded; anything else in these fields (a number,
        # ``false``, ``''``, a mapping) is left exactly as given, so the field's own
        # check rejects it as it does in a case without aliases.
        out = dict(data)
        for key, fields, words in (("agreements", "sectors", sectors), ("commitments", "sector", sectors),
                                   ("obstacles", "category", categories)):
            records = data.get(key)
            if isinstance(records, (list, tuple)):
                out[key] = [fold(r, fields, words, many=key == "agreements") for r in records]
        return out

    @model_validator(mode="after")
    def _check_integrity(self) -> Case:
        problems = list(integrity_problems(self))
        if problems:
            raise IntegrityError(problems)
        return self

    @classmethod
    def _cross_record_problems(cls, data: Any, error: ValidationError) -> Sequence[tuple[Loc, str]]:
        """The cross-record problems to report with ``error`` (none when it carries them already)."""
        return cross_record_problems(data, error)

    def warnings(self) -> tuple[Problem, ...]:
        """What is valid but probably wrong in this case, as warning-level problems.

        Warnings never raise: a case with warnings is valid, and every analysis
        runs on it. One rule so far: an observation dated wholly before its
        commitment's agreement took effect (``effective``, else ``signed``) or
        wholly after it ended (``ends``, else start plus ``term``). At most 50
        warnings of one kind are listed, then one counting the rest. For the
        file, line and column of each, read the file with
        :func:`sistercity.io.check_case`; ``sistercity validate`` prints them.

        Returns
        -------
        tuple of Problem
            Each with ``severity="warning"`` and the field path; empty when there
            is nothing to warn about.

        Examples
        --------
        >>> from sistercity import datasets
        >>> case = datasets.load("bogor-kisarazu")
        >>> case.warnings()
        ()
        >>> data = case.to_dict()
        >>> data["observations"][0]["date"] = "2015-06"
        >>> for warning in Case.model_validate(data).warnings():
        ...     print(warning)
        observations[0].date: warning: observed 2015-06, before agreement 'loi-2016' took effect (2016-11-18); check
        the date, or the commitment it observes
        """
        return tuple(located(case_warnings(self), severity="warning"))

    # ---- vocabularies

    @cached_property
    def sector_vocabulary(self) -> Vocabulary:
        """The built-in sectors plus the ones this case adds."""
        return SECTORS.extend(t.to_term() for t in self.vocabulary.sectors)

    @cached_property
    def category_vocabulary(self) -> Vocabulary:
        """The built-in obstacle categories plus the ones this case adds."""
        return OBSTACLE_CATEGORIES.extend(t.to_term() for t in self.vocabulary.obstacle_categories)

    # ---- look-ups

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (``KeyError`` if none)."""
        return _index(self.actors, actor_id, "actor")

    def agreement(self, agreement_id: str) -> Agreement:
        """The agreement with this id (``KeyError`` if none)."""
        return _index(self.agreements, agreement_id, "agreement")

    def commitment(self, commitment_id: str) -> Commitment:
        """The commitment with this id (``KeyError`` if none)."""
        return _index(self.commitments, commitment_id, "commitment")

    def source(self, source_id: str) -> Source:
        """The source with this id (``KeyError`` if none)."""
        return _index(self.sources, source_id, "source")

    @cached_property
    def tables(self) -> CaseTables:
        """The case as tidy pandas tables (computed once per case)."""
        from sistercity.tables import CaseTables

        return CaseTables.from_case(self)

    # ---- serialisation

    def _repr_html_(self) -> str:
        """A compact card for notebooks: title, period, counts and agreements (case text escaped)."""
        from sistercity._html import case_card

        return case_card(self)

    def to_dict(self) -> dict[str, Any]:
        """The case as plain JSON-compatible data, defaults left out."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude_defaults=True)
        data.setdefault("schema_version", 1)
        return {"schema_version": data.pop("schema_version"), **data}

    def to_json(self, path: str | Path | None = None, *, indent: int = 2) -> str:
        """The case as JSON; written to ``path`` too when given (UTF-8).

        Examples
        --------
        >>> from sistercity import datasets
        >>> text = datasets.load("bogor-kisarazu").to_json()
        >>> text.startswith('{')
        True
        """
        import json

        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_yaml(self, path: str | Path | None = None) -> str:
        """The case as YAML; written to ``path`` too when given (UTF-8).

        Examples
        --------
        >>> from sistercity import datasets, io
        >>> case = datasets.load("bogor-kisarazu")
        >>> io.loads_case(case.to_yaml(), format="yaml") == case
        True
        """
        import yaml

        class _Dumper(yaml.SafeDumper):
            """Text holding a line break YAML folds (NEL, U+2028, U+2029) is written double-quoted,
            where it is an escape (``\\N``), so it reads back as written.
            """

        def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
            style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        _Dumper.add_representer(str, _text)
        text = yaml.dump(
            self.to_dict(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_excel(self, path: str | Path) -> Path:
        """Write the case as an Excel workbook that :func:`sistercity.io.read_case` reads back equal.

        One sheet per kind of record, with header comments, drop-down lists and a README
        sheet (the layout of :func:`sistercity.io.write_template`).

        Parameters
        ----------
        path
            Where to write the workbook (``.xlsx``); its folder is created if needed.

        Returns
        -------
        pathlib.Path
            ``path``.

        Raises
        ------
        sistercity.ArgumentError
            For text a spreadsheet cell cannot hold (control characters, more than 32,767 characters).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from sistercity import datasets, io
        >>> case = datasets.load("bogor-kisarazu")
        >>> io.read_case(case.to_excel(pathlib.Path(tempfile.mkdtemp()) / "bogor.xlsx")) == case
        True
        """
        from sistercity._workbook import write_xlsx  # below model and io: no import cycle

        return write_xlsx(path, type(self), self.to_dict())


_R = TypeVar("_R", Actor, Agreement, Commitment, Source)


def _index(items: Iterable[_R], key: str, what: str) -> _R:
    for item in items:
        if item.id == key:
            return item
    raise KeyError(f"no {what} with id {quote(key)}")


_RECORD_LISTS: dict[str, type[Record]] = {
    "actors": Actor, "agreements": Agreement, "commitments": Commitment, "observations": Observation,
    "obstacles": Obstacle, "events": Event, "sources": Source, "policy_frameworks": PolicyFramework,
}


_KIND_OF = {"actors": "actor", "agreements": "agreement", "commitments": "commitment",
            "observations": "observation", "obstacles": "obstacle", "events": "event", "sources": "source",
            "policy_frameworks": "policy framework"}


def _without_bad_fields(model: type[Record], rec: Any, err: Exception) -> Record | None:
    """``rec`` validated without the fields it failed at, when they all may be left out; else ``None``.

    A record with an unrelated bad optional field (a ``signed`` date of month 13, an
    unknown key) still takes part in the cross-record checks, so that its unknown
    sector or dangling reference is reported in the same pass rather than only after
    the date is fixed. A record whose required field, or whose whole, is wrong
    stays out (its id counts as failed: references to it are not reported).
    """
    if not isinstance(rec, dict) or not isinstance(err, ValidationError):
        return None
    bad: set[object] = set()
    for e in err.errors():
        loc = e["loc"]
        if not loc:
            return None
        field = model.model_fields.get(str(loc[0]))
        if field is not None and field.is_required():
            return None
        bad.add(loc[0])
    try:
        return model.model_validate({k: v for k, v in rec.items() if k not in bad})
    except (ValidationError, ValueError, TypeError):
        return None


def cross_record_problems(data: Any, error: ValidationError | None = None) -> list[tuple[Loc, str]]:
    """The cross-record problems of a case whose fields are not all well typed.

    Pydantic stops before :class:`Case`'s own checks when any field is ill-typed.
    To still report every problem at once, each record is validated on its own;
    the well-typed ones are checked against each other with the same rules, and
    a reference to a record that failed its own validation is not reported again
    as dangling. Returns ``[]`` when ``error`` already carries these problems.
    """
    if error is not None and has_integrity_error(error):
        return []
    if not isinstance(data, dict):
        return []
    sectors, categories = case_aliases(data.get("vocabulary"))
    failed: set[str] = set()
    broken: set[str] = set()
    kept: dict[str, list[int]] = {}
    records: dict[str, Any] = {}
    with validating():
        for name, model in _RECORD_LISTS.items():
            raw = data.get(name)
            good: list[Any] = []
            kept[name] = []
            for i, rec in enumerate(raw if isinstance(raw, (list, tuple)) else ()):
                if name == "agreements":
                    rec = fold(rec, "sectors", sectors, many=True)
                elif name == "commitments":
                    rec = fold(rec, "sector", sectors)
                elif name == "obstacles":
                    rec = fold(rec, "category", categories)
                try:
                    good.append(rec if isinstance(rec, model) else model.model_validate(rec))
                except (ValidationError, ValueError, TypeError) as err:
                    salvaged = _without_bad_fields(model, rec, err)
                    if salvaged is None:
                        rid = rec.get("id") if isinstance(rec, dict) else None
                        if isinstance(rid, str):
                            failed.add(rid)
                        continue
                    good.append(salvaged)
                kept[name].append(i)
            records[name] = tuple(good)
            if name in data and not isinstance(raw, (list, tuple)):
                broken.add(_KIND_OF[name])  # the whole list is ill-typed: its ids are unknown, not missing
        try:
            vocabulary = CaseVocabulary.model_validate(data.get("vocabulary") or {})
        except (ValidationError, ValueError, TypeError):
            vocabulary = CaseVocabulary()
    partial = Case.model_construct(id="_", title="_", vocabulary=vocabulary, **records)
    out: list[tuple[Loc, str]] = []
    for loc, msg in integrity_problems(partial):
        if msg.startswith("no ") and (any(msg.startswith(f"no {kind} with id ") for kind in broken)
                                      or any(f"id {quote(fid)}" in msg for fid in failed)):
            continue
        if len(loc) >= 2 and loc[0] in kept and isinstance(loc[1], int):
            loc = (loc[0], kept[str(loc[0])][loc[1]], *loc[2:])
        out.append((loc, msg))
    return out
