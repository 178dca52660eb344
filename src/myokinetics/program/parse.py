"""The program text shorthand: parse into :mod:`.model` objects and format back.

Grammar (case-insensitive when parsing; the canonical spelling is shown and
``format_*(parse_*(s)) == s`` for canonical strings)::

    block    := <exercise> <sets>x<reps>[-<reps>] [@ <load>] [to failure] [+ <n> drops @ -<p>%]
                    [, tempo <e>-<b>-<c>-<t>] [, rest <n> <unit>]
              | <exercise> <sets>xAMRAP @ <load> [+ <n> drops @ -<p>%] [, tempo ...] [, rest ...]
              | <exercise> [<sets>x]<n> <unit> [@ <load>] [, rest <n> <unit>]
              | <exercise> [<sets>x]<n> <distance unit> @ <pace or %VO2max> [, rest <n> <unit>]
    load     := <n>% 1RM | RPE <n> | <n> RIR | <n> kg | <n> lb | <n>% VO2max | <m>:<ss> /km | <m>:<ss> /mi
    unit     := s | min | h                 distance unit := m | km | mi
    session  := block {, block}        ("rest ..." and "tempo ..." attach to the block before them)

Examples: ``Bench press 4x8-12 @ 135 lb`` (a rep range in pounds), ``Bench press 1xAMRAP @ 80% 1RM``,
``Leg press 3x10 @ 70% 1RM + 2 drops @ -20%`` (a drop set: each drop 20 % lighter than the load
before, to failure, no rest), ``Back squat 4x8 @ 70% 1RM, tempo 3-1-1-0`` (eccentric 3 s, 1 s
pause, concentric 1 s, no pause; ``X`` = explosive), ``Run 10 km @ 5:30 /km``, ``Run 42.2 km @ 70% VO2max``.
How each is simulated is documented in :mod:`myokinetics.program.model`.

The load may be left out only for a resistance set taken to failure or a
timed resistance set (holds and carries: "Plank 3x60 s").  Endurance and
interval exercises take durations and %VO2max loads.  Sets
are written only when > 1 for duration blocks ("Run 45 min"), always for rep
blocks ("Back squat 1x5").  When no rest is written the block keeps
``rest=None`` (see :data:`myokinetics.program.model.DEFAULT_REST_S` for the
assumed value) so that formatting gives the original text back.

Every malformed or impossible item raises :class:`InputError` whose field is
the ``field=`` argument (e.g. ``"schedule.mon[2]"``); unknown exercise names
propagate the library's :class:`UnknownNameError` (with suggestions).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from myokinetics import limits
from myokinetics.errors import InputError, UnknownNameError
from myokinetics.program.model import (
    HOURS_PER_WEEK, Block, Deload, Load, Program, Session, format_pace, parse_clock,
)

BLOCK_GRAMMAR = ("'<exercise> <sets>x<reps> @ <load> [to failure][, rest <n> min|s]' "
                 "or '<exercise> [<sets>x]<n> min|s|h @ <load>[, rest <n> min|s]'")
LOAD_GRAMMAR = "'<n>% 1RM', 'RPE <n>', '<n> RIR', '<n> kg', '<n> lb', '<n>% VO2max' or a pace '<m>:<ss> /km'"
TEMPO_GRAMMAR = "'tempo <eccentric>-<bottom>-<concentric>-<top>' in seconds, e.g. 'tempo 3-1-1-0' or 'tempo 3-1-X-0'"
DROPS_GRAMMAR = "'+ <n> drops @ -<p>%', e.g. '+ 2 drops @ -20%'"
REST_GRAMMAR = "'rest <n> min' or 'rest <n> s'"
DURATION_GRAMMAR = "'<n> <unit>' with unit s, min, h, days, weeks, months or years (e.g. '12 weeks', '8 months', '90 s')"
PROGRESSION_GRAMMAR = "'<n>% per week' (e.g. '2.5% per week') or 'none'"
DELOAD_GRAMMAR = "'every <N>th week at <x>% volume[, <y>% load]'"

_NUM = r"[-+]?\d+(?:\.\d+)?"
_UNUM = r"\d+(?:\.\d+)?"
_TIME_UNITS = {
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
}
_DISTANCE_UNITS = {
    "m": "m", "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "km": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
}
_UNIT = "|".join(sorted(map(re.escape, _TIME_UNITS), key=len, reverse=True))
_WORK_UNIT = "|".join(sorted(map(re.escape, {**_TIME_UNITS, **_DISTANCE_UNITS}), key=len, reverse=True))
_BLOCK_RE = re.compile(
    rf"^(?P<name>\S.*?)\s+(?:(?P<sets>\d+)\s*[x×]\s*)?"
    rf"(?:(?P<amrap>AMRAP)|(?P<amount>{_NUM})(?:\s*[-–]\s*(?P<reps_max>\d+))?(?:\s*(?P<unit>{_WORK_UNIT})\b)?)"
    rf"(?:\s*@\s*(?P<load>.+?))?(?:\s+(?P<fail>to\s+failure))?(?:\s*\+\s*(?P<drops>.+?))?\s*$", re.IGNORECASE)
_REST_RE = re.compile(rf"^rest\s+(?P<n>{_NUM})\s*(?P<unit>{_UNIT})\s*$", re.IGNORECASE)
_TEMPO_PHASE = r"(?:\d+(?:\.\d+)?|X)"
_TEMPO_RE = re.compile(rf"^tempo\s+(?:(?P<dashed>{_TEMPO_PHASE}(?:\s*[-/:]\s*{_TEMPO_PHASE}){{3}})|(?P<compact>[0-9X]{{4}}))\s*$",
                       re.IGNORECASE)
_DROPS_RE = re.compile(rf"^(?:(?P<n>\d+)\s*drops?|drops?\s*(?P<n2>\d+)\s*x)\s*@\s*-\s*(?P<pct>{_UNUM})\s*%$",
                       re.IGNORECASE)
_PACE_RE = re.compile(r"^(?P<min>\d+):(?P<sec>\d{2}(?:\.\d+)?)\s*(?:min\s*)?(?:/|per\s+)\s*"
                      r"(?P<unit>km|kilometers?|kilometres?|mi|miles?)$", re.IGNORECASE)
_LOAD_RES = (
    ("pct_1rm", re.compile(rf"^({_NUM})\s*%\s*1\s*RM$", re.IGNORECASE)),
    ("pct_vo2max", re.compile(rf"^({_NUM})\s*%\s*VO2\s*max$", re.IGNORECASE)),
    ("rpe", re.compile(rf"^RPE\s*({_NUM})$", re.IGNORECASE)),
    ("rir", re.compile(rf"^({_NUM})\s*RIR$", re.IGNORECASE)),
    ("kg", re.compile(rf"^({_NUM})\s*(?:kg|kgs|kilos?|kilograms?)$", re.IGNORECASE)),
    ("lb", re.compile(rf"^({_NUM})\s*(?:lbs?|pounds?)$", re.IGNORECASE)),
)
_LOAD_FORMATS = {"pct_1rm": "{}% 1RM", "pct_vo2max": "{}% VO2max", "rpe": "RPE {}", "rir": "{} RIR", "kg": "{} kg",
                 "lb": "{} lb"}
def _hours(unit: str) -> float:
    from myokinetics.model.units import factor
    return factor(unit, "hour")


#: months and years are pint's: a Julian year of 365.25 days and a twelfth of it (30.44 days)
_DURATION_UNITS_H = {
    **{k: {"s": 1 / 3600, "min": 1 / 60, "h": 1.0}[v] for k, v in _TIME_UNITS.items()},
    "d": 24.0, "day": 24.0, "days": 24.0,
    "week": float(HOURS_PER_WEEK), "week": float(HOURS_PER_WEEK), "weeks": float(HOURS_PER_WEEK),
    **dict.fromkeys(("mo", "month", "months"), _hours("month")),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), _hours("year")),
}


# --- numbers ----------------------------------------------------------------
def _num(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def format_number(x: float) -> str:
    """Shortest text for ``x``: ``75`` not ``75.0``; ``2.5``; floats round-trip exactly."""
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


# --- helpers ----------------------------------------------------------------
def _library(library):
    if library is None:
        from myokinetics.program.library import get_library
        library = get_library()
    return library


def _relabel(err: InputError, field: str, text: str) -> InputError:
    """Re-raise a model error under the caller's field name, keeping value and valid form."""
    sub = err.field.split(".", 1)[1] if err.field.startswith("block.") else None
    name = f"{field}.{sub}" if sub else field
    hint = f"in {text!r}" + (f"; {err.hint}" if err.hint else "")
    return InputError(name, err.value, err.valid, hint)


