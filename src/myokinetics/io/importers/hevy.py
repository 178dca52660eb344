"""Hevy (hevy.com) CSV export.

Layout read (checked against public parsers of Hevy exports in this session): one row per set,
``"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",
"set_index","set_type","weight_kg"|"weight_lbs","reps","distance_km"|"distance_miles",
"duration_seconds","rpe"``.  The weight unit is in the column name; ``set_type`` is ``normal``,
``warmup``, ``dropset`` or ``failure``; ``start_time`` is the workout start, e.g.
``26 Jul 2025, 07:06`` (ISO dates are read too).
"""
from __future__ import annotations

from pathlib import Path

from myokinetics.errors import InputError
from myokinetics.io.importers.core import LoggedSet, TrainingLog, csv_rows, number, parse_datetime, read_text, \
    require_columns

WHAT = "a Hevy CSV export"
NEEDED = ("title", "start_time", "exercise_title", "set_index", "set_type", "reps")
DATE_FORMATS = ("%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%b %d, %Y, %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
KINDS = {"normal": "working", "warmup": "warmup", "dropset": "dropset", "failure": "failure"}


def looks_like(header: list[str]) -> bool:
    return {"exercise_title", "set_index", "start_time"} <= set(header)


def read(path: Path, unit: str | None = None) -> TrainingLog:
    header, rows = csv_rows(read_text(path, WHAT), path, WHAT)
    require_columns(header, NEEDED, path, WHAT)
    if "weight_kg" in header:
        wcol, u = "weight_kg", "kg"
    elif "weight_lbs" in header:
        wcol, u = "weight_lbs", "lb"
    else:
        raise InputError("LOG", str(path), f"{WHAT} with a weight_kg or weight_lbs column", "neither is in the header")
    dcol = "distance_km" if "distance_km" in header else ("distance_miles" if "distance_miles" in header else None)
    sets = []
    for line, r in rows:
        f = f"LOG line {line}"
        kind = r.get("set_type", "normal").strip().lower() or "normal"
        if kind not in KINDS:
            raise InputError(f"{f} set_type", r.get("set_type"), "normal, warmup, dropset or failure")
        w = number(r.get(wcol), f"{f} {wcol}")
        sets.append(LoggedSet(
            start=parse_datetime(r["start_time"], f"{f} start_time", DATE_FORMATS), exercise=r["exercise_title"],
            workout=r.get("title") or None, weight=w, unit=u if w is not None else None,
            reps=number(r.get("reps"), f"{f} reps"), rpe=number(r.get("rpe"), f"{f} rpe"), kind=KINDS[kind],
            duration_s=number(r.get("duration_seconds"), f"{f} duration_seconds") or None,
            distance=number(r.get(dcol), f"{f} {dcol}") if dcol else None,
            distance_unit={"distance_km": "km", "distance_miles": "mi"}.get(dcol), notes=r.get("exercise_notes", ""),
            where=f"line {line}"))
    return TrainingLog("hevy", str(path), f"Hevy CSV ({wcol})", sets)
