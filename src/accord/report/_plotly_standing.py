"""Web figure of the historical texts' standing over time (plotly, as plain dicts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.report._plotly import axis, base_layout, escape
from accord.report._style import GREY, colour

__all__ = ["standing_figure"]


def standing_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return each text's best (solid) and worst (dotted) standing as steps over time."""
    xs = [*data["dates"], data["end"]]
    traces = []
    for index, text in enumerate(data["texts"]):
        name = escape(text["name"])
        for key, dash, width in (("best", "solid", 2.5), ("worst", "dot", 1.2)):
            ys = [*text[key], text[key][-1]]
            traces.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": ys,
                    "mode": "lines",
                    "line": {"shape": "hv", "color": colour(index), "width": width, "dash": dash},
                    "name": f"{name} ({key} alternative)",
                    "legendgroup": text["id"],
                    "hovertemplate": f"{name}, {key}: %{{y:+.3f}}<extra></extra>",
                }
            )
    layout = base_layout(
        "Historical texts: how close were they?",
        xaxis=axis("date", type="date", range=[data["start"], data["end"]]),
        yaxis=axis("standing: smallest margin over the parties"),
        shapes=[
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": 0,
                "y1": 0,
                "line": {"color": GREY, "width": 1.2},
            }
        ],
    )
    return {"data": traces, "layout": layout}
