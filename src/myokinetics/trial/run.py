"""Run a trial: simulate every arm, take each outcome's change from baseline, compare the arms.

For each arm the runner runs the arm's scenario through the pipeline
(:class:`myokinetics.pipeline.Simulation`; each arm has its own cohort seed, see
:func:`~myokinetics.trial.spec.arm_seed`),
then for each outcome and subject records the value at ``t = 0`` (baseline),
the value at the last output (end), the change (end − baseline) and the
percent change.  Subjects whose simulation failed (``status`` not ``ok``) or
whose values are not finite are left out of that outcome and counted.

Outcome lookup is generic over the result Dataset: any variable with dims
``(subject, time)`` is an outcome, and one with extra dimensions (``muscle``,
``exercise``, ...) needs one coordinate per extra dimension after dots
(``muscle_mass.quadriceps``).  Coordinates match exactly or after
normalising case and separators (``Leg extension`` = ``leg_extension``).
Before the full runs, every arm's outcomes are looked up on a one-subject
result (the arm's pilot subject when its loads needed one) so that an outcome
the model does not produce fails at once with a one-line
:class:`~myokinetics.errors.UnknownNameError` listing the available outcomes.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import xarray as xr

from myokinetics.engine.result import ALIAS_ATTR
from myokinetics.errors import InputError, UnknownNameError
from myokinetics.summary import outcome_variables
from myokinetics.trial import stats
from myokinetics.trial.spec import Arm, OutcomeSpec, TrialSpec

__all__ = ["run_trial", "TrialResult", "available_outcomes", "select_outcome", "MEASURES", "SUMMARY_COLUMNS"]

#: The two measures of change computed for every outcome.
MEASURES = ("change", "percent_change")
#: Columns of :attr:`TrialResult.summary` (one row per outcome × measure × arm).
SUMMARY_COLUMNS = ("outcome", "variable", "coordinate", "units", "measure", "arm", "reference", "n", "excluded",
                   "baseline_mean", "baseline_sd", "mean", "sd",
                   "difference", "difference_low", "difference_high", "difference_df",
                   "hedges_g", "hedges_g_low", "hedges_g_high",
                   "responder_direction", "responders_1sd", "responders_95")
#: Columns of :attr:`TrialResult.subjects` (one row per outcome × arm × subject).
SUBJECT_COLUMNS = ("outcome", "arm", "subject", "baseline", "end", "change", "percent_change")


def _norm(x) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(x).lower()).strip("_")


def available_outcomes(ds: xr.Dataset) -> list[str]:
    """The outcomes ``ds`` offers: ``il6`` for a (subject, time) variable, ``muscle_mass.<muscle>`` for one with extra dims."""
    out = []
    for name in outcome_variables(ds):
        extra = ds[name].dims[2:]
        out.append(".".join([name] + [f"<{d}>" for d in extra]))
    return out


def select_outcome(ds: xr.Dataset, outcome: OutcomeSpec, field: str = "outcomes") -> xr.DataArray:
    """The (subject, time) values of ``outcome`` in ``ds``, or a one-line error naming what is available."""
    names = outcome_variables(ds)
    alias = outcome.variable in ds.data_vars and ALIAS_ATTR in ds[outcome.variable].attrs   # e.g. systolic_bp
    if outcome.variable not in names and not alias:
        avail = available_outcomes(ds)
        raise UnknownNameError(field, outcome.label, names,
                               "an outcome the model produces: " + ", ".join(avail))
    da = ds[outcome.variable]
    extra = list(da.dims[2:])
    if len(outcome.coords) != len(extra):
        if extra:
            form = ".".join([outcome.variable] + [f"<{d}>" for d in extra])
            eg = ".".join([outcome.variable] + [str(_labels(ds, d)[0]) for d in extra])
            raise InputError(field, outcome.label, f"{form}: one {' and one '.join(extra)} after a dot, e.g. {eg}")
        raise InputError(field, outcome.label, f"{outcome.variable} without a coordinate (it has no extra dimension)")
    sel = {}
    for dim, want in zip(extra, outcome.coords):
        labels = _labels(ds, dim)
        match = [lab for lab in labels if str(lab) == want] or [lab for lab in labels if _norm(lab) == _norm(want)]
        if not match:
            raise UnknownNameError(field, want, [str(x) for x in labels],
                                   f"a {dim} of {outcome.variable}: " + ", ".join(str(x) for x in labels))
        sel[dim] = match[0]
    return da.sel(sel) if sel else da


def _labels(ds: xr.Dataset, dim: str) -> list:
    return list(ds[dim].values) if dim in ds.coords else list(range(ds.sizes[dim]))


# --------------------------------------------------------------------------- result
@dataclass
class TrialResult:
    """Tidy tables of a trial.

    ``subjects``: one row per outcome × arm × subject (baseline, end, change,
    percent_change).  ``summary``: one row per outcome × measure × arm with
    the arm's mean ± SD and, for non-reference arms, the difference from the
    reference arm with its Welch 95 % interval, Hedges' g with its 95 %
    interval and the responder proportions (see :func:`summarise`).
    """

    spec: TrialSpec
    subjects: pd.DataFrame
    summary: pd.DataFrame
    units: dict[str, str]
    excluded: dict[str, int] = field(default_factory=dict)     # arm -> subjects whose simulation failed
    datasets: dict[str, xr.Dataset] | None = None

    @property
    def reference(self) -> str:
        return self.spec.reference

    def values(self, outcome: str, arm: str, measure: str = "change") -> np.ndarray:
        """One arm's per-subject ``measure`` of ``outcome`` (label, e.g. ``muscle_mass.quadriceps``)."""
        df = self.subjects
        rows = df[(df["outcome"] == outcome) & (df["arm"] == arm)]
        v = rows[measure].to_numpy(dtype=float)
        return v[np.isfinite(v)]

    def row(self, outcome: str, arm: str, measure: str = "change") -> dict:
        s = self.summary
        hit = s[(s["outcome"] == outcome) & (s["arm"] == arm) & (s["measure"] == measure)]
        if hit.empty:
            raise UnknownNameError("outcome", outcome, list(dict.fromkeys(s["outcome"])), "an outcome of the trial")
        return hit.iloc[0].to_dict()


