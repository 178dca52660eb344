"""The rest of the shorthand: pounds, rep ranges, AMRAP, drop sets, tempo, distances and paces, months.

Each parses into typed fields that format back unchanged, and each is simulated by its documented rule
(myokinetics.program.model, compile, endurance)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from myokinetics.errors import InputError
from myokinetics.io.scenario import Scenario
from myokinetics.program import load as L
from myokinetics.program.compile import (
    REFERENCE_ECCENTRIC_SHARE, TEMPO_ECCENTRIC_EXPONENT, compile_sessions, drop_set, eccentric_factor,
)
from myokinetics.program.endurance import reference_vo2max, speed_at, vo2_at
from myokinetics.program.model import EXPLOSIVE_CONCENTRIC_S, Block, Load
from myokinetics.program.parse import format_block, format_number, parse_block, parse_duration, parse_session

EXAMPLES = [
    "Bench press 3x5 @ 135 lb",
    "Bench press 4x8-12 @ 135 lb",
    "Back squat 4x8-12 @ 60% 1RM, rest 2 min",
    "Lat pulldown 3x10-15 @ RPE 8",
    "Bench press 1xAMRAP @ 80% 1RM",
    "Deadlift 1xAMRAP @ 100 kg, rest 3 min",
    "Leg press 3x10 @ 70% 1RM + 2 drops @ -20%",
    "Leg press 3x10 @ 70% 1RM to failure + 1 drop @ -25%",
    "Back squat 4x8 @ 70% 1RM, tempo 3-1-1-0",
    "Back squat 4x8 @ 70% 1RM, tempo 3-1-X-0, rest 2 min",
    "Bench press 3x8 @ RPE 8, tempo 2.5-0-1-0",
    "Run 10 km @ 5:30 /km",
    "Run 10 km @ 70% VO2max",
    "Run 42.2 km @ 6:00 /km",
    "Run 6x1 km @ 4:00 /km, rest 2 min",
    "Run 10x400 m @ 1:30.5 /km, rest 90 s",
    "Run 26.2 mi @ 9:00 /mi",
    "Walk 5 km @ 12:00 /km",
    "Run 45 min @ 5:30 /km",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_examples_round_trip(text):
    assert format_block(parse_block(text)) == text


@pytest.mark.parametrize("lenient, canonical", [
    ("bench press 3x5 @ 135 lbs", "Bench press 3x5 @ 135 lb"),
    ("Bench press 3x5 @ 135 pounds", "Bench press 3x5 @ 135 lb"),
    ("Bench press 4 x 8 – 12 @ 135lb", "Bench press 4x8-12 @ 135 lb"),
    ("Bench press 1 x amrap @ 80%1rm", "Bench press 1xAMRAP @ 80% 1RM"),
    ("Leg press 3x10 @ 70% 1RM + drop 2x @ -20%", "Leg press 3x10 @ 70% 1RM + 2 drops @ -20%"),
    ("Leg press 3x10 @ 70% 1RM +1 drops @ - 20 %", "Leg press 3x10 @ 70% 1RM + 1 drop @ -20%"),
    ("Back squat 4x8 @ 70% 1RM, TEMPO 31X0", "Back squat 4x8 @ 70% 1RM, tempo 3-1-X-0"),
    ("Back squat 4x8 @ 70% 1RM, rest 2 min, tempo 3/1/1/0", "Back squat 4x8 @ 70% 1RM, tempo 3-1-1-0, rest 2 min"),
    ("Run 10 kilometres @ 5:30 min/km", "Run 10 km @ 5:30 /km"),
    ("Run 3 miles @ 9:00 per mile", "Run 3 mi @ 9:00 /mi"),
])
def test_lenient_spellings_format_canonically(lenient, canonical):
    assert format_block(parse_block(lenient)) == canonical


def test_typed_fields():
    b = parse_block("Bench press 4x8-12 @ 135 lb")
    assert (b.sets, b.reps, b.reps_max, b.load) == (4, 8, 12, Load("lb", 135))
    assert b.load.kg == pytest.approx(135 * 0.45359237)          # pint's pound
    a = parse_block("Bench press 1xAMRAP @ 80% 1RM")
    assert (a.sets, a.reps, a.amrap) == (1, None, True)
    d = parse_block("Leg press 3x10 @ 70% 1RM + 2 drops @ -20%")
    assert (d.drops, d.drop_pct) == (2, 20)
    t = parse_block("Back squat 4x8 @ 70% 1RM, tempo 3-1-X-0")
    assert t.tempo == (3, 1, "X", 0) and t.eccentric_s == 3 and t.rep_seconds() == 4 + EXPLOSIVE_CONCENTRIC_S
    r = parse_block("Run 10 km @ 5:30 /km")
    assert (r.distance, r.distance_unit, r.load, r.distance_m, r.work_s) == (10, "km", Load("pace_km", 330), 10000, 3300)
    assert parse_block("Run 26.2 mi @ 9:00 /mi").work_s == pytest.approx(26.2 * 540)


def test_session_attaches_tempo_and_rest_to_the_block_before():
    s = parse_session(["Back squat 4x8 @ 70% 1RM", "tempo 3-1-1-0", "rest 2 min", "Bench press 3x8-12 @ 135 lb"])
    assert s.blocks[0].tempo == (3, 1, 1, 0) and s.blocks[0].rest == 2 and s.blocks[1].tempo is None
    assert parse_session("Back squat 4x8 @ 70% 1RM, tempo 3-1-1-0, rest 2 min, Bench press 3x8-12 @ 135 lb") == s


@pytest.mark.parametrize("text, field, valid", [
    ("Bench press 4x12-8 @ 135 lb", "session[0].reps", "low < high"),
    ("Bench press 4x8-8 @ 135 lb", "session[0].reps", "low < high"),
    ("Bench press 4x8-1001 @ RPE 8", "session[0].reps", "high <= 1000"),
    ("Plank 3x30-60 s", "session[0].reps", "a range of reps only"),
    ("Bench press 3x8-12 @ 95% 1RM", "session[0].reps", "at most"),            # the bottom of the range is checked
    ("Bench press 1xAMRAP @ RPE 8", "session[0].load", "a fixed load for AMRAP"),
    ("Bench press 1xAMRAP", "session[0].load", "a fixed load for AMRAP"),
    ("Bench press 1xAMRAP @ 80% 1RM to failure", "session[0].to_failure", "AMRAP without 'to failure'"),
    ("Run 1xAMRAP @ 70% VO2max", "session[0].reps", "work duration"),
    ("Leg press 3x10 @ 70% 1RM + 2 drops @ -100%", "session[0].drop_pct", "between 0% and 100%"),
    ("Leg press 3x10 @ 70% 1RM + 11 drops @ -20%", "session[0].drops", "from 0 to 10"),
    ("Leg press 3x10 @ 70% 1RM + 2 drops @ 20%", "session[0].drops", "'+ <n> drops @ -<p>%'"),
    ("Plank 3x60 s + 2 drops @ -20%", "session[0].drops", "resistance sets written in reps"),
    ("Back squat 4x8 @ 70% 1RM, tempo 3-1-1", "session[1]", "'tempo <eccentric>-<bottom>-<concentric>-<top>'"),
    ("Back squat 4x8 @ 70% 1RM, tempo 0-0-0-0", "session[0].tempo", "four phases"),
    ("Back squat 4x8 @ 70% 1RM, tempo 61-0-1-0", "session[0].tempo", "at most 60 s"),
    ("Run 45 min @ 70% VO2max, tempo 3-1-1-0", "session[0].tempo", "resistance sets written in reps"),
    ("Run 42.2 km", "session[0].load", "a pace or a %VO2max for a distance"),
    ("Cycle 40 km @ 70% VO2max", "session[0].distance", "a duration for 'Cycle'"),
    ("Cycle 45 min @ 2:00 /km", "session[0].load", "a %VO2max load for 'Cycle'"),
    ("Run 10 km @ 5:75 /km", "session[0].load", "seconds below 60"),
    ("Run 1001 km @ 5:00 /km", "session[0].distance", "at most 1000 km"),
    ("Walk 500 km @ 12:00 /km", "session[0].distance", "a bout of at most 48 h"),
    ("Back squat 3x5 km", "session[0].distance", "reps or a duration"),
    ("Back squat 3x5 @ 5:00 /km", "session[0].load", "%1RM, RPE, RIR, kg or lb"),
    ("Run 10 km @ 135 lb", "session[0].load", "%VO2max or pace"),
])
def test_errors_name_field_value_and_what_is_valid(text, field, valid):
    with pytest.raises(InputError) as e:
        parse_session(text)
    assert e.value.field == field
    assert valid in e.value.valid
    assert "\n" not in str(e.value)


# --- durations --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, days", [("8 months", 8 * 365.25 / 12), ("1 month", 365.25 / 12), ("2 years", 730.5),
                                        ("1.5 yr", 1.5 * 365.25), ("6 weeks", 42), ("10 days", 10)])
def test_months_and_years(text, days):
    assert parse_duration(text) == pytest.approx(days * 24)


def test_scenario_duration_in_months_and_program_weeks_must_be_whole():
    sc = Scenario.from_dict({"duration": "8 months", "program": {"weeks": "8 weeks", "schedule": {"mon": ["Back squat 3x5 @ 80% 1RM"]}}})
    assert sc.duration_h == pytest.approx(5844)
    with pytest.raises(InputError) as e:
        Scenario.from_dict({"duration": "8 months", "program": {"weeks": "8 months", "schedule": {"mon": ["Back squat 3x5 @ 80% 1RM"]}}})
    assert e.value.field == "program.weeks" and "whole number of weeks" in e.value.valid


# --- how each is simulated ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def muscles():
    from myokinetics.models import build_model
    return build_model().muscles


def _sets(muscles, text, **kw):
    f = compile_sessions([(0.0, 0, parse_session(text))], muscles, 0.0, 24.0, **kw)
    return f, f.sets


def test_pounds_are_converted_to_kg(muscles):
    _, lb = _sets(muscles, "Bench press 3x5 @ 135 lb", one_rm={"bench_press": 100.0})
    _, kg = _sets(muscles, "Bench press 3x5 @ 61.23496995 kg", one_rm={"bench_press": 100.0})
    assert lb[0]["load_fraction"] == pytest.approx(kg[0]["load_fraction"]) == pytest.approx(0.6123496995)


def test_rep_range_top_or_what_the_load_allows(muscles):
    # 60% 1RM allows 21 reps on the curve: the top of 8-12
    _, s = _sets(muscles, "Back squat 4x8-12 @ 60% 1RM")
    assert [r["reps"] for r in s] == [12] * 4
    # 80% 1RM allows floor(max_reps(0.8)) = 8 reps: inside 6-10
    _, s = _sets(muscles, "Back squat 3x6-10 @ 80% 1RM")
    assert [r["reps"] for r in s] == [int(math.floor(L.max_reps(0.8)))] * 3 == [8] * 3
    # a bottom beyond the curve (but within its feasibility margin): like any set beyond the curve
    f, s = _sets(muscles, "Back squat 1x9-12 @ 80% 1RM")
    g, t = _sets(muscles, "Back squat 1x9 @ 80% 1RM")
    assert s[0]["reps"] == t[0]["reps"] == 8 and s[0]["reps_to_failure"] == 8 and f.notes == g.notes and f.notes
    # RPE: the top of the range, the load chosen for its reps in reserve
    _, s = _sets(muscles, "Lat pulldown 3x10-15 @ RPE 8")
    assert s[0]["reps"] == 15 and s[0]["load_fraction"] == pytest.approx(L.fraction_1rm_for(17))
    # kg: against the 1RM given
    _, s = _sets(muscles, "Bench press 3x8-12 @ 80 kg", one_rm={"bench_press": 100.0})
    assert s[0]["reps"] == 8
    assert parse_block("Back squat 4x8-12 @ 60% 1RM").resolve() == (0.6, pytest.approx(L.max_reps(0.6) - 12))


def test_amrap_is_a_set_to_failure_with_the_reps_the_load_allows(muscles):
    _, s = _sets(muscles, "Bench press 1xAMRAP @ 80% 1RM")
    assert s[0]["reps"] == 8 and s[0]["reps_to_failure"] == 8
    _, s = _sets(muscles, "Deadlift 1xAMRAP @ 100 kg", one_rm={"deadlift": 150.0})
    assert s[0]["reps"] == int(math.floor(L.max_reps(100 / 150)))
    assert parse_block("Bench press 1xAMRAP @ 80% 1RM").resolve() == (0.8, 0.0)


def test_drop_sets(muscles):
    f, s = _sets(muscles, "Leg press 3x10 @ 70% 1RM to failure + 2 drops @ -20%")
    assert [r["drop"] for r in s] == [0, 1, 2] * 3
    main, d1, d2 = s[:3]
    assert d1["load_fraction"] == pytest.approx(0.56) and d2["load_fraction"] == pytest.approx(0.448)
    # after failure the momentary 1RM is the load just lifted: a 20 % drop allows floor(max_reps(0.8)) = 8
    assert d1["reps"] == d2["reps"] == 8 and d1["reps_to_failure"] == 8
    assert d1["start"] == pytest.approx(main["end"]) and d2["start"] == pytest.approx(d1["end"])   # no rest
    assert drop_set(0.7, 0.0, 20) == (pytest.approx(0.56), 8)
    # not at failure: the load was the lifter's (q)-RM, so the first drop allows more reps
    assert drop_set(0.7, L.max_reps(0.7) - 10, 20)[1] > 8


def test_tempo_sets_the_rep_duration_and_scales_the_eccentric_stimulus(muscles):
    plain, sp = _sets(muscles, "Back squat 4x8 @ 70% 1RM")
    slow, ss = _sets(muscles, "Back squat 4x8 @ 70% 1RM, tempo 3-1-1-0")
    assert (ss[0]["end"] - ss[0]["start"]) * 3600 == pytest.approx(8 * 5)
    assert (sp[0]["end"] - sp[0]["start"]) * 3600 == pytest.approx(8 * 3)      # rep_duration_s of the back squat
    k = slow.seg_set.tolist().index(0)
    kp = plain.seg_set.tolist().index(0)
    factor = (3 / (3.0 * REFERENCE_ECCENTRIC_SHARE)) ** TEMPO_ECCENTRIC_EXPONENT
    assert slow.fields["eccentric"][k] == pytest.approx(plain.fields["eccentric"][kp] * factor)
    assert eccentric_factor(parse_block("Back squat 4x8 @ 70% 1RM, tempo 0-0-X-0")) == 0.0   # concentric only
    assert eccentric_factor(parse_block("Back squat 4x8 @ 70% 1RM")) == 1.0


def test_tempo_feeds_eccentric_load_and_damage(model):
    from myokinetics.api import simulate

    def run(text):
        return simulate(Scenario.from_dict({"duration": "2 days", "session": [text]}), model=model)
    plain, slow = run("Back squat 4x8 @ 70% 1RM"), run("Back squat 4x8 @ 70% 1RM, tempo 4-0-1-0")
    assert float(slow["damage"].max()) > float(plain["damage"].max())


def test_distance_pace_and_vo2max(muscles):
    vo2max = reference_vo2max("male", 30)
    f, s = _sets(muscles, "Run 10 km @ 5:30 /km", vo2max=vo2max)
    speed = 1000 / 330 * 60          # m/min
    assert (s[0]["end"] - s[0]["start"]) == pytest.approx(3300 / 3600)
    assert s[0]["vo2_fraction"] == pytest.approx(vo2_at("run", speed) / vo2max) == pytest.approx((3.5 + 0.2 * speed) / vo2max)
    f, s = _sets(muscles, "Run 10 km @ 70% VO2max", vo2max=vo2max)
    assert s[0]["vo2_fraction"] == 0.7
    assert (s[0]["end"] - s[0]["start"]) * 3600 == pytest.approx(10000 / speed_at("run", 0.7 * vo2max) * 60)
    # 1:1 rest of distance intervals at a %VO2max
    f, s = _sets(muscles, "Run 3x1 km @ 90% VO2max", vo2max=vo2max)
    assert s[1]["start"] - s[0]["end"] == pytest.approx(s[0]["end"] - s[0]["start"])
    with pytest.raises(InputError) as e:
        _sets(muscles, "Run 10 km @ 10% VO2max", vo2max=20.0)          # below the resting oxygen uptake
    assert "above rest" in e.value.valid
    with pytest.raises(InputError) as e:
        _sets(muscles, "Run 4x400 m @ 1:45 /km", vo2max=vo2max)         # 263% of this runner's VO2max
    assert e.value.value == "263% VO2max" and "at most 130% VO2max" in e.value.valid


def test_reference_vo2max_is_the_friend_median():
    assert reference_vo2max("male", 25) == pytest.approx(48.0) and reference_vo2max("female", 75) == pytest.approx(18.3)
    assert reference_vo2max("male", 20) == reference_vo2max("male", 25)
    assert 24.4 < reference_vo2max("male", 50) < 48.0
    assert reference_vo2max("mixed", 40) == pytest.approx(0.5 * (reference_vo2max("male", 40) + reference_vo2max("female", 40)))


def test_scenario_vo2max_changes_a_pace_intensity(model):
    from myokinetics.api import simulate

    base = {"duration": "1 day", "session": ["Run 10 km @ 5:30 /km"]}
    a = simulate(Scenario.from_dict(base), model=model)
    b = simulate(Scenario.from_dict({**base, "vo2max": "60 mL/kg/min"}), model=model)
    assert float(b["set_vo2_fraction"][0]) == pytest.approx((3.5 + 0.2 * 1000 / 5.5) / 60)
    assert float(a["set_vo2_fraction"][0]) > float(b["set_vo2_fraction"][0])
    with pytest.raises(InputError) as e:
        Scenario.from_dict({**base, "vo2max": "500 mL/kg/min"})
    assert e.value.field == "vo2max"


def test_progression_and_deload_of_the_new_forms():
    from myokinetics.program.parse import parse_program

    p = parse_program({"weeks": 4, "progression": "5% per week", "deload": "every 4th week at 50% volume, 90% load",
                       "schedule": {"mon": ["Bench press 3x8-12 @ 135 lb", "Run 10 km @ 5:30 /km"]}})
    week = {w: s for _, w, s in p.sessions()}
    assert week[1].blocks[0].load.kind == "lb" and week[1].blocks[0].load.value == pytest.approx(135 * 1.05)
    assert week[1].blocks[0].reps_max == 12
    assert week[3].blocks[1].distance == 5 and week[3].blocks[1].load == Load("pace_km", 330)   # paces are not deloaded


# --- hypothesis: round trips of the new forms ------------------------------------------------------------
def _dec(lo, hi, places=1):
    k = 10 ** places
    return st.integers(int(lo * k), int(hi * k)).map(lambda i: i // k if i % k == 0 else i / k)


tempo_st = st.tuples(*([st.one_of(_dec(0, 10), st.just("X"))] * 4)).filter(
    lambda t: sum(1.0 if x == "X" else x for x in t) > 0)


@st.composite
def new_blocks(draw):
    from myokinetics.program.library import get_library
    lib = get_library()
    kind = draw(st.sampled_from(["range", "amrap", "lb", "drops", "tempo", "distance"]))
    if kind == "distance":
        ex = lib.get(draw(st.sampled_from(["Run", "Walk"])))
        unit = draw(st.sampled_from(["m", "km", "mi"]))
        dist = draw(_dec(0.1, 20)) if unit != "m" else draw(st.integers(100, 20000))
        pace = draw(st.integers(2, 15)) * 60 + draw(_dec(0, 59.9))          # written as m:ss(.s)
        load = draw(st.sampled_from([Load("pace_km", pace), Load("pace_mi", pace), Load("pct_vo2max", draw(_dec(40, 100)))]))
        return Block(ex, sets=draw(st.integers(1, 5)), distance=dist, distance_unit=unit, load=load)
    ex = lib.get(draw(st.sampled_from(["Back squat", "Bench press", "Leg press", "Lat pulldown"])))
    sets = draw(st.integers(1, 6))
    pct = draw(_dec(40, 85))
    feasible = max(1, int(L.max_feasible_reps(pct / 100)))
    load = draw(st.sampled_from([Load("pct_1rm", pct), Load("lb", draw(_dec(5, 600))), Load("kg", draw(_dec(5, 300)))]))
    reps = draw(st.integers(1, min(feasible, 20)))
    kw = {}
    if kind == "range":
        kw = {"reps": reps, "reps_max": reps + draw(st.integers(1, 10))}
    elif kind == "amrap":
        kw = {"amrap": True}
    elif kind == "lb":
        kw = {"reps": reps}
        load = Load("lb", draw(_dec(5, 600)))
    elif kind == "drops":
        kw = {"reps": reps, "drops": draw(st.integers(1, 4)), "drop_pct": draw(_dec(1, 50))}
    else:
        kw = {"reps": reps, "tempo": draw(tempo_st)}
    if draw(st.booleans()) and kind not in ("amrap",):
        kw["tempo"] = kw.get("tempo") or draw(tempo_st)
    rest = draw(st.one_of(st.none(), st.integers(0, 300)))
    return Block(ex, sets=sets, load=load, rest=rest, rest_unit=None if rest is None else "s", **kw)


@given(new_blocks())
@settings(max_examples=300, deadline=None)
def test_parse_of_formatted_new_block_is_equal(block):
    text = format_block(block)
    assert parse_block(text) == block
    assert format_block(parse_block(text)) == text


def test_format_number_of_paces():
    from myokinetics.program.model import format_pace
    assert format_pace(330) == "5:30" and format_pace(90.5) == "1:30.5" and format_pace(61) == "1:01"
    assert format_pace(315.2) == "5:15.2" and format_pace(305.25) == "5:05.25"
    assert format_number(2.5) == "2.5"
