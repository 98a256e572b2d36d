"""Loading scenarios: files or shipped ids, located errors, variants.

`load_scenario` reads a YAML/JSON file (or a shipped scenario by id), validates it
against `Scenario`, checks every variant by applying it, and returns the scenario with
the requested variants applied. Any problem raises one `ScenarioError` listing every
problem in the file as ``FILE:LINE:COL: dotted.path: message``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from annotated_types import MinLen
from pydantic import BaseModel, TypeAdapter, ValidationError

from accord.errors import Problem, ScenarioError, UnknownIdError
from accord.scenario._document import UNCHECKED, document_from_data
from accord.scenario._model_paths import allowed_keys, model_at
from accord.scenario._refs import ID_PATTERN, PROBLEMS, WRITTEN, Registry, UniqueIds
from accord.scenario._yaml import LocatedDocument, format_path, read_document
from accord.scenario.conflict import is_conflict_file
from accord.scenario.schema import SCENARIO_ID_PATTERN, Pin, Scenario, Variant, VariantEntry
from accord.scenario.variants import PatchError, apply_patches

__all__ = [
    "ShippedScenario",
    "load_scenario",
    "resolve_scenario_path",
    "scenario_digest",
    "shipped_scenarios",
    "validate_data",
    "validate_model",
    "validate_patched",
]


@dataclass(frozen=True, slots=True)
class ShippedScenario:
    """A scenario, or a conflict file (`kind` "conflict"), that comes with accord."""

    id: str
    title: str
    path: Path
    kind: Literal["scenario", "conflict"] = "scenario"


def shipped_folder() -> Path:
    """Return the folder of shipped scenarios (installed copy, else the source tree)."""
    installed = resources.files("accord") / "_shipped"
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parents[3] / "scenarios"


def shipped_scenarios(*, include_conflicts: bool = False) -> list[ShippedScenario]:
    """List the shipped scenarios (and, if asked, the shipped conflict files), sorted by id."""
    found = []
    for path in sorted(shipped_folder().glob("*.yaml")):
        data = read_document(path).data
        kind: Literal["scenario", "conflict"] = "conflict" if is_conflict_file(data) else "scenario"
        if kind == "conflict" and not include_conflicts:
            continue
        fields = data if isinstance(data, dict) else {}
        found.append(
            ShippedScenario(
                str(fields.get("id", path.stem)), str(fields.get("title", "")), path, kind
            )
        )
    return sorted(found, key=lambda shipped: shipped.id)


def resolve_scenario_path(name: str | Path) -> Path:
    """Turn a path or a shipped scenario id into an existing file path."""
    if not str(name).strip():
        known = [s.id for s in shipped_scenarios()]
        raise UnknownIdError("scenario (neither a file nor a shipped scenario id)", "", known)
    path = Path(name)
    try:
        if path.exists():
            return path
    except OSError as error:  # a name too long for the system, for instance
        shown = str(name) if len(str(name)) <= 100 else f"{str(name)[:97]}..."
        raise ScenarioError.single(shown, f"cannot be read: {error.strerror}") from None
    shipped = shipped_folder() / f"{name}.yaml"
    if isinstance(name, str) and "/" not in name and shipped.exists():
        return shipped
    if path.suffix or "/" in str(name):
        raise ScenarioError.single(str(name), "no such file")
    known = [s.id for s in shipped_scenarios()]
    raise UnknownIdError("scenario (neither a file nor a shipped scenario id)", str(name), known)


def load_scenario(source: Scenario | str | Path, *, variants: Sequence[str] = ()) -> Scenario:
    """Load, validate and return a scenario with `variants` applied in order.

    Args:
        source: a file path, the id of a shipped scenario (see `accord scenarios`), or an
            already loaded `Scenario`.
        variants: names of variants declared in the scenario.
    """
    if isinstance(source, Scenario):
        scenario = source
    else:
        document = read_document(resolve_scenario_path(source), keep_problems=True)
        if is_conflict_file(document.data):
            raise ScenarioError.single(
                document.path,
                "expected a negotiation scenario, got a conflict file (a graph model): "
                "analyse it with `accord gmcr` or accord.analyze_conflict",
                line=1,
                column=1,
            )
        scenario = validate_document(document)
    for name in variants:
        if name not in scenario.variants:
            raise UnknownIdError("variant", name, scenario.variants)
    return apply_variants(scenario, variants)


def scenario_digest(source: Scenario | str | Path) -> str:
    """Return the SHA-256 of a scenario file's bytes, or of a `Scenario`'s canonical JSON."""
    if isinstance(source, Scenario):
        text = json.dumps(scenario_data(source), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hashlib.sha256(resolve_scenario_path(source).read_bytes()).hexdigest()


def validate_document(document: LocatedDocument) -> Scenario:
    """Validate a located document; raise `ScenarioError` with every problem.

    Problems found while reading are reported with the others, and validation says
    nothing more about a value that could not be read. Every variant is applied and
    checked, also when the file itself has problems: then only what the variant adds is
    reported.
    """
    scenario, found = _validate(document.data, document)
    problems = [
        *document.problems,
        *(p for p in found if p.location not in document.stand_ins),
    ]
    if isinstance(document.data, dict):
        data = None if scenario is None else scenario_data(scenario)
        problems += _variant_problems(scenario, data, document, found)
        problems += _reading_problems(scenario, data, document)
    if problems or scenario is None:
        ordered = sorted(_unique(problems), key=lambda p: (p.line == 0, p.line, p.column))
        raise ScenarioError(document.path, tuple(ordered))
    return scenario


def validate_data(data: Any, *, path: str = "<data>") -> Scenario:
    """Validate plain data (a dict as read from YAML/JSON) into a `Scenario`."""
    return validate_document(document_from_data(path, data))


def refuse_repeated(scenario_id: str, names: Sequence[str], kind: str) -> None:
    """Raise `ScenarioError` at the first of `names` given a second time (a variant, a factor)."""
    again = next((name for at, name in enumerate(names) if name in names[:at]), None)
    if again is not None:
        raise ScenarioError.single(scenario_id, f"{kind} '{again}' is given twice")


def apply_variants(scenario: Scenario, names: Sequence[str]) -> Scenario:
    """Return the scenario with the named variants applied in order."""
    if not names:
        return scenario
    refuse_repeated(scenario.id, names, "variant")
    data = scenario_data(scenario)
    for done, name in enumerate(names):
        try:
            data = apply_patches(data, scenario.variants[name].patches)
        except PatchError as error:
            after = ", ".join(f"'{n}'" for n in names[:done])
            raise ScenarioError.single(
                scenario.id, f"variant '{name}' cannot be applied after {after}: {error}"
            ) from None
    return validate_patched(data, f"variant {'+'.join(names)}")


def validate_patched(data: dict[str, Any], label: str) -> Scenario:
    """Validate the data of a valid scenario with patches applied; `label` names it in errors.

    The text was read and checked with the file it came from, and the result is run, not
    patched further: the checks of a file's own variants and readings are not made again.
    """
    result, problems = _validate(data, LocatedDocument(label, data))
    if result is None:
        raise ScenarioError(label, tuple(problems))
    return result


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario as plain data that validates back into an equal scenario."""
    return scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _validate(data: Any, document: LocatedDocument) -> tuple[Scenario | None, list[Problem]]:
    if not isinstance(data, dict):
        message = f"expected a mapping of scenario keys, got {_kind(data)}{UNCHECKED}"
        return None, [Problem("", message, 1, 1)]
    return validate_model(Scenario, document, {"registry": Registry.from_data(data)})


ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_model(
    model: type[ModelT], document: LocatedDocument, context: dict[str, Any] | None = None
) -> tuple[ModelT | None, list[Problem]]:
    """Validate a located document against any pydantic model; return it or its problems.

    Each validation error becomes a `Problem` located in the file (line and column of the
    offending key or value), with a message saying what was expected and what was found.
    """
    return _validate_as(model, document.data, document, context)


