"""FitNotes (Android) CSV export: Settings -> Spreadsheet Export -> Workout Data.

Layout read (checked against public parsers and sample exports in this session):
``Date,Exercise,Category,Weight (kgs)|Weight (lbs),Reps,Distance,Distance Unit,Time,Comment``; the
weight unit is in the column name, dates are ``YYYY-MM-DD`` without a time of day.  Newer exports
may have ``Weight`` plus a ``Weight Unit`` column (kgs/lbs per row) and ``Is Warmup`` / ``RPE`` /
``RIR`` columns; those are read when present.  FitNotes has no workout title: one session per date.
Without an ``Is Warmup`` column FitNotes does not mark warm-up sets, so none is flagged.
"""
from __future__ import annotations

from pathlib import Path

from myokinetics.errors import InputError
from myokinetics.io.importers.core import LoggedSet, TrainingLog, csv_rows, number, parse_datetime, read_text, \
    require_columns, unit_name

WHAT = "a FitNotes CSV export"
NEEDED = ("Date", "Exercise", "Category", "Reps")


def looks_like(header: list[str]) -> bool:
    h = set(header)
    return {"Date", "Exercise", "Category"} <= h and bool(h & {"Weight (kgs)", "Weight (lbs)", "Weight"})


def _time_s(text: str, field: str) -> float | None:
    s = (text or "").strip()
    if not s:
        return None
    parts = s.split(":")
    try:
        vals = [float(p) for p in parts]
    except ValueError:
        raise InputError(field, text, "a time such as 0:01:30 or 90") from None
    total = 0.0
    for v in vals:
        total = total * 60 + v
    return total or None


def read(path: Path, unit: str | None = None) -> TrainingLog:
    header, rows = csv_rows(read_text(path, WHAT), path, WHAT)
    require_columns(header, NEEDED, path, WHAT)
    if "Weight (kgs)" in header:
        wcol, fixed = "Weight (kgs)", "kg"
    elif "Weight (lbs)" in header:
        wcol, fixed = "Weight (lbs)", "lb"
    elif "Weight" in header and "Weight Unit" in header:
        wcol, fixed = "Weight", None
    else:
        raise InputError("LOG", str(path), f"{WHAT} with a 'Weight (kgs)' or 'Weight (lbs)' column (or Weight and Weight Unit)",
                         "none is in the header")
    sets = []
    for line, r in rows:
        f = f"LOG line {line}"
        w = number(r.get(wcol), f"{f} {wcol}")
        u = fixed or (unit_name(r["Weight Unit"], f"{f} Weight Unit") if r.get("Weight Unit") else None)
        if w and u is None:
            raise InputError(f"{f} Weight Unit", "", "kgs or lbs")
        warm = (r.get("Is Warmup") or r.get("IsWarmup") or "").strip().lower() in ("1", "true", "yes")
        sets.append(LoggedSet(
            start=parse_datetime(r["Date"], f"{f} Date", ("%Y-%m-%d",)), exercise=r["Exercise"], workout=None,
            weight=w, unit=u if w is not None else None, reps=number(r.get("Reps"), f"{f} Reps"),
            rpe=number(r.get("RPE"), f"{f} RPE"), rir=number(r.get("RIR"), f"{f} RIR"),
            kind="warmup" if warm else "working", duration_s=_time_s(r.get("Time", ""), f"{f} Time"),
            distance=number(r.get("Distance"), f"{f} Distance") or None, distance_unit=r.get("Distance Unit") or None,
            notes=r.get("Comment", ""), where=f"line {line}", has_time=False))
    return TrainingLog("fitnotes", str(path), f"FitNotes CSV ({wcol})", sets)
