"""Strength as neural x structural adaptation, per muscle group.

Force capacity of a muscle group relative to the subject's baseline is

    muscle_strength = size_now ** force_size_exponent x (1 + neural_gain) x age_force_factor

* ``size_now`` is the contractile mass (``muscle_size`` x the sarcopenia
  factor, :mod:`myokinetics.modules.muscle.hypertrophy`);
* ``neural_gain`` is the neural adaptation of the muscle's drive (voluntary
  activation, discharge rates, reduced antagonist co-activation,
  agonist coordination): the evidence shows raised EMG and corticospinal
  excitability early without a single agreed mechanism (C31-C33; Contradiction
  3 of the evidence file), so it is one lumped state.  It is learnt from hard
  sets, more from heavy ones (``heavy_sets``), quickly (most of it in the
  first 3-6 weeks, C29, C33) towards a ceiling that is lower for trained
  lifters, and forgotten slowly without training (C77, C79);
* ``age_force_factor``: strength falls faster with age than mass (specific
  force and neural losses, C67, C70).

The exercise-specific skill component (the 1RM of the trained lift rises more
than strength in other tasks) is per exercise, not per muscle: see
:mod:`myokinetics.strength` (computed from the program's sets).  Cross-education:
the untrained contralateral limb gains a fraction of the neural adaptation
(``contralateral_strength``; C31, C36).
"""
from __future__ import annotations

import math

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class NeuralAdaptation(Module):
    name = "neural_adaptation"
    organ = "nervous_system"
    per_muscle = True
    description = ("Neural adaptation of each muscle group's drive (learnt from hard, especially heavy, sets; forgotten "
                   "slowly) and the resulting strength: size x neural x ageing.")
    states = (
        State("neural_gain", "1", 0.0, "neural adaptation: relative gain of force from the drive to the muscle",
              dims=("muscle",), memory=True, scale=0.1),
    )
    inputs = (
        Input("hard_sets", "1/h", ("muscle",)),
        Input("heavy_sets", "1/h", ("muscle",)),
        Input("muscle_size", "1", ("muscle",)),
        Input("age_mass_factor", "1", ("muscle",)),
        Input("trained", "1"),
    )
    outputs = (
        Var("muscle_strength", "1", "force capacity relative to the subject's baseline (size x neural x ageing)", ("muscle",)),
        Var("contralateral_strength", "1", "force capacity of the untrained contralateral muscle (cross-education), relative", ("muscle",)),
    )
    params = (
        Param("neural_max", 0.05, "1", "moritani1979, tillin2011, wilson2023, assumption", (0.05, 0.5), "D", "lognormal", 0.5,
              note="largest neural gain of force in an untrained muscle: strength rises +15-20 % in 4 weeks with little or no hypertrophy "
                   "(MVC +15 % at 4 wk, wilson2023 C33; trained-leg MVF +20 % in 4 wk, tillin2011 C31) with hypertrophy of a few percent; "
                   "calibrated by hand with one_rm.skill_max to the mean strength gain of ahtiainen2016 (+21.1 %, C08_strength_mean; grid 0.06-0.2), "
                   "which leaves it below the early gains of C31/C33 (those include learning the test task, i.e. skill); "
                   "CV chosen with retention's so that the SD of strength change (11.5 points, C08_strength_sd) is reproduced", fitted_to=("C08_strength_mean", "C08_strength_sd")),
        Param("learn_per_set", 0.04, "1", "moritani1979, wilson2023, assumption", (0.001, 0.1), "assumption",
              note="fraction of the remaining neural gain learnt per weighted hard set: with about 6-9 weighted sets a week most of the "
                   "gain is made in 4-6 weeks (neural factors dominate the first 3-5 weeks, C29); a judgement from that time course"),
        Param("light_weight", 0.3, "1", "schoenfeld2017load, assumption", (0.0, 1.0), "assumption",
              note="weight of a hard set at a light load (below the heavy-practice floor) relative to a heavy one (heavy_sets weight 1 at "
                   "1RM): low-load training to failure raises 1RM less than heavy training (C06)"),
        Param("trained_neural_used", 0.7, "1", "kraemer2002, assumption", (0.0, 0.95), "assumption",
              note="fraction of neural_max already gained by a trained lifter (training_status trained = 1): neural gains are the "
                   "early, novice part of strength gain (C14 unverified: ~40 % untrained vs ~16 % trained)"),
        Param("k_forget", 1.0 / (120 * 24.0), "1/h", "ogasawara2011, groeller2009, bosquet2013, assumption", (1.0 / (730 * 24.0), 1.0 / (14 * 24.0)), "assumption",
              note="forgetting of neural adaptation without training (t1/2 about 12 weeks): 3 weeks off did not reduce 1RM (C77); after "
                   "8 weeks off strength fell but stayed above baseline (C79); no study gives the time constant directly"),
        Param("force_size_exponent", 1.0, "1", "erskine2014, assumption", (0.5, 1.5), "assumption",
              note="force rises in proportion to contractile mass (physiological CSA); hypertrophy explains part of the between-subject "
                   "variance of strength gain (C37); the exponent is debated (Contradiction 4)"),
        Param("cross_education", 0.4, "1", "tillin2011, cirersastre2017", (0.0, 0.8), "C",
              note="fraction of the neural gain expressed by the untrained contralateral limb: +8 % vs +20 % in the trained leg (tillin2011, C31); "
                   "pooled ES 0.56 (C36)"),
        Param("strength_loss_ratio", 2.0, "1", "mitchell2012sarc, vonhaehling2010", (1.0, 4.0), "C",
              note="age-related loss of strength relative to loss of mass: about 3-4 %/yr strength vs 0.8-1 %/yr mass in men at 75 y "
                   "(C66-C67), -1.5 %/yr at 50-60 y and -3 %/yr after (C70); the extra loss is applied as a factor on force"),
    )
    routes = (
        Route("muscle", "paracrine", "motor drive (recruitment, discharge rate, coordination) -> force", "moritani1979", True),
    )

    @staticmethod
    def rhs(neural_gain, hard_sets, heavy_sets, muscle_size, age_mass_factor, trained,
            neural_max, learn_per_set, light_weight, trained_neural_used, k_forget, force_size_exponent, cross_education,
            strength_loss_ratio):
        room = neural_max * (1.0 - trained_neural_used * trained)
        drive = heavy_sets + light_weight * hard_sets
        d = learn_per_set * drive * (room - neural_gain) - k_forget * neural_gain
        # extra age-related loss of force beyond the loss of mass (specific force, neural), as a power of the mass factor
        force_age = age_mass_factor ** strength_loss_ratio
        size = muscle_size * age_mass_factor
        base = math.pow(size, force_size_exponent) if size > 0.0 else 0.0
        strength = base * (1.0 + neural_gain) * force_age / age_mass_factor
        contra = (1.0 + cross_education * neural_gain) * force_age
        return d, strength, contra
