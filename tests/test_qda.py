"""REFI-QDA projects: reading (dialects, hostile archives), mapping codings to a case, writing."""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sistercity.qda as qda
from sistercity import ArgumentError, ArgumentTypeError, Case, CaseValidationError, datasets
from strategies.cases import cases

NS = "{urn:QDA-XML:project:1.0}"
GUID_RE = re.compile(r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")
RGB_RE = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
# hypothesis tests that write files into one tmp_path per test run
FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def gid(label: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, label))


def make_qdpx(path: Path, qde: str, files: dict[str, bytes] | None = None, qde_name: str = "project.qde") -> Path:
    """A .qdpx archive built by hand: the project XML and the members given."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde.encode("utf-8"))
        for name, data in (files or {}).items():
            zf.writestr(zipfile.ZipInfo(name), data)
    return path


def codings(project: qda.QdaProject) -> set[tuple[str, str, str, str]]:
    c = project.codings
    return set(zip(c["source_name"], c["quote"], c["code_path"], c["coder"], strict=True))


def assert_quotes(p: qda.QdaProject) -> None:
    c = p.codings
    for s, a, b, q in zip(c["source"], c["start"], c["end"], c["quote"], strict=True):
        assert p.text(str(s))[int(a):int(b)] == q


def obs_key(o: Any) -> tuple[str, str, int, str]:
    return (o.commitment, str(o.date), int(o.level), o.coder)


def raises(fn: Any, *args: Any, **kw: Any) -> CaseValidationError:
    with pytest.raises(CaseValidationError) as info:
        fn(*args, **kw)
    return info.value


# ------------------------------------------------------------------ hand-built NVivo-style project

NVIVO_TEXT = ("Wawancara Bogor\r\nPertukaran pelajar sudah terlaksana.\r\n"
              "Budidaya blueberry belum terlaksana karena iklim.\r\nFoto terlampir.\r\n")


def nvivo_project(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """NVivo style: braced upper-case GUIDs, 'Sources' folder, a BOM and CR LF counted as two characters,
    a coding without creatingUser, a coding of a case, a picture coding, a PDF with a text representation."""
    g = {k: "{" + gid(f"nvivo-{k}").upper() + "}" for k in
         ("ana", "budi", "root", "se", "bb", "lvl", "l0", "l3", "src", "pdf", "rep", "pic", "case", "var",
          "sel1", "sel2", "sel3", "sel4", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "psel", "pc", "pdfsel", "pdfc")}
    text = NVIVO_TEXT
    q1 = "Pertukaran pelajar sudah terlaksana."
    q2 = "Budidaya blueberry belum terlaksana karena iklim."
    s1, s2 = text.index(q1), text.index(q2)
    rep_text = "Laporan: kunjungan studi belum ada."
    q3 = "kunjungan studi"
    s3 = rep_text.index(q3)
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Bogor interviews" origin="NVivo 14.23.0"
         creatingUserGUID="{g['ana']}" creationDateTime="2024-03-01T10:00:00Z">
  <Users><User guid="{g['ana']}" name="Ana"/><User guid="{g['budi']}" name="Budi"/></Users>
  <CodeBook><Codes>
    <Code guid="{g['root']}" name="Commitments" isCodable="false">
      <Code guid="{g['se']}" name="Student exchange" isCodable="true" color="#1a9850"/>
      <Code guid="{g['bb']}" name="Blueberry" isCodable="true" color="#F00"/>
    </Code>
    <Code guid="{g['lvl']}" name="Implementation level" isCodable="false">
      <Code guid="{g['l0']}" name="0 not initiated" isCodable="true"/>
      <Code guid="{g['l3']}" name="3 full" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables><Variable guid="{g['var']}" name="date" typeOfVariable="Date"/></Variables>
  <Cases><Case guid="{g['case']}" name="Interview 1">
    <VariableValue><VariableRef targetGUID="{g['var']}"/><DateValue>2018-03-05</DateValue></VariableValue>
  </Case></Cases>
  <Sources>
    <TextSource guid="{g['src']}" name="Interview 1.docx" plainTextPath="internal://{g['src'][1:-1]}.txt"
                richTextPath="internal://{g['src'][1:-1]}.docx" creatingUser="{g['ana']}">
      <PlainTextSelection guid="{g['sel1']}" startPosition="{s1}" endPosition="{s1 + len(q1)}"
                          creatingUser="{g['ana']}" creationDateTime="2024-03-02T09:00:00Z">
        <Coding guid="{g['c1']}" creatingUser="{g['ana']}" creationDateTime="2024-03-02T09:00:00Z">
          <CodeRef targetGUID="{g['se']}"/></Coding>
        <Coding guid="{g['c2']}"><CodeRef targetGUID="{g['l3']}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{g['sel2']}" startPosition="{s2}" endPosition="{s2 + len(q2)}"
                          creatingUser="{g['budi']}">
        <Coding guid="{g['c3']}" creatingUser="{g['budi']}"><CodeRef targetGUID="{g['bb']}"/></Coding>
        <Coding guid="{g['c4']}" creatingUser="{g['budi']}"><CodeRef targetGUID="{g['l0']}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{g['sel3']}" startPosition="0" endPosition="{len(text)}" creatingUser="{g['ana']}">
        <Coding guid="{g['c5']}" creatingUser="{g['ana']}"><CodeRef targetGUID="{g['case']}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="{g['pdf']}" name="Laporan.pdf" path="internal://{g['pdf'][1:-1]}.pdf">
      <Representation guid="{g['rep']}" name="Laporan.txt" plainTextPath="internal://{g['rep'][1:-1]}.txt">
        <PlainTextSelection guid="{g['sel4']}" startPosition="{s3}" endPosition="{s3 + len(q3)}"
                            creatingUser="{g['budi']}">
          <Coding guid="{g['c6']}" creatingUser="{g['budi']}"><CodeRef targetGUID="{g['bb']}"/></Coding>
        </PlainTextSelection>
      </Representation>
      <PDFSelection guid="{g['pdfsel']}" page="1" firstX="1" firstY="1" secondX="5" secondY="5">
        <Coding guid="{g['pdfc']}" creatingUser="{g['budi']}"><CodeRef targetGUID="{g['bb']}"/></Coding>
      </PDFSelection>
    </PDFSource>
    <PictureSource guid="{g['pic']}" name="Foto.jpg" path="internal://{g['pic'][1:-1]}.jpg">
      <PictureSelection guid="{g['psel']}" firstX="1" firstY="2" secondX="3" secondY="4">
        <Coding guid="{g['pc']}" creatingUser="{g['ana']}"><CodeRef targetGUID="{g['se']}"/></Coding>
      </PictureSelection>
    </PictureSource>
  </Sources>
</Project>"""
    files = {f"Sources/{g['src'][1:-1]}.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
             f"Sources/{g['src'][1:-1]}.docx": b"PK not really a docx",
             f"Sources/{g['rep'][1:-1]}.txt": rep_text.encode("utf-8"),
             f"Sources/{g['pdf'][1:-1]}.pdf": b"%PDF-1.4",
             f"Sources/{g['pic'][1:-1]}.jpg": b"\xff\xd8\xff"}
    return make_qdpx(tmp_path / "nvivo.qdpx", qde, files), {"g": g, "q1": q1, "q2": q2, "q3": q3}


