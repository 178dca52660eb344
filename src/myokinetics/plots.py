"""Plots of simulation results: the headline figure, every variable, or an interactive HTML page.

:func:`plot_result` draws, by default, at most 12 labelled panels of the outcomes
of :func:`myokinetics.summary.headline` (1RM, muscle size, body composition,
recovery, the myokine peaks ...), with the cohort mean and a 10–90 % band, light
ticks at session starts, transient peaks marked, and a note when the output
spacing is coarser than a session's acute peaks.  ``all_variables=True`` draws
one panel per variable (grouped by compartment).  A path ending in ``.html``
gives an interactive Plotly page (with the headline table); .png, .svg and .pdf
are drawn with matplotlib's :class:`~matplotlib.figure.Figure` directly (Agg
canvas), so no GUI backend is touched and the global pyplot state is left alone.
"""
from __future__ import annotations

import base64
import html
import io
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xarray as xr

from myokinetics.errors import InputError
from myokinetics.summary import (active_labels, headline, headline_html, hidden_peaks_note, label_name,
                                 outcome_variables, summary_html, time_scale)

__all__ = ["plot_result", "PLOT_FORMATS", "check_plot_path", "compartment", "Panel", "headline_panels",
           "all_panels", "build_figure", "build_plotly", "MAX_PANELS"]

PLOT_FORMATS = (".png", ".svg", ".pdf", ".html")
#: Most panels of the default (headline) figure.
MAX_PANELS = 12

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
#: A peak (or trough) is marked when the curve falls back after it by at least this share of its excursion.
_FALL_BACK = 0.2


@dataclass
class Panel:
    """One panel: a plain title with the unit, and its series (legend label, y[subject, time])."""
    title: str
    series: list = field(default_factory=list)
    legend_title: str = ""
    note: str = ""            # e.g. "+3 more"


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


# --------------------------------------------------------------------------- panels
def _ok(ds: xr.Dataset) -> np.ndarray:
    ok = np.asarray(ds["status"].values).astype(str) == "ok" if "status" in ds else np.ones(ds.sizes["subject"], bool)
    return ok if ok.any() else np.ones_like(ok)


def _transform(y: np.ndarray, how: str) -> np.ndarray:
    start = y[:, :1]
    if how == "change":
        return y - start
    with np.errstate(divide="ignore", invalid="ignore"):
        if how == "pct_change":
            return np.where(np.abs(start) > 0, 100.0 * (y - start) / start, np.nan)
        if how == "fold":
            return np.where(np.abs(start) > 0, y / start, np.nan)
    return y


def headline_panels(ds: xr.Dataset, scenario=None, max_panels: int = MAX_PANELS) -> list[Panel]:
    """The panels of the default figure: the headline rows (:func:`myokinetics.summary.headline`) by panel."""
    ok = _ok(ds)
    panels: dict[str, Panel] = {}
    for r in headline(ds, scenario):
        if not r.panel:
            continue
        if r.panel not in panels:
            if len(panels) >= max_panels:
                continue
            panels[r.panel] = Panel(r.panel)
        da = ds[r.variable]
        y = da.sel({da.dims[2]: r.label}).values if r.label else da.values
        y = _transform(np.asarray(y, dtype=float)[ok], r.plot)
        legend = label_name(da.dims[2], r.label) if r.label else r.name   # the lift / muscle, or the outcome
        panels[r.panel].series.append((legend, y))
    return list(panels.values())


