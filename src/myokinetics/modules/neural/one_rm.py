"""The 1RM of every exercise in the library: muscle strength x exercise-specific skill.

``one_rm`` (kg, along ``exercise``) is the subject's starting 1RM of the
exercise times

* the involvement- and mass-weighted mean of its muscles' force capacity
  (``muscle_strength``: size x neural adaptation x ageing), and
* 1 + the exercise-specific skill (coordination of the particular lift:
  balance, bar path, stabilisers, the intermuscular timing of a multi-joint
  movement).  Skill is learnt per set of the exercise, more from heavy sets
  (practice near 1RM), and a fraction transfers to similar exercises: in
  proportion to the square of the cosine similarity of their muscle
  involvement.  Dynamic 1RM rises much more than isometric strength of the
  same muscles after training a lift (rutherford1986), squat training raises
  the squat more than the leg press (specificity, C06 isometric vs 1RM).

Skill is a per-exercise state that nothing else in the model reads, so it is
integrated exactly here, after the simulation, as a jump process over the
program's sets: at each set s <- s + learn x practice x transfer x (max - s),
and between sets s decays with ``k_skill_forget``.

The starting 1RM is the scenario's ``one_rm`` (kg) when given (never scaled),
else the young-male reference ratio to body mass
(:func:`myokinetics.program.compile.reference_one_rm`) times a strength norm
for the subject's sex and age (:func:`strength_norm`): per body mass, women
lift about 60 % of men's bench press and 75 % of men's leg press, and the
ratio falls by about 0.8 % of the young value per year after the mid-twenties
(Cooper Institute norms by decade, cooperinstitute2002, legpressnorms).  An
exercise is scaled by the upper-body factor in proportion to its involvement of
upper-limb muscle groups and by the lower-body factor for the rest.
"""
from __future__ import annotations

import numpy as np
import xarray as xr

from myokinetics.model.module import Observer
from myokinetics.model.param import Input, Param, Var


