"""Interactive figures for the HTML report: plotly figure specs built as plain dicts.

Each function turns one figure's data (`accord.report.figure_data`) into
``{"data": [...], "layout": {...}}``, the JSON that `Plotly.newPlot` draws. Hover text
carries what does not fit on the page: event descriptions, effects, sources, texts.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import Any

from accord.report._style import (
    CONTESTED,
    EVENT,
    GREY,
    OPEN,
    ROUND,
    SOLUTION_NAMES,
    colour,
    stagger,
    to_date,
)

__all__ = [
    "axis",
    "base_layout",
    "belief_figure",
    "escape",
    "offers_figure",
    "reservations_figure",
    "timeline_figure",
    "zopa_figure",
]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
PLOT_WIDTH = 1000  # pixels the report's layout gives a figure, to space labels
CHAR_WIDTH = 7.0  # pixels per character of 12 px text


def escape(text: object) -> str:
    """Escape text for plotly labels, which read a little HTML."""
    return html.escape(str(text), quote=False)


def base_layout(title: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {
            "text": f"<b>{escape(title)}</b>",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 16},
        },
        "font": {"family": FONT, "size": 13, "color": "#222"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": _margin(),
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        "height": 420,
    }
    layout.update(extra)
    # The legend sits under the axis title, a fixed distance in pixels below the plot.
    plot_height = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    layout["legend"]["y"] = -75 / max(plot_height, 100)
    return layout


def axis(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": escape(title)},
        "showgrid": True,
        "gridcolor": "#EAEAEA",
        "zeroline": False,
        "linecolor": "#444",
        "ticks": "outside",
        **extra,
    }


def _date_axis(data: Mapping[str, Any], title: str = "date", **extra: Any) -> dict[str, Any]:
    dates = axis(title, type="date", **extra)
    if data.get("start") and data.get("end"):
        dates["range"] = [data["start"], data["end"]]
    return dates


def _event_marks(events: Sequence[Mapping[str, Any]], *, yref: str = "paper") -> dict[str, Any]:
    """Vertical lines at events (contested: dashed purple) and hoverable keys on top."""
    dated = [e for e in events if e.get("date")]
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": yref,
            "x0": e["date"],
            "x1": e["date"],
            "y0": 0,
            "y1": 1,
            "line": {
                "color": CONTESTED if e.get("contested") else EVENT,
                "width": 1.2,
                "dash": "dash" if e.get("contested") else "dot",
            },
            "layer": "below",
        }
        for e in dated
    ]
    span = _span_days(dated)
    rows = stagger([_day(e["date"]) for e in dated], min_gap=span * 28 / PLOT_WIDTH, n_rows=4)
    annotations = [
        {
            "x": e["date"],
            "xref": "x",
            "y": 1.0,
            "yref": "paper",
            "yshift": 4 + 16 * row,
            "yanchor": "bottom",
            "text": escape(e["key"]),
            "showarrow": False,
            "font": {"size": 11, "color": CONTESTED if e.get("contested") else GREY},
            "hovertext": escape(e["name"]) + (" (contested)" if e.get("contested") else ""),
        }
        for e, row in zip(dated, rows, strict=True)
    ]
    top = 80 + 16 * (max(rows, default=0) + 1)
    return {"shapes": shapes, "annotations": annotations, "margin": _margin(top=top)}


def _margin(top: int = 80) -> dict[str, int]:
    return {"l": 70, "r": 30, "t": top, "b": 110}


def _day(value: str) -> float:
    date = to_date(value)
    return float(date.toordinal()) if date else 0.0


def _span_days(events: Sequence[Mapping[str, Any]]) -> float:
    days = [_day(e["date"]) for e in events]
    return max(1.0, max(days, default=0) - min(days, default=0))


def _with_end(
    points: Sequence[Mapping[str, Any]], values: list[Any], end: str | None
) -> tuple[list[Any], list[Any]]:
    """Extend a step series to the last day."""
    xs = [p["date"] for p in points]
    if end and xs and xs[-1] != end:
        return [*xs, end], [*values, values[-1]]
    return xs, values


def timeline_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the timeline: rounds above the line, events below, labels staggered."""
    first, last = _day(data["start"] or ""), _day(data["end"] or "")
    span = max(1.0, last - first)
    traces: list[dict[str, Any]] = []
    annotations = []
    used = {1: 0, -1: 0}
    for kind, side in (("round", 1), ("event", -1)):
        chosen = [i for i in data["items"] if i["kind"] == kind and i["date"]]
        placed = _place_labels(chosen, first, span)
        for item, (label, row, right) in zip(chosen, placed, strict=True):
            y = side * (1 + row)
            traces.append(_stem(item["date"], y))
            annotations.append(_item_label(item, label, y, side, right))
            used[side] = max(used[side], row + 1)
        traces.append(_item_markers(kind, chosen))
    outcome = data["outcome"]
    if outcome["date"]:
        traces.append(_ending_marker(outcome))
    pad = span * 0.02
    xaxis = _date_axis(data)
    if data["start"] and data["end"]:
        xaxis["range"] = [_iso_day(first - pad), _iso_day(last + pad)]
    layout = base_layout(
        "Rounds and events",
        xaxis=xaxis,
        yaxis={"visible": False, "range": [-used[-1] - 1.2, used[1] + 1.2], "fixedrange": True},
        annotations=annotations,
        height=150 + 34 * (used[1] + used[-1] + 2),
        shapes=[_zero_line()],
    )
    return {"data": traces, "layout": layout}


