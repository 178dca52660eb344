"""Skeletal loading of each program segment: how hard and how often a set loads the spine, the hip and two tendons.

Bone and tendon cells respond to the strain of their tissue, not to muscle signals, so this signal
module turns the program (load as a fraction of 1RM, repetitions, which muscles work) into per-site
loading signals shared by all subjects:

* ``bone_load_spine`` / ``bone_load_hip`` [1/h]: repetitions per hour weighted by the relative peak
  stress of each repetition raised to the stress exponent of the daily stress stimulus
  (``(index x load_fraction) ** m``; Carter's daily stress stimulus psi = (sum n_i sigma_i^m)^(1/m),
  carter1987, whalen1988).  The site index says how much of the load reaches the site: the lumbar
  spine is compressed mostly by the back extensors' force (erector spinae involvement); the proximal
  femur by the hip muscles (gluteals, adductors, hip flexors; quadriceps and hamstrings count half).
* ``knee_tendon_force`` / ``ankle_tendon_force`` [1]: tendon force during the set relative to a
  maximal contraction (involvement of the knee extensors / plantar flexors x load fraction), and
  ``tendon_cycles`` [1/h] the repetitions per hour.

Endurance segments load nothing here (running impacts are not modelled: the program carries no
ground-reaction information).
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
    description = ("Per-site skeletal loading of each resistance segment: stress-weighted loading cycles at the lumbar "
                   "spine and the hip (daily stress stimulus), relative tendon force at the knee and the ankle.")
    inputs = (
        Input("involvement", "1", ("muscle",)),
        Input("modality", "1"),
        Input("segment_hours", "h"),
        Input("load_fraction", "1"),
        Input("reps", "1"),
    )
    outputs = (
        Var("bone_load_spine", "1/h", "stress-weighted loading cycles of the lumbar spine per hour ((index x load)^m per rep)"),
        Var("bone_load_hip", "1/h", "stress-weighted loading cycles of the proximal femur per hour ((index x load)^m per rep)"),
        Var("knee_tendon_force", "1", "patellar tendon force during the set relative to a maximal contraction"),
        Var("ankle_tendon_force", "1", "Achilles tendon force during the set relative to a maximal contraction"),
        Var("tendon_cycles", "1/h", "loading cycles (repetitions) per hour during a resistance set"),
    )
    params = (
        Param("stress_exponent", 4.0, "1", "carter1987, whalen1988", (2.0, 8.0), "C",
              note="exponent m of the daily stress stimulus psi = (sum_i n_i sigma_i^m)^(1/m): load magnitude counts more than "
                   "the number of cycles; m = 4 is the usual choice for bone (carter1987); values of 3.5-8 have been fitted "
                   "(whalen1988)"),
        Param("hip_weight_quadriceps", 0.5, "1", "assumption", (0.0, 1.0), "assumption",
              note="share of the knee extensors' involvement that loads the proximal femur (rectus femoris crosses the hip; "
                   "standing knee-dominant lifts load the hip through body weight and bar); a judgement"),
        Param("hip_weight_hamstrings", 0.5, "1", "assumption", (0.0, 1.0), "assumption",
              note="share of the hamstrings' involvement that loads the proximal femur (hip extension moment); a judgement"),
    )

    @staticmethod
    def compute(involvement, modality, segment_hours, load_fraction, reps, stress_exponent, hip_weight_quadriceps,
                hip_weight_hamstrings):
        inv = np.asarray(involvement, dtype=float)
        res = np.asarray(modality) == 1
        dur = np.maximum(np.asarray(segment_hours, dtype=float), 1e-12)
        load = np.clip(np.asarray(load_fraction, dtype=float), 0.0, None)
        cycles = np.where(res, np.asarray(reps, dtype=float) / dur, 0.0)
        spine = inv[:, _col("erector_spinae")]
        hip = np.max(np.stack([inv[:, _col("gluteals")], inv[:, _col("adductors")], inv[:, _col("hip_flexors")],
                               hip_weight_quadriceps * inv[:, _col("quadriceps")],
                               hip_weight_hamstrings * inv[:, _col("hamstrings")]]), axis=0)
        m = stress_exponent
        return {
            "bone_load_spine": cycles * (spine * load) ** m,
            "bone_load_hip": cycles * (hip * load) ** m,
            "knee_tendon_force": np.where(res, inv[:, _col("quadriceps")] * load, 0.0),
            "ankle_tendon_force": np.where(res, inv[:, _col("calves")] * load, 0.0),
            "tendon_cycles": cycles,
        }
