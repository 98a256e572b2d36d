"""`simulate`: one run with its transcript; `simulate_draws`: many draws at once.

Both run the one engine (`accord.engine.run.run_block`): `simulate` is a block of one draw
with a recorder, `simulate_draws` a block of many without one. Draw k of a sweep with
seed s reads its uncertain numbers from row k of the sweep's samples and its engine
randomness from `SeedSequence(s, spawn_key=(k,))`, so `simulate(scenario, seed=s,
draw=k)` replays exactly the run the sweep stored for draw k.

All randomness comes from seeded generators: the same scenario and seed give the same
transcript, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from accord.engine.recorder import TranscriptRecorder
from accord.engine.run import AgreedText, run_block, run_blocks
from accord.engine.transcript import Outcomes, Transcript
from accord.errors import LimitError
from accord.experiments._sizes import MAX_DRAWS
from accord.scenario.schema import Scenario
from accord.situation.draws import Draws, mean_draws, sampled_draws
from accord.situation.model import compile_model
from accord.situation.readings import split_by_reading
from accord.situation.timeline import protocol_of
from accord.space import OutcomeSpace

__all__ = [
    "LARGEST_BLOCK_ELEMENTS",
    "MAX_BLOCK_DRAWS",
    "MAX_BLOCK_ELEMENTS",
    "MIN_BLOCK_DRAWS",
    "simulate",
    "simulate_draws",
    "simulate_variants",
]

# Draws run together in blocks of at most this many (draws × texts × parties) values,
# so that a block's tables stay in cache: measured on the reference case before values
# were made where read (3,000 draws), 2²¹ ran about 5% faster than 2²⁰ and than 2²², and
# on Dayton (2,000 draws, 239 draws a block) 6% faster than 2²³.
MAX_BLOCK_ELEMENTS = 1 << 21
# ... but of at least this many draws, up to `LARGEST_BLOCK_ELEMENTS` values: a block
# costs about 35 ms whatever its size. Measured on the reference case (4,000 draws × 4
# variants in a sweep's chunks of 500, groups of about 125 draws that drew the same
# readings), alternately: 5.42–5.44 ms a run in blocks of 44 draws (2²¹ values),
# 5.15–5.22 in blocks of 179 (2²³ values), which hold a whole group. A worker then holds
# about 420 MB instead of 240.
MIN_BLOCK_DRAWS = 256
LARGEST_BLOCK_ELEMENTS = 1 << 23
# ... and of at most this many draws: measured on bilateral alternating offers over 125
# texts and 100 steps, whose rounds are planned a few hundred draws at a time (4,096 ran
# a few % faster than 2,048: fewer blocks to compile and evaluate).
MAX_BLOCK_DRAWS = 4096
# Draw numbers of a sweep: 0 to MAX_DRAWS - 1 (the parameters' streams are advanced past
# the draws before it, in time growing with its number).
MAX_DRAW = MAX_DRAWS - 1


def simulate(
    scenario: Scenario,
    *,
    seed: int = 0,
    draw: int | None = None,
    until: dt.date | None = None,
    draws: Draws | None = None,
) -> Transcript:
    """Run the negotiation once; return its transcript.

    Args:
        scenario: a loaded scenario (variants already applied).
        seed: seeds the run's randomness; with `draw`, also the sweep's samples.
        draw: replay draw `draw` of a sweep with `seed`: its sampled numbers and its
            engine randomness. Without it, every uncertain number is at its mean.
        until: stop after this date (the outcome is then 'ongoing').
        draws: one draw's numbers to use instead (advanced; overrides `draw`'s samples).
    """
    if draw is not None and not 0 <= draw <= MAX_DRAW:
        raise LimitError(
            f"draw must be between 0 and {MAX_DRAW:,} (a sweep has at most {MAX_DRAWS:,} "
            f"draws), got {draw}"
        )
    if draws is None:
        draws = (
            mean_draws(scenario)
            if draw is None
            else sampled_draws(scenario, seed=seed, start=draw, stop=draw + 1)
        )
    if draw is not None and scenario.readings:
        ((scenario, draws, _),) = split_by_reading(scenario, draws)
    model = compile_model(scenario, draws)
    recorder = TranscriptRecorder(model)
    engine_seed = seed if draw is None else np.random.SeedSequence(seed, spawn_key=(draw,))
    (outcome,) = run_block(model, seeds=[engine_seed], recorder=recorder, until=until)
    return recorder.transcript(outcome, seed=seed, protocol=protocol_of(scenario).kind, draw=draw)


def simulate_draws(scenario: Scenario, draws: Draws, *, seed: int) -> Outcomes:
    """Run every draw of `draws`; return each draw's outcome (as a sweep stores it).

    Draw k's engine randomness comes from `SeedSequence(seed, spawn_key=(k,))`, with k
    its number in `draws.numbers`. Draws run in blocks sized to stay in cache; a draw's
    outcome does not depend on the block it runs in. Draws that drew different structural
    readings run apart, each on the file its readings say
    (`accord.situation.readings`).
    """
    (outcomes,) = simulate_variants([(scenario, draws)], seed=seed)
    return outcomes


def simulate_variants(runs: Sequence[tuple[Scenario, Draws]], *, seed: int) -> list[Outcomes]:
    """Run the same draws under a scenario and its variants; return each one's outcomes.

    `runs` pairs each scenario with its draws (the same draw numbers, each scenario's own
    parameters). Each gets the outcomes `simulate_draws` gives it alone; where the draws
    fall into the same blocks, a scenario's runs go on from those of an earlier one at the
    first round or event they play differently (`accord.engine.run.run_blocks`).
    """
    grouped = [split_by_reading(scenario, draws) for scenario, draws in runs]
    parties = [scenario.party_ids for scenario, _ in runs]
    if not _same_groups(grouped):
        return [
            _run_groups([groups], [own], seed)[0]
            for groups, own in zip(grouped, parties, strict=True)
        ]
    return _run_groups(grouped, parties, seed)


Group = tuple[Scenario, Draws, np.ndarray]


def _same_groups(grouped: Sequence[Sequence[Group]]) -> bool:
    """Whether every scenario's draws split into the same groups of the same draws."""
    first = grouped[0]
    return all(
        len(groups) == len(first)
        and all(
            np.array_equal(rows, mine) and np.array_equal(draws.numbers, own.numbers)
            for (_, draws, rows), (_, own, mine) in zip(groups, first, strict=True)
        )
        for groups in grouped[1:]
    )


