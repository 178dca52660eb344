"""Program shorthand: parse/format round trips, validation, Program timing."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings, strategies as st

from myokinetics.errors import InputError, UnknownNameError
from myokinetics.program import load as L
from myokinetics.program.exercise import Exercise
from myokinetics.program.model import DEFAULT_REST_S, Block, Deload, Load, Program, Session
from myokinetics.program.parse import (
    BLOCK_GRAMMAR, format_block, format_deload, format_number, format_progression, format_session,
    parse_block, parse_deload, parse_duration, parse_program, parse_progression, parse_session,
)


# --- a small fake library (dependency injection) --------------------------------
class FakeLibrary:
    def __init__(self, exercises):
        self._by = {e.name.lower(): e for e in exercises}

    def get(self, name):
        try:
            return self._by[name.strip().lower()]
        except KeyError:
            raise UnknownNameError("exercise", name, [e.name for e in self._by.values()], "a known exercise") from None


def _res(name):
    return Exercise(name.lower().replace(" ", "_").replace("-", "_"), name, "resistance", {"quadriceps": 1.0})


def _end(name):
    return Exercise(name.lower(), name, "endurance", {"quadriceps": 1.0}, mechanics="cyclic")


RESISTANCE = ["Back squat", "Bench press", "Deadlift", "Pull-up", "Leg press", "Romanian deadlift", "Farmer's carry"]
ENDURANCE = ["Run", "Cycle", "Row"]
LIB = FakeLibrary([_res(n) for n in RESISTANCE] + [_end(n) for n in ENDURANCE])

EXAMPLES = [
    "Back squat 4x8 @ 75% 1RM, rest 2 min",
    "Bench press 3x10 @ RPE 8",
    "Deadlift 5x5 @ 140 kg",
    "Pull-up 3x8 @ 2 RIR",
    "Leg press 3x12 @ 70% 1RM to failure",
    "Run 45 min @ 70% VO2max",
    "Cycle 10x1 min @ 90% VO2max, rest 1 min",
    "Romanian deadlift 3x10 @ 60% 1RM, rest 90 s",
    "Pull-up 3x8 to failure",
    "Farmer's carry 4x30 s @ 40 kg, rest 90 s",
    "Bench press 3x8 @ RPE 8.5",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_examples_round_trip(text):
    assert format_block(parse_block(text, library=LIB)) == text


def test_example_contents():
    b = parse_block("Back squat 4x8 @ 75% 1RM, rest 2 min", library=LIB)
    assert (b.exercise.name, b.sets, b.reps, b.load, b.rest, b.rest_unit) == ("Back squat", 4, 8, Load("pct_1rm", 75), 2, "min")
    assert b.rest_s == 120 and b.fraction_1rm() == 0.75
    assert b.reps_in_reserve() == pytest.approx(L.max_reps(0.75) - 8)
    c = parse_block("Cycle 10x1 min @ 90% VO2max, rest 1 min", library=LIB)
    assert (c.sets, c.work, c.work_unit, c.work_s, c.rest_s, c.fraction_vo2max) == (10, 1, "min", 60, 60, 0.9)
    r = parse_block("Run 45 min @ 70% VO2max", library=LIB)
    assert (r.sets, r.work_s, r.rest, r.rest_s) == (1, 2700, None, 0.0)


def test_resolve_every_load_kind():
    rpe = parse_block("Bench press 3x10 @ RPE 8", library=LIB)
    assert rpe.resolve() == (pytest.approx(L.fraction_1rm_for(12)), 2.0)
    rir = parse_block("Pull-up 3x8 @ 2 RIR", library=LIB)
    assert rir.reps_in_reserve() == 2 and rir.fraction_1rm() == pytest.approx(L.fraction_1rm_for(10))
    kg = parse_block("Deadlift 5x5 @ 140 kg", library=LIB)
    assert kg.fraction_1rm(one_rm_kg=200) == pytest.approx(0.7)
    assert kg.reps_in_reserve(one_rm_fraction=0.7) == pytest.approx(L.max_reps(0.7) - 5)
    fail = parse_block("Leg press 3x12 @ 70% 1RM to failure", library=LIB)
    assert fail.resolve() == (0.7, 0.0)
    assert parse_block("Pull-up 3x8 to failure", library=LIB).resolve() == (pytest.approx(L.fraction_1rm_for(8)), 0.0)


def test_default_rest_is_not_written_but_documented():
    b = parse_block("Bench press 3x10 @ RPE 8", library=LIB)
    assert b.rest is None and not b.rest_written and b.rest_s == DEFAULT_REST_S
    assert ", rest" not in format_block(b)
    intervals = parse_block("Cycle 10x1 min @ 90% VO2max", library=LIB)
    assert intervals.rest_s == 60  # 1:1 work:rest assumption


def test_lenient_input_formats_canonically():
    b = parse_block("  back SQUAT 4 x 8  @75%1rm ,  REST 2 minutes ", library=LIB)
    assert format_block(b) == "Back squat 4x8 @ 75% 1RM, rest 2 min"
    assert format_block(parse_block("Run 1x45 min @ 70.0% VO2max", library=LIB)) == "Run 45 min @ 70% VO2max"


# --- sessions ------------------------------------------------------------------------
SESSION_TEXT = "Back squat 3x10 @ 70% 1RM, rest 2 min, Bench press 3x10 @ 70% 1RM"
SESSION_LIST = ["Back squat 3x10 @ 70% 1RM", "rest 2 min", "Bench press 3x10 @ 70% 1RM"]


def test_session_from_string_and_yaml_list_agree():
    a = parse_session(SESSION_TEXT, library=LIB)
    b = parse_session(SESSION_LIST, library=LIB)
    assert a == b and len(a) == 2
    assert a.blocks[0].rest == 2 and a.blocks[1].rest is None
    assert format_session(a) == SESSION_TEXT


def test_session_yaml_flow_list(tmp_path):
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load("mon: [Back squat 3x10 @ 70% 1RM, rest 2 min, Bench press 3x10 @ 70% 1RM]")
    assert doc["mon"] == SESSION_LIST
    assert format_session(parse_session(doc["mon"], library=LIB)) == SESSION_TEXT


@pytest.mark.parametrize("items, field", [
    (["rest 2 min", "Back squat 3x10 @ 70% 1RM"], "schedule.mon[0]"),
    (["Back squat 3x10 @ 70% 1RM", "rest 2 min", "rest 1 min"], "schedule.mon[2]"),
    (["Back squat 3x10 @ 70% 1RM", "Bench press three sets"], "schedule.mon[1]"),
    (["Back squat 3x10 @ 70% 1RM", "", "Deadlift 5x5 @ 140 kg"], "schedule.mon[1]"),
    (["Back squat 3x10 @ 70% 1RM", 42], "schedule.mon[1]"),
])
def test_session_errors_name_the_item(items, field):
    with pytest.raises(InputError) as e:
        parse_session(items, field="schedule.mon", library=LIB)
    assert e.value.field == field
    assert field in str(e.value)


# --- errors --------------------------------------------------------------------------
@pytest.mark.parametrize("text, field, value, valid", [
    ("Back squat 10x10 @ 130% 1RM", "session[0].load", 130, "(0, 100]"),
    ("Back squat 3x20 @ 85% 1RM", "session[0].reps", 20, "at most 7 reps"),
    ("Bench press 3x10 @ RPE 11", "session[0].load", 11, "between 1 and 10"),
    ("Bench press 3x10 @ RPE 0.5", "session[0].load", 0.5, "between 1 and 10"),
    ("Pull-up 3x8 @ -1 RIR", "session[0].load", -1, ">= 0"),
    ("Back squat 3x8 @ 0% 1RM", "session[0].load", 0, "(0, 100]"),
    ("Run 45 min @ 140% VO2max", "session[0].load", 140, "(0, 130]"),
    ("Run 45 min @ 0% VO2max", "session[0].load", 0, "(0, 130]"),
    ("Run 3x8 @ 70% VO2max", "session[0].reps", 8, "work duration"),
    ("Back squat 3x8 @ 70% VO2max", "session[0].load", "70% VO2max", "%1RM, RPE, RIR, kg or lb"),
    ("Back squat 3x8", "session[0].load", None, "a load"),
    ("Pull-up 3x8 @ RPE 8 to failure", "session[0].load", 8, "RPE 10 or 0 RIR"),
    ("Back squat 3x8 @ 75 stone", "session[0].load", "75 stone", "'<n>% 1RM'"),
    ("Back squat four sets of eight", "session[0]", "Back squat four sets of eight", BLOCK_GRAMMAR),
    ("Back squat 8 @ 75% 1RM", "session[0]", "Back squat 8 @ 75% 1RM", BLOCK_GRAMMAR),
    ("Back squat 3x8 @ 75% 1RM, rest 2 fortnights", "session[1]", "rest 2 fortnights", "'rest <n> min'"),
])
def test_malformed_and_impossible_raise_input_error(text, field, value, valid):
    with pytest.raises(InputError) as e:
        parse_session(text, library=LIB)
    err = e.value
    assert err.field == field
    assert err.value == value
    assert valid in err.valid
    msg = str(err)
    assert field in msg and repr(value) in msg and valid in msg


def test_parse_block_field_argument_and_grammar():
    with pytest.raises(InputError) as e:
        parse_block("Back squat @ 75% 1RM", field="schedule.mon[2]", library=LIB)
    assert e.value.field == "schedule.mon[2]"
    assert "<exercise> <sets>x<reps> @ <load> [to failure][, rest <n> min|s]" in str(e.value)
    with pytest.raises(InputError):
        parse_block(SESSION_TEXT, library=LIB)  # two blocks


def test_unknown_exercise_propagates_with_suggestions():
    with pytest.raises(UnknownNameError) as e:
        parse_block("Bench pres 3x10 @ RPE 8", library=LIB)
    assert "Bench press" in e.value.suggestions


def test_model_validation_direct():
    squat = LIB.get("Back squat")
    with pytest.raises(InputError):
        Block(squat, sets=0, reps=5, load=Load("rir", 2))
    with pytest.raises(InputError):
        Block(squat, sets=1, reps=1, load=Load("pct_1rm", 100.5))
    with pytest.raises(InputError):
        Load("pct_1rm", -5)
    with pytest.raises(InputError):
        Load("watts", 200)
    with pytest.raises(InputError) as e:
        Block(squat, sets=3, reps=5, load=Load("kg", 140)).fraction_1rm()
    assert e.value.field == "one_rm_kg"
    with pytest.raises(InputError) as e:
        Block(squat, sets=3, reps=5, load=Load("kg", 140)).fraction_1rm(one_rm_kg=120)
    assert "at most the 1RM (120 kg)" in str(e.value)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Block(squat, sets=3, reps=5, load=Load("rir", 2)).sets = 4  # type: ignore[misc]


# --- durations, progression, deload ---------------------------------------------------------
@pytest.mark.parametrize("text, hours", [
    ("12 weeks", 12 * 168), ("72 h", 72), ("2 min", 2 / 60), ("90 s", 90 / 3600), ("3 days", 72), ("1 week", 168),
])
def test_parse_duration(text, hours):
    assert parse_duration(text) == pytest.approx(hours)


@pytest.mark.parametrize("bad", ["0 h", "-3 days", "3 fortnights", "twelve weeks", "", 12])
def test_parse_duration_errors(bad):
    with pytest.raises(InputError) as e:
        parse_duration(bad, field="duration")
    assert e.value.field == "duration" and e.value.value == bad


def test_progression_and_deload_text():
    assert parse_progression("2.5% per week") == pytest.approx(0.025)
    assert parse_progression("none") == 0
    assert format_progression(parse_progression("2.5% per week")) == "2.5% per week"
    with pytest.raises(InputError) as e:
        parse_progression("2.5 kg per week")
    assert "'<n>% per week'" in str(e.value)
    d = parse_deload("every 4th week at 60% volume")
    assert d == Deload(every=4, volume=0.6)
    text = "every 3rd week at 50% volume, 90% load"
    assert format_deload(parse_deload(text)) == text
    with pytest.raises(InputError):
        parse_deload("every 4th week at 160% volume")


# --- programs -----------------------------------------------------------------------------
def _program(**kw):
    spec = {
        "schedule": {"mon": SESSION_LIST, "wed": ["Run 45 min @ 70% VO2max"], "fri": ["Deadlift 5x5 @ 100 kg", "Pull-up 3x8 @ RPE 8"]},
        "weeks": "12 weeks", "session_time": "18:00", **kw,
    }
    return parse_program(spec, library=LIB)


def test_sessions_timing():
    p = _program()
    out = list(p.sessions())
    assert len(out) == 36
    times = [t for t, _, _ in out]
    assert times[0] == 18.0 and times[1] == 18 + 48 and times[2] == 18 + 96 and times[3] == 18 + 168
    assert times == sorted(times)
    assert [w for _, w, _ in out][::3] == list(range(12))
    assert all(isinstance(s, Session) for _, _, s in out)


def test_session_time_from_yaml_sexagesimal_int():
    assert _program(session_time=1080).session_time == "18:00"  # YAML 1.1: 18:00 -> 1080
    with pytest.raises(InputError) as e:
        _program(session_time="25:00")
    assert e.value.field == "session_time"


def test_progression_applied_multiplicatively():
    p = _program(progression="2.5% per week")
    week = {w: s for _, w, s in p.sessions() if s.blocks[0].exercise.name == "Back squat"}
    assert week[0].blocks[0].load.value == pytest.approx(70)
    assert week[2].blocks[0].load.value == pytest.approx(70 * 1.025 ** 2)
    fri = {w: s for _, w, s in p.sessions() if s.blocks[0].exercise.name == "Deadlift"}
    assert fri[11].blocks[0].load.value == pytest.approx(100 * 1.025 ** 11)
    assert fri[11].blocks[1].load == Load("rpe", 8)  # RPE is self-regulating: not progressed
    wed = [s for _, _, s in p.sessions() if s.blocks[0].exercise.name == "Run"]
    assert all(s.blocks[0].load.value == 70 for s in wed)


def test_no_progression_by_default():
    p = _program()
    assert p.progression == 0
    loads = {s.blocks[0].load.value for _, _, s in p.sessions() if s.blocks[0].exercise.name == "Back squat"}
    assert loads == {70}


def test_deload_weeks():
    p = _program(deload="every 4th week at 50% volume, 90% load")
    mon = {w: s for _, w, s in p.sessions() if s.blocks[0].exercise.name == "Back squat"}
    assert mon[3].blocks[0].sets == 2 and mon[3].blocks[0].load.value == pytest.approx(63)  # round(1.5) half up
    assert mon[4].blocks[0].sets == 3 and mon[4].blocks[0].load.value == 70
    wed = {w: s for _, w, s in p.sessions() if s.blocks[0].exercise.name == "Run"}
    assert wed[7].blocks[0].work == pytest.approx(22.5) and wed[7].blocks[0].load.value == pytest.approx(63)


def test_progressed_loads_are_relative_to_baseline_1rm():
    p = _program(progression="5% per week")  # 70% -> 120% of the baseline 1RM by week 12
    last = [s for _, w, s in p.sessions() if w == 11 and s.blocks[0].exercise.name == "Back squat"][0]
    b = last.blocks[0]
    assert b.progressed and b.load.value == pytest.approx(70 * 1.05 ** 11)
    assert format_block(b).startswith("Back squat 3x10 @ 119.")
    with pytest.raises(InputError):  # cannot be resolved against the baseline 1RM
        b.resolve()
    assert not next(iter(p.sessions()))[2].blocks[0].progressed


def test_program_validation():
    s = parse_session(SESSION_LIST, library=LIB)
    with pytest.raises(InputError) as e:
        Program({"funday": s}, weeks=4)
    assert "mon" in str(e.value)
    with pytest.raises(InputError):
        Program({"mon": s}, weeks=0)
    with pytest.raises(UnknownNameError):
        parse_program({"schedule": {"mon": SESSION_LIST}, "wekes": 4}, library=LIB)
    assert Program({"Monday": s}, weeks=1).schedule.keys() == {"mon"}


# --- hypothesis: round trips ---------------------------------------------------------------
def _dec(lo, hi, places=1):
    """Finite decimals in [lo, hi] with ``places`` decimals, as floats or ints."""
    k = 10 ** places
    return st.integers(int(lo * k), int(hi * k)).map(lambda i: i // k if i % k == 0 else i / k)


rest_st = st.one_of(st.none(), st.tuples(_dec(0, 10), st.just("min")), st.tuples(st.integers(0, 600), st.just("s")))


@st.composite
def resistance_blocks(draw):
    ex = LIB.get(draw(st.sampled_from(RESISTANCE)))
    sets = draw(st.integers(1, 10))
    kind = draw(st.sampled_from(["pct_1rm", "rpe", "rir", "kg", "none"]))
    to_failure = draw(st.booleans())
    if kind == "pct_1rm":
        pct = draw(_dec(20, 100))
        reps = draw(st.integers(1, max(1, int(L.max_feasible_reps(pct / 100)))))
        load = Load("pct_1rm", pct)
    else:
        reps = draw(st.integers(1, 30))
        if kind == "rpe":
            load = Load("rpe", 10 if to_failure else draw(_dec(1, 10)))
        elif kind == "rir":
            load = Load("rir", 0 if to_failure else draw(_dec(0, 8)))
        elif kind == "kg":
            load = Load("kg", draw(_dec(0.5, 400)))
        else:
            load, to_failure = None, True
    rest = draw(rest_st)
    return Block(ex, sets=sets, reps=reps, load=load, to_failure=to_failure,
                 rest=rest[0] if rest else None, rest_unit=rest[1] if rest else None)


@st.composite
def endurance_blocks(draw):
    ex = LIB.get(draw(st.sampled_from(ENDURANCE)))
    rest = draw(rest_st)
    unit = draw(st.sampled_from(["s", "min", "h"]))
    return Block(ex, sets=draw(st.integers(1, 20)), work=draw(_dec(0.1, 48 if unit == "h" else 120)), work_unit=unit,
                 load=Load("pct_vo2max", draw(_dec(1, 130))), rest=rest[0] if rest else None, rest_unit=rest[1] if rest else None)


blocks = st.one_of(resistance_blocks(), endurance_blocks())


@given(blocks)
@settings(max_examples=300)
def test_parse_of_formatted_block_is_equal(block):
    assert parse_block(format_block(block), library=LIB) == block


@given(st.lists(blocks, min_size=1, max_size=6))
def test_session_round_trip(bs):
    s = Session(tuple(bs))
    text = format_session(s)
    assert parse_session(text, library=LIB) == s
    assert format_session(parse_session(text.split(", "), library=LIB)) == text  # YAML-style list


@st.composite
def canonical_set_strings(draw):
    """Canonical shorthand written independently of format_block."""
    name = draw(st.sampled_from(RESISTANCE))
    sets = draw(st.integers(1, 10))
    pct = draw(_dec(30, 100))
    reps = draw(st.integers(1, max(1, int(L.max_reps(pct / 100)))))
    load = draw(st.sampled_from([f"{format_number(pct)}% 1RM", f"RPE {format_number(draw(_dec(1, 10)))}",
                                 f"{draw(st.integers(0, 5))} RIR", f"{format_number(draw(_dec(1, 300)))} kg"]))
    text = f"{name} {sets}x{reps} @ {load}"
    if draw(st.booleans()):
        text += f", rest {draw(st.sampled_from(['1', '1.5', '2', '3']))} min"
    elif draw(st.booleans()):
        text += f", rest {draw(st.integers(0, 300))} s"
    return text


@given(canonical_set_strings())
@settings(max_examples=300)
def test_format_of_parsed_string_is_identity(text):
    assert format_block(parse_block(text, library=LIB)) == text


@given(st.sampled_from(ENDURANCE), st.integers(1, 20), _dec(0.1, 48), st.sampled_from(["s", "min", "h"]), _dec(1, 130))
def test_format_of_parsed_endurance_string_is_identity(name, sets, work, unit, pct):
    prefix = f"{sets}x" if sets > 1 else ""
    text = f"{name} {prefix}{format_number(work)} {unit} @ {format_number(pct)}% VO2max"
    assert format_block(parse_block(text, library=LIB)) == text


# --- the real library (once library.py exists) ---------------------------------------------
def test_examples_with_real_library():
    lib_mod = pytest.importorskip("myokinetics.program.library")
    lib = lib_mod.get_library()
    for text in EXAMPLES:
        assert format_block(parse_block(text)) == text
        assert parse_block(text) == parse_block(text, library=lib)
    with pytest.raises(UnknownNameError) as e:
        parse_block("Bench pres 3x10 @ RPE 8")
    assert e.value.suggestions
    assert parse_block("Row 5x4 min @ 85% VO2max, rest 2 min").exercise.modality != "resistance"


def test_package_exports():
    import myokinetics.program as P
    for name in ["Load", "Block", "Session", "Program", "parse_block", "parse_session", "format_block",
                 "format_session", "parse_duration", "get_library", "max_reps", "fraction_1rm_for",
                 "rir_from_rpe", "rpe_from_rir", "estimate_1rm"]:
        assert getattr(P, name) is not None
