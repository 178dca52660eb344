"""Leukocyte infiltration after eccentric (damaging) work, as a two-compartment delay.

Damaging eccentric work recruits neutrophils and then macrophages into the
muscle over hours (Paulsen et al. 2012, review); we represent this as a
linear two-compartment chain driven by mass-weighted eccentric work, whose
second compartment peaks about 1/k after the bout.  It is the source of the
small, delayed IL-6 rise and of any TNF-alpha rise after damaging exercise
(A19: plasma IL-6 peaked 6 h after eccentric knee extension).
"""
from __future__ import annotations

import numpy as np

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, State


class MuscleInflammation(Module):
    name = "muscle_inflammation"
    organ = "immune"
    description = "Delayed leukocyte infiltration of muscle after eccentric work (drives delayed IL-6 and TNF-alpha)."
    states = (
        State("inflammation_early", "kg", 0.0, "early (neutrophil-phase) infiltration signal, mass-weighted", decay="k_transit", observable=False, scale=1.0),
        State("inflammation_late", "kg", 0.0, "late (macrophage-phase) infiltration signal, mass-weighted", decay="k_transit", observable=False, scale=1.0),
    )
    inputs = (
        Input("eccentric_load", "1/h", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
    )
    params = (
        Param("k_transit", 1.0 / 6.0, "1/h", "willoughby2003, miles2007", (1 / 12, 1 / 3), "C",
              note="transit rate of the two-compartment chain; its second compartment peaks at 1/k = 6 h after a bout, the delayed plasma IL-6 peak after eccentric knee extension (A19; 8 h after elbow flexion, miles2007)"),
        Param("gain", 0.01, "1", "assumption", (0.001, 0.1), "assumption",
              note="infiltration per eccentric repetition-load unit per kg of working muscle; scales only the delayed components, whose size is not reported numerically (A19: 'small')"),
    )

    @staticmethod
    def rhs(inflammation_early, inflammation_late, eccentric_load, muscle_mass, k_transit, gain):
        drive = gain * np.sum(eccentric_load * muscle_mass)
        return (drive - k_transit * inflammation_early, k_transit * (inflammation_early - inflammation_late))
