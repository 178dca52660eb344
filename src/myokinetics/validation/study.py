"""Study: one published figure, the protocol and cohort that reproduce it, and a tolerance.

Studies are data files (``validation/studies/*.yaml``).  Each names its
source (a key into references.bib), the evidence row it comes from, whether
it was used to calibrate the model ("calibration") or held out
("validation"), the simulated observable and statistic, the observed value
and a tolerance stated beside the source, with the reason for the tolerance.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Mapping, Sequence

import numpy as np
import xarray as xr
import yaml

from myokinetics.errors import InputError, UnknownNameError
from myokinetics.io.scenario import Scenario

ROLES = ("calibration", "validation")


@dataclass(frozen=True)
class Study:
    id: str
    title: str
    source: str
    evidence: str
    role: str
    scenario: Mapping[str, Any]
    observable: str
    statistic: str
    observed: float
    tolerance: tuple[float, float]
    tolerance_note: str
    options: Mapping[str, Any] = field(default_factory=dict)
    notes: str = ""
    trial: Mapping[str, Any] | None = None     # an in-silico trial (instead of ``scenario``)
    set_aside: str = ""                         # why this study is run and reported but not required to pass
    tolerance_rule: Mapping[str, Any] | None = None   # how the tolerance follows from the source (validation/tolerance.py)

    @property
    def no_change(self) -> bool:
        """A study of no change (its null check runs the other way round)."""
        from myokinetics.validation.tolerance import is_no_change
        return is_no_change(self.tolerance_rule)

    def build_trial(self, overrides: Mapping[str, float] | None = None):
        from myokinetics.trial.spec import TrialSpec

        data = dict(self.trial)
        data.setdefault("name", self.id)
        data.setdefault("outcomes", [self.observable])
        if overrides:
            data["parameters"] = {**data.get("parameters", {}), **overrides}
        return TrialSpec.from_dict(data, source=self.id, min_arms=1)

    def build_scenario(self, overrides: Mapping[str, float] | None = None) -> Scenario:
        data = dict(self.scenario)
        data.setdefault("name", self.id)
        if overrides:
            data["parameters"] = {**data.get("parameters", {}), **overrides}
        return Scenario.from_dict(data, source=self.id)


@dataclass
class StudyResult:
    study: Study
    simulated: float
    passed: bool
    series: xr.DataArray | None = None
    marker: tuple[float, float] | None = None
    error: str = ""
    null: "NullCheck | None" = None      # the null check, when run (run_all(null=True))

    @property
    def verdict(self) -> str:
        """PASS, FAIL, or SET ASIDE.  A set-aside study counts as a failure everywhere (``counts_as_pass`` is
        False): it is run and reported with the reason (a missing mechanism or a conflicting source)."""
        if self.study.set_aside:
            return "SET ASIDE"
        return "PASS" if self.passed else "FAIL"

    @property
    def counts_as_pass(self) -> bool:
        return self.verdict == "PASS"


# ------------------------------------------------------------------ null check
#: scenario keys that carry training (removed for the null run)
_TRAINING_KEYS = ("program", "session", "sessions")


def null_study(study: Study) -> Study | None:
    """The same study with every program and session removed (a no-training run of the same cohort, the same
    duration and the same measurements); None when the study has no training to remove."""
    import dataclasses

    if study.trial is not None:
        arms = {}
        changed = False
        for name, arm in (study.trial.get("arms") or {}).items():
            arm = dict(arm or {})
            if any(k in arm for k in _TRAINING_KEYS) and str(arm.get("program", "")).lower() not in ("none", "null"):
                changed = True
            for k in _TRAINING_KEYS:
                arm.pop(k, None)
            arm["program"] = "none"
            arms[name] = arm
        trial = {k: v for k, v in study.trial.items() if k not in _TRAINING_KEYS}
        changed = changed or any(k in study.trial for k in _TRAINING_KEYS)
        if not changed:
            return None
        return dataclasses.replace(study, trial={**trial, "arms": arms}, set_aside="")
    if not any(k in study.scenario for k in _TRAINING_KEYS):
        return None
    return dataclasses.replace(study, scenario={k: v for k, v in study.scenario.items() if k not in _TRAINING_KEYS},
                               set_aside="")


@dataclass
class NullCheck:
    """The study's verdict with its program removed: an effect study must fail, a no-change study must pass."""
    study: Study
    simulated: float
    passed: bool          # the null run is inside the tolerance
    applicable: bool      # False when the study has no training to remove, or its null value is undefined
    reason: str = ""      # why not applicable

    @property
    def discriminates(self) -> bool:
        if not self.applicable:
            return False
        return self.passed if self.study.no_change else not self.passed


