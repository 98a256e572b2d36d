"""Loading scenarios: the golden corpus of bad files, variants, shipped ids."""

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.errors import ScenarioError, UnknownIdError
from accord.scenario import load_scenario, shipped_scenarios, validate_data
from accord.scenario._yaml import LocatedDocument
from accord.scenario.load import _Patched, _validate, scenario_data
from accord.scenario.schema import Remove, Set
from accord.scenario.variants import PatchError, apply_patches

TESTDATA = Path(__file__).parent / "testdata"
BAD = sorted(p for p in (TESTDATA / "bad").iterdir() if p.suffix in (".yaml", ".json"))


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


def base_text() -> str:
    return (TESTDATA / "good-base.yaml").read_text(encoding="utf-8")


def problems_of(path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [f"{p.location}: {p.message}" for p in caught.value.problems]


def test_corpus_has_files_with_several_kinds_of_problem_at_once():
    combined = [p for p in BAD if len(p.with_suffix(".errors").read_text().splitlines()) >= 5]
    assert len(combined) >= 2


def test_a_bad_number_no_longer_hides_an_unknown_option_beside_it(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        base_text()
        .replace("high: 1.0}", "hihg: 1.0}")
        .replace("reservation_value: 0.3\n  B:", "reservation_value: 7\n  B:")
    )
    assert problems_of(path) == [
        "preferences.A.values.price: missing value for option(s) high of issue 'price'",
        "preferences.A.values.price.hihg: unknown option 'hihg' for issue 'price'; "
        "known options: low, mid, high",
        "preferences.A.reservation_value: expected a number in [0, 1], got 7.0",
    ]


def test_red_lines_covering_every_text_are_a_valid_scenario(tmp_path):
    # No agreement is possible, which is a legitimate case for the analyst to see.
    path = tmp_path / "s.yaml"
    path.write_text(
        base_text().replace(
            "reservation_value: 0.3\n  B:",
            "red_lines: [{price: [low, mid, high]}]\n    reservation_value: 0.3\n  B:",
        )
    )
    assert load_scenario(path).preferences["A"].red_lines == ({"price": ("low", "mid", "high")},)


def test_lift_after_an_add_on_a_later_day_is_valid(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        base_text()
        + """events:
  - {id: add, date: 2022-03-01, kind: red_line, party: B, action: add, pattern: {price: high}}
  - {id: lift, date: 2022-03-02, kind: red_line, party: B, action: lift, pattern: {price: high}}
"""
    )
    assert [event.id for event in load_scenario(path).events] == ["add", "lift"]


def test_variant_that_removes_the_added_red_line_breaks_the_lift(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        base_text()
        + """events:
  - {id: add, date: 2022-03-01, kind: red_line, party: B, action: add, pattern: {price: high}}
  - {id: lift, date: 2022-03-02, kind: red_line, party: B, action: lift, pattern: {price: high}}
variants:
  no-add: [{remove: events.add}]
"""
    )
    [problem] = problems_of(path)
    assert problem.startswith("variants.no-add: after applying this variant, events[0].pattern:")


def test_values_nowhere_near_the_limits_load(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        base_text().replace("{price: 2, delivery: 1}", "{price: 1e9, delivery: 1.5e3}")
        + "rounds:\n"
        + "".join(f"  - {{id: r{i}, date: 2022-03-0{i}, n_steps: 25000}}\n" for i in range(1, 5))
    )
    scenario = load_scenario(path)
    assert scenario.preferences["A"].weights == {"price": 1e9, "delivery": 1500.0}
    assert sum(r.n_steps for r in scenario.rounds) == 100_000


def test_json_with_an_escaped_surrogate_pair_loads(tmp_path):
    import json

    import yaml

    data = yaml.safe_load(base_text())
    data["title"] = "Peace talks \U0001f54a"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="ascii")
    assert "\\ud83d\\udd4a" in path.read_text()
    assert load_scenario(path).title == "Peace talks \U0001f54a"


def test_json_with_raw_c1_controls_and_line_separators_loads(tmp_path):
    import json

    import yaml

    data = yaml.safe_load(base_text())
    data["title"] = "Talks\x85 with\x7f controls\u2028and\x90 more"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_scenario(path).title == "Talks\x85 with\x7f controls\u2028and\x90 more"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    import os
    import threading

    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def load() -> None:
        try:
            load_scenario(fifo)
        except ScenarioError as error:
            outcome.append(str(error))

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert outcome == [
        f"{fifo}: is not a regular file (a pipe, device or socket); expected a YAML or JSON file"
    ]


