"""Brain-derived neurotrophic factor: serum BDNF from brain (mostly) and muscle during exercise.

The brain supplies most of the circulating BDNF at rest and during exercise,
its output rising 2-3-fold during exercise (rasmussen2009); the rise scales
with session length and intensity (dinoff2017: longer sessions give larger
rises) and with lactate (lactate infusion raises BDNF, schiffer2011).
Contracting muscle makes BDNF too but uses it locally for fat oxidation
(AMPK) and releases little or none into the blood (matthews2009).  We model
one serum state with three release terms: brain x activation (duration x
intensity), brain x glycolytic flux (lactate), and a small muscle term x
tension computed by ``MuscleBDNF`` (the muscle side, which also carries the
autocrine route of muscle-made BDNF); serum BDNF falls back within 10-60 min of the session's end
(knaepen2010).  The rise is significant in men but not in women
(dinoff2017; szuhany2015: smaller in studies with more women), expressed as a
female response factor.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class MuscleBDNF(Module):
    name = "muscle_bdnf"
    organ = "muscle"
    description = "BDNF made by contracting muscle (tension-driven): acts locally, a small part reaches serum."
    inputs = (Input("tension_mass", "kg/h", ("muscle",), reduce="sum"),)
    outputs = (Var("bdnf_muscle_release", "1/h", "muscle BDNF reaching serum, per hour as a fraction of the serum baseline", observable=False),)
    params = (
        Param("muscle_gain", 0.0001, "1/kg", "matthews2009, assumption", (0.0, 0.001), "assumption", "lognormal", 0.6,
              note="release of muscle-made BDNF into serum per effective repetition x kg, as a fraction of the baseline pool; small because muscle BDNF acts locally and little or none reaches the blood (matthews2009); about a fifth of the rise after a resistance session"),
    )
    routes = ()

    @staticmethod
    def rhs(tension_mass, muscle_gain):
        return (muscle_gain * tension_mass,)


class BDNF(Module):
    name = "bdnf"
    organ = "brain"
    description = "Serum BDNF: brain release driven by activation and glycolytic flux, a small muscle release, first-order return."
    states = (State("bdnf", "ng/mL", "baseline", "serum brain-derived neurotrophic factor", decay="k_clear"),)
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("glycolytic_mass", "kg", ("muscle",), reduce="sum"),
        Input("bdnf_muscle_release", "1/h"),
        Input("sex_male", "1"),
    )
    params = (
        Param("baseline", 24.0, "ng/mL", "apnm2023bdnf", (5.0, 45.0), "C", "lognormal", 0.25,
              note="resting serum BDNF 24.00 +/- 0.61 ng/mL (SEM) in trained men (A33); serum > plasma by about an order of magnitude (platelet store), so studies use the relative rise; CV an assumption"),
        Param("k_clear", 3.0, "1/h", "knaepen2010, assumption", (1.0, 8.0), "assumption",
              note="return of the exercise excess (t1/2 about 14 min): serum BDNF is back at baseline 10-60 min after exercise (knaepen2010, review)"),
        Param("brain_activation_gain", 0.15, "1/(kg*h)", "rasmussen2009, dinoff2017, assumption", (0.0, 1.0), "D", "lognormal", 0.6,
              note="brain release per kg of activated muscle per hour, as a fraction of the baseline pool; gives about +25-30% after 45 min of running at 65% VO2max (A30: SMD 0.59 over all modes, with serum BDNF CV about 0.25-0.5 an SMD of 0.59 is +15-30%; longer sessions give larger rises); CV 0.6 for the responder spread (A22)", fitted_to=("a33-bdnf-deadlift",)),
        Param("brain_lactate_gain", 0.5, "1/(kg*h)", "schiffer2011, apnm2023bdnf", (0.0, 2.0), "D", "lognormal", 0.6,
              note="brain release per kg of muscle at full glycolytic flux per hour (lactate as a signal, schiffer2011), set with the other gains so that 4 sets to failure at 80% 1RM give about +14% (A33: 24.0 -> 27.4 ng/mL 10 min post)", fitted_to=("a33-bdnf-deadlift",)),
        Param("female_response", 0.5, "1", "dinoff2017, szuhany2015, assumption", (0.0, 1.0), "assumption",
              note="response of women relative to men: the acute rise is significant in men and not in women (dinoff2017) and smaller in studies with more women (szuhany2015); sources give no ratio, so the range is 0 (no rise) to 1 (same as men)"),
    )
    routes = ()

    @staticmethod
    def rhs(bdnf, active_mass, glycolytic_mass, bdnf_muscle_release, sex_male, baseline, k_clear, brain_activation_gain,
            brain_lactate_gain, female_response):
        sex = sex_male + (1.0 - sex_male) * female_response
        rel = sex * (brain_activation_gain * active_mass + brain_lactate_gain * glycolytic_mass + bdnf_muscle_release)
        return (baseline * rel + k_clear * (baseline - bdnf),)
