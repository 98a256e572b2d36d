"""Building the graph model: option-form moves, reversibility, prioritization levels."""

import numpy as np
import pytest
from hypothesis import given

from accord.analysis.gmcr import build_model, validate_conflict_data
from accord.analysis.gmcr import model as model_module
from accord.errors import ConstraintError, LimitError, UnknownIdError
from accord.scenario.conflict import StatementError, parse_statement
from tests.analysis.gmcr.oracle import option_conflicts


def conflict(**overrides):
    data = {
        "decision_makers": [
            {"id": "A", "options": ["x", "y"]},
            {"id": "B", "options": ["z"]},
        ],
        "options": [{"id": "x"}, {"id": "y", "reversibility": "forward"}, {"id": "z"}],
        "preferences": {"A": {"prioritization": ["x"]}, "B": {"prioritization": ["-z"]}},
    }
    data.update(overrides)
    return build_model(
        validate_conflict_data({"accord": 1, "id": "t", "title": "t", "conflict": data}).conflict
    )


def test_states_are_numbered_by_code_with_option_0_least_significant():
    model = conflict()
    assert model.state_ids[:3] == ("1", "2", "3")
    assert [model.vector(s) for s in range(3)] == ["NNN", "YNN", "NYN"]


def test_a_move_changes_only_the_movers_options_and_respects_reversibility():
    model = conflict()
    a, b = model.moves
    start = model.state_index("NYN")  # y taken: forward-only, so A cannot withdraw it
    assert sorted(model.vector(t) for t in a.from_state(start)) == ["YYN"]
    assert sorted(model.vector(t) for t in b.from_state(start)) == ["NYY"]
    assert sorted(model.vector(t) for t in a.from_state(model.state_index("NNN"))) == [
        "NYN",
        "YNN",
        "YYN",
    ]


def test_infeasible_patterns_remove_states_and_moves_into_them():
    model = conflict(infeasible=[{"x": "Y", "z": "Y"}])
    assert model.n_states == 6
    assert all(
        "Y" not in (v[0] + v[2]).replace("YN", "").replace("NY", "")
        for v in map(model.vector, range(6))
    )
    b = model.moves[1]
    assert len(b.from_state(model.state_index("YNN"))) == 0


def test_a_state_vector_that_is_short_or_infeasible_is_said_so():
    model = conflict(infeasible=[{"x": "Y", "z": "Y"}])
    with pytest.raises(ConstraintError, match=r"one letter per option, 3 here \(x, y, z\), got 2"):
        model.state_index("YN")
    with pytest.raises(ConstraintError, match=r"state YNY .* is not a feasible state"):
        model.state_index("YNY")
    with pytest.raises(UnknownIdError, match="unknown state '99'"):
        model.state_index("99")
    assert model.vector(model.state_index("YNN")) == "YNN"


def test_prioritization_scores_sum_of_powers_of_two():
    # Statements, most important first: x (weight 2), y (weight 1); ties share a level.
    model = conflict(
        preferences={
            "A": {"prioritization": ["x", "y | z"]},
            "B": {"prioritization": ["z iff x", "-y"]},
        }
    )
    scores = {"NNN": 0, "YNN": 2, "NYN": 1, "YYN": 3, "NNY": 1, "YNY": 3, "NYY": 1, "YYY": 3}
    for s in range(model.n_states):
        vector = model.vector(s)
        for t in range(model.n_states):
            other = model.vector(t)
            assert (model.levels[0, s] > model.levels[0, t]) == (scores[vector] > scores[other])
    b = model.levels[1]
    assert b[model.state_index("NNN")] == b.max()  # z iff x holds, y not taken


