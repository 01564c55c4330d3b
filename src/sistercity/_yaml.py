"""YAML with the library's safe loader, within depth and alias-expansion limits (private).

Shared by case files (:mod:`sistercity.io`) and QDA mapping files
(:mod:`sistercity.qda`), so that both read YAML by the same rules.

PyYAML's safe loader with four changes: no implicit timestamps (dates stay text),
YAML 1.2 booleans only (``NO`` stays Norway), no YAML 1.1 base-60 numbers
(``3:10`` stays text, not 190), and duplicate keys recorded so they can be
reported. The C loader (libyaml) is used where PyYAML has it, the pure-Python
loader otherwise; both resolve and construct with the same rules.

Limits are checked on the node tree before anything is constructed: nesting depth
and the number of nodes with aliases counted in full, each shared node measured
once, so alias bombs and absurd nesting are refused in time linear in the text
(libyaml itself refuses nesting beyond 1,000 levels while it parses, and the
pure-Python loader is preceded by a scan of its event stream, so neither recurses
without bound).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from sistercity._errors import KEY, Loc, format_loc
from sistercity.exceptions import CaseValidationError, Problem

__all__ = ["Loader", "load_yaml", "node_positions"]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+)$""", re.X)
_FLOAT = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
_DROP = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
         "tag:yaml.org,2002:float"}


_STR = "tag:yaml.org,2002:str"
_KINDS = {"tag:yaml.org,2002:int": "the number", "tag:yaml.org,2002:float": "the number",
          "tag:yaml.org,2002:bool": "the boolean", "tag:yaml.org,2002:null": "null"}


def _key_kind(node: yaml.Node) -> str | None:
    """What a mapping key is when it is not text (``None`` for text and the merge key ``<<``)."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag in (_STR, "tag:yaml.org,2002:merge"):
        return None
    kind = _KINDS.get(node.tag, f"a value tagged {node.tag}")
    if kind == "null":
        return "null (an empty key or ~)"
    return f"{kind} {_short(node.value)}"


def _short(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


class _Rules:
    """The construction rules shared by the pure-Python and the C loader (a mixin)."""

    duplicate_keys: list[tuple[str, yaml.Mark]]
    node_problems: list[tuple[str, yaml.Node]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            kind = _key_kind(key_node)
            if kind is not None:
                self.node_problems.append((f"keys must be text; got {kind}", key_node))
            elif key_node.value in seen and key_node.value != "<<":
                self.duplicate_keys.append((key_node.value, key_node.start_mark))
            else:
                seen.add(key_node.value)
        if any(_key_kind(k) is not None for k, _ in node.value):  # keep going to report every problem
            node = yaml.MappingNode(node.tag, [(k, v) for k, v in node.value if _key_kind(k) is None],
                                    node.start_mark, node.end_mark, node.flow_style)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc, no-any-return]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)  # type: ignore[misc, no-any-return]
        except ValueError:
            digits = sum(c.isdigit() for c in str(node.value))
            self.node_problems.append((f"the integer {_short(node.value)} has {digits:,} digits; integers of "
                                       "more than 4,300 digits are not read", node))
            return 0


def _set(loader: Any, node: yaml.Node) -> list[Any]:
    """A YAML set (``!!set``) is refused: its order would depend on the Python hash seed."""
    loader.node_problems.append(("YAML sets (!!set) are not read: their order is not kept; write a list", node))
    return []


def _resolvers(loader: Any) -> None:
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _DROP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
    loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
    loader.add_constructor("tag:yaml.org,2002:int", _Rules.construct_yaml_int)
    loader.add_constructor("tag:yaml.org,2002:set", _set)


class Loader(_Rules, yaml.SafeLoader):
    """Safe loader (pure Python): no timestamps, YAML 1.2 booleans, no base 60, duplicate keys recorded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys = []
        self.node_problems = []


_resolvers(Loader)

