"""The workbench's case, space and what-if: accord's API, answered as page data."""

import datetime as dt

import numpy as np
import pytest

from accord import analyze, load_scenario, simulate
from accord.errors import LimitError, UnknownIdError
from accord.report.figure_data import transcript_data
from accord.scenario import validate_data
from accord.scenario.parameters import parameters_of
from accord.web.workbench import case_page, space_on, what_if, with_readings


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


@pytest.fixture(scope="module")
def dayton():
    return load_scenario("dayton-1995")


@pytest.fixture(scope="module")
def istanbul():
    return load_scenario("istanbul-2022")


def test_the_space_draws_each_historical_text_where_its_alternatives_lie(dayton):
    for day in (dt.date(1995, 11, 1), dt.date(1995, 11, 21)):
        space = space_on(dayton, day, ("bosnia", "fry"))
        situation = analyze(dayton, at=day).situation
        i, j = situation.parties.index("bosnia"), situation.parties.index("fry")
        assert [t["id"] for t in space["texts"]] == [t.id for t in dayton.texts]
        for text in space["texts"]:
            for key in ("best", "worst"):
                point = text[key]
                code = situation.space.code(point["text"])
                assert point["utilities"] == pytest.approx(
                    [situation.utilities[code, i], situation.utilities[code, j]], abs=1e-6
                )
                # Standing: the worst-off party's value minus its reservation value.
                margins = situation.values[code] - situation.reservation_values
                assert point["standing"] == pytest.approx(margins.min(), abs=1e-6)
                assert point["in_zopa"] == bool(situation.zopa()[code])
                assert (point["blocked_by"] == []) == point["in_zopa"]


def test_the_initialled_dayton_text_enters_the_zopa_when_its_options_are_tabled(dayton):
    def initialled(day):
        texts = space_on(dayton, day)["texts"]
        return next(t for t in texts if t["id"] == "dayton-initialled")

    before, after = initialled(dt.date(1995, 11, 1)), initialled(dt.date(1995, 11, 21))
    assert not before["tabled"] and not before["best"]["in_zopa"]
    assert any(b.startswith("not on the table: ") for b in before["best"]["blocked_by"])
    assert after["tabled"] and after["best"]["in_zopa"] and after["best"]["blocked_by"] == []


def test_the_case_page_draws_the_standing_the_space_reports_on_each_day(istanbul):
    page = case_page(istanbul)
    figure = page["standing"]["figure"]
    # One solid (best) and one dotted (worst) line per text.
    assert len(figure["data"]) == 2 * len(istanbul.texts)
    start = istanbul.calendar.start
    texts = space_on(istanbul, start)["texts"]
    for index, text in enumerate(texts):
        best, worst = figure["data"][2 * index], figure["data"][2 * index + 1]
        assert best["x"][0] == start.isoformat()
        assert best["y"][0] == pytest.approx(text["best"]["standing"], abs=1e-6)
        assert worst["y"][0] == pytest.approx(text["worst"]["standing"], abs=1e-6)
    assert "was never in the ZOPA" in page["standing"]["summary"]
    assert "standing" not in case_page(load_scenario("ceasefire-teaching"))


def test_the_case_page_offers_each_structural_reading_with_the_file_as_written(istanbul):
    readings = {r["id"]: r for r in case_page(istanbul)["readings"]}
    assert list(readings) == list(istanbul.readings)
    lavrov = readings["lavrov-withdrawal"]
    assert lavrov["as_written"] == "negotiable"
    assert [a["name"] for a in lavrov["alternatives"]] == ["negotiable", "red-line"]
    assert sum(a["probability"] for a in lavrov["alternatives"]) == pytest.approx(1.0)


def test_a_reading_switched_runs_the_file_that_reading_says(istanbul):
    # Read as a red line, Lavrov's refusal adds Russia's red line on the interim line,
    # written here by hand into the file.
    data = istanbul.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["preferences"]["russia"]["red_lines"] = [
        {"neutrality": ["nato_path_open"]},
        {"donbas_dpr_lpr": ["restore_ukrainian_control"]},
        {"sequencing": ["ceasefire_withdrawal_first", "feb23_line_interim"]},
    ]
    del data["readings"]["lavrov-withdrawal"]
    data.pop("variants")
    by_hand = simulate(validate_data(data), seed=0).outcome.to_dict()
    switched = what_if(with_readings(istanbul, {"lavrov-withdrawal": "red-line"}), {})
    assert switched["outcome"] == by_hand
    as_written = what_if(istanbul, {})["outcome"]
    assert "closed on 2022-04-02" in as_written["reason"]
    assert "there was never a zone of possible agreement" in switched["outcome"]["reason"]


def test_a_reading_or_alternative_the_case_lacks_is_refused(istanbul):
    with pytest.raises(UnknownIdError, match=r"unknown reading .*'lavrov'"):
        with_readings(istanbul, {"lavrov": "red-line"})
    # The variant that pins Lavrov's refusal as a red line has fixed that reading.
    varied = load_scenario("istanbul-2022", variants=["substantive-gaps"])
    with pytest.raises(UnknownIdError, match="a variant applied may have fixed it"):
        with_readings(varied, {"lavrov-withdrawal": "negotiable"})
    with pytest.raises(UnknownIdError, match="'maybe'"):
        with_readings(istanbul, {"lavrov-withdrawal": "maybe"})
    assert with_readings(istanbul, {}) is istanbul


def test_the_course_shows_how_each_draft_was_shown_and_what_came_with_it():
    patron = load_scenario("patron-teaching")
    rows = what_if(patron, {})["proposals"]["rows"]
    transcript = simulate(patron, seed=0)
    # The first week is a proximity round: West alone, East alone, then both together.
    assert [row["shown_to"] for row in rows[:3]] == [["west"], ["east"], None]
    assert all(row["inducements"] == ["aid-east"] for row in rows[:3])
    assert [r["text"] for r in rows] == [
        r["text"] for r in transcript_data(patron, transcript)["rows"]
    ]


def test_a_walk_out_is_in_the_course_of_the_run(teaching):
    data = teaching.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["events"].append(
        {"id": "north-leaves", "date": "2022-05-11", "kind": "walkout", "party": "north"}
    )
    answer = what_if(validate_data(data), {})
    walkouts = [item for item in answer["timeline"]["items"] if item["detail"] == "walkout"]
    assert [(item["id"], item["date"]) for item in walkouts] == [("north-leaves", "2022-05-11")]
    assert answer["outcome"]["reason"].startswith("north walked out on 2022-05-11")
