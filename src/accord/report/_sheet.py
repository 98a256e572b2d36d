"""Terminal tables that never hide a value: a table where it fits, one record per row where not.

`Sheet` is a rich renderable built like a table (columns, then rows of cells). At render
time it measures its columns against the width it is given:

- if every column can take its widest unbreakable word (an id, a number) side by side,
  it prints a table whose widths it chose itself, so rich never shortens a cell to ``…``
  and text wraps only at spaces;
- otherwise columns marked `optional` (decoration such as bars) are dropped first, and
  if that is not enough each row becomes a record: its first cell as a heading, then
  one ``column: value`` line per other column, the values wrapped at spaces under their
  own indent.

A word longer than the whole width (an id of 70 characters in a 60-column terminal) is
folded onto the next line: nothing is ever cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

__all__ = ["Column", "Sheet"]

Justify = Literal["left", "right", "center"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a `Sheet`: header, alignment, style, whether it may be dropped or wrapped.

    A `whole` column never wraps its cells (an estimate with its interval, a timestamp).
    """

    header: str
    justify: Justify = "left"
    style: str = ""
    optional: bool = False
    whole: bool = False


@dataclass
class Sheet:
    """Rows under columns, shown as a table when the columns fit, else as records."""

    title: str
    columns: Sequence[Column]
    rows: list[list[Text]] = field(default_factory=list)
    note: str = ""

    def add_row(self, *cells: str | Text) -> None:
        """Add a row; plain strings are taken literally (no markup)."""
        self.rows.append([cell if isinstance(cell, Text) else Text(cell) for cell in cells])

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Render as a table if the columns fit `options.max_width`, else as records."""
        width = options.max_width
        keep = list(range(len(self.columns)))
        for dropping in (False, True):
            if dropping:
                keep = [k for k in keep if not self.columns[k].optional]
            widths = _allocate(self._ranges(console, options, keep), width, len(keep))
            if widths is not None:
                if self.title:
                    yield Text(self.title, style="italic")
                yield self._table(keep, widths)
                return
        yield from self._records(width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The sheet takes what its longest words need, up to the whole width."""
        keep = range(len(self.columns))
        ranges = self._ranges(console, options, keep)
        overhead = _overhead(len(ranges))
        widest = max(sum(r.maximum for r in ranges) + overhead, len(self.title))
        return Measurement(min(20, options.max_width), min(widest, options.max_width))

    def _ranges(
        self, console: Console, options: ConsoleOptions, keep: Iterable[int]
    ) -> list[Measurement]:
        """Each kept column's (widest unbreakable word, widest line)."""
        ranges = []
        for k in keep:
            header = Measurement.get(console, options, Text(self.columns[k].header))
            cells = [Measurement.get(console, options, row[k]) for row in self.rows]
            if self.columns[k].whole:
                cells = [Measurement(m.maximum, m.maximum) for m in cells]
            measured = [header, *cells]
            ranges.append(
                Measurement(max(m.minimum for m in measured), max(m.maximum for m in measured))
            )
        return ranges

    def _table(self, keep: Sequence[int], widths: Sequence[int]) -> Table:
        table = Table(
            caption=self.note or None,
            caption_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
        )
        for k, width in zip(keep, widths, strict=True):
            column = self.columns[k]
            table.add_column(
                column.header,
                justify=column.justify,
                style=column.style,
                width=width,
                overflow="fold",
                no_wrap=column.whole,
            )
        for row in self.rows:
            table.add_row(*(row[k] for k in keep))
        return table

    def _records(self, width: int) -> RenderResult:
        if self.title:
            yield Text(self.title, style="italic")
        labels = [f"{column.header}:" for column in self.columns[1:]]
        label_width = max((len(label) for label in labels), default=0)
        # Values beside their labels only if every value's longest word fits there.
        inline = label_width + 4 + _longest_word(cell for row in self.rows for cell in row[1:])
        for row in self.rows:
            heading = row[0].copy()
            heading.stylize("bold")
            yield heading
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(width=2)
            if inline <= width:
                grid.add_column(width=label_width, style="dim")
            grid.add_column(overflow="fold")
            for label, cell in zip(labels, row[1:], strict=True):
                if not cell.plain:
                    continue
                if inline <= width:
                    grid.add_row("", label, cell)
                else:
                    grid.add_row("", Text(label, style="dim"))
                    grid.add_row("", Text.assemble("  ", cell))
            yield grid
        if self.note:
            yield Text(self.note, style="dim")


def _overhead(n_columns: int) -> int:
    """Characters a SIMPLE_HEAD table without padded edges adds to its cells' widths."""
    return 2 * n_columns + max(0, n_columns - 1) - 2


def _allocate(ranges: Sequence[Measurement], width: int, n_columns: int) -> list[int] | None:
    """Choose column widths within `width`: every column its longest word, then the rest.

    Returns None if the longest words do not fit side by side. Extra room goes to the
    columns whose lines are longer than their longest word, in proportion to the lack.
    """
    available = width - _overhead(n_columns)
    widths = [max(1, r.minimum) for r in ranges]
    if sum(widths) > available:
        return None
    wants = [max(0, r.maximum - w) for r, w in zip(ranges, widths, strict=True)]
    spare = available - sum(widths)
    total = sum(wants)
    if total <= spare:
        return [w + want for w, want in zip(widths, wants, strict=True)]
    shares = [spare * want // total for want in wants]
    return [w + share for w, share in zip(widths, shares, strict=True)]


def _longest_word(cells: Iterable[Text]) -> int:
    return max((len(word) for cell in cells for word in cell.plain.split()), default=0)
