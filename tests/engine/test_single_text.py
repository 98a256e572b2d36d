"""The mediated single text: it finds an agreement that exists, tables and names red lines,
lets the clock run through steps in which nothing can be tabled, learns, walks out."""

import copy
import itertools
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from accord import analyze, load_scenario, simulate
from accord.engine import run as run_module
from accord.engine import simulate_draws, simulate_variants
from accord.engine.single_text import MediatedText, _Ranked, _reaches
from accord.errors import ScenarioError
from accord.scenario import validate_data
from accord.situation import compile_model, evaluate, mean_draws, sampled_draws
from tests.strategies import linear_scenarios

ROOT = Path(__file__).parents[2]
BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)


def mediated(data: dict, *, n_steps: int = 1, noise: float = 0.0, rate: float = 0.0) -> dict:
    data = copy.deepcopy(data)
    data["parties"].append({"id": "M", "name": "Mediator", "role": "mediator"})
    data["protocol"] = {
        "kind": "single_text",
        "n_steps": n_steps,
        "n_amendments": 2,
        "walkout_after": 3,
    }
    data["mediator"] = {"party": "M", "noise": noise, "learning_rate": rate}
    return data


@st.composite
def ruled_scenarios(draw: st.DrawFn) -> dict:
    """Random linear scenarios of 2–4 parties with red lines and a constraint."""
    data = draw(linear_scenarios(max_issues=3, max_options=4, n_parties=draw(st.integers(2, 4))))
    issues = data["issues"]
    for preferences in data["preferences"].values():
        if draw(st.booleans()):
            issue = draw(st.sampled_from(issues))
            preferences["red_lines"] = [{issue["id"]: draw(st.sampled_from(issue["options"]))}]
    wide = [i for i in issues if len(i["options"]) >= 2]
    if len(wide) >= 2 and draw(st.booleans()):
        first, second = wide[:2]
        data["constraints"] = [
            {"forbid": {first["id"]: first["options"][0], second["id"]: second["options"][0]}}
        ]
    return data


def zopa_size(scenario) -> int:
    model = compile_model(scenario, mean_draws(scenario))
    return int(evaluate(model, model.initial).zopa().sum())


@given(ruled_scenarios())
def test_with_exact_estimates_the_first_draft_agrees_whenever_the_zopa_is_open(data):
    """Exact estimates (no noise, no learning), parties accepting anything worth r: the
    first draft lies in the ZOPA whenever the ZOPA is not empty, and no text outside it
    is ever agreed."""
    scenario = validate_data(mediated(data))
    outcome = simulate(scenario).outcome
    if zopa_size(scenario):
        assert outcome.status == "agreement" and outcome.step == 0
    else:
        assert outcome.status == "breakdown" and outcome.cause == "never-open"


def test_a_noisy_mediator_still_finds_the_only_agreement_within_the_round():
    data = mediated(BASE, n_steps=6, noise=0.2, rate=0.5)
    outcomes = [simulate(validate_data(data), seed=seed).outcome for seed in range(8)]
    assert all(o.status == "agreement" for o in outcomes)
    assert {o.step for o in outcomes} <= set(range(6))


def crossing_case() -> dict:
    """A wants price high; B's red line forbids it: every clear text is worth < r_A."""
    data = mediated(BASE, n_steps=2)
    data["preferences"]["B"]["red_lines"] = [{"price": "high"}]
    data["preferences"]["A"]["reservation_value"] = 0.95
    return data


def test_a_text_crossing_a_red_line_is_tabled_and_the_party_names_it():
    data = crossing_case()
    data["preferences"]["A"]["red_lines"] = [{"price": "low"}, {"price": "mid"}]
    document = simulate(validate_data(data)).to_dict()
    first = document["rounds"][0]["steps"][0]
    # Every clear text crosses A's red lines or B's: the mediator tables the best text of
    # any tier, and the party whose red line it crosses says so.
    assert first["proposal"] is not None
    replies = {r["party"]: r for r in first["replies"]}
    crossed = [r for r in replies.values() if r.get("red_lines")]
    assert crossed and all(r["response"] != "accept" for r in crossed)
    assert document["outcome"]["status"] == "breakdown"