def _malformed(field: str, text: Any, valid: str = BLOCK_GRAMMAR, hint: str | None = None) -> InputError:
    return InputError(field, text, valid, hint)


# --- loads --------------------------------------------------------------------
def parse_load(text: str, field: str = "load") -> Load:
    s = str(text).strip()
    limits.check_digits(s, field, LOAD_GRAMMAR)
    m = _PACE_RE.match(s)
    if m:
        sec = _num(m.group("sec"))
        if sec >= 60:
            raise InputError(field, text, "a pace '<m>:<ss>' with seconds below 60, e.g. '5:30 /km'")
        kind = "pace_km" if m.group("unit").lower().startswith("k") else "pace_mi"
        try:
            return Load(kind, int(m.group("min")) * 60 + sec)
        except InputError as e:
            raise InputError(field, text, e.valid, e.hint) from None
    for kind, rx in _LOAD_RES:
        m = rx.match(s)
        if m:
            try:
                return Load(kind, _num(m.group(1)))
            except InputError as e:
                raise InputError(field, e.value, e.valid, e.hint) from None
    raise _malformed(field, text, LOAD_GRAMMAR)


def format_load(load: Load) -> str:
    if load.kind in ("pace_km", "pace_mi"):
        return f"{format_pace(load.value)} /{load.kind[5:]}"
    return _LOAD_FORMATS[load.kind].format(format_number(load.value))