_CLoader: type[Any] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CLoaderClass(_Rules, yaml.CSafeLoader):
        """The same rules on libyaml's parser and composer."""

        def __init__(self, stream: str | bytes) -> None:
            super().__init__(stream)
            self.duplicate_keys = []
            self.node_problems = []

    _resolvers(_CLoaderClass)
    _CLoader = _CLoaderClass


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


def _too_deep(max_depth: int, file: str | None, mark: Any) -> CaseValidationError:
    return CaseValidationError([Problem(f"nesting deeper than {max_depth} levels (max_depth)", "", file, *_at(mark))])


def _too_many(max_nodes: int, file: str | None, mark: Any) -> CaseValidationError:
    return CaseValidationError([Problem(f"the document expands to more than {max_nodes:,} nodes (aliases counted "
                                        "in full; max_nodes): is it an alias bomb?", "", file, *_at(mark))])


def _prescan(text: str, file: str | None, max_depth: int, max_nodes: int) -> None:
    """Check depth and alias expansion on the (pure-Python) event stream, before composing."""
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
                raise _too_deep(max_depth, file, ev.start_mark)
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
            raise _too_many(max_nodes, file, ev.start_mark)


def _check_tree(root: yaml.Node, file: str | None, max_depth: int, max_nodes: int) -> None:
    """Check depth and alias expansion on a composed node tree, each shared node measured once."""
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in size and not done:
            continue
        if isinstance(node, yaml.ScalarNode):
            size[key], height[key] = 1, 0
            continue
        kids: list[yaml.Node] = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                                 else list(node.value))
        if not done:
            size[key] = 0  # in progress (YAML has no recursive aliases, but never loop)
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in size)
            continue
        size[key] = 1 + sum(size[id(k)] for k in kids)
        height[key] = 1 + max((height.get(id(k), 0) for k in kids), default=0)
        if size[key] > max_nodes:
            raise _too_many(max_nodes, file, node.start_mark)
        if height[key] > max_depth:
            raise _too_deep(max_depth, file, _deepest(node, max_depth))


def _deepest(node: yaml.Node, max_depth: int) -> Any:
    """The mark of a collection nested deeper than ``max_depth`` below and including ``node``."""
    stack: list[tuple[yaml.Node, int]] = [(node, 1)]
    while stack:
        n, d = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            continue
        if d > max_depth:
            return n.start_mark
        kids = [k for pair in n.value for k in pair] if isinstance(n, yaml.MappingNode) else n.value
        stack.extend((k, d + 1) for k in kids)
    return node.start_mark


def _compose(text: str, file: str | None, max_depth: int, max_nodes: int) -> tuple[Any, yaml.Node | None]:
    """A loader holding ``text`` composed into a checked node tree (the caller disposes of the loader)."""
    if _CLoader is None:
        _prescan(text, file, max_depth, max_nodes)
        loader: Any = Loader(text)
    else:
        loader = _CLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _CLoader is not None:
            _check_tree(node, file, max_depth, max_nodes)
    except BaseException:
        loader.dispose()
        raise
    return loader, node


def _reader_problem(err: yaml.reader.ReaderError, text: str, file: str | None) -> Problem:
    """A character YAML does not allow, with its line and column (the first of its kind is the culprit)."""
    char = chr(err.character) if isinstance(err.character, int) else str(err.character)
    at = text.find(char) if char else -1
    message = (f"the text contains the control character U+{ord(char):04X}, which YAML does not allow; remove it "
               f"(or write it as the escape \\u{ord(char):04x} inside double quotes)") if len(char) == 1 else str(err)
    if at < 0:
        return Problem(message, file=file)
    line = text.count("\n", 0, at)
    return Problem(message, file=file, line=line + 1, column=at - (text.rfind("\n", 0, at) + 1) + 1)


