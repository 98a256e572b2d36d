"""Print figure of the historical texts' standing over time (matplotlib)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from accord.report._matplotlib import date_axis, finish, new_figure, style_axes, times
from accord.report._style import GREY, colour, to_date

__all__ = ["draw_standing"]


def draw_standing(data: Mapping[str, Any]) -> Figure:
    """Draw each text's best (solid) and worst (dotted) standing as steps over time."""
    figure, (axes,) = new_figure(2.6 + 0.14 * len(data["texts"]))
    dates = [*data["dates"], data["end"]]
    xs = times(dates)
    for index, text in enumerate(data["texts"]):
        best = [*text["best"], text["best"][-1]]
        worst = [*text["worst"], text["worst"][-1]]
        axes.step(xs, best, where="post", color=colour(index), linewidth=1.3, label=text["name"])
        if worst != best:
            axes.step(xs, worst, where="post", color=colour(index), linewidth=0.8, linestyle=":")
        inside = [x for x, z in zip(xs, text["best_in_zopa"], strict=False) if z]
        axes.plot(
            inside,
            [b for b, z in zip(best, text["best_in_zopa"], strict=False) if z],
            "o",
            color=colour(index),
            markersize=2.5,
        )
    axes.plot([], [], color=GREY, linewidth=0.8, linestyle=":", label="worst alternative")
    axes.plot([], [], "o", color=GREY, markersize=2.5, label="best alternative in the ZOPA")
    axes.axhline(0.0, color=GREY, linewidth=0.8)
    start, end = to_date(data["start"]), to_date(data["end"])
    if start and end and start < end:
        date_axis(axes, start, end)
    style_axes(
        axes,
        title="Historical texts: how close were they?",
        ylabel="standing: smallest margin\nover the parties",
    )
    axes.legend(fontsize=6, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2)
    return finish(figure)
