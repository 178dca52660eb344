"""SPARC (osteonectin): a matrix myokine released with contraction.

Circulating SPARC rises after a single bout of exercise in humans and mice
(aoi2013), and pooled human data show small-to-large increases from
immediately post to 60 min, mostly not significant, back within 180 min to
24 h, with no aerobic vs resistance difference (bettariga2024).  Serum SPARC
is given relative to the subject's baseline (absolute values are
assay-dependent and were not retrieved); release follows whole-body
activation; first-order return.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class SPARC(Module):
    name = "sparc"
    organ = "muscle"
    description = "Circulating SPARC relative to baseline: release with activation of muscle, first-order return."
    states = (State("sparc", "1", 1.0, "circulating SPARC relative to the subject's baseline", decay="k_clear"),)
    inputs = (Input("active_mass", "kg", ("muscle",), reduce="sum"),)
    params = (
        Param("k_clear", 0.7, "1/h", "bettariga2024, assumption", (0.1, 3.0), "assumption",
              note="return of the excess (t1/2 about 1 h): raised immediately post to 60 min, back within 180 min to 24 h (bettariga2024)"),
        Param("activation_gain", 0.05, "1/(kg*h)", "aoi2013, bettariga2024, assumption", (0.0, 0.5), "assumption", "lognormal", 0.8,
              note="release per kg of activated muscle per hour (fraction of baseline): about +15-20% after 45 min of running or a whole-body session; small, as the pooled rises are mostly not significant (bettariga2024)"),
    )
    routes = ()

    @staticmethod
    def rhs(sparc, active_mass, k_clear, activation_gain):
        return (activation_gain * active_mass + k_clear * (1.0 - sparc),)
