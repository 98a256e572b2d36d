"""The sizes of experiments accord accepts: seeds, draws, runs and workers.

- `MAX_SEED` = 2^63 − 1: a seed is a non-negative integer (numpy's `SeedSequence`) that
  the results store keeps as a 64-bit signed integer (BIGINT).
- `MAX_DRAWS` = 1,000,000 draws per sweep or attribution: a sweep summarises a variant
  from its runs held in memory (310 MB for 100,000 draws, measured; about 2 GB at the
  limit), and the sampled parameters of a chunk are drawn from the start of each stream.
- `MAX_RUNS` = 10,000,000 runs in all (draws × variants, or draws × 2^k combinations
  of an attribution): about 600 MB of results store on disk (60 bytes a run) and, for an
  attribution, the per-draw metric of every combination (80 MB) held for its bootstrap.

`check_sweep_size` and `check_workers` validate these bounds (with pydantic) and raise a
`LimitError` naming the option, the bound and the value, before any work starts.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from accord.errors import LimitError
from accord.experiments._sizes import MAX_DRAWS, MAX_RUNS, MAX_SEED

__all__ = ["MAX_DRAWS", "MAX_RUNS", "MAX_SEED", "check_sweep_size", "check_workers"]


class _SweepSize(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n_draws: Annotated[int, Field(ge=1, le=MAX_DRAWS)]
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    n_runs: Annotated[int, Field(ge=1, le=MAX_RUNS)]
    chunk_size: Annotated[int, Field(ge=1)] | None = None


class _Workers(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    workers: Annotated[int, Field(ge=1)] | None = None


def check_sweep_size(
    *, n_draws: int, seed: int, n_variants: int = 1, chunk_size: int | None = None
) -> None:
    """Refuse a sweep or attribution whose draws, runs, seed or chunk size are out of bounds.

    `n_variants` counts every variant run on the draws (the baseline included), or the
    2^k combinations of an attribution.
    """
    _validate(
        _SweepSize,
        n_draws=n_draws,
        seed=seed,
        n_runs=n_draws * n_variants,
        chunk_size=chunk_size,
    )


def check_workers(workers: int | None) -> None:
    """Refuse a number of workers below 1 (None: the executor's default)."""
    _validate(_Workers, workers=workers)


_NAMES = {"n_runs": "runs (draws × variants, or draws × combinations)"}


def _validate(model: type[BaseModel], **values: Any) -> None:
    try:
        model(**values)
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            name = ".".join(map(str, problem["loc"]))
            message = problem["msg"]
            problems.append(
                f"{_NAMES.get(name, name)} = {problem['input']}: {message[:1].lower()}{message[1:]}"
            )
        raise LimitError("; ".join(problems) + " (accord's limits: docs/experiments.md)") from None