def all_panels(ds: xr.Dataset) -> list[Panel]:
    """One panel per time-course variable, grouped by compartment (``--plot-all``)."""
    ok = _ok(ds)
    names = outcome_variables(ds)
    grouped = {g: [] for g in _GROUP_ORDER}
    for n in names:
        grouped[compartment(ds, n)].append(n)
    out = []
    for group in _GROUP_ORDER:
        for name in grouped[group]:
            da = ds[name]
            units = str(da.attrs.get("units", ""))
            unit = f" ({units})" if units and units != "1" else ""
            long_name = str(da.attrs.get("long_name", name))
            if da.ndim == 2:
                y = np.asarray(da.values, dtype=float)[ok]
                if group == "Blood" and y.shape[0] > 1 and np.all(np.abs(y[:, :1]) > 0):
                    y, unit = y / y[:, :1], " (fold of baseline)"   # subjects' baselines differ widely
                out.append(Panel(f"{name}{unit}: {long_name}", [(name, y)]))
                continue
            dim = da.dims[2]
            vals = np.asarray(da.values, dtype=float)[ok]
            index = {str(v): i for i, v in enumerate(ds[dim].values)} if dim in ds.coords else None
            curves = []
            for lab in active_labels(ds, dim):
                j = index[str(lab)] if index is not None else int(lab)
                mean = np.nanmean(vals[:, :, j], axis=0)
                rel = np.nanmax(np.abs(mean - mean[0])) / (abs(mean[0]) + 1e-12)
                curves.append((rel, str(lab), j))
            curves.sort(key=lambda c: -c[0])
            more = f"+{len(curves) - MAX_LINES} more" if len(curves) > MAX_LINES else ""
            out.append(Panel(f"{name}{unit}: {long_name}", [(lab, vals[:, :, j]) for _, lab, j in curves[:MAX_LINES]],
                             legend_title=dim, note=more))
    return out


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


def _peak(mean: np.ndarray) -> int | None:
    """Index of the extreme of a transient curve (one that ends near its start), else None."""
    if mean.size < 3 or not np.isfinite(mean).any():
        return None
    dev = np.where(np.isfinite(mean), mean - mean[0], 0.0)
    k = int(np.argmax(np.abs(dev)))
    size = abs(dev[k])
    if size <= 1e-9 * max(abs(mean[0]), 1e-12) or k == mean.size - 1:
        return None
    return k if abs(dev[-1]) <= (1.0 - _FALL_BACK) * size else None


def _session_starts(ds: xr.Dataset) -> np.ndarray:
    if "set_start" not in ds or ds.sizes.get("set", 0) == 0:
        return np.array([])
    starts = np.asarray(ds["set_start"].values, dtype=float)
    if "set_session" in ds:
        sess = np.asarray(ds["set_session"].values)
        _, first = np.unique(sess, return_index=True)
        return np.sort(starts[first])
    return np.unique(starts)


def _title(ds: xr.Dataset) -> str:
    title = str(ds.attrs.get("scenario") or ds.attrs.get("title") or "simulation")
    n_sub = int(_ok(ds).sum())
    return f"{title} — {'1 subject' if n_sub == 1 else f'{n_sub} subjects: mean and 10–90% band'}"


def _fmt(x: float) -> str:
    return f"{x:.4g}" if abs(x) >= 1000 else f"{x:.3g}"