def test_nvivo_style_project_reads_every_coding_quote_and_coder(tmp_path: Path) -> None:
    path, info = nvivo_project(tmp_path)
    p = qda.read_qdpx(path)
    assert codings(p) == {
        ("Interview 1.docx", info["q1"], "Commitments/Student exchange", "Ana"),
        ("Interview 1.docx", info["q1"], "Implementation level/3 full", "Ana"),  # coder from the selection
        ("Interview 1.docx", info["q2"], "Commitments/Blueberry", "Budi"),
        ("Interview 1.docx", info["q2"], "Implementation level/0 not initiated", "Budi"),
        ("Laporan.pdf", info["q3"], "Commitments/Blueberry", "Budi"),
    }
    assert_quotes(p)
    assert "\r\n" in p.text("Interview 1.docx")  # CR LF kept: NVivo counts it as two characters
    assert p.codes.set_index("name").loc["Blueberry", "colour"] == "#FF0000"
    assert p.codes.set_index("name").loc["Student exchange", "colour"] == "#1A9850"
    reasons = p.report["reason"].astype(str).value_counts().to_dict()
    assert reasons == {"byte_order_mark": 1, "coder_from_selection": 1, "case_coding": 1, "no_plain_text": 1,
                       "non_text_coding": 2}
    kinds = dict(zip(p.sources["name"], p.sources["kind"], strict=True))
    assert kinds == {"Interview 1.docx": "text", "Laporan.pdf": "pdf", "Foto.jpg": "picture"}
    assert p.sources.set_index("name").loc["Foto.jpg", "has_text"] == False  # noqa: E712 - numpy bool
    members = p.case_members
    assert members["selection"].tolist() == [info["g"]["sel3"][1:-1].lower()]
    assert p.variable_values["value"].tolist() == ["2018-03-05"]
    assert str(p.codings["created"].dtype) == "datetime64[s, UTC]"
    assert repr(p).startswith("QdaProject('Bogor interviews', sources=3, codes=6, codings=5, coders=2")


# ------------------------------------------------------------------ hand-built ATLAS.ti-style project

ATLAS_TEXT = "Kota Bogor\r\nBlueberry tidak cocok di iklim Bogor.\r\nTeleconference 2017 berhasil 😀 sekali.\r\n"


