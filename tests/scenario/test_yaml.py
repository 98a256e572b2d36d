"""Reading YAML: values counted as they are read, tags, numbers, both parsers agree."""

import pytest

from accord.errors import ScenarioError
from accord.scenario import _yaml, shipped_scenarios
from accord.scenario._yaml import parse_document, read_document


def test_a_long_flow_list_is_refused_where_the_count_passes_the_limit(monkeypatch):
    # A small limit stands in for the real one: reading must stop at the first value
    # past it, not after composing the whole list.
    monkeypatch.setattr(_yaml, "MAX_VALUES", 1_000)
    text = "title: [" + ",".join(["1"] * 5_000) + "]\n"
    with pytest.raises(ScenarioError) as caught:
        parse_document(text, "flow.yaml")
    problem = caught.value.problems[0]
    # values: the mapping, the key, the list, then items; the 1,001st is item 998.
    assert (problem.line, problem.column) == (1, len("title: [") + 1 + 2 * 997)
    assert problem.message.startswith("the document holds more than 1,000 values")


def test_an_alias_bomb_is_refused_while_expanding(monkeypatch):
    monkeypatch.setattr(_yaml, "MAX_VALUES", 10_000)
    text = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    text += "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    text += "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    text += "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    with pytest.raises(ScenarioError, match="expands to more than 10,000 values"):
        parse_document(text, "bomb.yaml")


def test_an_alias_inside_what_it_names_is_stopped_by_the_depth_limit():
    with pytest.raises(ScenarioError, match="nesting deeper than 64 levels"):
        parse_document("a: &a [1, *a]\n", "loop.yaml")


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ('!!binary "/w=="', "!!binary"),
        ("!!set {a}", "!!set"),
        ("!thing x", "!thing"),
        ("!!omap [{a: 1}]", "!!omap"),
        ("!!python/tuple [1]", "!!python/tuple"),
    ],
)
def test_tags_other_than_json_types_and_dates_are_located_problems(value, tag):
    document = parse_document(f"ok: 1\nvalue: {value}\n", "t.yaml")
    [problem] = document.problems
    assert (problem.location, problem.line, problem.column) == ("value", 2, 8)
    assert problem.message.startswith(f"unsupported tag '{tag}'")
    assert document.data == {"ok": 1, "value": None}


def test_explicit_tags_of_json_types_are_fine():
    data = parse_document('a: !!float "0.5"\nb: !!str 12\nc: !!int "3"\n', "t.yaml").data
    assert data == {"a": 0.5, "b": "12", "c": 3}


def test_numbers_read_as_in_yaml_1_2_and_booleans_only_true_false():
    data = parse_document("a: [1e-9, 1.5e3, 2E6, 12, yes, no, true, '1e3']\n", "t.yaml").data
    assert data == {"a": [1e-9, 1500.0, 2e6, 12, "yes", "no", True, "1e3"]}


def test_a_raw_control_character_is_located_with_the_way_to_write_it():
    with pytest.raises(ScenarioError) as caught:
        parse_document("a: 1\nb: x\x1by\n", "c.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (2, 5)
    assert 'write it as "\\x1b"' in problem.message


def test_escaped_surrogate_pairs_in_yaml_are_joined():
    assert parse_document('t: "\\ud83d\\ude00"\n', "t.yaml").data == {"t": "\U0001f600"}


def test_syntax_errors_name_the_character_at_fault():
    with pytest.raises(ScenarioError, match=r"t\.yaml:2:1: invalid YAML: found character '\\t'"):
        parse_document("a:\n\tb: 1\n", "t.yaml")


def test_two_documents_in_one_file_are_refused():
    with pytest.raises(ScenarioError, match="expected a single document"):
        parse_document("a: 1\n---\nb: 2\n", "t.yaml")


@pytest.mark.parametrize("entry", shipped_scenarios(), ids=lambda entry: entry.id)
def test_libyaml_and_the_python_parser_read_the_same_data_and_places(entry, monkeypatch):
    fast = read_document(entry.path)
    monkeypatch.setattr(_yaml, "_FAST_PARSER", None)
    slow = read_document(entry.path)
    assert (fast.data, fast.marks, fast.key_marks) == (slow.data, slow.marks, slow.key_marks)
