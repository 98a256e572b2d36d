"""The negotiation engine: clock, events, beliefs, strategies, protocols, simulation.

Entry point: `simulate(scenario, seed=...)` returns a `Transcript`.

Modules:
    clock       rounds and events on one totally ordered timeline
    beliefs     Bayes updates of beliefs about compliance
    situation   compiled scenario, conditions, trust-adjusted values and consent
    events      applying dated events to conditions, with recorded effects
"""

from accord.engine.events import Effect, apply_event, conditions_at, situation_at
from accord.engine.situation import CompiledScenario, Conditions, Situation, compile_scenario

__all__ = [
    "CompiledScenario",
    "Conditions",
    "Effect",
    "Situation",
    "apply_event",
    "compile_scenario",
    "conditions_at",
    "situation_at",
]