# --- rest -------------------------------------------------------------------------
def _parse_rest(text: str, field: str) -> tuple[int | float, str]:
    limits.check_digits(text, field, REST_GRAMMAR)
    m = _REST_RE.match(text.strip())
    if not m:
        raise _malformed(field, text, REST_GRAMMAR)
    n = _num(m.group("n"))
    if n < 0:
        raise InputError(field, text, "a rest >= 0, e.g. " + REST_GRAMMAR)
    return n, _TIME_UNITS[m.group("unit").lower()]


def _is_rest(piece: str) -> bool:
    return re.match(r"^rest\b", piece.strip(), re.IGNORECASE) is not None


def _is_tempo(piece: str) -> bool:
    return re.match(r"^tempo\b", piece.strip(), re.IGNORECASE) is not None


def _is_modifier(piece: str) -> bool:
    return _is_rest(piece) or _is_tempo(piece)


# --- tempo and drops ---------------------------------------------------------------
def _parse_tempo(text: str, field: str) -> tuple:
    limits.check_digits(text, field, TEMPO_GRAMMAR)
    m = _TEMPO_RE.match(text.strip())
    if not m:
        raise _malformed(field, text, TEMPO_GRAMMAR)
    parts = re.split(r"\s*[-/:]\s*", m.group("dashed")) if m.group("dashed") else list(m.group("compact"))
    return tuple("X" if p.upper() == "X" else _num(p) for p in parts)


