"""Historical texts in a scenario: options, brackets and issues left open."""

import datetime as dt

import pytest

from accord.errors import ScenarioError
from accord.scenario import validate_data


def scenario(texts) -> dict:
    return {
        "accord": 1,
        "id": "t",
        "title": "T",
        "sources": [{"id": "memo", "title": "A memo"}],
        "parties": [
            {"id": "A", "name": "A", "role": "party"},
            {"id": "B", "name": "B", "role": "party"},
        ],
        "issues": [
            {"id": "price", "name": "Price", "options": ["low", "mid", "high"]},
            {"id": "delivery", "name": "Delivery", "options": ["slow", "fast"]},
        ],
        "preferences": {
            party: {
                "weights": {"price": 1, "delivery": 1},
                "values": {
                    "price": {"low": 0, "mid": 0.5, "high": 1},
                    "delivery": {"slow": 1, "fast": 0},
                },
                "reservation_value": 0.2,
            }
            for party in ("A", "B")
        },
        "texts": texts,
    }


def test_a_text_reads_its_options_with_brackets_as_alternatives():
    loaded = validate_data(
        scenario(
            [
                {
                    "id": "draft",
                    "name": "Draft",
                    "date": "2022-03-17",
                    "options": {"price": ["low", "mid"], "delivery": "fast"},
                    "sources": ["memo"],
                }
            ]
        )
    )
    (text,) = loaded.texts
    assert text.date == dt.date(2022, 3, 17)
    assert dict(text.options) == {"price": ("low", "mid"), "delivery": ("fast",)}


def test_a_scenario_without_texts_has_none():
    data = scenario([])
    del data["texts"]
    assert validate_data(data).texts == ()


def test_every_bad_option_and_issue_of_a_text_is_located():
    with pytest.raises(ScenarioError) as caught:
        validate_data(
            scenario(
                [
                    {
                        "id": "draft",
                        "name": "Draft",
                        "date": "2022-03-17",
                        "options": {"price": ["low", "cheap"], "colour": "red"},
                    }
                ]
            )
        )
    assert [p.location for p in caught.value.problems] == [
        "texts[0].options.price[1]",
        "texts[0].options.colour",
    ]
