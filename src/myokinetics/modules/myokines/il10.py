"""Interleukin-10: anti-inflammatory cytokine induced by IL-6, rising with it (no lag in the marathon).

Induction is sigmoidal in the IL-6 excess: IL-10 rises 27-fold after a
marathon (IL-6 128-fold) and with a 3 h IL-6 infusion at about 140 pg/mL
(steensberg2003), but not measurably after resistance exercise (A14), where
IL-6 rises less than 2.5-fold.
"""
from __future__ import annotations

import numpy as np

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, Signalling, State


class IL10(Module):
    name = "il10"
    organ = "immune"
    description = "Plasma IL-10 produced by leukocytes in response to IL-6."
    states = (State("il10", "pg/mL", "baseline", "plasma interleukin-10", decay="k_clear"),)
    inputs = (
        Input("il6", "pg/mL", route=Signalling(
            "il6_rest", "immune", "endocrine", "induces IL-10 production by leukocytes (sigmoidal in the IL-6 fold excess)",
            "steensberg2003, ostrowski1999",
            perturbation="rhIL-6 infusion to about 140 pg/mL for 3 h raises plasma IL-10 versus saline (steensberg2003)")),
        Input("il6_rest", "pg/mL"),
    )
    params = (
        Param("baseline", 2.0, "pg/mL", "mcdade2011, assumption", (0.2, 20.0), "assumption", "lognormal", 0.8,
              note="assay-dependent: median 7.56 pg/mL in one high-sensitivity cohort, at the detection limit with standard ELISA; 2 pg/mL assumed"),
        Param("k_clear", 0.36, "1/h", "radwanski1998, huhn1996, fuchs1996", (0.19, 0.65), "C", note="rhIL-10 i.v. t1/2 1.9-3.7 h"),
        Param("gain", 38.0, "1", "ostrowski1999", (1.0, 200.0), "D", note="maximal fold rise of IL-10 production (marathon: IL-10 27-fold with IL-6 128-fold, both immediately post); fitted by validation/calibrate.py to the calibration studies (ostrowski1998, ostrowski1999, gray2009, nehlsencannarella1997)", fitted_to=("ostrowski1999-il10-marathon",)),
        Param("half_saturation", 8.2, "1", "ostrowski1999, ringleb2024", (2, 500), "D", note="IL-6 fold excess giving half-maximal induction (Hill coefficient 2, an assumption): large IL-6 rises induce IL-10, resistance-exercise rises do not (A14); fitted with the gain by validation/calibrate.py to the marathon", fitted_to=("ostrowski1999-il10-marathon",)),
    )

    @staticmethod
    def rhs(il10, il6, il6_rest, baseline, k_clear, gain, half_saturation):
        x = np.maximum(il6 / il6_rest - 1.0, 0.0)
        r = x / half_saturation
        return (k_clear * (baseline * (1.0 + gain * r * r / (1.0 + r * r)) - il10),)