def format_tempo(tempo: tuple) -> str:
    return "tempo " + "-".join("X" if x == "X" else format_number(x) for x in tempo)


def _parse_drops(text: str, field: str) -> tuple[int, int | float]:
    m = _DROPS_RE.match(text.strip())
    if not m:
        raise _malformed(field, text, DROPS_GRAMMAR)
    return int(m.group("n") or m.group("n2")), _num(m.group("pct"))


# --- blocks ---------------------------------------------------------------------
def _parse_block_head(text: str, field: str, library, rest: tuple | None = None, tempo: tuple | None = None) -> Block:
    limits.check_digits(text, field, BLOCK_GRAMMAR)
    m = _BLOCK_RE.match(text.strip())
    if not m:
        raise _malformed(field, text)
    try:
        exercise = _library(library).get(m.group("name").strip())
    except UnknownNameError as e:
        e.field = f"{field}.exercise"
        e.args = (f"{e.field}: {e.value!r} is not valid; expected {e.valid}" + (f" ({e.hint})" if e.hint else ""),)
        raise
    unit = m.group("unit")
    sets = m.group("sets")
    kwargs: dict[str, Any] = {}
    if m.group("amrap"):
        kwargs.update(sets=int(sets) if sets is not None else 1, amrap=True)
    else:
        amount = _num(m.group("amount"))
        if m.group("reps_max") is not None and unit is not None:
            raise InputError(f"{field}.reps", f"{m.group('amount')}-{m.group('reps_max')}",
                             "a range of reps only ('4x8-12'), not of durations or distances")
        if unit is None:  # reps
            if sets is None:
                raise _malformed(field, text, hint="write sets and reps as '<sets>x<reps>', e.g. '3x10'")
            if not isinstance(amount, int):
                raise InputError(f"{field}.reps", m.group("amount"), "a whole number of reps")
            kwargs.update(sets=int(sets), reps=amount)
            if m.group("reps_max") is not None:
                kwargs["reps_max"] = int(m.group("reps_max"))
        elif unit.lower() in _DISTANCE_UNITS and unit.lower() not in _TIME_UNITS:
            kwargs.update(sets=int(sets) if sets is not None else 1, distance=amount,
                          distance_unit=_DISTANCE_UNITS[unit.lower()])
        else:
            kwargs.update(sets=int(sets) if sets is not None else 1, work=amount, work_unit=_TIME_UNITS[unit.lower()])
    if m.group("drops") is not None:
        kwargs["drops"], kwargs["drop_pct"] = _parse_drops(m.group("drops"), f"{field}.drops")
    if tempo is not None:
        kwargs["tempo"] = tempo
    if m.group("load") is not None:
        try:
            kwargs["load"] = parse_load(m.group("load"), f"{field}.load")
        except InputError as e:
            raise InputError(e.field, e.value, e.valid, f"in {text!r}" + (f"; {e.hint}" if e.hint else "")) from None
    if rest is not None:
        kwargs["rest"], kwargs["rest_unit"] = rest
    try:
        return Block(exercise, to_failure=m.group("fail") is not None, **kwargs)
    except UnknownNameError:
        raise
    except InputError as e:
        raise _relabel(e, field, text) from None


def parse_block(text: str, field: str = "block", library=None) -> Block:
    """Parse one block, e.g. ``"Back squat 4x8 @ 75% 1RM, rest 2 min"``."""
    if not isinstance(text, str) or not text.strip():
        raise _malformed(field, text)
    pieces = [p.strip() for p in text.split(",")]
    mods = pieces[1:]
    if (_is_modifier(pieces[0]) or not all(_is_modifier(p) for p in mods)
            or sum(map(_is_rest, mods)) > 1 or sum(map(_is_tempo, mods)) > 1):
        raise _malformed(field, text, hint="one block per item; use parse_session for several")
    rest = next((_parse_rest(p, f"{field}.rest") for p in mods if _is_rest(p)), None)
    tempo = next((_parse_tempo(p, f"{field}.tempo") for p in mods if _is_tempo(p)), None)
    return _parse_block_head(pieces[0], field, library, rest, tempo)


