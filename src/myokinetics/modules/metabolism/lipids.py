"""Blood lipids (total, LDL and HDL cholesterol, triglycerides) and their small, uncertain change with training.

Baselines: US adult means (NHANES 2007-2010, carroll2012: TC 196, LDL 116,
HDL 52.5, geometric-mean TG 110 mg/dL), HDL higher in women, TC and LDL rising
with age, and the atherogenic dyslipidaemia of insulin resistance (higher TG,
lower HDL) with type 2 diabetes or obesity.

Training: a dose memory (``lipid_dose``, reference sessions a week, from the
working muscle mass of each session) drives an adaptation state
(``lipid_adaptation``, 0 to 1) with its own rise and decay
(:mod:`myokinetics.modules.adaptation`), so one session moves it by a few
percent of its 12-week change; at the plateau of the reference program each
lipid changes by a subject-specific fraction of its own baseline (a higher
baseline, a larger absolute change: the person's ceiling).  The transient
fall of triglycerides for a day or two after a single session (the
"last-bout" effect of endurance exercise) is not modelled.  Eight weeks of
resistance training and eight of detraining left the lipids of
postmenopausal women unchanged (elliott2002), consistent with the small mean
effect.  The mean fractions are the pooled changes of
progressive resistance training (kelley2009lipids: TC -2.7 %, LDL -4.6 %,
TG -6.4 %, HDL +1.4 % ns, C51).  The between-study spread is wide: the 95 %
prediction intervals of a new study all cross zero (kelley2009pi, C52), and
another meta-analysis finds no lipid effect in abnormal glucose metabolism
(strasser2010, C46) while a third finds moderate SMDs including a rise of HDL
(costa2019, C53; Contradiction 6).  That spread is carried as between-subject
variation of each effect (normal, CV from the prediction intervals), so a
simulated subject's lipid response may be of either sign.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var
from myokinetics.modules.adaptation import dose_adaptation, relative_to_reference

_WEEK = 168.0  # h per week: unit conversion of the time constants


class Lipids(Module):
    name = "lipids"
    organ = "liver"
    description = ("Total, LDL and HDL cholesterol and triglycerides: baselines by sex, age and condition; small mean "
                   "training effects with a wide, either-sign between-subject spread.")
    states = (
        State("lipid_dose", "1", 0.0, "recent training dose for lipid metabolism (reference sessions a week, weighted over about a week)",
              decay="k_lipid_dose", scale=3.0),
        State("lipid_adaptation", "1", 0.0, "training adaptation of lipid metabolism (0 none, 1 the ceiling of an infinite dose)",
              decay="k_lipid_decay", memory=True, scale=0.5),
    )
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("sex_male", "1"),
        Input("age", "yr"),
        Input("type2_diabetes", "1"),
        Input("obesity", "1"),
    )
    outputs = (
        Var("total_cholesterol", "mg/dL", "serum total cholesterol"),
        Var("ldl_cholesterol", "mg/dL", "LDL cholesterol"),
        Var("hdl_cholesterol", "mg/dL", "HDL cholesterol"),
        Var("triglycerides", "mg/dL", "fasting serum triglycerides"),
    )
    params = (
        Param("tc_base", 196.0, "mg/dL", "carroll2012", (120.0, 300.0), "B", "lognormal", 0.18,
              note="mean total cholesterol of US adults, NHANES 2007-2010 (196 mg/dL, carroll2012), taken at the age reference; "
                   "between-subject CV about 18 % (SD about 35-40 mg/dL, a judgement from population distributions)"),
        Param("ldl_base", 116.0, "mg/dL", "carroll2012", (50.0, 220.0), "B", "lognormal", 0.28,
              note="mean LDL cholesterol of US adults, NHANES 2007-2010 (116 mg/dL, carroll2012); CV about 28 % (a judgement)"),
        Param("hdl_base", 52.5, "mg/dL", "carroll2012", (25.0, 100.0), "B", "lognormal", 0.25,
              note="mean HDL cholesterol of US adults, NHANES 2007-2010 (52.5 mg/dL, carroll2012), both sexes; CV about 25 % (a judgement)"),
        Param("tg_base", 110.0, "mg/dL", "carroll2012", (40.0, 300.0), "B", "lognormal", 0.5,
              note="geometric mean triglycerides of US adults, NHANES 2007-2010 (110 mg/dL, carroll2012); right-skewed, CV about 50 %"),
        Param("hdl_sex_diff", 12.0, "mg/dL", "assumption", (5.0, 20.0), "assumption",
              note="HDL of women above men (men about 46, women about 58 mg/dL around the mean of 52.5); the split is a judgement, "
                   "the sex difference itself is well known"),
        Param("age_ref", 47.0, "yr", "carroll2012, assumption", (30.0, 60.0), "assumption",
              note="age at which the baseline equals the NHANES adult mean (about the mean age of US adults >= 20 y)"),
        Param("tc_age_slope", 0.6, "mg/dL/yr", "assumption", (0.0, 1.5), "assumption",
              note="rise of total (and, by the LDL share, LDL) cholesterol with age in adulthood up to about 60 y; a judgement "
                   "(roughly 170 mg/dL at 25 y to 205 at 60 y), applied linearly and capped at 65 y"),
        Param("dyslipid_tg_factor", 1.4, "1", "assumption", (1.0, 2.5), "assumption",
              note="triglycerides with type 2 diabetes or obesity relative to the reference (atherogenic dyslipidaemia of insulin "
                   "resistance); a judgement, applied once for either condition"),
        Param("dyslipid_hdl_drop", 6.0, "mg/dL", "assumption", (0.0, 15.0), "assumption",
              note="lower HDL with type 2 diabetes or obesity; a judgement"),
        Param("tc_effect", -0.027, "1", "kelley2009lipids, kelley2009pi", (-0.3, 0.25), "D", "normal", 1.6,
              note="relative change of TC at the plateau of the reference program: -2.7 % (-5.5 mg/dL, 95 % CI -9.4 to -1.6, C51); CV 1.6 so that the SD of "
                   "individual effects (about 8.6 mg/dL) matches the between-study spread behind the prediction interval -24.0 to +13.0 "
                   "(C52, tau about 9 mg/dL)", fitted_to=("C51_tc",)),
        Param("ldl_effect", -0.046, "1", "kelley2009lipids, kelley2009pi", (-0.4, 0.3), "D", "normal", 1.8,
              note="relative change of LDL at the plateau of the reference program: -4.6 % (-6.1 mg/dL, CI -11.2 to -1.0, C51); CV 1.8 from the prediction "
                   "interval -28.9 to +16.4 (C52, tau about 11 mg/dL)", fitted_to=("C51_ldl",)),
        Param("hdl_effect", 0.014, "1", "kelley2009lipids, kelley2009pi, costa2019", (-0.5, 0.5), "D", "normal", 6.0,
              note="relative change of HDL at the plateau of the reference program: +1.4 % (+0.7 mg/dL, CI -1.2 to 2.6, ns, C51); costa2019 finds a "
                   "significant rise (SMD +0.36, C53): the sources disagree (Contradiction 6); CV 6 from the prediction interval -8.9 "
                   "to +10.4 (C52, tau about 4.7 mg/dL)", fitted_to=("C51_hdl",)),
        Param("tg_effect", -0.064, "1", "kelley2009lipids, kelley2009pi", (-0.6, 0.4), "D", "normal", 1.6,
              note="relative change of TG at the plateau of the reference program: -6.4 % (-8.1 mg/dL, CI -14.5 to -1.8, C51); CV 1.6 from the prediction "
                   "interval -34.5 to +18.3 (C52, tau about 13 mg/dL)", fitted_to=("C51_tg",)),
        Param("lipid_dose_ref", 0.3, "kg*h", "assumption", (0.05, 3.0), "D",
              note="working-muscle dose of one reference session (9 sets of three whole-body lifts at 70 % 1RM: 0.27 kg h in a "
                   "45-year-old man, computed with the model); as blood_pressure.bp_dose_ref"),
        Param("k_lipid_dose", 1.0 / _WEEK, "1/h", "assumption", (1.0 / (4 * _WEEK), 1.0 / (2 * 24.0)), "assumption",
              note="the dose is the training of about the last week (time constant 1 week)"),
        Param("lipid_d50", 2.0, "1", "kelley2009lipids, assumption", (0.5, 10.0), "assumption",
              note="dose (reference sessions a week) at half the ceiling; the pooled trials (2-3 sessions a week) show no clear "
                   "dose-response, so the curve is taken near its plateau there"),
        Param("lipid_d_ref", 3.0, "1", "kelley2009lipids, assumption", (1.0, 6.0), "assumption",
              note="the reference program whose plateau the effect parameters describe: 3 reference sessions a week"),
        Param("k_lipid_rise", 1.0 / (6 * _WEEK), "1/h", "kelley2009lipids, assumption", (1.0 / (26 * _WEEK), 1.0 / _WEEK), "assumption",
              note="rate of approach to the dose's plateau (time constant 6 weeks): trials of >= 4 weeks (median 12-16) give the "
                   "pooled effect (C51); no RT study with several time points gives usable numbers (elliott2002: no change at 8 "
                   "weeks, n = 8)"),
        Param("k_lipid_decay", 1.0 / (12 * _WEEK), "1/h", "elliott2002, leitao2021, assumption", (1.0 / (104 * _WEEK), 1.0 / _WEEK), "assumption",
              note="loss of the adaptation without training (time constant 12 weeks): the multicomponent-training benefits of older "
                   "hypertensive women were reversed within 3 months of detraining (leitao2021, blood pressure; a follow-up of the "
                   "same cohort reports the same for lipids, not in the bibliography); after 8 weeks of resistance training alone "
                   "there was no lipid effect to lose (elliott2002)"),
    )
    routes = (
        Route("liver", "endocrine", "regular muscular work -> hepatic lipoprotein output and clearance (small, uncertain)",
              "kelley2009lipids", True),
    )

    @staticmethod
    def rhs(lipid_dose, lipid_adaptation, active_mass, sex_male, age, type2_diabetes, obesity, tc_base, ldl_base, hdl_base, tg_base,
            hdl_sex_diff, age_ref, tc_age_slope, dyslipid_tg_factor, dyslipid_hdl_drop, tc_effect, ldl_effect, hdl_effect,
            tg_effect, lipid_dose_ref, k_lipid_dose, lipid_d50, lipid_d_ref, k_lipid_rise, k_lipid_decay):
        d_dose, d_x = dose_adaptation(lipid_dose, lipid_adaptation, active_mass, lipid_dose_ref, k_lipid_dose, lipid_d50,
                                      k_lipid_rise, k_lipid_decay)
        a = min(age, 65.0) - age_ref
        dys = 1.0 if type2_diabetes + obesity > 0.0 else 0.0
        tc0 = tc_base + tc_age_slope * a
        ldl0 = ldl_base + tc_age_slope * a * (ldl_base / tc_base)
        hdl0 = hdl_base + hdl_sex_diff * (0.5 - sex_male) - dys * dyslipid_hdl_drop
        tg0 = tg_base * (1.0 + dys * (dyslipid_tg_factor - 1.0))
        x = relative_to_reference(lipid_adaptation, lipid_d_ref, lipid_d50)
        tc = tc0 * (1.0 + tc_effect * x)
        ldl = ldl0 * (1.0 + ldl_effect * x)
        hdl = hdl0 * (1.0 + hdl_effect * x)
        tg = tg0 * (1.0 + tg_effect * x)
        return d_dose, d_x, max(tc, 1.0), max(ldl, 1.0), max(hdl, 1.0), max(tg, 1.0)
