"""The errors accord raises on bad input, as one hierarchy.

Every error a user can cause derives from `AccordError`; anything else is a bug.

```
AccordError                 anything the user can fix: a file, an id, an option, a limit
 ├── ScenarioError          a scenario (or conflict) file is unreadable or invalid; holds
 │                          every `Problem` found, each with path, location, line, column
 ├── UnknownIdError         an id (scenario, variant, party, date, sweep) that does not exist
 │    └── AmbiguousIdError  a short form of an id (a sweep id prefix) that names several
 ├── ConstraintError        the constraints leave nothing to analyse (no feasible outcome)
 ├── LimitError             a configured limit is exceeded (outcome-space cap, factor count)
 ├── StoreError             a results store is missing, corrupt, foreign or locked
 └── OutputError            a report or figure cannot be written where it was asked for
```

The CLI catches `AccordError` in one place, prints its lines to stderr and exits with 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "AccordError",
    "AmbiguousIdError",
    "ConstraintError",
    "LimitError",
    "OutputError",
    "Problem",
    "ScenarioError",
    "StoreError",
    "UnknownIdError",
    "printable",
]


def printable(text: str) -> str:
    r"""Return `text` with every unprintable character written as a Python escape.

    Control characters (ESC, the C0 and C1 ranges, DEL), line and paragraph separators,
    unpaired surrogates and other invisible characters from an input file would otherwise
    reach the terminal raw: they could move the cursor, retitle the window or split one
    message into several lines. Printable text is returned unchanged.

    >>> print(printable("s\x1b[2J and\u2028more"))
    s\x1b[2J and\u2028more
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class AccordError(Exception):
    """Base class of every error caused by user input."""

    def lines(self) -> list[str]:
        """Return the message as the lines the CLI prints, unprintable characters escaped."""
        return [printable(line) for line in str(self).split("\n") if line] or [type(self).__name__]

    def to_dict(self) -> dict[str, object]:
        """Return the error as a JSON-ready mapping."""
        return {"error": type(self).__name__, "message": printable(str(self))}


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a file.

    `location` is a dotted path such as ``parties[1].role``; `line` and `column` are
    1-based and 0 when unknown.
    """

    location: str
    message: str
    line: int = 0
    column: int = 0

    def format(self, path: str) -> str:
        """Render as ``FILE:LINE:COL: location: message``, unprintable characters escaped."""
        where = f"{path}:{self.line}:{self.column}" if self.line else path
        location = f"{self.location}: " if self.location else ""
        return printable(f"{where}: {location}{self.message}")


@dataclass(eq=False)
class ScenarioError(AccordError):
    """A scenario or conflict file that cannot be read or is invalid.

    Holds every problem found in the file, so the author fixes them in one pass.
    """

    path: str
    problems: Sequence[Problem] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(problem.format(self.path) for problem in self.problems)

    @property
    def location(self) -> str:
        """Dotted path of the first problem."""
        return self.problems[0].location if self.problems else ""

    @property
    def line(self) -> int:
        """Line of the first problem (1-based, 0 if unknown)."""
        return self.problems[0].line if self.problems else 0

    @property
    def column(self) -> int:
        """Column of the first problem (1-based, 0 if unknown)."""
        return self.problems[0].column if self.problems else 0

    def to_dict(self) -> dict[str, object]:
        """Return the error with every located problem."""
        return {
            "error": "ScenarioError",
            "path": printable(self.path),
            "problems": [
                {
                    "location": printable(p.location),
                    "line": p.line,
                    "column": p.column,
                    "message": printable(p.message),
                }
                for p in self.problems
            ],
        }

    @classmethod
    def single(
        cls, path: str | Path, message: str, *, location: str = "", line: int = 0, column: int = 0
    ) -> ScenarioError:
        """Build an error holding one problem."""
        return cls(str(path), (Problem(location, message, line, column),))


class UnknownIdError(AccordError):
    """An id that names nothing known; the message lists the known ids."""

    def __init__(self, kind: str, given: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.given = given
        self.known = tuple(known)
        listing = ", ".join(self.known) if self.known else "none"
        super().__init__(f"unknown {kind} '{given}'; known: {listing}")


class AmbiguousIdError(UnknownIdError):
    """A prefix of an id that begins several ids; the message lists them."""

    def __init__(self, kind: str, given: str, matches: Iterable[str]) -> None:
        matching = tuple(matches)
        AccordError.__init__(
            self,
            f"ambiguous {kind} '{given}': it begins {len(matching)} ids "
            f"({', '.join(matching)}); give more characters",
        )
        self.kind = kind
        self.given = given
        self.known = matching


class ConstraintError(AccordError):
    """The constraints of a scenario leave no outcome, or contradict each other."""


class LimitError(AccordError):
    """A configured limit (outcome-space cap, number of factors, file size) is exceeded."""


class StoreError(AccordError):
    """A results store is missing, corrupt, foreign or cannot be written."""


class OutputError(AccordError):
    """A report or figure cannot be written: the folder is missing, a file or read-only."""