def _place_labels(
    items: Sequence[Mapping[str, Any]], first: float, span: float
) -> list[tuple[str, int, bool]]:
    """Return (label, row, anchored right) per item; labels near the end extend left."""
    labels = [_short(f"{i['key']} {i['name']}", 32) for i in items]
    widths = [span * (len(label) + 3) * CHAR_WIDTH / PLOT_WIDTH for label in labels]
    days = [_day(i["date"]) for i in items]
    right = [day + width > first + span * 1.01 for day, width in zip(days, widths, strict=True)]
    lefts = [d - w if r else d for d, w, r in zip(days, widths, right, strict=True)]
    order = sorted(range(len(items)), key=lambda i: lefts[i])
    rows_sorted = stagger(
        [lefts[i] for i in order], [widths[i] for i in order], n_rows=max(1, len(items))
    )
    rows = [0] * len(items)
    for i, row in zip(order, rows_sorted, strict=True):
        rows[i] = row
    return list(zip(labels, rows, right, strict=True))


def _iso_day(day: float) -> str:
    return dt.date.fromordinal(round(day)).isoformat()


def _short(text: str, width: int = 44) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _zero_line() -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": 0,
        "y1": 0,
        "line": {"color": GREY, "width": 1.5},
        "layer": "below",
    }


def _hover(item: Mapping[str, Any]) -> str:
    lines = [f"<b>{escape(item['name'])}</b>", f"{item['date']} · {escape(item['detail'])}"]
    if item.get("contested"):
        lines.append(f"<span style='color:{CONTESTED}'><b>contested</b></span>")
    lines += [escape(effect) for effect in item.get("effects", [])]
    lines += [
        f"reading ({escape(r['by'])}): {escape(_short(r['reading'], 90))}" for r in item["readings"]
    ]
    if item["sources"]:
        lines.append("sources: " + escape(", ".join(item["sources"])))
    return "<br>".join(lines)


def _stem(date: str, y: float) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [date, date],
        "y": [0, y],
        "mode": "lines",
        "line": {"color": "#C8C8C8", "width": 1},
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _item_label(
    item: Mapping[str, Any], label: str, y: float, side: int, right: bool
) -> dict[str, Any]:
    contested = item.get("contested")
    return {
        "x": item["date"],
        "y": y,
        "xref": "x",
        "yref": "y",
        "text": escape(label) + (" ◆" if contested else ""),
        "showarrow": False,
        "xanchor": "right" if right else "left",
        "yanchor": "bottom" if side > 0 else "top",
        "font": {"size": 12, "color": CONTESTED if contested else "#222"},
        "hovertext": _hover(item),
    }


