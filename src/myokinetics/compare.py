"""Compare workouts: the same subject(s) simulated once per workout, side by side.

Pure functions over simulation results (``xarray.Dataset`` from
:func:`myokinetics.api.simulate`): which whole-body time series to compare,
per-workout metrics (peak, time to peak, area between the curve and the
baseline), a CSV writer and a figure with one panel per observable and one
line per workout.  The ``myokinetics compare`` command (cli.py) only parses
options, simulates and calls these.

Definitions (per subject, then averaged over subjects):

* baseline: the value at the first output time (t = 0, before the workout);
* peak: the value farthest from baseline (the maximum for a rise, the minimum
  for a fall, e.g. state anxiety), and time to peak its time (h from the start);
* AUC above baseline: the integral over the simulated time of (value -
  baseline), trapezoidal, in units x h (negative when the curve stays below
  baseline).
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import xarray as xr

from myokinetics.engine.result import ALIAS_ATTR
from myokinetics.errors import InputError, UnknownNameError

__all__ = ["split_workout", "whole_body_series", "labelled_series", "series", "split_key", "select_observables", "metrics", "compare", "ComparisonRow",
           "write_csv", "build_compare_figure", "plot_compare", "COMPARE_PLOT_FORMATS"]

#: (subject, time) variables that are bookkeeping, not physiology.
_NON_OUTCOMES = {"status", "parameter", "solver_steps"}
COMPARE_PLOT_FORMATS = (".png", ".svg", ".pdf")
CSV_COLUMNS = ("observable", "units", "workout", "baseline", "peak", "time_to_peak_h", "auc_above_baseline")


@dataclass(frozen=True)
class ComparisonRow:
    observable: str
    units: str
    workout: str
    baseline: float
    peak: float
    time_to_peak_h: float
    auc_above_baseline: float     # units x h

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in CSV_COLUMNS}


def split_workout(text: str, field: str = "--session") -> list[str]:
    """One workout's text split into exercise blocks at ';' (blank parts dropped)."""
    parts = [p.strip() for p in str(text).split(";")]
    parts = [p for p in parts if p]
    if not parts:
        raise InputError(field, text, "a workout such as 'Back squat 5x5 @ 85% 1RM; Bench press 3x8 @ 75% 1RM'")
    return parts


def whole_body_series(ds: xr.Dataset) -> list[str]:
    """Names of the whole-body time series (dims exactly ``(subject, time)``) in dataset order."""
    out = []
    for name, da in ds.data_vars.items():
        name = str(name)
        if name in _NON_OUTCOMES or name.startswith("set_") or ALIAS_ATTR in da.attrs:
            continue
        if tuple(da.dims) == ("subject", "time") and np.issubdtype(da.dtype, np.number):
            out.append(name)
    return out


def labelled_series(ds: xr.Dataset) -> list[str]:
    """Names of the per-muscle / per-exercise time series (dims ``(subject, time, muscle|exercise)``)."""
    out = []
    for name, da in ds.data_vars.items():
        name = str(name)
        if name in _NON_OUTCOMES or name.startswith("set_") or ALIAS_ATTR in da.attrs:
            continue
        if da.ndim == 3 and tuple(da.dims[:2]) == ("subject", "time") and np.issubdtype(da.dtype, np.number):
            out.append(name)
    return out


_LABELLED = re.compile(r"^\s*([A-Za-z0-9_]+)\s*(?:\[\s*([^\]]+?)\s*\]|[.:]\s*(.+?))\s*$")


def split_key(key: str) -> tuple[str, str]:
    """('mps', 'quadriceps') for 'mps[quadriceps]', 'mps.quadriceps' or 'mps:quadriceps' (the trial file's
    spellings too); (key, '') for a whole-body name."""
    m = _LABELLED.match(str(key))
    if not m:
        return str(key).strip(), ""
    return m.group(1), m.group(2) or m.group(3)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def _match_label(dim: str, label: str, every: list[str]) -> str | None:
    """The coordinate ``label`` names: exact, ignoring case and separators, or an exercise's library name."""
    if label in every:
        return label
    by_norm = {_norm(x): x for x in every}
    if _norm(label) in by_norm:
        return by_norm[_norm(label)]
    if dim == "exercise":
        from myokinetics.program.library import get_library

        ex = get_library().find(label)
        if ex is not None and ex.id in every:
            return ex.id
    return None


