"""Mass-weighted drives of each muscle group: what the whole-body modules sum over muscles.

A whole-body module can only sum a per-muscle variable, not multiply two of
them, so the products of a per-muscle signal and the muscle group's mass are
formed here, once, for every consumer:

* ``active_mass`` (activation x mass, kg): the metabolically active muscle mass
  during a set or bout; its time integral is a proxy of glycogen use and of the
  volume of work (hormones, EPOC, BDNF, irisin, ...);
* ``tension_mass`` (effective-repetition rate x mass, kg/h): the mechanical work
  of resistance sets, zero in endurance work (IL-15, FGF21, EPOC, ...);
* ``glycolytic_mass`` (glycolytic flux x mass, kg): the metabolic-stress drive of
  the myokines (FGF21, BDNF, IGF-1);
* ``eccentric_work`` (eccentric load x mass, kg/h): the damage potential that
  drives leukocyte infiltration and the slow component of EPOC.

Only the working share of the group's mass counts (``working_share``: 0.5 for
one-limb laboratory exercises such as one-leg knee extension, else 1).
All four depend only on the program segment and the subject, so the engine
evaluates them once per segment.
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Var


class MuscleWorkload(Module):
    name = "muscle_workload"
    organ = "muscle"
    per_muscle = True
    description = "Activation, effective repetitions, glycolytic flux and eccentric load of each muscle group, weighted by its mass."
    inputs = (
        Input("activation", "1", ("muscle",)),
        Input("tension", "1/h", ("muscle",)),
        Input("glycolytic", "1", ("muscle",)),
        Input("eccentric_load", "1/h", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
        Input("working_share", "1"),
    )
    outputs = (
        Var("active_mass", "kg", "activation-weighted working muscle mass", ("muscle",), observable=False),
        Var("tension_mass", "kg/h", "mass-weighted rate of effective repetitions", ("muscle",), observable=False),
        Var("glycolytic_mass", "kg", "mass-weighted glycolytic flux (metabolic stress)", ("muscle",), observable=False),
        Var("eccentric_work", "kg/h", "mass-weighted eccentric work rate", ("muscle",), observable=False),
    )

    @staticmethod
    def rhs(activation, tension, glycolytic, eccentric_load, muscle_mass, working_share):
        m = muscle_mass * working_share      # only the working limb's share of the group's mass (one-limb exercises)
        return activation * m, tension * m, glycolytic * m, eccentric_load * m