def atlas_project(tmp_path: Path, origin: str = "ATLAS.ti 23.2.1") -> tuple[Path, list[str]]:
    """ATLAS.ti style: the project file named after the project, RGB colours, CR LF counted as one."""
    lf = ATLAS_TEXT.replace("\r\n", "\n")
    quotes = ["Blueberry tidak cocok di iklim Bogor.", "Teleconference 2017 berhasil 😀 sekali."]
    g = {k: gid(f"atlas-{k}") for k in ("u", "c1", "c2", "c3", "c4", "c5", "src", "s1", "s2", "k1", "k2")}
    sels = []
    for i, (q, code) in enumerate(zip(quotes, ("c1", "c2"), strict=True)):
        start = lf.index(q)
        sels.append(f"""<PlainTextSelection guid="{g[f's{i + 1}']}" startPosition="{start}"
            endPosition="{start + len(q)}" creatingUser="{g['u']}">
            <Coding guid="{g[f'k{i + 1}']}" creatingUser="{g['u']}"><CodeRef targetGUID="{g[code]}"/></Coding>
            </PlainTextSelection>""")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Bogor Kisarazu" origin="{origin}">
  <Users><User guid="{g['u']}" name="Citra"/></Users>
  <CodeBook><Codes>
    <Code guid="{g['c1']}" name="Obstacle: climate" isCodable="true" color="255,0,0"/>
    <Code guid="{g['c2']}" name="Event: teleconference" isCodable="true" color="rgb(26, 152, 80)"/>
    <Code guid="{g['c3']}" name="no hash" isCodable="true" color="1A9850"/>
    <Code guid="{g['c4']}" name="short" isCodable="true" color="#abc"/>
    <Code guid="{g['c5']}" name="named colour" isCodable="true" color="teal"/>
  </Codes></CodeBook>
  <Sources><TextSource guid="{g['src']}" name="Catatan" plainTextPath="internal://{g['src']}.txt">
    {''.join(sels)}
  </TextSource></Sources>
</Project>"""
    path = make_qdpx(tmp_path / "atlas.qdpx", qde, {f"sources/{g['src']}.txt": ATLAS_TEXT.encode("utf-8")},
                     qde_name="Bogor Kisarazu.qde")
    return path, quotes


def test_atlas_style_project_reads_every_coding_quote_and_coder(tmp_path: Path) -> None:
    path, quotes = atlas_project(tmp_path)
    p = qda.read_qdpx(path)
    assert codings(p) == {("Catatan", quotes[0], "Obstacle: climate", "Citra"),
                          ("Catatan", quotes[1], "Event: teleconference", "Citra")}
    colours = dict(zip(p.codes["name"], p.codes["colour"], strict=True))
    assert pd.isna(colours.pop("named colour"))
    assert colours == {"Obstacle: climate": "#FF0000", "Event: teleconference": "#1A9850", "no hash": "#1A9850",
                       "short": "#AABBCC"}
    reasons = p.report["reason"].astype(str).tolist()
    assert sorted(reasons) == ["colour_rgb", "colour_rgb", "colour_rgb", "colour_unreadable", "crlf_as_one",
                               "project_file_name"]
    assert set(p.report["action"].astype(str)) == {"mended", "incomplete"}


def test_offsets_choice_changes_the_reading(tmp_path: Path) -> None:
    path, quotes = atlas_project(tmp_path, origin="Some program")
    shifted = qda.read_qdpx(path)  # 'auto' reads the standard: CR LF counts as two, so the quotes shift
    assert shifted.codings["quote"].tolist()[0] != quotes[0]
    assert qda.read_qdpx(path, offsets="crlf_as_one").codings["quote"].tolist() == quotes
    with pytest.raises(ArgumentError):
        qda.read_qdpx(path, offsets="bytes")  # type: ignore[arg-type]


def test_utf16_offsets(tmp_path: Path) -> None:
    text = "a😀b😀cde"
    g = {k: gid(f"u16-{k}") for k in ("u", "c", "s", "sel", "k")}
    start16, end16 = 3, 6  # "b😀" in UTF-16 code units: a 0, 😀 1-2, b 3, 😀 4-5, c 6
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="u">
      <Users><User guid="{g['u']}" name="U"/></Users>
      <CodeBook><Codes><Code guid="{g['c']}" name="x" isCodable="true"/></Codes></CodeBook>
      <Sources><TextSource guid="{g['s']}" name="t"><PlainTextContent>{text}</PlainTextContent>
        <PlainTextSelection guid="{g['sel']}" startPosition="{start16}" endPosition="{end16}" creatingUser="{g['u']}">
          <Coding guid="{g['k']}" creatingUser="{g['u']}"><CodeRef targetGUID="{g['c']}"/></Coding>
        </PlainTextSelection></TextSource></Sources></Project>"""
    path = make_qdpx(tmp_path / "u16.qdpx", qde)
    p = qda.read_qdpx(path, offsets="utf16")
    assert p.codings["quote"].tolist() == ["b😀"]
    assert (p.codings["start"].tolist(), p.codings["end"].tolist()) == ([2], [4])
    assert p.report["reason"].astype(str).tolist() == ["utf16_offsets"]
    assert qda.read_qdpx(path).codings["quote"].tolist() == ["😀cd"]  # characters: a different segment


