"""Terminal output never hides an answer: full ids and texts at any width, no line too long."""

import io
import re

import pytest
from rich.console import Console

from accord import load_scenario, simulate
from accord.analysis.summary import analyze
from accord.report.text import (
    render_analysis,
    render_results_list,
    render_sweep,
    render_transcript,
)

WIDTHS = (60, 80, 120)


def rendered(render, width: int, *args, **kwargs) -> list[str]:
    stream = io.StringIO()
    console = Console(file=stream, width=width, force_terminal=True, color_system=None)
    render(console, *args, **kwargs)
    lines = stream.getvalue().splitlines()
    assert lines and max(len(line) for line in lines) <= width
    return [line.strip() for line in lines]


@pytest.fixture(scope="module")
def reference():
    return load_scenario("istanbul-2022")


@pytest.mark.parametrize("width", WIDTHS)
def test_analysis_shows_every_solution_text_issue_by_issue(reference, width):
    import datetime as dt

    analysis = analyze(reference, at=dt.date(2022, 4, 1))
    lines = rendered(render_analysis, width, analysis)
    document = analysis.to_dict()
    nash = document["solutions"]["nash"]["outcome"]
    assert "…" not in "\n".join(lines)
    # Each option of the Nash text is on a line of its own, whole.
    for option in nash.values():
        assert any(re.search(rf"(^|\s){option}(\s|$)", line) for line in lines), option
    # The frontier's first text, issue by issue.
    first = document["pareto"][0]["outcome"]
    for issue, option in first.items():
        assert any(f"{issue}={option}" in line for line in lines), (issue, option)


@pytest.mark.parametrize("width", WIDTHS)
def test_results_show_the_whole_sweep_id_that_report_takes(width):
    rows = [
        {
            "sweep_id": "3b1686797651d479",
            "scenario": "a-scenario-with-a-rather-long-identifier",
            "n_draws": 20000,
            "seed": 123456789,
            "variants": ["credible-guarantees", "no-bucha", "russia-sincere"],
            "started": "2026-12-03 17:03:57.664153",
            "finished": "2026-12-03 17:09:58.327335",
            "n_runs": 80000,
        }
    ]
    text = "\n".join(rendered(render_results_list, width, rows))
    for value in (
        "3b1686797651d479",
        "a-scenario-with-a-rather-long-identifier",
        "credible-guarantees",
        "russia-sincere",
        "2026-12-03 17:09:58",
        "20,000",
    ):
        assert value in text
    assert "…" not in text


def sweep_document(p: float, low: float, high: float, n_agreements: int) -> dict:
    summary = {
        "p_agreement": p,
        "ci": [low, high],
        "n_agreements": n_agreements,
        "n_draws": 1000,
        "difference": None,
        "breakdown_causes": {"walkout": 1000 - n_agreements},
        "top_texts": [
            {"text": {"line": "current", "monitoring": "observers"}, "count": 3, "share": 0.003}
        ],
        "sensitivity": [{"parameter": "preferences.north.reservation_value", "prcc": -0.41}],
    }
    return {
        "sweep_id": "0123456789abcdef",
        "scenario": "s",
        "n_draws": 1000,
        "seed": 7,
        "variants": {"baseline": summary},
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_a_rare_agreement_is_shown_with_its_digits_and_a_caution(width):
    text = "\n".join(rendered(render_sweep, width, sweep_document(0.003, 0.001, 0.006, 3)))
    assert "0.003 [0.001, 0.006]" in text
    assert "rests on 3 agreements only" in text.replace("\n", " ")
    assert "0123456789abcdef" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_run_lines_fit_and_keep_each_issue_option_pair_whole(reference, width):
    transcript = simulate(reference, seed=0)
    lines = rendered(render_transcript, width, reference.title, transcript.to_dict(), full=False)
    first = transcript.rounds[0].steps[0].proposal
    for issue, option in first.items():
        assert f"{issue}={option}" in lines


def test_piped_output_does_not_wrap_long_lines(reference):
    from typer.testing import CliRunner

    from accord.cli import app

    result = CliRunner().invoke(app, ["run", "istanbul-2022"])
    assert result.exit_code == 0
    # Not a terminal: every reply with its wanted amendments stays on one line.
    replies = [line for line in result.stdout.splitlines() if " amends (surplus " in line]
    assert replies and all(line.count("=") >= 1 for line in replies)
    assert all(" wants " in line for line in replies if line.rstrip().endswith("wants") is False)
    assert not any(line.rstrip().endswith("wants") for line in result.stdout.splitlines())
