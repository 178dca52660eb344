"""Program objects: Load, Block, Session, Deload, Program (immutable, typed).

Values are stored *as written* (75 for "75% 1RM", 2 and "min" for "2 min")
so that :mod:`myokinetics.program.parse` formats them back unchanged; derived
quantities (fractions, seconds, RIR) are properties or methods.

Assumptions (documented defaults, not from a source unless cited):

* ``DEFAULT_REST_S = 120``: rest between resistance sets when none is written.
  ACSM 2009 (acsm2009) recommends 2-3 min for core lifts with heavier loads
  and 1-2 min for assistance exercises; 2 min is the shared boundary.
* Intervals with no rest written rest as long as they work (1:1).
* ``PCT_VO2MAX_MAX = 130``: supramaximal intervals above 130 % VO2max are
  rejected (the brief's bound; all-out sprints go beyond it and are not modelled).
* Progression is multiplicative and compounding: the load of week ``w``
  (0-based) is ``load * (1 + rate) ** w`` for %1RM and kg loads; RPE, RIR and
  %VO2max loads are not progressed.  Progressed %1RM loads are relative to the
  baseline 1RM (see ``Block.progressed``), so they are not checked against
  the reps-to-failure curve.
* A deload every N-th week (weeks N, 2N, ... counting from 1) multiplies the
  number of sets (rounded half up, at least 1; for a single continuous bout,
  its duration or distance) by ``volume`` and %1RM / kg / lb / %VO2max loads by
  ``load``, on top of the progression.  Paces are not progressed or deloaded.
* Pounds are converted to kg with pint (1 lb = 0.45359237 kg); the load keeps
  the value and unit as written.
* Rep ranges (``4x8-12``): the set is simulated with the top of the range,
  unless a fixed load (%1RM, kg, lb) allows fewer repetitions on the
  reps-to-failure curve (:mod:`.load`); then with as many as it allows, but at
  least the bottom of the range (a bottom beyond the curve is simulated like any
  set beyond it: the reps the curve allows, to failure, with a note).  RPE and
  RIR loads do the top of the range with the reps in reserve written.
* AMRAP (``1xAMRAP @ 80% 1RM``): as many repetitions as possible, i.e. a set
  to failure with the reps the curve gives at that load (rounded down, at
  least 1).  It needs a fixed load (%1RM, kg or lb).
* Drop sets (``+ 2 drops @ -20%``): after each set, without rest, the load is
  lowered by the percentage (each drop from the previous load) and lifted to
  failure.  The reps of a drop follow from the reps-to-failure curve with the
  lifter's momentary 1RM equal to the load just lifted to failure (or, after a
  set with q reps in reserve, the load's q-repetition maximum): a 20 % drop gives
  ``floor(max_reps(0.8))`` = 8 reps.  Each drop is simulated as its own set to
  failure, so it counts as a hard set in the set-counting stimuli.
* Tempo (``tempo 3-1-1-0``: eccentric, pause at the bottom, concentric, pause
  at the top, in seconds; ``X`` = explosive): a repetition lasts the sum of the
  four phases instead of the exercise's ``rep_duration_s``; ``X`` lasts
  ``EXPLOSIVE_CONCENTRIC_S``.  The eccentric seconds feed the eccentric
  stimulus, see :mod:`myokinetics.program.compile`.
* Distances (``Run 10 km``) take a pace (``@ 5:30 /km``) or a %VO2max; the
  bout lasts distance x pace, or distance / the speed at that %VO2max, and a
  pace is converted to %VO2max with the ACSM running and walking equations
  (see :mod:`myokinetics.program.endurance`).  Only running and walking have
  such an equation; other exercises take durations.
"""
from __future__ import annotations

import math
import types
from dataclasses import dataclass, replace
from typing import Iterator, Literal, Mapping

from myokinetics import limits
from myokinetics.errors import InputError
from myokinetics.program import load as L
from myokinetics.program.exercise import Exercise

LoadKind = Literal["pct_1rm", "rpe", "rir", "kg", "lb", "pct_vo2max", "pace_km", "pace_mi"]
LOAD_KINDS: tuple[str, ...] = ("pct_1rm", "rpe", "rir", "kg", "lb", "pct_vo2max", "pace_km", "pace_mi")
RESISTANCE_LOAD_KINDS = frozenset({"pct_1rm", "rpe", "rir", "kg", "lb"})
ENDURANCE_LOAD_KINDS = frozenset({"pct_vo2max", "pace_km", "pace_mi"})
MASS_LOAD_KINDS = frozenset({"kg", "lb"})
FIXED_LOAD_KINDS = frozenset({"pct_1rm", "kg", "lb"})      # loads that do not adapt to the reps (unlike RPE/RIR)
PACE_LOAD_KINDS = frozenset({"pace_km", "pace_mi"})
PROGRESSED_LOAD_KINDS = frozenset({"pct_1rm", "kg", "lb"})
DELOADED_LOAD_KINDS = frozenset({"pct_1rm", "kg", "lb", "pct_vo2max"})

