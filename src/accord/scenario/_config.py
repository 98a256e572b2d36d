"""The pydantic configuration shared by the models of the scenario format."""

from __future__ import annotations

from pydantic import ConfigDict

__all__ = ["MODEL"]

# A model's validator is built when it is first used, not when its class is created: the
# models nested in a scenario are validated by the scenario's validator and never need
# their own, and a command that reads no scenario builds none.
MODEL = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)
"""Immutable models that refuse unknown keys and NaN or infinite numbers."""
