"""The scenario format, version 1, as pydantic models.

A scenario file is the contract between an analyst and accord: every party, issue,
option, preference and assumption is written in it, named and sourced. These models
validate such a file (`frozen`, `extra="forbid"`: a misspelt key is an error, not a
silent default); `accord schema` prints their JSON Schema for editor completion.

The entry point is `accord.scenario.load_scenario`, which reads a file, builds the
validation context (the ids the file declares) and turns validation errors into
located messages.
"""

import datetime as dt
import typing
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StringConstraints,
    Tag,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from accord.scenario._coherence import is_zero_weight, role_problems, scenario_problems
from accord.scenario._config import MODEL
from accord.scenario._refs import (
    Id,
    IssueRef,
    PartyRef,
    Pattern,
    Problems,
    Registry,
    SourceRef,
    UniqueIds,
    checked,
    option_problems,
    problems_error,
    raw_ids,
    raw_unique_id_problems,
    registry_of,
    validate_reporting,
    written_data,
)
from accord.scenario.conflict import Conflict
from accord.scenario.distributions import Choice, NonNegative, Probability, SignedUnit
from accord.scenario.process import (
    AlternatingOffers,
    Calendar,
    Commitment,
    Event,
    GuarantorThreshold,
    Mediator,
    Protocol,
    Round,
    SingleText,
    Strategy,
    SubgamePerfect,
)
from accord.scenario.texts import HistoricalText

__all__ = [
    "FORMAT_VERSION",
    "Alternative",
    "Document",
    "Forbid",
    "Implication",
    "Interaction",
    "Issue",
    "Option",
    "Party",
    "Pattern",
    "Pin",
    "Preferences",
    "Remove",
    "Scenario",
    "Set",
    "Source",
    "StructuralReading",
    "Variant",
]

FORMAT_VERSION = 1


def _not_a_flag(value: Any) -> Any:
    # `true` equals 1 to Python: a format version is a number.
    if isinstance(value, bool):
        raise ValueError(f"expected the format version {FORMAT_VERSION}, got {str(value).lower()}")
    return value


SCENARIO_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ScenarioId = Annotated[str, StringConstraints(pattern=SCENARIO_ID_PATTERN, max_length=80)]
Role = Literal["party", "mediator", "guarantor", "observer"]
AdditionalRole = Literal["mediator", "guarantor"]
Text = Annotated[str, StringConstraints(min_length=1)]


class Source(BaseModel):
    """A document the scenario cites."""

    model_config = MODEL

    id: Id = Field(description="Id other entries cite in their `sources` lists.")
    title: Text = Field(description="Title of the document.")
    publisher: str | None = Field(None, description="Publisher, outlet or journal.")
    date: (
        Annotated[str, BeforeValidator(lambda v: v.isoformat() if isinstance(v, dt.date) else v)]
        | None
    ) = Field(None, description="Publication date, ISO 8601 (a year or month is fine).")
    url: str | None = Field(None, description="Where the document can be read.")
    note: str | None = Field(None, description="Caveats on the source's quality or use.")


class Party(BaseModel):
    """A participant: a negotiating party, the mediator, a guarantor or an observer."""

    model_config = MODEL

    id: Id = Field(description="Short id used everywhere else in the file.")
    name: Text = Field(description="Full name (not empty).")
    role: Role = Field(
        description="party (negotiates, has preferences), mediator, guarantor or observer."
    )
    additional_roles: tuple[AdditionalRole, ...] = Field(
        (),
        description="Further roles it plays: mediator or guarantor, e.g. a mediator that "
        "is also named as a guarantor (`role: mediator`, `additional_roles: [guarantor]`).",
    )
    description: str | None = Field(None, description="Who they are; delegation heads.")
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")

    @model_validator(mode="after")
    def _consistent_roles(self) -> "Party":
        problems = role_problems(self.role, self.additional_roles)
        if problems:
            raise problems_error(problems)
        return self

    @property
    def roles(self) -> tuple[str, ...]:
        """Return every role the party plays: its `role`, then its `additional_roles`."""
        return (self.role, *self.additional_roles)