# ------------------------------------------------------------------ library-written projects


def test_bogor_round_trip_codings_and_observations(tmp_path: Path) -> None:
    case = datasets.load("bogor-kisarazu")
    p = qda.read_qdpx(qda.write_qdpx(case, tmp_path / "b.qdpx"))
    levels = {0: "0 not initiated", 1: "1 minimal", 2: "2 intermediate", 3: "3 full"}
    expected = {(ev.source, ev.quote, f"Commitments/{o.commitment}/{levels[int(o.level)]}", o.coder)
                for o in case.observations for ev in o.evidence}
    got = {x for x in codings(p) if x[2].startswith("Commitments/") and x[2].count("/") == 2}
    assert got == expected
    assert_quotes(p)
    back = qda.to_case(p, qda.case_mapping(case))
    assert sorted(map(obs_key, back.observations)) == sorted(map(obs_key, case.observations))
    for before, after in zip(case.commitments, back.commitments, strict=True):
        assert {e.quote for e in after.evidence} == {e.quote for e in before.evidence}
    assert {e.quote for o in back.obstacles for e in o.evidence} == {e.quote for o in case.obstacles
                                                                      for e in o.evidence}


def _expected_codings(case: Case) -> set[tuple[str, str, str, str]]:
    """What write_qdpx promises to code, computed from the case (see its docstring)."""
    levels = {0: "0 not initiated", 1: "1 minimal", 2: "2 intermediate", 3: "3 full"}
    out = set()

    def add(path: str, coder: str, evs: Any) -> None:
        for ev in evs:
            quote = ev.quote or f"[{ev.locator or 'no locator'}]"
            out.add((ev.source, quote, path, coder))

    for a in case.actors:
        add(f"Actors/{a.id}", "case", a.evidence)
    for ag in case.agreements:
        add(f"Agreements/{ag.id}", "case", ag.evidence)
        for s in ag.signatories:
            add(f"Agreements/{ag.id}/signatories", "case", s.evidence)
    for c in case.commitments:
        add(f"Commitments/{c.id}", "case", c.evidence)
    for o in case.observations:
        add(f"Commitments/{o.commitment}/{levels[int(o.level)]}", o.coder, o.evidence)
        add(f"Dates/{o.date}", o.coder, o.evidence)
    for ob in case.obstacles:
        add(f"Obstacles/{ob.id}", "case", ob.evidence)
        for m in ob.mitigations:
            add(f"Obstacles/{ob.id}/mitigations", "case", m.evidence)
    for e in case.events:
        add(f"Events/{e.id}", "case", e.evidence)
    for fw in case.policy_frameworks:
        add(f"Policy frameworks/{fw.id}", "case", fw.evidence)
    return out


@FILES
@given(case=cases())
def test_round_trip_property(case: Case, tmp_path: Path) -> None:
    """write -> read gives the same codings; and -> to_case the same observations (those with evidence)."""
    path = qda.write_qdpx(case, tmp_path / "p.qdpx")
    p = qda.read_qdpx(path)
    assert codings(p) == _expected_codings(case)
    assert p.report.empty
    assert_quotes(p)
    back = qda.to_case(p, qda.case_mapping(case))
    assert {obs_key(o) for o in back.observations} == {obs_key(o) for o in case.observations if o.evidence}


@FILES
@given(text=st.lists(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    ["\r\n", "\n", "😀", "e\u0301"]), min_size=1, max_size=40).map("".join),
       cuts=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=5),
       coders=st.lists(st.sampled_from(["ana", "budi", "citra"]), min_size=1, max_size=5))
def test_hand_built_selections_quote_their_text(text: str, cuts: list[tuple[int, int]], coders: list[str],
                                                tmp_path: Path) -> None:
    """Any text (CR LF, emoji, combining marks) and any selections within it: quote == text[start:end]."""
    users = {c: gid(f"user-{c}") for c in ("ana", "budi", "citra")}
    code, src = gid("code"), gid("src")
    sels = []
    want = set()
    for k, (a, b) in enumerate(cuts):
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        coder = coders[k % len(coders)]
        sels.append(f'<PlainTextSelection guid="{gid(f"s{k}")}" startPosition="{start}" endPosition="{end}">'
                    f'<Coding guid="{gid(f"k{k}")}" creatingUser="{users[coder]}"><CodeRef targetGUID="{code}"/>'
                    "</Coding></PlainTextSelection>")
        want.add(("doc", text[start:end], "theme", coder))
    qde = ('<Project xmlns="urn:QDA-XML:project:1.0" name="h"><Users>'
           + "".join(f'<User guid="{g}" name="{n}"/>' for n, g in users.items())
           + f'</Users><CodeBook><Codes><Code guid="{code}" name="theme" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><TextSource guid="{src}" name="doc" plainTextPath="internal://{src}.txt">'
           + "".join(sels) + "</TextSource></Sources></Project>")
    path = make_qdpx(tmp_path / "h.qdpx", qde, {f"sources/{src}.txt": text.encode("utf-8")})
    p = qda.read_qdpx(path)
    assert codings(p) == want
    assert p.text("doc") == text


