"""Working muscle mass of each muscle group: activation and tension weighted by mass.

Two per-muscle products that whole-body systemic modules need (a whole-body
module can only sum a per-muscle variable, not multiply two of them):
``active_mass`` (activation x mass, kg: the metabolically active muscle mass
during a set or bout; its time integral is a proxy of glycogen use and of the
volume of work) and ``tension_mass`` (effective-repetition rate x mass, kg/h:
the mechanical work of resistance sets, zero in endurance work).
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Var


class MuscleWorkload(Module):
    name = "muscle_workload"
    organ = "muscle"
    per_muscle = True
    description = "Active muscle mass (activation x mass) and mass-weighted effective-repetition rate of each muscle group."
    inputs = (
        Input("activation", "1", ("muscle",)),
        Input("tension", "1/h", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
    )
    outputs = (
        Var("active_mass", "kg", "activation-weighted working muscle mass", ("muscle",), observable=False),
        Var("tension_mass", "kg/h", "mass-weighted rate of effective repetitions", ("muscle",), observable=False),
    )

    @staticmethod
    def rhs(activation, tension, muscle_mass):
        return activation * muscle_mass, tension * muscle_mass
