"""Hostile input, round 2 (issue 9): bounded work, bounded messages, nothing forged, strict types."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sistercity import Case, datasets
from sistercity.exceptions import CaseValidationError


def _case_dict() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(datasets.load("bogor-kisarazu").model_dump_json(exclude_none=True))
    return data


def test_many_dangling_references_are_capped_per_kind() -> None:
    """N commitments and N observations pointing at missing ones: 50 problems in full, then a count."""
    n = 5000
    data = _case_dict()
    c0, o0 = data["commitments"][0], data["observations"][0]
    data["commitments"] = [dict(c0, id=f"c{i:05d}") for i in range(n)]
    data["observations"] = [dict(o0, commitment=f"x{i:05d}q") for i in range(n)]
    data["obstacles"] = []
    data["events"] = []
    with pytest.raises(CaseValidationError) as info:
        Case.model_validate(data)
    problems = info.value.problems
    assert len(problems) == 51
    assert all(p.path.startswith("observations[") for p in problems)
    assert "did you mean 'c00000'" in problems[0].message
    assert problems[-1].message.startswith(f"{n - 50:,} more problems of this kind (observations[].commitment)")