def test_a_party_asks_to_amend_the_issue_of_the_red_line_a_text_crosses():
    data = crossing_case()
    data["preferences"]["A"]["red_lines"] = [{"price": "low"}, {"price": "mid"}]
    document = simulate(validate_data(data)).to_dict()
    for step in (s for r in document["rounds"] for s in r["steps"]):
        for reply in step["replies"]:
            if reply.get("red_lines") and reply["response"] == "amend":
                issues = {line.split("=")[0] for line in reply["red_lines"]}
                assert issues & set(reply["amendments"])


def blocked_first_round() -> dict:
    """The only feasible text needs a guarantor who refuses it until a signal reassures it."""
    data = copy.deepcopy(BASE)
    data["constraints"] = [{"forbid": {"delivery": "slow"}}]
    data["parties"].append({"id": "G", "name": "Guarantor", "role": "guarantor"})
    data["guarantors"] = {"G": {"threshold": 0.1}}
    data["beliefs"] = {"G": {"A": 0.5}}
    data["commitment"] = {
        "guarantees": {
            "delivery": {"fast": {"credibility": 0.5, "exposure": 1.0, "guarantors": ["G"]}}
        }
    }
    data["calendar"] = {"start": "2022-01-01", "end": "2022-03-31"}
    data["rounds"] = [
        {"id": "r1", "date": "2022-01-10", "n_steps": 3},
        {"id": "r2", "date": "2022-02-10", "n_steps": 3},
    ]
    data["events"] = [
        {
            "id": "reassured",
            "date": "2022-02-01",
            "kind": "signal",
            "actor": "A",
            "observers": ["G"],
            "likelihood": {"honours": 0.99, "breaches": 0.001},
        }
    ]
    data["preferences"]["A"]["reservation_value"] = 0.0
    data["preferences"]["B"]["reservation_value"] = 0.0
    return mediated(data, n_steps=3)


def test_steps_in_which_nothing_can_be_tabled_pass_with_a_note_and_the_clock_runs_on():
    document = simulate(validate_data(blocked_first_round())).to_dict()
    first, second = document["rounds"]
    assert [s["step"] for s in first["steps"]] == [0, 1, 2]
    assert all(
        s["proposal"] is None and "guarantors (G) refuse" in s["note"] for s in first["steps"]
    )
    # Steps are counted as scheduled: the second round starts at step 3.
    assert second["steps"][0]["step"] == 3
    assert document["outcome"]["status"] == "agreement" and document["outcome"]["step"] == 3


def test_time_based_parties_reach_their_last_aspiration_on_the_last_scheduled_step():
    """With t = (k + 1)/(N + 1) over scheduled steps, a linear party's threshold on the last
    step is floor + (best − floor)/(N + 1) − 1e-4, whatever happened before."""
    data = blocked_first_round()
    data["strategies"] = {
        "A": {"kind": "time_based", "curve": "linear"},
        "B": {"kind": "time_based", "curve": "linear"},
    }
    data["preferences"]["A"]["reservation_value"] = 0.5
    data["preferences"]["B"]["reservation_value"] = 0.0
    document = simulate(validate_data(data)).to_dict()
    steps = [s for r in document["rounds"] for s in r["steps"] if s["proposal"]]
    # A's texts (price × fast): values 1/3·0 + 2/3·{0, .5, 1} -> best 2/3, floor 0.5.
    best, floor = 2 / 3, 0.5
    thresholds = {k: floor + (best - floor) * (1 - (k + 1) / 7) - 1e-4 for k in range(6)}
    for step in steps:
        reply = next(r for r in step["replies"] if r["party"] == "A")
        accepted = reply["response"] == "accept"
        value = step["values"]["A"]
        assert accepted == (value >= thresholds[step["step"]] - 1e-12)