def format_block(block: Block) -> str:
    """Canonical text of ``block`` (inverse of :func:`parse_block`)."""
    parts = [block.exercise.name]
    if block.amrap:
        parts.append(f"{block.sets}xAMRAP")
    elif block.reps is not None:
        parts.append(f"{block.sets}x{block.reps}" + (f"-{block.reps_max}" if block.reps_max is not None else ""))
    else:
        prefix = f"{block.sets}x" if block.sets != 1 else ""
        if block.distance is not None:
            parts.append(f"{prefix}{format_number(block.distance)} {block.distance_unit}")
        else:
            parts.append(f"{prefix}{format_number(block.work)} {block.work_unit}")
    if block.load is not None:
        parts += ["@", format_load(block.load)]
    if block.to_failure:
        parts.append("to failure")
    if block.drops:
        parts.append(f"+ {block.drops} drop{'s' if block.drops != 1 else ''} @ -{format_number(block.drop_pct)}%")
    text = " ".join(parts)
    if block.tempo is not None:
        text += ", " + format_tempo(block.tempo)
    if block.rest is not None:
        text += f", rest {format_number(block.rest)} {block.rest_unit}"
    return text


# --- sessions ---------------------------------------------------------------------
def parse_session(text_or_list: str | Iterable[str], field: str = "session", library=None,
                  name: str | None = None) -> Session:
    """Parse a comma-separated session, or the list a YAML flow sequence gives.

    Items are numbered as written (list index, or comma-piece index for one
    string), so errors name e.g. ``session[2]``.
    """
    if isinstance(text_or_list, str):
        items = [(i, p) for i, p in enumerate(text_or_list.split(","))]
    elif isinstance(text_or_list, (list, tuple)):
        items = []
        for i, item in enumerate(text_or_list):
            if not isinstance(item, str):
                raise _malformed(f"{field}[{i}]", item, hint="each item must be text")
            items += [(i, p) for p in item.split(",")]
    else:
        raise _malformed(field, text_or_list, "a string or a list of strings in the form " + BLOCK_GRAMMAR)
    library = _library(library)
    heads: list[list] = []       # [item index, head text, rest, tempo]
    for i, piece in items:
        piece = piece.strip()
        f = f"{field}[{i}]"
        if not piece:
            raise _malformed(f, piece, hint="empty item (stray comma?)")
        if _is_modifier(piece):
            what = "rest" if _is_rest(piece) else "tempo"
            if not heads:
                raise _malformed(f, piece, hint=f"'{what} ...' must follow a block")
            k = 2 if what == "rest" else 3
            if heads[-1][k] is not None:
                raise _malformed(f, piece, hint=f"only one '{what} ...' per block")
            heads[-1][k] = _parse_rest(piece, f) if what == "rest" else _parse_tempo(piece, f)
        else:
            heads.append([i, piece, None, None])
    if not heads:
        raise _malformed(field, text_or_list, hint="a session needs at least one block")
    blocks = tuple(_parse_block_head(h, f"{field}[{i}]", library, r, t) for i, h, r, t in heads)
    return Session(blocks, name)


def format_session(session: Session) -> str:
    return ", ".join(format_block(b) for b in session.blocks)


