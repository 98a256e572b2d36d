"""Experiments: Monte Carlo sweeps, counterfactual variants, attribution, results store.

Entry points: `sweep(source, n_draws=..., variants=...)` and
`attribute(source, factors=..., n_draws=...)`.

Modules:
    sweep        draws, common random numbers, per-variant summaries
    attribution  exact Shapley values of a metric over factors (variants, events)
    statistics   Wilson and Newcombe intervals, partial rank correlations
    executors    local process pool and dask.distributed
    store        the DuckDB results store (runs, aggregates, stored attributions)
    limits       the seeds, draws, runs and workers accepted
"""
