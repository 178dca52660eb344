"""Post-exercise insulin sensitivity: a bounded, local window in the muscles that used their glycogen.

What the evidence says.  Insulin-stimulated glucose uptake is raised after
exercise in the exercised muscle only: one day after 3 h of cycling at 50 %
VO2max leg glucose uptake during a clamp was +31 % while the (inactive)
forearm's was not raised (annuzzi1991); after one-legged exercise the effect is
confined to the exercised leg (richter1989, steenberg2020).  Whole-body
insulin sensitivity rises by about 18-29 % in the studies that find a rise,
1-48 h after a single bout, and many find none (steenberg2020, whose own
one-legged protocol lowered whole-body disposal because the resting muscle
became less sensitive).  The window is still open at 48 h and closed by 5 days
(mikines1988) and glucose tolerance is better 12-24 h after a first
whole-body resistance session (A84, fenicchia2004).  The dose-response is
curvilinear, not linear: next-morning HOMA-IR fell only after more than
about 900 kcal of exercise (magkos2008), and in a pooled analysis of 106 men
the potentiation was not related to how much glycogen the bout used
(steenberg2022): a modest bout already opens most of the window.

Model.  Each muscle group has a window ``insulin_window`` (0..1: the fraction
of the largest post-exercise potentiation of its insulin-stimulated glucose
uptake).  It is charged by the glycogen the muscle uses (glycolytic drive in
sets, aerobic activation in endurance bouts; the use rates are the measured
glycogen falls of a session) and saturates: ``d w/dt = charge x use x (1 - w)
- k_return x w``, so one session moves ``w`` towards 1 and no session can take
it beyond.  A muscle's uptake is raised by ``local_max x w`` (at most +80 %,
the upper end of clamp studies); whole-body insulin sensitivity is the
muscle-mass-weighted mean of that rise times the share of insulin-stimulated
disposal that goes to skeletal muscle.  So the whole-body window is bounded by
``1 + disposal_share x local_max`` (1.64, with every muscle fully charged;
a long run that works the legs gives about +30 %), and a single-limb exercise
raises it far less than a whole-body session.

Not modelled: the fall of insulin action in resting muscle during the same
day (steenberg2020), and the insulin-independent uptake of the first 1-2 h
after exercise (borghouts2000).  The window of a one-limb laboratory exercise
is counted over the whole group's mass once the bout is over (the working
share of a group is known only during the bout).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class MuscleInsulinWindow(Module):
    name = "muscle_insulin_window"
    organ = "muscle"
    per_muscle = True
    description = ("Post-exercise window of raised insulin-stimulated glucose uptake in each muscle group, charged by the "
                   "muscle's glycogen use and saturating at the largest measured potentiation.")
    states = (
        State("insulin_window", "1", 0.0, "post-exercise insulin-sensitising window of the muscle group (fraction of its maximum)",
              decay="k_return", dims=("muscle",), scale=0.5),
    )
    inputs = (
        Input("glycolytic", "1", ("muscle",)),
        Input("activation", "1", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
    )
    outputs = (
        Var("insulin_uptake_gain_mass", "kg", "muscle mass x relative rise of its insulin-stimulated glucose uptake",
            ("muscle",), observable=False),
    )
    params = (
        Param("glycogen_use_set", 3.0, "1/h", "rtglycogen2025, assumption", (0.5, 10.0), "C",
              note="fraction of the muscle's resting glycogen used per hour of a set at full glycolytic drive: a resistance session "
                   "of 8.7 +/- 4.0 sets (72 % 1RM, 33 min) lowered vastus lateralis glycogen by 104 mmol/kg dry mass from 528, "
                   "about 20 % (meta-analysis of 20 studies, rtglycogen2025), i.e. about 2.3 % per set of some 30 s at a mean "
                   "drive of 0.8 (the set duration and drive are the model's, so the rate is derived, not read)"),
        Param("glycogen_use_aerobic", 0.7, "1/h", "areta2018, assumption", (0.2, 2.0), "assumption",
              note="fraction of the muscle's resting glycogen used per hour of continuous work per unit activation (fraction of "
                   "VO2max x involvement): about half of thigh glycogen in an hour at about 70 % VO2max, so that glycogen is "
                   "near exhaustion after 90-120 min (the classic biopsy picture meta-analysed by areta2018; the regression's "
                   "coefficients were not read, so the value is a judgement); the crossover to more carbohydrate at higher "
                   "intensity is not represented (linear in activation)"),
        Param("charge", 20.0, "1", "fenicchia2004, steenberg2022, assumption", (1.0, 50.0), "D", "lognormal", 0.4,
              note="opening of the window per unit of the muscle's glycogen used (w = 1 - exp(-charge x used) after one bout): "
                   "large, because a modest bout already opens most of the window (potentiation unrelated to the glycogen used, "
                   "steenberg2022); set by hand so that a whole-body machine session raises whole-body insulin sensitivity by "
                   "about 17 % at 12-24 h (A84, fenicchia2004, read as in the study); CV 40 % assumed (responders)",
              fitted_to=("a84-insulin-sensitivity-18h",)),
        Param("local_max", 0.8, "1", "richter1989, annuzzi1991, steenberg2020", (0.2, 1.5), "C",
              note="largest rise of a muscle's insulin-stimulated glucose uptake after exercise (window fully open): clamp studies "
                   "give +20 to +80 % in the exercised muscle (+31 % in the leg one day after 3 h at 50 % VO2max at a high insulin "
                   "dose, annuzzi1991; the upper end at physiological insulin after one-legged exercise, richter1989, figure not "
                   "read); the upper end is taken so that a fully depleted muscle is not under-represented"),
        Param("k_return", 0.03, "1/h", "mikines1988, fenicchia2004", (0.01, 0.1), "C",
              note="closing of the window, t1/2 about 23 h: whole-body insulin sensitivity still raised at 48 h but not at 5 days "
                   "after exercise (mikines1988); gone 60-72 h after resistance exercise (A84); at least 16 h (borghouts2000)"),
    )
    routes = (
        Route("muscle", "autocrine", "insulin-stimulated glucose uptake and glycogen resynthesis in the exercised muscle",
              "richter1989, annuzzi1991", True),
    )

    @staticmethod
    def rhs(insulin_window, glycolytic, activation, muscle_mass, glycogen_use_set, glycogen_use_aerobic, charge, local_max,
            k_return):
        use = glycogen_use_set * glycolytic + glycogen_use_aerobic * activation
        w = insulin_window
        if w < 0.0:
            w = 0.0
        d_w = charge * use * max(1.0 - w, 0.0) - k_return * insulin_window
        return d_w, muscle_mass * local_max * w


class InsulinSensitivity(Module):
    name = "insulin_sensitivity"
    organ = "whole_body"
    description = ("Whole-body insulin sensitivity relative to baseline: the muscle-mass-weighted post-exercise window of the "
                   "muscle groups times the muscle share of insulin-stimulated glucose disposal (bounded).")
    states = ()
    inputs = (
        Input("insulin_uptake_gain_mass", "kg", ("muscle",), reduce="sum"),
        Input("muscle_mass", "kg", ("muscle",), reduce="sum"),
    )
    outputs = (Var("insulin_sensitivity", "1", "whole-body insulin sensitivity relative to the subject's baseline (post-exercise window)"),)
    params = (
        Param("window_disposal_share", 0.8, "1", "defronzo1981", (0.5, 0.95), "C",
              note="share of insulin-stimulated glucose disposal that goes to skeletal muscle (about 80-85 % during a clamp, "
                   "defronzo1981; the same number as glucose_insulin.muscle_disposal_fraction): a muscle's rise of uptake raises "
                   "whole-body sensitivity by this share times its share of muscle mass"),
    )

    @staticmethod
    def rhs(insulin_uptake_gain_mass, muscle_mass, window_disposal_share):
        rel = insulin_uptake_gain_mass / muscle_mass if muscle_mass > 0.0 else 0.0
        return (1.0 + window_disposal_share * rel,)
