"""GeniusWeb JSON: linear additive profiles, read into and written from accord.

A GeniusWeb profile file holds one ``LinearAdditiveUtilitySpace``: the domain (its
issues and their values), a weight per issue, a value set utility per issue and an
optional reservation bid. GeniusWeb evaluates

    U(o) = Σ_k w_k · u_k(o_k)

with weights summing to 1 and every u_k in [0, 1]: a discrete issue's ``discreteutils``
give u_k directly; a number issue's ``numberutils`` interpolate linearly between
(lowValue, lowUtility) and (highValue, highUtility), rounded half up to 8 decimals, 0
outside that range. accord keeps these numbers as the option values and weights; the
reservation value is the utility of the reservation bid (0 without one).

Entry points: `read_geniusweb` (profile files → `AdditiveCase`) and `geniusweb_files`
(case → files). The files are validated with pydantic models: an error names the file,
the line and column, and the JSON path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from accord.errors import LimitError, Problem, ScenarioError
from accord.interop.additive import AdditiveCase, AdditiveIssue, AdditiveProfile
from accord.scenario._document import LocatedDocument
from accord.scenario._yaml import read_document
from accord.scenario.load import validate_model

__all__ = ["MAX_NUMBER_VALUES", "GeniusWebProfile", "geniusweb_files", "read_geniusweb"]

MAX_NUMBER_VALUES = 100_000
"""Most values a number issue's range may hold."""

_MODEL = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
_Unit = Annotated[float, Field(ge=0, le=1)]
_EIGHT_DECIMALS = Decimal("1.00000000")


class _ValueSet(BaseModel):
    """An issue's values: a list of discrete values, or a number range [low, high, step]."""

    model_config = _MODEL

    values: tuple[str, ...] | None = Field(None, min_length=1)
    range: tuple[Decimal, Decimal, Decimal] | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> _ValueSet:
        if (self.values is None) == (self.range is None):
            raise ValueError("expected exactly one of 'values' or 'range'")
        if self.range is not None and (self.range[2] <= 0 or self.range[1] < self.range[0]):
            raise ValueError("expected a range [low, high, step] with low ≤ high and step > 0")
        return self

    def names(self) -> tuple[str, ...]:
        """Return the values as text, in order (a range is enumerated)."""
        if self.values is not None:
            return self.values
        assert self.range is not None
        low, high, step = self.range
        n_values = int((high - low) / step) + 1
        if n_values > MAX_NUMBER_VALUES:
            raise LimitError(
                f"a number issue's range holds {n_values:,} values; accord enumerates at "
                f"most {MAX_NUMBER_VALUES:,}"
            )
        return tuple(str(low + k * step) for k in range(n_values))


class _Domain(BaseModel):
    model_config = _MODEL

    name: str
    issuesValues: dict[str, _ValueSet] = Field(min_length=1)  # noqa: N815 (GeniusWeb's key)


class _DiscreteUtilities(BaseModel):
    model_config = _MODEL

    valueUtilities: dict[str, _Unit]  # noqa: N815


class _NumberUtilities(BaseModel):
    model_config = _MODEL

    lowValue: Decimal  # noqa: N815
    lowUtility: Annotated[Decimal, Field(ge=0, le=1)]  # noqa: N815
    highValue: Decimal  # noqa: N815
    highUtility: Annotated[Decimal, Field(ge=0, le=1)]  # noqa: N815

    @model_validator(mode="after")
    def _ordered(self) -> _NumberUtilities:
        if self.highValue <= self.lowValue:
            raise ValueError("expected highValue > lowValue")
        return self

    def utility(self, value: Decimal) -> float:
        """Return GeniusWeb's utility of a number value."""
        if value < self.lowValue or value > self.highValue:
            return 0.0
        span = self.highUtility - self.lowUtility
        share = span * (value - self.lowValue) / (self.highValue - self.lowValue)
        return float((self.lowUtility + share).quantize(_EIGHT_DECIMALS, ROUND_HALF_UP))


class _IssueUtilities(BaseModel):
    model_config = _MODEL

    discreteutils: _DiscreteUtilities | None = None
    numberutils: _NumberUtilities | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> _IssueUtilities:
        if (self.discreteutils is None) == (self.numberutils is None):
            raise ValueError("expected exactly one of 'discreteutils' or 'numberutils'")
        return self


