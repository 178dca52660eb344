"""The headline of a result for the web page: at most 12 panels and a short table.

This is the ONE place that decides which outcomes a coach, student or clinician sees first (issue 14,
item 1 asks for a headline selection in ``summary.py``; until it is merged this module is that
selection: replace :func:`select` by it and keep the rest).  Everything else here is generic: the
series and the table are computed from the result's variables and their ``units`` / ``long_name``
attributes, and the table rows are :func:`myokinetics.summary.outcome_rows`.

A run of up to two weeks is *acute* (one or a few workouts: myokines, lactate, damage, soreness,
recovery); a longer one is *chronic* (strength, size, body composition, bone, blood pressure,
glucose).  A panel whose variables the result lacks is skipped, so the selection follows the model.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import xarray as xr

from myokinetics.summary import active_labels, outcome_rows, time_scale

__all__ = ["PanelSpec", "Panel", "ACUTE", "CHRONIC", "ACUTE_MAX_H", "MAX_PANELS", "select", "panel_json",
           "table_rows", "headline_variables"]

#: Runs up to this long (h) get the acute panels.
ACUTE_MAX_H = 14 * 24.0
MAX_PANELS = 12
#: Most lines of a per-muscle or per-exercise panel (the most trained first).
MAX_LINES = 6
#: Most points sent per line (peak-preserving thinning beyond).
MAX_POINTS = 2000
#: Most rows of the headline table, and most rows per per-muscle / per-exercise variable in it.
MAX_ROWS = 30
MAX_ROWS_PER_VARIABLE = 3


@dataclass(frozen=True)
class PanelSpec:
    """One panel: ``variables`` share a unit; a name ``a|b`` takes the first one the result has (renames).

    ``per``: ``exercise`` or ``muscle`` for a variable with that dimension (one line per trained
    label); ``relative``: plot each subject's value divided by its value at t = 0 (``"many"``: when the
    panel has more than one line, e.g. the 1RMs of a light and a heavy lift).
    """

    title: str
    variables: tuple[str, ...]
    per: str | None = None
    relative: bool | str = False


_ONE_RM = PanelSpec("1RM of the trained lifts", ("one_rm",), per="exercise", relative="many")
_SIZE = PanelSpec("Muscle size of the trained muscles (relative to the start)", ("muscle_size",), per="muscle")
_READY = PanelSpec("Readiness (1 = fully recovered)", ("readiness",))
_IL6 = PanelSpec("IL-6, the main exercise myokine", ("il6",))

ACUTE: tuple[PanelSpec, ...] = (
    _ONE_RM, _READY, _SIZE,
    PanelSpec("Muscle protein synthesis of the trained muscles", ("mps",), per="muscle"),
    _IL6,
    PanelSpec("Other myokines (relative to the start)", ("il15", "irisin", "bdnf", "fgf21", "follistatin"), relative=True),
    PanelSpec("Anti-inflammatory cytokines (relative to the start)", ("il10", "il1ra"), relative=True),
    PanelSpec("Blood lactate", ("lactate",)),
    PanelSpec("Creatine kinase (a marker of muscle damage)", ("ck",)),
    PanelSpec("Delayed-onset muscle soreness (0-10)", ("doms",)),
    PanelSpec("Cortisol", ("cortisol",)),
    PanelSpec("Growth hormone", ("gh",)),
)
CHRONIC: tuple[PanelSpec, ...] = (
    _ONE_RM, _SIZE,
    PanelSpec("Skeletal muscle mass", ("skeletal_muscle_mass_current",)),
    PanelSpec("Fat mass", ("fat_mass",)),
    _READY, _IL6,
    PanelSpec("Resting myokines (relative to the start)",
              ("il6_resting", "irisin_resting", "bdnf_resting", "myostatin_resting", "follistatin_resting"), relative=True),
    PanelSpec("Creatine kinase (a marker of muscle damage)", ("ck",)),
    PanelSpec("Bone density of the lumbar spine", ("bmd_lumbar_spine",)),
    PanelSpec("Resting blood pressure", ("sbp|systolic_bp", "dbp|diastolic_bp")),
    PanelSpec("Insulin resistance (HOMA-IR)", ("homa_ir",)),
    PanelSpec("Delayed-onset muscle soreness (0-10)", ("doms",)),
)

#: Plain names of the headline variables (table rows and legends); others use their ``long_name``.
PLAIN = {
    "one_rm": "1RM", "muscle_size": "muscle size", "readiness": "readiness", "mps": "protein synthesis",
    "il6": "IL-6", "il15": "IL-15", "irisin": "irisin", "bdnf": "BDNF", "fgf21": "FGF21", "follistatin": "follistatin",
    "il10": "IL-10", "il1ra": "IL-1ra", "lactate": "lactate", "ck": "creatine kinase", "doms": "soreness (DOMS)",
    "cortisol": "cortisol", "gh": "growth hormone", "skeletal_muscle_mass_current": "skeletal muscle mass",
    "fat_mass": "fat mass", "il6_resting": "resting IL-6", "irisin_resting": "resting irisin",
    "bdnf_resting": "resting BDNF", "myostatin_resting": "resting myostatin", "follistatin_resting": "resting follistatin",
    "bmd_lumbar_spine": "lumbar-spine BMD", "sbp": "systolic BP", "systolic_bp": "systolic BP", "dbp": "diastolic BP",
    "diastolic_bp": "diastolic BP", "homa_ir": "HOMA-IR",
}


@dataclass(frozen=True)
class Line:
    variable: str
    label: str          # '' for a whole-body variable, else the exercise / muscle
    name: str           # plain name for legends and the table


@dataclass(frozen=True)
class Panel:
    title: str
    units: str
    lines: tuple[Line, ...]
    relative: bool = False


def _duration(ds: xr.Dataset) -> float:
    t = np.asarray(ds["time"].values, dtype=float)
    return float(t[-1] - t[0]) if t.size else 0.0


def _resolve(ds: xr.Dataset, name: str) -> str | None:
    return next((n for n in name.split("|") if n in ds.data_vars), None)


def _labels(datasets: Sequence[xr.Dataset], name: str, dim: str) -> list[str]:
    """Trained labels along ``dim`` in any of the results, the most trained first, at most MAX_LINES."""
    score: dict[str, float] = {}
    for ds in datasets:
        labels = [str(x) for x in active_labels(ds, dim)]
        if dim == "muscle" and "weekly_hard_sets" in ds:
            hs = ds["weekly_hard_sets"].sum("week")
            for lab in labels:
                score[lab] = score.get(lab, 0.0) + float(hs.sel(muscle=lab))
        elif dim == "exercise" and "set_exercise" in ds:
            used = [str(x) for x in ds["set_exercise"].values]
            if not any(lab in used for lab in labels):
                return []          # no resistance exercise: a 1RM panel would be 58 flat lines
            for lab in labels:
                score[lab] = score.get(lab, 0.0) + used.count(lab)
        else:
            return []
    return sorted(score, key=lambda k: -score[k])[:MAX_LINES]


def _exercise_names(ds: xr.Dataset) -> dict[str, str]:
    from myokinetics.program.library import get_library

    lib = get_library()
    out = {}
    for x in ds["exercise"].values if "exercise" in ds.coords else ():
        ex = lib.find(str(x))
        out[str(x)] = ex.name if ex is not None else str(x)
    return out


def select(datasets: xr.Dataset | Sequence[xr.Dataset]) -> list[Panel]:
    """The headline panels of one result, or of several compared (trained labels of any of them)."""
    datasets = [datasets] if isinstance(datasets, xr.Dataset) else list(datasets)
    first = datasets[0]
    specs = ACUTE if _duration(first) <= ACUTE_MAX_H else CHRONIC
    names = _exercise_names(first)
    panels: list[Panel] = []
    for spec in specs:
        lines: list[Line] = []
        units = ""
        for want in spec.variables:
            var = _resolve(first, want)
            if var is None or any(var not in ds for ds in datasets):
                continue
            da = first[var]
            units = str(da.attrs.get("units", ""))
            plain = PLAIN.get(var, str(da.attrs.get("long_name", var)))
            if spec.per is not None:
                if da.ndim != 3 or da.dims[2] != spec.per:
                    continue
                for lab in _labels(datasets, var, spec.per):
                    lines.append(Line(var, lab, f"{plain}, {names.get(lab, lab) if spec.per == 'exercise' else lab}"))
            elif da.ndim == 2:
                lines.append(Line(var, "", plain))
        if lines:
            relative = spec.relative is True or (spec.relative == "many" and len(lines) > 1)
            title = spec.title + (" (relative to the start)" if relative and spec.relative == "many" else "")
            panels.append(Panel(title, "× start" if relative else units, tuple(lines), relative))
    return panels[:MAX_PANELS]


def headline_variables(panels: Sequence[Panel]) -> list[str]:
    """The whole-body variables of the panels (those :func:`myokinetics.compare.compare` can compare)."""
    return list(dict.fromkeys(ln.variable for p in panels for ln in p.lines if not ln.label))


# --------------------------------------------------------------------------- series
def _values(ds: xr.Dataset, line: Line, relative: bool) -> np.ndarray:
    da = ds[line.variable]
    if line.label:
        da = da.sel({da.dims[2]: line.label})
    y = np.asarray(da.transpose("subject", "time").values, dtype=float)
    if "status" in ds:
        ok = np.asarray(ds["status"].values).astype(str) == "ok"
        if ok.any():
            y = y[ok]
    if relative:
        with np.errstate(divide="ignore", invalid="ignore"):
            y = y / y[:, :1]
    return y


def _thin(y: np.ndarray, max_points: int) -> np.ndarray:
    """Indices of at most ~max_points points keeping, in each bucket, the point farthest from the start."""
    n = y.size
    if n <= max_points:
        return np.arange(n)
    edges = np.linspace(0, n, max_points // 2 + 1).astype(int)
    dev = np.abs(np.nan_to_num(y - y[0]))
    keep = {0, n - 1}
    for a, b in zip(edges[:-1], edges[1:]):
        if b > a:
            keep.add(a)
            keep.add(a + int(np.argmax(dev[a:b])))
    return np.array(sorted(keep))


def _clean(a: np.ndarray) -> list:
    return [float(v) if np.isfinite(v) else None for v in np.asarray(a, dtype=float)]


def panel_json(datasets: Mapping[str, xr.Dataset], panels: Sequence[Panel], max_points: int = MAX_POINTS) -> dict:
    """Panels as plain data for the page: time in the run's unit, each line's subject mean and 10-90 % band."""
    first = next(iter(datasets.values()))
    div, unit = time_scale(_duration(first))
    out = []
    for p in panels:
        lines = []
        for prog, ds in datasets.items():
            t = np.asarray(ds["time"].values, dtype=float) / div
            for ln in p.lines:
                y = _values(ds, ln, p.relative)
                with np.errstate(all="ignore"):
                    mean = np.nanmean(y, axis=0) if y.shape[0] else np.full(t.size, np.nan)
                idx = _thin(mean, max_points)
                item = {"name": ln.name, "variable": ln.variable, "label": ln.label, "program": prog,
                        "t": _clean(t[idx]), "mean": _clean(mean[idx])}
                if y.shape[0] > 1:
                    with np.errstate(all="ignore"):
                        lo, hi = np.nanpercentile(y, [10, 90], axis=0)
                    item["p10"], item["p90"] = _clean(lo[idx]), _clean(hi[idx])
                lines.append(item)
        out.append({"title": p.title, "units": p.units, "relative": p.relative, "lines": lines})
    return {"time_unit": unit, "panels": out}


# --------------------------------------------------------------------------- table
def _num(x) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None


def _noise(r) -> bool:
    """A change that is rounding noise of the integrator (below 1e-9 of the value's scale)."""
    scale = max(abs(r.baseline.mean), abs(r.end.mean), 1e-300) if np.isfinite(r.baseline.mean) else 1.0
    return bool(np.isfinite(r.change.mean) and abs(r.change.mean) <= 1e-9 * scale)


def table_rows(ds: xr.Dataset, panels: Sequence[Panel]) -> list[dict]:
    """The headline table: :func:`~myokinetics.summary.outcome_rows` of the panels' lines (mean ± SD)."""
    from myokinetics.summary import format_time

    wanted: dict[tuple[str, str], str] = {}
    for p in panels:
        for ln in p.lines:
            if sum(1 for v, _ in wanted if v == ln.variable) < (MAX_ROWS_PER_VARIABLE if ln.label else 1):
                wanted[(ln.variable, ln.label)] = ln.name
    dur = _duration(ds)
    rows = []
    for r in outcome_rows(ds):
        name = wanted.get((r.name, r.label))
        if name is None:
            continue
        rows.append({
            "outcome": name, "variable": r.name, "label": r.label, "units": r.units,
            "baseline": _num(r.baseline.mean), "end": _num(r.end.mean), "change": _num(r.change.mean),
            "change_sd": _num(r.change.sd), "change_pct": _num(r.change_pct.mean) if r.change_pct else None,
            "peak": _num(r.peak.mean), "peak_time_h": _num(r.peak_time_h),
            "text": {"baseline": r.baseline.fmt(), "end": r.end.fmt(), "change": "0" if _noise(r) else r.change.fmt(),
                     "change_pct": "—" if r.change_pct is None else f"{r.change_pct.mean:+.1f}%",
                     "peak": r.peak.fmt(), "peak_at": format_time(r.peak_time_h, dur)},
        })
    order = {k: i for i, k in enumerate(wanted)}
    rows.sort(key=lambda row: order[(row["variable"], row["label"])])
    return rows[:MAX_ROWS]
