"""Genius XML: domains and linear additive profiles, read into and written from accord.

A Genius domain file (root ``<negotiation_template>``) lists the issues of one
``<objective>``; a profile file (root ``<utility_space>``) gives each issue a weight and an
evaluator, plus a reservation value and a discount factor. Genius evaluates

    U(o) = Σ_k w_k · e_k(o_k)

where a discrete issue's e_k is its item's ``evaluation`` divided by the issue's largest
evaluation (0 when that is 0), and an integer issue's e_k(x) is
``offset + slope · (x − lowerbound)`` clipped to [0, 1]. accord keeps exactly these
numbers: e_k becomes the option values, w_k the weights.

Entry points: `read_genius` (files → `AdditiveCase`) and `write_genius` (case → files).
Everything accord cannot represent is refused with a `ScenarioError` naming the file,
the line and column of the element and what was expected: real-valued issues, objective
hierarchies, non-linear utilities (hyper-rectangles, constraints), other evaluators. A
discount factor below 1 is refused unless `ignore_discount` is set (see docs/interop.md).

References:
    Lin, R., Kraus, S., Baarslag, T., Tykhonov, D., Hindriks, K. & Jonker, C. M. (2014).
    Genius: an integrated environment for supporting the design of generic automated
    negotiators. Computational Intelligence 30(1), 48–70.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from accord.errors import LimitError, ScenarioError
from accord.interop._xml import Element, read_xml
from accord.interop.additive import AdditiveCase, AdditiveIssue, AdditiveProfile

__all__ = [
    "MAX_INTEGER_VALUES",
    "WEIGHT_TOLERANCE",
    "GeniusProfile",
    "domain_xml",
    "genius_files",
    "profile_xml",
    "read_genius",
]

MAX_INTEGER_VALUES = 100_000
"""Most values an integer issue may span (upperbound − lowerbound + 1)."""

WEIGHT_TOLERANCE = 1e-6
"""How far a profile's weights may sum from 1 (Genius does not rescale them)."""

_NON_LINEAR = {
    "utility": "a non-linear utility (<utility>: hyper-rectangles)",
    "utility_function": "a non-linear utility (<utility_function>)",
    "ufun": "a non-linear utility (<ufun>)",
    "constraint": "a constraint (<constraint>)",
    "objective": "a hierarchy of objectives (nested <objective>)",
}


@dataclass(frozen=True, slots=True)
class GeniusProfile:
    """A profile as read: the additive profile and its discount factor in (0, 1]."""

    profile: AdditiveProfile
    discount_factor: float


@dataclass(frozen=True, slots=True)
class _Issue:
    name: str
    kind: str
    values: tuple[str, ...]
    element: Element


def read_genius(
    domain: str | Path, profiles: Sequence[str | Path], *, ignore_discount: bool = False
) -> AdditiveCase:
    """Read a Genius domain and its profiles (at least two) into an `AdditiveCase`.

    Args:
        domain: the domain file (root ``<negotiation_template>``).
        profiles: one profile file (root ``<utility_space>``) per party.
        ignore_discount: import a profile with a discount factor below 1 undiscounted
            instead of refusing it.
    """
    domain_path = Path(domain)
    name, issues = _read_domain(domain_path)
    read = [_read_profile(Path(p), issues) for p in profiles]
    for path, item in zip(profiles, read, strict=True):
        if item.discount_factor < 1 and not ignore_discount:
            raise ScenarioError.single(
                path,
                f"discount factor {item.discount_factor:g}: accord has no time discounting; "
                "import with --ignore-discount to take the undiscounted utilities (see "
                "docs/interop.md: the Pareto frontier, the ZOPA and the bargaining "
                "solutions do not change, the cost of delay is lost)",
                location="utility_space.discount_factor",
            )
    source = "Imported from the Genius domain " + domain_path.name
    source += " with the profiles " + ", ".join(Path(p).name for p in profiles) + "."
    stem = domain_path.stem.removesuffix("_domain").removesuffix("-domain")
    return AdditiveCase(
        name=stem if name in ("", "root") else name,
        issues=tuple(AdditiveIssue(issue.name, issue.values) for issue in issues),
        profiles=tuple(item.profile for item in read),
        source=source,
    )


