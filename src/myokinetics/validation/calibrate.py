"""Fit selected parameters to the calibration studies (least squares in log space).

Run ``python -m myokinetics.validation.calibrate`` to reproduce the fitted
values written into the modules (their notes say "fitted").  Only studies
with ``role: calibration`` are used; the held-out ``validation`` studies then
test the fitted model.  This is a development tool: the model does not fit
itself at run time.
"""
from __future__ import annotations

import argparse
import math

import numpy as np
from scipy.optimize import least_squares

from myokinetics.models import build_model
from myokinetics.validation.study import load_studies, run_study

#: The parameters fitted to the acute cytokine studies, with search bounds (their declared plausible ranges).
FIT = [
    "il6_muscle.release_per_kg",
    "il6_muscle.history_gain",
    "il6_muscle.k_history",
    "il6_muscle.intensity_exponent",
    "il6.k_release",
    "il1ra.gain",
    "il1ra.k_delay",
    "il1ra.half_saturation",
    "il10.gain",
    "il10.half_saturation",
    "muscle_lactate.release_per_kg",
    "stimulus.continuous_glycolytic_scale",
]


def residuals(studies, names, x):
    overrides = dict(zip(names, np.exp(x)))
    cache: dict = {}
    res = []
    for s in studies:
        r = run_study(s, overrides, cache)
        lo, hi = s.tolerance
        v = r.simulated
        if not math.isfinite(v):
            res.append(10.0)
            continue
        if s.statistic.endswith("time"):
            half = max((hi - lo) / 2, 1e-6)
            res.append((v - s.observed) / half)
        else:
            v = max(v, 1e-9)
            half = max((math.log(hi) - math.log(max(lo, 1e-9))) / 2, 1e-3)
            target = s.observed
            res.append((math.log(v) - math.log(target)) / half)
    return np.array(res)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--params", nargs="*", default=FIT)
    args = ap.parse_args(argv)
    model = build_model()
    studies = [s for s in load_studies() if s.role == "calibration"]
    x0, lo, hi = [], [], []
    for n in args.params:
        p = model.param_defs[n]
        x0.append(math.log(p.value))
        lo.append(math.log(p.range[0]))
        hi.append(math.log(p.range[1]))
    fit = least_squares(lambda x: residuals(studies, args.params, x), np.array(x0), bounds=(lo, hi), diff_step=1e-3,
                        x_scale=1.0, max_nfev=400)
    for n, v in zip(args.params, np.exp(fit.x)):
        print(f"{n:35s} {v:.4g}")
    for s, r in zip(studies, residuals(studies, args.params, fit.x)):
        print(f"  {s.id:35s} residual {r:+.2f}")
    print("cost", fit.cost)


if __name__ == "__main__":
    main()
