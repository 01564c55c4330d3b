"""Checks of keyword arguments shared by the analysis modules (private)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TypeVar

from sistercity.exceptions import ArgumentError, ArgumentTypeError

T = TypeVar("T", bound=str)


def choice(name: str, value: object, allowed: Iterable[T]) -> T:
    """``value`` if it is one of ``allowed``; else an :class:`ArgumentError` listing them."""
    options = tuple(allowed)
    for option in options:
        if isinstance(value, str) and value == option:
            return option
    raise ArgumentError(f"{name} must be one of {', '.join(repr(o) for o in options)}; got {value!r}")


def positive_int(name: str, value: object, *, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an ``int`` in ``[minimum, maximum]`` (booleans refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(f"{name} must be a whole number; got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise ArgumentError(f"{name} must be at least {minimum}{upper}; got {value}")
    return value


def finite_float(name: str, value: object, *, minimum: float | None = None) -> float:
    """``value`` as a finite ``float`` (and ``>= minimum``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArgumentTypeError(f"{name} must be a number; got {value!r}")
    out = float(value)
    if not math.isfinite(out) or (minimum is not None and out < minimum):
        bound = f" and at least {minimum}" if minimum is not None else ""
        raise ArgumentError(f"{name} must be a finite number{bound}; got {value!r}")
    return out


def include(value: object, *, name: str = "include") -> tuple[str, ...]:
    """Which commitment statuses count: ``"all"``, one status, or some of them.

    The statuses are those of :class:`sistercity.Commitment` (``"agreed"``,
    ``"proposed"``, ``"wish"``); the result lists the chosen ones in that order.
    """
    from typing import get_args

    from sistercity.model import CommitmentStatus

    statuses: tuple[str, ...] = get_args(CommitmentStatus)
    accepted = f"'all' or some of {', '.join(map(repr, statuses))}"
    if isinstance(value, str):
        chosen = set(statuses) if value == "all" else {value}
    elif isinstance(value, Iterable) and not isinstance(value, bytes):
        try:
            chosen = set(value)
        except TypeError:
            raise ArgumentError(f"{name} must be {accepted}; got {value!r}") from None
    else:
        raise ArgumentTypeError(f"{name} must be {accepted}; got {value!r}")
    if not chosen or not chosen <= set(statuses):
        raise ArgumentError(f"{name} must be {accepted}; got {value!r}")
    return tuple(s for s in statuses if s in chosen)


def flag(name: str, value: object) -> bool:
    """``value`` as a ``bool`` (``True``/``False``, numpy's included); anything else is refused."""
    import numpy as np

    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ArgumentTypeError(f"{name} must be True or False; got {value!r}")
