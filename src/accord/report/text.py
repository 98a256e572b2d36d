"""Terminal rendering with rich: tables and panels for each command's result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.analysis.summary import BargainingAnalysis
from accord.scenario.load import ShippedScenario
from accord.scenario.schema import Scenario

__all__ = [
    "render_analysis",
    "render_attribution",
    "render_results_list",
    "render_scenario_list",
    "render_sweep",
    "render_transcript",
    "render_validation",
]

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
    """Print the shipped scenarios and conflicts."""
    table = Table(title="Shipped scenarios", title_justify="left")
    table.add_column("id", style="bold")
    table.add_column("kind")
    table.add_column("title")
    for shipped in scenarios:
        table.add_row(shipped.id, shipped.kind, shipped.title)
    console.print(table)


def render_validation(console: Console, path: str, scenario: Scenario, n_outcomes: int) -> None:
    """Print a one-line confirmation that a scenario file is valid."""
    console.print(
        f"[green]valid[/green] {path}: scenario '{scenario.id}', {len(scenario.parties)} "
        f"participants, {len(scenario.issues)} issues, {n_outcomes:,} outcomes, "
        f"{len(scenario.events)} events, {len(scenario.variants)} variants"
    )


def _effect_text(effect: Mapping[str, object]) -> str:
    about = f" about {effect['about']}" if "about" in effect else ""
    before, after = effect["before"], effect["after"]
    if isinstance(before, float) and isinstance(after, float):
        return f"{effect['quantity']} of {effect['party']}{about}: {before:.3f} → {after:.3f}"
    return f"{effect['quantity']} of {effect['party']}{about}: {before} → {after}"


def _reply_text(reply: Mapping[str, object]) -> str:
    style = {"accept": "green", "reject": "red", "amend": "yellow"}[str(reply["response"])]
    # The margin is the text's value to the party minus its reservation value.
    text = (
        f"[{style}]{reply['party']} {reply['response']}s[/{style}] (surplus {reply['margin']:+.3f})"
    )
    amendments = reply.get("amendments")
    if isinstance(amendments, Mapping) and amendments:
        text += ": wants " + ", ".join(f"{k}={v}" for k, v in amendments.items())
    return text


def _step_lines(
    step: Mapping[str, Any], parties: list[str], previous: Mapping[str, str] | None
) -> list[str]:
    """A proposal: the whole text the first time, then only what changed; the replies."""
    values = " · ".join(f"{p} {step['values'][p]:.3f}" for p in parties)
    proposal = step["proposal"]
    if previous is None:
        what = f"proposes {outcome_text(proposal)}"
    else:
        changed = {k: v for k, v in proposal.items() if previous.get(k) != v}
        what = f"revises: {outcome_text(changed)}" if changed else "repeats the text"
    lines = [
        f"  [bold]#{step['step']}[/bold] {step['proposer']} {what}  [dim](value {values})[/dim]"
    ]
    lines += [f"      {_reply_text(reply)}" for reply in step["replies"]]
    consent = step.get("guarantor_consent") or {}
    refusing = [g for g, ok in consent.items() if not ok]
    if refusing:
        lines.append(f"      [red]guarantors refusing: {', '.join(refusing)}[/red]")
    return lines


def _timeline_lines(document: Mapping[str, Any], full: bool, max_steps: int) -> list[str]:
    parties = list(document["parties"])
    entries: list[tuple[str, int, list[str]]] = []
    for order, event in enumerate(document["events"]):
        mark = " [magenta](contested)[/magenta]" if event["contested"] else ""
        lines = [
            f"[cyan]{event['date']}[/cyan]  [bold]event[/bold] {event['name'] or event['id']}"
            f" [dim]({event['kind']}, {event['id']})[/dim]{mark}"
        ]
        lines += [f"      {_effect_text(e)}" for e in event["effects"]]
        if event["sources"]:
            lines.append(f"      [dim]sources: {', '.join(event['sources'])}[/dim]")
        entries.append((event["date"] or "", 2 * order, lines))
    previous: Mapping[str, str] | None = None
    for order, round_ in enumerate(document["rounds"]):
        steps = round_["steps"]
        shown = (
            steps
            if full or len(steps) <= max_steps
            else [*steps[: max_steps // 2], None, *steps[-max_steps // 2 :]]
        )
        lines = [
            f"[cyan]{round_['date'] or ''}[/cyan]  [bold]round[/bold] "
            f"{round_['name'] or round_['id']} [dim]({len(steps)} proposals)[/dim]"
        ]
        for step in shown:
            if step is None:
                lines.append(
                    f"  [dim]… {len(steps) - max_steps} more proposals (--full shows all) …[/dim]"
                )
            else:
                lines += _step_lines(step, parties, previous)
                previous = step["proposal"]
        entries.append((round_["date"] or "", 2 * order + 1, lines))
    return [
        line
        for _, _, lines in sorted(entries, key=lambda e: (e[0], e[1] % 2 == 1))
        for line in lines
    ]


def render_transcript(
    console: Console,
    title: str,
    document: Mapping[str, Any],
    *,
    full: bool = False,
    max_steps: int = 8,
) -> None:
    """Print a run: dated timeline, belief changes, ZOPA over time, and the ending."""
    console.print(
        Panel(
            Text.assemble(
                (title, "bold"),
                "\n",
                f"protocol {document['protocol']}, seed {document['seed']}, "
                f"parties {', '.join(document['parties'])}",
            )
        )
    )
    for line in _timeline_lines(document, full, max_steps):
        console.print(line, highlight=False)
    _belief_table(console, document)
    _zopa_table(console, document)
    outcome = document["outcome"]
    colour = {"agreement": "green", "breakdown": "red", "ongoing": "yellow"}[outcome["status"]]
    body = [
        f"[{colour} bold]{outcome['status'].upper()}[/{colour} bold]"
        + (f" on {outcome['date']}" if outcome["date"] else ""),
        outcome["reason"],
    ]
    if outcome["text"]:
        body.append("text: " + outcome_text(outcome["text"]))
        body.append(
            "utilities: " + ", ".join(f"{p} {u:.3f}" for p, u in outcome["utilities"].items())
        )
    console.print(Panel("\n".join(body), title="Outcome", title_align="left"))


def _belief_table(console: Console, document: Mapping[str, Any]) -> None:
    changes = [b for b in document["beliefs"] if b["event"] is not None]
    if not document["beliefs"]:
        return
    table = Table(
        title="Beliefs that the other side will honour an agreement", title_justify="left"
    )
    for column in ("date", "holder", "about", "before", "after", "cause"):
        table.add_column(column)
    for belief in document["beliefs"]:
        if belief["event"] is None:
            table.add_row(
                "start",
                belief["holder"],
                belief["about"],
                "",
                f"{belief['value']:.3f}",
                "initial belief",
            )
    for belief in changes:
        table.add_row(
            belief["date"],
            belief["holder"],
            belief["about"],
            f"{belief['before']:.3f}",
            f"{belief['value']:.3f}",
            belief["event"],
        )
    console.print(table)


def _zopa_table(console: Console, document: Mapping[str, Any]) -> None:
    points = document["zopa"]
    top = max((p["n_outcomes"] for p in points), default=0) or 1
    table = Table(title="Zone of possible agreement over time", title_justify="left")
    for column in ("date", "after", "texts in ZOPA", ""):
        table.add_column(column)
    previous = None
    for point in points:
        if point["n_outcomes"] == previous and point["after"] != points[-1]["after"]:
            continue
        previous = point["n_outcomes"]
        bar = "█" * round(30 * point["n_outcomes"] / top)
        table.add_row(point["date"] or "", point["after"], f"{point['n_outcomes']:,}", bar)
    console.print(table)


def _interval(ci: list[float]) -> str:
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def render_sweep(console: Console, document: Mapping[str, Any]) -> None:
    """Print a sweep's summaries: P(agreement), paired differences, causes, texts."""
    table = Table(
        title=f"Sweep {document['sweep_id']} of {document['scenario']}: "
        f"{document['n_draws']:,} draws, seed {document['seed']}",
        title_justify="left",
    )
    for column in (
        "variant",
        "P(agreement)",
        "95% interval",
        "difference",
        "95% interval",
        "most frequent ending",
    ):
        table.add_column(column)
    for name, summary in document["variants"].items():
        difference = summary["difference"]
        causes = summary["breakdown_causes"]
        ending = (
            "agreement"
            if summary["p_agreement"] >= 0.5 or not causes
            else max(causes, key=causes.get)
        )
        table.add_row(
            name,
            f"{summary['p_agreement']:.3f}",
            _interval(summary["ci"]),
            "—" if difference is None else f"{difference['estimate']:+.3f}",
            "—" if difference is None else _interval(difference["ci"]),
            ending,
        )
    console.print(table)
    baseline = next(iter(document["variants"].values()))
    if baseline["top_texts"]:
        texts = Table(title="Most frequent agreed texts (baseline)", title_justify="left")
        texts.add_column("share", justify="right")
        texts.add_column("text")
        for entry in baseline["top_texts"]:
            texts.add_row(f"{entry['share']:.3f}", outcome_text(entry["text"]))
        console.print(texts)
    if baseline["sensitivity"]:
        ranking = Table(
            title="Sensitivity of agreement (baseline, partial rank correlation)",
            title_justify="left",
        )
        ranking.add_column("parameter")
        ranking.add_column("PRCC", justify="right")
        for entry in baseline["sensitivity"][:8]:
            ranking.add_row(entry["parameter"], f"{entry['prcc']:+.3f}")
        console.print(ranking)


