"""Skeletal loading of each program segment: the peak forces a repetition or stride puts on the spine and the hip, and two tendons.

Bone cells respond to the strain of their tissue, not to muscle signals, so this signal module turns the
program into per-site loading signals shared by all subjects:

* ``bone_load_spine`` / ``bone_load_hip`` [1/h]: loading cycles per hour, each weighted by its peak force
  relative to a walking step raised to the stress exponent, and by its loading rate relative to walking,
  ``(F / F_walk) ** m x (rate / rate_walk) ** q``.  The first factor is Carter's daily stress stimulus
  (psi = (sum n_i sigma_i^m)^(1/m), carter1987, whalen1988): load magnitude counts far more than cycle number.
  The second is the strain-rate rule of bone adaptation (turner1998: bone responds to dynamic loads, more to
  fast ones; jump-landings load at 190-330 body weights per second against an osteogenic threshold of about
  43, clissold2019).  The peak forces come from the exercise library (``hip_load``, ``spine_load``: body
  weights unloaded and per body weight of external load, from joint-load studies; ``impact_bw`` and
  ``loading_rate`` of landings and strides), so a heavy squat loads the spine and hip more than a light one
  and a drop landing more than a squat.  An exercise without published loads falls back on its muscle
  involvement: force relative to walking = ``fallback_ratio x index x load fraction`` (index: erector spinae
  for the spine; gluteals, adductors, hip flexors, half the quadriceps and hamstrings for the hip).
* ``knee_tendon_force`` / ``ankle_tendon_force`` [1]: tendon force during the set relative to a
  maximal contraction (involvement of the knee extensors / plantar flexors x load fraction), and
  ``tendon_cycles`` [1/h] the repetitions per hour.

* ``bone_cycles_spine`` / ``bone_cycles_hip`` [1/h]: the unweighted number of those cycles per hour, so that the
  mechanostat can saturate the stimulus with the number of cycles of a bout (Turner's rule, :mod:`.bone`).

Strides of running and walking load the hip and spine (``load_cycles`` per bout); cycling, rowing and swimming
carry no published loads and add nothing.
"""
from __future__ import annotations

import numpy as np

from myokinetics.model.module import SignalModule
from myokinetics.model.param import Input, Param, Var
from myokinetics.program.library import get_library


def _col(name: str) -> int:
    return get_library().muscle_ids.index(name)