class Option(BaseModel):
    """One option of an issue."""

    model_config = MODEL

    id: Id = Field(description="Option id, unique within its issue.")
    name: str | None = Field(None, description="Readable name.")
    description: str | None = Field(None, description="What choosing it means.")
    defers: StrictBool = Field(
        False,
        description="Choosing it leaves the issue open for later talks: a text with it is "
        "a partial agreement (allowed only with `protocol.partial: true`).",
    )
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")


def _options_as_models(options: Any) -> Any:
    if isinstance(options, list | tuple):
        return [{"id": option} if isinstance(option, str) else option for option in options]
    return options


class Issue(BaseModel):
    """An issue of the negotiated text and its options."""

    model_config = MODEL

    id: Id = Field(description="Issue id.")
    name: Text = Field(description="Readable name.")
    description: str | None = Field(None, description="What the issue is about.")
    options: Annotated[tuple[Option, ...], BeforeValidator(_options_as_models), UniqueIds] = Field(
        min_length=1, description="Options: ids, or {id, name, description}."
    )
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")

    @property
    def option_ids(self) -> tuple[str, ...]:
        """Return the option ids in declared order."""
        return tuple(option.id for option in self.options)


class Implication(BaseModel):
    """Feasibility rule: outcomes matching `if` must match `then`."""

    model_config = ConfigDict(**MODEL, populate_by_name=True)

    if_: Pattern = Field(alias="if", description="Partial outcome that triggers the rule.")
    then: Pattern = Field(description="What every triggered outcome must match.")
    description: str | None = Field(None, description="The rule in words.")
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")


class Forbid(BaseModel):
    """Feasibility rule: no outcome may match this combination."""

    model_config = MODEL

    forbid: Pattern = Field(description="Partial outcome that is not allowed.")
    description: str | None = Field(None, description="The rule in words.")
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")


def _constraint_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "implication" if "if" in value else "forbid" if "forbid" in value else None
    return type(value).__name__.lower() if isinstance(value, BaseModel) else None


Constraint = Annotated[
    Annotated[Implication, Tag("implication")] | Annotated[Forbid, Tag("forbid")],
    Discriminator(
        _constraint_kind,
        custom_error_type="constraint",
        custom_error_message="expected a rule with the keys 'if' and 'then', or "
        "with the key 'forbid'",
    ),
]


def _linked_document_problems(items: Any, info: ValidationInfo) -> Problems:
    """Every `linked_to` names a document of the list."""
    ids = [i for i in raw_ids(items) if isinstance(i, str)]
    problems: Problems = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        linked = item.get("linked_to") if isinstance(item, dict) else None
        for j, other in enumerate(linked if isinstance(linked, list) else []):
            if isinstance(other, str) and other not in ids:
                problems.append(
                    (
                        (index, "linked_to", j),
                        f"unknown document '{other}'; known document ids: {', '.join(ids)}",
                    )
                )
    return problems + raw_unique_id_problems(items, info)


class Document(BaseModel):
    """A document of the agreement: some issues, accepted when none of them is deferred."""

    model_config = MODEL

    id: Id = Field(description="Document id.")
    name: Text = Field(description="Readable name, e.g. 'Treaty' or 'Side letter on water'.")
    issues: tuple[IssueRef, ...] = Field(min_length=1, description="The issues it settles.")
    linked_to: tuple[Id, ...] = Field(
        (),
        description="Documents accepted together with it or not at all: a text may not "
        "settle all of this one's issues while deferring one of theirs, nor the reverse.",
    )
    description: str | None = Field(None, description="What the document is.")
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")


class Interaction(BaseModel):
    """A value added to a party's utility when a combination of options occurs."""

    model_config = MODEL

    when: Pattern = Field(description="Partial outcome that triggers the interaction.")
    value: SignedUnit = Field(description="Added to the utility, in [-1, 1].")
    description: str | None = Field(None, description="Why the options interact.")
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")


