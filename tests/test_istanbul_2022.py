"""The shipped reference case istanbul-2022: the modelled course follows from its data.

These tests pin what docs/scenarios/istanbul-2022.md reports: the bargaining space is
widest on 29 March and gone by 20 April; Ukraine's belief that Russia would honour an
agreement moves little after the de-escalation announcement and collapses with Bucha,
each change attributed to its event; the talks end without agreement because the space
closed; every variant runs. The scenario's numbers are judgements (see the docs); if one
is changed on purpose, update the docs' tables together with these pins.
"""

import datetime as dt
import json
from functools import cache

import pytest
from typer.testing import CliRunner

from accord import analyze, load_scenario, simulate
from accord.cli import app
from accord.scenario.distributions import Beta, Choice, Normal, Triangular, Uniform

SCENARIO = "istanbul-2022"
SEED = 0
ISTANBUL = dt.date(2022, 3, 29)
BUCHA = dt.date(2022, 4, 2)
DISTRIBUTIONS = (Beta, Choice, Normal, Triangular, Uniform)
WESTERN = ("united_kingdom", "united_states", "france", "germany", "canada", "italy", "poland")


@cache
def scenario(variant=None):
    return load_scenario(SCENARIO, variants=[variant] if variant else [])


@cache
def baseline_run():
    return simulate(scenario(), seed=SEED)


def ukraine_belief_changes(transcript, event):
    return [
        b
        for b in transcript.beliefs
        if b.holder == "ukraine" and b.about == "russia" and b.event == event
    ]


def test_scenario_has_the_case_structure():
    s = scenario()
    roles = {p.id: p.role for p in s.parties}
    assert s.party_ids == ("russia", "ukraine")
    assert roles["turkey"] == "mediator"
    guarantors = {p for p, r in roles.items() if r == "guarantor"}
    assert {*WESTERN, "china", "israel", "belarus"} <= guarantors
    assert len(s.issues) >= 7
    size = 1
    for issue in s.issues:
        size *= len(issue.options)
    assert size < 1_000_000
    assert len(s.events) >= 15
    assert {"no-bucha", "credible-guarantees", "no-kyiv-drawdown-signal", "russia-sincere"} <= set(
        s.variants
    )
    assert s.calendar is not None and s.calendar.end == dt.date(2022, 5, 17)
    assert ISTANBUL in {r.date for r in s.rounds}
    for source in s.sources:
        assert source.title and source.publisher and source.url, source.id


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
    yield "mediator.noise", s.mediator.noise
    yield "mediator.learning_rate", s.mediator.learning_rate
    for party, strategy in s.strategies.items():
        yield f"strategies.{party}.exponent", strategy.exponent


def test_every_judgement_is_a_sourced_distribution():
    unsourced = [
        place
        for place, number in _judgements(scenario())
        if not (isinstance(number, DISTRIBUTIONS) and number.rationale and number.sources)
    ]
    assert unsourced == []


def test_contested_events_carry_competing_readings():
    for event in scenario().events:
        assert event.sources, event.id
        if event.contested:
            assert len(event.readings) >= 2, event.id


def test_zopa_is_widest_on_the_istanbul_day():
    zopa = baseline_run().zopa
    widest = max(point.n_outcomes for point in zopa)
    assert widest > 0
    assert {point.date for point in zopa if point.n_outcomes == widest} == {ISTANBUL}
    before_refocus = [p for p in zopa if p.date is None or p.date < dt.date(2022, 3, 25)]
    assert all(p.n_outcomes == 0 for p in before_refocus)


def test_zopa_shrinks_between_istanbul_and_20_april():
    at_istanbul = int(analyze(scenario(), at=ISTANBUL).zopa.sum())
    later = int(analyze(scenario(), at=dt.date(2022, 4, 20)).zopa.sum())
    assert at_istanbul > 0
    assert later < at_istanbul
    assert later == 0


def test_deescalation_moves_ukraine_trust_only_modestly():
    (change,) = ukraine_belief_changes(baseline_run(), "fomin-deescalation")
    assert change.date == ISTANBUL
    assert 0 < change.value - change.before <= 0.1


def test_bucha_collapses_ukraine_trust():
    (change,) = ukraine_belief_changes(baseline_run(), "bucha-revealed")
    assert change.date == BUCHA
    assert change.before - change.value >= 0.2
    assert change.value < 0.2
    rises = [
        b.value - b.before
        for b in baseline_run().beliefs
        if b.holder == "ukraine" and b.before is not None and b.value > b.before
    ]
    assert max(rises) < change.before - change.value


def test_baseline_ends_without_agreement_because_bucha_closed_the_space():
    outcome = baseline_run().outcome
    assert outcome.status == "breakdown"
    assert outcome.date == dt.date(2022, 5, 17)
    assert outcome.cause == "zopa-closed:bucha-revealed"
    assert "bucha-revealed" in outcome.reason


# What each variant does to the ending, as reported in docs/scenarios/istanbul-2022.md.
VARIANT_CAUSES = {
    "no-bucha": "zopa-closed:lavrov-rejects-ukraine-draft",
    "credible-guarantees": "zopa-closed:mariupol-warning",
    "no-kyiv-drawdown-signal": "zopa-closed:kyiv-oblast-liberated",
    "russia-sincere": "zopa-closed:zelensky-visits-bucha",
    "stated-donbas-red-line": "never-open",
}


@pytest.mark.parametrize("variant", sorted(VARIANT_CAUSES))
def test_variant_runs_to_its_documented_ending(variant):
    assert set(VARIANT_CAUSES) == set(scenario().variants)
    outcome = simulate(scenario(variant), seed=SEED).outcome
    assert outcome.status == "breakdown"
    assert outcome.cause == VARIANT_CAUSES[variant]


def test_credible_guarantees_keep_the_space_open_after_bucha():
    after_bucha = analyze(scenario("credible-guarantees"), at=dt.date(2022, 4, 3))
    assert int(after_bucha.zopa.sum()) > 0
    baseline = analyze(scenario(), at=dt.date(2022, 4, 3))
    assert int(baseline.zopa.sum()) == 0


def test_run_json_attributes_belief_changes_to_events():
    result = CliRunner().invoke(app, ["run", SCENARIO, "--json", "--seed", str(SEED)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    events = {
        b["event"]: b
        for b in document["beliefs"]
        if b["holder"] == "ukraine" and b["about"] == "russia" and b["event"]
    }
    assert events["fomin-deescalation"]["date"] == "2022-03-29"
    assert events["bucha-revealed"]["date"] == "2022-04-02"
    assert events["bucha-revealed"]["value"] < events["bucha-revealed"]["before"] - 0.2
    assert document["outcome"]["cause"] == "zopa-closed:bucha-revealed"
    assert {e["id"] for e in document["events"]} >= {"fomin-deescalation", "bucha-revealed"}