class OneRM(Observer):
    name = "one_rm"
    organ = "nervous_system"
    description = "1RM of every library exercise: weighted muscle strength x (1 + exercise-specific skill)."
    inputs = (Input("muscle_strength", "1", ("muscle",)), Input("force_capacity", "1", ("muscle",)))
    outputs = (
        Var("one_rm", "kg", "one-repetition maximum of each exercise"),
        Var("one_rm_today", "kg", "the 1RM the lifter could show at this moment: one_rm x the muscles' current force capacity (fatigue, damage)"),
        Var("exercise_skill", "1", "exercise-specific skill: relative gain of 1RM beyond muscle strength"),
    )
    params = (
        Param("skill_max", 0.07, "1", "rutherford1986, mitchell2012, schoenfeld2017load, assumption", (0.0, 0.6), "D", "lognormal", 0.5,
              note="largest gain of an untrained lifter's 1RM from skill in a lift beyond the muscles' neural gains (voluntary "
                   "activation and coordination, neural_adaptation): after training, the trained lift's 1RM rose far more than "
                   "isometric strength of the same muscles (rutherford1986), and heavy training to failure raised 1RM more than "
                   "light training to failure with similar hypertrophy (mitchell2012, schoenfeld2017load); set by hand to that "
                   "load contrast (C06_load_strength: skill_max 0.06 gives 6.2 points, 0.1 gives 10.4).  With it the pooled "
                   "Jyvaskyla leg-press gain is overestimated (about 28 % against 21.1 %, C08_strength_mean), as is the "
                   "hypertrophy of that pooled cohort (C23_size_mean)", fitted_to=("C06_load_strength",)),
        Param("skill_learn", 0.03, "1", "rutherford1986, assumption", (0.001, 0.3), "assumption",
              note="fraction of the remaining skill learnt per heavy set of the exercise (most skill within the first 20-30 sets)"),
        Param("skill_light_weight", 0.1, "1", "schoenfeld2017load, jenkins2017, assumption", (0.0, 1.0), "assumption",
              note="practice value of a set below the heavy-practice floor relative to a set at 1RM: 1RM gains favour heavy loads "
                   "(C06) and light-load training to failure adds little maximal-force practice (jenkins2017)"),
        Param("k_skill_forget", 1.0 / (180 * 24.0), "1/h", "assumption", (1.0 / (3650 * 24.0), 1.0 / (14 * 24.0)), "assumption",
              note="forgetting of exercise skill without practice (t1/2 about 6 months): motor skills are retained longer than the "
                   "neural drive; no study gives the constant"),
        Param("skill_transfer", 0.5, "1", "assumption", (0.0, 1.0), "assumption",
              note="fraction of skill that transfers to another exercise with the same muscle involvement (cosine similarity 1); "
                   "scaled by the square of the similarity, so squat -> leg press transfers about a third"),
        Param("trained_skill_used", 0.8, "1", "kraemer2002, assumption", (0.0, 1.0), "assumption",
              note="fraction of skill_max already learnt by a trained lifter (training_status trained, two years of declared history; "
                   "a shorter declared history uses its share, training_history.prior_training)"),
        Param("baseline_strength", 1.0, "1", "ahtiainen2016, assumption", (0.3, 3.0), "assumption", "lognormal", 0.2,
              note="the subject's starting 1RMs relative to the reference (the scenario's one_rm or the library's ratio to body mass): "
                   "between-subject CV of about 20 % of strength at a given body mass in untrained adults (a judgement from the baseline "
                   "SDs of training studies, e.g. ahtiainen2016); it scales the kg values, not the relative changes"),
        Param("female_upper_ratio", 0.60, "1", "cooperinstitute2002, nuzzo2023sex", (0.4, 0.8), "C",
              note="women's bench press 1RM per body mass relative to men's at 20-29 y: middle categories 0.59-0.69 vs 0.99-1.13 "
                   "x body weight (Cooper Institute norms, 0.64 / 1.06; cooperinstitute2002); sex differences are larger in "
                   "upper- than lower-body muscles (nuzzo2023sex)"),
        Param("female_lower_ratio", 0.75, "1", "legpressnorms, nuzzo2023sex", (0.5, 1.0), "C",
              note="women's leg press 1RM per body mass relative to men's at 20-29 y: 'average' bands 1.35-1.53 vs 1.83-1.99 x "
                   "body weight (1.44 / 1.91; legpressnorms, a secondary reproduction of norms of the Cooper kind, original source "
                   "not named)"),
        Param("norm_decline_upper", 0.0082, "1/yr", "cooperinstitute2002", (0.0, 0.02), "C",
              note="fall of the bench press 1RM per body mass per year after norm_reference_age, as a fraction of the young value: "
                   "men 1.06 at 20-29 y to 0.685 at 60+, women 0.64 to 0.445 (middle categories of the Cooper Institute norms; "
                   "0.88 and 0.76 %/yr from 25 to 65 y, mean 0.82 %/yr)"),
        Param("norm_decline_lower", 0.0078, "1/yr", "legpressnorms", (0.0, 0.02), "C",
              note="fall of the leg press 1RM per body mass per year after norm_reference_age: men 1.91 at 20-29 y to 1.525 at "
                   "50-59, women 1.44 to 1.055 ('average' bands; 0.67 and 0.89 %/yr from 25 to 55 y, mean 0.78 %/yr); continued "
                   "linearly beyond 60 y (the table stops at 59; an assumption)"),
        Param("norm_reference_age", 25.0, "yr", "cooperinstitute2002", (18.0, 35.0), "C",
              note="age of the reference ratios (middle of the 20-29 y norm group); younger adults are not scaled up"),
    )

    @staticmethod
    def observe(ds: xr.Dataset, params: dict, context: dict) -> dict:
        from myokinetics.program.compile import reference_one_rm

        lib = context["library"]
        forcing = context["forcing"]
        given = context.get("one_rm") or {}
        muscles = list(ds["muscle"].values)
        ex_ids = [e for e, ex in lib.exercises.items() if ex.modality == "resistance"]
        W = np.zeros((len(ex_ids), len(muscles)))
        for k, e in enumerate(ex_ids):
            for m, f in lib.exercises[e].muscles.items():
                W[k, muscles.index(m)] = f
        # strength index: involvement- and mass-weighted mean of the muscles' force capacity
        mass = ds["muscle_mass"].isel(time=0).values                       # (subject, muscle)
        strength = ds["muscle_strength"].values                               # (subject, time, muscle)
        wm = W[None, :, :] * mass[:, None, :]                                 # (subject, exercise, muscle)
        index = np.einsum("sem,stm->ste", wm, strength) / wm.sum(axis=2)[:, None, :]
        # skill: jump process over the program's sets
        nS, nT = strength.shape[0], strength.shape[1]
        t_out = ds["time"].values
        # the declared history's share of the trained reference (training_history.prior_training)
        scale = context["model_params"]["training_history.prior_weeks_scale"]
        weeks = np.asarray(ds["training_weeks"].values, dtype=float)
        trained = np.minimum((1.0 - np.exp(-weeks / scale)) / (1.0 - np.exp(-104.0 / scale)), 1.0)
        smax = params["skill_max"] * (1.0 - params["trained_skill_used"] * trained)              # (subject,)
        norm = np.linalg.norm(W, axis=1)
        cos = (W @ W.T) / np.outer(norm, norm)
        T = params["skill_transfer"].mean() * cos ** 2
        np.fill_diagonal(T, 1.0)
        eid = {e: k for k, e in enumerate(ex_ids)}
        skill = np.zeros((nS, nT, len(ex_ids)))
        s = np.zeros((nS, len(ex_ids)))
        t_prev = 0.0
        kf = params["k_skill_forget"][:, None]
        sets = [r for r in forcing.sets if r.get("modality") == "resistance" and r["exercise"] in eid]
        i_out = 0
        floor = context["model_params"]["stimulus.heavy_floor"]     # the stimulus module's heavy-practice floor
        for r in sets + [None]:
            t_next = r["end"] if r is not None else np.inf
            while i_out < nT and t_out[i_out] < t_next:
                skill[:, i_out] = s * np.exp(-kf * (t_out[i_out] - t_prev))
                i_out += 1
            if r is None:
                break
            s = s * np.exp(-kf * (t_next - t_prev))
            t_prev = t_next
            f = r["load_fraction"]
            heavy = np.clip((f - floor) / (1.0 - floor), 0.0, 1.0)
            practice = heavy + params["skill_light_weight"][:, None] * (1.0 - heavy)
            s = s + params["skill_learn"][:, None] * practice * T[eid[r["exercise"]]][None, :] * (smax[:, None] - s)
        body = ds["body_mass_start"].values
        upper = np.array([upper_share(lib, e) for e in ex_ids])
        male = (np.asarray(ds["sex"].values) == "male").astype(float)
        age = np.asarray(ds["age"].values, dtype=float)
        factor = strength_norm(upper[None, :], male[:, None], age[:, None], {k: np.asarray(params[k])[:, None] for k in NORM_PARAMS})
        base = np.array([[reference_one_rm(e, b, given, f) for e, f in zip(ex_ids, fs)] for b, fs in zip(body, factor)])
        base = base * params["baseline_strength"][:, None]
        one_rm = base[:, None, :] * index * (1.0 + skill)
        coords = {"exercise": ex_ids}
        cap = ds["force_capacity"].values                                     # (subject, time, muscle): acute fatigue and damage
        ready = np.einsum("sem,stm->ste", wm, cap) / wm.sum(axis=2)[:, None, :]
        return {
            "one_rm_today": xr.DataArray(one_rm * ready, dims=("subject", "time", "exercise"), coords=coords,
                                         attrs={"units": "kg", "module": "one_rm",
                                                "long_name": "1RM at this moment (fitness x readiness: fatigue and damage included)"}),
            "one_rm": xr.DataArray(one_rm, dims=("subject", "time", "exercise"), coords=coords,
                                   attrs={"units": "kg", "long_name": "one-repetition maximum", "module": "one_rm"}),
            "exercise_skill": xr.DataArray(skill, dims=("subject", "time", "exercise"), coords=coords,
                                           attrs={"units": "1", "long_name": "exercise-specific skill (relative 1RM gain)",
                                                  "module": "one_rm"}),
        }


