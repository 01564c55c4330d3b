"""Turn pydantic validation errors into sistercity problems (private)."""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import re
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from sistercity.exceptions import CaseValidationError, Problem

Loc = tuple[str | int, ...]
KEY = "\x00key"
"""Appended to a field path in a positions map: where that field's key (not its value) stands."""
Positions = Mapping[Loc, tuple[int, int]]


_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("sistercity_validation_depth", default=0)
FROM_FILE: contextvars.ContextVar[bool] = contextvars.ContextVar("sistercity_from_file", default=False)
"""True while a case file is validated (pydantic's context does not reach custom ``__init__``)."""


@dataclass(frozen=True)
class Origin:
    """Where the data being validated was read from: a file name, and its positions on demand."""

    file: str | None
    positions: Callable[[], Positions | None]


_ORIGIN: contextvars.ContextVar[Origin | None] = contextvars.ContextVar("sistercity_origin", default=None)


@contextlib.contextmanager
def from_file(file: str | None, positions: Callable[[], Positions | None]) -> Iterator[None]:
    """Validate data read from ``file``.

    Inside, :data:`FROM_FILE` is true (a bare number is not a duration), and a
    record's outermost construction reports its problems with ``file`` and the
    line and column that ``positions()`` maps each field path to (called only when
    there is a problem to report).
    """
    flag = FROM_FILE.set(True)
    origin = _ORIGIN.set(Origin(file, positions))
    try:
        yield
    finally:
        _ORIGIN.reset(origin)
        FROM_FILE.reset(flag)


@contextlib.contextmanager
def validating() -> Iterator[bool]:
    """Track nested model construction; yields whether this is the outermost one.

    Models with a custom ``__init__`` are built through it even when nested, so the
    outermost construction converts pydantic's error once, with full paths, and
    inner ones let pydantic's error through to be merged.
    """
    token = _DEPTH.set(_DEPTH.get() + 1)
    try:
        yield token.old_value in (contextvars.Token.MISSING, 0)
    finally:
        _DEPTH.reset(token)


class IntegrityError(ValueError):
    """Raised inside a model validator with every cross-record problem at once."""

    def __init__(self, items: Sequence[tuple[Loc, str]]) -> None:
        self.items = list(items)
        super().__init__("; ".join(f"{format_loc(loc)}: {msg}" for loc, msg in self.items))


MAX_QUOTE = 80
"""Characters of a user's value quoted in full in a message; longer ones are cut, with their length."""
MAX_PER_KIND = 50
"""Problems of one kind (one field path, indices aside) listed in full; the rest are counted."""
MAX_HINT_WORD = 200
"""Words longer than this get no "did you mean" (no id that long is a typo of a short one)."""

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*\Z")


def quote(value: object, limit: int = MAX_QUOTE) -> str:
    r"""``repr(value)``, cut to about ``limit`` characters with the full length said.

    The one way user text is quoted in a message: ``repr`` escapes control
    characters and newlines (a message is one line, and cannot forge another), and
    the cut bounds a message's size whatever the input's.

    >>> quote("pendidikan")
    "'pendidikan'"
    >>> quote("x" * 10_000_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (10,000,000 characters)"
    >>> quote("zz\nfake\x1b[2J")
    "'zz\\nfake\\x1b[2J'"
    """
    if isinstance(value, (str, bytes)) and len(value) > limit:
        return f"{value[:limit]!r}"[:-1] + f"…{repr(value[:0])[-1]} ({len(value):,} characters)"
    text = repr(value)
    if len(text) > limit + 2:
        return text[:limit] + f"… ({len(text):,} characters)"
    return text


