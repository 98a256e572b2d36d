"""Structural readings: drawn per draw, pinned by variants, the same runs either way."""

import re

import numpy as np
import pytest

from accord import load_scenario
from accord.engine import simulate_draws
from accord.errors import ScenarioError
from accord.scenario import validate_data
from accord.scenario.load import apply_variants
from accord.situation import sampled_draws
from accord.situation.readings import split_by_reading

RED_LINE = [{"set": "preferences.south.red_lines", "value": [{"line": "current"}]}]


def teaching(as_written: float, red_line: float) -> dict:
    data = load_scenario("ceasefire-teaching").model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    data["readings"] = {
        "south-hardline": {
            "description": "Whether South's 'never the current line' is a red line.",
            "alternatives": {
                "rhetoric": {"probability": as_written},
                "red-line": {"probability": red_line, "patches": RED_LINE},
            },
        }
    }
    data["variants"]["hardline"] = [{"pin": "south-hardline", "to": "red-line"}]
    return data


def outcomes(scenario, n_draws=24):
    draws = sampled_draws(scenario, seed=7, start=0, stop=n_draws)
    return [(o.status, o.text) for o in simulate_draws(scenario, draws, seed=7)]


def test_draws_split_by_the_alternative_each_drew_with_its_probability():
    scenario = validate_data(teaching(0.25, 0.75))
    draws = sampled_draws(scenario, seed=1, start=0, stop=2000)
    groups = {
        tuple(tuple(line.items()) for line in s.preferences["south"].red_lines): rows.size
        for s, _, rows in split_by_reading(scenario, draws)
    }
    hardline = ((("line", ("current",)),),)
    assert set(groups) == {(), hardline}
    share = groups[hardline] / 2000
    # Within 4 standard errors of 0.75 over 2000 draws.
    assert abs(share - 0.75) < 4 * (0.75 * 0.25 / 2000) ** 0.5
    assert all(not s.readings for s, _, _ in split_by_reading(scenario, draws))


def test_a_sure_alternative_runs_as_the_variant_that_pins_it():
    sampled = outcomes(validate_data(teaching(0.0, 1.0)))
    pinned = apply_variants(validate_data(teaching(0.0, 1.0)), ["hardline"])
    assert not pinned.readings
    assert sampled == outcomes(pinned)
    assert all(text is None or text["line"] != "current" for _, text in sampled)
    assert any(
        text is not None and text["line"] == "current"
        for _, text in outcomes(validate_data(teaching(1.0, 0.0)))
    )


def test_other_numbers_keep_their_draws_in_every_group():
    scenario = validate_data(teaching(0.5, 0.5))
    draws = sampled_draws(scenario, seed=3, start=0, stop=50)
    path = "preferences.north.reservation_value"
    column = [p.path for p in draws.parameters].index(path)
    for _, group, rows in split_by_reading(scenario, draws):
        mine = [p.path for p in group.parameters].index(path)
        assert np.array_equal(group.values[:, mine], draws.values[rows, column])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {
                "rhetoric": {"probability": 0.5},
                "red-line": {"probability": 0.6, "patches": RED_LINE},
            },
            "expected probabilities summing to 1, got 1.1",
        ),
        (
            {"rhetoric": {"probability": 0.5}, "other": {"probability": 0.5}},
            "expected exactly one alternative without patches (the file as written), got 2",
        ),
    ],
)
def test_a_reading_needs_probabilities_summing_to_one_and_one_unpatched_alternative(
    change, message
):
    data = teaching(0.5, 0.5)
    data["readings"]["south-hardline"]["alternatives"] = change
    with pytest.raises(ScenarioError, match=re.escape(message)):
        validate_data(data)


def test_pinning_an_unknown_alternative_is_an_error_naming_the_known_ones():
    data = teaching(0.5, 0.5)
    data["variants"]["hardline"] = [{"pin": "south-hardline", "to": "maybe"}]
    with pytest.raises(ScenarioError, match="no alternative 'maybe' of reading 'south-hardline'"):
        validate_data(data)


@pytest.mark.parametrize("patch", [{}, {"set": "preferences.south.reservation_value"}, "x"])
def test_a_variant_pinning_a_malformed_alternative_gets_located_errors(patch):
    data = teaching(0.5, 0.5)
    data["readings"]["south-hardline"]["alternatives"]["red-line"]["patches"] = [patch]
    with pytest.raises(ScenarioError) as raised:
        validate_data(data)
    alternative = "readings.south-hardline.alternatives.red-line.patches[0]"
    assert any(p.location.startswith(alternative) for p in raised.value.problems)
    pinned = [p for p in raised.value.problems if p.location == "variants.hardline[0].to"]
    assert len(pinned) == 1
    assert pinned[0].message.startswith(
        "alternative 'red-line' of reading 'south-hardline' cannot be applied: "
    )


def test_replaying_a_draw_runs_the_reading_it_drew():
    from accord import simulate

    scenario = validate_data(teaching(0.0, 1.0))
    replay = simulate(scenario, seed=7, draw=3).to_dict()["outcome"]
    assert (replay["status"], replay.get("text")) == outcomes(scenario)[3]


def test_an_alternative_whose_patch_names_nothing_is_reported_at_load():
    data = teaching(0.5, 0.5)
    data["readings"]["south-hardline"]["alternatives"]["red-line"]["patches"] = [
        {"remove": "events.no-such-event"}
    ]
    with pytest.raises(ScenarioError, match=r"readings\.south-hardline\.alternatives\.red-line: "):
        validate_data(data)


def test_an_alternative_that_breaks_the_file_is_reported_at_load():
    data = teaching(0.5, 0.5)
    data["readings"]["south-hardline"]["alternatives"]["red-line"]["patches"] = [
        {"set": "preferences.south.reservation_value", "value": 1.5}
    ]
    with pytest.raises(ScenarioError, match="after applying this alternative, "):
        validate_data(data)


def test_a_pinned_file_is_kept_for_its_own_file_only():
    first = validate_data(teaching(0.5, 0.5))
    draws = sampled_draws(first, seed=3, start=0, stop=40)
    pinned = {rows.size: s for s, _, rows in split_by_reading(first, draws)}
    again = {rows.size: s for s, _, rows in split_by_reading(first, draws)}
    assert all(again[size] is pinned[size] for size in pinned)
    # Another file with the same readings (South's reservation value moved) is pinned anew.
    data = teaching(0.5, 0.5)
    data["preferences"]["south"]["reservation_value"] = 0.123
    other = validate_data(data)
    for s, _, _ in split_by_reading(other, sampled_draws(other, seed=3, start=0, stop=40)):
        assert s.preferences["south"].reservation_value == 0.123
        assert all(s is not kept for kept in pinned.values())
