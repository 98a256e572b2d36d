"""A whole run on the shipped teaching case: events, beliefs, consent, ZOPA, ending."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord import load_scenario, simulate
from accord.engine import run as run_module
from accord.engine import simulate_draws, simulate_variants
from accord.engine import simulation as simulate_module
from accord.experiments.sweep import BASELINE, Chunk, run_chunk
from accord.scenario import shipped_scenarios, validate_data
from accord.scenario.load import apply_variants
from accord.situation import compile_model, mean_draws, sampled_draws
from accord.situation import evaluation as evaluation_module
from accord.situation.readings import split_by_reading
from accord.situation.shared import shared_items
from tests.strategies import linear_scenarios


@pytest.fixture(scope="module")
def transcript() -> dict:
    return simulate(load_scenario("ceasefire-teaching"), seed=0).to_dict()


def steps(document: dict) -> list[dict]:
    return [step for round_ in document["rounds"] for step in round_["steps"]]


def test_mediator_drafts_and_parties_reply(transcript):
    assert transcript["protocol"] == "single_text"
    assert {s["proposer"] for s in steps(transcript)} == {"envoy"}
    for step in steps(transcript):
        assert {r["party"] for r in step["replies"]} == {"north", "south"}
        for reply in step["replies"]:
            if reply["response"] == "amend":
                assert reply["amendments"] and reply["margin"] < 1


def test_truce_violation_updates_beliefs_by_bayes(transcript):
    # Means of the likelihoods: honours 0.3, breaches 0.7. South: 0.7 -> 0.21 / (0.21 + 0.21).
    changes = {(b["holder"], b["event"]): b["value"] for b in transcript["beliefs"]}
    assert changes[("south", "truce-violation")] == pytest.approx(0.5)
    assert changes[("guardian", "truce-violation")] == pytest.approx(0.24 / (0.24 + 0.14))


def test_guardian_refuses_the_force_after_the_violation(transcript):
    # Expected cost of the force for the guardian: (1 - b) * exposure 0.6, threshold 0.15.
    # Before: 0.2 * 0.6 = 0.12 (consents); after: (1 - 0.632) * 0.6 = 0.22 (refuses).
    drafts = steps(transcript)
    before = [s for s in drafts if s["step"] < 4]
    after = [s for s in drafts if s["step"] >= 4]
    assert any(s["proposal"]["monitoring"] == "force" for s in before)
    assert all(s["proposal"]["monitoring"] != "force" for s in after)


def test_failed_offensive_lowers_north_reservation_and_reopens_the_space(transcript):
    event = next(e for e in transcript["events"] if e["id"] == "failed-offensive")
    effect = event["effects"][0]
    assert effect["quantity"] == "reservation_value"
    assert effect["after"] == pytest.approx(effect["before"] - 0.35)
    zopa = {z["after"]: z["n_outcomes"] for z in transcript["zopa"]}
    assert zopa["truce-violation"] == 0 < zopa["failed-offensive"]


def test_baseline_agrees_late_on_a_text_the_guardian_still_consents_to(transcript):
    # After the violation the guardian refuses the force; after the failed offensive the
    # space reopens with four texts, and the mediator finds one in the last session.
    outcome = transcript["outcome"]
    assert (outcome["status"], outcome["round"], outcome["date"]) == (
        "agreement",
        "r4",
        "2022-06-13",
    )
    assert outcome["text"]["monitoring"] == "observers"
    assert "guardian" in outcome["reason"]


def test_a_braver_guardian_makes_the_deal():
    document = simulate(load_scenario("ceasefire-teaching", variants=["brave-guardian"])).to_dict()
    assert document["outcome"]["status"] == "agreement"
    assert document["outcome"]["text"]["monitoring"] == "force"
    assert "guardian" in document["outcome"]["reason"]


def test_same_seed_same_bytes_and_seed_matters_through_mediator_noise():
    scenario = load_scenario("ceasefire-teaching")
    first = json.dumps(simulate(scenario, seed=5).to_dict())
    assert first == json.dumps(simulate(scenario, seed=5).to_dict())
    others = {json.dumps(simulate(scenario, seed=s).to_dict()["rounds"]) for s in range(6)}
    assert len(others) > 1


def test_until_stops_the_run_as_ongoing():
    import datetime as dt

    document = simulate(load_scenario("ceasefire-teaching"), until=dt.date(2022, 5, 12)).to_dict()
    assert document["outcome"]["status"] == "ongoing"
    assert [r["id"] for r in document["rounds"]] == ["r1"]


# Draw k of a sweep, replayed on its own, ends as the sweep stored it ---------------------

SCENARIO_CASES = [s.id for s in shipped_scenarios() if s.id != "istanbul-2022-conflict"]


def stored_outcomes(scenario, seed: int, start: int, stop: int) -> list[dict]:
    rows = run_chunk(Chunk(BASELINE, scenario, seed, start, stop))
    fields = ("status", "cause", "date", "round", "step", "text", "utilities", "reason")
    return [{f: getattr(rows, f)[j] for f in fields} for j in range(stop - start)]


def as_row(scenario, outcome) -> dict:
    achieved = outcome.utilities or outcome.reservation_values
    return {
        "status": outcome.status,
        "cause": outcome.cause,
        "date": outcome.date,
        "round": outcome.round,
        "step": outcome.step,
        "text": json.dumps(outcome.text, sort_keys=True) if outcome.text else None,
        "utilities": [float(achieved[p]) for p in scenario.party_ids],
        "reason": outcome.reason,
    }


@pytest.mark.parametrize("case", SCENARIO_CASES)
def test_replaying_a_draw_gives_the_outcome_the_sweep_stored(case):
    scenario = load_scenario(case)
    stored = stored_outcomes(scenario, seed=7, start=3, stop=6)
    for draw, row in zip(range(3, 6), stored, strict=True):
        replayed = simulate(scenario, seed=7, draw=draw)
        assert replayed.draw == draw
        assert as_row(scenario, replayed.outcome) == row


@given(data=st.data())
def test_draws_with_sampled_strategies_and_noise_replay_exactly(data):
    scenario_data = data.draw(linear_scenarios(max_issues=3, max_options=4))
    kind = data.draw(st.sampled_from(["single_text", "alternating_offers"]))
    scenario_data["strategies"] = {
        "p0": {"kind": "time_based", "exponent": {"uniform": [0.2, 5.0]}},
        "p1": {"kind": "time_based", "exponent": {"triangular": [0.5, 1.0, 3.0]}},
    }
    scenario_data["preferences"]["p0"]["reservation_value"] = {"uniform": [0.0, 0.6]}
    if kind == "single_text":
        scenario_data["parties"].append({"id": "m", "name": "M", "role": "mediator"})
        scenario_data["mediator"] = {
            "party": "m",
            "noise": {"uniform": [0.0, 0.2]},
            "learning_rate": {"uniform": [0.1, 0.9]},
        }
        scenario_data["protocol"] = {"kind": kind, "n_steps": 5}
    else:
        scenario_data["protocol"] = {"kind": kind, "n_steps": 30}
    scenario = validate_data(scenario_data)
    stored = stored_outcomes(scenario, seed=11, start=0, stop=5)
    for draw, row in enumerate(stored):
        assert as_row(scenario, simulate(scenario, seed=11, draw=draw).outcome) == row


@pytest.mark.parametrize("case", ["ceasefire-teaching", "nash-1950-bill-jack", "istanbul-2022"])
def test_a_draw_ends_the_same_in_any_block(monkeypatch, case):
    scenario = load_scenario(case)
    draws = sampled_draws(scenario, seed=3, start=0, stop=4 if case == "istanbul-2022" else 12)
    together = simulate_draws(scenario, draws, seed=3)
    monkeypatch.setattr(simulate_module, "MAX_BLOCK_ELEMENTS", 1)
    monkeypatch.setattr(simulate_module, "MIN_BLOCK_DRAWS", 1)
    one_by_one = simulate_draws(scenario, draws, seed=3)
    assert together == one_by_one


def test_no_draft_or_amendment_uses_an_option_before_it_is_introduced():
    scenario = load_scenario("ceasefire-teaching")
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["events"].append(
        {
            "id": "current-line-proposed",
            "date": "2022-05-30",
            "kind": "option",
            "action": "introduce",
            "issue": "line",
            "option": "current",
        }
    )
    document = simulate(validate_data(data), seed=0).to_dict()
    texts = [
        {**step["proposal"], **reply.get("amendments", {})}
        for played in document["rounds"]
        if played["date"] < "2022-05-30"
        for step in played["steps"]
        for reply in [{}, *step["replies"]]
    ]
    assert texts and all(text.get("line") != "current" for text in texts)
    assert document["outcome"]["status"] == "agreement"


def variant_pairs() -> list[tuple[str, str]]:
    """Every shipped case's variants (the reference case's: those that share items, and one)."""
    reference = ["no-bucha", "russia-sincere", "bad-sequencing", "credible-guarantees"]
    return [
        (case, variant)
        for case in SCENARIO_CASES
        for variant in load_scenario(case).variants
        if case != "istanbul-2022" or variant in reference
    ]


def one_reading(scenario, variant, n_draws: int):
    """Draws 0..n-1 of the scenario and the variant, those of its largest group of readings."""
    mine = sampled_draws(scenario, seed=4, start=0, stop=n_draws)
    theirs = sampled_draws(variant, seed=4, start=0, stop=n_draws)
    rows = max(split_by_reading(scenario, mine), key=lambda group: group[1].n_draws)[2]
    return mine.take(rows), theirs.take(rows)


@pytest.mark.parametrize(("case", "name"), variant_pairs())
def test_a_variant_run_with_its_scenario_ends_as_it_does_alone(case, name):
    scenario = load_scenario(case)
    variant = apply_variants(scenario, [name])
    mine, theirs = one_reading(scenario, variant, n_draws=10)
    together = simulate_variants([(scenario, mine), (variant, theirs)], seed=4)
    assert together == [
        simulate_draws(scenario, mine, seed=4),
        simulate_draws(variant, theirs, seed=4),
    ]


@pytest.mark.parametrize(
    ("case", "name", "n_shared"),
    [
        ("ceasefire-teaching", "no-violation", 1),  # the truce violation, after round 1
        ("dayton-1995", "no-erdut", 2),  # the Erdut agreement, after two items
        ("dayton-1995", "no-ultimatum", 9),
    ],
)
def test_variants_that_share_items_still_end_otherwise(case, name, n_shared):
    """The runs above go on from the scenario's past the items they share, yet end apart."""
    scenario = load_scenario(case)
    variant = apply_variants(scenario, [name])
    mine, theirs = one_reading(scenario, variant, n_draws=10)
    assert shared_items(compile_model(scenario, mine), compile_model(variant, theirs)) == n_shared
    base, other = simulate_variants([(scenario, mine), (variant, theirs)], seed=4)
    assert any(a != b for a, b in zip(base, other, strict=True))