def test_written_project_follows_the_schema_structure(tmp_path: Path) -> None:
    """What the library writes, checked against Project.xsd's structure directly (no XSD validator here)."""
    path = qda.write_qdpx(datasets.load("bogor-kisarazu"), tmp_path / "b.qdpx")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        root = ET.fromstring(zf.read("project.qde"))
    assert names[0] == "project.qde" and all(n.startswith("sources/") for n in names[1:])
    assert root.tag == f"{NS}Project" and root.get("name")
    order = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description"]
    seen = [c.tag.removeprefix(NS) for c in root]
    assert seen == sorted(seen, key=order.index)
    for el in root.iter():
        tag = el.tag.removeprefix(NS)
        for attr in ("guid", "targetGUID", "creatingUser", "creatingUserGUID"):
            if el.get(attr) is not None:
                assert GUID_RE.match(el.get(attr) or ""), (tag, attr)
        if tag == "Code":
            assert el.get("name") is not None and el.get("isCodable") in ("true", "false")
            assert el.get("color") is None or RGB_RE.match(el.get("color") or "")
            kids = [c.tag.removeprefix(NS) for c in el]
            assert kids == sorted(kids, key=["Description", "NoteRef", "Code"].index)
        if tag == "TextSource":
            assert (el.get("plainTextPath") or "").startswith("internal://")
            kids = [c.tag.removeprefix(NS) for c in el]
            assert kids == sorted(kids, key=["Description", "PlainTextContent", "PlainTextSelection", "Coding",
                                             "NoteRef", "VariableValue"].index)
        if tag == "PlainTextSelection":
            assert int(el.get("startPosition") or -1) <= int(el.get("endPosition") or -2)
            assert all(c.tag.removeprefix(NS) in ("Description", "Coding") for c in el)
        if tag == "Coding":
            assert next(c.tag.removeprefix(NS) for c in el) == "CodeRef"


def test_codebook_follows_the_schema_and_carries_the_vocabularies(tmp_path: Path) -> None:
    path = qda.write_qdc(tmp_path / "s.qdc")
    root = ET.fromstring(path.read_bytes())
    cb = "{urn:QDA-XML:codebook:1.0}"
    assert root.tag == f"{cb}CodeBook" and [c.tag for c in root] == [f"{cb}Codes"]
    names = {}
    for el in root.iter(f"{cb}Code"):
        assert GUID_RE.match(el.get("guid") or "") and el.get("isCodable") in ("true", "false")
        assert el.get("color") is None or RGB_RE.match(el.get("color") or "")
        desc = el.find(f"{cb}Description")
        names[el.get("name")] = desc.text if desc is not None else ""
    assert [n for n in names if n and n[0] in "0123" and n[1] == " "] == list(qda.LEVEL_CODE_NAMES.values())
    assert "pendidikan" in (names["Education"] or "") and "pariwisata" in (names["Tourism"] or "")
    assert {"interstate", "transgovernmental", "transnational", "domestic"} <= set(names)
    assert "iklim" in (names["Geographic or climatic"] or "")
    assert path.read_bytes() == qda.write_qdc(tmp_path / "t.qdc").read_bytes()  # stable GUIDs


# ------------------------------------------------------------------ hostile archives


def minimal_qde(extra_codes: str = "", selection: str = "", text: str = "abc") -> str:
    c, s = gid("min-code"), gid("min-src")
    return (f'<Project xmlns="urn:QDA-XML:project:1.0" name="m"><CodeBook><Codes>'
            f'<Code guid="{c}" name="x" isCodable="true"/>{extra_codes}</Codes></CodeBook>'
            f'<Sources><TextSource guid="{s}" name="t"><PlainTextContent>{text}</PlainTextContent>'
            f"{selection}</TextSource></Sources></Project>")


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "bomb.qdpx", minimal_qde())
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("sources/big.txt", b"\0" * (8 * 1024 * 1024))
    err = raises(qda.read_qdpx, path)
    assert err.problems[0].file == f"{path}[sources/big.txt]"
    assert "zip bomb" in err.problems[0].message
    err = raises(qda.read_qdpx, path, max_ratio=10_000, max_unpacked=4 * 1024 * 1024)
    assert "max_unpacked" in err.problems[0].message


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "C:/Windows/win.ini", "sources/../../x.txt"])
def test_zip_slip_member_names_are_refused(tmp_path: Path, name: str) -> None:
    path = make_qdpx(tmp_path / "slip.qdpx", minimal_qde(), {name: b"x"})
    err = raises(qda.read_qdpx, path)
    assert err.problems[0].file == f"{path}[{name}]" and "zip-slip" in err.problems[0].message


