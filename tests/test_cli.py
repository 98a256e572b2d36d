"""The command line: exit codes, one JSON document on stdout, errors on stderr."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.scenario import shipped_scenarios
from accord.scenario.load import shipped_folder

runner = CliRunner()
TESTDATA = Path(__file__).parent / "scenario" / "testdata"
GMCR_DATA = Path(__file__).parent / "analysis" / "testdata" / "gmcr"


def test_analyze_json_is_one_document_with_the_documented_keys():
    result = runner.invoke(app, ["analyze", "nash-1950-bill-jack", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {
        "schema_version",
        "scenario",
        "n_outcomes",
        "n_feasible",
        "parties",
        "reservation_values",
        "pareto",
        "zopa",
        "solutions",
    } <= set(document)
    assert set(document["solutions"]) == {"nash", "kalai_smorodinsky", "utilitarian", "egalitarian"}
    assert document["n_outcomes"] == 512


def test_analyze_human_output_names_the_solutions():
    result = runner.invoke(app, ["analyze", "casino-campsite"])
    assert result.exit_code == 0
    assert "Kalai–Smorodinsky" in result.stdout and "ZOPA" in result.stdout


def test_bad_scenario_exits_2_with_located_errors_on_stderr():
    path = TESTDATA / "bad" / "15-value-out-of-range.yaml"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "15-value-out-of-range.yaml:13:48: preferences.A.values.price.high" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_scenario_with_json_prints_the_error_document():
    path = TESTDATA / "bad" / "15-value-out-of-range.yaml"
    result = runner.invoke(app, ["analyze", str(path), "--json"])
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["problems"][0] == {
        "location": "preferences.A.values.price.high",
        "line": 13,
        "column": 48,
        "message": "expected a number in [0, 1], got 1.4",
    }


def test_unknown_variant_exits_2():
    result = runner.invoke(app, ["analyze", "casino-campsite", "--variant", "nope"])
    assert result.exit_code == 2
    assert "unknown variant 'nope'" in result.stderr


def test_bad_date_is_a_usage_error():
    result = runner.invoke(app, ["analyze", "casino-campsite", "--at", "29 March"])
    assert result.exit_code == 2


def test_schema_is_json_schema_of_the_format():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "accord scenario"
    assert {"accord", "id", "title", "parties", "issues", "preferences"} <= set(schema["required"])


def test_validate_reports_a_valid_file():
    result = runner.invoke(app, ["validate", str(TESTDATA / "good-base.yaml"), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["valid"] is True


def test_run_json_has_the_documented_keys_and_is_byte_identical():
    first = runner.invoke(app, ["run", "ceasefire-teaching", "--seed", "3", "--json"])
    second = runner.invoke(app, ["run", "ceasefire-teaching", "--seed", "3", "--json"])
    assert first.exit_code == 0 and first.stdout == second.stdout
    document = json.loads(first.stdout)
    assert {
        "schema_version",
        "scenario",
        "seed",
        "outcome",
        "rounds",
        "events",
        "beliefs",
        "zopa",
    } <= set(document)
    assert {"status", "date", "round", "step", "text", "utilities", "reason"} <= set(
        document["outcome"]
    )
    step = document["rounds"][0]["steps"][0]
    assert {"step", "proposer", "proposal", "replies"} <= set(step)


def test_run_human_output_tells_the_story():
    result = runner.invoke(app, ["run", "ceasefire-teaching"])
    assert result.exit_code == 0
    for text in (
        "First session",
        "truce-violation",
        "belief of south about north",
        "Zone of possible agreement",
        "AGREEMENT",
    ):
        assert text in result.stdout


def test_analyze_at_a_date_applies_the_events_up_to_it():
    before = runner.invoke(app, ["analyze", "ceasefire-teaching", "--at", "2022-05-09", "--json"])
    after = runner.invoke(app, ["analyze", "ceasefire-teaching", "--at", "2022-05-10", "--json"])
    assert json.loads(before.stdout)["date"] == "2022-05-09"
    beliefs = {(b["holder"], b["about"]): b["value"] for b in json.loads(after.stdout)["beliefs"]}
    assert beliefs[("south", "north")] == 0.5


def test_sweep_attribute_and_results_commands(tmp_path):
    store = tmp_path / "r.duckdb"
    swept = runner.invoke(
        app,
        [
            "sweep",
            "ceasefire-teaching",
            "-n",
            "12",
            "--variant",
            "no-violation",
            "--workers",
            "1",
            "--store",
            str(store),
            "--json",
        ],
    )
    assert swept.exit_code == 0, swept.output
    document = json.loads(swept.stdout)
    assert document["variants"]["no-violation"]["difference"] is not None
    assert f"results store: {store}" in swept.stderr
    listed = json.loads(runner.invoke(app, ["results", "--store", str(store), "--json"]).stdout)
    assert [s["sweep_id"] for s in listed["sweeps"]] == [document["sweep_id"]]
    shown = json.loads(
        runner.invoke(
            app, ["results", document["sweep_id"], "--store", str(store), "--json"]
        ).stdout
    )
    assert shown["variants"] == document["variants"]
    attributed = runner.invoke(
        app,
        [
            "attribute",
            "ceasefire-teaching",
            "--factors",
            "truce-violation,brave-guardian",
            "-n",
            "8",
            "--workers",
            "1",
            "--json",
        ],
    )
    assert attributed.exit_code == 0
    assert {"schema_version", "metric", "v_all", "v_none", "shapley"} <= set(
        json.loads(attributed.stdout)
    )


def test_results_of_a_missing_or_foreign_store_exit_2(tmp_path):
    missing = runner.invoke(app, ["results", "--store", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no results store here" in missing.stderr
    foreign = tmp_path / "foreign.duckdb"
    foreign.write_text("not a database")
    result = runner.invoke(app, ["results", "--store", str(foreign)])
    assert result.exit_code == 2 and "not an accord results store" in result.stderr
    assert foreign.read_text() == "not a database"


def test_report_writes_one_html_file_and_announces_it(tmp_path):
    output = tmp_path / "report.html"
    result = runner.invoke(
        app, ["report", "ceasefire-teaching", "-v", "no-violation", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"report written to {output}" in result.stderr
    html = output.read_text(encoding="utf-8")
    assert "variants applied: no-violation" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_report_and_figures_with_a_stored_sweep(tmp_path):
    store = tmp_path / "r.duckdb"
    swept = runner.invoke(
        app,
        [
            "sweep",
            "ceasefire-teaching",
            "-n",
            "6",
            "-v",
            "no-violation",
            "--workers",
            "1",
            "--store",
            str(store),
            "--json",
        ],
    )
    sweep_id = json.loads(swept.stdout)["sweep_id"]
    common = [
        "--sweep",
        sweep_id,
        "--store",
        str(store),
        "--attribution-draws",
        "4",
        "--workers",
        "1",
    ]
    report = runner.invoke(
        app, ["report", "ceasefire-teaching", *common, "-o", str(tmp_path / "r.html")]
    )
    assert report.exit_code == 0, report.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"Sweep <code>{sweep_id}</code>" in html and 'id="figure-attribution"' in html
    figures = runner.invoke(
        app,
        [
            "figures",
            "ceasefire-teaching",
            *common,
            "--format",
            "svg",
            "-o",
            str(tmp_path / "figures"),
            "--json",
        ],
    )
    assert figures.exit_code == 0, figures.output
    written = json.loads(figures.stdout)["figures"]
    assert written["zopa"] == str(tmp_path / "figures" / "zopa.svg")
    names = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert names == sorted(
        f"{n}.svg"
        for n in (
            "timeline",
            "beliefs",
            "reservations",
            "zopa",
            "offers",
            "zopa_draws",
            "agreement",
            "differences",
            "attribution",
        )
    )
    for name in names:
        assert f"figure written to {tmp_path / 'figures' / name}" in figures.stderr


def test_report_errors_exit_2_with_one_line_and_write_nothing(tmp_path):
    store = tmp_path / "r.duckdb"
    runner.invoke(
        app, ["sweep", "ceasefire-teaching", "-n", "2", "--workers", "1", "--store", str(store)]
    )
    output = tmp_path / "report.html"
    cases = [
        (["--sweep", "nope", "--store", str(store)], "unknown sweep"),
        (["--sweep", "nope", "--store", str(tmp_path / "none.duckdb")], "no results store"),
        (["-v", "nope"], "unknown variant 'nope'"),
    ]
    for options, message in cases:
        result = runner.invoke(app, ["report", "ceasefire-teaching", *options, "-o", str(output)])
        assert result.exit_code == 2, result.output
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    missing_folder = runner.invoke(
        app, ["report", "ceasefire-teaching", "-o", str(tmp_path / "no" / "r.html")]
    )
    assert missing_folder.exit_code == 2 and "does not exist" in missing_folder.stderr
    occupied = tmp_path / "occupied"
    occupied.write_text("")
    not_a_folder = runner.invoke(app, ["figures", "ceasefire-teaching", "-o", str(occupied)])
    assert not_a_folder.exit_code == 2 and "is a file" in not_a_folder.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["occupied", "r.duckdb"]


def test_run_draw_replays_the_row_a_sweep_stored(tmp_path):
    store = tmp_path / "r.duckdb"
    swept = runner.invoke(
        app,
        [
            "sweep",
            "ceasefire-teaching",
            "-n",
            "5",
            "--seed",
            "4",
            "--workers",
            "1",
            "--store",
            str(store),
            "--json",
        ],
    )
    assert swept.exit_code == 0, swept.output
    import duckdb

    with duckdb.connect(str(store), read_only=True) as connection:
        rows = connection.execute(
            "select draw, status, cause, date, step from runs order by draw"
        ).fetchall()
    for draw, status, cause, date, step in rows:
        replayed = runner.invoke(
            app, ["run", "ceasefire-teaching", "--seed", "4", "--draw", str(draw), "--json"]
        )
        assert replayed.exit_code == 0, replayed.output
        outcome = json.loads(replayed.stdout)["outcome"]
        assert json.loads(replayed.stdout)["draw"] == draw
        assert (outcome["status"], outcome["cause"], outcome["step"]) == (status, cause, step)
        assert outcome["date"] == (date.isoformat() if date else None)


def test_run_refuses_a_negative_draw():
    result = runner.invoke(app, ["run", "ceasefire-teaching", "--draw", "-1"])
    assert result.exit_code == 2


# Conventions of the command: version, python -m, completion, help, start-up imports.

HEAVY = (
    "numpy",
    "pydantic",
    "yaml",
    "duckdb",
    "plotly",
    "matplotlib",
    "pandas",
    "scipy",
    "dask",
    "jinja2",
)
COMMANDS = (
    "run",
    "analyze",
    "sweep",
    "attribute",
    "results",
    "gmcr",
    "validate",
    "scenarios",
    "schema",
    "report",
    "figures",
)


def test_version_flags_print_the_version():
    import accord

    for flag in ("--version", "-V"):
        result = runner.invoke(app, [flag])
        assert result.exit_code == 0 and result.stdout == f"accord {accord.__version__}\n"


def test_python_dash_m_accord_is_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "accord", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage: accord [OPTIONS] COMMAND" in result.stdout
    for command in COMMANDS:
        assert f"│ {command} " in result.stdout


def test_shell_completion_completes_commands_and_options():
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout
    script = runner.invoke(app, ["--show-completion", "bash"])
    assert script.exit_code == 0 and "_ACCORD_COMPLETE=complete_bash" in script.stdout
    for words, expected in (("accord sw", "sweep"), ("accord sweep x --n-d", "--n-draws")):
        environment = {
            "_ACCORD_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        completed = runner.invoke(app, [], env=environment, prog_name="accord")
        assert completed.exit_code == 0 and completed.stdout.split() == [expected]


def test_help_shows_plain_metavars_never_python_types():
    python_type = re.compile(r"<[a-z][a-z_ \[\]|,]*>")
    for command in (None, *COMMANDS):
        result = runner.invoke(app, [command, "--help"] if command else ["--help"])
        assert result.exit_code == 0
        assert not python_type.search(result.stdout), (command, result.stdout)
    sweep_help = runner.invoke(app, ["sweep", "--help"]).stdout
    for metavar in ("SCENARIO", "-n      N", "VARIANT", "SEED", "FILE", "local|dask"):
        assert metavar in sweep_help


def test_default_store_of_the_commands_is_the_store_default():
    from accord.cli.experiments import DEFAULT_STORE, MIN_PREFIX
    from accord.experiments import store

    assert DEFAULT_STORE == store.DEFAULT_STORE
    assert MIN_PREFIX == store.MIN_PREFIX
    assert f"[default: {DEFAULT_STORE}]" in runner.invoke(app, ["results", "--help"]).stdout


def _modules_after(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nsys.stderr.write(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    return {name.split(".")[0] for name in json.loads(result.stderr.splitlines()[-1])}


def test_the_command_starts_without_importing_heavy_libraries():
    helped = _modules_after(
        "from accord.cli import main\nsys.argv = ['accord', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert {"accord", "typer", "rich"} <= helped
    assert helped & set(HEAVY) == set()


# Every shipped id works with every command that accepts its kind.

SHIPPED = shipped_scenarios(include_conflicts=True)
COMMANDS_OF_KIND = {
    "scenario": (["validate"], ["analyze"], ["run", "--seed", "1"]),
    "conflict": (["validate"], ["gmcr"]),
}


def test_scenarios_lists_scenarios_and_conflicts_with_their_kind():
    document = json.loads(runner.invoke(app, ["scenarios", "--json"]).stdout)
    kinds = {s["id"]: s["kind"] for s in document["scenarios"]}
    assert set(kinds) == {path.stem for path in shipped_folder().glob("*.yaml")}
    assert kinds["istanbul-2022"] == "scenario"
    assert kinds["istanbul-2022-conflict"] == "conflict"
    assert list(kinds) == sorted(kinds)
    table = runner.invoke(app, ["scenarios"]).stdout
    assert "istanbul-2022-conflict" in table and "conflict" in table.replace(
        "istanbul-2022-conflict", ""
    )


@pytest.mark.parametrize(
    ("shipped_id", "command"),
    [(s.id, c) for s in SHIPPED for c in COMMANDS_OF_KIND[s.kind]],
    ids=lambda value: value if isinstance(value, str) else value[0],
)
def test_every_shipped_id_works_with_every_command_of_its_kind(shipped_id, command):
    result = runner.invoke(app, [command[0], shipped_id, *command[1:], "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    named = document.get("scenario") or document.get("conflict") or document.get("id")
    assert named == shipped_id


def test_validate_checks_a_conflict_file_and_its_graph_model():
    shipped = json.loads(
        runner.invoke(app, ["validate", "istanbul-2022-conflict", "--json"]).stdout
    )
    # Seven binary options give 2**7 = 128 vectors; the file's infeasible patterns leave 80.
    assert shipped["kind"] == "conflict" and shipped["n_options"] == 7
    assert shipped["n_states"] == 80
    gmcrpy = runner.invoke(app, ["validate", str(GMCR_DATA / "elmira.gmcr")])
    assert gmcrpy.exit_code == 0 and "conflict 'elmira'" in gmcrpy.stdout
    assert "3 decision makers" in gmcrpy.stdout


def test_validate_reports_every_problem_of_a_bad_conflict_file():
    bad = GMCR_DATA / "bad" / "02-unknown-ids.yaml"
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2 and result.stdout == ""
    expected = bad.with_suffix(".errors").read_text(encoding="utf-8").splitlines()
    assert [line.removeprefix("error: ") for line in result.stderr.splitlines()] == [
        f"{bad.parent}/{line}" for line in expected
    ]


def test_a_conflict_given_where_a_scenario_is_expected_says_so():
    result = runner.invoke(app, ["analyze", "istanbul-2022-conflict"])
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1
    assert "istanbul-2022-conflict.yaml:1:1: expected a negotiation scenario, got a conflict" in (
        result.stderr
    )


def test_the_command_asks_blas_for_one_thread_unless_the_user_chose(monkeypatch):
    from accord import cli

    for variable in cli.BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    cli._one_blas_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "1"
    assert os.environ["OMP_NUM_THREADS"] == "3"