def format_loc(loc: Sequence[str | int]) -> str:
    r"""``('commitments', 3, 'sector')`` -> ``'commitments[3].sector'``.

    A key that is not a plain name (spaces, control characters, newlines, a very
    long key) is written quoted, ``[...]``, as :func:`quote` writes values, so that a
    field path is one bounded line.

    >>> format_loc(("actors", 0, "zz\nfake"))
    "actors[0]['zz\\nfake']"
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part) and len(part) <= MAX_QUOTE:
            out += ("." if out else "") + part
        else:
            out += f"[{quote(part)}]"
    return out


def did_you_mean(word: object, choices: Sequence[str]) -> str:
    """``" (did you mean 'x'?)"`` for a near miss, else ``""``."""
    if not isinstance(word, str) or len(word) > MAX_HINT_WORD:
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {quote(close[0])}?)" if close else ""


def cap_problems(problems: Sequence[Problem], limit: int = MAX_PER_KIND) -> list[Problem]:
    """The first ``limit`` problems of each kind, then one problem per kind counting the rest.

    A kind is a field path with its list indices taken out
    (``observations[].commitment``), so ten thousand dangling references give fifty
    problems in full and one saying how many more there are, in bounded time and
    message size.
    """
    seen: Counter[str] = Counter()
    first_hidden: dict[str, Problem] = {}
    out: list[Problem] = []
    for p in problems:
        kind = re.sub(r"\[\d+\]", "[]", p.path)
        seen[kind] += 1
        if seen[kind] <= limit:
            out.append(p)
        elif kind not in first_hidden:
            first_hidden[kind] = p
    for kind, p in first_hidden.items():
        more = seen[kind] - limit
        out.append(Problem(
            f"{more:,} more problem{'s' if more != 1 else ''} of this kind ({kind or 'the document'}) "
            f"not listed; the first {limit} are, fix those and validate again",
            p.path, p.file, p.line, p.column, p.severity))
    return out


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class found by following ``loc`` from ``root`` (``None`` if not a model)."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = [a for a in typing.get_args(current) if a is not Ellipsis]
            if not args:
                return None
            current = args[0]
        else:
            if not (isinstance(current, type) and issubclass(current, BaseModel)):
                return None
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unwrap(tp: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` to the inner type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _of_what(root: type[BaseModel], loc: Loc) -> str:
    """``" of ids"``, ``" of agreements"``...: what the list at ``loc`` holds, in a user's words."""
    model = _model_at(root, loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model and loc else None
    if field is None:
        return ""
    args = [a for a in typing.get_args(_unwrap(field.annotation)) if a is not Ellipsis]
    if not args:
        return ""
    item = _unwrap(args[0])
    if isinstance(item, type) and issubclass(item, BaseModel):
        return " of records (one mapping each)"
    # ids are checked by sistercity._ids.check_id (which imports this module: named, not imported)
    if any(getattr(getattr(m, "func", None), "__qualname__", "") == "check_id"
           for m in getattr(args[0], "__metadata__", ())):
        return " of ids"
    if item is str:
        return " of texts"
    return ""


def _short(value: object, limit: int = 60) -> str:
    return quote(value, limit)


def _message(err: Mapping[str, Any], root: type[BaseModel]) -> str:
    kind = err["type"]
    loc: Loc = tuple(err["loc"])
    if kind == "missing":
        return f"required field {quote(loc[-1])} is missing"
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = did_you_mean(loc[-1], allowed)
        listing = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return f"unknown field {quote(loc[-1])}{hint}{listing}"
    msg = str(err["msg"])
    if kind in ("tuple_type", "list_type", "set_type", "frozen_set_type"):  # a user writes lists, not tuples
        return f"expected a list{_of_what(root, loc)}; got {_short(err.get('input'))}"
    if kind in ("value_error", "assertion_error"):
        msg = re.sub(r"^(Value|Assertion) error, ", "", msg)
        return msg
    if kind in ("literal_error", "enum"):
        expected = str(err.get("ctx", {}).get("expected", ""))
        options = re.findall(r"'([^']*)'", expected)
        return f"got {_short(err.get('input'))}; expected one of {expected}{did_you_mean(err.get('input'), options)}"
    if "input" in err and kind not in ("model_type", "dict_type"):
        return f"{msg}; got {_short(err['input'])}"
    return msg


def problems_from_pydantic(
    error: ValidationError,
    root: type[BaseModel],
    *,
    file: str | None = None,
    positions: Positions | None = None,
    prefix: Loc = (),
    extra: Sequence[tuple[Loc, str]] = (),
) -> list[Problem]:
    """Every problem in ``error`` and in ``extra``, with field paths and (when known) positions."""
    out: list[Problem] = [make_problem(msg, prefix + loc, file=file, positions=positions) for loc, msg in extra]
    for err in error.errors(include_url=False):
        ctx = err.get("ctx") or {}
        inner = ctx.get("error")
        base: Loc = prefix + tuple(err["loc"])
        if isinstance(inner, IntegrityError):
            for loc, msg in inner.items:
                out.append(make_problem(msg, base + loc, file=file, positions=positions))
            continue
        if isinstance(inner, CaseValidationError):  # built by a nested constructor
            here = format_loc(base)
            for p in inner.problems:
                path = f"{here}.{p.path}" if here and p.path else (here or p.path)
                out.append(Problem(p.message, path, file))
            continue
        out.append(make_problem(_message(err, root), base, file=file, positions=positions,
                                key=err["type"] == "extra_forbidden"))
    if positions:  # document order where the file tells it
        out.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
    return cap_problems(out)


def make_problem(
    message: str, loc: Loc, *, file: str | None = None, positions: Positions | None = None, key: bool = False,
    severity: typing.Literal["error", "warning"] = "error",
) -> Problem:
    """A :class:`Problem` at ``loc``, with the nearest known position in the file.

    The position is where the value starts; with ``key``, where the field's key
    stands (for an unknown field, the key is what is wrong).
    """
    line = col = None
    if positions and key and (*loc, KEY) in positions:
        line, col = positions[(*loc, KEY)]
    elif positions:
        probe = tuple(loc)
        while True:
            if probe in positions:
                line, col = positions[probe]
                break
            if not probe:
                break
            probe = probe[:-1]
    return Problem(message, format_loc(loc), file, line, col, severity)


def located(items: typing.Iterable[tuple[Loc, str]], *,
            severity: typing.Literal["error", "warning"] = "error") -> list[Problem]:
    """``items`` as problems of ``severity``, capped per kind.

    Inside :func:`from_file` each names the file and the line and column of its
    field; elsewhere only its field path.
    """
    origin = _ORIGIN.get()
    items = list(items)
    file = origin.file if origin else None
    positions = origin.positions() if origin and items else None
    out = [make_problem(msg, loc, file=file, positions=positions, severity=severity) for loc, msg in items]
    if positions:
        out.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
    return cap_problems(out)


def has_integrity_error(error: ValidationError) -> bool:
    """Whether ``error`` already carries the cross-record problems (so field types were all fine)."""
    return any(isinstance((e.get("ctx") or {}).get("error"), IntegrityError) for e in error.errors())


def raise_from_pydantic(
    error: ValidationError, root: type[BaseModel], extra: Sequence[tuple[Loc, str]] = ()
) -> typing.NoReturn:
    """Re-raise a pydantic error (and ``extra`` problems) as :class:`CaseValidationError`.

    Inside :func:`from_file`, the problems name the file and their positions in it.
    """
    origin = _ORIGIN.get()
    if origin is None:
        raise CaseValidationError(problems_from_pydantic(error, root, extra=extra)) from None
    raise CaseValidationError(
        problems_from_pydantic(error, root, file=origin.file, positions=origin.positions(), extra=extra)
    ) from None
