"""Matplotlib helpers for print figures: sizes, fonts, axes, dates, event marks.

Figures are `matplotlib.figure.Figure` objects on the Agg canvas, built without pyplot
and without touching `rcParams`: every size and font is set on the artist, so drawing
a figure changes no global state. Sizes fit one journal column (3.5 in, 89 mm) at
7 pt text.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D

from accord.report._style import CONTESTED, EVENT, GREY, stagger, to_date

__all__ = [
    "COLUMN_WIDTH",
    "DPI",
    "FONT",
    "date_axis",
    "event_handles",
    "event_lines",
    "finish",
    "new_figure",
    "style_axes",
    "times",
]

COLUMN_WIDTH = 3.5  # inches: one column of a two-column journal page
DPI = 300
FONT = {"title": 8.0, "label": 7.0, "tick": 6.5, "note": 6.0}


def new_figure(height: float, *, n_rows: int = 1, sharex: bool = True) -> tuple[Figure, list[Axes]]:
    """Return a one-column figure `height` inches tall with `n_rows` stacked axes."""
    layout = ConstrainedLayoutEngine(h_pad=0.03, w_pad=0.03)
    figure = Figure(figsize=(COLUMN_WIDTH, height), dpi=DPI, layout=layout)
    FigureCanvasAgg(figure)
    axes = figure.subplots(n_rows, 1, sharex=sharex, squeeze=False)[:, 0]
    return figure, list(axes)


def finish(figure: Figure) -> Figure:
    """Settle the constrained layout, then fix it, so every file of the figure is the same.

    With legends outside the axes the layout can swing between two states from one draw
    to the next; two draws settle it and switching the engine off keeps it.
    """
    figure.draw_without_rendering()
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    return figure


def style_axes(
    axes: Axes,
    *,
    title: str = "",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title_pad: float = 6.0,
) -> None:
    """Set the title, the axis labels given and the quiet look of every figure."""
    if title:
        axes.set_title(title, fontsize=FONT["title"], loc="left", fontweight="bold", pad=title_pad)
    if xlabel is not None:
        axes.set_xlabel(xlabel, fontsize=FONT["label"])
    if ylabel is not None:
        axes.set_ylabel(ylabel, fontsize=FONT["label"])
    axes.tick_params(labelsize=FONT["tick"], length=2.5, width=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_linewidth(0.6)
    axes.grid(True, color="#E5E5E5", linewidth=0.5)
    axes.set_axisbelow(True)


def times(dates: Sequence[str | None]) -> list[Any]:
    """Return plottable x values: dates, or positions 0, 1, ... if any date is missing."""
    parsed = [to_date(d) for d in dates]
    if all(parsed):
        return parsed
    return list(range(len(dates)))


def date_axis(axes: Axes, start: dt.date, end: dt.date) -> None:
    """Show `start`..`end` on a date x axis labelled compactly (day, month; year in the label)."""
    axes.set_xlim(start, end)  # type: ignore[arg-type]
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    years = f"{start:%Y}" if start.year == end.year else f"{start:%Y}–{end:%Y}"
    axes.set_xlabel(f"date ({years})", fontsize=FONT["label"])


def event_lines(axes: Axes, events: Sequence[Mapping[str, Any]], *, label_keys: bool = True) -> int:
    """Mark events as vertical lines (contested ones dashed purple), keys above the axes.

    Returns the number of rows of keys drawn above the axes (0 to 4).
    """
    dated = [(e, to_date(e["date"])) for e in events if to_date(e["date"])]
    for event, date in dated:
        contested = event.get("contested", False)
        axes.axvline(
            date,  # type: ignore[arg-type]
            color=CONTESTED if contested else EVENT,
            linestyle=(0, (4, 2)) if contested else (0, (1, 1.5)),
            linewidth=0.8,
            zorder=1,
        )
    if not label_keys or not dated:
        return 0
    numbers = [float(mdates.date2num(date)) for _, date in dated]
    rows = stagger(numbers, min_gap=max(1.0, _days(axes)) * 0.07, n_rows=4)
    for (event, _), x, row in zip(dated, numbers, rows, strict=True):
        axes.annotate(
            event["key"],
            (x, 1.0),
            xycoords=axes.get_xaxis_transform(),
            xytext=(0, 2 + 7 * row),
            textcoords="offset points",
            fontsize=FONT["note"],
            ha="center",
            va="bottom",
            color=CONTESTED if event.get("contested") else GREY,
            annotation_clip=False,
        )
    return max(rows) + 1


def _days(axes: Axes) -> float:
    low, high = axes.get_xlim()
    return float(high - low)


def event_handles(
    events: Sequence[Mapping[str, Any]], width: int = 60, limit: int = 10
) -> list[Line2D]:
    """Return legend entries that explain event keys: 'E3 29 Mar: name (contested)'.

    Past `limit` events, one entry refers to the timeline figure instead.
    """
    if len(events) > limit:
        first, last = events[0]["key"], events[-1]["key"]
        return [
            Line2D(
                [],
                [],
                color=EVENT,
                linestyle=(0, (1, 1.5)),
                linewidth=0.8,
                label=f"events {first}–{last}, keyed as in the timeline figure",
            ),
            Line2D(
                [],
                [],
                color=CONTESTED,
                linestyle=(0, (4, 2)),
                linewidth=0.8,
                label="contested events",
            ),
        ]
    handles = []
    for event in events:
        date = to_date(event["date"])
        when = f"{date:%d %b}: " if isinstance(date, dt.date) else ""
        contested = event.get("contested", False)
        text = f"{event['key']} {when}{event['name']}" + (" (contested)" if contested else "")
        handles.append(
            Line2D(
                [],
                [],
                color=CONTESTED if contested else EVENT,
                linestyle=(0, (4, 2)) if contested else (0, (1, 1.5)),
                linewidth=0.8,
                label=textwrap.fill(text, width=width, subsequent_indent="    "),
            )
        )
    return handles
