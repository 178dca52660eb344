"""myokinetics: what resistance training does to the human body.

>>> import myokinetics as mk
>>> ds = mk.simulate(mk.Scenario.from_yaml("examples/full-body-beginner.yaml"))
"""
from __future__ import annotations

__version__ = "0.1.0"

from myokinetics.api import simulate
from myokinetics.errors import InputError, ModelError, MyokineticsError, UnknownNameError
from myokinetics.interventions import Block, Infuse
from myokinetics.io.scenario import Scenario
from myokinetics.models import build_model
from myokinetics.population.cohort import CohortSpec

__all__ = ["simulate", "Scenario", "Block", "Infuse", "build_model", "CohortSpec", "InputError", "ModelError", "MyokineticsError",
           "UnknownNameError", "__version__"]
