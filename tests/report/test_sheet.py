"""Sheets: a table where the columns fit, records where not, nothing ever cut."""

import io

from rich.console import Console

from accord.report._sheet import Column, Sheet

LONG_ID = "guarantee_exclusion_disputed_lines"


def lines_at(sheet: Sheet, width: int) -> list[str]:
    stream = io.StringIO()
    Console(file=stream, width=width, force_terminal=True, color_system=None).print(sheet)
    lines = stream.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    return lines


def sample() -> Sheet:
    sheet = Sheet(
        "Title",
        [
            Column("id"),
            Column("value", justify="right"),
            Column("text"),
            Column("bar", optional=True),
        ],
    )
    sheet.add_row(LONG_ID, "0.125", "a sentence that may wrap at any space it has", "█" * 20)
    return sheet


def test_a_wide_terminal_gets_a_table_with_every_value_whole():
    lines = lines_at(sample(), 120)
    assert lines[0] == "Title"
    assert lines[1].split() == ["id", "value", "text", "bar"]
    assert LONG_ID in lines[3] and "█" * 20 in lines[3]


def test_optional_columns_go_first_then_rows_become_records():
    dropped = lines_at(sample(), 70)
    assert "bar" not in dropped[1] and any(LONG_ID in line for line in dropped)
    records = lines_at(sample(), 40)
    assert records[1].strip() == LONG_ID
    assert any(line.split()[:2] == ["value:", "0.125"] for line in records)
    joined = " ".join(line.strip() for line in records)
    assert "a sentence that may wrap at any space it has" in " ".join(joined.split())


def test_a_word_longer_than_the_width_is_folded_not_cut():
    sheet = Sheet("", [Column("id"), Column("v")])
    sheet.add_row("x" * 50, "1")
    lines = lines_at(sheet, 30)
    assert "".join(line.strip() for line in lines).count("x") == 50
