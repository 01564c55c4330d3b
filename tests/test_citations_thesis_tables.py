"""Every analysis table of the bundled case exports to Excel and to LaTeX (docs/thesis.md's promise)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sistercity import (
    Case,
    alignment,
    datasets,
    implementation,
    interdependence,
    lifecycle,
    network,
    obstacles,
    qda,
    reliability,
)

TABLES: dict[str, Callable[[Case], pd.DataFrame]] = {
    "implementation.status": implementation.status,
    "implementation.agreement_rates": implementation.agreement_rates,
    "implementation.sector_coverage": implementation.sector_coverage,
    "implementation.trajectory": implementation.trajectory,
    "implementation.stalled": implementation.stalled,
    "implementation.reversals": implementation.reversals,
    "obstacles.obstacle_counts": obstacles.obstacle_counts,
    "obstacles.obstacle_impacts": obstacles.obstacle_impacts,
    "obstacles.mitigation_status": obstacles.mitigation_status,
    "obstacles.blocked": obstacles.blocked,
    "lifecycle.lifecycle": lambda c: lifecycle.lifecycle(c, at="2018-12-31"),
    "alignment.alignment_table": alignment.alignment_table,
    "alignment.alignment_matrix": alignment.alignment_matrix,
    "alignment.unaligned_agreements": alignment.unaligned_agreements,
    "alignment.unserved_targets": alignment.unserved_targets,
    "interdependence.ties": interdependence.ties,
    "interdependence.channels": interdependence.channels,
    "interdependence.brokers": interdependence.brokers,
    "interdependence.dependence": interdependence.dependence,
    "interdependence.sensitivity": interdependence.sensitivity,
    "interdependence.vulnerability": interdependence.vulnerability,
    "network.country_degree": network.country_degree,
    "network.country_dyads": network.country_dyads,
    "network.growth": network.growth,
    "reliability.same_date_conflicts": reliability.same_date_conflicts,
    "tables.observations": lambda c: c.tables.observations,
    "tables.evidence": lambda c: c.tables.evidence,
    "tables.sources": lambda c: c.tables.sources,
}


@pytest.fixture(scope="module")
def case() -> Case:
    return datasets.load("bogor-kisarazu")


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_exports_to_excel_and_latex(name: str, case: Case, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl", reason="openpyxl writes .xlsx files")
    df = TABLES[name](case)
    assert isinstance(df, pd.DataFrame)
    path = tmp_path / "t.xlsx"
    df.to_excel(path, sheet_name="t", index=False)
    back = pd.read_excel(path, sheet_name="t", dtype=str, keep_default_na=False, na_values=[""])
    assert list(back.columns) == [str(c) for c in df.columns] and len(back) == len(df)
    for column in df.columns:  # no data stays no data (an empty cell, never 0); an empty cell is no data or ""
        missing, empty = df[column].isna().to_numpy(), back[str(column)].isna().to_numpy()
        assert (empty[missing]).all(), column
        assert (df[column][empty & ~missing].astype(str) == "").all(), column
    tex = df.to_latex(index=False, escape=True, na_rep="--")
    assert tex.startswith("\\begin{tabular}") and tex.count("\\\\\n") == len(df) + 1


def test_qda_tables_need_their_time_zone_dropped_for_excel(case: Case, tmp_path: Path) -> None:
    """Excel has no time zones: the UTC ``created`` columns are written as UTC with ``tz_convert(None)``."""
    pytest.importorskip("openpyxl", reason="openpyxl writes .xlsx files")
    codings = qda.read_qdpx(qda.write_qdpx(case, tmp_path / "b.qdpx")).codings
    with pytest.raises(ValueError, match="timezones"):
        codings.to_excel(tmp_path / "c.xlsx", index=False)
    codings.assign(created=codings["created"].dt.tz_convert(None)).to_excel(tmp_path / "c.xlsx", index=False)
    assert len(pd.read_excel(tmp_path / "c.xlsx")) == len(codings)
