"""A REFI-QDA project read as a case (``sistercity.read_case(path, mapping=...)``), and mapping files read
with the YAML rules of case files."""

from __future__ import annotations

import ast
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given

import sistercity
import sistercity.qda as qda
from sistercity import ArgumentError, ArgumentTypeError, Case, CaseValidationError, datasets
from sistercity.io import loads_document
from strategies.cases import cases
from test_qda import FILES, SKELETON, nvivo_project, obs_key

SRC = Path(__file__).resolve().parents[1] / "src" / "sistercity"


def _files(folder: Path, case: Case) -> tuple[Path, Path]:
    """A project written from ``case``, and a mapping file naming its skeleton by a relative path."""
    (folder / "project").mkdir()
    project = qda.write_qdpx(case, folder / "project" / "p.qdpx")
    inline = qda.case_mapping(case)
    (folder / "cases").mkdir()
    Case.model_validate(inline.case).to_yaml(folder / "cases" / "skeleton.yaml")
    (folder / "maps").mkdir()
    mapping = folder / "maps" / "map.yaml"
    data = inline.model_dump(exclude_defaults=True)
    data["case"] = "../cases/skeleton.yaml"
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return project, mapping


@FILES
@given(case=cases())
def test_read_case_of_a_project_equals_to_case(case: Case) -> None:
    """sistercity.read_case(p, mapping=m) == qda.to_case(read_qdpx(p), m, base=...), whatever base is."""
    with tempfile.TemporaryDirectory() as tmp:
        project, mapping = _files(Path(tmp), case)
        got = sistercity.read_case(project, mapping=mapping)
        skeleton = sistercity.read_case(Path(tmp) / "cases" / "skeleton.yaml")
        p = qda.read_qdpx(project)
        assert got == qda.to_case(p, mapping, base=sistercity.read_case)
        assert got == qda.to_case(p, mapping, base=skeleton)
        assert got == qda.to_case(p, mapping, base=skeleton.to_dict())
        assert got == qda.read_case(project, qda.read_mapping(mapping), base=skeleton)
        assert sorted(map(obs_key, got.observations)) == sorted(obs_key(o) for o in case.observations
                                                                if o.evidence)


def test_case_file_is_read_relative_to_the_mapping_file_not_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = datasets.load("bogor-kisarazu")
    project, mapping = _files(tmp_path, case)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    got = sistercity.read_case(project, mapping=str(mapping))
    assert sorted(map(obs_key, got.observations)) == sorted(map(obs_key, case.observations))
    # inline cases, dicts and QdaMapping objects need no case file
    inline = qda.case_mapping(case)
    assert sistercity.read_case(project, mapping=inline) == got
    assert sistercity.read_case(project, mapping=inline.model_dump()) == got


def test_the_base_case_file_is_read_with_the_limits_given(tmp_path: Path) -> None:
    project, mapping = _files(tmp_path, datasets.load("bogor-kisarazu"))
    with pytest.raises(CaseValidationError) as info:
        sistercity.read_case(project, mapping=mapping, max_bytes=100)
    assert info.value.problems[0].file is not None and "skeleton.yaml" in info.value.problems[0].file
    with pytest.raises(ArgumentError):
        sistercity.read_case(project, mapping=mapping, max_depth=0)


def test_a_project_without_mapping_and_a_mapping_without_project_are_argument_errors(tmp_path: Path) -> None:
    case = datasets.load("bogor-kisarazu")
    project, mapping = _files(tmp_path, case)
    with pytest.raises(ArgumentError, match=r"needs a mapping .*read_case\(path, mapping="):
        sistercity.read_case(project)
    yaml_file = case.to_yaml(tmp_path / "case.yaml")
    json_file = tmp_path / "case.json"
    json_file.write_text(case.to_json(), encoding="utf-8")
    xlsx_file = case.to_excel(tmp_path / "case.xlsx")
    sistercity.io.write_csv(case, tmp_path / "csv")
    for path in (yaml_file, json_file, xlsx_file, tmp_path / "csv"):
        with pytest.raises(ArgumentError, match=r"mapping= is for a REFI-QDA project \(\.qdpx\)"):
            sistercity.read_case(path, mapping=mapping)
    with pytest.raises(ArgumentTypeError):
        sistercity.read_case(project, mapping=3)


