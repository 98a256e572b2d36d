"""Print figures with matplotlib: one function per figure, each returning a `Figure`.

Every figure fits one journal column (3.5 in) at 7 pt text, uses the Okabe–Ito palette
(safe for colour-blind readers), and is titled, with labelled axes and units. The
functions take what a notebook user has (a scenario and its transcript, a sweep, an
attribution); `build_figures` runs a scenario and draws them all, `report_figures`
draws them from a `report_data` document, and `save_figures` writes them to a folder.
Nothing here uses pyplot, and `rcParams` change only for the duration of one save, so
figures can be drawn side by side in notebooks.

>>> from accord import load_scenario, simulate
>>> scenario = load_scenario("ceasefire-teaching")
>>> figure = zopa_figure(scenario, simulate(scenario, seed=0))
>>> float(figure.get_size_inches()[0])
3.5
"""

from __future__ import annotations

import io
import itertools
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from accord.engine.transcript import Transcript
from accord.errors import OutputError
from accord.experiments.attribution import AttributionResult
from accord.experiments.sweep import SweepResult
from accord.report import _sweep_figures as sweep_figures
from accord.report import figure_data
from accord.report._files import check_target, prepare_folder, write_atomic
from accord.report._matplotlib import (
    DPI,
    FONT,
    date_axis,
    event_handles,
    event_lines,
    finish,
    new_figure,
    style_axes,
    times,
)
from accord.report._standing_figures import draw_standing
from accord.report._style import CONTESTED, EVENT, GREY, OPEN, ROUND, colour, to_date
from accord.scenario.schema import Scenario

__all__ = [
    "FORMATS",
    "agreement_figure",
    "attribution_figure",
    "belief_figure",
    "build_figures",
    "differences_figure",
    "offers_figure",
    "report_figures",
    "reservations_figure",
    "save_figures",
    "sensitivity_figure",
    "timeline_figure",
    "zopa_figure",
]

FORMATS = ("png", "svg")
Sweep = SweepResult | Mapping[str, Any]
Attribution = AttributionResult | Mapping[str, Any]


def _document(result: Any) -> Mapping[str, Any]:
    return result.to_dict() if hasattr(result, "to_dict") else result  # type: ignore[no-any-return]


def timeline_figure(scenario: Scenario, transcript: Transcript) -> Figure:
    """Draw the rounds, events and ending of a run on a vertical time line."""
    return draw_timeline(figure_data.timeline_data(scenario, transcript))


def belief_figure(scenario: Scenario, transcript: Transcript) -> Figure:
    """Draw each holder's belief that another party honours an agreement, over time."""
    return draw_beliefs(figure_data.belief_data(scenario, transcript))


def reservations_figure(scenario: Scenario, transcript: Transcript) -> Figure:
    """Draw each party's reservation value against its best available agreement."""
    return draw_reservations(figure_data.reservation_data(scenario, transcript))


def zopa_figure(scenario: Scenario, transcript: Transcript) -> Figure:
    """Draw the number of texts in the zone of possible agreement over time."""
    return draw_zopa(figure_data.zopa_data(scenario, transcript))


def offers_figure(scenario: Scenario, transcript: Transcript) -> Figure:
    """Draw the offers in utility space over the Pareto frontier and the solutions."""
    return draw_offers(figure_data.offer_data(scenario, transcript))


def agreement_figure(sweep: Sweep) -> Figure:
    """Draw P(agreement) per variant with 95% intervals."""
    return sweep_figures.draw_agreement(figure_data.agreement_data(_document(sweep)))


def differences_figure(sweep: Sweep) -> Figure:
    """Draw each variant's paired difference from the baseline with 95% intervals."""
    return sweep_figures.draw_differences(figure_data.difference_data(_document(sweep)))


def sensitivity_figure(sweep: Sweep, *, variant: str = "baseline") -> Figure:
    """Draw the tornado of parameters ranked by partial rank correlation with agreement."""
    data = figure_data.sensitivity_data(_document(sweep), variant=variant)
    return sweep_figures.draw_sensitivity(data)


def attribution_figure(attribution: Attribution) -> Figure:
    """Draw the waterfall of Shapley values from v(none) to v(all)."""
    return sweep_figures.draw_attribution(figure_data.attribution_data(_document(attribution)))


