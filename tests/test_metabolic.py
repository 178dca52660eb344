"""Metabolic group: glucose/insulin (Topp 2000 structure), lipids and blood pressure.

Invariants (baseline kept without training, finite under hard training, decay after training stops), mechanisms
(more insulin sensitivity -> lower glucose and insulin; T2D baseline; larger BP fall from a raised baseline; either-sign
lipid responses) and the studies of validation/studies/metabolic.yaml."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import solve_program
from myokinetics.models import DEFAULT_MODULES, build_model
from myokinetics.modules.cardio.blood_pressure import BloodPressure
from myokinetics.modules.metabolism.glucose import GlucoseInsulin
from myokinetics.modules.metabolism.lipids import Lipids
from myokinetics.population.cohort import CohortSpec, sample_cohort
from myokinetics.program.model import Program
from myokinetics.program.parse import parse_session

MODULES = DEFAULT_MODULES
MINE = (GlucoseInsulin, Lipids, BloodPressure)
WEEK = 168.0
SESSION = ["Leg press 3x10 @ 70% 1RM", "Bench press 3x10 @ 70% 1RM", "Lat pulldown 3x10 @ 70% 1RM",
           "Leg extension 3x10 @ 70% 1RM", "Barbell row 3x10 @ 70% 1RM"]


@pytest.fixture(scope="module")
def model():
    return build_model(modules=MODULES)


def _spec(**kw):
    d = dict(n=6, seed=7, sex="mixed", age=(30, 70), variability="on")
    d.update(kw)
    return CohortSpec(**d)


def _run(model, spec, weeks_training, t, sessions=None):
    s = parse_session(sessions or SESSION)
    prog = Program({"mon": s, "wed": s, "fri": s}, weeks=weeks_training) if weeks_training else None
    end = float(t[-1])
    cohort = sample_cohort(model, spec)
    return solve_program(model, prog, cohort, end, t), cohort


def _get(model, sol, name, kind="out"):
    sl = model.slot(name)
    if sl.kind == "output":
        col = sol.out_cols[name] if sol.out_cols is not None else sl.offset
        return sol.out[:, :, col]
    col = sol.y_cols[name] if sol.y_cols is not None else sl.offset
    return sol.y[:, :, col]


def _my_states():
    return [st for mod in MINE for st in mod.states]


@pytest.mark.parametrize("conds", [(), ("type2_diabetes", "obesity"), ("hypertension",)])
def test_no_training_keeps_states_and_outputs_at_baseline(model, conds):
    t = np.arange(0, 52 * WEEK + 1, 7 * 24.0)
    sol, cohort = _run(model, _spec(conditions=conds), 0, t)
    assert (sol.status == 0).all()
    y0 = model.initial_state(cohort.params)
    for st in _my_states():
        sl = model.slot(st.name)
        np.testing.assert_allclose(_get(model, sol, st.name), np.broadcast_to(y0[:, None, sl.offset], sol.y.shape[:2]),
                                   rtol=1e-9, atol=1e-12, err_msg=st.name)
    for name in ("fasting_glucose", "fasting_insulin", "hba1c", "total_cholesterol", "systolic_bp"):
        x = _get(model, sol, name)
        np.testing.assert_allclose(x, np.broadcast_to(x[:, :1], x.shape), rtol=1e-9, err_msg=name)


def test_finite_nonnegative_under_hard_training(model):
    hard = ["Back squat 5x5 @ 85% 1RM", "Romanian deadlift 4x12 @ 65% 1RM to failure", "Bench press 5x5 @ 85% 1RM",
            "Run 90 min @ 80% VO2max"]
    s = parse_session(hard)
    p = Program({d: s for d in ("mon", "tue", "thu", "fri", "sat")}, weeks=3)
    cohort = sample_cohort(model, _spec(n=12, conditions=("type2_diabetes",)))
    sol = solve_program(model, p, cohort, 3 * WEEK, np.arange(0, 3 * WEEK, 6.0))
    assert (sol.status == 0).all() and np.isfinite(sol.y).all() and np.isfinite(sol.out).all()
    for st in _my_states():
        if st.nonnegative:
            assert _get(model, sol, st.name).min() >= -1e-9, st.name
    for name in ("fasting_glucose", "fasting_insulin", "homa_ir", "hba1c", "total_cholesterol", "ldl_cholesterol",
                 "hdl_cholesterol", "triglycerides", "systolic_bp", "diastolic_bp"):
        assert _get(model, sol, name).min() > 0.0, name


def test_training_effects_then_decay_toward_baseline(model):
    t = np.array([0.0, 12 * WEEK - 1, 12 * WEEK + 4 * WEEK, 12 * WEEK + 12 * WEEK, 12 * WEEK + 30 * WEEK])
    sol, cohort = _run(model, _spec(n=6, conditions=("type2_diabetes",)), 12, t)
    y0 = model.initial_state(cohort.params)
    for st in _my_states():
        sl = model.slot(st.name)
        dev = np.abs(_get(model, sol, st.name) - y0[:, None, sl.offset]).max(axis=0)
        assert dev[1] > 0, st.name                                       # training moved it
        if st.name == "hba1c_change":
            # HbA1c lags mean glucose (red-cell kinetics, t1/2 about a month): it may still be falling a few weeks after
            # the last session, then it returns
            assert dev[-1] < 0.5 * dev.max(), (st.name, dev)
            continue
        assert np.all(np.diff(dev[1:]) <= 1e-9 + 1e-6 * dev[1]), (st.name, dev)   # and it returns
        assert dev[-1] < 0.5 * dev[1], (st.name, dev)
    g = _get(model, sol, "fasting_glucose").mean(0)
    a = _get(model, sol, "hba1c").mean(0)
    assert g[1] < g[0] and a[1] < a[0] - 0.2                            # T2D: glucose and HbA1c fall with training


def test_baselines_by_condition(model):
    t = np.array([0.0, WEEK])
    out = {}
    for conds in ((), ("type2_diabetes",), ("obesity",), ("hypertension",)):
        sol, _ = _run(model, _spec(n=20, age=50, conditions=conds), 0, t)
        out[conds] = {n: float(np.median(_get(model, sol, n)[:, 0])) for n in
                      ("fasting_glucose", "fasting_insulin", "homa_ir", "hba1c", "triglycerides", "hdl_cholesterol", "systolic_bp",
                       "diastolic_bp")}
    h, d, o, ht = out[()], out[("type2_diabetes",)], out[("obesity",)], out[("hypertension",)]
    assert 80 < h["fasting_glucose"] < 100 and 5.0 < h["hba1c"] < 5.7 and h["homa_ir"] < 2.5
    assert d["fasting_glucose"] > 126 and 7.3 < d["hba1c"] < 8.2 and d["homa_ir"] > 2 * h["homa_ir"]
    assert o["fasting_insulin"] > 1.5 * h["fasting_insulin"] and o["triglycerides"] > h["triglycerides"]
    assert d["hdl_cholesterol"] < h["hdl_cholesterol"]
    assert ht["systolic_bp"] > 140 and ht["diastolic_bp"] > 80 and h["systolic_bp"] < 130


def test_minimal_model_quasi_steady_state_mechanism():
    """More insulin sensitivity lowers both glucose and insulin; the solved point satisfies the Topp equations."""
    P = {p.name: p.value for p in GlucoseInsulin.params}
    args = dict(P)
    def call(si_factor, t2d=0.0):
        r = GlucoseInsulin.rhs(0.0, 0.0, si_factor, 30.0, 30.0, 16.0, t2d, 0.0, **args)
        return r[2], r[3]
    g1, i1 = call(1.0)
    g2, i2 = call(1.3)
    assert g1 == pytest.approx(P["glucose_base"], rel=1e-9) and i1 == pytest.approx(P["insulin_base"], rel=1e-9)
    assert g2 < g1 and i2 < i1
    si0 = (P["hgp"] / g1 - P["glucose_effectiveness"]) / i1
    assert g2 * (P["glucose_effectiveness"] + 1.3 * si0 * i2) == pytest.approx(P["hgp"], rel=1e-8)
    gd, idd = call(1.0, 1.0)
    assert gd > 126.0


def test_bp_fall_larger_from_raised_baseline_and_lipid_effects_of_either_sign(model):
    t = np.array([0.0, 12 * WEEK])
    normo, _ = _run(model, _spec(n=20, age=30, variability="off"), 12, t)
    hyper, _ = _run(model, _spec(n=20, age=30, variability="off", conditions=("hypertension",)), 12, t)
    d_n = np.diff(_get(model, normo, "systolic_bp"), axis=1).mean()
    d_h = np.diff(_get(model, hyper, "systolic_bp"), axis=1).mean()
    assert d_h < d_n < 0
    spread, _ = _run(model, _spec(n=40, age=40), 12, t)
    d_tc = np.diff(_get(model, spread, "total_cholesterol"), axis=1)[:, 0]
    assert d_tc.mean() < 0 and (d_tc > 0).any()          # mean fall, but some subjects rise (C52 prediction interval)


def test_more_training_more_adaptation(model):
    t = np.array([0.0, 8 * WEEK])
    low, _ = _run(model, _spec(n=4, variability="off"), 8, t, sessions=SESSION[:1])
    high, _ = _run(model, _spec(n=4, variability="off"), 8, t)
    for st in ("lipid_adaptation", "bp_adaptation", "insulin_action_training"):
        assert _get(model, high, st)[:, -1].mean() > _get(model, low, st)[:, -1].mean(), st


STUDIES = ["C45_rt_hba1c_t2d", "C46_rt_hba1c_abnormal_glucose", "C50_hba1c_12wk", "C49_fasting_insulin", "C49_homa_ir_at_risk",
           "C51_tc", "C51_ldl", "C51_tg", "C51_hdl", "C54_sbp_normotensive", "C54_dbp_normotensive", "C54_sbp_prehypertensive",
           "C57_sbp_medium_term", "C57_dbp_medium_term", "C56_sbp_hypertensive"]


@pytest.fixture(scope="module")
def study_results(model):
    from myokinetics.validation.study import run_all
    return {r.study.id: r for r in run_all(STUDIES, model=model)}


@pytest.mark.parametrize("sid", STUDIES)
def test_study_passes(study_results, sid):
    r = study_results[sid]
    from myokinetics.validation.study import record_mismatch
    assert record_mismatch(sid, r.passed, r.simulated) == ""
