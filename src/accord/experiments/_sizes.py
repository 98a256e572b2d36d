"""The sizes of experiments accord accepts, as plain numbers.

Kept apart from `accord.experiments.limits`, which checks them with pydantic, so that the
`accord` command can declare its options without importing pydantic at start-up. What
each bound protects is said in `limits`.
"""

MAX_SEED = 2**63 - 1
MAX_DRAWS = 1_000_000
MAX_RUNS = 10_000_000
