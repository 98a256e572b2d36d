"""Attribution: how much of an outcome each event or assumption accounts for.

`attribute(source, factors=[...], n_draws=N)` takes k factors — each the name of a variant
or the id of an event to remove — and runs the scenario under all 2^k combinations on the
same N draws (common random numbers). The metric of every combination (P(agreement), or a
party's mean value: its utility of the agreed text, or its reservation value at the end
when there is none) feeds exact Shapley values (`accord.analysis.attribution`): each
factor's average marginal effect over all orders in which the factors could be applied.
They sum to v(all) − v(none), which the output states. Intervals come from a paired
bootstrap over the draws (1000 resamples, percentile 95%).

The runs cost 2^k × N: with a `ResultsStore`, an attribution is stored under its key
(scenario file SHA-256, factors in order, draws, seed, metric) and read back instead of
being run again, as `accord report --sweep` does for the attribution over a sweep's
variants; the combinations a stored sweep ran already (`sweep_runs`) are read, not run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.analysis.attribution import MAX_FACTORS, shapley_matrix
from accord.errors import LimitError, ScenarioError, UnknownIdError
from accord.experiments.executors import Executor
from accord.experiments.limits import check_sweep_size
from accord.experiments.store import AttributionRecord, ResultsStore, RunRows
from accord.experiments.sweep import BASELINE, Progress, iterate_runs, scenario_digest, stored_rows
from accord.scenario import load_scenario
from accord.scenario.load import refuse_repeated, scenario_data, validate_data
from accord.scenario.schema import Remove, Scenario
from accord.scenario.variants import PatchError, apply_patches

if TYPE_CHECKING:
    import pandas

    from accord._frames import AttributionTable

__all__ = [
    "AttributionPlan",
    "AttributionResult",
    "attribute",
    "plan_attribution",
    "run_attribution",
    "save_attribution",
    "stored_attribution",
    "sweep_runs",
]

SCHEMA_VERSION = 1
N_BOOTSTRAP = 1000


@dataclass(frozen=True)
class AttributionResult:
    """Shapley values of a metric over factors, with the values of every combination."""

    scenario: str
    metric: str
    factors: tuple[str, ...]
    n_draws: int
    seed: int
    values: np.ndarray
    shapley: np.ndarray
    intervals: np.ndarray

    def to_dict(self) -> dict[str, Any]:
        """Return the stable JSON document of `accord attribute --json`."""
        k = len(self.factors)
        v_all, v_none = float(self.values[-1]), float(self.values[0])
        return {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.scenario,
            "metric": self.metric,
            "n_draws": self.n_draws,
            "seed": self.seed,
            "factors": list(self.factors),
            "v_all": _r(v_all),
            "v_none": _r(v_none),
            "shapley": {f: _r(v) for f, v in zip(self.factors, self.shapley, strict=True)},
            "intervals": {
                f: [_r(lo), _r(hi)]
                for f, (lo, hi) in zip(self.factors, self.intervals, strict=True)
            },
            "efficiency": {
                "sum_of_shapley_values": _r(float(self.shapley.sum())),
                "v_all_minus_v_none": _r(v_all - v_none),
            },
            "combinations": {
                _label(mask, self.factors): _r(float(self.values[mask])) for mask in range(2**k)
            },
        }

    def to_frame(self, table: AttributionTable = "shapley") -> pandas.DataFrame:
        """Return the Shapley values with intervals, or every combination's metric (pandas)."""
        from accord._frames import attribution_frame

        return attribution_frame(self.to_dict(), table)

    def __repr__(self) -> str:
        shares = ", ".join(
            f"{factor} {value:+.3f}"
            for factor, value in zip(self.factors, self.shapley, strict=True)
        )
        return (
            f"<AttributionResult {self.metric} of {self.scenario} (n_draws={self.n_draws}, "
            f"seed={self.seed}): {self.values[0]:.3f} with none, {self.values[-1]:.3f} with "
            f"all; Shapley {shares}>"
        )


def _label(mask: int, factors: Sequence[str]) -> str:
    chosen = [f for i, f in enumerate(factors) if mask >> i & 1]
    return "+".join(chosen) if chosen else "none"


def _r(value: float) -> float:
    return round(float(value), 10) + 0.0  # no negative zero in the output


