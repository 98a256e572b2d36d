"""Executors: where the chunks of a sweep run.

One small interface, `Executor.map(function, tasks)`, yields each task's result as it
completes (in any order; sweeps sort by draw afterwards, so results never depend on the
executor, the number of workers or the chunk size).

- `LocalExecutor`: a process pool over the machine's cores (`workers=1` runs in this
  process, without a pool);
- `DaskExecutor`: a dask.distributed cluster, given by its scheduler address, or a
  LocalCluster started for the sweep when no address is given (optional extra `dask`).

Another backend (a batch scheduler, a cloud queue) needs only `map` and `close`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import Any, Protocol, TypeVar

from accord.errors import AccordError

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "make_executor"]

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs picklable tasks somewhere and yields their results as they complete."""

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield `function(task)` for every task, in completion order."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


class LocalExecutor:
    """A process pool on this machine (`workers=1`: run in this process)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield results as tasks complete."""
        if self.workers == 1:
            for task in tasks:
                yield function(task)
            return
        if self._pool is None:
            # Spawned workers start clean: no state copied from this process (DuckDB
            # connections, rich consoles) and no start-method changed globally.
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        futures = [self._pool.submit(function, task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()

    def close(self) -> None:
        """Shut the pool down."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """A dask.distributed cluster (a LocalCluster when no scheduler address is given)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise AccordError(
                "the dask executor needs dask.distributed: pip install 'accord[dask]'"
            ) from None
        self._cluster: Any = None
        if scheduler is None:
            self._cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            self._client: Any = Client(self._cluster)
        else:
            try:
                self._client = Client(scheduler, timeout="10s")
            except OSError as error:
                raise AccordError(
                    f"cannot reach the dask scheduler at {scheduler}: {error}"
                ) from None

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield results as tasks complete on the cluster."""
        from distributed import as_completed as dask_completed

        futures = self._client.map(function, list(tasks), pure=False)
        for future in dask_completed(futures):
            yield future.result()

    def close(self) -> None:
        """Close the client (and the LocalCluster it started)."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(
    kind: str = "local", *, workers: int | None = None, scheduler: str | None = None
) -> Executor:
    """Build the executor a command asked for (`local` or `dask`)."""
    if kind == "local":
        return LocalExecutor(workers)
    if kind == "dask":
        return DaskExecutor(scheduler, workers)
    raise AccordError(f"unknown executor '{kind}'; known: local, dask")
