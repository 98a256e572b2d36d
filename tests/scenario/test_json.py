"""Reading JSON by JSON's rules, with the place of every value."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import ScenarioError
from accord.scenario._json import parse_json

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(value=st.dictionaries(st.text(), json_values, max_size=4), indent=st.sampled_from([None, 1]))
def test_reads_what_the_standard_library_reads(value, indent):
    for ensure_ascii in (True, False):
        text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)
        assert parse_json(text, "v.json").data == json.loads(text)


def test_marks_point_at_each_value_and_key():
    text = '{\n  "a": [1, {"b": "x"}],\n  "c": null\n}'
    document = parse_json(text, "v.json")
    assert document.marks[("a",)] == (2, 8)
    assert document.marks[("a", 1, "b")] == (2, 18)
    assert document.key_marks[("c",)] == (3, 3)
    assert document.marks[("c",)] == (3, 8)


def test_duplicate_keys_are_reported_and_the_first_kept():
    document = parse_json('{"a": 1,\n "a": [2, 3]}', "d.json")
    assert document.data == {"a": 1}
    [problem] = document.problems
    assert (problem.location, problem.line, problem.column) == ("a", 2, 2)


def test_nan_and_infinity_are_read_for_validation_to_refuse_in_place():
    assert parse_json('{"a": [NaN, -Infinity]}', "n.json").data["a"][1] == float("-inf")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{"a": 1,\n "b": }', (2, 7), "expected a value"),
        ('{"a": [1 2]}', (1, 10), "expected ',' or ']'"),
        ('{"a": "x\ty"}', (1, 9), "control character U+0009 inside text"),
        ('{"a": 1} x', (1, 10), "more text after the end"),
        ("{a: 1}", (1, 2), "expected a key in double quotes"),
    ],
)
def test_syntax_errors_are_located(text, where, message):
    with pytest.raises(ScenarioError) as caught:
        parse_json(text, "s.json")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == where
    assert message in problem.message
