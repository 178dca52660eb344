"""Per-muscle stimulus of the myokines, weighted by the muscle group's mass.

The whole-body myokine modules (IL-15, BDNF, irisin, myostatin, follistatin,
FGF21, IGF-1, SPARC, decorin) are released in proportion to how much muscle
does what: mechanical tension, metabolic (glycolytic) stress and activation
(duration x intensity of contraction).  This module has no states: it turns
each muscle's signals into mass-weighted rates that the whole-body modules
read as sums over muscles (as ``EccentricWork`` does for eccentric load).
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Var


class MyokineDrive(Module):
    name = "myokine_drive"
    organ = "muscle"
    per_muscle = True
    description = "Mass-weighted tension, glycolytic flux and activation of each muscle group (drives of the whole-body myokines)."
    inputs = (
        Input("tension", "1/h", ("muscle",)),
        Input("glycolytic", "1", ("muscle",)),
        Input("activation", "1", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
    )
    outputs = (
        Var("tension_mass", "kg/h", "mass-weighted rate of effective (high-tension) repetitions", ("muscle",), observable=False),
        Var("glycolytic_mass", "kg", "mass-weighted glycolytic flux (metabolic stress)", ("muscle",), observable=False),
        Var("activation_mass", "kg", "mass-weighted metabolic activation (contraction intensity)", ("muscle",), observable=False),
    )

    @staticmethod
    def rhs(tension, glycolytic, activation, muscle_mass):
        return (tension * muscle_mass, glycolytic * muscle_mass, activation * muscle_mass)
