"""Per-muscle metabolic stress of the myokines, weighted by the muscle group's mass.

The whole-body myokine modules are released in proportion to how much muscle
does what.  Mechanical tension (``tension_mass``) and activation
(``active_mass``) weighted by mass come from ``MuscleWorkload``
(modules/metabolism/workload.py); this stateless module adds the third drive,
the mass-weighted glycolytic flux (metabolic stress), which FGF21, BDNF and
IGF-1 read as a sum over muscles (as ``EccentricWork`` does for eccentric load).
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Var


class MyokineDrive(Module):
    name = "myokine_drive"
    organ = "muscle"
    per_muscle = True
    description = "Mass-weighted glycolytic flux of each muscle group (the metabolic-stress drive of the whole-body myokines)."
    inputs = (
        Input("glycolytic", "1", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
    )
    outputs = (
        Var("glycolytic_mass", "kg", "mass-weighted glycolytic flux (metabolic stress)", ("muscle",), observable=False),
    )

    @staticmethod
    def rhs(glycolytic, muscle_mass):
        return (glycolytic * muscle_mass,)
