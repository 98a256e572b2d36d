"""The long commands under a real terminal (a pseudo-terminal), and their piped progress."""

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accord.cli import _common

ACCORD = [sys.executable, "-c", "from accord.cli import main; main()"]


def run_in_terminal(arguments: list[str], cwd: Path, timeout: float = 120) -> tuple[int, str]:
    """Run `accord ARGUMENTS` with stdout and stderr on a pseudo-terminal; return code, output."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [*ACCORD, *arguments], stdin=follower, stdout=follower, stderr=follower, cwd=cwd, env=env
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process has ended
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(leader)
    code = process.wait(timeout=10)
    return code, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_long_commands_draw_their_progress_in_a_terminal_without_crashing(tmp_path):
    store = str(tmp_path / "r.duckdb")
    code, output = run_in_terminal(
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
            store,
        ],
        tmp_path,
    )
    assert code == 0, output
    assert "Traceback" not in output and "12/12" in output
    sweep_id = output.split("sweep ")[1].split()[0]
    commands = [
        [
            "attribute",
            "ceasefire-teaching",
            "--factors",
            "truce-violation,brave-guardian",
            "-n",
            "4",
            "--workers",
            "1",
        ],
        [
            "report",
            "ceasefire-teaching",
            "--sweep",
            sweep_id,
            "--store",
            store,
            "--attribution-draws",
            "4",
            "--workers",
            "1",
            "-o",
            str(tmp_path / "r.html"),
        ],
        [
            "figures",
            "ceasefire-teaching",
            "--sweep",
            sweep_id,
            "--store",
            store,
            "--attribution-draws",
            "4",
            "--workers",
            "1",
            "-o",
            str(tmp_path / "figures"),
        ],
    ]
    for arguments in commands:
        code, output = run_in_terminal(arguments, tmp_path)
        assert code == 0, (arguments, output)
        assert "Traceback" not in output


def test_piped_progress_prints_a_line_per_interval_and_a_last_line(monkeypatch, capsys):
    now = [0.0]
    monkeypatch.setattr(_common.time, "monotonic", lambda: now[0])
    with _common.progress_bar("runs", quiet=False) as update:
        for moment, done in [(4, 10), (11, 120), (12, 130), (25, 390), (26, 400)]:
            now[0] = moment
            update(done, 400)
    lines = capsys.readouterr().err.splitlines()
    # A line at 11 s and at 25 s (10 s apart at least), then where it finished.
    assert lines == [
        "runs: 120/400 (30%), 11 s",
        "runs: 390/400 (98%), 25 s",
        "runs: 400/400 (100%), 26 s",
    ]


def test_short_piped_runs_print_no_progress(capsys):
    with _common.progress_bar("runs", quiet=False) as update:
        update(1, 2)
        update(2, 2)
    assert capsys.readouterr().err == ""


def test_quiet_progress_prints_nothing(capsys):
    with _common.progress_bar("runs", quiet=True) as update:
        update(1, 2)
    assert capsys.readouterr().err == ""


def test_error_lines_are_printed_without_markup_or_emoji_codes(tmp_path):
    from typer.testing import CliRunner

    from accord.cli import app

    # An error on line 100, column 1 would read "file:100:1"; rich's emoji codes made
    # ":100:" a symbol. Brackets in a message are not markup either.
    text = "accord: 1\n" + "#\n" * 98 + '"[bold]x": 1\n'
    (tmp_path / "e.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "e.yaml")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'e.yaml'}:100:1: [bold]x: unknown key '[bold]x'" in result.stderr


def test_results_and_notices_print_emoji_codes_as_written():
    # A scenario's names and texts may hold ":100:" or ":smile:"; rich would draw symbols.
    for console in (_common.stdout_console(), _common.stderr_console()):
        with console.capture() as captured:
            console.print("score :100: and :smile:")
        assert captured.get().strip() == "score :100: and :smile:"


def test_escape_sequences_and_line_separators_from_a_file_stay_inert(tmp_path):
    from typer.testing import CliRunner

    from accord.cli import app

    text = 'accord: 1\n"a\\u2028b": 1\n"c\\e[2J\\e]0;t\\a": 2\n'
    (tmp_path / "e.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "e.yaml")])
    lines = [line for line in result.stderr.split("\n") if line]
    assert "\x1b" not in result.stderr and "\u2028" not in result.stderr
    assert all(line.startswith("error: ") for line in lines)
    assert any("a\\u2028b: unknown key 'a\\u2028b'" in line for line in lines)
    assert any("c\\x1b[2J\\x1b]0;t\\x07: unknown key" in line for line in lines)