def _read_domain(path: Path) -> tuple[str, list[_Issue]]:
    """Read the name (of its objective) and the issues of a Genius domain file."""
    root = read_xml(path)
    if root.tag != "negotiation_template":
        raise _error(
            path, root, f"expected a Genius domain (<negotiation_template>), got <{root.tag}>"
        )
    objective = _objective(path, _only(path, root, "utility_space"))
    issues = [_domain_issue(path, element) for element in objective.find_all("issue")]
    if not issues:
        raise _error(path, objective, "expected at least one <issue> in the objective")
    names = [issue.name for issue in issues]
    for issue in issues:
        if names.count(issue.name) > 1:
            raise _error(path, issue.element, f"issue name '{issue.name}' appears twice")
    return objective.attributes.get("name", ""), issues


def _read_profile(path: Path, issues: Sequence[_Issue]) -> GeniusProfile:
    """Read a Genius linear additive profile over the domain's issues."""
    root = read_xml(path)
    if root.tag != "utility_space":
        raise _error(path, root, f"expected a Genius profile (<utility_space>), got <{root.tag}>")
    kind = root.attributes.get("type", "").lower()
    if kind in ("uncertain", "nonlinear", "constraint"):
        what = {
            "uncertain": "a profile with preference uncertainty (type UNCERTAIN)",
            "nonlinear": "a non-linear profile (type nonlinear)",
            "constraint": "a constraint profile (type constraint)",
        }[kind]
        raise _error(path, root, f"{what} is not supported; accord reads linear additive profiles")
    reservation, discount = 0.0, 1.0
    for child in root.children:
        if child.tag == "reservation":
            reservation = _number(path, child, "value", low=0.0, high=1.0)
        elif child.tag == "discount_factor":
            discount = _number(path, child, "value", low=0.0, high=math.inf)
        elif child.tag != "objective":
            raise _unsupported(path, child)
    objective = _objective(path, root)
    by_name = {issue.name: issue for issue in issues}
    tables, indices = _profile_issues(path, objective, by_name)
    weights = _weights(path, objective, indices)
    missing = [issue.name for issue in issues if issue.name not in tables]
    if missing:
        raise _error(path, objective, f"no evaluator for issue(s) {', '.join(missing)}")
    profile = AdditiveProfile(
        name=path.stem,
        weights=tuple(weights[issue.name] for issue in issues),
        values=tuple(tables[issue.name] for issue in issues),
        reservation_value=reservation,
    )
    # Genius reads a discount factor of 0 or above 1 as no discount.
    return GeniusProfile(profile, discount if 0 < discount <= 1 else 1.0)


def _objective(path: Path, parent: Element) -> Element:
    objective = _only(path, parent, "objective")
    for child in objective.children:
        if child.tag not in ("issue", "weight"):
            raise _unsupported(path, child)
    return objective


def _only(path: Path, parent: Element, tag: str) -> Element:
    found = parent.find_all(tag)
    if len(found) != 1:
        raise _error(
            path, parent, f"expected exactly one <{tag}> in <{parent.tag}>, got {len(found)}"
        )
    return found[0]


def _domain_issue(path: Path, element: Element) -> _Issue:
    name = _attribute(path, element, "name")
    kind = _kind(path, element)
    if kind == "discrete":
        values = tuple(_attribute(path, item, "value") for item in element.find_all("item"))
        if not values:
            raise _error(path, element, f"issue '{name}' has no <item>; expected its values")
        if len(set(values)) != len(values):
            raise _error(path, element, f"issue '{name}' lists a value twice")
        return _Issue(name, kind, values, element)
    low, high = _bounds(path, element)
    return _Issue(name, kind, tuple(str(x) for x in range(low, high + 1)), element)


def _kind(path: Path, element: Element) -> str:
    kind = element.attributes.get("type") or element.attributes.get("etype") or "discrete"
    if kind in ("discrete", "integer"):
        return kind
    what = "a real-valued issue" if kind == "real" else f"an issue of type '{kind}'"
    raise _error(path, element, f"{what} is not supported; expected type 'discrete' or 'integer'")


def _bounds(path: Path, element: Element) -> tuple[int, int]:
    source = element.find_all("range")[0] if element.find_all("range") else element
    low = _integer(path, source, "lowerbound")
    high = _integer(path, source, "upperbound")
    if high < low:
        raise _error(path, source, f"upperbound {high} is below lowerbound {low}")
    if high - low + 1 > MAX_INTEGER_VALUES:
        raise LimitError(
            f"{path}:{source.line}:{source.column}: the integer issue spans "
            f"{high - low + 1:,} values; accord enumerates at most {MAX_INTEGER_VALUES:,}"
        )
    return low, high


