"""Terminal rendering with rich: each command's result as tables and dated lines.

Nothing is ever cut short: tables are `Sheet`s, which fall back to one record per row
when their columns cannot fit the terminal; texts are shown issue by issue; ids are
never shortened. Long lines wrap at spaces under their own indent, so an
``issue=option`` pair is never split. When stdout is not a terminal the CLI renders at
a width wide enough that nothing wraps (see `accord.cli._common.stdout_console`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.text import Text

from accord.analysis.summary import BargainingAnalysis
from accord.report._numbers import FEW_AGREEMENTS, estimate_text, share_text
from accord.report._sheet import Column, Sheet
from accord.report._sweep_data import AGREEMENT_TERMS
from accord.report._texts import texts_sheet
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


def outcome_lines(outcome: Mapping[str, str]) -> Text:
    """Render an outcome issue by issue, one ``issue=option`` per line."""
    return Text("\n".join(f"{issue}={option}" for issue, option in outcome.items()))


def _numbers(values: Iterable[float]) -> list[str]:
    return [f"{value:.3f}" for value in values]


def _utility_columns(parties: Iterable[str]) -> list[Column]:
    return [Column(f"u {party}", justify="right") for party in parties]


def _induced_zopa(zopa: Mapping[str, int]) -> str:
    notes = []
    if "n_partial" in zopa:
        notes.append(f"{zopa['n_partial']:,} of them partial")
    if "n_outcomes_with_inducements" in zopa:
        notes.append(f"{zopa['n_outcomes_with_inducements']:,} with the mediator's inducements")
    return f" ({'; '.join(notes)})" if notes else ""


def render_analysis(console: Console, analysis: BargainingAnalysis) -> None:
    """Print the bargaining space: sizes, reservation values, solutions, frontier."""
    data = analysis.to_dict()
    parties = data["parties"]
    when = f" on {data['date']}" if data["date"] else ""
    console.print(
        Text.assemble(
            (analysis.scenario.title, "bold"),
            f" — bargaining space{when}\n",
            f"{data['n_outcomes']:,} outcomes, {data['n_feasible']:,} feasible, "
            f"ZOPA {data['zopa']['n_outcomes']:,}{_induced_zopa(data['zopa'])}, "
            f"Pareto frontier {len(data['pareto']):,} over every feasible text, "
            f"{len(data['pareto_admissible']):,} over the texts that cross no red line in "
            "force and that the guarantors accept",
        )
    )
    reservation = Sheet(
        "Reservation values (no agreement)",
        [Column("party"), Column("reservation value", justify="right")],
    )
    for party in parties:
        reservation.add_row(party, f"{data['reservation_values'][party]:.3f}")
    console.print(reservation)
    _print_solutions(console, data, parties)
    console.print(_frontier_sheet(data, parties, "pareto", "every feasible text"))
    if data["pareto_admissible"] != data["pareto"]:
        console.print(
            _frontier_sheet(
                data,
                parties,
                "pareto_admissible",
                "the texts that cross no red line and that the guarantors accept",
            )
        )
    if data["texts"]:
        console.print(texts_sheet(data["texts"], parties, data["date"] or "the first day"))


def _print_solutions(console: Console, data: Mapping[str, Any], parties: list[str]) -> None:
    """The solutions' utilities, then their texts issue by issue (equal texts merged)."""
    found = {name: point for name, point in data["solutions"].items() if point is not None}
    if not found:
        console.print(Text("Solutions over the ZOPA: none, the ZOPA is empty", style="italic"))
        return
    solutions = Sheet("Solutions over the ZOPA", [Column("solution"), *_utility_columns(parties)])
    for name, point in data["solutions"].items():
        values = (
            ["—"] * len(parties)
            if point is None
            else _numbers(point["utilities"][p] for p in parties)
        )
        solutions.add_row(SOLUTION_NAMES[name], *values)
    console.print(solutions)
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for name, point in found.items():
        groups.setdefault(tuple(point["outcome"].items()), []).append(SOLUTION_NAMES[name])
    texts = Sheet(
        "Their texts, issue by issue",
        [Column("issue"), *(Column(" = ".join(names)) for names in groups.values())],
    )
    issues = [issue for issue, _ in next(iter(groups))]
    for k, issue in enumerate(issues):
        texts.add_row(issue, *(text[k][1] for text in groups))
    console.print(texts)


