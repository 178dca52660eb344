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

Model.  Two slow states:

* ``mood_adaptation``: learnt quickly from any training (the fraction of muscle mass working during sets)
  and saturating, so the effect depends little on volume (C83); lost over weeks without training;
* ``cognitive_adaptation``: learnt more slowly (months), as cognitive effects need >= moderate intensity
  sessions over months (C86).

Outputs are in population standard-deviation units (z-scores), 0 at baseline, so that the mean change of a
trial arm minus the control arm IS the standardised effect (with the population SD as the standardiser).
Signs: ``depressive_symptoms`` and ``anxiety`` negative = fewer symptoms; ``sleep_quality`` and
``cognition`` positive = better.  The between-subject spread of the effect comes from lognormal response
parameters (the heterogeneity: I^2 = 76 % in C83).  ``bdnf_resting`` is the serum BDNF of the acute module
times (1 + rise x cognitive_adaptation).  The mechanisms (BDNF, IGF-1, inflammation, self-efficacy,
expectation effects: the effect is smaller in blinded trials, C83) are not separated.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class ChronicBrain(Module):
    name = "chronic_brain"
    organ = "brain"
    description = ("Depressive symptoms, anxiety, sleep quality and cognition (population SD units) and resting BDNF adapting over "
                   "weeks to months of training.")
    states = (
        State("mood_adaptation", "1", 0.0, "adaptation of mood and sleep to regular training (0 to 1)", decay="k_mood_off",
              memory=True, scale=0.5),
        State("cognitive_adaptation", "1", 0.0, "adaptation of cognition to regular training (0 to 1)", decay="k_cog_off",
              memory=True, scale=0.3),
    )
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("skeletal_muscle_mass", "kg"),
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
        Param("k_mood_on", 10.0, "1/h", "gordon2018, assumption", (0.1, 20.0), "assumption",
              note="rate of mood adaptation per unit fraction of muscle mass working during sets: with 2-3 sessions a week the "
                   "adaptation is mostly made in 4-8 weeks and depends little on volume (C83: not moderated by volume)"),
        Param("k_mood_off", 1.0 / (6 * 168.0), "1/h", "assumption", (1.0 / (52 * 168.0), 1.0 / 168.0), "assumption",
              note="loss of the mood adaptation without training (time constant 6 weeks); not measured"),
        Param("k_cog_on", 2.0, "1/h", "northey2018, assumption", (0.02, 5.0), "assumption",
              note="rate of cognitive adaptation per unit fraction of muscle mass working: slower than mood (months; C86)"),
        Param("k_cog_off", 1.0 / (16 * 168.0), "1/h", "assumption", (1.0 / (104 * 168.0), 1.0 / (2 * 168.0)), "assumption",
              note="loss of the cognitive adaptation without training (time constant 16 weeks); not measured"),
        Param("depression_max", 0.9, "SD", "gordon2018", (0.2, 1.5), "D", "lognormal", 0.6,
              note="largest fall of depressive symptoms (SD) at full adaptation; chosen so that 8-12-week trials give about "
                   "-0.66 SD (C83); CV from the large heterogeneity (I^2 = 76 %), assumed", fitted_to=("C83_depression",)),
        Param("anxiety_max", 0.7, "SD", "gordon2020, assumption", (0.1, 1.5), "D", "lognormal", 0.6,
              note="largest fall of anxiety (SD): d 0.85 (0.06-1.63) after 8 weeks in analogue GAD (C85; a small, selected sample); "
                   "a lower value for general populations; CV assumed"),
        Param("sleep_max", 0.6, "SD", "amiri2021, kovacevic2018", (0.1, 1.2), "D", "lognormal", 0.6,
              note="largest gain of subjective sleep quality (SD): all-exercise SMD 0.85 (0.54-1.16, C89); RT improves sleep quality "
                   "(kovacevic2018) but its size is not pooled, so a lower value; CV assumed"),
        Param("cognition_max", 0.7, "SD", "landrigan2020, northey2018, kelly2014", (0.0, 1.2), "D", "lognormal", 0.6,
              note="largest gain of global cognition (SD): composite 0.71 (C87) vs 0.29 all exercise (C86) vs near-null (C88; "
                   "Contradiction 14); a value giving about 0.3-0.4 SD in 12-24-week trials, between the meta-analyses"),
        Param("bdnf_rest_rise", 0.05, "1", "setayesh2023, dinoff2016, szuhany2015", (0.0, 0.2), "D", "lognormal", 0.8,
              note="largest relative rise of resting serum BDNF: +0.73 ng/mL (0.04-1.42) on about 24 ng/mL in older adults (C90) "
                   "= +3 % at the adaptation reached in 12-24 weeks; RT SMD 0.07 ns (A32)"),
    )
    routes = (
        Route("brain", "endocrine", "regular training -> fewer depressive and anxiety symptoms, better sleep and cognition",
              "gordon2018", True),
    )

    @staticmethod
    def rhs(mood_adaptation, cognitive_adaptation, active_mass, skeletal_muscle_mass, bdnf,
            k_mood_on, k_mood_off, k_cog_on, k_cog_off, depression_max, anxiety_max, sleep_max, cognition_max, bdnf_rest_rise):
        frac = active_mass / skeletal_muscle_mass if skeletal_muscle_mass > 0.0 else 0.0
        d_m = k_mood_on * frac * (1.0 - mood_adaptation) - k_mood_off * mood_adaptation
        d_c = k_cog_on * frac * (1.0 - cognitive_adaptation) - k_cog_off * cognitive_adaptation
        return (d_m, d_c, -depression_max * mood_adaptation, -anxiety_max * mood_adaptation, sleep_max * mood_adaptation,
                cognition_max * cognitive_adaptation, bdnf * (1.0 + bdnf_rest_rise * cognitive_adaptation))
