"""Interactive figures of a sweep and an attribution for the HTML report (plotly dicts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.report._numbers import estimate_text
from accord.report._plotly import axis, base_layout, escape
from accord.report._style import BLUE, GREY, OPEN, VERMILLION, probability_limit

__all__ = [
    "agreement_figure",
    "attribution_figure",
    "differences_figure",
    "sensitivity_figure",
    "zopa_draws_figure",
]


def _rows_height(n_rows: int) -> int:
    return 200 + 60 * max(1, n_rows)


def _categories(names: list[str]) -> dict[str, Any]:
    # Reversed with room above the first row for its value label.
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": names,
        "range": [len(names) - 0.5, -0.8],
        "automargin": True,
        "showgrid": False,
        "ticks": "",
    }


def agreement_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return P(agreement) per variant with Wilson 95% intervals."""
    variants = data["variants"]
    names = [v["name"] for v in variants]
    top = probability_limit([v["high"] for v in variants])
    trace = {
        "type": "scatter",
        "x": [v["p"] for v in variants],
        "y": names,
        "mode": "markers+text",
        "marker": {"size": 12, "color": BLUE},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [v["high"] - v["p"] for v in variants],
            "arrayminus": [v["p"] - v["low"] for v in variants],
            "color": BLUE,
            "thickness": 2,
            "width": 6,
        },
        "text": [estimate_text(v["p"], v["low"], v["high"]).split(" ")[0] for v in variants],
        "textposition": "top center",
        "hovertext": [
            f"<b>{escape(v['name'])}</b><br>P(agreement) "
            f"{estimate_text(v['p'], v['low'], v['high'])} (95% interval)<br>"
            f"{v['n_agreements']:,} agreements in {v['n_draws']:,} draws"
            for v in variants
        ],
        "hoverinfo": "text",
        "showlegend": False,
    }
    layout = base_layout(
        "Probability of agreement per variant",
        xaxis=axis(
            f"P(agreement) with 95% Wilson interval ({data['n_draws']:,} draws per variant)",
            range=[-0.05 * top, top * 1.07],
        ),
        yaxis=_categories(names),
        height=_rows_height(len(variants)),
    )
    return {"data": [trace], "layout": layout}


def differences_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return each variant's paired difference from the baseline with Newcombe intervals."""
    variants = data["variants"]
    names = [v["name"] for v in variants]
    bound = max([0.1, *(abs(v[k]) for v in variants for k in ("low", "high"))]) * 1.15
    trace = {
        "type": "scatter",
        "x": [v["estimate"] for v in variants],
        "y": names,
        "mode": "markers+text",
        "marker": {
            "size": 12,
            "color": [OPEN if v["estimate"] >= 0 else VERMILLION for v in variants],
        },
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [v["high"] - v["estimate"] for v in variants],
            "arrayminus": [v["estimate"] - v["low"] for v in variants],
            "color": "#444",
            "thickness": 2,
            "width": 6,
        },
        "text": [
            estimate_text(v["estimate"], v["low"], v["high"], signed=True).split(" ")[0]
            for v in variants
        ],
        "textposition": "top center",
        "hovertext": [
            f"<b>{escape(v['name'])}</b> − baseline: "
            f"{estimate_text(v['estimate'], v['low'], v['high'], signed=True)} (95% interval)"
            f"<br>draws that gain an agreement: "
            f"{v['n_gained']:,}; that lose one: {v['n_lost']:,}"
            for v in variants
        ],
        "hoverinfo": "text",
        "showlegend": False,
    }
    layout = base_layout(
        "Paired differences from the baseline",
        xaxis=axis(
            "P(agreement): variant − baseline, on the same draws (95% Newcombe interval)",
            range=[-bound, bound],
            zeroline=True,
            zerolinecolor="black",
            zerolinewidth=1.5,
        ),
        yaxis=_categories(names),
        height=_rows_height(len(variants)),
    )
    return {"data": [trace], "layout": layout}