def _validate_as(
    model: type[ModelT], data: Any, document: LocatedDocument, context: dict[str, Any] | None
) -> tuple[ModelT | None, list[Problem]]:
    """Validate `data`, located by `document` (its data has the same shape where it fails)."""
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as error:
        return None, list(_translate(error, document, model))


@dataclass(frozen=True)
class _Patched:
    """A valid scenario and its data, to validate copies of the data with patches applied."""

    scenario: Scenario
    data: dict[str, Any]
    registry: Registry

    @classmethod
    def of(cls, scenario: Scenario, data: dict[str, Any]) -> _Patched:
        """The valid `scenario`, whose data is `data`."""
        return cls(scenario, data, Registry.from_data(data))

    def problems(self, patched: dict[str, Any]) -> list[Problem]:
        """Return the problems of `patched`, a copy of the data with patches applied."""
        registry = Registry.from_data(patched)
        if registry.read_by_sections() != self.registry.read_by_sections():
            return _validate(patched, LocatedDocument("", patched))[1]
        # A section the patches left alone (the very same object) then validates as it
        # did in the scenario: it is given already validated, and pydantic takes it as it
        # is. The checks that relate sections read the data as written.
        given = {key: self._given(key, value) for key, value in patched.items()}
        context = {"registry": registry, WRITTEN: patched}
        return _validate_as(Scenario, given, LocatedDocument("", patched), context)[1]

    def _given(self, key: str, value: Any) -> Any:
        """The section `key` of the patched data, what the patches left alone validated."""
        if key not in self.data:
            return value
        base, validated = self.data[key], getattr(self.scenario, _field_names()[key])
        if value is base:
            return validated
        if key not in _itemwise_keys():
            return value
        if isinstance(value, list) and isinstance(base, list) and isinstance(validated, tuple):
            by_identity = {id(item): validated[j] for j, item in enumerate(base)}
            return [by_identity.get(id(item), item) for item in value]
        if isinstance(value, dict) and isinstance(base, dict) and isinstance(validated, dict):
            return {
                name: validated[name] if name in base and item is base[name] else item
                for name, item in value.items()
            }
        return value


