"""Irisin: cleaved from FNDC5 in contracting muscle; released with activation and tension.

Acute irisin responses are inconsistent: a small meta-analysis finds a larger
rise after resistance than endurance exercise (SMD 0.93, 4 acute studies,
jcep2024irisin; tsuchiya2015), but a crossover trial in obese youth found a
+34% rise during 45 min of aerobic exercise and no significant change after
resistance exercise (physrep2017irisin), and pooled increases are mostly not
significant, gone within 180 min to 24 h (bettariga2024).  ELISA validity is
questioned (jandova2021; mass spectrometry finds about 3.6 ng/mL,
jedrychowski2015, against 30 ng/mL by ELISA).  We model a modest release
driven by both activation (endurance) and tension (resistance), so that
both session types give a rise of similar size, within the spread of the
sources; the between-subject CV is large (only 53% responded to any session,
he2018myokine).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class Irisin(Module):
    name = "irisin"
    organ = "muscle"
    description = "Circulating irisin: FNDC5 cleavage in contracting muscle (activation, tension) and first-order clearance."
    states = (State("irisin", "ng/mL", "baseline", "circulating irisin (ELISA scale)", decay="k_clear"),)
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("tension_mass", "kg/h", ("muscle",), reduce="sum"),
    )
    params = (
        Param("baseline", 30.0, "ng/mL", "physrep2017irisin, jedrychowski2015", (1.0, 100.0), "C", "lognormal", 0.3,
              note="29.23 +/- 6.96 ng/mL by ELISA in obese youth (A28); mass spectrometry gives about 3.6 ng/mL (jedrychowski2015): the assay sets the scale, so studies use fold changes"),
        Param("k_clear", 1.0, "1/h", "bettariga2024, assumption", (0.2, 4.0), "assumption",
              note="first-order return of the excess (t1/2 about 40 min): pooled rises are seen from immediately post to 60 min and are gone within 180 min to 24 h (bettariga2024)"),
        Param("activation_gain", 0.1, "1/(kg*h)", "physrep2017irisin, assumption", (0.0, 0.5), "D", "lognormal", 1.0,
              note="release per kg of activated muscle per hour, as a fraction of the baseline pool; set so that 45 min of moderate aerobic exercise gives about +30% (A28: 29.2 -> 39.3 ng/mL); CV 1.0 because only 53% of subjects responded to any session type (A22)", fitted_to=("exit2017-irisin-aerobic",)),
        Param("tension_gain", 0.0004, "1/kg", "jcep2024irisin, tsuchiya2015, physrep2017irisin, assumption", (0.0, 0.003), "D", "lognormal", 1.0,
              note="release per effective repetition x kg, as a fraction of the baseline pool; sources conflict (RE > endurance, SMD 0.93 from 4 studies, jcep2024irisin; RE not significant, physrep2017irisin), so a whole-body session is set to give about +20%, between them"),
    )
    routes = ()

    @staticmethod
    def rhs(irisin, active_mass, tension_mass, baseline, k_clear, activation_gain, tension_gain):
        return (baseline * (activation_gain * active_mass + tension_gain * tension_mass) + k_clear * (baseline - irisin),)
