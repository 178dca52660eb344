"""Strength as neural x structural adaptation, per muscle group: voluntary activation, discharge rate, coordination.

Force capacity (maximal voluntary isometric force, ``mvc``) of a muscle group relative to the subject's
baseline is

    mvc = size_now ** force_size_exponent x (VA / VA0) x (1 + coordination gain) x age_force_factor

and ``muscle_strength`` (what the 1RM of every exercise builds on, :mod:`.one_rm`) is the same quantity.
Three neural adaptations, each a state with its own time course, learnt from hard sets and above all from
heavy ones (practice of high forces):

* **voluntary activation** (``voluntary_activation``, %, twitch interpolation): untrained knee extensors reach
  about 88 % of their potential force voluntarily; heavy training raised the neural activation level by 7.3 %
  within 2 months of isometric knee-extension training (kubo2010), and heavy (80 % 1RM) but not light (30 %)
  training to failure raised VA (jenkins2017).  Learnt per heavy set (``heavy_sets``; a light set counts
  ``light_weight``), most of it in 3-5 weeks;
* **maximal motor-unit discharge rate** (``mu_max_rate``, Hz): rises within weeks of strength training
  (vandercutsem1998 after ballistic training; delvecchio2019 after 4 weeks of isometric training).  Its force
  effect is part of the VA measured by twitch interpolation (incomplete recruitment and sub-tetanic rates both
  lower VA), so it is an output with its own time course and does not multiply force again;
* **coordination** (reduced antagonist co-activation and better synergist timing, per muscle group): the
  hamstring co-activation during knee extension fell within the first week of training (carolan1992); its gain of
  net force is small (a few percent) and learnt from any hard set.

The exercise-specific skill of a lift (balance, bar path, the timing of a multi-joint movement) is per
exercise, not per muscle: :mod:`.one_rm`.  Load specificity follows: heavy training to failure raises 1RM more
than light training to failure while hypertrophy is similar (schoenfeld2017load, mitchell2012), because VA and
skill are learnt from heavy practice.  Velocity specificity (isokinetic gains at the trained velocity only,
narici1989) and contraction-type specificity (eccentric training raising eccentric strength most) are not
modelled: the program carries no movement velocity and the 1RM is concentric.

Cross-education: the untrained contralateral limb gains a share of the trained limb's neural gain (VA and
coordination are partly central): after 4 weeks of unilateral training the untrained leg gained +8 % against
+20 % in the trained leg, nearly all of it neural (tillin2011); the pooled cross-education is +11.9 % (9.1-14.8;
manca2017; +7.8 % in the earlier meta-analysis it cites).

Trained lifters start with part of the headroom used (``trained``).  Without training each adaptation is
forgotten slowly (months; C77: 3 weeks off did not lower 1RM; C79: strength above baseline after 8 weeks off).
"""
from __future__ import annotations

import math

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


_WEEK = 168.0  # h per week: unit conversion of the time constants


