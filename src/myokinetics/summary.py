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

from myokinetics.engine.result import ALIAS_ATTR

__all__ = ["outcome_variables", "outcome_rows", "program_summary", "format_time", "time_scale", "print_summary",
           "summary_html", "format_duration", "OutcomeRow", "ProgramSummary", "headline", "HeadlineRow",
           "scenario_kind", "print_headline", "headline_html", "hidden_peaks_note", "output_step_h", "trained_lifts",
           "trained_muscles", "MAX_HEADLINE_ROWS", "check_variables", "label_name"]

#: Variables with (subject, time) dims that are bookkeeping, not outcomes.
NON_OUTCOMES = {"status", "parameter", "solver_steps"}
#: At most this many program notes are printed (the rest are counted).
MAX_NOTES = 8


# --------------------------------------------------------------------------- data
def outcome_variables(ds: xr.Dataset) -> list[str]:
    """Names of the per-subject time courses in ``ds``, in dataset order."""
    out = []
    for name, da in ds.data_vars.items():
        if name in NON_OUTCOMES or str(name).startswith("set_") or ALIAS_ATTR in da.attrs:
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


def check_variables(known, names, field: str = "--variables") -> list[str]:
    """``names`` (a list, or one comma-separated string) checked against ``known`` variable names.

    ``known``: a result Dataset (its time courses and deprecated aliases) or a list of names (e.g.
    :func:`myokinetics.engine.result.result_variable_names`).  Raises
    :class:`~myokinetics.errors.UnknownNameError` with close matches (``IL-6`` suggests ``il6``).
    """
    from myokinetics.errors import InputError, UnknownNameError

    if isinstance(known, xr.Dataset):
        valid = outcome_variables(known) + [str(n) for n, da in known.data_vars.items() if ALIAS_ATTR in da.attrs]
    else:
        valid = list(known)
    given = names
    if isinstance(names, str):
        names = names.split(",")
    names = [str(n).strip() for n in names if str(n).strip()]
    if not names:
        raise InputError(field, given, "one or more variable names, comma-separated (e.g. il6,mps)")
    out = []
    for n in names:
        if n not in valid:
            raise UnknownNameError(field, n, valid, "names of result variables, comma-separated")
        if n not in out:
            out.append(n)
    return out


def outcome_rows(ds: xr.Dataset, variables=None) -> list[OutcomeRow]:
    """Baseline, end, change and peak of every outcome, or of ``variables`` (mean ± SD across subjects)."""
    t = np.asarray(ds["time"].values, dtype=float)
    rows = []
    ok = _ok_mask(ds)
    for name in (outcome_variables(ds) if variables is None else list(variables)):
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
    short = {"h": "h", "days": "d", "weeks": "week"}[unit]
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
def print_summary(ds: xr.Dataset, console=None, variables=None) -> None:
    """Print the outcome table (every variable, or ``variables``) and the program summary."""
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
    for r in outcome_rows(ds, variables):
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


# --------------------------------------------------------------------------- headline
#: Most rows of the headline summary (``myokinetics simulate`` without ``--detail``).
MAX_HEADLINE_ROWS = 30
#: Runs up to this long (h) are an acute response (one workout or a few days); longer ones a program.
ACUTE_MAX_H = 14 * 24.0
#: Output spacing (h) above which the acute peaks of a session are under-sampled: blood lactate peaks within minutes
#: of a set and IL-6 and the hormones at the end of exercise, falling back within hours (the minute-scale output of
#: a --session run, 5 min, resolves them); a display threshold, not a model parameter.
ACUTE_PEAK_RESOLUTION_H = 0.25


@dataclass(frozen=True)
class _Pick:
    """One line (or one line per trained lift / muscle) of the headline, and the figure panel it goes in."""
    group: str
    variable: str
    per: str = ""            # "" (whole body), "lift" (each trained exercise) or "muscle" (each trained group)
    limit: int = 0           # most lifts / muscles
    panel: str = ""          # title of the figure panel ("" = table only); rows with one title share a panel
    plot: str = "value"      # value | change (minus the start) | pct_change | fold (of the start)


