"""The command line: validate, schema, summary, datasets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sistercity import datasets
from sistercity.cli import main


def test_validate_good_and_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    datasets.load("bogor-kisarazu").to_yaml(good)
    assert main(["validate", str(good)]) == 0
    assert "valid" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("sector: education", "sector: educaton", 1),
                   encoding="utf-8")
    assert main(["validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "did you mean 'education'" in out
    assert f"{bad}:" in out


def test_schema_is_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "actors" in schema["properties"]
    target = tmp_path / "schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schema


def test_summary_of_bundled_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "Kisarazu" in out
    assert "education" in out


def test_summary_unknown_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "bogor-kisarazo"]) == 1
    assert "bogor-kisarazu" in capsys.readouterr().err


def test_datasets_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets"]) == 0
    assert "bogor-kisarazu" in capsys.readouterr().out


def test_entry_point_runs_as_module() -> None:
    proc = subprocess.run([sys.executable, "-m", "sistercity.cli", "schema"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["$schema"].startswith("https://json-schema.org/")


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], text_only_report: None) -> None:
    target = tmp_path / "bk.html"
    assert main(["report", "-o", str(target), "--at", "2018"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_unwritable_output_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-folder" / "x.html"
    assert main(["report", "-o", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "cannot write or read" in err and "Traceback" not in err
    assert main(["schema", "-o", str(tmp_path / "nope" / "s.json")]) == 1


def test_bad_at_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--at", "2018-13", "-o", "unused.html"]) == 1
    assert "at must be" in capsys.readouterr().err


def test_closed_standard_output_is_a_one_line_error() -> None:
    code = ("import sys; sys.stdout.close(); sys.stdout = None; "
            "from sistercity.cli import main; raise SystemExit(main(['schema']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stderr.strip() == "sistercity: standard output is closed; give -o FILE where the command has it"


def test_a_failed_write_names_the_output_file(capsys: pytest.CaptureFixture[str], text_only_report: None) -> None:
    if not Path("/proc/version").exists():
        pytest.skip("no /proc/version on this system")
    assert main(["report", "-o", "/proc/version"]) == 1
    assert "/proc/version" in capsys.readouterr().err
