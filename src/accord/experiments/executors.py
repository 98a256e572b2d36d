"""Executors: where the chunks of a sweep run.

One small interface, `Executor.map(function, tasks)`, yields each task's result as it
completes (in any order; sweeps sort by draw afterwards, so results never depend on the
executor, the number of workers or the chunk size).

- `LocalExecutor`: a process pool over the machine's cores (`workers=1` runs in this
  process, without a pool);
- `DaskExecutor`: a dask.distributed cluster, given by its scheduler address, or a
  LocalCluster started for the sweep when no address is given (optional extra `dask`).

Workers of the local pool belong to the process that started them: each ignores the
terminal's interrupt (Ctrl-C stops the main process, which stops them), exits within a
second when that process dies, even by SIGKILL, runs its linear algebra on one thread
(the pool already uses every core) and, under glibc, keeps the memory it frees for its
next tables (`_keep_freed_memory`). Another backend (a batch scheduler, a cloud
queue) needs only `map` and `close`.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from multiprocessing import get_context, resource_tracker
from typing import Any, Protocol, TypeVar

from accord.errors import AccordError
from accord.experiments.limits import check_workers

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "make_executor"]

T = TypeVar("T")
R = TypeVar("R")

# How often a pool worker checks that the process that started it is alive (seconds).
PARENT_CHECK_INTERVAL = 0.5
# glibc's `mallopt` parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# A worker's allocations up to this size come from memory it freed before, and free
# memory up to this size is kept for them (see `_keep_freed_memory`).
KEPT_MEMORY_BYTES = 1 << 30


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
        check_workers(workers)
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield results as tasks complete."""
        if self.workers == 1:
            for task in tasks:
                yield function(task)
            return
        futures: list[Future[R]] = []
        try:
            # Building the pool starts multiprocessing's resource tracker, which unblocks
            # SIGINT when started: build it before holding interrupts back.
            pool = self._started_pool()
            with _interrupts_held():
                # Workers start during the first submissions; holding Ctrl-C back until
                # they ignore it keeps an interrupt from reaching a half-started worker.
                futures = [pool.submit(function, task) for task in tasks]
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            self._stop_workers()
            raise

    def _started_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawned workers start clean: no state copied from this process (DuckDB
            # connections, rich consoles) and no start-method changed globally.
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    def _stop_workers(self) -> None:
        """Stop the pool at once: interrupted work is thrown away, never half-stored."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # ProcessPoolExecutor has no public way to end running tasks before Python 3.14.
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)

    def close(self) -> None:
        """Shut the pool down."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Block SIGINT in this thread (and the processes it starts) for the duration."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(parent: int) -> None:
    """Prepare a pool worker: no Ctrl-C, one BLAS thread, freed memory kept, exit with `parent`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # numpy's BLAS is loaded first: threadpoolctl limits the libraries already loaded, and a
    # worker otherwise loads numpy only with its first task, with a thread per core.
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)
    _keep_freed_memory()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _keep_freed_memory() -> None:
    """Have glibc's malloc reuse freed memory up to `KEPT_MEMORY_BYTES` (glibc only).

    A block's tables (draws × texts) take tens of megabytes each and are made and freed
    many times per chunk. By default glibc maps an allocation past 32 MB (less until it
    has freed one that large) from the system afresh and hands it back when freed, so the
    system zeroes its pages again for every table: in a reference sweep of 4,000 draws ×
    4, this cut the workers' page faults to a third and their system time by 0.6–1 s.
    Pool workers live for one sweep and keep about their peak memory either way, so this
    process-wide setting is made in them only.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # not glibc: its allocator is left as it is
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt(_M_MMAP_THRESHOLD, KEPT_MEMORY_BYTES)
    mallopt(_M_TRIM_THRESHOLD, KEPT_MEMORY_BYTES)


def _exit_with_parent(parent: int) -> None:
    # An orphaned worker is adopted by another process, so its parent id changes.
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_INTERVAL)
    sys.stderr.flush()
    os._exit(1)


class DaskExecutor:
    """A dask.distributed cluster (a LocalCluster when no scheduler address is given)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        check_workers(workers)
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise AccordError(
                "the dask executor needs dask.distributed: pip install 'accord[dask]'"
            ) from None
        self._cluster: Any = None
        if scheduler is None:
            # The cluster's processes (and the ones they start) inherit a blocked SIGINT:
            # Ctrl-C reaches this process alone, which stops the cluster. The resource
            # tracker is started first because starting it unblocks SIGINT again.
            resource_tracker.ensure_running()
            with _interrupts_held():
                self._cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                self._client: Any = Client(self._cluster)
        else:
            self._client = _connect(Client, scheduler)

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


def _connect(client: Callable[..., Any], scheduler: str) -> Any:
    """Connect to a dask scheduler; an address that is wrong or unreachable is an error."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        # A malformed address is refused before a Client exists: a half-built Client
        # can hang the process when it is garbage-collected.
        scheme, location = parse_address(scheduler)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
        return client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise AccordError(
            f"cannot reach the dask scheduler at '{scheduler}': {error} "
            "(expected an address such as tcp://127.0.0.1:8786)"
        ) from None


def make_executor(
    kind: str = "local", *, workers: int | None = None, scheduler: str | None = None
) -> Executor:
    """Build the executor a command asked for (`local` or `dask`)."""
    if kind == "local":
        if scheduler is not None:
            raise AccordError("--scheduler names a dask scheduler: give --executor dask too")
        return LocalExecutor(workers)
    if kind == "dask":
        return DaskExecutor(scheduler, workers)
    raise AccordError(f"unknown executor '{kind}'; known: local, dask")