class NeuralAdaptation(Module):
    name = "neural_adaptation"
    organ = "nervous_system"
    per_muscle = True
    description = ("Neural adaptation of each muscle group (voluntary activation, maximal discharge rate, coordination; each "
                   "learnt from hard, especially heavy, sets and forgotten over months) and the resulting strength: "
                   "size x neural x ageing.")
    states = (
        State("activation_learnt", "1", 0.0, "fraction of the voluntary-activation headroom learnt (0 none, 1 all)",
              dims=("muscle",), decay="k_va_forget", memory=True, scale=0.5),
        State("rate_learnt", "1", 0.0, "fraction of the maximal discharge-rate gain learnt (0 none, 1 all)",
              dims=("muscle",), decay="k_rate_forget", memory=True, scale=0.5),
        State("coordination_learnt", "1", 0.0, "fraction of the intermuscular coordination gain learnt (0 none, 1 all)",
              dims=("muscle",), decay="k_coord_forget", memory=True, scale=0.5),
    )
    inputs = (
        Input("hard_sets", "1/h", ("muscle",)),
        Input("heavy_sets", "1/h", ("muscle",)),
        Input("muscle_size", "1", ("muscle",)),
        Input("age_mass_factor", "1", ("muscle",)),
        Input("prior_training", "1", ("muscle",)),
    )
    outputs = (
        Var("muscle_strength", "1", "force capacity relative to the subject's baseline (size x neural x ageing)", ("muscle",)),
        Var("mvc", "1", "maximal voluntary isometric force of the muscle group relative to the subject's baseline", ("muscle",)),
        Var("voluntary_activation", "%", "voluntary activation of the muscle group (twitch interpolation)", ("muscle",)),
        Var("mu_max_rate", "Hz", "mean maximal motor-unit discharge rate of the muscle group", ("muscle",)),
        Var("neural_gain", "1", "relative gain of force from the neural drive (activation x coordination) over baseline", ("muscle",)),
        Var("contralateral_strength", "1", "force capacity of the untrained contralateral muscle (cross-education), relative", ("muscle",)),
    )
    params = (
        Param("va_untrained", 90.0, "%", "kubo2010, jenkins2017, assumption", (75.0, 97.0), "C", "normal", 0.04,
              note="voluntary activation of an untrained adult's knee extensors at rest (twitch interpolation): typical healthy "
                   "subjects reach about 90 % (A70, Kooistra 2007, evidence file; not in the bibliography); between-subject CV 4 % "
                   "(a judgement)"),
        Param("va_max", 96.0, "%", "assumption", (90.0, 100.0), "assumption",
              note="the highest voluntary activation training can reach: 'exceptional activators' reach 97 +/- 2.3 % (A70, "
                   "evidence file); with va_untrained it gives at most +6.7 % force from activation; kubo2010 measured +7.3 % after 2 months"),
        Param("learn_va", 0.02, "1", "kubo2010, jenkins2017, assumption", (0.002, 0.3), "D", "lognormal", 0.5,
              note="fraction of the remaining activation headroom learnt per weighted heavy set (heavy_sets weight 1 at 1RM): with "
                   "about 9 weighted heavy sets a week three quarters of it is learnt in 8 weeks; kubo2010 measured +7.3 % neural activation "
                   "after 2 months of heavy isometric knee-extension training; between-subject CV 0.5 (a judgement)"),
        Param("light_weight", 0.2, "1", "jenkins2017, schoenfeld2017load, assumption", (0.0, 1.0), "assumption",
              note="weight of a hard set at a light load (below the heavy-practice floor) relative to a heavy one: VA rose after "
                   "training at 80 % 1RM to failure but not at 30 % (jenkins2017); 1RM gains favour heavy loads (C06)"),
        Param("k_va_forget", 1.0 / (20 * _WEEK), "1/h", "narici1989, hakkinen1985, assumption", (1.0 / (104 * _WEEK), 1.0 / (2 * _WEEK)), "assumption",
              note="forgetting of voluntary activation without training (time constant 20 weeks): neural activation and strength "
                   "fell over 40 days of detraining in the time course of training (narici1989); strength stayed above baseline "
                   "after 3 and 8 weeks off (C77, C79)"),
        Param("rate_max_untrained", 25.0, "Hz", "delvecchio2019, bellemare1983, assumption", (12.0, 45.0), "C", "normal", 0.15,
              note="mean maximal discharge rate of the muscle group's motor units near maximal force: vastus lateralis about "
                   "20-30 Hz, biceps 31 +/- 10 Hz at MVC (bellemare1983)"),
        Param("rate_gain", 0.15, "1", "kamen2004, delvecchio2019, vandercutsem1998, assumption", (0.0, 0.6), "C",
              note="largest relative rise of the maximal discharge rate with heavy training: +15 % in young adults after 6 weeks "
                   "of knee-extension training (kamen2004, +49 % in older adults), rises after 4 weeks of isometric training "
                   "(delvecchio2019), larger after ballistic training (vandercutsem1998, not representable)"),
        Param("learn_rate", 0.05, "1", "kamen2004, assumption", (0.005, 0.5), "assumption",
              note="fraction of the remaining discharge-rate gain learnt per weighted heavy set: most within 3-4 weeks (a "
                   "judgement from kamen2004's 6-week course)"),
        Param("k_rate_forget", 1.0 / (12 * _WEEK), "1/h", "assumption", (1.0 / (104 * _WEEK), 1.0 / (2 * _WEEK)), "assumption",
              note="forgetting of the discharge-rate gain without training (time constant 12 weeks); not measured"),
        Param("coord_max", 0.03, "1", "carolan1992, assumption", (0.0, 0.15), "assumption",
              note="largest gain of net force from intermuscular coordination (less antagonist co-activation, better synergist "
                   "timing): hamstring co-activation during knee extension fell by about a fifth in the first week (carolan1992); "
                   "with antagonist torque about a tenth of the agonist's that is a few percent"),
        Param("learn_coord", 0.15, "1", "carolan1992, assumption", (0.01, 0.5), "assumption",
              note="fraction of the remaining coordination gain learnt per hard set (any load): most in the first 1-2 weeks"),
        Param("k_coord_forget", 1.0 / (26 * _WEEK), "1/h", "assumption", (1.0 / (104 * _WEEK), 1.0 / (2 * _WEEK)), "assumption",
              note="forgetting of coordination without training (time constant 26 weeks; motor skills are retained); not measured"),
        Param("trained_neural_used", 0.7, "1", "kraemer2002, assumption", (0.0, 0.95), "assumption",
              note="fraction of each neural headroom already used by a trained lifter (training_status trained = 1): neural gains "
                   "are the early, novice part of strength gain (C14 unverified: ~40 % untrained vs ~16 % trained)"),
        Param("force_size_exponent", 1.0, "1", "erskine2014, assumption", (0.5, 1.5), "assumption",
              note="force rises in proportion to contractile mass (physiological CSA); hypertrophy explains part of the between-subject "
                   "variance of strength gain (C37); the exponent is debated (Contradiction 4)"),
        Param("cross_education", 0.5, "1", "tillin2011, manca2017, cirersastre2017", (0.0, 1.0), "C",
              note="share of the trained limb's neural gain (activation x coordination) expressed by the untrained contralateral "
                   "limb: +8 % against +20 % in the trained leg after 4 weeks, nearly all neural (tillin2011, C31); pooled +11.9 % "
                   "(manca2017); pooled ES 0.56 (C36)"),
        Param("strength_loss_ratio", 2.0, "1", "mitchell2012sarc, vonhaehling2010", (1.0, 4.0), "C",
              note="age-related loss of strength relative to loss of mass: about 3-4 %/yr strength vs 0.8-1 %/yr mass in men at 75 y "
                   "(C66-C67), -1.5 %/yr at 50-60 y and -3 %/yr after (C70); the extra loss is applied as a factor on force"),
    )
    routes = (
        Route("muscle", "paracrine", "motor drive (activation, discharge rate, coordination) -> force", "kubo2010, carolan1992", True),
    )

    @staticmethod
    def rhs(activation_learnt, rate_learnt, coordination_learnt, hard_sets, heavy_sets, muscle_size, age_mass_factor, prior_training,
            va_untrained, va_max, learn_va, light_weight, k_va_forget, rate_max_untrained, rate_gain, learn_rate, k_rate_forget,
            coord_max, learn_coord, k_coord_forget, trained_neural_used, force_size_exponent, cross_education,
            strength_loss_ratio):
        heavy = heavy_sets + light_weight * hard_sets           # practice of high forces (per hour, set-weighted)
        d_va = learn_va * heavy * (1.0 - activation_learnt) - k_va_forget * activation_learnt
        d_rate = learn_rate * heavy * (1.0 - rate_learnt) - k_rate_forget * rate_learnt
        d_coord = learn_coord * hard_sets * (1.0 - coordination_learnt) - k_coord_forget * coordination_learnt
        # a trained lifter starts with part of each headroom used: baseline VA higher, remaining gains smaller
        used = trained_neural_used * prior_training      # the declared history (training_history.prior_training)
        va_cap = max(va_max, va_untrained)
        va0 = va_untrained + used * (va_cap - va_untrained)
        va = va0 + (va_cap - va0) * activation_learnt
        rate = rate_max_untrained * (1.0 + rate_gain * used) * (1.0 + rate_gain * (1.0 - used) * rate_learnt)
        coord = (1.0 + coord_max * (used + (1.0 - used) * coordination_learnt)) / (1.0 + coord_max * used)
        neural = (va / va0) * coord - 1.0
        # extra age-related loss of force beyond the loss of mass (specific force, neural), as a power of the mass factor
        force_age = age_mass_factor ** strength_loss_ratio
        size = muscle_size * age_mass_factor
        base = math.pow(size, force_size_exponent) if size > 0.0 else 0.0
        strength = base * (1.0 + neural) * force_age / age_mass_factor
        contra = (1.0 + cross_education * neural) * force_age
        return d_va, d_rate, d_coord, strength, strength, va, rate, neural, contra