class Preferences(BaseModel):
    """A party's utility over outcomes and its value of no agreement.

    u_i(o) = Σ_k w̃_ik · v_ik(o_k) + Σ (values of interactions whose `when` matches o),
    with w̃ the weights normalised to sum 1.
    """

    model_config = MODEL

    weights: dict[IssueRef, NonNegative] = Field(
        description="Importance of each issue, in [0, 1e9]; normalised to sum 1. Every issue "
        "is listed (0 if the party does not care); at least one is positive."
    )
    values: dict[IssueRef, dict[Id, Probability]] = Field(
        description="Value in [0, 1] of every option of every issue with a non-zero weight."
    )
    interactions: tuple[Interaction, ...] = Field(
        (), description="Values added to the utility when combinations of options occur."
    )
    red_lines: tuple[Pattern, ...] = Field(
        (), description="Partial outcomes this party never accepts (any match is unacceptable)."
    )
    reservation_value: Probability = Field(
        description="Value of no agreement (BATNA), on the utility scale [0, 1]."
    )
    description: str | None = Field(None, description="The party's position in words.")
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")


def _preference_problems(value: Any, info: ValidationInfo) -> Problems:
    """Every issue weighted, every option of a weighted issue valued, no unknown option."""
    registry = registry_of(info)
    if registry is None or not isinstance(value, dict):
        return []
    given = value.get("values")
    tables: dict[Any, Any] = given if isinstance(given, dict) else {}
    problems: Problems = []
    for issue, table in tables.items():
        if not isinstance(table, dict):
            continue
        problems += option_problems(issue, ((("values", issue, o), o) for o in table), info)
        declared = registry.issues.get(issue, ()) if isinstance(issue, str) else ()
        absent = [option for option in declared if option not in table]
        if absent:
            problems.append(
                (
                    ("values", issue),
                    f"missing value for option(s) {', '.join(absent)} of issue '{issue}'",
                )
            )
    weights = value.get("weights")
    if isinstance(weights, dict):
        problems += _weight_problems(weights, tables, registry)
    return problems


def _weight_problems(
    weights: dict[Any, Any], tables: dict[Any, Any], registry: Registry
) -> Problems:
    missing = [issue for issue in registry.issues if issue not in weights]
    if missing:
        return [
            (
                ("weights",),
                f"missing weight for issue(s) {', '.join(missing)}; "
                "give every issue a weight (0 if the party does not care)",
            )
        ]
    problems: Problems = []
    if all(is_zero_weight(weight) for weight in weights.values()):
        problems.append((("weights",), "expected at least one positive weight, got all zero"))
    for issue, weight in weights.items():
        if issue in registry.issues and issue not in tables and not is_zero_weight(weight):
            problems.append(
                (("values",), f"missing values for issue '{issue}', which has a non-zero weight")
            )
    return problems


class Set(BaseModel):
    """Patch: set the value at a dotted path (list items are addressed by id)."""

    model_config = MODEL

    set: Text = Field(description="Dotted path, e.g. preferences.A.reservation_value.")
    value: Any = Field(description="The new value (a number, a distribution, any entry).")


class Remove(BaseModel):
    """Patch: remove the list item with an id, or a mapping key, at a dotted path."""

    model_config = MODEL

    remove: Text = Field(description="Dotted path ending with the id or key, e.g. events.bucha.")


class Pin(BaseModel):
    """Patch: fix a structural reading at one of its alternatives (apply its patches)."""

    model_config = MODEL

    pin: Id = Field(description="Id of a reading under `readings`.")
    to: Id = Field(description="The alternative to fix it at.")


def _patch_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for kind in ("set", "remove", "pin"):
            if kind in value:
                return kind
        return None
    return type(value).__name__.lower() if isinstance(value, BaseModel) else None


Patch = Annotated[
    Annotated[Set, Tag("set")] | Annotated[Remove, Tag("remove")] | Annotated[Pin, Tag("pin")],
    Discriminator(
        _patch_kind,
        custom_error_type="patch",
        custom_error_message="expected a patch with the keys 'set' and 'value', "
        "with the key 'remove', or with the keys 'pin' and 'to'",
    ),
]

