"""Figure data for the historical texts' standing over time ("how close were they").

Each text's best and worst alternatives (`accord.analysis.texts.text_standing`) after
each day with events, every uncertain number at its mean: standing is the smallest
margin (value minus reservation value) over the parties, so a text is acceptable to
every party where its line is at or above zero, and in the ZOPA where it is also
admissible (marked).
"""

from __future__ import annotations

from typing import Any

from accord.analysis.texts import text_standing
from accord.scenario.schema import Scenario

__all__ = ["standing_data"]


def _r(value: float) -> float:
    return round(float(value), 6)


def standing_data(scenario: Scenario, *, end: str | None) -> dict[str, Any]:
    """Return each historical text's best and worst standing on every day with events."""
    series = text_standing(scenario)
    dates = [date.isoformat() for date in series.dates]
    texts = [
        {
            "id": text.id,
            "name": text.name,
            "date": text.date.isoformat(),
            "best": [_r(v) for v in series.best[t]],
            "worst": [_r(v) for v in series.worst[t]],
            "best_in_zopa": [bool(v) for v in series.best_in_zopa[t]],
        }
        for t, text in enumerate(series.texts)
    ]
    return {
        "start": dates[0],
        "end": end or dates[-1],
        "dates": dates,
        "texts": texts,
        "summary": _summary(texts, dates),
    }


def _summary(texts: list[dict[str, Any]], dates: list[str]) -> str:
    """Say, for each text, on which days its best alternative was in the ZOPA."""
    parts = []
    for text in texts:
        inside = [d for d, z in zip(dates, text["best_in_zopa"], strict=True) if z]
        closest = max(text["best"])
        if inside:
            parts.append(f"'{text['name']}' was in the ZOPA from {inside[0]} to {inside[-1]}")
        else:
            parts.append(
                f"'{text['name']}' was never in the ZOPA (closest: {closest:+.3f} for the "
                "worst-off party)"
            )
    return "Historical texts, every number at its mean: " + "; ".join(parts) + "."
