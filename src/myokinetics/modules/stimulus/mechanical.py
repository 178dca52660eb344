"""Per-muscle stimulus of each program segment: tension, activation, eccentric load, hard sets.

Signals are rates over the segment (per hour), so that a dynamic module that
integrates them over the segment receives the per-set quantity whatever the
set's duration.  A direct set counts fully and an indirect set by the
exercise's involvement of that muscle (1.0 direct, 0.5 indirect; fractional
set counting, Pelland et al. 2024).
"""
from __future__ import annotations

import numpy as np

from myokinetics.model.module import SignalModule
from myokinetics.model.param import Input, Param, Var


class Stimulus(SignalModule):
    name = "stimulus"
    organ = "muscle"
    description = "Mechanical tension, metabolic activation, eccentric damage potential and hard-set counting per muscle and segment."
    inputs = (
        Input("involvement", "1", ("muscle",)),
        Input("modality", "1"),
        Input("segment_hours", "h"),
        Input("load_fraction", "1"),
        Input("reps", "1"),
        Input("reps_to_failure", "1"),
        Input("eccentric", "1"),
        Input("vo2_fraction", "1"),
        Input("effective_reps", "1"),
        Input("relative_drive", "1"),
        Input("limb_share", "1"),
    )
    outputs = (
        Var("tension", "1/h", "rate of effective (high-tension) repetitions, involvement-weighted", ("muscle",)),
        Var("activation", "1", "relative metabolic activation of the muscle during the segment", ("muscle",)),
        Var("eccentric_load", "1/h", "rate of eccentric work (load fraction x reps x eccentric emphasis)", ("muscle",)),
        Var("hard_sets", "1/h", "rate of hard sets (within the RIR limit of failure), fractionally counted", ("muscle",)),
        Var("glycolytic", "1", "relative glycolytic flux of the muscle (metabolic stress), 0..1", ("muscle",)),
        Var("heavy_sets", "1/h", "rate of hard sets weighted by load intensity ((load - floor)/(1 - floor), 0..1): practice of high forces", ("muscle",)),
        Var("working_share", "1", "share of each worked group's mass that works (0.5 for one-limb exercises, else 1)",
            observable=False),
    )
    params = (
        Param("hard_set_max_rir", 4.0, "1", "pelland2024, assumption", (0, 6), "assumption",
              note="a set counts as 'hard' when it ends this close to failure or closer; meta-regressions count sets 'to or near failure' without one agreed cut-off"),
        Param("lactate_threshold", 0.65, "1", "hurley1984, beneke2000", (0.5, 0.85), "C",
              note="fraction of VO2max above which glycolytic flux and blood lactate rise in continuous work: 2.5 mmol/L is reached at 68% VO2max in untrained and 75% after training (hurley1984); MLSS at 71% of peak workload (beneke2000)"),
        Param("continuous_glycolytic_scale", 0.147, "1", "hurley1984", (0.01, 1.0), "D",
              note="net glycolytic flux (lactate appearance) of continuous work above the lactate threshold relative to a resistance set at the same drive: working muscle oxidises most of its lactate in steady exercise; fitted by validation/calibrate.py to running at 70% VO2max (hurley1984)", fitted_to=("squat-4x10-lactate", "hurley1984-run-lactate")),
        Param("heavy_floor", 0.3, "1", "schoenfeld2017load, mitchell2012, assumption", (0.0, 0.6), "assumption",
              note="load (fraction of 1RM) below which a set gives no practice of high forces; with it sets at 30 % 1RM to failure still grow muscle "
                   "but add little maximal-strength practice (1RM gains favour heavy loads while hypertrophy is similar, C06)"),
        Param("resistance_activation_gain", 1.0, "1", "assumption", (0.5, 2.0), "assumption",
              note="metabolic activation of a muscle during a set per unit of relative drive, on the same scale as the fraction of VO2max in endurance work"),
    )

    @staticmethod
    def compute(involvement, modality, segment_hours, load_fraction, reps, reps_to_failure, eccentric, vo2_fraction,
                effective_reps, relative_drive, limb_share, hard_set_max_rir, lactate_threshold, continuous_glycolytic_scale,
                heavy_floor, resistance_activation_gain):
        inv = np.asarray(involvement, dtype=float)
        dur = np.maximum(np.asarray(segment_hours, dtype=float), 1e-12)[:, None]
        res = (np.asarray(modality) == 1)[:, None]
        end = (np.asarray(modality) == 2)[:, None]
        rir = (np.asarray(reps_to_failure) - np.asarray(reps))[:, None]
        hard = res & (rir <= hard_set_max_rir) & (np.asarray(reps)[:, None] > 0)
        tension = np.where(res, inv * np.asarray(effective_reps)[:, None] / dur, 0.0)
        act = np.where(res, inv * resistance_activation_gain * np.asarray(relative_drive)[:, None],
                       np.where(end, inv * np.asarray(vo2_fraction)[:, None], 0.0))
        ecc = np.where(res, inv * (np.asarray(eccentric) * np.asarray(load_fraction) * np.asarray(reps))[:, None] / dur, 0.0)
        vo2 = np.asarray(vo2_fraction)[:, None]
        above = np.clip((vo2 - lactate_threshold) / (1.0 - lactate_threshold), 0.0, None)
        gly = np.where(res, inv * np.asarray(relative_drive)[:, None], np.where(end, inv * continuous_glycolytic_scale * above, 0.0))
        w = np.clip((np.asarray(load_fraction, dtype=float) - heavy_floor) / (1.0 - heavy_floor), 0.0, 1.0)[:, None]
        return {"tension": tension, "activation": act, "eccentric_load": ecc, "hard_sets": np.where(hard, inv / dur, 0.0),
                "glycolytic": gly, "heavy_sets": np.where(hard, inv * w / dur, 0.0),
                "working_share": np.asarray(limb_share, dtype=float)}
