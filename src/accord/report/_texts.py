"""Terminal rendering of historical texts scored on a date (`accord analyze`, `accord run`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

from accord.analysis.texts import blocked_by
from accord.report._sheet import Column, Sheet

__all__ = ["texts_sheet"]


def texts_sheet(texts: Sequence[Mapping[str, Any]], parties: Sequence[str], date: str) -> Sheet:
    """One row per historical text: standing, margins, blocks, distances, best and worst."""
    columns = [
        Column("text", style="bold"),
        Column("date"),
        Column("alternatives", justify="right"),
        Column("in ZOPA", justify="right"),
        Column("standing", justify="right"),
        *(Column(f"margin {party}", justify="right") for party in parties),
        Column("best blocked by"),
        Column("to Pareto", justify="right"),
        Column("to Nash", justify="right"),
    ]
    sheet = Sheet(
        f"Historical texts on {date} (best alternative / worst alternative; standing is the "
        "smallest margin, value minus reservation value, over the parties)",
        columns,
    )
    for text in texts:
        best, worst = text["best"], text["worst"]
        sheet.add_row(
            f"{text['id']} ({text['name']})",
            text["date"],
            str(text["n_alternatives"]),
            str(text["n_in_zopa"]),
            _pair(best["standing"], worst["standing"], text),
            *(_pair(best["margins"][p], worst["margins"][p], text) for p in parties),
            _blocks(best),
            _pair(best["pareto_distance"], worst["pareto_distance"], text, sign=""),
            "—"
            if best["nash_distance"] is None
            else _pair(best["nash_distance"], worst["nash_distance"], text, sign=""),
        )
    return sheet


def _pair(best: float, worst: float | None, text: Mapping[str, Any], sign: str = "+") -> str:
    if text["n_alternatives"] == 1 or worst is None:
        return f"{best:{sign}.3f}"
    return f"{best:{sign}.3f} / {worst:{sign}.3f}"


def _blocks(alternative: Mapping[str, Any]) -> Text:
    """What keeps the best alternative out of the ZOPA, or 'nothing' where it is in."""
    reasons = blocked_by(alternative)
    if not reasons:
        return Text("nothing (in the ZOPA)", style="green")
    return Text("\n".join(reasons), style="red")
