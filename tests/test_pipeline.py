"""The pipeline (scenario -> load resolution -> forcing -> engine -> result) and its load-resolution step."""
import functools

import numpy as np
import pytest
import xarray as xr

import myokinetics as mk
from myokinetics import pipeline
from myokinetics.engine.simulate import integrate
from myokinetics.io.scenario import Scenario
from myokinetics.pipeline import LoadResolutionError, ResolvedLoads, Simulation

PROGRESSED = {"weeks": 3, "progression": "3% per week",
              "schedule": {"mon": ["Back squat 3x8 @ 75% 1RM"], "thu": ["Leg extension 3x10 @ 70% 1RM"]}}
KG = {"weeks": 2, "schedule": {"mon": ["Deadlift 3x5 @ 100 kg", "Bench press 3x8 @ 60 kg"]}}


def _scenario(program, n=1, every="1 day", weeks=3, **subjects):
    return Scenario.from_dict({"name": "p", "duration": f"{weeks} weeks", "subjects": {"n": n, "seed": 2, **subjects},
                               "program": program, "output": {"every": every}})


def _count_engine_runs(monkeypatch):
    calls = []

    def counted(*a, **kw):
        calls.append(a[2].n)            # the cohort's size
        return integrate(*a, **kw)

    monkeypatch.setattr(pipeline, "integrate", counted)
    return calls


def test_progressed_loads_are_resolved_against_a_pilot_and_the_steps_compose(monkeypatch):
    calls = _count_engine_runs(monkeypatch)
    sim = Simulation(_scenario(PROGRESSED, n=3, body_mass=[60, 90]))
    loads = sim.loads
    assert calls == [1]                                       # step 1 simulated the one pilot subject, nothing else
    assert isinstance(loads, ResolvedLoads) and loads.resolved and "progressed %1RM loads" in loads.reason
    assert loads.body_mass == float(np.median(sim.cohort.covariates[:, 2]))
    assert loads.pilot.sizes["subject"] == 1
    assert loads.factors.shape == (loads.times.size, len(loads.exercises))
    # the times are 0 and every session start; the pilot's squat 1RM grows over the program
    assert loads.times[0] == 0.0 and loads.times.size == 1 + len({r["start"] for r in sim.forcing.sets} - {0.0})
    assert loads.strength("back_squat", 0.0) == 1.0 and loads.strength("back_squat", loads.times[-1]) > 1.01
    assert loads.strength("not_an_exercise", 100.0) == 1.0
    table = loads.table()
    assert len(table) == loads.factors.size and set(table.columns) == {"time_h", "exercise", "strength_factor"}
    ds = sim.run()
    assert calls == [1, 3]                                    # step 3 ran the cohort once; the forcing was reused
    xr.testing.assert_identical(ds, mk.simulate(sim.scenario))
    # the progression is written against the starting 1RM, so the load relative to the current 1RM rises less
    squat = ds.set_load_fraction.values[ds.set_exercise.values == "back_squat"]
    assert squat[-1] < 0.75 * 1.03 ** 2


def test_fixed_loads_need_no_pilot(monkeypatch):
    calls = _count_engine_runs(monkeypatch)
    fixed = {"weeks": 1, "schedule": {"mon": ["Back squat 3x8 @ 75% 1RM", "Pull-up 3x8 @ 2 RIR"]}}
    loads = Simulation(_scenario(fixed, weeks=1)).loads
    assert not loads.resolved and loads.pilot is None and "no progressed or kg loads" in loads.reason
    assert calls == []


def test_a_failing_pilot_fails_loudly(monkeypatch):
    """The pilot's solver stopping is one error naming the program and the solver status, not silently ignored."""
    monkeypatch.setattr(pipeline, "integrate", functools.partial(integrate, max_steps=5))
    with pytest.raises(LoadResolutionError, match=r"^program: .*pilot subject's solver stopped \(too many steps\)"):
        mk.simulate(_scenario(KG, weeks=2))


def test_a_failing_pilot_is_one_line_and_exit_code_2_in_the_cli(monkeypatch, tmp_path):
    import yaml
    from typer.testing import CliRunner

    from myokinetics.cli import app

    monkeypatch.setattr(pipeline, "integrate", functools.partial(integrate, max_steps=5))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kg.yaml").write_text(yaml.safe_dump({"name": "kg", "duration": "2 weeks", "program": KG}))
    r = CliRunner().invoke(app, ["simulate", "kg.yaml", "-q"])
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "pilot subject" in lines[0] and "Traceback" not in r.output


def test_a_subject_alone_equals_the_subject_in_its_cohort_with_kg_loads():
    """kg loads are resolved with the whole cohort's median body mass, whichever subjects are simulated."""
    sc = _scenario(KG, n=4, weeks=2, every="12 h", body_mass=[60, 100])
    full = mk.simulate(sc)
    part = mk.simulate(sc, subjects=[1, 3])
    for name, da in part.data_vars.items():
        if "subject" in da.dims:
            np.testing.assert_array_equal(da.values, full[name].isel(subject=[1, 3]).values, err_msg=name)
        else:
            np.testing.assert_array_equal(da.values, full[name].values, err_msg=name)


def test_a_trial_arm_runs_the_engine_twice(monkeypatch):
    """Per arm: one subject (the pilot where loads need one, else a one-subject check of the outcomes), then the cohort."""
    from myokinetics.trial.run import run_trial
    from myokinetics.trial.spec import TrialSpec

    calls = _count_engine_runs(monkeypatch)
    spec = TrialSpec.from_dict({"name": "t", "duration": "2 weeks", "subjects": {"n": 3, "seed": 1},
                                "arms": {"control": {"program": "none"}, "progressed": {"program": PROGRESSED}},
                                "outcomes": ["one_rm.back_squat"]})
    res = run_trial(spec)
    assert sorted(calls) == [1, 1, 3, 3]
    assert res.row("one_rm.back_squat", "progressed")["difference"] > 0
    calls.clear()
    run_trial(spec, check=False)
    assert sorted(calls) == [1, 3, 3]          # the control arm needs no pilot and is not checked
