"""Writing REFI-QDA files: the standard codebook (.qdc) and a case as a project (.qdpx) (private)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, get_args
from xml.etree import ElementTree as ET

from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.interdependence import CHANNELS
from sistercity.model import Case, EventKind, Evidence
from sistercity.qda._mapping import QdaMapping
from sistercity.vocab import BENEFIT_FIELDS, OBSTACLE_CATEGORIES, SECTORS

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
"""The XML namespace of a REFI-QDA codebook (``.qdc``)."""
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "sistercity"
GUID_NAMESPACE = uuid.UUID("6f1c2d52-3b7e-5c1a-9a44-0d6a1b8e2f10")
"""GUIDs written by this library are UUID 5 in this namespace, so the same input gives the same GUIDs."""

LEVEL_CODE_NAMES: dict[int, str] = {0: "0 not initiated", 1: "1 minimal", 2: "2 intermediate", 3: "3 full"}
"""The names of the level codes this library writes (the Peace Accords Matrix scale)."""
LEVEL_DESCRIPTIONS = {
    0: "Not initiated: nothing has been done to carry the commitment out.",
    1: "Minimal: first steps only (a plan, a meeting, a pilot).",
    2: "Intermediate: under way, not yet complete.",
    3: "Full: carried out as agreed.",
}
_LEVEL_COLOURS = {0: "#D73027", 1: "#FC8D59", 2: "#91CF60", 3: "#1A9850"}
_CHANNEL_RULES = {
    "interstate": "Different countries, both governmental, both national (Keohane & Nye 1977, ch. 2).",
    "transgovernmental": "Different countries, both governmental, at least one not national (a city, a province).",
    "transnational": "Different countries, at least one non-governmental actor.",
    "domestic": "Both actors in the same country (coordination at home, e.g. a city and its minister).",
}
CASE_USER = "case"
"""The user that codes the evidence of records other than observations in :func:`write_qdpx`."""
KIND_FOLDERS = {"actors": "Actors", "agreements": "Agreements", "commitments": "Commitments",
                "obstacles": "Obstacles", "events": "Events", "policy_frameworks": "Policy frameworks"}


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF)."""
    return _NOT_XML.sub("", text)


