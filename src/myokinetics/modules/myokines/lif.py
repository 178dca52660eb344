"""Leukaemia inhibitory factor: a local myokine of each contracting muscle group.

Muscle LIF mRNA rose 9-fold after heavy resistance exercise but LIF was not
detectable in plasma (A37, broholm2011): it acts locally, stimulating
myoblast/satellite-cell proliferation.  After 3 h of cycling LIF mRNA rose
immediately and declined gradually over the following hours (broholm2008),
Ca2+-dependent.  A per-muscle state (mRNA relative to rest) driven by tension
(heavy loading) and by activation (contraction time), decaying over hours.
There is deliberately no plasma LIF.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class LIF(Module):
    name = "lif"
    organ = "muscle"
    per_muscle = True
    description = "Leukaemia inhibitory factor mRNA of each muscle group: local only (not in plasma), driven by tension and activation."
    states = (State("lif", "1", 1.0, "LIF mRNA relative to rest (local; not detectable in plasma)", decay="k_lif", dims=("muscle",)),)
    inputs = (Input("tension", "1/h", ("muscle",)), Input("activation", "1", ("muscle",)))
    params = (
        Param("k_lif", 0.5, "1/h", "broholm2008, assumption", (0.1, 2.0), "assumption",
              note="decay of the raised mRNA (t1/2 about 1.4 h): highest immediately after exercise, declining gradually in recovery (broholm2008)"),
        Param("tension_gain", 0.13, "1", "broholm2011", (0.0, 1.0), "D", "lognormal", 0.6,
              note="rise of LIF mRNA (fold - 1) per effective repetition of the muscle; set so that a heavy quadriceps session gives about 9-fold (A37)", fitted_to=("broholm2011-lif-mrna",)),
        Param("activation_gain", 1.0, "1/h", "broholm2008, assumption", (0.0, 10.0), "assumption", "lognormal", 0.6,
              note="rise per hour of full activation: 3 h of cycling at 60% VO2max raised LIF mRNA (broholm2008; size not retrieved), here about 2.5-fold"),
    )
    routes = ()

    @staticmethod
    def rhs(lif, tension, activation, k_lif, tension_gain, activation_gain):
        return (tension_gain * tension + activation_gain * activation + k_lif * (1.0 - lif),)
