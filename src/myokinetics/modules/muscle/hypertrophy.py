"""Muscle size over weeks to years: the weekly mechanical dose accreted as contractile protein, with diminishing returns.

Each muscle group's relative contractile-protein mass (``muscle_size``, 1 at
the subject's baseline) grows with its recent weekly volume of hard sets,
with diminishing returns (below).  Growth slows as the
muscle approaches the size its owner can reach (``max_gain``), so gains
decelerate over months (C20 0.15 %/day over 10 weeks, C22 0.10 %/day over 6
months).  Without loading the gained protein is lost again towards the
untrained size (detraining, C74-C77) at a rate set by ``k_detrain``.

A declared training history (covariate ``training_weeks``, e.g. about two
years for training_status "trained") means the muscle has already grown: its
gain over the untrained size at the start, ``G0``, is the one this growth law
gives after that many weeks at the history's weekly volume (covariate
``training_weekly_sets``; the plateau ``G*`` of
``r (1 + G)(1 - G / max_gain) = k_detrain G`` approached at the law's own rate
near the plateau, an approximation of the exact solution), so growth slows by
the headroom already used and the prior gain detrains like a simulated one:
with ``muscle_size`` relative to the size at the start, the total gain is
``muscle_size (1 + G0) - 1`` and detraining pulls ``muscle_size`` towards
``1 / (1 + G0)``.  A subject simulated through 8 weeks and one declared with 8
weeks of history then grow alike (tests/test_behaviour_chronic.py); the
weekly count of hard sets of a declared history starts full (the reference
volume), as that of a subject who has been training.  Older muscle responds less (anabolic resistance:
the retained fraction falls with age above ``ar_onset``).

Dose: weekly mechanical work with diminishing returns.  Acute protein
synthesis over-predicts the chronic volume contrast: three sets keep MyoPS
raised for longer than one (burd2010), so the acute net balance of 3 sets is
about 2.2 times that of 1 set, but hypertrophy after multiple sets is only
about 1.4 times that after single sets (krieger2010: ES 0.24 for 1, 0.34 for
2-3, 0.44 for 4-6 sets per exercise); gains rise by about 0.37 % per
additional weekly set with 5.4 / 6.6 / 9.8 % for < 5 / 5-9 / 10+ weekly sets
(schoenfeld2017volume); the weekly dose-response shows diminishing returns
without a clear upper limit, and frequency has a negligible effect once
volume is equated (pelland2024); acute MPS does not predict hypertrophy
(mitchell2014).  Accretion is therefore driven by the muscle's hard sets
(fractionally counted, the unit in which this literature counts the dose),
accrued over about a day after each set (``recent_session_sets``, a leaky
count with t1/2 about 17 h, as the post-exercise synthesis lasts a day or
two), with an efficiency that falls with the recent weekly volume
(``recent_hard_sets`` W, a leaky count over about a week):
``retention x (sets accruing) x ((h + W) / (h + W_ref))^(volume_exponent - 1)``,
so a week's growth rises as about W^volume_exponent whatever the number of
sessions it is spread over, and growth stops within a few days of the last
session.  Load and proximity to failure enter through what counts as a hard
set (to or near failure, stimulus.hard_set_max_rir): sets at light and heavy
loads to failure give similar hypertrophy (C06).  In the first week of a
programme W is still small, so the first sessions are counted as more
efficient than later ones (a known artefact of the leaky count).  The acute
MyoPS and net balance remain the acute observables (the response to one
session, its time course, fed and fasted states); a negative net balance
(fasted protocols) is still lost.  The mechanism behind the diminishing
returns (limited accretion capacity, more breakdown and repair at high volume)
is not resolved; the function is the literature's dose-response.

Measured cross-sectional area also contains fluid: in the first weeks of a
programme, damage-related swelling (oedema) adds to the measured CSA (C20:
+2.7 % at week 3 with a raised echo intensity), modelled as proportional to
the muscle's current damage.

Age-related loss (sarcopenia) is an age-dependent factor on the outputs
(``age_mass_factor``), so the states stay exactly at baseline without
training while the outputs follow the subject's age (``age_now``).  The loss
rate is zero before ``sarcopenia_onset`` and rises linearly with age after
it (C66, C70-C72).
"""
from __future__ import annotations

