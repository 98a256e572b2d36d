import numpy as np
import pytest

from accord import analyze, load_scenario
from accord.interop import NOTES_FILE, export_scenario, import_scenario, imported_scenario
from accord.scenario.load import scenario_data


def utilities(scenario):
    return analyze(scenario).situation.utilities


def test_genius_round_trip_is_lossless(tmp_path, genius_files):
    first = import_scenario("genius", genius_files, tmp_path / "case.yaml")
    assert load_scenario(tmp_path / "case.yaml") == first
    export_scenario(first, "genius", tmp_path / "out")
    out = tmp_path / "out"
    again = imported_scenario(
        "genius", [out / f"{first.id}-domain.xml", out / "buyer.xml", out / "seller.xml"]
    )
    assert scenario_data(again)["preferences"] == scenario_data(first)["preferences"]
    assert again.issues == first.issues
    np.testing.assert_array_equal(utilities(again), utilities(first))


def test_geniusweb_round_trip_is_lossless(tmp_path, geniusweb_files):
    first = imported_scenario("geniusweb", geniusweb_files)
    export_scenario(first, "geniusweb", tmp_path)
    again = imported_scenario("geniusweb", [tmp_path / "buyer.json", tmp_path / "seller.json"])
    assert scenario_data(again)["preferences"] == scenario_data(first)["preferences"]
    assert (tmp_path / f"{first.id}-domain.json").exists()


def test_genius_to_geniusweb_and_back_keeps_utilities(tmp_path, genius_files):
    first = imported_scenario("genius", genius_files)
    result = export_scenario(first, "geniusweb", tmp_path)
    again = imported_scenario("geniusweb", [tmp_path / "buyer.json", tmp_path / "seller.json"])
    np.testing.assert_array_equal(utilities(again), utilities(first))
    # GeniusWeb holds a reservation bid, not a value: no outcome is worth exactly 0.25
    # to the buyer (its utilities are 0.6 a + 0.4 c), so the closest one is exported
    # (0.3: apple, 1 crate) and the loss is noted; the seller's 0.5 has no bid either.
    assert [again.preferences[p].reservation_value for p in again.party_ids] == [
        0.3,
        0.25 / 3 + 0.75 * 0.5,
    ]
    assert sum("no bid is worth exactly" in note for note in result.notes) == 2


def test_export_lists_what_the_format_cannot_express(tmp_path):
    result = export_scenario(load_scenario("istanbul-2022"), "genius", tmp_path)
    notes = (tmp_path / NOTES_FILE).read_text()
    assert any("red line" in note for note in result.notes)
    for what in ("red line", "interaction", "events", "beliefs", "guarantors"):
        assert what in notes
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in result.files)


def test_geniusweb_export_notes_a_scaled_issue_for_genius(tmp_path, geniusweb_files):
    scenario = imported_scenario("geniusweb", geniusweb_files)
    result = export_scenario(scenario, "genius", tmp_path)
    # the seller's fruit values top out at 1.0, the buyer's at 1.0: nothing scaled
    assert not any("top out" in note for note in result.notes)


def test_import_writes_nothing_on_bad_input(tmp_path, genius_files):
    from accord.errors import ScenarioError

    with pytest.raises(ScenarioError):
        import_scenario("genius", genius_files[:2], tmp_path / "case.yaml")
    assert not (tmp_path / "case.yaml").exists()
