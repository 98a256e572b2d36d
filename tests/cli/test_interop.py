import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli import app

TESTDATA = Path(__file__).parents[1] / "interop" / "testdata"
GENIUS = [str(TESTDATA / "genius" / n) for n in ("fruit-domain.xml", "buyer.xml", "seller.xml")]
runner = CliRunner()


def test_import_genius_writes_a_scenario_that_runs(tmp_path):
    target = tmp_path / "case.yaml"
    result = runner.invoke(app, ["import", "genius", *GENIUS, "-o", str(target), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["parties"] == ["buyer", "seller"] and document["n_outcomes"] == 9
    run = runner.invoke(app, ["run", str(target), "--json"])
    assert run.exit_code == 0 and json.loads(run.stdout)["outcome"]["status"]


def test_run_and_analyze_read_a_genius_domain_with_profiles():
    options = [GENIUS[0], "--profile", GENIUS[1], "--profile", GENIUS[2], "--json"]
    analysis = runner.invoke(app, ["analyze", *options])
    assert analysis.exit_code == 0, analysis.output
    run = runner.invoke(app, ["run", *options])
    assert run.exit_code == 0
    assert json.loads(run.stdout)["seed"] == 0


def test_a_bad_profile_exits_2_with_a_located_error():
    bad = str(TESTDATA / "genius" / "bad" / "unknown-issue.xml")
    result = runner.invoke(app, ["run", GENIUS[0], "-p", bad, "-p", GENIUS[2]])
    assert result.exit_code == 2
    assert "unknown-issue.xml:8:5: <issue>: unknown issue 'Boxes'" in result.stderr


def test_export_warns_on_stderr_about_what_is_left_out(tmp_path):
    result = runner.invoke(app, ["export", "geniusweb", "istanbul-2022", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning: geniusweb cannot express everything" in result.stderr
    assert "red line" in result.stderr
    assert (tmp_path / "accord-export-notes.txt").exists()


def test_export_gmcr_writes_a_file_accord_gmcr_reads(tmp_path):
    result = runner.invoke(app, ["export", "gmcr", "istanbul-2022-conflict", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "istanbul-2022-conflict.gmcr"
    analysis = runner.invoke(app, ["gmcr", str(path), "--json"])
    shipped = runner.invoke(app, ["gmcr", "istanbul-2022-conflict", "--json"])
    assert analysis.exit_code == 0
    assert len(json.loads(analysis.stdout)["states"]) == len(json.loads(shipped.stdout)["states"])
