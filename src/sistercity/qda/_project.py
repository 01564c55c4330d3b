"""The project read from a REFI-QDA archive: :class:`QdaProject` and its table columns (private)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

COLUMNS: dict[str, dict[str, str]] = {
    "users": {"user": "str", "name": "str", "id": "str"},
    "codes": {"code": "str", "name": "str", "path": "str", "parent": "str", "depth": "int64",
              "colour": "str", "codable": "bool", "description": "str"},
    "sources": {"source": "str", "name": "str", "kind": "str", "text_path": "str", "has_text": "bool",
                "n_characters": "Int64", "creator": "str", "created": "datetime64[s, UTC]", "description": "str"},
    "selections": {"selection": "str", "source": "str", "start": "int64", "end": "int64", "quote": "str",
                   "name": "str", "creator": "str", "created": "datetime64[s, UTC]", "description": "str"},
    "codings": {"coding": "str", "source": "str", "source_name": "str", "selection": "str", "start": "int64",
                "end": "int64", "quote": "str", "code": "str", "code_name": "str", "code_path": "str",
                "coder": "str", "created": "datetime64[s, UTC]"},
    "cases": {"case": "str", "name": "str", "description": "str"},
    "case_members": {"case": "str", "source": "str", "selection": "str"},
    "variables": {"variable": "str", "name": "str", "type": "str", "description": "str"},
    "variable_values": {"owner": "str", "owner_kind": "str", "variable": "str", "name": "str", "value": "str"},
    "notes": {"note": "str", "name": "str", "text": "str", "creator": "str", "created": "datetime64[s, UTC]"},
    "note_links": {"note": "str", "target": "str"},
    "sets": {"set": "str", "name": "str", "member": "str", "member_kind": "str"},
    "report": {"member": "str", "element": "str", "guid": "str", "action": "category", "reason": "category",
               "detail": "str"},
}
"""Every table of a :class:`QdaProject`: column name -> dtype, in order."""

REPORT_REASONS: dict[str, tuple[str, str]] = {
    "project_file_name": ("mended", "the project file is not named project.qde (ATLAS.ti names it after the "
                          "project); the archive's only .qde file was read"),
    "no_namespace": ("mended", "the XML is not in the REFI-QDA namespace urn:QDA-XML:project:1.0; "
                     "elements were read by their names"),
    "colour_rgb": ("mended", "a colour written as RGB ('255,0,0', 'rgb(255, 0, 0)' or hex without '#') "
                   "read as #RRGGBB"),
    "colour_unreadable": ("incomplete", "a colour that is neither #RRGGBB nor RGB; left missing"),
    "crlf_as_one": ("mended", "positions count a Windows line break (CR LF) as one character (ATLAS.ti); the "
                    "text is kept with LF line breaks so that the positions index it"),
    "utf16_offsets": ("mended", "positions read as UTF-16 code units (offsets='utf16') and converted to "
                      "characters"),
    "byte_order_mark": ("mended", "a UTF-8 byte-order mark at the start of a plain-text file was dropped; "
                        "positions count from the first character after it"),
    "internal_file_elsewhere": ("mended", "an internal:// file was not in the sources folder; the archive's "
                                "only member of that name was read"),
    "both_text_forms": ("mended", "a source gives both PlainTextContent and plainTextPath (the standard "
                        "allows one); the inline PlainTextContent was read"),
    "coder_from_selection": ("mended", "a coding names no creating user; the selection's creating user "
                             "is its coder"),
    "coder_from_project": ("mended", "neither a coding nor its selection names a creating user; the "
                           "project's creating user is its coder"),
    "coder_unknown": ("incomplete", "no creating user anywhere: the coder is 'unspecified'"),
    "user_unknown": ("incomplete", "a creating user that the Users list does not name; the coder is its GUID"),
    "case_coding": ("mended", "a coding whose CodeRef names a case, not a code (NVivo codes a case's text so); "
                    "read as the case's selection"),
    "datetime_unreadable": ("incomplete", "a creationDateTime that is not an xsd:dateTime; left missing"),
    "no_plain_text": ("incomplete", "a source with no plain-text twin (a picture, audio or video file, a PDF "
                      "without a text representation, rich text only, or a file outside the archive): kept, "
                      "its text and quotes missing"),
    "non_text_coding": ("skipped", "a coding of a picture, PDF-area, audio or video selection: not a text "
                        "segment, not in the codings table"),
    "transcript_not_read": ("skipped", "an audio or video transcript (synchronised by time): not read"),
    "links_not_read": ("skipped", "Links between codes, selections and notes: not read"),
    "graphs_not_read": ("skipped", "Graphs (visual models): not read"),
}
"""Every reason in :attr:`QdaProject.report`: ``reason: (action, description)``.

