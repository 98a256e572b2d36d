import re
from pathlib import Path

import pytest

from accord.errors import LimitError, ScenarioError, UnknownIdError
from accord.experiments.attribution import (
    attribute,
    plan_attribution,
    run_attribution,
    sweep_runs,
)
from accord.experiments.store import ResultsStore
from accord.experiments.sweep import sweep


def test_attribution_is_efficient_and_reports_every_combination():
    result = attribute(
        "ceasefire-teaching", factors=["truce-violation", "brave-guardian"], n_draws=30, seed=4
    ).to_dict()
    assert set(result["combinations"]) == {
        "none",
        "truce-violation",
        "brave-guardian",
        "truce-violation+brave-guardian",
    }
    assert result["v_none"] == result["combinations"]["none"]
    assert result["v_all"] == result["combinations"]["truce-violation+brave-guardian"]
    efficiency = result["efficiency"]
    assert efficiency["sum_of_shapley_values"] == pytest.approx(
        efficiency["v_all_minus_v_none"], abs=1e-9
    )
    for factor, (low, high) in result["intervals"].items():
        assert low <= result["shapley"][factor] + 1e-9 and result["shapley"][factor] <= high + 1e-9


def test_a_utility_metric_uses_the_party_value():
    result = attribute(
        "ceasefire-teaching", factors=["failed-offensive"], n_draws=10, metric="utility:north"
    ).to_dict()
    assert result["metric"] == "utility:north" and 0 <= result["v_none"] <= 1


def test_bad_factors_and_metrics_are_refused():
    with pytest.raises(UnknownIdError, match="truce-violation"):
        attribute("ceasefire-teaching", factors=["bucha"], n_draws=2)
    with pytest.raises(UnknownIdError, match="utility:north"):
        attribute(
            "ceasefire-teaching", factors=["failed-offensive"], n_draws=2, metric="utility:nobody"
        )
    with pytest.raises(LimitError, match="at most 12 factors"):
        attribute("ceasefire-teaching", factors=[f"f{i}" for i in range(13)], n_draws=2)


class CountingExecutor:
    """Runs tasks (chunks of the same draws) in this process and counts the runs asked for."""

    def __init__(self):
        self.n_runs = 0

    def map(self, function, tasks):
        for task in tasks:
            self.n_runs += sum(chunk.n_draws for chunk in task)
            yield function(task)

    def close(self):
        pass


def test_a_stored_attribution_is_reused_without_running_anything(tmp_path):
    options = {"factors": ["truce-violation", "brave-guardian"], "n_draws": 12, "seed": 5}
    with ResultsStore(tmp_path / "r.duckdb") as store:
        first, second, other = CountingExecutor(), CountingExecutor(), CountingExecutor()
        computed = attribute("ceasefire-teaching", store=store, executor=first, **options)
        reused = attribute("ceasefire-teaching", store=store, executor=second, **options)
        reseeded = attribute(
            "ceasefire-teaching", store=store, executor=other, **{**options, "seed": 6}
        )
    assert first.n_runs == 4 * 12  # 2^k combinations × draws
    assert second.n_runs == 0
    assert other.n_runs == 4 * 12  # another key: run again
    assert reused.to_dict() == computed.to_dict()
    assert reused.values.tolist() == computed.values.tolist()
    assert reseeded.to_dict()["seed"] == 6


def test_attribution_limits_count_every_combination(tmp_path):
    base = Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml"
    path = tmp_path / "four-variants.yaml"
    variants = "".join(
        f"  v{i}: [{{set: preferences.B.reservation_value, value: 0.{i}}}]\n" for i in range(4)
    )
    path.write_text(base.read_text() + "variants:\n" + variants)
    factors = ["v0", "v1", "v2", "v3"]
    plan = plan_attribution(path, factors=factors, n_draws=600_000)
    assert plan.n_runs == 16 * 600_000  # within 10,000,000 runs
    with pytest.raises(LimitError, match="= 11200000: input should be less than or equal"):
        plan_attribution(path, factors=factors, n_draws=700_000)


def test_the_runs_of_a_sweep_stand_for_their_combinations(tmp_path):
    factors = ["no-violation", "brave-guardian"]
    with ResultsStore(tmp_path / "r.duckdb") as store:
        swept = sweep("ceasefire-teaching", n_draws=16, variants=factors, seed=8, store=store)
        plan = plan_attribution("ceasefire-teaching", factors=factors, n_draws=12, seed=8)
        known = sweep_runs(store, swept.sweep_id, plan)
        other_seed = plan_attribution("ceasefire-teaching", factors=factors, n_draws=12, seed=9)
        assert sweep_runs(store, swept.sweep_id, other_seed) == {}
    assert sorted(known) == ["brave-guardian", "no-violation", "none"]
    counting = CountingExecutor()
    reused = run_attribution(plan, executor=counting, known=known)
    assert counting.n_runs == 12  # only no-violation+brave-guardian ran
    computed = run_attribution(plan)
    assert reused.values.tolist() == computed.values.tolist()
    assert reused.to_dict() == computed.to_dict()


def test_factors_that_cannot_be_applied_together_are_a_clear_error():
    # no-violation removes the truce-violation event, which the other factor removes too.
    with pytest.raises(
        ScenarioError,
        match=re.escape(
            "the factors truce-violation, no-violation cannot be applied together: "
            "no such path 'events.truce-violation'"
        ),
    ):
        plan_attribution(
            "ceasefire-teaching", factors=["truce-violation", "no-violation"], n_draws=2
        )


def test_a_variant_that_pins_a_structural_reading_is_a_factor_like_any_other():
    from accord import load_scenario
    from accord.scenario import validate_data

    data = load_scenario("ceasefire-teaching").model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    red_line = [{"set": "preferences.south.red_lines", "value": [{"line": "current"}]}]
    data["readings"] = {
        "south-line": {
            "alternatives": {
                "opening-bid": {"probability": 0.5},
                "red-line": {"probability": 0.5, "patches": red_line},
            }
        }
    }
    data["variants"]["hardline"] = [{"pin": "south-line", "to": "red-line"}]
    data["variants"]["softline"] = [{"pin": "south-line", "to": "opening-bid"}]
    scenario = validate_data(data)
    swept = sweep(scenario, n_draws=12, variants=["hardline", "softline"], seed=1).to_dict()
    for factor in ("hardline", "softline"):
        result = attribute(scenario, factors=[factor], n_draws=12, seed=1).to_dict()
        assert result["combinations"][factor] == swept["variants"][factor]["p_agreement"]
        assert result["combinations"]["none"] == swept["variants"]["baseline"]["p_agreement"]
        assert result["shapley"][factor] == pytest.approx(
            swept["variants"][factor]["p_agreement"] - swept["variants"]["baseline"]["p_agreement"]
        )
    # Two pins of one reading cannot be applied together.
    with pytest.raises(ScenarioError, match="no reading 'south-line'"):
        attribute(scenario, factors=["hardline", "softline"], n_draws=2, seed=1)
