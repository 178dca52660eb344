"""Plots of simulation results (matplotlib, no display needed).

:func:`plot_result` draws one panel per observable in the result, grouped by
compartment (blood, muscle, whole body, other), with the cohort mean and a
10–90 % band, and light ticks at session starts.  Figures are built with
:class:`matplotlib.figure.Figure` directly (Agg canvas), so no GUI backend is
touched and the global pyplot state is left alone.
"""
from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import numpy as np
import xarray as xr

from myokinetics.errors import InputError
from myokinetics.summary import active_labels, outcome_variables, summary_html, time_scale

__all__ = ["plot_result", "PLOT_FORMATS", "check_plot_path", "compartment"]

PLOT_FORMATS = (".png", ".svg", ".pdf", ".html")

#: Compartment of the observables named in OBSERVABLES.md (others are placed by their dims / module).
_BLOOD = {"il6", "il1ra", "il10", "tnfa", "il15", "bdnf", "irisin", "myostatin", "follistatin", "fgf21", "igf1", "crp",
          "ck", "gh", "testosterone", "cortisol", "glucose", "insulin"}
_WHOLE_BODY = {"lean_mass", "skeletal_muscle_mass", "fat_mass", "body_mass", "rmr", "energy_expenditure", "epoc",
               "insulin_sensitivity", "hba1c", "fasting_glucose", "homa_ir", "total_cholesterol", "ldl", "hdl", "tg",
               "sbp", "dbp", "bmd_lumbar_spine", "bmd_femoral_neck", "bmd_total_hip", "tendon_stiffness", "fitness",
               "fatigue", "readiness", "depressive_symptoms", "anxiety", "state_anxiety", "cognition", "sleep_quality"}
_GROUP_ORDER = ("Blood", "Muscle", "Whole body", "Other")
#: Most lines drawn in one per-muscle / per-exercise panel (the largest changes are kept).
MAX_LINES = 8


def compartment(ds: xr.Dataset, name: str) -> str:
    if name in _BLOOD:
        return "Blood"
    if name in _WHOLE_BODY:
        return "Whole body"
    if "muscle" in ds[name].dims:
        return "Muscle"
    units = str(ds[name].attrs.get("units", ""))
    if units in ("pg/mL", "ng/mL", "ug/L", "U/L", "mg/L", "nmol/L", "uU/mL") or str(name).startswith("plasma"):
        return "Blood"
    return "Other"


def check_plot_path(path: str | Path, field: str = "--plot") -> Path:
    """The plot path, or an InputError naming the unsupported extension / missing folder."""
    p = Path(path)
    if p.suffix.lower() not in PLOT_FORMATS:
        raise InputError(field, str(path), "a file ending in " + ", ".join(PLOT_FORMATS))
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(field, str(path), "a path in an existing folder", f"folder {str(parent)!r} does not exist")
    return p