#: Units a distance may be written in, with their length in metres (pint's definitions).
DISTANCE_UNITS_M: Mapping[str, float] = types.MappingProxyType({"m": 1.0, "km": 1000.0, "mi": 1609.344})
#: Metres per pace unit ("/km", "/mi").
PACE_UNIT_M: Mapping[str, float] = types.MappingProxyType({"pace_km": 1000.0, "pace_mi": 1609.344})
#: Assumption: an explosive ("X") concentric phase lasts about 1 s (a squat at 70 % 1RM lifted at a mean
#: velocity near 0.6-0.7 m/s over 0.6 m); no source pins it to one value.
EXPLOSIVE_CONCENTRIC_S = 1.0
#: Most drops after one set, and the largest tempo phase (s): input guards, not physiology.
MAX_DROPS = 10
MAX_TEMPO_PHASE_S = 60.0

PCT_VO2MAX_MAX = 130.0
DEFAULT_REST_S = 120.0

#: Units a block's work or rest may be written in, with their length in seconds.
TIME_UNITS_S: Mapping[str, float] = types.MappingProxyType({"s": 1.0, "min": 60.0, "h": 3600.0})

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_PER_WEEK = 7 * 24


def format_load_value(load: "Load") -> str:
    """``load`` as text with its unit, e.g. ``'140 kg'`` (for error messages)."""
    if load.kind in PACE_LOAD_KINDS:
        return f"{format_pace(load.value)} /{load.kind[5:]}"
    unit = {"pct_1rm": "% 1RM", "pct_vo2max": "% VO2max", "kg": " kg", "lb": " lb", "rir": " RIR"}.get(load.kind)
    return f"RPE {load.value:g}" if unit is None else f"{load.value:g}{unit}"


def format_pace(seconds: float) -> str:
    """``330`` -> ``'5:30'``; ``330.5`` -> ``'5:30.5'`` (minutes:seconds)."""
    m, sec = divmod(float(seconds), 60)
    sec = round(sec, 6)                       # divmod's rounding noise (315.2 -> 15.199999999999989)
    if sec >= 60:
        m, sec = m + 1, sec - 60
    text = str(int(sec)) if sec.is_integer() else repr(sec)
    return f"{int(m)}:{'0' if sec < 10 else ''}{text}"


def lb_to_kg(value: float) -> float:
    from myokinetics.model.units import factor
    return value * factor("lb", "kg")


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_num(x) -> bool:
    if not isinstance(x, (int, float)) or isinstance(x, bool):
        return False
    try:
        return math.isfinite(x)
    except OverflowError:   # an int too large for a float
        return False


@dataclass(frozen=True)
class Load:
    """An intensity prescription, stored as written.

    ``pct_1rm`` and ``pct_vo2max`` values are percentages (75 means 75 %),
    ``rpe`` is the RIR-based RPE (1-10), ``rir`` repetitions in reserve (>= 0),
    ``kg`` and ``lb`` an absolute load (:attr:`kg` converts), ``pace_km`` and
    ``pace_mi`` seconds per kilometre or mile.
    """

    kind: LoadKind
    value: float

    def __post_init__(self) -> None:
        if self.kind not in LOAD_KINDS:
            raise InputError("load.kind", self.kind, "one of " + ", ".join(LOAD_KINDS))
        v = self.value
        if not _is_num(v):
            raise InputError("load", v, "a finite number")
        checks = {
            "pct_1rm": (v > 0, "a %1RM in (0, 100]", None),  # <= 100 is checked by Block
            "rpe": (1 <= v <= 10, "an RPE between 1 and 10", "RPE 10 = failure, RPE 8 = 2 reps in reserve"),
            "rir": (0 <= v <= limits.MAX_REPS, f"repetitions in reserve >= 0 (at most {limits.MAX_REPS})", None),
            "kg": (v > 0, "a load in kg > 0", None),
            "lb": (v > 0, "a load in lb > 0", None),
            "pace_km": (0 < v <= 3600, "a pace from 0:01 to 60:00 min per km", None),
            "pace_mi": (0 < v <= 3600, "a pace from 0:01 to 60:00 min per mile", None),
            "pct_vo2max": (0 < v <= PCT_VO2MAX_MAX, f"a %VO2max in (0, {PCT_VO2MAX_MAX:g}]", None),
        }
        ok, valid, hint = checks[self.kind]
        if not ok:
            raise InputError("load", v, valid, hint)

    @property
    def fraction(self) -> float:
        """``value / 100`` for percentage kinds; the raw value otherwise."""
        return self.value / 100.0 if self.kind in ("pct_1rm", "pct_vo2max") else self.value

    @property
    def is_mass(self) -> bool:
        return self.kind in MASS_LOAD_KINDS

    @property
    def kg(self) -> float:
        """An absolute load in kg (pounds converted with pint)."""
        if self.kind == "kg":
            return float(self.value)
        if self.kind == "lb":
            return lb_to_kg(float(self.value))
        raise InputError("load", format_load_value(self), "a load in kg or lb")

    def scaled(self, factor: float) -> "Load":
        return Load(self.kind, self.value * factor)


