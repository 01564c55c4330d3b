"""Reading a REFI-QDA project (.qdpx) into a :class:`QdaProject` (private)."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from xml.etree.ElementTree import Element

from sistercity._args import choice, positive_int
from sistercity.exceptions import CaseValidationError, Problem
from sistercity.qda._archive import Archive, Limits, decode_text, open_archive, parse_xml, unsafe_name, where
from sistercity.qda._project import REPORT_REASONS, QdaProject, frame

PROJECT_NS = "urn:QDA-XML:project:1.0"
"""The XML namespace of a REFI-QDA project (``project.qde``)."""

Offsets = Literal["auto", "characters", "crlf_as_one", "utf16"]
OFFSETS: tuple[str, ...] = ("auto", "characters", "crlf_as_one", "utf16")
DEFAULT_MAX_DEPTH = 100
"""Deepest code tree read by default (levels of nested codes)."""

_HEX = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_RGB = re.compile(r"^(?:rgb\s*\(\s*)?(\d{1,3})\s*[,;\s]\s*(\d{1,3})\s*[,;\s]\s*(\d{1,3})\s*\)?$", re.IGNORECASE)
_MEDIA = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}
_MEDIA_SELECTIONS = {"PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection"}


@functools.lru_cache(maxsize=256)
def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def grouped(el: Element) -> dict[str, list[Element]]:
    """The child elements of ``el`` by name (any namespace), in document order."""
    out: dict[str, list[Element]] = {}
    for c in el:
        out.setdefault(local(c.tag), []).append(c)
    return out


def children(el: Element, name: str) -> Iterator[Element]:
    """The child elements of ``el`` named ``name`` (any namespace)."""
    return (c for c in el if local(c.tag) == name)


def child_text(el: Element, name: str) -> str | None:
    """The text of ``el``'s first child named ``name``, if any (``""`` for an empty one)."""
    for c in children(el, name):
        return c.text or ""
    return None


def guid_key(value: str | None) -> str | None:
    """A GUID as a key: braces and white space removed, lower case."""
    if value is None:
        return None
    key = value.strip().strip("{}").strip().lower()
    return key or None


