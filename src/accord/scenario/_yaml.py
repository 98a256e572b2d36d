"""Safe YAML/JSON reading that remembers where every value came from.

A file is read as JSON when its name ends in ``.json`` (see `_json`), else as YAML. For
YAML, the parser's events are composed into nodes here, one at a time, so that a file
holding more values than a scenario ever needs is refused as soon as the count passes
`MAX_VALUES`, before the rest of it is read. libyaml parses when it is installed (it is
fast); the pure-Python parser words a syntax error.

What a scenario file must never be is refused with the place in the file: oversized,
binary, not UTF-8, holding control characters, nested too deeply, an alias bomb. What is
wrong with one value (a duplicate key, a merge key, a tag other than text, number,
boolean, date, null, list or mapping, an unpaired surrogate) is reported without
stopping, so that validation can report everything else in the same pass.

YAML 1.2 booleans: only ``true``/``false`` are booleans; ``yes``, ``no``, ``on`` and
``off`` stay strings (PyYAML's YAML 1.1 default would turn an option called ``no`` into
``False``). As in YAML 1.2, ``1e-9`` and ``1.5e3`` are numbers (YAML 1.1 wants ``1.0e-9``). Mapping
keys are always strings, taken from the file's text.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from accord.errors import ScenarioError
from accord.scenario._document import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_VALUES,
    LocatedDocument,
    Mark,
    PathKey,
    Recorder,
    fatal,
    format_path,
    iter_paths,
    position_of,
    too_many_values,
)
from accord.scenario._json import parse_json

# libyaml is optional (PyYAML then parses in Python); its loader is used only to parse.
_FAST_PARSER: Any = getattr(yaml, "CSafeLoader", None)

__all__ = ["LocatedDocument", "format_path", "iter_paths", "parse_document", "read_document"]

_YAML = "tag:yaml.org,2002:"
_BOOL_TAG = _YAML + "bool"
_STR_TAG = _YAML + "str"
_MERGE_TAG = _YAML + "merge"
_SCALAR_TAGS = frozenset(
    _YAML + kind for kind in ("str", "int", "float", "bool", "null", "timestamp")
)
_SEQUENCE_TAG = _YAML + "seq"
_MAPPING_TAG = _YAML + "map"
# What a YAML stream may not hold: C0 controls but tab and line ends, DEL, C1 but NEL.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Loader(yaml.SafeLoader):
    """Safe loader with YAML 1.2 booleans; ``=`` is text, not YAML 1.1's value key."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL_TAG, _YAML + "value")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# YAML 1.2 also reads 1e-9 and 1.5e3 as numbers (YAML 1.1 wants a dot and a signed
