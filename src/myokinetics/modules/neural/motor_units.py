"""Motor-unit pool (Fuglevand, Winter & Patla 1993): recruitment and rate coding within a set.

A pool of 120 motor units with exponentially distributed recruitment
thresholds (size principle) and twitch forces, rate coding from a minimum to
a peak discharge rate, and a sigmoid force-frequency relation.  From it we
tabulate, for a required fraction of the currently available maximal force,
(i) the fraction of units recruited and (ii) the fraction of the pool's fibre
mass working near its own maximal force ("high tension").

Within a set the available maximal force falls linearly with repetitions
from 1 (fresh) to the load itself at the repetition where the set would fail;
the required relative drive therefore rises rep by rep, so recruitment rises
within a set and approaches the whole pool at failure whatever the load
(Morton et al. 2019; Sundstrup et al. 2012).  The tension stimulus of a set
is the number of "effective repetitions": the sum over repetitions of the
high-tension fibre fraction.
"""
from __future__ import annotations

import functools

import numpy as np

from myokinetics.model.module import SignalModule
from myokinetics.model.param import Input, Param, Var

F93 = "fuglevand1993"


@functools.lru_cache(maxsize=8)
def pool_table(n_units: int, rr: float, rp: float, mfr: float, pfr1: float, pfrd: float, gain: float,
               t_long: float, t_range: float, tension_threshold: float):
    """Tabulate recruitment and high-tension fraction against relative force (0..1)."""
    i = np.arange(1, n_units + 1)
    rte = np.exp(np.log(rr) * i / n_units)                 # recruitment threshold excitation
    p = np.exp(np.log(rp) * i / n_units)                   # twitch (peak) force
    ct = t_long * (1.0 / p) ** (np.log(t_range) / np.log(rp))  # contraction time, ms
    pfr = pfr1 - pfrd * (rte - rte[0]) / (rte[-1] - rte[0])     # peak rate: first 35 Hz, last 25 Hz
    e_max = rte[-1] + (pfr[-1] - mfr) / gain

    def unit_force(e):
        rate = np.where(e[:, None] >= rte[None, :], np.minimum(mfr + gain * (e[:, None] - rte[None, :]), pfr[None, :]), 0.0)
        x = ct[None, :] * rate / 1000.0                     # normalised stimulus rate
        xm = ct * pfr / 1000.0
        sat = (1.0 - np.exp(-2.0 * x ** 3)) / (1.0 - np.exp(-2.0 * xm ** 3))[None, :]
        return p[None, :] * sat                             # force of each unit relative to its tetanic force x p

    e = np.linspace(0.0, e_max, 4001)
    uf = unit_force(e)
    total = uf.sum(axis=1) / p.sum()
    recruited = (e[:, None] >= rte[None, :]).mean(axis=1)
    high = ((uf / p[None, :]) >= tension_threshold) @ p / p.sum()
    # invert total force (monotone) onto a regular force grid
    force = np.linspace(0.0, 1.0, 1001)
    e_of_f = np.interp(force, total, e)
    return force, np.interp(e_of_f, e, recruited), np.interp(e_of_f, e, high), float(rte[-1] / e_max)


class MotorUnitPool(SignalModule):
    name = "motor_units"
    organ = "nervous_system"
    description = "Fuglevand 1993 motor-unit pool: recruitment (size principle) and rate coding across the repetitions of a set."
    inputs = (
        Input("load_fraction", "1"),
        Input("reps", "1"),
        Input("reps_to_failure", "1"),
    )
    outputs = (
        Var("recruitment_first_rep", "1", "fraction of the motor-unit pool recruited in the first repetition"),
        Var("recruitment_last_rep", "1", "fraction of the motor-unit pool recruited in the last repetition"),
        Var("effective_reps", "1", "repetitions weighted by the fibre fraction under high tension"),
        Var("relative_drive", "1", "mean required force relative to the currently available maximum"),
    )
    params = (
        Param("n_units", 120, "1", "fuglevand1993", (50, 400), "C", note="motor units in the pool (A65)"),
        Param("recruitment_range", 30.0, "1", "fuglevand1993", (10, 100), "C", note="RR: ratio of last to first recruitment threshold (A65)"),
        Param("twitch_force_range", 100.0, "1", "fuglevand1993", (30, 100), "C", note="RP: ratio of largest to smallest twitch force (A65; some reimplementations use 30)"),
        Param("min_rate", 8.0, "Hz", "fuglevand1993", (5, 10), "C", note="minimum discharge rate at recruitment (A65)"),
        Param("peak_rate_first", 35.0, "Hz", "fuglevand1993, bellemare1983", (25, 45), "C", note="peak rate of the first-recruited unit; biceps MVC rates 31 +/- 10 Hz (A68)"),
        Param("peak_rate_drop", 10.0, "Hz", "fuglevand1993", (0, 20), "C", note="last-recruited unit peaks this much lower (onion skin, De Luca 2010)"),
        Param("rate_gain", 1.0, "Hz", "fuglevand1993", (0.5, 2), "C", note="discharge-rate gain per unit of excitation (A65)"),
        Param("contraction_time_longest", 90.0, "ms", "fuglevand1993", (60, 120), "C", note="contraction time of the slowest unit (A65)"),
        Param("contraction_time_range", 3.0, "1", "fuglevand1993", (2, 5), "C", note="range of contraction times across the pool (A65)"),
        Param("tension_threshold", 0.8, "1", "assumption", (0.5, 0.95), "assumption",
              note="a fibre counts as under 'high tension' when its motor unit produces at least this fraction of its tetanic force; sets the shape of the effective-reps curve"),
    )

    @staticmethod
    def compute(load_fraction, reps, reps_to_failure, n_units, recruitment_range, twitch_force_range, min_rate,
                peak_rate_first, peak_rate_drop, rate_gain, contraction_time_longest, contraction_time_range, tension_threshold):
        force, recruited, high, _ = pool_table(int(n_units), recruitment_range, twitch_force_range, min_rate, peak_rate_first,
                                               peak_rate_drop, rate_gain, contraction_time_longest, contraction_time_range, tension_threshold)
        f = np.asarray(load_fraction, dtype=float)
        r = np.asarray(reps, dtype=float)
        rtf = np.maximum(np.asarray(reps_to_failure, dtype=float), r)
        active = r > 0
        kmax = int(np.max(r)) if r.size and np.any(active) else 0
        k = np.arange(1, kmax + 1)[None, :]
        valid = k <= r[:, None]
        # available maximal force falls linearly from 1 to f at failure (rep rtf)
        cap = 1.0 - (1.0 - f[:, None]) * k / np.where(rtf[:, None] > 0, rtf[:, None], 1.0)
        drive = np.clip(f[:, None] / np.maximum(cap, 1e-9), 0.0, 1.0)
        hi = np.interp(drive, force, high)
        rec = np.interp(drive, force, recruited)
        eff = np.where(valid, hi, 0.0).sum(axis=1)
        nrep = np.maximum(r, 1.0)
        mean_drive = np.where(valid, drive, 0.0).sum(axis=1) / nrep
        first = rec[:, 0] if kmax else np.zeros_like(f)
        last_idx = np.clip(r.astype(int) - 1, 0, max(kmax - 1, 0))
        last = rec[np.arange(f.size), last_idx] if kmax else np.zeros_like(f)
        z = np.zeros_like(f)
        return {
            "recruitment_first_rep": np.where(active, first, z),
            "recruitment_last_rep": np.where(active, last, z),
            "effective_reps": np.where(active, eff, z),
            "relative_drive": np.where(active, mean_drive, z),
        }