def test_ranking_patterns_with_dashes_tie_the_states_they_match():
    model = conflict(
        preferences={
            "A": {"ranking": [["YY-"], ["-N-", "NY-"]]},
            "B": {"prioritization": ["z"]},
        }
    )
    a = model.levels[0]
    assert a[model.state_index("YYN")] == a[model.state_index("YYY")] > a[model.state_index("NYN")]
    assert len(np.unique(a)) == 2


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("-x", ("not", ("option", "x"))),
        ("not x & y", ("and", ("not", ("option", "x")), ("option", "y"))),
        ("x | y & z", ("or", ("option", "x"), ("and", ("option", "y"), ("option", "z")))),
        ("x if y | z", ("if", ("option", "x"), ("or", ("option", "y"), ("option", "z")))),
        ("(x iff y)", ("iff", ("option", "x"), ("option", "y"))),
    ],
)
def test_statement_grammar(text, parsed):
    assert parse_statement(text, ["x", "y", "z"]) == parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x &", "ends too early"),
        ("x y", "unexpected 'y'"),
        ("w", "unknown option 'w'; known: x, y, z"),
        ("(x | y", "missing ')'"),
        ("x $ y", "unexpected character '$'"),
        ("", "empty statement"),
    ],
)
def test_statement_errors_say_what_is_wrong(text, message):
    with pytest.raises(StatementError) as caught:
        parse_statement(text, ["x", "y", "z"])
    assert message in str(caught.value)


@given(option_conflicts(max_options=6))
def test_moves_built_in_small_blocks_are_every_legal_move(data):
    loaded = validate_conflict_data({"accord": 1, "id": "r", "title": "r", "conflict": data})
    conflict_ = loaded.conflict
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model_module, "BLOCK_MOVES", 5)
        model = build_model(conflict_)
    feasible = {int(code): s for s, code in enumerate(model.codes)}
    options = conflict_.option_ids
    for dm, moves in zip(conflict_.decision_makers, model.moves, strict=True):
        bits = [options.index(o) for o in dm.options]
        for s, code in enumerate(model.codes):
            expected = set()
            for change in range(1, 1 << len(bits)):
                flipped = [b for k, b in enumerate(bits) if change >> k & 1]
                taken = [bool(code >> b & 1) for b in flipped]
                rule = [conflict_.options[b].reversibility for b in flipped]
                if any(r == "forward" and t for r, t in zip(rule, taken, strict=True)):
                    continue
                if any(r == "backward" and not t for r, t in zip(rule, taken, strict=True)):
                    continue
                target = int(code) ^ sum(1 << b for b in flipped)
                if target in feasible:
                    expected.add(feasible[target])
            assert sorted(moves.from_state(s).tolist()) == sorted(expected)
        upper = model_module.count_option_moves(
            model.codes, bits, [conflict_.options[b].reversibility for b in bits]
        )
        assert moves.targets.size <= upper
        if not conflict_.infeasible:
            assert moves.targets.size == upper


def test_too_many_moves_are_refused_before_any_is_enumerated():
    # Two decision makers of ten options each: 2**20 states, each with 2 * (2**10 - 1)
    # moves, 1,048,576 * 2,046 = 2,145,386,496 moves in all.
    options = [{"id": f"o{k}"} for k in range(20)]
    data = {
        "decision_makers": [
            {"id": "A", "options": [f"o{k}" for k in range(10)]},
            {"id": "B", "options": [f"o{k}" for k in range(10, 20)]},
        ],
        "options": options,
        "preferences": {"A": {"prioritization": ["o0"]}, "B": {"prioritization": ["-o19"]}},
    }
    loaded = validate_conflict_data({"accord": 1, "id": "big", "title": "t", "conflict": data})
    with pytest.raises(LimitError) as caught:
        build_model(loaded.conflict)
    message = str(caught.value)
    assert "1,048,576 states and up to 2,145,386,496 unilateral moves" in message
    assert f"at most {model_module.MAX_MOVES:,} moves" in message
    assert model_module.MEMORY_BUDGET in message and "k = 10" in message


def test_forward_options_halve_the_moves_counted():
    # One forward option: from the 2 states it may change only from N, so 1 move in all;
    # two "both" options: 4 states * 3 moves.
    codes = np.arange(2)
    assert model_module.count_option_moves(codes, [0], ["forward"]) == 1
    assert model_module.count_option_moves(np.arange(4), [0, 1], ["both", "both"]) == 12
