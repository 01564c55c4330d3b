"""Encode a new sister-city case from scratch in Python, check it, analyse it, save it.

Run: ``.venv/bin/python examples/encode_new_case.py [OUTPUT_DIR]``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import sistercity as sc
from sistercity import implementation, lifecycle


def build() -> sc.Case:
    """A small, made-up case: two cities, one MoU, two commitments, one obstacle."""
    return sc.Case(
        id="example-city-pair",
        title="Example: Kota Contoh – Beispielstadt (illustrative, not real data)",
        sources=[sc.Source(id="notes", kind="other", title="Illustrative notes written for this example")],
        actors=[
            sc.Actor(id="contoh", name="Pemerintah Kota Contoh", level="subnational", kind="government",
                     country="ID"),
            sc.Actor(id="beispiel", name="Stadt Beispielstadt", level="subnational", kind="government",
                     country="DE"),
            sc.Actor(id="kemlu", name="Kementerian Luar Negeri", level="national", kind="ministry", country="ID"),
        ],
        agreements=[
            sc.Agreement(id="mou-2020", kind="memorandum_of_understanding", parties=["contoh", "beispiel"],
                         signed="2020-03", term=36, renewal_window=6, binding=False,
                         sectors=["pendidikan", "environment"]),
        ],
        commitments=[
            sc.Commitment(id="teachers", agreement="mou-2020", sector="education", title="Teacher exchange",
                          providers=["beispiel"], beneficiaries=["contoh"]),
            sc.Commitment(id="waste", agreement="mou-2020", sector="environment", title="Waste-sorting pilot",
                          providers=["beispiel"], beneficiaries=["contoh"]),
        ],
        observations=[
            sc.Observation(commitment="teachers", date="2021", level=2, coder="example",
                           evidence=[sc.Evidence(source="notes", locator="p. 1")]),
            sc.Observation(commitment="waste", date="2021-06", level=0, coder="example",
                           evidence=[sc.Evidence(source="notes", locator="p. 2")]),
        ],
        obstacles=[
            sc.Obstacle(id="budget", kind="obstacle", category="anggaran", title="No budget line for the pilot",
                        affects=["waste"], evidence=[sc.Evidence(source="notes", locator="p. 2")]),
        ],
        events=[
            sc.Event(id="consult", date="2020-02", kind="consultation", title="Consultation with the ministry",
                     participants=["contoh", "kemlu"], agreement="mou-2020"),
        ],
    )


def main(out_dir: Path) -> None:
    case = build()
    print(implementation.status(case, at="2021")[["commitment", "sector", "level", "rate"]].to_string(index=False))
    print(lifecycle.lifecycle(case, at="2022-12-01")[["agreement", "expiry", "state"]].to_string(index=False))
    path = out_dir / "example-case.yaml"
    case.to_yaml(path)
    assert sc.read_case(path) == case  # what was written reads back equal
    print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()))
