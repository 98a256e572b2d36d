"""XML reading for foreign formats: a small element tree that remembers positions.

The standard library's expat parser reads the file with every document type declaration
refused, so no entity can be declared: none can expand without bound (the "billion
laughs") or reach outside the file (external entities). Genius files never declare one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from accord.errors import ScenarioError
from accord.scenario._document import MAX_FILE_BYTES

__all__ = ["Element", "read_xml"]


@dataclass(slots=True)
class Element:
    """An XML element: tag, attributes, children, and its 1-based line and column."""

    tag: str
    attributes: dict[str, str]
    line: int
    column: int
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str) -> list[Element]:
        """Return the children with this tag, in file order."""
        return [child for child in self.children if child.tag == tag]


class _RefusedError(Exception):
    """A construct the hardened reader does not accept (a DTD, an entity)."""


def read_xml(path: Path) -> Element:
    """Read an XML file into its root `Element`; raise a located `ScenarioError`."""
    try:
        with path.open("rb") as stream:
            content = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ScenarioError.single(path, f"cannot read the file: {error.strerror}") from None
    if len(content) > MAX_FILE_BYTES:
        raise ScenarioError.single(path, f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    return _Builder(path).parse(content)


class _Builder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.parser = expat.ParserCreate()
        self.stack: list[Element] = []
        self.root: Element | None = None
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.refuse_doctype
        self.parser.EntityDeclHandler = self.refuse_entity
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def parse(self, content: bytes) -> Element:
        try:
            self.parser.Parse(content, True)
        except expat.ExpatError as error:
            message = f"not well-formed XML: {expat.ErrorString(error.code)}"
            raise ScenarioError.single(
                self.path, message, line=error.lineno, column=error.offset + 1
            ) from None
        except _RefusedError as error:
            raise ScenarioError.single(
                self.path,
                str(error),
                line=self.parser.CurrentLineNumber,
                column=self.parser.CurrentColumnNumber + 1,
            ) from None
        assert self.root is not None  # expat refuses a document without an element
        return self.root

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        element = Element(
            tag,
            attributes,
            self.parser.CurrentLineNumber,
            self.parser.CurrentColumnNumber + 1,
        )
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def refuse_doctype(self, *args: object) -> None:
        raise _RefusedError("a document type declaration (DOCTYPE) is not accepted; remove it")

    def refuse_entity(self, *args: object) -> None:
        raise _RefusedError("an entity declaration is not accepted; remove it")
