"""Tendon stiffness, Young's modulus and cross-sectional area adapting to high-strain loading (patellar and Achilles tendons).

Tendon cells respond to the strain of the collagen matrix, and only strains above those of daily
activities trigger adaptation: in arampatzis2007 one leg trained at 4.55 % Achilles-tendon strain
(90 % MVC) gained stiffness, modulus and (regionally) CSA over 14 weeks, the other at 2.85 % strain
(55 % MVC, same volume) did not.  So each repetition of a set adds an adaptation dose

    dose = max(strain - strain_threshold, 0) / (strain_mvc - strain_threshold),
    strain = strain_mvc x F / (E x A)

where F is the tendon force relative to the baseline maximal contraction (involvement of the knee
extensors or plantar flexors x load fraction, :mod:`.loading`) and E x A the current stiffness
relative to baseline (length unchanged): as the tendon stiffens, the same load strains it less
(tensional homeostasis).  The modulus (material: collagen cross-linking and packing) and the CSA
(new matrix, slower and smaller: Bohm 2015 SMD 0.69 vs 0.24) grow towards ceilings with the dose and
return to baseline without loading (collagen turnover over weeks to months).  Stiffness = E x A.

Not modelled: the rise of muscle strength (a stronger muscle pulls harder at the same relative load),
strain rate and duration of each contraction (Bohm 2014), region-specific hypertrophy.
"""
from __future__ import annotations

