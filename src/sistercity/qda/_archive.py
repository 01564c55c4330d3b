"""Reading a REFI-QDA archive defensively: zip limits, member names, XML without entities (private).

Nothing is extracted to disk: members are read into memory, each within the limits,
and every refusal is a :class:`~sistercity.CaseValidationError` whose problem names
the archive and the member (``project.qdpx[sources/x.txt]``).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml  # type: ignore[import-untyped]
from defusedxml import ElementTree as SafeET

from sistercity.exceptions import ArgumentTypeError, CaseValidationError, Problem

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Largest archive read by default (512 MiB on disk)."""
DEFAULT_MAX_UNPACKED = 1024 * 1024 * 1024
"""Most bytes all members may unpack to, together, by default (1 GiB)."""
DEFAULT_MAX_MEMBERS = 10_000
"""Most members an archive may hold by default."""
DEFAULT_MAX_RATIO = 100
"""Highest compression ratio (unpacked / packed) of a member larger than :data:`RATIO_FLOOR`."""
RATIO_FLOOR = 1024 * 1024
"""Members that unpack to at most this many bytes (1 MiB) are not held to the ratio."""

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Limits:
    """The bounds an archive is read within."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_unpacked: int = DEFAULT_MAX_UNPACKED
    max_members: int = DEFAULT_MAX_MEMBERS
    max_ratio: float = DEFAULT_MAX_RATIO


def where(archive: str, member: str | None = None) -> str:
    """``archive[member]``: how problems name a member of an archive."""
    return f"{archive}[{member}]" if member else archive


def unsafe_name(name: str) -> str | None:
    """Why a member name (or an ``internal://`` path) is not a safe relative path; ``None`` if it is."""
    if "\x00" in name:
        return "contains a NUL character"
    norm = name.replace("\\", "/")
    if norm.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(norm):
        return "starts with a drive letter"
    if any(part == ".." for part in norm.split("/")):
        return "climbs out of the archive with '..'"
    return None


class Archive:
    """An open REFI-QDA archive whose member list has passed the limits.

    Use :func:`open_archive`; read members with :meth:`read` (bounded) and close
    with :meth:`close` (or a ``with`` block).
    """

    def __init__(self, zf: zipfile.ZipFile, name: str, limits: Limits, members: dict[str, zipfile.ZipInfo]) -> None:
        self._zf = zf
        self.name = name
        self.limits = limits
        self.members = members  # normalised name ('/' separators) -> info
        self._read = 0

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the zip file."""
        self._zf.close()

    def find(self, name: str) -> str | None:
        """The member named ``name`` (separators normalised), if any."""
        norm = name.replace("\\", "/")
        if norm.startswith("./"):
            norm = norm[2:]
        return norm if norm in self.members else None

    def read(self, member: str) -> bytes:
        """The bytes of ``member``, never more than its declared size nor the archive's budget."""
        info = self.members[member]
        budget = self.limits.max_unpacked - self._read
        if info.file_size > budget:
            raise CaseValidationError([Problem(
                f"the members read so far and this one unpack to more than {self.limits.max_unpacked:,} "
                "bytes (max_unpacked)", file=where(self.name, member))])
        try:
            with self._zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError,
                RuntimeError, ValueError) as err:
            raise CaseValidationError([Problem(f"cannot unpack the member: {err}", file=where(self.name, member))]
                                      ) from None
        if len(data) > info.file_size:
            raise CaseValidationError([Problem(
                f"the member unpacks to more than the {info.file_size:,} bytes it declares",
                file=where(self.name, member))])
        self._read += len(data)
        return data


def open_archive(path: object, limits: Limits) -> Archive:
    """Open ``path`` as a zip archive and check its member list against ``limits`` (every problem at once)."""
    if not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}")
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as err:
        raise CaseValidationError([Problem(f"cannot read the file: {err.strerror or err}", file=name)]) from None
    if size > limits.max_bytes:
        raise CaseValidationError(
            [Problem(f"the archive has {size:,} bytes; the limit is {limits.max_bytes:,} (max_bytes)", file=name)])
    try:
        zf = zipfile.ZipFile(p)
    except zipfile.BadZipFile:
        raise CaseValidationError([Problem(
            "not a zip archive: a REFI-QDA project (.qdpx) is a zip archive holding a .qde file", file=name)]
        ) from None
    except OSError as err:
        raise CaseValidationError([Problem(f"cannot read the file: {err.strerror or err}", file=name)]) from None
    try:
        members = _check_members(zf, name, limits)
    except BaseException:
        zf.close()
        raise
    return Archive(zf, name, limits, members)


def _check_members(zf: zipfile.ZipFile, name: str, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise CaseValidationError([Problem(
            f"the archive holds {len(infos):,} members; the limit is {limits.max_members:,} (max_members)",
            file=name)])
    problems: list[Problem] = []
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        why = unsafe_name(info.filename)
        if why:
            problems.append(Problem(f"unsafe member name: it {why}; refused (a zip-slip path)",
                                    file=where(name, info.filename)))
            continue
        norm = info.filename.replace("\\", "/")
        if info.is_dir():
            continue
        if norm in members:
            problems.append(Problem("the archive holds two members of this name", file=where(name, norm)))
        if info.flag_bits & 0x1:
            problems.append(Problem("the member is encrypted", file=where(name, norm)))
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            problems.append(Problem(
                f"the member unpacks {ratio:,.0f} times its packed size ({info.file_size:,} bytes); the limit is "
                f"{limits.max_ratio:g} (max_ratio): a zip bomb?", file=where(name, norm)))
        members[norm] = info
    if total > limits.max_unpacked:
        problems.append(Problem(
            f"the members unpack to {total:,} bytes; the limit is {limits.max_unpacked:,} (max_unpacked)", file=name))
    if problems:
        raise CaseValidationError(problems)
    return members


def parse_xml(data: bytes, file: str) -> Element:
    """The root element of ``data``, parsed without entity expansion or external references."""
    try:
        root: Any = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden:
        raise CaseValidationError([Problem(
            "the XML declares entities (<!ENTITY ...>); refused: entities are never expanded "
            "(the 'billion laughs' and external-entity attacks)", file=file)]) from None
    except defusedxml.ExternalReferenceForbidden:
        raise CaseValidationError([Problem(
            "the XML refers to an external resource; refused: nothing outside the archive is read", file=file)]
        ) from None
    except defusedxml.DefusedXmlException as err:
        raise CaseValidationError([Problem(f"refused XML construct: {err}", file=file)]) from None
    except ParseError as err:
        line, column = getattr(err, "position", (None, None))
        msg = re.sub(r": line \d+, column \d+$", "", str(err))
        raise CaseValidationError([Problem(f"XML syntax: {msg}", file=file, line=line,
                                           column=None if column is None else column + 1)]) from None
    except RecursionError:  # pragma: no cover - expat does not recurse; kept as a last guard
        raise CaseValidationError([Problem("the XML is nested too deeply", file=file)]) from None
    if not isinstance(root, Element):  # pragma: no cover - fromstring always returns an Element
        raise CaseValidationError([Problem("no XML element found", file=file)])
    return root


def decode_text(data: bytes, file: str) -> tuple[str, bool]:
    """``data`` as UTF-8 text, and whether a byte-order mark was dropped; our error if not UTF-8."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CaseValidationError([Problem(
            f"the text is not valid UTF-8 (byte {err.start}: {err.reason}); REFI-QDA plain text is UTF-8",
            file=file, line=line)]) from None
    return text, bom
