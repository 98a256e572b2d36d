"""Readable labels for parameter paths, in the scenario's own names.

``preferences.ukraine.reservation_value`` reads "Ukraine: reservation value";
``beliefs.russia.ukraine`` "Russia's belief that Ukraine honours an agreement". The raw
path stays available beside the label (tooltips, small print): it is what a variant or
a scenario file names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Names", "parameter_label"]


class Names:
    """The display names of a report's parties, issues, options and events, by id."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        case = data["case"]
        self.parties = {p["id"]: p["name"] for p in case["parties"]}
        self.issues = {i["id"]: i["name"] for i in case["issues"]}
        self.options = {
            (i["id"], o["id"]): o["name"] or o["id"] for i in case["issues"] for o in i["options"]
        }
        self.events = {
            item["id"]: item["name"]
            for item in data["timeline"]["items"]
            if item["kind"] == "event"
        }

    def of(self, key: str) -> str:
        """Return the name of a party, issue or event id, else the key in words."""
        for table in (self.parties, self.issues, self.events):
            if key in table:
                return str(table[key])
        return key.replace("_", " ")

    def option(self, issue: str, option: str) -> str:
        """Return ``Issue = Option`` in names."""
        return f"{self.of(issue)} = {self.options.get((issue, option), option)}"


def parameter_label(path: str, names: Names) -> str:
    """Return a readable label for a parameter path such as ``preferences.A.weights.x``."""
    section, *rest = path.split(".")
    if section == "beliefs" and len(rest) == 2:
        return f"{names.of(rest[0])}'s belief that {names.of(rest[1])} honours an agreement"
    if section == "commitment" and len(rest) >= 3:
        kind, *tail = rest
        if kind == "guarantees" and len(tail) == 3:
            return f"guarantee {names.option(tail[0], tail[1])}: {tail[2]}"
        if kind == "vulnerability" and len(tail) == 3:
            return f"vulnerability of {names.of(tail[0])} to {names.option(tail[1], tail[2])}"
    if section in ("preferences", "events", "guarantors") and rest:
        owner, *tail = rest
        if len(tail) == 3 and tail[0] == "values":
            return f"{names.of(owner)}: value of {names.option(tail[1], tail[2])}"
        words = " · ".join(names.of(part) for part in tail)
        return f"{names.of(owner)}: {words}" if words else names.of(owner)
    return ": ".join([names.of(section), " · ".join(names.of(part) for part in rest)])