class SkeletalLoading(SignalModule):
    name = "skeletal_loading"
    organ = "bone"
    description = ("Per-site skeletal loading of each segment: cycles weighted by peak force (relative to a walking step, to the "
                   "stress exponent) and loading rate at the lumbar spine and the hip; relative tendon force at the knee and ankle.")
    inputs = (
        Input("involvement", "1", ("muscle",)),
        Input("modality", "1"),
        Input("segment_hours", "h"),
        Input("load_fraction", "1"),
        Input("reps", "1"),
        Input("hip_force", "1"),
        Input("spine_force", "1"),
        Input("loading_rate", "1/s"),
        Input("load_cycles", "1"),
    )
    outputs = (
        Var("bone_load_spine", "1/h", "force- and rate-weighted loading cycles of the lumbar spine per hour ((F/F_walk)^m (rate/rate_walk)^q)"),
        Var("bone_load_hip", "1/h", "force- and rate-weighted loading cycles of the proximal femur per hour ((F/F_walk)^m (rate/rate_walk)^q)"),
        Var("bone_cycles_spine", "1/h", "loading cycles per hour that load the lumbar spine (repetitions, landings, strides)"),
        Var("bone_cycles_hip", "1/h", "loading cycles per hour that load the proximal femur (repetitions, landings, strides)"),
        Var("knee_tendon_force", "1", "patellar tendon force during the set relative to a maximal contraction"),
        Var("ankle_tendon_force", "1", "Achilles tendon force during the set relative to a maximal contraction"),
        Var("tendon_cycles", "1/h", "loading cycles (repetitions) per hour during a resistance set"),
    )
    params = (
        Param("stress_exponent", 4.0, "1", "carter1987, whalen1988", (2.0, 8.0), "C",
              note="exponent m of the daily stress stimulus psi = (sum_i n_i sigma_i^m)^(1/m): load magnitude counts more than "
                   "the number of cycles; m = 4 is the usual choice for bone (carter1987); values of 3.5-8 have been fitted "
                   "(whalen1988)"),
        Param("walk_hip_force", 2.38, "1", "bergmann2001", (1.8, 3.0), "B",
              note="peak hip contact force of a walking step, 238 % body weight on average in instrumented implants (bergmann2001): "
                   "the habitual load of the proximal femur"),
        Param("walk_spine_force", 1.5, "1", "assumption", (0.8, 2.5), "assumption",
              note="peak lumbar (L4/L5) compression of a walking step in body weights: intradiscal pressure in walking is only a "
                   "little above standing and about a third of lifting 20 kg; a judgement of about 1.5 body weights"),
        Param("walk_loading_rate", 15.0, "1/s", "clissold2019, assumption", (5.0, 40.0), "assumption",
              note="peak loading rate of a walking step (body weights per second): below the osteogenic threshold of about 43 "
                   "BW/s that jump-landings exceed (clissold2019); a judgement of 15"),
        Param("lift_loading_rate", 5.0, "1/s", "assumption", (1.0, 20.0), "assumption",
              note="loading rate of a lifting repetition without a published value: force builds over about half a second of a "
                   "2-3 s repetition, a few body weights per second; a judgement"),
        Param("rate_exponent", 0.32, "1", "mosley1998, turner1998", (0.2, 1.0), "C",
              note="exponent q of the loading-rate weight (rate / rate_walk)^q: bone formation rises with strain rate (turner1998). "
                   "In rat ulnae loaded to the same strain at 0.018, 0.030 and 0.100 /s the osteogenic response rose 13 % and then "
                   "54 % (mosley1998): q = ln(1.13 x 1.54) / ln(0.100 / 0.018) = 0.32 (0.24 and 0.36 for the two steps); no "
                   "human estimate. Was 0.5, a judgement"),
        Param("fallback_ratio_spine", 6.0, "1", "cholewicki1991, assumption", (2.0, 15.0), "assumption",
              note="lumbar compression at 1RM relative to a walking step for an exercise without published spine loads, with full "
                   "back-extensor involvement (a deadlift at 1.25 body weights gives about 10 body weights, 7 walking steps); "
                   "times involvement and load fraction"),
        Param("fallback_ratio_hip", 2.5, "1", "wretenberg1996, assumption", (1.0, 5.0), "assumption",
              note="hip contact force at 1RM relative to a walking step for an exercise without published hip loads, with full "
                   "hip-muscle involvement (a squat at 1 body weight gives about 5.5 body weights, 2.3 walking steps); "
                   "times involvement and load fraction"),
        Param("hip_weight_quadriceps", 0.5, "1", "assumption", (0.0, 1.0), "assumption",
              note="share of the knee extensors' involvement that loads the proximal femur in the fallback (rectus femoris crosses "
                   "the hip; standing knee-dominant lifts load the hip through body weight and bar); a judgement"),
        Param("hip_weight_hamstrings", 0.5, "1", "assumption", (0.0, 1.0), "assumption",
              note="share of the hamstrings' involvement that loads the proximal femur in the fallback (hip extension moment); a "
                   "judgement"),
    )

    @staticmethod
    def compute(involvement, modality, segment_hours, load_fraction, reps, hip_force, spine_force, loading_rate, load_cycles,
                stress_exponent, walk_hip_force, walk_spine_force, walk_loading_rate, lift_loading_rate, rate_exponent,
                fallback_ratio_spine, fallback_ratio_hip, hip_weight_quadriceps, hip_weight_hamstrings):
        inv = np.asarray(involvement, dtype=float)
        mod = np.asarray(modality)
        res = mod == 1
        moving = (mod == 1) | (mod == 2)
        dur = np.maximum(np.asarray(segment_hours, dtype=float), 1e-12)
        load = np.clip(np.asarray(load_fraction, dtype=float), 0.0, None)
        cyc = np.where(moving, np.asarray(load_cycles, dtype=float), 0.0) / dur
        hip_f = np.asarray(hip_force, dtype=float)
        spine_f = np.asarray(spine_force, dtype=float)
        rate = np.asarray(loading_rate, dtype=float)
        spine_idx = inv[:, _col("erector_spinae")]
        hip_idx = np.max(np.stack([inv[:, _col("gluteals")], inv[:, _col("adductors")], inv[:, _col("hip_flexors")],
                                   hip_weight_quadriceps * inv[:, _col("quadriceps")],
                                   hip_weight_hamstrings * inv[:, _col("hamstrings")]]), axis=0)
        # relative peak force of a cycle: from the library, else the involvement fallback (resistance only)
        r_spine = np.where(np.isfinite(spine_f), spine_f / walk_spine_force,
                           np.where(res, fallback_ratio_spine * spine_idx * load, 0.0))
        r_hip = np.where(np.isfinite(hip_f), hip_f / walk_hip_force, np.where(res, fallback_ratio_hip * hip_idx * load, 0.0))
        rate = np.where(np.isfinite(rate), rate, np.where(res, lift_loading_rate, walk_loading_rate))
        w_rate = (np.maximum(rate, 1e-9) / walk_loading_rate) ** rate_exponent
        m = stress_exponent
        return {
            "bone_load_spine": cyc * np.maximum(r_spine, 0.0) ** m * w_rate,
            "bone_load_hip": cyc * np.maximum(r_hip, 0.0) ** m * w_rate,
            "bone_cycles_spine": np.where(r_spine > 0.0, cyc, 0.0),
            "bone_cycles_hip": np.where(r_hip > 0.0, cyc, 0.0),
            "knee_tendon_force": np.where(res, inv[:, _col("quadriceps")] * load, 0.0),
            "ankle_tendon_force": np.where(res, inv[:, _col("calves")] * load, 0.0),
            "tendon_cycles": np.where(res, np.asarray(reps, dtype=float) / dur, 0.0),
        }