def run_null(study: Study, cache: dict | None = None, model=None) -> NullCheck:
    ns = null_study(study)
    if ns is None:
        sc = study.scenario if isinstance(getattr(study, "scenario", None), Mapping) else {}
        why = ("no training to remove (an intervention without exercise)" if sc.get("interventions")
               else "no training to remove (a study of ageing)")
        return NullCheck(study, float("nan"), False, False, why)
    try:
        r = run_study(ns, None, cache, model)
        value, passed = r.simulated, r.passed
    except (ZeroDivisionError, FloatingPointError):
        value, passed = float("nan"), False
    if study.statistic in RATIO_STATISTICS and not np.all(np.isfinite(np.asarray(value, dtype=float))):
        # a ratio of two absent responses is undefined: the null check cannot say anything
        return NullCheck(study, float("nan"), False, False, "a ratio of two absent responses is undefined")
    return NullCheck(study, value, passed, True)


#: statistics that compare two responses (their null value is 0/0)
RATIO_STATISTICS = ("trial_ratio", "excess_fraction_at", "retained_fraction")


# ---------------------------------------------------------------- statistics
def _window(da: xr.DataArray, opts) -> xr.DataArray:
    lo, hi = opts.get("window", (None, None))
    return da.sel(time=slice(lo, hi))


def _baseline(da: xr.DataArray) -> xr.DataArray:
    return da.isel(time=0)


def stat_peak_fold(da, opts):
    return _window(da, opts).max("time") / _baseline(da)


def stat_fold_at(da, opts):
    return da.interp(time=float(opts["at"])) / _baseline(da)


def stat_peak_time(da, opts):
    w = _window(da, opts)
    return w.time[w.argmax("time")].drop_vars("time")


def stat_excess_fraction_at(da, opts):
    """(x(at) - baseline) / (peak - baseline): how much of the peak rise is left at a time."""
    base = _baseline(da)
    peak = _window(da, opts).max("time")
    return (da.interp(time=float(opts["at"])) - base) / (peak - base)


def stat_peak_rise(da, opts):
    return _window(da, opts).max("time") - _baseline(da)


def stat_peak(da, opts):
    return _window(da, opts).max("time")


def stat_value_at(da, opts):
    return da.interp(time=float(opts["at"]))


def stat_auc(da, opts):
    """Area under (x - baseline) over ``window`` (trapezoidal, in units x h); ``relative: true`` divides by baseline (fold x h)."""
    w = _window(da, opts)
    excess = w - _baseline(da)
    if opts.get("relative", False):
        excess = excess / _baseline(da)
    return excess.integrate("time")


def stat_retained_fraction(da, opts):
    """Share of the change from baseline at time ``of`` (h, e.g. the end of training) still present at time ``at``
    (h, e.g. after detraining): (x(at) - x0) / (x(of) - x0).  For detraining studies; a ratio (0/0 without training)."""
    base = _baseline(da)
    return (da.interp(time=float(opts["at"])) - base) / (da.interp(time=float(opts["of"])) - base)