def attribution_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the waterfall of Shapley values from v(none) to v(all), with intervals."""
    factors = data["factors"]
    labels = ["none (baseline)", *(f["factor"] for f in factors), "all factors"]
    metric = "P(agreement)" if data["metric"] == "p_agreement" else data["metric"]
    waterfall = {
        "type": "waterfall",
        "orientation": "h",
        "y": labels,
        "x": [data["v_none"], *(f["value"] for f in factors), 0],
        "measure": ["absolute", *(["relative"] * len(factors)), "total"],
        "text": [f"{data['v_none']:.3f}", *([""] * len(factors)), f"{data['v_all']:.3f}"],
        "textposition": "outside",
        "increasing": {"marker": {"color": OPEN}},
        "decreasing": {"marker": {"color": VERMILLION}},
        "totals": {"marker": {"color": "#333"}},
        "connector": {"line": {"color": GREY, "width": 1, "dash": "dot"}},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    whiskers = {
        "type": "scatter",
        "x": [f["end"] for f in factors],
        "y": [f["factor"] for f in factors],
        "mode": "markers",
        "showlegend": False,
        "marker": {"size": 1, "color": "black"},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [f["high"] - f["value"] for f in factors],
            "arrayminus": [f["value"] - f["low"] for f in factors],
            "color": "black",
            "thickness": 1.5,
            "width": 5,
        },
        "hovertext": [
            f"<b>{escape(f['factor'])}</b>: Shapley value {f['value']:+.4f}, 95% interval "
            f"[{f['low']:+.4f}, {f['high']:+.4f}]"
            for f in factors
        ],
        "hoverinfo": "text",
    }
    labels_trace = {
        "type": "scatter",
        "x": [max(f["start"], f["end"], f["start"] + f["high"]) for f in factors],
        "y": [f["factor"] for f in factors],
        "mode": "text",
        "text": [f"  {f['value']:+.3f}" for f in factors],
        "textposition": "middle right",
        "hoverinfo": "skip",
        "showlegend": False,
    }
    top = max([0.1, data["v_none"], data["v_all"], *(f["start"] + f["high"] for f in factors)])
    layout = base_layout(
        "Attribution: each factor's Shapley value",
        xaxis=axis(
            f"{metric} (exact Shapley values, {data['n_draws']:,} draws per combination)",
            range=[0, top * 1.25],
        ),
        yaxis=_categories(labels),
        height=_rows_height(len(labels)),
    )
    return {"data": [waterfall, whiskers, labels_trace], "layout": layout}


def sensitivity_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the tornado of parameters ranked by partial rank correlation with agreement."""
    parameters = data["parameters"]
    # Readable labels where the report supplies them; the raw path is in the hover text.
    names = [escape(p.get("label", p["parameter"])) for p in parameters]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": [p["prcc"] for p in parameters],
        "y": names,
        "marker": {"color": [BLUE if p["prcc"] >= 0 else VERMILLION for p in parameters]},
        "text": [f"{p['prcc']:+.2f}" for p in parameters],
        "textposition": "outside",
        "customdata": [escape(p["parameter"]) for p in parameters],
        "hovertemplate": "%{y}<br>%{customdata}: PRCC %{x:+.3f}<extra></extra>",
        "showlegend": False,
    }
    layout = base_layout(
        f"Sensitivity of agreement to each judgement ({data['variant']})",
        xaxis=axis(
            "partial rank correlation with agreement (−1 to 1)",
            range=[-1.25, 1.25],
            zeroline=True,
            zerolinecolor="black",
        ),
        yaxis=_categories(names),
        height=_rows_height(len(parameters)),
    )
    return {"data": [trace], "layout": layout}


def zopa_draws_figure(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return P(ZOPA open) by date across draws, with its 95% Wilson band."""
    points = data["points"]
    xs = [*(p["date"] for p in points), data["end"]]

    def extended(key: str) -> list[float]:
        return [*(p[key] for p in points), points[-1][key]]

    step = {"shape": "hv", "width": 0}
    traces = [
        {
            "type": "scatter",
            "x": xs,
            "y": extended("low"),
            "mode": "lines",
            "line": step,
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "x": xs,
            "y": extended("high"),
            "mode": "lines",
            "line": step,
            "fill": "tonexty",
            "fillcolor": "rgba(0,158,115,0.2)",
            "hoverinfo": "skip",
            "name": "95% Wilson interval",
        },
        {
            "type": "scatter",
            "x": xs,
            "y": extended("p_open"),
            "mode": "lines+markers",
            "line": {"shape": "hv", "color": OPEN, "width": 2.5},
            "name": "P(ZOPA open)",
            "hovertemplate": "%{x}: %{y:.3f}<extra></extra>",
        },
    ]
    layout = base_layout(
        "P(ZOPA open) by date across draws",
        xaxis=axis("date", type="date"),
        yaxis=axis(f"share of {data['n_draws']:,} draws", rangemode="tozero"),
    )
    return {"data": traces, "layout": layout}
