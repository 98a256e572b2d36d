"""A document read from a YAML or JSON file: plain data plus where each value came from.

Both readers (`_yaml`, `_json`) build a `LocatedDocument` through a `Recorder`, which
keeps the line and column of every value, enforces the limits every scenario file obeys
(`MAX_VALUES`, `MAX_DEPTH`) while the file is read, not after, and collects the problems
that do not stop reading (duplicate keys, unsupported tags, broken Unicode text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from accord.errors import Problem, ScenarioError

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_VALUES",
    "UNCHECKED",
    "LocatedDocument",
    "Recorder",
    "document_from_data",
    "fatal",
    "format_path",
    "iter_paths",
    "position_of",
    "too_many_values",
]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_VALUES = 500_000
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]
Mark = tuple[int, int]

_SURROGATE = re.compile("[\ud800-\udfff]")
UNCHECKED = "; the rest of the file is checked once this is fixed"
"""Ends the message of a problem after which nothing else in the file can be checked."""


@dataclass(frozen=True)
class LocatedDocument:
    """Plain data read from a file, with the position of every node.

    `marks` maps a path (keys and list indices) to the 1-based line and column of the
    value there; `key_marks` gives the position of the key itself for mapping entries.
    `problems` are what reading found wrong without having to stop (a duplicate key, an
    unsupported tag); `stand_ins` names the paths (as `format_path` writes them) where the
    data holds a stand-in for a value that could not be read, so that validation does not
    report that value a second time.
    """

    path: str
    data: Any
    marks: dict[PathKey, Mark] = field(default_factory=dict)
    key_marks: dict[PathKey, Mark] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    stand_ins: frozenset[str] = frozenset()

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


def iter_paths(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Yield every (path, value) pair of plain nested data, depth first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*path, index))


def position_of(text: str, offset: int) -> Mark:
    """Return the 1-based line and column of the character at `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def fatal(path: str, message: str, line: int = 0, column: int = 0) -> ScenarioError:
    """Build the error for a problem that stops reading: nothing after it can be checked."""
    return ScenarioError.single(path, message + UNCHECKED, line=line, column=column)


def too_many_values(path: str, limit: int, mark: Mark) -> ScenarioError:
    """Build the error for a file holding more values than `limit`, stopped at `mark`."""
    message = f"the document holds more than {limit:,} values; a scenario has a few thousand"
    return fatal(path, message, *mark)


class Recorder:
    """Marks, problems and limits, kept while a reader turns a file into plain data."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.marks: dict[PathKey, Mark] = {}
        self.key_marks: dict[PathKey, Mark] = {}
        self.problems: list[Problem] = []
        self.stand_ins: set[str] = set()
        self.n_values = 0

    def value(self, path: PathKey | None, mark: Mark, depth: int) -> None:
        """Record a value at `path` (None: count it only); stop past the limits."""
        self.n_values += 1
        if self.n_values > MAX_VALUES:
            raise too_many_values(self.path, MAX_VALUES, mark)
        if depth > MAX_DEPTH:
            raise fatal(self.path, f"nesting deeper than {MAX_DEPTH} levels", *mark)
        if path is not None:
            self.marks[path] = mark

    def key(self, path: PathKey, mark: Mark) -> None:
        """Record where the key of the mapping entry at `path` is written."""
        self.key_marks[path] = mark

    def text(self, value: str, path: PathKey, mark: Mark) -> str:
        r"""Return text with escaped surrogate pairs joined; report an unpaired surrogate.

        YAML and JSON write a character beyond U+FFFF as two escapes (``\\ud83d\\ude00``);
        joined, they are the one character meant. A surrogate left alone is no character
        at all: it is reported, and the text kept with the surrogate escaped.
        """
        if _SURROGATE.search(value) is None:
            return value
        joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        lone = _SURROGATE.search(joined)
        if lone is None:
            return joined
        self.problem(
            path,
            f"text with an unpaired surrogate (\\u{ord(lone.group()):04x}), which is not a "
            "character; expected valid Unicode text",
            mark,
            stand_in=True,
        )
        return joined.encode("utf-8", "backslashreplace").decode("utf-8")

    def duplicate_key(self, path: PathKey, first_line: int, mark: Mark) -> None:
        """Report a key given twice in one mapping (the first one is kept)."""
        self.problem(
            path,
            f"duplicate key '{path[-1]}' (first given at line {first_line}); "
            "each key may appear once",
            mark,
        )

    def problem(self, path: PathKey, message: str, mark: Mark, *, stand_in: bool = False) -> None:
        """Record a problem that does not stop reading; `stand_in`: the value is replaced."""
        self.problems.append(Problem(format_path(path), message, *mark))
        if stand_in:
            self.stand_ins.add(format_path(path))

    def document(self, data: Any) -> LocatedDocument:
        """Return the document read."""
        return LocatedDocument(
            self.path,
            data,
            self.marks,
            self.key_marks,
            tuple(self.problems),
            frozenset(self.stand_ins),
        )


def document_from_data(path: str, data: Any) -> LocatedDocument:
    """Wrap plain data (no positions) as a document, with its text checked like a file's."""
    recorder = Recorder(path)
    return recorder.document(_checked_text(data, (), recorder))


def _checked_text(data: Any, path: PathKey, recorder: Recorder) -> Any:
    if isinstance(data, str):
        return recorder.text(data, path, (0, 0))
    if isinstance(data, dict):
        checked = {}
        for key, value in data.items():
            name = recorder.text(key, (*path, key), (0, 0)) if isinstance(key, str) else key
            checked[name] = _checked_text(value, (*path, name), recorder)
        return checked
    if isinstance(data, list | tuple):
        return [_checked_text(item, (*path, i), recorder) for i, item in enumerate(data)]
    return data
