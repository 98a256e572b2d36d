"""A variant is checked by the sections its patches changed: the same problems as a whole check.

Loading a scenario checks each variant and each reading's alternative on the patched
file. Where the patches leave the parties, issues and sources alone, the sections they
did not touch are passed on already validated; these tests patch the shipped scenarios
at random and compare that check with validating the whole patched file.
"""

import random
from collections.abc import Iterator
from typing import Any

import pytest

from accord import load_scenario
from accord.scenario._yaml import LocatedDocument
from accord.scenario.load import _Patched, _validate, scenario_data
from accord.scenario.schema import Remove, Set
from accord.scenario.variants import PatchError, apply_patches

ODD_VALUES: list[Any] = [0.5, -1.0, 2, 1.5, "x", "", None, True, [], {}, ["a"], {"id": "new"}]


def paths(node: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every place in the data (mapping keys, list items by index) and its value."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        path = (*prefix, str(key))
        yield path, value
        if isinstance(value, dict | list):
            yield from paths(value, path)


def random_patches(rng: random.Random, places: list[tuple[tuple[str, ...], Any]]) -> list:
    """One to three patches: removals, odd values, or another place's value."""
    patches: list[Set | Remove] = []
    for _ in range(rng.randint(1, 3)):
        path = ".".join(rng.choice(places)[0])
        if rng.random() < 0.25:
            patches.append(Remove(remove=path))
        else:
            value = rng.choice(ODD_VALUES) if rng.random() < 0.5 else rng.choice(places)[1]
            patches.append(Set(set=path, value=value))
    return patches


@pytest.mark.parametrize("case", ["istanbul-2022", "dayton-1995", "patron-teaching"])
def test_a_patched_file_has_the_problems_of_validating_it_whole(case):
    scenario = load_scenario(case)
    data = scenario_data(scenario)
    check = _Patched.of(scenario, data)
    places = list(paths(data))
    rng = random.Random(case)
    compared = with_problems = 0
    for _ in range(120):
        try:
            patched = apply_patches(data, random_patches(rng, places))
        except PatchError:
            continue
        whole = _validate(patched, LocatedDocument("", patched))[1]
        assert check.problems(patched) == whole
        compared += 1
        with_problems += bool(whole)
    assert compared >= 100 and 20 <= with_problems < compared
