"""The public entry point: simulate a scenario (see :mod:`myokinetics.pipeline` for the steps)."""
from __future__ import annotations

from myokinetics.pipeline import Simulation, simulate

__all__ = ["simulate", "Simulation"]