def stat_time_course(da, opts):
    """The value at each time of ``at`` (a list, h): ``as: value`` (default), ``fold`` (/ baseline) or ``change``
    (- baseline).  The study's observed and tolerance are lists, one per time; it passes when every point does."""
    at = opts.get("at")
    if not isinstance(at, (list, tuple)) or not at:
        raise InputError(f"{opts.get('id', 'study')}.options.at", at, "a list of times in hours, e.g. [24, 48, 72]")
    pts = da.interp(time=[float(t) for t in at])
    kind = opts.get("as", "value")
    if kind == "fold":
        pts = pts / _baseline(da)
    elif kind == "change":
        pts = pts - _baseline(da)
    elif kind != "value":
        raise InputError(f"{opts.get('id', 'study')}.options.as", kind, "value, fold or change")
    return pts.rename(time="point").assign_coords(point=np.arange(len(at)))


#: statistics whose value is a list (one per time point) compared point by point with a list of intervals
LIST_STATISTICS = ("time_course",)


def within(value, tolerance) -> bool:
    """A value inside its tolerance: a number in [lo, hi], or (a time course) every point inside its own interval."""
    if tolerance and isinstance(tolerance[0], (list, tuple)):
        vals = list(value) if isinstance(value, (list, tuple, np.ndarray)) else [value]
        return len(vals) == len(tolerance) and all(within(v, t) for v, t in zip(vals, tolerance))
    lo, hi = tolerance
    v = float(value)
    return bool(np.isfinite(v) and lo <= v <= hi)


def parse_tolerance(d: Mapping, where: str):
    """(tolerance, observed) of a study mapping: [lo, hi] and a number, or, for a time course
    (``statistic: time_course``), one [lo, hi] and one observed value per time of ``options.at``."""
    tol, obs = d["tolerance"], d["observed"]
    if d.get("statistic") in LIST_STATISTICS:
        at = (d.get("options") or {}).get("at")
        n = len(at) if isinstance(at, (list, tuple)) else 0
        if n == 0:
            raise InputError(f"{where}.options.at", at, "a list of times in hours, e.g. [24, 48, 72]")
        if not (isinstance(obs, (list, tuple)) and len(obs) == n):
            raise InputError(f"{where}.observed", obs, f"a list of {n} values, one per time of options.at")
        if not (isinstance(tol, (list, tuple)) and len(tol) == n):
            raise InputError(f"{where}.tolerance", tol, f"a list of {n} intervals [low, high], one per time")
        for i, t in enumerate(tol):
            if not (isinstance(t, (list, tuple)) and len(t) == 2 and t[0] <= t[1]):
                raise InputError(f"{where}.tolerance[{i}]", t, "[low, high] with low <= high")
        return tuple((float(t[0]), float(t[1])) for t in tol), tuple(float(o) for o in obs)
    if not (isinstance(tol, (list, tuple)) and len(tol) == 2 and tol[0] <= tol[1]):
        raise InputError(f"{where}.tolerance", tol, "[low, high] with low <= high")
    return (float(tol[0]), float(tol[1])), float(obs)


def _norm_label(x) -> str:
    import re
    return re.sub(r"[^a-z0-9]+", "_", str(x).lower()).strip("_")


def select_coords(study: Study, da: xr.DataArray) -> xr.DataArray:
    """Select one coordinate of every extra dimension of ``da`` (beyond subject and time), named in
    ``options.coords`` ({exercise: Back squat}) or in an option named after the dimension (muscle: biceps).
    Labels match exactly or after normalising case and separators (``Back squat`` = ``back_squat``)."""
    coords = dict(study.options.get("coords") or {})
    for dim in [d for d in da.dims if d not in ("subject", "time")]:
        where = f"{study.id}.options.coords.{dim}" if dim in coords else f"{study.id}.options.{dim}"
        want = coords.get(dim, study.options.get(dim))
        labels = [str(x) for x in da[dim].values] if dim in da.coords else [str(i) for i in range(da.sizes[dim])]
        if want is None:
            raise InputError(where, "(missing)", f"a {dim} of {study.observable} (options.{dim} or options.coords."
                                                 f"{dim}): " + ", ".join(labels))
        hit = [i for i, lab in enumerate(labels) if lab == str(want)] or \
              [i for i, lab in enumerate(labels) if _norm_label(lab) == _norm_label(want)]
        if not hit:
            raise UnknownNameError(where, str(want), labels, f"a {dim} of {study.observable}: " + ", ".join(labels))
        da = da.isel({dim: hit[0]})
    for dim in coords:
        if dim not in da.dims and dim not in da.coords:
            raise InputError(f"{study.id}.options.coords.{dim}", coords[dim],
                             f"a dimension of {study.observable} (it has {', '.join(ds for ds in da.dims) or 'none'})")
    return da


