import pytest

from accord.errors import ScenarioError
from accord.interop._xml import read_xml


def test_elements_keep_their_line_and_column(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text("<a>\n  <b x='1'/>\n</a>\n")
    root = read_xml(path)
    (child,) = root.find_all("b")
    assert (root.tag, root.line, root.column) == ("a", 1, 1)
    assert (child.attributes, child.line, child.column) == ({"x": "1"}, 2, 3)


def test_entity_declarations_are_refused_before_any_expansion(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text('<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>')
    with pytest.raises(ScenarioError, match="document type declaration"):
        read_xml(path)


def test_a_missing_file_is_a_located_error(tmp_path):
    with pytest.raises(ScenarioError, match=r"missing\.xml: cannot read the file"):
        read_xml(tmp_path / "missing.xml")
