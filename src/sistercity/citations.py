"""A case's sources as BibTeX and CSL-JSON, for the bibliography of a thesis.

The citation key of every entry is the source's id, the id the case's evidence uses
and the anchor of the source in the HTML report (``#src-<id>``), so a thesis that
cites ``\\cite{rmol-2016-11-19}`` and the report's source list name the same document.
Entries come in the order of ``case.sources``, the order in which the report numbers
them.

* :func:`to_bibtex` — a ``.bib`` file's text, for biblatex (with biber) or classic
  BibTeX (natbib): entry types and fields both understand where they exist;
* :func:`csl_items`, :func:`to_csl_json` — CSL-JSON items, for Zotero, pandoc
  (``--citeproc``), Quarto and any CSL processor;
* :func:`write_sources` — either, to a file, the format from its suffix;
* :func:`bibtex_escape` — the escaping of field text, for anyone writing more fields.

What each field holds
---------------------

| Source | BibTeX | CSL-JSON |
|---|---|---|
| ``id`` | the citation key | ``id`` |
| ``kind`` | the entry type (:data:`BIBTEX_TYPES`) | ``type`` (:data:`CSL_TYPES`) |
| ``title`` | ``title``, its capitals protected | ``title`` |
| ``author`` | ``author``, one name as written | ``author: [{"literal": ...}]`` |
| ``date``, else ``year`` | ``year``, ``month``, ``date`` (ISO, partial) | ``issued``: ``date-parts``, 1 to 3 parts |
| ``publisher`` | by entry type: ``school``, ``institution``, ``journal``, ... | ``container-title`` or ``publisher`` |
| ``url`` | ``url`` | ``URL`` |
| ``language`` | ``language``: its English name | ``language``: the code |
| ``cited_in`` | ``note``: "Known through" and that source's title | ``note`` |
| ``note`` | ``annote`` | ``annote`` |

Choices, each documented where it is made:

* **Names.** A source's ``author`` is one name as the source gives it: an
  institution ("Bagian Kerjasama Sekretariat Kota Bogor") or a person whose name
  has no family-name part to invert ("Yayan Sopyani Al Hadi"). It is exported as a
  literal name (BibTeX ``{{...}}``, CSL ``literal``), which styles print as written,
  never inverted, abbreviated or split at "and".
* **Dates.** A partial date keeps its precision: ``2016`` is ``year = {2016}`` and
  ``date-parts: [[2016]]``, never a first of January. The ``date`` wins over
  ``year`` when both are given, as in the report.
* **Titles** are wrapped in an extra pair of braces: a style's sentence or title
  casing must not change "Kota Bogor" or "LoI".
* **Unicode** is written as is (UTF-8): biber reads it, and LaTeX reads UTF-8 input
  by default since 2018. LaTeX's special characters are escaped (:func:`bibtex_escape`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Final, Literal

from sistercity._args import choice
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.model import Case, Source
from sistercity.vocab import SourceKind

__all__ = [
    "BIBTEX_TYPES",
    "CSL_TYPES",
    "FORMATS",
    "SUFFIXES",
    "CitationFormat",
    "bibtex_escape",
    "csl_items",
    "to_bibtex",
    "to_csl_json",
    "write_sources",
]

CitationFormat = Literal["bibtex", "csl-json"]
"""A bibliography format: ``"bibtex"`` or ``"csl-json"``."""

FORMATS: Final[tuple[CitationFormat, ...]] = ("bibtex", "csl-json")
"""The formats :func:`write_sources` writes."""

SUFFIXES: Final[Mapping[str, CitationFormat]] = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csl-json"}
"""The file suffixes :func:`write_sources` recognises, and the format each means."""

BIBTEX_TYPES: Final[Mapping[SourceKind, str]] = {
    "thesis": "mastersthesis",
    "report": "techreport",
    "news": "article",
    "web_page": "online",
    "interview": "misc",
    "legal_text": "misc",
    "book": "book",
    "article": "article",
    "dataset": "dataset",
    "other": "misc",
}
"""The BibTeX entry type of each source kind.

