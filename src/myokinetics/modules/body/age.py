"""The subject's age as it advances during a simulation (the clock of ageing modules).

``years_elapsed`` is a clock state: it advances by one year per 8766 h of
simulated time (zero during the run-in), whatever the training.  Modules of
slow age-related change (sarcopenia, bone loss after the menopause) read
``age_now`` and express the change as a function of age, so their own states
still stay at baseline without training.
"""
from __future__ import annotations

import numpy as np

from myokinetics.model.module import Module, SignalModule
from myokinetics.model.param import Input, State, Var


class SimulationClock(SignalModule):
    name = "simulation_clock"
    organ = "whole_body"
    description = "Whether simulated time is running (1 over the simulated period, 0 during the run-in)."
    inputs = (Input("clock", "1"),)
    outputs = (Var("time_running", "1", "1 over the simulated period, 0 during the run-in"),)
    params = ()

    @staticmethod
    def compute(clock):
        return {"time_running": np.asarray(clock, dtype=float)}


class Age(Module):
    name = "age_clock"
    organ = "whole_body"
    description = "Age advancing with simulated time (years elapsed since t = 0 plus the age at the start)."
    states = (
        State("years_elapsed", "yr", 0.0, "years elapsed since the start of the simulation", clock=True, scale=1.0,
              observable=False),
    )
    inputs = (Input("time_running", "1"), Input("age", "yr"))
    outputs = (Var("age_now", "yr", "age at this time"),)
    params = ()

    @staticmethod
    def rhs(years_elapsed, time_running, age):
        # a unit conversion, not a physiological number: one (Julian) year is 365.25 x 24 = 8766 h
        return time_running / 8766.0, age + years_elapsed