STATISTICS = {
    "time_course": (stat_time_course, "values at several times (options.at), compared point by point"),
    "peak_fold": (stat_peak_fold, "peak / baseline"),
    "fold_at": (stat_fold_at, "value at a time / baseline"),
    "peak_time": (stat_peak_time, "time of the peak (h)"),
    "peak_rise": (stat_peak_rise, "peak minus baseline"),
    "peak": (stat_peak, "peak value"),
    "value_at": (stat_value_at, "value at a time"),
    "excess_fraction_at": (stat_excess_fraction_at, "fraction of the peak rise left at a time"),
    "retained_fraction": (stat_retained_fraction, "share of the change at time 'of' still present at time 'at' (detraining)"),
    "auc": (stat_auc, "area under the curve above baseline over a window (x h; fold x h if relative)"),
}


# --------------------------------------------------------- trial statistics
# Computed from a trial's per-subject table (baseline, end, change, percent_change per arm).
# options: arm (default: the first non-reference arm), measure (percent_change | change | fold (end / baseline); default
# percent_change), measurement_cv / measurement_sd (instrument precision: seeded noise added to each
# measured baseline and end value, as in the real study; the study note gives its source).
def _outcome_label(outcome: str) -> str:
    """The subjects-table label of an outcome as written (``one_rm[Back squat]`` -> ``one_rm.Back squat``)."""
    from myokinetics.trial.spec import parse_outcome
    try:
        return parse_outcome(outcome).label
    except InputError:
        return outcome


def _trial_series(study: Study, res, arm: str | None = None, outcome: str | None = None):
    """(measure, baseline) per subject of (arm, outcome), as pandas Series indexed by subject (noise added)."""
    import pandas as pd

    opts = study.options
    arm = arm or opts.get("arm") or [a for a in res.spec.arm_names if a != res.reference][0]
    outcome = _outcome_label(outcome or study.observable)
    measure = opts.get("measure", "percent_change")
    df = res.subjects
    rows = df[(df["outcome"] == outcome) & (df["arm"] == arm)]
    if rows.empty:
        if arm not in res.spec.arm_names:
            raise InputError(f"{study.id}.options.arm", arm, ", ".join(res.spec.arm_names))
        raise UnknownNameError(f"{study.id}.options.of.outcome", outcome, sorted(set(df["outcome"])),
                               "an outcome of the trial: " + ", ".join(sorted(set(df["outcome"]))))
    base = rows["baseline"].to_numpy(float)
    end = rows["end"].to_numpy(float)
    cv, sd = float(opts.get("measurement_cv", 0.0)), float(opts.get("measurement_sd", 0.0))
    if cv or sd:
        import zlib
        rng = np.random.default_rng([zlib.crc32(f"{study.id}/{arm}/{outcome}".encode())])
        noise = lambda x: x * (1.0 + cv * rng.standard_normal(x.size)) + sd * rng.standard_normal(x.size)
        base, end = noise(base), noise(end)
    if measure == "percent_change":
        v = 100.0 * (end - base) / base
    elif measure == "change":
        v = end - base
    elif measure == "end":
        v = end
    elif measure == "baseline":
        v = base
    elif measure == "fold":
        v = end / base
    else:
        raise InputError(f"{study.id}.options.measure", measure, "percent_change, change, fold, end or baseline")
    idx = rows["subject"].to_numpy()
    return pd.Series(v, index=idx), pd.Series(base, index=idx)