@cache
def _field_names() -> dict[str, str]:
    """The attribute of `Scenario` for each key of a scenario file."""
    return {field.alias or name: name for name, field in Scenario.model_fields.items()}


@cache
def _itemwise_keys() -> frozenset[str]:
    """The sections whose items may be given one by one, some of them already validated.

    Those checked as a whole by nothing but their length and the uniqueness of their
    items' ids (`UniqueIds`, which reads a validated item's id too).
    """
    return frozenset(
        field.alias or name
        for name, field in Scenario.model_fields.items()
        if all(m is UniqueIds or isinstance(m, MinLen) for m in field.metadata)
    )


def _variant_problems(
    scenario: Scenario | None,
    scenario_dump: dict[str, Any] | None,
    document: LocatedDocument,
    found: Sequence[Problem],
) -> Iterator[Problem]:
    """Apply and validate every variant; report its path errors and what it breaks.

    A valid scenario is patched as `apply_variants` patches it (its data is
    `scenario_dump`). An invalid one is patched as read, and a problem the file has
    without the variant is not reported again.
    """
    valid = None
    if scenario is not None and scenario_dump is not None:
        data, variants = scenario_dump, dict(scenario.variants)
        valid = _Patched.of(scenario, scenario_dump)
    else:
        data, variants = document.data, _readable_variants(document.data.get("variants"))
    # A problem of the file is not the variant's, also where the variant moved it (an
    # event removed before it shifts its index).
    known = {(_shape(problem.location), problem.message) for problem in found}
    for name, variant in variants.items():
        path, (line, col) = document.locate(("variants", name))
        if any(_within(stand_in, format_path(path)) for stand_in in document.stand_ins):
            message = "not applied: it is checked once every value in it can be read"
            yield Problem(format_path(path), message, line, col)
            continue
        try:
            patched = apply_patches(data, variant.patches)
        except PatchError as error:
            path, (line, col) = document.locate(
                ("variants", name, "patches", error.index, error.field)
            )
            yield Problem(format_path(path), error.message, line, col)
            continue
        if valid is None:
            _, problems = _validate(patched, LocatedDocument("", patched))
        else:
            problems = valid.problems(patched)
        for problem in problems:
            if (_shape(problem.location), problem.message) not in known:
                yield Problem(
                    format_path(path),
                    f"after applying this variant, {problem.location}: {problem.message}",
                    line,
                    col,
                )


