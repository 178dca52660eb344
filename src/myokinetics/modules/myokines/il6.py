"""Interleukin-6: release by contracting muscle, clearance from plasma.

Release rises with active muscle mass and intensity and, for a given
intensity, with the duration of contraction (Fischer 2006; Keller et al.
2001; Steensberg et al. 2001: depleted glycogen brings release forward and
raises it).  We represent the duration effect by a per-muscle contraction
history (activation integrated over time, forgotten over hours) that
amplifies transcription exponentially; the whole-body release relaxes
towards the summed drive with a transcription/translation lag, and plasma
IL-6 is cleared quickly.  Damaged muscle adds a small delayed release via
infiltrating leukocytes (A19).  Resting IL-6 is produced by other tissues at
a constant rate that keeps the subject's baseline.
"""
from __future__ import annotations

import numpy as np

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class IL6Muscle(Module):
    name = "il6_muscle"
    organ = "muscle"
    per_muscle = True
    description = "IL-6 transcription drive of each muscle group: active mass x intensity, amplified by contraction history."
    states = (
        State("il6_history", "h", 0.0, "contraction history driving IL-6 transcription", decay="k_history",
              dims=("muscle",), observable=False, scale=1.0),
    )
    inputs = (
        Input("activation", "1", ("muscle",)),
        Input("muscle_mass", "kg", ("muscle",)),
        Input("working_share", "1"),
    )
    outputs = (Var("il6_release_drive", "ng/h", "IL-6 release the muscle is driven towards", ("muscle",), observable=False),)
    params = (
        Param("k_history", 0.05, "1/h", "keller2001, assumption", (0.02, 0.5), "assumption", note="forgetting rate of the contraction history; 0.05/h (t1/2 about 14 h) as for muscle glycogen resynthesis over about a day, the mechanism behind the duration effect (keller2001); with free fitting the calibration drives it to its lower bound"),
        Param("history_gain", 2.25, "1/h", "keller2001, fischer2006, ostrowski1998, ostrowski1999, gray2009", (0.1, 3.0), "D",
              note="exponential amplification of release per hour of contraction history: the 'exponential rise with duration' (fischer2006), glycogen-linked (keller2001); fitted by validation/calibrate.py to the calibration studies (ostrowski1998, ostrowski1999, gray2009, nehlsencannarella1997)", fitted_to=("gray2009-il6-fold", "gray2009-il6-recovery", "nehlsencannarella1997-il6-decay", "ostrowski1998-il6-fold", "ostrowski1998-il6-peak-time", "ostrowski1998-il1ra-fold", "ostrowski1998-il1ra-peak-time", "ostrowski1999-il6-marathon", "ostrowski1999-il1ra-marathon", "ostrowski1999-il10-marathon")),
        Param("intensity_exponent", 1.0, "1", "ostrowski2000, fischer2006", (1.0, 4.0), "D",
              note="release grows with activation to this power; intensity matters but less than duration (A05: r = 0.32 for intensity vs -0.30 for running time); fitted by validation/calibrate.py to the calibration studies (ostrowski1998, ostrowski1999, gray2009, nehlsencannarella1997) (at its lower bound: linear)", fitted_to=("gray2009-il6-fold", "gray2009-il6-recovery", "nehlsencannarella1997-il6-decay", "ostrowski1998-il6-fold", "ostrowski1998-il6-peak-time", "ostrowski1998-il1ra-fold", "ostrowski1998-il1ra-peak-time", "ostrowski1999-il6-marathon", "ostrowski1999-il1ra-marathon", "ostrowski1999-il10-marathon")),
        Param("release_per_kg", 7.9, "ng/h/kg", "steensberg2000, ostrowski1998, ostrowski1999, gray2009", (1.0, 1000.0), "D", "lognormal", 0.5,
              note="release per kg of fully activated muscle before duration amplification (fitted by validation/calibrate.py to the calibration studies (ostrowski1998, ostrowski1999, gray2009, nehlsencannarella1997); for scale, 6.8 ng/min/kg = 408 ng/h/kg after 3-5 h of knee extension, A08); between-subject CV reflects the wide responder spread (A22)", fitted_to=("gray2009-il6-fold", "gray2009-il6-recovery", "nehlsencannarella1997-il6-decay", "ostrowski1998-il6-fold", "ostrowski1998-il6-peak-time", "ostrowski1998-il1ra-fold", "ostrowski1998-il1ra-peak-time", "ostrowski1999-il6-marathon", "ostrowski1999-il1ra-marathon", "ostrowski1999-il10-marathon")),
    )
    routes = ()

    @staticmethod
    def rhs(il6_history, activation, muscle_mass, working_share, k_history, history_gain, intensity_exponent, release_per_kg):
        drive = 0.0
        if activation > 0.0:
            drive = release_per_kg * muscle_mass * working_share * activation ** intensity_exponent * np.exp(history_gain * il6_history)
        return activation - k_history * il6_history, drive


