"""Terminal rendering with rich: tables and panels for each command's result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.analysis.summary import BargainingAnalysis
from accord.scenario.load import ShippedScenario
from accord.scenario.schema import Scenario

__all__ = ["render_analysis", "render_scenario_list", "render_validation"]

SOLUTION_NAMES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "utilitarian": "Utilitarian",
    "egalitarian": "Egalitarian",
}


def outcome_text(outcome: Mapping[str, str]) -> str:
    """Render an outcome as ``issue=option, ...``."""
    return ", ".join(f"{issue}={option}" for issue, option in outcome.items())


def _numbers(values: Iterable[float]) -> list[str]:
    return [f"{value:.3f}" for value in values]


def render_analysis(console: Console, analysis: BargainingAnalysis) -> None:
    """Print the bargaining space: sizes, reservation values, solutions, frontier."""
    data = analysis.to_dict()
    parties = data["parties"]
    when = f" on {data['date']}" if data["date"] else ""
    head = Text.assemble(
        (analysis.scenario.title, "bold"),
        f" — bargaining space{when}\n",
        f"{data['n_outcomes']:,} outcomes, {data['n_feasible']:,} feasible, "
        f"ZOPA {data['zopa']['n_outcomes']:,}, "
        f"Pareto frontier {len(data['pareto']):,}",
    )
    reservation = Table(title="Reservation values (no agreement)", title_justify="left")
    for party in parties:
        reservation.add_column(party, justify="right")
    reservation.add_row(*_numbers(data["reservation_values"][p] for p in parties))
    solutions = Table(title="Solutions over the ZOPA", title_justify="left")
    solutions.add_column("solution")
    for party in parties:
        solutions.add_column(f"u {party}", justify="right")
    solutions.add_column("outcome")
    for name, point in data["solutions"].items():
        if point is None:
            solutions.add_row(SOLUTION_NAMES[name], *["—"] * len(parties), "empty ZOPA")
        else:
            solutions.add_row(
                SOLUTION_NAMES[name],
                *_numbers(point["utilities"][p] for p in parties),
                outcome_text(point["outcome"]),
            )
    console.print(Panel(Group(head, reservation, solutions, _frontier_table(data, parties))))


def _frontier_table(data: Mapping[str, object], parties: list[str], limit: int = 15) -> Table:
    pareto = list(data["pareto"])  # type: ignore[call-overload]
    shown = pareto if len(pareto) <= limit else pareto[:limit]
    table = Table(
        title=f"Pareto frontier ({len(pareto)} outcomes"
        f"{'' if len(pareto) <= limit else f', first {limit} shown'})",
        title_justify="left",
    )
    for party in parties:
        table.add_column(f"u {party}", justify="right")
    table.add_column("outcome")
    for point in shown:
        table.add_row(
            *_numbers(point["utilities"][p] for p in parties), outcome_text(point["outcome"])
        )
    return table


def render_scenario_list(console: Console, scenarios: Iterable[ShippedScenario]) -> None:
    """Print the shipped scenarios."""
    table = Table(title="Shipped scenarios", title_justify="left")
    table.add_column("id", style="bold")
    table.add_column("title")
    for shipped in scenarios:
        table.add_row(shipped.id, shipped.title)
    console.print(table)


def render_validation(console: Console, path: str, scenario: Scenario, n_outcomes: int) -> None:
    """Print a one-line confirmation that a scenario file is valid."""
    console.print(
        f"[green]valid[/green] {path}: scenario '{scenario.id}', {len(scenario.parties)} "
        f"participants, {len(scenario.issues)} issues, {n_outcomes:,} outcomes, "
        f"{len(scenario.events)} events, {len(scenario.variants)} variants"
    )
