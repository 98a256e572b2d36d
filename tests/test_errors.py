"""The error hierarchy: located problems, one printable line each."""

from hypothesis import given
from hypothesis import strategies as st

from accord.errors import Problem, ScenarioError, UnknownIdError, printable


@given(st.text())
def test_printable_text_has_no_control_or_separator_characters(text):
    shown = printable(text)
    assert shown.isprintable()
    assert len(shown.splitlines()) <= 1
    if text.isprintable():
        assert shown == text


def test_printable_writes_escapes_a_reader_can_type_back():
    assert printable("a\x1b[2J\x07\x7f\x85\u2028\u202e\udc00é😀") == (
        "a\\x1b[2J\\x07\\x7f\\x85\\u2028\\u202e\\udc00é😀"
    )


@given(location=st.text(), message=st.text())
def test_every_problem_is_one_line(location, message):
    line = Problem(location, message, 3, 4).format("f.yaml")
    assert len(line.splitlines()) == 1 and line.startswith("f.yaml:3:4: ")


def test_a_scenario_error_prints_one_line_per_problem_and_emits_the_same_in_json():
    error = ScenarioError("f.yaml", (Problem("a\u2028b", "bad\x1b[31m"), Problem("", "two", 2, 1)))
    assert error.lines() == ["f.yaml: a\\u2028b: bad\\x1b[31m", "f.yaml:2:1: two"]
    assert error.to_dict()["problems"][0] == {
        "location": "a\\u2028b",
        "line": 0,
        "column": 0,
        "message": "bad\\x1b[31m",
    }


def test_other_errors_escape_what_the_user_typed():
    error = UnknownIdError("variant", "x\x1b]0;t\x07", ["a"])
    assert error.lines() == ["unknown variant 'x\\x1b]0;t\\x07'; known: a"]