#: What a user of a single workout or a few days wants to know: recovery, the acute blood response, synthesis.
ACUTE_PICKS = (
    _Pick("Recovery", "readiness", panel="Readiness (× baseline)"),
    _Pick("Recovery", "fatigue"),
    _Pick("Recovery", "doms", panel="Muscle soreness, DOMS (0–10)"),
    _Pick("Recovery", "one_rm_today", "lift", 3, "1RM today, with fatigue (kg)"),
    _Pick("Muscle", "mps", "muscle", 3, "Muscle protein synthesis (%/h)"),
    _Pick("Muscle", "damage", "muscle", 3, "Muscle damage (fraction of force lost)"),
    _Pick("Blood", "il6", panel="IL-6 (pg/mL)"),
    *(_Pick("Blood", v, panel="Other myokines (× baseline)", plot="fold")
      for v in ("il1ra", "il10", "il15", "bdnf", "irisin", "fgf21", "igf1")),
    _Pick("Blood", "ck", panel="Creatine kinase (U/L)"),
    _Pick("Blood", "lactate", panel="Blood lactate (mmol/L)"),
    *(_Pick("Hormones", v, panel="Hormones (× baseline)", plot="fold") for v in ("gh", "cortisol", "testosterone")),
    _Pick("Energy and mood", "epoc", panel="Excess post-exercise energy, EPOC (kcal)"),
    _Pick("Energy and mood", "insulin_sensitivity", panel="Insulin sensitivity (× baseline)"),
    _Pick("Energy and mood", "state_anxiety"),
)

#: What a user of a program of weeks to years wants to know: strength, size, body composition, recovery, health.
PROGRAM_PICKS = (
    _Pick("Strength", "one_rm", "lift", 6, "1RM of the trained lifts (kg)"),
    _Pick("Muscle size", "muscle_mass_current", "muscle", 4, "Muscle mass of the most trained groups (% change)",
          "pct_change"),
    *(_Pick("Body composition", v, panel="Body composition (change from the start, kg)", plot="change")
      for v in ("body_mass", "lean_mass", "fat_mass", "skeletal_muscle_mass_current")),
    _Pick("Body composition", "rmr", panel="Resting metabolic rate (kcal/d)"),
    _Pick("Recovery", "readiness", panel="Readiness (× baseline)"),
    _Pick("Recovery", "doms", panel="Muscle soreness, DOMS (0–10)"),
    _Pick("Blood", "il6", panel="IL-6 (pg/mL)"),
    _Pick("Blood", "ck", panel="Creatine kinase (U/L)"),
    _Pick("Blood", "crp"),
    *(_Pick("Health", v, panel="Resting blood pressure (mmHg)") for v in ("sbp", "dbp")),
    *(_Pick("Health", v, panel="Cholesterol (mg/dL)") for v in ("ldl", "hdl")),
    _Pick("Health", "hba1c", panel="HbA1c (%)"),
    _Pick("Health", "bmd_lumbar_spine", panel="Bone mineral density, lumbar spine (g/cm²)"),
)

#: Plain names (and a plain unit where the stored unit is "1") of the headline variables.
PLAIN_NAMES = {
    "one_rm": ("1RM", None), "one_rm_today": ("1RM today", None),
    "muscle_mass_current": ("muscle mass", None), "mps": ("protein synthesis", None),
    "damage": ("damage", "fraction"),
    "readiness": ("Readiness", "× start"), "fatigue": ("Neuromuscular fatigue", "fraction"),
    "doms": ("Muscle soreness (DOMS)", "0–10"),
    "il6": ("IL-6", None), "il1ra": ("IL-1ra", None), "il10": ("IL-10", None), "il15": ("IL-15", None),
    "bdnf": ("BDNF", None), "irisin": ("Irisin", None), "fgf21": ("FGF21", None), "igf1": ("IGF-1", None),
    "ck": ("Creatine kinase (CK)", None), "lactate": ("Blood lactate", None), "crp": ("C-reactive protein (CRP)", None),
    "gh": ("Growth hormone", None), "cortisol": ("Cortisol", None), "testosterone": ("Testosterone", None),
    "epoc": ("EPOC (extra energy after exercise)", None), "insulin_sensitivity": ("Insulin sensitivity", "× start"),
    "state_anxiety": ("State anxiety", None),
    "body_mass": ("Body mass", None), "lean_mass": ("Lean (fat-free) mass", None), "fat_mass": ("Fat mass", None),
    "skeletal_muscle_mass_current": ("Skeletal muscle mass", None), "rmr": ("Resting metabolic rate", None),
    "sbp": ("Systolic blood pressure", None), "dbp": ("Diastolic blood pressure", None),
    "ldl": ("LDL cholesterol", None), "hdl": ("HDL cholesterol", None), "hba1c": ("HbA1c", None),
    "bmd_lumbar_spine": ("Bone density, lumbar spine", None), "bmd_femoral_neck": ("Bone density, femoral neck", None),
}


