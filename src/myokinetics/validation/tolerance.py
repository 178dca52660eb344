"""The written tolerance rule: a study's interval comes from its source's spread, not from judgement.

Every study declares ``tolerance_rule``, one of (docs/MODULE_GUIDE.md, "The tolerance rule"):

``{ci: [lo, hi]}``            the published 95 % confidence interval, as printed
``{sd: s, n: k}``             observed +/- 1.96 s / sqrt(k)           (SD of the individuals and n)
``{se: s}``                   observed +/- 1.96 s                     (a standard error, SEM)
``{proportion_n: k}``         observed +/- 1.96 sqrt(p (1 - p) / k)  (a fraction of k people)
``{sd_of_n: k}``              chi-square 95 % interval of an SD from k people
``{default: change}``         no spread given, a mean change, difference, rise, area or SMD: +/- 25 % of the value
``{default: fold}``           no spread given, a fold or ratio (or a fraction of baseline): +/- 50 % of the excess over 1
``{default: time}``           no spread given, the time of a peak: +/- 25 % of the time
``{sampling_interval: h}``    the time of a peak sampled every h hours: +/- h
``{no_change: fold}``         a non-significant change, no CI: a fold or ratio within 1 +/- 0.10
``{no_change: smd}``          a non-significant change, no CI: an SMD (or a difference in SD units) within +/- 0.2
``{wider: KEY, ...}``         wider than the rule: the interval spans a conflicting source ``KEY`` (a reference key,
                              named in ``tolerance_note``); the rest of the mapping is the rule the study would otherwise
                              follow, and the tolerance must contain that rule's interval

A ``no_change`` rule marks the study as a study of no change (the null check runs the other way round).
Rules are checked by ``check(study)``; tests/test_tolerance_rule.py runs it over every study.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

#: relative half-widths of the defaults (stated in docs/MODULE_GUIDE.md)
DEFAULT_CHANGE = 0.25      # of the value
DEFAULT_FOLD = 0.50        # of the excess over 1
DEFAULT_TIME = 0.25        # of the time
NO_CHANGE_FOLD = 0.10      # fold within 1 +/- 0.10
NO_CHANGE_SMD = 0.20       # Cohen's "small" effect
Z95 = 1.959964

RULES = ("ci", "sd", "se", "proportion_n", "sd_of_n", "default", "sampling_interval", "no_change", "wider")


def _sd_interval(s: float, n: int) -> tuple[float, float]:
    from scipy.stats import chi2

    df = n - 1
    return (s * math.sqrt(df / chi2.ppf(0.975, df)), s * math.sqrt(df / chi2.ppf(0.025, df)))


def rule_interval(rule: Mapping[str, Any], observed: float) -> tuple[float, float]:
    """The interval a rule gives for an observed value (raises ValueError for a malformed rule)."""
    if not isinstance(rule, Mapping) or not rule:
        raise ValueError(f"tolerance_rule must be a mapping with one of {', '.join(RULES)}")
    o = float(observed)
    if "wider" in rule:
        inner = {k: v for k, v in rule.items() if k != "wider"}
        return rule_interval(inner, o)
    if "ci" in rule:
        lo, hi = (float(v) for v in rule["ci"])
        return lo, hi
    if "sd" in rule:
        h = Z95 * float(rule["sd"]) / math.sqrt(float(rule["n"]))
        return o - h, o + h
    if "se" in rule:
        h = Z95 * float(rule["se"])
        return o - h, o + h
    if "proportion_n" in rule:
        h = Z95 * math.sqrt(max(o * (1 - o), 0.0) / float(rule["proportion_n"]))
        return max(0.0, o - h), min(1.0, o + h)
    if "sd_of_n" in rule:
        return _sd_interval(o, int(rule["sd_of_n"]))
    if "sampling_interval" in rule:
        h = float(rule["sampling_interval"])
        return o - h, o + h
    if "default" in rule:
        kind = rule["default"]
        if kind == "change":
            h = DEFAULT_CHANGE * abs(o)
        elif kind == "fold":
            h = DEFAULT_FOLD * abs(o - 1.0)
        elif kind == "time":
            h = DEFAULT_TIME * abs(o)
        else:
            raise ValueError(f"tolerance_rule.default {kind!r}: use change, fold or time")
        return o - h, o + h
    if "no_change" in rule:
        kind = rule["no_change"]
        if kind == "fold":
            return 1.0 - NO_CHANGE_FOLD, 1.0 + NO_CHANGE_FOLD
        if kind == "smd":
            return -NO_CHANGE_SMD, NO_CHANGE_SMD
        raise ValueError(f"tolerance_rule.no_change {kind!r}: use fold or smd")
    raise ValueError(f"tolerance_rule {dict(rule)!r}: use one of {', '.join(RULES)}")


def is_no_change(rule: Mapping[str, Any] | None) -> bool:
    return bool(rule) and ("no_change" in rule)


def _close(a: float, b: float, width: float) -> bool:
    """Equal to the rounding a study file uses: 2 % of the interval's width, or 2 % of the value for a point."""
    scale = max(width, 1e-9)
    return abs(a - b) <= max(0.02 * scale, 1e-9) + 0.005 * abs(b) + 1e-3


def check(study, references: set[str] | None = None) -> list[str]:
    """Violations of the rule for one study (empty when it follows the rule)."""
    rule = getattr(study, "tolerance_rule", None)
    where = study.id
    if not rule:
        return [f"{where}: no tolerance_rule"]
    tol = study.tolerance
    if isinstance(tol[0], (list, tuple)):          # a time course: one interval and observed value per point
        rules = rule if isinstance(rule, (list, tuple)) else [rule] * len(tol)
        out = []
        for i, (r, t, o) in enumerate(zip(rules, tol, study.observed)):
            out += _check_one(f"{where}[{i}]", r, tuple(t), float(o), study.tolerance_note, references)
        return out
    return _check_one(where, rule, tuple(tol), float(study.observed), study.tolerance_note, references)


def _check_one(where, rule, tol, observed, note, references) -> list[str]:
    try:
        lo, hi = rule_interval(rule, observed)
    except (ValueError, KeyError, TypeError) as exc:
        return [f"{where}: {exc}"]
    width = hi - lo
    if "wider" in rule:
        key = str(rule["wider"])
        problems = []
        if references is not None and key not in references:
            problems.append(f"{where}: tolerance_rule.wider names {key!r}, not a reference key")
        if key not in note:
            problems.append(f"{where}: tolerance_note must name the conflicting source {key!r}")
        if not (tol[0] <= lo + 1e-9 + 0.02 * max(width, 1e-9) and tol[1] >= hi - 1e-9 - 0.02 * max(width, 1e-9)):
            problems.append(f"{where}: a 'wider' tolerance {list(tol)} must contain the rule's interval [{lo:.4g}, {hi:.4g}]")
        return problems
    if not (_close(tol[0], lo, width) and _close(tol[1], hi, width)):
        return [f"{where}: tolerance {list(tol)} does not follow its rule {dict(rule)} -> [{lo:.4g}, {hi:.4g}]"]
    if not ("no_change" in rule or "ci" in rule) and not (lo <= observed <= hi):
        return [f"{where}: observed {observed} outside its own interval"]
    return []