def test_learning_moves_the_next_draft_towards_a_refusing_party():
    data = mediated(BASE, n_steps=3, noise=0.0, rate=0.5)
    data["strategies"] = {"A": {"kind": "hardliner"}}
    document = simulate(validate_data(data)).to_dict()
    drafts = document["rounds"][0]["steps"]
    # A, a hardliner, refuses the first draft (not its best text); the mediator, which
    # believed A content with it, raises A's estimated reservation value and moves to A.
    assert drafts[0]["replies"][0]["response"] != "accept"
    assert drafts[1]["values"]["A"] > drafts[0]["values"]["A"]

    still = mediated(BASE, n_steps=3, noise=0.0, rate=0.0)
    still["strategies"] = {"A": {"kind": "hardliner"}}
    frozen = simulate(validate_data(still)).to_dict()["rounds"][0]["steps"]
    # Without learning the mediator still avoids the rejected text, but not towards A.
    assert frozen[1]["values"]["A"] <= drafts[1]["values"]["A"]


def test_a_party_with_nothing_worth_its_reservation_value_walks_out():
    data = mediated(BASE, n_steps=1)
    data["protocol"]["walkout_after"] = 2
    data["calendar"] = {"start": "2022-01-01", "end": "2022-12-31"}
    data["rounds"] = [{"id": f"r{i}", "date": f"2022-0{i}-01", "n_steps": 1} for i in (1, 2, 3)]
    data["preferences"]["B"]["reservation_value"] = 0.99
    data["preferences"]["B"]["values"]["delivery"]["fast"] = 0.5  # B's best: 0.75 < 0.99
    outcome = simulate(validate_data(data)).outcome
    assert outcome.cause == "walkout:B" and outcome.round == "r2"


def test_estimates_start_from_the_truth_with_the_mediators_noise():
    scenario = validate_data(mediated(BASE, noise=0.0))
    noisy = validate_data(mediated(BASE, noise=0.3))
    assert (
        simulate(scenario, seed=1).to_dict()["rounds"]
        == simulate(scenario, seed=2).to_dict()["rounds"]
    )
    runs = {str(simulate(noisy, seed=s).to_dict()["rounds"]) for s in range(5)}
    assert len(runs) > 1


@pytest.mark.parametrize("n_amendments", [1, 2])
def test_a_reply_asks_for_at_most_n_amendments(n_amendments):
    data = mediated(BASE, n_steps=4, rate=0.5)
    data["protocol"]["n_amendments"] = n_amendments
    data["preferences"]["A"]["reservation_value"] = 0.9
    document = simulate(validate_data(data)).to_dict()
    asked = [
        len(r.get("amendments", {})) for s in document["rounds"][0]["steps"] for r in s["replies"]
    ]
    assert max(asked) == n_amendments


def test_amendments_name_the_single_changes_worth_most_by_hand():
    data = mediated(BASE, n_steps=1)
    data["preferences"]["A"]["reservation_value"] = 0.99
    document = simulate(validate_data(data)).to_dict()
    step = document["rounds"][0]["steps"][0]
    assert step["proposal"] == {"price": "high", "delivery": "slow"}
    reply = next(r for r in step["replies"] if r["party"] == "B")
    # B: 1/2·price + 1/2·delivery with price {low 1, mid .5, high 0}, delivery {slow 0,
    # fast 1}. On (high, slow): price -> low gains 1/2, delivery -> fast gains 1/2; the
    # tie goes to the first issue.
    assert reply["response"] == "amend"
    assert list(reply["amendments"].items()) == [("price", "low"), ("delivery", "fast")]
    assert reply["margin"] == pytest.approx(0.0 - 0.3)


@given(ruled_scenarios())
def test_with_exact_estimates_the_first_draft_is_the_nash_text(data):
    """In the first tier the mediator maximises the Nash product of estimated surpluses;
    with exact estimates that is the Nash solution over the ZOPA (where every surplus is
    positive and no score ties within the analysis' tolerance)."""
    scenario = validate_data(mediated(data))
    result = analyze(scenario)
    nash = result.solutions["nash"]
    situation = result.situation
    if nash is None:
        return
    surplus = situation.values[nash] - situation.reservation_values
    candidates = np.flatnonzero(result.zopa)
    products = np.prod(
        np.clip(situation.values[candidates] - situation.reservation_values, 0, None), axis=1
    )
    near_ties = np.sum(products >= products.max() * (1 - 1e-9))
    if np.any(surplus <= 0) or near_ties > 1:
        return
    first = simulate(scenario).to_dict()["rounds"][0]["steps"][0]
    assert situation.space.code(first["proposal"]) == nash


