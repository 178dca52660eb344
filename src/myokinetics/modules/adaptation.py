"""Dose integration for chronic adaptations: a training-dose memory and an adaptation with its own rise and decay.

Every slow adaptation of the model that is not a tissue mass (blood pressure, lipids, resting inflammation,
neuroplasticity) is written with the same two states, so that one session moves it by a small fraction and
detraining brings it back over the time measured after training stops:

* the **dose** ``D`` (reference sessions per week, dimensionless): the exponentially weighted recent training
  dose, ``dD/dt = rate / dose_ref - k_dose D``.  ``rate`` is the drive the adaptation responds to (for example
  the working muscle mass, kg) and ``dose_ref`` its time integral over one reference session, so that one
  reference session adds 1 to ``D``; with ``k_dose`` = 1/week, ``D`` is the number of reference sessions of the
  last week or so (the "acute training load" of a 7-day window, an assumption of each module);
* the **adaptation** ``x`` (0 to 1): it approaches the level the current dose can sustain,
  ``x*(D) = D / (D + d50)`` (an Emax dose-response with half effect at ``d50`` sessions a week), with rate
  ``k_rise`` while below it and ``k_decay`` while above it.  Both constants come from studies that measured the
  adaptation at several time points or after training stopped (each module's parameter notes).

Why two states: with a single state driven by the rate itself, a long session fills the adaptation within
hours (the previous models reached half of their 12-week effect after one session).  Here one session raises
``D`` by about 1 for a week, and ``x`` follows at ``k_rise``: a single session of a program of ``f`` sessions a
week moves ``x`` by about ``1 / (f x tau_rise [weeks])`` of its plateau, less than a tenth for 3 sessions a
week and a rise time of 4-6 weeks.  The Emax curve makes doubling the dose never more than double the
adaptation (``x*(2D) / x*(D) = 2 (D + d50) / (2D + d50) <= 2``).  The person's ceiling (e.g. a larger fall of a
raised blood pressure) multiplies ``x`` in each module's outputs.

Modules report the adaptation relative to a reference dose (``x / x*(D_ref)``, the plateau of the reference
program) so that their effect parameters keep a plain meaning: the effect of that program at steady state.
"""
from __future__ import annotations

try:
    from numba import njit as _njit
except ImportError:  # pure-Python fallback, as in the generated kernel
    def _njit(*a, **k):
        return a[0] if a and callable(a[0]) else (lambda f: f)


@_njit(inline="always", cache=False)
def approach(target, x, k_rise, k_decay):
    """dx/dt of an adaptation ``x`` moving towards ``target``: at ``k_rise`` while below it, ``k_decay`` while above."""
    k = k_rise if target > x else k_decay
    return k * (target - x)


@_njit(inline="always", cache=False)
def dose_adaptation(dose, x, rate, dose_ref, k_dose, d50, k_rise, k_decay):
    """(dD/dt, dx/dt) of a dose memory ``dose`` and an adaptation ``x`` (0..1) driven by ``rate``."""
    d_dose = rate / dose_ref - k_dose * dose
    target = dose / (dose + d50) if dose > 0.0 else 0.0
    return d_dose, approach(target, x, k_rise, k_decay)


@_njit(inline="always", cache=False)
def relative_to_reference(x, d_ref, d50):
    """The adaptation ``x`` relative to the plateau of the reference dose ``d_ref`` (sessions a week)."""
    return x * (d_ref + d50) / d_ref