def _trial_values(study: Study, res, arm: str | None = None, outcome: str | None = None):
    v, base = _trial_series(study, res, arm, outcome)
    v = v.to_numpy(float)
    return v[np.isfinite(v)], base.to_numpy(float)


def tstat_mean(study, res):
    return float(np.mean(_trial_values(study, res)[0]))


def tstat_sd(study, res):
    return float(np.std(_trial_values(study, res)[0], ddof=1))


def tstat_difference(study, res):
    from myokinetics.trial import stats
    ref = study.options.get("reference", res.reference)
    return stats.mean_difference(_trial_values(study, res)[0], _trial_values(study, res, ref)[0]).estimate


def tstat_hedges_g(study, res):
    from myokinetics.trial import stats
    ref = study.options.get("reference", res.reference)
    return stats.hedges_g(_trial_values(study, res)[0], _trial_values(study, res, ref)[0]).estimate


def tstat_pre_post_es(study, res):
    """Mean change / baseline SD of the arm (the pre-post effect size of Rhea 2003 and Ralston 2017)."""
    v, base = _trial_values(study, res)
    if study.options.get("measure", "percent_change") == "percent_change":
        raise InputError(f"{study.id}.options.measure", "percent_change", "change (a pre-post ES divides absolute changes)")
    return float(np.mean(v) / np.std(base, ddof=1))


def tstat_high_responders(study, res):
    """Fraction of the arm whose change exceeds the arm's mean by more than 1 SD (ahtiainen2016)."""
    v = _trial_values(study, res)[0]
    return float(np.mean(v > v.mean() + v.std(ddof=1)))


def tstat_low_responders(study, res):
    """Fraction of the arm whose change stays below the control arm's upper 95 % limit of change
    (mean + 1.96 SD of the reference arm; ahtiainen2016's definition of low responders)."""
    v = _trial_values(study, res)[0]
    r = _trial_values(study, res, study.options.get("reference", res.reference))[0]
    return float(np.mean(v < r.mean() + 1.96 * r.std(ddof=1)))


def _two_means(study, res) -> tuple[float, float]:
    """Mean of (arm, observable) and mean of (options.of.arm, options.of.outcome)."""
    of = study.options.get("of", {})
    a = np.mean(_trial_values(study, res)[0])
    b = np.mean(_trial_values(study, res, of.get("arm"), of.get("outcome"))[0])
    return float(a), float(b)


def tstat_ratio(study, res):
    """Mean of (arm, observable) over the mean of (options.of.arm, options.of.outcome)."""
    a, b = _two_means(study, res)
    return a / b


def tstat_difference_between(study, res):
    """Mean of (arm, observable) minus the mean of (options.of.arm, options.of.outcome)."""
    a, b = _two_means(study, res)
    return a - b


def tstat_correlation(study, res):
    """Pearson r between subjects of the arm: (observable) against (options.of.outcome), each in ``measure``
    (e.g. the percent change in muscle size against the percent change in 1RM)."""
    of = study.options.get("of") or {}
    if "outcome" not in of:
        raise InputError(f"{study.id}.options.of.outcome", "(missing)", "the second outcome of the correlation")
    a = _trial_series(study, res)[0]
    b = _trial_series(study, res, of.get("arm"), of["outcome"])[0]
    both = np.isfinite(a) & np.isfinite(b.reindex(a.index))
    x, y = a[both].to_numpy(float), b.reindex(a.index)[both].to_numpy(float)
    if x.size < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def tstat_cv(study, res):
    """Between-subject coefficient of variation, SD / mean (a ratio, not %), of the measure (``measure: baseline``
    for the baseline values)."""
    v = _trial_values(study, res)[0]
    return float(np.std(v, ddof=1) / np.mean(v))


def tstat_fraction_in_band(study, res):
    """Fraction of the arm whose measure lies in ``options.band: [lo, hi]`` (inclusive)."""
    band = study.options.get("band")
    if not (isinstance(band, (list, tuple)) and len(band) == 2 and band[0] <= band[1]):
        raise InputError(f"{study.id}.options.band", band, "[low, high] with low <= high")
    v = _trial_values(study, res)[0]
    return float(np.mean((v >= band[0]) & (v <= band[1])))


