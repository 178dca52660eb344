"""Reports of a trial: a Rich table, CSV and JSON files, and a figure of each arm's distribution of change.

The printed table has one row per outcome and arm: n, baseline mean ± SD,
mean change ± SD, mean percent change ± SD and, for the arms other than the
reference, the mean difference from the reference with its 95 % interval
(Welch), Hedges' g with its 95 % interval, and the proportions of
responders.  The difference and g are those of the outcome's primary measure
(absolute change, or percent change for an outcome written with ``%``).
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from myokinetics.errors import InputError
from myokinetics.trial.run import SUBJECT_COLUMNS, SUMMARY_COLUMNS, TrialResult

__all__ = ["print_trial", "trial_table", "write_results", "write_json", "write_csv", "to_json_dict", "plot_trial",
           "OUTPUT_FORMATS", "PLOT_FORMATS", "check_output_path", "check_plot_path"]

OUTPUT_FORMATS = (".json", ".csv")
PLOT_FORMATS = (".png", ".svg", ".pdf")


# --------------------------------------------------------------------------- formatting
def _num(x: float, digits: int = 3) -> str:
    if x is None or not np.isfinite(x):
        return "—"
    a = abs(x)
    if a == 0:
        return "0"
    if a >= 1e6 or a < 1e-3:
        return f"{x:.{digits}g}"
    if a >= 10 ** digits:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


#: Changes smaller than this fraction of the baseline are printed as 0 (solver rounding, not physiology).
NOISE = 1e-9


def _z(x: float, scale: float) -> float:
    return 0.0 if np.isfinite(x) and abs(x) <= NOISE * scale else x


def _pm(m: float, s: float, scale: float = 0.0) -> str:
    m, s = _z(m, scale), _z(s, scale)
    if not np.isfinite(s):
        return _num(m)
    return f"{_num(m)} ± {_num(s, 2)}"


def _ci(e: float, lo: float, hi: float, scale: float = 0.0) -> str:
    e, lo, hi = _z(e, scale), _z(lo, scale), _z(hi, scale)
    if not np.isfinite(e):
        return "—"
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return _num(e)
    return f"{_num(e)} [{_num(lo)}, {_num(hi)}]"


def _pct(p: float) -> str:
    return "—" if p is None or not np.isfinite(p) else f"{100 * p:.0f}%"


def _check_path(path: str | Path, field: str, formats: tuple[str, ...]) -> Path:
    p = Path(path)
    if p.suffix.lower() not in formats:
        raise InputError(field, str(path), "a file ending in " + ", ".join(formats))
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(field, str(path), "a path in an existing folder", f"folder {str(parent)!r} does not exist")
    if p.is_dir():
        raise InputError(field, str(path), "a file path, not a folder")
    return p


def check_output_path(path: str | Path, field: str = "--output") -> Path:
    return _check_path(path, field, OUTPUT_FORMATS)


def check_plot_path(path: str | Path, field: str = "--plot") -> Path:
    return _check_path(path, field, PLOT_FORMATS)


# --------------------------------------------------------------------------- table
def trial_table(result: TrialResult):
    """The Rich table of a trial result."""
    from rich.table import Table

    spec = result.spec
    s = result.summary
    n_txt = ", ".join(f"{a.name} {a.n}" for a in spec.arms)
    table = Table(title=f"Trial {spec.name}: {len(spec.arms)} arms (n = {n_txt}), change from baseline to the end",
                  title_justify="left")
    for col, just in (("outcome", "left"), ("arm", "left"), ("n", "right"), ("baseline", "right"),
                      ("change", "right"), ("% change", "right"), (f"vs {spec.reference} [95% CI]", "right"),
                      ("Hedges' g [95% CI]", "right"), ("responders >1SD/>95%", "right")):
        table.add_column(col, justify=just, overflow="fold" if col in ("outcome", "arm") else "ellipsis")
    for o in spec.outcomes:
        units = result.units.get(o.label, "")
        primary = o.primary
        for k, arm in enumerate(spec.arms):
            ch = s[(s["outcome"] == o.label) & (s["arm"] == arm.name) & (s["measure"] == "change")].iloc[0]
            pc = s[(s["outcome"] == o.label) & (s["arm"] == arm.name) & (s["measure"] == "percent_change")].iloc[0]
            pr = pc if primary == "percent_change" else ch
            unit_txt = "%" if primary == "percent_change" else units
            label = (o.label + (f" ({units})" if units and units != "1" else "") + (", % change" if o.percent else "")
                     if k == 0 else "")
            # scale of rounding noise: the baseline for changes, 100 % for percent changes
            scale = abs(ch["baseline_mean"]) if np.isfinite(ch["baseline_mean"]) else 0.0
            pscale = 100.0 if primary == "percent_change" else scale
            if arm.name == spec.reference:
                diff, g, resp = "reference", "", ""
            else:
                diff = _ci(pr["difference"], pr["difference_low"], pr["difference_high"], pscale)
                if diff != "—" and unit_txt == "%":
                    diff += " %-pts"
                ref_sd = s[(s["outcome"] == o.label) & (s["arm"] == spec.reference) & (s["measure"] == primary)]["sd"].iloc[0]
                noise = _z(pr["sd"], pscale) == 0 and _z(ref_sd, pscale) == 0
                g = "—" if noise else _ci(pr["hedges_g"], pr["hedges_g_low"], pr["hedges_g_high"])
                arrow = "↓" if pr["responder_direction"] == "decrease" else "↑"
                resp = "—" if noise else f"{arrow} {_pct(pr['responders_1sd'])} / {_pct(pr['responders_95'])}"
            n = f"{int(ch['n'])}" + (f" (−{int(ch['excluded'])})" if ch["excluded"] else "")
            table.add_row(label, arm.name, n, _pm(ch["baseline_mean"], ch["baseline_sd"], scale),
                          _pm(ch["mean"], ch["sd"], scale), _pm(pc["mean"], pc["sd"], 100.0), diff, g, resp,
                          end_section=k == len(spec.arms) - 1)
    return table


def print_trial(result: TrialResult, console=None) -> None:
    """Print the trial table (and notes on excluded subjects) to a Rich console."""
    if console is None:
        from rich.console import Console

        console = Console(highlight=False)
    console.print(trial_table(result))
    console.print("mean ± SD; difference: Welch 95% CI; Hedges' g: small-sample corrected, 95% CI "
                  "(Hedges & Olkin 1985); responders: change beyond the reference arm's mean ± 1 SD / ± 1.96 SD",
                  soft_wrap=True)
    bad = {k: v for k, v in result.excluded.items() if v}
    if bad:
        console.print("excluded (simulation failed): " + ", ".join(f"{k} {v}" for k, v in bad.items()), soft_wrap=True)


# --------------------------------------------------------------------------- files
def _clean(v: Any) -> Any:
    if isinstance(v, (np.floating, float)):
        return float(v) if math.isfinite(float(v)) else None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def to_json_dict(result: TrialResult, subjects: bool = True) -> dict:
    """The JSON document of a result: the design, the summary rows and (optionally) the per-subject rows.

    Non-finite numbers are written as ``null``.
    """
    spec = result.spec
    from myokinetics import __version__

    doc = {
        "trial": spec.name,
        "description": spec.description,
        "myokinetics_version": __version__,
        "duration_h": spec.duration_h,
        "reference_arm": spec.reference,
        "arms": {a.name: {"n": a.n, "seed": a.seed, "training": a.trains, "description": a.description,
                          "scenario": a.scenario.name} for a in spec.arms},
        "outcomes": [{"outcome": o.label, "units": result.units.get(o.label, ""), "primary_measure": o.primary}
                     for o in spec.outcomes],
        "excluded": dict(result.excluded),
        "summary": [{k: _clean(v) for k, v in row.items()} for row in result.summary.to_dict(orient="records")],
    }
    if subjects:
        doc["subjects"] = [{k: _clean(v) for k, v in row.items()} for row in result.subjects.to_dict(orient="records")]
    return doc


def write_json(result: TrialResult, path: str | Path, subjects: bool = True) -> Path:
    p = Path(path)
    p.write_text(json.dumps(to_json_dict(result, subjects), indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return p


def write_csv(result: TrialResult, path: str | Path, which: str = "summary") -> Path:
    """The summary table (``which='summary'``, columns :data:`SUMMARY_COLUMNS`) or the per-subject table
    (``which='subjects'``, columns :data:`SUBJECT_COLUMNS`) as CSV."""
    if which not in ("summary", "subjects"):
        raise ValueError(f"which must be 'summary' or 'subjects', got {which!r}")
    df = result.summary if which == "summary" else result.subjects
    cols = SUMMARY_COLUMNS if which == "summary" else SUBJECT_COLUMNS
    p = Path(path)
    df.to_csv(p, columns=list(cols), index=False, float_format="%.6g")
    return p


def write_results(result: TrialResult, path: str | Path, field: str = "--output") -> Path:
    """Write ``result`` as JSON (design, summary and per-subject values) or CSV (the summary), by the file's suffix."""
    p = check_output_path(path, field)
    try:
        if p.suffix.lower() == ".json":
            return write_json(result, p)
        return write_csv(result, p)
    except OSError as exc:
        raise InputError(field, str(path), "a writable path", exc.strerror or str(exc)) from None