def test_a_text_worth_exactly_the_reservation_value_is_accepted():
    data = mediated(BASE, n_steps=1)
    data["issues"] = [{"id": "price", "name": "Price", "options": ["low", "high"]}]
    data["preferences"]["A"] = {
        "weights": {"price": 1},
        "values": {"price": {"low": 0.5, "high": 1.0}},
        "reservation_value": 0.5,
    }
    data["preferences"]["B"] = {
        "weights": {"price": 1},
        "values": {"price": {"low": 1.0, "high": 0.25}},
        "reservation_value": 0.5,
    }
    # Only (low) is worth r to both, exactly 0.5 to A.
    outcome = simulate(validate_data(data)).outcome
    assert outcome.status == "agreement" and outcome.text == {"price": "low"}


def test_a_revision_changes_only_the_issues_the_parties_asked_to_amend():
    data = three_issue_case()
    document = simulate(validate_data(data)).to_dict()
    steps = document["rounds"][0]["steps"]
    revisions = 0
    for before, after in itertools.pairwise(steps):
        asked = {k for r in before["replies"] for k in r.get("amendments", {})}
        changed = {k for k in after["proposal"] if after["proposal"][k] != before["proposal"][k]}
        if changed <= asked:
            revisions += 1
        else:  # a fresh draft: only when no revision clear of red lines was left
            assert after["step"] == steps[0]["step"] or not asked
    assert revisions >= 2


def three_issue_case() -> dict:
    data = copy.deepcopy(BASE)
    data["issues"].append({"id": "term", "name": "Term", "options": ["short", "long"]})
    data["preferences"]["A"]["weights"]["term"] = 1
    data["preferences"]["A"]["values"]["term"] = {"short": 1, "long": 0}
    data["preferences"]["B"]["weights"]["term"] = 1
    data["preferences"]["B"]["values"]["term"] = {"short": 0, "long": 1}
    data["strategies"] = {"A": {"kind": "hardliner"}, "B": {"kind": "hardliner"}}
    return mediated(data, n_steps=5, rate=0.5)


# The mediator as an actor: inducements, trust in it, its own stake ----------------------
# patron-teaching: A = {east_keeps, commission, full} is worth east 4.4/6, west 3/6; B =
# {split, commission, full} east 2.9/6, west 4.5/6; r = 0.6 and 0.55. Aid for east is worth
# 0.15 and costs 0.4, the guarantee for west 0.1 (times west's trust in the patron) and 0.1.


def patron_run(*variants: str):
    return simulate(load_scenario("patron-teaching", variants=list(variants)))


def test_a_draft_carries_the_inducements_a_party_needs_and_trust_scales_their_value():
    transcript = patron_run("no-briefing")
    joint = transcript.rounds[0].steps[-1]  # after a session with each side apart
    assert joint.proposal == {"border": "east_keeps", "river": "commission", "recognition": "full"}
    assert joint.inducements == ("guarantee-west",)
    margins = {reply.party: reply.margin for reply in joint.replies}
    # West trusts the patron 0.9: 3/6 + 0.9 · 0.1 − 0.55.
    assert margins == pytest.approx({"east": 4.4 / 6 - 0.6, "west": 0.5 + 0.09 - 0.55})
    assert transcript.outcome.inducements == ("guarantee-west",)
    assert "with the mediator's inducements (guarantee-west)" in transcript.outcome.reason


def test_the_mediators_stake_in_its_own_payoff_picks_the_cheaper_package():
    # Nash products: A 0.1333 · 0.04 = 0.00533, B (2.9/6 + 0.15 − 0.6) · 0.2 = 0.00667; the
    # patron's payoff u_m − cost: A 1 − 0.1, B 1 − 0.4; with stake 1, A 0.0048 > B 0.0040.
    assert patron_run("no-briefing").outcome.inducements == ("guarantee-west",)
    disinterested = patron_run("no-briefing", "disinterested-patron").outcome
    assert disinterested.text["border"] == "split"
    assert disinterested.inducements == ("aid-east",)