def _item_markers(kind: str, items: list[Mapping[str, Any]]) -> dict[str, Any]:
    if kind == "round":
        style = {"symbol": "square", "color": ROUND, "size": 11}
        colours: Any = ROUND
        symbols: Any = "square"
    else:
        colours = [CONTESTED if i["contested"] else EVENT for i in items]
        symbols = ["diamond" if i["contested"] else "circle" for i in items]
        style = {"size": 11}
    return {
        "type": "scatter",
        "x": [i["date"] for i in items],
        "y": [0] * len(items),
        "mode": "markers",
        "name": "rounds" if kind == "round" else "events (◆ contested)",
        "marker": {**style, "color": colours, "symbol": symbols, "line": {"width": 0}},
        "hovertext": [_hover(i) for i in items],
        "hoverinfo": "text",
    }


def _ending_marker(outcome: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [outcome["date"]],
        "y": [0],
        "mode": "markers",
        "name": f"ending: {outcome['status']}",
        "marker": {"symbol": "star", "size": 16, "color": "black"},
        "hovertext": [f"<b>{escape(outcome['status'].upper())}</b><br>{escape(outcome['reason'])}"],
        "hoverinfo": "text",
    }


def belief_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the belief trajectories, each change annotated with its event."""
    traces = []
    for index, series in enumerate(data["series"]):
        points = series["points"]
        xs, ys = _with_end(points, [p["value"] for p in points], data["end"])
        hover = [
            f"{escape(series['label'])}: {p['value']:.3f}<br>"
            + (
                f"after {escape(p['event_key'])}: {escape(p['event_name'])}"
                if p["event"]
                else "initial"
            )
            for p in points
        ]
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines+markers",
                "line": {"shape": "hv", "color": colour(index), "width": 2.5},
                "marker": {
                    "size": [9 if p["event"] else 6 for p in points]
                    + [0] * (len(xs) - len(points)),
                    "symbol": ["diamond" if p["contested"] else "circle" for p in points]
                    + ["circle"] * (len(xs) - len(points)),
                },
                "name": escape(series["label"]),
                "hovertext": hover + [""] * (len(xs) - len(points)),
                "hoverinfo": "text",
            }
        )
    marks = _event_marks(data["events"])
    layout = base_layout(
        "Trust: belief that the other side will honour an agreement",
        xaxis=_date_axis(data),
        yaxis=axis("belief (probability, 0–1)", range=[0, 1.02]),
        **marks,
    )
    return {"data": traces, "layout": layout}


def reservations_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return one panel per party: best available text against the reservation value."""
    parties = data["parties"]
    points = data["points"]
    n = len(parties)
    gap = 0.14
    height = (1 - gap * (n - 1)) / n
    traces: list[dict[str, Any]] = []
    layout_axes: dict[str, Any] = {}
    for index, party in enumerate(parties):
        suffix = "" if index == 0 else str(index + 1)
        top = 1 - index * (height + gap)
        layout_axes[f"yaxis{suffix}"] = axis(
            f"{party['name']} (utility)", range=[0, 1.02], domain=[top - height, top]
        )
        layout_axes[f"xaxis{suffix}"] = _date_axis(
            data,
            title="date" if index == n - 1 else "",
            anchor=f"y{suffix}",
            **({"matches": "x"} if index else {}),
        )
        traces += _party_traces(points, party, data["end"], index, suffix)
    events = [
        {"date": p["date"], "key": p["key"], "name": p["after_name"], "contested": p["contested"]}
        for p in points
        if p["key"]
    ]
    marks = _event_marks(events)
    layout = base_layout(
        "The space to agree: each party's best available text against no deal",
        height=260 * n + 140,
        **layout_axes,
        **marks,
    )
    return {"data": traces, "layout": layout}