def tstat_min(study, res):
    return float(np.min(_trial_values(study, res)[0]))


def tstat_max(study, res):
    return float(np.max(_trial_values(study, res)[0]))


def tstat_range(study, res):
    v = _trial_values(study, res)[0]
    return float(np.max(v) - np.min(v))


TRIAL_STATISTICS = {
    "trial_correlation": (tstat_correlation, "Pearson r between subjects of two outcomes' changes (options.of.outcome)"),
    "trial_cv": (tstat_cv, "coefficient of variation (SD / mean) of the change (or of baseline)"),
    "trial_fraction_in_band": (tstat_fraction_in_band, "fraction of an arm whose change lies in options.band"),
    "trial_min": (tstat_min, "smallest change in an arm"),
    "trial_max": (tstat_max, "largest change in an arm"),
    "trial_range": (tstat_range, "largest minus smallest change in an arm"),
    "trial_mean": (tstat_mean, "mean change of an arm (percent by default)"),
    "trial_sd": (tstat_sd, "between-subject SD of the change in an arm"),
    "trial_difference": (tstat_difference, "mean difference in change, arm minus control"),
    "trial_hedges_g": (tstat_hedges_g, "standardised mean difference in change (Hedges' g), arm vs control"),
    "trial_pre_post_es": (tstat_pre_post_es, "pre-post effect size: mean change / baseline SD"),
    "trial_high_responders": (tstat_high_responders, "fraction of an arm more than 1 SD above its mean change"),
    "trial_low_responders": (tstat_low_responders, "fraction of an arm below the control arm's upper 95% limit"),
    "trial_ratio": (tstat_ratio, "ratio of two mean changes (arms or outcomes)"),
    "trial_difference_between": (tstat_difference_between, "difference of two mean changes (arms or outcomes)"),
}


def evaluate(study: Study, ds: xr.Dataset) -> tuple[float | list[float], xr.DataArray, tuple[float, float] | None]:
    """The study's statistic of ``ds``: a number, or a list (one per time point) for a time course.

    ``options.across`` combines subjects: median (default), mean, min, max, range_ratio (largest / smallest
    subject), or mean_curve (the statistic of the cohort's mean time course)."""
    if study.observable not in ds:
        raise UnknownNameError(f"{study.id}.observable", study.observable, list(ds.data_vars), "a result variable")
    da = select_coords(study, ds[study.observable])
    fn, _ = STATISTICS[study.statistic]
    across = study.options.get("across", "median")
    if across == "mean_curve" and "subject" in da.dims:
        # the statistic of the cohort's mean time course, as a study reports group means (CK, skewed between subjects)
        da = da.mean("subject")
    per_subject = fn(da, {**study.options, "id": study.id})
    if "subject" not in per_subject.dims:
        combined = per_subject
    elif across == "median":
        combined = per_subject.median("subject")
    elif across == "mean":
        combined = per_subject.mean("subject")
    elif across == "min":                  # the lowest subject (a reported range's lower end)
        combined = per_subject.min("subject")
    elif across == "max":                  # the highest subject
        combined = per_subject.max("subject")
    elif across == "range_ratio":          # between-subject spread: largest / smallest subject
        combined = per_subject.max("subject") / per_subject.min("subject")
    else:
        raise InputError(f"{study.id}.options.across", across, "median, mean, min, max, mean_curve or range_ratio")
    if "point" in combined.dims:
        value = [float(x) for x in combined.values]
    else:
        value = float(combined)
    marker = None
    if study.statistic in ("fold_at", "value_at", "excess_fraction_at", "retained_fraction"):
        marker = (float(study.options["at"]), None)
    return value, da, marker


