"""analyze and run list a scenario's historical texts with their scores."""

import json

import yaml
from typer.testing import CliRunner

from accord.cli import app
from accord.scenario.load import shipped_folder

runner = CliRunner()


def case_with_texts(tmp_path) -> str:
    data = yaml.safe_load((shipped_folder() / "ceasefire-teaching.yaml").read_text())
    data["texts"] = [
        {
            "id": "envoy-draft",
            "name": "Envoy draft",
            "date": "2022-05-02",
            "options": {"line": "midpoint", "monitoring": ["observers", "force"]},
        },
        {
            "id": "north-paper",
            "name": "North paper",
            "date": "2022-05-10",
            "options": {"line": "current"},
        },
    ]
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def test_analyze_json_scores_each_text_on_the_date(tmp_path):
    result = runner.invoke(
        app, ["analyze", case_with_texts(tmp_path), "--at", "2022-05-20", "--json"]
    )
    assert result.exit_code == 0, result.output
    texts = json.loads(result.stdout)["texts"]
    assert [t["id"] for t in texts] == ["envoy-draft", "north-paper"]
    # Two brackets of the envoy's draft are settled (line, monitoring x2); disarmament
    # (3 options) and prisoners (2) are left out: 2 × 3 × 2 alternatives.
    assert texts[0]["n_alternatives"] == 12
    assert texts[0]["best"]["outcome"]["line"] == "midpoint"
    best = texts[0]["best"]
    assert best["standing"] == min(best["margins"].values())


def test_run_shows_the_texts_on_its_last_day(tmp_path):
    path = case_with_texts(tmp_path)
    document = json.loads(runner.invoke(app, ["run", path, "--json"]).stdout)
    assert [t["id"] for t in document["texts"]] == ["envoy-draft", "north-paper"]
    shown = runner.invoke(app, ["run", path]).stdout
    assert f"Historical texts on {document['outcome']['date']}" in shown
    assert "north-paper (North paper)" in shown


def test_run_names_the_variant_that_cannot_follow_the_ones_before_it():
    # patron-teaching's no-briefing removes the press briefing that harsh-briefing changes.
    clash = runner.invoke(
        app, ["run", "patron-teaching", "--variant", "no-briefing", "--variant", "harsh-briefing"]
    )
    assert clash.exit_code == 2
    assert "variant 'harsh-briefing' cannot be applied after 'no-briefing'" in clash.output
    assert "no such path 'events.press-briefing'" in clash.output
    assert "Traceback" not in clash.output
    twice = runner.invoke(app, ["run", "patron-teaching", "-v", "no-briefing", "-v", "no-briefing"])
    assert twice.exit_code == 2 and "variant 'no-briefing' is given twice" in twice.output


def test_run_replays_the_draws_a_sweep_can_have_only():
    import accord
    from accord.errors import LimitError
    from accord.experiments.limits import MAX_DRAWS

    last = runner.invoke(app, ["run", "ceasefire-teaching", "--draw", str(MAX_DRAWS - 1)])
    assert last.exit_code == 0, last.output
    beyond = runner.invoke(app, ["run", "ceasefire-teaching", "--draw", str(MAX_DRAWS)])
    assert beyond.exit_code == 2 and "--draw" in beyond.output
    try:
        accord.simulate("ceasefire-teaching", draw=10**12)
    except LimitError as error:
        assert "a sweep has at most 1,000,000 draws" in str(error)
    else:
        raise AssertionError("a draw no sweep has was replayed")


def test_ignore_discount_without_genius_profiles_is_refused():
    refused = runner.invoke(app, ["run", "ceasefire-teaching", "--ignore-discount"])
    assert refused.exit_code == 2
    said = " ".join(refused.output.replace("│", " ").split())
    assert "--ignore-discount: it reads Genius profiles (.xml) given with --profile" in said


def test_an_empty_scenario_name_lists_the_shipped_ones():
    refused = runner.invoke(app, ["run", ""])
    assert refused.exit_code == 2
    assert "unknown scenario (neither a file nor a shipped scenario id) ''" in refused.output
    assert "istanbul-2022" in refused.output and "is a folder" not in refused.output
