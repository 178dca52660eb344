"""Input limits: the largest inputs the simulator accepts, and the memory check of a run.

These are not physiological numbers but guards, so that odd input (a 400-digit number of sets, a
program of 10^30 weeks, ten million subjects with hourly output) is refused up front with one
:class:`~myokinetics.errors.InputError` instead of a traceback, an endless loop or an exhausted
machine.  Each limit is far beyond what any real training plan or study needs:

* ``MAX_NUMBER_DIGITS``: digits of one number written in the text shorthand or a duration
  (more cannot be represented exactly as a float anyway).
* ``MAX_SETS`` sets in one block, ``MAX_REPS`` repetitions in one set.
* ``MAX_BOUT_H``: one set, interval or continuous bout (a 48-h ultra-endurance event fits).
* ``MAX_REST_H``: the rest between two sets or intervals.
* ``MAX_DURATION_H``: any duration (a scenario, a program, an output interval, the run-in):
  100 years, beyond an adult lifetime.
* ``MAX_PROGRAM_WEEKS``: the weeks of one program or phase (100 years).

The memory check (:func:`check_memory`) estimates the result arrays of a run before anything
is allocated: recorded values per subject and output time (the model's observable states and
outputs plus the 1RM observer's outputs along the resistance exercises) x output times x subjects x 8 bytes (float64), times
``MEMORY_OVERHEAD`` for the copies made while the labelled dataset is built (measured: the peak
resident memory of a run rose by about 1.3 times its raw arrays).  The
limit is the memory available now (``MemAvailable`` of ``/proc/meminfo``, else the physical
memory) or, when set, the environment variable ``MYOKINETICS_MEMORY_LIMIT`` (e.g. ``"4 GB"``).
"""
from __future__ import annotations

import math
import os
import re

from myokinetics.errors import InputError

MAX_NUMBER_DIGITS = 15
MAX_SETS = 100
MAX_REPS = 1000
MAX_BOUT_H = 48.0
MAX_REST_H = 24.0
HOURS_PER_YEAR = 8766.0          # Julian year, 365.25 x 24 h (a unit conversion)
MAX_DURATION_YEARS = 100
MAX_DURATION_H = MAX_DURATION_YEARS * HOURS_PER_YEAR
MAX_PROGRAM_WEEKS = int(MAX_DURATION_H // 168)
MAX_DAY = int(MAX_DURATION_H // 24)

#: bytes per recorded value (float64)
BYTES_PER_VALUE = 8
#: peak memory of a run / its raw result arrays (chunk buffers, the dataset's copies): measured 1.3 for
#: 40 subjects x 2689 output times (the peak resident memory rose by 748 MB for 590 MB of recorded values,
#: which the estimate matched to 0.1 %); 2 leaves a margin
MEMORY_OVERHEAD = 2.0
MEMORY_LIMIT_ENV = "MYOKINETICS_MEMORY_LIMIT"

_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def check_digits(text: str, field: str, valid: str) -> None:
    """Refuse text holding a number written with more than ``MAX_NUMBER_DIGITS`` digits."""
    if any(sum(c.isdigit() for c in tok) > MAX_NUMBER_DIGITS for tok in _NUMBER_RE.findall(str(text))):
        raise InputError(field, _short(text), valid, f"numbers have at most {MAX_NUMBER_DIGITS} digits")


def _short(text) -> str:
    s = str(text)
    return s if len(s) <= 60 else s[:40] + f"... ({len(s)} characters)"


def check_finite_range(value, field: str, lo: float, hi: float, valid: str, *, lo_open: bool = True) -> float:
    """``value`` as a float if it is a finite number in (lo, hi] (or [lo, hi]); else InputError."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok:
        try:
            x = float(value)
        except OverflowError:
            ok = False
        else:
            ok = math.isfinite(x) and (x > lo if lo_open else x >= lo) and x <= hi
    if not ok:
        raise InputError(field, _short(value) if isinstance(value, (int, str)) else value, valid)
    return x


def format_bytes(n: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n:.0f} B"


def available_memory() -> tuple[float, str]:
    """``(bytes, where the number comes from)``: the memory a run may use."""
    env = os.environ.get(MEMORY_LIMIT_ENV)
    if env:
        from myokinetics.model.units import ureg
        try:
            limit = float(ureg().Quantity(env.strip()).to("byte").magnitude)
        except Exception:   # pint raises several types
            raise InputError(MEMORY_LIMIT_ENV, env, "a memory size such as '4 GB' or '512 MiB'") from None
        return limit, f"the limit set by {MEMORY_LIMIT_ENV}"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024.0, "the memory available now"
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")), "the physical memory"
    except (ValueError, OSError, AttributeError):
        return float("inf"), "no known limit"


def recorded_values(model) -> int:
    """Values recorded per subject and output time: observable states and outputs, and the 1RM observer."""
    n = sum(sl.size for sl in model.states if sl.observable) + sum(sl.size for sl in model.outputs if sl.observable)
    obs = [o for o in getattr(model, "observers", ()) if o.name == "one_rm"]
    if obs:     # its outputs lie along the library's resistance exercises
        from myokinetics.program.library import get_library
        n += len(obs[0].outputs) * sum(1 for e in get_library() if e.modality == "resistance")
    return n


def estimate_bytes(model, n_subjects: int, n_times: int) -> float:
    """Peak memory estimate of a run (see the module docstring)."""
    return float(recorded_values(model)) * n_times * n_subjects * BYTES_PER_VALUE * MEMORY_OVERHEAD


def check_memory(model, n_subjects: int, n_times: int, field: str = "subjects.n") -> float:
    """Refuse a run whose results would not fit in memory (InputError naming the estimate and the limit)."""
    need = estimate_bytes(model, n_subjects, n_times)
    limit, where = available_memory()
    if need > limit:
        per = estimate_bytes(model, 1, n_times)
        fit = int(limit // per) if per > 0 else 0
        raise InputError(
            field, f"{n_subjects} subjects x {n_times} output times",
            f"a run that fits in memory: it needs about {format_bytes(need)} ({recorded_values(model)} values x "
            f"{n_times} times x {n_subjects} subjects x {BYTES_PER_VALUE} bytes x {MEMORY_OVERHEAD:g}) and the limit "
            f"is {format_bytes(limit)} ({where})",
            f"use fewer subjects (at most {fit} at this output interval), a shorter duration or a longer output.every")
    return need


def refuse_duration(duration_h: float, every_h: float, source=None) -> None:
    """The InputError for a scenario longer than ``MAX_DURATION_H``, with the size its output would have."""
    value = source.get("duration") if isinstance(source, dict) and "duration" in source else f"{duration_h:g} h"
    hint = None
    try:
        n_times = int(min(duration_h / every_h, 1e18)) + 1 if every_h > 0 and math.isfinite(every_h) else None
    except (TypeError, ValueError):
        n_times = None
    if n_times is not None:
        from myokinetics.models import build_model
        need = estimate_bytes(build_model(), 1, n_times)
        limit, where = available_memory()
        hint = (f"with output every {every_h:g} h that is {n_times} output times, about {format_bytes(need)} for one "
                f"subject; the memory limit is {format_bytes(limit)} ({where})")
    raise InputError("duration", value, f"a duration of at most {MAX_DURATION_YEARS} years ({MAX_DURATION_H:g} h)", hint)