# --- durations, progression, deload -----------------------------------------------
def parse_duration(text: str, field: str = "duration", max_h: float = limits.MAX_DURATION_H) -> float:
    """``"12 weeks" | "72 h" | "2 min" | "90 s" | "3 days" | "8 months" | "2 years"`` -> hours (> 0).

    A month is a twelfth of a Julian year (30.44 days) and a year 365.25 days (pint's definitions).
    """
    if isinstance(text, str):
        limits.check_digits(text, field, DURATION_GRAMMAR)
    m = re.fullmatch(rf"\s*({_NUM})\s*([A-Za-z]+)\s*", text) if isinstance(text, str) else None
    if not m or m.group(2).lower() not in _DURATION_UNITS_H:
        raise _malformed(field, text, DURATION_GRAMMAR)
    value = float(m.group(1))
    if value <= 0:
        raise InputError(field, text, "a duration > 0, e.g. " + DURATION_GRAMMAR)
    hours = value * _DURATION_UNITS_H[m.group(2).lower()]
    if hours > max_h:
        raise InputError(field, text, f"a duration of at most {limits.MAX_DURATION_YEARS} years")
    return hours


def parse_progression(text: str, field: str = "progression") -> float:
    """``"2.5% per week"`` -> 0.025 (weekly multiplicative load increase); ``"none"`` -> 0."""
    if isinstance(text, str):
        limits.check_digits(text, field, PROGRESSION_GRAMMAR)
    if isinstance(text, str) and text.strip().lower() in ("none", "no", "0"):
        return 0.0
    m = re.fullmatch(rf"\s*({_NUM})\s*%\s*(?:per\s+week|/\s*week|a\s+week|weekly)\s*", text, re.IGNORECASE) \
        if isinstance(text, str) else None
    if not m:
        raise _malformed(field, text, PROGRESSION_GRAMMAR)
    rate = float(m.group(1)) / 100.0
    if not -1 < rate <= 1:
        raise InputError(field, text, "a weekly change between -100% and 100%")
    return rate


def format_progression(rate: float) -> str:
    return "none" if rate == 0 else f"{format_number(round(rate * 100, 10))}% per week"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def parse_deload(text: str, field: str = "deload") -> Deload:
    """``"every 4th week at 60% volume"`` or ``"every 4th week at 50% volume, 90% load"``."""
    if isinstance(text, str):
        limits.check_digits(text, field, DELOAD_GRAMMAR)
    m = re.fullmatch(r"\s*every\s+(\d+)(?:st|nd|rd|th)?\s+weeks?\s+at\s+(.+?)\s*", text, re.IGNORECASE) \
        if isinstance(text, str) else None
    if not m:
        raise _malformed(field, text, DELOAD_GRAMMAR)
    factors: dict[str, float] = {}
    for part in re.split(r"\s*(?:,|\band\b)\s*", m.group(2)):
        pm = re.fullmatch(rf"({_NUM})\s*%\s*(volume|load)", part, re.IGNORECASE)
        if not pm or pm.group(2).lower() in factors:
            raise _malformed(field, text, DELOAD_GRAMMAR)
        factors[pm.group(2).lower()] = float(pm.group(1)) / 100.0
    try:
        return Deload(int(m.group(1)), **factors)
    except InputError as e:
        raise InputError(field, text, e.valid, e.hint) from None


def format_deload(deload: Deload) -> str:
    parts = [f"{format_number(round(getattr(deload, k) * 100, 10))}% {k}"
             for k in ("volume", "load") if getattr(deload, k) != 1.0]
    return f"every {_ordinal(deload.every)} week at {', '.join(parts) or '100% volume'}"


# --- whole program (e.g. from a YAML mapping) -------------------------------------
_PROGRAM_KEYS = ("schedule", "weeks", "session_time", "progression", "deload", "phases")
_PHASE_KEYS = ("name", "weeks", "schedule", "session_time", "progression", "deload", "dose")
#: program keys a phase inherits when it does not give them
_INHERITED_KEYS = ("session_time", "progression", "deload")
_DATED_KEYS = ("day", "time", "session", "name")