def series(ds: xr.Dataset, key: str) -> xr.DataArray:
    """The (subject, time) series of an observable key: 'il6', or 'mps[quadriceps]' for one muscle / exercise."""
    name, label = split_key(key)
    da = ds[name]
    if label:
        da = da.sel({da.dims[2]: label})
    return da


def _labels(datasets: Sequence[xr.Dataset], name: str) -> list[str]:
    from myokinetics.summary import active_labels

    dim = datasets[0][name].dims[2]
    every = [str(x) for x in datasets[0][dim].values] if dim in datasets[0].coords else []
    used = {str(x) for ds in datasets for x in active_labels(ds, dim)}
    return [x for x in every if x in used]


def select_observables(datasets: Sequence[xr.Dataset], requested: Sequence[str] | None = None,
                       field: str = "--observable") -> list[str]:
    """The observables to compare: ``requested`` (checked), else every whole-body series common to all results.

    A requested per-muscle or per-exercise variable is one muscle / exercise (``mps[quadriceps]`` or
    ``mps:quadriceps``) or, given alone (``mps``), each muscle (exercise) the workouts train.  Unknown names get
    close-match hints (``IL-6`` suggests ``il6``).
    """
    common = whole_body_series(datasets[0])
    for ds in datasets[1:]:
        have = set(whole_body_series(ds))
        common = [n for n in common if n in have]
    if not requested:
        return common
    labelled = labelled_series(datasets[0])
    for ds in datasets[1:]:
        have = set(labelled_series(ds))
        labelled = [n for n in labelled if n in have]
    out = []
    for key in requested:
        name, label = split_key(key)
        alias = name in datasets[0].data_vars and ALIAS_ATTR in datasets[0][name].attrs    # deprecated, still valid
        if (name in common or alias) and not label:
            keys = [name]
        elif name in labelled:
            dim = datasets[0][name].dims[2]
            every = [str(x) for x in datasets[0][dim].values] if dim in datasets[0].coords else []
            found = _match_label(dim, label, every) if label else None
            if label and found is None:
                raise UnknownNameError(field, key, [f"{name}[{x}]" for x in every], f"{name}[<{dim}>]")
            keys = [f"{name}[{found}]"] if label else [f"{name}[{x}]" for x in _labels(datasets, name)]
        else:
            raise UnknownNameError(field, key, common + labelled,
                                   "a whole-body time series of the result, or a per-muscle / per-exercise one "
                                   "(e.g. mps or mps[quadriceps])")
        out += [k for k in keys if k not in out]
    return out


def metrics(da: xr.DataArray) -> tuple[float, float, float, float]:
    """(baseline, peak, time to peak [h], AUC above baseline [units x h]) of a (subject, time) series, subject mean."""
    t = np.asarray(da["time"].values, dtype=float)
    y = np.asarray(da.transpose("subject", "time").values, dtype=float)
    base = y[:, :1]
    dev = y - base
    idx = np.nanargmax(np.abs(dev), axis=1) if y.shape[1] else np.zeros(y.shape[0], int)
    rows = np.arange(y.shape[0])
    flat = np.nanmax(np.abs(dev), axis=1) <= 1e-9 * np.maximum(np.abs(base[:, 0]), 1.0)
    idx = np.where(flat, 0, idx)          # no response: the peak is the baseline, at t = 0
    peak = y[rows, idx]
    tpk = t[idx]
    if t.size > 1:
        auc = np.sum(0.5 * (dev[:, 1:] + dev[:, :-1]) * np.diff(t)[None, :], axis=1)
    else:
        auc = np.zeros(y.shape[0])
    return (float(np.nanmean(base)), float(np.nanmean(peak)), float(np.nanmean(tpk)), float(np.nanmean(auc)))