@dataclass(frozen=True)
class AttributionPlan:
    """A checked attribution, ready to run: its combinations, its key and its size."""

    scenario: Scenario
    combinations: dict[str, Scenario]
    factors: tuple[str, ...]
    n_draws: int
    seed: int
    metric: str
    digest: str

    @property
    def n_runs(self) -> int:
        """Runs of the whole attribution: 2^k combinations × draws."""
        return len(self.combinations) * self.n_draws


def plan_attribution(
    source: Scenario | str | Path,
    *,
    factors: Sequence[str],
    n_draws: int,
    seed: int = 0,
    metric: str = "p_agreement",
) -> AttributionPlan:
    """Load and check everything an attribution needs (factors, metric, limits)."""
    base = load_scenario(source)
    factors = tuple(factors)
    if len(factors) > MAX_FACTORS:
        raise LimitError(
            f"attribution over {len(factors)} factors needs 2^{len(factors)} "
            f"sweeps; at most {MAX_FACTORS} factors are allowed"
        )
    _check_factors(base, factors)
    _metric_party(base, metric)
    check_sweep_size(n_draws=n_draws, seed=seed, n_variants=2 ** len(factors))
    combinations = {
        _label(mask, factors): _combined(base, factors, mask) for mask in range(2 ** len(factors))
    }
    return AttributionPlan(
        base, combinations, factors, n_draws, seed, metric, scenario_digest(source)
    )


def attribute(
    source: Scenario | str | Path,
    *,
    factors: Sequence[str],
    n_draws: int,
    seed: int = 0,
    metric: str = "p_agreement",
    executor: Executor | None = None,
    store: ResultsStore | None = None,
    on_progress: Progress | None = None,
) -> AttributionResult:
    """Attribute `metric` to `factors` (variant names or event ids) by exact Shapley values.

    With a `store`, an attribution stored there under the same key (scenario file,
    factors, draws, seed, metric) is returned without running anything; otherwise the
    one computed is stored.
    """
    plan = plan_attribution(source, factors=factors, n_draws=n_draws, seed=seed, metric=metric)
    found = stored_attribution(store, plan) if store is not None else None
    if found is not None:
        return found
    result = run_attribution(plan, executor=executor, on_progress=on_progress)
    if store is not None:
        save_attribution(store, plan, result)
    return result


def stored_attribution(store: ResultsStore, plan: AttributionPlan) -> AttributionResult | None:
    """Return the attribution of `plan` stored in `store`, or None."""
    record = store.attribution(plan.digest, plan.factors, plan.n_draws, plan.seed, plan.metric)
    if record is None:
        return None
    return AttributionResult(
        record.scenario,
        record.metric,
        record.factors,
        record.n_draws,
        record.seed,
        record.values,
        record.shapley,
        record.intervals,
    )


def run_attribution(
    plan: AttributionPlan,
    *,
    executor: Executor | None = None,
    known: Mapping[str, RunRows] | None = None,
    on_progress: Progress | None = None,
) -> AttributionResult:
    """Run every combination of a planned attribution (2^k × N runs) and attribute.

    `known` maps combinations already run on the same draws (see `sweep_runs`) to their
    rows, draws 0..N-1 first; those combinations are not run again.
    """
    known = known or {}
    party = _metric_party(plan.scenario, plan.metric)
    column = {name: j for j, name in enumerate(plan.combinations)}
    per_draw = np.empty((plan.n_draws, len(plan.combinations)))
    for name, rows in known.items():
        metric = _metric_values(plan.scenario, rows, party)
        per_draw[:, column[name]] = metric[: plan.n_draws]
    for rows in iterate_runs(
        {name: s for name, s in plan.combinations.items() if name not in known},
        n_draws=plan.n_draws,
        seed=plan.seed,
        executor=executor,
        on_progress=on_progress,
    ):
        per_draw[rows.draws, column[rows.variant]] = _metric_values(plan.scenario, rows, party)
    matrix = shapley_matrix(len(plan.factors))
    values = per_draw.mean(axis=0)
    return AttributionResult(
        plan.scenario.id,
        plan.metric,
        plan.factors,
        plan.n_draws,
        plan.seed,
        values,
        values @ matrix,
        _bootstrap(per_draw, matrix, plan.seed),
    )