def test_to_case_reads_no_case_file_and_says_what_it_needs(tmp_path: Path) -> None:
    case = datasets.load("bogor-kisarazu")
    path, mapping = _files(tmp_path, case)
    project = qda.read_qdpx(path)
    for call in (lambda: qda.to_case(project, mapping), lambda: qda.read_case(path, mapping),
                 lambda: qda.code_roles(project, mapping)):
        with pytest.raises(ArgumentError, match=r"names its case file \(case: \.\./cases/skeleton\.yaml\).*base="):
            call()
    with pytest.raises(ArgumentTypeError, match="base must be a Case"):
        qda.to_case(project, mapping, base=lambda file: str(file))  # type: ignore[arg-type, return-value]
    with pytest.raises(CaseValidationError):
        qda.to_case(project, mapping, base={"id": "x"})  # a dict that is no case
    inline = qda.case_mapping(case)
    with pytest.raises(ArgumentError, match="inline"):
        qda.to_case(project, inline, base=case)
    seen: list[Path] = []
    assert qda.to_case(project, inline, base=lambda f: seen.append(f) or case) == qda.to_case(project, inline)
    assert seen == []  # a reader is not called for an inline case


def test_qda_does_not_import_io() -> None:
    """The dependency is one-way, io -> qda (lazy imports included)."""
    for file in sorted((SRC / "qda").glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any(n == "sistercity.io" or n.startswith("sistercity.io.") for n in names), file.name


# ------------------------------------------------------------------ mapping files: the YAML rules of case files

def _mapping(tmp_path: Path, text: str) -> qda.QdaMapping:
    f = tmp_path / "map.yaml"
    f.write_text(text, encoding="utf-8")
    return qda.read_mapping(f)


@pytest.mark.parametrize(("scalar", "text"), [("No", "No"), ("NO", "NO"), ("off", "off"), ("3:10", "3:10"),
                                             ("2018-03-05", "2018-03-05"), ("2018-03-05 10:00:00",
                                                                            "2018-03-05 10:00:00")])
def test_mapping_scalars_are_read_as_in_case_files(tmp_path: Path, scalar: str, text: str) -> None:
    m = _mapping(tmp_path, f"case: c.yaml\nsources:\n  Interview: {scalar}\ncommitments:\n  x: {scalar}\n")
    assert m.sources == {"Interview": text} and m.commitments == {"x": text}
    assert loads_document(f"a: {scalar}\n", format="yaml").data == {"a": text}


def test_mapping_dates_keep_their_text(tmp_path: Path) -> None:
    m = _mapping(tmp_path, "case: c.yaml\ndates:\n  documents: {Interview: 2017-12-14, Memo: 2017-12}\n"
                           "  default: 2018\n")
    assert m.dates.documents == {"Interview": "2017-12-14", "Memo": "2017-12"}
    assert m.dates.default == "2018"


@pytest.mark.parametrize("key", ["2017", "3.5", "true", "~"])
def test_mapping_number_keys_are_refused_as_in_case_files(tmp_path: Path, key: str) -> None:
    with pytest.raises(CaseValidationError) as mapping_err:
        _mapping(tmp_path, f"case: c.yaml\nsources:\n  {key}: report\n")
    with pytest.raises(CaseValidationError) as case_err:
        loads_document(f"case: c.yaml\nsources:\n  {key}: report\n", format="yaml")
    (got,) = mapping_err.value.problems
    (expected,) = case_err.value.problems
    assert (got.line, got.column, got.path, got.message) == (expected.line, expected.column, expected.path,
                                                             expected.message)
    assert got.message.startswith("keys must be text; got ")
    assert got.file == str(tmp_path / "map.yaml")


def test_mapping_files_still_refuse_anchors_and_deep_nesting(tmp_path: Path) -> None:
    for text in ("case: &a c.yaml\nsources: {x: *a}\n", "case: c.yaml\nsources: &s {x: y}\n"):
        with pytest.raises(CaseValidationError, match=r"anchors and aliases .* mapping file") as info:
            _mapping(tmp_path, text)
        assert info.value.problems[0].line is not None
    with pytest.raises(CaseValidationError, match="nesting deeper than 32"):
        _mapping(tmp_path, "case: " + "[" * 40 + "]" * 40 + "\n")


def test_nvivo_mapping_with_no_and_a_time_like_code_name(tmp_path: Path) -> None:
    """Code names that YAML 1.1 would turn into false or 190 now name their codes."""
    path, _ = nvivo_project(tmp_path)
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(SKELETON), encoding="utf-8")
    m = _mapping(tmp_path, "case: case.yaml\nsources: {Interview 1.docx: interview-1}\n"
                           "commitments: {student-exchange: No}\ndates: {default: 2018}\n")
    with pytest.raises(CaseValidationError, match="no code 'No' in the project"):
        sistercity.read_case(path, mapping=m)
