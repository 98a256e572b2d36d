"""The workbench's case, space and what-if: accord's API, answered as page data."""

import datetime as dt

import numpy as np
import pytest

from accord import analyze, load_scenario, simulate
from accord.errors import LimitError, UnknownIdError
from accord.scenario.parameters import parameters_of
from accord.web.workbench import case_page, space_on, what_if


@pytest.fixture(scope="module")
def teaching():
    return load_scenario("ceasefire-teaching")


def test_the_case_page_lists_red_lines_and_every_judgement(teaching):
    page = case_page(teaching)
    assert page["red_lines"]["north"] == [{"line": ["prewar"], "disarmament": ["none"]}]
    assert page["red_lines"]["south"] == []
    assert [j["path"] for j in page["judgements"]] == [p.path for p in parameters_of(teaching)]
    assert page["variant_names"] == ["no-violation", "brave-guardian"]


def test_a_what_if_at_the_means_is_the_single_run(teaching):
    assert what_if(teaching, {})["outcome"] == simulate(teaching, seed=0).outcome.to_dict()


def test_a_fixed_judgement_is_the_run_of_the_scenario_with_that_number(teaching):
    data = teaching.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["preferences"]["north"]["reservation_value"] = 0.65
    from accord.scenario import validate_data

    edited = validate_data(data)
    fixed = what_if(teaching, {"preferences.north.reservation_value": 0.65})
    assert fixed["outcome"] == simulate(edited, seed=0).outcome.to_dict()
    assert fixed["outcome"]["round"] == "r1"


def test_a_judgement_must_name_an_uncertain_number_and_stay_in_its_range(teaching):
    with pytest.raises(UnknownIdError, match="unknown judgement 'weights'"):
        what_if(teaching, {"weights": 1.0})
    with pytest.raises(LimitError, match=r"in \[-0.4, -0.3\], got -0.5"):
        what_if(teaching, {"events.failed-offensive.delta": -0.5})


def test_the_space_is_drawn_in_the_pair_asked_for(teaching):
    day = dt.date(2022, 5, 12)
    forward = space_on(teaching, day)
    backward = space_on(teaching, day, ("south", "north"))
    assert backward["parties"] == ["south", "north"]
    assert sorted(map(tuple, np.array(backward["pareto"])[:, ::-1].tolist())) == sorted(
        map(tuple, forward["pareto"])
    )
    analysis = analyze(teaching, at=day)
    nash = analysis.solutions["nash"]
    expected = None if nash is None else analysis.situation.space.outcome(nash)
    got = forward["solutions"]["nash"]
    assert (got and got["text"]) == expected
    with pytest.raises(UnknownIdError):
        space_on(teaching, day, ("north", "envoy"))
