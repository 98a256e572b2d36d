"""Monte Carlo sweeps: many draws of the uncertain numbers, every variant on the same draws.

`sweep(source, n_draws=..., variants=..., seed=...)` samples every distribution of the
scenario N times (each parameter from its own stream keyed by its path, see
`accord.scenario.parameters`), runs the baseline and each variant on the same draws
(common random numbers: a variant differs from the baseline only by what it changes),
gives draw i's run its own child `SeedSequence(seed, spawn_key=(i,))` for the engine's
randomness, and summarises each variant:

- P(agreement) with its Wilson 95% interval;
- for a variant, the paired difference from the baseline with Newcombe's interval;
- the distribution of agreement dates, the most frequent agreed texts, mean utilities;
- breakdown causes and their frequencies;
- a sensitivity ranking of the sampled parameters by partial rank correlation (PRCC)
  with agreement.

Work is split into chunks of draws run by an `Executor`; runs go to a `ResultsStore`
chunk by chunk, so an interrupted sweep resumes where it stopped when run again.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.engine.simulation import simulate_variants
from accord.engine.transcript import Outcomes
from accord.experiments.executors import Executor, LocalExecutor
from accord.experiments.limits import check_sweep_size
from accord.experiments.statistics import (
    paired_difference_interval,
    partial_rank_correlations,
    wilson_interval,
)
from accord.experiments.store import ResultsStore, RunRows, SweepManifest
from accord.scenario import load_scenario, scenario_digest
from accord.scenario.load import apply_variants
from accord.scenario.parameters import StreamPosition, parameters_of, stream_positions
from accord.scenario.schema import Scenario
from accord.situation.draws import Draws, sampled_draws
from accord.situation.readings import reading_combinations

if TYPE_CHECKING:
    import pandas

__all__ = [
    "BASELINE",
    "SCHEMA_VERSION",
    "SweepInterrupted",
    "SweepPlan",
    "SweepResult",
    "iterate_runs",
    "plan_sweep",
    "run_chunk",
    "run_chunks",
    "run_sweep",
    "run_variants",
    "scenario_digest",
    "stored_rows",
    "sweep",
]

BASELINE = "baseline"
SCHEMA_VERSION = 1
Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class Chunk:
    """A picklable unit of work: draws of one variant, sampled from the window [start, stop).

    `rows` are the positions in the window of the draws to run (None: every draw of it).
    """

    variant: str
    scenario: Scenario
    seed: int
    start: int
    stop: int
    position: StreamPosition | None = None
    rows: np.ndarray | None = None

    @property
    def n_draws(self) -> int:
        """The number of draws the chunk runs."""
        return self.stop - self.start if self.rows is None else int(self.rows.size)


def run_chunk(chunk: Chunk) -> RunRows:
    """Run the chunk's draws of one variant with the engine; return their rows."""
    (rows,) = run_chunks((chunk,))
    return rows


def run_chunks(chunks: Sequence[Chunk]) -> list[RunRows]:
    """Run chunks of the same draws under several variants; return each one's rows.

    A variant's runs go on from those of an earlier chunk's variant at the first round or
    event they play differently (`accord.engine.simulate_variants`): the rows are those
    each chunk gives alone.
    """
    draws = [_chunk_draws(chunk) for chunk in chunks]
    outcomes = simulate_variants(
        [(chunk.scenario, own) for chunk, own in zip(chunks, draws, strict=True)],
        seed=chunks[0].seed,
    )
    return [_rows(c, o, d) for c, o, d in zip(chunks, outcomes, draws, strict=True)]


def _chunk_draws(chunk: Chunk) -> Draws:
    """The chunk's draws of its variant's uncertain numbers."""
    draws = sampled_draws(
        chunk.scenario,
        seed=chunk.seed,
        start=chunk.start,
        stop=chunk.stop,
        position=chunk.position,
    )
    return draws if chunk.rows is None else draws.take(chunk.rows)