def run_study(study: Study, overrides: Mapping[str, float] | None = None, cache: dict | None = None,
              model=None) -> StudyResult:
    """Simulate the study's protocol (reusing ``cache`` for identical protocols) and compare.

    ``model``: an assembled model to use instead of the default one (e.g. with extra modules)."""
    import json

    from myokinetics.pipeline import simulate

    if study.trial is not None:
        from myokinetics.trial.run import run_trial

        spec = study.build_trial(overrides)
        key = json.dumps([study.trial, study.observable, dict(overrides or {})], sort_keys=True, default=str)
        if cache is not None and key in cache:
            res = cache[key]
        else:
            res = run_trial(spec, model=model, check=False)
            if cache is not None:
                cache[key] = res
        fn, _ = TRIAL_STATISTICS[study.statistic]
        value = fn(study, res)
        ok = bool(within(value, study.tolerance) and sum(res.excluded.values()) == 0)
        return StudyResult(study, value, ok, None, None)
    key = json.dumps([study.scenario, dict(overrides or {})], sort_keys=True, default=str)
    if cache is not None and key in cache:
        ds = cache[key]
    else:
        ds = simulate(study.build_scenario(overrides), model=model)
        if cache is not None:
            cache[key] = ds
    value, series, marker = evaluate(study, ds)
    ok = bool(within(value, study.tolerance) and (ds.status == "ok").all())
    return StudyResult(study, value, ok, series, marker)


# ------------------------------------------------------------------- loading
_KEYS = {"id", "title", "source", "evidence", "role", "scenario", "trial", "observable", "statistic", "observed",
         "tolerance", "tolerance_note", "options", "notes", "set_aside", "tolerance_rule"}


def parse_study(d: Mapping, where: str = "study") -> Study:
    for k in d:
        if k not in _KEYS:
            raise UnknownNameError(f"{where}.{k}", k, sorted(_KEYS), "a study key")
    missing = [k for k in ("id", "title", "source", "evidence", "role", "observable", "statistic", "observed",
                           "tolerance", "tolerance_note") if k not in d]
    if missing:
        raise InputError(f"{where}.{missing[0]}", "(missing)", "a value: this key is required")
    if ("scenario" in d) == ("trial" in d):
        raise InputError(f"{where}.scenario", "(both or neither)", "either a scenario or a trial")
    rule = d.get("tolerance_rule")
    if rule is not None:
        from myokinetics.validation.tolerance import RULES

        rules = rule if isinstance(rule, list) else [rule]
        for r in rules:
            if not isinstance(r, Mapping) or not any(k in RULES for k in r) or any(k not in RULES + ("n",) for k in r):
                raise InputError(f"{where}.tolerance_rule", r, "a mapping of " + ", ".join(RULES) +
                                 " (docs/MODULE_GUIDE.md, 'The tolerance rule')")
    if d["role"] not in ROLES:
        raise InputError(f"{where}.role", d["role"], " or ".join(ROLES))
    stats_ok = TRIAL_STATISTICS if "trial" in d else STATISTICS
    if d["statistic"] not in stats_ok:
        raise UnknownNameError(f"{where}.statistic", d["statistic"], list(stats_ok),
                               "a trial statistic" if "trial" in d else "a statistic")
    tol, observed = parse_tolerance(d, where)
    return Study(id=str(d["id"]), title=d["title"], source=d["source"], evidence=str(d["evidence"]), role=d["role"],
                 scenario=d.get("scenario"), trial=d.get("trial"), observable=d["observable"], statistic=d["statistic"], observed=observed,
                 tolerance=tol, tolerance_note=d["tolerance_note"],
                 options=d.get("options", {}) or {}, notes=d.get("notes", ""), set_aside=str(d.get("set_aside", "") or ""),
                 tolerance_rule=d.get("tolerance_rule"))


@functools.lru_cache(maxsize=1)
def untested_targets() -> tuple[dict, ...]:
    """Evidence targets that no study reproduces, each with the reason (``validation/untested.yaml``)."""
    text = resources.files("myokinetics.validation").joinpath("untested.yaml").read_text()
    return tuple(yaml.safe_load(text))


