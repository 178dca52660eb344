"""Decorin: a matrix proteoglycan myokine released with loading; binds myostatin.

Circulating decorin rose after acute resistance exercise, muscle decorin
expression rises with contraction and decorin binds myostatin
(kanzleiter2014); muscle decorin was higher 24 h after leg press and
extension (A35, willoughby2022); pooled human data show increases that are
mostly not significant (bettariga2024).  Circulating decorin is given
relative to the subject's baseline (absolute size not retrieved, A39);
release follows mass-weighted tension; first-order return.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class Decorin(Module):
    name = "decorin"
    organ = "muscle"
    description = "Circulating decorin relative to baseline: release with muscle tension, first-order return."
    states = (State("decorin", "1", 1.0, "circulating decorin relative to the subject's baseline", decay="k_clear"),)
    inputs = (Input("tension_mass", "kg/h", ("muscle",), reduce="sum"),)
    params = (
        Param("k_clear", 0.3, "1/h", "bettariga2024, assumption", (0.05, 2.0), "assumption",
              note="return of the excess (t1/2 about 2.3 h): back within 180 min to 24 h in pooled data (bettariga2024)"),
        Param("tension_gain", 0.0005, "1/kg", "kanzleiter2014, assumption", (0.0, 0.005), "assumption", "lognormal", 0.8,
              note="release per effective repetition x kg (fraction of baseline): about +20% after a whole-body resistance session; A39 reports a rise without its size"),
    )
    routes = ()

    @staticmethod
    def rhs(decorin, tension_mass, k_clear, tension_gain):
        return (tension_gain * tension_mass + k_clear * (1.0 - decorin),)