def _tasks(chunks: Sequence[Chunk]) -> list[tuple[Chunk, ...]]:
    """The chunks, those of the same draws (the variants' of a window's rows) run together.

    The tasks with the most runs come first: a pool's last tasks are then its smallest,
    and a worker that has finished waits less for the others.
    """
    together: dict[tuple[int, int, int, bytes | None], list[Chunk]] = {}
    for chunk in chunks:
        rows = None if chunk.rows is None else chunk.rows.tobytes()
        together.setdefault((chunk.seed, chunk.start, chunk.stop, rows), []).append(chunk)
    tasks = [tuple(task) for task in together.values()]
    return sorted(tasks, key=lambda task: -sum(chunk.n_draws for chunk in task))


_OUTCOME_COLUMNS = ("status", "cause", "date", "round", "step", "text", "utilities", "reason")
_LIST_COLUMNS = ("inducements", "deferred", "without")


def _rows(chunk: Chunk, outcomes: Outcomes, draws: Draws) -> RunRows:
    """The chunk's runs as store rows, read from the outcomes' columns."""
    # Every field but the step and the numbers is the same for draws that ended alike:
    # each is read once per ending.
    return RunRows(
        chunk.variant,
        draws.numbers,
        status=outcomes.per_draw(lambda o: o.status),
        cause=outcomes.per_draw(lambda o: o.cause),
        date=outcomes.per_draw(lambda o: o.date),
        round=outcomes.per_draw(lambda o: o.round),
        step=outcomes.step_list(),
        text=outcomes.per_draw(lambda o: json.dumps(o.text, sort_keys=True) if o.text else None),
        utilities=outcomes.achieved().tolist(),
        reason=outcomes.per_draw(lambda o: o.reason),
        parameters=draws.values,
        inducements=[list(ids) for ids in outcomes.per_draw(lambda o: o.inducements)],
        deferred=[list(ids) for ids in outcomes.per_draw(lambda o: o.deferred)],
        without=[list(ids) for ids in outcomes.per_draw(lambda o: o.without)],
    )


