"""Adipose tissue: visceral and subcutaneous depots and whole-body lipolysis, with IL-6 acting on fat.

Depots.  The body-composition module gives the total fat mass from the energy balance; this module
splits it between the visceral (VAT) and the subcutaneous (SAT) depot.  Without a lipolytic messenger
the visceral depot keeps its share of the fat mass (``visceral_share_male`` / ``_female`` at the start).
Muscle-derived IL-6 acts on the visceral adipocytes (IL-6 receptor signalling; VAT is the more
lipolytically active depot): while plasma IL-6 is above the subject's resting level, visceral fat is
mobilised at a rate ``mobilisation_max`` x occupancy x VAT (occupancy = x / (x + ec50), x = the IL-6 fold
excess over rest), and what is mobilised returns slowly (``k_refill``) when the signal stops.  Total fat is
set by the energy balance only: the mobilised visceral fat is re-stored in the subcutaneous depot unless
the energy balance removes it (re-esterification; IL-6's own effect on whole-body fat oxidation is not
modelled, Hiscock 2005 found none during exercise).  This is the mechanism that Wedell-Neergaard et al.
(2019) tested: 12 weeks of cycling reduced VAT and IL-6 receptor blockade (tocilizumab) abolished it.

Lipolysis.  ``lipolysis`` is whole-body lipolysis (fatty-acid appearance) relative to the resting rate:
raised by exercise (catecholamines, proportional to the share of muscle mass that works, as in Romijn
1993) and by IL-6 (a small effect: rhIL-6 at exercise concentrations did not change palmitate appearance
during low-intensity exercise, Hiscock 2005).  Insulin's antilipolytic action is not modelled (the
fasting state is assumed).
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, Signalling, State, Var


class AdiposeTissue(Module):
    name = "adipose"
    organ = "adipose"
    description = "Visceral and subcutaneous fat depots, IL-6-driven visceral mobilisation, whole-body lipolysis."
    states = (
        State("visceral_mobilised", "kg", 0.0, "visceral fat mobilised by IL-6 signalling (re-stored elsewhere or lost)",
              decay="k_refill", observable=False, scale=0.1, memory=True),
    )
    inputs = (
        Input("il6", "pg/mL", route=Signalling(
            "il6_rest", "adipose", "endocrine",
            "IL-6 receptor signalling mobilises visceral fat (lipolysis in the visceral depot)",
            "wedellneergaard2019, christensenrabex, hiscock2005",
            perturbation="tocilizumab abolished the VAT loss of 12 weeks of cycling (wedellneergaard2019, calibration); "
                         "in RA patients on IL-6 or TNF inhibitors HIIT changed VAT by -9 and -34 g (christensenrabex, "
                         "validation); rhIL-6 during low-intensity exercise did not change palmitate Ra (hiscock2005)")),
        Input("il6_rest", "pg/mL"),
        Input("fat_mass", "kg"),
        Input("sex_male", "1"),
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("skeletal_muscle_mass", "kg"),
    )
    outputs = (
        Var("visceral_fat", "kg", "visceral adipose tissue lipid mass (VAT)"),
        Var("subcutaneous_fat", "kg", "subcutaneous (and other non-visceral) fat mass"),
        Var("lipolysis", "1", "whole-body lipolysis (fatty-acid appearance) relative to rest"),
    )
    params = (
        Param("visceral_share_male", 0.15, "1", "assumption", (0.08, 0.25), "assumption", "normal", 0.25,
              note="VAT as a share of total fat mass in men; MRI studies put it at about 10-20 % of total adipose tissue in "
                   "men and 5-10 % in women (a textbook range; no single verified source)"),
        Param("visceral_share_female", 0.08, "1", "assumption", (0.03, 0.15), "assumption", "normal", 0.25,
              note="VAT share of total fat mass in women (see visceral_share_male)"),
        Param("ec50", 3.0, "1", "assumption", (0.5, 30.0), "assumption",
              note="IL-6 fold excess over rest giving half-maximal IL-6 receptor signalling in adipose tissue; about 3-fold "
                   "(a 4-7 pg/mL rise), between resting levels and the 10-100-fold rises of prolonged exercise; no human "
                   "concentration-effect curve exists"),
        Param("mobilisation_max", 0.0092, "1/h", "wedellneergaard2019", (0.0, 0.05), "D",
              note="maximal fractional mobilisation rate of visceral fat at full IL-6 receptor occupancy; set so that the "
                   "Wedell-Neergaard 2019 cycling program (12 weeks, 3 x 45 min/week at 75-80 % VO2max in abdominally obese "
                   "adults) loses about 225 g more VAT with IL-6 signalling than the same subjects under IL-6 receptor "
                   "blockade (calibration study wedellneergaard2019-vat-il6)",
              fitted_to=("wedellneergaard2019-vat-il6",)),
        Param("k_refill", 0.0014, "1/h", "assumption", (0.0002, 0.01), "assumption",
              note="rate at which mobilised visceral fat is re-stored when IL-6 signalling stops (t1/2 about 3 weeks); VAT "
                   "regain after training stops occurs over weeks to months (assumption)"),
        Param("exercise_lipolysis_gain", 3.0, "1", "romijn1993", (1.0, 6.0), "C",
              note="rise of whole-body lipolysis per unit share of muscle mass working; lipolysis rises about 2-5-fold from "
                   "rest to moderate exercise (romijn1993)"),
        Param("il6_lipolysis_max", 0.1, "1", "hiscock2005, vanhall2003", (0.0, 1.0), "C",
              note="maximal fractional rise of whole-body lipolysis from IL-6 receptor signalling; small: rhIL-6 to exercise "
                   "concentrations did not change palmitate Ra during low-intensity exercise (hiscock2005), while at rest "
                   "it raised lipolysis moderately (vanhall2003)"),
    )
    routes = ()

    @staticmethod
    def rhs(visceral_mobilised, il6, il6_rest, fat_mass, sex_male, active_mass, skeletal_muscle_mass, visceral_share_male,
            visceral_share_female, ec50, mobilisation_max, k_refill, exercise_lipolysis_gain, il6_lipolysis_max):
        x = max(il6 / il6_rest - 1.0, 0.0)
        occ = x / (x + ec50)
        share = sex_male * visceral_share_male + (1.0 - sex_male) * visceral_share_female
        v_prop = share * fat_mass
        d_mob = mobilisation_max * occ * max(v_prop - visceral_mobilised, 0.0) - k_refill * visceral_mobilised
        visceral = max(v_prop - visceral_mobilised, 0.0)
        subcut = fat_mass - visceral
        lipo = (1.0 + exercise_lipolysis_gain * active_mass / skeletal_muscle_mass) * (1.0 + il6_lipolysis_max * occ)
        return d_mob, visceral, subcut, lipo