class IL6(Module):
    name = "il6"
    organ = "blood"
    description = "Plasma IL-6: release from muscle (with a transcription lag) and clearance; constant production elsewhere keeps the baseline."
    states = (
        State("il6_release", "ng/h", 0.0, "IL-6 release rate from muscle", decay="k_release", observable=False, scale=100.0),
        State("il6", "pg/mL", "baseline", "plasma interleukin-6", decay="k_clear"),
    )
    inputs = (
        Input("il6_release_drive", "ng/h", ("muscle",), reduce="sum"),
        Input("inflammation_late", "kg"),
        Input("body_mass0", "kg"),
        Input("il6_infusion", "ng/kg/h", infusion="il6"),
    )
    outputs = (Var("il6_rest", "pg/mL", "the subject's resting plasma IL-6", observable=False),)
    params = (
        Param("baseline", 1.5, "pg/mL", "marquesvidal2011, mcdade2011, steensberg2001", (0.3, 10.0), "B", "lognormal", 0.8,
              note="resting plasma IL-6, high-sensitivity ELISA; population median 1.47 pg/mL (IQR 0.71-3.53); assay-dependent, so the model is calibrated on fold changes"),
        Param("k_clear", 6.0, "1/h", "steensberg2000, kuribayashi2018", (1.8, 30.0), "D",
              note="plasma clearance; between the rat i.v. terminal t1/2 of 0.38 h (k 1.8/h, A11) and the apparent turnover during exercise of 0.5/min (30/h, A09 derived); the post-exercise fall is set by the release lag, not by this"),
        Param("volume_per_kg", 0.04, "L/kg", "assumption", (0.03, 0.08), "assumption",
              note="distribution volume = plasma volume (about 40 mL/kg body mass, a textbook figure)"),
        Param("k_release", 1.37, "1/h", "nehlsencannarella1997, gray2009, keller2001", (0.3, 6.0), "D",
              note="lag of release behind its drive (mRNA carry-over, keller2001); sets the post-exercise fall: effective t1/2 0.65-0.76 h after a 2.5 h run and back to baseline 1.5 h after 1 h cycling (A10); fitted by validation/calibrate.py to the calibration studies (ostrowski1998, ostrowski1999, gray2009, nehlsencannarella1997)", fitted_to=("gray2009-il6-fold", "gray2009-il6-recovery", "nehlsencannarella1997-il6-decay", "ostrowski1998-il6-fold", "ostrowski1998-il6-peak-time", "ostrowski1998-il1ra-fold", "ostrowski1998-il1ra-peak-time", "ostrowski1999-il6-marathon", "ostrowski1999-il1ra-marathon", "ostrowski1999-il10-marathon")),
        Param("damage_release", 4.0, "ng/h/kg", "willoughby2003, miles2007, cornish2018, assumption", (0.0, 500.0), "assumption",
              note="release by infiltrating leukocytes per unit of late infiltration signal; gives a small delayed rise after eccentric work (A19; size not reported), kept small because conventional sessions show no IL-6 change to 2-48 h (A17, A18)"),
    )
    routes = ()

    @staticmethod
    def rhs(il6_release, il6, il6_release_drive, inflammation_late, body_mass0, il6_infusion, baseline, k_clear, volume_per_kg, k_release,
            damage_release):
        d_rel = k_release * (il6_release_drive - il6_release)
        d_il6 = ((il6_release + damage_release * inflammation_late) / (volume_per_kg * body_mass0) + il6_infusion / volume_per_kg
                 + k_clear * (baseline - il6))
        return d_rel, d_il6, baseline
