import os
from pathlib import Path

import numpy as np
import pytest

from accord import analyze
from accord.errors import ScenarioError
from accord.interop import imported_scenario
from accord.interop.genius import find_domains, read_genius

from .conftest import TESTDATA

BAD = TESTDATA / "genius" / "bad"
DOMAIN = TESTDATA / "genius" / "fruit-domain.xml"
BUYER = TESTDATA / "genius" / "buyer.xml"
SELLER = TESTDATA / "genius" / "seller.xml"


def utility_table(files):
    scenario = imported_scenario("genius", files)
    return scenario, analyze(scenario).situation.utilities


def test_discrete_evaluations_are_divided_by_the_issue_maximum(genius_files):
    case = read_genius(genius_files[0], genius_files[1:])
    buyer, seller = case.profiles
    # buyer: apple 2, banana 4, red cherry 1 -> / 4
    assert buyer.values[0] == (0.5, 1.0, 0.25)
    # seller: apple 3, banana 1, red cherry 3 -> / 3
    assert seller.values[0] == (1.0, 1 / 3, 1.0)


def test_integer_evaluator_is_offset_plus_slope_times_distance_from_lowerbound(genius_files):
    case = read_genius(genius_files[0], genius_files[1:])
    buyer, seller = case.profiles
    assert case.issues[1].values == ("1", "2", "3")
    assert buyer.values[1] == (0.0, 0.5, 1.0)  # 0 + 0.5 (x - 1)
    assert seller.values[1] == (1.0, 0.75, 0.5)  # 1 - 0.25 (x - 1)


def test_weights_follow_weight_index_not_element_order(genius_files):
    case = read_genius(genius_files[0], genius_files[1:])
    assert case.profiles[0].weights == (0.6, 0.4)
    assert case.profiles[1].weights == (0.25, 0.75)  # seller lists Crates first
    assert [p.reservation_value for p in case.profiles] == [0.25, 0.5]


def test_imported_utilities_match_a_hand_calculation(genius_files):
    scenario, utilities = utility_table(genius_files)
    assert scenario.party_ids == ("buyer", "seller")
    # outcomes in mixed-radix order: (fruit, crates), crates fastest
    expected = {
        ("apple", 1): (0.6 * 0.5 + 0.4 * 0.0, 0.25 * 1.0 + 0.75 * 1.0),
        ("banana", 3): (0.6 * 1.0 + 0.4 * 1.0, 0.25 / 3 + 0.75 * 0.5),
        ("red cherry", 2): (0.6 * 0.25 + 0.4 * 0.5, 0.25 * 1.0 + 0.75 * 0.75),
    }
    fruits = ["apple", "banana", "red cherry"]
    for (fruit, crates), (u_buyer, u_seller) in expected.items():
        code = fruits.index(fruit) * 3 + (crates - 1)
        np.testing.assert_allclose(utilities[code], [u_buyer, u_seller], rtol=0, atol=1e-15)


def test_option_names_keep_the_genius_values_and_ids_are_valid(genius_files):
    scenario = imported_scenario("genius", genius_files)
    fruit = scenario.issues[0]
    assert fruit.id == "Fruit" and fruit.name == "Fruit"
    assert [o.id for o in fruit.options] == ["apple", "banana", "red-cherry"]
    assert fruit.options[2].name == "red cherry"


def test_discount_below_one_is_refused_unless_ignored():
    with pytest.raises(ScenarioError) as caught:
        read_genius(DOMAIN, [TESTDATA / "genius" / "discounted-buyer.xml", SELLER])
    assert "discounted-buyer.xml" in str(caught.value)
    assert "discount factor 0.5" in str(caught.value)
    case = read_genius(
        DOMAIN, [TESTDATA / "genius" / "discounted-buyer.xml", SELLER], ignore_discount=True
    )
    assert case.profiles[0].values == read_genius(DOMAIN, [BUYER, SELLER]).profiles[0].values


@pytest.mark.parametrize(
    ("domain", "profile", "expected"),
    [
        (DOMAIN, BAD / "malformed.xml", "malformed.xml:4:5: not well-formed XML: mismatched tag"),
        (
            DOMAIN,
            BAD / "unknown-issue.xml",
            "unknown-issue.xml:8:5: <issue>: unknown issue 'Boxes'",
        ),
        (
            DOMAIN,
            BAD / "weights-not-summing.xml",
            "weights-not-summing.xml:2:3: <objective>: the weights sum to 1.2; expected 1",
        ),
        (
            BAD / "real-issue-domain.xml",
            BUYER,
            "real-issue-domain.xml:9:7: <issue>: a real-valued issue is not supported",
        ),
        (DOMAIN, BAD / "nonlinear.xml", "nonlinear.xml:9:5: <utility>: a non-linear utility"),
        (DOMAIN, BAD / "uncertain.xml", "uncertain.xml:1:1: <utility_space>: a profile with "),
        (DOMAIN, BAD / "entity-bomb.xml", "entity-bomb.xml:2:16: a document type declaration"),
    ],
)
def test_bad_files_get_one_located_error(domain, profile, expected):
    with pytest.raises(ScenarioError) as caught:
        read_genius(domain, [profile, SELLER])
    assert expected in str(caught.value)
    assert len(caught.value.problems) == 1


def test_a_profile_missing_an_issue_is_refused(tmp_path):
    text = SELLER.read_text().replace('<weight index="2" value="0.75"/>', "")
    profile = tmp_path / "half.xml"
    profile.write_text(text)
    with pytest.raises(ScenarioError, match="no <weight> for issue"):
        read_genius(DOMAIN, [BUYER, profile])


CORPUS = os.environ.get("ACCORD_GENIUS_CORPUS")


@pytest.mark.skipif(not CORPUS, reason="set ACCORD_GENIUS_CORPUS to a folder of Genius domains")
def test_every_corpus_domain_imports_or_gets_a_located_error():
    found = find_domains(Path(str(CORPUS)))
    assert found
    for domain, profiles in found:
        try:
            read_genius(domain, profiles, ignore_discount=True)
        except ScenarioError as error:
            assert error.line > 0 or error.location, str(error)


def test_find_domains_tells_domains_from_profiles(tmp_path, genius_files):
    folder = tmp_path / "market"
    folder.mkdir()
    for path in genius_files:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.xml").write_text("<utility_space>")
    assert find_domains(tmp_path) == [
        (
            folder / "fruit-domain.xml",
            [folder / "broken.xml", folder / "buyer.xml", folder / "seller.xml"],
        )
    ]
