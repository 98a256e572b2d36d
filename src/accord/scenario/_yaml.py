"""Safe YAML/JSON reading that remembers where every value came from.

PyYAML's safe loader is the parser; on top of it this module refuses what a scenario
file must never be (oversized, binary, not UTF-8, alias bombs, duplicate keys) and keeps,
for every path in the document, the line and column of its node, so that validation
errors can point into the file.

YAML 1.2 booleans: only ``true``/``false`` are booleans; ``yes``, ``no``, ``on`` and
``off`` stay strings (PyYAML's YAML 1.1 default would turn an option called ``no`` into
``False``). Mapping keys are always strings, taken from the file's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.errors import Problem, ScenarioError

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]
Mark = tuple[int, int]

_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Loader(yaml.SafeLoader):
    """Safe loader with YAML 1.2 booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class LocatedDocument:
    """Plain data read from a file, with the position of every node.

    `marks` maps a path (keys and list indices) to the 1-based line and column of the
    value there; `key_marks` gives the position of the key itself for mapping entries.
    """

    path: str
    data: Any
    marks: dict[PathKey, Mark] = field(default_factory=dict)
    key_marks: dict[PathKey, Mark] = field(default_factory=dict)

    def locate(self, loc: tuple[Any, ...]) -> tuple[PathKey, Mark]:
        """Follow a validation `loc` through the data; return the data path and its mark.

        Segments that are not keys or indices of the data (union tags, ``[key]``
        markers, model names) are skipped, so the result names what is in the file.
        A union tag can coincide with a key (a distribution's tag ``triangular`` is also
        its key); the reading that matches the most segments wins, and between equal
        readings the one that treats the earlier segment as a tag.
        """
        on_key = bool(loc) and loc[-1] == "[key]"
        segments = tuple(segment for segment in loc if segment != "[key]")
        path = _follow(self.data, segments, 0)
        marks = self.key_marks if on_key else self.marks
        return path, marks.get(path) or self.marks.get(path) or (0, 0)


def _follow(node: Any, loc: tuple[Any, ...], index: int) -> PathKey:
    if index == len(loc):
        return ()
    skipped = _follow(node, loc, index + 1)
    child = _child(node, loc[index])
    if child is _MISSING:
        return skipped
    taken = (loc[index], *_follow(child, loc, index + 1))
    return taken if len(taken) > len(skipped) else skipped


_MISSING = object()


def _child(node: Any, segment: Any) -> Any:
    if isinstance(node, dict) and isinstance(segment, str) and segment in node:
        return node[segment]
    if isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
        return node[segment]
    return _MISSING


def format_path(path: PathKey) -> str:
    """Render a data path as ``parties[1].role``."""
    text = ""
    for segment in path:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else segment
    return text


def read_document(path: Path) -> LocatedDocument:
    """Read and parse a YAML or JSON file into a `LocatedDocument`."""
    shown = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError.single(shown, "no such file") from None
    except IsADirectoryError:
        raise ScenarioError.single(shown, "is a folder, expected a YAML or JSON file") from None
    except OSError as error:
        raise ScenarioError.single(shown, f"cannot be read: {error.strerror}") from None
    return parse_document(raw, shown)


def parse_document(raw: bytes | str, path: str) -> LocatedDocument:
    """Parse YAML/JSON text (bytes are checked for size, binary content and UTF-8)."""
    text = _decode(raw, path) if isinstance(raw, bytes) else raw
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(path, error) from None
    except yaml.YAMLError as error:
        raise ScenarioError.single(path, f"invalid YAML: {error}") from None
    except RecursionError:
        raise ScenarioError.single(path, f"nesting deeper than {MAX_DEPTH} levels") from None
    if node is None:
        raise ScenarioError.single(path, "the file is empty; expected a mapping of scenario keys")
    builder = _Builder(path)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise ScenarioError(path, tuple(builder.problems))
    return LocatedDocument(path, data, builder.marks, builder.key_marks)


def _decode(raw: bytes, path: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError.single(
            path,
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; "
            "a scenario file is text of a few hundred kilobytes at most",
        )
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        raise ScenarioError.single(
            path,
            "binary content (NUL byte); expected UTF-8 text",
            line=line,
            column=offset - raw.rfind(b"\n", 0, offset),
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        raise ScenarioError.single(
            path,
            f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            line=line,
            column=column,
        ) from None


def _yaml_error(path: str, error: yaml.MarkedYAMLError) -> ScenarioError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid YAML"
    context = f" ({error.context})" if error.context else ""
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return ScenarioError.single(path, f"invalid YAML: {problem}{context}", line=line, column=column)


class _Builder:
    """Turns a composed node tree into plain data, recording marks and problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.marks: dict[PathKey, Mark] = {}
        self.key_marks: dict[PathKey, Mark] = {}
        self.problems: list[Problem] = []
        self.n_nodes = 0
        self.constructor = _Loader("")

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.n_nodes += 1
        if self.n_nodes > MAX_NODES:
            raise ScenarioError.single(
                self.path,
                f"the document expands to more than {MAX_NODES} values "
                "(anchors and aliases nested too deeply?)",
            )
        if depth > MAX_DEPTH:
            raise ScenarioError.single(
                self.path,
                f"nesting deeper than {MAX_DEPTH} levels",
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
            )
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            self._problem(path, f"cannot read this value: {error.problem}", node)
        except ValueError as error:
            self._problem(path, f"cannot read this value ({node.value!r}): {error}", node)
        return None

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._problem(
                    path, "merge keys ('<<') are not supported; write the keys out", key_node
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(path, "a key must be a plain name, not a list or mapping", key_node)
                continue
            key = str(key_node.value)
            if key in first_seen:
                self._problem(
                    (*path, key),
                    f"duplicate key '{key}' (first given at line "
                    f"{first_seen[key]}); each key may appear once",
                    key_node,
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.key_marks[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _problem(self, path: PathKey, message: str, node: yaml.Node) -> None:
        mark = node.start_mark
        self.problems.append(Problem(format_path(path), message, mark.line + 1, mark.column + 1))


def iter_paths(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Yield every (path, value) pair of plain nested data, depth first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*path, index))
