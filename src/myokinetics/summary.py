"""Readable summaries of a simulation result (Rich tables on the terminal, HTML for reports).

Everything here is generic over the result's data variables: any variable with
dims ``(subject, time)`` or ``(subject, time, X)`` and a ``units`` attribute is
an outcome, so new observables appear without changes to this file.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

__all__ = ["outcome_variables", "outcome_rows", "program_summary", "format_time", "time_scale", "print_summary",
           "summary_html", "format_duration", "OutcomeRow", "ProgramSummary"]

#: Variables with (subject, time) dims that are bookkeeping, not outcomes.
NON_OUTCOMES = {"status", "parameter", "solver_steps"}
#: At most this many program notes are printed (the rest are counted).
MAX_NOTES = 8


# --------------------------------------------------------------------------- data
def outcome_variables(ds: xr.Dataset) -> list[str]:
    """Names of the per-subject time courses in ``ds``, in dataset order."""
    out = []
    for name, da in ds.data_vars.items():
        if name in NON_OUTCOMES or str(name).startswith("set_"):
            continue
        if da.dims[:2] == ("subject", "time") and da.ndim in (2, 3):
            out.append(str(name))
    return out


def active_labels(ds: xr.Dataset, dim: str) -> list:
    """Labels along ``dim`` worth showing: trained muscles / exercises used, else all."""
    labels = list(ds[dim].values) if dim in ds.coords else list(range(ds.sizes[dim]))
    if dim == "muscle" and "weekly_hard_sets" in ds:
        worked = ds["weekly_hard_sets"].sum("week").values > 0
        if worked.any():
            return [m for m, w in zip(labels, worked) if w]
    if dim == "exercise" and "set_exercise" in ds:
        used = set(str(x) for x in ds["set_exercise"].values)
        picked = [x for x in labels if str(x) in used]
        if picked:
            return picked
    return labels


def series(ds: xr.Dataset, name: str) -> list[tuple[str, np.ndarray]]:
    """(label, array[subject, time]) for a variable: ('', values) for a 2-D one, one per shown label of a 3-D one."""
    da = ds[name]
    if da.ndim == 2:
        return [("", np.asarray(da.values, dtype=float))]
    dim = da.dims[2]
    return [(str(lab), np.asarray(da.sel({dim: lab}).values, dtype=float)) for lab in active_labels(ds, dim)]


@dataclass
class Stat:
    mean: float
    sd: float | None = None  # None for a single subject

    def fmt(self, digits: int = 4) -> str:
        if self.sd is None or not np.isfinite(self.sd):
            return _num(self.mean, digits)
        sd = 0.0 if self.sd <= 1e-9 * max(abs(self.mean), 1.0) else self.sd  # rounding noise
        return f"{_num(self.mean, digits)} ± {_num(sd, 2)}"


@dataclass
class OutcomeRow:
    name: str       # the variable
    label: str      # '' for a (subject, time) variable, else the muscle / exercise
    units: str
    baseline: Stat
    end: Stat
    change: Stat
    change_pct: Stat | None
    peak: Stat
    peak_time_h: float


def _stat(x: np.ndarray) -> Stat:
    x = x[np.isfinite(x)]
    if x.size == 0:
        return Stat(float("nan"))
    if x.size == 1:
        return Stat(float(x[0]))
    return Stat(float(x.mean()), float(x.std(ddof=1)))


def outcome_rows(ds: xr.Dataset) -> list[OutcomeRow]:
    """Baseline, end, change and peak of every outcome (mean ± SD across subjects)."""
    t = np.asarray(ds["time"].values, dtype=float)
    rows = []
    ok = _ok_mask(ds)
    for name in outcome_variables(ds):
        units = str(ds[name].attrs.get("units", ""))
        for label, y in series(ds, name):
            y = y[ok] if ok.any() else y
            base, end = y[:, 0], y[:, -1]
            change = end - base
            with np.errstate(divide="ignore", invalid="ignore"):
                pct = np.where(np.abs(base) > 1e-12, 100.0 * change / base, np.nan)
            finite = np.where(np.isfinite(y), y, -np.inf)
            ipeak = finite.argmax(axis=1)
            peak = y[np.arange(y.shape[0]), ipeak]
            rows.append(OutcomeRow(name, label, units, _stat(base), _stat(end), _stat(change),
                                   _stat(pct) if np.isfinite(pct).any() else None, _stat(peak),
                                   float(np.median(t[ipeak]))))
    return rows


def _ok_mask(ds: xr.Dataset) -> np.ndarray:
    if "status" not in ds:
        return np.ones(ds.sizes.get("subject", 1), dtype=bool)
    return np.asarray(ds["status"].values).astype(str) == "ok"


@dataclass
class ProgramSummary:
    n_sessions: int = 0
    n_sets: int = 0
    n_weeks: int = 0
    hard_sets: dict = field(default_factory=dict)  # muscle -> (mean, min, max) hard sets per week
    notes: list = field(default_factory=list)
    n_failed: int = 0
    n_subjects: int = 0
    failures: dict = field(default_factory=dict)  # status -> count


def program_summary(ds: xr.Dataset) -> ProgramSummary:
    s = ProgramSummary()
    if "set_session" in ds:
        s.n_sets = int(ds.sizes.get("set", 0))
        s.n_sessions = int(np.unique(ds["set_session"].values).size)
    if "weekly_hard_sets" in ds:
        w = np.asarray(ds["weekly_hard_sets"].values, dtype=float)
        s.n_weeks = w.shape[0]
        muscles = [str(m) for m in ds["muscle"].values]
        for j, m in enumerate(muscles):
            if w[:, j].sum() > 0:
                s.hard_sets[m] = (float(w[:, j].mean()), float(w[:, j].min()), float(w[:, j].max()))
    notes = str(ds.attrs.get("program_notes", "") or "")
    s.notes = [n for n in notes.splitlines() if n.strip()]
    s.n_subjects = int(ds.sizes.get("subject", 0))
    if "status" in ds:
        st = np.asarray(ds["status"].values).astype(str)
        bad = st[st != "ok"]
        s.n_failed = int(bad.size)
        s.failures = {k: int((bad == k).sum()) for k in np.unique(bad)}
    return s


# --------------------------------------------------------------------------- formatting
def _num(x: float, digits: int = 4) -> str:
    if x is None or not np.isfinite(x):
        return "—"
    a = abs(x)
    if a == 0:
        return "0"
    if a >= 1e7 or a < 1e-3:
        return f"{x:.{min(digits, 3)}g}"
    if a >= 10 ** digits:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


def time_scale(duration_h: float) -> tuple[float, str]:
    """(divisor, unit) for showing times of a run lasting ``duration_h`` hours."""
    if duration_h <= 96:
        return 1.0, "h"
    if duration_h <= 8 * 7 * 24:
        return 24.0, "days"
    return 168.0, "weeks"


def format_time(t_h: float, duration_h: float) -> str:
    """A time point, in the unit that suits a run of ``duration_h`` hours: '3.5 h', '12.3 d', '4.1 wk'."""
    div, unit = time_scale(duration_h)
    short = {"h": "h", "days": "d", "weeks": "wk"}[unit]
    return f"{t_h / div:.1f} {short}"


def format_duration(h: float) -> str:
    div, unit = time_scale(h)
    return f"{h / div:.3g} {unit}"


def _duration(ds: xr.Dataset) -> float:
    t = ds["time"].values
    return float(t[-1] - t[0]) if t.size else 0.0


def _change_text(r: OutcomeRow) -> tuple[str, str]:
    ch = r.change.fmt()
    if r.change.mean > 0 and not ch.startswith("+"):
        ch = "+" + ch
    pct = "—" if r.change_pct is None else f"{r.change_pct.mean:+.1f}%"
    if r.change_pct is not None and r.change_pct.sd is not None and np.isfinite(r.change_pct.sd):
        pct += f" ± {r.change_pct.sd:.1f}"
    return ch, pct


# --------------------------------------------------------------------------- Rich output
def print_summary(ds: xr.Dataset, console=None) -> None:
    """Print the outcome table and the program summary."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    dur = _duration(ds)
    n = int(ds.sizes.get("subject", 1))
    title = str(ds.attrs.get("scenario") or ds.attrs.get("title") or "simulation")
    who = "1 subject" if n == 1 else f"{n} subjects (mean ± SD)"
    table = Table(title=f"{title}: {who}, {format_duration(dur)}", title_justify="left")
    table.add_column("outcome", style="bold", no_wrap=True, min_width=22)
    table.add_column("units")
    table.add_column("baseline (t=0)", justify="right")
    table.add_column("end", justify="right")
    table.add_column("change", justify="right")
    table.add_column("change %", justify="right")
    table.add_column("peak", justify="right")
    table.add_column("peak at", justify="right")
    last = None
    for r in outcome_rows(ds):
        ch, pct = _change_text(r)
        if r.label and r.name != last:
            dim = ds[r.name].dims[2]
            table.add_row(f"{r.name} (per {dim})", r.units, *[""] * 6)
        last = r.name
        table.add_row(f"  {r.label}" if r.label else r.name, "" if r.label else r.units, r.baseline.fmt(), r.end.fmt(),
                      ch, pct, r.peak.fmt(), format_time(r.peak_time_h, dur))
    console.print(table)

    p = program_summary(ds)
    if p.n_sets:
        console.print(f"Program: {p.n_sessions} session{'s' if p.n_sessions != 1 else ''}, {p.n_sets} sets"
                      + (f" over {p.n_weeks} week{'s' if p.n_weeks != 1 else ''}" if p.n_weeks else ""))
    else:
        console.print("Program: no exercise sessions")
    if p.hard_sets:
        hs = Table(title="Hard sets per muscle per week" if p.n_weeks > 1 else "Hard sets per muscle",
                   title_justify="left")
        hs.add_column("muscle")
        hs.add_column("mean", justify="right")
        hs.add_column("range", justify="right")
        for m, (mean, lo, hi) in sorted(p.hard_sets.items(), key=lambda kv: -kv[1][0]):
            hs.add_row(m, f"{mean:.1f}", f"{lo:.1f}–{hi:.1f}" if hi > lo else f"{lo:.1f}")
        console.print(hs)
    if p.notes:
        console.print(f"[yellow]warning:[/] {len(p.notes)} program note{'s' if len(p.notes) != 1 else ''}:",
                      highlight=False)
        for note in p.notes[:MAX_NOTES]:
            console.print("  - " + note, highlight=False, markup=False)
        if len(p.notes) > MAX_NOTES:
            console.print(f"  ... and {len(p.notes) - MAX_NOTES} more (see the 'program_notes' attribute of the result)",
                          highlight=False)
    if p.n_failed:
        detail = ", ".join(f"{k}: {v}" for k, v in p.failures.items())
        console.print(f"[red]warning:[/] {p.n_failed} of {p.n_subjects} subjects did not solve ({detail}); "
                      "they are left out of the table above", highlight=False)
    else:
        console.print(f"Solver status: ok ({p.n_subjects} subject{'s' if p.n_subjects != 1 else ''})")


