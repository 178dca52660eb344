"""Fit the Banister fitness-fatigue model to a simulated performance series.

myokinetics does not contain a fitness-fatigue model: readiness emerges from
the physiology (slow gains of size, neural drive and skill; fast fatigue and
damage that recover over hours to days).  This module fits the classical
two-component impulse-response model (Banister 1975 family, C100)

    p(t) = p0 + k1 sum_s w(s) exp(-(t - s)/tau1) - k2 sum_s w(s) exp(-(t - s)/tau2)

to the simulated day-by-day performance (``one_rm_today`` of an exercise, the
1RM the lifter could show that day) with the daily training impulse ``w``
(hard sets of the exercise's muscles), so that the model can be compared with
published fits (C99: tau_fitness 4-51 d, tau_fatigue 4-74 d in the literature,
defaults 42 and 7 d; C102: about 60 and 13 d for a hammer thrower).  The
evidence for strength-specific constants is weak: individual fits of a few
athletes (C101, C102) and one rat study (C103); general constants are
discouraged (C99).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares


@dataclass(frozen=True)
class BanisterFit:
    p0: float
    k1: float
    tau1: float      # days (fitness)
    k2: float
    tau2: float      # days (fatigue)
    r2: float

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _response(w: np.ndarray, tau: float) -> np.ndarray:
    """sum over days s < t of w(s) exp(-(t - s)/tau): a first-order filter of the daily impulses."""
    out = np.zeros_like(w)
    acc = 0.0
    a = np.exp(-1.0 / tau)
    for i in range(w.size):
        out[i] = acc
        acc = acc * a + w[i]
    return out * a


def fit(performance: np.ndarray, impulse: np.ndarray) -> BanisterFit:
    """Least-squares fit of the two-component model to daily ``performance`` with daily ``impulse``."""
    p = np.asarray(performance, float)
    w = np.asarray(impulse, float)

    def model(x):
        p0, k1, t1, k2, t2 = x
        return p0 + k1 * _response(w, t1) - k2 * _response(w, t2)

    best = None
    for t1, t2 in ((42.0, 7.0), (20.0, 3.0), (60.0, 13.0)):
        x0 = [p[0], 0.01 * p[0], t1, 0.02 * p[0], t2]
        r = least_squares(lambda x: model(x) - p, x0, bounds=([0, 0, 1.0, 0, 0.2], [np.inf, np.inf, 400.0, np.inf, 60.0]))
        if best is None or r.cost < best.cost:
            best = r
    p0, k1, t1, k2, t2 = best.x
    resid = model(best.x) - p
    r2 = 1.0 - float(np.sum(resid ** 2) / np.sum((p - p.mean()) ** 2))
    return BanisterFit(float(p0), float(k1), float(t1), float(k2), float(t2), r2)


def fit_simulation(ds, exercise: str, subject: int = 0) -> BanisterFit:
    """Fit to a simulated result with daily outputs (``output: {every: 1 day}``): performance is
    ``one_rm_today`` of ``exercise`` just before each day's session, impulse the hard sets per day of
    the exercise's muscles (involvement-weighted)."""
    from myokinetics.program.library import get_library

    lib = get_library()
    ex = lib.get(exercise)
    perf = ds["one_rm_today"].sel(exercise=ex.id).isel(subject=subject).values
    t = ds["time"].values
    days = np.floor(t / 24.0).astype(int)
    w = np.zeros(days.size)
    if "set_hard_sets" in ds:
        hs = ds["set_hard_sets"].sel(muscle=list(ex.muscles)).values @ np.array(list(ex.muscles.values()))
        d = np.floor(ds["set_start"].values / 24.0).astype(int)
        for k, dd in enumerate(d):
            if dd < w.size:
                w[dd] += hs[k]
    return fit(perf, w)