def _missing_ranges(n_draws: int, stored: np.ndarray) -> list[tuple[int, int]]:
    """The runs of consecutive draws in [0, n_draws) not yet stored, as [start, stop) pairs."""
    missing = np.zeros(n_draws + 2, dtype=bool)  # padded with a stored draw at each end
    missing[1:-1] = True
    done = np.asarray(stored, dtype=np.int64)
    missing[done[(done >= 0) & (done < n_draws)] + 1] = False
    edges = np.flatnonzero(np.diff(missing.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _chunks(
    variants: dict[str, Scenario],
    seed: int,
    n_draws: int,
    chunk_size: int,
    stored: dict[str, np.ndarray],
) -> list[Chunk]:
    """Split the draws not yet stored into chunks of at most `chunk_size` draws.

    Any stored subset works (a sweep stopped while running chunks of another size): each
    draw's result depends on its index only, so a draw is run once and a stored one never.
    A scenario with readings has its draws grouped by the readings they drew, window by
    window of consecutive draws, before they are cut into chunks (`_grouped`).
    """
    chunks = []
    for name, scenario in variants.items():
        done = stored.get(name, np.zeros(0, dtype=np.int64))
        step = max(GROUPING_WINDOW, chunk_size) if scenario.readings else chunk_size
        windows = [
            (start, min(last, start + step))
            for first, last in _missing_ranges(n_draws, done)
            for start in range(first, last, step)
        ]
        # Each window starts sampling at its first draw: the streams are walked once here.
        positions = stream_positions(
            parameters_of(scenario), seed=seed, starts=[start for start, _ in windows]
        )
        for (start, stop), position in zip(windows, positions, strict=True):
            window = Chunk(name, scenario, seed, start, stop, position)
            chunks += _grouped(window, chunk_size) if scenario.readings else [window]
    return chunks


def _grouped(window: Chunk, chunk_size: int) -> list[Chunk]:
    """The window's draws, in groups of the same readings, cut into chunks of `chunk_size`.

    The engine runs the draws of each combination of readings as one block
    (`accord.situation.readings.split_by_reading`), and a block costs about 50 ms on the
    reference case besides its draws' 1.5–2 ms each: chunks are cut between groups, and
    a group is cut only where it alone holds more than `chunk_size` draws.
    """
    draws = sampled_draws(
        window.scenario,
        seed=window.seed,
        start=window.start,
        stop=window.stop,
        position=window.position,
    )
    _, combination = reading_combinations(window.scenario, draws)
    order = np.argsort(combination, kind="stable")
    return [
        replace(window, rows=order[first:last])
        for first, last in _cuts(np.bincount(combination).tolist(), chunk_size)
    ]


def _cuts(sizes: list[int], chunk_size: int) -> list[tuple[int, int]]:
    """Cut runs of `sizes` items, laid end to end, into [first, last) pieces.

    A piece holds `chunk_size` items at most, and is cut between runs wherever the next
    run fits in what is left of it.
    """
    cuts: list[tuple[int, int]] = []
    first = last = 0
    for size in sizes:
        if last > first and last + size - first > chunk_size:
            cuts.append((first, last))
            first = last
        last += size
        while last - first > chunk_size:  # a run longer than a piece
            cuts.append((first, first + chunk_size))
            first += chunk_size
    if last > first:
        cuts.append((first, last))
    return cuts


# Draws are grouped by their readings within windows of this many consecutive draws: a
# window of 4,000 gives each of the reference case's 32 combinations about 125 draws and
# samples in about 10 ms. A block's fixed cost per draw falls with its size, but past
# about 240 draws its tables' cost per draw rises again: a window of 2,000 measured about
# 10% slower, one of 8,000 no faster.
GROUPING_WINDOW = 4000


# The most draws a task runs when no chunk size is given. Larger chunks give the engine
# larger blocks where draws split by their readings: measured on the reference case (32
# combinations of readings), 13.2 ms a run in chunks of 250 draws, 12.0 in 500 and 12.2
# in 1,000. An interrupted sweep loses at most the chunks each worker was running (one
# per variant: a task runs the variants' chunks of the same draws together).
MAX_CHUNK_DRAWS = 500


def default_chunk_size(n_draws: int) -> int:
    """Draws per task when none is given: at most `MAX_CHUNK_DRAWS`, about 8 tasks per variant."""
    return max(1, min(MAX_CHUNK_DRAWS, -(-n_draws // 8)))


def iterate_runs(
    variants: dict[str, Scenario],
    *,
    n_draws: int,
    seed: int,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    stored: dict[str, np.ndarray] | None = None,
    on_progress: Progress | None = None,
) -> Generator[RunRows, None, None]:
    """Run every variant on the draws 0..n-1 not in `stored`; yield chunks as they finish."""
    executor = executor or LocalExecutor(1)
    chunks = _chunks(
        variants, seed, n_draws, chunk_size or default_chunk_size(n_draws), stored or {}
    )
    total = sum(c.n_draws for c in chunks)
    finished = 0
    if on_progress is not None:
        on_progress(0, total)
    for task in executor.map(run_chunks, _tasks(chunks)):
        for rows in task:
            yield rows
            finished += len(rows.draws)
            if on_progress is not None:
                on_progress(finished, total)


def run_variants(
    variants: dict[str, Scenario],
    *,
    n_draws: int,
    seed: int,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    on_progress: Progress | None = None,
) -> dict[str, RunRows]:
    """Run every variant on draws 0..n-1; return each variant's rows ordered by draw."""
    collected: dict[str, list[RunRows]] = {name: [] for name in variants}
    for rows in iterate_runs(
        variants,
        n_draws=n_draws,
        seed=seed,
        executor=executor,
        chunk_size=chunk_size,
        on_progress=on_progress,
    ):
        collected[rows.variant].append(rows)
    return {name: _concatenate(name, parts) for name, parts in collected.items()}


def _concatenate(variant: str, parts: list[RunRows]) -> RunRows:
    """The parts' rows as one, ordered by draw."""
    if not parts:
        empty: dict[str, Any] = {name: [] for name in (*_OUTCOME_COLUMNS, *_LIST_COLUMNS)}
        return RunRows(variant, np.zeros(0, dtype=np.int64), **empty, parameters=np.zeros((0, 0)))
    draws = np.concatenate([p.draws for p in parts])
    order = np.argsort(draws, kind="stable").tolist()
    fields = (*_OUTCOME_COLUMNS, *_LIST_COLUMNS)
    merged = {}
    for name in fields:
        column = [value for part in parts for value in getattr(part, name)]
        merged[name] = [column[k] for k in order]
    parameters = np.concatenate([p.parameters for p in parts])
    return RunRows(variant, draws[order], **merged, parameters=parameters[order])


@dataclass(frozen=True)
class SweepResult:
    """The summary of a sweep, per variant."""

    sweep_id: str
    scenario: str
    n_draws: int
    seed: int
    store: str | None
    variants: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """Return the stable JSON document of `accord sweep --json`."""
        return {
            "schema_version": SCHEMA_VERSION,
            "sweep_id": self.sweep_id,
            "scenario": self.scenario,
            "n_draws": self.n_draws,
            "seed": self.seed,
            "store": self.store,
            "variants": self.variants,
        }

    @property
    def counterfactuals(self) -> tuple[str, ...]:
        """The variants compared with the baseline, in order."""
        return tuple(name for name in self.variants if name != BASELINE)

    def to_frame(self) -> pandas.DataFrame:
        """Return one row per variant: P(agreement), its interval, the paired difference."""
        from accord._frames import sweep_frame

        return sweep_frame(self.to_dict())

    def __repr__(self) -> str:
        parts = []
        for name, summary in self.variants.items():
            low, high = summary["ci"]
            part = f"{name} {summary['p_agreement']:.3f} [{low:.3f}, {high:.3f}]"
            if summary.get("difference"):
                part += f" ({summary['difference']['estimate']:+.3f})"
            parts.append(part)
        return (
            f"<SweepResult {self.sweep_id} of {self.scenario} (n_draws={self.n_draws}, "
            f"seed={self.seed}): P(agreement) {'; '.join(parts)}>"
        )


def sweep_id_of(digest: str, variants: Sequence[str], seed: int, n_draws: int) -> str:
    """A sweep's id: the same scenario file, variants, seed and size give the same id."""
    key = json.dumps([digest, list(variants), seed, n_draws])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


class SweepInterrupted(KeyboardInterrupt):
    """A sweep stopped by an interrupt (Ctrl-C); the runs stored so far are kept."""

    def __init__(self, sweep_id: str, n_stored: int) -> None:
        super().__init__(f"sweep {sweep_id} interrupted; {n_stored} runs stored")
        self.sweep_id = sweep_id
        self.n_stored = n_stored


@dataclass(frozen=True)
class SweepPlan:
    """A checked sweep, ready to run: its scenarios, its id and its size."""

    scenarios: dict[str, Scenario]
    digest: str
    sweep_id: str
    n_draws: int
    seed: int
    variants: tuple[str, ...]

    @property
    def n_runs(self) -> int:
        """Runs of the whole sweep (draws × variants, the baseline included)."""
        return self.n_draws * len(self.scenarios)

    def manifest(self, command: str) -> SweepManifest:
        """Return the manifest recording this sweep in a results store."""
        from accord import __version__

        return SweepManifest(
            self.sweep_id,
            __version__,
            self.scenarios[BASELINE].id,
            self.digest,
            command,
            self.seed,
            self.n_draws,
            self.variants,
            {name: [p.path for p in parameters_of(s)] for name, s in self.scenarios.items()},
        )


def plan_sweep(
    source: Scenario | str | Path,
    *,
    n_draws: int,
    variants: Sequence[str] = (),
    seed: int = 0,
    chunk_size: int | None = None,
) -> SweepPlan:
    """Load and check everything a sweep needs (scenario, variants, limits) before it runs."""
    base = load_scenario(source)
    scenarios = {
        BASELINE: base,
        **{v: apply_variants(base, [v]) for v in _known_variants(base, variants)},
    }
    check_sweep_size(n_draws=n_draws, seed=seed, n_variants=len(scenarios), chunk_size=chunk_size)
    digest = scenario_digest(source)
    sweep_id = sweep_id_of(digest, list(variants), seed, n_draws)
    return SweepPlan(scenarios, digest, sweep_id, n_draws, seed, tuple(variants))


def sweep(
    source: Scenario | str | Path,
    *,
    n_draws: int,
    variants: Sequence[str] = (),
    seed: int = 0,
    executor: Executor | None = None,
    store: ResultsStore | None = None,
    chunk_size: int | None = None,
    command: str = "",
    on_progress: Progress | None = None,
) -> SweepResult:
    """Run a sweep of `source` (scenario, file or shipped id); summarise, optionally store it.

    The sweep's id depends on the scenario's SHA-256: of the file's bytes for a file or
    shipped id, of its canonical JSON for a `Scenario` object.
    """
    plan = plan_sweep(source, n_draws=n_draws, variants=variants, seed=seed, chunk_size=chunk_size)
    return run_sweep(
        plan,
        executor=executor,
        store=store,
        chunk_size=chunk_size,
        command=command,
        on_progress=on_progress,
    )


def run_sweep(
    plan: SweepPlan,
    *,
    executor: Executor | None = None,
    store: ResultsStore | None = None,
    chunk_size: int | None = None,
    command: str = "",
    on_progress: Progress | None = None,
) -> SweepResult:
    """Run a planned sweep; with a store, skip the draws stored and store the rest.

    An interrupt (Ctrl-C) raises `SweepInterrupted`, a `KeyboardInterrupt`, after the
    chunk being written is rolled back: the store keeps whole chunks only.
    """
    if store is None:
        rows = run_variants(
            plan.scenarios,
            n_draws=plan.n_draws,
            seed=plan.seed,
            executor=executor,
            chunk_size=chunk_size,
            on_progress=on_progress,
        )
        summaries = summarise(plan.scenarios, rows.__getitem__)
        return _result(plan, None, summaries)
    store.start(plan.manifest(command))
    stored = {name: store.stored_draws(plan.sweep_id, name) for name in plan.scenarios}
    chunks = iterate_runs(
        plan.scenarios,
        n_draws=plan.n_draws,
        seed=plan.seed,
        executor=executor,
        chunk_size=chunk_size,
        stored=stored,
        on_progress=on_progress,
    )
    try:
        for chunk_rows in chunks:
            store.write_runs(plan.sweep_id, chunk_rows)
    except KeyboardInterrupt:
        chunks.close()  # stops the executor's workers now
        n_stored = sum(store.count_runs(plan.sweep_id).values())
        raise SweepInterrupted(plan.sweep_id, n_stored) from None
    summaries = summarise(plan.scenarios, lambda name: stored_rows(store, plan.sweep_id, name))
    store.finish(plan.sweep_id, summaries)
    return _result(plan, str(store.path), summaries)


def _result(plan: SweepPlan, store: str | None, summaries: dict[str, Any]) -> SweepResult:
    return SweepResult(
        plan.sweep_id,
        plan.scenarios[BASELINE].id,
        plan.n_draws,
        plan.seed,
        store,
        summaries,
    )


def _known_variants(scenario: Scenario, names: Sequence[str]) -> Iterator[str]:
    from accord.errors import UnknownIdError
    from accord.scenario.load import refuse_repeated

    for name in names:
        if name not in scenario.variants:
            raise UnknownIdError("variant", name, scenario.variants)
    # Each variant is compared with the baseline once: a second would be a copy.
    refuse_repeated(scenario.id, names, "variant")
    yield from names


def stored_rows(store: ResultsStore, sweep_id: str, variant: str) -> RunRows:
    """Return the stored runs of a sweep's variant, ordered by draw."""
    stored = store.runs(sweep_id, variant)
    return RunRows(
        variant,
        np.asarray(stored["draw"], dtype=np.int64),
        stored["status"],
        stored["cause"],
        stored["date"],
        [None] * len(stored["draw"]),
        [None] * len(stored["draw"]),
        stored["text"],
        stored["utilities"],
        stored["reason"],
        np.asarray(stored["parameters"], dtype=float),
        *(stored[name] for name in _LIST_COLUMNS),
    )


def summarise(scenarios: dict[str, Scenario], rows_of: Callable[[str], RunRows]) -> dict[str, Any]:
    """Summaries of every variant (the baseline first), reading one variant's rows at a time."""
    baseline_rows = rows_of(BASELINE)
    baseline = _agreed(baseline_rows)
    summaries = {BASELINE: _summary(scenarios[BASELINE], baseline_rows, None)}
    del baseline_rows  # hold one variant's rows at a time
    for name in scenarios:
        if name != BASELINE:
            summaries[name] = _summary(scenarios[name], rows_of(name), baseline)
    return summaries


def _agreed(rows: RunRows) -> np.ndarray:
    return np.array([status == "agreement" for status in rows.status], dtype=bool)


def _summary(scenario: Scenario, rows: RunRows, baseline: np.ndarray | None) -> dict[str, Any]:
    agreed = _agreed(rows)
    n = int(agreed.size)
    low, high = wilson_interval(int(agreed.sum()), n)
    summary: dict[str, Any] = {
        "n_draws": n,
        "n_agreements": int(agreed.sum()),
        "p_agreement": _r(agreed.mean() if n else 0.0),
        "ci": [_r(low), _r(high)],
        "difference": None if baseline is None else _difference(agreed, baseline),
        "agreement_dates": _counts(str(d) for d, a in zip(rows.date, agreed, strict=True) if a),
        "top_texts": _top_texts(rows, agreed),
        "mean_utilities": _mean_utilities(scenario, rows, agreed),
        "breakdown_causes": _counts(c for c, a in zip(rows.cause, agreed, strict=True) if not a),
        "agreements_with": {name: _listed(getattr(rows, name), agreed) for name in _LIST_COLUMNS},
        "sensitivity": _sensitivity(scenario, rows, agreed),
    }
    return summary


def _difference(agreed: np.ndarray, baseline: np.ndarray) -> dict[str, Any]:
    estimate, (low, high) = paired_difference_interval(agreed, baseline)
    return {
        "estimate": _r(estimate),
        "ci": [_r(low), _r(high)],
        "n_gained": int(np.sum(agreed & ~baseline)),
        "n_lost": int(np.sum(~agreed & baseline)),
    }


def _counts(values: Iterator[str] | Any) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def _listed(column: Sequence[list[str]], agreed: np.ndarray) -> dict[str, int]:
    """How many agreements list each id in `column` (an inducement, issue or party)."""
    return _counts(i for ids, a in zip(column, agreed, strict=True) if a for i in ids)


def _top_texts(rows: RunRows, agreed: np.ndarray, limit: int = 5) -> list[dict[str, Any]]:
    texts = Counter(t for t, a in zip(rows.text, agreed, strict=True) if a and t)
    n = max(1, int(agreed.size))
    ranked = sorted(texts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [
        {"text": json.loads(text), "count": count, "share": _r(count / n)} for text, count in ranked
    ]


def _mean_utilities(scenario: Scenario, rows: RunRows, agreed: np.ndarray) -> dict[str, Any]:
    parties = scenario.party_ids
    values = np.array([u for u in rows.utilities], dtype=float).reshape(-1, len(parties))
    overall = values.mean(axis=0) if len(values) else np.zeros(len(parties))
    given = values[agreed].mean(axis=0) if agreed.any() else np.full(len(parties), np.nan)
    return {
        "all_draws": {p: _r(v) for p, v in zip(parties, overall, strict=True)},
        "given_agreement": {
            p: None if np.isnan(v) else _r(v) for p, v in zip(parties, given, strict=True)
        },
    }


def _sensitivity(
    scenario: Scenario, rows: RunRows, agreed: np.ndarray, limit: int = 10
) -> list[dict[str, Any]]:
    """Rank the sampled judgements by PRCC with agreement (none if agreement never varied).

    Numbers sharing a judgement (`shared: NAME`) take identical draws, so they form one
    column, reported as ``shared:NAME``; copies would otherwise cancel each other out.
    """
    columns: dict[str, int] = {}
    for j, parameter in enumerate(parameters_of(scenario)):
        shared = getattr(parameter.distribution, "shared", None)
        columns.setdefault(f"shared:{shared}" if shared else parameter.path, j)
    if not columns or len(agreed) < 3 or agreed.all() or not agreed.any():
        return []
    names = list(columns)
    coefficients = partial_rank_correlations(
        rows.parameters[:, list(columns.values())], agreed.astype(float)
    )
    order = sorted(range(len(names)), key=lambda j: (-abs(coefficients[j]), names[j]))
    return [{"parameter": names[j], "prcc": _r(coefficients[j])} for j in order[:limit]]


def _r(value: float) -> float:
    return round(float(value), 10) + 0.0  # no negative zero in the output
