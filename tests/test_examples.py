"""The scripts in examples/ run as a user runs them, on small sizes."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.mark.slow
def test_istanbul_what_if_runs_the_whole_workflow_and_writes_the_report(tmp_path):
    output = tmp_path / "what-if.html"
    result = subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "istanbul_what_if.py"),
            "--draws",
            "1",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("<Scenario istanbul-2022: ")
    assert "<BargainingAnalysis istanbul-2022 on 2022-03-29: 52,488 outcomes" in result.stdout
    # The reference run: the Bucha revelations close the zone of possible agreement.
    assert re.search(r"breakdown on 2022-05-17 \((zopa-closed:[\w-]+|never-open)\)", result.stdout)
    assert re.search(r"<SweepResult \w+ of istanbul-2022 \(n_draws=1, seed=0\): ", result.stdout)
    assert "Shapley no-bucha" in result.stdout
    assert lines[-1] == f"report written to {output}"
    html = output.read_text(encoding="utf-8")
    assert "credible-guarantees" in html and 'id="figure-attribution"' in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["what-if.html"]
