"""Body composition and energy, chronic inflammation and brain modules (group body): invariants, mechanisms,
the `explain rmr` command and the validation studies."""
from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from myokinetics.cli import app
from conftest import solve_program
from myokinetics.models import DEFAULT_MODULES, build_model
from myokinetics.modules.body.energy import (BodyCompositionBaseline, EnergyBalance, ExerciseExpenditure, ExerciseSegment,
                                             MuscleMassAgeingOnly, rmr_breakdown)
from myokinetics.modules.brain.chronic import ChronicBrain
from myokinetics.modules.immune.chronic_inflammation import ChronicInflammation
from myokinetics.population.cohort import CohortSpec, sample_cohort
from myokinetics.program.model import Program
from myokinetics.program.parse import parse_session

BODY_MODULES = (MuscleMassAgeingOnly, BodyCompositionBaseline, EnergyBalance, ChronicInflammation, ChronicBrain)
OUR_STATES = ("energy_store_change", "systemic_training_adaptation", "mood_adaptation", "cognitive_adaptation")
WEEK = 168.0


@pytest.fixture(scope="module")
def bmodel():
    return build_model()


def _day():
    return parse_session(["Back squat 3x10 @ 70% 1RM", "Bench press 3x10 @ 70% 1RM", "Barbell row 3x10 @ 70% 1RM",
                          "Overhead press 3x10 @ 70% 1RM", "Romanian deadlift 3x10 @ 70% 1RM"])


def _run(model, weeks_train, weeks_total, n=6, seed=3, days=("mon", "wed", "fri"), every=24.0, age=(25.0, 70.0)):
    from myokinetics.population.cohort import Spread
    s = _day()
    program = Program({d: s for d in days}, weeks=weeks_train) if weeks_train else None
    spec = CohortSpec(n=n, seed=seed, variability="on", age=Spread(low=age[0], high=age[1]), sex="mixed")
    cohort = sample_cohort(model, spec)
    t = np.arange(0.0, weeks_total * WEEK + 1e-9, every)
    sol = solve_program(model, program, cohort, weeks_total * WEEK, t, outputs="all")
    assert (sol.status == 0).all()
    return model, sol, t


def _state(model, sol, name):
    return sol.y[:, :, model.slot(name).offset]


def _out(model, sol, name):
    return sol.out[:, :, model.slot(name).offset]


# ------------------------------------------------------------------ invariants
def test_no_training_keeps_states_at_baseline_for_a_year_including_older_subjects(bmodel):
    """Older subjects lose muscle with age: habitual intake follows the untrained expenditure, so nothing drifts."""
    m, sol, t = _run(bmodel, 0, 52, n=8, age=(45.0, 80.0), every=7 * 24.0)
    for st in OUR_STATES:
        np.testing.assert_allclose(_state(m, sol, st), 0.0, atol=1e-9, err_msg=st)
    fat = _out(m, sol, "fat_mass")
    np.testing.assert_allclose(fat, np.broadcast_to(fat[:, :1], fat.shape), rtol=1e-9)


def test_hard_training_stays_finite_and_adaptations_bounded(bmodel):
    hard = parse_session(["Back squat 5x5 @ 85% 1RM", "Romanian deadlift 4x12 @ 65% 1RM to failure",
                          "Nordic hamstring curl 3x6 @ 0 RIR", "Run 90 min @ 80% VO2max"])
    p = Program({"mon": hard, "tue": hard, "thu": hard, "sat": hard}, weeks=2)
    cohort = sample_cohort(bmodel, CohortSpec(n=10, seed=9, variability="on"))
    sol = solve_program(bmodel, p, cohort, 2 * WEEK, np.arange(0, 2 * WEEK, 1.0), outputs="all")
    assert (sol.status == 0).all()
    assert np.isfinite(sol.y).all() and np.isfinite(sol.out).all()
    for st in OUR_STATES[1:]:
        x = _state(bmodel, sol, st)
        assert x.min() >= -1e-12 and x.max() < 1.0, st
    for v in ("crp", "il6_resting", "tnfa_resting", "myostatin_resting", "follistatin_resting", "irisin_resting", "rmr",
              "fat_mass", "lean_mass", "tee"):
        assert _out(bmodel, sol, v).min() > 0.0, v


