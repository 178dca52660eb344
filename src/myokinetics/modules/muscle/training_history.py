"""Training history of each muscle group: the trained state that training builds and detraining removes.

"Trained" muscle responds differently to a bout: its protein-synthesis response is shorter (tang2008: after 8
weeks of unilateral knee-extension training, mixed FSR was back at rest 28 h after a bout in the trained leg but
still +70 % in the untrained leg; kim2005: after 8 weeks the mixed response at 12 h was lost while myofibrillar
synthesis still rose; damas2015) and it is damaged less (damas2016: damage highest after the first bout of a
programme, attenuated at week 3, minimal at week 10).  Here that is a state of the muscle, built by its own
training, not a label of the subject:

* ``training_adaptation`` x (0 to about 1.2): the muscle's adaptation to habitual loading.  It approaches the
  level its recent weekly dose of hard sets W (``recent_hard_sets``, the leaky weekly count of muscle_size) can
  sustain, ``x*(W) = W / (W + sets_half)``, with rate ``k_rise`` while below it and ``k_decay`` while above it
  (modules/adaptation.py's dose-adaptation pair, with the muscle's weekly hard sets as the dose).  The output
  ``trained_state`` is x relative to the plateau of the reference history (``reference_weekly_sets`` hard sets a
  week), so 1 is a muscle trained regularly at that volume: the effect parameters of the modules that read it
  (muscle_protein.trained_speedup, muscle_damage.trained_resistance, myostatin.trained_attenuation) keep their
  meaning "the effect in a trained lifter".
* Rise: damas2016 found the change of integrated MyoPS after a bout similar at week 3 and week 10 (both smaller
  than at week 1), so the trained state of protein synthesis is close to its plateau by week 3; damage went on
  falling from week 3 to week 10.  A rise time of 2 weeks (x at 3 weeks about 70 % of its plateau with the
  one-week dose count, 97 % at 10 weeks) is a judgement between the two; tang2008 and kim2005 tested at 8 weeks.
* Decay: how long the shortened synthesis response lasts after training stops has not been measured; the
  protection against damage lasts for months (nosaka2005: after 12 weeks the repeated-bout protection remained for
  strength, soreness and CK but was attenuated for other measures), so the decay
  time is that of the repeated-bout protection of muscle_damage (16 weeks), an assumption.

The covariate ``training_weeks`` (the declared history; training_status "trained" is about two years, see
population/cohort.py TRAINING_WEEKS) only sets the starting value: the state a muscle reaches after that many weeks
at its weekly volume (covariate ``training_weekly_sets``, 12 for "trained", 3 for "recreational"),
``x0 = x*(W) (1 - exp(-k_rise t))`` (the dose count is taken as already full, a small overestimate in the first weeks).  A subject simulated through 8 weeks of training and one declared with 8 weeks of
history therefore start the next bout in nearly the same state (tests/test_behaviour_chronic.py).

The slow parts of a training history (muscle already grown, neural headroom and lift skill already used) are held by
the states of muscle_size and neural_adaptation for a simulated subject; for a declared history they are set from the
same covariate by those modules (muscle_size: the gain the declared weeks give under its own growth law;
``prior_training``: the declared history relative to the trained reference, for the neural and skill headroom).
"""
from __future__ import annotations

import math

import numpy as np

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, State, Var
from myokinetics.modules.adaptation import approach, relative_to_reference