A thesis is ``@mastersthesis`` with ``type = {Thesis}``: classic BibTeX has no
neutral thesis type, and biblatex reads ``@mastersthesis`` as ``@thesis``, whose
``type`` overrides the "Master's thesis" label, so neither prints a degree the case
does not state. A report is ``@techreport`` with ``type = {Report}`` for the same
reason. News is ``@article`` (biblatex ``entrysubtype = {newspaper}``); a web page is
biblatex's ``@online`` and a dataset its ``@dataset`` (classic BibTeX styles print
them as ``@misc``); an interview and a legal text are ``@misc`` with a ``type``.
"""

CSL_TYPES: Final[Mapping[SourceKind, str]] = {
    "thesis": "thesis",
    "report": "report",
    "news": "article-newspaper",
    "web_page": "webpage",
    "interview": "interview",
    "legal_text": "legislation",
    "book": "book",
    "article": "article-journal",
    "dataset": "dataset",
    "other": "document",
}
"""The CSL item type of each source kind (CSL 1.0.2 types)."""

_BIBTEX_PUBLISHER: Final[Mapping[str, str]] = {
    "mastersthesis": "school", "techreport": "institution", "article": "journal", "online": "organization",
    "book": "publisher", "dataset": "publisher", "misc": "howpublished",
}
_BIBTEX_TYPE_LABEL: Final[Mapping[SourceKind, str]] = {
    "thesis": "Thesis", "report": "Report", "interview": "Interview", "legal_text": "Legal text",
}
_CSL_CONTAINER_KINDS: Final = frozenset({"news", "article", "web_page"})
_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_SPECIALS: Final[Mapping[str, str]] = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_ESCAPE = re.compile("|".join(re.escape(c) for c in _SPECIALS))
# A URL is a verbatim field (biblatex, \url): only characters no URL holds unencoded and that
# would unbalance the field's braces are percent-encoded, which names the same resource.
_URL_ENCODE: Final = {"{": "%7B", "}": "%7D", "\\": "%5C"}


def bibtex_escape(text: str) -> str:
    r"""``text`` as a BibTeX field value that prints exactly ``text``.

    LaTeX's special characters become the commands that print them: ``\ { } % & $
    # _ ^ ~ < > |``. Braces become ``\textbraceleft{}`` and ``\textbraceright{}``
    rather than ``\{`` and ``\}``, because BibTeX counts a brace after a backslash
    too, and one unmatched brace would end the field early. Runs of white space
    (line breaks included) become one space, since a blank line inside a field is a
    paragraph break to LaTeX. A control character, which TeX cannot print, is written
    as its code point (``<U+001B>``), visibly rather than dropped. Other Unicode text
    is kept as it is.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str
        The escaped text; its braces are balanced.

    Raises
    ------
    ArgumentTypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> print(bibtex_escape("R&D: 50% {pilot} in Kisarazu_2017 — \\o/"))
    R\&D: 50\% \textbraceleft{}pilot\textbraceright{} in Kisarazu\_2017 — \textbackslash{}o/
    """
    if not isinstance(text, str):
        raise ArgumentTypeError(f"text must be a str, got {type(text).__name__}")
    text = " ".join(text.split())
    text = _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return _ESCAPE.sub(lambda m: _SPECIALS[m.group()], text)


def _bibtex_url(url: str) -> str:
    return "".join(_URL_ENCODE.get(ch, ch) for ch in url)


def _language_name(code: str) -> str:
    """The English name of a BCP 47 language code (``id`` -> ``Indonesian``); the code if Babel has none."""
    from babel import Locale

    base = code.split("-")[0]
    return str(Locale("en").languages.get(base, code))


def _check_case(case: object) -> Case:
    if not isinstance(case, Case):
        raise ArgumentTypeError(f"case must be a sistercity.Case, got {type(case).__name__}")
    return case


def _known_through(case: Case, source: Source) -> str | None:
    if source.cited_in is None:
        return None
    return f"Known through {case.source(source.cited_in).title}."


def _bibtex_entry(case: Case, s: Source) -> str:
    entry_type = BIBTEX_TYPES[s.kind]
    fields: list[tuple[str, str]] = [("title", "{{" + bibtex_escape(s.title) + "}}")]
    if s.author:
        fields.append(("author", "{{" + bibtex_escape(s.author) + "}}"))
    if s.date is not None:
        fields.append(("year", f"{{{s.date.year}}}"))
        if s.date.month is not None:
            fields.append(("month", _MONTHS[s.date.month - 1]))  # a macro every style defines
        fields.append(("date", f"{{{s.date}}}"))
    elif s.year is not None:
        fields.append(("year", f"{{{s.year}}}"))
        fields.append(("date", f"{{{s.year:04d}}}"))
    if s.publisher:
        fields.append((_BIBTEX_PUBLISHER[entry_type], "{" + bibtex_escape(s.publisher) + "}"))
    if s.kind in _BIBTEX_TYPE_LABEL:
        fields.append(("type", "{" + _BIBTEX_TYPE_LABEL[s.kind] + "}"))
    if s.kind == "news":
        fields.append(("entrysubtype", "{newspaper}"))
    if s.url:
        fields.append(("url", "{" + _bibtex_url(s.url) + "}"))
    if s.language:
        fields.append(("language", "{" + bibtex_escape(_language_name(s.language)) + "}"))
    via = _known_through(case, s)
    if via:
        fields.append(("note", "{" + bibtex_escape(via) + "}"))
    if s.note:
        fields.append(("annote", "{" + bibtex_escape(s.note) + "}"))
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@{entry_type}{{{s.id},\n{body}}}\n"


def to_bibtex(case: Case) -> str:
    """A case's sources as the text of a BibTeX (``.bib``) file.

    One entry a source, in the order of ``case.sources``, keyed by the source's id;
    see the module's documentation for what each field holds.

    Parameters
    ----------
    case
        The case.

    Returns
    -------
    str
        The ``.bib`` text (UTF-8 when written), entries separated by a blank line.

    Raises
    ------
    ArgumentTypeError
        If ``case`` is not a :class:`~sistercity.Case`.

    Examples
    --------
    >>> from sistercity import datasets
    >>> bib = to_bibtex(datasets.load("bogor-kisarazu"))
    >>> print(bib[bib.index("@article{rmol"):].split("\\n\\n")[0])
    @article{rmol-2016-11-19,
      title = {{Kota Bogor dan Kota Kisarazu Ikat Kerja Sama}},
      author = {{Yayan Sopyani Al Hadi}},
      year = {2016},
      month = nov,
      date = {2016-11-19},
      journal = {RMOL (Rakyat Merdeka Online)},
      entrysubtype = {newspaper},
      url = {https://rmol.id/amp/2016/11/19/269051/kota-bogor-dan-kota-kisarazu-ikat-kerja-sama},
      language = {Indonesian},
    }
    """
    c = _check_case(case)
    return "\n".join(_bibtex_entry(c, s) for s in c.sources)


def _csl_item(case: Case, s: Source) -> dict[str, Any]:
    item: dict[str, Any] = {"id": s.id, "type": CSL_TYPES[s.kind], "title": s.title}
    if s.author:
        item["author"] = [{"literal": s.author}]
    if s.date is not None:
        parts = [p for p in (s.date.year, s.date.month, s.date.day) if p is not None]
        item["issued"] = {"date-parts": [parts]}
    elif s.year is not None:
        item["issued"] = {"date-parts": [[s.year]]}
    if s.publisher:
        item["container-title" if s.kind in _CSL_CONTAINER_KINDS else "publisher"] = s.publisher
    if s.kind in ("thesis", "report"):
        item["genre"] = _BIBTEX_TYPE_LABEL[s.kind]
    if s.url:
        item["URL"] = s.url
    if s.language:
        item["language"] = s.language
    via = _known_through(case, s)
    if via:
        item["note"] = via
    if s.note:
        item["annote"] = s.note
    return item


def csl_items(case: Case) -> list[dict[str, Any]]:
    """A case's sources as CSL-JSON items (dictionaries ready for :func:`json.dumps`).

    Parameters
    ----------
    case
        The case.

    Returns
    -------
    list of dict
        One item a source, in the order of ``case.sources``; ``id`` is the source's
        id, ``issued`` holds ``date-parts`` with as many parts (1 to 3) as the source
        gives.

    Raises
    ------
    ArgumentTypeError
        If ``case`` is not a :class:`~sistercity.Case`.

    Examples
    --------
    >>> from sistercity import datasets
    >>> items = {i["id"]: i for i in csl_items(datasets.load("bogor-kisarazu"))}
    >>> items["laporan-2016"]["type"], items["laporan-2016"]["issued"]
    ('report', {'date-parts': [[2016]]})
    >>> items["rmol-2016-11-19"]["issued"], items["rmol-2016-11-19"]["container-title"]
    ({'date-parts': [[2016, 11, 19]]}, 'RMOL (Rakyat Merdeka Online)')
    """
    c = _check_case(case)
    return [_csl_item(c, s) for s in c.sources]


def to_csl_json(case: Case) -> str:
    """A case's sources as the text of a CSL-JSON file (:func:`csl_items`, indented, UTF-8 kept).

    Parameters
    ----------
    case
        The case.

    Returns
    -------
    str
        A JSON array, ending with a line break.

    Raises
    ------
    ArgumentTypeError
        If ``case`` is not a :class:`~sistercity.Case`.

    Examples
    --------
    >>> import json
    >>> from sistercity import datasets
    >>> case = datasets.load("bogor-kisarazu")
    >>> [item["id"] for item in json.loads(to_csl_json(case))] == [s.id for s in case.sources]
    True
    """
    return json.dumps(csl_items(case), indent=2, ensure_ascii=False) + "\n"


def write_sources(case: Case, path: str | PathLike[str], format: CitationFormat | None = None) -> Path:
    """Write a case's sources to a bibliography file.

    Parameters
    ----------
    case
        The case.
    path
        Where to write (UTF-8).
    format
        ``"bibtex"`` or ``"csl-json"``; ``None`` (the default) takes it from the
        suffix of ``path`` (:data:`SUFFIXES`: ``.bib`` or ``.bibtex``, ``.json``).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ArgumentError
        If ``format`` is not one of :data:`FORMATS`, or is ``None`` and the suffix
        names none.
    ArgumentTypeError
        If ``case`` is not a :class:`~sistercity.Case` or ``path`` not a path.
    OSError
        If the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets
    >>> case = datasets.load("bogor-kisarazu")
    >>> path = write_sources(case, pathlib.Path(tempfile.mkdtemp()) / "refs.bib")
    >>> text = path.read_text(encoding="utf-8")
    >>> sum(line.startswith("@") for line in text.splitlines()) == len(case.sources)
    True
    """
    c = _check_case(case)
    if not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}")
    p = Path(path)
    if format is None:
        fmt = SUFFIXES.get(p.suffix.lower())
        if fmt is None:
            raise ArgumentError(f"cannot tell the format from the suffix of {str(p)!r}: use "
                                f"{', '.join(SUFFIXES)} or give format ({', '.join(FORMATS)})")
    else:
        fmt = choice("format", format, FORMATS)
    p.write_text(to_bibtex(c) if fmt == "bibtex" else to_csl_json(c), encoding="utf-8")
    return p