def test_distrust_of_the_mediator_devalues_its_guarantee():
    # The briefing: b = 0.9 · 0.2 / (0.9 · 0.2 + 0.1 · 0.8); A drops to 0.1333 · (0.5 + 0.1 b
    # − 0.55) · 0.9 = 0.0023 < B's 0.0040.
    transcript = patron_run()
    belief = next(b for b in transcript.beliefs if b.event == "press-briefing")
    assert belief.value == pytest.approx(0.18 / 0.26)
    assert transcript.outcome.text["border"] == "split"
    assert transcript.outcome.inducements == ("aid-east",)


def test_without_inducements_the_patron_cannot_close_the_gap():
    outcome = patron_run("no-inducements").outcome
    assert (outcome.status, outcome.cause) == ("breakdown", "never-open")


def test_inducements_need_the_single_text():
    data = yaml.safe_load((ROOT / "scenarios" / "patron-teaching.yaml").read_text())
    data["protocol"] = {"kind": "alternating_offers"}
    with pytest.raises(ScenarioError) as refused:
        validate_data(data)
    located = [(p.location, p.message) for p in refused.value.problems]
    assert (
        "mediator.inducements",
        "the mediator's inducements are attached to its drafts, so they need the single_text "
        "protocol",
    ) in located


# Sessions: who is shown each draft, and when ---------------------------------------------


def in_sessions(sessions, *, reservation=(0.3, 0.3), beliefs=None, private_trust=0.0):
    data = mediated(BASE, rate=0.5)
    data["mediator"]["private_trust"] = private_trust
    data["preferences"]["A"]["reservation_value"] = reservation[0]
    data["preferences"]["B"]["reservation_value"] = reservation[1]
    data["rounds"] = [{"id": "r1", "date": "2022-01-05", "n_steps": 3, "sessions": sessions}]
    if beliefs:
        data["beliefs"] = beliefs
    transcript = simulate(validate_data(data))
    steps = [(s.shown_to, tuple(r.party for r in s.replies)) for s in transcript.rounds[0].steps]
    return transcript.outcome, steps


def test_proximity_talks_meet_each_party_apart_and_agree_only_together():
    # The ZOPA is open: jointly the first draft agrees; in proximity only the last step can.
    joint, _ = in_sessions("joint")
    outcome, steps = in_sessions("proximity")
    assert (joint.step, outcome.step) == (0, 2)
    assert steps == [(("A",), ("A",)), (("B",), ("B",)), (None, ("A", "B"))]


def test_a_sequential_draft_reaches_a_party_only_after_those_before_accept():
    # r = 0.7 and 0.6: B refuses the first draft, so A never sees it.
    _, steps = in_sessions({"kind": "sequential", "order": ["B", "A"]}, reservation=(0.7, 0.6))
    assert steps[0] == (("B",), ("B",))
    # B accepts the second, so A is shown it after B (replies are listed in file order).
    assert steps[1] == (("B", "A"), ("A", "B"))


def test_a_party_that_distrusts_the_mediator_is_not_met_privately():
    distrust = {"beliefs": {"B": {"M": 0.3}}, "private_trust": 0.5}
    _, proximity = in_sessions("proximity", **distrust)
    assert proximity[1] == ((), ())
    declined = simulate(load_scenario("patron-teaching", variants=["harsh-briefing"]))
    first = declined.rounds[0].steps[0]
    assert (first.shown_to, first.replies) == ((), ())
    assert first.note == "west does not trust patron enough to meet it alone"
    _, sequential = in_sessions({"kind": "sequential", "order": ["B", "A"]}, **distrust)
    assert sequential[0] == (None, ("A", "B"))


