"""The page's program box: lines of the text shorthand, turned into a scenario mapping.

Two forms, as a coach would write them::

    Back squat 4x8 @ 75% 1RM, rest 2 min        one workout at t = 0 (every line is one more exercise)
    Bench press 3x10 @ RPE 8

    Mon: Back squat 3x10 @ 70% 1RM, rest 2 min; Bench press 3x10 @ 70% 1RM
    Thu: Deadlift 3x5 @ 80% 1RM                 a weekly program, repeated for the duration

Exercises on one line are separated by ``;`` or by ``,`` (as in scenario files); blank lines and
lines starting with ``#`` are ignored.  The mapping is a scenario file's (``session`` or
``program.schedule``) and is read by :meth:`myokinetics.io.scenario.Scenario.from_dict`, so the
notation is exactly the command line's; errors name the line of the box.
"""
from __future__ import annotations

import math
import re
from typing import Any

from myokinetics.errors import InputError

__all__ = ["program_mapping", "relabel", "is_weekly", "DAYS"]

DAYS = {"mon": "mon", "monday": "mon", "tue": "tue", "tues": "tue", "tuesday": "tue", "wed": "wed", "wednesday": "wed",
        "thu": "thu", "thur": "thu", "thurs": "thu", "thursday": "thu", "fri": "fri", "friday": "fri", "sat": "sat",
        "saturday": "sat", "sun": "sun", "sunday": "sun"}
_DAY_RE = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*)$")
EXAMPLE = "'Back squat 4x8 @ 75% 1RM, rest 2 min' or 'Mon: Back squat 3x10 @ 70% 1RM; Thu: ...' lines"


def _lines(text: str) -> list[tuple[int, str]]:
    return [(i + 1, ln.strip()) for i, ln in enumerate(str(text).splitlines()) if ln.strip() and not ln.strip().startswith("#")]


def _day(line: str) -> str | None:
    m = _DAY_RE.match(line)
    return DAYS.get(m.group(1).lower()) if m else None


def is_weekly(text: str) -> bool:
    """True when some line of ``text`` starts with a weekday ('Mon: ...'): a weekly program."""
    return any(_day(ln) for _, ln in _lines(text))


def program_mapping(text: str, duration_h: float, field: str = "program", progression: str | None = None,
                    session_time: str | None = None) -> tuple[dict, dict[str, int]]:
    """(scenario keys for the program, {generated field -> line number}) of the box's ``text``."""
    lines = _lines(text)
    if not lines:
        raise InputError(field, text, "a workout in the text shorthand, e.g. " + EXAMPLE)
    days = [_day(ln) for _, ln in lines]
    where: dict[str, int] = {}
    if all(d is None for d in days):
        if progression is not None:
            raise InputError(f"{field}.progression", progression, "no progression for a single workout",
                             "progression applies to a weekly program ('Mon: ...' lines)")
        items: list[str] = []
        for no, ln in lines:
            for part in (p.strip() for p in ln.split(";")):
                if part:
                    where[f"session[{len(items)}]"] = no
                    items.append(part)
        return {"session": items}, where
    for (no, ln), d in zip(lines, days):
        if d is None:
            m = _DAY_RE.match(ln)
            raise InputError(f"{field} line {no}", ln, "a line starting with a weekday and a colon, like the other lines "
                             "(e.g. 'Mon: Back squat 3x10 @ 70% 1RM')",
                             f"{m.group(1)!r} is not a weekday" if m else None)
    schedule: dict[str, list[str]] = {}
    for (no, ln), d in zip(lines, days):
        body = _DAY_RE.match(ln).group(2)
        for part in (p.strip() for p in body.split(";")):
            if part:
                where[f"program.schedule.{d}[{len(schedule.setdefault(d, []))}]"] = no
                schedule[d].append(part)
        if not schedule.get(d):
            raise InputError(f"{field} line {no}", ln, "a weekday followed by its workout, e.g. 'Mon: Back squat 3x10 @ 70% 1RM'")
    program: dict[str, Any] = {"weeks": max(1, math.ceil(duration_h / 168.0 - 1e-9)), "schedule": schedule}
    if progression is not None:
        program["progression"] = progression
    if session_time is not None:
        program["session_time"] = session_time
    return {"program": program}, where


def relabel(err: InputError, where: dict[str, int], field: str = "program") -> InputError:
    """``err`` with a generated field (``session[2]``, ``program.schedule.mon[0]``) named by its line in the box."""
    f = str(err.field)
    for key, no in where.items():
        if f == key or f.startswith(key + "."):
            return InputError(f"{field} line {no}", err.value, err.valid, err.hint)
    return err