def test_zip_slip_internal_path_is_refused(tmp_path: Path) -> None:
    s = gid("slip-src")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="m"><Sources>'
           f'<TextSource guid="{s}" name="t" plainTextPath="internal://../../etc/passwd"/></Sources></Project>')
    err = raises(qda.read_qdpx, make_qdpx(tmp_path / "p.qdpx", qde))
    assert str(err.problems[0].file).endswith("[project.qde]") and "zip-slip" in err.problems[0].message


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    qde = (f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY lol0 "lol">{lol}]>'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>')
    err = raises(qda.read_qdpx, make_qdpx(tmp_path / "lol.qdpx", qde))
    assert str(err.problems[0].file).endswith("[project.qde]") and "entities" in err.problems[0].message


def test_external_entity_is_refused(tmp_path: Path) -> None:
    qde = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>')
    err = raises(qda.read_qdpx, make_qdpx(tmp_path / "xxe.qdpx", qde))
    assert str(err.problems[0].file).endswith("[project.qde]") and "entit" in err.problems[0].message
    assert "root:" not in str(err)


def test_ten_thousand_level_code_tree_is_refused_cleanly(tmp_path: Path) -> None:
    depth = 10_000
    nested = "".join(f'<Code guid="{uuid.UUID(int=i + 1)}" name="c{i}" isCodable="true">' for i in range(depth))
    qde = minimal_qde(extra_codes=nested + "</Code>" * depth)
    err = raises(qda.read_qdpx, make_qdpx(tmp_path / "deep.qdpx", qde))
    assert len(err.problems) == 1 and "deeper than 100 levels" in err.problems[0].message
    assert str(err.problems[0].file).endswith("[project.qde]")
    shallow = 200
    nested = "".join(f'<Code guid="{uuid.UUID(int=i + 1)}" name="c{i}" isCodable="true">' for i in range(shallow))
    ok = make_qdpx(tmp_path / "ok.qdpx", minimal_qde(extra_codes=nested + "</Code>" * shallow))
    assert qda.read_qdpx(ok, max_depth=shallow + 1).codes["depth"].max() == shallow - 1


def test_selection_past_the_end_is_refused(tmp_path: Path) -> None:
    sel = f'<PlainTextSelection guid="{gid("past")}" startPosition="1" endPosition="9"/>'
    err = raises(qda.read_qdpx, make_qdpx(tmp_path / "past.qdpx", minimal_qde(selection=sel)))
    problem = err.problems[0]
    assert str(problem.file).endswith("[project.qde]") and "past the end of its text (3 characters)" in problem.message
    assert problem.path == "Sources/TextSource[0]/PlainTextSelection[0]"


@pytest.mark.parametrize(("qde", "files", "message"), [
    (None, {}, "no .qde project file"),
    ("<Project", {}, "XML syntax"),
    ('<Other xmlns="urn:QDA-XML:project:1.0"/>', {}, "root element is 'Other'"),
    (None, {"a.qde": b"<Project/>", "b.qde": b"<Project/>"}, "2 .qde files"),
])
def test_broken_archives(tmp_path: Path, qde: str | None, files: dict[str, bytes], message: str) -> None:
    path = tmp_path / "x.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        if qde is not None:
            zf.writestr("project.qde", qde)
        for name, data in files.items():
            zf.writestr(name, data)
    assert message in str(raises(qda.read_qdpx, path))


def test_not_a_zip_and_bad_arguments(tmp_path: Path) -> None:
    bad = tmp_path / "x.qdpx"
    bad.write_text("not a zip")
    assert "not a zip archive" in str(raises(qda.read_qdpx, bad))
    assert "cannot read" in str(raises(qda.read_qdpx, tmp_path / "missing.qdpx"))
    with pytest.raises(ArgumentTypeError):
        qda.read_qdpx(3)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError):
        qda.read_qdpx(bad, max_members=0)
    path = make_qdpx(tmp_path / "many.qdpx", minimal_qde(), {f"sources/{i}.txt": b"x" for i in range(5)})
    assert "max_members" in str(raises(qda.read_qdpx, path, max_members=3))


