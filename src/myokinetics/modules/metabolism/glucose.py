"""Fasting glucose, fasting insulin, HOMA-IR and HbA1c: the day-averaged glucose-insulin loop, with exercise.

Structure (the fast part of the beta-cell mass, insulin, glucose model of
topp2000, which extends the Bergman minimal model of glucose effectiveness and
insulin sensitivity, bergman1979):

    dG/dt = R0 - (EG0 + S_I I) G                  glucose (mg/dL), minutes
    dI/dt = beta sigma G^2 / (alpha + G^2) - k I  insulin (uU/mL), minutes

The model has no meals: glucose and insulin are the fasting (basal) values.
Glucose and insulin settle within hours, far faster than anything else here,
so they are taken at their quasi-steady state (solved by Newton's method in the
rate function).  Each subject is placed on this structure by its own baseline
fasting glucose G0 and insulin I0 (HOMA logic, matthews1985):
S_I0 = (R0/G0 - EG0)/I0 and the secretory capacity beta sigma / k =
I0 (alpha + G0^2)/G0^2, so the baseline is the steady state by construction.

Left out: Topp's slow beta-cell mass equation dbeta/dt = (-d0 + r1 G - r2 G^2)
beta.  It was tried: it is an integral (perfect-adaptation) controller, so
after training stops beta-cell mass keeps moving away from baseline for weeks
(breaking the rule that states return toward baseline once training stops),
its rates come from rat beta-cell turnover, and at those rates fasting insulin
fell about 20 % in 16 weeks of training, far more than observed (C49).
Beta-cell capacity is therefore fixed at the subject's baseline.

Exercise raises insulin sensitivity S_I = S_I0 x (1 + chronic) x acute x mass:
* acute: the post-exercise window (``insulin_sensitivity`` of the acute
  model, t1/2 about a day, mikines1988, fenicchia2004): with 3 sessions a week
  it raises the day-averaged sensitivity;
* chronic (``insulin_action_training``): GLUT4, insulin-signalling proteins and
  glycogen synthase rise with strength training (holten2004), consolidated
  from repeated windows and lost within weeks without training;
* mass: insulin-stimulated glucose disposal is mostly into skeletal muscle
  (defronzo1981), so S_I rises with the training-induced gain of muscle mass
  (ageing losses are excluded so that the states stay at baseline without
  training; sarcopenia's effect on insulin sensitivity is not modelled).

Counter-regulation.  Below about 68 mg/dL glucagon and adrenaline secretion
start (mitrakou1991: thresholds 65-68 mg/dL; insulin secretion already falls
below 80-85 mg/dL, which the secretion curve carries) and raise hepatic
glucose production, so raised insulin sensitivity cannot push a healthy
person's fasting glucose far below 70 mg/dL.

HOMA-IR = glucose[mmol/L] x insulin[uU/mL] / 22.5 (matthews1985).  HbA1c
follows the ADAG relation (nathan2008: mean glucose mg/dL = 28.7 A1c - 46.7)
applied to the day-mean glucose, taken to change in proportion to fasting
glucose, with first-order kinetics (half of HbA1c reflects the last month,
tahara1995).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var
from myokinetics.program.library import get_library

#: number of muscle groups (the library's); used to form the mean ageing factor of muscle mass
_N_MUSCLES = float(len(get_library().muscle_ids))
_MGDL_PER_MMOL = 18.016


class GlucoseInsulin(Module):
    name = "glucose_insulin"
    organ = "whole_body"
    description = ("Fasting glucose and insulin from the quasi-steady state of the insulin/glucose loop of Topp 2000 "
                   "with exercise-raised insulin sensitivity (post-exercise window, GLUT4 adaptation, muscle mass); "
                   "HOMA-IR and HbA1c (ADAG relation, first-order red-cell kinetics).")
    states = (
        State("insulin_action_training", "1", 0.0, "chronic training rise of muscle insulin action (GLUT4, signalling), relative",
              decay="k_glut4_loss", memory=True, scale=0.1),
        State("hba1c_change", "%", 0.0, "change of HbA1c from the subject's baseline (absolute %)", decay="k_a1c",
              nonnegative=False, memory=True, scale=0.5),
    )
    inputs = (
        Input("insulin_sensitivity", "1"),
        Input("muscle_mass", "kg", ("muscle",), reduce="sum"),
        Input("muscle_mass_current", "kg", ("muscle",), reduce="sum"),
        Input("age_mass_factor", "1", ("muscle",), reduce="sum"),
        Input("type2_diabetes", "1"),
        Input("obesity", "1"),
    )
    outputs = (
        Var("fasting_glucose", "mg/dL", "fasting plasma glucose"),
        Var("fasting_insulin", "uU/mL", "fasting plasma insulin"),
        Var("homa_ir", "1", "HOMA-IR: glucose (mmol/L) x insulin (uU/mL) / 22.5"),
        Var("hba1c", "%", "glycated haemoglobin (HbA1c, NGSP %)"),
        Var("insulin_sensitivity_total", "1", "whole-body insulin sensitivity S_I relative to baseline (window x chronic x mass)"),
    )
    params = (
        Param("glucose_base", 92.0, "mg/dL", "assumption", (75.0, 110.0), "assumption", "lognormal", 0.08,
              note="fasting plasma glucose of a healthy adult; normal fasting glucose is below 100 mg/dL (ADA criteria), population "
                   "means lie near 90-100 mg/dL; between-subject CV about 8 % (a judgement)"),
        Param("t2d_glucose_add", 65.0, "mg/dL", "nathan2008, assumption", (20.0, 150.0), "D",
              note="extra fasting glucose in type 2 diabetes (about 157 mg/dL): chosen to be consistent with an HbA1c of 7.7 % "
                   "(t2d_hba1c_add) by the ADAG relation (mean glucose 174 mg/dL, fasting a little below the day mean); trials in "
                   "C45-C50 enrol patients with HbA1c about 7.5-8.5 %"),
        Param("obesity_glucose_add", 6.0, "mg/dL", "assumption", (0.0, 20.0), "assumption",
              note="obesity without diabetes raises fasting glucose a little (compensated insulin resistance); a judgement"),
        Param("insulin_base", 8.0, "uU/mL", "matthews1985, assumption", (2.0, 25.0), "assumption", "lognormal", 0.4,
              note="fasting insulin of a healthy, lean adult (HOMA-IR about 1.8 at 92 mg/dL); assay-dependent (about 5-15 uU/mL); "
                   "between-subject CV about 40 % (fasting insulin is right-skewed), a judgement"),
        Param("t2d_insulin_factor", 1.6, "1", "assumption", (1.0, 3.0), "assumption",
              note="fasting insulin in type 2 diabetes relative to healthy (insulin resistance with still-compensating beta cells: "
                   "HOMA-IR about 4-6 in treated T2D trial cohorts); a judgement"),
        Param("obesity_insulin_factor", 1.8, "1", "assumption", (1.0, 3.0), "assumption",
              note="fasting insulin in obesity relative to lean (hyperinsulinaemia of insulin resistance, HOMA-IR about 3.5); a judgement"),
        Param("hba1c_base", 5.4, "%", "nathan2008, assumption", (4.5, 6.4), "assumption", "normal", 0.05,
              note="HbA1c of a healthy adult (below the 5.7 % prediabetes threshold; ADAG eAG at 5.4 % = 108 mg/dL mean glucose)"),
        Param("t2d_hba1c_add", 2.3, "%", "umpierre2011, assumption", (0.5, 4.0), "assumption",
              note="extra HbA1c in type 2 diabetes (7.7 %): exercise trials in T2D enrol patients with HbA1c of about 7.5-8.5 % (C45); a judgement"),
        Param("hgp", 36.0, "mg/dL/h", "topp2000", (20.0, 60.0), "B",
              note="net glucose production R0 at zero glucose: 864 mg/dL/day (topp2000); only its ratio to glucose_effectiveness matters"),
        Param("glucose_effectiveness", 0.06, "1/h", "topp2000, bergman1979", (0.02, 0.15), "B",
              note="glucose effectiveness EG0 (insulin-independent disposal): 1.44 /day (topp2000); at 100 mg/dL it is 17 % of "
                   "glucose disposal, the rest insulin-dependent"),
        Param("secretion_half_sq", 20000.0, "mg^2/dL^2", "topp2000", (5000.0, 60000.0), "B",
              note="alpha of the sigmoid insulin secretion sigma G^2/(alpha + G^2): half-maximal at 141 mg/dL (topp2000)"),
        Param("muscle_disposal_fraction", 0.8, "1", "defronzo1981", (0.5, 0.95), "C",
              note="fraction of insulin-stimulated glucose disposal into skeletal muscle (about 80-85 % during a clamp, defronzo1981): "
                   "S_I rises by this fraction of the relative gain of muscle mass"),
        Param("ir_restore", 0.035, "1", "holten2004, ashton2020, assumption", (0.0, 0.5), "assumption",
              note="extra chronic rise of insulin sensitivity per unit of the subject's insulin-sensitivity deficit (healthy S_I / own "
                   "S_I - 1): training effects on insulin and HOMA-IR are larger with raised cardiometabolic risk (ashton2020, C49) and "
                   "strength training raised GLUT4 and insulin action in T2D patients as in controls (holten2004); with it the T2D "
                   "HbA1c fall is about 0.7 % in 16 weeks (C45: -0.57, set by hand, re-set to 0.035 after the beta-cell equation was dropped); a judgement", fitted_to=("C45_rt_hba1c_t2d",)),
        Param("glut4_max", 0.04, "1", "holten2004, fenicchia2004, assumption", (0.0, 0.5), "D", "lognormal", 0.5,
              note="largest chronic rise of insulin sensitivity beyond the acute post-exercise window: strength training raised GLUT4, "
                   "insulin-signalling proteins and leg glucose clearance in 6 weeks (holten2004), but OGTT glucose 60-72 h after the "
                   "last of 6 weeks of sessions was not better than before (fenicchia2004; controls unchanged), so the lasting part "
                   "is small in healthy people (set with C49 in view); CV 50 % (responders, a judgement)", fitted_to=("C45_rt_hba1c_t2d",)),
        Param("glut4_gain", 0.02, "1/h", "holten2004, assumption", (0.001, 5.0), "assumption",
              note="rate at which the excess of the post-exercise window (insulin_sensitivity - 1) builds the chronic adaptation: with 3 "
                   "whole-body sessions a week (mean window excess about 0.08) the time constant is about 3-4 weeks, so the adaptation "
                   "approaches its ceiling within the 6 weeks that sufficed in holten2004 and one session moves it by about 3 % of its "
                   "ceiling (it was 0.5 /h before, which reached 95 % of the ceiling within 48 h of the first session); a judgement"),
        Param("counterreg_threshold", 68.0, "mg/dL", "mitrakou1991", (60.0, 75.0), "B",
              note="plasma glucose below which glucagon and adrenaline secretion (counter-regulation) begins: 68 +/- 1 mg/dL for both "
                   "in 10 healthy volunteers during stepped hypoglycaemic clamps (mitrakou1991; 65-70 mg/dL in Cryer's table of "
                   "glycaemic thresholds)"),
        Param("counterreg_gain", 0.05, "1/(mg/dL)", "mitrakou1991, assumption", (0.01, 0.5), "assumption",
              note="relative rise of hepatic glucose production per mg/dL below the counter-regulatory threshold (production doubled "
                   "20 mg/dL below it): glucagon restores glucose production within minutes in hypoglycaemia; the slope is a "
                   "judgement, chosen steep enough that exercise-raised insulin sensitivity keeps fasting glucose in the "
                   "physiological range"),
        Param("k_glut4_loss", 1.0 / (14 * 24.0), "1/h", "assumption", (1.0 / (60 * 24.0), 1.0 / (3 * 24.0)), "assumption",
              note="loss of the chronic adaptation without training (t1/2 about 10 days): training effects on insulin action fade "
                   "within days to weeks of inactivity; no study of resistance training gives the time constant"),
        Param("k_a1c", 1.0 / (43 * 24.0), "1/h", "tahara1995, nathan2008", (1.0 / (90 * 24.0), 1.0 / (20 * 24.0)), "C",
              note="first-order approach of HbA1c to its glucose-set level (t1/2 about 30 days): half of HbA1c reflects glucose in the "
                   "last month, a quarter the month before (tahara1995; red-cell life span about 120 days)"),
    )
    routes = (
        Route("muscle", "autocrine", "GLUT4 and insulin signalling adaptation -> insulin-stimulated glucose uptake", "holten2004", True),
        Route("pancreas", "endocrine", "glucose -> insulin secretion (Topp 2000 secretion curve; beta-cell mass fixed)", "topp2000", True),
    )

    @staticmethod
    def rhs(insulin_action_training, hba1c_change, insulin_sensitivity, muscle_mass,
            muscle_mass_current, age_mass_factor, type2_diabetes, obesity, glucose_base, t2d_glucose_add,
            obesity_glucose_add, insulin_base, t2d_insulin_factor, obesity_insulin_factor, hba1c_base, t2d_hba1c_add, hgp,
            glucose_effectiveness, secretion_half_sq, muscle_disposal_fraction, ir_restore, glut4_max, glut4_gain, counterreg_threshold,
            counterreg_gain, k_glut4_loss, k_a1c):
        g0 = glucose_base + type2_diabetes * t2d_glucose_add + obesity * obesity_glucose_add
        i0 = insulin_base * (1.0 + type2_diabetes * (t2d_insulin_factor - 1.0)) * (1.0 + obesity * (obesity_insulin_factor - 1.0))
        a0 = hba1c_base + type2_diabetes * t2d_hba1c_add
        # subject-specific structure: baseline is the steady state
        si0 = (hgp / g0 - glucose_effectiveness) / i0
        if si0 < 1e-9:
            si0 = 1e-9
        bmax = i0 * (secretion_half_sq + g0 * g0) / (g0 * g0)
        # training-induced muscle mass (ageing factor divided out)
        fbar = age_mass_factor / _N_MUSCLES
        mass_rel = muscle_mass_current / (muscle_mass * fbar) if fbar > 0.0 else 1.0
        mass_term = 1.0 + muscle_disposal_fraction * (mass_rel - 1.0)
        if mass_term < 0.1:
            mass_term = 0.1
        s_rel = (1.0 + insulin_action_training) * insulin_sensitivity * mass_term
        si = si0 * s_rel
        # quasi-steady state: G (EG0 + S_I bmax G^2/(alpha+G^2)) = R0, Newton from G0 (h increasing in G)
        g = g0
        for _ in range(40):
            g2 = g * g
            den = secretion_half_sq + g2
            f = g2 / den
            df = 2.0 * g * secretion_half_sq / (den * den)
            h = g * (glucose_effectiveness + si * bmax * f) - hgp
            dh = glucose_effectiveness + si * bmax * (f + g * df)
            if g < counterreg_threshold:    # glucagon/adrenaline raise production below the threshold
                h -= hgp * counterreg_gain * (counterreg_threshold - g)
                dh += hgp * counterreg_gain
            step = h / dh
            gn = g - step
            if gn < 0.5 * g:
                gn = 0.5 * g
            if abs(gn - g) <= 1e-12 * g:
                g = gn
                break
            g = gn
        ins = bmax * g * g / (secretion_half_sq + g * g)
        x = g / g0
        # HbA1c: ADAG mean glucose scaled with fasting glucose
        eag0 = 28.7 * a0 - 46.7
        a_target = eag0 * (x - 1.0) / 28.7
        d_a1c = k_a1c * (a_target - hba1c_change)
        # chronic insulin-action adaptation from repeated post-exercise windows
        window = insulin_sensitivity - 1.0
        if window < 0.0:
            window = 0.0
        si_healthy = (hgp / glucose_base - glucose_effectiveness) / insulin_base
        deficit = si_healthy / si0 - 1.0
        if deficit < 0.0:
            deficit = 0.0
        room = glut4_max + ir_restore * deficit
        d_glut = glut4_gain * window * (room - insulin_action_training) - k_glut4_loss * insulin_action_training
        homa = (g / _MGDL_PER_MMOL) * ins / 22.5
        return d_glut, d_a1c, g, ins, homa, a0 + hba1c_change, s_rel