def _profile_issues(
    path: Path, objective: Element, by_name: dict[str, _Issue]
) -> tuple[dict[str, tuple[float, ...]], dict[str, str]]:
    tables: dict[str, tuple[float, ...]] = {}
    indices: dict[str, str] = {}
    for element in objective.find_all("issue"):
        name = _attribute(path, element, "name")
        issue = by_name.get(name)
        if issue is None:
            known = ", ".join(by_name)
            raise _error(path, element, f"unknown issue '{name}'; the domain's issues: {known}")
        if name in tables:
            raise _error(path, element, f"issue '{name}' is evaluated twice")
        kind = _kind(path, element)
        if kind != issue.kind:
            raise _error(path, element, f"issue '{name}' is {issue.kind} in the domain, not {kind}")
        tables[name] = (
            _discrete_values(path, element, issue)
            if kind == "discrete"
            else _integer_values(path, element, issue)
        )
        indices[_attribute(path, element, "index")] = name
    return tables, indices


def _discrete_values(path: Path, element: Element, issue: _Issue) -> tuple[float, ...]:
    evaluations: dict[str, float] = {}
    for item in element.children:
        if item.tag != "item":
            raise _unsupported(path, item)
        value = _attribute(path, item, "value")
        if value not in issue.values:
            raise _error(
                path,
                item,
                f"unknown value '{value}' of issue '{issue.name}'; "
                f"the domain's values: {', '.join(issue.values)}",
            )
        evaluations[value] = _number(path, item, "evaluation", low=0.0, high=math.inf)
    missing = [value for value in issue.values if value not in evaluations]
    if missing:
        raise _error(
            path,
            element,
            f"no evaluation for value(s) {', '.join(missing)} of issue '{issue.name}'",
        )
    top = max(evaluations.values())
    if top == 0:
        return tuple(0.0 for _ in issue.values)
    return tuple(evaluations[value] / top for value in issue.values)


def _integer_values(path: Path, element: Element, issue: _Issue) -> tuple[float, ...]:
    evaluators = element.find_all("evaluator")
    if len(evaluators) != 1:
        raise _error(path, element, f"expected one <evaluator> for integer issue '{issue.name}'")
    evaluator = evaluators[0]
    if (
        evaluator.attributes.get("ftype", "linear") != "linear"
        or "slope" not in evaluator.attributes
    ):
        raise _error(
            path,
            evaluator,
            "expected a linear evaluator with the attributes slope and offset "
            '(ftype="linear"), as Genius writes it',
        )
    slope = _number(path, evaluator, "slope", low=-math.inf, high=math.inf)
    offset = _number(path, evaluator, "offset", low=-math.inf, high=math.inf)
    low = _integer(path, element, "lowerbound") if "lowerbound" in element.attributes else None
    if low is None:
        low = int(issue.values[0])
    return tuple(min(1.0, max(0.0, offset + slope * (int(x) - low))) for x in issue.values)


