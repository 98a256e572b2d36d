import numpy as np

from accord import load_scenario
from accord.scenario.load import apply_variants, validate_data
from accord.scenario.parameters import parameters_of, sample_parameters


def test_parameters_are_found_by_path():
    paths = [p.path for p in parameters_of(load_scenario("ceasefire-teaching"))]
    assert "preferences.north.reservation_value" in paths
    assert "events.truce-violation.likelihood.honours" in paths
    assert "events.failed-offensive.delta" in paths


def test_draws_of_a_parameter_do_not_depend_on_the_others():
    scenario = load_scenario("ceasefire-teaching")
    variant = apply_variants(scenario, ["no-violation"])
    base = {p.path: j for j, p in enumerate(parameters_of(scenario))}
    other = {p.path: j for j, p in enumerate(parameters_of(variant))}
    assert set(other) < set(base)
    a = sample_parameters(parameters_of(scenario), seed=7, n_draws=50)
    b = sample_parameters(parameters_of(variant), seed=7, n_draws=50)
    for path, j in other.items():
        assert np.array_equal(a[:, base[path]], b[:, j])


def test_draws_are_a_prefix_of_longer_sweeps_and_respect_supports():
    parameters = parameters_of(load_scenario("ceasefire-teaching"))
    short = sample_parameters(parameters, seed=1, n_draws=10)
    long = sample_parameters(parameters, seed=1, n_draws=100)
    assert np.array_equal(short, long[:10])
    for j, parameter in enumerate(parameters):
        assert parameter.low <= long[:, j].min() and long[:, j].max() <= parameter.high


def test_numbers_sharing_a_judgement_take_the_same_draw(tmp_path):
    path = tmp_path / "shared.yaml"
    text = (__import__("pathlib").Path(__file__).parent / "testdata" / "good-base.yaml").read_text()
    text = text.replace(
        "reservation_value: 0.3", "reservation_value: {uniform: [0.2, 0.4], shared: fallback}"
    )
    path.write_text(text)
    parameters = parameters_of(load_scenario(path))
    draws = sample_parameters(parameters, seed=3, n_draws=20)
    assert [p.path for p in parameters] == [
        "preferences.A.reservation_value",
        "preferences.B.reservation_value",
    ]
    assert np.array_equal(draws[:, 0], draws[:, 1])


def test_sampling_from_a_stream_position_gives_the_draws_of_the_whole_sample():
    from accord.scenario.parameters import sample_from, stream_positions

    data = {
        "accord": 1,
        "id": "kinds",
        "title": "Every kind",
        "parties": [
            {"id": "A", "name": "A", "role": "party"},
            {"id": "B", "name": "B", "role": "party"},
        ],
        "issues": [{"id": "x", "name": "X", "options": ["o1", "o2"]}],
        "preferences": {
            "A": {
                "weights": {"x": {"uniform": [0.1, 2]}},
                "values": {"x": {"o1": {"beta": [2, 5]}, "o2": {"triangular": [0, 0.2, 1]}}},
                "reservation_value": {"normal": [0.4, 0.1]},
            },
            "B": {
                "weights": {"x": 1},
                "values": {"x": {"o1": {"choice": [0, 0.5, 1]}, "o2": 1}},
                "reservation_value": {"uniform": [0.2, 0.3], "shared": "r"},
            },
        },
    }
    parameters = parameters_of(validate_data(data))
    whole = sample_parameters(parameters, seed=9, n_draws=1000)
    starts = [0, 1, 250, 500, 999]
    for start, position in zip(
        starts, stream_positions(parameters, seed=9, starts=starts), strict=True
    ):
        assert np.array_equal(sample_from(parameters, position, 1000 - start), whole[start:])
