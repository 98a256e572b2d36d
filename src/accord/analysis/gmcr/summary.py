"""`analyze_conflict`: stability (and status quo) analysis of a conflict, as one result.

The result's `to_dict` is the documented JSON document of ``accord gmcr --json``
(see docs/gmcr.md): ``schema_version``, ``decision_makers``, ``options``, ``states``
(``id``, ``vector``, ``ranks``), ``stability`` (concept -> decision maker -> state ids),
``equilibria`` (concept -> state ids) and, when a status quo is known, ``status_quo``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.analysis.gmcr._stability import CONCEPTS, StabilityTable, stability
from accord.analysis.gmcr.model import GraphModel, build_model
from accord.analysis.gmcr.status_quo import StatusQuo, status_quo_analysis
from accord.scenario.conflict import ConflictFile

if TYPE_CHECKING:
    import pandas

__all__ = ["SCHEMA_VERSION", "ConflictAnalysis", "analyze_conflict"]

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class ConflictAnalysis:
    """A conflict, its graph model, the stability table and the status quo analysis."""

    source: ConflictFile
    model: GraphModel
    table: StabilityTable
    status_quo: StatusQuo | None

    def to_dict(self) -> dict[str, Any]:
        """Return the analysis as the documented JSON-ready document."""
        model, conflict = self.model, self.source.conflict
        ranks = model.ranks()
        document: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.source.id,
            "title": self.source.title,
            "form": "option" if conflict.is_option_form else "graph",
            "decision_makers": [
                {"id": dm.id, "name": dm.name, "options": list(dm.options)}
                for dm in conflict.decision_makers
            ],
            "options": [
                {"id": o.id, "name": o.name, "reversibility": o.reversibility}
                for o in conflict.options
            ],
            "states": [
                {
                    "id": state,
                    "vector": model.vector(s),
                    "ranks": {dm: int(ranks[d, s]) for d, dm in enumerate(model.decision_makers)},
                }
                for s, state in enumerate(model.state_ids)
            ],
            "stability": {
                concept: {dm: self.table.stable_states(concept, dm) for dm in model.decision_makers}
                for concept in self.table.stable
            },
            "equilibria": {c: self.table.equilibrium_states(c) for c in self.table.stable},
        }
        if self.status_quo is not None:
            document["status_quo"] = _status_quo_dict(self.status_quo, self.table)
        return document

    def to_frame(self) -> pandas.DataFrame:
        """Return one row per state: its vector, ranks, stability and equilibria (pandas)."""
        from accord._frames import conflict_frame

        return conflict_frame(self.to_dict())

    def __repr__(self) -> str:
        model = self.model
        equilibria = "; ".join(
            f"{concept} {_listing(self.table.equilibrium_states(concept))}"
            for concept in self.table.stable
        )
        return (
            f"<ConflictAnalysis {self.source.id}: {model.n_decision_makers} decision makers, "
            f"{model.n_states:,} states; equilibria: {equilibria}>"
        )


def _listing(states: list[str], limit: int = 4) -> str:
    more = f", … {len(states)} in all" if len(states) > limit else ""
    return f"[{', '.join(states[:limit])}{more}]"


def analyze_conflict(source: ConflictFile, *, status_quo: str | None = None) -> ConflictAnalysis:
    """Analyse a conflict: every concept's stability table, and the status quo if known.

    Args:
        source: a loaded conflict (see `load_conflict`).
        status_quo: a state id or Y/N vector to start the status quo analysis from;
            defaults to the conflict's own `status_quo`, if any.
    """
    model = build_model(source.conflict)
    table = stability(model, concepts=CONCEPTS)
    start: str | int | None = status_quo if status_quo is not None else model.status_quo
    analysis = status_quo_analysis(model, start) if start is not None else None
    return ConflictAnalysis(source, model, table, analysis)


def _status_quo_dict(analysis: StatusQuo, table: StabilityTable) -> dict[str, Any]:
    model = analysis.model
    start = model.state_ids[analysis.start]
    result: dict[str, Any] = {"state": start, "vector": model.vector(analysis.start)}
    for kind, search in (("moves", analysis.by_moves), ("improvements", analysis.by_improvements)):
        reachable = search.reachable.copy()
        reachable[analysis.start] = True
        result[f"reachable_by_{kind}"] = [model.state_ids[s] for s in np.flatnonzero(reachable)]
        result[f"equilibria_by_{kind}"] = {
            concept: [
                {
                    "state": model.state_ids[s],
                    "path": [
                        {
                            "decision_maker": model.decision_makers[d],
                            "from": model.state_ids[a],
                            "to": model.state_ids[b],
                        }
                        for d, a, b in search.path(int(s))
                    ],
                }
                for s in np.flatnonzero(reachable & table.equilibria(concept))
            ]
            for concept in table.stable
        }
    return result