ReadingPatch = Annotated[
    Annotated[Set, Tag("set")] | Annotated[Remove, Tag("remove")],
    Discriminator(
        _patch_kind,
        custom_error_type="patch",
        custom_error_message="expected a patch with the keys 'set' and 'value', "
        "or with the key 'remove'",
    ),
]


class Alternative(BaseModel):
    """One alternative of a structural reading: its probability and what it changes."""

    model_config = MODEL

    probability: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        description="Probability of this alternative in a sweep, in [0, 1]."
    )
    description: str | None = Field(None, description="The interpretation, in words.")
    patches: tuple[ReadingPatch, ...] = Field(
        (), description="Patches that make the file say this; none: the file as written."
    )


class StructuralReading(BaseModel):
    """Competing interpretations that change the structure of the case, not a number.

    Exactly one alternative has no patches: the file as written, which single runs and
    the analysis use. A sweep draws an alternative for each draw (a `choice` with the
    alternatives' probabilities, from the stream of its path ``readings.<id>``, so
    variants keep the draws) and runs the draw on the file patched accordingly. The
    patch ``{pin: <id>, to: <alternative>}`` fixes it, in a variant or an attribution.
    """

    model_config = MODEL

    description: str | None = Field(None, description="What is contested, in words.")
    alternatives: dict[Id, Alternative] = Field(
        min_length=2, description="The alternatives, by name."
    )
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")

    @model_validator(mode="after")
    def _one_as_written(self) -> "StructuralReading":
        total = sum(a.probability for a in self.alternatives.values())
        unpatched = [name for name, a in self.alternatives.items() if not a.patches]
        problems: Problems = []
        if abs(total - 1.0) > 1e-9:
            problems.append(((), f"expected probabilities summing to 1, got {total:g}"))
        if len(unpatched) != 1:
            problems.append(
                (
                    ("alternatives",),
                    "expected exactly one alternative without patches (the file as written), "
                    f"got {len(unpatched)}",
                )
            )
        if problems:
            raise problems_error(problems)
        return self

    @property
    def as_written(self) -> str:
        """The alternative the file as written says."""
        return next(name for name, a in self.alternatives.items() if not a.patches)

    @cached_property
    def choice(self) -> Choice:
        """The draw of an alternative: its position among the alternatives."""
        return Choice(
            choice={name: float(i) for i, name in enumerate(self.alternatives)},
            probabilities={name: a.probability for name, a in self.alternatives.items()},
        )


class Variant(BaseModel):
    """A named counterfactual: patches applied to the scenario."""

    model_config = MODEL

    description: str | None = Field(None, description="What the variant changes, in words.")
    patches: tuple[Patch, ...] = Field(min_length=1, description="Patches, applied in order.")


def _variant_as_model(value: Any) -> Any:
    return {"patches": value} if isinstance(value, list | tuple) else value


VariantEntry = Annotated[Variant, BeforeValidator(_variant_as_model)]
"""A variant as written: a list of patches, or ``{description, patches}``."""


def _preference_party_problems(value: Any, info: ValidationInfo) -> Problems:
    registry = registry_of(info)
    if registry is None or not isinstance(value, dict):
        return []
    missing = [p for p, role in registry.parties.items() if role == "party" and p not in value]
    if not missing:
        return []
    return [
        (
            (),
            f"missing preferences for party {', '.join(missing)} "
            "(every party with role 'party' needs preferences)",
        )
    ]


_ROLES = typing.get_args(Role)


def _party_problems(items: Any, info: ValidationInfo) -> Problems:
    problems = raw_unique_id_problems(items, info)
    roles = (
        [item.get("role") for item in items if isinstance(item, dict)]
        if isinstance(items, list)
        else []
    )
    if roles and len(roles) == len(items) and all(role in _ROLES for role in roles):
        n_negotiating = roles.count("party")
        if n_negotiating < 2:
            problems.append(
                ((), f"expected at least two parties with role 'party', got {n_negotiating}")
            )
    return problems