@pytest.fixture(scope="module")
def trained_then_detrained(bmodel):
    return _run(bmodel, 12, 40, n=6, every=24.0)


def test_adaptations_decay_toward_baseline_after_training_stops(trained_then_detrained):
    m, sol, t = trained_then_detrained
    i12, i40 = np.searchsorted(t, 12 * WEEK + 72), len(t) - 1
    for st in OUR_STATES[1:]:
        x = _state(m, sol, st)
        assert np.all(x[:, i12] > 0.05), st
        if st == "cognitive_adaptation":
            # cognition follows the plasticity state with a 12-week lag (brain/chronic.py): it peaks after training
            # ends and is on its way back 28 weeks later
            peak = x[:, i12:].max(axis=1)
            assert np.all(x[:, i40] < 0.9 * peak) and np.all(np.diff(x[:, -30:], axis=1) < 0), st
            continue
        assert np.all(x[:, i40] < 0.4 * x[:, i12]), st
    # the energy store (fat) recovers slowly (time constant about a year, Hall 2011): it keeps falling while the
    # gained muscle (higher expenditure) is still there, and moves back once the muscle gain has faded
    e = _state(m, sol, "energy_store_change")
    assert np.all(e[:, i12] < 0) and np.all(e[:, i40] > e[:, i40 - 14])


# ------------------------------------------------------------------ mechanisms
def test_rmr_tissue_breakdown_and_muscle_cost():
    rows = rmr_breakdown()
    total = sum(r[3] for r in rows)
    assert 1500 < total < 1900                                  # about 22-23 kcal/kg body mass (C63: 21.7 +/- 1.6)
    assert 19.0 < total / 75.4 < 25.0
    k = {r[0]: r[2] for r in rows}
    assert k["skeletal muscle"] == 13.0                          # C62
    older = {r[0]: r[2] for r in rmr_breakdown(age=60.0)}
    assert older["skeletal muscle"] == pytest.approx(12.61)      # C63: 12.6 above 50 y
    assert older["liver"] == pytest.approx(194.0)


def test_training_lowers_fat_raises_lean_and_rmr(trained_then_detrained):
    m, sol, t = trained_then_detrained
    i0, i12 = 0, np.searchsorted(t, 12 * WEEK + 48)
    fat, lean = _out(m, sol, "fat_mass"), _out(m, sol, "lean_mass")
    assert np.all(fat[:, i12] < fat[:, i0]) and np.all(lean[:, i12] > lean[:, i0])
    rmr, rmr_t = _out(m, sol, "rmr"), _out(m, sol, "rmr_tissue")
    smm = _out(m, sol, "skeletal_muscle_mass_current")
    d_t = rmr_t[:, i12] - rmr_t[:, i0]
    # the tissue rise is small (13 kcal/kg muscle, minus the fat lost), the measured RMR at 48 h includes EPOC
    assert np.all(d_t < 13.0 * (smm[:, i12] - smm[:, i0]) + 1e-6)
    assert np.all(rmr[:, i12] - rmr[:, i0] > d_t)
    body = _out(m, sol, "body_mass")
    np.testing.assert_allclose(body, fat + lean, rtol=1e-12)


def test_caloric_restriction_loses_more_fat(bmodel):
    cr = build_model({"energy_balance.energy_intake_change": -500.0})
    _, s0, t = _run(bmodel, 0, 8, n=4, every=7 * 24.0, age=(30, 50))
    _, s1, _ = _run(cr, 0, 8, n=4, every=7 * 24.0, age=(30, 50))
    d0 = _out(bmodel, s0, "fat_mass")[:, -1] - _out(bmodel, s0, "fat_mass")[:, 0]
    d1 = _out(cr, s1, "fat_mass")[:, -1] - _out(cr, s1, "fat_mass")[:, 0]
    np.testing.assert_allclose(d0, 0.0, atol=1e-9)
    # 8 weeks x 500 kcal/d x 0.9 (food thermogenesis) = 25,200 kcal -> about 2-2.7 kg of fat (partly lean, Forbes)
    assert np.all((d1 < -1.8) & (d1 > -2.8))


