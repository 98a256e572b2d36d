"""pandas tables of results: every row checked against the result it comes from."""

import itertools
import sys

import numpy as np
import pandas as pd
import pytest

import accord
from accord.scenario import validate_data

CASE = "ceasefire-teaching"


def _party(values: dict, reservation_value: object) -> dict:
    return {
        "weights": {"price": 2, "delivery": 1},
        "values": values,
        "reservation_value": reservation_value,
    }


@pytest.fixture(scope="module")
def uncertain():
    """Two parties whose uncertain reservation values make agreement vary across draws."""
    return validate_data(
        {
            "accord": 1,
            "id": "uncertain-case",
            "title": "Uncertain reservation values",
            "parties": [
                {"id": "A", "name": "Alpha", "role": "party"},
                {"id": "B", "name": "Beta", "role": "party"},
            ],
            "issues": [
                {"id": "price", "name": "Price", "options": ["low", "mid", "high"]},
                {"id": "delivery", "name": "Delivery", "options": ["slow", "fast"]},
            ],
            "preferences": {
                "A": _party(
                    {
                        "price": {"low": 0, "mid": 0.5, "high": 1},
                        "delivery": {"slow": 1, "fast": 0},
                    },
                    {"uniform": [0.2, 0.8]},
                ),
                "B": _party(
                    {
                        "price": {"low": 1, "mid": 0.5, "high": 0},
                        "delivery": {"slow": 0, "fast": 1},
                    },
                    {"uniform": [0.2, 0.6]},
                ),
            },
            "variants": {
                "patient-a": [{"set": "preferences.A.reservation_value", "value": 0.3}],
                "patient-b": [{"set": "preferences.B.reservation_value", "value": 0.3}],
            },
        }
    )


@pytest.fixture(scope="module")
def transcript():
    return accord.simulate(CASE, seed=1)


def test_steps_table_has_one_row_per_proposal_with_its_values(transcript):
    steps = transcript.to_frame()
    records = [(r, s) for r in transcript.rounds for s in r.steps]
    assert len(steps) == len(records)
    assert pd.api.types.is_datetime64_any_dtype(steps["date"])
    for (_, row), (round_, step) in zip(steps.iterrows(), records, strict=True):
        assert row["round.id"] == round_.id and row["date"].date() == round_.date
        assert row["proposer"] == step.proposer
        for issue, option in step.proposal.items():
            assert row[f"proposal.{issue}"] == option
        for party, utility in step.utilities.items():
            assert row[f"utilities.{party}"] == pytest.approx(utility, abs=1e-12)
        for reply in step.replies:
            assert row[f"replies.{reply.party}.response"] == reply.response
            assert row[f"replies.{reply.party}.margin"] == pytest.approx(reply.margin, abs=1e-12)


def test_events_table_has_one_row_per_effect(transcript):
    events = transcript.to_frame("events")
    expected = [
        (event.id, effect.party, effect.after)
        for event in transcript.events
        for effect in event.effects
    ]
    assert len(events) == len(expected)
    for (_, row), (event, party, after) in zip(events.iterrows(), expected, strict=True):
        assert (row["event"], row["party"]) == (event, party)
        assert row["after"] == pytest.approx(after, abs=1e-12)


def test_beliefs_and_zopa_tables_follow_the_run(transcript):
    beliefs = transcript.to_frame("beliefs")
    assert list(beliefs["value"]) == pytest.approx([b.value for b in transcript.beliefs])
    # The truce violation takes south's belief that north complies from 0.7 to 0.5.
    after = beliefs[beliefs["event"] == "truce-violation"].set_index("holder")
    assert after.loc["south", ["before", "value"]].tolist() == pytest.approx([0.7, 0.5])
    zopa = transcript.to_frame("zopa")
    assert list(zopa["n_outcomes"]) == [z.n_outcomes for z in transcript.zopa]
    assert zopa["date"].isna().iloc[0]  # the start of the talks has no date


def test_pareto_table_rows_are_undominated_outcomes():
    analysis = accord.analyze("casino-campsite")
    pareto = analysis.to_frame()
    assert len(pareto) == len(analysis.pareto)
    utilities = pareto[[c for c in pareto.columns if c.startswith("utilities.")]].to_numpy()
    for a, b in itertools.permutations(range(len(utilities)), 2):
        assert not (np.all(utilities[a] >= utilities[b]) and np.any(utilities[a] > utilities[b]))
    solutions = analysis.to_frame("solutions")
    assert list(solutions.index) == ["nash", "kalai_smorodinsky", "utilitarian", "egalitarian"]


def test_sweep_table_probabilities_and_paired_differences(uncertain):
    result = accord.sweep(uncertain, n_draws=12, variants=["patient-a", "patient-b"], seed=1)
    table = result.to_frame()
    assert list(table.index) == ["baseline", "patient-a", "patient-b"]
    assert 0 < table.loc["baseline", "p_agreement"] < 1
    assert table["p_agreement"].tolist() == pytest.approx(
        (table["n_agreements"] / table["n_draws"]).tolist()
    )
    assert (table["ci_low"] <= table["p_agreement"]).all()
    assert (table["p_agreement"] <= table["ci_high"]).all()
    # A paired difference of proportions on the same draws is the difference of the means.
    variants = table.loc[["patient-a", "patient-b"]]
    baseline = table.loc["baseline", "p_agreement"]
    assert variants["difference"].tolist() == pytest.approx(
        (variants["p_agreement"] - baseline).tolist()
    )
    assert (variants["difference"] != 0).all()
    assert (variants["n_gained"] - variants["n_lost"]).tolist() == pytest.approx(
        (variants["difference"] * 12).tolist()
    )
    assert table.loc["baseline", ["difference", "n_gained", "n_lost"]].isna().all()


def test_attribution_tables_satisfy_the_two_factor_shapley_formula(uncertain):
    result = accord.attribute(uncertain, factors=["patient-a", "patient-b"], n_draws=12, seed=1)
    shapley = result.to_frame()["shapley"]
    combinations = result.to_frame("combinations")
    value = combinations["value"]
    v0, v1, v2, v12 = (value[k] for k in ("none", "patient-a", "patient-b", "patient-a+patient-b"))
    assert len({v0, v1, v2}) == 3
    assert shapley["patient-a"] == pytest.approx(((v1 - v0) + (v12 - v2)) / 2)
    assert shapley["patient-b"] == pytest.approx(((v2 - v0) + (v12 - v1)) / 2)
    assert combinations.loc["patient-b"].tolist() == [v2, False, True]
    table = result.to_frame()
    assert ((table["ci_low"] <= table["shapley"]) & (table["shapley"] <= table["ci_high"])).all()


def test_conflict_table_equilibria_are_states_stable_for_every_decision_maker():
    analysis = accord.analyze_conflict("istanbul-2022-conflict")
    table = analysis.to_frame()
    assert len(table) == analysis.model.n_states
    for concept in ("nash", "gmr", "smr", "seq"):
        stable = table[[c for c in table.columns if c.startswith(f"stable.{concept}.")]]
        assert (stable.all(axis=1) == table[f"equilibrium.{concept}"]).all()
        assert list(table.index[table[f"equilibrium.{concept}"]]) == (
            analysis.table.equilibrium_states(concept)
        )


def test_unknown_table_names_the_known_ones(transcript):
    with pytest.raises(accord.UnknownIdError, match="unknown table 'offers'; known: steps"):
        transcript.to_frame("offers")


def test_without_pandas_to_frame_says_how_to_install_it(transcript, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'accord\[pandas\]'"):
        transcript.to_frame()
