"""Chronic brain outcomes of training: depressive symptoms, anxiety, sleep, cognition, resting BDNF.

What the evidence says.  Resistance training reduces depressive symptoms (Hedges d 0.66, 0.48-0.83, 33 RCTs;
not moderated by volume or by strength gain; gordon2018, C83), anxiety (d 0.85, 0.06-1.63, in analogue GAD
after 8 weeks; gordon2020, C85), and improves subjective sleep quality (all exercise: SMD 0.85, 0.54-1.16;
amiri2021, C89; RT-specific size not pooled).  Cognition improves in older adults but the size is disputed
(Contradiction 14): composite SMD 0.71 (0.30-1.12; landrigan2020, C87), 0.29 for all exercise types
(northey2018, C86), and almost nothing beyond reasoning (kelly2014, C88).  Resting circulating BDNF rises
slightly in older adults (+0.73 ng/mL, 0.04-1.42; setayesh2023, C90), which on a serum level of about
24 ng/mL is a small standardised effect, consistent with the non-significant SMD 0.07 for RT (dinoff2016,
A32) and g 0.27 for resting BDNF after any training (szuhany2015, A31).

Model.  The outcomes follow the exercise-driven ``neuroplasticity`` state (``plasticity.py``: brain BDNF ->
TrkB occupancy -> a dose-integrated plasticity adaptation), not the working muscle mass.  Two followers:

* ``mood_adaptation``: the plasticity excess (``neuroplasticity - 1``) as the symptom scales see it; the
  scales ask about the past one to two weeks (Beck Depression Inventory: two weeks; Hamilton scale: the past
  week), so the score is a running mean over about a week (first-order, time constant 1 week);
* ``cognitive_adaptation``: follows the plasticity excess more slowly (time constant 12 weeks), because
  cognitive effects need sessions over months (C86) and appeared after 12 months of resistance training
  (liuambrose2010).

Depressive symptoms, anxiety and sleep quality scale with ``mood_adaptation``, cognition with
``cognitive_adaptation``; each has its own largest effect (at the plateau of the reference program,
neuroplasticity = 2), drawn per subject (the heterogeneity of the trials).  Outputs are in population
standard-deviation units (z-scores), 0 at baseline, so that the mean change of a trial arm minus the control
arm IS the standardised effect (with the population SD as the standardiser).  Signs: ``depressive_symptoms`` and
``anxiety`` negative = fewer symptoms; ``sleep_quality`` and ``cognition`` positive = better.
``bdnf_resting`` is the serum BDNF of the acute module times (1 + rise x plasticity excess): the brain supplies
most circulating BDNF (rasmussen2009).  Mechanisms outside BDNF (IGF-1, inflammation, self-efficacy,
expectation: the effect is smaller in blinded trials, C83) are not separated; with the BDNF route blocked the
model therefore predicts no chronic effect (as TrkB blockade abolished the exercise gain in learning in rats,
vaynman2004).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class ChronicBrain(Module):
    name = "chronic_brain"
    organ = "brain"
    description = ("Depressive symptoms, anxiety, sleep quality and cognition (population SD units) and resting BDNF following the "
                   "exercise-driven neuroplasticity state.")
    states = (
        State("mood_adaptation", "1", 0.0, "plasticity excess as the symptom scales see it (running mean over about a week)",
              decay="k_mood_follow", memory=True, scale=0.5),
        State("cognitive_adaptation", "1", 0.0, "plasticity excess expressed in cognition (slow follower, months)",
              decay="k_cog_follow", memory=True, scale=0.3),
    )
    inputs = (
        Input("neuroplasticity", "1"),
        Input("bdnf", "ng/mL"),
    )
    outputs = (
        Var("depressive_symptoms", "SD", "depressive symptoms relative to baseline (population SD; negative = fewer)"),
        Var("anxiety", "SD", "anxiety symptoms relative to baseline (population SD; negative = fewer)"),
        Var("sleep_quality", "SD", "subjective sleep quality relative to baseline (population SD; positive = better)"),
        Var("cognition", "SD", "global cognition relative to baseline (population SD; positive = better)"),
        Var("bdnf_resting", "ng/mL", "serum BDNF with the chronic training adaptation"),
    )
    params = (
        Param("k_mood_follow", 1.0 / 168.0, "1/h", "beck1996, hamilton1960, assumption", (1.0 / (4 * 168.0), 1.0 / 24.0), "assumption",
              note="the symptom scales average over their recall window (BDI-II: the past two weeks, beck1996; Hamilton scale: the "
                   "past week, hamilton1960): a first-order mean with a time constant of 1 week"),
        Param("k_cog_follow", 1.0 / (12 * 168.0), "1/h", "liuambrose2010, northey2018, assumption", (1.0 / (52 * 168.0), 1.0 / (2 * 168.0)), "assumption",
              note="cognition follows the plasticity state with a time constant of 12 weeks: cognitive gains need months of "
                   "training (C86) and were found after 12 months of resistance training (liuambrose2010)"),
        Param("depression_max", 0.85, "SD", "gordon2018", (0.2, 2.0), "D", "lognormal", 0.6,
              note="fall of depressive symptoms (SD) at the plateau of the reference program (neuroplasticity = 2); set by hand so "
                   "that 8-12-week trials give about -0.66 SD (C83); CV from the large heterogeneity (I^2 = 76 %), assumed",
              fitted_to=("C83_depression",)),
        Param("anxiety_max", 0.7, "SD", "gordon2020, assumption", (0.1, 2.0), "D", "lognormal", 0.6,
              note="fall of anxiety (SD) at the plateau: d 0.85 (0.06-1.63) after 8 weeks in analogue GAD (C85; a small, selected "
                   "sample); a lower value for general populations; CV assumed"),
        Param("sleep_max", 0.6, "SD", "amiri2021, kovacevic2018", (0.1, 2.0), "D", "lognormal", 0.6,
              note="gain of subjective sleep quality (SD) at the plateau: all-exercise SMD 0.85 (0.54-1.16, C89); RT improves sleep "
                   "quality (kovacevic2018) but its size is not pooled, so a lower value; CV assumed"),
        Param("cognition_max", 0.7, "SD", "landrigan2020, northey2018, kelly2014", (0.0, 2.0), "D", "lognormal", 0.6,
              note="gain of global cognition (SD) at the plateau: composite 0.71 (C87) vs 0.29 all exercise (C86) vs near-null (C88; "
                   "Contradiction 14); a value between the meta-analyses"),
        Param("bdnf_rest_rise", 0.03, "1", "setayesh2023, dinoff2016, szuhany2015", (0.0, 0.2), "D", "lognormal", 0.8,
              note="relative rise of resting serum BDNF at the plateau of the reference program: +0.73 ng/mL (0.04-1.42) on about "
                   "24 ng/mL in older adults (C90) = +3 % after 12-24 weeks; RT SMD 0.07 ns (A32)"),
    )
    routes = (
        Route("brain", "paracrine", "neuroplasticity -> fewer depressive and anxiety symptoms, better sleep and cognition",
              "gordon2018, vaynman2004", True),
    )

    @staticmethod
    def rhs(mood_adaptation, cognitive_adaptation, neuroplasticity, bdnf, k_mood_follow, k_cog_follow, depression_max,
            anxiety_max, sleep_max, cognition_max, bdnf_rest_rise):
        excess = max(neuroplasticity - 1.0, 0.0)
        d_m = k_mood_follow * (excess - mood_adaptation)
        d_c = k_cog_follow * (excess - cognitive_adaptation)
        return (d_m, d_c, -depression_max * mood_adaptation, -anxiety_max * mood_adaptation, sleep_max * mood_adaptation,
                cognition_max * cognitive_adaptation, bdnf * (1.0 + bdnf_rest_rise * excess))