# --------------------------------------------------------------------------- figure
def plot_trial(result: TrialResult, path: str | Path, field: str = "--plot") -> Path:
    """One panel per outcome: each arm's distribution of the primary measure (violin, points, mean with 95 % CI)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    p = check_plot_path(path, field)
    spec = result.spec
    outs = spec.outcomes
    ncol = min(len(outs), 3)
    nrow = math.ceil(len(outs) / ncol)
    width = max(3.2, 1.1 * len(spec.arms) + 1.4)
    fig = Figure(figsize=(width * ncol, 3.6 * nrow), layout="constrained")
    FigureCanvasAgg(fig)
    rng = np.random.default_rng(0)           # jitter only
    colours = ["0.55"] + [f"C{i}" for i in range(len(spec.arms))]
    for k, o in enumerate(outs):
        ax = fig.add_subplot(nrow, ncol, k + 1)
        measure = o.primary
        names = spec.arm_names
        data = [result.values(o.label, a, measure) for a in names]
        for i, (name, v) in enumerate(zip(names, data)):
            c = colours[0] if name == spec.reference else colours[1 + i]
            if v.size >= 2 and np.ptp(v) > 0:
                parts = ax.violinplot([v], positions=[i], widths=0.75, showextrema=False)
                for b in parts["bodies"]:
                    b.set_facecolor(c)
                    b.set_edgecolor("none")
                    b.set_alpha(0.3)
            if v.size:
                x = i + rng.uniform(-0.12, 0.12, v.size)
                ax.scatter(x, v, s=6, color=c, alpha=0.6, linewidths=0, zorder=2)
                m = float(v.mean())
                half = 0.0
                if v.size >= 2:
                    from scipy import stats as st

                    half = float(st.t.ppf(0.975, v.size - 1) * v.std(ddof=1) / np.sqrt(v.size))
                ax.errorbar([i + 0.28], [m], yerr=[[half], [half]], fmt="o", color="k", ms=4, capsize=3, zorder=3)
        ax.axhline(0, color="0.7", lw=0.8, zorder=1)
        ax.set_xticks(range(len(names)), names, rotation=20 if len(names) > 3 else 0)
        units = "%" if measure == "percent_change" else result.units.get(o.label, "")
        ylab = ("% change" if measure == "percent_change" else "change") + (f" ({units})" if units and units not in ("1", "%") else "")
        ax.set_ylabel(ylab)
        ax.set_title(o.label, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(f"{spec.name}: change from baseline (points: subjects; ●: mean with 95% CI)", fontsize=10)
    try:
        fig.savefig(p, dpi=120)
    except OSError as exc:
        raise InputError(field, str(path), "a writable path", exc.strerror or str(exc)) from None
    return p