def checking_the_search(monkeypatch) -> list[int]:
    """Check every search of the mediator against ranking every text; count the draws."""
    search = MediatedText._best_anywhere
    checked = []

    def checking(self, estimates, evaluation, tabled, rows):
        # The groups' counts, lowered as texts are rejected, equal a count made afresh.
        open_texts = evaluation.usable & ~tabled.rejected
        groups = self.model.groups
        for texts, per_group, per_set in (
            (open_texts, tabled.usable, tabled.set_usable),
            (open_texts & evaluation.clear, tabled.clear, tabled.set_clear),
        ):
            # The groups are runs of texts in position order, the sets runs of groups.
            counted = np.add.reduceat(texts, groups.starts, axis=1, dtype=np.int32)
            assert np.array_equal(per_group, counted)
            counted = np.add.reduceat(counted, groups.sets.starts, axis=1, dtype=np.int32)
            assert np.array_equal(per_set, counted)
        found = search(self, estimates, evaluation, tabled, rows)
        draws, n_texts = np.flatnonzero(rows), self.model.n_texts
        every = (np.repeat(np.arange(draws.size), n_texts), np.tile(np.arange(n_texts), draws.size))
        ranked = _Ranked.of(self, estimates, evaluation, tabled.rejected, draws, *every)
        for tier in (2, 1, 0):
            assert np.array_equal(found.best(tier)[1], ranked.best(tier)[1]), tier
        checked.append(int(rows.sum()))
        return found

    monkeypatch.setattr(MediatedText, "_best_anywhere", checking)
    # Every draw drafted for, those whose ZOPA stays empty too: the search is checked there.
    monkeypatch.setattr(run_module._Walk, "_look_ahead", lambda walk, futures=(): None)
    return checked


@pytest.mark.parametrize(
    ("case", "variants"),
    [
        ("istanbul-2022", []),
        ("dayton-1995", []),
        ("rambouillet-1999", []),
        ("patron-teaching", []),
        ("patron-teaching", ["no-inducements"]),
        ("patron-teaching", ["disinterested-patron"]),
    ],
)
def test_the_mediators_search_finds_the_text_that_ranking_every_text_finds(
    monkeypatch, case, variants
):
    checked = checking_the_search(monkeypatch)
    scenario = load_scenario(case, variants=variants)
    simulate_draws(scenario, sampled_draws(scenario, seed=2, start=0, stop=6), seed=2)
    assert sum(checked) > 0


@st.composite
def searched_scenarios(draw: st.DrawFn) -> dict:
    """Ruled scenarios over up to 6 issues, with distrust and guaranteed breach losses."""
    data = draw(linear_scenarios(max_issues=6, max_options=4, n_parties=draw(st.integers(2, 3))))
    issues, parties = data["issues"], list(data["preferences"])
    for preferences in data["preferences"].values():
        if draw(st.booleans()):
            issue = draw(st.sampled_from(issues))
            preferences["red_lines"] = [{issue["id"]: draw(st.sampled_from(issue["options"]))}]
    trust = st.floats(0.2, 1.0).map(lambda x: round(x, 3))
    data["beliefs"] = {p: {q: draw(trust) for q in parties if q != p} for p in parties}
    last = issues[-1]
    share = st.floats(0, 0.5).map(lambda x: round(x, 3))
    data["commitment"] = {
        "vulnerability": {
            p: {last["id"]: {o: draw(share) for o in last["options"]}} for p in parties
        },
        "guarantees": {last["id"]: {last["options"][0]: {"credibility": draw(share)}}},
    }
    return mediated(data, n_steps=4, noise=draw(st.sampled_from([0.0, 0.1, 0.3])), rate=0.5)


@settings(max_examples=60, deadline=None)
@given(searched_scenarios())
def test_the_search_finds_the_best_text_in_random_scenarios(data):
    with pytest.MonkeyPatch.context() as monkeypatch:
        checked = checking_the_search(monkeypatch)
        scenario = validate_data(data)
        simulate_draws(scenario, sampled_draws(scenario, seed=1, start=0, stop=3), seed=1)
    assert sum(checked) > 0


def test_a_group_bounded_at_the_best_text_found_is_still_searched():
    """A group whose bound equals the best text found (or falls short of it by rounding)
    may hold a text that ties it at a lower position, so it is valued; one a whole tier
    or clearly below is not."""
    tier = np.array([2, 2, 2, 2, 1, 1], dtype=np.int8)
    score = np.array([0.3, 0.3 - 1e-12, 0.3 - 1e-6, 0.2, 9.0, 0.3])
    least_tier, least_score = np.int8(2), 0.3  # the best text found: tier 2, score 0.3
    reached = _reaches(tier, score, least_tier, least_score)
    assert reached.tolist() == [True, True, False, False, False, False]
    # A higher tier always reaches, whatever its score.
    assert _reaches(np.int8(2), -1.0, np.int8(1), 0.5)


