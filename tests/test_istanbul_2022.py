"""The shipped reference case istanbul-2022: its structure is the sources', not a story.

These tests pin what the sources force: who took part, which texts were tabled and what
they said, when options were proposed, who drafted in which round, that every contested
event can also have had no effect, and that each competing interpretation is a variant
that runs. They pin no course of the talks (when the space opened or closed, why they
ended): that follows from judgements, and docs/scenarios/istanbul-2022.md reports it
with its uncertainty across draws.
"""

import datetime as dt
from functools import cache

import numpy as np
import pytest

from accord import analyze, load_scenario, simulate
from accord.scenario.distributions import Choice
from accord.scenario.load import resolve_scenario_path

SCENARIO = "istanbul-2022"
SEED = 0
ISTANBUL = dt.date(2022, 3, 29)
BUCHA = dt.date(2022, 4, 2)
INTERPRETATIONS = (
    "west-derailed",
    "bucha-decisive",
    "russian-bad-faith",
    "substantive-gaps",
    "battlefield-shift",
    "bad-sequencing",
)
WESTERN = ("united_kingdom", "united_states", "france", "germany", "canada", "italy", "poland")


@cache
def scenario(variant=None):
    return load_scenario(SCENARIO, variants=[variant] if variant else [])


@cache
def baseline_run():
    return simulate(scenario(), seed=SEED)


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
    assert set(INTERPRETATIONS) <= set(s.variants)
    assert s.calendar is not None and s.calendar.end == dt.date(2022, 5, 17)
    assert ISTANBUL in {r.date for r in s.rounds}
    for source in s.sources:
        assert source.title and source.publisher and source.url, source.id


def _no_effect_possible(event) -> bool:
    """Whether some reading of the event changes nothing (ratio 1, or a zero shift)."""
    if event.kind == "signal":
        honours, breaches = event.likelihood.honours, event.likelihood.breaches
        if isinstance(honours, Choice) and isinstance(breaches, Choice):
            same_draw = honours.shared is not None and honours.shared == breaches.shared
            pairs = zip(honours.values, breaches.values, strict=True)
            return (
                same_draw and honours.weights == breaches.weights and any(h == b for h, b in pairs)
            )
        return False
    delta = getattr(event, "delta", None)
    if delta is not None:
        return isinstance(delta, Choice) and 0.0 in delta.values
    return False


def test_every_contested_event_can_have_had_no_effect():
    s = scenario()
    removable = {
        patch.remove.removeprefix("events.")
        for reading in s.readings.values()
        for alternative in reading.alternatives.values()
        for patch in alternative.patches
        if hasattr(patch, "remove")
    }
    lacking = [
        e.id for e in s.events if e.contested and not (_no_effect_possible(e) or e.id in removable)
    ]
    assert lacking == []


def test_the_four_historical_texts_are_written_down_and_scored():
    s = scenario()
    texts = {t.id: t for t in s.texts}
    assert [t.date for t in s.texts] == sorted(t.date for t in s.texts)
    assert set(texts) == {
        "draft-0317",
        "istanbul-communique",
        "ukraine-draft-0406",
        "joint-draft-0415",
    }
    assert texts["istanbul-communique"].options["crimea_sevastopol"] == (
        "bilateral_talks_15y_no_force",
    )
    assert len(texts["joint-draft-0415"].options["guarantee_mechanism"]) == 2
    scored = {score.text.id: score for score in analyze(s, at=dt.date(2022, 4, 15)).texts}
    assert set(scored) == set(texts)
    # The communique says nothing on caps, language or sanctions: 3 x 3 x 2 alternatives.
    assert scored["istanbul-communique"].n_alternatives == 18


def test_options_exist_only_from_when_they_were_proposed():
    s = scenario()
    introduced = {(e.issue, e.option): e.date for e in s.events if e.kind == "option"}
    assert introduced[("crimea_sevastopol", "exclude_from_treaty")] == dt.date(2022, 4, 15)
    assert introduced[("sequencing", "feb23_line_interim")] >= dt.date(2022, 4, 1)
    offered = [
        (played["date"], text)
        for played in baseline_run().to_dict()["rounds"]
        for step in played["steps"]
        for text in [step["proposal"]]
        if text
    ]
    early = [t for date, t in offered if date < "2022-04-01"]
    assert early and all(t["sequencing"] != "feb23_line_interim" for t in early)
    assert all(
        t["crimea_sevastopol"] != "exclude_from_treaty" for d, t in offered if d < "2022-04-15"
    )


