"""Uncertain numbers: any number in a scenario may be a distribution.

A `Quantity` is either a plain number or one of

- ``{uniform: [low, high]}``
- ``{normal: [mean, sd]}``
- ``{beta: [a, b]}`` (on [0, 1])
- ``{triangular: [low, mode, high]}``
- ``{choice: [x1, x2, ...]}`` (each equally likely), or named readings
  ``{choice: {no-effect: 1.0, strong: 0.3}, probabilities: {no-effect: 0.4, strong: 0.6}}``

optionally with ``rationale`` (why this judgement) and ``sources`` (ids of the scenario's
sources). A single run uses the distribution's mean; a sweep samples it.

A bounded quantity (a value in [0, 1], a weight in [0, 1e9]) must have its whole support
inside the bounds; NaN and infinities are refused everywhere. A normal distribution has
unbounded support, so it is accepted on a bounded quantity only when mean ± 3 sd lies
inside the bounds; the rare draws beyond mean ± 3 sd (0.27%) are clipped to it.
"""

import math
from typing import Annotated, Any

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from accord.scenario._config import MODEL
from accord.scenario._refs import Id, SourceRef, accord_error

__all__ = [
    "Beta",
    "Choice",
    "Distribution",
    "NonNegative",
    "Normal",
    "Probability",
    "Quantity",
    "SignedUnit",
    "Triangular",
    "Uniform",
    "bounded",
    "quantity_mean",
    "quantity_support",
]

NORMAL_SIGMAS = 3.0
LARGEST_NON_NEGATIVE = 1e9
"""Upper bound of weights, exposures and vulnerabilities: their sums over issues stay finite."""


class _Judgement(BaseModel):
    model_config = MODEL

    rationale: str | None = Field(None, description="Why this judgement: the argument behind it.")
    sources: tuple[SourceRef, ...] = Field((), description="Ids of sources supporting it.")
    shared: Id | None = Field(
        None,
        description="Name of a judgement several numbers share: in a sweep, numbers with the "
        "same name take the same draw (give them the same distribution).",
    )


class Uniform(_Judgement):
    """Uniform on [low, high]."""

    uniform: tuple[float, float] = Field(description="[low, high], low < high.")

    @field_validator("uniform")
    @classmethod
    def _ordered(cls, bounds: tuple[float, float]) -> tuple[float, float]:
        if not bounds[0] < bounds[1]:
            raise accord_error(f"expected [low, high] with low < high, got {list(bounds)}")
        return bounds

    def mean(self) -> float:
        """Return the mean."""
        return (self.uniform[0] + self.uniform[1]) / 2

    def support(self) -> tuple[float, float]:
        """Return the smallest and largest possible values."""
        return self.uniform

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw `size` values."""
        return rng.uniform(self.uniform[0], self.uniform[1], size)


class Normal(_Judgement):
    """Normal with the given mean and standard deviation."""

    normal: tuple[float, float] = Field(description="[mean, sd], sd > 0.")

    @field_validator("normal")
    @classmethod
    def _positive_sd(cls, params: tuple[float, float]) -> tuple[float, float]:
        if not params[1] > 0:
            raise accord_error(f"expected [mean, sd] with sd > 0, got {list(params)}")
        return params

    def mean(self) -> float:
        """Return the mean."""
        return self.normal[0]

    def support(self) -> tuple[float, float]:
        """Return mean ± 3 sd, the range bounded quantities must contain."""
        mean, sd = self.normal
        return (mean - NORMAL_SIGMAS * sd, mean + NORMAL_SIGMAS * sd)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw `size` values."""
        return rng.normal(self.normal[0], self.normal[1], size)


class Beta(_Judgement):
    """Beta(a, b) on [0, 1]."""

    beta: tuple[float, float] = Field(description="[a, b], both > 0.")

    @field_validator("beta")
    @classmethod
    def _positive(cls, params: tuple[float, float]) -> tuple[float, float]:
        if not (params[0] > 0 and params[1] > 0):
            raise accord_error(f"expected [a, b] with a > 0 and b > 0, got {list(params)}")
        return params

    def mean(self) -> float:
        """Return the mean a / (a + b)."""
        return self.beta[0] / (self.beta[0] + self.beta[1])

    def support(self) -> tuple[float, float]:
        """Return [0, 1]."""
        return (0.0, 1.0)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw `size` values."""
        return rng.beta(self.beta[0], self.beta[1], size)


class Triangular(_Judgement):
    """Triangular on [low, high] with the given mode."""

    triangular: tuple[float, float, float] = Field(description="[low, mode, high].")

    @field_validator("triangular")
    @classmethod
    def _ordered(cls, params: tuple[float, float, float]) -> tuple[float, float, float]:
        low, mode, high = params
        if not (low <= mode <= high and low < high):
            raise accord_error(
                "expected [low, mode, high] with low <= mode <= high and "
                f"low < high, got {list(params)}"
            )
        return params

    def mean(self) -> float:
        """Return the mean (low + mode + high) / 3."""
        return sum(self.triangular) / 3

    def support(self) -> tuple[float, float]:
        """Return [low, high]."""
        return (self.triangular[0], self.triangular[2])

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw `size` values."""
        low, mode, high = self.triangular
        return rng.triangular(low, mode, high, size)


