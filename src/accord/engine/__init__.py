"""The negotiation engine: clock, events, beliefs, strategies, protocols, simulation.

Entry point: `accord.engine.simulate.simulate(scenario, seed=...)` (also `accord.simulate`)
returns a `Transcript`. The function is not re-exported here, so that
`accord.engine.simulate` stays the module.

Modules:
    clock       rounds and events on one totally ordered timeline
    beliefs     Bayes updates of beliefs about compliance
    situation   compiled scenario, conditions, trust-adjusted values and consent
    events      applying dated events to conditions, with recorded effects
    strategies  time-based, tit-for-tat, hardliner, subgame-perfect
    protocols   what both protocols share: drafts, the parties' views
    offers      stacked alternating offers (NegMAS SAO), with vectorised time-based rounds
    single_text the mediated single negotiating text
    batch       the batched engine: many draws at once, vectorised over draws
                (alternating offers and the single text)
    transcript  the immutable record of a run and its JSON form
    simulate    `simulate`: the run from the first day to the ending
"""

from accord.engine.events import Effect, apply_event, conditions_at, situation_at
from accord.engine.situation import CompiledScenario, Conditions, Situation, compile_scenario
from accord.engine.transcript import Transcript

__all__ = [
    "CompiledScenario",
    "Conditions",
    "Effect",
    "Situation",
    "Transcript",
    "apply_event",
    "compile_scenario",
    "conditions_at",
    "situation_at",
]
