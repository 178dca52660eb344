"""Odd input never escapes: fuzz findings as regression tests, fuzzing of the set-string parser and the
scenario loader, memory refusals, and random valid programs that keep every state finite and >= 0."""
from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from myokinetics import limits
from myokinetics.errors import InputError
from myokinetics.io.scenario import Scenario
from myokinetics.program.compile import compile_sessions
from myokinetics.program.parse import parse_duration, parse_session

ROOT = Path(__file__).resolve().parents[1]

SEEDS = [
    "Back squat 4x8 @ 75% 1RM, rest 2 min", "Bench press 3x10 @ RPE 8", "Deadlift 5x5 @ 140 kg", "Pull-up 3x8 @ 2 RIR",
    "Leg press 3x12 @ 70% 1RM to failure", "Run 45 min @ 70% VO2max", "Cycle 10x1 min @ 90% VO2max, rest 1 min",
    "Romanian deadlift 3x10 @ 60% 1RM, rest 90 s", "Pull-up 3x8 to failure", "Farmer's carry 4x30 s @ 40 kg, rest 90 s",
    "Plank 3x60 s", "Bench press 4x8-12 @ 135 lb", "Back squat 4x8 @ 70% 1RM, tempo 3-1-1-0",
    "Bench press 1xAMRAP @ 80% 1RM", "Leg press 3x10 @ 70% 1RM + 2 drops @ -20%", "Run 10 km @ 5:30 /km",
]
HUGE = ["9" * 30, "9" * 400, "9" * 5000, "1" + "0" * 4400]
TOKENS = list("0123456789x×@%,.-+:/ eE") + HUGE + [
    "1e308", "nan", "inf", "kg", "lb", "RPE", "RIR", "1RM", "VO2max", "rest", "min", "s", "h", "km", "to failure",
    "tempo", "AMRAP", "drops", "\u00a0", "٣", "①", "\x00", "０", "🏋", "'", '"', "\n"]


# --- regression: each finding of the fuzzer -------------------------------------------------------
@pytest.mark.parametrize("text, field", [
    ("Back squat 99999999999999999999999x8 @ 70% 1RM", "session[0]"),            # 10^23 sets: an endless compile
    ("Back squat 3x99999999999999999999999 @ 70% 1RM", "session[0]"),
    ("Back squat 101x8 @ 70% 1RM", "session[0].sets"),
    ("Pull-up 3x1001 to failure", "session[0].reps"),
    ("Back squat 3x8 @ 70% 1RM, rest " + "9" * 400 + " min", "session[1]"),     # OverflowError converting the rest
    ("Back squat 3x8 @ 70% 1RM, rest 25 h", "session[0].rest"),
    ("Run " + "9" * 40 + " h @ 70% VO2max", "session[0]"),                       # OverflowError in the compile
    ("Run 49 h @ 70% VO2max", "session[0].work"),
    ("Back squat 3x8 @ 7" + "0" * 5000 + "% 1RM", "session[0]"),                # ValueError: int string > 4300 digits
    ("Deadlift 5x5 @ " + "9" * 5000 + " kg", "session[0]"),
    ("Pull-up 3x8 @ " + "9" * 20 + " RIR", "session[0]"),
    ("Pull-up 3x8 @ 1001 RIR", "session[0].load"),
])
def test_huge_numbers_in_set_strings_are_input_errors(text, field):
    with pytest.raises(InputError) as e:
        parse_session(text)
    assert e.value.field == field
    msg = str(e.value)
    assert "\n" not in msg and len(msg) < 600          # one line, the value shortened


@pytest.mark.parametrize("text", ["9" * 5000 + " h", "1" + "0" * 400 + " weeks", "1e400 h", "101 years",
                                  "99999999999999999999 weeks"])
def test_huge_durations_are_input_errors(text):
    with pytest.raises(InputError) as e:
        parse_duration(text, "duration")
    assert e.value.field == "duration"


def _base(name):
    return yaml.safe_load((ROOT / name).read_text())


