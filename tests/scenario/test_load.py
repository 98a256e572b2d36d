"""Loading scenarios: the golden corpus of bad files, variants, shipped ids."""

from pathlib import Path

import pytest

from accord.errors import ScenarioError, UnknownIdError
from accord.scenario import load_scenario, shipped_scenarios

TESTDATA = Path(__file__).parent / "testdata"
BAD = sorted((TESTDATA / "bad").glob("*.yaml"))


def test_corpus_has_at_least_25_bad_scenarios():
    assert len(BAD) >= 25


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_scenario_gives_exactly_the_expected_error_lines(path, monkeypatch):
    monkeypatch.chdir(path.parent)
    expected = path.with_suffix(".errors").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path.name)
    assert str(caught.value).splitlines() == expected


def test_errors_carry_location_fields(monkeypatch):
    monkeypatch.chdir(TESTDATA / "bad")
    with pytest.raises(ScenarioError) as caught:
        load_scenario("15-value-out-of-range.yaml")
    error = caught.value
    assert (error.path, error.location, error.line, error.column) == (
        "15-value-out-of-range.yaml",
        "preferences.A.values.price.high",
        13,
        48,
    )


def test_every_error_in_a_file_is_reported_at_once(tmp_path):
    text = (TESTDATA / "good-base.yaml").read_text()
    text = text.replace("role: party}", "role: partner}", 1).replace("high: 1.0", "high: 2.0")
    path = tmp_path / "two.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [p.location for p in caught.value.problems] == [
        "parties[0].role",
        "preferences.A.values.price.high",
    ]


def test_variant_sets_a_value_and_original_is_untouched(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text(
        (TESTDATA / "good-base.yaml").read_text()
        + """
variants:
  cheap: [{set: preferences.A.reservation_value, value: 0.1}]
  no-b-interest:
    description: B stops caring about delivery
    patches:
      - {set: preferences.B.weights.delivery, value: 0}
      - {remove: preferences.B.values.delivery}
"""
    )
    base = load_scenario(path)
    both = load_scenario(path, variants=["cheap", "no-b-interest"])
    assert base.preferences["A"].reservation_value == 0.3
    assert both.preferences["A"].reservation_value == 0.1
    assert "delivery" not in both.preferences["B"].values


def test_unknown_variant_lists_known_ones(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text(
        (TESTDATA / "good-base.yaml").read_text()
        + """
variants:
  cheap: [{set: preferences.A.reservation_value, value: 0.1}]
"""
    )
    with pytest.raises(UnknownIdError, match="unknown variant 'dear'; known: cheap"):
        load_scenario(path, variants=["dear"])


def test_unknown_scenario_id_lists_shipped_ids():
    with pytest.raises(UnknownIdError, match="nash-1950-bill-jack"):
        load_scenario("no-such-case")


def test_missing_file_is_a_scenario_error():
    with pytest.raises(ScenarioError, match=r"missing\.yaml: no such file"):
        load_scenario("missing.yaml")


def test_oversized_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (9 * 1024 * 1024))
    with pytest.raises(ScenarioError, match="larger than 8 MiB"):
        load_scenario(path)


def test_yes_and_no_stay_option_names(tmp_path):
    text = (
        (TESTDATA / "good-base.yaml")
        .read_text()
        .replace("options: [slow, fast]", "options: [no, yes]")
        .replace("delivery: {slow: 1, fast: 0}", "delivery: {no: 1, yes: 0}")
        .replace("delivery: {slow: 0, fast: 1}", "delivery: {no: 0, yes: 1}")
    )
    path = tmp_path / "yn.yaml"
    path.write_text(text)
    assert load_scenario(path).issue("delivery").option_ids == ("no", "yes")


def test_shipped_scenarios_all_load():
    shipped = shipped_scenarios()
    assert {"nash-1950-bill-jack", "casino-campsite"} <= {s.id for s in shipped}
    for entry in shipped:
        assert load_scenario(entry.id).id == entry.id


def test_json_files_load_like_yaml(tmp_path):
    import json

    import yaml

    data = yaml.safe_load((TESTDATA / "good-base.yaml").read_text())
    path = tmp_path / "s.json"
    text = json.dumps(data, indent=1).replace('"high": 1.0', '"high": 3.0')
    path.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"high": 3.0' in row)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problem = caught.value.problems[0]
    assert (problem.location, problem.line) == ("preferences.A.values.price.high", line)