import math

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class TendonAdaptation(Module):
    name = "tendon_adaptation"
    organ = "tendon"
    description = ("Patellar and Achilles tendon Young's modulus and CSA (hence stiffness) adapting to repetitions that strain "
                   "the tendon above a threshold; loss back to baseline without loading.")
    states = (
        State("patellar_modulus", "1", 1.0, "Young's modulus of the patellar tendon relative to baseline", memory=True),
        State("patellar_csa", "1", 1.0, "cross-sectional area of the patellar tendon relative to baseline", memory=True),
        State("achilles_modulus", "1", 1.0, "Young's modulus of the Achilles tendon relative to baseline", memory=True),
        State("achilles_csa", "1", 1.0, "cross-sectional area of the Achilles tendon relative to baseline", memory=True),
    )
    inputs = (
        Input("knee_tendon_force", "1"),
        Input("ankle_tendon_force", "1"),
        Input("tendon_cycles", "1/h"),
    )
    outputs = (
        Var("tendon_stiffness", "1", "patellar tendon stiffness relative to baseline (modulus x CSA)"),
        Var("tendon_modulus", "1", "patellar tendon Young's modulus relative to baseline"),
        Var("tendon_csa", "1", "patellar tendon cross-sectional area relative to baseline"),
        Var("achilles_stiffness", "1", "Achilles tendon stiffness relative to baseline (modulus x CSA)"),
        Var("tendon_strain_patellar", "1", "patellar tendon strain during the current set (fraction)"),
    )
    params = (
        Param("strain_mvc", 0.05, "1", "arampatzis2007", (0.03, 0.1), "B",
              note="tendon strain at a maximal voluntary contraction: 4.55 % at 90 % MVC and 2.85 % at 55 % MVC in arampatzis2007 "
                   "(Achilles), i.e. about 5 % at MVC; patellar tendon strains at MVC are of similar size (5-9 %)"),
        Param("strain_threshold", 0.03, "1", "arampatzis2007, arampatzis2010", (0.025, 0.045), "C",
              note="strain below which repetitions add no adaptation: 2.85-2.97 % strain gave none, 4.55-4.72 % did "
                   "(arampatzis2007, arampatzis2010); the threshold lies between, taken near the lower end"),
        Param("modulus_per_dose", 5.5e-4, "1", "bohm2015, assumption", (2e-5, 2e-3), "D", "lognormal", 0.5,
              note="relative gain of modulus per unit dose (one repetition at MVC at baseline stiffness), times the remaining "
                   "room; fitted by hand to the stiffness SMD of C43 (bohm2015, 0.70 over 8-14+ weeks; role calibration); the "
                   "between-subject CV 0.5 is an assumption", fitted_to=("tendon_C43_stiffness",)),
        Param("modulus_max_gain", 0.8, "1", "bohm2015, assumption", (0.2, 2.0), "assumption",
              note="largest modulus gain over baseline (ceiling of the material adaptation); single studies report +20-80 %"),
        Param("csa_per_dose", 3.5e-5, "1", "bohm2015, assumption", (1e-6, 3e-4), "D", "lognormal", 0.5,
              note="relative CSA gain per unit dose; fitted by hand to the CSA SMD of C43 (0.24; role calibration)", fitted_to=("tendon_C43_csa",)),
        Param("csa_max_gain", 0.2, "1", "assumption", (0.05, 0.5), "assumption",
              note="largest CSA gain (tendon hypertrophy is small and slow in adults)"),
        Param("k_tendon_loss", math.log(2.0) / (8 * 7 * 24.0), "1/h", "kubo2010, assumption",
              (math.log(2.0) / (52 * 7 * 24.0), math.log(2.0) / (2 * 7 * 24.0)), "assumption",
              note="return of the modulus to baseline without loading (half-life 8 weeks): stiffness gains of training fell back "
                   "over about 3 months of detraining (kubo2010, unverified); no study gives the rate directly"),
        Param("k_csa_loss", math.log(2.0) / (26 * 7 * 24.0), "1/h", "assumption",
              (math.log(2.0) / (104 * 7 * 24.0), math.log(2.0) / (4 * 7 * 24.0)), "assumption",
              note="return of CSA to baseline without loading (half-life 6 months, slower than the material properties); a judgement"),
    )
    routes = (
        Route("tendon", "paracrine", "muscle force -> tendon strain above threshold -> collagen synthesis, stiffness", "arampatzis2007", True),
    )

    @staticmethod
    def rhs(patellar_modulus, patellar_csa, achilles_modulus, achilles_csa, knee_tendon_force, ankle_tendon_force,
            tendon_cycles, strain_mvc, strain_threshold, modulus_per_dose, modulus_max_gain, csa_per_dose, csa_max_gain,
            k_tendon_loss, k_csa_loss):
        span = strain_mvc - strain_threshold
        # patellar
        stiff_p = max(patellar_modulus * patellar_csa, 1e-6)
        eps_p = strain_mvc * knee_tendon_force / stiff_p
        dose_p = tendon_cycles * max(eps_p - strain_threshold, 0.0) / span
        room_e = max(1.0 - (patellar_modulus - 1.0) / modulus_max_gain, 0.0)
        room_a = max(1.0 - (patellar_csa - 1.0) / csa_max_gain, 0.0)
        d_ep = modulus_per_dose * dose_p * room_e - k_tendon_loss * (patellar_modulus - 1.0)
        d_ap = csa_per_dose * dose_p * room_a - k_csa_loss * (patellar_csa - 1.0)
        # Achilles
        stiff_a = max(achilles_modulus * achilles_csa, 1e-6)
        eps_a = strain_mvc * ankle_tendon_force / stiff_a
        dose_a = tendon_cycles * max(eps_a - strain_threshold, 0.0) / span
        room_e = max(1.0 - (achilles_modulus - 1.0) / modulus_max_gain, 0.0)
        room_a = max(1.0 - (achilles_csa - 1.0) / csa_max_gain, 0.0)
        d_ea = modulus_per_dose * dose_a * room_e - k_tendon_loss * (achilles_modulus - 1.0)
        d_aa = csa_per_dose * dose_a * room_a - k_csa_loss * (achilles_csa - 1.0)
        return (d_ep, d_ap, d_ea, d_aa, patellar_modulus * patellar_csa, patellar_modulus, patellar_csa,
                achilles_modulus * achilles_csa, eps_p)
