"""The YAML and JSON loaders under hostile input: C and pure-Python loaders, limits, keys, numbers, sources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sistercity import CaseValidationError, datasets, loads_case, read_case
from sistercity.io import loads_document

SRC = str(Path(__file__).resolve().parents[1] / "src")


def test_libyaml_is_present_here() -> None:
    assert yaml.__with_libyaml__


@pytest.mark.parametrize("text", ["locator: 3:10", "locator: 1:30:00", "x: -2:05", "x: 190:20:30.15"])
def test_no_base_60_numbers(text: str) -> None:
    doc = loads_document(text + "\n", format="yaml")
    value = next(iter(doc.data.values()))
    assert value == text.split(": ", 1)[1]


def test_numbers_and_booleans_as_before() -> None:
    doc = loads_document("a: 12\nb: 1.5\nc: 0x1F\nd: true\ne: NO\nf: 2016-11-18\ng: .inf\nh: 1_000\n", format="yaml")
    assert doc.data == {"a": 12, "b": 1.5, "c": 31, "d": True, "e": "NO", "f": "2016-11-18", "g": float("inf"),
                        "h": 1000}


def test_alias_bomb_refused_by_c_loader() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    with pytest.raises(CaseValidationError, match="alias bomb") as err:
        loads_document("\n".join(lines) + "\n", format="yaml", file="bomb.yaml")
    assert err.value.problems[0].line is not None


@pytest.mark.parametrize("n", [65, 2000, 200_000])
def test_deep_nesting_refused_with_a_line(n: int) -> None:
    with pytest.raises(CaseValidationError, match="nesting deeper than 64") as err:
        loads_document("x: " + "[" * n + "]" * n + "\n", format="yaml", file="deep.yaml")
    assert err.value.problems[0].line == 1


def test_block_nesting_refused() -> None:
    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(70)) + " " * 140 + "v: 1\n"
    with pytest.raises(CaseValidationError, match="nesting deeper than 64"):
        loads_document(text, format="yaml")


def test_shared_anchor_counted_in_full() -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
    loads_document(text, format="yaml", max_nodes=20)
    with pytest.raises(CaseValidationError, match="max_nodes"):
        loads_document(text, format="yaml", max_nodes=15)


_FALLBACK = """
import sys
sys.modules["yaml._yaml"] = None
import yaml
assert not yaml.__with_libyaml__
from sistercity import CaseValidationError, datasets, loads_case
from sistercity.io import loads_document
case = datasets.load("bogor-kisarazu")
assert loads_case(case.to_yaml(), format="yaml") == case
assert loads_document("locator: 3:10\\n", format="yaml").data == {"locator": "3:10"}
try:
    loads_document("x: " + "[" * 100 + "]" * 100, format="yaml")
except CaseValidationError as err:
    assert "nesting deeper than 64" in str(err)
else:
    raise AssertionError("not refused")
