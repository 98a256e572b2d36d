"""The situation: what each party gets from each text at a moment, for a block of draws.

This layer sits below both `accord.analysis` and `accord.engine`. It compiles a scenario
for a block of draws (every uncertain number sampled, or at its mean), keeps what events
move as arrays with a leading draw axis, applies dated events as array updates, and
evaluates every text for every party and draw: utilities, trust-adjusted values, red
lines, guarantor consent, the zone of possible agreement.

Entry points: `compile_model(scenario, draws)` and `evaluate(model, conditions)`;
`situation_at(scenario, at)` for one draw over the whole outcome space.

Modules:
    draws       the values of the uncertain numbers in a block of draws
    timeline    rounds and events on one totally ordered timeline
    model       the compiled scenario: option tables, breach losses, exposures
    conditions  what events move: weights, reservation values, beliefs, red lines, ...
    beliefs     Bayes updates of beliefs about compliance
    events      dated events applied as array updates, with their recorded effects
    evaluation  values, masks, consent and the ZOPA over the texts
    snapshot    one draw's situation over the whole outcome space (analysis, reports)
"""

from accord.situation.conditions import Conditions
from accord.situation.draws import Draws, mean_draws, sampled_draws
from accord.situation.evaluation import Evaluation, evaluate
from accord.situation.events import Change, Effect, apply_event
from accord.situation.model import Model, compile_model
from accord.situation.snapshot import Situation, conditions_at, situation_at

__all__ = [
    "Change",
    "Conditions",
    "Draws",
    "Effect",
    "Evaluation",
    "Model",
    "Situation",
    "apply_event",
    "compile_model",
    "conditions_at",
    "evaluate",
    "mean_draws",
    "sampled_draws",
    "situation_at",
]
