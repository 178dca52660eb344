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
and between sets s decays with ``k_skill_forget``.  The starting 1RM is the
scenario's ``one_rm`` (kg) when given, else the library's reference ratio to
body mass (an assumption, see :func:`myokinetics.program.compile.reference_one_rm`).
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
              note="fraction of skill_max already learnt by a trained lifter (training_status trained = 1)"),
        Param("baseline_strength", 1.0, "1", "ahtiainen2016, assumption", (0.3, 3.0), "assumption", "lognormal", 0.2,
              note="the subject's starting 1RMs relative to the reference (the scenario's one_rm or the library's ratio to body mass): "
                   "between-subject CV of about 20 % of strength at a given body mass in untrained adults (a judgement from the baseline "
                   "SDs of training studies, e.g. ahtiainen2016); it scales the kg values, not the relative changes"),
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
        trained = np.array([{"untrained": 0.0, "recreational": 0.5, "trained": 1.0}[str(v)] for v in ds["training_status"].values])
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
        base = np.array([[reference_one_rm(e, b, given) for e in ex_ids] for b in body])           # (subject, exercise)
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