def build_figures(
    scenario: Scenario,
    *,
    variants: Sequence[str] = (),
    sweep: Sweep | None = None,
    attribution: Attribution | None = None,
    seed: int = 0,
) -> dict[str, Figure]:
    """Run `scenario` (with `variants` applied) and draw every figure, by file name.

    With a sweep, its figures too (agreement, differences, sensitivity); with an
    attribution, the waterfall. The arguments are those of `build_report`.
    """
    data = figure_data.run_report_data(
        scenario, variants=variants, sweep=sweep, attribution=attribution, seed=seed
    )
    return report_figures(data)


def save_figures(
    figures: Mapping[str, Figure], folder: str | Path, *, format: str = "png"
) -> list[Path]:
    """Write each figure as `folder/NAME.FORMAT` (png at 300 dpi, or svg); return the paths.

    Every target is checked and every figure rendered before any is written, and each
    file is written atomically, so a failure leaves no half-written figure.
    """
    if format not in FORMATS:
        raise OutputError(f"unknown figure format '{format}'; expected one of {', '.join(FORMATS)}")
    target = prepare_folder(folder)
    paths = {name: check_target(target / f"{name}.{format}") for name in figures}
    rendered = {name: _render(figure, format) for name, figure in figures.items()}
    return [write_atomic(paths[name], content) for name, content in rendered.items()]