DEFAULT = "src/myokinetics/data/default_scenario.yaml"
BOUTS = "examples/two-bouts.yaml"
PHASES = "examples/train-break-retrain.yaml"


@pytest.mark.parametrize("base, path, value, field", [
    (BOUTS, ("duration",), float("inf"), "duration"),                      # accepted before: an endless run
    (BOUTS, ("duration",), float("nan"), "duration"),
    (PHASES, ("duration",), 10 ** 40, "duration"),                         # OverflowError
    (BOUTS, ("duration",), "99999999999999999999 weeks", "duration"),
    (BOUTS, ("sessions", 0, "day"), 10 ** 40, "sessions.day"),             # OverflowError computing the start
    (BOUTS, ("output", "every"), 10 ** 40, "output.every"),                # OverflowError
    (BOUTS, ("output", "every"), float("nan"), "output.every"),            # accepted before
    (BOUTS, ("output", "every"), True, "output.every"),                    # accepted before as 1 h
    (PHASES, ("program", "phases", 0, "weeks"), 10 ** 30, "program.phases[0].weeks"),   # an endless loop
    (PHASES, ("program", "phases", 1, "weeks"), 10 ** 40, "program.phases[1].weeks"),   # OverflowError
    (BOUTS, ("subjects", "age"), {"mean": 30, "sd": float("nan")}, "subjects.age.sd"),
    (BOUTS, ("subjects", "age"), {"mean": 30, "sd": -5}, "subjects.age.sd"),
    (BOUTS, ("subjects", "age"), {"mean": 30, "sd": 5, "low": "young"}, "subjects.age"),
    (BOUTS, ("subjects", "age"), {"mean": 30, "sd": 5, "low": 10}, "subjects.age.low"),
    (BOUTS, ("subjects", "seed"), 10 ** 40, "subjects.seed"),
    (DEFAULT, ("subjects", "body_mass"), "1e400 kg", "subjects.body_mass"),
    (DEFAULT, ("solver", "run_in"), -5, "solver.run_in"),
])
def test_scenario_fuzz_findings_are_input_errors(base, path, value, field):
    d = _base(base)
    node = d
    for k in path[:-1]:
        node = node.setdefault(k, {}) if isinstance(k, str) else node[k]
    node[path[-1]] = value
    with pytest.raises(InputError) as e:
        Scenario.from_dict(d)
    assert e.value.field == field
    assert "\n" not in str(e.value)


def test_a_normal_age_without_bounds_stays_in_the_valid_range():
    """The fuzzer's negative age_now: {mean, sd} without low/high drew ages outside 18-100 (even below 0)."""
    from myokinetics.models import build_model
    from myokinetics.population.cohort import sample_cohort

    sc = Scenario.from_dict({"duration": "1 day", "subjects": {"n": 200, "age": {"mean": 30, "sd": 80}},
                             "session": ["Back squat 3x10 @ 70% 1RM"]})
    ages = sample_cohort(build_model(), sc.cohort).covariates[:, 1]
    assert ages.min() >= 18 and ages.max() <= 100


# --- fuzzing ------------------------------------------------------------------------------------------
@st.composite
def mutated_set_strings(draw):
    s = list(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(s)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        tok = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)))
        if op == "insert" or not s:
            s[i:i] = list(tok)
        elif op == "delete":
            del s[min(i, len(s) - 1)]
        else:
            s[min(i, len(s) - 1)] = tok
    return "".join(s)


@pytest.fixture(scope="module")
def muscles():
    from myokinetics.models import build_model
    return build_model().muscles


@given(mutated_set_strings())
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_set_strings_give_a_session_or_an_input_error(muscles, text):
    try:
        session = parse_session(text)
    except InputError as e:
        assert "\n" not in str(e).replace(text, "") and len(str(e)) < 800 + len(text)
        return
    try:
        compile_sessions([(0.0, 0, session)], muscles, 0.0, 72.0)
    except InputError:
        pass


