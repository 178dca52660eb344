"""Resting systolic and diastolic blood pressure and their fall with resistance training.

Baselines: NHANES 2001-2008 (wright2011): mean 116/69 mmHg in normotensive and
146/85 mmHg in untreated hypertensive adults; systolic pressure rises with
age and is higher in men.

Training: a dose memory (``bp_dose``, reference sessions a week, from the
working muscle mass of each session) drives an adaptation state
(``bp_adaptation``, 0 to 1) that rises over weeks and decays over months
without training (:mod:`myokinetics.modules.adaptation`): one session moves it
by a few percent of its 12-week change.  The decay follows the detraining
studies of resistance training: the fall of resting pressure was kept for 4
weeks without training (moraes2012) and, in older hypertensive women, for 14
weeks (nascimento2014); aerobic and multicomponent programs lost it faster
(2 weeks to 3 months; moker2014, leitao2021), so the time constant is uncertain.
At the plateau of the reference program the pressure falls by a base amount
plus a part of the excess over a normal baseline: larger falls from a raised
baseline, the person-dependent ceiling (C54: prehypertensive -4.0/-3.8 vs
-1.8/-3.2 mmHg overall, cornelissen2013).
The size of the effect of dynamic resistance training is contested
(Contradiction 7: SBP -1.8 cornelissen2013, -4.55 edwards2023, -4.0 to -5.1
ashton2020): the base effect is set between them (-2.5 mmHg), so each
estimate lies within the range the model spans over baselines and response
spread.  Isometric training (larger effects, C54, C56) is not represented:
the exercise library has no isometric hand-grip or wall-squat protocol and
the stimulus signals do not distinguish sustained isometric holds.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var
from myokinetics.modules.adaptation import dose_adaptation, relative_to_reference

_WEEK = 168.0  # h per week: unit conversion of the time constants


class BloodPressure(Module):
    name = "blood_pressure"
    organ = "cardiovascular"
    description = ("Resting systolic and diastolic blood pressure: baselines by age, sex and hypertension; a fall with "
                   "training over weeks, larger from a raised baseline.")
    states = (
        State("bp_dose", "1", 0.0, "recent training dose for blood pressure (reference sessions a week, weighted over about a week)",
              decay="k_bp_dose", scale=3.0),
        State("bp_adaptation", "1", 0.0, "training adaptation of resting blood pressure (0 none, 1 the ceiling of an infinite dose)",
              decay="k_bp_decay", memory=True, scale=0.5),
    )
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("sex_male", "1"),
        Input("age", "yr"),
        Input("hypertension", "1"),
        Input("obesity", "1"),
    )
    outputs = (
        Var("systolic_bp", "mmHg", "resting systolic blood pressure"),
        Var("diastolic_bp", "mmHg", "resting diastolic blood pressure"),
    )
    params = (
        Param("sbp_base", 116.0, "mmHg", "wright2011", (95.0, 135.0), "B", "normal", 0.08,
              note="mean SBP of normotensive US adults (116 mmHg, NHANES 2001-2008, wright2011) at the age reference; CV 8 % (SD about "
                   "9-10 mmHg, a judgement)"),
        Param("dbp_base", 69.0, "mmHg", "wright2011", (55.0, 85.0), "B", "normal", 0.1,
              note="mean DBP of normotensive US adults (69 mmHg, wright2011); CV 10 % (a judgement)"),
        Param("hypertension_sbp_add", 30.0, "mmHg", "wright2011", (10.0, 50.0), "B",
              note="untreated hypertensive adults average 146 mmHg vs 116 normotensive (wright2011)"),
        Param("hypertension_dbp_add", 16.0, "mmHg", "wright2011", (5.0, 30.0), "B",
              note="untreated hypertensive adults average 85 mmHg vs 69 normotensive (wright2011)"),
        Param("bp_age_ref", 40.0, "yr", "assumption", (25.0, 60.0), "assumption",
              note="age at which sbp_base and dbp_base apply (about the mean age of normotensive adults)"),
        Param("sbp_age_slope", 0.4, "mmHg/yr", "wright2011, assumption", (0.0, 1.0), "assumption",
              note="rise of SBP with age (wright2011 reports a rising trend; the slope of about 4 mmHg per decade is a judgement)"),
        Param("sbp_male_add", 4.0, "mmHg", "wright2011, assumption", (0.0, 10.0), "assumption",
              note="men have higher mean pressures than women (wright2011); the size (+4 systolic, +2 diastolic, centred) is a judgement"),
        Param("obesity_sbp_add", 5.0, "mmHg", "assumption", (0.0, 15.0), "assumption",
              note="higher SBP with obesity (and half of it diastolic); a judgement"),
        Param("sbp_effect", 2.5, "mmHg", "cornelissen2013, edwards2023, ashton2020", (0.0, 8.0), "D",
              note="fall of SBP at the plateau of the reference program (bp_d_ref) from a normal baseline: between -1.8 (cornelissen2013, CI -3.7 to -0.01, C54) and "
                   "-4.55 (edwards2023, C56) / -4.0 (ashton2020, C57): the estimates conflict (Contradiction 7)"),
        Param("sbp_effect_slope", 0.15, "1", "cornelissen2013, assumption", (0.0, 0.5), "D",
              note="extra SBP fall per mmHg of baseline above 120: prehypertensive groups (about 130 mmHg) fell -4.0 (CI -7.4 to -0.5, "
                   "C54); hypertensive groups with dynamic RT were few and did not fall more in cornelissen2013, so the slope is modest"),
        Param("dbp_effect", 2.5, "mmHg", "cornelissen2013, edwards2023, ashton2020", (0.0, 8.0), "D",
              note="fall of DBP at the plateau of the reference program from a normal baseline: -3.2 (CI -4.5 to -2.0, cornelissen2013), -3.04 "
                   "(edwards2023), -1.73 (CI -2.88 to -0.57, ashton2020 medium-term): between them"),
        Param("dbp_effect_slope", 0.15, "1", "cornelissen2013, assumption", (0.0, 0.5), "D",
              note="extra DBP fall per mmHg of baseline above 75 (prehypertensive -3.8, C54)"),
        Param("bp_response", 1.0, "1", "assumption", (0.0, 5.0), "assumption", "lognormal", 0.6,
              note="between-subject factor on the training effect (CV 60 %, a judgement: individual BP responses to training vary widely)"),
        Param("bp_dose_ref", 0.3, "kg*h", "assumption", (0.05, 3.0), "D",
              note="working-muscle dose (activation-weighted muscle mass x time) of one reference session: 9 sets of three "
                   "whole-body lifts at 70 % 1RM give 0.27 kg h in a 45-year-old man (computed with the model); a 45-min run at "
                   "65 % VO2max gives about 4 kg h (14 reference sessions, about its energy cost relative to 9 sets)"),
        Param("k_bp_dose", 1.0 / _WEEK, "1/h", "assumption", (1.0 / (4 * _WEEK), 1.0 / (2 * 24.0)), "assumption",
              note="the dose is the training of about the last week (time constant 1 week), the window of the acute training load"),
        Param("bp_d50", 2.0, "1", "cornelissen2013, assumption", (0.5, 10.0), "assumption",
              note="dose (reference sessions a week) at half the ceiling: trials of 2-3 sessions a week give the pooled effect and "
                   "cornelissen2013 found no clear moderation by frequency or volume, so the curve is near its plateau there"),
        Param("bp_d_ref", 3.0, "1", "cornelissen2013, assumption", (1.0, 6.0), "assumption",
              note="the reference program whose plateau the effect parameters describe: 3 reference sessions a week, the typical "
                   "dynamic-RT trial of the meta-analyses (C54, C57)"),
        Param("k_bp_rise", 1.0 / (6 * _WEEK), "1/h", "cornelissen2013, ashton2020, assumption", (1.0 / (16 * _WEEK), 1.0 / _WEEK), "assumption",
              note="rate of approach to the dose's plateau (time constant 6 weeks): RT trials of >= 4 weeks show the effect (C54) "
                   "and medium-term trials more than short-term ones (C57); no RT study reports the fall week by week"),
        Param("k_bp_decay", 1.0 / (40 * _WEEK), "1/h", "moraes2012, nascimento2014, moker2014, leitao2021",
              (1.0 / (104 * _WEEK), 1.0 / (2 * _WEEK)), "C",
              note="loss of the adaptation without training (time constant 40 weeks, half-life about 28 weeks): after resistance "
                   "training the fall was unchanged 4 weeks later (moraes2012, 12 weeks of 3x12 at 60 % 1RM in hypertensive men) "
                   "and still present after 14 weeks (nascimento2014, older hypertensive women); BP rose back within 2 weeks "
                   "after aerobic, resistance or combined training in prehypertensive adults (moker2014) and within 3 months "
                   "after multicomponent training of older women (leitao2021): the sources conflict, the RT studies are followed"),
    )
    routes = (
        Route("vasculature", "endocrine", "regular resistance exercise -> lower peripheral resistance and sympathetic tone",
              "cornelissen2013", True),
    )

    @staticmethod
    def rhs(bp_dose, bp_adaptation, active_mass, sex_male, age, hypertension, obesity, sbp_base, dbp_base, hypertension_sbp_add,
            hypertension_dbp_add, bp_age_ref, sbp_age_slope, sbp_male_add, obesity_sbp_add, sbp_effect, sbp_effect_slope,
            dbp_effect, dbp_effect_slope, bp_response, bp_dose_ref, k_bp_dose, bp_d50, bp_d_ref, k_bp_rise, k_bp_decay):
        d_dose, d_x = dose_adaptation(bp_dose, bp_adaptation, active_mass, bp_dose_ref, k_bp_dose, bp_d50, k_bp_rise, k_bp_decay)
        a = relative_to_reference(bp_adaptation, bp_d_ref, bp_d50)
        sbp0 = (sbp_base + sbp_age_slope * (age - bp_age_ref) + sbp_male_add * (sex_male - 0.5)
                + hypertension * hypertension_sbp_add + obesity * obesity_sbp_add)
        dbp0 = (dbp_base + 0.5 * sbp_male_add * (sex_male - 0.5) + hypertension * hypertension_dbp_add
                + 0.5 * obesity * obesity_sbp_add)
        fall_s = (sbp_effect + sbp_effect_slope * max(sbp0 - 120.0, 0.0)) * bp_response
        fall_d = (dbp_effect + dbp_effect_slope * max(dbp0 - 75.0, 0.0)) * bp_response
        return d_dose, d_x, sbp0 - fall_s * a, dbp0 - fall_d * a