def stable_guid(*parts: str) -> str:
    """A GUID derived from ``parts`` (UUID 5), the same every time."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(parts)))


@dataclass
class Code:
    """A code to write, with its children."""

    guid: str
    name: str
    codable: bool = True
    colour: str | None = None
    description: str = ""
    children: list[Code] = field(default_factory=list)

    def add(self, guid: str, name: str, **kw: Any) -> Code:
        child = Code(guid, name, **kw)
        self.children.append(child)
        return child


@dataclass
class Segment:
    """A plain-text selection to write: positions in its document and its codings (code, user)."""

    guid: str
    start: int
    end: int
    codings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Document:
    """A plain-text source to write."""

    guid: str
    name: str
    text: str
    segments: list[Segment] = field(default_factory=list)
    description: str = ""


def _code_xml(parent: ET.Element, code: Code, ns: str) -> None:
    """Append ``code`` and its subtree to ``parent`` (iteratively: trees may be deep)."""
    stack: list[tuple[ET.Element, Code]] = [(parent, code)]
    while stack:
        holder, c = stack.pop()
        attrs = {"guid": c.guid, "name": xml_text(c.name), "isCodable": "true" if c.codable else "false"}
        if c.colour:
            attrs["color"] = c.colour
        el = ET.SubElement(holder, f"{{{ns}}}Code", attrs)
        if c.description:
            ET.SubElement(el, f"{{{ns}}}Description").text = xml_text(c.description)
        stack.extend((el, sub) for sub in reversed(c.children))


def _xml_bytes(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def standard_codebook() -> list[Code]:
    """The library's standard codebook: level scale, commitments, sectors, obstacles, channels, events, dates."""
    level = Code(stable_guid("codebook", "level"), "Implementation level", codable=False,
                 description="How far a commitment is implemented: the Peace Accords Matrix ordinal scale 0-3 "
                             "(Joshi, Quinn & Regan 2015). Apply a level code to a segment that also carries a "
                             "commitment code. No coding is no data, never level 0.")
    for k, name in LEVEL_CODE_NAMES.items():
        level.add(stable_guid("codebook", "level", str(k)), name, colour=_LEVEL_COLOURS[k],
                  description=LEVEL_DESCRIPTIONS[k])
    commitments = Code(stable_guid("codebook", "commitments"), "Commitments", codable=False,
                       description="Add one child code per commitment of the case (name it by the commitment's id). "
                                   "Under each, you may add the four level codes of 'Implementation level'.")
    sectors = Code(stable_guid("codebook", "sectors"), "Sectors", codable=False,
                   description="The built-in sector vocabulary, grouped by benefit field; aliases in each description.")
    groups = {g: sectors.add(stable_guid("codebook", "benefit-field", g), text, codable=False)
              for g, text in BENEFIT_FIELDS.items()}
    for term in SECTORS.terms:
        groups[term.group].add(stable_guid("codebook", "sector", term.id), term.label,
                               description=_term_description(term.id, term.aliases, term.description))
    obstacles = Code(stable_guid("codebook", "obstacles"), "Obstacles", codable=False,
                     description="An obstacle (hambatan) is a present barrier; a challenge (tantangan) a prospective "
                                 "risk. Code the kind and a category.")
    obstacles.add(stable_guid("codebook", "obstacle-kind", "obstacle"), "Obstacle (hambatan)")
    obstacles.add(stable_guid("codebook", "obstacle-kind", "challenge"), "Challenge (tantangan)")
    cats = obstacles.add(stable_guid("codebook", "obstacle-categories"), "Obstacle categories", codable=False)
    for term in OBSTACLE_CATEGORIES.terms:
        cats.add(stable_guid("codebook", "obstacle-category", term.id), term.label,
                 description=_term_description(term.id, term.aliases, term.description))
    channels = Code(stable_guid("codebook", "channels"), "Channels", codable=False,
                    description="The channel a tie belongs to (Keohane & Nye 1977, ch. 2).")
    for ch in CHANNELS:
        channels.add(stable_guid("codebook", "channel", ch), ch, description=_CHANNEL_RULES.get(ch, ""))
    events = Code(stable_guid("codebook", "events"), "Events", codable=False,
                  description="Kinds of dated events; add child codes for the events of a case.")
    for kind in get_args(EventKind):
        events.add(stable_guid("codebook", "event-kind", kind), kind.replace("_", " "))
    dates = Code(stable_guid("codebook", "dates"), "Dates", codable=False,
                 description="Add child codes named as dates ('2017', '2017-12', '2017-12-14') and apply one to a "
                             "segment to date what it reports. Keep the precision the source gives.")
    return [level, commitments, sectors, obstacles, channels, events, dates]


def _term_description(term_id: str, aliases: Iterable[str], description: str) -> str:
    parts = [f"id: {term_id}"]
    aliases = tuple(aliases)
    if aliases:
        parts.append("aliases: " + ", ".join(aliases))
    if description:
        parts.append(description)
    return "; ".join(parts)


def _check_path(path: object) -> Path:
    if not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}")
    return Path(path)


def write_qdc(path: str | Path) -> Path:
    """Write the library's standard codebook as a REFI-QDA codebook (``.qdc``).

    Import it into NVivo, ATLAS.ti, MAXQDA or QualCoder, code there, export the
    project (``.qdpx``) and read it back with :func:`~sistercity.qda.read_qdpx`.
    The codebook holds the implementation scale (``Implementation level``: ``0 not
    initiated`` ... ``3 full``), an empty ``Commitments`` code for the case's
    commitments, the sectors grouped by benefit field with their Indonesian
    aliases, obstacle kinds and categories, the Keohane & Nye channels, event kinds
    and an empty ``Dates`` code. GUIDs are stable: writing twice gives the same codes.

    Parameters
    ----------
    path
        Where to write (conventionally ``*.qdc``).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ArgumentTypeError
        If ``path`` is not a path. ``OSError`` if it cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib, zipfile
    >>> from sistercity import qda
    >>> out = qda.write_qdc(pathlib.Path(tempfile.mkdtemp()) / "sistercity.qdc")
    >>> out.read_bytes()[:38]
    b"<?xml version='1.0' encoding='utf-8'?>"
    """
    p = _check_path(path)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    codes = ET.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for code in standard_codebook():
        _code_xml(codes, code, CODEBOOK_NS)
    p.write_bytes(_xml_bytes(root, CODEBOOK_NS))
    return p


