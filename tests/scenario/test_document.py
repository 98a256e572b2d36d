"""Documents read from files: text checks, positions, limits while reading."""

import pytest

from accord.errors import ScenarioError
from accord.scenario._document import (
    MAX_DEPTH,
    Recorder,
    document_from_data,
    fatal,
    position_of,
)


def test_escaped_surrogate_pairs_are_joined_into_the_character_they_encode():
    recorder = Recorder("f")
    assert recorder.text("talks \ud83d\udd4a", ("title",), (1, 1)) == "talks \U0001f54a"
    assert recorder.problems == []


def test_an_unpaired_surrogate_is_reported_and_kept_escaped():
    recorder = Recorder("f")
    assert recorder.text("a\udc00b", ("id",), (3, 7)) == "a\\udc00b"
    [problem] = recorder.problems
    assert (problem.location, problem.line, problem.column) == ("id", 3, 7)
    assert "unpaired surrogate (\\udc00)" in problem.message
    assert recorder.document(None).stand_ins == {"id"}


def test_positions_are_one_based_lines_and_columns():
    text = "ab\ncd\n\nef"
    assert [position_of(text, text.index(c)) for c in "acdef"] == [
        (1, 1),
        (2, 1),
        (2, 2),
        (4, 1),
        (4, 2),
    ]


def test_depth_past_the_limit_stops_reading_at_that_place():
    recorder = Recorder("f")
    with pytest.raises(ScenarioError) as caught:
        recorder.value(("a",), (9, 4), MAX_DEPTH + 1)
    assert str(caught.value) == (
        f"f:9:4: nesting deeper than {MAX_DEPTH} levels; "
        "the rest of the file is checked once this is fixed"
    )


def test_fatal_problems_say_that_nothing_after_them_was_checked():
    assert str(fatal("f", "broken", 2, 3)).endswith(
        "the rest of the file is checked once this is fixed"
    )


def test_plain_data_has_its_text_checked_like_a_file():
    document = document_from_data("<data>", {"k\udc00": ["ok", "x\ud800"]})
    assert document.data == {"k\\udc00": ["ok", "x\\ud800"]}
    assert [p.location for p in document.problems] == ["k\udc00", "k\\udc00[1]"]
