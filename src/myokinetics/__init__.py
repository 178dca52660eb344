"""myokinetics: what resistance training does to the human body.

>>> import myokinetics as mk
>>> ds = mk.simulate(mk.Scenario.from_yaml("examples/full-body-beginner.yaml"))

The public names are loaded on first use (PEP 562), so ``import myokinetics`` is quick and a command that
needs only part of the package (``myokinetics exercises``) does not pay for the engine, xarray and pint.
"""
from __future__ import annotations

import importlib

from myokinetics.errors import InputError, ModelError, MyokineticsError, UnknownNameError

__version__ = "0.1.0"

_LAZY = {
    "simulate": "myokinetics.api",
    "Simulation": "myokinetics.pipeline",
    "Block": "myokinetics.interventions",
    "Infuse": "myokinetics.interventions",
    "Scenario": "myokinetics.io.scenario",
    "build_model": "myokinetics.models",
    "CohortSpec": "myokinetics.population.cohort",
}

__all__ = ["simulate", "Simulation", "Scenario", "Block", "Infuse", "build_model", "CohortSpec", "InputError",
           "ModelError", "MyokineticsError", "UnknownNameError", "__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'myokinetics' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