def _render(figure: Figure, format: str) -> bytes:
    buffer = io.BytesIO()
    # No creation date and fixed element ids: the same figure gives the same bytes. The
    # ids' salt is read only from rcParams, so it is set for the duration of this call.
    metadata = {"Date": None} if format == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "accord"}):
        figure.savefig(buffer, format=format, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def report_figures(data: Mapping[str, Any]) -> dict[str, Figure]:
    """Draw every figure of a `report_data` document; return them by file name."""
    drawers: dict[str, Callable[[Mapping[str, Any]], Figure]] = {
        "timeline": draw_timeline,
        "beliefs": draw_beliefs,
        "reservations": draw_reservations,
        "zopa": draw_zopa,
        "standing": draw_standing,
        "offers": draw_offers,
        "agreement": sweep_figures.draw_agreement,
        "differences": sweep_figures.draw_differences,
        "attribution": sweep_figures.draw_attribution,
        "sensitivity": sweep_figures.draw_sensitivity,
        "zopa_draws": sweep_figures.draw_zopa_draws,
    }
    return {name: drawers[name](data[name]) for name in figure_data.drawable(data)}


def _label_positions(true: list[float], gap: float) -> list[float]:
    """Push labels later until each is at least `gap` after the one before."""
    placed = list(true)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    return placed


def draw_timeline(data: Mapping[str, Any]) -> Figure:
    """Draw timeline data: a vertical time line, labels spread to the right."""
    outcome = data["outcome"]
    ending = {"kind": "ending", "date": outcome["date"] or data["end"], "name": ""}
    rows = [*data["items"], ending]
    height = 0.75 + 0.155 * len(rows)
    figure, (axes,) = new_figure(height)
    xs = times([r["date"] for r in rows])
    dated = not isinstance(xs[0], int)
    ys = [float(mdates.date2num(x)) if dated else float(x) for x in xs]
    gap = 0.13 * max(1.0, max(ys) - min(ys)) / (height - 0.6)
    labels = _label_positions(ys, gap)
    for row, y, label_y in zip(rows, ys, labels, strict=True):
        marker, face = _timeline_marker(row)
        axes.plot(0, y, marker=marker, color=face, markersize=4.5, zorder=3, clip_on=False)
        axes.plot([0.02, 0.05, 0.07], [y, label_y, label_y], color="#BBBBBB", linewidth=0.4)
        axes.text(
            0.08,
            label_y,
            _timeline_text(row, outcome),
            fontsize=FONT["note"],
            va="center",
            ha="left",
            color=CONTESTED if row.get("contested") else "black",
        )
    axes.set_xlim(-0.1, 1.0)
    axes.set_ylim(max(labels) + gap, min(ys) - gap)
    axes.set_xticks([])
    style_axes(axes, title="Rounds and events")
    axes.spines["left"].set_position(("data", 0))
    axes.spines["left"].set_color(GREY)
    if dated:
        axes.yaxis.set_major_locator(mdates.MonthLocator())
        axes.yaxis.set_major_formatter(mdates.DateFormatter("%b"))
    else:
        axes.set_yticks([])
    axes.grid(False)
    axes.spines["bottom"].set_visible(False)
    figure.legend(
        handles=_timeline_legend(),
        loc="outside lower center",
        fontsize=FONT["note"],
        ncol=4,
        frameon=False,
        handlelength=1.0,
        columnspacing=1.0,
    )
    return finish(figure)


def _timeline_marker(row: Mapping[str, Any]) -> tuple[str, str]:
    if row["kind"] == "round":
        return "s", ROUND
    if row["kind"] == "ending":
        return "*", "black"
    return ("D", CONTESTED) if row.get("contested") else ("o", EVENT)


def _timeline_text(row: Mapping[str, Any], outcome: Mapping[str, Any], width: int = 58) -> str:
    date = to_date(row["date"])
    when = f"{date:%d %b}  " if date else ""
    if row["kind"] == "ending":
        status = str(outcome["status"]).upper()
        cause = "" if outcome["cause"] in ("agreement", "") else f" ({outcome['cause']})"
        return f"{when}{status}{cause}"
    suffix = " [contested]" if row.get("contested") else ""
    name = f"{row['key']} {row['name']}"
    room = width - len(suffix)
    if len(name) > room:
        name = name[: room - 1] + "…"
    return f"{when}{name}{suffix}"


def _timeline_legend() -> list[Line2D]:
    def entry(marker: str, colour_: str, label: str) -> Line2D:
        return Line2D(
            [], [], marker=marker, color=colour_, linestyle="none", markersize=4, label=label
        )

    return [
        entry("s", ROUND, "round"),
        entry("o", EVENT, "event"),
        entry("D", CONTESTED, "contested event"),
        entry("*", "black", "ending"),
    ]


def _step_x(points: list[Mapping[str, Any]], end: str | None) -> tuple[list[Any], bool]:
    dates = [p["date"] for p in points] + ([end] if end else [])
    xs = times(dates)
    return xs, all(to_date(d) for d in dates)


def draw_beliefs(data: Mapping[str, Any]) -> Figure:
    """Draw belief data: step lines per pair, events marked and keyed below."""
    keys = event_handles(data["events"])
    figure, (axes,) = new_figure(2.3 + _legend_height(len(data["series"]), keys))
    for index, series in enumerate(data["series"]):
        points = series["points"]
        xs, _ = _step_x(points, data["end"])
        values = [p["value"] for p in points]
        axes.step(
            xs,
            [*values, values[-1]][: len(xs)],
            where="post",
            color=colour(index),
            linewidth=1.2,
            label=series["label"],
        )
        for x, point in zip(xs, points, strict=False):
            if point["event"]:
                axes.plot(
                    x,
                    point["value"],
                    marker="D" if point["contested"] else "o",
                    color=colour(index),
                    markersize=3.2,
                    zorder=3,
                )
    _time_limits(axes, data)
    n_rows = event_lines(axes, data["events"])
    axes.set_ylim(0, 1.02)
    style_axes(
        axes,
        title="Trust over time",
        ylabel="belief that the other side\nhonours an agreement (0–1)",
        title_pad=6 + 7 * n_rows,
    )
    _legend_below(axes, [*axes.get_legend_handles_labels()[0], *keys])
    return finish(figure)


def _time_limits(axes: Any, data: Mapping[str, Any]) -> None:
    start, end = to_date(data.get("start")), to_date(data.get("end"))
    if start and end:
        date_axis(axes, start, end)


def _changes(
    points: list[Mapping[str, Any]], value: Callable[[Mapping[str, Any]], Any]
) -> list[Mapping[str, Any]]:
    """Return the event points after which `value` changed: the events worth marking."""
    return [
        point
        for before, point in itertools.pairwise(points)
        if point.get("kind", "event") == "event" and point["key"] and value(point) != value(before)
    ]


def _legend_height(n_entries: int, keys: list[Line2D]) -> float:
    """Inches a legend of `n_entries` one-line entries and the event keys needs."""
    lines = n_entries + sum(str(k.get_label()).count("\n") + 1 for k in keys)
    return 0.12 * lines


def _legend_below(
    axes: Any, handles: list[Any], *, title: str | None = None, ncol: int = 1
) -> None:
    """Put the legend under the axes, outside the data, left-aligned."""
    if handles:
        legend = axes.figure.legend(
            handles=handles,
            loc="outside lower left",
            fontsize=FONT["note"],
            frameon=False,
            handlelength=2.0,
            title=title,
            title_fontsize=FONT["note"],
            alignment="left",
            ncol=ncol,
        )
        legend.set_in_layout(True)


def draw_reservations(data: Mapping[str, Any]) -> Figure:
    """Draw reservation data: per party, the best available text against the reservation."""
    parties = data["parties"]
    events = _changes(data["points"], lambda p: (p["reservation_values"], p["best_values"]))
    keys = event_handles(_events_of(events))
    figure, axes_list = new_figure(
        1.0 + 1.2 * len(parties) + _legend_height(3, keys), n_rows=len(parties)
    )
    points = data["points"]
    xs, _ = _step_x(points, data["end"])
    n_rows = 0
    for index, (party, axes) in enumerate(zip(parties, axes_list, strict=True)):
        best = np.array(
            [
                np.nan if p["best_values"][party["id"]] is None else p["best_values"][party["id"]]
                for p in points
            ],
            dtype=float,
        )
        reserve = np.array([p["reservation_values"][party["id"]] for p in points])
        best_x, reserve_x = np.append(best, best[-1]), np.append(reserve, reserve[-1])
        n = len(xs)
        axes.fill_between(
            xs,
            reserve_x[:n],
            best_x[:n],
            where=best_x[:n] >= reserve_x[:n] - 1e-12,
            step="post",
            color=OPEN,
            alpha=0.25,
            linewidth=0,
            label="best text ≥ reservation value",
        )
        axes.step(
            xs,
            best_x[:n],
            where="post",
            color=colour(index),
            linewidth=1.3,
            label="best text the others accept",
        )
        axes.step(
            xs,
            reserve_x[:n],
            where="post",
            color=colour(index),
            linewidth=1.0,
            linestyle=(0, (3, 1.5)),
            label="reservation value (no deal)",
        )
        axes.set_ylim(0, 1.02)
        _time_limits(axes, data)
        n_rows = max(n_rows, event_lines(axes, _events_of(events), label_keys=index == 0))
        style_axes(axes, ylabel=f"value to {party['name']}\n(utility, 0–1)")
    style_axes(
        axes_list[0], title="Space to agree: best text vs. no deal", title_pad=6 + 7 * n_rows
    )
    for axes in axes_list[:-1]:
        axes.set_xlabel("")
    handles = axes_list[0].get_legend_handles_labels()[0]
    _legend_below(axes_list[-1], [*_grey(handles), *keys])
    return finish(figure)


def _grey(handles: list[Any]) -> list[Any]:
    """Legend entries in grey: the colours of the panels stand for the parties."""
    result = []
    for handle in handles:
        if isinstance(handle, Line2D):
            result.append(
                Line2D(
                    [],
                    [],
                    color="black",
                    linewidth=handle.get_linewidth(),
                    linestyle=handle.get_linestyle(),
                    label=handle.get_label(),
                )
            )
        else:
            result.append(handle)
    return result


def _events_of(points: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "date": p["date"],
            "key": p["key"],
            "name": p["after_name"],
            "contested": p.get("contested", False),
        }
        for p in points
    ]


