"""Results as pandas tables: what every `to_frame` method of accord's results returns.

Each table is built from the result's documented JSON document (`to_dict`), so a column
is a key of that document; nested keys are joined with dots, as `pandas.json_normalize`
does (``utilities.RU``, ``proposal.neutrality``), and columns named ``date`` hold
datetimes. The numbers are those of the document, unrounded beyond it.

pandas is an optional dependency (``pip install 'accord[pandas]'``), imported only when a
table is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from accord.errors import UnknownIdError

if TYPE_CHECKING:
    import pandas

__all__ = [
    "AnalysisTable",
    "AttributionTable",
    "TranscriptTable",
    "analysis_frame",
    "attribution_frame",
    "conflict_frame",
    "sweep_frame",
    "transcript_frame",
]

TranscriptTable = Literal["steps", "events", "beliefs", "zopa"]
AnalysisTable = Literal["pareto", "solutions"]
AttributionTable = Literal["shapley", "combinations"]


def _pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "to_frame needs pandas: pip install 'accord[pandas]'", name="pandas"
        ) from error
    return pandas


def _frame(rows: Sequence[Mapping[str, Any]], *, index: str | None = None) -> pandas.DataFrame:
    pd = _pandas()
    frame = pd.json_normalize(list(rows)) if rows else pd.DataFrame()
    if "date" in frame.columns:
        frame["date"] = pd.to_datetime(frame["date"])
    if index is not None and index in frame.columns:
        frame = frame.set_index(index)
    return frame


def _check(table: str, known: Iterable[str]) -> None:
    known = tuple(known)
    if table not in known:
        raise UnknownIdError("table", table, known)


def transcript_frame(document: Mapping[str, Any], table: TranscriptTable) -> pandas.DataFrame:
    """Return one table of a transcript document (`Transcript.to_dict`).

    - ``steps``: one row per proposal: its round (``round.id``, ``round.name``, ``date``),
      ``step``, ``proposer``, ``proposal.<issue>``, ``utilities.<party>``,
      ``values.<party>``, ``replies.<party>.response`` / ``.margin`` and, where the text
      names guarantors, ``guarantor_consent.<guarantor>``;
    - ``events``: one row per effect of an event (an event without effects has one row);
    - ``beliefs``: one row per belief value, the initial ones first;
    - ``zopa``: the ZOPA size after each event and round.
    """
    _check(table, ("steps", "events", "beliefs", "zopa"))
    if table == "steps":
        return _frame(list(_steps(document["rounds"])))
    if table == "events":
        return _frame(list(_effects(document["events"])))
    return _frame(document[table])


def _steps(rounds: Iterable[Mapping[str, Any]]) -> Iterable[dict[str, Any]]:
    for round_ in rounds:
        for step in round_["steps"]:
            replies = {reply["party"]: _without(reply, "party") for reply in step["replies"]}
            yield {
                "round": {"id": round_["id"], "name": round_["name"]},
                "date": round_["date"],
                **step,
                "replies": replies,
            }


def _effects(events: Iterable[Mapping[str, Any]]) -> Iterable[dict[str, Any]]:
    for event in events:
        head = {
            "event": event["id"],
            **_without(event, "id", "effects", "sources"),
            "sources": ", ".join(event["sources"]),
        }
        for effect in event["effects"] or [{}]:
            yield {**head, **effect}


def _without(mapping: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if key not in keys}


def analysis_frame(document: Mapping[str, Any], table: AnalysisTable) -> pandas.DataFrame:
    """Return the Pareto frontier or the bargaining solutions of an analysis document.

    Each row is an outcome: ``outcome.<issue>``, ``utilities.<party>`` and, where trust
    matters, ``trust_adjusted.<party>``. ``solutions`` is indexed by solution name; a
    solution over an empty ZOPA is a row of missing values.
    """
    _check(table, ("pareto", "solutions"))
    if table == "pareto":
        return _frame(document["pareto"])
    rows = [{"solution": name, **(point or {})} for name, point in document["solutions"].items()]
    return _frame(rows, index="solution")


def sweep_frame(document: Mapping[str, Any]) -> pandas.DataFrame:
    """Return one row per variant of a sweep document, indexed by variant, baseline first.

    Columns: ``n_draws``, ``n_agreements``, ``p_agreement`` with its Wilson interval
    ``ci_low``, ``ci_high``; for a variant, the paired ``difference`` from the baseline
    with ``difference_ci_low``, ``difference_ci_high``, ``n_gained``, ``n_lost``; and
    ``mean_utilities.all_draws.<party>``, ``mean_utilities.given_agreement.<party>``.
    """
    rows = []
    for name, summary in document["variants"].items():
        difference = summary.get("difference") or {}
        low, high = difference.get("ci", (math.nan, math.nan))
        rows.append(
            {
                "variant": name,
                "n_draws": summary["n_draws"],
                "n_agreements": summary["n_agreements"],
                "p_agreement": summary["p_agreement"],
                "ci_low": summary["ci"][0],
                "ci_high": summary["ci"][1],
                "difference": difference.get("estimate", math.nan),
                "difference_ci_low": low,
                "difference_ci_high": high,
                "n_gained": difference.get("n_gained", math.nan),
                "n_lost": difference.get("n_lost", math.nan),
                "mean_utilities": summary["mean_utilities"],
            }
        )
    return _frame(rows, index="variant")


def attribution_frame(document: Mapping[str, Any], table: AttributionTable) -> pandas.DataFrame:
    """Return the Shapley values, or the metric of every combination, of an attribution.

    - ``shapley``: one row per factor: ``shapley``, ``ci_low``, ``ci_high`` (paired
      bootstrap 95%);
    - ``combinations``: one row per combination of factors (``none`` is the scenario as
      given): the ``value`` of the metric, and a boolean column per factor saying
      whether it was applied.
    """
    _check(table, ("shapley", "combinations"))
    factors = document["factors"]
    if table == "shapley":
        rows = [
            {
                "factor": factor,
                "shapley": document["shapley"][factor],
                "ci_low": document["intervals"][factor][0],
                "ci_high": document["intervals"][factor][1],
            }
            for factor in factors
        ]
        return _frame(rows, index="factor")
    combinations = [
        {
            "combination": label,
            "value": value,
            **{factor: factor in label.split("+") for factor in factors},
        }
        for label, value in document["combinations"].items()
    ]
    return _frame(combinations, index="combination")


def conflict_frame(document: Mapping[str, Any]) -> pandas.DataFrame:
    """Return one row per state of a graph model analysis document, indexed by state id.

    Columns: ``vector`` (Y/N per option), ``ranks.<decision maker>`` (1 is most
    preferred), ``stable.<concept>.<decision maker>`` and ``equilibrium.<concept>``.
    """
    stability = document["stability"]
    equilibria = {concept: set(states) for concept, states in document["equilibria"].items()}
    stable = {
        concept: {dm: set(states) for dm, states in by_dm.items()}
        for concept, by_dm in stability.items()
    }
    rows = [
        {
            "state": state["id"],
            "vector": state["vector"],
            "ranks": state["ranks"],
            "stable": {
                concept: {dm: state["id"] in states for dm, states in by_dm.items()}
                for concept, by_dm in stable.items()
            },
            "equilibrium": {c: state["id"] in states for c, states in equilibria.items()},
        }
        for state in document["states"]
    ]
    return _frame(rows, index="state")