def _weights(path: Path, objective: Element, indices: dict[str, str]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for element in objective.find_all("weight"):
        index = _attribute(path, element, "index")
        name = indices.get(index)
        if name is None:
            raise _error(path, element, f"weight index {index} names no issue of the profile")
        weights[name] = _number(path, element, "value", low=0.0, high=math.inf)
    unweighted = [name for name in indices.values() if name not in weights]
    if unweighted:
        raise _error(path, objective, f"no <weight> for issue(s) {', '.join(unweighted)}")
    total = 0.0
    for weight in weights.values():
        total += weight
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise _error(
            path,
            objective,
            f"the weights sum to {total:.6g}; expected 1 (Genius does not rescale them, "
            "so its utilities would not be accord's)",
        )
    return weights


def _attribute(path: Path, element: Element, name: str) -> str:
    value = element.attributes.get(name)
    if value is None:
        raise _error(path, element, f"<{element.tag}> has no attribute '{name}'")
    return value


def _number(path: Path, element: Element, name: str, *, low: float, high: float) -> float:
    text = _attribute(path, element, name)
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not low <= value <= high:
        expected = (
            f"a number in [{low:g}, {high:g}]"
            if math.isfinite(high)
            else (f"a number ≥ {low:g}" if math.isfinite(low) else "a finite number")
        )
        raise _error(path, element, f"{name}: expected {expected}, got '{text}'")
    return value


def _integer(path: Path, element: Element, name: str) -> int:
    text = _attribute(path, element, name)
    try:
        return int(text)
    except ValueError:
        raise _error(path, element, f"{name}: expected an integer, got '{text}'") from None


def _unsupported(path: Path, element: Element) -> ScenarioError:
    what = _NON_LINEAR.get(element.tag, f"the element <{element.tag}>")
    return _error(path, element, f"{what} is not supported; accord reads linear additive profiles")


def _error(path: Path | str, element: Element, message: str) -> ScenarioError:
    return ScenarioError.single(
        path, message, location=f"<{element.tag}>", line=element.line, column=element.column
    )


def genius_files(case: AdditiveCase, stem: str, party_ids: Sequence[str]) -> dict[str, str]:
    """Return the Genius files of a case: file name → XML text (domain, then one per party)."""
    files = {f"{stem}-domain.xml": domain_xml(case)}
    for party, profile in zip(party_ids, case.profiles, strict=True):
        files[f"{party}.xml"] = profile_xml(case, profile)
    return files


def domain_xml(case: AdditiveCase) -> str:
    """Return the Genius domain file of a case."""
    lines = [
        "<negotiation_template>",
        f'  <utility_space number_of_issues="{len(case.issues)}">',
        f'    <objective index="0" etype="objective" type="objective" name={quoteattr(case.name)}>',
    ]
    for k, issue in enumerate(case.issues, start=1):
        lines.append(
            f'      <issue index="{k}" etype="discrete" type="discrete" vtype="discrete" '
            f"name={quoteattr(issue.name)}>"
        )
        lines += [
            f'        <item index="{j}" value={quoteattr(value)}/>'
            for j, value in enumerate(issue.values, start=1)
        ]
        lines.append("      </issue>")
    lines += ["    </objective>", "  </utility_space>", "</negotiation_template>", ""]
    return "\n".join(lines)


def profile_xml(case: AdditiveCase, profile: AdditiveProfile) -> str:
    """Return the Genius profile file of one party."""
    lines = [
        f'<utility_space number_of_issues="{len(case.issues)}">',
        f'  <objective index="0" etype="objective" type="objective" name={quoteattr(case.name)}>',
    ]
    for k, (issue, table) in enumerate(zip(case.issues, profile.values, strict=True), start=1):
        lines.append(
            f'    <issue index="{k}" etype="discrete" type="discrete" vtype="discrete" '
            f"name={quoteattr(issue.name)}>"
        )
        lines += [
            f'      <item index="{j}" value={quoteattr(value)} evaluation="{evaluation!r}"/>'
            for j, (value, evaluation) in enumerate(zip(issue.values, table, strict=True), 1)
        ]
        lines.append("    </issue>")
    lines += [
        f'    <weight index="{k}" value="{weight!r}"/>'
        for k, weight in enumerate(profile.weights, start=1)
    ]
    lines += [
        "  </objective>",
        f'  <reservation value="{profile.reservation_value!r}"/>',
        '  <discount_factor value="1.0"/>',
        "</utility_space>",
        "",
    ]
    return "\n".join(lines)


def find_domains(folder: str | Path) -> list[tuple[Path, list[Path]]]:
    """Find every Genius domain under `folder`, with the profiles in its directory.

    A domain file is an XML file whose root is ``<negotiation_template>``; the other XML
    files of its directory are its profiles (Genius's ``pareto.xml`` caches excepted).
    Where a directory holds several domains, a domain's profiles are the files whose
    name begins like the domain's without its ``domain`` ending (``Car-A-domain.xml``:
    ``Car-A-prof1.xml``). Directories are visited in sorted order.
    """
    found = []
    for directory in sorted({path.parent for path in Path(folder).rglob("*.xml")}):
        files = sorted(
            path for path in directory.glob("*.xml") if path.is_file() and path.name != "pareto.xml"
        )
        domains = [path for path in files if _root_tag(path) == "negotiation_template"]
        profiles = [path for path in files if path not in domains]
        for domain in domains:
            prefix = domain.stem.lower().removesuffix("domain")
            mine = [p for p in profiles if p.name.lower().startswith(prefix)]
            found.append((domain, mine if len(domains) > 1 else profiles))
    return found


def _root_tag(path: Path) -> str:
    try:
        return read_xml(path).tag
    except ScenarioError:
        return ""