_POOL = [0, -1, 10 ** 30, 10 ** 400, 1e308, float("inf"), float("nan"), True, None, "", "x", "9" * 5000,
         "1e400 kg", "nan kg", "inf h", "-3 weeks", "1e-300 h", [], {}, [1, 2], {"mean": 1e308, "sd": 1e308},
         {"mean": 30, "sd": -5}, [5, 1], "12 weeks", "99999999999999999999 weeks", "18:00", 1080,
         "Back squat 3x8 @ 70% 1RM", ["Run 99999 h @ 70% VO2max"], "every 0th week at 50% volume", "1e309% per week",
         "mixed", {"a": 1}, [None], "\x00", "🏋"]


def _paths(node, pre=()):
    if pre:
        yield pre
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, pre + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, pre + (i,))


BASES = [_base(DEFAULT), _base(BOUTS), _base(PHASES)]


@st.composite
def mutated_scenarios(draw):
    d = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(d))
        if not paths:
            break
        p = draw(st.sampled_from(paths))
        node = d
        for k in p[:-1]:
            node = node[k]
        node[p[-1]] = copy.deepcopy(draw(st.sampled_from(_POOL)))
    return d


@given(mutated_scenarios())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_scenarios_give_a_scenario_or_an_input_error(muscles, data):
    try:
        sc = Scenario.from_dict(data)
    except InputError:
        return
    assert np.isfinite(sc.duration_h) and 0 < sc.duration_h <= limits.MAX_DURATION_H
    assert np.isfinite(sc.output_every_h) and 0 < sc.output_every_h <= sc.duration_h
    if sc.duration_h <= 8 * 7 * 24:
        try:
            compile_sessions(sc.sessions(), muscles, 0.0, sc.duration_h, sc.one_rm, 75.0)
        except InputError:
            pass


# --- sizes that would exhaust memory ---------------------------------------------------------------------
def test_ten_million_subjects_are_refused_with_the_estimate_and_the_limit():
    from myokinetics.api import simulate

    sc = Scenario.from_dict({"duration": "12 weeks", "subjects": {"n": 10_000_000},
                             "session": ["Back squat 3x10 @ 70% 1RM"]})
    with pytest.raises(InputError) as e:
        simulate(sc)
    msg = str(e.value)
    assert e.value.field == "subjects.n" and "needs about" in msg and "TB" in msg and "the limit is" in msg


def test_a_thousand_years_of_hourly_output_is_refused_with_the_estimate():
    with pytest.raises(InputError) as e:
        Scenario.from_dict({"duration": "1000 years", "session": ["Back squat 3x10 @ 70% 1RM"], "output": {"every": "1 h"}})
    msg = str(e.value)
    assert e.value.field == "duration" and "at most 100 years" in msg
    assert "8766001 output times" in msg and "GB for one subject" in msg and "memory limit" in msg


def test_memory_limit_from_the_environment(monkeypatch):
    from myokinetics.api import simulate

    monkeypatch.setenv(limits.MEMORY_LIMIT_ENV, "100 kB")
    sc = Scenario.from_dict({"duration": "2 days", "session": ["Back squat 3x10 @ 70% 1RM"]})
    with pytest.raises(InputError) as e:
        simulate(sc)
    assert "100 kB" in str(e.value) and limits.MEMORY_LIMIT_ENV in str(e.value)
    monkeypatch.setenv(limits.MEMORY_LIMIT_ENV, "lots")
    with pytest.raises(InputError) as e:
        limits.available_memory()
    assert e.value.field == limits.MEMORY_LIMIT_ENV


def test_cli_refuses_an_oversized_run_in_one_line_with_exit_2(tmp_path):
    from typer.testing import CliRunner

    from myokinetics.cli import app

    f = tmp_path / "big.yaml"
    f.write_text("duration: 12 weeks\nsubjects: {n: 10000000}\nsession: [Back squat 3x10 @ 70% 1RM]\n")
    r = CliRunner().invoke(app, ["simulate", str(f), "-q"], catch_exceptions=False)
    assert r.exit_code == 2
    err = r.stderr.strip()
    assert err.startswith("error: subjects.n") and "\n" not in err and "needs about" in err