def _ok_subjects(ds: xr.Dataset) -> xr.Dataset:
    if "status" not in ds:
        return ds
    ok = np.asarray(ds["status"].values).astype(str) == "ok"
    if ok.all() or not ok.any():
        return ds
    return ds.isel(subject=np.flatnonzero(ok))


def compare(datasets: Mapping[str, xr.Dataset], observables: Sequence[str] | None = None) -> list[ComparisonRow]:
    """Rows (observable-major, then workout in the given order) comparing ``datasets`` {workout label: result}."""
    if not datasets:
        raise InputError("--session", "(none)", "at least one workout")
    labels = list(datasets)
    results = [_ok_subjects(datasets[k]) for k in labels]
    names = select_observables(results, observables)
    rows = []
    for name in names:
        for label, ds in zip(labels, results):
            da = series(ds, name)
            base, peak, tpk, auc = metrics(da)
            rows.append(ComparisonRow(name, str(da.attrs.get("units", "")), label, base, peak, tpk, auc))
    return rows


def write_csv(rows: Sequence[ComparisonRow], path: str | Path) -> Path:
    p = Path(path)
    with p.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(CSV_COLUMNS))
        w.writeheader()
        for r in rows:
            w.writerow(r.as_dict())
    return p


def check_compare_plot_path(path: str | Path, field: str = "--plot") -> Path:
    p = Path(path)
    if p.suffix.lower() not in COMPARE_PLOT_FORMATS:
        raise InputError(field, str(path), "a file ending in " + ", ".join(COMPARE_PLOT_FORMATS))
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(field, str(path), "a path in an existing folder", f"folder {str(parent)!r} does not exist")
    if p.is_dir():
        raise InputError(field, str(path), "a file path, not a folder")
    return p


def build_compare_figure(datasets: Mapping[str, xr.Dataset], observables: Sequence[str]):
    """A matplotlib Figure: one panel per observable, one line (subject mean) per workout."""
    from matplotlib.figure import Figure

    n = max(len(observables), 1)
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(4.8 * ncols, 2.9 * nrows + 0.9), layout="constrained")
    fig.suptitle("Workout comparison (subject mean)", fontsize=11)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    labels = list(datasets)
    for ax, name in zip(axes, observables):
        units = ""
        for i, label in enumerate(labels):
            ds = _ok_subjects(datasets[label])
            da = series(ds, name)
            units = str(da.attrs.get("units", "")) or units
            t = np.asarray(ds["time"].values, dtype=float)
            y = np.nanmean(np.asarray(da.transpose("subject", "time").values, dtype=float), axis=0)
            ax.plot(t, y, lw=1.2, color=f"C{i % 10}", label=_short(label, 40))
        long_name = str(series(datasets[labels[0]], name).attrs.get("long_name", name))
        if split_key(name)[1]:
            long_name += f" ({split_key(name)[1].replace('_', ' ')})"
        ax.set_title(long_name, fontsize=9)
        ax.set_ylabel(f"{name} ({units})" if units and units != "1" else name, fontsize=8)
        ax.set_xlabel("time (h)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.25, lw=0.5)
    if observables:
        axes[0].legend(fontsize=6, loc="best")
    else:
        axes[0].text(0.5, 0.5, "no whole-body time series to compare", ha="center", va="center",
                     transform=axes[0].transAxes)
    for ax in axes[max(len(observables), 1):]:
        ax.set_visible(False)
    return fig


def plot_compare(datasets: Mapping[str, xr.Dataset], observables: Sequence[str], path: str | Path) -> Path:
    p = check_compare_plot_path(path, "plot path")
    fig = build_compare_figure(datasets, observables)
    fig.savefig(p, format=p.suffix.lower()[1:], dpi=120)
    return p


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