@functools.lru_cache(maxsize=1)
def load_studies() -> tuple[Study, ...]:
    out = []
    folder = resources.files("myokinetics.validation") / "studies"
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".yaml"):
            data = yaml.safe_load(f.read_text())
            items = data if isinstance(data, list) else [data]
            for i, d in enumerate(items):
                out.append(parse_study(d, f"{f.name}[{i}]"))
    ids = [s.id for s in out]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise InputError("study id", sorted(dup)[0], "unique study ids")
    return tuple(out)


def _protocol_key(study: Study) -> str:
    import json
    return json.dumps(study.trial if study.trial is not None else study.scenario, sort_keys=True, default=str)


def _run_group(ids: Sequence[str], overrides, null: bool, model=None) -> list[StudyResult]:
    """Run studies sharing one protocol with one cache (and their null runs)."""
    by_id = {s.id: s for s in load_studies()}
    cache: dict = {}
    out = []
    for i in ids:
        r = run_study(by_id[i], overrides, cache, model)
        if null:
            r.null = run_null(by_id[i], cache, model)
        out.append(r)
    return out


def run_all(ids: Sequence[str] | None = None, overrides: Mapping[str, float] | None = None, model=None,
            jobs: int = 1, progress=None, null: bool = False) -> list[StudyResult]:
    """Run studies (all, or ``ids``) in file order.

    ``jobs``: worker processes (studies that share a protocol run in one worker, reusing its simulation);
    ``progress(result)``: called as each study finishes; ``null``: also run each study's null check
    (``result.null``, a :class:`NullCheck`)."""
    studies = load_studies()
    if ids:
        known = {s.id for s in studies}
        for i in ids:
            if i not in known:
                raise UnknownNameError("study", i, sorted(known), "a study id (see `myokinetics validate`)")
        studies = [s for s in studies if s.id in set(ids)]
    if jobs < 1:
        raise InputError("jobs", jobs, "a whole number >= 1")
    groups: dict[str, list[str]] = {}
    for s in studies:
        groups.setdefault(_protocol_key(s), []).append(s.id)
    done: dict[str, StudyResult] = {}
    if jobs == 1 or model is not None or len(groups) == 1:
        for g in groups.values():
            for r in _run_group(g, overrides, null, model):
                done[r.study.id] = r
                if progress:
                    progress(r)
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # the largest groups (trials first) start first so that the workers finish together
        order = sorted(groups.values(), key=lambda g: -(len(g) + 10 * (load_studies_by_id()[g[0]].trial is not None)))
        with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn")) as pool:
            futs = [pool.submit(_run_group, g, overrides, null) for g in order]
            for f in as_completed(futs):
                for r in f.result():
                    done[r.study.id] = r
                    if progress:
                        progress(r)
    return [done[s.id] for s in studies]


def load_studies_by_id() -> dict[str, Study]:
    return {s.id: s for s in load_studies()}


@functools.lru_cache(maxsize=1)
def recorded_verdicts() -> dict[str, dict]:
    """The verdict of every study as last recorded by tools/validation_table.py (``validation/verdicts.yaml``)."""
    f = resources.files("myokinetics.validation").joinpath("verdicts.yaml")
    if not f.is_file():
        return {}
    return dict(yaml.safe_load(f.read_text()) or {})


def record_mismatch(study_id: str, passed: bool, simulated=None) -> str:
    """'' when a study's pass/fail matches the recorded one (validation/verdicts.yaml); else why not.  Module tests
    that run their own studies use this, so that a failing study is recorded as failing, never hidden, and a
    regression (or an unrecorded improvement) fails the suite."""
    rec = recorded_verdicts().get(study_id)
    if rec is None:
        return f"{study_id} has no recorded verdict: run python tools/validation_table.py --only {study_id}"
    expected = bool(rec.get("passed", rec["verdict"] == "PASS"))
    if bool(passed) != expected:
        return (f"{study_id}: {'passes' if passed else 'fails'} now (simulated {simulated}), recorded "
                f"{'passing' if expected else 'failing'} (simulated {rec.get('simulated')}); regenerate the record if intended")
    return ""