def _shape(location: str) -> str:
    """A location without its list indices: `events[3].date` is `events[].date`."""
    return re.sub(r"\[\d+\]", "[]", location)


def _reading_problems(
    scenario: Scenario | None, scenario_dump: dict[str, Any] | None, document: LocatedDocument
) -> Iterator[Problem]:
    """Apply every patched alternative of every structural reading; report what fails.

    Only for a valid scenario (its data is `scenario_dump`): the alternative is applied as
    a sweep applies it, by a pin.
    """
    if scenario is None or scenario_dump is None:
        return
    data = {key: value for key, value in scenario_dump.items() if key != "variants"}
    valid = _Patched.of(scenario, scenario_dump)
    for name, reading in scenario.readings.items():
        for alternative, entry in reading.alternatives.items():
            if not entry.patches:
                continue
            path, (line, col) = document.locate(("readings", name, "alternatives", alternative))
            try:
                patched = apply_patches(data, [Pin(pin=name, to=alternative)])
            except PatchError as error:
                yield Problem(format_path(path), error.message, line, col)
                continue
            for problem in valid.problems(patched):
                yield Problem(
                    format_path(path),
                    f"after applying this alternative, {problem.location}: {problem.message}",
                    line,
                    col,
                )


def _within(location: str, prefix: str) -> bool:
    """Whether the dotted `location` is `prefix` or lies inside it."""
    return location == prefix or location.startswith((f"{prefix}.", f"{prefix}["))


def _readable_variants(entries: Any) -> dict[str, Variant]:
    """The variants of an invalid file that are themselves valid (the others are reported)."""
    if not isinstance(entries, dict):
        return {}
    adapter: TypeAdapter[Variant] = TypeAdapter(VariantEntry)
    readable = {}
    for name, entry in entries.items():
        try:
            readable[str(name)] = adapter.validate_python(entry)
        except ValidationError:
            continue
    return readable


def _translate(
    error: ValidationError, document: LocatedDocument, root: type[BaseModel]
) -> Iterator[Problem]:
    yield from _translate_items(error.errors(include_url=False), (), document, root)


def _translate_items(
    items: Sequence[Any], prefix: tuple[Any, ...], document: LocatedDocument, root: type[BaseModel]
) -> Iterator[Problem]:
    for item in items:
        if item["type"] == "too_short" and _has_inner_error(items, tuple(item["loc"])):
            continue
        loc = (*prefix, *item["loc"])
        if item["type"] == PROBLEMS:
            for subloc, message in item["ctx"]["problems"]:
                yield _located(document, (*loc, *subloc), message)
            yield from _translate_items(item["ctx"]["inner"], loc, document, root)
        elif item["type"] == "extra_forbidden":
            yield _located(
                document, (*loc, "[key]"), _describe({**item, "loc": loc}, document, root)
            )
        else:
            yield _located(document, loc, _describe({**item, "loc": loc}, document, root))


def _has_inner_error(items: Sequence[Any], loc: tuple[Any, ...]) -> bool:
    """Whether another error sits inside `loc` (pydantic then also reports the list short)."""
    return any(
        len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in items
    )


def _located(document: LocatedDocument, loc: tuple[Any, ...], message: str) -> Problem:
    path, (line, column) = document.locate(loc)
    return Problem(format_path(path), message, line, column)