# exponent: 1.0e-9, 1.5e+3); plain integers still match the integer rule first.
_Loader.add_implicit_resolver(
    _YAML + "float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


def read_document(path: Path, *, keep_problems: bool = False) -> LocatedDocument:
    """Read and parse a YAML or JSON file into a `LocatedDocument`.

    Only a regular file is read (a pipe or a device could block or never end). Problems
    that do not stop reading are raised as one `ScenarioError`, unless `keep_problems`;
    the caller then finds them in `LocatedDocument.problems`.
    """
    shown = str(path)
    raw = _read_bytes(path, shown)
    document = parse_document(raw, shown, is_json=path.suffix.lower() == ".json")
    if document.problems and not keep_problems:
        raise ScenarioError(shown, document.problems)
    return document


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ScenarioError.single(shown, "no such file") from None
    except OSError as error:
        raise ScenarioError.single(shown, f"cannot be read: {error.strerror}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)  # os.fdopen refuses a folder, so check before wrapping it
        if stat.S_ISDIR(mode):
            raise ScenarioError.single(shown, "is a folder, expected a YAML or JSON file")
        raise ScenarioError.single(
            shown,
            "is not a regular file (a pipe, device or socket); expected a YAML or JSON file",
        )
    with os.fdopen(descriptor, "rb") as handle:
        try:
            return handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise ScenarioError.single(shown, f"cannot be read: {error.strerror}") from None


def parse_document(raw: bytes | str, path: str, *, is_json: bool = False) -> LocatedDocument:
    """Parse YAML or JSON text (bytes are checked for size, binary content and UTF-8)."""
    text = _decode(raw, path) if isinstance(raw, bytes) else raw
    if is_json:
        return parse_json(text, path)
    _check_characters(text, path)
    node, aliased = _compose(text, path)
    if node is None:
        raise ScenarioError.single(path, "the file is empty; expected a mapping of scenario keys")
    # Without an alias, composing counted every value and checked its depth already.
    if aliased and _expanded_size(node, {}, 0, path) > MAX_VALUES:
        raise fatal(
            path,
            f"the document expands to more than {MAX_VALUES:,} values (anchors and aliases "
            "repeat parts too often?); a scenario has a few thousand",
            *_mark(node),
        )
    recorder = Recorder(path)
    return recorder.document(_Builder(recorder).build(node, (), 0))


def _decode(raw: bytes, path: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise fatal(
            path,
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; "
            "a scenario file is text of a few hundred kilobytes at most",
        )
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        column = offset - raw.rfind(b"\n", 0, offset)
        raise fatal(path, "binary content (NUL byte); expected UTF-8 text", line, column)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise fatal(path, message, line, column) from None


def _check_characters(text: str, path: str) -> None:
    found = _NOT_YAML.search(text)
    if found is None:
        return
    char = found.group()
    name = unicodedata.name(char, "a control character")
    raise fatal(
        path,
        f"character U+{ord(char):04X} ({name}) cannot be written as is in YAML; "
        f'inside double quotes write it as "\\x{ord(char):02x}", or use a .json file',
        *position_of(text, found.start()),
    )


def _compose(text: str, path: str) -> tuple[yaml.Node | None, bool]:
    """The document's root node (None if empty), and whether it holds an alias."""
    try:
        try:
            return _compose_with(_FAST_PARSER(text) if _FAST_PARSER else _Loader(text), path)
        except (yaml.scanner.ScannerError, yaml.parser.ParserError):
            if _FAST_PARSER is None:
                raise
            # libyaml refuses a little more than PyYAML (escaped surrogate pairs) and
            # words its errors without the character at fault: the Python parser decides.
            return _compose_with(_Loader(text), path)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(path, error) from None
    except yaml.YAMLError as error:
        raise fatal(path, f"invalid YAML: {error}") from None


def _compose_with(parser: Any, path: str) -> tuple[yaml.Node | None, bool]:
    composer = _Composer(parser, path)
    try:
        return composer.document(), composer.aliased
    finally:
        parser.dispose()


def _syntax_error(path: str, error: yaml.MarkedYAMLError) -> ScenarioError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid YAML"
    context = f" ({error.context})" if error.context else ""
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return fatal(path, f"invalid YAML: {problem}{context}", line, column)


def _expanded_size(node: yaml.Node, sizes: dict[int, int], depth: int, path: str) -> int:
    """Count the values `node` stands for once every alias is expanded, without expanding.

    Each node is counted once and its size reused wherever an alias repeats it, so an
    alias bomb is measured in the time it takes to read it. An alias inside what it
    names nests without end and is stopped by the depth limit.
    """
    if id(node) in sizes:
        return sizes[id(node)]
    if depth > MAX_DEPTH:
        raise fatal(path, f"nesting deeper than {MAX_DEPTH} levels", *_mark(node))
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, sizes, depth + 1, path) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(
            _expanded_size(key, sizes, depth + 1, path)
            + _expanded_size(value, sizes, depth + 1, path)
            for key, value in node.value
        )
    sizes[id(node)] = size
    return size


def _mark(node_or_event: Any) -> Mark:
    return node_or_event.start_mark.line + 1, node_or_event.start_mark.column + 1


class _Composer:
    """Parser events to nodes, counting them, so an oversized file stops early."""

    def __init__(self, parser: Any, path: str) -> None:
        self.parser: Any = parser
        self.path = path
        self.resolver = _Loader("")
        self.anchors: dict[str, yaml.Node] = {}
        self.n_nodes = 0
        self.aliased = False

    def document(self) -> yaml.Node | None:
        parser = self.parser
        parser.get_event()
        if parser.check_event(yaml.StreamEndEvent):
            return None
        first: Any = parser.get_event()
        node = self.node(0)
        parser.get_event()
        if not parser.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                first.start_mark,
                "but found another document",
                parser.get_event().start_mark,
            )
        return node

    def node(self, depth: int) -> yaml.Node:
        event: Any = self.parser.get_event()
        start: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias '{event.anchor}'", start
                )
            self.aliased = True
            return self.anchors[event.anchor]
        self.count(event, depth)
        node: yaml.Node
        if isinstance(event, yaml.ScalarEvent):
            node = _Scalar(event)
            self.remember(event, node)
        elif isinstance(event, yaml.SequenceStartEvent):
            node = yaml.SequenceNode(self.tag(event, yaml.SequenceNode), [], start, None)
            self.remember(event, node)
            while not self.parser.check_event(yaml.SequenceEndEvent):
                node.value.append(self.node(depth + 1))
            node.end_mark = self.parser.get_event().end_mark
        else:
            node = yaml.MappingNode(self.tag(event, yaml.MappingNode), [], start, None)
            self.remember(event, node)
            while not self.parser.check_event(yaml.MappingEndEvent):
                key = self.node(depth + 1)
                node.value.append((key, self.node(depth + 1)))
            node.end_mark = self.parser.get_event().end_mark
        return node

    def count(self, event: Any, depth: int) -> None:
        self.n_nodes += 1
        if self.n_nodes > MAX_VALUES:
            raise too_many_values(self.path, MAX_VALUES, _mark(event))
        if depth > MAX_DEPTH:
            raise fatal(self.path, f"nesting deeper than {MAX_DEPTH} levels", *_mark(event))

    def tag(self, event: Any, kind: type[yaml.Node]) -> str:
        if event.tag is not None and event.tag != "!":
            return str(event.tag)
        resolver: Any = self.resolver
        return str(resolver.resolve(kind, None, True))

    def remember(self, event: Any, node: yaml.Node) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = node