def test_combined_variants_run_together_end_as_each_does_alone():
    """An attribution's combinations: each goes on from the earlier one it shares most with
    (`accord.situation.shared.forks`), yet ends as it does alone."""
    scenario = load_scenario("dayton-1995")
    combinations = [["un-force"], ["un-force", "no-erdut"], ["no-erdut", "no-ultimatum"]]
    scenarios = [scenario, *(apply_variants(scenario, names) for names in combinations)]
    runs = [(each, one_reading(scenario, each, n_draws=10)[1]) for each in scenarios]
    together = simulate_variants(runs, seed=4)
    assert together == [simulate_draws(each, draws, seed=4) for each, draws in runs]
    assert together[2] != together[1]  # without Erdut the forked run ends otherwise


def test_a_variant_is_not_run_again_where_its_scenario_ended_every_draw(monkeypatch):
    """Every draw of the scenario agrees in round 1; a variant whose first own item comes
    later goes on from where the scenario's run ended instead of from the first day."""
    scenario = load_scenario("patron-teaching")
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["events"].append(dict(data["events"][0], id="late-briefing", date="2023-04-01"))
    variant = validate_data(data)
    runs = [(scenario, mean_draws(scenario)), (variant, mean_draws(variant))]
    alone = [simulate_draws(each, draws, seed=0) for each, draws in runs]
    assert alone[0][0].status == "agreement" and alone[0][0].round == "r1"
    started = []
    start = run_module._Walk.start
    monkeypatch.setattr(
        run_module._Walk,
        "start",
        classmethod(
            lambda cls, *args, **kw: started.append(args[0].scenario.id) or start(*args, **kw)
        ),
    )
    assert simulate_variants(runs, seed=0) == alone
    assert len(started) == 1


