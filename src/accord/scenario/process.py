"""The process part of a scenario: calendar, rounds, events, protocol, strategies, trust.

These models describe how a negotiation unfolds in time; the formulas that give them
meaning are in `accord.engine` (see its package docstring). Every field documents
itself for the JSON Schema.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from accord.scenario._coherence import MAX_STEPS
from accord.scenario._config import MODEL
from accord.scenario._refs import (
    Id,
    IssueRef,
    PartyRef,
    Pattern,
    Problems,
    SourceRef,
    UniqueIds,
    checked,
    option_problems,
    problems_error,
    registry_of,
    unknown_error,
    validate_reporting,
)
from accord.scenario.distributions import NonNegative, Probability, Quantity, SignedUnit, bounded

__all__ = [
    "AlternatingOffers",
    "AudienceCost",
    "Calendar",
    "Commitment",
    "Event",
    "Guarantee",
    "GuarantorChange",
    "GuarantorThreshold",
    "Hardliner",
    "Inducement",
    "Likelihood",
    "Mediator",
    "MediatorInterests",
    "OptionChange",
    "Protocol",
    "Reading",
    "RedLineChange",
    "ReservationShift",
    "Round",
    "Sessions",
    "Signal",
    "SingleText",
    "Strategy",
    "SubgamePerfect",
    "TimeBased",
    "TitForTat",
    "ValueChange",
    "Walkout",
    "WeightChange",
]

Sources = Annotated[tuple[SourceRef, ...], Field(description="Ids of supporting sources.")]
PositiveQuantity = Annotated[Quantity, bounded(1e-9)]


class Calendar(BaseModel):
    """First and last day of the talks."""

    model_config = MODEL

    start: dt.date = Field(description="First day (ISO date).")
    end: dt.date = Field(description="Last day (ISO date); the talks break down after it.")

    @model_validator(mode="after")
    def _ordered(self) -> "Calendar":
        if self.end < self.start:
            raise problems_error(
                [
                    (
                        ("end",),
                        f"expected a date on or after start "
                        f"{self.start.isoformat()}, got {self.end.isoformat()}",
                    )
                ]
            )
        return self


def _known_drafter(value: str, info: ValidationInfo) -> str:
    registry = registry_of(info)
    if value != "none" and registry is not None and value not in registry.parties:
        raise unknown_error("party", value, [*registry.parties, "none"])
    return value


Drafter = Annotated[Id, AfterValidator(_known_drafter)]
"""Who drafts a round: a declared party id, or ``none`` for direct talks."""


def _sessions_as_model(value: Any) -> Any:
    return {"kind": value} if isinstance(value, str) else value


def _session_order_problems(value: Any, info: ValidationInfo) -> Problems:
    """The order lists every negotiating party once (others are reported as unknown)."""
    registry = registry_of(info)
    order = value.get("order") if isinstance(value, dict) else None
    if registry is None or not isinstance(order, list):
        return []
    negotiating = [p for p, role in registry.parties.items() if role == "party"]
    listed = [p for p in order if isinstance(p, str)]
    if sorted(listed) == sorted(negotiating):
        return []
    return [
        (
            ("order",),
            f"expected every negotiating party once ({', '.join(negotiating)}), got "
            f"{', '.join(listed) or 'none'}",
        )
    ]


class Sessions(BaseModel):
    """How the mediator shows each draft of a round: jointly, in turn, or in separate rooms."""

    model_config = MODEL

    kind: Literal["joint", "sequential", "proximity"] = Field(
        description="joint: every party sees each draft at once; sequential: the parties "
        "see it one after another in `order`, each only if those before accepted it; "
        "proximity: a separate session with one party per step, in `order`, and the "
        "round's last step joint (only a joint step can agree)."
    )
    order: tuple[PartyRef, ...] | None = Field(
        None,
        description="Every negotiating party once, in the order they are seen; default: "
        "their order in `parties`.",
    )


class Round(BaseModel):
    """A dated round of talks."""

    model_config = MODEL

    id: Id = Field(description="Round id.")
    date: dt.date = Field(description="Day of the round.")
    n_steps: StrictInt = Field(
        1,
        ge=1,
        le=MAX_STEPS,
        description="Steps (offers or drafts) in the round; all rounds together have at "
        f"most {MAX_STEPS:,}.",
    )
    name: str | None = Field(None, description="Readable name, e.g. 'Istanbul'.")
    description: str | None = Field(None, description="Format, place, outcome.")
    host: PartyRef | None = Field(
        None, description="Who hosts the round (recorded; it changes no rule)."
    )
    mediator: Drafter | None = Field(
        None,
        description="Who drafts under single_text: a party id (a mediator, or a delegation "
        "that drafts), or none for direct talks where the delegations exchange texts "
        "(alternating offers); default: the scenario's mediator.",
    )
    protocol: "Protocol | None" = Field(
        None, description="This round's protocol, instead of the scenario's."
    )
    sessions: Annotated[
        Sessions, BeforeValidator(_sessions_as_model), checked(_session_order_problems)
    ] = Field(
        Sessions(kind="joint"),
        description="How the mediator shows its drafts (single_text): joint, sequential "
        "or proximity, or {kind, order}.",
    )
    sources: Sources = ()


class Reading(BaseModel):
    """One competing interpretation of a contested event."""

    model_config = MODEL

    by: str = Field(description="Who holds this reading.")
    reading: str = Field(description="The interpretation.")
    sources: Sources = ()


class _EventBase(BaseModel):
    model_config = MODEL

    id: Id = Field(description="Event id (variants remove events by id).")
    date: dt.date = Field(description="Day the event happened or became known.")
    name: str | None = Field(None, description="Short readable name.")
    description: str | None = Field(None, description="What happened.")
    after_round: StrictBool = Field(
        False, description="On a round's day, apply after the round instead of before it."
    )
    contested: StrictBool = Field(
        False, description="Sources disagree on the facts or their meaning."
    )
    readings: tuple[Reading, ...] = Field((), description="Competing readings, if contested.")
    sources: Sources = ()


class Likelihood(BaseModel):
    """How likely the signal is if the actor will honour an agreement, and if it will not."""

    model_config = MODEL

    honours: Probability = Field(description="P(signal | actor honours an agreement).")
    breaches: Probability = Field(description="P(signal | actor would breach).")


class Signal(_EventBase):
    """An act of `actor` seen by `observers`, who update by Bayes' rule."""

    kind: Literal["signal"] = Field(description="The kind of event.")
    actor: PartyRef = Field(description="Whose act it is.")
    observers: tuple[PartyRef, ...] = Field(
        min_length=1, description="Parties who see the act and update their belief about `actor`."
    )
    likelihood: Likelihood = Field(description="Likelihoods under the two hypotheses.")


