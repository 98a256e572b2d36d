"""Print figures of a sweep and an attribution (matplotlib), from their figure data.

Drawn by `accord.report.figures`, whose public functions take sweep and attribution
results; these take the plain data of `accord.report.figure_data`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from accord.report._matplotlib import FONT, finish, new_figure, style_axes, times
from accord.report._style import BLUE, GREY, OPEN, VERMILLION, probability_limit

__all__ = [
    "draw_agreement",
    "draw_attribution",
    "draw_differences",
    "draw_sensitivity",
    "draw_zopa_draws",
]


def _rows_height(n_rows: int) -> float:
    return 1.0 + 0.26 * max(1, n_rows)


def _categories(axes: Axes, labels: list[str]) -> None:
    axes.set_yticks(range(len(labels)), labels)
    axes.set_ylim(len(labels) - 0.5, -0.5)
    axes.grid(False, axis="y")


def _interval_row(
    axes: Axes, row: int, value: float, low: float, high: float, colour: str, label: str
) -> None:
    """One variant's estimate with its interval, labelled at the interval's right end."""
    axes.errorbar(
        value,
        row,
        xerr=[[value - low], [high - value]],
        fmt="o",
        color=colour,
        markersize=4,
        capsize=2.5,
        linewidth=1.0,
    )
    axes.annotate(
        label,
        (high, row),
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        fontsize=FONT["note"],
    )


def draw_agreement(data: Mapping[str, Any]) -> Figure:
    """Draw agreement data: P(agreement) per variant, Wilson 95% intervals."""
    variants = data["variants"]
    figure, (axes,) = new_figure(_rows_height(len(variants)))
    for row, v in enumerate(variants):
        _interval_row(axes, row, v["p"], v["low"], v["high"], BLUE, f"{v['p']:.2f}")
    _categories(axes, [v["name"] for v in variants])
    axes.set_xlim(0, probability_limit([v["high"] for v in variants]) * 1.08)
    style_axes(
        axes,
        title="Probability of agreement per variant",
        xlabel=f"P(agreement), 95% Wilson interval\n({data['n_draws']:,} draws per variant)",
    )
    return finish(figure)


def draw_differences(data: Mapping[str, Any]) -> Figure:
    """Draw difference data: each variant minus the baseline, paired 95% intervals."""
    variants = data["variants"]
    figure, (axes,) = new_figure(_rows_height(len(variants)))
    axes.axvline(0, color="black", linewidth=0.6)
    for row, v in enumerate(variants):
        colour = OPEN if v["estimate"] >= 0 else VERMILLION
        _interval_row(
            axes, row, v["estimate"], v["low"], v["high"], colour, f"{v['estimate']:+.2f}"
        )
    _categories(axes, [v["name"] for v in variants])
    bound = max([0.1, *(abs(v[k]) for v in variants for k in ("low", "high"))])
    axes.set_xlim(-bound * 1.15, bound * 1.3)
    style_axes(
        axes,
        title="Counterfactual effect on agreement",
        xlabel="P(agreement): variant − baseline\n(same draws; 95% Newcombe interval)",
    )
    return finish(figure)


def draw_attribution(data: Mapping[str, Any]) -> Figure:
    """Draw attribution data: a waterfall from v(none) through each factor to v(all)."""
    factors = data["factors"]
    labels = ["none (baseline)", *(f["factor"] for f in factors), "all factors"]
    figure, (axes,) = new_figure(_rows_height(len(labels)))
    axes.barh(0, data["v_none"], color=GREY, height=0.6)
    for row, f in enumerate(factors, start=1):
        axes.barh(
            row,
            f["end"] - f["start"],
            left=f["start"],
            color=OPEN if f["value"] >= 0 else VERMILLION,
            height=0.6,
        )
        axes.errorbar(
            f["end"],
            row,
            xerr=[[f["value"] - f["low"]], [f["high"] - f["value"]]],
            fmt="none",
            color="black",
            capsize=2,
            linewidth=0.7,
        )
        axes.plot([f["start"]] * 2, [row - 1.3, row - 0.3], color=GREY, linewidth=0.5)
        axes.annotate(
            f"{f['value']:+.3f}",
            (max(f["start"], f["end"], f["start"] + f["high"]), row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT["note"],
        )
    axes.barh(len(labels) - 1, data["v_all"], color="black", height=0.6)
    for row, value in ((0, data["v_none"]), (len(labels) - 1, data["v_all"])):
        axes.annotate(
            f"{value:.3f}",
            (value, row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT["note"],
        )
    _categories(axes, labels)
    ends = [data["v_none"], data["v_all"], *(f["start"] + f["high"] for f in factors)]
    axes.set_xlim(0, max(0.1, *ends) * 1.3)
    metric = "P(agreement)" if data["metric"] == "p_agreement" else data["metric"]
    style_axes(
        axes,
        title="Attribution: what moves agreement",
        xlabel=f"{metric}; Shapley values, 95% intervals\n"
        f"({data['n_draws']:,} draws per combination of factors)",
    )
    return finish(figure)


def draw_sensitivity(data: Mapping[str, Any]) -> Figure:
    """Draw sensitivity data: a tornado of partial rank correlations, labels above bars."""
    parameters = data["parameters"]
    figure, (axes,) = new_figure(1.0 + 0.34 * max(1, len(parameters)))
    values = np.array([p["prcc"] for p in parameters], dtype=float)
    rows = np.arange(len(parameters))
    axes.barh(
        rows + 0.18,
        values,
        color=[BLUE if v >= 0 else VERMILLION for v in values],
        height=0.45,
    )
    for row, parameter in zip(rows, parameters, strict=True):
        axes.text(-0.98, row - 0.2, parameter["parameter"], fontsize=FONT["note"], va="center")
        axes.text(
            parameter["prcc"] + (0.03 if parameter["prcc"] >= 0 else -0.03),
            row + 0.18,
            f"{parameter['prcc']:+.2f}",
            fontsize=FONT["note"],
            va="center",
            ha="left" if parameter["prcc"] >= 0 else "right",
        )
    axes.axvline(0, color="black", linewidth=0.6)
    axes.set_yticks([])
    axes.set_ylim(len(parameters) - 0.4, -0.6)
    axes.set_xlim(-1, 1)
    style_axes(
        axes,
        title="Sensitivity of agreement to each judgement",
        xlabel="partial rank correlation with agreement (−1 to 1)\n"
        f"variant {data['variant']}; positive: a higher value, more agreements"
        + _reliability(data),
    )
    axes.grid(False, axis="y")
    return finish(figure)


def _reliability(data: Mapping[str, Any]) -> str:
    """Return a warning line when there are too few draws for the number of parameters."""
    n_parameters = data.get("n_parameters", 0)
    if data["n_draws"] >= 4 * n_parameters / 3:
        return ""
    return f"\nnot reliable: {data['n_draws']} draws for {n_parameters} uncertain numbers"


def draw_zopa_draws(data: Mapping[str, Any]) -> Figure:
    """Draw P(ZOPA open) by date: a step line with its 95% Wilson band."""
    points = data["points"]
    figure, (axes,) = new_figure(2.4)
    xs = times([*(p["date"] for p in points), data["end"]])
    shares = [p["p_open"] for p in points]
    lows, highs = [p["low"] for p in points], [p["high"] for p in points]
    axes.fill_between(
        xs, [*lows, lows[-1]], [*highs, highs[-1]], step="post", color=OPEN, alpha=0.2, linewidth=0
    )
    axes.step(xs, [*shares, shares[-1]], where="post", color=OPEN, linewidth=1.3)
    axes.set_ylim(0, probability_limit(highs) * 1.08)
    style_axes(
        axes,
        title="P(ZOPA open) by date across draws",
        ylabel=f"share of {data['n_draws']:,} draws\n(95% Wilson band)",
    )
    return finish(figure)