def _run_groups(
    grouped: Sequence[Sequence[Group]], parties: Sequence[tuple[str, ...]], seed: int
) -> list[Outcomes]:
    """Run each scenario's groups of draws (the same groups in each); outcomes by draw."""
    n_groups = len(grouped[0])
    parts = [
        _run_in_blocks([(scenario, draws) for scenario, draws, _ in (g[k] for g in grouped)], seed)
        for k in range(n_groups)
    ]
    results = []
    for v, groups in enumerate(grouped):
        if n_groups == 1:
            results.append(parts[0][v])
            continue
        rows = np.concatenate([rows for _, _, rows in groups] or [np.zeros(0, dtype=np.int64)])
        joined = Outcomes.concatenate([part[v] for part in parts], parties[v])
        results.append(joined.take(np.argsort(rows, kind="stable")))
    return results


def _run_in_blocks(runs: Sequence[tuple[Scenario, Draws]], seed: int) -> list[Outcomes]:
    """Run the scenarios (no readings left) on their draws, block by block."""
    sizes = {_block_size(scenario) for scenario, _ in runs}
    if len(sizes) > 1:
        return [_run_in_blocks([run], seed)[0] for run in runs]
    (size,) = sizes
    n_draws = runs[0][1].n_draws
    blocks: list[list[Outcomes]] = [[] for _ in runs]
    # The blocks of a scenario agree on the same texts: each is built once.
    texts: list[dict[int, AgreedText]] = [{} for _ in runs]
    for start in range(0, n_draws, size):
        rows = np.arange(start, min(start + size, n_draws))
        models = [compile_model(scenario, draws.take(rows)) for scenario, draws in runs]
        seeds = models[0].draws.seeds(seed)
        for v, outcomes in enumerate(run_blocks(models, seeds=seeds, texts=texts)):
            blocks[v].append(outcomes)
    return [
        parts[0] if len(parts) == 1 else Outcomes.concatenate(parts, scenario.party_ids)
        for parts, (scenario, _) in zip(blocks, runs, strict=True)
    ]


def _block_size(scenario: Scenario) -> int:
    """Draws a block of `scenario` holds (`MAX_BLOCK_ELEMENTS`, `MIN_BLOCK_DRAWS`, ...)."""
    per_draw = _n_texts(scenario) * max(1, len(scenario.party_ids))
    least = min(MIN_BLOCK_DRAWS, LARGEST_BLOCK_ELEMENTS // per_draw)
    return max(1, min(MAX_BLOCK_DRAWS, max(least, MAX_BLOCK_ELEMENTS // per_draw)))


def _n_texts(scenario: Scenario) -> int:
    space = OutcomeSpace.from_scenario(scenario)
    return max(1, int(space.feasible_mask(scenario.constraints).sum()))