class _Scalar(yaml.ScalarNode):
    """A scalar whose implicit tag is resolved when it is built, not while counting."""

    def __init__(self, event: Any) -> None:
        super().__init__(event.tag, event.value, event.start_mark, event.end_mark, event.style)
        self.implicit = event.implicit

    def resolve(self, resolver: Any, resolved: dict[tuple[str, Any], str]) -> None:
        """Give the scalar its tag: the explicit one, else the one its text implies.

        `resolved` remembers the tag each (text, implicit) pair implies: a file repeats
        its keys and many of its values.
        """
        if self.tag is None or self.tag == "!":
            key = (self.value, self.implicit)
            tag = resolved.get(key)
            if tag is None:
                tag = resolved[key] = str(resolver.resolve(yaml.ScalarNode, *key))
            self.tag = tag


class _Builder:
    """Turns a composed node tree into plain data, recording marks and problems."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.constructor = _Loader("")
        self.resolved: dict[tuple[str, Any], str] = {}

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        mark = _mark(node)
        self.recorder.value(path, mark, depth)
        if isinstance(node, _Scalar):
            node.resolve(self.constructor, self.resolved)
        if isinstance(node, yaml.MappingNode) and node.tag == _MAPPING_TAG:
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQUENCE_TAG:
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            return self._scalar(node, path, mark)
        shown = node.tag.replace(_YAML, "!!")
        self.recorder.problem(
            path,
            f"unsupported tag '{shown}'; a scenario holds only text, numbers, true/false, "
            "dates, null, lists and mappings",
            mark,
            stand_in=True,
        )
        return None

    def _scalar(self, node: yaml.Node, path: PathKey, mark: Mark) -> Any:
        if node.tag == _STR_TAG:  # what the constructor would return, without its machinery
            return self.recorder.text(node.value, path, mark)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            message = f"cannot read this value: {error.problem}"
            self.recorder.problem(path, message, mark, stand_in=True)
            return None
        except ValueError as error:
            message = f"cannot read this value ({node.value!r}): {error}"
            self.recorder.problem(path, message, mark, stand_in=True)
            return None
        return self.recorder.text(value, path, mark) if isinstance(value, str) else value

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            mark = _mark(key_node)
            if isinstance(key_node, _Scalar):
                key_node.resolve(self.constructor, self.resolved)
            if key_node.tag == _MERGE_TAG:
                message = "merge keys ('<<') are not supported; write the keys out"
                self.recorder.problem(path, message, mark, stand_in=True)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                message = "a key must be a plain name, not a list or mapping"
                self.recorder.problem(path, message, mark, stand_in=True)
                continue
            written = str(key_node.value)
            key = self.recorder.text(written, (*path, written), mark)
            child = (*path, key)
            if key in first_seen:
                self.recorder.duplicate_key(child, first_seen[key], mark)
                continue
            first_seen[key] = mark[0]
            self.recorder.key(child, mark)
            result[key] = self.build(value_node, child, depth + 1)
        return result