#: the parameters of the sex and age strength norm
NORM_PARAMS = ("female_upper_ratio", "female_lower_ratio", "norm_decline_upper", "norm_decline_lower", "norm_reference_age")


def upper_share(lib, exercise_id: str) -> float:
    """Share of an exercise's muscle involvement in upper-limb muscle groups (muscles.yaml ``region``)."""
    inv = lib.exercises[exercise_id].muscles
    tot = sum(inv.values())
    if tot <= 0:
        return 0.0
    return sum(f for m, f in inv.items() if lib.muscles[m].region == "upper_limb") / tot


def strength_norm(upper, sex_male, age, p):
    """Starting-strength factor relative to a young man of the same body mass (arrays broadcast).

    upper-body part: women x female_upper_ratio, minus norm_decline_upper per year past norm_reference_age;
    lower-body part likewise; mixed by the exercise's upper-limb share.  Never below 0.2.
    """
    years = np.maximum(np.asarray(age, dtype=float) - p["norm_reference_age"], 0.0)
    m = np.asarray(sex_male, dtype=float)
    up = (m + (1.0 - m) * p["female_upper_ratio"]) * np.maximum(1.0 - p["norm_decline_upper"] * years, 0.2)
    lo = (m + (1.0 - m) * p["female_lower_ratio"]) * np.maximum(1.0 - p["norm_decline_lower"] * years, 0.2)
    return np.asarray(upper) * up + (1.0 - np.asarray(upper)) * lo


def typical_norm(model, cohort):
    """``norm(exercise_id)`` for the cohort's typical subject (mean sex, median age, default parameters):
    the factor compile.py applies to the reference 1RM of kg loads.  None when the model has no one_rm."""
    from myokinetics.model.assemble import COVARIATES
    from myokinetics.program.library import get_library

    if not any(o.name == "one_rm" for o in model.observers):
        return None
    names = list(COVARIATES)
    male = float(np.mean(cohort.covariates[:, names.index("sex_male")]))
    age = float(np.median(cohort.covariates[:, names.index("age")]))
    p = {k: model.param_defs[f"one_rm.{k}"].value for k in NORM_PARAMS}
    lib = get_library()

    def norm(exercise_id: str) -> float:
        if exercise_id not in lib.exercises:
            return 1.0
        return float(strength_norm(upper_share(lib, exercise_id), male, age, p))

    return norm
