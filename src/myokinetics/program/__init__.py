"""Training programs: exercises, loads, the text shorthand and schedules.

Names are imported lazily so that ``import myokinetics.program`` stays light.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    # model.py
    "Load": "model", "Block": "model", "Session": "model", "Program": "model", "Deload": "model",
    # parse.py
    "parse_block": "parse", "format_block": "parse", "parse_session": "parse", "format_session": "parse",
    "parse_load": "parse", "format_load": "parse", "parse_duration": "parse", "parse_progression": "parse",
    "format_progression": "parse", "parse_deload": "parse", "format_deload": "parse", "parse_program": "parse",
    "parse_dated_sessions": "parse",
    # phases.py
    "Phase": "phases", "PhasedProgram": "phases", "DatedSession": "phases", "DatedSessions": "phases",
    # load.py
    "max_reps": "load", "fraction_1rm_for": "load", "max_feasible_reps": "load", "rir_from_rpe": "load",
    "rpe_from_rir": "load", "estimate_1rm": "load", "ONE_RM_FORMULAS": "load", "ONE_RM_FORMULA_ACCURACY": "load",
    # exercise.py / library.py
    "Exercise": "exercise", "MuscleGroup": "exercise", "get_library": "library",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover
    from .exercise import Exercise, MuscleGroup
    from .library import get_library
    from .load import (ONE_RM_FORMULA_ACCURACY, ONE_RM_FORMULAS, estimate_1rm, fraction_1rm_for,
                       max_feasible_reps, max_reps, rir_from_rpe, rpe_from_rir)
    from .model import Block, Deload, Load, Program, Session
    from .parse import (format_block, format_deload, format_load, format_progression, format_session,
                        parse_block, parse_deload, parse_duration, parse_load, parse_program,
                        parse_dated_sessions, parse_progression, parse_session)
    from .phases import DatedSession, DatedSessions, Phase, PhasedProgram
