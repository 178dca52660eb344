"""The myokines beyond the IL-6 cascade: IL-15, BDNF, irisin, myostatin/follistatin, FGF21, IGF-1/MGF, SPARC,
decorin and LIF.  Invariants, mechanisms, their validation studies and their citations.

The modules are appended to the default model here (until the lead registers them in ``models.py``; once they are
registered nothing is appended twice).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

import myokinetics
from myokinetics.api import simulate
from conftest import solve_program
from myokinetics.evidence.citations import bibliography, parse_bibtex
from myokinetics.io.scenario import Scenario
from myokinetics.models import DEFAULT_MODULES, build_model
from myokinetics.modules.metabolism.workload import MuscleWorkload
from myokinetics.modules.myokines.bdnf import BDNF, MuscleBDNF
from myokinetics.modules.myokines.decorin import Decorin
from myokinetics.modules.myokines.fgf21 import FGF21
from myokinetics.modules.myokines.igf1 import IGF1, MGF
from myokinetics.modules.myokines.il15 import IL15
from myokinetics.modules.myokines.irisin import Irisin
from myokinetics.modules.myokines.lif import LIF
from myokinetics.modules.myokines.myostatin import Follistatin, Myostatin
from myokinetics.modules.myokines.sparc import SPARC
from myokinetics.population.cohort import CohortSpec, sample_cohort
from myokinetics.program.compile import compile_sessions
from myokinetics.program.model import Program
from myokinetics.program.parse import parse_session
from myokinetics.validation.study import evaluate, load_studies

# Registration order: dependencies first (MuscleWorkload, already registered, feeds the whole-body
# modules).
MYOKINE_MODULES = (IL15, MuscleBDNF, BDNF, Irisin, Myostatin, Follistatin, FGF21, IGF1, MGF, SPARC, Decorin, LIF)
MY_STATES = [s.name for m in MYOKINE_MODULES for s in m.states]
PKG = Path(myokinetics.__file__).parent
STUDY_FILES = sorted((PKG / "validation" / "studies").glob("myokines_*.yaml"))

RT = ["Back squat 4x10 @ 70% 1RM, rest 2 min", "Bench press 4x10 @ 70% 1RM, rest 2 min",
      "Barbell row 4x10 @ 70% 1RM, rest 2 min", "Leg press 4x10 @ 70% 1RM, rest 2 min"]
HIIT1 = ["Run 10x1 min @ 100% VO2max, rest 1 min"]
HIIT2 = ["Run 4x4 min @ 90% VO2max, rest 3 min"]


@pytest.fixture(scope="module")
def mmodel():
    extra = tuple(m for m in (MuscleWorkload,) + MYOKINE_MODULES if m not in DEFAULT_MODULES)
    return build_model(modules=DEFAULT_MODULES + extra)


def _sim(model, session, duration="24 h", every="10 min", **subjects):
    subj = {"n": 1, "sex": "male", "age": 25, "body_mass": "78 kg", "training_status": "untrained", **subjects}
    sc = Scenario.from_dict({"name": "t", "duration": duration, "session": session, "subjects": subj,
                             "output": {"every": every}})
    return simulate(sc, model=model)


def _slots(model):
    out = []
    for name in MY_STATES:
        sl = model.slot(name)
        out.append(slice(sl.offset, sl.offset + sl.size))
    return out


# ------------------------------------------------------------------ structure
def test_modules_assemble_with_observables_and_units(mmodel):
    want = {"il15": "pg/mL", "bdnf": "ng/mL", "irisin": "ng/mL", "myostatin": "ng/mL", "follistatin": "ng/mL",
            "fgf21": "pg/mL", "igf1": "ng/mL"}
    states = {s.name: s for m in mmodel.modules for s in m.states}
    for name, unit in want.items():
        assert states[name].unit == unit and states[name].dims == () and states[name].observable, name
    for local in ("mgf", "lif"):                     # local signals: per muscle, never plasma
        assert states[local].dims == ("muscle",)


def test_lif_is_local_only(mmodel):
    """A37: LIF is not detectable in plasma; no whole-body LIF variable exists and no module reduces it."""
    names = {v.name: v for m in mmodel.modules for v in list(m.states) + list(m.outputs)}
    assert all(v.dims == ("muscle",) for n, v in names.items() if "lif" in n)
    assert not any(i.name == "lif" for m in mmodel.modules for i in m.inputs)


def test_every_myokine_declares_decay_and_what_it_does():
    """Each myokine either acts through a route input of another module, or its routes are listed as removed
    with the reason the evidence cannot quantify them (docs/routes.md); none declares an inert route."""
    from myokinetics.model.routes import unquantified_routes
    from myokinetics.models import build_model

    acting = {r.producer for r in build_model().routes}
    removed = {r["messenger"] for r in unquantified_routes()}
    for m in MYOKINE_MODULES:
        for s in m.states:
            assert s.decay is not None, (m.name, s.name)
        assert m.name in acting or m.name in removed, m.name
        assert all(r.modelled and r.kind in ("autocrine", "paracrine", "endocrine") for r in m.routes), m.name


def test_release_parameters_vary_between_subjects():
    """A22: 19-93% responders; every myokine has at least one lognormal release parameter."""
    for m in MYOKINE_MODULES:
        gains = [p for p in m.params if "gain" in p.name or p.name in ("suppression", "damage_release")]
        assert gains and any(p.dist == "lognormal" and p.cv >= 0.5 for p in gains), m.name


# ------------------------------------------------------------------ invariants
def test_no_training_keeps_states_at_baseline(mmodel):
    cohort = sample_cohort(mmodel, CohortSpec(n=10, seed=5, variability="on"))
    year = 52 * 168.0
    sol = solve_program(mmodel, None, cohort, year, np.arange(0, year + 1, 24.0))
    assert (sol.status == 0).all()
    y0 = mmodel.initial_state(cohort.params)
    for sl in _slots(mmodel):
        np.testing.assert_allclose(sol.y[:, :, sl], np.broadcast_to(y0[:, None, sl], sol.y[:, :, sl].shape),
                                   rtol=1e-9, atol=1e-12)


def test_finite_nonnegative_under_hard_training_and_decay_after(mmodel):
    hard = parse_session(["Back squat 5x5 @ 85% 1RM", "Romanian deadlift 4x12 @ 65% 1RM to failure",
                          "Nordic hamstring curl 3x6 @ 0 RIR", "Run 60 min @ 80% VO2max"])
    p = Program({"mon": hard, "wed": hard, "fri": hard}, weeks=1)
    cohort = sample_cohort(mmodel, CohortSpec(n=10, seed=9, variability="on"))
    end = 168.0
    t = np.concatenate([np.arange(0, end, 0.5), [end + 7 * 24.0, end + 30 * 24.0]])
    sol = solve_program(mmodel, p, cohort, end + 30 * 24.0, t)
    assert (sol.status == 0).all()
    y0 = mmodel.initial_state(cohort.params)
    dev = []
    for sl in _slots(mmodel):
        y = sol.y[:, :, sl]
        assert np.isfinite(y).all() and y.min() >= -1e-9
        rel = np.abs(y - y0[:, None, sl]) / np.maximum(np.abs(y0[:, None, sl]), 1e-9)
        dev.append(rel.max(axis=(0, 2)))
    dev = np.max(dev, axis=0)
    assert dev[:-2].max() > 0.05                       # training moved the myokines
    assert dev[-1] <= dev[-2] + 1e-12 and dev[-1] < 1e-3   # and they return to baseline


# ------------------------------------------------------------------ mechanisms
def _peak_fold(ds, name, window=(0, 6)):
    x = ds[name].isel(subject=0)
    return float(x.sel(time=slice(*window)).max() / x.isel(time=0))


def _auc(ds, name, window=(0, 72)):
    x = ds[name].isel(subject=0)
    return float(((x.sel(time=slice(*window)) - x.isel(time=0)) / x.isel(time=0)).integrate("time"))


def test_more_volume_more_il15_decorin_and_myostatin_suppression(mmodel):
    low = _sim(mmodel, ["Back squat 2x10 @ 70% 1RM, rest 2 min"])
    high = _sim(mmodel, ["Back squat 6x10 @ 70% 1RM, rest 2 min"])
    assert _peak_fold(high, "il15") > _peak_fold(low, "il15") > 1.0
    assert _peak_fold(high, "decorin") > _peak_fold(low, "decorin") > 1.0
    e_low = float(low["myostatin_expression"].isel(subject=0).min())
    e_high = float(high["myostatin_expression"].isel(subject=0).min())
    assert e_high < e_low < 1.0


def test_eccentric_work_raises_mgf_more(mmodel):
    conc = _sim(mmodel, ["Leg press 3x8 @ 70% 1RM, rest 2 min"], duration="12 h")
    ecc = _sim(mmodel, ["Leg press 3x8 @ 70% 1RM, rest 2 min", "Nordic hamstring curl 4x6 @ 1 RIR"], duration="12 h")
    ham = lambda ds: float(ds["mgf"].isel(subject=0).sel(time=2.75, method="nearest")[1])  # hamstrings
    assert ham(ecc) > ham(conc) >= 1.0
    assert float(ecc["mgf"].isel(subject=0).max()) > 1.2


def test_mode_contrasts_fgf21_and_follistatin(mmodel):
    """A20: FGF21 AUC RT > HIIT1; A21: follistatin AUC HIIT2 > RT."""
    rt, h1, h2 = (_sim(mmodel, s, duration="72 h", every="15 min") for s in (RT, HIIT1, HIIT2))
    assert _auc(rt, "fgf21") > 2 * _auc(h1, "fgf21")
    assert _auc(h2, "follistatin") > 2 * _auc(rt, "follistatin")


def test_bdnf_sex_difference_and_duration(mmodel):
    """A30: larger rise after longer sessions; significant in men, not in women."""
    men_short = _sim(mmodel, ["Run 20 min @ 65% VO2max"], duration="3 h", every="2 min")
    men_long = _sim(mmodel, ["Run 60 min @ 65% VO2max"], duration="3 h", every="2 min")
    women_long = _sim(mmodel, ["Run 60 min @ 65% VO2max"], duration="3 h", every="2 min", sex="female", body_mass="62 kg")
    assert _peak_fold(men_long, "bdnf") > _peak_fold(men_short, "bdnf") > 1.0
    assert 1.0 < _peak_fold(women_long, "bdnf") < _peak_fold(men_long, "bdnf")


def test_myostatin_direction_depends_on_training_status(mmodel):
    """A35 vs A36: a rise in untrained men, a fall in trained men (the modelled range of a conflict)."""
    s = ["Leg extension 7x10 @ 75% 1RM, rest 2 min"]
    un = _sim(mmodel, s, duration="48 h", every="30 min", training_status="untrained")
    tr = _sim(mmodel, s, duration="48 h", every="30 min", training_status="trained")
    at24 = lambda ds: float(ds["myostatin"].isel(subject=0).sel(time=24.0, method="nearest") / ds["myostatin"][0, 0])
    assert at24(un) > 1.1 and at24(tr) < 1.0


def test_between_subject_spread_of_responses(mmodel):
    """A22: wide spread of responses between people."""
    sc = Scenario.from_dict({"name": "t", "duration": "6 h", "session": RT, "output": {"every": "10 min"},
                             "subjects": {"n": 20, "seed": 3, "sex": "male", "age": 25, "body_mass": "78 kg",
                                          "variability": "on"}})
    ds = simulate(sc, model=mmodel)
    fold = (ds["il15"].max("time") / ds["il15"].isel(time=0)).values
    assert fold.max() / fold.min() > 2.0


def test_igf1_moves_little_sparc_rises(mmodel):
    ds = _sim(mmodel, RT, duration="24 h")
    assert 1.0 < _peak_fold(ds, "igf1", (0, 24)) < 1.15
    assert 1.0 < _peak_fold(ds, "sparc") < 1.6


# ------------------------------------------------------------------ studies
def _my_studies():
    ids = {s["id"] for f in STUDY_FILES for s in yaml.safe_load(f.read_text())}
    return [s for s in load_studies() if s.id in ids]


def test_study_files_exist_and_cover_the_myokines():
    obs = {s.observable for s in _my_studies()}
    assert {"il15", "bdnf", "irisin", "myostatin", "follistatin", "fgf21", "lif"} <= obs


def test_my_studies_pass(mmodel):
    cache, failed = {}, []
    for s in _my_studies():
        key = json.dumps(s.scenario, sort_keys=True, default=str)
        if key not in cache:
            cache[key] = simulate(s.build_scenario(), model=mmodel)
        value, _, _ = evaluate(s, cache[key])
        lo, hi = s.tolerance
        from myokinetics.validation.study import record_mismatch
        problem = record_mismatch(s.id, bool(np.isfinite(value) and lo <= value <= hi), value)
        if problem:
            failed.append(problem)
    assert not failed, failed


# ------------------------------------------------------------------ citations
def test_citations_resolve_in_bibliography_or_fragment():
    frag = PKG / "evidence" / "incoming" / "myokines.bib"
    known = set(bibliography())
    if frag.exists():
        known |= set(parse_bibtex(frag.read_text()))
    keys = set()
    for m in MYOKINE_MODULES:
        for p in m.params:
            keys.update(p.keys)
            assert p.note, (m.name, p.name)
        for r in m.routes:
            keys.update(k.strip() for k in r.source.split(",") if k.strip() and k.strip() != "assumption")
    for s in _my_studies():
        keys.update(k.strip() for k in s.source.split(","))
    assert sorted(keys - known) == []


def test_one_limb_exercise_counts_only_the_working_share_and_follows_the_duration_law():
    """One-leg knee extension (limb_share 0.5): the forcing carries the share during the bout only, and plasma IL-6
    rises steeply with the duration of the bout (fischer2006; steensberg2000 is the validation study)."""
    from myokinetics.program.compile import compile_sessions
    from myokinetics.program.parse import parse_session

    f = compile_sessions([(0.0, 0, parse_session("One-leg knee extension 60 min @ 40% VO2max"))],
                         build_model().muscles, 0.0, 3.0)
    work = f.fields["modality"] == 2
    assert np.all(f.fields["limb_share"][work] == 0.5) and np.all(f.fields["limb_share"][~work] == 1.0)
    sc = Scenario.from_dict({"duration": "6 h", "session": "One-leg knee extension 5 h @ 40% VO2max",
                             "output": {"every": "30 min"},
                             "subjects": {"n": 1, "sex": "male", "age": 25, "body_mass": "78 kg"}})
    il6 = simulate(sc).il6.isel(subject=0)
    fold = il6 / il6.isel(time=0)
    assert float(fold.sel(time=5.0)) > 3.0 * float(fold.sel(time=1.0)) > 3.0