def _party_traces(
    points: Sequence[Mapping[str, Any]],
    party: Mapping[str, Any],
    end: str | None,
    index: int,
    suffix: str,
) -> list[dict[str, Any]]:
    pid = party["id"]
    reserve = [p["reservation_values"][pid] for p in points]
    best = [p["best_values"][pid] for p in points]
    upper = [
        b if b is not None and b >= r - 1e-12 else r for b, r in zip(best, reserve, strict=True)
    ]
    axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
    xs, reserve_x = _with_end(points, reserve, end)
    _, best_x = _with_end(points, best, end)
    _, upper_x = _with_end(points, upper, end)
    first = index == 0
    hover = [f"after {escape(p['after_name'])}" for p in points] + [""] * (len(xs) - len(points))
    return [
        {
            "type": "scatter",
            "x": xs,
            "y": reserve_x,
            "mode": "lines",
            **axes,
            "line": {"shape": "hv", "color": colour(index), "width": 2, "dash": "dash"},
            "name": f"{escape(party['name'])}: reservation value (no deal)",
            "legendgroup": pid,
            "hovertext": hover,
            "hovertemplate": "%{y:.3f} reservation value<br>%{hovertext}",
        },
        {
            "type": "scatter",
            "x": xs,
            "y": upper_x,
            "mode": "lines",
            **axes,
            "fill": "tonexty",
            "fillcolor": "rgba(0,158,115,0.25)",
            "line": {"shape": "hv", "width": 0},
            "name": "space to agree (best ≥ reservation)",
            "showlegend": first,
            "legendgroup": "open",
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": xs,
            "y": best_x,
            "mode": "lines+markers",
            **axes,
            "line": {"shape": "hv", "color": colour(index), "width": 2.5},
            "marker": {"size": 5},
            "connectgaps": False,
            "name": f"{escape(party['name'])}: best text the others accept",
            "legendgroup": pid,
            "hovertext": hover,
            "hovertemplate": "%{y:.3f} best available<br>%{hovertext}",
        },
    ]


def zopa_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the number of texts in the ZOPA over time, events marked."""
    points = data["points"]
    xs, ys = _with_end(points, [p["n_outcomes"] for p in points], data["end"])
    traces = [
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines",
            "fill": "tozeroy",
            "fillcolor": "rgba(0,158,115,0.25)",
            "line": {"shape": "hv", "color": OPEN, "width": 2.5},
            "name": "texts in the ZOPA",
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": [p["date"] for p in points],
            "y": [p["n_outcomes"] for p in points],
            "mode": "markers",
            "name": "after a round (■) or event (●)",
            "marker": {
                "size": 8,
                "color": [ROUND if p["kind"] == "round" else EVENT for p in points],
                "symbol": ["square" if p["kind"] == "round" else "circle" for p in points],
            },
            "hovertext": [
                f"{p['n_outcomes']:,} texts after {escape(p['after_name'])}" for p in points
            ],
            "hoverinfo": "text",
        },
    ]
    events = [
        {"date": p["date"], "key": p["key"], "name": p["after_name"], "contested": p["contested"]}
        for p in points
        if p["kind"] == "event"
    ]
    layout = base_layout(
        "Zone of possible agreement (ZOPA) over time",
        xaxis=_date_axis(data),
        yaxis=axis(f"texts in the ZOPA (of {data['n_feasible']:,} feasible)", rangemode="tozero"),
        **_event_marks(events),
    )
    return {"data": traces, "layout": layout}


def offers_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the offers in utility space over the frontier, the ZOPA and the solutions."""
    names = [p["name"] for p in data["parties"]]
    cloud, frontier, zopa = data["outcomes"], data["pareto"], data["zopa"]
    traces: list[dict[str, Any]] = [
        _points(cloud, "feasible texts", {"size": 5, "color": "#CCCCCC"}, hover=False),
        {
            **_points(frontier, "Pareto frontier", {"size": 5, "color": "black"}, hover=False),
            "mode": "lines+markers",
            "line": {"color": "black", "width": 1.5},
        },
    ]
    if zopa:
        traces.append(
            _points(
                zopa,
                "texts in the ZOPA",
                {"size": 12, "color": "rgba(0,0,0,0)", "line": {"color": OPEN, "width": 2}},
                hover=False,
            )
        )
    traces += _offer_traces(data["offers"], names)
    traces += _solution_traces(data)
    rx, ry = data["reservation_values"]
    shapes = [
        {
            "type": "line",
            "x0": rx,
            "x1": rx,
            "y0": 0,
            "y1": 1,
            "yref": "y",
            "line": {"color": GREY, "dash": "dash", "width": 1},
        },
        {
            "type": "line",
            "y0": ry,
            "y1": ry,
            "x0": 0,
            "x1": 1,
            "xref": "x",
            "line": {"color": GREY, "dash": "dash", "width": 1},
        },
    ]
    layout = base_layout(
        "Offers in utility space",
        xaxis=axis(f"utility of {names[0]} (0–1)", range=[-0.02, 1.02], constrain="domain"),
        yaxis=axis(
            f"utility of {names[1]} (0–1)", range=[-0.02, 1.02], scaleanchor="x", constrain="domain"
        ),
        shapes=shapes,
        height=780,
        annotations=[
            {
                "text": escape(data["note"]) + "; dashed lines: reservation values",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.02,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12, "color": GREY},
            }
        ],
    )
    return {"data": traces, "layout": layout}