def _describe(item: Any, document: LocatedDocument, root: type[BaseModel]) -> str:
    kind, message, value = item["type"], item["msg"], item.get("input")
    if kind == "missing":
        return f"missing required key '{item['loc'][-1]}'"
    if kind == "extra_forbidden":
        return _unknown_key(item["loc"], document, root)
    if kind in ("accord", "unknown_id", "value_error"):
        return str(message).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        pattern = item["ctx"]["pattern"]
        return f"expected {_PATTERNS.get(pattern, 'text matching ' + pattern)}, got {_show(value)}"
    if kind == "union_tag_invalid":
        ctx = item["ctx"]
        expected = ctx["expected_tags"]
        return f"expected {ctx['discriminator']} to be one of {expected}, got {ctx['tag']!r}"
    if kind in ("less_than_equal", "greater_than_equal"):
        bound, word = (
            (item["ctx"]["le"], "most") if "le" in item["ctx"] else (item["ctx"]["ge"], "least")
        )
        return f"expected at {word} {bound:,}, got {_show(value)}"
    if kind == "union_tag_not_found":
        return f"missing required key {item['ctx']['discriminator']}"
    if kind == "string_too_short":
        return f"expected some text, got {_show(value)}"
    if kind in ("too_short", "too_long"):
        bound = item["ctx"]["min_length" if kind == "too_short" else "max_length"]
        word = "least" if kind == "too_short" else "most"
        return f"expected at {word} {bound:,} item{'s' * (bound != 1)}, got {_show(value)}"
    if kind.startswith(("date_from_datetime", "date_parsing", "date_type")):
        return f"expected a date YYYY-MM-DD, got {_show(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys, got {_kind(value)}"
    message = message.replace("Input should be", "expected").replace("Input", "value")
    return f"{message[0].lower()}{message[1:]}, got {_show(value)}"


_PATTERNS = {
    ID_PATTERN: "an id of letters, digits, '_' and '-', starting with a letter or digit",
    SCENARIO_ID_PATTERN: "a scenario id of lowercase letters, digits and hyphens",
}


def _unknown_key(loc: Sequence[Any], document: LocatedDocument, root: type[BaseModel]) -> str:
    key = str(loc[-1])
    parent_path, _ = document.locate(tuple(loc[:-1]))
    parent: Any = document.data
    for segment in parent_path:
        parent = parent[segment]
    siblings = set(parent) - {key} if isinstance(parent, dict) else set()
    model = model_at(root, tuple(loc[:-1]))
    allowed = allowed_keys(model) if model is not None else _allowed_keys(siblings, root)
    hint = ""
    if allowed:
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(allowed)}"
    return f"unknown key '{key}'{hint}"


def _allowed_keys(siblings: set[str], root: type[BaseModel]) -> list[str]:
    candidates: list[tuple[str, ...]] = [k for k in _model_keys(root) if siblings <= set(k)]
    if not candidates:
        return []
    smallest: tuple[str, ...] = min(candidates, key=lambda keys: len(keys))
    return sorted(smallest)


@cache
def _model_keys(root: type[BaseModel]) -> tuple[tuple[str, ...], ...]:
    seen: dict[type[BaseModel], tuple[str, ...]] = {}
    stack: list[type[BaseModel]] = [root]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen[model] = tuple(f.alias or name for name, f in model.model_fields.items())
        stack += [m for f in model.model_fields.values() for m in _models_in(f.annotation)]
    return tuple(seen.values())


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(argument)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and getattr(annotation, "__metadata__", None):
        yield from _models_in(origin)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    kinds = {list: "a list", str: "a string", int: "a number", float: "a number"}
    return "nothing (null)" if value is None else kinds.get(type(value), type(value).__name__)


def _unique(problems: Sequence[Problem]) -> Iterator[Problem]:
    seen = set()
    for problem in problems:
        key = (problem.location, problem.message)
        if key not in seen:
            seen.add(key)
            yield problem