# --------------------------------------------------------------------------- running
def _probe(spec: TrialSpec, sims: dict) -> None:
    """Check every outcome exists on a one-subject result of every arm (fails fast, before the full runs).

    The one subject is the arm's pilot (when its loads were resolved against a pilot, see
    :mod:`myokinetics.pipeline`), else one subject simulated to the end with a single output."""
    from myokinetics.pipeline import Simulation

    for k, arm in enumerate(spec.arms):
        sim = sims[arm.name][0]
        ds = sim.loads.pilot
        if ds is None:
            sc = sim.scenario
            probe = sc.replace(cohort=dataclasses.replace(sc.cohort, n=1), output_every_h=sc.duration_h)
            ds = Simulation(probe, model=sim.model, loads=sim.loads, _built=True).run()
        for i, o in enumerate(spec.outcomes):
            select_outcome(ds, o, f"outcomes[{i}]" if k == 0 else f"outcomes[{i}] (arm {arm.name})")


def run_trial(spec: TrialSpec, *, model=None, progress: Callable[[str, int], None] | None = None,
              keep_datasets: bool = False, check: bool = True) -> TrialResult:
    """Simulate every arm of ``spec`` and summarise the outcomes' changes from baseline.

    Each arm (each subgroup of a mixed arm) is one :class:`myokinetics.pipeline.Simulation`: its loads
    are resolved once (with a pilot subject where the program needs one) and its cohort is simulated once.
    ``progress(arm, k)`` is called as subjects finish; ``keep_datasets`` keeps
    each arm's full result in :attr:`TrialResult.datasets`; ``check=False``
    skips the check, on a one-subject result of every arm, that the outcomes exist.
    """
    from myokinetics.models import build_model
    from myokinetics.pipeline import Simulation

    if model is None:
        model = build_model()
    sims = {arm.name: [Simulation(sc, model=model) for sc in arm.scenarios] for arm in spec.arms}
    if check:
        _probe(spec, sims)
    rows: list[dict] = []
    units: dict[str, str] = {}
    excluded: dict[str, int] = {}
    datasets: dict[str, xr.Dataset] = {}
    for arm in spec.arms:
        ds = simulate_arm(arm, model, progress, sims=sims[arm.name])
        if keep_datasets:
            datasets[arm.name] = ds
        ok = np.asarray(ds["status"].values == "ok") if "status" in ds else np.ones(ds.sizes["subject"], bool)
        excluded[arm.name] = int((~ok).sum())
        subj = np.asarray(ds["subject"].values)
        for i, o in enumerate(spec.outcomes):
            da = select_outcome(ds, o, f"outcomes[{i}]")
            units[o.label] = str(da.attrs.get("units", ""))
            base = np.asarray(da.isel(time=0).values, dtype=float)
            end = np.asarray(da.isel(time=-1).values, dtype=float)
            change = end - base
            pct = stats.percent_change(base, end)
            for s in np.flatnonzero(ok):
                rows.append({"outcome": o.label, "arm": arm.name, "subject": int(subj[s]), "baseline": base[s],
                             "end": end[s], "change": change[s], "percent_change": pct[s]})
    subjects = pd.DataFrame(rows, columns=list(SUBJECT_COLUMNS))
    summary = summarise(spec, subjects, units, excluded)
    return TrialResult(spec, subjects, summary, units, excluded, datasets if keep_datasets else None)