def _frontier_sheet(
    data: Mapping[str, Any], parties: list[str], key: str, over: str, limit: int = 15
) -> Sheet:
    """The frontier's first `limit` points; each text only where it differs from the one above."""
    pareto = list(data[key])
    shown = pareto[:limit]
    more = "" if len(pareto) <= limit else f", first {limit} shown"
    sheet = Sheet(
        f"Pareto frontier over {over} ({len(pareto)} outcomes{more}; each text lists what "
        "differs from the one above)",
        [Column("#", justify="right"), *_utility_columns(parties), Column("text")],
    )
    previous: Mapping[str, str] = {}
    for number, point in enumerate(shown, start=1):
        outcome = point["outcome"]
        changed = {k: v for k, v in outcome.items() if previous.get(k) != v}
        sheet.add_row(
            str(number),
            *_numbers(point["utilities"][p] for p in parties),
            outcome_lines(changed) if changed else Text("same text", style="dim"),
        )
        previous = outcome
    return sheet


def render_scenario_list(console: Console, scenarios: Iterable[ShippedScenario]) -> None:
    """Print the shipped scenarios and conflicts."""
    columns = [Column("id", style="bold"), Column("kind"), Column("title")]
    sheet = Sheet("Shipped scenarios", columns)
    for shipped in scenarios:
        sheet.add_row(shipped.id, shipped.kind, shipped.title)
    console.print(sheet)


def render_validation(console: Console, path: str, scenario: Scenario, n_outcomes: int) -> None:
    """Print a one-line confirmation that a scenario file is valid."""
    console.print(
        Text.assemble(
            ("valid", "green"),
            f" {path}: scenario '{scenario.id}', {len(scenario.parties)} "
            f"participants, {len(scenario.issues)} issues, {n_outcomes:,} outcomes, "
            f"{len(scenario.events)} events, {len(scenario.variants)} variants",
        )
    )


def _effect_text(effect: Mapping[str, object]) -> str:
    about = f" about {effect['about']}" if "about" in effect else ""
    before, after = effect["before"], effect["after"]
    if isinstance(before, float) and isinstance(after, float):
        return f"{effect['quantity']} of {effect['party']}{about}: {before:.3f} → {after:.3f}"
    return f"{effect['quantity']} of {effect['party']}{about}: {before} → {after}"


def _reply_text(reply: Mapping[str, object]) -> Text:
    style = {"accept": "green", "reject": "red", "amend": "yellow"}[str(reply["response"])]
    # The margin is the text's value to the party minus its reservation value.
    text = Text.assemble(
        (f"{reply['party']} {reply['response']}s", style), f" (surplus {reply['margin']:+.3f})"
    )
    amendments = reply.get("amendments")
    if isinstance(amendments, Mapping) and amendments:
        text.append(": wants " + ", ".join(f"{k}={v}" for k, v in amendments.items()))
    red_lines = reply.get("red_lines")
    if isinstance(red_lines, list) and red_lines:
        text.append(" (crosses its red line " + "; ".join(map(str, red_lines)) + ")", "red")
    return text


Line = tuple[int, Text]
"""A line of the run's story: its indent and its text (wrapped under that indent)."""


class _Indented:
    """Lines, each at its indent and wrapped under it, as rich pads them (`Padding`)."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield each line; one that fits on its line is written out without rich's layout."""
        margin = console.get_style("none")
        for indent, line in self.lines:
            plain = line.plain
            # What rich would neither wrap nor pad: one printable line within the width.
            if plain and plain.isprintable() and indent + cell_len(plain) <= options.max_width:
                yield Segment(" " * indent, margin)
                yield from Text("\n").join([line]).render(console)
                yield Segment.line()
            else:
                yield Padding(line, (0, 0, 0, indent), expand=False)


