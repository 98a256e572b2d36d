import json

import numpy as np
import pytest

from accord import analyze
from accord.errors import ScenarioError
from accord.interop import imported_scenario
from accord.interop.geniusweb import read_geniusweb

from .conftest import TESTDATA

BAD = TESTDATA / "geniusweb" / "bad"
SELLER = TESTDATA / "geniusweb" / "seller.json"


def test_discrete_utilities_are_taken_as_they_are(geniusweb_files):
    case = read_geniusweb(geniusweb_files)
    assert case.profiles[0].values[0] == (0.5, 1.0, 0.25)
    assert case.profiles[1].values[0] == (1.0, 0.3, 0.9)


def test_number_utilities_interpolate_between_low_and_high(geniusweb_files):
    case = read_geniusweb(geniusweb_files)
    assert case.issues[1].values == ("1", "2", "3")
    assert case.profiles[0].values[1] == (0.2, 0.6, 1.0)  # 0.2 + 0.8 (x - 1) / 2
    assert case.profiles[1].values[1] == (1.0, 0.5, 0.0)


def test_reservation_value_is_the_utility_of_the_reservation_bid(geniusweb_files):
    case = read_geniusweb(geniusweb_files)
    # buyer's bid (apple, 1): 0.6 * 0.5 + 0.4 * 0.2
    assert case.profiles[0].reservation_value == pytest.approx(0.38, abs=1e-15)
    assert case.profiles[1].reservation_value == 0.0  # no bid


def test_imported_utilities_match_a_hand_calculation(geniusweb_files):
    scenario = imported_scenario("geniusweb", geniusweb_files)
    utilities = analyze(scenario).situation.utilities
    # (banana, 2) is code 1 * 3 + 1
    np.testing.assert_allclose(
        utilities[4], [0.6 * 1.0 + 0.4 * 0.6, 0.25 * 0.3 + 0.75 * 0.5], rtol=0, atol=1e-15
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "utility-above-one.json",
            "utility-above-one.json:13:78: LinearAdditiveUtilitySpace.issueUtilities.fruit."
            "discreteutils.valueUtilities.banana:",
        ),
        (
            "unknown-issue.json",
            "unknown-issue.json:11:21: LinearAdditiveUtilitySpace.issueWeights: unknown issue(s) "
            "boxes",
        ),
        (
            "sum-of-groups.json",
            "sum-of-groups.json:1:29: SumOfGroupsUtilitySpace: a 'SumOfGroupsUtilitySpace' profile",
        ),
    ],
)
def test_bad_profiles_get_a_located_error(name, expected):
    with pytest.raises(ScenarioError) as caught:
        read_geniusweb([BAD / name, SELLER])
    assert expected in str(caught.value)


def test_profiles_over_different_domains_are_refused(tmp_path, geniusweb_files):
    other = json.loads(SELLER.read_text())
    other["LinearAdditiveUtilitySpace"]["domain"]["name"] = "another market"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(other, indent=1))
    with pytest.raises(ScenarioError, match=r"the domain differs from the one of buyer\.json"):
        read_geniusweb([geniusweb_files[0], path])


def test_a_domain_file_may_come_first_and_must_match(tmp_path, geniusweb_files):
    domain = json.loads(SELLER.read_text())["LinearAdditiveUtilitySpace"]["domain"]
    path = tmp_path / "domain.json"
    path.write_text(json.dumps(domain))
    case = read_geniusweb([path, *geniusweb_files])
    assert [p.name for p in case.profiles] == ["buyer", "seller"]
    domain["issuesValues"]["fruit"]["values"].append("kiwi")
    path.write_text(json.dumps(domain))
    with pytest.raises(ScenarioError, match=r"the domain differs from the one of domain\.json"):
        read_geniusweb([path, *geniusweb_files])