def sweep_runs(store: ResultsStore, sweep_id: str, plan: AttributionPlan) -> dict[str, RunRows]:
    """Return the combinations of `plan` that a stored sweep has run already, with their rows.

    A sweep of the same scenario file and seed, over at least as many draws, has run the
    combination without any factor (its baseline) and, for each factor that is one of its
    variants, the combination of that factor alone: every draw's run depends on the file,
    the seed and the draw's index only, so those runs need not be done again.
    """
    manifest = store.manifest(sweep_id)
    if (manifest.scenario_sha256, manifest.seed) != (plan.digest, plan.seed):
        return {}
    labels = {_label(0, plan.factors): BASELINE}
    labels |= {factor: factor for factor in plan.factors if factor in manifest.variants}
    known = {}
    for label, variant in labels.items():
        rows = stored_rows(store, sweep_id, variant)
        if np.array_equal(rows.draws[: plan.n_draws], np.arange(plan.n_draws)):
            known[label] = rows
    return known


def save_attribution(store: ResultsStore, plan: AttributionPlan, result: AttributionResult) -> None:
    """Store the attribution of `plan` under its key, replacing one stored before."""
    from accord import __version__

    record = AttributionRecord(
        plan.digest,
        plan.factors,
        plan.n_draws,
        plan.seed,
        plan.metric,
        result.scenario,
        __version__,
        result.values,
        result.shapley,
        result.intervals,
    )
    store.store_attribution(record)


def _check_factors(scenario: Scenario, factors: Sequence[str]) -> None:
    events = {event.id for event in scenario.events}
    known = [*scenario.variants, *sorted(events)]
    for factor in factors:
        if factor not in scenario.variants and factor not in events:
            raise UnknownIdError("factor (a variant name or an event id)", factor, known)
    if not factors:
        raise ScenarioError.single(
            scenario.id, "no factor to attribute: name variants or event ids, comma-separated"
        )
    refuse_repeated(scenario.id, factors, "factor")


def _metric_party(scenario: Scenario, metric: str) -> str | None:
    if metric == "p_agreement":
        return None
    kind, _, party = metric.partition(":")
    if kind != "utility" or party not in scenario.party_ids:
        choices = ["p_agreement", *(f"utility:{p}" for p in scenario.party_ids)]
        raise UnknownIdError("metric", metric, choices)
    return party


def _combined(base: Scenario, factors: Sequence[str], mask: int) -> Scenario:
    patches: list[Any] = []
    for i, factor in enumerate(factors):
        if mask >> i & 1:
            if factor in base.variants:
                patches += list(base.variants[factor].patches)
            else:
                patches.append(Remove(remove=f"events.{factor}"))
    if not patches:
        return base
    try:
        data = apply_patches(scenario_data(base), patches)
    except PatchError as error:
        chosen = _label(mask, factors).replace("+", ", ")
        raise ScenarioError.single(
            base.id, f"the factors {chosen} cannot be applied together: {error}"
        ) from None
    # The combination is a scenario of its own: the base's variants no longer apply to it.
    data.pop("variants", None)
    return validate_data(data, path=f"{base.id} with {_label(mask, factors)}")


def _metric_values(scenario: Scenario, rows: RunRows, party: str | None) -> np.ndarray:
    if party is None:
        return np.array([status == "agreement" for status in rows.status], dtype=float)
    column = scenario.party_ids.index(party)
    return np.array([u[column] if u else np.nan for u in rows.utilities], dtype=float)


def _bootstrap(per_draw: np.ndarray, matrix: np.ndarray, seed: int) -> np.ndarray:
    """Percentile 95% intervals of the Shapley values over resampled draws."""
    n = per_draw.shape[0]
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2**32 - 1,)))
    # Resamples are drawn in batches (the same stream as all at once) so that their
    # counts, `(batch, n)` integers, stay small at a million draws.
    batch = max(1, min(N_BOOTSTRAP, 10_000_000 // max(1, n)))
    resampled = []
    for first in range(0, N_BOOTSTRAP, batch):
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=min(batch, N_BOOTSTRAP - first))
        resampled.append(counts @ per_draw / n)
    shapley = np.concatenate(resampled) @ matrix
    return np.stack(
        [np.percentile(shapley, 2.5, axis=0), np.percentile(shapley, 97.5, axis=0)], axis=1
    )