def _step_lines(
    step: Mapping[str, Any], parties: list[str], previous: Mapping[str, str] | None
) -> list[Line]:
    """A proposal: the whole text the first time, issue by issue; then what changed."""
    if step["proposal"] is None:
        note = Text.assemble((f"#{step['step']}", "bold"), f" {step['proposer']}: ")
        note.append(str(step["note"]), style="dim")
        return [(2, note)]
    values = " · ".join(f"{p} {step['values'][p]:.3f}" for p in parties)
    proposal = step["proposal"]
    head = Text.assemble((f"#{step['step']}", "bold"), f" {step['proposer']} ")
    lines: list[Line] = []
    if previous is None:
        head.append("proposes")
        head.append(f"  (value {values})", style="dim")
        lines.append((2, head))
        lines += [(8, Text(f"{issue}={option}")) for issue, option in proposal.items()]
    else:
        changed = {k: v for k, v in proposal.items() if previous.get(k) != v}
        head.append(f"revises: {outcome_text(changed)}" if changed else "repeats the text")
        head.append(f"  (value {values})", style="dim")
        lines.append((2, head))
    if step.get("shown_to") is not None:
        shown = ", then ".join(step["shown_to"]) or f"nobody: {step.get('note')}"
        lines.append((6, Text(f"shown privately to {shown}", style="italic")))
    if step.get("inducements"):
        attached = ", ".join(step["inducements"])
        lines.append((6, Text(f"with the mediator's inducements: {attached}", style="italic")))
    lines += [(6, _reply_text(reply)) for reply in step["replies"]]
    consent = step.get("guarantor_consent") or {}
    refusing = [g for g, ok in consent.items() if not ok]
    if refusing:
        lines.append((6, Text(f"guarantors refusing: {', '.join(refusing)}", style="red")))
    return lines


def _event_lines(event: Mapping[str, Any]) -> list[Line]:
    head = Text.assemble(
        (event["date"] or "", "cyan"),
        "  ",
        ("event", "bold"),
        f" {event['name'] or event['id']} ",
        (f"({event['kind']}, {event['id']})", "dim"),
    )
    if event["contested"]:
        head.append(" (contested)", style="magenta")
    lines: list[Line] = [(0, head)]
    lines += [(6, Text(_effect_text(effect))) for effect in event["effects"]]
    if event["sources"]:
        lines.append((6, Text(f"sources: {', '.join(event['sources'])}", style="dim")))
    return lines