# --------------------------------------------------------------------------- matplotlib
def build_figure(ds: xr.Dataset, panels: list[Panel] | None = None, note: str | None = None):
    """A matplotlib Figure of ``panels`` (default: the headline panels), not saved."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import ScalarFormatter
    from matplotlib.transforms import blended_transform_factory

    panels = headline_panels(ds) if panels is None else panels
    t_h = np.asarray(ds["time"].values, dtype=float)
    dur = float(t_h[-1] - t_h[0]) if t_h.size > 1 else 1.0
    div, unit = time_scale(dur)
    t = t_h / div
    starts = _session_starts(ds) / div

    n = max(len(panels), 1)
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(4.6 * ncols, 2.9 * nrows + 0.6 + (0.4 if note else 0)), layout="constrained")
    fig.suptitle(_title(ds), fontsize=11)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    if not panels:
        axes[0].text(0.5, 0.5, "no time-course variables in this result", ha="center", va="center",
                     transform=axes[0].transAxes)
    for ax, panel in zip(axes, panels):
        single = len(panel.series) == 1
        for i, (label, y) in enumerate(panel.series):
            c = f"C{i % 10}"
            mean, lo, hi = _band(y)
            ax.plot(t, mean, color=c, lw=1.2 if single else 1.0, label=label)
            if lo is not None:
                ax.fill_between(t, lo, hi, color=c, alpha=0.25 if single else 0.15, lw=0)
            k = _peak(mean)
            if k is not None:
                ax.plot([t[k]], [mean[k]], marker="v" if mean[k] >= mean[0] else "^", color=c, ms=5, ls="none")
                if single:
                    right = t.size > 1 and t[k] > t[0] + 0.6 * (t[-1] - t[0])   # text on the side with room
                    ax.annotate(f"{'peak' if mean[k] >= mean[0] else 'low'} {_fmt(mean[k])} at {t[k]:.3g} {unit}",
                                (t[k], mean[k]), xytext=(-4 if right else 4, -10 if mean[k] >= mean[0] else 4),
                                textcoords="offset points", fontsize=7, color=c, ha="right" if right else "left")
        if len(panel.series) > 1:
            ax.legend(fontsize=6, loc="best", ncols=2 if len(panel.series) > 4 else 1,
                      title=" ".join(x for x in (panel.legend_title, f"({panel.note})" if panel.note else "") if x)
                      or None, title_fontsize=6)
        if starts.size:
            trans = blended_transform_factory(ax.transData, ax.transAxes)
            ax.vlines(starts, 0.0, 0.05, transform=trans, colors="0.55", lw=0.6, alpha=0.7)
        ax.set_title("\n".join(textwrap.wrap(panel.title, 52)[:2]), fontsize=8.5)
        ax.set_xlabel(f"time ({unit})", fontsize=8)
        ax.tick_params(labelsize=7)
        fmt = ScalarFormatter(useOffset=False)
        fmt.set_powerlimits((-4, 6))
        ax.yaxis.set_major_formatter(fmt)
        ax.set_xlim(t[0], t[-1] if t.size > 1 else t[0] + 1)
        ax.grid(alpha=0.25, lw=0.5)
    for ax in axes[len(panels) if panels else 1:]:
        ax.set_visible(False)
    if note:
        fig.supxlabel("\n".join(textwrap.wrap("Note: " + note, 150)), fontsize=8, color="#a60")
    return fig


# --------------------------------------------------------------------------- plotly
def build_plotly(ds: xr.Dataset, panels: list[Panel] | None = None, note: str | None = None):
    """An interactive Plotly figure of ``panels`` (default: the headline panels)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    panels = headline_panels(ds) if panels is None else panels
    t_h = np.asarray(ds["time"].values, dtype=float)
    dur = float(t_h[-1] - t_h[0]) if t_h.size > 1 else 1.0
    div, unit = time_scale(dur)
    t = t_h / div
    n = max(len(panels), 1)
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    nrows = math.ceil(n / ncols)
    fig = make_subplots(rows=nrows, cols=ncols, subplot_titles=[p.title for p in panels] or ["(no data)"],
                        vertical_spacing=min(0.3 / max(nrows - 1, 1), 0.08), horizontal_spacing=0.07)
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
               "#17becf"]
    for k, panel in enumerate(panels):
        row, col = k // ncols + 1, k % ncols + 1
        for i, (label, y) in enumerate(panel.series):
            c = palette[i % len(palette)]
            mean, lo, hi = _band(y)
            group = f"{k}:{label}"
            if lo is not None:
                fig.add_trace(go.Scatter(x=t, y=hi, line={"width": 0}, hoverinfo="skip", showlegend=False,
                                         legendgroup=group), row=row, col=col)
                fig.add_trace(go.Scatter(x=t, y=lo, line={"width": 0}, fill="tonexty", fillcolor=_rgba(c, 0.2),
                                         hoverinfo="skip", showlegend=False, legendgroup=group), row=row, col=col)
            fig.add_trace(go.Scatter(x=t, y=mean, mode="lines", line={"color": c, "width": 1.5}, name=label,
                                     legendgroup=group, showlegend=len(panel.series) > 1,
                                     legendgrouptitle_text=panel.title if i == 0 and len(panel.series) > 1 else None,
                                     hovertemplate=f"{html.escape(label)}<br>%{{x:.3g}} {unit}: %{{y:.4g}}<extra></extra>"),
                          row=row, col=col)
            p = _peak(mean)
            if p is not None:
                word = "peak" if mean[p] >= mean[0] else "low"
                fig.add_trace(go.Scatter(x=[t[p]], y=[mean[p]], mode="markers+text" if len(panel.series) == 1 else "markers",
                                         marker={"color": c, "size": 8,
                                                 "symbol": "triangle-down" if word == "peak" else "triangle-up"},
                                         text=[f"{word} {_fmt(mean[p])} at {t[p]:.3g} {unit}"],
                                         textposition="bottom left" if t[p] > t[0] + 0.6 * (t[-1] - t[0])
                                         else "top right",
                                         textfont={"size": 10}, showlegend=False, legendgroup=group,
                                         hovertemplate=f"{word} %{{y:.4g}} at %{{x:.3g}} {unit}<extra></extra>"),
                              row=row, col=col)
        fig.update_xaxes(title_text=f"time ({unit})", row=row, col=col)
    fig.update_yaxes(exponentformat="power", tickformat="~r")
    fig.update_annotations(font_size=12)              # the subplot titles
    height = 300 * nrows + 120 + (40 if note else 0)
    fig.update_layout(title=_title(ds), height=height, template="plotly_white", hovermode="closest",
                      margin={"b": 120 if note else 50}, legend={"groupclick": "toggleitem", "font": {"size": 10}})
    if note:
        fig.add_annotation(text="Note: " + "<br>".join(textwrap.wrap(note, 160)), xref="paper", yref="paper", x=0,
                           y=0, yshift=-70, showarrow=False, align="left", font={"size": 11, "color": "#a60"},
                           xanchor="left", yanchor="top")
    return fig


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# --------------------------------------------------------------------------- files
def plot_result(ds: xr.Dataset, path: str | Path, *, all_variables: bool = False, scenario=None) -> Path:
    """Write a figure of ``ds`` to ``path``: the headline panels (default) or every variable (``all_variables``).

    .png, .svg and .pdf are matplotlib figures; .html is a self-contained interactive Plotly page with the
    headline table (and, with ``all_variables``, the full table), which needs the ``plot`` extra (plotly).
    """
    p = check_plot_path(path, "plot path")
    panels = all_panels(ds) if all_variables else headline_panels(ds, scenario)
    note = hidden_peaks_note(ds)
    if p.suffix.lower() == ".html":
        if plotly_available():
            div = build_plotly(ds, panels, note).to_html(full_html=False, include_plotlyjs=True)
        else:   # the base install: the same panels as a static image (the CLI says how to get the interactive one)
            buf = io.BytesIO()
            build_figure(ds, panels, note).savefig(buf, format="png", dpi=110)
            div = (f'<img alt="time courses" style="max-width:100%" '
                   f'src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode("ascii")}">')
        p.write_text(_html_page(ds, div, all_variables, scenario), encoding="utf-8")
    else:
        build_figure(ds, panels, note).savefig(p, format=p.suffix.lower()[1:], dpi=120)
    return p


def plotly_available() -> bool:
    try:
        import plotly  # noqa: F401
    except ImportError:
        return False
    return True


def _html_page(ds: xr.Dataset, plot_div: str, all_variables: bool, scenario=None) -> str:
    e = html.escape
    title = str(ds.attrs.get("title") or "myokinetics simulation")
    meta = ", ".join(f"{k}: {ds.attrs[k]}" for k in ("model_version", "parameter_set", "seed", "n_subjects")
                     if k in ds.attrs)
    cites = str(ds.attrs.get("citations", ""))
    table = summary_html(ds) if all_variables else headline_html(ds, scenario)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
tr.group th {{ text-align: left; background: #f4f4f4; }}
.warn {{ color: #a60; }}
.meta {{ color: #666; font-size: 0.85em; }}
</style></head><body>
<h1>{e(title)}</h1>
<p class="meta">{e(meta)}</p>
{plot_div}
{table}
<p class="meta">Sources: {e(cites)}</p>
</body></html>
"""
