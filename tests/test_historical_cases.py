"""What every shipped historical case owes its readers: each judgement sourced.

A historical case keeps facts apart from judgements: every number is a distribution with
its rationale and sources, and an event whose facts or meaning the sources dispute carries
the competing readings.
"""

import pytest

from accord import load_scenario
from accord.scenario.distributions import Beta, Choice, Normal, Triangular, Uniform

DISTRIBUTIONS = (Beta, Choice, Normal, Triangular, Uniform)
# Case id -> whether a weight of exactly 0 says the party has no stake in the issue (a
# structural choice its docs page states), not a judgement of how much.
HISTORICAL_CASES = {"istanbul-2022": False, "dayton-1995": True, "rambouillet-1999": True}


def _judgements(s):
    """Yield (place, number) for every judgement number of the scenario (variants aside)."""
    for party, prefs in s.preferences.items():
        yield f"{party}.reservation_value", prefs.reservation_value
        for issue, weight in prefs.weights.items():
            yield f"{party}.weights.{issue}", weight
        for issue, table in prefs.values.items():
            for option, value in table.items():
                if value not in (0, 1):  # the ends of each issue's scale are not judgements
                    yield f"{party}.values.{issue}.{option}", value
        for k, interaction in enumerate(prefs.interactions):
            yield f"{party}.interactions[{k}]", interaction.value
    for party, issues in s.commitment.vulnerability.items():
        for issue, table in issues.items():
            for option, value in table.items():
                yield f"vulnerability.{party}.{issue}.{option}", value
    for issue, table in s.commitment.guarantees.items():
        for option, guarantee in table.items():
            for name in ("credibility", "exposure"):
                if name in guarantee.model_fields_set:
                    yield f"guarantees.{issue}.{option}.{name}", getattr(guarantee, name)
    for holder, about in s.beliefs.items():
        for other, value in about.items():
            yield f"beliefs.{holder}.{other}", value
    for guarantor, stance in s.guarantors.items():
        yield f"guarantors.{guarantor}", stance.threshold
    for event in s.events:
        for name in ("delta", "threshold"):
            if getattr(event, name, None) is not None:
                yield f"events.{event.id}.{name}", getattr(event, name)
        if event.kind == "signal":
            yield f"events.{event.id}.honours", event.likelihood.honours
            yield f"events.{event.id}.breaches", event.likelihood.breaches
        if event.kind == "weight_change":
            for issue, weight in event.weights.items():
                yield f"events.{event.id}.weights.{issue}", weight
    for event in s.events:
        if event.kind == "value_change":
            for option, value in event.values.items():
                yield f"events.{event.id}.values.{option}", value
    if s.mediator is not None:
        for name in ("private_trust", "budget"):
            if name in s.mediator.model_fields_set:
                yield f"mediator.{name}", getattr(s.mediator, name)
        for inducement in s.mediator.inducements:
            yield f"mediator.inducements.{inducement.id}.value", inducement.value
            yield f"mediator.inducements.{inducement.id}.cost", inducement.cost
    yield "mediator.noise", s.mediator.noise
    yield "mediator.learning_rate", s.mediator.learning_rate
    for party, strategy in s.strategies.items():
        yield f"strategies.{party}.exponent", strategy.exponent


@pytest.mark.parametrize("case", HISTORICAL_CASES)
def test_every_judgement_is_a_sourced_distribution(case):
    zero_is_no_stake = HISTORICAL_CASES[case]
    unsourced = [
        place
        for place, number in _judgements(load_scenario(case))
        if not (zero_is_no_stake and number == 0)
        and not (isinstance(number, DISTRIBUTIONS) and number.rationale and number.sources)
    ]
    assert unsourced == []


@pytest.mark.parametrize("case", HISTORICAL_CASES)
def test_contested_events_carry_competing_readings(case):
    for event in load_scenario(case).events:
        assert event.sources, event.id
        if event.contested:
            assert len(event.readings) >= 2, event.id