@dataclass(frozen=True)
class HeadlineRow:
    """One outcome of the headline summary: cohort mean (± SD across subjects for a cohort).

    ``peak`` is the value farthest from the start (a trough for an outcome that falls, e.g. readiness) and
    ``peak_time_h`` its time (median over subjects); ``label`` is the exercise or muscle id of a per-lift or
    per-muscle outcome ('' for a whole-body one); ``panel`` names the figure panel the row is drawn in ('' for
    none) and ``plot`` how (value, change, pct_change or fold of the start).
    """
    group: str
    name: str
    variable: str
    label: str
    unit: str
    baseline: Stat
    end: Stat
    change: Stat
    change_pct: Stat | None
    peak: Stat
    peak_time_h: float
    panel: str = ""
    plot: str = "value"

    def as_dict(self) -> dict:
        """Plain JSON-ready values (means, and SDs where the result is a cohort)."""
        def st(x: Stat | None):
            return None if x is None else {"mean": _finite(x.mean), "sd": _finite(x.sd)}
        return {"group": self.group, "name": self.name, "variable": self.variable, "label": self.label,
                "unit": self.unit, "baseline": st(self.baseline), "end": st(self.end), "change": st(self.change),
                "change_pct": st(self.change_pct), "peak": st(self.peak), "peak_time_h": _finite(self.peak_time_h),
                "panel": self.panel, "plot": self.plot}


def _finite(x):
    return float(x) if x is not None and np.isfinite(x) else None


def scenario_kind(ds: xr.Dataset, scenario=None) -> str:
    """'acute' for a run of up to two weeks (one workout or a few days), else 'program'."""
    dur = float(scenario.duration_h) if scenario is not None and getattr(scenario, "duration_h", None) else _duration(ds)
    return "acute" if dur <= ACUTE_MAX_H else "program"


def trained_lifts(ds: xr.Dataset) -> list[str]:
    """Exercise ids along ``exercise`` that the program trains, most sets first (then first performed)."""
    if "set_exercise" not in ds or "exercise" not in ds.coords:
        return []
    done = [str(x) for x in ds["set_exercise"].values]
    have = set(str(x) for x in ds["exercise"].values)
    order = {e: i for i, e in reversed(list(enumerate(done)))}
    counts = {e: done.count(e) for e in order if e in have}
    return sorted(counts, key=lambda e: (-counts[e], order[e]))


def trained_muscles(ds: xr.Dataset) -> list[str]:
    """Muscle-group ids with hard sets in the program, most hard sets first."""
    if "weekly_hard_sets" not in ds:
        return []
    total = np.asarray(ds["weekly_hard_sets"].sum("week").values, dtype=float)
    muscles = [str(m) for m in ds["muscle"].values]
    return [muscles[j] for j in np.argsort(-total, kind="stable") if total[j] > 0]


def _display(kind: str, label: str) -> str:
    """Display name of an exercise id (the library's, e.g. 'Back squat') or a muscle id ('latissimus dorsi')."""
    if kind == "lift":
        try:
            from myokinetics.program.library import get_library

            return get_library().get(label).name
        except Exception:  # noqa: BLE001 - an id the library does not know: show it as it is
            pass
    return label.replace("_", " ")


