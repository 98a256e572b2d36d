"""The compiled model's texts: made once per file, shared by files whose texts agree."""

import copy
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import yaml

from accord.scenario import validate_data
from accord.situation import compile_model, mean_draws
from accord.situation import model as model_module

REFERENCE = Path(__file__).parents[2] / "scenarios" / "istanbul-2022.yaml"
TEXTS = ("codes", "digits", "is_feasible", "cells", "named")


def reference() -> dict:
    """The reference case's data, without its readings and variants."""
    data = yaml.safe_load(REFERENCE.read_text())
    data.pop("readings", None)
    data.pop("variants", None)
    return data


def compiled(data: dict) -> model_module.Model:
    """`data` validated and compiled at its means."""
    scenario = validate_data(data)
    return compile_model(scenario, mean_draws(scenario))


def test_files_that_differ_in_their_numbers_only_share_their_texts():
    """Another credibility and another reservation value change the draws' numbers, not
    which texts there are, their cells or the guarantors they name: one set of arrays."""
    data = reference()
    other = copy.deepcopy(data)
    guarantee = other["commitment"]["guarantees"]["guarantee_mechanism"]
    guarantee["individual_binding_3day"]["credibility"] = 0.9
    other["preferences"]["russia"]["reservation_value"] = 0.05
    first, second = compiled(data), compiled(other)
    assert all(getattr(first, name) is getattr(second, name) for name in TEXTS)
    assert not np.array_equal(first.loss_scale, second.loss_scale)


def _forbid(data: dict) -> None:
    data["constraints"].append({"forbid": {"neutrality": ["nato_path_open"]}})


def _no_partial(data: dict) -> None:
    data["protocol"]["partial"] = False


def _no_deferring(data: dict) -> None:
    for issue in data["issues"]:
        for option in issue["options"]:
            option.pop("defers", None)


def _guarantors_named(data: dict) -> None:
    guarantee = data["commitment"]["guarantees"]["guarantor_list"]["p5_only"]
    guarantee["guarantors"] = guarantee["guarantors"][:2]


def _another_guarantor(data: dict) -> None:
    party = next(p for p in data["parties"] if p["id"] == "abramovich")
    party["role"] = "guarantor"
    data["guarantors"]["abramovich"] = {"threshold": 0.5}


def _vulnerable_issue(data: dict) -> None:
    data["commitment"]["vulnerability"]["russia"]["eu_membership"] = {"eu_barred": 0.1}


@pytest.mark.parametrize(
    ("before", "change"),
    [
        ([], _forbid),
        ([], _no_partial),
        ([_no_partial], _no_deferring),
        ([], _guarantors_named),
        ([], _another_guarantor),
        ([], _vulnerable_issue),
    ],
)
def test_a_file_whose_texts_differ_gets_texts_of_its_own(
    before: list[Callable[[dict], None]], change: Callable[[dict], None]
):
    """A constraint, the rules of partial agreements, the options that defer (where
    partial agreements are not allowed), the guarantors an option names, the guarantors
    there are and the issues of the commitment's grid each change the texts: compiled
    after a file without the change, the changed file has the texts it would have
    compiled alone."""
    data = reference()
    for prepare in before:
        prepare(data)
    first = compiled(data)
    changed = copy.deepcopy(data)
    change(changed)
    second = compiled(changed)
    alone = model_module._made_texts(validate_data(changed), "feasible")
    for name in TEXTS:
        assert np.array_equal(getattr(second, name), getattr(alone, name)), name
    assert any(
        getattr(first, name).shape != getattr(second, name).shape
        or not np.array_equal(getattr(first, name), getattr(second, name))
        for name in TEXTS
    )