import math

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class MuscleSize(Module):
    name = "muscle_size"
    organ = "muscle"
    per_muscle = True
    description = ("Contractile protein mass of each muscle group from its weekly volume of hard sets (diminishing "
                   "returns), with a ceiling, detraining losses, anabolic resistance with age and early oedema; "
                   "sarcopenia on the outputs.")
    states = (
        State("muscle_size", "1", 1.0, "contractile protein mass relative to the subject's baseline", dims=("muscle",),
              memory=True, scale=1.0),
        State("recent_hard_sets", "1", 0.0, "recent weekly volume of hard sets of the muscle group (leaky count over about a week)",
              decay="k_volume", dims=("muscle",), scale=10.0),
        State("recent_session_sets", "1", 0.0, "hard sets of the muscle group still accruing as protein (leaky count over about a day)",
              decay="k_accrual", dims=("muscle",), scale=3.0, observable=False),
    )
    inputs = (
        Input("net_balance", "%/h", ("muscle",)),
        Input("hard_sets", "1/h", ("muscle",)),
        Input("damage", "1", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
        Input("training_weeks", "week"),
        Input("training_weekly_sets", "1"),
        Input("age", "yr"),
        Input("age_now", "yr"),
        Input("sex_male", "1"),
    )
    outputs = (
        Var("muscle_csa", "1", "cross-sectional area relative to the subject's baseline (including oedema and ageing)", ("muscle",)),
        Var("muscle_mass_current", "kg", "current mass of the muscle group (training and ageing)", ("muscle",)),
        Var("age_mass_factor", "1", "muscle mass relative to the start from ageing alone", ("muscle",)),
    )
    params = (
        Param("retention", 0.0083, "%/h", "damas2016, narici1996, benito2020, assumption", (0.0005, 0.05), "D", "lognormal", 0.55,
              note="rate of contractile-protein accretion (% of the muscle per hour) at the reference weekly volume (volume_ref); "
                   "calibrated by hand to the quadriceps CSA gain of damas2016 (+10.4 % in 10 weeks, study C20_csa_week10); its "
                   "between-subject CV (0.55) was chosen so that the proportion of high responders for size matches "
                   "ahtiainen2016 (14 %, C107)", fitted_to=("C20_csa_week10", "C107_high_responders_size")),
        Param("volume_exponent", 0.4, "1", "krieger2010, schoenfeld2017volume, pelland2024", (0.1, 1.0), "D",
              note="exponent of the growth rate in the weekly volume of hard sets (1 = proportional): with 0.4, 3 sets per "
                   "exercise give about 1.55 times the hypertrophy of 1 set (krieger2010: 1.42, CI 1.08-1.79) and 12 weekly sets "
                   "about 1.7 times that of 3 (schoenfeld2017volume: 9.8 / 5.4 %); diminishing returns without an upper limit "
                   "(pelland2024); set by hand to krieger2010", fitted_to=("krieger2010-multiple-vs-single-sets",)),
        Param("volume_half", 0.5, "1", "assumption", (0.05, 5.0), "assumption",
              note="weekly hard sets below which the efficiency stops rising (half a set): keeps it finite when a muscle starts "
                   "training; a judgement"),
        Param("k_accrual", 1.0 / 24.0, "1/h", "burd2010, phillips1997, assumption", (1.0 / 96.0, 1.0 / 4.0), "assumption",
              note="rate at which a hard set's growth accrues (time constant a day): myofibrillar synthesis stays raised for about "
                   "24-48 h after a session (burd2010, phillips1997); the exact kinetics of accretion are not measured"),
        Param("volume_ref", 12.0, "1", "assumption", (1.0, 100.0), "assumption",
              note="reference weekly volume (hard sets) at which retention is stated: the calibration program's volume (C20: 12 "
                   "weekly sets for the quadriceps); a normalisation only, results do not depend on it"),
        Param("k_volume", 1.0 / 168.0, "1/h", "pelland2024, assumption", (1.0 / 672.0, 1.0 / 24.0), "assumption",
              note="forgetting of the weekly dose count (time constant one week, the unit in which the dose-response literature "
                   "counts volume: sets per muscle per week)"),
        Param("max_gain", 0.6, "1", "narici1996, assumption", (0.2, 1.5), "assumption",
              note="largest attainable gain of a muscle group over its untrained size; sets the slowing of growth over months "
                   "(0.15 %/day over 10 weeks, C20, vs 0.10 %/day over 6 months, C22). Long-term limits are not measured directly; "
                   "a judgement from the size of trained lifters' muscles relative to untrained (+40-80 %)"),
        Param("k_detrain", 0.6931 / (70 * 24.0), "1/h", "bosquet2013, ogasawara2011, assumption", (1.0 / (365 * 24.0), 1.0 / (14 * 24.0)), "assumption",
              note="rate at which gained contractile protein is lost without loading (t1/2 10 weeks): 3 weeks off did not "
                   "significantly reduce CSA (C77), 12-52 weeks of cessation lost most of the gain in older adults (C75); no study gives "
                   "the time constant directly"),
        Param("ar_onset", 50.0, "yr", "kumar2009, assumption", (30.0, 80.0), "assumption",
              note="age above which the retained fraction falls (anabolic resistance: blunted MPS response to exercise in older men, kumar2009)"),
        Param("ar_slope", 0.01, "1/yr", "kumar2009, peterson2011, assumption", (0.0, 0.03), "assumption",
              note="fall of the retained fraction per year above ar_onset (0.25 lower at 75 y); older adults still gain lean mass "
                   "(+1.1 kg, peterson2011) but less than young"),
        Param("oedema_gain", 0.05, "1", "damas2016, assumption", (0.0, 0.6), "assumption",
              note="measured CSA rise per unit damage (fraction of force lost) from swelling: a part of the week-3 CSA rise of damas2016 "
                   "(C20: +2.7 % with echo intensity +17 %); the model's early myofibrillar gain already reaches about +3 % by week 3, "
                   "so swelling is kept small (0.05 -> +0.5-1 % at the damage of the first sessions); a judgement"),
        Param("sarcopenia_onset", 40.0, "yr", "janssen2000, mitchell2012sarc", (25.0, 60.0), "C",
              note="age at which absolute muscle mass starts to fall: noticeable from the end of the 5th decade (janssen2000, C71)"),
        Param("sarcopenia_slope_male", 0.00027, "1/yr^2", "mitchell2012sarc, vonhaehling2010", (0.0, 0.001), "D",
              note="rise of the yearly loss rate per year of age: 0.5 %/yr at about 58 y and 0.95 %/yr at 75 y in men (C66: "
                   "longitudinal 0.80-0.98 %/yr at about 75 y; cross-sectional median 0.47 %/yr); derived: 0.0095/(75-40)", fitted_to=("C66_sarcopenia_men75",)),
        Param("sarcopenia_slope_female", 0.00019, "1/yr^2", "mitchell2012sarc", (0.0, 0.001), "D",
              note="as for men: 0.70 %/yr at 75 y in women (C66: 0.64-0.70 %/yr); derived: 0.0067/(75-40), the middle of the range", fitted_to=("C66_sarcopenia_women75",)),
    )
    routes = (
        Route("muscle", "autocrine", "weekly volume of hard sets -> contractile protein (hypertrophy), diminishing returns",
              "krieger2010, pelland2024", True),
    )

    @staticmethod
    def initial_values(cov, par):
        """A declared training history has been training at the reference volume: its weekly count of hard sets is full."""
        import numpy as np
        weeks = np.asarray(cov["training_weeks"], dtype=float)
        w = np.asarray(cov["training_weekly_sets"], dtype=float)
        return {"recent_hard_sets": w * (1.0 - np.exp(-par["k_volume"] * 168.0 * weeks))}

    @staticmethod
    def rhs(muscle_size, recent_hard_sets, recent_session_sets, net_balance, hard_sets, damage, muscle_mass, training_weeks, training_weekly_sets, age,
            age_now, sex_male, retention, volume_exponent, volume_half, k_accrual, volume_ref, k_volume, max_gain, k_detrain, ar_onset, ar_slope, oedema_gain, sarcopenia_onset, sarcopenia_slope_male,
            sarcopenia_slope_female):
        ar = 1.0 - ar_slope * max(age_now - ar_onset, 0.0)
        if ar < 0.0:
            ar = 0.0
        # gain over the untrained size already made by the declared history (0 without one)
        prior = 0.0
        if training_weeks > 0.0 and training_weekly_sets > 0.0:
            ar0 = 1.0 - ar_slope * max(age - ar_onset, 0.0)
            wh = training_weekly_sets                          # the history's weekly hard sets
            eff_h = ((volume_half + wh) / (volume_half + volume_ref)) ** (volume_exponent - 1.0)
            r = retention * 0.01 * max(ar0, 0.0) * (wh / volume_ref) * eff_h    # growth rate at that volume (1/h)
            if r > 0.0:
                # plateau of r (1 + G)(1 - G / M) = k G, and the rate of approach near it
                a = r / max_gain
                b = r - a - k_detrain
                plateau = (b + math.sqrt(b * b + 4.0 * a * r)) / (2.0 * a)
                lam = r * (1.0 + plateau) / max_gain + k_detrain - r * (1.0 - plateau / max_gain)
                prior = plateau * (1.0 - math.exp(-max(lam, 0.0) * 168.0 * training_weeks))
        gained = muscle_size * (1.0 + prior) - 1.0                  # total gain over the untrained size
        head = 1.0 - gained / max_gain if max_gain > 0.0 else 0.0
        if head < 0.0:
            head = 0.0
        w = max(recent_hard_sets, 0.0)
        eff = ((volume_half + w) / (volume_half + volume_ref)) ** (volume_exponent - 1.0)
        accruing = max(recent_session_sets, 0.0) * k_accrual * 168.0 / volume_ref   # 1 on average at the reference volume
        growth = retention * 0.01 * accruing * eff * ar * head * muscle_size
        loss = min(net_balance, 0.0) * 0.01 * muscle_size          # fasted protocols: a negative balance is lost
        d = growth + loss - k_detrain * (muscle_size - 1.0 / (1.0 + prior))
        d_vol = hard_sets - k_volume * recent_hard_sets
        d_acc = hard_sets - k_accrual * recent_session_sets
        slope = sex_male * sarcopenia_slope_male + (1.0 - sex_male) * sarcopenia_slope_female
        # the loss rate r(a) = slope * (a - onset) above the onset, integrated from the age at the start
        d_now = max(age_now - sarcopenia_onset, 0.0)
        d_start = max(age - sarcopenia_onset, 0.0)
        fac = math.exp(-0.5 * slope * (d_now * d_now - d_start * d_start))
        size = muscle_size * fac
        csa = size * (1.0 + oedema_gain * damage)
        return d, d_vol, d_acc, csa, muscle_mass * size, fac


class WholeBodyMuscle(Module):
    name = "whole_body_muscle"
    organ = "whole_body"
    description = "Current whole-body skeletal muscle mass: the sum of the muscle groups (training and ageing)."
    states = ()
    inputs = (
        Input("muscle_mass_current", "kg", ("muscle",), reduce="sum"),
        Input("skeletal_muscle_mass", "kg"),
    )
    outputs = (
        Var("skeletal_muscle_mass_current", "kg", "current skeletal muscle mass"),
        Var("muscle_mass_change", "kg", "change of skeletal muscle mass from the start"),
    )
    params = ()

    @staticmethod
    def rhs(muscle_mass_current, skeletal_muscle_mass):
        return muscle_mass_current, muscle_mass_current - skeletal_muscle_mass
