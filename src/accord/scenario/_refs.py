"""Cross-references inside a scenario file, checked during validation.

Before validating, the loader reads every declared id (parties, issues and their
options, sources, events, rounds) leniently into a `Registry` and passes it to pydantic
as validation context. Reference types (`PartyRef`, `IssueRef`, ...) then check each
use against it, so unknown ids are reported together with all other errors, each at its
own place in the file.

Validators that find several problems at once raise `problems_error`; the loader expands
it into one located problem per entry.

Pydantic runs a validator placed after a value's own validation only when that value is
valid, so one bad number would hide every unknown option beside it. Checks of references
are therefore written over the raw data, leniently, and attached with `checked`: they
report whether or not the rest of the value validates, and the value's own errors are
reported with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]

PROBLEMS = "accord_problems"

SubLocation = tuple[str | int, ...]
Problems = list[tuple[SubLocation, str]]
RawPattern = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Registry:
    """The ids a scenario file declares, read before validation."""

    parties: Mapping[str, str] = field(default_factory=dict)
    additional_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    issues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    # Read only by the checks that relate sections (`_coherence`), never by the checks of
    # one section: see `read_by_sections`.
    red_lines: Mapping[str, tuple[RawPattern, ...]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Any) -> Registry:
        """Collect declared ids from raw data, ignoring anything malformed."""
        if not isinstance(data, dict):
            return cls()
        parties = {
            item["id"]: str(item.get("role", "party")) for item in _items(data.get("parties"))
        }
        additional = {
            item["id"]: tuple(r for r in item.get("additional_roles", []) if isinstance(r, str))
            for item in _items(data.get("parties"))
            if isinstance(item.get("additional_roles"), list)
        }
        issues = {
            item["id"]: tuple(_option_ids(item.get("options")))
            for item in _items(data.get("issues"))
        }
        return cls(
            parties=parties,
            additional_roles=additional,
            issues=issues,
            sources=tuple(item["id"] for item in _items(data.get("sources"))),
            red_lines=_declared_red_lines(data.get("preferences")),
        )

    def plays(self, party: str, role: str) -> bool:
        """Whether a declared party has `role`, as its role or among its additional roles."""
        return self.parties.get(party) == role or role in self.additional_roles.get(party, ())

    def known(self, kind: str) -> Sequence[str]:
        """Return the declared ids of a kind (party, issue, source)."""
        return tuple(self._declared[kind])

    def knows(self, kind: str, value: str) -> bool:
        """Whether `value` is a declared id of a kind (party, issue, source)."""
        return value in self._declared[kind]

    def read_by_sections(self) -> tuple[Any, ...]:
        """What the checks of one section read: two registries equal here check alike."""
        return (self.parties, self.issues, self.sources)

    @cached_property
    def _declared(self) -> dict[str, Mapping[str, Any]]:
        # Mappings, in declared order: a file cites ids hundreds of times, and loading it
        # validates it once per variant.
        return {
            "party": self.parties,
            "issue": self.issues,
            "source": dict.fromkeys(self.sources),
        }


def _declared_red_lines(preferences: Any) -> dict[str, tuple[RawPattern, ...]]:
    """Each party's declared red lines, for the parties whose red lines all read."""
    if not isinstance(preferences, dict):
        return {}
    declared = {}
    for party, entry in preferences.items():
        lines = entry.get("red_lines", []) if isinstance(entry, dict) else None
        patterns = [raw_pattern(line) for line in lines] if isinstance(lines, list) else [None]
        if all(pattern is not None for pattern in patterns):
            declared[str(party)] = tuple(p for p in patterns if p is not None)
    return declared


def raw_pattern(value: Any) -> RawPattern | None:
    """Read a pattern from raw data as ``{issue: options}``; None if it is malformed."""
    if not isinstance(value, dict) or not value:
        return None
    pattern = {}
    for issue, options in value.items():
        listed = [options] if isinstance(options, str) else options
        if not isinstance(listed, list | tuple) or not all(isinstance(o, str) for o in listed):
            return None
        pattern[str(issue)] = tuple(listed)
    return pattern


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


WRITTEN = "written"
"""Context key: the data as written, when some sections are given already validated."""


def written_data(info: ValidationInfo, data: Any) -> Any:
    """Return the data as written: the context's `WRITTEN` entry if any, else `data`."""
    context = info.context
    return context.get(WRITTEN, data) if isinstance(context, dict) else data


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


def problems_error(
    problems: Sequence[tuple[SubLocation, str]], *, inner: Sequence[Any] = ()
) -> PydanticCustomError:
    """Build one validation error carrying several located problems.

    Each problem is a (sub-location, message) pair, the sub-location relative to the
    value being validated. `inner` holds the value's own validation errors (pydantic's
    error dicts, located relative to the value), reported alongside.
    """
    summary = "; ".join(message for _, message in problems) or "invalid"
    return PydanticCustomError(
        PROBLEMS,
        "{summary}",
        {"summary": summary, "problems": list(problems), "inner": list(inner)},
    )


