"""Compile a program into a Forcing: piecewise-constant segments (sets, rests, bouts).

Every set, rest and endurance bout is one segment; its edges are exact
integration breakpoints.  The forcing is shared by all subjects of a cohort:
loads are expressed relative to the subject's 1RM, so it does not depend on
the subject (kg loads are converted with the cohort's reference 1RM, see
:func:`reference_one_rm`).

Progression raises the load each week; progressed and kg loads are resolved
against the 1RM simulated for the cohort's typical subject (``strength``, see
:func:`myokinetics.api.pilot_strength`).  When the progression outpaces that
1RM, a progressed load can exceed what the lifter can do for the prescribed
reps; the set is then simulated as a set to failure with the reps still
possible, and a note is recorded in ``Forcing.notes``: the program as
written is kept, only what the simulated body could do changes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from myokinetics.errors import InputError
from myokinetics.model.param import Input
from myokinetics.program import load as L
from myokinetics.program.library import get_library

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

#: Default 1RM as a multiple of body mass for kg loads when the scenario gives no 1RM.
#: Assumption: rough novice strength standards (no peer-reviewed source found); a
#: scenario should give ``subjects.one_rm`` for kg loads.
DEFAULT_1RM_RATIO = {"deadlift": 1.25, "back_squat": 1.0, "front_squat": 0.8, "bench_press": 0.75,
                     "overhead_press": 0.5, "barbell_row": 0.6}
DEFAULT_1RM_RATIO_OTHER = 0.4


def reference_one_rm(exercise_id: str, body_mass: float, given: dict | None = None) -> float:
    if given and exercise_id in given:
        return float(given[exercise_id])
    return body_mass * DEFAULT_1RM_RATIO.get(exercise_id, DEFAULT_1RM_RATIO_OTHER)


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
                     body_mass: float = 75.0, strength=None) -> Forcing:
    """``sessions``: iterable of ``(start_h, week, Session)``; segments cover [t_start, t_end].

    ``strength(exercise_id, t)``: the lifter's 1RM at time ``t`` relative to the start (from a pilot
    simulation, see :func:`myokinetics.api.simulate`); progressed loads and kg loads are then
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
                    frac, reps, rtf = _resolve_set(block, one_rm, body_mass, notes, week, s_idx, gain)
                    dur = reps * ex.rep_duration_s / 3600.0 if block.work_s is None else block.work_s / 3600.0
                    rec.update(load_fraction=frac, reps=reps, reps_to_failure=rtf, vo2_fraction=0.0, modality="resistance")
                    b.sets.append(rec)
                    now = float(strength(ex.id, t0)) if strength is not None else 1.0      # current / starting 1RM
                    ext = frac * reference_one_rm(ex.id, body_mass, one_rm) * now * ex.strength_ratio / body_mass
                    b.add(t + dur, len(b.sets) - 1, involvement=inv, modality=1, load_fraction=frac, reps=reps,
                          reps_to_failure=rtf, eccentric=ex.eccentric, limb_share=ex.limb_share, load_cycles=reps,
                          **_joint_loads(ex, ext))
                else:
                    vo2 = block.fraction_vo2max
                    dur = (block.work_s or 0.0) / 3600.0
                    rec.update(load_fraction=0.0, reps=0, reps_to_failure=0, vo2_fraction=vo2, modality=ex.modality)
                    b.sets.append(rec)
                    b.add(t + dur, len(b.sets) - 1, involvement=inv, modality=2, vo2_fraction=vo2, eccentric=ex.eccentric,
                          limb_share=ex.limb_share, load_cycles=dur * 3600.0 / ex.rep_duration_s, **_joint_loads(ex, 0.0))
                rec["end"] = t + dur
                t += dur
                if not last_of_session:
                    t += block.rest_s / 3600.0
                    b.rest_until(t)
    b.rest_until(t_end)
    return b.build(_summarise_notes(notes))


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


def _resolve_set(block, one_rm, body_mass, notes, week, s_idx, gain=1.0):
    """Fraction of the CURRENT 1RM, reps and reps to failure of a set; ``gain``: current / starting 1RM
    (applies to loads that are fixed in kg or progressed from the starting 1RM)."""
    ex = block.exercise
    if gain != 1.0 and block.load is not None and block.reps is not None and (
            block.load.kind == "kg" or (block.load.kind == "pct_1rm" and block.progressed)):
        import dataclasses
        if block.load.kind == "kg":
            return _resolve_set(block, {**(one_rm or {}), ex.id: reference_one_rm(ex.id, body_mass, one_rm) * gain},
                                body_mass, notes, week, s_idx)
        block = dataclasses.replace(block, load=dataclasses.replace(block.load, value=block.load.value / gain))
    ratio = ex.strength_ratio    # eccentric-only exercises: loads are written against the concentric 1RM
    if block.reps is None:  # timed resistance set (plank, carry): treated as isometric reps
        reps = max(1, int(round((block.work_s or 0.0) / ex.rep_duration_s)))
        frac = block.load.fraction / ratio if (block.load is not None and block.load.kind == "pct_1rm") else 0.3
        return frac, reps, float(L.max_reps(frac))
    if block.load is not None and block.load.kind == "kg":
        orm = reference_one_rm(ex.id, body_mass, one_rm) * ratio
        frac = block.load.value / orm
        if frac > 1.0:
            notes.append(f"session {s_idx + 1}: {ex.name} {block.load.value:g} kg exceeds the reference 1RM of {orm:.0f} kg; simulated at 1RM")
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
