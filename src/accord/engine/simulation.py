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

import numpy as np

from accord.engine.recorder import TranscriptRecorder
from accord.engine.run import AgreedText, run_block
from accord.engine.transcript import Outcomes, Transcript
from accord.errors import LimitError
from accord.scenario.schema import Scenario
from accord.situation.draws import Draws, mean_draws, sampled_draws
from accord.situation.model import compile_model
from accord.situation.readings import split_by_reading
from accord.situation.timeline import protocol_of
from accord.space import OutcomeSpace

__all__ = ["MAX_BLOCK_DRAWS", "MAX_BLOCK_ELEMENTS", "simulate", "simulate_draws"]

# Draws run together in blocks of at most this many (draws × texts × parties) values:
# measured on the reference case (3,000 draws, blocks of 44 or 89 draws), 2²¹ runs about
# 5% faster than 2²⁰ and 2²² slower again: larger blocks stop paying once they leave the
# cache.
MAX_BLOCK_ELEMENTS = 1 << 21
# ... and of at most this many draws: measured on bilateral alternating offers over 125
# texts and 100 steps, whose rounds are planned a few hundred draws at a time (4,096 ran
# a few % faster than 2,048: fewer blocks to compile and evaluate).
MAX_BLOCK_DRAWS = 4096
MAX_DRAW = 2**63 - 1


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
        raise LimitError(f"draw must be between 0 and {MAX_DRAW}, got {draw}")
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
    parties = scenario.party_ids
    if scenario.readings:
        groups = split_by_reading(scenario, draws)
        parts = [simulate_draws(pinned, group, seed=seed) for pinned, group, _ in groups]
        rows = np.concatenate([rows for _, _, rows in groups]) if groups else np.zeros(0, int)
        return Outcomes.concatenate(parts, parties).take(np.argsort(rows, kind="stable"))
    n_texts = _n_texts(scenario)
    per_draw = n_texts * max(1, len(parties))
    size = max(1, min(MAX_BLOCK_DRAWS, MAX_BLOCK_ELEMENTS // per_draw))
    blocks: list[Outcomes] = []
    texts: dict[int, AgreedText] = {}  # the blocks agree on the same texts: built once
    for start in range(0, draws.n_draws, size):
        block = draws.take(np.arange(start, min(start + size, draws.n_draws)))
        model = compile_model(scenario, block)
        blocks.append(run_block(model, seeds=block.seeds(seed), texts=texts))
    return blocks[0] if len(blocks) == 1 else Outcomes.concatenate(blocks, parties)


def _n_texts(scenario: Scenario) -> int:
    space = OutcomeSpace.from_scenario(scenario)
    return max(1, int(space.feasible_mask(scenario.constraints).sum()))