def _nest_error(err: yaml.YAMLError, file: str | None, max_depth: int) -> CaseValidationError | None:
    """The nesting limit of libyaml, said as ours."""
    if "maximum nesting depth" in str(getattr(err, "problem", "")):
        return _too_deep(max_depth, file, getattr(err, "problem_mark", None))
    return None


def _refuse_anchors(text: str, file: str | None, what: str) -> None:
    """Refuse the first anchor or alias (``&x``, ``*x``) of the event stream."""
    for ev in yaml.parse(text, Loader=_CLoader or Loader):
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            raise CaseValidationError([Problem(f"anchors and aliases (&x, *x) are not allowed in {what}", "", file,
                                               *_at(ev.start_mark))])


def load_yaml(text: str, file: str | None, max_depth: int, max_nodes: int, *,
              anchors: str | None = None) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML document and its node tree (for positions); every error is ours.

    ``anchors``, when given, names the kind of file (``"a mapping file"``) in which
    anchors and aliases are refused; by default they are read, within ``max_nodes``.
    """
    try:
        if anchors is not None:
            _refuse_anchors(text, file, anchors)
        loader, node = _compose(text, file, max_depth, max_nodes)
        try:
            data = loader.construct_document(node) if node is not None else None
            dups = loader.duplicate_keys
            node_problems = loader.node_problems
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as err:
        raise CaseValidationError([_reader_problem(err, text, file)]) from None
    except yaml.YAMLError as err:
        raise (_nest_error(err, file, max_depth) or CaseValidationError([_yaml_problem(err, file)])) from None
    except RecursionError:
        raise CaseValidationError([Problem("the document is nested too deeply", file=file)]) from None
    problems = [Problem(f"duplicate key {key!r} in a mapping: the later value would silently replace the earlier",
                        file=file, line=m.line + 1, column=m.column + 1) for key, m in dups]
    if node_problems and node is not None:
        paths = _paths(node)
        problems += [Problem(message, format_loc(paths.get(id(n), ())), file, *_at(n.start_mark))
                     for message, n in node_problems]
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise CaseValidationError(problems)
    return data, node


def _paths(root: yaml.Node) -> dict[int, tuple[str | int, ...]]:
    """The field path of every node (keys: the path of the mapping they stand in), by ``id``."""
    out: dict[int, tuple[str | int, ...]] = {}
    stack: list[tuple[tuple[str | int, ...], yaml.Node]] = [((), root)]
    while stack:
        loc, n = stack.pop()
        if id(n) in out:
            continue
        out[id(n)] = loc
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                out.setdefault(id(k), loc)
                stack.append(((*loc, str(k.value) if isinstance(k, yaml.ScalarNode) else "?"), v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(((*loc, i), v) for i, v in enumerate(n.value))
    return out


def _walk(node: yaml.Node, max_nodes: int) -> Iterator[tuple[Loc, yaml.Node]]:
    stack: list[tuple[Loc, yaml.Node]] = [((), node)]
    seen = 0
    while stack and seen < max_nodes:
        loc, n = stack.pop()
        seen += 1
        yield loc, n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    stack.append(((*loc, k.value), v))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                stack.append(((*loc, i), v))


def node_positions(node: yaml.Node, max_nodes: int) -> dict[Loc, tuple[int, int]]:
    """Map each field path to the 1-based line and column where its value starts.

    ``(*path, KEY)`` maps to where the field's key stands (for "unknown field" problems).
    Positions are computed only when there is a problem to report.
    """
    out: dict[Loc, tuple[int, int]] = {}
    for loc, n in _walk(node, max_nodes):  # where each value starts (a missing key: its mapping)
        out.setdefault(loc, (n.start_mark.line + 1, n.start_mark.column + 1))
        if isinstance(n, yaml.MappingNode):  # and each key, for "unknown field" problems
            for k, _v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    out[(*loc, k.value, KEY)] = (k.start_mark.line + 1, k.start_mark.column + 1)
    return out
