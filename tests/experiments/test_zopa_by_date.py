"""P(ZOPA open) by date across draws, against shares worked out by hand."""

import copy
import datetime as dt
from pathlib import Path

import yaml

from accord.experiments.statistics import wilson_interval
from accord.experiments.zopa_by_date import zopa_probability
from accord.scenario import validate_data

BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)


def case():
    # A's best texts: high price, slow delivery. With B's walk-away at 0.9 no text is worth
    # 0.9 to B and 0.3 to A at once (B's 0.9 needs low price and fast delivery, worth 0 to
    # A); at 0.1 mid-slow (A 2/3, B 1/4) is in the ZOPA. From 1 Mar A walks away at 0.95,
    # which no text but high-slow reaches, and high-slow is worth 0 to B: closed for all.
    data = copy.deepcopy(BASE)
    data["calendar"] = {"start": "2022-01-01", "end": "2022-06-30"}
    data["preferences"]["B"]["reservation_value"] = {
        "choice": {"weak": 0.1, "strong": 0.9},
        "probabilities": {"weak": 0.3, "strong": 0.7},
    }
    data["events"] = [
        {
            "id": "a-stronger",
            "date": "2022-03-01",
            "kind": "reservation_shift",
            "party": "A",
            "delta": 0.65,
        }
    ]
    return validate_data(data)


def test_the_share_of_open_draws_follows_the_readings_and_closes_after_the_event():
    result = zopa_probability(case(), n_draws=400, seed=5)
    assert result.dates == (dt.date(2022, 1, 1), dt.date(2022, 3, 1))
    opened, after = result.n_open.tolist()
    low, high = wilson_interval(opened, 400)
    assert low < 0.3 < high
    assert after == 0
    document = result.to_dict()
    assert document["points"][0]["p_open"] == opened / 400
    assert (document["points"][0]["low"], document["points"][0]["high"]) == (
        round(low, 6),
        round(high, 6),
    )


def test_the_same_seed_gives_the_same_counts():
    first = zopa_probability(case(), n_draws=50, seed=9).to_dict()
    assert first == zopa_probability(case(), n_draws=50, seed=9).to_dict()