class _NegotiatingPartyEvent(_EventBase):
    """An event that changes a negotiating party's weights or red lines: `party` negotiates.

    (A reservation shift or an audience cost of another party changes nothing, and a case
    may record such an event on its timeline.)
    """

    @model_validator(mode="wrap")
    @classmethod
    def _party_negotiates(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> "_NegotiatingPartyEvent":
        event: _NegotiatingPartyEvent = validate_reporting(
            data, handler, negotiating_party_problems(data, info)
        )
        return event


class ReservationShift(_EventBase):
    """A party's value of no agreement moves (battlefield, outside support)."""

    kind: Literal["reservation_shift"] = Field(description="The kind of event.")
    party: PartyRef = Field(description="Whose reservation value moves.")
    delta: SignedUnit = Field(
        description="Change in [-1, 1], on the utility scale; the result is kept in [0, 1]."
    )


class AudienceCost(_EventBase):
    """The domestic cost of conceding changes for a party."""

    kind: Literal["audience_cost"] = Field(description="The kind of event.")
    party: PartyRef = Field(description="Whose audience cost changes.")
    delta: SignedUnit = Field(
        description="Change in [-1, 1] of the cost per unit of concession; the cost stays >= 0."
    )


class WeightChange(_NegotiatingPartyEvent):
    """A party's issue weights change (raw weights, renormalised)."""

    kind: Literal["weight_change"] = Field(description="The kind of event.")
    party: PartyRef = Field(description="Whose weights change (a negotiating party).")
    weights: dict[IssueRef, NonNegative] = Field(
        min_length=1,
        description="New raw weights, in [0, 1e9], of the issues listed (the others keep "
        "theirs); renormalised to sum 1.",
    )


class RedLineChange(_NegotiatingPartyEvent):
    """A party adds a red line, or lifts one it had."""

    kind: Literal["red_line"] = Field(description="The kind of event.")
    party: PartyRef = Field(description="Whose red line (a negotiating party).")
    action: Literal["add", "lift"] = Field(
        description="add, or lift: a lift repeats exactly a red line the party holds then."
    )
    pattern: Pattern = Field(description="The red line, as a partial outcome.")


class GuarantorChange(_EventBase):
    """A guarantor's willingness changes, or it withdraws."""

    kind: Literal["guarantor_change"] = Field(description="The kind of event.")
    guarantor: PartyRef = Field(description="Which guarantor.")
    threshold: Probability | None = Field(
        None, description="New consent threshold in [0, 1]; give this or `withdraw: true`."
    )
    withdraw: StrictBool = Field(False, description="Withdraw: never consent again.")

    @model_validator(mode="after")
    def _one_change(self) -> "GuarantorChange":
        if (self.threshold is None) == (not self.withdraw):
            raise problems_error([((), "expected exactly one of 'threshold' or 'withdraw: true'")])
        return self


class OptionChange(_EventBase):
    """An option is put on the table, or taken off it.

    An option whose first option event is `introduce` does not exist before that event:
    no text using it can be drafted, offered or accepted, and a historical text using it
    is infeasible until then.
    """

    kind: Literal["option"] = Field(description="The kind of event.")
    action: Literal["introduce", "withdraw"] = Field(
        description="introduce (on the table from this event) or withdraw (off it from now)."
    )
    issue: IssueRef = Field(description="The option's issue.")
    option: Id = Field(description="The option, one of the issue's.")

    @model_validator(mode="wrap")
    @classmethod
    def _known_option(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> "OptionChange":
        problems = (
            option_problems(data.get("issue"), [(("option",), data.get("option"))], info)
            if isinstance(data, dict) and isinstance(data.get("option"), str)
            else []
        )
        change: OptionChange = validate_reporting(data, handler, problems)
        return change


class Walkout(_EventBase):
    """A party walks out of the talks, or threatens to, on a day nobody foresaw.

    With `effect: end_talks` (the default) a walk-out ends the talks in every draw still
    talking, before the scheduled end: the parties' clock ran towards the calendar's end
    (or the last round), so they had not conceded against it. With `effect:
    party_leaves` only that negotiating party leaves and the others go on without it. A
    threat (`threat: true`) leaves the talks going on. Either, seen by `observers`, is a
    signal: each updates its belief that `party` would honour an agreement by Bayes' rule
    with `likelihood`.
    """

    kind: Literal["walkout"] = Field(description="The kind of event.")
    party: PartyRef = Field(description="Who walks out (or threatens to).")
    threat: StrictBool = Field(
        False, description="Only a threat: the talks go on (a signal, if `observers` are given)."
    )
    effect: Literal["end_talks", "party_leaves"] = Field(
        "end_talks",
        description="end_talks: the talks end; party_leaves: only `party` (a negotiating "
        "party) leaves and the others go on, agreeing without it.",
    )
    observers: tuple[PartyRef, ...] = Field(
        (),
        description="Parties who read the act as a signal about `party`; give `likelihood` too.",
    )
    likelihood: Likelihood | None = Field(
        None, description="P(act | party honours), P(act | party would breach), with `observers`."
    )

    @model_validator(mode="wrap")
    @classmethod
    def _leaving_party_negotiates(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> "Walkout":
        leaves = isinstance(data, dict) and data.get("effect") == "party_leaves"
        problems = negotiating_party_problems(data, info) if leaves else []
        walkout: Walkout = validate_reporting(data, handler, problems)
        return walkout

    @model_validator(mode="after")
    def _signal_complete(self) -> "Walkout":
        if bool(self.observers) != (self.likelihood is not None):
            raise problems_error(
                [((), "expected 'observers' and 'likelihood' together, or neither")]
            )
        if self.threat and self.effect == "party_leaves":
            raise problems_error(
                [(("effect",), "expected no 'effect: party_leaves' on a threat (nobody leaves)")]
            )
        return self


def negotiating_party_problems(data: Any, info: ValidationInfo) -> Problems:
    """A problem at `party` if raw `data` names a declared party that does not negotiate."""
    registry = registry_of(info)
    party = data.get("party") if isinstance(data, dict) else None
    role = registry.parties.get(party) if registry and isinstance(party, str) else None
    if role is None or role == "party":
        return []
    return [
        (("party",), f"expected a negotiating party (role party), got '{party}' with role {role}")
    ]


class ValueChange(_EventBase):
    """A party's value of some options of an issue changes (it comes to accept a wording)."""

    kind: Literal["value_change"] = Field(description="The kind of event.")
    party: PartyRef = Field(description="Whose values change (a negotiating party).")
    issue: IssueRef = Field(description="The issue whose options it values anew.")
    values: Annotated[dict[Id, Probability], Field(min_length=1)] = Field(
        description="New values in [0, 1] of the options listed (the others keep theirs)."
    )

    @model_validator(mode="wrap")
    @classmethod
    def _known_options(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> "ValueChange":
        problems: Problems = []
        if isinstance(data, dict):
            values = data.get("values")
            listed = values if isinstance(values, dict) else {}
            problems += option_problems(
                data.get("issue"), ((("values", o), o) for o in listed), info
            )
            problems += negotiating_party_problems(data, info)
        result: ValueChange = validate_reporting(data, handler, problems)
        return result


Event = Annotated[
    Signal
    | ReservationShift
    | AudienceCost
    | WeightChange
    | ValueChange
    | RedLineChange
    | GuarantorChange
    | OptionChange
    | Walkout,
    Field(discriminator="kind"),
]


class AlternatingOffers(BaseModel):
    """Stacked alternating offers (the SAO protocol), bilateral or multilateral."""

    model_config = MODEL

    kind: Literal["alternating_offers"] = Field(description="The kind of protocol.")
    n_steps: StrictInt = Field(
        100, ge=1, le=MAX_STEPS, description="Steps of the single round when there are no rounds."
    )
    order: tuple[PartyRef, ...] | None = Field(
        None,
        description="Every negotiating party once, in turn order (who offers first, "
        "second, ...); default: their order in `parties`.",
    )
    partial: StrictBool = Field(
        False,
        description="Texts may defer issues (options with `defers: true`): a partial "
        "agreement settles the rest.",
    )

    @model_validator(mode="wrap")
    @classmethod
    def _every_party_in_turn(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> "AlternatingOffers":
        protocol: AlternatingOffers = validate_reporting(
            data, handler, _session_order_problems(data, info)
        )
        return protocol


class SingleText(BaseModel):
    """The mediated single negotiating text."""

    model_config = MODEL

    kind: Literal["single_text"] = Field(description="The kind of protocol.")
    n_steps: StrictInt = Field(
        3, ge=1, le=MAX_STEPS, description="Drafts of the single round when there are no rounds."
    )
    n_amendments: StrictInt = Field(
        2, ge=1, description="Issues a party asks to amend in each reply (at most all issues)."
    )
    walkout_after: StrictInt = Field(
        2,
        ge=1,
        description="A party walks out after this many consecutive rounds in which no "
        "feasible text is worth its reservation value to it.",
    )
    partial: StrictBool = Field(
        False,
        description="Texts may defer issues (options with `defers: true`): a partial "
        "agreement settles the rest.",
    )


Protocol = Annotated[AlternatingOffers | SingleText, Field(discriminator="kind")]


class TimeBased(BaseModel):
    """Concede along an aspiration curve from the best outcome to the reservation value."""

    model_config = MODEL

    kind: Literal["time_based"] = Field(description="The kind of strategy.")
    curve: Literal["boulware", "linear", "conceder"] | None = Field(
        None,
        description="Named curve: boulware (e = 4, concedes late), linear (e = 1), conceder "
        "(e = 0.25, concedes early); give this or `exponent`.",
    )
    exponent: PositiveQuantity | None = Field(
        None, description="Exponent e > 0 of the aspiration a(t) = 1 - t^e, t in (0, 1)."
    )
    offer: Literal["least", "best_for_others"] = Field(
        "least",
        description="Which text of its band to offer in alternating offers: 'least', the "
        "one worth least to itself (NegMAS's time-based agents, the default), or "
        "'best_for_others', the one a frequency model of the others' offers says they "
        "value most.",
    )

    @model_validator(mode="after")
    def _one_shape(self) -> "TimeBased":
        if (self.curve is None) == (self.exponent is None):
            raise problems_error([((), "expected exactly one of 'curve' or 'exponent'")])
        return self


class TitForTat(BaseModel):
    """Mirror the other side's last concession, measured in own utility."""

    model_config = MODEL
    kind: Literal["tit_for_tat"] = Field(description="The kind of strategy.")


class Hardliner(BaseModel):
    """Always offer the best outcome; accept only that value."""

    model_config = MODEL
    kind: Literal["hardliner"] = Field(description="The kind of strategy.")


class SubgamePerfect(BaseModel):
    """Play the subgame-perfect equilibrium of finite bilateral alternating offers.

    Assumes complete information: it reads the other side's utility.
    """

    model_config = MODEL

    kind: Literal["subgame_perfect"] = Field(description="The kind of strategy.")
    discount: Annotated[Quantity, bounded(1e-9, 1.0)] = Field(
        description="Per-step discount factor δ in (0, 1]."
    )


Strategy = Annotated[
    TimeBased | TitForTat | Hardliner | SubgamePerfect, Field(discriminator="kind")
]


def _option_table_problems(
    table: Any, info: ValidationInfo, at: tuple[str | int, ...] = ()
) -> Problems:
    """Unknown options among the keys of a raw ``{issue: {option: ...}}`` table."""
    if not isinstance(table, dict):
        return []
    problems: Problems = []
    for issue, options in table.items():
        if isinstance(options, dict):
            problems += option_problems(issue, (((*at, issue, o), o) for o in options), info)
    return problems


class Inducement(BaseModel):
    """Something the mediator can attach to a draft for one party: a side-payment, aid, a guarantee.

    It is promised with the draft and given only if the draft is agreed. The party values
    it at `value` times its trust in the mediator (its belief that the mediator honours
    its word, `beliefs[party][mediator]`, default 1); it costs the mediator `cost`.
    """

    model_config = MODEL

    id: Id = Field(description="Inducement id (variants remove inducements by id).")
    party: PartyRef = Field(description="The negotiating party it is offered to.")
    kind: Literal["side_payment", "aid", "guarantee"] = Field(
        description="side_payment, aid or guarantee (an assurance the mediator gives)."
    )
    value: Probability = Field(
        description="Worth to the party, in [0, 1] on its utility scale, if it trusts the "
        "mediator fully."
    )
    cost: NonNegative = Field(
        0.0, description="Cost to the mediator, in [0, 1e9], counted against its `budget`."
    )
    name: str | None = Field(None, description="Short readable name.")
    description: str | None = Field(None, description="What is offered.")
    sources: Sources = ()

    @model_validator(mode="wrap")
    @classmethod
    def _to_a_negotiating_party(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> "Inducement":
        result: Inducement = validate_reporting(
            data, handler, negotiating_party_problems(data, info)
        )
        return result


class MediatorInterests(BaseModel):
    """The mediator's own preferences over texts: u_m(o) = Σ_k w̃_k · v_k(o_k)."""

    model_config = MODEL

    weights: dict[IssueRef, NonNegative] = Field(
        description="Importance of each issue to the mediator, in [0, 1e9]; normalised to "
        "sum 1 (issues left out weigh 0)."
    )
    values: Annotated[dict[IssueRef, dict[Id, Probability]], checked(_option_table_problems)] = (
        Field(description="Value in [0, 1] of options to the mediator (options left out: 0).")
    )
    stake: Probability = Field(
        description="Weight in [0, 1] of the mediator's own payoff u_m(o) − cost against "
        "the parties' gains when it ranks drafts everyone gains from."
    )
    description: str | None = Field(None, description="The mediator's interests in words.")
    sources: Sources = ()


class Mediator(BaseModel):
    """How the mediator estimates the parties and learns from their replies."""

    model_config = MODEL

    party: PartyRef = Field(
        description="The mediating party (role mediator); without a `mediator` entry, the "
        "first party with role mediator drafts, with no noise and learning rate 0.5."
    )
    noise: Annotated[Quantity, bounded(0.0, 1.0)] = Field(
        0.0,
        description="Standard deviation, in [0, 1], of the mediator's errors in estimating "
        "option values and reservation values at the start.",
    )
    learning_rate: Annotated[Quantity, bounded(0.0, 1.0)] = Field(
        0.5, description="How far a reply moves the mediator's estimates, in [0, 1]."
    )
    private_trust: Probability = Field(
        0.0,
        description="Least trust in the mediator, in [0, 1], at which a party agrees to "
        "be shown a draft privately (sequential and proximity sessions).",
    )
    interests: MediatorInterests | None = Field(
        None, description="The mediator's own preferences over texts; default: none."
    )
    inducements: Annotated[tuple[Inducement, ...], UniqueIds] = Field(
        (), description="What the mediator can attach to a draft for a party."
    )
    budget: NonNegative | None = Field(
        None,
        description="Most the inducements attached to one draft may cost together, in "
        "[0, 1e9]; default: no limit.",
    )


class Guarantee(BaseModel):
    """What choosing an option means for guarantees."""

    model_config = MODEL

    credibility: Probability = Field(
        0.0,
        description="Probability the guarantee makes a breach costless to the protected "
        "party; shrinks breach losses by this factor.",
    )
    exposure: NonNegative = Field(
        0.0,
        description="How strongly it obliges guarantors to be drawn in, in [0, 1e9]; a "
        "text's exposure sums those of its options.",
    )
    guarantors: tuple[PartyRef, ...] = Field((), description="Guarantor parties it names.")
    protects: tuple[PartyRef, ...] = Field(
        (),
        description="Negotiating parties whose breach losses it shrinks (default: all). A "
        "guarantee given to one side does not insure the other.",
    )


def _vulnerability_problems(table: Any, info: ValidationInfo) -> Problems:
    if not isinstance(table, dict):
        return []
    return [
        p for party, issues in table.items() for p in _option_table_problems(issues, info, (party,))
    ]


class Commitment(BaseModel):
    """The commitment problem: what a breach would cost, and what guarantees protect.

    Value to i of agreement o: b·u_i(o) + (1 − b)·(r_i − loss_i(o)), with
    loss_i(o) = Σ_k vulnerability_i,k(o_k) · (1 − credibility(o)).
    """

    model_config = MODEL

    vulnerability: Annotated[
        dict[PartyRef, dict[IssueRef, dict[Id, NonNegative]]], checked(_vulnerability_problems)
    ] = Field(
        {},
        description="vulnerability[party][issue][option]: what the option would cost "
        "the party, in [0, 1e9] on the utility scale, if the other side breached (e.g. "
        "neutrality, force caps).",
    )
    guarantees: Annotated[dict[IssueRef, dict[Id, Guarantee]], checked(_option_table_problems)] = (
        Field({}, description="guarantees[issue][option]: credibility, exposure and guarantors.")
    )
    description: str | None = Field(None, description="The commitment problem in words.")
    sources: Sources = ()


class GuarantorThreshold(BaseModel):
    """A guarantor's willingness: it consents while its expected cost stays under threshold."""

    model_config = MODEL

    threshold: Probability = Field(
        description="Largest expected cost of being drawn in that it accepts, in [0, 1]."
    )
    description: str | None = Field(None, description="Its stance in words.")
    sources: Sources = ()