def test_bad_references_and_positions_are_all_reported(tmp_path: Path) -> None:
    c, s = gid("r-code"), gid("r-src")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="m"><CodeBook><Codes>'
           f'<Code guid="{c}" name="x" isCodable="true"/><Code guid="{c}" name="y" isCodable="true"/></Codes>'
           f'</CodeBook><Sources><TextSource guid="{s}" name="t"><PlainTextContent>abcdef</PlainTextContent>'
           f'<PlainTextSelection guid="{gid("a")}" startPosition="4" endPosition="2"/>'
           f'<PlainTextSelection guid="{gid("b")}" startPosition="x" endPosition="2"/>'
           f'<PlainTextSelection guid="{gid("c")}" startPosition="0" endPosition="2">'
           f'<Coding guid="{gid("d")}"><CodeRef targetGUID="{gid("nothing")}"/></Coding></PlainTextSelection>'
           f'</TextSource><TextSource guid="{gid("e")}" name="u" plainTextPath="internal://missing.txt"/>'
           "</Sources></Project>")
    err = raises(qda.read_qdpx, make_qdpx(tmp_path / "r.qdpx", qde))
    text = str(err)
    for part in ("used by two elements", "after endPosition", "not a whole number", "names no code",
                 "no such file in the archive"):
        assert part in text
    assert len(err.problems) == 5


def test_text_not_utf8_is_refused(tmp_path: Path) -> None:
    s = gid("latin")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="m"><Sources>'
           f'<TextSource guid="{s}" name="t" plainTextPath="internal://{s}.txt"/></Sources></Project>')
    err = raises(qda.read_qdpx, make_qdpx(tmp_path / "l.qdpx", qde, {f"sources/{s}.txt": "café".encode("latin-1")}))
    assert err.problems[0].file == f"{tmp_path / 'l.qdpx'}[sources/{s}.txt]"


# ------------------------------------------------------------------ mapping codings to a case

SKELETON = {
    "id": "bk", "title": "Bogor-Kisarazu",
    "actors": [{"id": "bogor", "name": "Bogor", "level": "subnational", "country": "ID"},
               {"id": "kisarazu", "name": "Kisarazu", "level": "subnational", "country": "JP"}],
    "agreements": [{"id": "loi", "kind": "loi", "parties": ["bogor", "kisarazu"], "sectors": ["education",
                                                                                               "agriculture"]}],
    "commitments": [{"id": "student-exchange", "agreement": "loi", "sector": "education", "title": "Exchange"},
                    {"id": "blueberry", "agreement": "loi", "sector": "agriculture", "title": "Blueberry"}],
    "sources": [{"id": "interview-1", "kind": "interview", "title": "Interview 1"}],
}


def test_nvivo_project_to_case_with_per_coder_observations(tmp_path: Path) -> None:
    path, info = nvivo_project(tmp_path)
    mapping = {"case": SKELETON, "sources": {"Interview 1.docx": "interview-1"},
               "commitments": {"student-exchange": "Student exchange", "blueberry": "Commitments/Blueberry"},
               "dates": {"variable": "date"}}
    case = qda.read_case(path, mapping)
    obs = {(o.commitment, str(o.date), int(o.level), o.coder) for o in case.observations}
    assert obs == {("student-exchange", "2018-03-05", 3, "Ana"), ("blueberry", "2018-03-05", 0, "Budi")}
    ev = case.observations[0].evidence[0]
    start = NVIVO_TEXT.index(info["q1"])
    assert (ev.source, ev.locator, ev.quote) == ("interview-1", f"chars {start}–{start + len(info['q1'])}",
                                                 info["q1"])
    blueberry = case.commitment("blueberry")
    assert [e.source for e in blueberry.evidence] == ["interview-1", "laporan"]  # the PDF became a new source
    assert case.source("laporan").kind == "other" and case.source("laporan").title == "Laporan.pdf"
    roles = qda.code_roles(qda.read_qdpx(path), mapping)
    assert roles.set_index("code_path").loc["Implementation level/3 full", "target"] == "3"


