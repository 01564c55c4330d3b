"""Type aliases shared across the library (private: one definition of each).

``AtLike`` and ``DateRule`` are defined (and documented) in :mod:`sistercity.dates`, the
lowest layer, and re-exported here. Every public function that takes ``at=``,
``date_rule=``, ``include=`` or a case-like first argument annotates it with the alias
from here, so the four spellings of round 1 cannot drift apart again.
Public modules re-export the aliases they document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeAlias

from sistercity.dates import AtLike, DateRule

if TYPE_CHECKING:
    from sistercity.model import Case
    from sistercity.tables import CaseTables

__all__ = ["AtLike", "CaseData", "DateRule", "Include"]

Include: TypeAlias = str | Iterable[str]
"""Which commitment statuses count: ``"all"``, one status, or several."""

CaseData: TypeAlias = "Case | CaseTables"
"""The first argument of every analysis: a :class:`~sistercity.Case` or its
:class:`~sistercity.CaseTables` (anything with a ``.tables`` attribute is accepted too)."""
