"""The standing figure draws one solid line per text, and a dotted one where it has brackets."""

from accord.report._standing_figures import draw_standing

DATA = {
    "start": "2022-01-01",
    "end": "2022-06-30",
    "dates": ["2022-01-01", "2022-02-01"],
    "texts": [
        {
            "id": "a",
            "name": "A",
            "date": "2022-01-05",
            "best": [-0.1, 0.2],
            "worst": [-0.3, -0.2],
            "best_in_zopa": [False, True],
        },
        {
            "id": "b",
            "name": "B",
            "date": "2022-01-05",
            "best": [0.1, 0.1],
            "worst": [0.1, 0.1],
            "best_in_zopa": [True, True],
        },
    ],
}


def test_each_text_has_a_best_line_and_a_bracketed_one_a_worst_line():
    (axes,) = draw_standing(DATA).axes
    labels = [line.get_label() for line in axes.get_lines()]
    assert labels.count("A") == 1 and labels.count("B") == 1
    dotted = [line for line in axes.get_lines() if line.get_linestyle() == ":"]
    # A's worst line, and the legend's key for worst alternatives.
    assert len(dotted) == 2
    assert list(dotted[0].get_ydata()) == [-0.3, -0.2, -0.2]
