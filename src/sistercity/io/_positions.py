"""Where each field of a document stands: line and column by field path (private).

Positions are computed only when there is a problem to report.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from sistercity._errors import KEY, Loc
from sistercity.io._limits import DEFAULT_MAX_NODES

__all__ = ["node_positions"]


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


def node_positions(node: yaml.Node, max_nodes: int = DEFAULT_MAX_NODES) -> dict[Loc, tuple[int, int]]:
    """Map each field path to the 1-based line and column where its value starts.

    ``(*path, KEY)`` maps to where the field's key stands (for "unknown field" problems).
    """
    out: dict[Loc, tuple[int, int]] = {}
    for loc, n in _walk(node, max_nodes):  # where each value starts (a missing key: its mapping)
        out.setdefault(loc, (n.start_mark.line + 1, n.start_mark.column + 1))
        if isinstance(n, yaml.MappingNode):  # and each key, for "unknown field" problems
            for k, _v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    out[(*loc, k.value, KEY)] = (k.start_mark.line + 1, k.start_mark.column + 1)
    return out
