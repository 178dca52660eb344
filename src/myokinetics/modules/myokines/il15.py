"""Interleukin-15: released by contracting muscle, mainly under mechanical tension; cleared quickly.

Serum IL-15 rises during resistance exercise (5.3-fold immediately after leg
press and knee extension to failure, perezlopez2018; significant rise in
riechman2004) and, less consistently, during endurance exercise (raised 10 min
after 30 min of running, back to baseline within 3 h, tamura2011; no change
after 3 h of cycling, A29).  The pooled acute effect is SMD 0.90 immediately
post and 0.50 at 1 h, regardless of exercise type (khalafi2024il15).  Release
is driven by the mass-weighted tension of each muscle group (effective
repetitions) and, more weakly, by activation (duration x intensity); plasma
IL-15 is cleared first order.  Sources disagree widely on the size of the
rise (1.16-fold in trained men, acsm_il15_abstract, to 5.3-fold,
perezlopez2018): the release gains carry a large between-subject CV (A22:
19-93% responders depending on the myokine).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class IL15(Module):
    name = "il15"
    organ = "muscle"
    description = "Serum IL-15: release from contracting muscle (tension, activation) and first-order clearance."
    states = (State("il15", "pg/mL", "baseline", "serum interleukin-15", decay="k_clear"),)
    inputs = (
        Input("tension_mass", "kg/h", ("muscle",), reduce="sum"),
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
    )
    params = (
        Param("baseline", 7.0, "pg/mL", "acsm_il15_abstract", (1.0, 30.0), "C", "lognormal", 0.5,
              note="resting serum IL-15 6.96 pg/mL in trained men (A16, abstract); assay-dependent, so studies use fold changes; CV an assumption"),
        Param("k_clear", 1.5, "1/h", "tamura2011, khalafi2024il15, assumption", (0.5, 4.0), "assumption",
              note="first-order loss of the exercise excess (t1/2 about 28 min): the rise is largest immediately post (SMD 0.90), smaller at 1 h (SMD 0.50, khalafi2024il15) and gone within 3 h (tamura2011); no human plasma half-life was found"),
        Param("tension_gain", 0.007, "1/kg", "perezlopez2018, acsm_il15_abstract, riechman2004", (0.0005, 0.05), "D", "lognormal", 0.8,
              note="release per effective repetition x kg of muscle, as a fraction of the baseline pool; set so that 4 x 10 leg press + 4 x 10 knee extension to failure gives about 3-fold, between the conflicting 5.3-fold (perezlopez2018) and 1.16-fold (acsm_il15_abstract, trained men); CV 0.8 for the 19-93% responder spread (A22, he2018myokine)", fitted_to=("perezlopez2018-il15-fold", "a16-il15-trained-volume")),
        Param("activation_gain", 0.15, "1/(kg*h)", "tamura2011, khalafi2024il15, assumption", (0.0, 0.5), "assumption", "lognormal", 0.8,
              note="release per kg of fully activated muscle per hour, as a fraction of the baseline pool: 45 min of running raises IL-15 by about 40% (tamura2011: a significant rise after 30 min of running; A23: the effect holds regardless of exercise type); CV 0.8 as for tension"),
    )
    routes = ()

    @staticmethod
    def rhs(il15, tension_mass, active_mass, baseline, k_clear, tension_gain, activation_gain):
        return (baseline * (tension_gain * tension_mass + activation_gain * active_mass) + k_clear * (baseline - il15),)