def test_the_delegations_draft_where_the_sources_say_so():
    rounds = {r.id: r for r in scenario().rounds}
    assert {
        rounds[r].mediator for r in ("round1-gomel", "round2-belovezhskaya", "round3-brest")
    } == {"none"}
    assert rounds["istanbul"].mediator == "ukraine" and rounds["istanbul"].host == "turkey"
    assert rounds["antalya"].mediator == "turkey"
    proposers = {
        played["id"]: {step["proposer"] for step in played["steps"]}
        for played in baseline_run().to_dict()["rounds"]
    }
    assert "turkey" not in proposers["round1-gomel"]
    assert proposers["istanbul"] <= {"ukraine"}


@pytest.mark.parametrize("variant", sorted(INTERPRETATIONS))
def test_each_interpretation_runs_as_a_variant(variant):
    outcome = simulate(scenario(variant), seed=SEED).outcome
    assert outcome.status in {"agreement", "breakdown", "walkout"}


def test_readings_are_drawn_in_sweeps_and_pinned_by_the_interpretations():
    s = scenario()
    assert set(s.readings) >= {"lavrov-withdrawal", "ukraine-sanctions", "johnson-visit"}
    assert not scenario("substantive-gaps").readings.get("lavrov-withdrawal")
    assert "feb23_line_interim" in {
        option
        for line in scenario("substantive-gaps").preferences["russia"].red_lines
        for options in line.values()
        for option in options
    }


SUSPENSION = dt.date(2022, 5, 17)
DEFERRALS = {
    "crimea_sevastopol": "bilateral_talks_15y_no_force",
    "donbas_dpr_lpr": "leaders_meeting",
}


def test_the_communique_defers_crimea_and_donbas_so_its_texts_are_partial_agreements():
    s = scenario()
    deferring = {
        issue.id: option.id for issue in s.issues for option in issue.options if option.defers
    }
    assert deferring == DEFERRALS
    communique = next(t for t in s.texts if t.id == "istanbul-communique")
    assert {issue: communique.options[issue] for issue in DEFERRALS} == {
        issue: (option,) for issue, option in DEFERRALS.items()
    }
    # On 1 April the ZOPA is open in the baseline at the means; count its partial texts
    # here, option by option, and compare with what analyze reports.
    analysis = analyze(s, at=dt.date(2022, 4, 1))
    zopa_texts = [analysis.situation.space.outcome(int(c)) for c in np.flatnonzero(analysis.zopa)]
    partial = [t for t in zopa_texts if any(t[i] == o for i, o in DEFERRALS.items())]
    assert zopa_texts and analysis.to_dict()["zopa"]["n_partial"] == len(partial)


@pytest.mark.parametrize(
    ("reading", "ending"),
    [("kyiv-suspends", "ukraine walked out on 2022-05-17"), ("mutual", "the calendar ended")],
)
def test_who_suspended_the_talks_on_17_may_is_a_reading(tmp_path, reading, ending):
    path = tmp_path / "istanbul-pinned.yaml"
    path.write_text(
        resolve_scenario_path(SCENARIO).read_text()
        + f"  pinned:\n    patches: [{{pin: talks-suspension, to: {reading}}}]\n"
    )
    pinned = load_scenario(path, variants=["pinned"])
    run = simulate(pinned, seed=SEED)
    walked_out = [e for e in run.events if e.id == "ukraine-suspends-talks"]
    assert bool(walked_out) == (reading == "kyiv-suspends")
    # Seed 0 is still talking on 17 May, so the reading alone decides who ended the talks;
    # its ZOPA had closed before, so either way the cause is what closed it.
    assert run.outcome.date == SUSPENSION
    assert run.outcome.reason.startswith(ending)
    assert run.outcome.cause.startswith(("zopa-closed:", "never-open"))