class _Bid(BaseModel):
    model_config = _MODEL

    issuevalues: dict[str, str | Decimal]


class _LinearAdditive(BaseModel):
    model_config = _MODEL

    name: str
    domain: _Domain
    issueWeights: dict[str, _Unit]  # noqa: N815
    issueUtilities: dict[str, _IssueUtilities]  # noqa: N815
    reservationBid: _Bid | None = None  # noqa: N815


class GeniusWebProfile(BaseModel):
    """A GeniusWeb profile file: one linear additive utility space."""

    model_config = _MODEL

    LinearAdditiveUtilitySpace: _LinearAdditive = Field(
        description="The only kind of GeniusWeb profile accord reads."
    )


def read_geniusweb(files: Sequence[str | Path]) -> AdditiveCase:
    """Read GeniusWeb profile files (over one domain) into an `AdditiveCase`.

    A GeniusWeb domain file (``{"name", "issuesValues"}``) may come first: every profile
    must then be over that domain.
    """
    given, profiles = _domain_file(Path(files[0])), list(files)
    if given is not None:
        profiles = profiles[1:]
    if len(profiles) < 2:
        raise ScenarioError.single(
            files[0], f"expected at least two GeniusWeb profiles, got {len(profiles)}"
        )
    read = [_read_profile(Path(path)) for path in profiles]
    domain = given[1] if given is not None else read[0][1].domain
    first = Path(files[0]).name
    issues = tuple(
        AdditiveIssue(name, value_set.names()) for name, value_set in domain.issuesValues.items()
    )
    for document, space in read:
        if space.domain != domain:
            raise _problem(
                document,
                ("LinearAdditiveUtilitySpace", "domain"),
                f"the domain differs from the one of {first}; "
                "expected every profile over the same domain",
            )
    source = "Imported from the GeniusWeb profiles " + ", ".join(Path(p).name for p in profiles)
    return AdditiveCase(
        name=domain.name,
        issues=issues,
        profiles=tuple(_profile(document, space, issues) for document, space in read),
        source=source + ".",
    )


def _domain_file(path: Path) -> tuple[LocatedDocument, _Domain] | None:
    """Read a GeniusWeb domain file; None if the file is not one (a profile)."""
    document = read_document(path)
    if not (isinstance(document.data, dict) and "issuesValues" in document.data):
        return None
    model, problems = validate_model(_Domain, document)
    if model is None:
        raise ScenarioError(document.path, tuple(problems))
    return document, model


def _read_profile(path: Path) -> tuple[LocatedDocument, _LinearAdditive]:
    document = read_document(path)
    if isinstance(document.data, dict) and len(document.data) == 1:
        (kind,) = document.data
        if kind != "LinearAdditiveUtilitySpace":
            raise _problem(
                document,
                (kind,),
                f"a '{kind}' profile is not supported; accord reads LinearAdditiveUtilitySpace",
            )
    model, problems = validate_model(GeniusWebProfile, document)
    if model is None:
        raise ScenarioError(document.path, tuple(problems))
    return document, model.LinearAdditiveUtilitySpace


def _profile(
    document: LocatedDocument, space: _LinearAdditive, issues: Sequence[AdditiveIssue]
) -> AdditiveProfile:
    root = ("LinearAdditiveUtilitySpace",)
    names = [issue.name for issue in issues]
    for key, given in (
        ("issueWeights", space.issueWeights),
        ("issueUtilities", space.issueUtilities),
    ):
        unknown = [name for name in given if name not in names]
        missing = [name for name in names if name not in given]
        if unknown or missing:
            what = (
                f"unknown issue(s) {', '.join(unknown)}"
                if unknown
                else (f"missing issue(s) {', '.join(missing)}")
            )
            raise _problem(
                document, (*root, key), f"{what}; the domain's issues: {', '.join(names)}"
            )
    total = 0.0
    for name in names:
        total += space.issueWeights[name]
    if abs(total - 1.0) > 1e-6:
        raise _problem(
            document, (*root, "issueWeights"), f"the weights sum to {total:.6g}; expected 1"
        )
    tables = tuple(_table(document, space, issue) for issue in issues)
    weights = tuple(space.issueWeights[name] for name in names)
    return AdditiveProfile(
        name=space.name,
        weights=weights,
        values=tables,
        reservation_value=_reservation(document, space, issues, weights, tables),
    )


