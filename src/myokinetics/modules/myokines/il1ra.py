"""IL-1 receptor antagonist: induced by IL-6 (via monocytes) with a delay of about 1-2 h."""
from __future__ import annotations

import numpy as np

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, Signalling, State


class IL1ra(Module):
    name = "il1ra"
    organ = "immune"
    description = "Plasma IL-1ra produced by blood monocytes in response to IL-6, after a delay."
    states = (
        State("il1ra_induction", "1", 0.0, "monocyte induction by IL-6 (delay compartment)", decay="k_delay", observable=False, scale=1.0),
        State("il1ra", "pg/mL", "baseline", "plasma IL-1 receptor antagonist", decay="k_clear"),
    )
    inputs = (
        Input("il6", "pg/mL", route=Signalling(
            "il6_rest", "immune", "endocrine", "induces IL-1ra production by blood monocytes (saturating in the IL-6 fold excess)",
            "steensberg2003, ostrowski1998, ostrowski1999",
            perturbation="rhIL-6 infusion to about 140 pg/mL for 3 h raises plasma IL-1ra versus saline (steensberg2003); "
                         "exercise time courses calibrate the potency (ostrowski1998, ostrowski1999)")),
        Input("il6_rest", "pg/mL"),
    )
    params = (
        Param("baseline", 400.0, "pg/mL", "jir2022il1ra", (100, 3000), "B", "lognormal", 0.7,
              note="normal-weight adults 440 +/- 316 pg/mL; about double in obesity"),
        Param("k_clear", 0.6, "1/h", "yang2001pop, anakinrabw2019", (0.35, 0.8), "C", note="one-compartment elimination of anakinra, t1/2 about 1.1 h (derived from population PK)"),
        Param("k_delay", 1.41, "1/h", "ostrowski1998, ostrowski1999, ronsen2002", (0.3, 3.0), "D", note="delay before IL-1ra follows IL-6: peak 1-2 h after the IL-6 peak; fitted by validation/calibrate.py to the calibration studies (ostrowski1998, ostrowski1999, gray2009, nehlsencannarella1997)", fitted_to=("ostrowski1998-il1ra-fold", "ostrowski1998-il1ra-peak-time", "ostrowski1999-il1ra-marathon")),
        Param("gain", 1.93, "1", "ostrowski1998, ostrowski1999", (0.05, 10.0), "D", note="fold rise of IL-1ra production per fold excess of IL-6, saturating; fitted by validation/calibrate.py to the calibration studies (ostrowski1998, ostrowski1999, gray2009, nehlsencannarella1997)", fitted_to=("ostrowski1998-il1ra-fold", "ostrowski1998-il1ra-peak-time", "ostrowski1999-il1ra-marathon")),
        Param("half_saturation", 46.0, "1", "ostrowski1999, ostrowski1998", (5, 500), "D", note="IL-6 fold excess giving half-maximal induction; IL-1ra/IL-6 fold ratio 0.72 after 2.5 h running vs 0.30 after a marathon; fitted by validation/calibrate.py to the calibration studies (ostrowski1998, ostrowski1999, gray2009, nehlsencannarella1997)", fitted_to=("ostrowski1998-il1ra-fold", "ostrowski1998-il1ra-peak-time", "ostrowski1999-il1ra-marathon")),
    )

    @staticmethod
    def rhs(il1ra_induction, il1ra, il6, il6_rest, baseline, k_clear, k_delay, gain, half_saturation):
        x = np.maximum(il6 / il6_rest - 1.0, 0.0)
        d_ind = k_delay * (x / (1.0 + x / half_saturation) - il1ra_induction)
        d_ra = k_clear * (baseline * (1.0 + gain * il1ra_induction) - il1ra)
        return d_ind, d_ra
