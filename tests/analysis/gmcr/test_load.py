"""Loading conflicts: golden bad files with located errors, scenarios, shipped ids."""

from pathlib import Path

import pytest

from accord.analysis.gmcr import load_conflict
from accord.errors import ScenarioError

TESTDATA = Path(__file__).parents[1] / "testdata" / "gmcr"
BAD = sorted(p for p in (TESTDATA / "bad").iterdir() if p.suffix != ".errors")


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_conflict_gives_exactly_the_expected_error_lines(path, monkeypatch):
    monkeypatch.chdir(path.parent)
    expected = path.with_suffix(".errors").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ScenarioError) as caught:
        load_conflict(path.name)
    assert str(caught.value).splitlines() == expected
    assert all(problem.line > 0 for problem in caught.value.problems)


def test_conflict_section_of_a_scenario_file(tmp_path):
    scenario = (Path(__file__).parents[2] / "scenario" / "testdata" / "good-base.yaml").read_text()
    conflict = """
conflict:
  decision_makers: [{id: A, options: [concede]}, {id: B, options: [insist]}]
  options: [{id: concede}, {id: insist}]
  preferences:
    A: {prioritization: [-concede, insist]}
    B: {prioritization: [concede, -insist]}
"""
    path = tmp_path / "with-conflict.yaml"
    path.write_text(scenario + conflict)
    loaded = load_conflict(path)
    assert loaded.conflict.option_ids == ("concede", "insist")
    path.write_text(scenario)
    with pytest.raises(ScenarioError, match="has no 'conflict' section"):
        load_conflict(path)


def test_missing_file_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_conflict(tmp_path / "nope.yaml")


def test_shipped_conflict_loads_by_id():
    loaded = load_conflict("istanbul-2022-conflict")
    assert loaded.id == "istanbul-2022-conflict"
    assert {"russia", "ukraine"} <= set(loaded.conflict.decision_maker_ids)
