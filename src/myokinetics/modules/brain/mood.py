"""State anxiety after a resistance session; why beta-endorphin is not modelled.

What the evidence says.  High-intensity resistance exercise (100% of 10RM)
raises state anxiety immediately, back towards baseline by 45 min; low (40%)
and moderate (70%) intensity lower it during 60 min of recovery (A86,
acsm_anxiety_abstract).  Anxiety is highest 5 min after a session and then falls
(A87, bibeau2010).  Pre to 15 min post, state anxiety falls by d = -0.37
(traditional) to -0.58 (functional) after 2 x 10 at moderate intensity in
women (A88, ijes2019functional).

Model.  ``state_anxiety`` (SD units of the population; negative = calmer) is
the difference of two saturating, first-order components:

* arousal: driven during sets by the relative drive above a threshold (high
  intensity only), fading with t1/2 about 20 min;
* relief: driven during sets by the relative drive at any intensity,
  fading with t1/2 about 60 min (anxiety is still lower 60 min after).

After a heavy session anxiety is raised at its end, crosses baseline within
about 45 min and is then slightly lowered; after a light or moderate session
it is lowered from the start.  Affect is not modelled.

beta-endorphin.  The popular "endorphin high" after resistance exercise is
not supported: plasma beta-endorphin fell from 16.5 to 10.5 pg/mL after 3 x 8
at 80% 1RM of four upper-body lifts (pierce1994) and did not change after
3 x 10RM of four exercises despite blood lactate of 8.5 mmol/L
(kraemerrr1996); a rise after high-volume, short-rest 10RM protocols is
reported from memory only (A90, unverified).  With a fall in one study, no
change in another and an unverified rise, no direction can be modelled
honestly, so beta-endorphin is not a variable and the mood response is not
attributed to it.
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, State, Var


class StateAnxiety(Module):
    name = "state_anxiety"
    organ = "brain"
    description = "Acute state anxiety (population SD): raised right after heavy sets, lowered for about an hour after any session."
    states = (
        State("anxiety_arousal", "SD", 0.0, "anxiety-raising arousal of high-intensity sets", decay="k_arousal",
              observable=False, scale=0.3),
        State("anxiety_relief", "SD", 0.0, "anxiolytic effect of the session", decay="k_relief", observable=False,
              scale=0.5),
    )
    inputs = (Input("relative_drive", "1"),)
    outputs = (Var("state_anxiety", "SD", "acute state anxiety relative to baseline, in population SD units"),)
    params = (
        Param("drive_threshold", 0.75, "1", "acsm_anxiety_abstract, assumption", (0.6, 0.9), "assumption",
              note="relative drive above which sets raise anxiety: 100% of 10RM (relative drive about 0.86) raises it, 70% of 10RM (about 0.57) does not (A86)"),
        Param("arousal_gain", 400.0, "1/h", "assumption", (1.0, 2000.0), "D",
              note="rate at which high-intensity sets raise the arousal component towards arousal_max per unit of drive above threshold; fitted by hand to a clear rise right after 100% 10RM sets that is gone by 45 min (A86; size not reported)", fitted_to=("a86-anxiety-high-immediate", "a86-anxiety-high-45min", "a88-anxiety-moderate-15min")),
        Param("arousal_max", 1.2, "SD", "assumption", (0.1, 2.0), "assumption",
              note="largest arousal (SD); not reported (A86 abstract); it must exceed the relief built during the same sets for anxiety to be raised right after heavy sets, net about +0.3-0.5 SD"),
        Param("k_arousal", 2.0, "1/h", "acsm_anxiety_abstract, bibeau2010, assumption", (1.0, 10.0), "D",
              note="fade of the arousal component, t1/2 about 20 min: raised immediately, back towards baseline by 45 min (A86), highest at 5 min post (A87)"),
        Param("relief_gain", 30.0, "1/h", "ijes2019functional, assumption", (0.1, 100.0), "D",
              note="rate at which sets build the anxiolytic component towards relief_max per unit of relative drive; fitted by hand to d = -0.37 to -0.58 at 15 min after 2 x 10 at moderate intensity (A88)", fitted_to=("a86-anxiety-high-immediate", "a86-anxiety-high-45min", "a88-anxiety-moderate-15min")),
        Param("relief_max", 0.8, "SD", "ijes2019functional, assumption", (0.3, 1.5), "assumption",
              note="largest reduction (SD) a session can give; slightly above the largest single-session effect of A88 (d = -0.58)"),
        Param("k_relief", 0.7, "1/h", "acsm_anxiety_abstract, assumption", (0.2, 3.0), "assumption",
              note="fade of the anxiolytic component, t1/2 about 1 h: anxiety still lower during 60 min of recovery (A86)"),
    )

    @staticmethod
    def rhs(anxiety_arousal, anxiety_relief, relative_drive, drive_threshold, arousal_gain, arousal_max, k_arousal,
            relief_gain, relief_max, k_relief):
        over = max(relative_drive - drive_threshold, 0.0)
        d_a = arousal_gain * over * (arousal_max - anxiety_arousal) - k_arousal * anxiety_arousal
        d_r = relief_gain * relative_drive * (relief_max - anxiety_relief) - k_relief * anxiety_relief
        return d_a, d_r, anxiety_arousal - anxiety_relief
