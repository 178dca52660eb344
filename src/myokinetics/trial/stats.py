"""Statistics of a parallel-group trial, as papers report them (pure functions of arrays).

* :func:`mean`, :func:`sd` (sample SD, n − 1 denominator) and :func:`describe`;
* :func:`mean_difference`: difference of two arm means with the Welch
  (unequal-variance) t interval (Welch 1947, Biometrika 34:28–35);
* :func:`hedges_g`: standardised mean difference with the small-sample
  correction J and its large-sample interval (Hedges & Olkin 1985,
  *Statistical Methods for Meta-Analysis*, ch. 5; Borenstein, Hedges, Higgins
  & Rothstein 2009, *Introduction to Meta-Analysis*, eqs. 4.18–4.24);
* :func:`percent_change` of each subject;
* :func:`responder_threshold` and :func:`responder_proportion`: the share of
  an arm whose change lies beyond the control arm's variation.

Non-finite values are not removed here: callers pass clean arrays (the trial
runner excludes subjects whose simulation failed).  Results that cannot be
computed (fewer than two values, zero spread) are ``nan``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats as _st

__all__ = ["mean", "sd", "describe", "Estimate", "mean_difference", "hedges_g", "percent_change",
           "responder_threshold", "responder_proportion", "z_quantile"]


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=float).ravel()


def z_quantile(level: float = 0.95) -> float:
    """Two-sided standard-normal quantile (1.959964 for 95 %)."""
    _check_level(level)
    return float(_st.norm.ppf(0.5 + level / 2))


def _check_level(level: float):
    if not (0 < level < 1):
        raise ValueError(f"confidence level must be in (0, 1), got {level!r}")


def mean(x) -> float:
    """Arithmetic mean (nan for no values)."""
    a = _arr(x)
    return float(a.mean()) if a.size else float("nan")


def sd(x) -> float:
    """Sample standard deviation, sqrt(Σ(x − x̄)² / (n − 1)); nan for n < 2."""
    a = _arr(x)
    return float(a.std(ddof=1)) if a.size >= 2 else float("nan")


def describe(x) -> dict:
    """{n, mean, sd} of the values."""
    a = _arr(x)
    return {"n": int(a.size), "mean": mean(a), "sd": sd(a)}


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval (``low``, ``high``) and standard error."""

    estimate: float
    low: float
    high: float
    se: float
    df: float = float("nan")     # degrees of freedom (Welch) where a t quantile was used
    level: float = 0.95

    def as_dict(self) -> dict:
        return asdict(self)


_NAN = float("nan")


def mean_difference(a, b, level: float = 0.95) -> Estimate:
    """Mean of ``a`` minus mean of ``b`` with the Welch t interval.

    SE = sqrt(s_a²/n_a + s_b²/n_b); the Welch–Satterthwaite degrees of freedom
    df = SE⁴ / [(s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1)];
    interval = difference ± t(1 − α/2, df)·SE (Welch 1947).  With both
    variances zero the interval collapses to the difference.
    """
    _check_level(level)
    a, b = _arr(a), _arr(b)
    na, nb = a.size, b.size
    if na < 2 or nb < 2:
        return Estimate(mean(a) - mean(b) if na and nb else _NAN, _NAN, _NAN, _NAN, _NAN, level)
    diff = float(a.mean() - b.mean())
    va, vb = a.var(ddof=1) / na, b.var(ddof=1) / nb
    se2 = va + vb
    if se2 == 0:
        return Estimate(diff, diff, diff, 0.0, float(na + nb - 2), level)
    se = float(np.sqrt(se2))
    df = float(se2 ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1)))
    t = float(_st.t.ppf(0.5 + level / 2, df))
    return Estimate(diff, diff - t * se, diff + t * se, se, df, level)


def hedges_g(a, b, level: float = 0.95) -> Estimate:
    """Hedges' g of ``a`` versus ``b`` with its large-sample interval.

    Following Borenstein et al. (2009, eqs. 4.18–4.24; Hedges & Olkin 1985):
    pooled SD s_p = sqrt([(n_a − 1)s_a² + (n_b − 1)s_b²] / (n_a + n_b − 2)),
    Cohen's d = (x̄_a − x̄_b)/s_p, V_d = (n_a + n_b)/(n_a n_b) + d²/(2(n_a + n_b)),
    correction J = 1 − 3/(4·df − 1) with df = n_a + n_b − 2,
    g = J·d, V_g = J²·V_d, interval = g ± z(1 − α/2)·sqrt(V_g).
    ``df`` of the result holds J's degrees of freedom.  nan when s_p = 0.
    """
    _check_level(level)
    a, b = _arr(a), _arr(b)
    na, nb = a.size, b.size
    if na < 2 or nb < 2:
        return Estimate(_NAN, _NAN, _NAN, _NAN, _NAN, level)
    df = na + nb - 2
    sp = float(np.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / df))
    if not sp > 0:
        return Estimate(_NAN, _NAN, _NAN, _NAN, float(df), level)
    d = float(a.mean() - b.mean()) / sp
    vd = (na + nb) / (na * nb) + d * d / (2 * (na + nb))
    j = 1.0 - 3.0 / (4.0 * df - 1.0)
    g = j * d
    se = float(j * np.sqrt(vd))
    z = z_quantile(level)
    return Estimate(g, g - z * se, g + z * se, se, float(df), level)


def percent_change(baseline, end) -> np.ndarray:
    """100·(end − baseline)/|baseline| per subject; nan where the baseline is 0."""
    b, e = _arr(baseline), _arr(end)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 100.0 * (e - b) / np.abs(b)
    out[b == 0] = np.nan
    return out


def responder_threshold(control_change, k: float = 1.0, direction: str = "increase") -> float:
    """Mean change of the control arm plus (``increase``) or minus (``decrease``) k of its SDs.

    k = 1: "more than 1 SD of the control arm's change"; k = z_quantile(0.95)
    (1.96): "above the control arm's upper 95 % limit" (the normal 95 %
    reference range of a change without training).
    """
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be 'increase' or 'decrease', got {direction!r}")
    m, s = mean(control_change), sd(control_change)
    return m + k * s if direction == "increase" else m - k * s


def responder_proportion(change, threshold: float, direction: str = "increase") -> float:
    """Share of ``change`` strictly beyond ``threshold`` (above for ``increase``, below for ``decrease``)."""
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be 'increase' or 'decrease', got {direction!r}")
    c = _arr(change)
    if not c.size or not np.isfinite(threshold):
        return _NAN
    return float(np.mean(c > threshold) if direction == "increase" else np.mean(c < threshold))