@dataclass(frozen=True)
class Block:
    """One line of a session: ``sets`` x (``reps`` or ``work``) @ ``load``.

    Resistance exercises take ``reps`` (or, for holds and carries such as
    "Plank 3x60 s", a work duration, with the load optional); endurance and
    interval exercises take a work duration (``work`` in ``work_unit``).  ``rest``/``rest_unit`` are the
    rest between sets or intervals as written, ``None`` when not written (then
    :attr:`rest_s` gives the documented default).  ``load`` may be ``None`` only
    for a resistance set taken ``to_failure`` or a timed resistance set.

    ``progressed`` marks blocks made by :meth:`Program.session`: their %1RM is
    relative to the *baseline* (week-0) 1RM, so values above 100 % and reps
    beyond the curve are accepted at construction (the athlete's 1RM grows);
    whoever simulates them must resolve them against the current 1RM.
    ``progressed_from_h`` is the time (h from t = 0) whose 1RM a progressed %1RM
    refers to: 0 for a program, the first session of its phase in a
    :class:`~myokinetics.program.phases.PhasedProgram`.  Neither is part of the
    text shorthand.

    The rest of the shorthand (see the module docstring for how each is simulated):
    ``reps_max`` the top of a rep range (``4x8-12``: ``reps=8, reps_max=12``);
    ``amrap`` a set of as many reps as possible (``1xAMRAP``, ``reps=None``);
    ``tempo`` the seconds of the eccentric, bottom, concentric and top phases
    (numbers, or ``"X"`` for an explosive phase); ``drops`` and ``drop_pct`` a drop
    set (``+ 2 drops @ -20%``: ``drops=2, drop_pct=20``); ``distance`` and
    ``distance_unit`` an endurance bout written as a distance (``Run 10 km``).
    """

    exercise: Exercise
    sets: int = 1
    reps: int | None = None
    work: float | None = None
    work_unit: str | None = None
    load: Load | None = None
    rest: float | None = None
    rest_unit: str | None = None
    to_failure: bool = False
    progressed: bool = False
    progressed_from_h: float = 0.0
    reps_max: int | None = None
    amrap: bool = False
    tempo: tuple | None = None
    drops: int = 0
    drop_pct: float | None = None
    distance: float | None = None
    distance_unit: str | None = None

    def __post_init__(self) -> None:
        f = "block"
        ex = self.exercise
        if not isinstance(ex, Exercise):
            raise InputError(f"{f}.exercise", ex, "an Exercise")
        if not _is_int(self.sets) or not 1 <= self.sets <= limits.MAX_SETS:
            raise InputError(f"{f}.sets", self.sets, f"a whole number of sets from 1 to {limits.MAX_SETS}")
        resistance = ex.modality == "resistance"
        self._check_extras(resistance)
        if self.distance is not None:
            pass
        elif self.amrap:
            if self.reps is not None or self.work is not None:
                raise InputError(f"{f}.reps", self.reps, "no reps or duration with AMRAP (as many reps as possible)")
        elif self.reps is not None or (resistance and self.work is None):
            if self.work is not None or self.work_unit is not None:
                raise InputError(f"{f}.work", self.work, "either reps or a work duration, not both")
            if not resistance:
                raise InputError(f"{f}.reps", self.reps, f"a work duration, not reps, for the {ex.modality} exercise {ex.name!r}",
                                 "write e.g. '45 min' or '10x1 min'")
            if not _is_int(self.reps) or not 1 <= self.reps <= limits.MAX_REPS:
                raise InputError(f"{f}.reps", self.reps, f"a whole number of reps from 1 to {limits.MAX_REPS}")
        else:
            if self.work_unit not in TIME_UNITS_S:
                raise InputError(f"{f}.work_unit", self.work_unit, "one of " + ", ".join(TIME_UNITS_S))
            if not _is_num(self.work) or self.work <= 0:
                raise InputError(f"{f}.work", self.work, "a duration > 0")
            if self.work * TIME_UNITS_S[self.work_unit] > limits.MAX_BOUT_H * 3600:
                raise InputError(f"{f}.work", self.work, f"a duration of at most {limits.MAX_BOUT_H:g} h per set or bout")
        if (self.rest is None) != (self.rest_unit is None):
            raise InputError(f"{f}.rest", self.rest, "rest and rest_unit both given or both None")
        if self.rest is not None:
            if self.rest_unit not in TIME_UNITS_S:
                raise InputError(f"{f}.rest_unit", self.rest_unit, "one of " + ", ".join(TIME_UNITS_S))
            if not _is_num(self.rest) or self.rest < 0:
                raise InputError(f"{f}.rest", self.rest, "a rest >= 0")
            if self.rest * TIME_UNITS_S[self.rest_unit] > limits.MAX_REST_H * 3600:
                raise InputError(f"{f}.rest", self.rest, f"a rest of at most {limits.MAX_REST_H:g} h")
        if not isinstance(self.to_failure, bool):
            raise InputError(f"{f}.to_failure", self.to_failure, "True or False")
        self._check_load(resistance)

    def _check_extras(self, resistance: bool) -> None:
        f, ex = "block", self.exercise
        if self.reps_max is not None:
            if self.reps is None or not _is_int(self.reps_max) or not self.reps < self.reps_max <= limits.MAX_REPS:
                raise InputError(f"{f}.reps", f"{self.reps}-{self.reps_max}",
                                 f"a rep range '<low>-<high>' with low < high <= {limits.MAX_REPS}, e.g. '8-12'")
        if not isinstance(self.amrap, bool):
            raise InputError(f"{f}.amrap", self.amrap, "True or False")
        if self.amrap:
            if not resistance:
                raise InputError(f"{f}.reps", "AMRAP", f"a work duration for the {ex.modality} exercise {ex.name!r}")
            if self.to_failure:
                raise InputError(f"{f}.to_failure", True, "AMRAP without 'to failure'", "AMRAP is taken to failure already")
            if self.load is None or (isinstance(self.load, Load) and self.load.kind not in FIXED_LOAD_KINDS):
                raise InputError(f"{f}.load", format_load_value(self.load) if isinstance(self.load, Load) else None,
                                 "a fixed load for AMRAP ('@ 80% 1RM', '@ 100 kg' or '@ 225 lb')",
                                 "with RPE or RIR the number of reps would be undetermined")
        if self.tempo is not None:
            t = self.tempo
            if not (isinstance(t, tuple) and len(t) == 4 and all(
                    x == "X" or (_is_num(x) and 0 <= x <= MAX_TEMPO_PHASE_S) for x in t)) or self.rep_seconds() <= 0:
                raise InputError(f"{f}.tempo", t, "four phases in seconds, eccentric-bottom-concentric-top, e.g. "
                                 f"'3-1-1-0' or '3-1-X-0' (X: explosive; each at most {MAX_TEMPO_PHASE_S:g} s)")
            if not resistance or (self.reps is None and not self.amrap):
                raise InputError(f"{f}.tempo", self.tempo, "a tempo only on resistance sets written in reps")
        if not _is_int(self.drops) or not 0 <= self.drops <= MAX_DROPS:
            raise InputError(f"{f}.drops", self.drops, f"a whole number of drops from 0 to {MAX_DROPS}")
        if self.drops:
            if not resistance or (self.reps is None and not self.amrap):
                raise InputError(f"{f}.drops", self.drops, "drops only after resistance sets written in reps")
            if not _is_num(self.drop_pct) or not 0 < self.drop_pct < 100:
                raise InputError(f"{f}.drop_pct", self.drop_pct, "a drop in load between 0% and 100%, e.g. '-20%'")
        elif self.drop_pct is not None:
            raise InputError(f"{f}.drop_pct", self.drop_pct, "no drop percentage without drops")
        if (self.distance is None) != (self.distance_unit is None):
            raise InputError(f"{f}.distance", self.distance, "distance and distance_unit both given or both None")
        if self.distance is not None:
            if resistance:
                raise InputError(f"{f}.distance", self.distance, f"reps or a duration for the resistance exercise {ex.name!r}")
            if self.distance_unit not in DISTANCE_UNITS_M:
                raise InputError(f"{f}.distance_unit", self.distance_unit, "one of " + ", ".join(DISTANCE_UNITS_M))
            if not _is_num(self.distance) or not 0 < self.distance * DISTANCE_UNITS_M[self.distance_unit] <= 1e6:
                raise InputError(f"{f}.distance", self.distance, "a distance > 0 of at most 1000 km")
            if self.reps is not None or self.work is not None or self.work_unit is not None:
                raise InputError(f"{f}.work", self.work, "either a distance or a duration, not both")
            from myokinetics.program.endurance import has_speed_equation
            if not has_speed_equation(ex.id):
                raise InputError(f"{f}.distance", f"{self.distance:g} {self.distance_unit}",
                                 f"a duration for {ex.name!r}", "distances are simulated for running and walking "
                                 "(ACSM equations); write e.g. '45 min @ 70% VO2max'")
            if self.load is None:
                raise InputError("block.load", None, "a pace or a %VO2max for a distance, e.g. '@ 5:30 /km' or "
                                 "'@ 70% VO2max'", "the time and the intensity of a distance follow from its pace")
            if isinstance(self.load, Load) and self.load.kind in PACE_LOAD_KINDS:
                if self.work_s_at(None) > limits.MAX_BOUT_H * 3600:
                    raise InputError(f"{f}.distance", self.distance, f"a bout of at most {limits.MAX_BOUT_H:g} h "
                                     f"(this pace takes {self.work_s_at(None) / 3600:.3g} h)")

    def _check_load(self, resistance: bool) -> None:
        f, ld, ex = "block.load", self.load, self.exercise
        if ld is None:
            if self.distance is not None:
                return
            if not (resistance and (self.to_failure or self.reps is None)):
                raise InputError(f, None, "a load ('@ 75% 1RM', '@ RPE 8', '@ 2 RIR', '@ 140 kg', '@ 135 lb'"
                                 + (")" if resistance else ", '@ 70% VO2max')"),
                                 "only resistance sets taken to failure and timed holds may omit the load")
            return
        if not isinstance(ld, Load):
            raise InputError(f, ld, "a Load")
        allowed = RESISTANCE_LOAD_KINDS if resistance else ENDURANCE_LOAD_KINDS
        if ld.kind not in allowed:
            kinds = "%1RM, RPE, RIR, kg or lb" if resistance else "%VO2max or pace"
            raise InputError(f, format_load_value(ld), f"a {kinds} load for the {ex.modality} exercise {ex.name!r}")
        if ld.kind in PACE_LOAD_KINDS:
            from myokinetics.program.endurance import has_speed_equation
            if not has_speed_equation(ex.id):
                raise InputError(f, format_load_value(ld), f"a %VO2max load for {ex.name!r}",
                                 "paces are converted for running and walking only (ACSM equations)")
        if self.to_failure:
            if not resistance:
                raise InputError("block.to_failure", True, "'to failure' only on resistance sets")
            if ld.kind in ("rpe", "rir") and self._rir_from_load() != 0:
                raise InputError(f, ld.value, "RPE 10 or 0 RIR when the set is taken to failure",
                                 "drop 'to failure' or the RPE/RIR")
        if ld.kind == "pct_1rm" and not self.progressed:
            ratio = ex.strength_ratio
            if ld.fraction > ratio:
                raise InputError(f, ld.value, f"a %1RM in (0, {100 * ratio:g}]",
                                 "a set cannot be heavier than 1RM" if ratio == 1 else
                                 f"the eccentric maximum of {ex.name!r} is {100 * ratio:g}% of the concentric 1RM")
            if self.reps is not None:
                self._check_feasible(ld.fraction / ratio)

    def _check_feasible(self, fraction: float, one_rm_kg: float | None = None) -> None:
        if fraction > 1:
            limit = f"the 1RM ({one_rm_kg:g} kg)" if one_rm_kg else "1RM (100%)"
            raise InputError("block.load", format_load_value(self.load) if self.load else fraction,
                             f"a load at most {limit}", "a set cannot be heavier than 1RM")
        limit = L.max_feasible_reps(fraction)
        if self.reps > limit:
            ratio = self.exercise.strength_ratio
            at = f"{100 * fraction:.4g}% 1RM" if ratio == 1 else \
                f"{100 * fraction * ratio:.4g}% 1RM ({100 * fraction:.4g}% of the eccentric maximum)"
            raise InputError("block.reps", self.reps, f"at most {math.floor(limit)} reps at {at}",
                             f"about {L.max_reps(fraction):.1f} reps to failure are possible there (Epley)")

    def _rir_from_load(self) -> float:
        ld = self.load
        return float(L.rir_from_rpe(ld.value)) if ld.kind == "rpe" else float(ld.value)

    # --- derived quantities ------------------------------------------------
    @property
    def is_resistance(self) -> bool:
        return self.exercise.modality == "resistance"

    @property
    def work_s(self) -> float | None:
        """Work duration of one set/interval in seconds (``None`` for rep sets and for a distance
        at a %VO2max, whose duration depends on the runner's VO2max: see :meth:`work_s_at`)."""
        if self.distance is not None:
            return self.work_s_at(None) if self.load is not None and self.load.kind in PACE_LOAD_KINDS else None
        return None if self.work is None else self.work * TIME_UNITS_S[self.work_unit]

    @property
    def distance_m(self) -> float | None:
        return None if self.distance is None else self.distance * DISTANCE_UNITS_M[self.distance_unit]

    def work_s_at(self, vo2max: float | None) -> float | None:
        """Duration (s) of one bout; a distance at a %VO2max needs the runner's VO2max (mL/kg/min)."""
        if self.distance is None:
            return self.work_s
        from myokinetics.program import endurance as E
        ld = self.load
        if ld.kind in PACE_LOAD_KINDS:
            return self.distance_m / PACE_UNIT_M[ld.kind] * ld.value
        if vo2max is None:
            raise InputError("vo2max", None, "a VO2max (mL/kg/min) to time a distance at a %VO2max")
        return self.distance_m / E.speed_at(self.exercise.id, ld.fraction * vo2max, "block.load") * 60.0

    def fraction_vo2max_at(self, vo2max: float | None) -> float:
        """Fraction of VO2max of the bout; a pace needs the runner's VO2max (mL/kg/min)."""
        ld = self.load
        if ld is None or ld.kind not in ENDURANCE_LOAD_KINDS:
            raise InputError("block.load", ld.kind if ld else None, "a %VO2max load or a pace")
        if ld.kind == "pct_vo2max":
            return ld.fraction
        if vo2max is None:
            raise InputError("vo2max", None, "a VO2max (mL/kg/min) to convert a pace to %VO2max")
        from myokinetics.program import endurance as E
        speed = PACE_UNIT_M[ld.kind] / ld.value * 60.0          # m/min
        return E.vo2_at(self.exercise.id, speed) / vo2max

    def rep_seconds(self) -> float:
        """Duration (s) of one repetition: the tempo's four phases, else the exercise's ``rep_duration_s``."""
        if self.tempo is None:
            return self.exercise.rep_duration_s
        return float(sum(EXPLOSIVE_CONCENTRIC_S if x == "X" else x for x in self.tempo))

    @property
    def eccentric_s(self) -> float | None:
        """Seconds of the eccentric phase of a repetition written with a tempo (``None`` without one)."""
        if self.tempo is None:
            return None
        x = self.tempo[0]
        return EXPLOSIVE_CONCENTRIC_S if x == "X" else float(x)

    def planned_reps(self, fraction: float | None = None) -> int:
        """The reps simulated for a rep range (see the module docstring); ``fraction``: of 1RM, for fixed loads."""
        if self.amrap:
            if fraction is None:
                raise InputError("block.load", None, "the fraction of 1RM of an AMRAP set")
            return max(1, int(math.floor(float(L.max_reps(min(fraction, 1.0))) + 1e-9)))
        if self.reps_max is None:
            return self.reps
        if self.load is not None and self.load.kind in FIXED_LOAD_KINDS and fraction is not None:
            allowed = int(math.floor(float(L.max_reps(min(fraction, 1.0))) + 1e-9))
            return max(self.reps, min(self.reps_max, allowed))
        return self.reps_max

    @property
    def rest_written(self) -> bool:
        return self.rest is not None

    @property
    def rest_s(self) -> float:
        """Rest between sets/intervals in seconds; the documented default if not written."""
        return self.rest_s_at(None)

    def rest_s_at(self, vo2max: float | None) -> float:
        """:attr:`rest_s`; intervals written as distances at a %VO2max need the VO2max for their 1:1 rest."""
        if self.rest is not None:
            return self.rest * TIME_UNITS_S[self.rest_unit]
        if self.is_resistance:
            return DEFAULT_REST_S
        return self.work_s_at(vo2max) if self.sets > 1 else 0.0

    def fraction_1rm(self, one_rm_kg: float | None = None) -> float:
        """Fraction of 1RM of this set; ``one_rm_kg`` is needed for kg loads.

        For an exercise whose maximum differs from the 1RM its loads are written against
        (eccentric-only exercises, ``Exercise.strength_ratio``), the fraction of that maximum.
        """
        return self.resolve(one_rm_kg)[0]

    def reps_in_reserve(self, one_rm_fraction: float | None = None) -> float:
        """Repetitions left at the end of each set (0 = failure).

        ``one_rm_fraction`` is the fraction of 1RM that a kg load represents
        (needed only for kg loads).
        """
        if self.load is not None and self.load.is_mass:
            if one_rm_fraction is None:
                raise InputError("one_rm_fraction", None, "the fraction of 1RM the kg load represents")
            if not _is_num(one_rm_fraction) or not 0 < one_rm_fraction <= 1:
                raise InputError("one_rm_fraction", one_rm_fraction, "a fraction of 1RM in (0, 1]")
            return self._resolve_fraction(float(one_rm_fraction))[1]
        return self.resolve()[1]

    def resolve(self, one_rm_kg: float | None = None) -> tuple[float, float]:
        """``(fraction of 1RM, reps in reserve)`` for any resistance load kind."""
        if not self.is_resistance:
            raise InputError("block.load", self.load.kind if self.load else None,
                             "a resistance load (%1RM, RPE, RIR or kg)",
                             f"{self.exercise.name!r} is {self.exercise.modality}; use its %VO2max")
        if self.reps is None and not self.amrap:
            raise InputError("block.reps", None, "a set written in reps to resolve %1RM and RIR",
                             f"{self.exercise.name!r} is written as a timed set")
        ld = self.load
        if self.reps_max is not None or self.amrap:   # the simulated reps first (module docstring)
            frac = None
            if ld is not None and ld.kind == "pct_1rm":
                frac = ld.fraction / self.exercise.strength_ratio
            elif ld is not None and ld.is_mass:
                if one_rm_kg is None or not _is_num(one_rm_kg) or one_rm_kg <= 0:
                    raise InputError("one_rm_kg", one_rm_kg, f"a 1RM in kg > 0 to resolve a {ld.kind} load",
                                     f"the load of {self.exercise.name!r} is written in {ld.kind}")
                frac = ld.kg / (one_rm_kg * self.exercise.strength_ratio)
            if frac is not None and frac > 1:
                self._check_feasible(frac, one_rm_kg)
            concrete = replace(self, reps=self.planned_reps(frac), reps_max=None, amrap=False,
                               to_failure=self.to_failure or self.amrap)
            return concrete.resolve(one_rm_kg)
        if ld is None:  # to failure, no load written: the reps are the reps-to-failure
            return float(L.fraction_1rm_for(self.reps)), 0.0
        if ld.kind in ("rpe", "rir"):
            rir = self._rir_from_load()
            return float(L.fraction_1rm_for(self.reps + rir)), rir
        ratio = self.exercise.strength_ratio
        if ld.kind == "pct_1rm":
            return self._resolve_fraction(ld.fraction / ratio)
        if one_rm_kg is None:
            raise InputError("one_rm_kg", None, f"a 1RM in kg to resolve a {ld.kind} load",
                             f"the load of {self.exercise.name!r} is written in {ld.kind}")
        if not _is_num(one_rm_kg) or one_rm_kg <= 0:
            raise InputError("one_rm_kg", one_rm_kg, "a 1RM in kg > 0")
        return self._resolve_fraction(ld.kg / (one_rm_kg * ratio), one_rm_kg * ratio)

    def _resolve_fraction(self, fraction: float, one_rm_kg: float | None = None) -> tuple[float, float]:
        self._check_feasible(fraction, one_rm_kg)
        rir = 0.0 if self.to_failure else max(0.0, float(L.max_reps(fraction)) - self.reps)
        return fraction, rir

    @property
    def fraction_vo2max(self) -> float:
        if self.load is None or self.load.kind != "pct_vo2max":
            raise InputError("block.load", self.load.kind if self.load else None, "a %VO2max load")
        return self.load.fraction

    def scaled(self, load_factor: float = 1.0, volume_factor: float = 1.0,
               load_kinds: frozenset = DELOADED_LOAD_KINDS) -> "Block":
        """A copy with ``load_kinds`` loads times ``load_factor`` and volume times ``volume_factor``."""
        out = replace(self, progressed=True)
        if load_factor != 1.0 and self.load is not None and self.load.kind in load_kinds:
            out = replace(out, load=self.load.scaled(load_factor))
        if volume_factor != 1.0:
            if self.distance is not None and self.sets == 1:
                out = replace(out, distance=self.distance * volume_factor)
            elif self.work is not None and self.sets == 1:
                out = replace(out, work=self.work * volume_factor)
            else:
                out = replace(out, sets=max(1, math.floor(self.sets * volume_factor + 0.5)))
        return out