print("fallback ok")
"""


def test_pure_python_fallback_without_libyaml() -> None:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", _FALLBACK], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "fallback ok" in out.stdout


def test_bundled_case_reads_the_same(tmp_path: Path) -> None:
    case = datasets.load("bogor-kisarazu")
    case.to_yaml(tmp_path / "c.yaml")
    assert read_case(tmp_path / "c.yaml") == case
    assert loads_case(case.to_yaml(), format="yaml") == case


@pytest.mark.parametrize(("key", "said"), [("2016", "the number 2016"), ("1", "the number 1"),
                                           ("~", "null"), ("true", "the boolean true"), ("1.5", "the number 1.5"),
                                           ("[a, b]", "a list"), ("{a: 1}", "a mapping")])
@pytest.mark.parametrize("where", ["top", "nested"])
def test_non_text_keys_are_problems_with_a_line(key: str, said: str, where: str) -> None:
    text = (f"id: x\ntitle: t\n{key}: a\n" if where == "top"
            else f"id: x\ntitle: t\nactors:\n  - id: a\n    {key}: a\n")
    with pytest.raises(CaseValidationError, match="keys must be text") as err:
        loads_case(text, format="yaml", file="k.yaml")
    problem = err.value.problems[0]
    assert said in problem.message
    assert problem.line == (3 if where == "top" else 5)
    assert problem.path == ("" if where == "top" else "actors[0]")


def test_non_text_keys_in_rule_files() -> None:
    from sistercity.legal import loads_rules

    with pytest.raises(CaseValidationError, match="keys must be text; got the number 2016") as err:
        loads_rules("extends: ID\n2016: a\n", file="r.yaml")
    assert err.value.problems[0].line == 2


def test_huge_integer_in_yaml_is_a_problem_with_line_and_field() -> None:
    with pytest.raises(CaseValidationError, match="5,000 digits") as err:
        loads_case("id: x\ntitle: t\nschema_version: " + "9" * 5000 + "\n", format="yaml", file="n.yaml")
    problem = err.value.problems[0]
    assert (problem.line, problem.column, problem.path) == (3, 17, "schema_version")
    assert "set_int_max_str_digits" not in problem.message
    assert len(problem.message) < 200


def _json_problems(text: str) -> list[tuple[int | None, int | None, str, str]]:
    with pytest.raises(CaseValidationError) as err:
        loads_case(text, format="json", file="c.json")
    return [(p.line, p.column, p.path, p.message) for p in err.value.problems]


def test_json_duplicate_keys_with_line() -> None:
    found = _json_problems('{"id": "x",\n "title": "t",\n "actors": [{"id": "a", "id": "b"}],\n "id": "y"}')
    assert [(line, col, path) for line, col, path, _ in found] == [(3, 25, "actors[0]"), (4, 2, "")]
    assert all("duplicate key 'id'" in message for *_, message in found)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_bare_constants_rejected_with_line(constant: str) -> None:
    (line, col, path, message), = _json_problems('{"id": "x", "title": "t",\n "notes": ["a", ' + constant + "]}")
    assert (line, col, path) == (2, 17, "notes[1]")
    assert constant in message


def test_json_huge_integer_with_line_and_field() -> None:
    (line, col, path, message), = _json_problems('{"id": "x", "title": "t",\n"schema_version": ' + "9" * 5000 + "}")
    assert (line, col, path) == (2, 19, "schema_version")
    assert "5,000 digits" in message and "set_int_max_str_digits" not in message


@pytest.mark.parametrize("n", [65, 5000, 200_000])
def test_json_nesting_too_deep_with_line(n: int) -> None:
    (line, col, _path, message), = _json_problems('{"id": "x", "title": "t",\n"notes": ' + "[" * n + "]" * n + "}")
    assert (line, col) == (2, 73)
    assert "nesting deeper than 64" in message


def test_json_validation_positions_from_the_json_pass() -> None:
    found = _json_problems('{"id": "x",\n  "title": 5,\n  "titel": "a"}')
    assert {(line, col, path) for line, col, path, _ in found} >= {(2, 12, "title"), (3, 3, "titel")}


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_refused_at_once(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with pytest.raises(CaseValidationError, match="character device, not a regular file") as err:
        read_case(device)
    assert err.value.problems[0].file == device


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    with pytest.raises(CaseValidationError, match="FIFO"):
        read_case(fifo)


def test_directory_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseValidationError, match=r"directory|cannot read"):
        read_case(tmp_path)


def test_size_limit_counts_the_bytes_read(tmp_path: Path) -> None:
    p = tmp_path / "c.yaml"
    p.write_text("id: x\ntitle: " + "a" * 200 + "\n", encoding="utf-8")
    with pytest.raises(CaseValidationError, match=r"limit is 100 \(max_bytes\)"):
        read_case(p, max_bytes=100)
    assert read_case(p, max_bytes=300).id == "x"


@pytest.mark.parametrize("text", ["a: !!set {x, y}\n", "a:\n  - !!set\n    ? x\n"])
def test_yaml_sets_rejected(text: str) -> None:
    with pytest.raises(CaseValidationError, match=r"YAML sets \(!!set\) are not read") as err:
        loads_document(text, format="yaml", file="s.yaml")
    assert err.value.problems[0].line is not None
    assert err.value.problems[0].path.startswith("a")


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x9b"])
def test_raw_control_character_reported_with_a_line(char: str) -> None:
    with pytest.raises(CaseValidationError, match=f"control character U\\+{ord(char):04X}") as err:
        loads_case(f"id: x\ntitle: é {char}t\n", format="yaml", file="c.yaml")
    problem = err.value.problems[0]
    assert (problem.line, problem.column) == (2, 10)
    assert f"\\u{ord(char):04x}" in problem.message