def render_attribution(console: Console, document: Mapping[str, Any]) -> None:
    """Print Shapley values with intervals and the efficiency check."""
    table = Table(
        title=f"Attribution of {document['metric']} in {document['scenario']} "
        f"({document['n_draws']:,} draws per combination)",
        title_justify="left",
    )
    for column in ("factor", "Shapley value", "95% interval"):
        table.add_column(column)
    for factor, value in document["shapley"].items():
        table.add_row(factor, f"{value:+.4f}", _interval(document["intervals"][factor]))
    console.print(table)
    efficiency = document["efficiency"]
    console.print(
        f"v(all) = {document['v_all']:.4f}, v(none) = {document['v_none']:.4f}; "
        f"the Shapley values sum to {efficiency['sum_of_shapley_values']:+.4f} = "
        f"v(all) − v(none) = {efficiency['v_all_minus_v_none']:+.4f}"
    )


def render_results_list(console: Console, rows: Iterable[Mapping[str, Any]]) -> None:
    """Print the sweeps held in a results store."""
    table = Table(title="Stored sweeps", title_justify="left")
    for column in (
        "sweep id",
        "scenario",
        "draws",
        "seed",
        "variants",
        "started",
        "finished",
        "runs",
    ):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["sweep_id"],
            row["scenario"],
            str(row["n_draws"]),
            str(row["seed"]),
            ", ".join(row["variants"]) or "—",
            str(row["started"] or ""),
            str(row["finished"] or "unfinished"),
            str(row["n_runs"]),
        )
    console.print(table)