def _points(
    points: Sequence[Sequence[float]], name: str, marker: dict[str, Any], *, hover: bool
) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [p[0] for p in points],
        "y": [p[1] for p in points],
        "mode": "markers",
        "name": name,
        "marker": marker,
        "hoverinfo": "x+y" if hover else "skip",
    }


def _text_lines(text: Mapping[str, str]) -> str:
    return "<br>".join(f"{escape(issue)}: {escape(option)}" for issue, option in text.items())


def _offer_traces(offers: Sequence[Mapping[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    if not offers:
        return []
    x_name, y_name = escape(names[0]), escape(names[1])
    hover = [
        f"<b>step {o['step']}</b> · {escape(o['round_name'])} · {o['date'] or ''}<br>"
        f"{x_name} {o['utilities'][0]:.3f}, {y_name} {o['utilities'][1]:.3f}<br>"
        f"accepted by: {escape(', '.join(o['accepted_by']) or 'nobody')}<br>"
        + _text_lines(o["text"])
        for o in offers
    ]
    return [
        {
            "type": "scatter",
            "x": [o["utilities"][0] for o in offers],
            "y": [o["utilities"][1] for o in offers],
            "mode": "lines+markers",
            "name": f"offers ({len(offers)}), colour = step",
            "line": {"color": "rgba(0,114,178,0.35)", "width": 1},
            "marker": {
                "size": 9,
                "color": [o["step"] for o in offers],
                "colorscale": "Cividis",
                "colorbar": {"title": {"text": "step"}, "thickness": 12, "len": 0.5, "y": 0.75},
                "line": {"width": 0.5, "color": "white"},
            },
            "hovertext": hover,
            "hoverinfo": "text",
        }
    ]


def _solution_traces(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    symbols = {"nash": ("star", "black"), "kalai_smorodinsky": ("triangle-up", "white")}
    traces = []
    for name, solution in data["solutions"].items():
        if solution is None:
            continue
        symbol, fill = symbols[name]
        x, y = solution["utilities"]
        traces.append(
            {
                "type": "scatter",
                "x": [x],
                "y": [y],
                "mode": "markers",
                "name": f"{SOLUTION_NAMES[name]} solution",
                "marker": {
                    "symbol": symbol,
                    "size": 16,
                    "color": fill,
                    "line": {"color": "black", "width": 1.5},
                },
                "hovertext": [f"<b>{SOLUTION_NAMES[name]}</b><br>{_text_lines(solution['text'])}"],
                "hoverinfo": "text",
            }
        )
    if data["agreement"]:
        x, y = data["agreement"]["utilities"]
        traces.append(
            {
                "type": "scatter",
                "x": [x],
                "y": [y],
                "mode": "markers",
                "name": "agreement",
                "marker": {
                    "symbol": "circle-open",
                    "size": 22,
                    "color": "black",
                    "line": {"width": 3},
                },
                "hovertext": [f"<b>agreement</b><br>{_text_lines(data['agreement']['text'])}"],
                "hoverinfo": "text",
            }
        )
    return traces
