"""wger (wger.de) workout log: the REST API's workout-log entries as JSON, or the same fields as CSV.

wger has no log export file of its own; its API (``/api/v2/workoutlog/``) returns pages
``{"count": .., "next": .., "results": [entry, ...]}``.  Each entry (wger 2.x, checked against
wger-project/wger ``manager/api/serializers.py`` at commit aaba201) has ``date`` (ISO date-time),
``session``, ``exercise`` (an id in wger's exercise database), ``repetitions_unit`` (1 repetitions,
2 until failure, 3 seconds, 4 minutes, 5 miles, 6 km, 7 max reps, 8 metres), ``repetitions``,
``weight_unit`` (1 kg, 2 lb, 3 body weight, 4 plates, 5 km/h, 6 mph), ``weight``, ``rir``, ``rest``.
Read here: a page, a list of pages, or a list of entries (JSON), or a CSV whose columns are those
field names.  Older wger (1.x) entries with ``reps``/``repetition_unit``/``exercise_base`` are read
too.  The exercise name is taken from an ``exercise_name`` field when present, else from the id via
the table in ``data/exercise_aliases.yaml`` (``wger_exercises``); other ids are reported unmapped.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from myokinetics.errors import InputError
from myokinetics.io.importers.core import LoggedSet, TrainingLog, csv_rows, number, parse_datetime, read_text

WHAT = "a wger workout log (API workoutlog JSON, or CSV with its fields)"
WEIGHT_UNITS = {1: "kg", 2: "lb"}
REP_UNITS = {1: "reps", 2: "failure", 3: "s", 4: "min", 5: "mi", 6: "km", 7: "max", 8: "m"}


def looks_like_json(data) -> bool:
    return bool(_entries(data))


def looks_like(header: list[str]) -> bool:
    h = set(header)
    return "exercise" in h and "date" in h and bool(h & {"repetitions", "reps"}) and "weight" in h


def _entries(data) -> list | None:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        if all(isinstance(x, dict) and isinstance(x.get("results"), list) for x in data) and data:
            return [e for page in data for e in page["results"]]
        if data and all(isinstance(x, dict) and ("exercise" in x or "exercise_base" in x) for x in data):
            return data
    return None


def read(path: Path, unit: str | None = None) -> TrainingLog:
    from myokinetics.io.importers.names import ExerciseMatcher

    text = read_text(path, WHAT)
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError("LOG", str(path), f"valid JSON ({WHAT})", f"line {exc.lineno}: {exc.msg}") from None
        items = _entries(data)
        if items is None:
            raise InputError("LOG", str(path), WHAT, "no workout-log entries (results) found")
        records = [(f"record {i + 1}", e) for i, e in enumerate(items)]
        layout = "wger API workoutlog JSON"
    else:
        header, rows = csv_rows(text, path, WHAT)
        if not looks_like(header):
            raise InputError("LOG", str(path), f"{WHAT} with columns date, exercise, repetitions, weight")
        records = [(f"line {line}", r) for line, r in rows]
        layout = "wger workoutlog fields as CSV"
    names = ExerciseMatcher.load().wger_exercises
    sets = []
    for where, e in records:
        f = f"LOG {where}"
        if not isinstance(e, dict):
            raise InputError(f, e, "a workout-log entry (a mapping)")
        ex = e.get("exercise", e.get("exercise_base"))
        name = e.get("exercise_name")
        if not name:
            exid = number(ex, f"{f} exercise")
            if exid is None:
                raise InputError(f"{f} exercise", ex, "a wger exercise id")
            name = names.get(int(exid), f"wger exercise #{int(exid)}")
        date = e.get("date")
        if not date:
            raise InputError(f"{f} date", date, "a date, e.g. 2024-01-08 or 2024-01-08T18:05:00Z")
        has_time = "T" in str(date) or " " in str(date).strip()
        start = parse_datetime(str(date).split("+")[0].rstrip("Z"), f"{f} date", ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S",
                                                                                   "%Y-%m-%dT%H:%M:%S.%f"))
        wu = number(e.get("weight_unit", 1), f"{f} weight_unit")
        ru = number(e.get("repetitions_unit", e.get("repetition_unit", 1)), f"{f} repetitions_unit")
        reps = number(e.get("repetitions", e.get("reps")), f"{f} repetitions")
        w = number(e.get("weight"), f"{f} weight")
        kind, duration = "working", None
        ru = int(ru or 1)
        if ru == 2:
            kind = "failure"
        elif ru in (3, 4):
            duration, reps = (reps or 0) * (60.0 if ru == 4 else 1.0), None
        elif ru in (5, 6, 8):
            raise InputError(f"{f} repetitions_unit", ru, "a repetition or time unit (distances are not simulated yet)")
        u = WEIGHT_UNITS.get(int(wu or 1))
        note = ""
        if w is not None and u is None:     # body weight / plates / speeds: no load in kg
            note = f"weight {w:g} in wger weight unit {int(wu)} (not kg or lb)"
            w = None
        rir = number(e.get("rir"), f"{f} rir")
        session = e.get("session")
        sets.append(LoggedSet(start if has_time else dt.datetime.combine(start.date(), dt.time()), str(name),
                              f"session {session}" if session is not None else None, w, u if w is not None else None,
                              reps, rir=rir, kind=kind, duration_s=duration,
                              rest_after_s=number(e.get("rest"), f"{f} rest"), notes=note, where=where,
                              has_time=has_time))
    # entries of one session were logged at different times: the session starts at its first entry
    first: dict[str, dt.datetime] = {}
    for s in sets:
        if s.workout is not None:
            first[s.workout] = min(first.get(s.workout, s.start), s.start)
    for s in sets:
        if s.workout is not None:
            s.start = first[s.workout]
    return TrainingLog("wger", str(path), layout, sets)
