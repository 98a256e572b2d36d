"""Which pydantic model a validation error's location points into.

Pydantic locations mix data keys, list indices and union tags (``events, 0, signal,
likelihood``). `model_at` follows such a location through the type annotations of a root
model, choosing a union member by its tag, so that an unknown key can be answered with
the keys that model allows.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Tag

__all__ = ["allowed_keys", "model_at"]


def model_at(root: type[BaseModel], loc: Sequence[Any]) -> type[BaseModel] | None:
    """Return the model whose fields the location `loc` ends in, or None if unclear."""
    current: Any = root
    for segment in loc:
        current = _step(current, segment)
        if current is None:
            return None
    models = _members(current)
    return models[0] if len(models) == 1 else None


def allowed_keys(model: type[BaseModel]) -> list[str]:
    """The keys a model accepts (aliases where set), sorted."""
    return sorted(field.alias or name for name, field in model.model_fields.items())


def _step(annotation: Any, segment: Any) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if segment in (name, field.alias):
                return field.annotation
        return None
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in (dict, typing.Dict) and arguments:  # noqa: UP006
        return arguments[1]
    if origin in (list, tuple, typing.List, typing.Tuple) and arguments:  # noqa: UP006
        return arguments[0] if isinstance(segment, int) else None
    if origin in (typing.Union, types.UnionType):
        return _by_tag(arguments, segment)
    return None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _by_tag(members: Sequence[Any], segment: Any) -> Any:
    for member in members:
        if _tag_of(member) == segment:
            return member
    for member in members:
        if segment != "[key]" and _step(member, segment) is not None:
            return _step(member, segment)
    return None


def _tag_of(member: Any) -> str | None:
    for extra in getattr(member, "__metadata__", ()):
        if isinstance(extra, Tag):
            return extra.tag
    model = _unwrap(member)
    if isinstance(model, type) and issubclass(model, BaseModel) and "kind" in model.model_fields:
        kind = model.model_fields["kind"].annotation
        if typing.get_origin(kind) is Literal:
            return str(typing.get_args(kind)[0])
    return None


def _members(annotation: Any) -> list[type[BaseModel]]:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in _members(a)]
    return []