def project_xml(name: str, users: dict[str, str], codes: list[Code], documents: list[Document],
                created: str) -> bytes:
    """The ``project.qde`` XML of a project; texts go to ``sources/<guid>.txt``."""
    ns = PROJECT_NS
    first_user = next(iter(users.values()), None)
    attrs = {"name": xml_text(name), "origin": ORIGIN, "creationDateTime": created}
    if first_user:
        attrs["creatingUserGUID"] = first_user
    root = ET.Element(f"{{{ns}}}Project", attrs)
    if users:
        el = ET.SubElement(root, f"{{{ns}}}Users")
        for uname, guid in users.items():
            ET.SubElement(el, f"{{{ns}}}User", {"guid": guid, "name": xml_text(uname)})
    if codes:
        book = ET.SubElement(ET.SubElement(root, f"{{{ns}}}CodeBook"), f"{{{ns}}}Codes")
        for code in codes:
            _code_xml(book, code, ns)
    if documents:
        sources = ET.SubElement(root, f"{{{ns}}}Sources")
        for doc in documents:
            src_attrs = {"guid": doc.guid, "name": xml_text(doc.name), "plainTextPath": f"internal://{doc.guid}.txt",
                         "creationDateTime": created}
            src = ET.SubElement(sources, f"{{{ns}}}TextSource", src_attrs)
            if doc.description:
                ET.SubElement(src, f"{{{ns}}}Description").text = xml_text(doc.description)
            for seg in doc.segments:
                sel = ET.SubElement(src, f"{{{ns}}}PlainTextSelection", {
                    "guid": seg.guid, "startPosition": str(seg.start), "endPosition": str(seg.end),
                    "creationDateTime": created})
                for code_guid, user_guid in seg.codings:
                    coding = ET.SubElement(sel, f"{{{ns}}}Coding", {
                        "guid": stable_guid("coding", seg.guid, code_guid, user_guid),
                        "creatingUser": user_guid, "creationDateTime": created})
                    ET.SubElement(coding, f"{{{ns}}}CodeRef", {"targetGUID": code_guid})
    return _xml_bytes(root, ns)


