"""Programs in phases, and sessions on given days.

A *plan* is anything with ``sessions()`` (yielding ``(start h, week, Session)`` in time
order) and ``duration_h``; a scenario's ``program`` is one of:

* :class:`~myokinetics.program.model.Program`: one weekly schedule repeated for ``weeks`` weeks;
* :class:`PhasedProgram`: phases run back to back, each a :class:`Phase` with its own weekly
  program (schedule, weeks, session time, progression, deload), a ``dose`` or no training at all
  (a rest phase, e.g. a detraining break);
* :class:`DatedSessions`: sessions on given days and times ("a bout on day 0, another on day 56"),
  optionally on top of a program.

Times: t = 0 is Monday 00:00 of week 0; a phase starts on the Monday after the previous phase
ends; day ``d`` starts at ``24 d`` hours.  Week indices are counted from t = 0 over the whole
plan (the phase's own week drives its progression and deload).

Assumptions (documented, not from a source):

* A phase's progression starts again from its first week: its progressed %1RM loads are relative
  to the 1RM at the phase's first session (:attr:`Block.progressed_from_h`), not to the 1RM at t = 0.
* ``dose`` scales the number of sets of every block (rounded half up, at least 1; a single
  continuous bout: its duration), not the load: reduced-dose maintenance keeps the intensity and
  cuts the volume (bickel2011 maintained size and strength with 1/3 of the volume at the same load).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Sequence

from myokinetics import limits
from myokinetics.errors import InputError
from myokinetics.program.model import HOURS_PER_WEEK, Block, Program, Session, _is_int, _is_num, parse_clock

DEFAULT_DATED_SESSION_TIME = "18:00"


def _scale_sets(block: Block, dose: float) -> Block:
    if dose == 1.0:
        return block
    if block.distance is not None and block.sets == 1:
        return replace(block, distance=block.distance * dose)
    if block.work is not None and block.sets == 1:
        return replace(block, work=block.work * dose)
    return replace(block, sets=max(1, math.floor(block.sets * dose + 0.5)))


@dataclass(frozen=True)
class Phase:
    """One phase of a :class:`PhasedProgram`: ``weeks`` weeks of ``program`` (``None``: no training).

    ``program.weeks`` must equal ``weeks`` when both are given (``weeks`` defaults to it);
    ``dose`` (0, 1] scales the sets of every block (reduced-dose maintenance, e.g. 0.33).
    """

    program: Program | None = None
    weeks: int | None = None
    name: str | None = None
    dose: float = 1.0

    def __post_init__(self) -> None:
        if self.program is not None and not isinstance(self.program, Program):
            raise InputError("phase.program", self.program, "a Program, or None for a phase without training")
        weeks = self.weeks
        if weeks is None:
            if self.program is None:
                raise InputError("phase.weeks", None, "a whole number of weeks >= 1 (a rest phase needs its length)")
            weeks = self.program.weeks
        if not _is_int(weeks) or not 1 <= weeks <= limits.MAX_PROGRAM_WEEKS:
            raise InputError("phase.weeks", weeks, f"a whole number of weeks from 1 to {limits.MAX_PROGRAM_WEEKS} "
                                                   f"({limits.MAX_DURATION_YEARS} years)")
        if self.program is not None and self.program.weeks != weeks:
            raise InputError("phase.weeks", weeks, f"the weeks of the phase's program ({self.program.weeks})")
        object.__setattr__(self, "weeks", int(weeks))
        if not _is_num(self.dose) or not 0 < self.dose <= 1:
            raise InputError("phase.dose", self.dose, "a fraction of the sets in (0, 1] (e.g. 0.33 for a third)")
        if self.name is not None and not isinstance(self.name, str):
            raise InputError("phase.name", self.name, "a text")

    @classmethod
    def rest(cls, weeks: int, name: str | None = "rest") -> "Phase":
        """A phase without training (detraining break)."""
        return cls(None, weeks, name)

    @property
    def trains(self) -> bool:
        return self.program is not None

    @property
    def duration_h(self) -> float:
        return self.weeks * HOURS_PER_WEEK

    def sessions(self) -> Iterator[tuple[float, int, Session]]:
        """``(start h from the phase start, week of the phase, session)`` with the dose applied."""
        if self.program is None:
            return
        for t, w, s in self.program.sessions():
            if self.dose != 1.0:
                s = Session(tuple(_scale_sets(b, self.dose) for b in s.blocks), s.name)
            yield t, w, s



def _nonempty_tuple_of(value, cls, field: str, what: str) -> tuple:
    """``value`` as a non-empty tuple of ``cls`` instances, else one InputError naming the field."""
    items = tuple(value) if isinstance(value, (list, tuple)) else None
    if not items:
        raise InputError(field, value, what)
    for i, it in enumerate(items):
        if not isinstance(it, cls):
            raise InputError(f"{field}[{i}]", it, f"a {cls.__name__}")
    return items

@dataclass(frozen=True)
class PhasedProgram:
    """Phases run back to back (e.g. 6 weeks training, 3 weeks off, 6 weeks retraining)."""

    phases: tuple[Phase, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "phases", _nonempty_tuple_of(self.phases, Phase, "phases", "a list of at least one phase"))

    @property
    def weeks(self) -> int:
        return sum(p.weeks for p in self.phases)

    @property
    def duration_h(self) -> float:
        return self.weeks * HOURS_PER_WEEK

    def phase_starts_h(self) -> list[float]:
        """Start of each phase in hours from t = 0."""
        out, t = [], 0.0
        for p in self.phases:
            out.append(t)
            t += p.duration_h
        return out

    def phase_at(self, t_h: float) -> Phase | None:
        """The phase running at time ``t_h`` (None after the last)."""
        for start, p in zip(self.phase_starts_h(), self.phases):
            if start <= t_h < start + p.duration_h:
                return p
        return None

    def sessions(self) -> Iterator[tuple[float, int, Session]]:
        week0 = 0
        for start, p in zip(self.phase_starts_h(), self.phases):
            first: float | None = None
            for t, w, s in p.sessions():
                if first is None:
                    first = start + t
                if any(b.progressed for b in s.blocks):
                    s = Session(tuple(replace(b, progressed_from_h=first) if b.progressed else b for b in s.blocks),
                                s.name)
                yield start + t, week0 + w, s
            week0 += p.weeks


@dataclass(frozen=True)
class DatedSession:
    """A session on day ``day`` (0 = the first day, a Monday) at ``time`` ("HH:MM")."""

    day: int
    session: Session
    time: str = DEFAULT_DATED_SESSION_TIME
    name: str | None = None

    def __post_init__(self) -> None:
        if not _is_int(self.day) or not 0 <= self.day <= limits.MAX_DAY:
            raise InputError("sessions.day", self.day, f"a whole number of days from 0 to {limits.MAX_DAY} "
                                                       f"(day 0 is the first day; {limits.MAX_DURATION_YEARS} years at most)")
        if not isinstance(self.session, Session):
            raise InputError("sessions.session", self.session, "a Session")
        parse_clock(self.time, "sessions.time")

    @property
    def start_h(self) -> float:
        return self.day * 24.0 + parse_clock(self.time, "sessions.time")


@dataclass(frozen=True)
class DatedSessions:
    """Sessions on given days, optionally on top of a weekly or phased program ``base``."""

    items: tuple[DatedSession, ...]
    base: object | None = None

    def __post_init__(self) -> None:
        items = _nonempty_tuple_of(self.items, DatedSession, "sessions", "a list of at least one {day, time, session}")
        seen: dict[float, int] = {}
        for i, it in enumerate(items):
            if it.start_h in seen:
                raise InputError(f"sessions[{i}].day", it.day, "a day and time no other session has",
                                 f"sessions[{seen[it.start_h]}] starts at the same time")
            seen[it.start_h] = i
        if self.base is not None and not callable(getattr(self.base, "sessions", None)):
            raise InputError("program", self.base, "a Program or PhasedProgram")
        object.__setattr__(self, "items", items)

    @property
    def duration_h(self) -> float:
        last = max(it.start_h for it in self.items) + 24.0
        return max(last, getattr(self.base, "duration_h", 0.0))

    def sessions(self) -> Iterator[tuple[float, int, Session]]:
        dated = [(it.start_h, it.day // 7, it.session) for it in self.items]
        base = list(self.base.sessions()) if self.base is not None else []
        yield from sorted(dated + base, key=lambda x: x[0])


def dated_sessions(items: Iterable[DatedSession | tuple], base=None) -> DatedSessions:
    """``DatedSessions`` from ``DatedSession`` objects or ``(day, time, Session)`` tuples."""
    out = []
    for it in items:
        out.append(it if isinstance(it, DatedSession) else DatedSession(it[0], it[2], it[1]))
    return DatedSessions(tuple(out), base)

