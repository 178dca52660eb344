"""Load conversions: %1RM <-> repetitions to failure, RPE <-> RIR, estimated 1RM.

Every number here is a named constant with its source (BibTeX keys refer to
``myokinetics/evidence/bib/program.bib``).  All functions accept scalars or
array-likes (numpy broadcasting) and return a ``float`` for scalar input and
an ``ndarray`` otherwise.  Out-of-range input raises
:class:`myokinetics.errors.InputError`.

Reps-to-failure curve
---------------------
We use Epley's relation (1RM = w * (1 + r / 30), epley1985) re-anchored so
that one repetition to failure is exactly 100 % 1RM::

    fraction_1rm = 1 / (1 + (reps_to_failure - 1) / EPLEY_DENOMINATOR)
    reps_to_failure = 1 + EPLEY_DENOMINATOR * (1 / fraction_1rm - 1)

(the "modified Epley" form; the unmodified form predicts 0 reps at 100 %).
It gives 10 reps at 76.9 % and 5 reps at 88.2 % 1RM, close to the classic
loading charts.  The meta-regression of Nuzzo et al. (nuzzo2024, 952 tests,
7289 people) found *more* repetitions than these charts at moderate loads and
large between-individual variation (more in the leg press than the bench
press), so the curve is a population-average approximation; its table values
could not be verified in this session and are not used.  Because of that
variation a prescription is only rejected as impossible when it asks for more
than ``1 + REPS_FEASIBILITY_MARGIN`` times the curve's reps (an assumption).

RIR-based RPE
-------------
RPE = 10 - RIR (zourdos2016, helms2016): RPE 10 = no repetition left,
RPE 9 = one left, and so on.  The published scale is anchored by RIR only at
the top (RPE >= ~5); below that the linear extension is our simplification.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from myokinetics.errors import InputError

# --- reps-to-failure curve ------------------------------------------------
#: Epley's denominator: 1RM = w * (1 + r / 30).  Source: epley1985 (primary
#: text unavailable; the formula was verified in secondary sources).
EPLEY_DENOMINATOR = 30.0

#: Assumption: a set is "impossible" only if its reps exceed the curve by more
#: than 25 %.  Motivation: nuzzo2024 report between-individual SDs of several
#: repetitions and more reps than classic charts at moderate loads.
REPS_FEASIBILITY_MARGIN = 0.25

# --- RIR-based RPE ----------------------------------------------------------
#: RPE at zero repetitions in reserve (zourdos2016, helms2016).
RPE_AT_FAILURE = 10.0
#: Lowest RPE on the scale (zourdos2016: 1-2 = "little to no effort").
RPE_MIN = 1.0


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _out(a: np.ndarray):
    return float(a) if a.ndim == 0 else a


def _check(ok: np.ndarray, field: str, value, valid: str, hint: str | None = None) -> None:
    if not np.all(ok):
        bad = np.asarray(value)[~ok] if np.ndim(value) else value
        if np.ndim(bad):
            bad = bad.ravel()[0].item()
        raise InputError(field, bad, valid, hint)


def max_reps(fraction_1rm):
    """Maximum repetitions to failure at ``fraction_1rm`` (0 < f <= 1).

    Continuous (not rounded); decreasing in ``fraction_1rm``; 1 at f = 1.
    """
    f = _arr(fraction_1rm)
    _check((f > 0) & (f <= 1), "fraction_1rm", fraction_1rm, "a fraction of 1RM in (0, 1]")
    return _out(1.0 + EPLEY_DENOMINATOR * (1.0 - f) / f)


def fraction_1rm_for(reps_to_failure):
    """Fraction of 1RM at which ``reps_to_failure`` (>= 1) repetitions are the maximum.

    Inverse of :func:`max_reps`; decreasing in ``reps_to_failure``.
    """
    r = _arr(reps_to_failure)
    _check(np.isfinite(r) & (r >= 1), "reps_to_failure", reps_to_failure, "a number of repetitions >= 1")
    return _out(1.0 / (1.0 + (r - 1.0) / EPLEY_DENOMINATOR))


def max_feasible_reps(fraction_1rm):
    """Upper bound on prescribed reps at ``fraction_1rm`` before a set is rejected."""
    return _out(_arr(max_reps(fraction_1rm)) * (1.0 + REPS_FEASIBILITY_MARGIN))


def rir_from_rpe(rpe):
    """Repetitions in reserve for an RIR-based RPE in [1, 10]: RIR = 10 - RPE."""
    x = _arr(rpe)
    _check((x >= RPE_MIN) & (x <= RPE_AT_FAILURE), "rpe", rpe, "an RPE between 1 and 10")
    return _out(RPE_AT_FAILURE - x)


def rpe_from_rir(rir):
    """RIR-based RPE for ``rir`` in [0, 9]: RPE = 10 - RIR."""
    x = _arr(rir)
    _check((x >= 0) & (x <= RPE_AT_FAILURE - RPE_MIN), "rir", rir,
           "repetitions in reserve between 0 and 9 (RPE 10 to 1)")
    return _out(RPE_AT_FAILURE - x)


# --- estimated 1RM ------------------------------------------------------------
# Each formula maps (weight w, reps r to failure) -> 1RM, as published.
# The formula texts were checked against secondary sources in this session
# (calculator/forum reproductions of LeSuer et al. 1997's list); the primary
# texts (books, 1985-1994) were not available.
ONE_RM_FORMULAS: Mapping[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    # epley1985: 1RM = w (1 + r/30)
    "epley": lambda w, r: w * (1.0 + r / 30.0),
    # brzycki1993: 1RM = w * 36 / (37 - r)
    "brzycki": lambda w, r: w * 36.0 / (37.0 - r),
    # lander1985: 1RM = 100 w / (101.3 - 2.67123 r)
    "lander": lambda w, r: 100.0 * w / (101.3 - 2.67123 * r),
    # lombardi1989: 1RM = w r^0.10
    "lombardi": lambda w, r: w * r ** 0.10,
    # mayhew1992: 1RM = 100 w / (52.2 + 41.9 exp(-0.055 r))
    "mayhew": lambda w, r: 100.0 * w / (52.2 + 41.9 * np.exp(-0.055 * r)),
    # oconner1989: 1RM = w (1 + 0.025 r)
    "oconner": lambda w, r: w * (1.0 + 0.025 * r),
    # wathen1994: 1RM = 100 w / (48.8 + 53.8 exp(-0.075 r))
    "wathen": lambda w, r: 100.0 * w / (48.8 + 53.8 * np.exp(-0.075 * r)),
}

#: Largest reps each formula accepts (the linear-denominator forms diverge:
#: Brzycki at r = 37, Lander at r = 37.9).  All are meant for r <= 10.
ONE_RM_MAX_REPS: Mapping[str, float] = {
    "epley": np.inf, "brzycki": 36.0, "lander": 37.0, "lombardi": np.inf,
    "mayhew": np.inf, "oconner": np.inf, "wathen": np.inf,
}

#: Published accuracy.  "verified" means the statement was checked in this
#: session against an abstract; "unverified" ones are from memory of the paper.
ONE_RM_FORMULA_ACCURACY: Mapping[str, str] = {
    "all": ("Accuracy falls as reps rise; use sets of <= 10 reps to failure "
            "(lesuer1997; reynolds2006: 'no more than 10 repetitions' for linear "
            "equations, verified).  Expect errors of a few kg (~5-10 % of 1RM)."),
    "epley": ("lesuer1997 (unverified): close for bench press, underestimates squat "
              "and deadlift.  Equals Brzycki at 10 reps, higher below (verified)."),
    "brzycki": ("lesuer1997 (unverified): close for bench press, underestimates "
                "squat and deadlift.  ribeiro2024 (verified): among the equations "
                "closest to measured bench/squat 1RM in women."),
    "lander": ("lesuer1997 (unverified): similar to Brzycki.  ribeiro2024 (verified): "
               "among the closest for bench press and squat in women."),
    "lombardi": ("ribeiro2024 (verified): most accurate for men's bench press and squat; "
                 "roberts2024 (verified): lowest total error (3.9 kg) for leg extension."),
    "mayhew": ("lesuer1997 (unverified): among the most accurate for bench press; "
               "mayhew2008 (verified abstract) evaluated it in women's bench press."),
    "oconner": "lesuer1997 (unverified): underestimates, most for squat and deadlift.",
    "wathen": ("lesuer1997 (unverified): among the most accurate for bench press and "
               "squat; all equations underestimated deadlift 1RM."),
}


def estimate_1rm(weight_kg, reps, formula: str = "epley"):
    """Estimated 1RM (kg) from a set of ``reps`` to failure with ``weight_kg``.

    ``formula`` is one of :data:`ONE_RM_FORMULAS`.  The formulas are applied
    as published (Epley gives 1.033 w at r = 1, not w).
    """
    key = str(formula).strip().lower().replace("'", "").replace("’", "")
    if key not in ONE_RM_FORMULAS:
        from myokinetics.errors import UnknownNameError
        raise UnknownNameError("formula", formula, ONE_RM_FORMULAS, "one of " + ", ".join(ONE_RM_FORMULAS))
    w, r = _arr(weight_kg), _arr(reps)
    _check(np.isfinite(w) & (w > 0), "weight_kg", weight_kg, "a weight in kg > 0")
    hi = ONE_RM_MAX_REPS[key]
    _check(np.isfinite(r) & (r >= 1) & (r <= hi), "reps", reps,
           f"a number of repetitions between 1 and {hi:g}" if np.isfinite(hi) else "a number of repetitions >= 1")
    return _out(np.asarray(ONE_RM_FORMULAS[key](w, r), dtype=float))
