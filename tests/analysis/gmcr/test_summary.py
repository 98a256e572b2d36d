"""The analysis document and the `accord gmcr` command (JSON, tables, errors)."""

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.analysis.gmcr import analyze_conflict, load_conflict
from accord.cli import app

TESTDATA = Path(__file__).parents[1] / "testdata" / "gmcr"
runner = CliRunner()


def test_document_has_the_documented_keys():
    document = analyze_conflict(load_conflict(TESTDATA / "elmira.yaml")).to_dict()
    assert {
        "schema_version",
        "decision_makers",
        "options",
        "states",
        "stability",
        "equilibria",
    } <= set(document)
    assert (
        set(document["stability"]) == set(document["equilibria"]) == {"nash", "gmr", "smr", "seq"}
    )
    assert document["states"][0] == {"id": "1", "vector": "", "ranks": {"MoE": 6, "U": 1, "L": 4}}
    assert document["equilibria"]["nash"] == ["5", "8", "9"]
    assert document["stability"]["seq"]["L"] == ["2", "3", "5", "6", "7", "8", "9"]
    assert document["status_quo"]["state"] == "1"
    reached = document["status_quo"]["equilibria_by_improvements"]["nash"]
    assert reached == [{"state": "5", "path": [{"decision_maker": "L", "from": "1", "to": "5"}]}]


def test_cli_json_in_option_form_gives_vectors():
    result = runner.invoke(app, ["gmcr", str(TESTDATA / "elmira.gmcr"), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [o["id"] for o in document["options"]] == [
        "Modify",
        "Delay",
        "Accept",
        "Abandon",
        "Insist",
    ]
    assert document["states"][6]["vector"] == "NYNNY"
    assert document["equilibria"]["nash"] == ["5", "6", "7", "10", "11", "12"]


def test_cli_tables_name_the_concepts_and_states():
    result = runner.invoke(app, ["gmcr", str(TESTDATA / "elmira.gmcr"), "--status-quo", "NYNNN"])
    assert result.exit_code == 0, result.output
    for text in ("Stability", "GMR", "SEQ", "Equilibria", "Modify", "From the status quo"):
        assert text in result.stdout


def test_cli_bad_file_exits_2_with_located_errors():
    path = TESTDATA / "bad" / "04-graph-form.yaml"
    result = runner.invoke(app, ["gmcr", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "04-graph-form.yaml:8:24: conflict.moves.A[1][1]: unknown state 's3'" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_unknown_status_quo_lists_known_states():
    result = runner.invoke(app, ["gmcr", str(TESTDATA / "elmira.yaml"), "--status-quo", "42"])
    assert result.exit_code == 2
    assert "unknown state '42'; known: 1, 2, 3" in result.stderr


def test_cli_shipped_istanbul_conflict_json():
    result = runner.invoke(app, ["gmcr", "istanbul-2022-conflict", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["equilibria"]["gmr"]


def test_istanbul_conflict_nash_equilibrium_is_war_with_talks_suspended():
    # A regression pin on the shipped model's assumptions (docs/scenarios/
    # istanbul-2022-conflict.md): the only Nash equilibrium keeps the offensive and the
    # Western arms flowing with the talks suspended; the Istanbul package (guarantees
    # given and accepted, neutrality, no recognition) is stable for no concept because
    # the guarantors prefer not to give guarantees.
    analysis = analyze_conflict(load_conflict("istanbul-2022-conflict"))
    vectors = {s["id"]: s["vector"] for s in analysis.to_dict()["states"]}
    assert [vectors[s] for s in analysis.table.equilibrium_states("nash")] == ["YNNNYNY"]
    istanbul = analysis.model.state_index("NYYNNYY")
    assert not any(analysis.table.equilibria(c)[istanbul] for c in analysis.table.stable)