def simulate_arm(arm: Arm, model=None, progress: Callable[[str, int], None] | None = None,
                 sims: list | None = None) -> xr.Dataset:
    """The arm's results; a mixed arm's subgroups are simulated apart and pooled along ``subject`` (numbered
    0..n-1 in subgroup order, with a ``subgroup`` coordinate; a condition coordinate is False where a subgroup
    lacks the condition).  ``sims``: the arm's :class:`~myokinetics.pipeline.Simulation` objects (one per
    subgroup) when the caller already made them (their resolved loads are reused)."""
    from myokinetics.pipeline import Simulation

    if sims is None:
        sims = [Simulation(sc, model=model) for sc in arm.scenarios]
    parts, done = [], 0
    for sim in sims:
        cb = (lambda k, _a=arm.name, _o=done: progress(_a, _o + k)) if progress is not None else None
        parts.append(sim.run(progress=cb))
        done += sim.scenario.cohort.n
    if not arm.subgroups:
        return parts[0]
    index = range(len(arm.subgroups))
    sub_coords = set().union(*[{c for c in ds.coords if ds[c].dims == ("subject",)} for ds in parts])
    fixed, offset = [], 0
    for k, ds in zip(index, parts):
        n = ds.sizes["subject"]
        for c in sub_coords - set(ds.coords):
            other = next(p[c] for p in parts if c in p.coords)
            fill = False if other.dtype == bool else np.nan
            ds = ds.assign_coords({c: ("subject", np.full(n, fill, dtype=other.dtype if other.dtype == bool else float))})
        ds = ds.assign_coords(subject=np.arange(offset, offset + n), subgroup=("subject", np.full(n, k)))
        fixed.append(ds)
        offset += n
    out = xr.concat(fixed, dim="subject", data_vars="minimal", coords="minimal", compat="override",
                    combine_attrs="override")
    return out


def summarise(spec: TrialSpec, subjects: pd.DataFrame, units: dict[str, str],
              excluded: dict[str, int] | None = None) -> pd.DataFrame:
    """The summary table from the per-subject table.

    For each outcome and measure (``change``, ``percent_change``) and arm: n,
    baseline mean ± SD, mean ± SD of the measure; for each arm other than the
    reference: the mean difference (arm − reference) with its Welch 95 %
    interval, Hedges' g with its 95 % interval, and the proportion of
    responders, i.e. subjects whose change lies beyond the reference arm's
    mean ± 1 SD (``responders_1sd``) or its 95 % limit, mean ± 1.96 SD
    (``responders_95``), on the side of the arm's mean difference
    (``responder_direction``).  Values that are not finite are left out.
    """
    excluded = excluded or {}
    out = []
    ref = spec.reference
    z = stats.z_quantile(0.95)
    for o in spec.outcomes:
        part = subjects[subjects["outcome"] == o.label]
        for measure in MEASURES:
            def vals(arm_name, col=measure):
                v = part.loc[part["arm"] == arm_name, col].to_numpy(dtype=float)
                return v[np.isfinite(v)]

            r = vals(ref)
            for arm in spec.arms:
                a = vals(arm.name)
                b = vals(arm.name, "baseline")
                row = {"outcome": o.label, "variable": o.variable, "coordinate": ".".join(o.coords),
                       "units": "%" if measure == "percent_change" else units.get(o.label, ""),
                       "measure": measure, "arm": arm.name, "reference": arm.name == ref, "n": int(a.size),
                       "excluded": int(excluded.get(arm.name, 0)) + int(
                           (part["arm"] == arm.name).sum() - a.size),
                       "baseline_mean": stats.mean(b), "baseline_sd": stats.sd(b),
                       "mean": stats.mean(a), "sd": stats.sd(a)}
                if arm.name == ref:
                    row.update({k: np.nan for k in SUMMARY_COLUMNS if k not in row})
                    row["responder_direction"] = ""
                else:
                    md = stats.mean_difference(a, r)
                    g = stats.hedges_g(a, r)
                    direction = "decrease" if md.estimate < 0 else "increase"
                    row.update({"difference": md.estimate, "difference_low": md.low, "difference_high": md.high,
                                "difference_df": md.df, "hedges_g": g.estimate, "hedges_g_low": g.low,
                                "hedges_g_high": g.high, "responder_direction": direction,
                                "responders_1sd": stats.responder_proportion(
                                    a, stats.responder_threshold(r, 1.0, direction), direction),
                                "responders_95": stats.responder_proportion(
                                    a, stats.responder_threshold(r, z, direction), direction)})
                out.append(row)
    return pd.DataFrame(out, columns=list(SUMMARY_COLUMNS))