@dataclass(frozen=True)
class Session:
    """An ordered tuple of blocks, optionally named."""

    blocks: tuple[Block, ...]
    name: str | None = None

    def __post_init__(self) -> None:
        blocks = tuple(self.blocks)
        if not blocks:
            raise InputError("session", [], "at least one block")
        for i, b in enumerate(blocks):
            if not isinstance(b, Block):
                raise InputError(f"session[{i}]", b, "a Block")
        object.__setattr__(self, "blocks", blocks)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def scaled(self, load_factor: float = 1.0, volume_factor: float = 1.0,
               load_kinds: frozenset = DELOADED_LOAD_KINDS) -> "Session":
        return Session(tuple(b.scaled(load_factor, volume_factor, load_kinds) for b in self.blocks), self.name)


@dataclass(frozen=True)
class Deload:
    """Every ``every``-th week (N, 2N, ... counting from 1) at ``volume`` x sets and ``load`` x load."""

    every: int
    volume: float = 1.0
    load: float = 1.0

    def __post_init__(self) -> None:
        if not _is_int(self.every) or not 1 <= self.every <= limits.MAX_PROGRAM_WEEKS:
            raise InputError("deload.every", self.every, f"a whole number of weeks from 1 to {limits.MAX_PROGRAM_WEEKS}")
        for name in ("volume", "load"):
            v = getattr(self, name)
            if not _is_num(v) or not 0 < v <= 1:
                raise InputError(f"deload.{name}", v, "a fraction in (0, 1] (e.g. 60% -> 0.6)")

    def applies(self, week: int) -> bool:
        return (week + 1) % self.every == 0


