"""What one web request may ask for: caps on size and run time, checked before anything is simulated.

A web server shares its machine between users, so every request is held to these limits (the
command line has none).  A request over a cap is refused with one line naming the field, the value
and the limit (HTTP 422; a request body over its cap: HTTP 413), as every other input error.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from myokinetics.errors import InputError

__all__ = ["Limits", "CapError", "check_scenario", "check_total_subjects", "values_estimate"]


@dataclass(frozen=True)
class Limits:
    """Caps of one request.  The defaults suit a laptop or a small shared server."""

    max_subjects: int = 100                 # subjects simulated by one request (a trial or comparison: all together)
    max_duration_h: float = 366 * 24.0      # simulated time after the run-in (also the longest program accepted)
    max_run_in_h: float = 28 * 24.0         # the run-in before t = 0
    max_subject_days: float = 20_000.0      # sum over subjects of (run-in + duration), in days: the compute
    max_values: float = 2.0e7               # subjects x output times x values per output time: the memory (8 B each)
    max_sets: int = 20_000                  # sets in the simulated time (each is a segment of the forcing)
    max_body_bytes: int = 256 * 1024        # request body
    timeout_s: float = 120.0                # run time of one request in the worker, after the model is loaded

    def __post_init__(self):
        for name in ("max_subjects", "max_duration_h", "max_run_in_h", "max_subject_days", "max_values",
                     "max_sets", "max_body_bytes", "timeout_s"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 and math.isfinite(v)):
                raise InputError(f"limits.{name}", v, "a positive finite number")


class CapError(InputError):
    """A request over one of the server's caps; ``status`` is its HTTP status code."""

    def __init__(self, field: str, value: object, limit: str, hint: str | None = None, status: int = 422):
        super().__init__(field, value, limit, hint)
        self.status = status


def values_estimate(n_subjects: int, duration_h: float, every_h: float, values_per_time: int) -> tuple[int, float]:
    """(output times, stored values) of a run: the result holds subjects x times x values numbers."""
    n_out = int(math.floor(duration_h / every_h + 1e-9)) + 1
    return n_out, float(n_subjects) * n_out * values_per_time


def _h(x: float) -> str:
    return f"{x / 24:g} days" if x >= 48 else f"{x:g} h" if x >= 1 else f"{x * 60:.4g} min"


def check_scenario(sc, limits: Limits, values_per_time: int, prefix: str = "") -> None:
    """Refuse a :class:`~myokinetics.io.scenario.Scenario` over a cap (``prefix`` names where it came from)."""
    n = sc.cohort.n
    if n > limits.max_subjects:
        raise CapError(f"{prefix}subjects.n", n, f"at most {limits.max_subjects} subjects per request (this server's limit)")
    if sc.duration_h > limits.max_duration_h:
        raise CapError(f"{prefix}duration", _h(sc.duration_h), f"at most {_h(limits.max_duration_h)} (this server's limit)")
    if sc.run_in_h > limits.max_run_in_h:
        raise CapError(f"{prefix}solver.run_in", _h(sc.run_in_h), f"at most {_h(limits.max_run_in_h)} (this server's limit)")
    program_h = float(getattr(sc.program, "duration_h", 0.0) or 0.0)
    if program_h > limits.max_duration_h + 7 * 24:
        raise CapError(f"{prefix}program.weeks", f"{program_h / 168:g} weeks",
                       f"a program of at most {limits.max_duration_h / 168:.0f} weeks (this server's limit)")
    sets = sum(int(b.sets) for _, _, session in sc.sessions() for b in session.blocks)
    if sets > limits.max_sets:
        raise CapError(f"{prefix}sets", sets, f"at most {limits.max_sets} sets in the simulated time (this server's limit)")
    days = n * (sc.run_in_h + sc.duration_h) / 24.0
    if days > limits.max_subject_days:
        raise CapError(f"{prefix}subjects.n", n, f"subjects x (run-in + duration) of at most {limits.max_subject_days:g} "
                       f"subject-days (this server's limit)", f"{n} x {(sc.run_in_h + sc.duration_h) / 24:g} days = {days:g}; "
                       "ask for fewer subjects or a shorter duration")
    n_out, values = values_estimate(n, sc.duration_h, sc.output_every_h, values_per_time)
    if values > limits.max_values:
        raise CapError(f"{prefix}output.every", _h(sc.output_every_h),
                       f"an interval giving at most {limits.max_values:.3g} stored values (this server's limit)",
                       f"{n} subjects x {n_out} output times x {values_per_time} values = {values:.3g}; "
                       "ask for a coarser output interval, fewer subjects or a shorter duration")


def check_total_subjects(total: int, limits: Limits, field: str) -> None:
    if total > limits.max_subjects:
        raise CapError(field, total, f"at most {limits.max_subjects} subjects per request in all (this server's limit)")