def draw_zopa(data: Mapping[str, Any]) -> Figure:
    """Draw ZOPA data: the number of texts in the ZOPA as a step line over time."""
    points = data["points"]
    events = _changes(points, lambda p: p["n_outcomes"])
    keys = event_handles(_events_of(events))
    figure, (axes,) = new_figure(2.3 + _legend_height(2, keys))
    xs, _ = _step_x(points, data["end"])
    sizes = [p["n_outcomes"] for p in points]
    ys = [*sizes, sizes[-1]][: len(xs)]
    axes.fill_between(xs, 0, ys, step="post", color=OPEN, alpha=0.25, linewidth=0)
    axes.step(xs, ys, where="post", color=OPEN, linewidth=1.3, label="texts in the ZOPA")
    rounds = [(x, p) for x, p in zip(xs, points, strict=False) if p["kind"] == "round"]
    axes.plot(
        [x for x, _ in rounds],
        [p["n_outcomes"] for _, p in rounds],
        "s",
        color=ROUND,
        markersize=3,
        label="round",
        zorder=3,
    )
    _time_limits(axes, data)
    n_rows = event_lines(axes, _events_of(events))
    axes.set_ylim(0, max(1, max(sizes)) * 1.1)
    axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    style_axes(
        axes,
        title="Zone of possible agreement (ZOPA)",
        title_pad=6 + 7 * n_rows,
        ylabel=f"texts in the ZOPA\n(of {data['n_feasible']:,} feasible)",
    )
    _legend_below(axes, [*axes.get_legend_handles_labels()[0], *keys])
    return finish(figure)


