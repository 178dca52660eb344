"""JEFIT backup export (a multi-section CSV).

Layout read (checked against public parsers of JEFIT exports in this session): sections start with
a line ``### <NAME> ####...``, each with its own header row.  Used here:

* ``WORKOUT SESSIONS``: ``_id, ..., starttime, endtime`` (Unix seconds);
* ``EXERCISE LOGS``: ``USERID,TIMESTAMP,belongSys,logs,_id,record,mydate,eid,ename,day_item_id,
  belongsession,logTime,...``; ``logs`` holds the sets as ``weight x reps`` pairs, e.g.
  ``"60x10,65x8"``, in the unit set in the app;
* ``EXERCISE SET LOGS`` (newer exports): ``_id,userid,exercise_log_id,set_index,weight_lbs,reps,...``,
  one row per set, always in pounds.

When EXERCISE SET LOGS is present it is used (its unit is stated); otherwise the ``logs`` pairs are
read in the unit given by ``--unit kg|lb`` (required then: the file does not say).  Sessions start at
``WORKOUT SESSIONS.starttime`` when the session is found, else on ``mydate`` (no time of day).
JEFIT marks no warm-up sets in these sections.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from myokinetics.errors import InputError
from myokinetics.io.importers.core import LoggedSet, TrainingLog, number, read_text

WHAT = "a JEFIT backup export (### EXERCISE LOGS section)"
_SECTION = re.compile(r"^#{3}\s*([A-Z][A-Z _]*[A-Z])\s*#*\s*$")


def looks_like(text_head: str) -> bool:
    return "### EXERCISE LOGS" in text_head or ("ename" in text_head and "belongsession" in text_head)


def sections(text: str) -> dict[str, tuple[int, list[str]]]:
    """Section name -> (line number of its header row, its lines)."""
    out: dict[str, tuple[int, list[str]]] = {}
    name, start, lines = None, 0, []
    for i, raw in enumerate(text.splitlines(), start=1):
        m = _SECTION.match(raw.strip())
        if m:
            if name:
                out[name] = (start, lines)
            name, start, lines = m.group(1).strip(), 0, []
            continue
        if name is None or not raw.strip() or raw.strip().startswith("#"):
            continue
        if not lines:
            start = i
        lines.append(raw)
    if name:
        out[name] = (start, lines)
    return out


def _rows(sec: tuple[int, list[str]]) -> list[tuple[int, dict]]:
    start, lines = sec
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    return [(start + k + 1, {(a or "").strip(): (b or "").strip() for a, b in row.items() if a is not None})
            for k, row in enumerate(reader)]


def read(path: Path, unit: str | None = None) -> TrainingLog:
    text = read_text(path, WHAT)
    secs = sections(text)
    if "EXERCISE LOGS" not in secs:
        raise InputError("LOG", str(path), WHAT, "no '### EXERCISE LOGS' section")
    starts: dict[str, dt.datetime] = {}
    for line, r in _rows(secs["WORKOUT SESSIONS"]) if "WORKOUT SESSIONS" in secs else []:
        t = number(r.get("starttime"), f"LOG line {line} starttime", limit=1e11)
        if r.get("_id") and t:
            starts[r["_id"]] = dt.datetime.fromtimestamp(t, dt.timezone.utc).astimezone().replace(tzinfo=None)
    logs = {}
    for line, r in _rows(secs["EXERCISE LOGS"]):
        if not r.get("_id") or not r.get("ename"):
            raise InputError(f"LOG line {line}", ",".join(r.values())[:60], "an EXERCISE LOGS row with _id and ename")
        when = starts.get(r.get("belongsession", ""))
        has_time = when is not None
        if when is None:
            try:
                when = dt.datetime.strptime(r.get("mydate", ""), "%Y-%m-%d")
            except ValueError:
                raise InputError(f"LOG line {line} mydate", r.get("mydate"), "a date YYYY-MM-DD") from None
        logs[r["_id"]] = (line, r, when, has_time)
    sets: list[LoggedSet] = []
    if "EXERCISE SET LOGS" in secs:
        layout = "JEFIT backup CSV (EXERCISE SET LOGS, weight_lbs)"
        for line, r in _rows(secs["EXERCISE SET LOGS"]):
            f = f"LOG line {line}"
            parent = logs.get(r.get("exercise_log_id", ""))
            if parent is None:
                raise InputError(f"{f} exercise_log_id", r.get("exercise_log_id"), "the _id of an EXERCISE LOGS row")
            _, p, when, has_time = parent
            w = number(r.get("weight_lbs"), f"{f} weight_lbs")
            dur = number(r.get("duration"), f"{f} duration")
            sets.append(LoggedSet(when, p["ename"], None, w, "lb" if w is not None else None,
                                  number(r.get("reps"), f"{f} reps"), duration_s=dur or None, where=f"line {line}",
                                  has_time=has_time))
    else:
        if unit is None:
            raise InputError("--unit", "(missing)", "kg or lb: this JEFIT export has no EXERCISE SET LOGS section and its "
                             "logs column does not say the unit", "the weights are in the unit set in the app")
        layout = f"JEFIT backup CSV (EXERCISE LOGS logs column, read as {unit})"
        for _, (line, r, when, has_time) in logs.items():
            for k, pair in enumerate(p for p in r.get("logs", "").split(",") if p.strip()):
                m = re.fullmatch(r"\s*([0-9.]+)\s*[x×]\s*([0-9.]+)\s*", pair)
                if not m:
                    raise InputError(f"LOG line {line} logs", pair, "sets written as <weight>x<reps>, e.g. 60x10")
                w = number(m.group(1), f"LOG line {line} logs")
                sets.append(LoggedSet(when, r["ename"], None, w, unit, number(m.group(2), f"LOG line {line} logs"),
                                      where=f"line {line} set {k + 1}", has_time=has_time))
    return TrainingLog("jefit", str(path), layout, sets)