def label_name(dim: str, label: str) -> str:
    """Plain name of a label along ``exercise`` ('Back squat') or ``muscle`` ('Quadriceps')."""
    return _cap(_display("lift" if dim == "exercise" else "muscle", str(label)))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _extreme(y: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per subject: the value farthest from the start and its time (t[0] when the course is flat)."""
    dev = np.abs(y - y[:, :1])
    dev = np.where(np.isfinite(dev), dev, -1.0)
    idx = dev.argmax(axis=1)
    flat = dev.max(axis=1) <= 1e-9 * np.maximum(np.abs(y[:, 0]), 1.0)
    idx = np.where(flat, 0, idx)
    return y[np.arange(y.shape[0]), idx], t[idx]


def _row(pick: _Pick, name: str, label: str, unit: str, y: np.ndarray, t: np.ndarray) -> HeadlineRow:
    base, end = y[:, 0], y[:, -1]
    change = end - base
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(np.abs(base) > 1e-12, 100.0 * change / base, np.nan)
    peak, tpk = _extreme(y, t)
    return HeadlineRow(pick.group, name, pick.variable, label, unit, _stat(base), _stat(end), _stat(change),
                       _stat(pct) if np.isfinite(pct).any() else None, _stat(peak), float(np.median(tpk)),
                       pick.panel, pick.plot)


def headline(ds: xr.Dataset, scenario=None, *, max_rows: int = MAX_HEADLINE_ROWS) -> list[HeadlineRow]:
    """The outcomes a user of this scenario cares about, at most ``max_rows`` of them, in reading order.

    A pure function of a simulation result (``ds`` from :func:`myokinetics.api.simulate`); ``scenario``
    (optional) only decides the kind of run by its duration, which is otherwise read from ``ds``.

    * an *acute* run (up to two weeks: one workout, a few days) leads with recovery (readiness, fatigue,
      soreness, the 1RM available today of the trained lifts), then muscle protein synthesis and damage of the
      most trained muscles, the myokine, CK and lactate peaks, hormones, EPOC, insulin sensitivity and mood;
    * a *program* (longer) leads with the 1RM of the trained lifts and the mass of the most trained muscle
      groups, then body composition and resting metabolic rate, recovery, the acute IL-6 and CK peaks, and the
      health markers (blood pressure, cholesterol, HbA1c, bone density).

    Trained lifts are the exercises of the program's sets (most sets first), trained muscles those with hard
    sets (most first).  Variables the result does not have are skipped.  Each row has a plain name, the unit,
    the start, end, change and the peak (the value farthest from the start: a trough for a fall) with its time;
    subjects whose integration failed are left out.  Every other variable is in ``outcome_rows(ds)``.
    """
    picks = ACUTE_PICKS if scenario_kind(ds, scenario) == "acute" else PROGRAM_PICKS
    t = np.asarray(ds["time"].values, dtype=float)
    ok = _ok_mask(ds)
    lifts, muscles = trained_lifts(ds), trained_muscles(ds)
    rows: list[HeadlineRow] = []
    for pick in picks:
        if pick.variable not in ds or ds[pick.variable].dims[:2] != ("subject", "time"):
            continue
        da = ds[pick.variable]
        plain, plain_unit = PLAIN_NAMES.get(pick.variable, (str(da.attrs.get("long_name", pick.variable)), None))
        units = str(da.attrs.get("units", ""))
        unit = plain_unit if plain_unit is not None else ("" if units == "1" else units)
        if pick.per:
            dim = "exercise" if pick.per == "lift" else "muscle"
            if da.ndim != 3 or da.dims[2] != dim:
                continue
            wanted = lifts if pick.per == "lift" else muscles
            have = set(str(x) for x in ds[dim].values)
            labels = [x for x in wanted if x in have][: pick.limit or None]
            items = [(_cap(f"{_display(pick.per, lab)} {plain}"), lab, da.sel({dim: lab}).values) for lab in labels]
        else:
            if da.ndim != 2:
                continue
            items = [(plain, "", da.values)]
        for name, label, values in items:
            y = np.asarray(values, dtype=float)
            y = y[ok] if ok.any() else y
            rows.append(_row(pick, name, label, unit, y, t))
    return rows[:max_rows]


def output_step_h(ds: xr.Dataset) -> float:
    """The output spacing of a result (h; the median step, 0 for a single time)."""
    t = np.asarray(ds["time"].values, dtype=float)
    return float(np.median(np.diff(t))) if t.size > 1 else 0.0


def hidden_peaks_note(ds: xr.Dataset) -> str | None:
    """A warning when the output spacing is coarser than a session's acute peaks (so they are hidden), else None."""
    step = output_step_h(ds)
    if step <= ACUTE_PEAK_RESOLUTION_H or ds.sizes.get("set", 0) == 0:
        return None
    every = f"{step:g} h" if step < 24 else f"{step / 24:g} days"
    return (f"output every {every} is too coarse for the acute peaks of each session (lactate peaks within minutes, "
            f"IL-6 and hormones within hours): they are missed or cut short; set output: {{every: 5 min}} to see them")


def _fmt_scaled(x: Stat, scale: float, digits: int = 3) -> str:
    """A Stat with rounding noise (below 1e-6 of the row's scale) shown as 0."""
    tiny = 1e-6 * scale
    mean = 0.0 if abs(x.mean) < tiny else x.mean
    if x.sd is None or not np.isfinite(x.sd):
        return _num(mean, digits)
    if x.sd < tiny:          # the same for every subject (e.g. a value relative to each one's start)
        return _num(mean, digits)
    return f"{_num(mean, digits)} ± {_num(x.sd, 2)}"


def _headline_cells(r: HeadlineRow, dur: float) -> list[str]:
    scale = max(abs(r.baseline.mean), abs(r.end.mean), abs(r.peak.mean), 1e-300)
    ch = _fmt_scaled(r.change, scale)
    if r.change.mean > 1e-6 * scale and not ch.startswith("+"):
        ch = "+" + ch
    pct = ""
    if r.change_pct is not None and np.isfinite(r.change_pct.mean) and abs(r.change.mean) > 1e-6 * scale:
        pct = f"{r.change_pct.mean:+.1f}%"
    moved = abs(r.peak.mean - r.baseline.mean) > 1e-6 * scale
    at = format_time(r.peak_time_h, dur) if moved else ""
    mean = lambda x: _fmt_scaled(Stat(x.mean), scale)  # noqa: E731 - levels as means; the spread is in the change
    peak = mean(r.peak) if moved else "—"
    return [r.name, r.unit, mean(r.baseline), mean(r.end), ch, pct, peak, at]


HEADLINE_COLUMNS = ("outcome", "unit", "start", "end", "change", "%", "peak", "at")


def print_headline(ds: xr.Dataset, console=None, scenario=None, *, n_more_hint: bool = True) -> list[HeadlineRow]:
    """Print the headline table (:func:`headline`) and a compact program and solver summary; returns the rows."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    rows = headline(ds, scenario)
    dur = _duration(ds)
    n = int(ds.sizes.get("subject", 1))
    title = str(ds.attrs.get("scenario") or ds.attrs.get("title") or "simulation")
    who = "1 subject" if n == 1 else f"{n} subjects (means; change ± SD between subjects)"
    table = Table(title=f"{title}: {who}, {format_duration(dur)}", title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False, show_edge=False)
    for col in HEADLINE_COLUMNS:
        table.add_column(col, justify="left" if col in ("outcome", "unit") else "right", no_wrap=col != "outcome",
                         min_width=24 if col == "outcome" else None)
    for r in rows:
        table.add_row(*_headline_cells(r, dur))
    console.print(table)
    p = program_summary(ds)
    if p.n_sets:
        top = sorted(p.hard_sets.items(), key=lambda kv: -kv[1][0])[:3]
        hs = ", ".join(f"{_display('muscle', m)} {mean:.1f}" for m, (mean, _, _) in top)
        console.print(f"Program: {p.n_sessions} session{'s' if p.n_sessions != 1 else ''}, {p.n_sets} sets"
                      + (f" over {p.n_weeks} week{'s' if p.n_weeks != 1 else ''}" if p.n_weeks else "")
                      + (f"; hard sets per {'week' if p.n_weeks > 1 else 'session'}: {hs}"
                         + (f" (+{len(p.hard_sets) - 3} more muscles)" if len(p.hard_sets) > 3 else "") if hs else ""),
                      highlight=False)
    else:
        console.print("Program: no exercise sessions")
    if p.notes:
        first = p.notes[0] if len(p.notes[0]) <= 160 else p.notes[0][:159].rstrip() + "…"
        more = f" (and {len(p.notes) - 1} more: --detail lists all)" if len(p.notes) > 1 else ""
        console.print("[yellow]warning:[/] program note: ", highlight=False, end="")
        console.print(first + more, highlight=False, markup=False)
    note = hidden_peaks_note(ds)
    if note:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    if p.n_failed:
        detail = ", ".join(f"{k}: {v}" for k, v in p.failures.items())
        console.print(f"[red]warning:[/] {p.n_failed} of {p.n_subjects} subjects did not solve ({detail}); "
                      "they are left out of the table above", highlight=False)
    if n_more_hint:
        n_vars = len(outcome_variables(ds))
        console.print(f"{len(rows)} headline outcomes of {n_vars} variables; --detail prints every variable, "
                      "--variables NAME,... chosen ones", highlight=False)
    return rows


def headline_html(ds: xr.Dataset, scenario=None) -> str:
    """The headline table as an HTML fragment (for the interactive plot page and the web page)."""
    e = html.escape
    dur = _duration(ds)
    parts = ["<table class='outcomes'><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in HEADLINE_COLUMNS)
             + "</tr></thead><tbody>"]
    group = None
    for r in headline(ds, scenario):
        if r.group != group:
            parts.append(f"<tr class='group'><th colspan='{len(HEADLINE_COLUMNS)}'>{e(r.group)}</th></tr>")
            group = r.group
        parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in _headline_cells(r, dur)) + "</tr>")
    parts.append("</tbody></table>")
    note = hidden_peaks_note(ds)
    if note:
        parts.append(f"<p class='warn'>Note: {e(note)}</p>")
    return "\n".join(parts)