def _session_time(value: Any, field: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        value = f"{value // 60:02d}:{value % 60:02d}"  # YAML 1.1 reads unquoted 18:00 as 1080
    parse_clock(value, field)
    return str(value).strip()


def parse_program(spec: Mapping[str, Any], field: str = "", library=None):
    """Build a :class:`Program` from a mapping such as a YAML ``program:`` section.

    ``weeks`` may be an integer or a duration ("12 weeks"); ``progression`` and
    ``deload`` take the text forms above.  With ``phases:`` (a list of mappings with
    ``name``, ``weeks``, ``schedule`` (``{}`` for no training), ``session_time``,
    ``progression``, ``deload`` and ``dose``) it returns a
    :class:`~myokinetics.program.phases.PhasedProgram`; the program's own
    ``session_time``, ``progression`` and ``deload`` are then defaults of its phases.
    """
    pre = f"{field}." if field else ""
    if not isinstance(spec, Mapping):
        raise InputError(field or "program", spec, "a mapping with keys " + ", ".join(_PROGRAM_KEYS))
    for key in spec:
        if key not in _PROGRAM_KEYS:
            raise UnknownNameError(f"{pre}{key}", key, _PROGRAM_KEYS, "one of " + ", ".join(_PROGRAM_KEYS))
    if spec.get("phases") is not None:
        return _parse_phased(spec, pre, _library(library))
    if "schedule" not in spec or not isinstance(spec["schedule"], Mapping):
        raise InputError(f"{pre}schedule", spec.get("schedule"), "a mapping of weekday -> session, e.g. {mon: [...]}")
    library = _library(library)
    schedule = {day: parse_session(items, f"{pre}schedule.{day}", library) for day, items in spec["schedule"].items()}
    weeks = spec.get("weeks", 1)
    if isinstance(weeks, str):
        n = parse_duration(weeks, f"{pre}weeks") / HOURS_PER_WEEK
        if abs(n - round(n)) > 1e-9:
            raise InputError(f"{pre}weeks", weeks, "a whole number of weeks")
        weeks = int(round(n))
    kwargs: dict[str, Any] = {}
    if "session_time" in spec:
        kwargs["session_time"] = _session_time(spec["session_time"], f"{pre}session_time")
    if spec.get("progression") is not None:
        kwargs["progression"] = parse_progression(spec["progression"], f"{pre}progression")
    if spec.get("deload") is not None:
        kwargs["deload"] = parse_deload(spec["deload"], f"{pre}deload")
    try:
        return Program(schedule, weeks, **kwargs)
    except InputError as e:
        if e.field.startswith(("schedule", "weeks", "progression", "deload", "session_time")) and pre:
            raise InputError(pre + e.field, e.value, e.valid, e.hint) from None
        raise


def _parse_weeks(weeks: Any, field: str) -> Any:
    if isinstance(weeks, str):
        n = parse_duration(weeks, field) / HOURS_PER_WEEK
        if abs(n - round(n)) > 1e-9:
            raise InputError(field, weeks, "a whole number of weeks")
        return int(round(n))
    if isinstance(weeks, float) and weeks.is_integer():
        return int(weeks)
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= limits.MAX_PROGRAM_WEEKS:
        raise InputError(field, weeks, f"a whole number of weeks from 1 to {limits.MAX_PROGRAM_WEEKS} "
                                       "(or a duration such as '6 weeks')")
    return weeks


def _parse_phased(spec: Mapping[str, Any], pre: str, library):
    from myokinetics.program.phases import Phase, PhasedProgram

    for key in ("schedule", "weeks"):
        if spec.get(key) is not None:
            raise InputError(f"{pre}{key}", spec[key], "no program-level schedule or weeks when phases are given",
                             "give each phase its own weeks and schedule")
    raw = spec["phases"]
    if not isinstance(raw, (list, tuple)) or not raw:
        raise InputError(f"{pre}phases", raw, "a list of at least one phase {name, weeks, schedule, ...}")
    defaults = {k: spec[k] for k in _INHERITED_KEYS if spec.get(k) is not None}
    phases = []
    for i, ph in enumerate(raw):
        f = f"{pre}phases[{i}]"
        if not isinstance(ph, Mapping):
            raise InputError(f, ph, "a mapping with keys " + ", ".join(_PHASE_KEYS))
        for key in ph:
            if key not in _PHASE_KEYS:
                raise UnknownNameError(f"{f}.{key}", key, _PHASE_KEYS, "one of " + ", ".join(_PHASE_KEYS))
        if ph.get("weeks") is None:
            raise InputError(f"{f}.weeks", "(missing)", "a whole number of weeks >= 1 (or a duration such as '6 weeks')")
        weeks = _parse_weeks(ph["weeks"], f"{f}.weeks")
        name = ph.get("name")
        if name is not None and not isinstance(name, str):
            raise InputError(f"{f}.name", name, "a text")
        dose = ph.get("dose", 1.0)
        if isinstance(dose, str):
            m = re.fullmatch(rf"\s*({_NUM})\s*%\s*", dose)
            dose = float(m.group(1)) / 100.0 if m else dose
        if isinstance(dose, bool) or not isinstance(dose, (int, float)) or not 0 < dose <= 1:
            raise InputError(f"{f}.dose", ph.get("dose"), "a fraction of the sets in (0, 1], e.g. 0.33 or '33%'")
        schedule = ph.get("schedule")
        if schedule is None:
            schedule = {}
        if not isinstance(schedule, Mapping):
            raise InputError(f"{f}.schedule", schedule, "a mapping of weekday -> session ({} for no training)")
        program = None
        if schedule:
            sub = {**defaults, **{k: ph[k] for k in _INHERITED_KEYS if ph.get(k) is not None},
                   "schedule": schedule, "weeks": weeks}
            program = parse_program(sub, f, library)
        phases.append(Phase(program, weeks, name, float(dose)))
    return PhasedProgram(tuple(phases))


def parse_dated_sessions(items: Any, field: str = "sessions", library=None, base=None):
    """Sessions on given days from a YAML list of ``{day, time, session, name}``
    (:class:`~myokinetics.program.phases.DatedSessions`; ``base``: a program they add to)."""
    from myokinetics.program.phases import DEFAULT_DATED_SESSION_TIME, DatedSession, DatedSessions

    if not isinstance(items, (list, tuple)) or not items:
        raise InputError(field, items, "a list of at least one {day, time, session}, e.g. [{day: 0, time: '10:00', "
                                       "session: [Back squat 3x10 @ 70% 1RM]}]")
    library = _library(library)
    out = []
    for i, it in enumerate(items):
        f = f"{field}[{i}]"
        if not isinstance(it, Mapping):
            raise InputError(f, it, "a mapping {day, time, session}")
        for key in it:
            if key not in _DATED_KEYS:
                raise UnknownNameError(f"{f}.{key}", key, _DATED_KEYS, "one of " + ", ".join(_DATED_KEYS))
        day = it.get("day")
        if isinstance(day, float) and day.is_integer():
            day = int(day)
        if isinstance(day, bool) or not isinstance(day, int) or day < 0:
            raise InputError(f"{f}.day", "(missing)" if day is None else day,
                             "a whole number of days >= 0 (day 0 is the first day, a Monday)")
        if it.get("session") is None:
            raise InputError(f"{f}.session", "(missing)", "a session, e.g. [Back squat 3x10 @ 70% 1RM]")
        time = _session_time(it["time"], f"{f}.time") if it.get("time") is not None else DEFAULT_DATED_SESSION_TIME
        name = it.get("name")
        if name is not None and not isinstance(name, str):
            raise InputError(f"{f}.name", name, "a text")
        out.append(DatedSession(day, parse_session(it["session"], f"{f}.session", library), time, name))
    try:
        return DatedSessions(tuple(out), base)
    except InputError as e:
        raise InputError(e.field.replace("sessions", field, 1), e.value, e.valid, e.hint) from None
