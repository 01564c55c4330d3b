"""REFI-QDA reading, the gaps of issue 11 part 1: every tolerance reported, more hostile archives,
the mapping file's YAML rules, and (optionally) the XSD check of what the library writes."""

from __future__ import annotations

import os
import struct
import uuid
import zipfile
from pathlib import Path

import pytest

import sistercity.qda as qda
from sistercity import CaseValidationError, datasets


def gid(label: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"tolerances-{label}"))


def make_qdpx(path: Path, qde: str, files: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        for name, data in (files or {}).items():
            zf.writestr(name, data)
    return path


def report(p: qda.QdaProject) -> list[tuple[str, str]]:
    return sorted(zip(p.report["reason"].astype(str), p.report["action"].astype(str), strict=True))


# ------------------------------------------------------------------ every tolerance, reported


def test_the_tolerances_the_dialect_projects_do_not_show_are_each_reported(tmp_path: Path) -> None:
    """One project with: a file outside the sources folder, both text forms, a coding with no user (the
    project's user codes it), a user not in Users, an unreadable date, a transcript, links and graphs."""
    g = {k: gid(k) for k in ("ana", "ghost", "code", "s1", "s2", "sel1", "sel2", "sel3", "k1", "k2", "k3",
                             "audio", "tr", "link", "graph", "v")}
    t1, t2 = "Pertukaran pelajar berjalan.", "Blueberry belum."
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="t" origin="MAXQDA 24" creatingUserGUID="{g['ana']}">
  <Users><User guid="{g['ana']}" name="Ana"/></Users>
  <CodeBook><Codes><Code guid="{g['code']}" name="theme" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{g['s1']}" name="elsewhere" plainTextPath="internal://{g['s1']}.txt">
      <PlainTextSelection guid="{g['sel1']}" startPosition="0" endPosition="10">
        <Coding guid="{g['k1']}" creationDateTime="yesterday"><CodeRef targetGUID="{g['code']}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="{g['s2']}" name="both" plainTextPath="internal://nowhere.txt">
      <PlainTextContent>{t2}</PlainTextContent>
      <PlainTextSelection guid="{g['sel2']}" startPosition="0" endPosition="9" creatingUser="{g['ghost']}">
        <Coding guid="{g['k2']}" creatingUser="{g['ghost']}"><CodeRef targetGUID="{g['code']}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <AudioSource guid="{g['audio']}" name="rekaman.mp3" path="internal://{g['audio']}.mp3">
      <Transcript guid="{g['tr']}" name="transkrip" plainTextPath="internal://{g['tr']}.txt"/>
    </AudioSource>
  </Sources>
  <Links><Link guid="{g['link']}" name="l" direction="OneWay"/></Links>
  <Graphs><Graph guid="{g['graph']}" name="g"/></Graphs>
</Project>"""
    path = make_qdpx(tmp_path / "t.qdpx", qde, {f"exported/{g['s1']}.txt": t1.encode("utf-8")})
    p = qda.read_qdpx(path)
    assert report(p) == sorted([
        ("internal_file_elsewhere", "mended"), ("both_text_forms", "mended"), ("coder_from_project", "mended"),
        ("datetime_unreadable", "incomplete"), ("user_unknown", "incomplete"), ("user_unknown", "incomplete"),
        ("no_plain_text", "incomplete"), ("transcript_not_read", "skipped"), ("links_not_read", "skipped"),
        ("graphs_not_read", "skipped")])
    c = p.codings.set_index("source_name")
    assert c.loc["elsewhere", "quote"] == t1[:10] and c.loc["elsewhere", "coder"] == "Ana"
    assert pd_isna(c.loc["elsewhere", "created"])  # unreadable: missing, never invented
    assert c.loc["both", "quote"] == t2[:9]  # the inline text was read
    assert c.loc["both", "coder"] == g["ghost"]  # a user not in Users: the GUID, reported
    detail = dict(zip(p.report["reason"].astype(str), p.report["detail"], strict=False))
    assert detail["internal_file_elsewhere"] == f"'{g['s1']}.txt' read from 'exported/{g['s1']}.txt'"
    assert set(REPORTED) | {"project_file_name", "colour_rgb", "colour_unreadable", "crlf_as_one", "utf16_offsets",
                            "byte_order_mark", "coder_from_selection", "case_coding", "non_text_coding",
                            "no_namespace", "coder_unknown"} == set(qda.REPORT_REASONS)


REPORTED = ("internal_file_elsewhere", "both_text_forms", "coder_from_project", "datetime_unreadable",
            "user_unknown", "no_plain_text", "transcript_not_read", "links_not_read", "graphs_not_read")


def pd_isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_no_namespace_and_no_user_anywhere_are_reported(tmp_path: Path) -> None:
    code, src = gid("nn-code"), gid("nn-src")
    qde = (f'<Project name="n"><CodeBook><Codes><Code guid="{code}" name="x" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><TextSource guid="{src}" name="t"><PlainTextContent>abcdef</PlainTextContent>'
           f'<PlainTextSelection guid="{gid("nn-sel")}" startPosition="1" endPosition="4">'
           f'<Coding guid="{gid("nn-k")}"><CodeRef targetGUID="{code}"/></Coding>'
           "</PlainTextSelection></TextSource></Sources></Project>")
    p = qda.read_qdpx(make_qdpx(tmp_path / "n.qdpx", qde))
    assert report(p) == [("coder_unknown", "incomplete"), ("no_namespace", "mended")]
    assert p.codings[["quote", "code_path", "coder"]].values.tolist() == [["bcd", "x", "unspecified"]]


# ------------------------------------------------------------------ hostile archives, more


def _forge_size(path: Path, member: bytes, size: int) -> None:
    """Rewrite the uncompressed size a member declares (central directory and local header) to ``size``."""
    data = bytearray(path.read_bytes())
    for sig, at, name_len_at, header in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        i = data.find(sig)
        while i != -1:
            n = struct.unpack("<H", data[i + name_len_at:i + name_len_at + 2])[0]
            if bytes(data[i + header:i + header + n]) == member:
                data[i + at:i + at + 4] = struct.pack("<I", size)
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))


def test_zip_bomb_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    """A member declaring 100 bytes that inflates to 64 MiB: the ratio check sees 100 bytes, the read stops."""
    src = gid("lie-src")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="m"><Sources>'
           f'<TextSource guid="{src}" name="t" plainTextPath="internal://big.txt"/></Sources></Project>')
    path = make_qdpx(tmp_path / "lie.qdpx", qde, {"sources/big.txt": b"a" * (64 << 20)})
    _forge_size(path, b"sources/big.txt", 100)
    with pytest.raises(CaseValidationError) as info:
        qda.read_qdpx(path)
    assert info.value.problems[0].file == f"{path}[sources/big.txt]"
    assert "cannot unpack the member" in info.value.problems[0].message


def test_deep_nesting_outside_the_code_tree_reads_without_recursion(tmp_path: Path) -> None:
    """70,000 nested unknown elements (in a Description and in a Set): parsed and passed over iteratively."""
    n = 70_000
    deep = "<x>" * n + "</x>" * n
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="d"><Sets><Set guid="{gid("deep-set")}" name="s">'
           f"{deep}</Set></Sets><Description>{deep}</Description></Project>")
    p = qda.read_qdpx(make_qdpx(tmp_path / "d.qdpx", qde))
    assert p.sets.empty and p.codings.empty and p.report.empty


def test_selection_past_the_end_after_line_breaks_are_folded(tmp_path: Path) -> None:
    """ATLAS.ti counts CR LF as one: a selection within the stored text but past the folded text is refused."""
    code, src = gid("fold-code"), gid("fold-src")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="f" origin="ATLAS.ti 24"><CodeBook><Codes>'
           f'<Code guid="{code}" name="x" isCodable="true"/></Codes></CodeBook><Sources>'
           f'<TextSource guid="{src}" name="t" plainTextPath="internal://{src}.txt">'
           f'<PlainTextSelection guid="{gid("fold-sel")}" startPosition="0" endPosition="6"/>'
           "</TextSource></Sources></Project>")
    path = make_qdpx(tmp_path / "f.qdpx", qde, {f"sources/{src}.txt": b"ab\r\ncd"})
    with pytest.raises(CaseValidationError, match=r"past the end of its text \(5 characters\)"):
        qda.read_qdpx(path)
    assert qda.read_qdpx(path, offsets="characters").selections["quote"].tolist() == ["ab\r\ncd"]


# ------------------------------------------------------------------ the mapping file's YAML


def _mapping(tmp_path: Path, text: str) -> CaseValidationError:
    f = tmp_path / "map.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(CaseValidationError) as info:
        qda.read_mapping(f)
    return info.value


def test_mapping_duplicate_keys_are_an_error_as_in_case_files(tmp_path: Path) -> None:
    err = _mapping(tmp_path, "case: c.yaml\ncommitments:\n  a: X\n  b: Z\n  a: Y\n")
    (problem,) = err.problems
    assert (problem.line, problem.column) == (5, 3)
    assert "duplicate key 'a'" in problem.message


def test_mapping_integer_too_long_is_our_error(tmp_path: Path) -> None:
    err = _mapping(tmp_path, "case: c.yaml\ndates:\n  default: " + "1" * 5000 + "\n")
    assert "5,000 digits" in err.problems[0].message and err.problems[0].line == 3


# ------------------------------------------------------------------ the REFI-QDA XML schemas (optional)

XSD_DIR = Path(os.environ.get("SISTERCITY_REFI_XSD", Path(__file__).parent / "data" / "refi-qda"))


def _schema(name: str) -> object:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (test extra) is not installed")
    path = XSD_DIR / name
    if not path.is_file():
        pytest.skip(f"the REFI-QDA schema {name} (MIT, www.qdasoftware.org) is not in {XSD_DIR}")
    return xmlschema.XMLSchema(str(path))


def test_written_project_validates_against_project_xsd(tmp_path: Path) -> None:
    schema = _schema("Project.xsd")
    path = qda.write_qdpx(datasets.load("bogor-kisarazu"), tmp_path / "b.qdpx")
    with zipfile.ZipFile(path) as zf:
        schema.validate(zf.read("project.qde").decode("utf-8"))  # type: ignore[attr-defined]


def test_written_codebook_validates_against_codebook_xsd(tmp_path: Path) -> None:
    schema = _schema("Codebook.xsd")
    schema.validate(str(qda.write_qdc(tmp_path / "s.qdc")))  # type: ignore[attr-defined]


def test_a_coder_name_xml_cannot_hold_is_refused_not_changed(tmp_path: Path) -> None:
    from sistercity import ArgumentError

    case = datasets.load("bogor-kisarazu")
    first = case.observations[0].model_copy(update={"coder": "budi\x07"})
    bad = case.model_copy(update={"observations": (first, *case.observations[1:])})
    with pytest.raises(ArgumentError, match="budi"):
        qda.write_qdpx(bad, tmp_path / "b.qdpx")
    assert not (tmp_path / "b.qdpx").exists()
