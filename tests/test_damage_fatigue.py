"""Muscle damage, CK, soreness, the repeated-bout effect, fatigue and readiness (modules/muscle/damage.py, fatigue.py)."""
import functools

import numpy as np
import pytest
import yaml
from importlib import resources

from myokinetics.api import simulate
from conftest import solve_program
from myokinetics.io.scenario import Scenario
from myokinetics.models import DEFAULT_MODULES, build_model
from myokinetics.modules.muscle.damage import CreatineKinase, MuscleDamage
from myokinetics.modules.muscle.fatigue import MuscleFatigue, Readiness
from myokinetics.population.cohort import CohortSpec, sample_cohort
from myokinetics.program.model import Program
from myokinetics.program.parse import parse_session
from myokinetics.validation.study import evaluate, parse_study

OURS = (MuscleDamage, CreatineKinase, MuscleFatigue, Readiness)
OUR_STATES = [s.name for m in OURS for s in m.states]


@functools.lru_cache(maxsize=1)
def _model():
    mods = tuple(m for m in DEFAULT_MODULES if m not in OURS) + OURS
    return build_model(modules=mods)


def _run(session, duration="4 days", every="1 h", status="untrained", n=1):
    sc = Scenario.from_dict({"duration": duration, "session": session, "output": {"every": every},
                             "subjects": {"n": n, "sex": "male", "age": 25, "body_mass": "80 kg", "training_status": status}})
    return simulate(sc, model=_model())


def _state_slices(model):
    return {name: model.slot(name) for name in OUR_STATES}


# ------------------------------------------------------------------ invariants
def test_no_training_keeps_states_at_baseline():
    m = _model()
    cohort = sample_cohort(m, CohortSpec(n=5, seed=1, variability="on"))
    sol = solve_program(m, None, cohort, 60 * 24.0, np.arange(0, 60 * 24.0 + 1, 24.0))
    y0 = m.initial_state(cohort.params)
    for name, sl in _state_slices(m).items():
        got = sol.y[:, :, sl.offset:sl.offset + sl.size]
        np.testing.assert_allclose(got, np.broadcast_to(y0[:, None, sl.offset:sl.offset + sl.size], got.shape),
                                   rtol=1e-9, atol=1e-12, err_msg=name)


def test_finite_nonnegative_and_bounded_under_hard_training():
    m = _model()
    hard = parse_session(["Back squat 5x5 @ 0 RIR", "Romanian deadlift 4x12 @ 65% 1RM to failure",
                          "Nordic hamstring curl 3x6 @ 0 RIR", "Biceps curl 20x5 @ 0 RIR, rest 1 min"])
    p = Program({"mon": hard, "tue": hard, "thu": hard, "sat": hard}, weeks=2)
    cohort = sample_cohort(m, CohortSpec(n=10, seed=9, variability="on"))
    sol = solve_program(m, p, cohort, 2 * 168.0, np.arange(0, 2 * 168.0, 1.0))
    assert (sol.status == 0).all()
    assert np.isfinite(sol.y).all() and np.isfinite(sol.out).all()
    for name, sl in _state_slices(m).items():
        assert sol.y[:, :, sl.offset:sl.offset + sl.size].min() >= -1e-9, name
    for name in ("damage", "muscle_fatigue", "rbe_protection"):
        sl = m.slot(name)
        if sl.kind == "output":          # damage is the sum of its two parts (an output since the two-part repair)
            c = sol.out_cols[name]
            vals = sol.out[:, :, c:c + sl.size]
        else:
            c = sol.y_cols[name] if sol.y_cols else sl.offset
            vals = sol.y[:, :, c:c + sl.size]
        assert vals.size and vals.max() < 1.0, name
    r = sol.out[:, :, sol.out_cols["readiness"]]
    assert (r > 0).all() and (r <= 1 + 1e-12).all()


def test_recovery_after_training_stops():
    """Damage, fatigue, soreness and CK return to baseline within weeks; protection decays slowly (months)."""
    m = _model()
    s = parse_session(["Back squat 3x10 @ 70% 1RM", "Bench press 3x10 @ 70% 1RM", "Barbell row 3x10 @ 70% 1RM"])
    p = Program({"mon": s, "wed": s, "fri": s}, weeks=2)
    cohort = sample_cohort(m, CohortSpec(n=5, seed=3, variability="on"))
    end = 2 * 168.0
    t = np.array([end - 24.0, end + 7 * 24.0, end + 30 * 24.0])
    sol = solve_program(m, p, cohort, end + 30 * 24.0, t)
    y0 = m.initial_state(cohort.params)
    for name, sl in _state_slices(m).items():
        dev = np.abs(sol.y[:, :, sl.offset:sl.offset + sl.size] - y0[:, None, sl.offset:sl.offset + sl.size]).max(axis=(0, 2))
        if name == "rbe_protection":
            assert dev[2] < dev[1] < dev[0] + 1e-12, name       # lasts months (repeated-bout effect) but decays
        else:
            assert dev[2] <= dev[1] + 1e-12, name
            assert dev[2] < 1e-3 * max(1.0, abs(y0[:, sl.offset:sl.offset + sl.size]).max()), name


# ------------------------------------------------------------------ mechanisms
def _peak(ds, var, muscle=None):
    da = ds[var]
    if muscle is not None:
        da = da.sel(muscle=muscle)
    return float(da.median("subject").max())