def two_rounds(shift: object = 0.0, *, noise: float = 0.0, rate: float = 0.0) -> dict:
    """Two mediated rounds of 3 drafts; r_A = 0.7, r_B = 0.45, A's r shifted in between.

    By hand (A: price 2/3, delivery 1/3; B: 1/2 each): A's values are (low, slow) 1/3,
    (low, fast) 0, (mid, slow) 2/3, (mid, fast) 1/3, (high, slow) 1, (high, fast) 2/3;
    B's 1/2, 1, 1/4, 3/4, 0, 1/2. Only (high, slow) is worth 0.7 to A, and it is worth 0
    to B: the ZOPA is empty in round 1. It opens, with (high, fast), where the shift
    brings r_A to 2/3 or below.
    """
    data = mediated(BASE, n_steps=3, noise=noise, rate=rate)
    data["protocol"]["walkout_after"] = 5
    data["calendar"] = {"start": "2022-01-01", "end": "2022-01-31"}
    data["rounds"] = [
        {"id": "r1", "date": "2022-01-05", "n_steps": 3},
        {"id": "r2", "date": "2022-01-20", "n_steps": 3},
    ]
    data["preferences"]["A"]["reservation_value"] = 0.7
    data["preferences"]["B"]["reservation_value"] = 0.45
    data["events"] = [
        {"id": "soften", "date": "2022-01-10", "kind": "reservation_shift", "party": "A"}
        | {"delta": shift}
    ]
    return data


def sweep_and_replays(data: dict, n_draws: int = 12) -> tuple[list, list]:
    """The endings of draws 0..n−1 run together, and each replayed alone with its transcript."""
    scenario = validate_data(data)
    together = simulate_draws(
        scenario, sampled_draws(scenario, seed=3, start=0, stop=n_draws), seed=3
    )
    alone = [simulate(scenario, seed=3, draw=k).outcome for k in range(n_draws)]
    return list(together), alone


@pytest.mark.parametrize(("noise", "rate"), [(0.0, 0.0), (0.15, 0.5)])
def test_a_draw_whose_zopa_opens_later_is_drafted_for_before_it_opens(noise, rate):
    """Draws whose ZOPA stays empty to the last mediated round get no drafts in a sweep;
    those where the shift (uniform on [−0.1, 0]) later opens it are drafted for from round
    1 on, since what the mediator learns and tabled there shapes round 2. Either way a
    draw ends as its replay with a transcript (which drafts every round) says: where r_A
    falls to 2/3 or below, in agreement in round 2, else in breakdown."""
    together, alone = sweep_and_replays(
        two_rounds({"uniform": [-0.1, 0.0]}, noise=noise, rate=rate)
    )
    assert together == alone
    statuses = {(o.status, o.round) for o in together}
    assert statuses == {("agreement", "r2"), ("breakdown", None)}


def test_a_draw_whose_zopa_closes_before_the_first_mediated_round_gets_no_drafts(monkeypatch):
    """r_A starts at 0.6, where (high, fast), worth 2/3 to A and 1/2 to B, lies in the
    ZOPA; a shift of +0.1 on 2 January, before round 1, closes it for good. A sweep
    drafts for no draw, and every draw ends as its replay with a transcript (which
    drafts every round) does: in breakdown."""
    data = two_rounds(0.1)
    data["preferences"]["A"]["reservation_value"] = 0.6
    data["events"][0]["date"] = "2022-01-02"
    assert zopa_size(validate_data(data)) == 1
    drafted = []
    drafting = MediatedText._draft

    def counting(self, state, evaluation, tabled, live, *, opening):
        drafted.append(int(live.sum()))
        return drafting(self, state, evaluation, tabled, live, opening=opening)

    monkeypatch.setattr(MediatedText, "_draft", counting)
    scenario = validate_data(data)
    together = simulate_draws(scenario, sampled_draws(scenario, seed=3, start=0, stop=12), seed=3)
    assert drafted == [0] * 6  # two rounds of three steps
    alone = [simulate(scenario, seed=3, draw=k).outcome for k in range(12)]
    assert list(together) == alone
    assert {o.status for o in alone} == {"breakdown"}
    assert sum(drafted) == 6 * 12  # each replay drafts at every step


