"""Resting systolic and diastolic blood pressure and their fall with resistance training.

Baselines: NHANES 2001-2008 (wright2011): mean 116/69 mmHg in normotensive and
146/85 mmHg in untreated hypertensive adults; systolic pressure rises with
age and is higher in men.

Training: an adaptation state (``bp_adaptation``, 0 to 1) builds with the
working muscle mass of each session over weeks and fades over weeks without
training.  At full adaptation the pressure falls by a base amount plus a part
of the excess over a normal baseline: larger falls from a raised baseline
(C54: prehypertensive -4.0/-3.8 vs -1.8/-3.2 mmHg overall, cornelissen2013).
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


class BloodPressure(Module):
    name = "blood_pressure"
    organ = "cardiovascular"
    description = ("Resting systolic and diastolic blood pressure: baselines by age, sex and hypertension; a fall with "
                   "training over weeks, larger from a raised baseline.")
    states = (
        State("bp_adaptation", "1", 0.0, "training adaptation of resting blood pressure (0 none, 1 full)",
              decay="k_bp_loss", memory=True, scale=0.5),
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
              note="fall of SBP at full adaptation from a normal baseline: between -1.8 (cornelissen2013, CI -3.7 to -0.01, C54) and "
                   "-4.55 (edwards2023, C56) / -4.0 (ashton2020, C57): the estimates conflict (Contradiction 7)"),
        Param("sbp_effect_slope", 0.15, "1", "cornelissen2013, assumption", (0.0, 0.5), "D",
              note="extra SBP fall per mmHg of baseline above 120: prehypertensive groups (about 130 mmHg) fell -4.0 (CI -7.4 to -0.5, "
                   "C54); hypertensive groups with dynamic RT were few and did not fall more in cornelissen2013, so the slope is modest"),
        Param("dbp_effect", 2.5, "mmHg", "cornelissen2013, edwards2023, ashton2020", (0.0, 8.0), "D",
              note="fall of DBP at full adaptation from a normal baseline: -3.2 (CI -4.5 to -2.0, cornelissen2013), -3.04 "
                   "(edwards2023), -1.73 (CI -2.88 to -0.57, ashton2020 medium-term): between them"),
        Param("dbp_effect_slope", 0.15, "1", "cornelissen2013, assumption", (0.0, 0.5), "D",
              note="extra DBP fall per mmHg of baseline above 75 (prehypertensive -3.8, C54)"),
        Param("bp_response", 1.0, "1", "assumption", (0.0, 5.0), "assumption", "lognormal", 0.6,
              note="between-subject factor on the training effect (CV 60 %, a judgement: individual BP responses to training vary widely)"),
        Param("bp_gain", 2.0, "1/kg/h", "assumption", (0.05, 10.0), "assumption",
              note="build-up of the adaptation per kg of working muscle per hour: three whole-body sessions a week bring it to about "
                   "85-90 % within 4-6 weeks; RT trials >= 4 weeks show the effect (C54), medium-term more than short-term (C57)"),
        Param("k_bp_loss", 1.0 / (28 * 24.0), "1/h", "assumption", (1.0 / (120 * 24.0), 1.0 / (7 * 24.0)), "assumption",
              note="loss of the adaptation without training (t1/2 about 3 weeks); a judgement"),
    )
    routes = (
        Route("vasculature", "endocrine", "regular resistance exercise -> lower peripheral resistance and sympathetic tone",
              "cornelissen2013", True),
    )

    @staticmethod
    def rhs(bp_adaptation, active_mass, sex_male, age, hypertension, obesity, sbp_base, dbp_base, hypertension_sbp_add,
            hypertension_dbp_add, bp_age_ref, sbp_age_slope, sbp_male_add, obesity_sbp_add, sbp_effect, sbp_effect_slope,
            dbp_effect, dbp_effect_slope, bp_response, bp_gain, k_bp_loss):
        d = bp_gain * active_mass * (1.0 - bp_adaptation) - k_bp_loss * bp_adaptation
        sbp0 = (sbp_base + sbp_age_slope * (age - bp_age_ref) + sbp_male_add * (sex_male - 0.5)
                + hypertension * hypertension_sbp_add + obesity * obesity_sbp_add)
        dbp0 = (dbp_base + 0.5 * sbp_male_add * (sex_male - 0.5) + hypertension * hypertension_dbp_add
                + 0.5 * obesity * obesity_sbp_add)
        fall_s = (sbp_effect + sbp_effect_slope * max(sbp0 - 120.0, 0.0)) * bp_response
        fall_d = (dbp_effect + dbp_effect_slope * max(dbp0 - 75.0, 0.0)) * bp_response
        return d, sbp0 - fall_s * bp_adaptation, dbp0 - fall_d * bp_adaptation
