"""Resting (chronic) levels of inflammatory markers and myokines after weeks of training.

What the evidence says.  Resistance training lowers resting C-reactive protein consistently: SMD -0.72 in
adults >= 60 y (kim2022rtcrp, C92), MD -0.74 mg/L in healthy older adults (nejatian2025, C93), SMD -0.49 in
> 50 y with larger effects after > 16 weeks and 3 sessions a week (C94), SMD -0.28 across adults (rose2021,
A91).  Resting IL-6 and TNF-alpha are inconsistent (Contradiction 9): IL-6 -0.59 borderline (C92), -0.27
(C94), not significant (C93, A91); TNF-alpha -0.56 (C92), -0.81 in healthy adults (A92), not significant
(C93, C94, A91).  Circulating myostatin falls (SMD -1.31) and follistatin rises (+2.04) in RCTs (C95), yet
strength athletes do not have lower serum myostatin than controls (C96; Contradiction 10).  Resting irisin
rises slightly (SMD 0.39) with very heterogeneous, assay-dependent results (C97; Contradiction 11).

Model.  A dose memory, ``systemic_training_dose`` (reference sessions a week), from the fraction of the
body's muscle mass working during sets (``active_mass`` / skeletal muscle mass; so whole-body and frequent
training adapt more), drives one slow state, ``systemic_training_adaptation`` (0 untrained, towards 1), with
its own rise and decay (:mod:`myokinetics.modules.adaptation`): one session moves it by a few percent of its
12-week change.  Its plateau rises with weekly training, so 3 sessions a week adapt more than 2 (C94), and the
effects grow beyond 16 weeks (C94): the rise time is months.  Each resting level is the acute module's
current value (or, for CRP and IL-6, the resting baseline) times (1 -/+ max_change x adaptation), with a
between-subject spread of the response.  The acute modules keep their constant baselines: the chronic factor
is applied here, in separate outputs (``crp``, ``il6_resting``, ``tnfa_resting``, ``myostatin_resting``,
``follistatin_resting``, ``irisin_resting``).  The sizes of change are uncertain (see the notes) and the
validation studies accept the range between the conflicting meta-analyses.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var
from myokinetics.modules.adaptation import dose_adaptation, relative_to_reference

_WEEK = 168.0  # h per week: unit conversion of the time constants


class ChronicInflammation(Module):
    name = "chronic_inflammation"
    organ = "immune"
    description = ("Resting CRP, IL-6, TNF-alpha, myostatin, follistatin and irisin adapting over weeks of training through one "
                   "slow systemic adaptation state.")
    states = (
        State("systemic_training_dose", "1", 0.0, "recent whole-body training dose (reference sessions a week, weighted over about a week)",
              decay="k_dose", scale=3.0),
        State("systemic_training_adaptation", "1", 0.0, "slow systemic adaptation to training (0 untrained, towards 1)",
              decay="k_off", memory=True, scale=0.3),
    )
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("skeletal_muscle_mass", "kg"),
        Input("il6_rest", "pg/mL"),
        Input("tnfa", "pg/mL"),
        Input("myostatin", "ng/mL"),
        Input("follistatin", "ng/mL"),
        Input("irisin", "ng/mL"),
        Input("age", "yr"),
    )
    outputs = (
        Var("crp", "mg/L", "resting serum C-reactive protein"),
        Var("il6_resting", "pg/mL", "resting plasma IL-6 with the chronic training adaptation"),
        Var("tnfa_resting", "pg/mL", "plasma TNF-alpha with the chronic training adaptation (resting when measured >= 48 h post)"),
        Var("myostatin_resting", "ng/mL", "circulating myostatin with the chronic training adaptation"),
        Var("follistatin_resting", "ng/mL", "circulating follistatin with the chronic training adaptation"),
        Var("irisin_resting", "ng/mL", "circulating irisin with the chronic training adaptation (low confidence)"),
    )
    params = (
        Param("dose_ref", 0.01, "h", "assumption", (0.001, 0.1), "D",
              note="whole-body dose of one reference session: the time integral of the working fraction of the muscle mass, "
                   "0.0095 h for 9 sets of three whole-body lifts at 70 % 1RM in a 45-year-old man (computed with the model)"),
        Param("k_dose", 1.0 / _WEEK, "1/h", "assumption", (1.0 / (4 * _WEEK), 1.0 / (2 * 24.0)), "assumption",
              note="the dose is the training of about the last week (time constant 1 week)"),
        Param("d50", 3.0, "1", "kim2022rtcrp, assumption", (0.5, 10.0), "assumption",
              note="dose (reference sessions a week) at half the ceiling: 3 sessions a week reduced CRP more than 2 (C94), so the "
                   "curve still rises there"),
        Param("d_ref", 3.0, "1", "kim2022rtcrp, assumption", (1.0, 6.0), "assumption",
              note="the reference program whose plateau the effect parameters describe: 3 reference sessions a week"),
        Param("k_on", 1.0 / (10 * _WEEK), "1/h", "kim2022rtcrp, assumption", (1.0 / (52 * _WEEK), 1.0 / (2 * _WEEK)), "assumption",
              note="rate of approach to the dose's plateau (time constant 10 weeks): CRP falls more after > 16 weeks of training "
                   "than after shorter programs (C94); no RT study with several time points was found"),
        Param("k_off", 1.0 / (12 * _WEEK), "1/h", "assumption", (1.0 / (52 * _WEEK), 1.0 / (2 * _WEEK)), "assumption",
              note="loss of the adaptation without training (time constant 12 weeks); not measured directly"),
        Param("crp_young", 0.8, "mg/L", "chenillot2000, zhai2012crp", (0.2, 3.0), "C", "lognormal", 1.2,
              note="median resting hsCRP at 30 y: geometric mean 0.98 mg/L at 29-75 y (chenillot2000), median 0.99 mg/L at 40-59 y "
                   "and 1.76 at > 90 y (zhai2012crp); between-subject spread very large (about x/3 per SD, CV > 1)"),
        Param("crp_age_slope", 0.015, "1/yr", "chenillot2000, zhai2012crp, assumption", (0.0, 0.04), "D",
              note="relative rise of the median CRP per year above 30 y (1.0 mg/L at about 50 y, 1.8 at > 90 y); derived roughly from "
                   "the medians of the two sources"),
        Param("crp_max_reduction", 0.45, "1", "nejatian2025, kim2022rtcrp, rose2021", (0.1, 0.8), "D", "lognormal", 0.5,
              note="largest fractional fall of resting CRP at the plateau of the reference program: MD -0.74 mg/L in older adults whose CRP is about "
                   "2-3 mg/L (C93) is a 25-35 % fall at the adaptation reached in 12-24 weeks; CV of the response assumed"),
        Param("il6_max_reduction", 0.2, "1", "kim2022rtcrp, rose2021, nejatian2025", (0.0, 0.6), "D", "lognormal", 0.5,
              note="largest fractional fall of resting IL-6; small because the meta-analyses disagree (SMD -0.59 borderline C92, "
                   "-0.27 C94, ns C93 and A91; Contradiction 9)"),
        Param("tnfa_max_reduction", 0.2, "1", "kim2022rtcrp, wang2022tnf, rose2021", (0.0, 0.6), "D", "lognormal", 0.5,
              note="largest fractional fall of resting TNF-alpha: SMD -0.56 (C92) and -0.81 (A92) but not significant in C93, C94 "
                   "and A91 (Contradiction 9); a middle value"),
        Param("myostatin_max_reduction", 0.24, "1", "khalafi2023mstn, chen2016jissn", (0.0, 0.7), "D", "lognormal", 0.4,
              note="largest fractional fall of circulating myostatin: chosen so that a 12-week trial gives an SMD near -1.3 (C95); "
                   "cross-sectionally strength athletes do not have lower myostatin (C96; Contradiction 10), so the size is uncertain", fitted_to=("C95_myostatin",)),
        Param("follistatin_max_rise", 0.83, "1", "khalafi2023mstn", (0.0, 2.0), "D", "lognormal", 0.4,
              note="largest fractional rise of circulating follistatin: chosen so that a 12-week trial gives an SMD near +2 (C95)", fitted_to=("C95_follistatin",)),
        Param("irisin_max_rise", 0.15, "1", "jandova2021", (0.0, 0.5), "D", "lognormal", 1.0,
              note="largest fractional rise of resting irisin: small and very heterogeneous (SMD 0.39, 23 studies up, 10 down, "
                   "assay validity questioned; C97); low confidence"),
    )
    routes = (
        Route("immune", "endocrine", "repeated contraction -> lower resting systemic inflammation (CRP)", "kim2022rtcrp", True),
        Route("muscle", "endocrine", "training -> lower resting myostatin, higher follistatin", "khalafi2023mstn", True),
    )

    @staticmethod
    def rhs(systemic_training_dose, systemic_training_adaptation, active_mass, skeletal_muscle_mass, il6_rest, tnfa, myostatin, follistatin, irisin, age,
            dose_ref, k_dose, d50, d_ref, k_on, k_off, crp_young, crp_age_slope, crp_max_reduction, il6_max_reduction, tnfa_max_reduction,
            myostatin_max_reduction, follistatin_max_rise, irisin_max_rise):
        frac = active_mass / skeletal_muscle_mass if skeletal_muscle_mass > 0.0 else 0.0
        d_dose, d = dose_adaptation(systemic_training_dose, systemic_training_adaptation, frac, dose_ref, k_dose, d50, k_on, k_off)
        a = relative_to_reference(systemic_training_adaptation, d_ref, d50)
        crp0 = crp_young * (1.0 + crp_age_slope * max(age - 30.0, 0.0))
        crp = crp0 * (1.0 - min(crp_max_reduction * a, 0.95))
        il6 = il6_rest * (1.0 - min(il6_max_reduction * a, 0.95))
        tnf = tnfa * (1.0 - min(tnfa_max_reduction * a, 0.95))
        mstn = myostatin * (1.0 - min(myostatin_max_reduction * a, 0.95))
        fst = follistatin * (1.0 + follistatin_max_rise * a)
        iri = irisin * (1.0 + irisin_max_rise * a)
        return d_dose, d, crp, il6, tnf, mstn, fst, iri
