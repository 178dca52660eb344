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


STATISTICS = {
    "peak_fold": (stat_peak_fold, "peak / baseline"),
    "fold_at": (stat_fold_at, "value at a time / baseline"),
    "peak_time": (stat_peak_time, "time of the peak (h)"),
    "peak_rise": (stat_peak_rise, "peak minus baseline"),
    "peak": (stat_peak, "peak value"),
    "value_at": (stat_value_at, "value at a time"),
    "excess_fraction_at": (stat_excess_fraction_at, "fraction of the peak rise left at a time"),
    "auc": (stat_auc, "area under the curve above baseline over a window (x h; fold x h if relative)"),
}


def evaluate(study: Study, ds: xr.Dataset) -> tuple[float, xr.DataArray, tuple[float, float] | None]:
    da = ds[study.observable]
    if "muscle" in da.dims:                     # a per-muscle observable: the study names the muscle group
        if "muscle" not in study.options:
            raise InputError(f"{study.id}.options.muscle", "(missing)", "the muscle group of a per-muscle observable")
        da = da.sel(muscle=study.options["muscle"])
    fn, _ = STATISTICS[study.statistic]
    per_subject = fn(da, study.options)
    across = study.options.get("across", "median")
    if "subject" not in per_subject.dims:
        value = float(per_subject)
    elif across == "median":
        value = float(per_subject.median("subject"))
    elif across == "range_ratio":          # between-subject spread: largest / smallest subject
        value = float(per_subject.max("subject") / per_subject.min("subject"))
    else:
        raise InputError(f"{study.id}.options.across", across, "median or range_ratio")
    marker = None
    if study.statistic in ("fold_at", "value_at", "excess_fraction_at"):
        marker = (float(study.options["at"]), None)
    return value, da, marker


def run_study(study: Study, overrides: Mapping[str, float] | None = None, cache: dict | None = None,
              model=None) -> StudyResult:
    """Simulate the study's protocol (reusing ``cache`` for identical protocols) and compare.

    ``model``: an assembled model to use instead of the default one (e.g. with extra modules)."""
    import json

    from myokinetics.api import simulate

    key = json.dumps([study.scenario, dict(overrides or {})], sort_keys=True, default=str)
    if cache is not None and key in cache:
        ds = cache[key]
    else:
        ds = simulate(study.build_scenario(overrides), model=model)
        if cache is not None:
            cache[key] = ds
    value, series, marker = evaluate(study, ds)
    lo, hi = study.tolerance
    ok = bool(np.isfinite(value) and lo <= value <= hi and (ds.status == "ok").all())
    return StudyResult(study, value, ok, series, marker)


# ------------------------------------------------------------------- loading
_KEYS = {"id", "title", "source", "evidence", "role", "scenario", "observable", "statistic", "observed", "tolerance",
         "tolerance_note", "options", "notes"}


def parse_study(d: Mapping, where: str = "study") -> Study:
    for k in d:
        if k not in _KEYS:
            raise UnknownNameError(f"{where}.{k}", k, sorted(_KEYS), "a study key")
    missing = [k for k in ("id", "title", "source", "evidence", "role", "scenario", "observable", "statistic", "observed",
                           "tolerance", "tolerance_note") if k not in d]
    if missing:
        raise InputError(f"{where}.{missing[0]}", "(missing)", "a value: this key is required")
    if d["role"] not in ROLES:
        raise InputError(f"{where}.role", d["role"], " or ".join(ROLES))
    if d["statistic"] not in STATISTICS:
        raise UnknownNameError(f"{where}.statistic", d["statistic"], list(STATISTICS), "a statistic")
    tol = d["tolerance"]
    if not (isinstance(tol, (list, tuple)) and len(tol) == 2 and tol[0] <= tol[1]):
        raise InputError(f"{where}.tolerance", tol, "[low, high] with low <= high")
    return Study(id=str(d["id"]), title=d["title"], source=d["source"], evidence=str(d["evidence"]), role=d["role"],
                 scenario=d["scenario"], observable=d["observable"], statistic=d["statistic"], observed=float(d["observed"]),
                 tolerance=(float(tol[0]), float(tol[1])), tolerance_note=d["tolerance_note"],
                 options=d.get("options", {}) or {}, notes=d.get("notes", ""))


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


def run_all(ids: Sequence[str] | None = None, overrides: Mapping[str, float] | None = None, model=None) -> list[StudyResult]:
    studies = load_studies()
    if ids:
        known = {s.id for s in studies}
        for i in ids:
            if i not in known:
                raise UnknownNameError("study", i, sorted(known), "a study id (see `myokinetics validate`)")
        studies = [s for s in studies if s.id in set(ids)]
    cache: dict = {}
    return [run_study(s, overrides, cache, model) for s in studies]
