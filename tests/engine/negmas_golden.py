"""Turn a NegMAS golden trace (testdata/negmas/*.json) into an accord scenario."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "testdata" / "negmas"


def load_golden(name: str) -> dict[str, Any]:
    """A golden trace, with Genius names turned into accord ids."""
    return rename(json.loads((GOLDEN / f"{name}.json").read_text()))


def slug(name: str) -> str:
    """A Genius name ('$100 Billion') as an accord id ('100-billion')."""
    text = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(part for part in text.split("-") if part)


def rename(golden: dict[str, Any]) -> dict[str, Any]:
    """Replace Genius names by ids in every place they occur."""
    text = json.dumps(golden)
    for issue in golden["issues"]:
        for name in (issue["id"], *issue["options"]):
            text = text.replace(json.dumps(name), json.dumps(slug(name)))
    return json.loads(text)


def scenario_from_golden(golden: dict[str, Any]) -> dict[str, Any]:
    """The same setup as accord scenario data (ids as in the golden file)."""
    issues = [{"id": i["id"], "name": i["id"], "options": i["options"]} for i in golden["issues"]]
    preferences = {
        party: {
            "weights": utility["weights"],
            "values": utility["values"],
            "reservation_value": golden["reservation_values"][party],
        }
        for party, utility in golden["utilities"].items()
    }
    return {
        "accord": 1,
        "id": golden["name"],
        "title": golden["name"],
        "parties": [{"id": p, "name": p, "role": "party"} for p in golden["parties"]],
        "issues": issues,
        "preferences": preferences,
        "protocol": {
            "kind": "alternating_offers",
            "n_steps": golden["n_steps"],
            "order": golden["order"],
        },
        "strategies": {
            p: {"kind": "time_based", "curve": c} for p, c in golden["strategies"].items()
        },
    }
