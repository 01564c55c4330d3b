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

from importlib.metadata import PackageNotFoundError, version

from sistercity import (
    alignment,
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
    "read_pairs",
    "reliability",
    "report",
]