def test_a_sweep_evaluates_the_conditions_after_each_event_once(monkeypatch):
    """The look-ahead follows the events to the last mediated round; the walk takes up
    the evaluations it made instead of making them again. With three events before round
    2 and one after it, a sweep evaluates five conditions (the first day's and one after
    each event), each once, and ends as the replays with transcripts do (the shifts bring
    r_A to 2/3 or below in some draws only)."""
    data = two_rounds({"uniform": [-0.02, 0.0]}, noise=0.15, rate=0.5)
    shift = data["events"][0]
    data["events"] = [
        shift | {"id": f"{shift['id']}-{day}", "date": f"2022-01-{day}"}
        for day in ("02", "10", "15", "25")
    ]
    evaluated = []
    evaluating = run_module.evaluate

    def counting(model, conditions, previous=None, **kwargs):
        evaluated.append(conditions)
        return evaluating(model, conditions, previous, **kwargs)

    monkeypatch.setattr(run_module, "evaluate", counting)
    scenario = validate_data(data)
    together = simulate_draws(scenario, sampled_draws(scenario, seed=3, start=0, stop=12), seed=3)
    assert len(evaluated) == 5
    assert len({id(conditions) for conditions in evaluated}) == 5
    monkeypatch.undo()
    assert list(together) == [simulate(scenario, seed=3, draw=k).outcome for k in range(12)]
    assert {o.status for o in together} == {"agreement", "breakdown"}


def test_a_hardliner_with_nothing_worth_its_reservation_value_can_agree_outside_the_zopa():
    """A hardliner accepts a text worth its best value, which may lie under its reservation
    value, so a draw with an empty ZOPA is still drafted for while it asks so little.

    A values price high 0.9 (so (high, slow) is worth (1.8 + 1)/3 ≈ 0.933, its best) with
    r_A ~ U[0.94, 0.96]: no text is worth r_A, the ZOPA is empty throughout. B (Conceder,
    r_B = 0.4) values slow delivery 1, so (high, slow) is worth 1/2 to B; its threshold
    falls under 1/2 by round 2, when the mediator tables (high, slow) and both accept."""
    data = two_rounds()
    data["events"] = []
    data["preferences"]["A"]["values"]["price"]["high"] = 0.9
    data["preferences"]["A"]["reservation_value"] = {"uniform": [0.94, 0.96]}
    data["preferences"]["B"]["values"]["delivery"] = {"slow": 1, "fast": 0}
    data["preferences"]["B"]["reservation_value"] = 0.4
    data["strategies"] = {
        "A": {"kind": "hardliner"},
        "B": {"kind": "time_based", "curve": "conceder"},
    }
    assert zopa_size(validate_data(data)) == 0
    together, alone = sweep_and_replays(data, n_draws=6)
    assert together == alone
    assert {o.status + " " + str(o.round) for o in together} == {"agreement r2"}
    assert all(o.text == {"price": "high", "delivery": "slow"} for o in together)


def test_a_variant_going_on_from_a_run_without_a_zopa_ends_as_it_does_alone():
    """Without the shift the ZOPA never opens; the variant with it goes on from that run
    after round 1 (`accord.situation.shared.forks`). Its draws whose ZOPA opens later
    need what the mediator tabled and learned in round 1, with noisy estimates: the run
    it goes on from drafts for them there, and the variant ends as it does alone."""
    softer = validate_data(two_rounds({"uniform": [-0.1, 0.0]}, noise=0.15, rate=0.5))
    firm = validate_data(two_rounds(noise=0.15, rate=0.5) | {"events": []})
    runs = [(each, sampled_draws(each, seed=3, start=0, stop=12)) for each in (firm, softer)]
    together = simulate_variants(runs, seed=3)
    assert together == [simulate_draws(each, draws, seed=3) for each, draws in runs]
    assert {o.status for o in together[0]} == {"breakdown"}
    assert "agreement" in {o.status for o in together[1]}
