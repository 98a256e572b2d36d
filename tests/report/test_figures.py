"""Print figures: matplotlib figures of one column, saved as valid PNG and SVG files."""

import struct
import xml.etree.ElementTree as ET

import pytest
from matplotlib.figure import Figure

from accord import load_scenario
from accord.errors import OutputError
from accord.report import (
    agreement_figure,
    attribution_figure,
    belief_figure,
    build_figures,
    differences_figure,
    offers_figure,
    reservations_figure,
    save_figures,
    sensitivity_figure,
    timeline_figure,
    zopa_figure,
)

COLUMN_WIDTH = 3.5
DPI = 300
RUN_FIGURES = {"timeline", "beliefs", "reservations", "zopa", "offers"}
# Every draw of the teaching case agrees, so it has no sensitivity figure.
SWEEP_FIGURES = {"zopa_draws", "agreement", "differences", "attribution"}


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    assert content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


@pytest.fixture(scope="module")
def teaching_figures(teaching, teaching_sweep, teaching_attribution):
    return build_figures(teaching, sweep=teaching_sweep, attribution=teaching_attribution, seed=0)


def test_every_figure_function_returns_a_one_column_figure(
    teaching, teaching_run, teaching_sweep, teaching_attribution
):
    figures = [
        timeline_figure(teaching, teaching_run),
        belief_figure(teaching, teaching_run),
        reservations_figure(teaching, teaching_run),
        zopa_figure(teaching, teaching_run),
        offers_figure(teaching, teaching_run),
        agreement_figure(teaching_sweep),
        differences_figure(teaching_sweep.to_dict()),
        sensitivity_figure(teaching_sweep),
        attribution_figure(teaching_attribution),
    ]
    for figure in figures:
        assert isinstance(figure, Figure)
        assert figure.get_size_inches()[0] == pytest.approx(COLUMN_WIDTH)
        title = figure.axes[0].get_title(loc="left")
        assert title, "every figure is titled"


def test_axes_are_labelled_with_units(teaching, teaching_run):
    axes = zopa_figure(teaching, teaching_run).axes[0]
    assert axes.get_xlabel() == "date (2022)"
    assert "texts in the ZOPA" in axes.get_ylabel()
    axes = offers_figure(teaching, teaching_run).axes[0]
    assert axes.get_xlabel() == "utility of North (0–1)"
    assert axes.get_ylabel() == "utility of South (0–1)"


def test_build_figures_draws_the_sweep_figures_only_with_a_sweep(teaching, teaching_figures):
    assert set(teaching_figures) == RUN_FIGURES | SWEEP_FIGURES
    assert set(build_figures(teaching, seed=0)) == RUN_FIGURES


def test_png_files_are_valid_images_of_the_expected_size(teaching_figures, tmp_path):
    paths = save_figures(teaching_figures, tmp_path / "figures", format="png")
    assert sorted(p.name for p in paths) == sorted(f"{n}.png" for n in teaching_figures)
    for path in paths:
        width, height = png_size(path.read_bytes())
        inches = teaching_figures[path.stem].get_size_inches()
        assert width == round(inches[0] * DPI)
        assert height == round(inches[1] * DPI)
    assert [p.name for p in (tmp_path / "figures").iterdir() if p.name.startswith(".")] == []


def test_svg_files_are_valid_svg_one_column_wide_and_reproducible(teaching_figures, tmp_path):
    first = save_figures(teaching_figures, tmp_path / "a", format="svg")
    second = save_figures(teaching_figures, tmp_path / "b", format="svg")
    for one, other in zip(first, second, strict=True):
        root = ET.fromstring(one.read_bytes())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.attrib["width"] == f"{COLUMN_WIDTH * 72:g}pt"
        assert one.read_bytes() == other.read_bytes()


def test_saving_into_a_file_or_in_an_unknown_format_is_refused(teaching_figures, tmp_path):
    occupied = tmp_path / "occupied"
    occupied.write_text("not a folder")
    with pytest.raises(OutputError, match="is a file, expected a folder"):
        save_figures(teaching_figures, occupied)
    with pytest.raises(OutputError, match="unknown figure format 'gif'"):
        save_figures(teaching_figures, tmp_path / "gifs", format="gif")
    assert not (tmp_path / "gifs").exists()


def test_an_undated_scenario_has_no_figures_over_time():
    figures = build_figures(load_scenario("nash-1950-bill-jack"), seed=0)
    assert set(figures) == {"offers"}