class TrainingHistory(Module):
    name = "training_history"
    organ = "muscle"
    per_muscle = True
    description = ("Trained state of each muscle group built by its weekly volume of hard sets (rise over weeks, decay over "
                   "months); the declared training history sets its starting value.")
    states = (
        State("training_adaptation", "1", 0.0, "adaptation of the muscle to habitual loading (0 untrained, towards 1)",
              dims=("muscle",), scale=0.5, memory=True),
    )
    inputs = (
        Input("recent_hard_sets", "1", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
        Input("training_weeks", "week"),
    )
    outputs = (
        Var("trained_state", "1", "trained state of the muscle relative to a regularly trained lifter (0 untrained, 1 trained)",
            ("muscle",)),
        Var("trained_mass", "kg", "muscle mass x trained state", ("muscle",), observable=False),
        Var("prior_training", "1", "declared training history before the start relative to the trained reference (two years), "
            "for the slow neural and skill headroom", ("muscle",), observable=False),
    )
    params = (
        Param("sets_half", 2.0, "1", "hyldahl2017rbe, damas2016, assumption", (0.2, 20.0), "assumption",
              note="weekly hard sets of the muscle at which the sustainable trained state is half its maximum: a session of a few "
                   "sets a week already keeps a muscle accustomed (the repeated-bout protection follows even mild bouts, "
                   "hyldahl2017rbe), so the level saturates at low volume; a judgement"),
        Param("reference_weekly_sets", 12.0, "1", "schoenfeld2017volume, assumption", (1.0, 40.0), "assumption",
              note="weekly hard sets per muscle group of the reference training history (the 'trained' lifter), the reference "
                   "volume of muscle_size (12, its calibration program C20), within the top category of the volume "
                   "meta-analysis (10+ weekly sets, schoenfeld2017volume); trained_state is 1 at its plateau"),
        Param("k_rise", 1.0 / (2 * 168.0), "1/h", "damas2016, tang2008, kim2005, assumption", (1.0 / (8 * 168.0), 1.0 / 48.0),
              "assumption",
              note="rate at which the trained state rises towards its sustainable level (time constant 2 weeks): the MyoPS response "
                   "to a bout was similar at weeks 3 and 10 and smaller than at week 1, while damage kept falling from week 3 to "
                   "week 10 (damas2016); tang2008 and kim2005 found the trained response after 8 weeks; the exact value is a "
                   "judgement between these"),
        Param("k_decay", 1.0 / (16 * 168.0), "1/h", "nosaka2005, assumption", (1.0 / (52 * 168.0), 1.0 / (2 * 168.0)), "assumption",
              note="rate at which the trained state is lost without training (time constant 16 weeks, as muscle_damage's "
                   "repeated-bout protection): protection against damage remained 12 weeks after a bout for strength, soreness "
                   "and CK (nosaka2005); no study measured how long the shorter protein-synthesis response lasts"),
        Param("prior_weeks_scale", 26.0, "week", "kraemer2002, assumption", (4.0, 104.0), "assumption",
              note="time scale over which a declared history uses up the slow neural and skill headroom: prior_training = "
                   "(1 - exp(-weeks / scale)) / (1 - exp(-104 / scale)), 1 for the trained reference of two years; strength "
                   "gains fall with training status over months to years (C14, unverified table); a judgement"),
    )

    @staticmethod
    def initial_values(cov, par):
        """The trained state after ``training_weeks`` weeks at ``training_weekly_sets`` hard sets a week (0 without history)."""
        weeks = np.asarray(cov["training_weeks"], dtype=float)
        w = np.asarray(cov["training_weekly_sets"], dtype=float)
        plateau = w / (w + par["sets_half"])
        return {"training_adaptation": plateau * (1.0 - np.exp(-par["k_rise"] * 168.0 * weeks))}

    @staticmethod
    def rhs(training_adaptation, recent_hard_sets, muscle_mass, training_weeks, sets_half, reference_weekly_sets, k_rise,
            k_decay, prior_weeks_scale):
        w = max(recent_hard_sets, 0.0)
        x = training_adaptation
        state = relative_to_reference(max(x, 0.0), reference_weekly_sets, sets_half)
        prior = (1.0 - math.exp(-training_weeks / prior_weeks_scale)) / (1.0 - math.exp(-104.0 / prior_weeks_scale))
        if prior > 1.0:
            prior = 1.0
        return approach(w / (w + sets_half), x, k_rise, k_decay), state, muscle_mass * state, prior


class WholeBodyTrainingHistory(Module):
    name = "whole_body_training_history"
    organ = "whole_body"
    description = "Trained state of the whole musculature: the mass-weighted mean of the muscle groups' trained states."
    states = ()
    inputs = (
        Input("trained_mass", "kg", ("muscle",), reduce="sum"),
        Input("muscle_mass", "kg", ("muscle",), reduce="sum"),
    )
    outputs = (Var("trained_state_body", "1", "mass-weighted trained state of the whole musculature (0 untrained, 1 trained)"),)
    params = ()

    @staticmethod
    def rhs(trained_mass, muscle_mass):
        return (trained_mass / muscle_mass if muscle_mass > 0.0 else 0.0,)

