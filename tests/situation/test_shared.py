"""How far a scenario and its variant run alike: the timeline items they play the same."""

import numpy as np
import pytest

from accord import load_scenario
from accord.scenario import validate_data
from accord.scenario.load import apply_variants
from accord.situation import compile_model
from accord.situation.draws import Draws
from accord.situation.shared import forks, shared_items
from accord.situation.timeline import played_items
from tests.blocks import first_reading_block


@pytest.fixture(scope="module")
def reference():
    return load_scenario("istanbul-2022")


def model_of(scenario, draws=None):
    pinned, group = first_reading_block(scenario, seed=2, n_draws=6)
    return compile_model(pinned, group if draws is None else draws)


def position_of(scenario, event_id: str) -> int:
    """Where an item stands in the played timeline, counted by hand from the file's order."""
    ids = [item.item.id for item in played_items(scenario)]
    return ids.index(event_id)


def edited(scenario, change) -> object:
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    change(data)
    return validate_data(data)


def test_a_scenario_plays_its_whole_timeline_as_itself(reference):
    base = model_of(reference)
    assert shared_items(base, model_of(reference)) == len(played_items(base.scenario))


@pytest.mark.parametrize(
    ("variant", "first_changed"),
    [
        ("no-bucha", "bucha-revealed"),  # removes three events, the first on 2 Apr
        ("russia-sincere", "fomin-deescalation"),  # the drawdown's likelihoods
        ("no-kyiv-drawdown-signal", "fomin-deescalation"),  # removes it
        ("battlefield-shift", "kyiv-oblast-liberated"),  # its reading made larger
    ],
)
def test_a_variant_shares_the_items_before_the_first_event_it_changes(
    reference, variant, first_changed
):
    base = model_of(reference)
    other = model_of(apply_variants(reference, [variant]))
    assert shared_items(base, other) == position_of(base.scenario, first_changed)
    assert shared_items(base, other) > 10


def test_a_variant_outside_the_timeline_shares_nothing(reference):
    # Guarantors' thresholds hold from the first day: no item is played alike.
    base = model_of(reference)
    assert shared_items(base, model_of(apply_variants(reference, ["credible-guarantees"]))) == 0


def test_a_round_changed_after_the_fork_shares_nothing(reference):
    # The strategies' clock counts every round's steps from the first day.
    def longer_last_round(data):
        data["rounds"][-1]["n_steps"] += 1

    other = model_of(edited(reference, longer_last_round))
    assert shared_items(model_of(reference), other) == 0


def test_an_option_introduced_later_in_the_base_only_shares_nothing(reference):
    # Without its introduction the option is on the table from the first day.
    def without_crimea_outside(data):
        data["events"] = [e for e in data["events"] if e["id"] != "crimea-outside-treaty-proposed"]

    other = model_of(edited(reference, without_crimea_outside))
    assert shared_items(model_of(reference), other) == 0


def test_an_event_drawn_differently_stops_the_shared_items_there(reference):
    base = model_of(reference)
    draws = base.draws
    paths = [p.path for p in draws.parameters]
    column = next(j for j, path in enumerate(paths) if path.startswith("events.bucha-revealed."))
    values = draws.values.copy()
    values[-1, column] = np.nextafter(values[-1, column], 1.0)
    other = model_of(reference, Draws(draws.parameters, values, draws.numbers))
    assert shared_items(base, other) == position_of(base.scenario, "bucha-revealed")


@pytest.mark.parametrize(
    "path",
    [
        "preferences.ukraine.weights.neutrality",  # compiled into the first day's conditions
        "strategies.russia.exponent",  # read by the strategies only
        "mediator.learning_rate",  # read by the mediator only
    ],
)
def test_a_number_outside_the_events_drawn_differently_shares_nothing(reference, path):
    base = model_of(reference)
    draws = base.draws
    column = [p.path for p in draws.parameters].index(path)
    values = draws.values.copy()
    values[0, column] = np.nextafter(values[0, column], 0.0)
    other = model_of(reference, Draws(draws.parameters, values, draws.numbers))
    assert shared_items(base, other) == 0


def test_other_draws_share_nothing(reference):
    base = model_of(reference)
    draws = base.draws
    other = model_of(reference, Draws(draws.parameters, draws.values, draws.numbers + 1))
    assert shared_items(base, other) == 0


def test_a_run_goes_on_from_the_earlier_run_it_shares_most_with(reference):
    """Combined variants (as an attribution runs them) fork from the variant they extend."""
    combinations = [
        [],
        ["credible-guarantees"],
        ["credible-guarantees", "no-bucha"],
        ["no-bucha"],
        ["no-bucha", "russia-sincere"],
        ["credible-guarantees", "no-bucha", "russia-sincere"],
    ]
    models = [model_of(apply_variants(reference, names)) for names in combinations]
    bucha = position_of(models[0].scenario, "bucha-revealed")
    drawdown = position_of(models[0].scenario, "fomin-deescalation")
    assert forks(models) == [
        (-1, 0),  # the scenario: from the first day
        (-1, 0),  # guarantors' thresholds differ from the first day
        (1, bucha),  # credible guarantees, then without Bucha: from the run before it
        (0, bucha),
        # Both start apart from their first shared model at the drawdown; the run
        # without Bucha started from the scenario's at Bucha, past the drawdown.
        (0, drawdown),
        (1, drawdown),
    ]