def test_a_folder_is_refused_with_one_error_and_exit_code_2(tmp_path):
    folder = tmp_path / "case.yaml"
    folder.mkdir()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert str(caught.value) == f"{folder}: is a folder, expected a YAML or JSON file"
    from typer.testing import CliRunner

    from accord.cli import app

    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {folder}: is a folder, expected a YAML or JSON file"


def test_a_file_name_too_long_for_the_system_is_a_scenario_error():
    with pytest.raises(ScenarioError, match=r"\.\.\.: cannot be read: File name too long$"):
        load_scenario("x" * 5000 + ".yaml")


def test_validate_data_reports_unpaired_surrogates_instead_of_crashing():
    import yaml

    from accord.scenario import validate_data

    data = yaml.safe_load(base_text())
    data["title"] = "Bad \ud800 case"
    with pytest.raises(ScenarioError) as caught:
        validate_data(data)
    assert [p.location for p in caught.value.problems] == ["title"]


def test_a_document_linked_to_an_unknown_document_is_located():
    data = yaml.safe_load((TESTDATA / "good-base.yaml").read_text())
    data["documents"] = [
        {"id": "treaty", "name": "Treaty", "issues": ["price"], "linked_to": ["annex"]},
        {"id": "letter", "name": "Letter", "issues": ["shipping"]},
    ]
    with pytest.raises(ScenarioError) as caught:
        validate_data(data)
    assert [(p.location, p.message) for p in caught.value.problems] == [
        (
            "documents[0].linked_to[0]",
            "unknown document 'annex'; known document ids: treaty, letter",
        ),
        ("documents[1].issues[0]", "unknown issue 'shipping'; known issue ids: price, delivery"),
    ]


# A variant is checked by the sections its patches changed (where the parties, issues and
# sources stand): the same problems as validating the whole patched file, at random.
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


def said(change) -> list[str]:
    """The problems of the good base file after `change(data)`, as `location: message`."""
    data = yaml.safe_load((TESTDATA / "good-base.yaml").read_text())
    change(data)
    with pytest.raises(ScenarioError) as caught:
        validate_data(data)
    return [f"{p.location}: {p.message}" for p in caught.value.problems]


def test_shape_errors_are_said_in_the_files_terms():
    # (The option lost is also reported where the preferences value it.)
    assert said(lambda d: d["issues"][0]["options"].__setitem__(0, 2))[0] == (
        "issues[0].options[0]: expected a mapping of keys, got a number"
    )
    assert said(
        lambda d: d.__setitem__("calendar", {"start": "2022-01-01T10:00", "end": "2022-02-01"})
    ) == ["calendar.start: expected a date YYYY-MM-DD, got '2022-01-01T10:00'"]
    assert said(lambda d: d["issues"][0].__setitem__("options", []))[0] == (
        "issues[0].options: expected at least 1 item, got []"
    )


def test_a_variant_does_not_repeat_a_problem_of_the_file_it_moved(tmp_path):
    from accord.scenario.load import shipped_folder

    # no-violation removes the first event: the second one's bad date moves to index 0.
    text = (shipped_folder() / "ceasefire-teaching.yaml").read_text()
    assert text.count("date: 2022-05-20") == 1
    path = tmp_path / "case.yaml"
    path.write_text(text.replace("date: 2022-05-20", "date: yesterday"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [problem] = caught.value.problems
    assert problem.location == "events[1].date"


def test_numbers_and_flags_are_not_taken_from_text_or_the_other_kind():
    assert said(lambda d: d.__setitem__("accord", True)) == [
        "accord: expected the format version 1, got true"
    ]
    assert said(lambda d: d.__setitem__("protocol", {"kind": "single_text", "n_steps": True})) == [
        "protocol.n_steps: expected a valid integer, got true"
    ]
    assert said(
        lambda d: d.__setitem__("protocol", {"kind": "single_text", "walkout_after": "3"})
    ) == ["protocol.walkout_after: expected a valid integer, got '3'"]
