"""Leukocyte infiltration after eccentric (damaging) work, as a two-compartment delay.

Damaging eccentric work recruits neutrophils and then macrophages into the
muscle over hours (Paulsen et al. 2012, review); we represent the systemic
signal as a linear two-compartment chain driven by mass-weighted eccentric
work, whose second compartment peaks about 1/k after the bout.  It is the
source of the small, delayed IL-6 rise and of any TNF-alpha rise after
damaging exercise (A19: plasma IL-6 peaked 6 h after eccentric knee
extension).  It is whole-body on purpose: per-muscle damage (CK, soreness,
force loss) belongs to the muscle-damage module.  The mass-weighted eccentric
work it reads is formed by ``MuscleWorkload`` (modules/metabolism/workload.py).
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, State


class MuscleInflammation(Module):
    name = "muscle_inflammation"
    organ = "immune"
    description = "Delayed leukocyte infiltration of muscle after eccentric work (drives delayed IL-6 and TNF-alpha)."
    states = (
        State("inflammation_early", "kg", 0.0, "early (neutrophil-phase) infiltration signal", decay="k_transit", observable=False, scale=1.0),
        State("inflammation_late", "kg", 0.0, "late (macrophage-phase) infiltration signal", decay="k_transit", observable=False, scale=1.0),
    )
    inputs = (Input("eccentric_work", "kg/h", ("muscle",), reduce="sum"),)
    params = (
        Param("k_transit", 1.0 / 6.0, "1/h", "willoughby2003, miles2007", (1 / 12, 1 / 3), "C",
              note="transit rate of the two-compartment chain; its second compartment peaks at 1/k = 6 h after a bout, the delayed plasma IL-6 peak after eccentric knee extension (A19; 8 h after elbow flexion, miles2007)"),
        Param("gain", 0.01, "1", "assumption", (0.001, 0.1), "assumption",
              note="infiltration per unit of eccentric work (load fraction x reps x eccentric emphasis x kg); scales only the delayed components, whose size is not reported numerically (A19: 'small')"),
    )

    @staticmethod
    def rhs(inflammation_early, inflammation_late, eccentric_work, k_transit, gain):
        return (gain * eccentric_work - k_transit * inflammation_early, k_transit * (inflammation_early - inflammation_late))
