"""Neuromuscular fatigue, force capacity and performance readiness.

Acute fatigue (per muscle) is the fraction of force capacity lost to the
metabolic and ionic consequences of hard contractions (Allen, Lamb &
Westerblad 2008).  Each effective (high-tension) repetition adds to it -- the
motor-unit pool makes the last repetitions before failure count most -- and it
recovers first order within hours: after 3 sets of 4 of 8 possible reps at
80% 1RM jump height was back by 6 h (A61).  What outlasts a session (a
deficit at 24-72 h after sets to failure, A60-A62, or weeks after maximal
eccentric work, A55) is damage (``muscle_damage``).

The force capacity of a muscle is (1 - fatigue) x (1 - damage).  Whole-body
``fatigue`` and ``readiness`` summarise the muscles that carry a deficit: the
mass- and deficit-weighted mean deficit, sum(m d^2) / sum(m d), so a
biceps-only session reports the biceps' state rather than one diluted by the
untouched legs.  ``readiness`` = 1 - that mean of the total deficit
(performance readiness of the worked muscles relative to baseline = 1);
``fatigue`` is the same mean of the acute fatigue alone, ``doms`` the same
mean of the per-muscle soreness (0-10).
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, State, Var


class MuscleFatigue(Module):
    name = "muscle_fatigue"
    organ = "muscle"
    per_muscle = True
    description = "Acute neuromuscular fatigue of each muscle group from effective repetitions; force capacity with damage."
    states = (
        State("muscle_fatigue", "1", 0.0, "fraction of force capacity lost to acute fatigue", decay="k_recovery",
              dims=("muscle",), scale=0.05),
    )
    inputs = (
        Input("tension", "1/h", ("muscle",)),
        Input("damage", "1", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
    )
    outputs = (
        Var("force_capacity", "1", "maximal force relative to the rested, undamaged muscle", ("muscle",)),
        Var("deficit_mass", "kg", "muscle mass x force deficit", ("muscle",), observable=False),
        Var("deficit_mass_sq", "kg", "muscle mass x force deficit squared", ("muscle",), observable=False),
        Var("fatigue_mass", "kg", "muscle mass x acute fatigue", ("muscle",), observable=False),
        Var("fatigue_mass_sq", "kg", "muscle mass x acute fatigue squared", ("muscle",), observable=False),
    )
    params = (
        Param("fatigue_per_effective_rep", 0.0065, "1", "gonzalezbadillo2016, helland2020", (0.001, 0.05), "D",
              "lognormal", 0.3,
              note="fraction of the remaining force capacity lost per effective repetition (involvement-weighted); "
                   "fitted so that a 5RM session lowers readiness by about 7% right after it (A62: jump height -7 +/- 6%); "
                   "between-subject CV from that SD (assumption on its form)", fitted_to=("helland2020-5rm-immediate",)),
        Param("k_recovery", 0.5, "1/h", "gonzalezbadillo2016, allen2008", (0.1, 3.0), "D",
              note="first-order recovery of acute fatigue (t1/2 about 1.4 h): jump height recovered by 6 h after 3x4(8) "
                   "at 80% 1RM (A61); metabolic fatigue itself recovers within minutes, slower components "
                   "(prolonged low-frequency force depression, allen2008) within hours; fitted to A61", fitted_to=("gonzalezbadillo2016-half-effort",)),
    )

    @staticmethod
    def rhs(muscle_fatigue, tension, damage, muscle_mass, fatigue_per_effective_rep, k_recovery):
        f = min(max(muscle_fatigue, 0.0), 1.0)
        d = min(max(damage, 0.0), 1.0)
        d_f = fatigue_per_effective_rep * tension * (1.0 - f) - k_recovery * muscle_fatigue
        cap = (1.0 - f) * (1.0 - d)
        deficit = 1.0 - cap
        return (d_f, cap, muscle_mass * deficit, muscle_mass * deficit * deficit, muscle_mass * f, muscle_mass * f * f)


class Readiness(Module):
    name = "readiness"
    organ = "muscle"
    description = "Whole-body acute fatigue and performance readiness of the worked muscles (deficit-weighted means)."
    inputs = (
        Input("deficit_mass", "kg", ("muscle",), reduce="sum"),
        Input("deficit_mass_sq", "kg", ("muscle",), reduce="sum"),
        Input("fatigue_mass", "kg", ("muscle",), reduce="sum"),
        Input("fatigue_mass_sq", "kg", ("muscle",), reduce="sum"),
        Input("soreness_mass", "kg", ("muscle",), reduce="sum"),
        Input("soreness_mass_sq", "kg", ("muscle",), reduce="sum"),
    )
    outputs = (
        Var("fatigue", "1", "acute neuromuscular fatigue of the worked muscles (fraction of force capacity)"),
        Var("readiness", "1", "performance readiness of the worked muscles relative to baseline (1 = fully recovered)"),
        Var("doms", "1", "delayed-onset muscle soreness of the sore muscles, 0-10 (soreness-weighted mean)"),
    )

    @staticmethod
    def rhs(deficit_mass, deficit_mass_sq, fatigue_mass, fatigue_mass_sq, soreness_mass, soreness_mass_sq):
        fat = 0.0
        if fatigue_mass > 0.0:
            fat = fatigue_mass_sq / fatigue_mass
        deficit = 0.0
        if deficit_mass > 0.0:
            deficit = deficit_mass_sq / deficit_mass
        sore = 0.0
        if soreness_mass > 0.0:
            sore = 10.0 * soreness_mass_sq / soreness_mass
        return fat, 1.0 - deficit, sore
