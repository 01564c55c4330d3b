"""Reading many case files at once: :func:`read_cases` (private)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sistercity.cases._set import CaseSet, build
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.io import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES, Document, read_document
from sistercity.model import Case

__all__ = ["CASE_FILE_SUFFIXES", "read_cases"]

CASE_FILE_SUFFIXES = (".yaml", ".yml", ".json")
"""The endings of the files :func:`read_cases` reads from a folder."""


def _paths(folder_or_paths: object) -> list[Path]:
    if isinstance(folder_or_paths, str | Path):
        p = Path(folder_or_paths)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in CASE_FILE_SUFFIXES and f.is_file())
            if not found:
                raise ArgumentError(f"no case files ({', '.join(CASE_FILE_SUFFIXES)}) in the folder {str(p)!r}")
            return found
        return [p]
    if isinstance(folder_or_paths, bytes) or not isinstance(folder_or_paths, Iterable):
        raise ArgumentTypeError(f"folder_or_paths must be a folder, a file or an iterable of files; got "
                                f"{type(folder_or_paths).__name__}")
    out: list[Path] = []
    for item in folder_or_paths:
        if not isinstance(item, str | Path):
            raise ArgumentTypeError(f"each path must be a str or pathlib.Path; got {type(item).__name__}")
        out.append(Path(item))
    if not out:
        raise ArgumentError("folder_or_paths names no file")
    return out


def read_cases(
    folder_or_paths: str | Path | Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> CaseSet:
    """Read many case files into a :class:`CaseSet`, validating them together.

    Every file is read (as :func:`sistercity.io.read_case` reads one) before anything
    is refused, and then the set is checked as a whole: case ids are unique (they
    label the cases), and the cases' own vocabularies agree (see
    :mod:`sistercity.cases`). Ids of records are per case: two cases may both have a
    commitment ``edu``.

    Parameters
    ----------
    folder_or_paths : str, Path, or iterable of them
        A folder (every ``.yaml``, ``.yml`` and ``.json`` file directly in it, in
        name order), one file, or several files (in the order given).
    max_bytes, max_depth, max_nodes
        Limits for each file; see :mod:`sistercity.io`.

    Returns
    -------
    CaseSet
        The cases labelled by their ``id``, in file order.

    Raises
    ------
    CaseValidationError
        With every problem of every file at once, each naming its file (and line
        where known): unreadable files, bad syntax, invalid cases, a case id used by
        an earlier file, vocabulary clashes between cases.
    sistercity.ArgumentError
        For a folder with no case file, or no path at all.
    sistercity.ArgumentTypeError
        For something other than paths.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from sistercity import datasets
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ["bogor-kisarazu", "bandung-suwon"]:
    ...     _ = datasets.load(name).to_yaml(d / f"{name}.yaml")
    >>> read_cases(d).labels
    ('bandung-suwon', 'bogor-kisarazu')
    >>> _ = (d / "broken.yaml").write_text("id: broken\\ntitle: Broken\\nactors: 3\\n", encoding="utf-8")
    >>> _ = datasets.load("bandung-suwon").to_yaml(d / "copy.yaml")
    >>> try:
    ...     read_cases(d)
    ... except CaseValidationError as err:
    ...     for p in err.problems:
    ...         print(pathlib.Path(p.file).name, p.line, p.path, "|", p.message[:50])
    broken.yaml 3 actors | expected a list of records (one mapping each); got
    copy.yaml 2 id | case id 'bandung-suwon' is used by '/tmp/...
    """
    paths = _paths(folder_or_paths)
    problems: list[Problem] = []
    docs: list[Document] = []
    cases: list[Case] = []
    for path in paths:
        try:
            doc = read_document(path, max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
            case = doc.validate(Case)
        except CaseValidationError as err:
            problems.extend(err.problems)
            continue
        docs.append(doc)
        cases.append(case)
    labels: list[str] = []
    seen: dict[str, str | None] = {}
    kept_docs: list[Document] = []
    kept: list[Case] = []
    for doc, case in zip(docs, cases, strict=True):
        if case.id in seen:
            line = doc.position(["id"])
            problems.append(Problem(
                f"case id {case.id!r} is used by {seen[case.id]!r} too; the cases of a set need distinct ids",
                path="id", file=doc.file, line=line[0] if line else None, column=line[1] if line else None))
            continue
        seen[case.id] = doc.file
        labels.append(case.id)
        kept_docs.append(doc)
        kept.append(case)

    def where(k: int, kind: str, i: int, message: str) -> Problem:
        pos = kept_docs[k].position(["vocabulary", kind, i])
        return Problem(message, path=f"vocabulary.{kind}[{i}]", file=kept_docs[k].file,
                       line=pos[0] if pos else None, column=pos[1] if pos else None)

    try:
        result = build(kept, labels, [d.file for d in kept_docs], where) if kept else None
    except CaseValidationError as err:
        problems.extend(err.problems)
        result = None
    if problems or result is None:
        raise CaseValidationError(problems)
    return result
