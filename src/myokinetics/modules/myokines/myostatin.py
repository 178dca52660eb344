"""Myostatin (suppressed by loading) and follistatin (its hepatic antagonist).

Myostatin.  Resistance exercise suppresses muscle myostatin expression
(mRNA fell 6.3-fold from 1 to 24 h, louis2007; the RCT meta-analysis of
training finds a large fall of circulating myostatin, khalafi2023mstn), but
acute serum findings conflict: +54% (concentric) and +68% (eccentric) at
6-48 h in untrained men (willoughbytaylor2004), a fall at 24 h in trained men
whose muscle mRNA rose (willoughby2022).  We model both: a whole-body
expression state that mechanical tension suppresses (per kg of total muscle)
and that recovers over about a day, and a release of stored myostatin from
damaged muscle (the delayed leukocyte-infiltration signal of
``muscle_inflammation``) that training status attenuates (repeated-bout
effect; an assumption that reconciles untrained willoughbytaylor2004 with
trained willoughby2022).  Serum myostatin relaxes to baseline x (expression
+ damage release) with a slow first-order turnover.

Follistatin.  A hepatokine, not a myokine in the strict sense: plasma
follistatin rose 7-fold 3 h into recovery after 3 h of cycling with no net
release from the exercising limb, and liver mRNA rose in mice (hansen2011);
it was raised 4-7 h after running whatever the intensity (willis2019).  The
liver's synthesis follows whole-body activation (duration x active mass;
the glucagon/insulin ratio in hansen2011) with a lag, which makes long-
interval HIIT raise it more than a resistance session (A21, he2018myokine).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class Myostatin(Module):
    name = "myostatin"
    organ = "muscle"
    description = "Muscle myostatin expression suppressed by tension; serum myostatin from expression plus a damage release."
    states = (
        State("myostatin_expression", "1", 1.0, "muscle myostatin expression relative to the subject's baseline",
              decay="k_expression"),
        State("myostatin", "ng/mL", "baseline", "circulating myostatin", decay="k_clear"),
    )
    inputs = (
        Input("tension_mass", "kg/h", ("muscle",), reduce="sum"),
        Input("inflammation_late", "kg"),
        Input("skeletal_muscle_mass", "kg"),
        Input("trained_state_body", "1"),
    )
    params = (
        Param("baseline", 12.3, "ng/mL", "chen2016jissn", (3.0, 40.0), "C", "lognormal", 0.3,
              note="serum myostatin 12.3 +/- 3.6 ng/mL in healthy young men (12.1 in strength athletes, 12.4 in controls; C96)"),
        Param("k_expression", 0.05, "1/h", "louis2007, assumption", (0.02, 0.2), "assumption",
              note="recovery of suppressed expression (t1/2 about 14 h): mRNA is still 6.3-fold down at 24 h after RE in louis2007, so full recovery takes 1-3 days"),
        Param("suppression", 0.1, "1", "louis2007, willoughby2022", (0.0, 0.5), "D", "lognormal", 0.5,
              note="log-fall of expression per effective repetition x kg of muscle per kg of total muscle: a whole-body session (about 17 reps x kg/kg) lowers expression about 5-fold, as the 6.3-fold fall of louis2007; sources conflict (mRNA rose at 3-24 h in trained men, willoughby2022), hence the CV"),
        Param("k_clear", 0.1, "1/h", "willoughbytaylor2004, assumption", (0.03, 0.5), "assumption",
              note="turnover of circulating myostatin (t1/2 about 7 h): serum changes appear at 6 h and persist at 24-48 h (willoughbytaylor2004, willoughby2022); no half-life was found"),
        Param("damage_release", 100.0, "1", "willoughbytaylor2004, assumption", (0.0, 500.0), "D", "lognormal", 0.6,
              note="extra release (fraction of baseline production) per unit of late infiltration per kg of muscle; set so that 7 x 10 knee extension in untrained men raises serum myostatin about 60% (A36: +54% concentric, +68% eccentric)", fitted_to=("willoughbytaylor2004-myostatin-rise",)),
        Param("trained_attenuation", 1.0, "1", "willoughby2022, willoughbytaylor2004, assumption", (0.0, 1.0), "assumption",
              note="fraction of the damage release that training status removes (1 = none in trained people): untrained men show a rise (A36) and trained men a fall at 24 h (A35); attributed to the repeated-bout effect, an assumption"),
    )
    routes = ()

    @staticmethod
    def rhs(myostatin_expression, myostatin, tension_mass, inflammation_late, skeletal_muscle_mass, trained_state_body, baseline,
            k_expression, suppression, k_clear, damage_release, trained_attenuation):
        d_expr = k_expression * (1.0 - myostatin_expression) - suppression * tension_mass / skeletal_muscle_mass * myostatin_expression
        damage = damage_release * (1.0 - trained_attenuation * min(trained_state_body, 1.0)) * inflammation_late / skeletal_muscle_mass
        d_mstn = k_clear * (baseline * (myostatin_expression + damage) - myostatin)
        return d_expr, d_mstn


class Follistatin(Module):
    name = "follistatin"
    organ = "liver"
    description = "Plasma follistatin: hepatic synthesis driven by whole-body activation, with a lag, and first-order clearance."
    states = (
        State("follistatin_synthesis", "1/h", 0.0, "exercise-induced hepatic follistatin synthesis (per hour, fraction of baseline)",
              decay="k_synthesis", observable=False, scale=0.5),
        State("follistatin", "ng/mL", "baseline", "plasma follistatin", decay="k_clear"),
    )
    inputs = (Input("active_mass", "kg", ("muscle",), reduce="sum"),)
    params = (
        Param("baseline", 1.5, "ng/mL", "hansen2011, assumption", (0.3, 6.0), "assumption", "lognormal", 0.4,
              note="resting plasma follistatin of the order of 1-2 ng/mL (ELISA; the value in hansen2011 was not retrieved); studies use fold changes"),
        Param("k_synthesis", 0.25, "1/h", "hansen2011, willis2019", (0.1, 1.0), "D",
              note="lag of hepatic synthesis behind its drive: with k_clear equal, the plasma peak comes about 3 h after the end of exercise (hansen2011: peak 3 h into recovery; willis2019: raised at 4 and 7 h)", fitted_to=("hansen2011-follistatin-fold", "hansen2011-follistatin-peak-time")),
        Param("k_clear", 0.25, "1/h", "hansen2011, willis2019, assumption", (0.1, 1.0), "assumption",
              note="first-order clearance (t1/2 about 2.8 h), so the rise is largely gone by 24 h; no human half-life was found"),
        Param("activation_gain", 0.8, "1/(kg*h)", "hansen2011", (0.01, 1.0), "D", "lognormal", 0.6,
              note="hepatic synthesis per kg of activated muscle, per hour, as a fraction of the baseline pool; calibrated to the 7-fold peak 3 h after 3 h of cycling (hansen2011); CV for the responder spread (A22)", fitted_to=("hansen2011-follistatin-fold", "hansen2011-follistatin-peak-time")),
    )
    routes = ()

    @staticmethod
    def rhs(follistatin_synthesis, follistatin, active_mass, baseline, k_synthesis, k_clear, activation_gain):
        d_syn = k_synthesis * (activation_gain * active_mass - follistatin_synthesis)
        d_fst = baseline * follistatin_synthesis + k_clear * (baseline - follistatin)
        return d_syn, d_fst
