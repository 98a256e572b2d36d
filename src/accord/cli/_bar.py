"""The progress bar drawn in a terminal (rich's progress display, imported only for it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

__all__ = ["terminal_bar"]


@contextmanager
def terminal_bar(console: Console, description: str) -> Iterator[Callable[[int, int], None]]:
    """Draw a bar on `console`; yield its callback `(done, total)`."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        _CountColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        # The total is unknown until the work is planned (a resumed sweep skips what is done).
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


class _CountColumn(ProgressColumn):
    """`done/total` with thousands separators; only `done` while the total is unknown."""

    def render(self, task: Task) -> Text:
        """Render the count of a task."""
        done = f"{int(task.completed):,}"
        return Text(done if task.total is None else f"{done}/{int(task.total):,}")