def checked(check: Callable[[Any, ValidationInfo], Problems]) -> WrapValidator:
    """Validator: run `check` on the raw value, whether or not the value itself is valid."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        return validate_reporting(value, handler, check(value, info))

    return WrapValidator(validate)


def validate_reporting(
    value: Any, handler: ValidatorFunctionWrapHandler, problems: Problems
) -> Any:
    """Validate `value` with `handler`; raise its errors and `problems` together."""
    try:
        result = handler(value)
    except ValidationError as error:
        if not problems:
            raise
        raise problems_error(problems, inner=error.errors(include_url=False)) from None
    if problems:
        raise problems_error(problems)
    return result


def _reference(kind: str) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        registry = registry_of(info)
        if registry is not None and not registry.knows(kind, value):
            raise unknown_error(kind, value, registry.known(kind))
        return value

    return AfterValidator(check)


PartyRef = Annotated[Id, _reference("party")]
IssueRef = Annotated[Id, _reference("issue")]
SourceRef = Annotated[Id, _reference("source")]


def option_problems(
    issue: Any, options: Iterable[tuple[SubLocation, Any]], info: ValidationInfo
) -> Problems:
    """Return a problem for each (sub-location, option) that `issue` does not declare."""
    registry = registry_of(info)
    if registry is None or not isinstance(issue, str) or issue not in registry.issues:
        return []
    known = registry.issues[issue]
    return [
        (at, f"unknown option '{option}' for issue '{issue}'; known options: {', '.join(known)}")
        for at, option in options
        if option not in known
    ]


def _pattern_problems(value: Any, info: ValidationInfo) -> Problems:
    if not isinstance(value, dict):
        return []
    problems: Problems = []
    for issue, options in value.items():
        if isinstance(options, str):
            problems += option_problems(issue, [((issue,), options)], info)
        elif isinstance(options, list | tuple):
            if not options:
                problems.append(
                    ((issue,), "expected at least one option (an empty list matches no text)")
                )
            listed = [o for o in options if isinstance(o, str)]
            located = [
                ((issue, i) if len(options) > 1 else (issue,), o) for i, o in enumerate(listed)
            ]
            problems += option_problems(issue, located, info)
    return problems


def _normalise_pattern(pattern: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {
        issue: (options,) if isinstance(options, str) else tuple(options)
        for issue, options in pattern.items()
    }


Pattern = Annotated[
    dict[IssueRef, Id | tuple[Id, ...]],
    Field(min_length=1),
    AfterValidator(_normalise_pattern),
    checked(_pattern_problems),
]
"""Partial outcome ``{issue: option}``; a list of options means "any of"."""


def format_pattern(pattern: Mapping[str, Sequence[str]]) -> str:
    """Render a pattern as it is written in a file: ``{price: low, delivery: [slow, fast]}``."""
    parts = [
        f"{issue}: {options[0]}" if len(options) == 1 else f"{issue}: [{', '.join(options)}]"
        for issue, options in pattern.items()
    ]
    return "{" + ", ".join(parts) + "}"


def unique_ids(items: tuple[Any, ...]) -> tuple[Any, ...]:
    """Validator: no two items of a list share an id (each duplicate located)."""
    problems = duplicate_id_problems([item.id for item in items])
    if problems:
        raise problems_error(problems)
    return items


def duplicate_id_problems(ids: Sequence[Any]) -> Problems:
    """Return a problem for each id that an earlier item already has (None: no id)."""
    seen: dict[Any, int] = {}
    problems: Problems = []
    for index, item_id in enumerate(ids):
        if item_id is None:
            continue
        if item_id in seen:
            problems.append(
                ((index, "id"), f"duplicate id '{item_id}' (also item {seen[item_id]})")
            )
        seen.setdefault(item_id, index)
    return problems


def raw_ids(items: Any) -> list[Any]:
    """Return the id of each raw list item (a text item is its own id; None if none).

    An item given already validated (the loader checks a patched file so) has its id read.
    """
    if not isinstance(items, list | tuple):
        return []
    return [
        item
        if isinstance(item, str)
        else item.get("id")
        if isinstance(item, dict)
        else getattr(item, "id", None)
        if isinstance(item, BaseModel)
        else None
        for item in items
    ]


def raw_unique_id_problems(items: Any, info: ValidationInfo) -> Problems:
    """Return a problem for each raw list item whose id an earlier item already has."""
    return duplicate_id_problems([i if isinstance(i, str) else None for i in raw_ids(items)])


UniqueIds = checked(raw_unique_id_problems)
"""Validator for a list of items with ids: duplicates reported even if items are invalid."""