class Scenario(BaseModel):
    """A negotiation written down as data: parties, issues, preferences, process, variants."""

    model_config = ConfigDict(**MODEL, title="accord scenario")

    accord: Annotated[Literal[1], BeforeValidator(_not_a_flag)] = Field(
        description="Scenario format version; this is version 1."
    )
    id: ScenarioId = Field(
        description="Lowercase letters, digits and hyphens, at most 80 (e.g. istanbul-2022)."
    )
    title: Text = Field(description="A short title.")
    description: str | None = Field(None, description="What the case is, in a paragraph.")
    sources: Annotated[tuple[Source, ...], UniqueIds] = Field(
        (), description="Documents that entries below cite by id."
    )
    parties: Annotated[tuple[Party, ...], checked(_party_problems)] = Field(
        description="Everyone involved and their role; at least two with role party."
    )
    issues: Annotated[tuple[Issue, ...], UniqueIds] = Field(
        min_length=1, description="The issues of the negotiated text."
    )
    constraints: tuple[Constraint, ...] = Field(
        (), description="Feasibility rules over whole outcomes."
    )
    documents: Annotated[tuple[Document, ...], checked(_linked_document_problems)] = Field(
        (), description="Documents of the agreement and the links between them."
    )
    preferences: Annotated[
        dict[PartyRef, Annotated[Preferences, checked(_preference_problems)]],
        checked(_preference_party_problems),
    ] = Field(description="Each party's utility and reservation value.")
    commitment: Commitment | None = Field(
        None, description="Trust and commitment: vulnerabilities, guarantees, breach losses."
    )
    beliefs: dict[PartyRef, dict[PartyRef, Probability]] = Field(
        {},
        description="beliefs[holder][about]: holder's initial belief that `about` honours "
        "an agreement. Without an entry the belief is 1.",
    )
    guarantors: dict[PartyRef, GuarantorThreshold] = Field(
        {},
        description="Each guarantor's willingness to be drawn in; a guarantor without an "
        "entry always consents.",
    )
    calendar: Calendar | None = Field(None, description="First and last day of the talks.")
    rounds: Annotated[tuple[Round, ...], UniqueIds] = Field(
        (), description="Dated rounds; without them the talks are one round."
    )
    events: Annotated[tuple[Event, ...], UniqueIds] = Field(
        (), description="Dated events that move beliefs, reservation values and preferences."
    )
    protocol: Protocol | None = Field(
        None,
        description="How offers are made and accepted; default: single_text when a party has "
        "role mediator, else alternating_offers.",
    )
    mediator: Mediator | None = Field(None, description="The mediator's drafting assumptions.")
    strategies: dict[PartyRef, Strategy] = Field(
        {},
        description="Each negotiating party's strategy; default: linear time_based under "
        "alternating_offers, accepting what reaches the reservation value under single_text.",
    )
    variants: dict[Id, VariantEntry] = Field({}, description="Named counterfactual patches.")
    readings: dict[Id, StructuralReading] = Field(
        {},
        description="Structural readings: competing interpretations that change red lines, "
        "options or events, sampled by sweeps and pinned by variants.",
    )
    texts: Annotated[tuple[HistoricalText, ...], UniqueIds] = Field(
        (),
        description="Historical texts (drafts, communiques, treaties) scored against the "
        "model on every date.",
    )
    conflict: Conflict | None = Field(
        None,
        description="The strategic structure as a graph model (GMCR): decision makers, "
        "options or states, moves and preferences; analysed by `accord gmcr`.",
    )

    @model_validator(mode="wrap")
    @classmethod
    def _coherent(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> "Scenario":
        registry = registry_of(info) or Registry.from_data(data)
        # Relations between sections are read as written, also when the loader passes
        # sections that a patch left alone already validated (see `load`).
        problems = scenario_problems(written_data(info, data), registry)
        scenario: Scenario = validate_reporting(data, handler, problems)
        return scenario

    @model_validator(mode="after")
    def _protocols_fit(self) -> "Scenario":
        problems = protocol_problems(self)
        if problems:
            raise problems_error(problems)
        return self

    @property
    def party_ids(self) -> tuple[str, ...]:
        """Return the ids of the negotiating parties (role 'party'), in file order."""
        return tuple(party.id for party in self.parties if party.role == "party")

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """Return the issue ids in file order."""
        return tuple(issue.id for issue in self.issues)

    def issue(self, issue_id: str) -> Issue:
        """Return the issue with this id."""
        return next(issue for issue in self.issues if issue.id == issue_id)

    def party(self, party_id: str) -> Party:
        """Return the party with this id."""
        return next(party for party in self.parties if party.id == party_id)

    def __repr__(self) -> str:
        return (
            f"<Scenario {self.id}: {len(self.parties)} participants, {len(self.issues)} "
            f"issues, {len(self.events)} events, {len(self.variants)} variants>"
        )

    __str__ = __repr__


def protocol_of(scenario: Scenario) -> AlternatingOffers | SingleText:
    """Return the scenario's protocol; default: single text with a mediator, else offers."""
    if scenario.protocol is not None:
        return scenario.protocol
    if any("mediator" in party.roles for party in scenario.parties):
        return SingleText(kind="single_text")
    return AlternatingOffers(kind="alternating_offers")


def round_protocol(scenario: Scenario, round_: Round) -> AlternatingOffers | SingleText:
    """Return a round's protocol: its own, offers for direct talks, else the scenario's.

    Direct talks (`mediator: none`) have no drafter: the delegations exchange texts by
    alternating offers.
    """
    if round_.protocol is not None:
        return round_.protocol
    if round_.mediator == "none":
        return AlternatingOffers(kind="alternating_offers")
    return protocol_of(scenario)


def protocol_problems(scenario: Scenario) -> Problems:
    """What a scenario asks of a protocol that its rounds do not play.

    Sessions are the ways a mediator shows its drafts, inducements are attached to drafts,
    strategies are those of negotiating parties, and the subgame-perfect strategy solves
    a bilateral alternating-offers game for both of its parties.
    """
    problems: Problems = []
    for index, round_ in enumerate(scenario.rounds):
        offers = isinstance(round_protocol(scenario, round_), AlternatingOffers)
        if offers and round_.sessions.kind != "joint":
            problems.append(
                (
                    ("rounds", index, "sessions"),
                    f"{round_.sessions.kind} sessions are the mediator's ways of showing its "
                    "drafts: they need a round the mediator drafts (the single_text protocol)",
                )
            )
    mediator = scenario.mediator
    if mediator and mediator.inducements and isinstance(protocol_of(scenario), AlternatingOffers):
        problems.append(
            (
                ("mediator", "inducements"),
                "the mediator's inducements are attached to its drafts, so they need the "
                "single_text protocol",
            )
        )
    return problems + _strategy_holder_problems(scenario) + _equilibrium_problems(scenario)


def _strategy_holder_problems(scenario: Scenario) -> Problems:
    roles = {party.id: party.role for party in scenario.parties}
    return [
        (
            ("strategies", party),
            f"expected a negotiating party (role party), got '{party}' with role {roles[party]}",
        )
        for party in scenario.strategies
        if roles.get(party, "party") != "party"
    ]


def _equilibrium_problems(scenario: Scenario) -> Problems:
    solved = [p for p, s in scenario.strategies.items() if isinstance(s, SubgamePerfect)]
    if not solved:
        return []
    played = [round_protocol(scenario, r) for r in scenario.rounds] or [protocol_of(scenario)]
    at = ("strategies", solved[0])
    if len(scenario.party_ids) != 2 or not all(
        isinstance(protocol, AlternatingOffers) for protocol in played
    ):
        return [
            (
                at,
                "the subgame_perfect strategy needs the alternating_offers protocol in every "
                "round and exactly two negotiating parties",
            )
        ]
    if len(solved) != 2:
        return [
            (
                at,
                "subgame_perfect must be the strategy of both parties "
                "(it solves the game for both)",
            )
        ]
    return []
