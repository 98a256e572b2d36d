"""Executors: bounds on workers, unreachable schedulers, and how pool workers behave."""

import os
import platform
import resource
import signal

import numpy as np
import pytest

from accord.errors import AccordError, LimitError
from accord.experiments.executors import DaskExecutor, LocalExecutor, make_executor


def worker_state(_: int) -> tuple[bool, int, int]:
    """What a pool worker sees: is Ctrl-C ignored, its BLAS threads, its parent.

    numpy is loaded, as in a sweep's worker (this module imports it).
    """
    from threadpoolctl import threadpool_info

    assert np.ones(2) @ np.ones(2) == 2.0

    ignores_interrupt = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    threads = max((pool["num_threads"] for pool in threadpool_info()), default=1)
    return ignores_interrupt, threads, os.getppid()


def faults_making_tables(n_tables: int) -> int:
    """Minor page faults while this process makes and frees a 64 MB table `n_tables` times."""
    np.ones(8_000_000)  # the first one may grow the heap
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(n_tables):
        np.ones(8_000_000)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.parametrize("workers", [0, -5])
@pytest.mark.parametrize("kind", ["local", "dask"])
def test_fewer_than_one_worker_is_refused_by_every_executor(kind, workers):
    with pytest.raises(LimitError, match=f"workers = {workers}: input should be greater"):
        make_executor(kind, workers=workers)


@pytest.mark.parametrize("address", ["not a url", "tcp://", "tcp://127.0.0.1:notaport"])
def test_a_malformed_scheduler_address_is_a_clean_error(address):
    with pytest.raises(AccordError, match="cannot reach the dask scheduler at"):
        DaskExecutor(address)


def test_pool_workers_ignore_ctrl_c_use_one_blas_thread_and_know_their_parent():
    pool = LocalExecutor(2)
    try:
        states = list(pool.map(worker_state, range(4)))
    finally:
        pool.close()
    assert states == [(True, 1, os.getpid())] * 4


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="tunes glibc's allocator")
def test_pool_workers_make_large_tables_again_in_memory_they_freed():
    # glibc alone maps each table past 32 MB from the system afresh and zeroes its pages
    # again: some 300 faults a table here with huge pages, 16,384 without.
    pool = LocalExecutor(2)
    try:
        faults = list(pool.map(faults_making_tables, [10, 10]))
    finally:
        pool.close()
    assert max(faults) < 10


def test_one_worker_runs_in_this_process_in_order():
    assert list(LocalExecutor(1).map(abs, [-3, 2, -1])) == [3, 2, 1]
