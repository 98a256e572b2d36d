r"""JSON reading that remembers where every value came from.

JSON is read by JSON's rules, not YAML's: any character but a quote, a backslash and the
controls U+0000–U+001F may stand raw in a string (DEL, the C1 controls, U+2028), and an
escaped surrogate pair (``"\\ud83d\\ude00"``) is the one character it encodes. Strings
are decoded by the standard library's JSON scanner; this module walks the structure
around them to record the line and column of every value, with the same limits and the
same refusals (duplicate keys, unpaired surrogates) as YAML files.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from accord.errors import ScenarioError
from accord.scenario._document import LocatedDocument, Mark, PathKey, Recorder, fatal

__all__ = ["parse_json"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")


def parse_json(text: str, path: str) -> LocatedDocument:
    """Parse JSON text into a `LocatedDocument`."""
    return _Reader(text, path).document()


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.recorder = Recorder(path)
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        # Scalars (text, numbers, true, false, null; also NaN and Infinity, which
        # validation refuses where a number goes) are read by the standard decoder.
        self.decoder = json.JSONDecoder()

    def document(self) -> LocatedDocument:
        position = self.skip(0)
        if position == len(self.text):
            raise ScenarioError.single(
                self.path, "the file is empty; expected a mapping of scenario keys"
            )
        data, position = self.value(position, (), 0)
        position = self.skip(position)
        if position != len(self.text):
            raise self.error(position, "more text after the end of the JSON document")
        return self.recorder.document(data)

    def mark(self, position: int) -> Mark:
        line = bisect.bisect_right(self.line_starts, position)
        return line, position - self.line_starts[line - 1] + 1

    def skip(self, position: int) -> int:
        match = _WHITESPACE.match(self.text, position)
        return match.end() if match else position

    def error(self, position: int, message: str) -> Exception:
        return fatal(self.path, f"invalid JSON: {message}", *self.mark(position))

    def value(self, position: int, path: PathKey | None, depth: int) -> tuple[Any, int]:
        mark = self.mark(position)
        self.recorder.value(path, mark, depth)
        char = self.text[position : position + 1]
        if char == "{":
            return self.object(position, path, depth)
        if char == "[":
            return self.array(position, path, depth)
        value, end = self.scalar(position)
        if isinstance(value, str) and path is not None:
            value = self.recorder.text(value, path, mark)
        return value, end

    def scalar(self, position: int) -> tuple[Any, int]:
        try:
            return self.decoder.raw_decode(self.text, position)
        except json.JSONDecodeError as error:
            message = error.msg
            if message.startswith("Invalid control character"):
                code = ord(self.text[error.pos])
                message = f"control character U+{code:04X} inside text; write it as \\u{code:04x}"
            elif message == "Expecting value":
                message = (
                    "expected a value: text in double quotes, a number, true, false, null, [ or {"
                )
            raise self.error(error.pos, message) from None

    def array(self, position: int, path: PathKey | None, depth: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        position = self.skip(position + 1)
        if self.text.startswith("]", position):
            return items, position + 1
        while True:
            at = None if path is None else (*path, len(items))
            item, position = self.value(position, at, depth + 1)
            items.append(item)
            position = self.skip(position)
            if self.text.startswith("]", position):
                return items, position + 1
            if not self.text.startswith(",", position):
                raise self.error(position, "expected ',' or ']' after a list item")
            position = self.skip(position + 1)

    def object(self, position: int, path: PathKey | None, depth: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        position = self.skip(position + 1)
        if self.text.startswith("}", position):
            return result, position + 1
        while True:
            if not self.text.startswith('"', position):
                raise self.error(position, "expected a key in double quotes")
            mark = self.mark(position)
            key, position = self.scalar(position)
            at = None if path is None else (*path, key)
            if at is not None:
                key = self.recorder.text(key, at, mark)
                at = (*at[:-1], key)
            position = self.skip(position)
            if not self.text.startswith(":", position):
                raise self.error(position, "expected ':' after a key")
            position = self.skip(position + 1)
            if key in first_seen:
                if at is not None:
                    self.recorder.duplicate_key(at, first_seen[key], mark)
                _, position = self.value(position, None, depth + 1)
            else:
                first_seen[key] = mark[0]
                if at is not None:
                    self.recorder.key(at, mark)
                result[key], position = self.value(position, at, depth + 1)
            position = self.skip(position)
            if self.text.startswith("}", position):
                return result, position + 1
            if not self.text.startswith(",", position):
                raise self.error(position, "expected ',' or '}' after a value")
            position = self.skip(position + 1)
