"""The negotiation engine: strategies, protocols, the run, transcripts.

One engine, written once over a leading draw axis: `run.run_block` walks a block of draws
of a compiled scenario (`accord.situation`) through its timeline. `simulate` runs a block
of one draw and records its transcript; sweeps run large blocks without recording.

Entry points: `simulate(scenario, seed=...)` returns a `Transcript`;
`simulate_draws(scenario, draws, seed=...)` returns `Outcomes`, the sequence of each
draw's `Outcome`, kept as columns; `simulate_variants` runs the same draws under a
scenario and its variants, running the part of the timeline they share once.

Modules:
    strategies   time-based, tit-for-tat, hardliner, reservation, subgame-perfect
    history      the public record of offers, for strategies that read it
    offers       stacked alternating offers (NegMAS SAO)
    single_text  the mediated single negotiating text
    person       a person's moves in one party's seat (teaching mode), in draw 0
    run          the timeline loop over a block of draws, and how each draw ends
    outcomes     endings in words and tags
    transcript   the immutable record of a run and its JSON form
    recorder     what the engine writes while it runs the draw it records
    simulation   `simulate`, `simulate_draws` and `simulate_variants`
"""

from accord.engine.simulation import simulate, simulate_draws, simulate_variants
from accord.engine.transcript import Outcome, Outcomes, Transcript

__all__ = [
    "Outcome",
    "Outcomes",
    "Transcript",
    "simulate",
    "simulate_draws",
    "simulate_variants",
]
