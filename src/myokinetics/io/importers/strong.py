"""Strong (strong.app) CSV export.

Layouts read (checked against public parsers of Strong exports in this session):

* current: semicolon-separated, ``Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;
  Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration`` (the last column in newer files);
  the weight unit is in its own column.
* legacy: comma-separated, ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,
  Notes,Workout Notes,RPE`` with no unit column: the weights are in the unit set in the app, which the
  file does not say, so ``--unit kg|lb`` is required.

``Set Order`` is the set number; rows whose Set Order is ``W`` (warm-up), ``D`` (drop set) or ``F``
(failure) are read as those set types, and ``Rest Timer`` rows are rest, not sets (their seconds
become the rest after the previous set).  ``Date`` is the workout start, e.g. ``2024-01-08 18:05:00``.
"""
from __future__ import annotations

from pathlib import Path

from myokinetics.errors import InputError
from myokinetics.io.importers.core import LoggedSet, TrainingLog, csv_rows, number, parse_datetime, read_text, \
    require_columns, unit_name

WHAT = "a Strong CSV export"
CURRENT = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps")
LEGACY = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps")
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p")
KINDS = {"w": "warmup", "d": "dropset", "f": "failure"}


def looks_like(header: list[str]) -> bool:
    return {"Exercise Name", "Set Order", "Workout Name"} <= set(header)


def read(path: Path, unit: str | None = None) -> TrainingLog:
    text = read_text(path, WHAT)
    header, rows = csv_rows(text, path, WHAT)
    current = "Weight Unit" in header
    require_columns(header, CURRENT if current else LEGACY, path, WHAT)
    if not current and unit is None:
        raise InputError("--unit", "(missing)", "kg or lb: this Strong export (legacy layout) has no Weight Unit column",
                         "the weights are in the unit set in the app")
    semicolon = text.splitlines()[0].count(";") > text.splitlines()[0].count(",")
    layout = ("Strong CSV, current layout (semicolon-separated, Weight Unit column)" if current else
              f"Strong CSV, legacy layout (no unit column; weights read as {unit})")
    sets: list[LoggedSet] = []
    ignored: list[str] = []
    for line, r in rows:
        f = f"LOG line {line}"
        order = r.get("Set Order", "").strip()
        if order.lower().replace(" ", "") == "resttimer":
            secs = number(r.get("Seconds"), f"{f} Seconds", semicolon)
            if sets and secs:
                sets[-1].rest_after_s = secs
            else:
                ignored.append(f"line {line}: Rest Timer row ({r.get('Seconds') or 'no seconds'})")
            continue
        kind = "working"
        if order and not order.isdigit():
            if order.lower() not in KINDS:
                raise InputError(f"{f} Set Order", order, "a set number, W (warm-up), D (drop set), F (failure) or Rest Timer")
            kind = KINDS[order.lower()]
        name = r.get("Exercise Name", "").strip()
        if not name:
            raise InputError(f"{f} Exercise Name", "", "an exercise name")
        weight = number(r.get("Weight"), f"{f} Weight", semicolon)
        u = unit_name(r["Weight Unit"], f"{f} Weight Unit") if current and r.get("Weight Unit") else unit
        rpe = number(r.get("RPE"), f"{f} RPE", semicolon)
        secs = number(r.get("Seconds"), f"{f} Seconds", semicolon)
        dist = number(r.get("Distance"), f"{f} Distance", semicolon)
        sets.append(LoggedSet(
            start=parse_datetime(r["Date"], f"{f} Date", DATE_FORMATS), exercise=name,
            workout=r.get("Workout Name") or None, weight=weight,
            unit=u if weight is not None else None, reps=number(r.get("Reps"), f"{f} Reps", semicolon),
            rpe=rpe or None, kind=kind, duration_s=secs or None, distance=dist or None,
            distance_unit=r.get("Distance Unit") or None, notes=r.get("Notes", ""), where=f"line {line}"))
    return TrainingLog("strong", str(path), layout, sets, ignored)
