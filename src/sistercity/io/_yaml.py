"""YAML with the library's safe loader, within depth and alias-expansion limits (private).

PyYAML's safe loader with three changes: no implicit timestamps (dates stay text),
YAML 1.2 booleans only (``NO`` stays Norway), and duplicate keys recorded so they
can be reported. Before anything is built, the event stream is scanned for nesting
depth and alias expansion, so alias bombs and absurd nesting are refused in time
linear in the text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from sistercity.exceptions import CaseValidationError, Problem

__all__ = ["Loader", "compose", "load_yaml"]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_DROP = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}


class Loader(yaml.SafeLoader):
    """Safe loader: no timestamps, YAML 1.2 booleans, duplicate keys recorded."""

    duplicate_keys: list[tuple[str, yaml.Mark]]

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen and key_node.value != "<<":
                    self.duplicate_keys.append((key_node.value, key_node.start_mark))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


def _yaml_problem(err: yaml.YAMLError, file: str | None) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    what = " ".join(str(x) for x in (getattr(err, "context", None), getattr(err, "problem", None)) if x)
    if not what:
        what = str(err)
    if "python/" in what or "could not determine a constructor" in what:
        what += " (only plain YAML is read: tags that build Python objects are refused)"
    if mark is None:
        return Problem(f"YAML syntax: {what}", file=file)
    return Problem(f"YAML syntax: {what}", file=file, line=mark.line + 1, column=mark.column + 1)


def _at(mark: Any) -> tuple[int | None, int | None]:
    """1-based line and column of a PyYAML mark (pure-Python or libyaml), if any."""
    return (int(mark.line) + 1, int(mark.column) + 1) if mark is not None else (None, None)


def _prescan(text: str, file: str | None, max_depth: int, max_nodes: int) -> None:
    """Check depth and alias expansion on the event stream, before building anything."""
    depth = 0
    count = 0
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = []
    for ev in yaml.parse(text, Loader=Loader):
        if isinstance(ev, yaml.ScalarEvent):
            count += 1
            if ev.anchor:
                sizes[ev.anchor] = 1
        elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > max_depth:
                raise CaseValidationError(
                    [Problem(f"nesting deeper than {max_depth} levels (max_depth)", "", file, *_at(ev.start_mark))]
                )
            stack.append((ev.anchor, count))
            count += 1
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            anchor, start = stack.pop()
            if anchor:
                sizes[anchor] = count - start
        elif isinstance(ev, yaml.AliasEvent):
            count += sizes.get(ev.anchor or "", 1)
        if count > max_nodes:
            raise CaseValidationError(
                [Problem(f"the document expands to more than {max_nodes:,} nodes (aliases counted in full; "
                         "max_nodes): is it an alias bomb?", "", file, *_at(ev.start_mark))]
            )


def load_yaml(text: str, file: str | None, max_depth: int, max_nodes: int) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML document and its node tree (for positions); every error is ours."""
    try:
        _prescan(text, file, max_depth, max_nodes)
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
            dups = loader.duplicate_keys
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        raise CaseValidationError([_yaml_problem(err, file)]) from None
    except RecursionError:
        raise CaseValidationError([Problem("the document is nested too deeply", file=file)]) from None
    if dups:
        raise CaseValidationError(
            [Problem(f"duplicate key {key!r} in a mapping: the later value would silently replace the earlier",
                     file=file, line=m.line + 1, column=m.column + 1) for key, m in dups]
        )
    return data, node


def compose(text: str, max_depth: int, max_nodes: int) -> yaml.Node | None:
    """The node tree of ``text`` (YAML, or JSON read as YAML); ``None`` if it cannot be read."""
    try:
        _prescan(text, None, max_depth, max_nodes)
        loader = Loader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, CaseValidationError, RecursionError):
        return None
