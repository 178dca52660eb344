"""TNF-alpha: constitutive production plus a damage-induced part that IL-6 suppresses.

Exercise does not lower resting TNF-alpha (A04) but abolishes its rise to a
stimulus (endotoxin in Starkie et al. 2003; here leukocyte infiltration of
damaged muscle): IL-6 suppresses only the induced production.
"""
from __future__ import annotations

import numpy as np

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, Signalling, State


class TNFa(Module):
    name = "tnfa"
    organ = "immune"
    description = "Plasma TNF-alpha: constitutive production, a damage-induced part, and its suppression by IL-6."
    states = (State("tnfa", "pg/mL", "baseline", "plasma tumour necrosis factor alpha", decay="k_clear"),)
    inputs = (
        Input("il6", "pg/mL", route=Signalling(
            "il6_rest", "immune", "endocrine", "suppresses the induced (not the constitutive) TNF-alpha production",
            "starkie2003",
            perturbation="rhIL-6 infusion (and exercise) abolish the endotoxin-induced TNF-alpha rise (starkie2003); "
                         "IL-6 infusion alone does not change resting TNF-alpha (steensberg2003)")),
        Input("il6_rest", "pg/mL"), Input("inflammation_late", "kg"), Input("skeletal_muscle_mass", "kg"),
    )
    params = (
        Param("baseline", 2.9, "pg/mL", "marquesvidal2011", (0.5, 15.0), "B", "lognormal", 0.68, note="population median 2.89 pg/mL (IQR 1.82-4.53)"),
        Param("k_clear", 1.0, "1/h", "clinsci1994tnf, bjc1987tnf", (0.85, 2.1), "C", note="rhTNF terminal t1/2 20-49 min"),
        Param("damage_gain", 1.0, "1", "assumption", (0.0, 20.0), "assumption",
              note="fold rise of TNF-alpha production per unit of infiltration per kg of muscle; small (A14: small-to-moderate positive effect after RE)"),
        Param("suppression_fold", 5.0, "1", "starkie2003, assumption", (1.0, 100.0), "assumption",
              note="IL-6 fold excess that halves the induced production; about 100 pg/mL (>60-fold) abolishes the endotoxin-induced rise (A13)"),
    )
    routes = ()

    @staticmethod
    def rhs(tnfa, il6, il6_rest, inflammation_late, skeletal_muscle_mass, baseline, k_clear, damage_gain, suppression_fold):
        x = np.maximum(il6 / il6_rest - 1.0, 0.0)
        induced = damage_gain * inflammation_late / skeletal_muscle_mass / (1.0 + x / suppression_fold)
        return (k_clear * (baseline * (1.0 + induced) - tnfa),)