def test_level_codes_pair_with_commitments_on_the_same_segment_per_coder(tmp_path: Path) -> None:
    """Two coders code one segment; each gives their own observation (for reliability)."""
    text = "Pertukaran pelajar berjalan sebagian."
    u = {n: gid(f"pc-{n}") for n in ("ana", "budi")}
    c = {n: gid(f"pc-code-{n}") for n in ("se", "lvl", "l2", "l3", "dates", "d2017")}
    src = gid("pc-src")
    sels = ""
    for k, (coder, level) in enumerate((("ana", "l2"), ("budi", "l3"))):
        sels += (f'<PlainTextSelection guid="{gid(f"pc-s{k}")}" startPosition="0" endPosition="{len(text)}">'
                 f'<Coding guid="{gid(f"pc-a{k}")}" creatingUser="{u[coder]}"><CodeRef targetGUID="{c["se"]}"/>'
                 f'</Coding><Coding guid="{gid(f"pc-b{k}")}" creatingUser="{u[coder]}">'
                 f'<CodeRef targetGUID="{c[level]}"/></Coding>'
                 f'<Coding guid="{gid(f"pc-d{k}")}" creatingUser="{u[coder]}"><CodeRef targetGUID="{c["d2017"]}"/>'
                 "</Coding></PlainTextSelection>")
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="pc"><Users>'
           f'<User guid="{u["ana"]}" name="ana"/><User guid="{u["budi"]}" name="budi"/></Users><CodeBook><Codes>'
           f'<Code guid="{c["se"]}" name="Exchange" isCodable="true"/>'
           f'<Code guid="{c["lvl"]}" name="Level" isCodable="false">'
           f'<Code guid="{c["l2"]}" name="sebagian" isCodable="true"/>'
           f'<Code guid="{c["l3"]}" name="terlaksana" isCodable="true"/></Code>'
           f'<Code guid="{c["dates"]}" name="Tanggal" isCodable="false">'
           f'<Code guid="{c["d2017"]}" name="2017-12" isCodable="true"/></Code></Codes></CodeBook>'
           f'<Sources><TextSource guid="{src}" name="Interview 1"><PlainTextContent>{text}</PlainTextContent>'
           f"{sels}</TextSource></Sources></Project>")
    project = qda.read_qdpx(make_qdpx(tmp_path / "pc.qdpx", qde))
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "case: case.yaml\n"
        "sources: {Interview 1: interview-1}\n"
        "commitments: {student-exchange: Exchange}\n"
        "levels: {Level/sebagian: intermediate, terlaksana: 3}\n"
        "dates: {code: Tanggal}\n", encoding="utf-8")
    Case.model_validate(SKELETON).to_yaml(tmp_path / "case.yaml")
    case = qda.to_case(project, mapping, base=Case.model_validate(SKELETON))
    assert {(o.coder, int(o.level), str(o.date)) for o in case.observations} == {("ana", 2, "2017-12"),
                                                                                  ("budi", 3, "2017-12")}
    assert all(o.commitment == "student-exchange" for o in case.observations)


def test_mapping_problems_name_file_line_and_suggestion(tmp_path: Path) -> None:
    path, _ = nvivo_project(tmp_path)
    project = qda.read_qdpx(path)
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "case:\n"
        "  id: bk\n"
        "  title: x\n"
        "commitments:\n"
        "  student-exchange: Student exchang\n", encoding="utf-8")
    err = raises(qda.to_case, project, mapping)
    lines = {(p.line, p.message.split(" (")[0]) for p in err.problems}
    assert (5, "the case has no commitment with id 'student-exchange'") in lines
    assert any(p.line == 5 and "did you mean 'Student exchange'" in p.message for p in err.problems)
    mapping.write_text("case: {id: bk, title: x, actors: [{id: a, name: A, level: city, country: ID}]}\n"
                       "levels: {x: 7}\n", encoding="utf-8")
    err = raises(qda.read_mapping, mapping)
    assert [(p.line, p.path) for p in err.problems] == [(2, "levels.x")]
    mapping.write_text("case: {id: bk, title: x, actors: [{id: a, name: A, level: city, country: ID}]}\n",
                       encoding="utf-8")
    err = raises(qda.to_case, project, mapping)
    assert [(p.line, p.path) for p in err.problems] == [(1, "case.actors[0].level")]
    mapping.write_text("case: &a {id: x}\nother: *a\n", encoding="utf-8")
    assert "aliases" in str(raises(qda.read_mapping, mapping))
    with pytest.raises(ArgumentTypeError):
        qda.to_case(project, 3)


def test_no_date_is_an_error_never_the_coding_date(tmp_path: Path) -> None:
    path, _ = nvivo_project(tmp_path)
    mapping = {"case": SKELETON, "commitments": {"student-exchange": "Student exchange",
                                                 "blueberry": "Commitments/Blueberry"}}
    err = raises(qda.read_case, path, mapping)
    assert len(err.problems) == 2 and all("no date for this observation" in p.message for p in err.problems)
    case = qda.read_case(path, {**mapping, "dates": {"documents": {"Interview 1.docx": "2018"}}})
    assert {str(o.date) for o in case.observations} == {"2018"}


def test_level_code_without_commitment_is_an_error(tmp_path: Path) -> None:
    path, _ = nvivo_project(tmp_path)
    mapping = {"case": SKELETON, "commitments": {"student-exchange": "Student exchange"},
               "dates": {"default": 2018}}
    err = raises(qda.read_case, path, mapping)
    assert [p.message.split(":")[0] for p in err.problems] == ["a level code on a segment that carries no "
                                                              "commitment code"]


def test_mapping_schema_is_json_schema() -> None:
    schema = qda.mapping_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"case", "commitments", "levels", "obstacles", "events", "dates", "sources"} <= set(schema["properties"])


def test_docs_walkthrough_runs() -> None:
    import doctest

    page = Path(__file__).resolve().parents[1] / "docs" / "qda.md"
    result = doctest.testfile(str(page), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


def test_a_mapping_file_that_is_not_a_regular_file_is_refused_at_once() -> None:
    """``/dev/zero`` claims 0 bytes; reading it by its size would never end."""
    from pathlib import Path

    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(CaseValidationError, match="not a regular file"):
        qda.read_mapping("/dev/zero")
