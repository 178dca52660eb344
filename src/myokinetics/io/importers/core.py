"""The common core of the training-log importers: logged sets, reading helpers, scenario building.

Each format module (``strong``, ``hevy``, ``fitnotes``, ``jefit``, ``fit``, ``wger``) turns a file
into a :class:`TrainingLog`: a list of :class:`LoggedSet` as logged (weight in the log's unit,
set type, RPE/RIR, the source line).  :func:`build_scenario` turns a log into the text of a
scenario file with dated ``sessions:`` that ``myokinetics simulate`` runs, and keeps everything
it does not simulate in the file as comments, so nothing in the log is lost:

* warm-up sets are left out of the simulated sessions (``include_warmups=True`` keeps them) and
  listed as comments at their session;
* every logged name is mapped to the exercise library (:mod:`.names`); sets of unmapped names
  are listed at their session and in the header, and the names on stderr;
* weights are converted to kg with pint; the logged value and unit stay in the set's comment;
* RPE/RIR are kept in the comment (a kg load already fixes the effort through the 1RM); a set
  without a usable weight (a bodyweight exercise, or added weight on one) is written with its
  RPE/RIR, or :data:`~myokinetics.personal.e1rm.DEFAULT_UNLOGGED_RIR` when it has neither;
* the starting 1RM of each exercise (``one_rm:``) is the best e1RM of its first
  :data:`START_WINDOW_DAYS` days (:func:`myokinetics.personal.e1rm.set_e1rm`), so kg loads are
  resolved against the lifter's own strength, not the library's body-mass default.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from myokinetics.errors import InputError
from myokinetics.io.importers.names import ExerciseMatcher, Match

#: Days after an exercise's first logged session whose sets give its starting 1RM (the first week:
#: long enough for a lift trained once a week, short enough that progression does not inflate it).
START_WINDOW_DAYS = 7
#: Reps to failure accepted for a starting 1RM when an exercise has no set of <= 10 (less accurate).
E1RM_FALLBACK_MAX_REPS = 20.0
#: Days simulated after the last logged session (recovery after the last workout).
DAYS_AFTER_LAST = 7
#: Time of day given to sessions of logs that record only the date (FitNotes, wger, JEFIT logs).
DEFAULT_TIME = "18:00"
#: Logs up to this many days are written with hourly output; longer ones daily (output size).
HOURLY_OUTPUT_MAX_DAYS = 56
#: Library equipment for which a logged weight is ADDED weight on the body, not the load lifted.
BODYWEIGHT_EQUIPMENT = ("bodyweight", "pull-up bar", "parallel bars")
#: Minutes between two sessions of one day when the log gives no time (or the same time).
SAME_DAY_GAP_MIN = 120

SET_KINDS = ("working", "warmup", "dropset", "failure")


@dataclass
class LoggedSet:
    """One set as the log wrote it.  ``weight`` is in ``unit`` ('kg' or 'lb'); None: not logged."""

    start: dt.datetime               # start of the workout (local time); the date when only that is logged
    exercise: str                    # name as logged
    workout: str | None = None       # workout title
    weight: float | None = None
    unit: str | None = None
    reps: float | None = None
    rpe: float | None = None
    rir: float | None = None
    kind: str = "working"            # working, warmup, dropset, failure
    duration_s: float | None = None  # timed sets and cardio
    distance: float | None = None
    distance_unit: str | None = None
    rest_after_s: float | None = None
    notes: str = ""
    where: str = ""                  # "line 12", "record 7": where in the file
    has_time: bool = True            # False: the log gives only the date

    @property
    def weight_kg(self) -> float | None:
        return to_kg(self.weight, self.unit, self.where)

    def original(self) -> str:
        """The logged values, for comments (nothing converted)."""
        parts = []
        if self.weight is not None:
            parts.append(f"{_num(self.weight)} {self.unit or '?'}")
        if self.reps is not None:
            parts.append(f"x {_num(self.reps)}")
        if self.duration_s is not None:
            parts.append(f"{_num(self.duration_s)} s")
        if self.distance is not None:
            parts.append(f"{_num(self.distance)} {self.distance_unit or ''}".strip())
        if self.rpe is not None:
            parts.append(f"RPE {_num(self.rpe)}")
        if self.rir is not None:
            parts.append(f"{_num(self.rir)} RIR")
        if self.kind != "working":
            parts.append(self.kind)
        if self.notes:
            parts.append(f"note: {self.notes}")
        return " ".join(parts) or "(no values)"


@dataclass
class TrainingLog:
    format: str                       # strong, hevy, ...
    source: str                       # the file
    layout: str                       # which export layout was read
    sets: list[LoggedSet]
    ignored: list[str] = field(default_factory=list)   # rows that are not sets, with the reason (kept as comments)


# --------------------------------------------------------------------------- reading helpers
def read_text(path: Path, what: str) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("LOG", str(path), "an existing file") from None
    except IsADirectoryError:
        raise InputError("LOG", str(path), "a file, not a folder") from None
    if b"\x00" in data[:4096]:
        raise InputError("LOG", str(path), f"a text file ({what})", "the file is binary")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError("LOG", str(path), f"a text file ({what})", "cannot decode it as UTF-8 or Windows-1252")


def csv_rows(text: str, path: Path, what: str, delimiter: str | None = None) -> tuple[list[str], list[tuple[int, dict]]]:
    """(header, [(line number, row dict)]) of a CSV text; the delimiter is found from the header."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError("LOG", str(path), what, "the file is empty")
    if delimiter is None:
        head = lines[0]
        delimiter = max((";", ",", "\t"), key=head.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
        out = []
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if len(row) > len(header):
                raise InputError(f"LOG line {reader.line_num}", delimiter.join(row)[:60],
                                 f"at most {len(header)} columns ({what})")
            out.append((reader.line_num, dict(zip(header, [c.strip() for c in row]))))
    except csv.Error as exc:
        raise InputError("LOG", str(path), f"a readable CSV file ({what})", str(exc)) from None
    return header, out


def require_columns(header: Iterable[str], needed: Iterable[str], path: Path, what: str) -> None:
    have = set(header)
    missing = [c for c in needed if c not in have]
    if missing:
        raise InputError("LOG", str(path), f"{what} with columns {', '.join(needed)}",
                         "missing " + ", ".join(repr(m) for m in missing))


def number(text: Any, field: str, decimal_comma: bool = False, limit: float = 1e6) -> float | None:
    """A logged number; '' or None -> None; a bad one -> one InputError naming the field."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise InputError(field, text, "a number")
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        s = str(text).strip()
        if not s:
            return None
        if decimal_comma:
            s = s.replace(",", ".")
        try:
            value = float(s)
        except ValueError:
            raise InputError(field, text, "a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise InputError(field, text, f"a finite number below {limit:,.0f}")
    return value


def parse_datetime(text: str, field: str, formats: Iterable[str]) -> dt.datetime:
    s = " ".join(str(text).replace("\u202f", " ").split())
    for f in formats:
        try:
            return dt.datetime.strptime(s, f)
        except ValueError:
            continue
    try:
        d = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        return d.replace(tzinfo=None) if d.tzinfo is None else d.astimezone().replace(tzinfo=None)
    except ValueError:
        pass
    raise InputError(field, text, "a date and time such as 2024-01-08 18:05:00")


UNITS = {"kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg", "lb": "lb", "lbs": "lb", "pound": "lb",
         "pounds": "lb"}


def unit_name(text: Any, field: str) -> str:
    key = str(text).strip().lower()
    if key not in UNITS:
        raise InputError(field, text, "a weight unit: kg or lb (lbs)")
    return UNITS[key]


def to_kg(value: float | None, unit: str | None, where: str = "") -> float | None:
    """``value`` in ``unit`` -> kg (pint); None stays None."""
    if value is None:
        return None
    if unit == "kg":
        return float(value)
    if unit != "lb":
        raise InputError(f"weight unit ({where})" if where else "weight unit", unit, "kg or lb")
    from myokinetics.model.units import ureg

    reg = ureg()
    return float(reg.Quantity(float(value), "lb").to("kg").magnitude)


def _num(x: float) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.4g}"


# --------------------------------------------------------------------------- scenario building
@dataclass
class ImportOptions:
    include_warmups: bool = False
    cardio_intensity: float | None = None     # %VO2max for logged cardio (None: not simulated)
    name: str | None = None
    subjects: dict = field(default_factory=dict)
    days_after: int = DAYS_AFTER_LAST


@dataclass
class Entry:
    """One logged set with its mapping and what was written for it."""

    s: LoggedSet
    match: Match
    block: str | None = None          # the shorthand, or None when not simulated
    reason: str = ""                  # why not simulated
    assumed_rir: bool = False


@dataclass
class ImportResult:
    text: str                         # the scenario file
    data: dict                        # the same, parsed
    log: TrainingLog
    entries: list[Entry]
    matches: dict[str, Match]
    one_rm: dict[str, tuple[float, str]]   # exercise id -> (kg, from what)
    warnings: list[str]

    @property
    def unmapped(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            if not e.match.mapped:
                out[e.s.exercise] = out.get(e.s.exercise, 0) + 1
        return out

    def summary_lines(self) -> list[str]:
        n = len(self.entries)
        sim = sum(1 for e in self.entries if e.block)
        warm = sum(1 for e in self.entries if e.s.kind == "warmup" and not e.block)
        lines = [f"{self.log.format}: {len(self.data.get('sessions') or [])} sessions, {n} logged sets: {sim} simulated, "
                 f"{warm} warm-up sets left out, {n - sim - warm} not simulated"]
        for name, count in self.unmapped.items():
            lines.append(f"unmapped exercise {name!r} ({count} set{'s' if count != 1 else ''}): not simulated, listed in the "
                         "scenario file")
        for m in self.matches.values():
            if m.how == "fuzzy":
                lines.append("fuzzy match " + m.describe())
        lines += self.warnings
        return lines


def _is_bodyweight(exercise_id: str) -> bool:
    from myokinetics.program.library import get_library

    eq = get_library().exercises[exercise_id].equipment.lower()
    return eq in BODYWEIGHT_EQUIPMENT


def _block_for(e: Entry, opts: ImportOptions) -> None:
    """Fill ``e.block`` (the shorthand of one set) or ``e.reason``."""
    from myokinetics.personal.e1rm import DEFAULT_UNLOGGED_RIR
    from myokinetics.program.library import get_library
    from myokinetics.program.parse import format_number

    s, m = e.s, e.match
    if s.kind == "warmup" and not opts.include_warmups:
        e.reason = "warm-up set (left out; --include-warmups keeps them)"
        return
    if not m.mapped:
        e.reason = "exercise not in the library"
        return
    ex = get_library().exercises[m.exercise_id]
    if ex.modality != "resistance":
        if not s.duration_s:
            e.reason = f"{ex.modality} entry without a duration"
            return
        if opts.cardio_intensity is None:
            e.reason = f"{ex.modality} entry: the log gives no intensity (--cardio-intensity N sets one as % VO2max)"
            return
        e.block = f"{ex.name} {format_number(round(s.duration_s / 60.0, 2))} min @ {format_number(opts.cardio_intensity)}% VO2max"
        return
    reps = s.reps
    if reps is not None and reps <= 0:
        reps = None
    if reps is None:
        if s.duration_s and s.duration_s > 0:
            e.block = f"{ex.name} 1x{format_number(round(s.duration_s, 1))} s"
            return
        e.reason = "no repetitions or duration logged"
        return
    if not float(reps).is_integer():
        e.reason = f"{_num(reps)} repetitions is not a whole number"
        return
    reps = int(reps)
    kg = s.weight_kg
    rpe = s.rpe if s.rpe is not None and 1 <= s.rpe <= 10 else None
    rir = s.rir if s.rir is not None and s.rir >= 0 else None
    if kg is not None and kg > 0 and not _is_bodyweight(ex.id):
        load = f"{format_number(round(kg, 2))} kg"
    elif rir is not None:
        load = f"{format_number(rir)} RIR"
    elif rpe is not None:
        load = f"RPE {format_number(rpe)}"
    else:
        load = f"{format_number(DEFAULT_UNLOGGED_RIR)} RIR"
        e.assumed_rir = True
    failure = s.kind == "failure" and load.endswith("kg")
    e.block = f"{ex.name} 1x{reps} @ {load}" + (" to failure" if failure else "")


def _starting_one_rm(entries: list[Entry]) -> dict[str, tuple[float, str]]:
    from myokinetics.personal.e1rm import E1RM_MAX_REPS_TO_FAILURE, set_e1rm

    first: dict[str, dt.date] = {}
    for e in entries:
        if e.block and e.block.split(" @ ")[-1].endswith("kg"):
            eid = e.match.exercise_id
            first.setdefault(eid, e.s.start.date())
    best: dict[str, tuple[float, str]] = {}
    for e in entries:
        eid = e.match.exercise_id
        if eid not in first or not e.block or not e.block.split(" @ ")[-1].endswith("kg") or e.s.kind == "warmup":
            continue
        if (e.s.start.date() - first[eid]).days >= START_WINDOW_DAYS or e.s.reps is None:
            continue
        est = set_e1rm(e.s.weight_kg, e.s.reps, e.s.rpe if e.s.rpe is not None and 1 <= e.s.rpe <= 10 else None,
                       e.s.rir if e.s.rir is not None and e.s.rir >= 0 else None)
        if est.reps_to_failure > E1RM_FALLBACK_MAX_REPS:
            continue
        how = f"{e.s.original()} on {e.s.start.date()}" + ("" if est.rir_logged else f", {_num(est.rir)} RIR assumed")
        accurate = est.reps_to_failure <= E1RM_MAX_REPS_TO_FAILURE
        if not accurate:
            how += f" ({_num(est.reps_to_failure)} reps to failure: less accurate)"
        rank = (accurate, est.e1rm_kg)
        if eid not in best or rank > best[eid][0]:
            best[eid] = (rank, (est.e1rm_kg, how))
    return {k: v for k, (_, v) in best.items()}


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def _session_minutes(blocks: list[str]) -> float:
    from myokinetics.program.parse import parse_session

    sess = parse_session(blocks, "session")
    total = 0.0
    for b in sess.blocks:
        one = b.work_s if b.work_s is not None else (b.reps or 0) * b.exercise.rep_duration_s
        total += b.sets * one + max(0, b.sets - 1) * b.rest_s + b.rest_s
    return total / 60.0


def build_scenario(log: TrainingLog, opts: ImportOptions | None = None, matcher: ExerciseMatcher | None = None) -> ImportResult:
    """The scenario file (text and parsed data) of ``log``; see the module docstring."""
    import yaml

    from myokinetics.io.scenario import Scenario

    opts = opts or ImportOptions()
    matcher = matcher or ExerciseMatcher.load()
    if not log.sets:
        raise InputError("LOG", log.source, f"a {log.format} log with at least one set", "no sets found in the file")
    matches: dict[str, Match] = {}
    entries = []
    for s in log.sets:
        if s.exercise not in matches:
            matches[s.exercise] = matcher.match(s.exercise)
        e = Entry(s, matches[s.exercise])
        _block_for(e, opts)
        entries.append(e)

    # sessions: group by workout start (and title), in time order
    groups: dict[tuple, list[Entry]] = {}
    for e in entries:
        groups.setdefault((e.s.start, e.s.workout or ""), []).append(e)
    keys = sorted(groups, key=lambda k: k[0])
    t0 = keys[0][0].date()
    monday = t0 - dt.timedelta(days=t0.weekday())
    warnings: list[str] = []
    one_rm = _starting_one_rm(entries)

    sessions_out = []      # (day, time, name, header comment, block lines, comment lines)
    prev_end: dt.datetime | None = None
    for k in keys:
        es = groups[k]
        start = k[0] if es[0].s.has_time else dt.datetime.combine(k[0].date(), dt.time.fromisoformat(DEFAULT_TIME))
        # merge consecutive identical sets into one block
        blocks: list[tuple[str, list[Entry]]] = []
        for e in es:
            if not e.block:
                continue
            if blocks and blocks[-1][0] == e.block:
                blocks[-1][1].append(e)
            else:
                blocks.append((e.block, [e]))
        lines = []
        for text, group in blocks:
            n = len(group)
            shown = text.replace(" 1x", f" {n}x", 1) if n > 1 else text
            rest = group[-1].s.rest_after_s
            if rest is not None and rest > 0 and rest < 3600:
                shown += f", rest {int(round(rest))} s"
            orig = "; ".join(f"{g.s.original()}" for g in group)
            tag = "" if group[0].match.how == "library" else f" [{group[0].match.how}]"
            assumed = " (no RPE/RIR logged: RIR assumed)" if group[0].assumed_rir else ""
            lines.append((shown, _comment(f"{group[0].s.exercise}{tag}: {orig}{assumed} ({group[0].s.where}"
                                          + (f"-{group[-1].s.where.split()[-1]}" if n > 1 else "") + ")")))
        skipped = [_comment(f"not simulated: {e.s.exercise}: {e.s.original()} ({e.s.where}): {e.reason}")
                   for e in es if not e.block]
        if prev_end is not None and start < prev_end:
            moved = prev_end + dt.timedelta(minutes=1)
            warnings.append(f"session of {start:%Y-%m-%d %H:%M} starts before the previous one ends (by the simulated set and "
                            f"rest times); moved to {moved:%H:%M}")
            start = moved
        if lines:
            prev_end = start + dt.timedelta(minutes=_session_minutes([b for b, _ in lines]))
        day = (start.date() - monday).days
        head = _comment(f"{start:%Y-%m-%d (%a) %H:%M}" + (f" {k[1]}" if k[1] else "")
                        + ("" if es[0].s.has_time else " (the log gives no time of day)"))
        sessions_out.append((day, f"{start:%H:%M}", k[1] or None, head, lines, skipped))

    simulated = [s for s in sessions_out if s[4]]
    if not simulated:
        raise InputError("LOG", log.source, "a log with at least one set that can be simulated",
                         "; ".join(sorted({e.reason for e in entries if e.reason}))[:300])
    last_day = max(s[0] for s in simulated)
    days = last_day + 1 + int(opts.days_after)
    name = opts.name or re.sub(r"[^A-Za-z0-9._-]+", "-", Path(log.source).stem).strip("-") or "imported-log"

    out = [f"# Imported by `myokinetics import` from {Path(log.source).name} ({log.layout}).",
           f"# Day 0 is Monday {monday:%Y-%m-%d}; logged dates and times are kept in the comment above each session.",
           f"# {len(entries)} logged sets: {sum(1 for e in entries if e.block)} simulated; "
           f"{sum(1 for e in entries if e.s.kind == 'warmup' and not e.block)} warm-up sets left out; "
           f"{sum(1 for e in entries if not e.block and e.s.kind != 'warmup')} others not simulated (listed at their session).",
           "# Exercise names (logged -> library; how):"]
    for m in matches.values():
        out.append("#   " + _comment(m.describe()))
    unmapped = [m.raw for m in matches.values() if not m.mapped]
    if unmapped:
        out.append("# UNMAPPED (not simulated; every set is listed at its session): " + _comment(", ".join(map(repr, unmapped))))
    for line in log.ignored:
        out.append("# ignored row: " + _comment(line))
    for w in warnings:
        out.append("# note: " + _comment(w))
    out.append(f"name: {_quote(name)}")
    out.append(f"duration: {days} days")
    subj = {"n": 1, "seed": 0, **opts.subjects}
    out.append("subjects: " + yaml.safe_dump(subj, default_flow_style=True, sort_keys=False).strip())
    out.append(f"output: {{every: {'1 h' if days <= HOURLY_OUTPUT_MAX_DAYS else '1 day'}}}")
    if one_rm:
        out.append(f"one_rm:   # starting 1RM: best e1RM in each exercise's first {START_WINDOW_DAYS} days (docs/importers.md)")
        from myokinetics.program.library import get_library

        lib = get_library()
        for eid, (kg, how) in one_rm.items():
            out.append(f"  {eid}: {kg:.1f} kg   # {_comment(lib.exercises[eid].name + ': ' + how)}")
    out.append("sessions:")
    for day, time, sname, head, lines, skipped in sessions_out:
        out.append(f"  # {head}")
        if not lines:
            for c in skipped:
                out.append(f"  # {c}")
            continue
        out.append(f"  - day: {day}")
        out.append(f"    time: \"{time}\"")
        if sname:
            out.append(f"    name: {_quote(sname)}")
        out.append("    session:")
        for text, c in lines:
            out.append(f"      - {_quote(text)}   # {c}")
        for c in skipped:
            out.append(f"    # {c}")
    text = "\n".join(out) + "\n"
    data = yaml.safe_load(text)
    Scenario.from_dict(data, source=log.source)     # the file validates (errors name the field)
    return ImportResult(text, data, log, entries, matches, one_rm, warnings)