def _timeline_lines(document: Mapping[str, Any], full: bool, max_steps: int) -> list[Line]:
    parties = list(document["parties"])
    entries: list[tuple[str, int, list[Line]]] = [
        (event["date"] or "", 2 * order, _event_lines(event))
        for order, event in enumerate(document["events"])
    ]
    previous: Mapping[str, str] | None = None
    for order, round_ in enumerate(document["rounds"]):
        steps = round_["steps"]
        shown = (
            steps
            if full or len(steps) <= max_steps
            else [*steps[: max_steps // 2], None, *steps[-max_steps // 2 :]]
        )
        lines: list[Line] = [
            (
                0,
                Text.assemble(
                    (round_["date"] or "", "cyan"),
                    "  ",
                    ("round", "bold"),
                    f" {round_['name'] or round_['id']} ",
                    (f"({len(steps)} proposals)", "dim"),
                ),
            )
        ]
        for step in shown:
            if step is None:
                skipped = f"… {len(steps) - max_steps} more proposals (--full shows all) …"
                lines.append((2, Text(skipped, style="dim")))
            else:
                lines += _step_lines(step, parties, previous)
                previous = step["proposal"] or previous
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
        Text.assemble(
            (title, "bold"),
            "\n",
            f"protocol {document['protocol']}, seed {document['seed']}, "
            f"parties {', '.join(document['parties'])}",
        )
    )
    timeline = _timeline_lines(document, full, max_steps)
    if timeline:  # one call: rich's fixed cost per print adds up over hundreds of lines
        console.print(_Indented(timeline))
    if document["beliefs"]:
        console.print(_belief_sheet(document))
    console.print(_zopa_sheet(document))
    _print_outcome(console, document["outcome"])


def _print_outcome(console: Console, outcome: Mapping[str, Any]) -> None:
    colour = {"agreement": "green", "breakdown": "red", "ongoing": "yellow"}[outcome["status"]]
    console.print(
        Text.assemble(
            ("Outcome: ", "bold"),
            (outcome["status"].upper(), f"{colour} bold"),
            f" on {outcome['date']}" if outcome["date"] else "",
            "\n",
            outcome["reason"],
        )
    )
    if outcome["text"]:
        text = Sheet("Agreed text", [Column("issue"), Column("option")])
        for issue, option in outcome["text"].items():
            text.add_row(issue, option)
        console.print(text)
        utilities = ", ".join(f"{p} {u:.3f}" for p, u in outcome["utilities"].items())
        console.print(Text(f"utilities: {utilities}"))


def _belief_sheet(document: Mapping[str, Any]) -> Sheet:
    sheet = Sheet(
        "Beliefs that the other side will honour an agreement",
        [
            Column("date"),
            Column("holder"),
            Column("about"),
            Column("before", justify="right"),
            Column("after", justify="right"),
            Column("cause"),
        ],
    )
    for belief in document["beliefs"]:
        if belief["event"] is None:
            value = f"{belief['value']:.3f}"
            sheet.add_row("start", belief["holder"], belief["about"], "", value, "initial belief")
    for belief in document["beliefs"]:
        if belief["event"] is not None:
            sheet.add_row(
                belief["date"],
                belief["holder"],
                belief["about"],
                f"{belief['before']:.3f}",
                f"{belief['value']:.3f}",
                belief["event"],
            )
    return sheet


def _zopa_sheet(document: Mapping[str, Any]) -> Sheet:
    points = document["zopa"]
    top = max((p["n_outcomes"] for p in points), default=0) or 1
    sheet = Sheet(
        "Zone of possible agreement over time",
        [
            Column("date"),
            Column("after"),
            Column("texts in ZOPA", justify="right"),
            Column("", optional=True),
        ],
    )
    previous = None
    for point in points:
        if point["n_outcomes"] == previous and point["after"] != points[-1]["after"]:
            continue
        previous = point["n_outcomes"]
        bar = "█" * round(20 * point["n_outcomes"] / top)
        sheet.add_row(point["date"] or "", point["after"], f"{point['n_outcomes']:,}", bar)
    return sheet


def render_sweep(console: Console, document: Mapping[str, Any]) -> None:
    """Print a sweep's summaries: P(agreement), paired differences, causes, texts."""
    sheet = Sheet(
        f"Sweep {document['sweep_id']} of {document['scenario']}: "
        f"{document['n_draws']:,} draws, seed {document['seed']}",
        [
            Column("variant", style="bold"),
            Column("P(agreement) [95% interval]", justify="right", whole=True),
            Column("agreements", justify="right"),
            Column("difference [95% interval]", justify="right", whole=True),
            Column("most frequent ending"),
        ],
        note="Differences are paired: each variant minus the baseline on the same draws.",
    )
    for name, summary in document["variants"].items():
        difference = summary["difference"]
        causes = summary["breakdown_causes"]
        ending = (
            "agreement"
            if summary["p_agreement"] >= 0.5 or not causes
            else max(causes, key=causes.get)
        )
        sheet.add_row(
            name,
            estimate_text(summary["p_agreement"], *summary["ci"]),
            f"{summary['n_agreements']:,}",
            "—"
            if difference is None
            else estimate_text(difference["estimate"], *difference["ci"], signed=True),
            ending,
        )
    console.print(sheet)
    _print_agreement_terms(console, document["variants"])
    baseline = next(iter(document["variants"].values()))
    caution = _caution(baseline["n_agreements"])
    if baseline["top_texts"]:
        texts = Sheet(
            "Most frequent agreed texts (baseline)",
            [
                Column("share of draws", justify="right"),
                Column("draws", justify="right"),
                Column("text"),
            ],
            note=caution,
        )
        for entry in baseline["top_texts"]:
            texts.add_row(
                share_text(entry["count"], baseline["n_draws"]),
                f"{entry['count']:,}",
                outcome_lines(entry["text"]),
            )
        console.print(texts)
    if baseline["sensitivity"]:
        ranking = Sheet(
            "Sensitivity of agreement (baseline, partial rank correlation)",
            [Column("parameter"), Column("PRCC", justify="right")],
            note=caution,
        )
        for entry in baseline["sensitivity"][:8]:
            ranking.add_row(entry["parameter"], f"{entry['prcc']:+.2f}")
        console.print(ranking)


def _print_agreement_terms(console: Console, variants: Mapping[str, Any]) -> None:
    """Print, per variant, what its agreements deferred, carried or were made without."""
    listed = {name: s.get("agreements_with", {}) for name, s in variants.items()}
    if not any(counts for terms in listed.values() for counts in terms.values()):
        return
    sheet = Sheet(
        "What the agreements left open or carried (number of agreements)",
        [Column("variant", style="bold"), *(Column(title) for title in AGREEMENT_TERMS.values())],
    )
    for name, terms in listed.items():
        cells = (
            ", ".join(f"{key} {count:,}" for key, count in terms.get(term, {}).items()) or "—"
            for term in AGREEMENT_TERMS
        )
        sheet.add_row(name, *cells)
    console.print(sheet)


def _caution(n_agreements: int) -> str:
    """Say how many agreements a statistic over agreed texts rests on, if they are few."""
    if n_agreements >= FEW_AGREEMENTS:
        return ""
    return (
        f"Caution: this rests on {n_agreements} agreement{'s' * (n_agreements != 1)} only "
        f"(fewer than {FEW_AGREEMENTS}); run more draws before reading much into it."
    )


def render_attribution(console: Console, document: Mapping[str, Any]) -> None:
    """Print Shapley values with intervals and the efficiency check."""
    sheet = Sheet(
        f"Attribution of {document['metric']} in {document['scenario']} "
        f"({document['n_draws']:,} draws per combination)",
        [
            Column("factor", style="bold"),
            Column("Shapley value [95% interval]", justify="right", whole=True),
        ],
    )
    for factor, value in document["shapley"].items():
        sheet.add_row(factor, estimate_text(value, *document["intervals"][factor], signed=True))
    console.print(sheet)
    efficiency = document["efficiency"]
    console.print(
        Text(
            f"v(all) = {document['v_all']:.4f}, v(none) = {document['v_none']:.4f}; "
            f"the Shapley values sum to {efficiency['sum_of_shapley_values']:+.4f} = "
            f"v(all) − v(none) = {efficiency['v_all_minus_v_none']:+.4f}"
        )
    )


def _moment(value: object) -> str:
    """A stored timestamp to the second: ``2026-12-03 17:03:57``."""
    return str(value).split(".")[0] if value else ""


def render_results_list(console: Console, rows: Iterable[Mapping[str, Any]]) -> None:
    """Print the sweeps held in a results store; the sweep ids are what `--sweep` takes."""
    sheet = Sheet(
        "Stored sweeps",
        [
            Column("sweep id", style="bold"),
            Column("scenario"),
            Column("draws", justify="right"),
            Column("seed", justify="right"),
            Column("variants"),
            Column("started", optional=True, whole=True),
            Column("finished", whole=True),
            Column("runs", justify="right", optional=True),
        ],
    )
    for row in rows:
        sheet.add_row(
            row["sweep_id"],
            row["scenario"],
            f"{row['n_draws']:,}",
            str(row["seed"]),
            ", ".join(row["variants"]) or "—",
            _moment(row["started"]),
            _moment(row["finished"]) or "unfinished",
            f"{row['n_runs']:,}",
        )
    console.print(sheet)
