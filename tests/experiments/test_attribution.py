import pytest

from accord.errors import LimitError, UnknownIdError
from accord.experiments.attribution import attribute


def test_attribution_is_efficient_and_reports_every_combination():
    result = attribute("ceasefire-teaching", factors=["truce-violation", "brave-guardian"],
                       n_draws=30, seed=4).to_dict()
    assert set(result["combinations"]) == {"none", "truce-violation", "brave-guardian",
                                           "truce-violation+brave-guardian"}
    assert result["v_none"] == result["combinations"]["none"]
    assert result["v_all"] == result["combinations"]["truce-violation+brave-guardian"]
    efficiency = result["efficiency"]
    assert efficiency["sum_of_shapley_values"] == pytest.approx(
        efficiency["v_all_minus_v_none"], abs=1e-9)
    for factor, (low, high) in result["intervals"].items():
        assert low <= result["shapley"][factor] + 1e-9 and result["shapley"][factor] <= high + 1e-9


def test_a_utility_metric_uses_the_party_value():
    result = attribute("ceasefire-teaching", factors=["failed-offensive"], n_draws=10,
                       metric="utility:north").to_dict()
    assert result["metric"] == "utility:north" and 0 <= result["v_none"] <= 1


def test_bad_factors_and_metrics_are_refused():
    with pytest.raises(UnknownIdError, match="truce-violation"):
        attribute("ceasefire-teaching", factors=["bucha"], n_draws=2)
    with pytest.raises(UnknownIdError, match="utility:north"):
        attribute("ceasefire-teaching", factors=["failed-offensive"], n_draws=2,
                  metric="utility:nobody")
    with pytest.raises(LimitError, match="at most 12 factors"):
        attribute("ceasefire-teaching", factors=[f"f{i}" for i in range(13)], n_draws=2)