class Choice(_Judgement):
    """One of several values: a list (each equally likely) or named readings.

    Named readings map a name to its value, ``{choice: {no-effect: 1.0, strong: 0.3}}``,
    each equally likely unless `probabilities` gives each name's probability. A sweep
    draws one uniform number per draw and picks the reading whose cumulative
    probability it falls under, so variants that keep the readings keep the draws.
    """

    choice: Annotated[
        Annotated[tuple[float, ...], Field(min_length=1), Tag("listed")]
        | Annotated[dict[Id, float], Field(min_length=1), Tag("named")],
        Discriminator(lambda value: "named" if isinstance(value, dict) else "listed"),
    ] = Field(description="The possible values, or {reading name: value}.")
    probabilities: dict[Id, float] | None = Field(
        None,
        description="Probability of each named reading (they sum to 1); default: equal.",
    )

    @model_validator(mode="after")
    def _probabilities_of_the_readings(self) -> "Choice":
        if self.probabilities is None:
            return self
        if not isinstance(self.choice, dict):
            raise accord_error("probabilities need named readings: {choice: {name: value}}")
        if set(self.probabilities) != set(self.choice):
            raise accord_error(
                f"expected a probability for each reading ({', '.join(self.choice)}), got "
                f"{', '.join(self.probabilities) or 'none'}"
            )
        weights = list(self.probabilities.values())
        if any(not 0 <= w <= 1 for w in weights) or abs(math.fsum(weights) - 1) > 1e-9:
            raise accord_error(f"expected probabilities in [0, 1] summing to 1, got {weights}")
        return self

    @property
    def values(self) -> tuple[float, ...]:
        """The possible values, in order."""
        return tuple(self.choice.values()) if isinstance(self.choice, dict) else self.choice

    @property
    def weights(self) -> tuple[float, ...] | None:
        """Each value's probability, in order (None: equally likely)."""
        if self.probabilities is None or not isinstance(self.choice, dict):
            return None
        return tuple(self.probabilities[name] for name in self.choice)

    def mean(self) -> float:
        """Return the (probability-weighted) average of the values."""
        weights = self.weights
        if weights is None:
            return math.fsum(self.values) / len(self.values)
        return math.fsum(w * v for w, v in zip(weights, self.values, strict=True))

    def support(self) -> tuple[float, float]:
        """Return the smallest and largest value."""
        return (min(self.values), max(self.values))

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw `size` values."""
        values = np.asarray(self.values, dtype=float)
        weights = self.weights
        if weights is None:
            return values[rng.integers(0, len(values), size)]
        cumulative = np.cumsum(weights)
        picked = np.searchsorted(cumulative, rng.random(size), side="right")
        return values[np.minimum(picked, len(values) - 1)]


Distribution = Uniform | Normal | Beta | Triangular | Choice
_KINDS = ("uniform", "normal", "beta", "triangular", "choice")


def _quantity_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        kinds = [kind for kind in _KINDS if kind in value]
        if len(kinds) == 1:
            return kinds[0]
    if isinstance(value, BaseModel):
        return type(value).__name__.lower()
    return None


Quantity = Annotated[
    Annotated[float, Tag("number")]
    | Annotated[Uniform, Tag("uniform")]
    | Annotated[Normal, Tag("normal")]
    | Annotated[Beta, Tag("beta")]
    | Annotated[Triangular, Tag("triangular")]
    | Annotated[Choice, Tag("choice")],
    Discriminator(
        _quantity_kind,
        custom_error_type="quantity",
        custom_error_message="expected a number, or a distribution written as a mapping with "
        "one of the keys uniform, normal, beta, triangular or choice",
    ),
]


def quantity_mean(value: float | Distribution) -> float:
    """Return a plain number itself, or a distribution's mean."""
    return float(value) if isinstance(value, int | float) else value.mean()


def quantity_support(value: float | Distribution) -> tuple[float, float]:
    """Return the range a quantity's draws fall in (a number: itself twice)."""
    if isinstance(value, int | float):
        return (float(value), float(value))
    return value.support()


def _interval(low: float, high: float) -> str:
    if high == math.inf:
        return f">= {_number(low)}"
    if low == -math.inf:
        return f"<= {_number(high)}"
    return f"in [{_number(low)}, {_number(high)}]"


def _number(value: float) -> str:
    """Write a bound as a person would: ``0.5``, ``1e9``, ``1e-9``."""
    return f"{value:g}".replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")


def bounded(low: float = -math.inf, high: float = math.inf) -> AfterValidator:
    """Validator: the quantity (its whole support, for a distribution) lies in [low, high]."""

    def check(value: float | Distribution) -> float | Distribution:
        if isinstance(value, int | float):
            if not (low <= value <= high) or math.isnan(value):
                raise accord_error(f"expected a number {_interval(low, high)}, got {value}")
            return value
        lo, hi = value.support()
        if lo < low or hi > high:
            what = "mean ± 3 sd" if isinstance(value, Normal) else "the distribution's range"
            raise accord_error(f"{what} [{lo:g}, {hi:g}] must lie {_interval(low, high)}")
        return value

    return AfterValidator(check)


Probability = Annotated[Quantity, bounded(0.0, 1.0)]
NonNegative = Annotated[Quantity, bounded(0.0, LARGEST_NON_NEGATIVE)]
SignedUnit = Annotated[Quantity, bounded(-1.0, 1.0)]