def test_variants_started_apart_sum_only_the_utilities_their_preferences_change(monkeypatch):
    """A variant that differs from the first day takes the utilities of a party whose
    preferences it keeps from the scenario's run, and sums those of one it changes."""
    scenario = load_scenario("ceasefire-teaching")
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["preferences"]["north"]["weights"]["line"] = 6
    heavier = validate_data(dict(data, id="north-weighs-the-line"))
    braver = apply_variants(scenario, ["brave-guardian"])  # the guarantor's threshold
    draws = sampled_draws(scenario, seed=4, start=0, stop=10)
    runs = [(each, draws) for each in (scenario, braver, heavier)]
    alone = [simulate_draws(each, draws, seed=4) for each, draws in runs]
    summed = []
    party_utilities = evaluation_module._party_utilities
    monkeypatch.setattr(
        evaluation_module,
        "_party_utilities",
        lambda model, *args: (
            summed.append((model.scenario.id, args[1])) or party_utilities(model, *args)
        ),
    )
    assert simulate_variants(runs, seed=4) == alone
    assert summed == [
        ("ceasefire-teaching", 0),
        ("ceasefire-teaching", 1),
        ("north-weighs-the-line", 0),
    ]
    assert alone[2] != alone[0]  # north's heavier line moves the endings
