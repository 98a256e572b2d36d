"""Counterfactual variants: patches applied to a scenario's data.

A patch addresses a place with a dotted path. Each segment selects a mapping key, or, in
a list, the item whose ``id`` equals the segment (a text item, such as an option written
by its id alone, is its own id), or, failing that, the item at that index (ASCII
digits). ``{set: PATH, value: V}`` replaces (or adds, for a mapping key) the value at PATH;
``{remove: PATH}`` deletes the list item or mapping key PATH names. ``{pin: READING, to:
ALTERNATIVE}`` applies the patches of one alternative of a structural reading (under
``readings``) and removes the reading, so that it is no longer drawn.

>>> apply_patches({"events": [{"id": "a"}, {"id": "b"}]}, [Remove(remove="events.a")])
{'events': [{'id': 'b'}]}
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

__all__ = ["PatchError", "apply_patches"]


class PatchError(Exception):
    """A patch whose path names nothing; `index` is the patch's position."""

    # A plain exception, not a frozen dataclass: Python sets `__traceback__` and
    # `__context__` on an exception as it propagates, which a frozen one refuses.
    def __init__(self, index: int, field: str, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message


def apply_patches(data: dict[str, Any], patches: Sequence[Any]) -> dict[str, Any]:
    """Return a copy of `data` with `patches` (`Set` / `Remove` models) applied in order.

    `data` is left unchanged. The copy shares with it every value no patch reaches:
    only the mappings and lists on a patched path are copied.
    """
    # Loading a scenario applies each of its variants; copying the whole document for
    # each was most of the time spent loading one.
    result: dict[str, Any] = _shallow(data)
    for index, patch in enumerate(patches):
        if hasattr(patch, "set"):
            _set(result, patch.set, _plain(patch.value), index)
        elif hasattr(patch, "pin"):
            _pin(result, patch.pin, patch.to, index)
        else:
            _remove(result, patch.remove, index)
    return result


def _pin(data: dict[str, Any], reading: str, alternative: str, index: int) -> None:
    readings = data.get("readings")
    if not isinstance(readings, dict) or reading not in readings:
        known = ", ".join(readings) if isinstance(readings, dict) and readings else "none"
        raise PatchError(index, "pin", f"no reading '{reading}' (readings: {known})")
    alternatives = readings[reading].get("alternatives", {})
    if alternative not in alternatives:
        raise PatchError(
            index,
            "to",
            f"no alternative '{alternative}' of reading '{reading}' "
            f"(alternatives: {', '.join(alternatives)})",
        )
    patches = _alternative_patches(alternatives[alternative], reading, alternative, index)
    data["readings"] = readings = _shallow(readings)
    del readings[reading]
    for patch in patches:
        if hasattr(patch, "set"):
            _set(data, patch.set, _plain(patch.value), index)
        else:
            _remove(data, patch.remove, index)


def _alternative_patches(entry: Any, reading: str, alternative: str, index: int) -> tuple[Any, ...]:
    """The patches of a reading's alternative as written, validated (a file may be invalid)."""
    cannot = f"alternative '{alternative}' of reading '{reading}' cannot be applied"
    if not isinstance(entry, dict):
        raise PatchError(index, "to", f"{cannot}: it is not a mapping")
    try:
        return _reading_patches().validate_python(entry.get("patches", ()))
    except ValidationError as error:
        raise PatchError(index, "to", f"{cannot}: {error.errors()[0]['msg']}") from None


@functools.cache
def _reading_patches() -> TypeAdapter[tuple[Any, ...]]:
    """The validator of a reading alternative's patches (built on first use)."""
    from accord.scenario.schema import ReadingPatch

    return TypeAdapter(tuple[ReadingPatch, ...])


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="python", by_alias=True, exclude_unset=True)
    return copy.deepcopy(value)


def _set(data: dict[str, Any], path: str, value: Any, index: int) -> None:
    container, last = _parent(data, path, index, "set")
    if isinstance(container, dict):
        container[last] = value
        return
    position = _position(container, last)
    if position is None:
        raise PatchError(index, "set", _missing(path, last, container))
    container[position] = value


def _remove(data: dict[str, Any], path: str, index: int) -> None:
    container, last = _parent(data, path, index, "remove")
    if isinstance(container, dict):
        if last not in container:
            raise PatchError(index, "remove", _missing(path, last, container))
        del container[last]
        return
    position = _position(container, last)
    if position is None:
        raise PatchError(index, "remove", _missing(path, last, container))
    del container[position]


def _parent(data: dict[str, Any], path: str, index: int, field: str) -> tuple[Any, str]:
    *head, last = path.split(".")
    node: Any = data
    walked: list[str] = []
    for segment in head:
        key = _step(node, segment)
        if key is None:
            raise PatchError(index, field, _missing(".".join([*walked, segment]), segment, node))
        child = _shallow(node[key])
        node[key] = child
        node = child
        walked.append(segment)
    if not isinstance(node, dict | list):
        raise PatchError(
            index,
            field,
            f"no such path '{path}': '{'.'.join(walked)}' is a value, not a mapping or list",
        )
    return node, last


def _step(node: Any, segment: str) -> str | int | None:
    """The key or position in `node` that `segment` names and that holds a value, if any."""
    if isinstance(node, dict):
        return segment if node.get(segment) is not None else None
    if isinstance(node, list):
        position = _position(node, segment)
        return None if position is None or node[position] is None else position
    return None


def _shallow(value: Any) -> Any:
    """A copy of a mapping or list that shares its items; any other value itself."""
    if isinstance(value, dict):
        return dict(value)
    return list(value) if isinstance(value, list) else value


def _position(items: list[Any], segment: str) -> int | None:
    for position, item in enumerate(items):
        if item == segment or (isinstance(item, dict) and item.get("id") == segment):
            return position
    if _INDEX.fullmatch(segment) and int(segment) < len(items):
        return int(segment)
    return None


_INDEX = re.compile("[0-9]+")


def _missing(path: str, segment: str, node: Any) -> str:
    if isinstance(node, dict):
        known = ", ".join(str(key) for key in node) or "none"
        return f"no such path '{path}': no key '{segment}' (keys there: {known})"
    if isinstance(node, list):
        ids = [
            str(item["id"]) if isinstance(item, dict) else item
            for item in node
            if isinstance(item, str) or (isinstance(item, dict) and "id" in item)
        ]
        if not node:
            return f"no such path '{path}': no item '{segment}' (the list there is empty)"
        known = ", ".join(ids) if ids else f"indices 0..{len(node) - 1}"
        return f"no such path '{path}': no item '{segment}' (items there: {known})"
    return f"no such path '{path}'"
