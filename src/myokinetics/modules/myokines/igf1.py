"""IGF-1: circulating IGF-1 (liver, GH-driven) and MGF, its local muscle splice variant.

Circulating IGF-1 comes mainly from the liver under growth hormone; it is
bound to IGFBP-3 and the acid-labile subunit and turns over slowly (a
half-life of many hours), so acute resistance exercise changes it little
(kraemer1990: small changes, somatomedin C); strength athletes have higher
resting values (324 vs 263 ng/mL, C96, chen2016jissn).  We drive hepatic
release by glycolytic flux (the metabolic stress that drives GH after
resistance exercise) with slow first-order clearance.

Mechano growth factor (MGF, IGF-IEc) is spliced locally in loaded or damaged
muscle and does not reach plasma in measurable amounts: MGF mRNA rose 2 1/4 h
after eccentric cycling in young and old men while IGF-IEa did not (A38,
hameed2008).  It is a per-muscle state (mRNA relative to rest) driven by
eccentric load and tension, decaying over hours.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class IGF1(Module):
    name = "igf1"
    organ = "liver"
    description = "Circulating IGF-1: slow hepatic response to the metabolic stress of exercise (via GH), slow clearance."
    states = (State("igf1", "ng/mL", "baseline", "circulating insulin-like growth factor 1", decay="k_clear"),)
    inputs = (Input("glycolytic_mass", "kg", ("muscle",), reduce="sum"),)
    params = (
        Param("baseline", 293.0, "ng/mL", "chen2016jissn", (50.0, 600.0), "C", "lognormal", 0.39,
              note="serum IGF-1 293 +/- 114 ng/mL in healthy young men (C96); falls with age (not modelled here)"),
        Param("k_clear", 0.05, "1/h", "assumption", (0.02, 0.2), "assumption",
              note="turnover of the IGF-1/IGFBP-3/ALS ternary complex (t1/2 about 14 h, a textbook figure); free IGF-1 turns over in minutes but is a small fraction"),
        Param("glycolytic_gain", 0.1, "1/(kg*h)", "kraemer1990, assumption", (0.0, 1.0), "assumption", "lognormal", 0.6,
              note="hepatic release per kg of muscle at full glycolytic flux, per hour, as a fraction of the baseline pool; keeps the acute rise after a whole-body session to about +5% (kraemer1990: small changes)"),
    )
    routes = ()

    @staticmethod
    def rhs(igf1, glycolytic_mass, baseline, k_clear, glycolytic_gain):
        return (baseline * glycolytic_gain * glycolytic_mass + k_clear * (baseline - igf1),)


class MGF(Module):
    name = "mgf"
    organ = "muscle"
    per_muscle = True
    description = "Mechano growth factor (IGF-IEc) mRNA of each muscle group: local, driven by eccentric load and tension."
    states = (State("mgf", "1", 1.0, "MGF (IGF-IEc) mRNA relative to rest (local, not in plasma)", decay="k_mgf", dims=("muscle",)),)
    inputs = (Input("eccentric_load", "1/h", ("muscle",)), Input("tension", "1/h", ("muscle",)))
    params = (
        Param("k_mgf", 0.25, "1/h", "hameed2008, assumption", (0.05, 1.0), "assumption",
              note="decay of the raised mRNA (t1/2 about 3 h): raised at 2 1/4 h after eccentric cycling (A38); the time to baseline was not reported"),
        Param("eccentric_gain", 0.02, "1", "hameed2008, assumption", (0.0, 0.2), "assumption", "lognormal", 0.6,
              note="rise of MGF mRNA (fold - 1) per unit of eccentric work (load fraction x rep x eccentric emphasis) of the muscle; gives about 2-fold at 2 h after a damaging session (A38 reports a rise without a number)"),
        Param("tension_gain", 0.01, "1", "hameed2008, assumption", (0.0, 0.1), "assumption", "lognormal", 0.6,
              note="rise of MGF mRNA (fold - 1) per effective repetition of the muscle: mechanical loading also induces the splice variant"),
    )
    routes = ()

    @staticmethod
    def rhs(mgf, eccentric_load, tension, k_mgf, eccentric_gain, tension_gain):
        return (eccentric_gain * eccentric_load + tension_gain * tension + k_mgf * (1.0 - mgf),)