def test_more_training_adapts_more(bmodel):
    _, s1, t = _run(bmodel, 8, 8, n=4, days=("mon",), every=7 * 24.0)
    _, s3, _ = _run(bmodel, 8, 8, n=4, days=("mon", "wed", "fri"), every=7 * 24.0)
    for st in OUR_STATES[1:]:
        assert np.all(_state(bmodel, s3, st)[:, -1] > _state(bmodel, s1, st)[:, -1]), st
    assert np.all(_out(bmodel, s3, "crp")[:, -1] < _out(bmodel, s1, "crp")[:, -1])
    assert np.all(_out(bmodel, s3, "depressive_symptoms")[:, -1] < 0.0)


# ------------------------------------------------------------------ exercise energy (issue 11)
def _pvals(module):
    return {p.name: p.value for p in module.params}


def test_endurance_cost_is_the_net_oxygen_uptake_and_resistance_cost_only_during_sets():
    """ACSM: kcal = (VO2 - resting VO2) x 5 kcal/L; a set's cost never applies to an endurance bout."""
    P = _pvals(ExerciseExpenditure)
    seg = ExerciseSegment.compute(modality=np.array([0, 1, 2]), vo2_fraction=np.array([0.0, 0.0, 0.75]))
    np.testing.assert_array_equal(seg["endurance_vo2_fraction"], [0.0, 0.0, 0.75])
    np.testing.assert_array_equal(seg["resistance_set"], [0.0, 1.0, 0.0])

    def cost(active_mass, resistance_set, vo2_fraction):
        _, training, _ = ExerciseExpenditure.rhs(0.0, active_mass, resistance_set, vo2_fraction, 3.0, 80.0, 0.0, **P)
        return training / 24.0                                            # kcal/h

    # 75 % of 3 L/min = 2.25 L/min, minus 3.5 mL/kg/min x 80 kg = 0.28 L/min at rest: 1.97 L/min x 5 x 60 = 591 kcal/h
    assert cost(12.0, 0.0, 0.75) == pytest.approx(591.0)
    assert cost(12.0, 0.0, 0.75 * 2) / cost(12.0, 0.0, 0.75) > 2.0      # net of rest: more than proportional to VO2
    assert cost(10.0, 1.0, 0.0) == pytest.approx(P["set_cost"] * 10.0)
    assert cost(0.0, 0.0, 0.04) == 0.0                                   # below resting VO2: no negative cost


def test_reference_vo2max_follows_sex_age_and_fat_free_mass():
    P = _pvals(BodyCompositionBaseline)

    def vo2max(sex, age, mass, height):
        return BodyCompositionBaseline.rhs(sex, age, mass, height, 0.38 * mass, **P)[4]

    young = vo2max(1.0, 25.0, 75.0, 178.0)
    assert 3.2 < young < 4.2                                             # about 48 mL/kg/min x 75 kg
    assert vo2max(1.0, 75.0, 75.0, 178.0) < 0.6 * young                 # FRIEND: 24.4 against 48.0 mL/kg/min
    assert vo2max(0.0, 25.0, 75.0, 178.0) < young
    obese = vo2max(1.0, 25.0, 110.0, 178.0)
    assert young < obese and obese / 110.0 < 0.85 * young / 75.0         # per kg of body mass lower with more fat


def _cycle(weeks, minutes=45, days=("mon", "wed", "fri")):
    s = parse_session([f"Cycle {minutes} min @ 75% VO2max"])
    return Program({d: s for d in days}, weeks=weeks)