def draw_offers(data: Mapping[str, Any]) -> Figure:
    """Draw offer data: outcomes, frontier, ZOPA, solutions and the offer trace."""
    figure, (axes,) = new_figure(4.2)
    names = [p["name"] for p in data["parties"]]
    cloud = np.array(data["outcomes"]).reshape(-1, 2)
    axes.plot(cloud[:, 0], cloud[:, 1], ".", color="#C8C8C8", markersize=2, label="feasible texts")
    frontier = np.array(data["pareto"]).reshape(-1, 2)
    axes.plot(
        frontier[:, 0], frontier[:, 1], "-", color="black", linewidth=0.9, label="Pareto frontier"
    )
    zopa = np.array(data["zopa"]).reshape(-1, 2)
    if len(zopa):
        axes.plot(
            zopa[:, 0],
            zopa[:, 1],
            "o",
            markerfacecolor="none",
            markeredgecolor=OPEN,
            markersize=5,
            markeredgewidth=1.0,
            label="in the ZOPA",
        )
    rx, ry = data["reservation_values"]
    axes.axvline(rx, color=GREY, linestyle=(0, (3, 1.5)), linewidth=0.7)
    axes.axhline(ry, color=GREY, linestyle=(0, (3, 1.5)), linewidth=0.7, label="reservation values")
    _offer_trace(axes, data["offers"])
    _solutions(axes, data)
    axes.set_xlim(-0.02, 1.02)
    axes.set_ylim(-0.02, 1.02)
    style_axes(
        axes,
        title="Offers in utility space",
        xlabel=f"utility of {names[0]} (0–1)",
        ylabel=f"utility of {names[1]} (0–1)",
    )
    note = textwrap.fill(data["note"], width=70)
    _legend_below(axes, axes.get_legend_handles_labels()[0], title=note, ncol=2)
    return finish(figure)


def _offer_trace(axes: Any, offers: list[Mapping[str, Any]]) -> None:
    if not offers:
        return
    trace = np.array([o["utilities"] for o in offers])
    axes.plot(trace[:, 0], trace[:, 1], "-", color=ROUND, linewidth=0.5, alpha=0.6)
    rounds = list(dict.fromkeys(o["round_name"] for o in offers))
    shades = np.linspace(0.35, 1.0, len(rounds))
    for shade, name in zip(shades, rounds, strict=True):
        chosen = np.array([o["utilities"] for o in offers if o["round_name"] == name])
        axes.plot(
            chosen[:, 0],
            chosen[:, 1],
            "o",
            color=ROUND,
            alpha=float(shade),
            markersize=3,
            markeredgewidth=0,
            zorder=3,
        )
    axes.plot(
        [],
        [],
        "o-",
        color=ROUND,
        markersize=3,
        linewidth=0.5,
        label=f"offers ({len(offers)}; darker = later)",
    )
    first, last = offers[0], offers[-1]
    for offer, text in ((first, "first"), (last, "last")):
        axes.annotate(
            text,
            offer["utilities"],
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=FONT["note"],
            color=ROUND,
        )


def _solutions(axes: Any, data: Mapping[str, Any]) -> None:
    markers = {"nash": ("*", 9), "kalai_smorodinsky": ("^", 6)}
    names = {"nash": "Nash solution", "kalai_smorodinsky": "Kalai–Smorodinsky solution"}
    for name, solution in data["solutions"].items():
        if solution is None:
            continue
        marker, size = markers[name]
        x, y = solution["utilities"]
        axes.plot(
            x,
            y,
            marker,
            color="black",
            markersize=size,
            markerfacecolor="white" if name == "kalai_smorodinsky" else "black",
            zorder=4,
            label=names[name],
        )
    if data["agreement"]:
        x, y = data["agreement"]["utilities"]
        axes.plot(
            x,
            y,
            "o",
            markersize=9,
            markerfacecolor="none",
            markeredgecolor="black",
            markeredgewidth=1.4,
            zorder=5,
            label="agreement",
        )