def _table(
    document: LocatedDocument, space: _LinearAdditive, issue: AdditiveIssue
) -> tuple[float, ...]:
    utilities = space.issueUtilities[issue.name]
    where = ("LinearAdditiveUtilitySpace", "issueUtilities", issue.name)
    if utilities.numberutils is not None:
        if space.domain.issuesValues[issue.name].range is None:
            raise _problem(
                document, where, "number utilities for a discrete issue; expected discreteutils"
            )
        return tuple(utilities.numberutils.utility(Decimal(value)) for value in issue.values)
    assert utilities.discreteutils is not None
    given = utilities.discreteutils.valueUtilities
    unknown = [value for value in given if value not in issue.values]
    missing = [value for value in issue.values if value not in given]
    if unknown or missing:
        what = (
            f"unknown value(s) {', '.join(unknown)}"
            if unknown
            else (f"no utility for value(s) {', '.join(missing)}")
        )
        raise _problem(
            document, (*where, "discreteutils", "valueUtilities"), f"{what} of issue '{issue.name}'"
        )
    return tuple(given[value] for value in issue.values)


def _reservation(
    document: LocatedDocument,
    space: _LinearAdditive,
    issues: Sequence[AdditiveIssue],
    weights: Sequence[float],
    tables: Sequence[Sequence[float]],
) -> float:
    if space.reservationBid is None:
        return 0.0
    bid = space.reservationBid.issuevalues
    where = ("LinearAdditiveUtilitySpace", "reservationBid", "issuevalues")
    utility = 0.0
    for issue, weight, table in zip(issues, weights, tables, strict=True):
        if issue.name not in bid:
            raise _problem(
                document, where, f"the reservation bid has no value for issue '{issue.name}'"
            )
        index = _value_index(issue, bid[issue.name])
        if index is None:
            raise _problem(
                document,
                (*where, issue.name),
                f"'{bid[issue.name]}' is not a value of issue '{issue.name}'",
            )
        utility += weight * table[index]
    return min(1.0, max(0.0, utility))


def _value_index(issue: AdditiveIssue, value: str | Decimal) -> int | None:
    for index, name in enumerate(issue.values):
        if name == str(value) or _same_number(name, value):
            return index
    return None


def _same_number(name: str, value: str | Decimal) -> bool:
    try:
        return Decimal(name) == Decimal(value)
    except InvalidOperation:
        return False


def _problem(document: LocatedDocument, path: tuple[str, ...], message: str) -> ScenarioError:
    mark = document.marks.get(path, (0, 0))
    location = ".".join(path)
    return ScenarioError(document.path, (Problem(location, message, *mark),))


def geniusweb_files(
    case: AdditiveCase,
    stem: str,
    party_ids: Sequence[str],
    reservation_bids: Sequence[dict[str, str] | None],
) -> dict[str, str]:
    """Return the GeniusWeb files of a case: file name → JSON text (domain, then profiles)."""
    domain = {
        "name": case.name,
        "issuesValues": {issue.name: {"values": list(issue.values)} for issue in case.issues},
    }
    files = {f"{stem}-domain.json": _dumps(domain)}
    for party, profile, bid in zip(party_ids, case.profiles, reservation_bids, strict=True):
        space: dict[str, Any] = {
            "domain": domain,
            "name": profile.name,
            "issueWeights": {
                issue.name: weight
                for issue, weight in zip(case.issues, profile.weights, strict=True)
            },
            "issueUtilities": {
                issue.name: {
                    "discreteutils": {"valueUtilities": dict(zip(issue.values, table, strict=True))}
                }
                for issue, table in zip(case.issues, profile.values, strict=True)
            },
        }
        if bid is not None:
            space["reservationBid"] = {"issuevalues": bid}
        files[f"{party}.json"] = _dumps({"LinearAdditiveUtilitySpace": space})
    return files


def _dumps(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