def test_more_volume_more_damage_and_ck():
    lo = _run("Biceps curl 3x5 @ 0 RIR, rest 1 min", "8 days")
    hi = _run("Biceps curl 12x5 @ 0 RIR, rest 1 min", "8 days")
    assert _peak(hi, "damage", "biceps") > 2 * _peak(lo, "damage", "biceps")
    assert _peak(hi, "ck") > _peak(lo, "ck")
    assert _peak(hi, "soreness", "biceps") > _peak(lo, "soreness", "biceps")


def test_eccentric_emphasis_damages_more():
    # leg curl (eccentric 0.5) vs Nordic hamstring curl (eccentric-biased) at the same reps and effort
    conc = _run("Leg curl 3x6 @ 0 RIR", "3 days")
    ecc = _run("Nordic hamstring curl 3x6 @ 0 RIR", "3 days")
    assert _peak(ecc, "damage", "hamstrings") > _peak(conc, "damage", "hamstrings")


def test_failure_damages_and_fatigues_more_than_reserve():
    half = _run(["Back squat 3x4 @ 4 RIR, rest 5 min"], "3 days", "15 min")
    fail = _run(["Back squat 3x8 @ 0 RIR, rest 5 min"], "3 days", "15 min")
    assert _peak(fail, "damage", "quadriceps") > 3 * _peak(half, "damage", "quadriceps")
    assert _peak(fail, "fatigue") > _peak(half, "fatigue")
    r_half = float(half.readiness.median("subject").interp(time=24.0))
    r_fail = float(fail.readiness.median("subject").interp(time=24.0))
    assert r_fail < r_half <= 1.0


def test_unworked_muscles_untouched_and_readiness_is_worked_muscle_state():
    ds = _run("Biceps curl 20x5 @ 0 RIR, rest 1 min", "2 days")
    assert _peak(ds, "damage", "quadriceps") == 0.0
    cap = float(ds.force_capacity.sel(muscle="biceps").median("subject").interp(time=24.0))
    ready = float(ds.readiness.median("subject").interp(time=24.0))
    assert abs(ready - cap) < 0.15   # not diluted by the untrained rest of the body


def test_repeated_bout_effect_lowers_damage_and_ck():
    prog = {"weeks": 3, "session_time": "00:00", "deload": "every 2nd week at 5% volume, 10% load",
            "schedule": {"mon": ["Biceps curl 20x5 @ 88% 1RM to failure, rest 1 min"]}}
    sc = Scenario.from_dict({"duration": "3 weeks", "program": prog, "output": {"every": "2 h"},
                             "subjects": {"n": 1, "sex": "male", "age": 25, "body_mass": "80 kg"}})
    ds = simulate(sc, model=_model())
    ck = ds.ck.isel(subject=0)
    rise1 = float(ck.sel(time=slice(0, 330)).max() - ck.isel(time=0))
    rise2 = float(ck.sel(time=slice(336, 504)).max() - ck.sel(time=336, method="nearest"))
    assert rise2 < 0.1 * rise1
    dmg = ds.damage.sel(muscle="biceps").isel(subject=0)
    new1 = float(dmg.sel(time=6, method="nearest"))
    new2 = float(dmg.sel(time=342, method="nearest") - dmg.sel(time=334, method="nearest"))
    assert new2 < 0.6 * new1
    assert float(ds.rbe_protection.sel(muscle="biceps").isel(subject=0).sel(time=336, method="nearest")) > 0.5


def test_arm_muscles_damage_more_than_leg_muscles_at_the_same_relative_load():
    # jamurtas2005, saka2009, chen2011limb: the same relative eccentric protocol damages the elbow flexors more,
    # and the legs recover sooner
    arms = _run("Eccentric elbow flexion 6x12 @ 75% 1RM, rest 2 min", "5 days")
    legs = _run("Eccentric knee extension 6x12 @ 75% 1RM, rest 2 min", "5 days")
    assert _peak(arms, "damage", "biceps") > 1.5 * _peak(legs, "damage", "quadriceps")
    r_arms = float(arms.readiness.median("subject").interp(time=96.0))
    r_legs = float(legs.readiness.median("subject").interp(time=96.0))
    assert r_arms < r_legs


def test_trained_lifters_damage_less():
    u = _run("Back squat 3x8 @ 0 RIR", "2 days", status="untrained")
    t = _run("Back squat 3x8 @ 0 RIR", "2 days", status="trained")
    assert _peak(t, "damage", "quadriceps") < _peak(u, "damage", "quadriceps")


def test_ck_baseline_by_sex():
    sc = Scenario.from_dict({"duration": "1 day", "session": "Biceps curl 1x1 @ 10% 1RM",
                             "subjects": {"n": 1, "sex": "female", "age": 25}})
    f = simulate(sc, model=_model())
    m = _run("Biceps curl 1x1 @ 10% 1RM", "1 day")
    assert float(f.ck.isel(time=0, subject=0)) < float(m.ck.isel(time=0, subject=0))


# ------------------------------------------------------------------ studies
def _studies():
    out = []
    for fname in ("damage.yaml", "fatigue.yaml"):
        text = resources.files("myokinetics.validation").joinpath("studies", fname).read_text()
        out += [parse_study(d, fname) for d in yaml.safe_load(text)]
    return out


@pytest.mark.parametrize("study", _studies(), ids=lambda s: s.id)
def test_study_passes(study):
    ds = simulate(study.build_scenario(), model=_model())
    value, _, _ = evaluate(study, ds)
    lo, hi = study.tolerance
    assert (ds.status == "ok").all() and np.isfinite(value)
    from myokinetics.validation.study import record_mismatch
    assert record_mismatch(study.id, lo <= value <= hi, value) == ""
