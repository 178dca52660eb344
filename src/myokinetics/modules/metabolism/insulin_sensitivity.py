"""Post-exercise insulin sensitivity: a transient window after working a large muscle mass.

What the evidence says.  Glucose tolerance improved 12-24 h after a first
whole-body resistance session in women with type 2 diabetes (A84: OGTT
glucose AUC -14.5%, fenicchia2004) and the improvement was gone 60-72 h after
the last session of a programme.  Insulin action on glucose uptake is raised
in the exercised muscle for hours after exercise (richter1989) and whole-body
insulin sensitivity is still raised 48 h after exercise but not after 5 days
(mikines1988); the window follows muscle glycogen depletion and its
resynthesis.

Model.  ``insulin_sensitivity`` (1 = the subject's baseline) rises with the
active muscle mass during exercise (activation x mass integrated over time,
a proxy of the glycogen used) and relaxes back with t1/2 about 23 h.  This is
deliberately simple; the glucose-insulin model (glucose, insulin, HOMA-IR and
chronic changes) comes later and may read this state.  It drives nothing
here.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class InsulinSensitivity(Module):
    name = "insulin_sensitivity"
    organ = "whole_body"
    description = "Whole-body insulin sensitivity relative to baseline: a post-exercise window driven by active muscle mass x time."
    states = (
        State("insulin_sensitivity", "1", 1.0, "whole-body insulin sensitivity relative to the subject's baseline",
              decay="k_return"),
    )
    inputs = (Input("active_mass", "kg", ("muscle",), reduce="sum"),)
    params = (
        Param("k_return", 0.03, "1/h", "mikines1988, fenicchia2004", (0.01, 0.1), "C",
              note="return to baseline, t1/2 about 23 h: raised at 48 h but not at 5 days after exercise (mikines1988); gone 60-72 h after RE (A84)"),
        Param("gain", 0.9, "1/h/kg", "fenicchia2004, assumption", (0.01, 2.0), "D", "lognormal", 0.4,
              note="rise per hour per kg of fully active muscle; fitted by hand so that a whole-body machine session raises insulin sensitivity by about 17% at 12-24 h (A84: OGTT glucose AUC -14.5%, read as 1/(1-0.145) = 1.17 under the assumption that AUC scales inversely with sensitivity); CV 40% assumed", fitted_to=("a84-insulin-sensitivity-18h",)),
    )
    routes = ()

    @staticmethod
    def rhs(insulin_sensitivity, active_mass, k_return, gain):
        return (gain * active_mass + k_return * (1.0 - insulin_sensitivity),)
