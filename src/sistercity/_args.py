"""Checks of arguments shared by the analysis and plotting modules (private).

One check per kind of argument, so every public function refuses the same bad value
with the same exception and message: a choice among names, a whole number, a finite
number, the ``include`` statuses, a flag, a matplotlib ``ax``; and one test of whether
a value stands for "no value" (:func:`is_missing`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload

from sistercity.exceptions import ArgumentError, ArgumentTypeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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


@overload
def axes(value: object, *, current: Literal[True] = ...) -> Axes: ...
@overload
def axes(value: object, *, current: Literal[False]) -> Axes | None: ...


def axes(value: object, *, current: bool = True) -> Axes | None:
    """``value`` if it is a matplotlib Axes; for ``None``, the current Axes (``plt.gca()``) or, with
    ``current=False``, ``None`` (to check ``ax`` before any work without creating a figure).

    Anything else is an :class:`ArgumentTypeError`. Imports matplotlib only when called.
    """
    from matplotlib.axes import Axes

    if value is None:
        if not current:
            return None
        import matplotlib.pyplot as plt

        return plt.gca()
    if not isinstance(value, Axes):
        raise ArgumentTypeError(f"ax must be a matplotlib Axes or None; got {type(value).__name__}")
    return value


def is_missing(value: object) -> bool:
    """Whether a single value stands for "no value": ``None``, ``pandas.NA``, ``NaT`` or ``NaN``.

    ``NaN`` of a Python or NumPy float and ``NaT`` of NumPy or pandas count; an empty
    text, a zero and a container (a list, an array: not a single value) do not.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> [is_missing(v) for v in (None, pd.NA, pd.NaT, float("nan"), np.float32("nan"), np.datetime64("NaT"))]
    [True, True, True, True, True, True]
    >>> [is_missing(v) for v in ("", 0, False, [None], np.array([np.nan]), "nan", pd.Timestamp("2017"))]
    [False, False, False, False, False, False, False]
    """
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    if isinstance(value, str | bytes | int | bool) or not pd.api.types.is_scalar(value):
        return False
    return bool(pd.isna(cast(Any, value)))  # a scalar of another kind (a Decimal, a complex)
