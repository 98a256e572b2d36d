"""`accord report` and `accord figures`: what they refuse to write, and failed writes."""

import os
import resource
import stat
import subprocess
import sys

from typer.testing import CliRunner

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