# --- random valid programs: every state stays finite and >= 0 ------------------------------------------------
@st.composite
def valid_scenarios(draw):
    from myokinetics.program import load as L
    from myokinetics.program.library import get_library

    lib = get_library()
    res = [e for e in lib if e.modality == "resistance" and e.rep_duration_s < 10]
    end = [e for e in lib if e.modality != "resistance"]

    def block():
        if draw(st.booleans()) or draw(st.booleans()):
            e = draw(st.sampled_from(res))
            sets = draw(st.integers(1, 5))
            kind = draw(st.sampled_from(["pct", "rpe", "rir", "fail"]))
            reps = draw(st.integers(1, 15))
            if kind == "pct":
                pct = draw(st.integers(30, int(100 * e.strength_ratio)))
                reps = max(1, min(reps, int(L.max_feasible_reps(pct / 100 / e.strength_ratio))))
                return f"{e.name} {sets}x{reps} @ {pct}% 1RM"
            if kind == "rpe":
                return f"{e.name} {sets}x{reps} @ RPE {draw(st.integers(6, 10))}"
            if kind == "rir":
                return f"{e.name} {sets}x{reps} @ {draw(st.integers(0, 4))} RIR"
            return f"{e.name} {sets}x{reps} to failure"
        if draw(st.booleans()):     # the newer forms of the notation
            return draw(st.sampled_from([
                "Bench press 4x8-12 @ 135 lb", "Lat pulldown 3x10-15 @ RPE 8", "Bench press 1xAMRAP @ 80% 1RM",
                "Leg press 3x10 @ 70% 1RM to failure + 2 drops @ -20%", "Back squat 4x8 @ 70% 1RM, tempo 4-1-X-0",
                # paces every subject can hold (a running pace can exceed an older runner's VO2max: an InputError)
                "Walk 3 km @ 12:00 /km", "Run 5 km @ 70% VO2max", "Run 4x400 m @ 90% VO2max, rest 2 min"]))
        e = draw(st.sampled_from(end))
        return f"{e.name} {draw(st.integers(10, 90))} min @ {draw(st.integers(30, 95))}% VO2max"

    days = draw(st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1, max_size=3,
                         unique=True))
    schedule = {d: [block() for _ in range(draw(st.integers(1, 3)))] for d in days}
    return {"duration": f"{draw(st.integers(2, 10))} days",
            "subjects": {"n": draw(st.integers(1, 4)), "seed": draw(st.integers(0, 10 ** 6)),
                         "sex": draw(st.sampled_from(["male", "female", "mixed"])),
                         "age": draw(st.sampled_from([20, 45, 75, [18, 90], {"mean": 40, "sd": 30}])),
                         "training_status": draw(st.sampled_from(["untrained", "recreational", "trained"]))},
            "program": {"weeks": 2, "schedule": schedule},
            "output": {"every": draw(st.sampled_from(["1 h", "15 min", "6 h"]))},
            # loose tolerances too: the undershoot of damage below 0 the fuzzer found grows with atol
            "solver": {"rtol": draw(st.sampled_from([1e-5, 1e-3, 0.05])), "atol": draw(st.sampled_from([1e-5, 1e-3, 0.05]))}}


@given(valid_scenarios())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_random_valid_programs_keep_every_state_finite_and_nonnegative(model, data):
    from myokinetics.api import simulate

    ds = simulate(Scenario.from_dict(data), model=model)
    assert (ds["status"].values == "ok").all()
    nonneg = {s.name for mod in model.modules for s in mod.states if s.nonnegative}
    for name in ds.data_vars:
        a = ds[name].values
        if a.dtype.kind != "f":
            continue
        assert np.isfinite(a).all(), name
        if name in nonneg:
            assert a.min() >= 0.0, (name, float(a.min()))
    age = ds["age"].values[:, None]
    assert (ds["age_now"].values >= age).all() and (age >= 18).all()
    assert (ds["damage"].values >= 0).all()
