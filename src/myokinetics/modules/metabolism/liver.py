"""Liver: hepatic glucose production at rest and during exercise.

At rest the liver releases glucose at the basal rate of the post-absorptive state (``basal_hgp``).  During
exercise hepatic glucose production rises with the exercise's metabolic demand (glucagon and
catecholamines; the model uses the share of muscle mass that works, the same drive as the lipolysis of the
adipose module) and falls back within minutes after it (Wasserman 2009; Romijn 1993).  IL-6 is *not* a
route here: rhIL-6 infusion at exercise concentrations did not change glucose appearance at rest in healthy
people (petersen2005il6) — see the removed routes in docs/routes.md.
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, Var


class Liver(Module):
    name = "liver"
    organ = "liver"
    description = "Hepatic glucose production: basal rate, raised during exercise by its metabolic demand."
    states = ()
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("skeletal_muscle_mass", "kg"),
    )
    outputs = (Var("hepatic_glucose_production", "mg/kg/min", "hepatic glucose production (glucose Ra of hepatic origin)"),)
    params = (
        Param("basal_hgp", 2.0, "mg/kg/min", "romijn1993, wasserman2009", (1.5, 2.6), "C", "normal", 0.1,
              note="post-absorptive hepatic glucose production of healthy adults, about 1.8-2.2 mg/kg/min (11-12 umol/kg/min)"),
        Param("exercise_hgp_gain", 2.5, "1", "romijn1993, wasserman2009", (0.5, 6.0), "C",
              note="fractional rise of hepatic glucose production per unit share of muscle mass working; glucose Ra about "
                   "doubles to triples from rest to moderate-intense exercise (romijn1993)"),
    )
    routes = ()

    @staticmethod
    def rhs(active_mass, skeletal_muscle_mass, basal_hgp, exercise_hgp_gain):
        return (basal_hgp * (1.0 + exercise_hgp_gain * active_mass / skeletal_muscle_mass),)