_DAY_NAMES: Mapping[str, str] = {
    **{d: d for d in WEEKDAYS},
    **dict(zip(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), WEEKDAYS)),
}


def _normalise_day(day: object) -> str:
    key = day.strip().lower() if isinstance(day, str) else None
    if key not in _DAY_NAMES:
        raise InputError("schedule", day, "a weekday: " + ", ".join(WEEKDAYS))
    return _DAY_NAMES[key]


def parse_clock(text: str, field: str = "session_time") -> float:
    """``"HH:MM"`` -> hours after midnight."""
    import re
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(text))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise InputError(field, text, "a time of day 'HH:MM' between 00:00 and 23:59")
    return int(m.group(1)) + int(m.group(2)) / 60.0


@dataclass(frozen=True)
class Program:
    """A weekly schedule repeated for ``weeks`` weeks.

    ``schedule`` maps weekdays ("mon".."sun") to sessions; ``session_time`` is
    the start time ("HH:MM") of every session; ``progression`` is the weekly
    multiplicative load increase (0.025 for "2.5% per week"); ``deload`` an
    optional :class:`Deload`.  Time t = 0 is Monday 00:00 of week 0.
    """

    schedule: Mapping[str, Session]
    weeks: int
    session_time: str = "18:00"
    progression: float = 0.0
    deload: Deload | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.schedule, Mapping) or not self.schedule:
            raise InputError("schedule", self.schedule, "a mapping of weekday -> session, e.g. {'mon': ...}")
        days: dict[str, Session] = {}
        for day, s in self.schedule.items():
            d = _normalise_day(day)
            if d in days:
                raise InputError("schedule", day, "each weekday at most once")
            if not isinstance(s, Session):
                raise InputError(f"schedule.{d}", s, "a Session")
            days[d] = s
        ordered = {d: days[d] for d in WEEKDAYS if d in days}
        object.__setattr__(self, "schedule", types.MappingProxyType(ordered))
        if not _is_int(self.weeks) or not 1 <= self.weeks <= limits.MAX_PROGRAM_WEEKS:
            raise InputError("weeks", self.weeks, f"a whole number of weeks from 1 to {limits.MAX_PROGRAM_WEEKS} "
                                                  f"({limits.MAX_DURATION_YEARS} years)")
        parse_clock(self.session_time)
        if not _is_num(self.progression) or not -1 < self.progression <= 1:
            raise InputError("progression", self.progression, "a weekly fraction in (-1, 1] (e.g. 0.025 for 2.5% per week)")
        if self.deload is not None and not isinstance(self.deload, Deload):
            raise InputError("deload", self.deload, "a Deload")
        for w in range(self.weeks):  # fail at construction, not during a simulation
            for d, session in ordered.items():
                for i, block in enumerate(session.blocks):
                    try:
                        self._block_in_week(block, w)
                    except InputError as e:
                        sub = e.field.split(".", 1)[1] if e.field.startswith("block.") else e.field
                        raise InputError(f"schedule.{d}[{i}].{sub}", e.value, e.valid,
                                         f"in week {w + 1} after progression/deload") from None

    def week_factors(self, week: int) -> tuple[float, float, float]:
        """``(progression factor, deload load factor, deload volume factor)`` for week ``week`` (0-based)."""
        prog = (1.0 + self.progression) ** week
        if self.deload is not None and self.deload.applies(week):
            return prog, self.deload.load, self.deload.volume
        return prog, 1.0, 1.0

    def session(self, day: str, week: int) -> Session:
        """The session of ``day`` in week ``week`` with progression and deload applied."""
        s = self.schedule[_normalise_day(day)]
        return Session(tuple(self._block_in_week(b, week) for b in s.blocks), s.name)

    def _block_in_week(self, block: Block, week: int) -> Block:
        prog, dl_load, dl_vol = self.week_factors(week)
        if prog != 1.0:
            block = block.scaled(load_factor=prog, load_kinds=PROGRESSED_LOAD_KINDS)
        if dl_load != 1.0 or dl_vol != 1.0:
            block = block.scaled(load_factor=dl_load, volume_factor=dl_vol)
        return block

    def sessions(self) -> Iterator[tuple[float, int, Session]]:
        """Yield ``(start time in hours from program start, week index, session)`` in time order."""
        clock = parse_clock(self.session_time)
        for w in range(self.weeks):
            for d in self.schedule:
                yield w * HOURS_PER_WEEK + WEEKDAYS.index(d) * 24 + clock, w, self.session(d, w)

    @property
    def duration_h(self) -> float:
        return self.weeks * HOURS_PER_WEEK
