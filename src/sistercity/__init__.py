"""sistercity: qualitative analysis of sister-city cooperation (paradiplomacy).

Encode a case once — actors, agreements, sectors, commitments, their status over
time, obstacles, and the sources behind every claim — and get the answers as
pandas tables, networkx graphs and matplotlib figures.

Examples
--------
>>> import sistercity
>>> case = sistercity.datasets.load("bogor-kisarazu")
>>> sorted(case.agreements[0].sectors)
['agriculture', 'culture', 'education', 'health', 'tourism']
"""

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names below, for type checkers and editors; at run time they load lazily
    from sistercity import (
        alignment,
        cases,
        citations,
        datasets,
        implementation,
        interdependence,
        legal,
        lifecycle,
        network,
        obstacles,
        qca,
        qda,
        reliability,
        report,
    )
    from sistercity.cases import CaseSet, read_cases
    from sistercity.dates import PartialDate
    from sistercity.exceptions import (
        ArgumentError,
        ArgumentTypeError,
        CaseValidationError,
        DatasetNotFoundError,
        Problem,
        SisterCityError,
    )
    from sistercity.io import case_schema, loads_case, read_case
    from sistercity.model import (
        Actor,
        Agreement,
        Case,
        CaseVocabulary,
        Commitment,
        Event,
        Evidence,
        ImplementationLevel,
        Mitigation,
        Observation,
        Obstacle,
        PolicyFramework,
        Signatory,
        Source,
        Target,
        VocabularyTerm,
    )
    from sistercity.network import PairsResult, read_pairs
    from sistercity.tables import CaseTables

# What most scripts never touch (networkx, the report's Jinja2, the QDA reader) is imported on
# first use: ``import sistercity`` stays about as cheap as ``import pandas`` (PEP 562).
_SUBMODULES = frozenset({
    "alignment", "cases", "citations", "datasets", "implementation", "interdependence", "legal", "lifecycle", "network",
    "obstacles", "qca", "qda", "reliability", "report",
})
_NAMES = {
    "PartialDate": "dates",
    **dict.fromkeys(("CaseSet", "read_cases"), "cases"),
    **dict.fromkeys(("ArgumentError", "ArgumentTypeError", "CaseValidationError", "DatasetNotFoundError",
                     "Problem", "SisterCityError"), "exceptions"),
    **dict.fromkeys(("case_schema", "loads_case", "read_case"), "io"),
    **dict.fromkeys(("Actor", "Agreement", "Case", "CaseVocabulary", "Commitment", "Event", "Evidence",
                     "ImplementationLevel", "Mitigation", "Observation", "Obstacle", "PolicyFramework",
                     "Signatory", "Source", "Target", "VocabularyTerm"), "model"),
    **dict.fromkeys(("PairsResult", "read_pairs"), "network"),
    "CaseTables": "tables",
}


def __getattr__(name: str) -> object:
    """Load a public submodule or name on first use."""
    if name in _SUBMODULES:
        value: object = importlib.import_module(f"sistercity.{name}")
    elif name in _NAMES:
        value = getattr(importlib.import_module(f"sistercity.{_NAMES[name]}"), name)
    else:
        raise AttributeError(f"module 'sistercity' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


try:
    __version__ = version("sistercity")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "Actor",
    "Agreement",
    "ArgumentError",
    "ArgumentTypeError",
    "Case",
    "CaseSet",
    "CaseTables",
    "CaseValidationError",
    "CaseVocabulary",
    "Commitment",
    "DatasetNotFoundError",
    "Event",
    "Evidence",
    "ImplementationLevel",
    "Mitigation",
    "Observation",
    "Obstacle",
    "PairsResult",
    "PartialDate",
    "PolicyFramework",
    "Problem",
    "Signatory",
    "SisterCityError",
    "Source",
    "Target",
    "VocabularyTerm",
    "__version__",
    "alignment",
    "case_schema",
    "cases",
    "citations",
    "datasets",
    "implementation",
    "interdependence",
    "legal",
    "lifecycle",
    "loads_case",
    "network",
    "obstacles",
    "qca",
    "qda",
    "read_case",
    "read_cases",
    "read_pairs",
    "reliability",
    "report",
]