class _Reader:
    """One pass over a project's XML; collects rows, tolerances and problems."""

    def __init__(self, archive: Archive | None, file: str, member: str, offsets: str, max_depth: int) -> None:
        self.archive = archive
        self.file = file
        self.member = member
        self.where = where(file, member)
        self.offsets = offsets
        self.max_depth = max_depth
        self.origin = ""
        self.project_user: str | None = None
        self.problems: list[Problem] = []
        self.rows: dict[str, list[dict[str, Any]]] = {
            k: [] for k in ("users", "codes", "sources", "selections", "codings", "cases", "case_members",
                            "variables", "variable_values", "notes", "note_links", "sets", "report")}
        self.users: dict[str, str] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.cases: set[str] = set()
        self.texts: dict[str, str] = {}
        self.selection_source: dict[str, str] = {}
        self.raw_codings: list[tuple[dict[str, Any], str, str]] = []  # (coding row, code ref, element path)
        self.seen: set[str] = set()

    # ------------------------------------------------------------------ helpers
    def problem(self, message: str, path: str = "", file: str | None = None) -> None:
        self.problems.append(Problem(message, path, file or self.where))

    def tolerate(self, reason: str, element: str, guid: str | None, detail: str, member: str | None = None) -> None:
        self.rows["report"].append(dict(member=member or self.member, element=element, guid=guid or "",
                                        action=REPORT_REASONS[reason][0], reason=reason, detail=detail))

    def guid(self, el: Element, path: str, *, unique: bool = True) -> str | None:
        key = guid_key(el.get("guid"))
        if key is None:
            self.problem(f"required attribute 'guid' is missing on {local(el.tag)}", path)
            return None
        if unique:
            if key in self.seen:
                self.problem(f"GUID {key} is used by two elements; GUIDs must be unique", path)
            self.seen.add(key)
        return key

    def when(self, el: Element, path: str, guid: str | None) -> dt.datetime | None:
        raw = el.get("creationDateTime") or el.get("modifiedDateTime")
        if not raw:
            return None
        try:
            value = dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            self.tolerate("datetime_unreadable", path, guid, f"creationDateTime {raw!r}")
            return None
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    def user_name(self, guid: str | None, path: str, owner: str | None) -> str | None:
        if guid is None:
            return None
        if guid in self.users:
            return self.users[guid]
        self.tolerate("user_unknown", path, owner, f"creating user {guid} is not in Users")
        return guid

    # ------------------------------------------------------------------ sections
    def run(self, root: Element) -> None:
        if root.tag != f"{{{PROJECT_NS}}}Project":
            if local(root.tag) != "Project":
                raise CaseValidationError([Problem(
                    f"the root element is {local(root.tag)!r}; a REFI-QDA project's is 'Project'", file=self.where)])
            self.tolerate("no_namespace", "Project", None, f"root element {root.tag!r}")
        self.origin = root.get("origin") or ""
        self.project_user = guid_key(root.get("creatingUserGUID"))
        for section in ("Users", "CodeBook", "Variables", "Sources", "Cases", "Notes", "Sets"):
            for el in children(root, section):
                getattr(self, f"_{section.lower()}")(el)
        for name, reason in (("Links", "links_not_read"), ("Graphs", "graphs_not_read")):
            for el in children(root, name):
                if len(el):
                    self.tolerate(reason, name, None, f"{len(el)} element(s)")
        self._resolve_codings()
        for note in children(root, "NoteRef"):
            self._note_ref(note, "project")

    def _users(self, users: Element) -> None:
        for i, el in enumerate(children(users, "User")):
            key = self.guid(el, f"Users/User[{i}]")
            if key is None:
                continue
            name = el.get("name") or el.get("id") or key
            self.users[key] = name
            self.rows["users"].append(dict(user=key, name=name, id=el.get("id") or ""))

    def _codebook(self, codebook: Element) -> None:
        stack: list[tuple[Element, str | None, int, str, str]] = []
        for codes in children(codebook, "Codes"):
            for i, el in reversed(list(enumerate(children(codes, "Code")))):
                stack.append((el, None, 0, "", f"CodeBook/Codes/Code[{i}]"))
        too_deep = False
        while stack:
            el, parent, depth, prefix, path = stack.pop()
            if depth >= self.max_depth:
                if not too_deep:
                    self.problem(f"the code tree is nested deeper than {self.max_depth} levels (max_depth)", path)
                too_deep = True
                continue
            key = self.guid(el, path)
            name = el.get("name")
            if name is None:
                self.problem("required attribute 'name' is missing on Code", path)
                name = ""
            code_path = f"{prefix}/{name}" if prefix else name
            row = dict(code=key, name=name, path=code_path, parent=parent, depth=depth,
                       colour=self._colour(el.get("color"), path, key),
                       codable=(el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                       description=child_text(el, "Description") or "")
            if key is not None:
                self.codes[key] = row
                self.rows["codes"].append(row)
            for note in children(el, "NoteRef"):
                self._note_ref(note, key)
            for j, sub in reversed(list(enumerate(children(el, "Code")))):
                stack.append((sub, key, depth + 1, code_path, f"{path}/Code[{j}]"))

    def _colour(self, raw: str | None, path: str, guid: str | None) -> str | None:
        if raw is None or not raw.strip():
            return None
        value = raw.strip()
        m = _HEX.match(value)
        if m:
            digits = m.group(1)
            if len(digits) == 3:
                digits = "".join(c * 2 for c in digits)
            if not value.startswith("#"):
                self.tolerate("colour_rgb", path, guid, f"color {raw!r} read as #{digits.upper()}")
            return f"#{digits.upper()}"
        rgb = _RGB.match(value)
        if rgb and all(0 <= int(x) <= 255 for x in rgb.groups()):
            out = "#" + "".join(f"{int(x):02X}" for x in rgb.groups())
            self.tolerate("colour_rgb", path, guid, f"color {raw!r} read as {out}")
            return out
        self.tolerate("colour_unreadable", path, guid, f"color {raw!r}")
        return None

    def _variables(self, variables: Element) -> None:
        for i, el in enumerate(children(variables, "Variable")):
            key = self.guid(el, f"Variables/Variable[{i}]")
            self.rows["variables"].append(dict(variable=key, name=el.get("name") or "",
                                               type=el.get("typeOfVariable") or "",
                                               description=child_text(el, "Description") or ""))

    def _variable_values(self, el: Element, owner: str | None, kind: str) -> None:
        names = {r["variable"]: r["name"] for r in self.rows["variables"]}
        for vv in children(el, "VariableValue"):
            ref = next(children(vv, "VariableRef"), None)
            var = guid_key(ref.get("targetGUID")) if ref is not None else None
            value = next((c.text or "" for c in vv if local(c.tag).endswith("Value")), "")
            self.rows["variable_values"].append(dict(owner=owner, owner_kind=kind, variable=var,
                                                     name=names.get(var or "", ""), value=value.strip()))

    # ------------------------------------------------------------------ sources
    def _sources(self, sources: Element) -> None:
        counts: dict[str, int] = {}
        for el in sources:
            kind = local(el.tag)
            i = counts.get(kind, 0)
            counts[kind] = i + 1
            path = f"Sources/{kind}[{i}]"
            if kind == "TextSource":
                self._text_source(el, path, "text", el)
            elif kind == "PDFSource":
                rep = next(children(el, "Representation"), None)
                self._text_source(el, path, "pdf", rep)
            elif kind in _MEDIA:
                self._text_source(el, path, _MEDIA[kind], None)

    def _text_source(self, el: Element, path: str, kind: str, text_el: Element | None) -> None:
        key = self.guid(el, path)
        text, text_path = self._text(text_el, path, key) if text_el is not None else (None, el.get("path") or "")
        if text is None:
            self.tolerate("no_plain_text", path, key, f"{kind} source {el.get('name') or key!r}")
        creator = self.user_name(guid_key(el.get("creatingUser")), path, key)
        self.rows["sources"].append(dict(
            source=key, name=el.get("name") or key or "", kind=kind, text_path=text_path, has_text=text is not None,
            n_characters=None if text is None else len(text), creator=creator or "",
            created=self.when(el, path, key), description=child_text(el, "Description") or ""))
        if key is None:
            return
        if text is not None:
            self.texts[key] = text
        self._variable_values(el, key, "source")
        for note in children(el, "NoteRef"):
            self._note_ref(note, key)
        holders = [el] if text_el is None or text_el is el else [el, text_el]
        for holder in holders:
            for j, sel in enumerate(children(holder, "PlainTextSelection")):
                self._selection(sel, f"{path}/PlainTextSelection[{j}]", key, text)
            for j, coding in enumerate(children(holder, "Coding")):  # a coding of the whole source
                row = dict(source=key, selection=None, start=0, end=len(text or ""), quote=text)
                self._coding(coding, f"{path}/Coding[{j}]", row, guid_key(el.get("creatingUser")))
        for sub in el:
            name = local(sub.tag)
            if name in _MEDIA_SELECTIONS:
                n = sum(1 for _ in children(sub, "Coding"))
                if n:
                    self.tolerate("non_text_coding", f"{path}/{name}", guid_key(sub.get("guid")),
                                  f"{n} coding(s) of a {name}")
            elif name == "Transcript":
                self.tolerate("transcript_not_read", f"{path}/Transcript", guid_key(sub.get("guid")),
                              f"transcript {sub.get('name') or ''!r}")

    def _text(self, el: Element, path: str, key: str | None) -> tuple[str | None, str]:
        inline = child_text(el, "PlainTextContent")
        text_path = el.get("plainTextPath") or ""
        if inline is not None:
            if text_path:
                self.tolerate("both_text_forms", path, key, f"plainTextPath {text_path!r} not read")
            return self._offsets(inline, path, key), ""
        if not text_path.startswith("internal://") or self.archive is None:
            return None, text_path
        name = text_path[len("internal://"):]
        why = unsafe_name(name)
        if why:
            self.problem(f"plainTextPath {text_path!r} {why}; refused (a zip-slip path)", path)
            return None, text_path
        member = self._member(name, path, key)
        if member is None:
            self.problem(f"plainTextPath {text_path!r}: no such file in the archive", path)
            return None, text_path
        try:
            text, bom = decode_text(self.archive.read(member), where(self.file, member))
        except CaseValidationError as err:
            self.problems.extend(err.problems)
            return None, text_path
        if bom:
            self.tolerate("byte_order_mark", path, key, "UTF-8 byte-order mark dropped", member=member)
        return self._offsets(text, path, key), text_path

    def _member(self, name: str, path: str, key: str | None) -> str | None:
        assert self.archive is not None
        for folder in ("sources/", "Sources/"):
            found = self.archive.find(folder + name)
            if found:
                return found
        base = name.replace("\\", "/").rsplit("/", 1)[-1]
        same = [m for m in self.archive.members if m.rsplit("/", 1)[-1] == base]
        if len(same) == 1:
            self.tolerate("internal_file_elsewhere", path, key, f"{name!r} read from {same[0]!r}")
            return same[0]
        return None

    def _offsets(self, text: str, path: str, key: str | None) -> str:
        mode = self.offsets
        if mode == "auto":
            mode = "crlf_as_one" if "atlas" in self.origin.lower() else "characters"
        if mode == "crlf_as_one" and "\r\n" in text:
            self.tolerate("crlf_as_one", path, key, f"{text.count(chr(13) + chr(10))} CR LF line break(s)")
            return text.replace("\r\n", "\n")
        return text

    def _utf16(self, text: str) -> list[int] | None:
        """Cumulative UTF-16 code units before each character (``None`` when none is beyond U+FFFF)."""
        if all(ord(c) <= 0xFFFF for c in text):
            return None
        out = [0]
        for c in text:
            out.append(out[-1] + (2 if ord(c) > 0xFFFF else 1))
        return out

    def _selection(self, sel: Element, path: str, source: str, text: str | None) -> None:
        key = self.guid(sel, path)
        start, end = self._position(sel, "startPosition", path), self._position(sel, "endPosition", path)
        if key is None or start is None or end is None:
            return
        if text is not None and self.offsets == "utf16":
            units = self._utf16(text)
            if units is not None:
                start, end = self._from_utf16(units, start, path), self._from_utf16(units, end, path)
                if start is None or end is None:
                    return
                self.tolerate("utf16_offsets", path, key, "UTF-16 positions converted to characters")
        if start > end:
            self.problem(f"startPosition {start} is after endPosition {end}", path)
            return
        if text is not None and end > len(text):
            self.problem(f"the selection ends at {end}, past the end of its text ({len(text)} characters)", path)
            return
        quote = text[start:end] if text is not None else None
        creator_guid = guid_key(sel.get("creatingUser"))
        self.selection_source[key] = source
        kids = grouped(sel)
        description = kids["Description"][0].text or "" if "Description" in kids else ""
        self.rows["selections"].append(dict(
            selection=key, source=source, start=start, end=end, quote=quote, name=sel.get("name") or "",
            creator=self.user_name(creator_guid, path, key) or "", created=self.when(sel, path, key),
            description=description))
        for note in kids.get("NoteRef", ()):
            self._note_ref(note, key)
        for j, coding in enumerate(kids.get("Coding", ())):
            row = dict(source=source, selection=key, start=start, end=end, quote=quote)
            self._coding(coding, f"{path}/Coding[{j}]", row, creator_guid)

    def _from_utf16(self, units: list[int], pos: int, path: str) -> int | None:
        i = bisect.bisect_left(units, pos)
        if i >= len(units) or units[i] != pos:
            self.problem(f"UTF-16 position {pos} falls inside a character or past the end of the text", path)
            return None
        return i

    def _position(self, sel: Element, attr: str, path: str) -> int | None:
        raw = sel.get(attr)
        if raw is None:
            self.problem(f"required attribute {attr!r} is missing", path)
            return None
        try:
            value = int(raw.strip())
        except ValueError:
            self.problem(f"{attr} {raw!r} is not a whole number", path)
            return None
        if value < 0:
            self.problem(f"{attr} {value} is negative", path)
            return None
        return value

    def _coding(self, coding: Element, path: str, row: dict[str, Any], selection_user: str | None) -> None:
        key = self.guid(coding, path)
        kids = grouped(coding)
        ref = kids["CodeRef"][0] if "CodeRef" in kids else None
        target = guid_key(ref.get("targetGUID")) if ref is not None else None
        if target is None:
            self.problem("a Coding needs a CodeRef with a targetGUID", path)
            return
        user = guid_key(coding.get("creatingUser"))
        if user is None and selection_user is not None:
            self.tolerate("coder_from_selection", path, key, "coder taken from the selection")
            user = selection_user
        elif user is None and self.project_user is not None:
            self.tolerate("coder_from_project", path, key, "coder taken from the project")
            user = self.project_user
        elif user is None:
            self.tolerate("coder_unknown", path, key, "no creating user")
        coder = self.user_name(user, path, key) or "unspecified"
        self.raw_codings.append(({**row, "coding": key, "coder": coder, "created": self.when(coding, path, key)},
                                 target, path))
        for note in kids.get("NoteRef", ()):
            self._note_ref(note, key)

    def _resolve_codings(self) -> None:
        names = {r["source"]: r["name"] for r in self.rows["sources"]}
        for row, target, path in self.raw_codings:
            code = self.codes.get(target)
            if code is not None:
                self.rows["codings"].append({**row, "source_name": names.get(row["source"], ""), "code": target,
                                             "code_name": code["name"], "code_path": code["path"]})
            elif target in self.cases:
                self.tolerate("case_coding", path, row["coding"], f"CodeRef names case {target}")
                self.rows["case_members"].append(dict(case=target, source=row["source"], selection=row["selection"]))
            else:
                self.problem(f"CodeRef targetGUID {target} names no code in the codebook", path)

    # ------------------------------------------------------------------ cases, notes, sets
    def _cases(self, cases: Element) -> None:
        for i, el in enumerate(children(cases, "Case")):
            path = f"Cases/Case[{i}]"
            key = self.guid(el, path)
            if key is None:
                continue
            self.cases.add(key)
            self.rows["cases"].append(dict(case=key, name=el.get("name") or "",
                                           description=child_text(el, "Description") or ""))
            self._variable_values(el, key, "case")
            for ref in children(el, "SourceRef"):
                self.rows["case_members"].append(dict(case=key, source=guid_key(ref.get("targetGUID")),
                                                      selection=None))
            for ref in children(el, "SelectionRef"):
                sel = guid_key(ref.get("targetGUID"))
                if sel not in self.selection_source:
                    self.problem(f"SelectionRef {sel} names no plain-text selection", path)
                    continue
                self.rows["case_members"].append(dict(case=key, source=self.selection_source[sel], selection=sel))

    def _notes(self, notes: Element) -> None:
        for i, el in enumerate(children(notes, "Note")):
            path = f"Notes/Note[{i}]"
            key = self.guid(el, path)
            text, _ = self._text(el, path, key)
            self.rows["notes"].append(dict(
                note=key, name=el.get("name") or "", text=text or "",
                creator=self.user_name(guid_key(el.get("creatingUser")), path, key) or "",
                created=self.when(el, path, key)))

    def _note_ref(self, el: Element, target: str | None) -> None:
        note = guid_key(el.get("targetGUID"))
        if note is not None and target is not None:
            self.rows["note_links"].append(dict(note=note, target=target))

    def _sets(self, sets: Element) -> None:
        for i, el in enumerate(children(sets, "Set")):
            key = self.guid(el, f"Sets/Set[{i}]")
            for tag, kind in (("MemberCode", "code"), ("MemberSource", "source"), ("MemberNote", "note")):
                for m in children(el, tag):
                    self.rows["sets"].append(dict(set=key, name=el.get("name") or "",
                                                  member=guid_key(m.get("targetGUID")), member_kind=kind))


def _project_member(archive: Archive, rows: list[dict[str, Any]]) -> str:
    """The archive's project file: ``project.qde``, else its only ``.qde`` file (reported)."""
    if archive.find("project.qde"):
        return "project.qde"
    qde = sorted(m for m in archive.members if m.lower().endswith(".qde"))
    if len(qde) == 1:
        rows.append(dict(member=qde[0], element="", guid="", action="mended", reason="project_file_name",
                         detail=f"project file {qde[0]!r} read"))
        return qde[0]
    if not qde:
        raise CaseValidationError([Problem("the archive holds no .qde project file (expected project.qde)",
                                           file=archive.name)])
    raise CaseValidationError([Problem(
        f"the archive holds {len(qde)} .qde files and none is named project.qde: {', '.join(qde)}",
        file=archive.name)])


def read_qdpx(
    path: str | Path,
    *,
    offsets: Offsets = "auto",
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_bytes: int = Limits.max_bytes,
    max_unpacked: int = Limits.max_unpacked,
    max_members: int = Limits.max_members,
    max_ratio: float = Limits.max_ratio,
) -> QdaProject:
    """Read a REFI-QDA project (``.qdpx``, as NVivo, ATLAS.ti, MAXQDA and QualCoder export it).

    The archive is read in memory, never extracted; its XML is parsed with
    `defusedxml <https://pypi.org/project/defusedxml/>`_ (no entity expansion,
    no external entities), and every member within the limits. Known dialects are
    read as the standard means them, and each tolerance applied is a row of
    :attr:`QdaProject.report` (see :data:`~sistercity.qda.REPORT_REASONS`).

    Parameters
    ----------
    path
        The ``.qdpx`` file.
    offsets
        How selection positions count characters. ``"characters"``: Unicode
        characters of the plain text as stored, a Windows line break (CR LF) being
        two (the standard; NVivo and QualCoder count so). ``"crlf_as_one"``: a CR LF
        counts as one (ATLAS.ti). ``"utf16"``: UTF-16 code units (a character beyond
        U+FFFF, such as an emoji, counts as two). ``"auto"`` (default):
        ``"crlf_as_one"`` for a project whose ``origin`` names ATLAS.ti, else
        ``"characters"``.
    max_depth
        Deepest code tree read (default 100 levels).
    max_bytes, max_unpacked, max_members, max_ratio
        Bounds on the archive: its size on disk (512 MiB), what all members unpack
        to (1 GiB), how many members (10,000), and the compression ratio of any member
        over 1 MiB (100).

    Returns
    -------
    QdaProject

    Raises
    ------
    CaseValidationError
        Every problem found, each naming the archive member
        (``project.qdpx[project.qde]``) and the element: not a zip archive, limits
        exceeded, unsafe member names (zip-slip), XML entities or external
        references, bad XML, no project file, missing required attributes,
        duplicate GUIDs, a code tree deeper than ``max_depth``, a selection past
        the end of its text, a CodeRef to nothing.
    ArgumentError, ArgumentTypeError
        For a bad ``offsets``, limit or ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets, qda
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bogor.qdpx"
    >>> _ = qda.write_qdpx(datasets.load("bogor-kisarazu"), path)
    >>> p = qda.read_qdpx(path)
    >>> list(p.codings.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['coding', 'source', 'source_name', 'selection', 'start', 'end', 'quote', 'code', 'code_name',
     'code_path', 'coder', 'created']
    """
    mode = choice("offsets", offsets, OFFSETS)
    depth = positive_int("max_depth", max_depth)
    limits = Limits(positive_int("max_bytes", max_bytes), positive_int("max_unpacked", max_unpacked),
                    positive_int("max_members", max_members), _ratio(max_ratio))
    with open_archive(path, limits) as archive:
        report: list[dict[str, Any]] = []
        member = _project_member(archive, report)
        root = parse_xml(archive.read(member), where(archive.name, member))
        reader = _Reader(archive, archive.name, member, mode, depth)
        reader.rows["report"].extend(report)
        reader.run(root)
    if reader.problems:
        raise CaseValidationError(reader.problems)
    tables = {name: frame(name, rows) for name, rows in reader.rows.items()}
    return QdaProject(name=root.get("name") or "", origin=reader.origin, file=archive.name,
                      texts=types.MappingProxyType(dict(reader.texts)), **tables)


def _ratio(value: object) -> float:
    from sistercity._args import finite_float

    return finite_float("max_ratio", value, minimum=1.0)
