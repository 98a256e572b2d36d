"""Cross-references inside a scenario file, checked during validation.

Before validating, the loader reads every declared id (parties, issues and their
options, sources, events, rounds) leniently into a `Registry` and passes it to pydantic
as validation context. Reference types (`PartyRef`, `IssueRef`, ...) then check each
use against it, so unknown ids are reported together with all other errors, each at its
own place in the file.

Validators that find several problems at once raise `problems_error`; the loader expands
it into one located problem per entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]

PROBLEMS = "accord_problems"


@dataclass(frozen=True)
class Registry:
    """The ids a scenario file declares, read before validation."""

    parties: Mapping[str, str] = field(default_factory=dict)
    issues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    rounds: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: Any) -> Registry:
        """Collect declared ids from raw data, ignoring anything malformed."""
        if not isinstance(data, dict):
            return cls()
        parties = {
            item["id"]: str(item.get("role", "party")) for item in _items(data.get("parties"))
        }
        issues = {
            item["id"]: tuple(_option_ids(item.get("options")))
            for item in _items(data.get("issues"))
        }
        return cls(
            parties=parties,
            issues=issues,
            sources=tuple(item["id"] for item in _items(data.get("sources"))),
            events=tuple(item["id"] for item in _items(data.get("events"))),
            rounds=tuple(item["id"] for item in _items(data.get("rounds"))),
        )

    def known(self, kind: str) -> Sequence[str]:
        """Return the declared ids of a kind (party, issue, source, event, round)."""
        return tuple(
            {
                "party": self.parties,
                "issue": self.issues,
                "source": self.sources,
                "event": self.events,
                "round": self.rounds,
            }[kind]
        )


def _items(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _option_ids(options: Any) -> Iterable[str]:
    for option in options if isinstance(options, list | tuple) else []:
        if isinstance(option, str):
            yield option
        elif isinstance(option, dict) and isinstance(option.get("id"), str):
            yield option["id"]


def registry_of(info: ValidationInfo) -> Registry | None:
    """Return the registry passed as validation context, if any."""
    context = info.context
    if isinstance(context, dict):
        registry = context.get("registry")
        return registry if isinstance(registry, Registry) else None
    return None


def accord_error(message: str) -> PydanticCustomError:
    """Build a validation error whose message is `message`, verbatim."""
    return PydanticCustomError("accord", "{message}", {"message": message})


def unknown_message(kind: str, value: str, known: Iterable[str]) -> str:
    """Describe an unknown id, listing the known ones."""
    listing = ", ".join(known) or "none declared"
    return f"unknown {kind} '{value}'; known {kind} ids: {listing}"


def unknown_error(kind: str, value: str, known: Iterable[str]) -> PydanticCustomError:
    """Build the validation error for an unknown id."""
    return PydanticCustomError(
        "unknown_id", "{message}", {"message": unknown_message(kind, value, known)}
    )


def problems_error(problems: Sequence[tuple[tuple[str | int, ...], str]]) -> PydanticCustomError:
    """Build one validation error carrying several located problems.

    Each problem is a (sub-location, message) pair, the sub-location relative to the
    value being validated.
    """
    summary = "; ".join(message for _, message in problems)
    return PydanticCustomError(
        PROBLEMS, "{summary}", {"summary": summary, "problems": list(problems)}
    )


def _reference(kind: str) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        registry = registry_of(info)
        if registry is not None and value not in registry.known(kind):
            raise unknown_error(kind, value, registry.known(kind))
        return value

    return AfterValidator(check)


PartyRef = Annotated[Id, _reference("party")]
IssueRef = Annotated[Id, _reference("issue")]
SourceRef = Annotated[Id, _reference("source")]
EventRef = Annotated[Id, _reference("event")]
RoundRef = Annotated[Id, _reference("round")]


def option_problems(
    issue: str, options: Iterable[tuple[tuple[str | int, ...], str]], info: ValidationInfo
) -> list[tuple[tuple[str | int, ...], str]]:
    """Return a problem for each (sub-location, option) that `issue` does not declare."""
    registry = registry_of(info)
    if registry is None or issue not in registry.issues:
        return []
    known = registry.issues[issue]
    return [
        (at, f"unknown option '{option}' for issue '{issue}'; known options: {', '.join(known)}")
        for at, option in options
        if option not in known
    ]


def _normalise_pattern(pattern: dict[str, Any], info: ValidationInfo) -> dict[str, tuple[str, ...]]:
    normal = {
        issue: (options,) if isinstance(options, str) else tuple(options)
        for issue, options in pattern.items()
    }
    problems = []
    for issue, options in normal.items():
        located = [((issue, i) if len(options) > 1 else (issue,), o) for i, o in enumerate(options)]
        problems += option_problems(issue, located, info)
    if problems:
        raise problems_error(problems)
    return normal


Pattern = Annotated[
    dict[IssueRef, Id | tuple[Id, ...]],
    Field(min_length=1),
    AfterValidator(_normalise_pattern),
]
"""Partial outcome ``{issue: option}``; a list of options means "any of"."""


def unique_ids(items: tuple[Any, ...]) -> tuple[Any, ...]:
    """Validator: no two items of a list share an id (each duplicate located)."""
    seen: dict[str, int] = {}
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(
                ((index, "id"), f"duplicate id '{item.id}' (also item {seen[item.id]})")
            )
        seen.setdefault(item.id, index)
    if problems:
        raise problems_error(problems)
    return items