def _band(y: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Mean and 10/90 % quantiles over subjects (axis 0) of y[subject, time]."""
    if y.shape[0] == 1:
        return y[0], None, None
    if np.isfinite(y).all():
        mean = y.mean(axis=0)
        lo, hi = np.percentile(y, [10, 90], axis=0)    # vectorised; nanpercentile loops per time point
    else:
        with np.errstate(invalid="ignore"):
            mean = np.nanmean(y, axis=0)
            lo, hi = np.nanpercentile(y, [10, 90], axis=0)
    return mean, lo, hi


def _session_starts(ds: xr.Dataset) -> np.ndarray:
    if "set_start" not in ds or ds.sizes.get("set", 0) == 0:
        return np.array([])
    starts = np.asarray(ds["set_start"].values, dtype=float)
    if "set_session" in ds:
        sess = np.asarray(ds["set_session"].values)
        _, first = np.unique(sess, return_index=True)
        return np.sort(starts[first])
    return np.unique(starts)


def _panels(ds: xr.Dataset) -> list[tuple[str, str]]:
    names = outcome_variables(ds)
    grouped = {g: [] for g in _GROUP_ORDER}
    for n in names:
        grouped[compartment(ds, n)].append(n)
    return [(g, n) for g in _GROUP_ORDER for n in grouped[g]]


def build_figure(ds: xr.Dataset):
    """A matplotlib Figure of ``ds`` (not saved)."""
    from matplotlib.figure import Figure
    from matplotlib.transforms import blended_transform_factory

    panels = _panels(ds)
    t_h = np.asarray(ds["time"].values, dtype=float)
    dur = float(t_h[-1] - t_h[0]) if t_h.size > 1 else 1.0
    div, unit = time_scale(dur)
    t = t_h / div
    starts = _session_starts(ds) / div
    ok = np.asarray(ds["status"].values).astype(str) == "ok" if "status" in ds else np.ones(ds.sizes["subject"], bool)
    if not ok.any():
        ok[:] = True
    n_sub = int(ok.sum())

    n = max(len(panels), 1)
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(4.6 * ncols, 2.9 * nrows + 0.6), layout="constrained")
    title = str(ds.attrs.get("scenario") or ds.attrs.get("title") or "simulation")
    fig.suptitle(f"{title} — {'1 subject' if n_sub == 1 else f'{n_sub} subjects: mean and 10–90% band'}",
                 fontsize=11)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    if not panels:
        axes[0].text(0.5, 0.5, "no time-course variables in this result", ha="center", va="center",
                     transform=axes[0].transAxes)
    colors = [f"C{i}" for i in range(10)]
    for ax, (group, name) in zip(axes, panels):
        da = ds[name]
        units = str(da.attrs.get("units", ""))
        long_name = str(da.attrs.get("long_name", name))
        ylabel = f"{name} ({units})" if units and units != "1" else name
        if da.ndim == 2:
            y = np.asarray(da.values, dtype=float)[ok]
            if group == "Blood" and y.shape[0] > 1 and np.all(np.abs(y[:, :1]) > 0):
                # subjects' baselines differ widely: show each subject's fold of its own baseline
                y = y / y[:, :1]
                ylabel = f"{name} (fold of baseline)"
            mean, lo, hi = _band(y)
            ax.plot(t, mean, color="C0", lw=1.2)
            if lo is not None:
                ax.fill_between(t, lo, hi, color="C0", alpha=0.25, lw=0)
        else:
            dim = da.dims[2]
            labels = active_labels(ds, dim)
            vals = np.asarray(da.values, dtype=float)[ok]          # (subject, time, label)
            index = {str(v): i for i, v in enumerate(ds[dim].values)} if dim in ds.coords else None
            curves = []
            for lab in labels:
                j = index[str(lab)] if index is not None else int(lab)
                mean = np.nanmean(vals[:, :, j], axis=0)
                rel = np.nanmax(np.abs(mean - mean[0])) / (abs(mean[0]) + 1e-12)
                curves.append((rel, str(lab), j))
            curves.sort(key=lambda c: -c[0])
            for i, (_, lab, j) in enumerate(curves[:MAX_LINES]):
                mean, lo, hi = _band(vals[:, :, j])
                c = colors[i % len(colors)]
                ax.plot(t, mean, color=c, lw=1.0, label=lab)
                if lo is not None:
                    ax.fill_between(t, lo, hi, color=c, alpha=0.15, lw=0)
            if curves:
                more = f" (+{len(curves) - MAX_LINES} more)" if len(curves) > MAX_LINES else ""
                ax.legend(fontsize=6, loc="best", ncols=2 if len(curves) > 4 else 1,
                          title=f"{dim}{more}", title_fontsize=6)
        if starts.size:
            trans = blended_transform_factory(ax.transData, ax.transAxes)
            ax.vlines(starts, 0.0, 0.05, transform=trans, colors="0.55", lw=0.6, alpha=0.7)
        ax.set_title(f"{group}: {long_name}", fontsize=9)
        ax.set_ylabel(ylabel, fontsize=8)
        ax.set_xlabel(f"time ({unit})", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_xlim(t[0], t[-1] if t.size > 1 else t[0] + 1)
        ax.grid(alpha=0.25, lw=0.5)
    for ax in axes[len(panels) if panels else 1:]:
        ax.set_visible(False)
    return fig


def plot_result(ds: xr.Dataset, path: str | Path) -> Path:
    """Write a figure of ``ds`` to ``path`` (.png, .svg, .pdf, or .html: a self-contained page with the summary)."""
    p = check_plot_path(path, "plot path")
    fig = build_figure(ds)
    suffix = p.suffix.lower()
    if suffix == ".html":
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110)
        png = base64.b64encode(buf.getvalue()).decode("ascii")
        p.write_text(_html_page(ds, png), encoding="utf-8")
    else:
        fig.savefig(p, format=suffix[1:], dpi=120)
    return p


def _html_page(ds: xr.Dataset, png_b64: str) -> str:
    e = html.escape
    title = str(ds.attrs.get("title") or "myokinetics simulation")
    meta = ", ".join(f"{k}: {ds.attrs[k]}" for k in ("model_version", "parameter_set", "seed", "n_subjects")
                     if k in ds.attrs)
    cites = str(ds.attrs.get("citations", ""))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
.warn {{ color: #a60; }}
img {{ max-width: 100%; }}
.meta {{ color: #666; font-size: 0.85em; }}
</style></head><body>
<h1>{e(title)}</h1>
<p class="meta">{e(meta)}</p>
<img alt="time courses" src="data:image/png;base64,{png_b64}">
{summary_html(ds)}
<p class="meta">Sources: {e(cites)}</p>
</body></html>
"""
