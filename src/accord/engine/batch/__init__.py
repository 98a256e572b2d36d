"""The batched engine: many draws of one scenario at once, vectorised over draws.

A sweep runs thousands of draws of the same scenario that differ only by their sampled
numbers (and, for the mediator's noise, their seeds). The batched engine runs a block of
them at once, with arrays whose first axis is the draw, and gives every draw exactly the
`Outcome` that `simulate` gives it:

- `offers`: stacked alternating offers between two time-based parties in a scenario whose
  course depends on the clock alone (no events, beliefs, commitment or guarantors);
- `single_text`: the mediated single negotiating text, with events, beliefs, commitment
  and guarantors, for parties whose acceptance threshold is their reservation value,
  their best value or a time-based aspiration.

`batch_applies` says whether a scenario can run here; `simulate_batch` runs it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.engine.batch.offers import offers_batch_applies, simulate_offers_batch
from accord.engine.batch.single_text import simulate_text_batch, text_batch_applies
from accord.engine.transcript import Outcome
from accord.scenario.parameters import Parameter
from accord.scenario.schema import Scenario

__all__ = ["batch_applies", "simulate_batch"]


def batch_applies(scenario: Scenario) -> bool:
    """Whether `simulate_batch` can run this scenario."""
    return offers_batch_applies(scenario) or text_batch_applies(scenario)


def simulate_batch(
    scenario: Scenario,
    parameters: Sequence[Parameter],
    values: np.ndarray,
    *,
    seed: int,
    first_draw: int = 0,
) -> list[Outcome]:
    """Run the draws `first_draw + d` (row d of `values`); return every draw's outcome.

    Draw j's engine randomness comes from `SeedSequence(seed, spawn_key=(j,))`, as in a
    sweep's one-at-a-time runs.
    """
    if offers_batch_applies(scenario):
        return simulate_offers_batch(scenario, parameters, values)
    seeds = [np.random.SeedSequence(seed, spawn_key=(first_draw + d,)) for d in range(len(values))]
    return simulate_text_batch(scenario, parameters, values, seeds)
