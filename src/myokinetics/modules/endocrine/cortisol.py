"""Cortisol: a transient rise with metabolic stress and session length.

What the evidence says.  Cortisol rises during and after high-volume,
short-rest sessions (A72: +48-49% from mid- to post-session, mccall1999;
A76/kraemer1990: more after 10RM / 1-min rest than after 5RM / 3-min rest),
more after 4 than after 2 sets with no further gain at 6 (A74, smilios2003),
and not significantly after a short, volume-equated session (A73,
villanueva2012).  Exercise stimulates cortisol above an intensity threshold
(hill2008: about 60% VO2max), and the response tracks metabolic stress.  We
drive adrenal secretion by the blood-lactate excess over a threshold through
a saturating function, with a lag; cortisol is cleared with a half-life of
about 70 min.

Role.  Like GH, the acute cortisol rise is an index of session stress, not a
driver of the muscle adaptation to training in this model (west2012: acute
hormone responses were not associated with hypertrophy); no route is
modelled.

Scope.  No circadian rhythm (real cortisol falls through the day; compare
post-exercise values with a time-matched control); no chronic HPA changes.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class Cortisol(Module):
    name = "cortisol"
    organ = "adrenal"
    description = "Plasma cortisol: adrenal secretion driven by blood lactate above a threshold (saturating), cleared with t1/2 ~70 min."
    states = (
        State("cortisol_secretion", "nmol/L/h", 0.0, "exercise-induced cortisol secretion rate", decay="k_secretion",
              observable=False, scale=100.0),
        State("cortisol", "nmol/L", "baseline", "plasma cortisol", decay="k_clear"),
    )
    inputs = (Input("lactate", "mmol/L"),)
    params = (
        Param("baseline", 400.0, "nmol/L", "villanueva2012, assumption", (150.0, 700.0), "C", "lognormal", 0.3,
              note="morning resting cortisol in young adults (a typical laboratory reference interval is about 140-690 nmol/L); without circadian rhythm the baseline is constant"),
        Param("k_clear", 0.6, "1/h", "assumption", (0.35, 1.0), "assumption",
              note="plasma clearance; t1/2 about 70 min, within the 60-90 min usually quoted for cortisol (textbook figure, not checked against a primary source here)"),
        Param("k_secretion", 4.0, "1/h", "assumption", (1.0, 20.0), "assumption",
              note="lag of ACTH-driven adrenal secretion behind the metabolic-stress signal (t1/2 about 10 min)"),
        Param("lactate_threshold", 2.0, "mmol/L", "hill2008, assumption", (2.0, 4.0), "assumption",
              note="cortisol rises only above an intensity threshold (hill2008: about 60% VO2max, i.e. near the lactate threshold); set at the top of the resting lactate range so that no subject secretes at rest"),
        Param("max_secretion", 500.0, "nmol/L/h", "mccall1999, assumption", (50.0, 3000.0), "D", "lognormal", 0.5,
              note="maximal exercise-induced secretion; fitted by hand to the +48% cortisol rise after a 10RM hypertrophy session (A72)", fitted_to=("a72-cortisol-hypertrophy-session",)),
        Param("half_saturation", 4.0, "mmol/L", "smilios2003, assumption", (1.0, 10.0), "D",
              note="lactate excess at half-maximal secretion; gives 4 sets > 2 sets and 6 sets about 4 sets (A74), as for GH"),
    )
    routes = ()

    @staticmethod
    def rhs(cortisol_secretion, cortisol, lactate, baseline, k_clear, k_secretion, lactate_threshold, max_secretion,
            half_saturation):
        x = lactate - lactate_threshold
        drive = 0.0
        if x > 0.0:
            drive = max_secretion * x / (half_saturation + x)
        return k_secretion * (drive - cortisol_secretion), cortisol_secretion + k_clear * (baseline - cortisol)