def write_archive(path: Path, qde: bytes, documents: list[Document]) -> None:
    """A ``.qdpx`` zip archive: ``project.qde`` and ``sources/<guid>.txt`` (UTF-8, as stored)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for doc in documents:
            zf.writestr(f"sources/{doc.guid}.txt", doc.text.encode("utf-8"))


# ---------------------------------------------------------------------- a case as a project


@dataclass(frozen=True)
class Item:
    """One piece of evidence to code: the code path (folder names and ids), coder and date."""

    path: tuple[str, ...]
    coder: str
    date: str | None
    evidence: Evidence


def case_items(case: Case) -> Iterator[Item]:
    """Every piece of evidence of ``case`` with the code it is written under (record order)."""
    for a in case.actors:
        for ev in a.evidence:
            yield Item(("Actors", a.id), CASE_USER, None, ev)
    for ag in case.agreements:
        for ev in ag.evidence:
            yield Item(("Agreements", ag.id), CASE_USER, None, ev)
        for s in ag.signatories:
            for ev in s.evidence:
                yield Item(("Agreements", ag.id, "signatories"), CASE_USER, None, ev)
    for c in case.commitments:
        for ev in c.evidence:
            yield Item(("Commitments", c.id), CASE_USER, None, ev)
    for o in case.observations:
        for ev in o.evidence:
            yield Item(("Commitments", o.commitment, LEVEL_CODE_NAMES[int(o.level)]), o.coder, str(o.date), ev)
    for ob in case.obstacles:
        for ev in ob.evidence:
            yield Item(("Obstacles", ob.id), CASE_USER, None, ev)
        for m in ob.mitigations:
            for ev in m.evidence:
                yield Item(("Obstacles", ob.id, "mitigations"), CASE_USER, None, ev)
    for e in case.events:
        for ev in e.evidence:
            yield Item(("Events", e.id), CASE_USER, None, ev)
    for fw in case.policy_frameworks:
        for ev in fw.evidence:
            yield Item(("Policy frameworks", fw.id), CASE_USER, None, ev)


def _case_codes(case: Case, dates: list[str]) -> tuple[list[Code], dict[tuple[str, ...], str]]:
    """The code tree of a case and the GUID of every code path."""
    guids: dict[tuple[str, ...], str] = {}
    roots: list[Code] = []

    def code(parent: Code | None, path: tuple[str, ...], **kw: Any) -> Code:
        guid = stable_guid("case", case.id, *path)
        guids[path] = guid
        c = Code(guid, path[-1], **kw)
        (parent.children if parent else roots).append(c)
        return c

    records: dict[str, list[tuple[str, str]]] = {
        "actors": [(a.id, a.name) for a in case.actors],
        "agreements": [(a.id, a.title or a.kind) for a in case.agreements],
        "commitments": [(c.id, c.title) for c in case.commitments],
        "obstacles": [(o.id, o.title) for o in case.obstacles],
        "events": [(e.id, e.title) for e in case.events],
        "policy_frameworks": [(f.id, f.title) for f in case.policy_frameworks],
    }
    for kind, items in records.items():
        if not items:
            continue
        folder = KIND_FOLDERS[kind]
        top = code(None, (folder,), codable=False)
        for rid, title in items:
            rec = code(top, (folder, rid), description=title)
            if kind == "commitments":
                for k, name in LEVEL_CODE_NAMES.items():
                    code(rec, (folder, rid, name), colour=_LEVEL_COLOURS[k], description=LEVEL_DESCRIPTIONS[k])
            elif kind == "agreements":
                code(rec, (folder, rid, "signatories"), description="Evidence of who signed")
            elif kind == "obstacles":
                code(rec, (folder, rid, "mitigations"), description="Evidence of proposed remedies")
    if dates:
        top = code(None, ("Dates",), codable=False, description="The date a segment reports, at its precision")
        for d in dates:
            code(top, ("Dates", d))
    return roots, guids


def _source_header(case: Case, source_id: str) -> str:
    src = case.source(source_id)
    facts = [x for x in (src.author, str(src.year) if src.year else "", src.publisher, src.url or "") if x]
    return src.title + ("\n" + ", ".join(facts) if facts else "") + "\n"


def write_qdpx(case: Case, path: str | Path) -> Path:
    """Write a case's sources, evidence quotes and codes as a REFI-QDA project (``.qdpx``).

    Open it in a QDA program to check the coding against the words of the sources.
    Each source of the case becomes a plain-text document: its title (and author,
    year, publisher, URL), then every quote the case takes from it under its locator
    (``[BAB I §1.1]``). Each quote is a selection, coded with its record's code:
    ``Actors/<id>``, ``Agreements/<id>`` (signatories' evidence under
    ``.../signatories``), ``Commitments/<id>``, ``Obstacles/<id>`` (mitigations' under
    ``.../mitigations``), ``Events/<id>``, ``Policy frameworks/<id>``. An observation's
    evidence is coded with the level child of its commitment
    (``Commitments/<id>/3 full``) and with ``Dates/<date>``, by a user named after the
    observation's coder; all other evidence is coded by the user ``case``. A quote used
    with two dates is written twice, so that each segment has one date. Evidence with
    no quote is a selection of its bracketed locator line. Evidence notes are not
    written, and an observation without evidence has nothing to code.
    :func:`~sistercity.qda.case_mapping` gives the mapping that reads the project back.

    Parameters
    ----------
    case
        The case.
    path
        Where to write (conventionally ``*.qdpx``).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ArgumentTypeError
        If ``case`` is not a :class:`~sistercity.Case` or ``path`` not a path.
    ArgumentError
        If an observation's coder holds a character XML cannot (a control character
        such as U+0007): the user's name would lose it, and the coder read back would
        not be the coder written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets, qda
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bogor.qdpx"
    >>> qda.write_qdpx(datasets.load("bogor-kisarazu"), path).suffix
    '.qdpx'
    """
    if not isinstance(case, Case):
        raise ArgumentTypeError(f"case must be a sistercity.Case, got {type(case).__name__}")
    p = _check_path(path)
    items = list(case_items(case))
    dates = sorted({i.date for i in items if i.date is not None})
    codes, code_guids = _case_codes(case, dates)
    coders = [CASE_USER, *sorted({i.coder for i in items} - {CASE_USER})]
    unwritable = [c for c in coders if xml_text(c) != c]
    if unwritable:
        raise ArgumentError(f"coder name(s) {', '.join(repr(c) for c in unwritable)} hold characters XML cannot "
                            "(control characters); rename the coder in the case's observations")
    users = {name: stable_guid("user", name) for name in coders}
    documents: dict[str, Document] = {}
    segments: dict[tuple[str, str, str, str | None], Segment] = {}
    texts: dict[str, list[str]] = {}
    for src in case.sources:
        doc = Document(stable_guid("case", case.id, "source", src.id), src.id, "", description=src.title)
        documents[src.id] = doc
        texts[src.id] = [_source_header(case, src.id)]
    for item in items:
        ev = item.evidence
        key = (ev.source, ev.locator, ev.quote, item.date)
        seg = segments.get(key)
        if seg is None:
            parts = texts[ev.source]
            offset = sum(len(x) for x in parts)
            label = f"\n[{ev.locator or 'no locator'}]"
            body = ev.quote if ev.quote else ""
            start = offset + len(label) + 1 if body else offset + 1
            end = start + len(body) if body else offset + len(label)
            parts.append(label + "\n" + body + "\n" if body else label + "\n")
            seg = Segment(stable_guid("case", case.id, "segment", *map(str, key)), start, end)
            segments[key] = seg
            documents[ev.source].segments.append(seg)
        pairs = [(code_guids[item.path], users[item.coder])]
        if item.date is not None:
            pairs.append((code_guids[("Dates", item.date)], users[item.coder]))
        for pair in pairs:
            if pair not in seg.codings:
                seg.codings.append(pair)
    for sid, doc in documents.items():
        doc.text = "".join(texts[sid])
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    docs = list(documents.values())
    write_archive(p, project_xml(case.id, users, codes, docs, created), docs)
    return p


def case_mapping(case: Case) -> QdaMapping:
    """The mapping that reads a project written by :func:`write_qdpx` back into ``case``'s terms.

    Its skeleton is ``case`` without its observations and without the evidence of its
    commitments, obstacles and events — those come back from the codings. Documents
    map to the sources they were written from, ``Commitments/<id>``,
    ``Obstacles/<id>`` and ``Events/<id>`` to their records, the level children of
    commitment codes to levels, and ``Dates`` children date their segments.

    Parameters
    ----------
    case
        The case written.

    Returns
    -------
    QdaMapping

    Examples
    --------
    >>> from sistercity import datasets, qda
    >>> m = qda.case_mapping(datasets.load("bogor-kisarazu"))
    >>> m.commitments["blueberry"], m.dates.code
    ('Commitments/blueberry', 'Dates')
    """
    if not isinstance(case, Case):
        raise ArgumentTypeError(f"case must be a sistercity.Case, got {type(case).__name__}")
    data = case.to_dict()
    data.pop("observations", None)
    for kind in ("commitments", "obstacles", "events"):
        if kind in data:
            data[kind] = [{k: v for k, v in rec.items() if k != "evidence"} for rec in data[kind]]
    return QdaMapping(
        case=data,
        sources={s.id: s.id for s in case.sources},
        commitments={c.id: f"Commitments/{c.id}" for c in case.commitments},
        obstacles={o.id: f"Obstacles/{o.id}" for o in case.obstacles},
        events={e.id: f"Events/{e.id}" for e in case.events},
        dates={"code": "Dates"} if any(o.evidence for o in case.observations) else {},
    )
