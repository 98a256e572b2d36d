"""accord: model, simulate and analyse mediated multi-party negotiations."""

from accord.errors import AccordError, ScenarioError
from accord.scenario import Scenario, load_scenario

__version__ = "0.1.0"

__all__ = ["AccordError", "Scenario", "ScenarioError", "__version__", "load_scenario"]
