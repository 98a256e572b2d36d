"""The web standing figure: a best and a worst trace per text, stepped, to the last day."""

from accord.report._plotly_standing import standing_figure
from tests.report.test_standing_figures import DATA


def test_two_traces_per_text_extended_to_the_end():
    figure = standing_figure(DATA)
    assert len(figure["data"]) == 4
    best = figure["data"][0]
    assert best["x"] == ["2022-01-01", "2022-02-01", "2022-06-30"]
    assert best["y"] == [-0.1, 0.2, 0.2]
    assert best["line"]["shape"] == "hv"
