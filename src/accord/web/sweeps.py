"""Sweeps from the workbench: launched in the background, followed, listed, reported.

A sweep runs in a thread of the server with `accord.sweep`, keeping its runs in the
results store; its progress (runs done of runs planned) is read by polling. One sweep
runs at a time: the results store has one writer, and a sweep launched meanwhile is
queued. Stored sweeps are listed from the store, and a sweep's report is
`accord.report`'s HTML page. Neither waits for a running sweep: the list is the one read
before it began, and a report asked meanwhile is refused as busy (503), to be asked again.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord._workflow import load_sweep, sweep
from accord.errors import AccordError, LimitError, UnknownIdError
from accord.experiments.store import ResultsStore
from accord.report.html import build_report
from accord.scenario.schema import Scenario

__all__ = ["MAX_WEB_DRAWS", "StoreBusyError", "SweepJob", "SweepJobs"]

MAX_WEB_DRAWS = 5000


class StoreBusyError(AccordError):
    """The results store is being written by a running sweep: ask again when it ends."""


@dataclass
class SweepJob:
    """A sweep launched from the workbench, and how far it got."""

    job: str
    case: str
    n_draws: int
    variants: tuple[str, ...]
    done: int = 0
    planned: int = 0
    state: str = "queued"
    sweep_id: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "job": self.job,
            "case": self.case,
            "n_draws": self.n_draws,
            "variants": list(self.variants),
            "done": self.done,
            "planned": self.planned,
            "state": self.state,
            "sweep_id": self.sweep_id,
            "error": self.error,
        }


class SweepJobs:
    """The sweeps launched from one workbench, kept in the results store at `store`."""

    def __init__(self, store: Path) -> None:
        self.store = Path(store)
        self.jobs: dict[str, SweepJob] = {}
        self._writer = threading.Lock()
        self._listed: list[dict[str, Any]] = []

    def launch(
        self, scenario: Scenario, *, n_draws: int, variants: Sequence[str], seed: int = 0
    ) -> SweepJob:
        """Start a sweep of `scenario` in the background; return its job."""
        if not 1 <= n_draws <= MAX_WEB_DRAWS:
            raise LimitError(
                f"n_draws: from the workbench a sweep has 1 to {MAX_WEB_DRAWS:,} draws, "
                f"got {n_draws} (run larger ones with `accord sweep`)"
            )
        for name in variants:
            if name not in scenario.variants:
                raise UnknownIdError("variant", name, scenario.variants)
        job = SweepJob(uuid.uuid4().hex[:12], scenario.id, n_draws, tuple(variants))
        self.jobs[job.job] = job
        thread = threading.Thread(
            target=self._run, args=(job, scenario, seed), name=f"sweep-{job.job}", daemon=True
        )
        thread.start()
        return job

    def _run(self, job: SweepJob, scenario: Scenario, seed: int) -> None:
        def progress(done: int, planned: int) -> None:
            job.done, job.planned = done, planned

        try:
            with self._writer:
                job.state = "running"
                result = sweep(
                    scenario,
                    n_draws=job.n_draws,
                    variants=job.variants,
                    seed=seed,
                    store=self.store,
                    command="accord serve",
                    on_progress=progress,
                )
            # Runs already stored (a sweep asked again) count as done: none was run now.
            job.done = job.planned = job.n_draws * (1 + len(job.variants))
            job.sweep_id, job.state = result.sweep_id, "finished"
        except AccordError as error:
            job.error, job.state = str(error), "failed"

    def stored(self) -> list[dict[str, Any]]:
        """Every finished or unfinished sweep in the results store, newest first."""
        if not self.store.is_file():
            return []
        if not self._writer.acquire(blocking=False):
            return self._listed
        try:
            with ResultsStore(self.store, writable=False) as results:
                manifests = results.manifests()
                finished = {m.sweep_id: bool(results.aggregates(m.sweep_id)) for m in manifests}
        finally:
            self._writer.release()
        rows = [
            {
                "sweep_id": m.sweep_id,
                "scenario": m.scenario,
                "n_draws": m.n_draws,
                "variants": list(m.variants),
                "seed": m.seed,
                "finished": finished[m.sweep_id],
                "started": m.started.isoformat() if m.started else None,
            }
            for m in manifests
        ]
        self._listed = sorted(rows, key=lambda row: row["started"] or "", reverse=True)
        return self._listed

    def report(self, sweep_id: str, load: Callable[[str], Scenario]) -> str:
        """Return the HTML report of stored sweep `sweep_id` (`load` finds its scenario)."""
        if not self._writer.acquire(blocking=False):
            raise StoreBusyError(
                "a sweep is being written to the results store: the reports open again when it ends"
            )
        try:
            result = load_sweep(sweep_id, store=self.store)
        finally:
            self._writer.release()
        return build_report(load(result.scenario), sweep=result)