def _solve(model, program, weeks, n=4, seed=21):
    from myokinetics.population.cohort import Spread
    cohort = sample_cohort(model, CohortSpec(n=n, seed=seed, variability="off", age=Spread(low=35.0, high=45.0), sex="male"))
    t = np.arange(0.0, weeks * WEEK + 1e-9, 7 * 24.0)
    sol = solve_program(model, program, cohort, weeks * WEEK, t, outputs="all")
    assert (sol.status == 0).all()
    return sol


def test_aerobic_training_loses_fat_not_lean_while_restriction_loses_both(bmodel):
    sol = _solve(bmodel, _cycle(12), 12)
    d_fat = _out(bmodel, sol, "fat_mass")[:, -1] - _out(bmodel, sol, "fat_mass")[:, 0]
    d_lean = _out(bmodel, sol, "lean_mass")[:, -1] - _out(bmodel, sol, "lean_mass")[:, 0]
    assert np.all(d_fat < -0.3)
    assert np.all(np.abs(d_lean) < 0.05)                                  # weiss2017: no lean loss with exercise
    cr = build_model({"energy_balance.energy_intake_change": -300.0})
    sol = _solve(cr, None, 12)
    d_lean = _out(cr, sol, "lean_mass")[:, -1] - _out(cr, sol, "lean_mass")[:, 0]
    assert np.all(d_lean < -0.3)                                         # Forbes: part of a diet deficit is lean


def test_compensation_returns_its_share_of_the_exercise_expenditure(bmodel):
    low = build_model({"exercise_expenditure.energy_compensation": 0.2})
    high = build_model({"exercise_expenditure.energy_compensation": 0.6})
    s0, s1 = _solve(low, _cycle(12), 12), _solve(high, _cycle(12), 12)
    f0 = _out(low, s0, "fat_mass")[:, -1] - _out(low, s0, "fat_mass")[:, 0]
    f1 = _out(high, s1, "fat_mass")[:, -1] - _out(high, s1, "fat_mass")[:, 0]
    # 40 % of the expenditure left against 80 %: half the fat loss; the compensation lags the training by about a
    # week, so slightly more than half
    assert np.all((f1 / f0 > 0.5) & (f1 / f0 < 0.62))
    # intake follows the weekly exercise expenditure (3 x 45 min a week), not the day's session: the averaged
    # expenditure is close to the week's mean cost of the rides, and the extra intake is half of it
    avg = _state(high, s1, "exercise_expenditure_avg")[:, -1]
    vo2max = _out(high, s1, "vo2max_abs")[:, -1]
    mass0 = _out(high, s1, "body_mass")[:, 0]
    weekly_mean = 3 * 45 * (0.75 * vo2max - 3.5e-3 * mass0) * 5.0 / 7.0
    assert np.all((avg > 0.7 * weekly_mean) & (avg < 1.3 * weekly_mean))
    extra = _out(high, s1, "energy_intake")[:, -1] - _out(low, s0, "energy_intake")[:, -1]
    np.testing.assert_allclose(extra, 0.4 * avg, rtol=0.05)


def test_endurance_energy_cost_doubles_with_duration(bmodel):
    e = []
    for minutes in (30, 60):
        sol = _solve(bmodel, _cycle(4, minutes), 4, n=2)
        e.append(_state(bmodel, sol, "energy_store_change")[:, -1])
    ratio = e[1] / e[0]
    assert np.all((ratio > 1.8) & (ratio < 2.3))


# ------------------------------------------------------------------ CLI
def test_cli_explain_rmr():
    r = CliRunner().invoke(app, ["explain", "rmr"], catch_exceptions=False)
    assert r.exit_code == 0
    out = r.output
    for tissue in ("skeletal muscle", "adipose tissue", "liver", "brain", "heart and kidneys", "residual"):
        assert tissue in out
    assert "13.0 kcal/day" in out and "REFUTED" in out and "50-100" in out


# ------------------------------------------------------------------ validation studies
# The studies of body.yaml, inflammation.yaml and brain.yaml run with all others in tests/test_validation.py.
