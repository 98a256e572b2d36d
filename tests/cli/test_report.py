"""`accord report` and `accord figures`: what they refuse to write, failed writes, and a
stored sweep (id prefixes, the attribution run once)."""

import json
import os
import resource
import stat
import subprocess
import sys

import duckdb
from typer.testing import CliRunner

import accord.experiments.attribution as attribution
from accord.cli import app

runner = CliRunner()
ACCORD = [sys.executable, "-c", "from accord.cli import main; main()"]
SMALL = "nash-1950-bill-jack"


def test_report_refuses_a_named_pipe_or_a_link_at_the_output_and_keeps_them(tmp_path):
    pipe = tmp_path / "out-pipe.html"
    os.mkfifo(pipe)
    real = tmp_path / "real.html"
    real.write_text("keep me")
    link = tmp_path / "link.html"
    link.symlink_to(real.name)
    for path, kind in ((pipe, "is a named pipe"), (link, "is a symbolic link")):
        result = runner.invoke(app, ["report", SMALL, "-o", str(path)])
        assert result.exit_code == 2, result.output
        assert (
            result.stderr.strip() == f"error: {path}: {kind}, expected a regular file or a new name"
        )
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and link.is_symlink()
    assert real.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "out-pipe.html", "real.html"]


def test_figures_refuse_a_link_in_the_folder_before_writing_any_figure(tmp_path):
    folder = tmp_path / "figures"
    folder.mkdir()
    (tmp_path / "elsewhere.png").write_text("keep me")
    (folder / "offers.png").symlink_to(tmp_path / "elsewhere.png")
    result = runner.invoke(app, ["figures", SMALL, "-o", str(folder)])
    assert result.exit_code == 2, result.output
    assert "offers.png: is a symbolic link" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["offers.png"]
    assert (tmp_path / "elsewhere.png").read_text() == "keep me"


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_file_size_limit_is_one_error_exit_2_and_leaves_no_file(tmp_path):
    # The report inlines plotly (megabytes), a PNG figure is far beyond 64 KiB: both fail.
    for command in (["report", SMALL, "-o", "r.html"], ["figures", SMALL, "-o", "figures"]):
        process = subprocess.run(
            [*ACCORD, *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            preexec_fn=_limit_file_size,
            timeout=120,
        )
        assert process.returncode == 2, process.stderr
        errors = process.stderr.strip().splitlines()
        assert len(errors) == 1 and "Traceback" not in process.stderr
        assert "could not be written" in errors[0] and "File too large" in errors[0]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["figures"]


CASE = "ceasefire-teaching"


def stored_sweep(store) -> str:
    result = runner.invoke(
        app,
        [
            "sweep",
            CASE,
            "-n",
            "6",
            "-v",
            "no-violation",
            "-v",
            "brave-guardian",
            "--seed",
            "2",
            "--workers",
            "1",
            "--store",
            str(store),
            "--json",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["sweep_id"]


def counting_runs(monkeypatch) -> list[int]:
    """Count the runs an attribution does, by wrapping the function that yields them."""
    done: list[int] = []
    iterate = attribution.iterate_runs

    def counted(*arguments, **options):
        for rows in iterate(*arguments, **options):
            done.append(len(rows.draws))
            yield rows

    monkeypatch.setattr(attribution, "iterate_runs", counted)
    return done


def test_the_second_report_reuses_the_stored_attribution(tmp_path, monkeypatch):
    store = tmp_path / "r.duckdb"
    sweep_id = stored_sweep(store)
    runs = counting_runs(monkeypatch)
    common = [
        "report",
        CASE,
        "--sweep",
        sweep_id[:6],
        "--store",
        str(store),
        "--workers",
        "1",
        "-q",
    ]
    first = runner.invoke(app, [*common, "-o", str(tmp_path / "first.html")])
    assert first.exit_code == 0, first.output
    # The sweep ran the baseline and each variant alone: one combination of 6 draws is left.
    assert (
        "attribution over no-violation, brave-guardian: 4 combinations × 6 draws, 3 of them "
        "run by the sweep already: 6 runs"
    ) in first.stderr.replace("\n", " ")
    assert sum(runs) == 6
    with duckdb.connect(str(store), read_only=True) as connection:
        stored = connection.execute("SELECT factors, n_draws, seed, metric FROM attributions")
        assert stored.fetchall() == [('["no-violation", "brave-guardian"]', 6, 2, "p_agreement")]

    second = runner.invoke(app, [*common, "-o", str(tmp_path / "second.html")])
    assert second.exit_code == 0, second.output
    assert sum(runs) == 6  # nothing ran again
    assert (
        f"attribution over no-violation, brave-guardian read from {store}"
        in second.stderr.replace("\n", "")
    )
    first_html = (tmp_path / "first.html").read_text(encoding="utf-8")
    assert (tmp_path / "second.html").read_text(encoding="utf-8") == first_html

    figures = runner.invoke(
        app,
        [
            "figures",
            CASE,
            "--sweep",
            sweep_id[:5],
            "--store",
            str(store),
            "--format",
            "svg",
            "-o",
            str(tmp_path / "f"),
        ],
    )
    assert figures.exit_code == 0, figures.output
    assert sum(runs) == 6 and (tmp_path / "f" / "attribution.svg").exists()


def test_an_attribution_stored_by_attribute_serves_the_report(tmp_path, monkeypatch):
    store = tmp_path / "r.duckdb"
    sweep_id = stored_sweep(store)
    attributed = runner.invoke(
        app,
        [
            "attribute",
            CASE,
            "--factors",
            "no-violation,brave-guardian",
            "-n",
            "6",
            "--seed",
            "2",
            "--workers",
            "1",
            "--store",
            str(store),
        ],
    )
    assert attributed.exit_code == 0, attributed.output
    runs = counting_runs(monkeypatch)
    report = runner.invoke(
        app,
        [
            "report",
            CASE,
            "--sweep",
            sweep_id,
            "--store",
            str(store),
            "-o",
            str(tmp_path / "r.html"),
        ],
    )
    assert report.exit_code == 0, report.output
    assert runs == [] and "read from" in report.stderr
    other_size = runner.invoke(
        app,
        [
            "report",
            CASE,
            "--sweep",
            sweep_id,
            "--store",
            str(store),
            "--attribution-draws",
            "3",
            "--workers",
            "1",
            "-o",
            str(tmp_path / "r3.html"),
        ],
    )
    assert other_size.exit_code == 0, other_size.output
    assert sum(runs) == 3
    assert "4 combinations × 3 draws, 3 of them run by the sweep already: 3 runs" in (
        other_size.stderr.replace("\n", " ")
    )


def test_an_ambiguous_or_short_sweep_prefix_is_a_clear_error(tmp_path):
    store = tmp_path / "r.duckdb"
    sweep_id = stored_sweep(store)
    with duckdb.connect(str(store)) as connection:
        connection.execute(
            "INSERT INTO sweeps (sweep_id, scenario, seed, n_draws, variants, "
            "parameters) VALUES (?, ?, 0, 1, '[]', '{}')",
            [sweep_id[:4] + "f" * 12, CASE],
        )
    for command in ("report", "figures"):
        output = tmp_path / ("r.html" if command == "report" else "f")
        ambiguous = runner.invoke(
            app, [command, CASE, "--sweep", sweep_id[:4], "--store", str(store), "-o", str(output)]
        )
        assert ambiguous.exit_code == 2
        assert f"ambiguous sweep id prefix '{sweep_id[:4]}'" in ambiguous.stderr
        assert sweep_id in ambiguous.stderr.replace("\n", "")
        short = runner.invoke(
            app, [command, CASE, "--sweep", sweep_id[:3], "--store", str(store), "-o", str(output)]
        )
        assert short.exit_code == 2 and "at least 4 characters" in short.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_sweep_of_another_version_of_the_file_is_not_reported(tmp_path):
    from accord.scenario.load import shipped_folder

    store = tmp_path / "results.duckdb"
    sweep_id = stored_sweep(store)
    # The same id, North's value of no agreement changed: the sweep says nothing of it.
    text = (shipped_folder() / f"{CASE}.yaml").read_text()
    assert text.count("reservation_value: 0.4\n") == 1
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace("reservation_value: 0.4\n", "reservation_value: 0.9\n"))
    output = tmp_path / "report.html"
    common = ["--sweep", sweep_id, "--store", str(store), "-o", str(output)]
    refused = runner.invoke(app, ["report", str(changed), *common])
    assert refused.exit_code == 2
    assert f"sweep {sweep_id} was made from another version of scenario '{CASE}'" in refused.output
    assert not output.exists()
    # The file it was made from, and the same data from a copy of it, are reported.
    copy = tmp_path / "copy.yaml"
    copy.write_text(text)
    for source in (CASE, str(copy)):
        reported = runner.invoke(app, ["report", source, *common, "--attribution-draws", "0"])
        assert reported.exit_code == 0, reported.output


def test_figures_that_fail_leave_no_folder_behind(tmp_path):
    output = tmp_path / "figures" / "sub"
    failed = runner.invoke(
        app, ["figures", CASE, "-o", str(output), "--sweep", "0000ffff", "--store", str(tmp_path)]
    )
    assert failed.exit_code == 2
    assert not (tmp_path / "figures").exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    under_a_file = runner.invoke(app, ["figures", CASE, "-o", str(blocked / "sub")])
    assert under_a_file.exit_code == 2
    assert f"{blocked} is a file, not a folder" in " ".join(under_a_file.output.split())
