"""Compile a program into a Forcing: piecewise-constant segments (sets, rests, bouts).

Every set, rest and endurance bout is one segment; its edges are exact
integration breakpoints.  The forcing is shared by all subjects of a cohort:
loads are expressed relative to the subject's 1RM, so it does not depend on
the subject (kg loads are converted with the cohort's reference 1RM, see
:func:`reference_one_rm`).

Progression raises the load each week; progressed and kg loads are resolved
against the 1RM simulated for the cohort's typical subject (``strength``, see
:func:`myokinetics.pipeline.resolve_loads`).  When the progression outpaces that
1RM, a progressed load can exceed what the lifter can do for the prescribed
reps; the set is then simulated as a set to failure with the reps still
possible, and a note is recorded in ``Forcing.notes``: the program as
written is kept, only what the simulated body could do changes.

The rest of the shorthand (rules in :mod:`myokinetics.program.model`):

* Rep ranges and AMRAP sets are resolved against the current 1RM (the reps the load allows).
* Drop sets add one segment per drop right after the set (no rest), each to failure.
* Tempo: a repetition lasts the tempo's four phases (so a slow tempo lengthens the set: more time
  under tension for the activation-driven stimuli), and the set's eccentric emphasis is scaled by
  ``(eccentric seconds / reference eccentric seconds) ** TEMPO_ECCENTRIC_EXPONENT``, where the
  reference is ``REFERENCE_ECCENTRIC_SHARE`` of the exercise's typical repetition (``rep_duration_s``).
  The eccentric emphasis feeds ``eccentric_load`` (damage, MGF) in the stimulus module.
* Distances and paces are converted with the runner's VO2max (``vo2max``, mL/kg/min; see
  :mod:`myokinetics.program.endurance`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from myokinetics import limits
from myokinetics.errors import InputError
from myokinetics.model.param import Input
from myokinetics.program import load as L
from myokinetics.program.library import get_library
from myokinetics.program.model import PCT_VO2MAX_MAX

#: Fields the compiled program provides to signal modules.
FORCING_FIELDS: dict[str, Input] = {
    "involvement": Input("involvement", "1", ("muscle",)),
    "modality": Input("modality", "1"),          # 0 rest, 1 resistance, 2 endurance
    "segment_hours": Input("segment_hours", "h"),
    "load_fraction": Input("load_fraction", "1"),
    "reps": Input("reps", "1"),
    "reps_to_failure": Input("reps_to_failure", "1"),
    "eccentric": Input("eccentric", "1"),
    "vo2_fraction": Input("vo2_fraction", "1"),
    "clock": Input("clock", "1"),                # 1 over the simulated period, 0 during the run-in
    "limb_share": Input("limb_share", "1"),      # share of each worked group's mass that works (0.5: one limb only)
    # skeletal loading of each repetition or stride (library joint loads; NaN: not published, see skeleton/loading.py)
    "hip_force": Input("hip_force", "1"),        # peak hip contact force, body weights
    "spine_force": Input("spine_force", "1"),    # peak L4/L5 compression, body weights
    "loading_rate": Input("loading_rate", "1/s"),  # peak loading rate, body weights per second (NaN: not published)
    "load_cycles": Input("load_cycles", "1"),    # loading cycles of the segment (repetitions; strides of a bout)
}

#: Default 1RM of an untrained young man (20-29 y) as a multiple of body mass, when the scenario gives no 1RM.
#: The two anchor lifts are population norms: bench press 0.94 (Cooper Institute norms, men 20-29, middle
#: category 0.99-1.13 x body weight on the Universal machine, 1.06, converted to free weights with the
#: manual's formula, Universal = 1.016 x free weight + 18.4 lb, for an 80-kg man; cooperinstitute2002) and
#: leg press 1.91 (middle of the "average" band 1.83-1.99 for men 20-29; legpressnorms, a secondary
#: reproduction of the same kind of norms).  The others are assumptions (rough novice strength standards,
#: no peer-reviewed source found).  Sex and age scale these values (``strength_norm`` of the one_rm module);
#: a scenario's ``subjects.one_rm`` always overrides them.
DEFAULT_1RM_RATIO = {"deadlift": 1.25, "back_squat": 1.0, "front_squat": 0.8, "bench_press": 0.94,
                     "overhead_press": 0.5, "barbell_row": 0.6, "leg_press": 1.91}
DEFAULT_1RM_RATIO_OTHER = 0.4

#: Assumption (unit 1): the share of an exercise's typical repetition (``rep_duration_s``) spent in the
#: eccentric phase when no tempo is written: lowering and lifting take about as long.
REFERENCE_ECCENTRIC_SHARE = 0.5
#: Assumption (unit 1): exponent of the eccentric stimulus on eccentric duration.  Slower eccentrics keep
#: the muscle longer under lengthening load, but the effect is small: 4-s against 2-s eccentrics at 70 %
#: 1RM to failure gave similar growth of vastus lateralis and rectus femoris, more only in vastus
#: medialis, and similar strength (azevedo2022).  A square root doubles the stimulus only for a 4-fold
#: longer eccentric.
TEMPO_ECCENTRIC_EXPONENT = 0.5


def eccentric_factor(block) -> float:
    """Factor on the eccentric emphasis of a set written with a tempo (1 without one)."""
    if block.tempo is None:
        return 1.0
    ref = block.exercise.rep_duration_s * REFERENCE_ECCENTRIC_SHARE
    return (block.eccentric_s / ref) ** TEMPO_ECCENTRIC_EXPONENT if ref > 0 else 1.0


def reference_one_rm(exercise_id: str, body_mass: float, given: dict | None = None, factor: float = 1.0) -> float:
    """The starting 1RM (kg): the scenario's own value when given (never scaled), else the young-male reference
    ratio x body mass x ``factor`` (the sex and age norm of the subject, 1 for a young man)."""
    if given and exercise_id in given:
        return float(given[exercise_id])
    return body_mass * DEFAULT_1RM_RATIO.get(exercise_id, DEFAULT_1RM_RATIO_OTHER) * factor


@dataclass
class Forcing:
    t: np.ndarray                         # (n_seg + 1,) segment edges, h
    fields: dict[str, np.ndarray]         # name -> (n_seg,) or (n_seg, n_muscle)
    muscles: tuple[str, ...]
    sets: list[dict] = field(default_factory=list)   # one record per working set/bout
    notes: list[str] = field(default_factory=list)
    seg_set: np.ndarray | None = None     # (n_seg,) index into ``sets`` or -1

    @property
    def n_segments(self) -> int:
        return self.t.size - 1


class _Builder:
    def __init__(self, muscles, t0):
        self.muscles = tuple(muscles)
        self.mi = {m: i for i, m in enumerate(self.muscles)}
        self.edges = [t0]
        self.rows: list[dict] = []
        self.sets: list[dict] = []
        self.seg_set: list[int] = []

    def add(self, t_end, set_idx=-1, **vals):
        if t_end <= self.edges[-1]:
            return
        self.rows.append(vals)
        self.edges.append(t_end)
        self.seg_set.append(set_idx)

    def rest_until(self, t_end):
        self.add(t_end)

    def involvement(self, exercise):
        v = np.zeros(len(self.muscles))
        for m, f in exercise.muscles.items():
            v[self.mi[m]] = f
        return v

    def build(self, notes) -> Forcing:
        n = len(self.rows)
        nm = len(self.muscles)
        f = {k: np.zeros(n) for k in FORCING_FIELDS if k != "involvement"}
        f["involvement"] = np.zeros((n, nm))
        t = np.asarray(self.edges)
        f["segment_hours"] = np.diff(t)
        f["clock"] = np.ones(n)
        f["limb_share"] = np.ones(n)
        for k in ("hip_force", "spine_force", "loading_rate"):
            f[k] = np.full(n, np.nan)
        for i, r in enumerate(self.rows):
            for k, v in r.items():
                f[k][i] = v
        return Forcing(t, f, self.muscles, self.sets, notes, np.asarray(self.seg_set, dtype=np.int64))


def compile_sessions(sessions, muscles, t_start: float, t_end: float, one_rm: dict | None = None,
                     body_mass: float = 75.0, strength=None, vo2max: float | None = None, norm=None) -> Forcing:
    """``sessions``: iterable of ``(start_h, week, Session)``; segments cover [t_start, t_end].

    ``vo2max`` (mL/kg/min): the runner's VO2max for distances and paces (see
    :mod:`myokinetics.program.endurance`); needed only when the program has them.

    ``norm(exercise_id)``: the sex and age factor of the cohort's typical subject on the reference 1RM of
    kg loads (default 1).

    ``strength(exercise_id, t)``: the lifter's 1RM at time ``t`` relative to the start (from a pilot
    simulation, see :func:`myokinetics.pipeline.resolve_loads`); progressed loads and kg loads are then
    resolved against the current 1RM instead of the starting one.
    """
    b = _Builder(muscles, t_start)
    notes: list[str] = []
    for s_idx, (t0, week, session) in enumerate(sessions):
        if t0 >= t_end:
            break
        if t0 < b.edges[-1] - 1e-9:
            raise InputError("program", f"session at {t0:g} h", "sessions that do not overlap",
                             "a session starts before the previous one ended")
        b.rest_until(t0)
        t = t0
        blocks = list(session.blocks)
        for k, block in enumerate(blocks):
            ex = block.exercise
            inv = b.involvement(ex)
            for s in range(block.sets):
                last_of_session = (k == len(blocks) - 1 and s == block.sets - 1)
                rec = {"session": s_idx, "week": week, "block": k, "set": s, "exercise": ex.id, "start": t}
                if ex.modality == "resistance":
                    gain = float(strength(ex.id, t0)) if strength is not None else 1.0
                    if (strength is not None and block.progressed and block.progressed_from_h > 0
                            and block.load is not None and block.load.kind == "pct_1rm"):
                        gain /= float(strength(ex.id, block.progressed_from_h))   # relative to the phase's start
                    frac, reps, rtf = _resolve_set(block, one_rm, body_mass, notes, week, s_idx, gain,
                                                   float(norm(ex.id)) if norm is not None else 1.0)
                    rep_h = block.rep_seconds() / 3600.0
                    dur = reps * rep_h if block.work_s is None else block.work_s / 3600.0
                    ecc = ex.eccentric * eccentric_factor(block)
                    rec.update(load_fraction=frac, reps=reps, reps_to_failure=rtf, vo2_fraction=0.0, modality="resistance",
                               drop=0)
                    b.sets.append(rec)
                    now = float(strength(ex.id, t0)) if strength is not None else 1.0      # current / starting 1RM
                    nf = float(norm(ex.id)) if norm is not None else 1.0
                    orm_bw = reference_one_rm(ex.id, body_mass, one_rm, nf) * now * ex.strength_ratio / body_mass
                    b.add(t + dur, len(b.sets) - 1, involvement=inv, modality=1, load_fraction=frac, reps=reps,
                          reps_to_failure=rtf, eccentric=ecc, limb_share=ex.limb_share, load_cycles=reps,
                          **_joint_loads(ex, frac * orm_bw))
                    f_prev, q_prev = frac, rtf - reps
                    for d in range(block.drops):     # each drop: lighter, to failure, no rest
                        rec["end"] = t + dur
                        t += dur
                        f_d, r_d = drop_set(f_prev, q_prev, block.drop_pct)
                        dur = r_d * rep_h
                        rec = {**rec, "set": s, "start": t, "load_fraction": f_d, "reps": r_d,
                               "reps_to_failure": float(r_d), "drop": d + 1}
                        b.sets.append(rec)
                        b.add(t + dur, len(b.sets) - 1, involvement=inv, modality=1, load_fraction=f_d, reps=r_d,
                              reps_to_failure=float(r_d), eccentric=ecc, limb_share=ex.limb_share, load_cycles=r_d,
                              **_joint_loads(ex, f_d * orm_bw))
                        f_prev, q_prev = f_d, 0.0
                else:
                    vo2 = block.fraction_vo2max_at(vo2max)
                    if vo2 > PCT_VO2MAX_MAX / 100.0:
                        from myokinetics.program.model import format_load_value
                        raise InputError(f"{ex.name} @ {format_load_value(block.load)}", f"{100 * vo2:.0f}% VO2max",
                                         f"a pace of at most {PCT_VO2MAX_MAX:g}% VO2max",
                                         f"at a VO2max of {vo2max:.3g} mL/kg/min; give the runner's own with 'vo2max:'")
                    dur = (block.work_s_at(vo2max) or 0.0) / 3600.0
                    if dur > limits.MAX_BOUT_H:
                        raise InputError(f"{ex.name} {block.distance:g} {block.distance_unit}" if block.distance else ex.name,
                                         f"{dur:.3g} h", f"a bout of at most {limits.MAX_BOUT_H:g} h",
                                         f"at {100 * vo2:.3g}% of a VO2max of {vo2max:.3g} mL/kg/min" if vo2max else None)
                    rec.update(load_fraction=0.0, reps=0, reps_to_failure=0, vo2_fraction=vo2, modality=ex.modality)
                    b.sets.append(rec)
                    b.add(t + dur, len(b.sets) - 1, involvement=inv, modality=2, vo2_fraction=vo2, eccentric=ex.eccentric,
                          limb_share=ex.limb_share, load_cycles=dur * 3600.0 / ex.rep_duration_s, **_joint_loads(ex, 0.0))
                rec["end"] = t + dur
                t += dur
                if not last_of_session:
                    t += block.rest_s_at(vo2max) / 3600.0
                    b.rest_until(t)
    b.rest_until(t_end)
    return b.build(_summarise_notes(notes))


def drop_set(fraction: float, reps_in_reserve: float, drop_pct: float) -> tuple[float, int]:
    """``(load fraction, reps)`` of a drop after a set at ``fraction`` of 1RM ending ``reps_in_reserve`` from failure.

    The lifter's momentary 1RM is the load's q-repetition maximum (q = the reps in reserve, at least 1:
    at failure the load just lifted is the momentary maximum); the drop is lifted to failure, for the
    reps the curve gives at the lower load relative to that momentary 1RM (rounded down, at least 1).
    """
    momentary = fraction / float(L.fraction_1rm_for(max(1.0, reps_in_reserve)))
    f_d = fraction * (1.0 - drop_pct / 100.0)
    return f_d, max(1, int(math.floor(float(L.max_reps(min(f_d / momentary, 1.0))) + 1e-9)))


def _joint_loads(ex, external_bw: float) -> dict:
    """Peak hip and spine forces (body weights) and loading rate of one repetition or stride of ``ex`` with an external
    load of ``external_bw`` body weights; fields the library does not give stay NaN (the loading module's fallback)."""
    out = {}
    if ex.hip_load is not None:
        out["hip_force"] = ex.hip_load[0] + ex.hip_load[1] * external_bw
    if ex.spine_load is not None:
        out["spine_force"] = ex.spine_load[0] + ex.spine_load[1] * external_bw
    if ex.loading_rate is not None:
        out["loading_rate"] = ex.loading_rate
    return out


def _summarise_notes(notes: list) -> list[str]:
    """One line per exercise for progressed loads beyond the simulated strength; other notes as they are."""
    out: list[str] = []
    beyond: dict[str, list] = {}
    for n in notes:
        if isinstance(n, tuple):
            beyond.setdefault(n[1], []).append(n)
        else:
            out.append(n)
    for name, items in beyond.items():
        first = min(items, key=lambda x: x[2])
        last = max(items, key=lambda x: x[2])
        out.append(f"{name}: from week {first[2] + 1} the progressed load ({100 * first[4]:.0f}% of the current 1RM, "
                   f"{100 * last[4]:.0f}% by week {last[2] + 1}) allows fewer reps than prescribed at the simulated strength; "
                   f"{len(items)} sets simulated as sets to failure with the reps still possible "
                   f"(the progression outpaces the 1RM simulated for the cohort's typical subject)")
    return out


def dataclasses_replace(obj, **kw):
    import dataclasses
    return dataclasses.replace(obj, **kw)


def _concrete_reps(block, one_rm, body_mass, gain, factor=1.0):
    """A rep range or AMRAP set with fixed load as a set of the reps the load allows at the current 1RM."""
    ld, ratio, ex = block.load, block.exercise.strength_ratio, block.exercise
    if ld.kind == "pct_1rm":
        frac = ld.fraction / ratio / (gain if block.progressed else 1.0)
    elif ld.is_mass:
        frac = ld.kg / (reference_one_rm(ex.id, body_mass, one_rm, factor) * ratio * gain)
    else:                                  # RPE/RIR: resolved later (top of the range)
        return block
    reps = block.planned_reps(min(frac, 1.0))
    return dataclasses_replace(block, reps=reps, reps_max=None, amrap=False, to_failure=block.to_failure or block.amrap)


def _resolve_set(block, one_rm, body_mass, notes, week, s_idx, gain=1.0, factor=1.0):
    """Fraction of the CURRENT 1RM, reps and reps to failure of a set; ``gain``: current / starting 1RM
    (applies to loads that are fixed in kg or progressed from the starting 1RM)."""
    ex = block.exercise
    if (block.reps_max is not None or block.amrap) and block.load is not None:
        block = _concrete_reps(block, one_rm, body_mass, gain, factor)
    if gain != 1.0 and block.load is not None and block.reps is not None and (
            block.load.is_mass or (block.load.kind == "pct_1rm" and block.progressed)):
        import dataclasses
        if block.load.is_mass:
            return _resolve_set(block, {**(one_rm or {}), ex.id: reference_one_rm(ex.id, body_mass, one_rm, factor) * gain},
                                body_mass, notes, week, s_idx)
        block = dataclasses.replace(block, load=dataclasses.replace(block.load, value=block.load.value / gain))
    ratio = ex.strength_ratio    # eccentric-only exercises: loads are written against the concentric 1RM
    if block.reps is None:  # timed resistance set (plank, carry): treated as isometric reps
        reps = max(1, int(round((block.work_s or 0.0) / ex.rep_duration_s)))
        frac = block.load.fraction / ratio if (block.load is not None and block.load.kind == "pct_1rm") else 0.3
        return frac, reps, float(L.max_reps(frac))
    if block.load is not None and block.load.is_mass:
        orm = reference_one_rm(ex.id, body_mass, one_rm, factor) * ratio
        frac = block.load.kg / orm
        if frac > 1.0:
            notes.append(f"session {s_idx + 1}: {ex.name} {block.load.value:g} {block.load.kind} exceeds the reference "
                         f"1RM of {orm:.0f} kg; simulated at 1RM")
            frac = 1.0
        rtf = float(L.max_reps(frac))
        rir = 0.0 if block.to_failure else max(0.0, rtf - block.reps)
    else:
        try:
            frac, rir = block.resolve()
        except InputError:
            # a progressed load beyond what is possible: the set ends in failure
            frac = block.load.fraction / ratio if block.load.kind == "pct_1rm" else float(L.fraction_1rm_for(block.reps))
            rir = 0.0
        rtf = float(L.max_reps(min(frac, 1.0)))
    if block.reps_max is not None:      # RPE/RIR or no load: the top of the range
        block = dataclasses_replace(block, reps=block.planned_reps(None), reps_max=None)
    reps = block.reps
    if frac >= 1.0:
        frac = 1.0
    if reps > rtf + 1e-9:
        done = max(1, int(math.floor(rtf)))
        notes.append(("beyond", ex.name, week, reps, frac, done))
        reps, rtf = done, float(done)
    else:
        rtf = reps + rir if not block.to_failure else float(reps)
    return frac, reps, rtf