# --------------------------------------------------------------------------- HTML
def summary_html(ds: xr.Dataset) -> str:
    """The outcome table and program summary as an HTML fragment."""
    e = html.escape
    dur = _duration(ds)
    parts = ["<table class='outcomes'><thead><tr>"
             + "".join(f"<th>{h}</th>" for h in ("outcome", "units", "baseline (t=0)", "end", "change", "change %",
                                                  "peak", "peak at"))
             + "</tr></thead><tbody>"]
    for r in outcome_rows(ds):
        ch, pct = _change_text(r)
        cells = (f"{r.name} · {r.label}" if r.label else r.name, r.units, r.baseline.fmt(), r.end.fmt(), ch, pct, r.peak.fmt(), format_time(r.peak_time_h, dur))
        parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
    parts.append("</tbody></table>")
    p = program_summary(ds)
    parts.append(f"<p>Program: {p.n_sessions} sessions, {p.n_sets} sets"
                 + (f" over {p.n_weeks} weeks" if p.n_weeks else "") + ".</p>")
    if p.hard_sets:
        parts.append("<table class='hardsets'><thead><tr><th>muscle</th><th>hard sets / week (mean)</th>"
                     "<th>range</th></tr></thead><tbody>")
        for m, (mean, lo, hi) in sorted(p.hard_sets.items(), key=lambda kv: -kv[1][0]):
            parts.append(f"<tr><td>{e(m)}</td><td>{mean:.1f}</td><td>{lo:.1f}–{hi:.1f}</td></tr>")
        parts.append("</tbody></table>")
    if p.notes:
        parts.append(f"<p class='warn'>{len(p.notes)} program notes:</p><ul>")
        parts += [f"<li>{e(n)}</li>" for n in p.notes]
        parts.append("</ul>")
    if p.n_failed:
        parts.append(f"<p class='warn'>{p.n_failed} of {p.n_subjects} subjects did not solve.</p>")
    return "\n".join(parts)