``mended``: a known dialect or slip was read as the standard means it;
``incomplete``: the record is kept with a value missing; ``skipped``: a kind of
record this library does not read (it is counted here, never dropped silently)."""


def frame(table: str, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A table of :data:`COLUMNS` ``[table]`` from row dicts, with its fixed columns and dtypes."""
    spec = COLUMNS[table]
    data: dict[str, Any] = {}
    for col, dtype in spec.items():
        values = [row.get(col) for row in rows]
        if dtype == "category":
            cats = sorted({str(v) for v in values}) if col != "reason" else list(REPORT_REASONS)
            if col == "action":
                cats = ["mended", "incomplete", "skipped"]
            data[col] = pd.Categorical(values, categories=cats)
        elif dtype.startswith("datetime64"):
            stamps: Any = pd.to_datetime(pd.Series(values, dtype=object), utc=True)
            data[col] = stamps.astype(dtype)
        elif dtype == "str":
            data[col] = pd.Series(values, dtype="str")
        else:
            data[col] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(spec))


@dataclass(frozen=True, eq=False)
class QdaProject:
    """A REFI-QDA project as tables: what a QDA program exported, read defensively.

    Build it with :func:`~sistercity.qda.read_qdpx`. Keys are the project's GUIDs
    (lower case, without braces); names travel beside them. Treat the tables as
    read-only. Every table's columns and dtypes are fixed (:data:`COLUMNS`), also
    when it is empty.

    Attributes
    ----------
    name, origin : str
        The project's name and the program that wrote it (``origin``; may be empty).
    file : str
        The archive read.
    users : DataFrame
        ``user`` (GUID), ``name``, ``id``.
    codes : DataFrame
        The code tree: ``code``, ``name``, ``path`` (names from the root, joined by
        ``/``), ``parent`` (missing at the root), ``depth`` (0 at the root),
        ``colour`` (``#RRGGBB``, missing when none or unreadable), ``codable``,
        ``description``.
    sources : DataFrame
        ``source``, ``name``, ``kind`` (``text``, ``pdf``, ``picture``, ``audio``,
        ``video``), ``text_path`` (``internal://...`` or empty for inline text),
        ``has_text``, ``n_characters``, ``creator``, ``created``, ``description``.
    selections : DataFrame
        Plain-text selections: ``selection``, ``source``, ``start``, ``end`` (character
        positions: 0-based, ``end`` exclusive, so ``quote == text[start:end]``),
        ``quote`` (missing when the source has no text), ``name``, ``creator``,
        ``created``, ``description``.
    codings : DataFrame
        One row per coding (selection × code × user): ``coding``, ``source``,
        ``source_name``, ``selection`` (missing for a coding of a whole source),
        ``start``, ``end``, ``quote``, ``code``, ``code_name``, ``code_path``,
        ``coder`` (the user's name), ``created``.
    cases, case_members : DataFrame
        Cases (``case``, ``name``, ``description``) and what they hold (``case``,
        ``source``, ``selection``; ``selection`` missing for a whole source).
    variables, variable_values : DataFrame
        Variables (``variable``, ``name``, ``type``, ``description``) and their values
        on cases and sources (``owner``, ``owner_kind`` ``case`` or ``source``,
        ``variable``, ``name``, ``value`` as text).
    notes, note_links : DataFrame
        Notes (memos: ``note``, ``name``, ``text``, ``creator``, ``created``) and what
        they are attached to (``note``, ``target`` GUID).
    sets : DataFrame
        ``set``, ``name``, ``member`` (GUID), ``member_kind`` (``code``, ``source``, ``note``).
    report : DataFrame
        Every tolerance applied and everything not read: ``member`` (of the archive),
        ``element`` (its path in the XML), ``guid``, ``action`` (``mended``,
        ``incomplete``, ``skipped``), ``reason`` (:data:`REPORT_REASONS`), ``detail``.
    texts : Mapping
        Source GUID -> its plain text (sources with text only).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets, qda
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bogor.qdpx"
    >>> _ = qda.write_qdpx(datasets.load("bogor-kisarazu"), path)
    >>> project = qda.read_qdpx(path)
    >>> project
    QdaProject('bogor-kisarazu', sources=15, codes=102, codings=122, coders=2, report=0 rows)
    >>> row = project.codings.iloc[0]
    >>> project.text(row.source)[row.start:row.end] == row.quote
    True
    """

    name: str
    origin: str
    file: str
    users: pd.DataFrame
    codes: pd.DataFrame
    sources: pd.DataFrame
    selections: pd.DataFrame
    codings: pd.DataFrame
    cases: pd.DataFrame
    case_members: pd.DataFrame
    variables: pd.DataFrame
    variable_values: pd.DataFrame
    notes: pd.DataFrame
    note_links: pd.DataFrame
    sets: pd.DataFrame
    report: pd.DataFrame
    texts: Mapping[str, str] = field(repr=False)

    def __repr__(self) -> str:
        n = len(self.report)
        return (f"QdaProject({self.name!r}, sources={len(self.sources)}, codes={len(self.codes)}, "
                f"codings={len(self.codings)}, coders={self.codings['coder'].nunique()}, "
                f"report={n} row{'s' if n != 1 else ''})")

    def text(self, source: str) -> str:
        """The plain text of a source, by GUID or by name (``KeyError`` if it has none).

        Parameters
        ----------
        source
            The source's GUID, or its name when that is unique.

        Returns
        -------
        str

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from sistercity import datasets, qda
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "bogor.qdpx"
        >>> _ = qda.write_qdpx(datasets.load("bogor-kisarazu"), path)
        >>> qda.read_qdpx(path).text("thesis").splitlines()[0]
        'Implementasi Kerjasama Sister City antara Kota Bogor dan Kota Kisarazu periode 2016-2018'
        """
        key = source.strip("{}").lower()
        if key in self.texts:
            return self.texts[key]
        named = self.sources.loc[self.sources["name"] == source, "source"].tolist()
        if len(named) == 1 and named[0] in self.texts:
            return self.texts[named[0]]
        if len(named) > 1:
            raise KeyError(f"{len(named)} sources are named {source!r}; give the GUID")
        raise KeyError(f"no source with text has the GUID or name {source!r}")

    def summary(self) -> pd.DataFrame:
        """Codings per code and coder: ``code_path``, ``coder``, ``n_codings``, ``n_sources``.

        Returns
        -------
        DataFrame
            Sorted by code path and coder.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from sistercity import datasets, qda
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "bogor.qdpx"
        >>> _ = qda.write_qdpx(datasets.load("bogor-kisarazu"), path)
        >>> s = qda.read_qdpx(path).summary()
        >>> s.loc[s["code_path"] == "Commitments/student-exchange/3 full", ["coder", "n_codings"]].values.tolist()
        [['sistercity-codebook', 2]]
        """
        c = self.codings
        out = (c.groupby(["code_path", "coder"], sort=True, observed=True)
               .agg(n_codings=("coding", "size"), n_sources=("source", "nunique")).reset_index())
        return out.astype({"n_codings": "int64", "n_sources": "int64"})
