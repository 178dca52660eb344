"""Scenario files (YAML): who trains, what program, for how long, what to record.

The file's structure is validated by a pydantic model (which also gives the
JSON Schema, ``myokinetics schema``); the values are parsed by the program
and cohort parsers, so every error names its field, the value and what is
valid.  Unknown keys are rejected with close-match hints.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Literal, Mapping, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from myokinetics import limits
from myokinetics.errors import InputError, UnknownNameError
from myokinetics.io.quantity import parse_quantity
from myokinetics.population.cohort import CohortSpec, cohort_from_mapping
from myokinetics.program.model import Program, Session
from myokinetics.program.parse import parse_dated_sessions, parse_duration, parse_program, parse_session
from myokinetics.program.phases import DatedSessions, Phase, PhasedProgram, dated_sessions  # noqa: F401 (re-exported)

Number = Union[int, float]
Qty = Union[str, int, float]


class SubjectsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    n: int = Field(1, description="number of subjects")
    seed: int = Field(0, description="random seed; each subject's draws depend only on (seed, index)")
    sex: Literal["male", "female", "mixed"] = "male"
    age: Union[Number, list[Number], dict[str, Number]] = Field(30, description="years: a value, [low, high] or {mean, sd}")
    body_mass: Optional[Union[Qty, list[Number], dict[str, Number]]] = Field(None, description="kg, e.g. '80 kg'")
    height: Optional[Union[Qty, list[Number], dict[str, Number]]] = Field(None, description="cm, e.g. '180 cm'")
    training_status: Literal["untrained", "recreational", "trained"] = "untrained"
    training_weeks: Optional[Number] = Field(None, description="declared weeks of regular resistance training before the start "
                                             "(default from training_status: untrained 0, recreational 26, trained 104)")
    training_weekly_sets: Optional[Number] = Field(None, description="weekly hard sets per muscle group of that history "
                                                   "(default from training_status: recreational 3, trained 12)")
    variability: Literal["auto", "on", "off"] = Field("auto", description="sample between-subject physiology (auto: when n > 1)")
    conditions: list[str] = Field(default_factory=list, description="subject conditions: type2_diabetes, hypertension, postmenopausal, low_bone_mass, obesity")


class PhaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Optional[str] = Field(None, description="a label, e.g. 'training', 'break'")
    weeks: Union[int, str] = Field(..., description="length of the phase in weeks (or a duration, '6 weeks')")
    schedule: dict[str, Union[str, list[str]]] = Field(default_factory=dict, description="weekday -> session; {} for no training")
    session_time: Optional[Union[str, int]] = Field(None, description="start time 'HH:MM' (default: the program's)")
    progression: Optional[str] = Field(None, description="e.g. '2.5% per week', from the phase's first week")
    deload: Optional[str] = Field(None, description="e.g. 'every 4th week at 50% volume', counted within the phase")
    dose: Optional[Union[float, str]] = Field(None, description="fraction of the sets kept (reduced-dose maintenance, e.g. 0.33)")


class ProgramFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weeks: Union[int, str] = 1
    session_time: Union[str, int] = "18:00"
    progression: Optional[str] = None
    deload: Optional[str] = None
    schedule: Optional[dict[str, Union[str, list[str]]]] = Field(None, description="weekday -> session (or give phases)")
    phases: Optional[list[PhaseFile]] = Field(None, description="phases run back to back, each with its own weeks, "
                                                                "schedule, progression, deload and dose")


class DatedSessionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    day: int = Field(..., description="day of the session (0 = the first day, a Monday)")
    time: Union[str, int] = Field("18:00", description="start time 'HH:MM'")
    session: Union[str, list[str]] = Field(..., description="the workout, e.g. [Back squat 3x10 @ 70% 1RM]")
    name: Optional[str] = None


class OutputFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    every: Qty = Field("1 h", description="output interval, e.g. '1 h', '15 min', '1 day'")


class SolverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rtol: float = Field(1e-5, gt=0, lt=0.1)
    atol: float = Field(1e-5, gt=0, lt=0.1)
    run_in: Qty = Field("7 days", description="run-in before t = 0 that settles each subject to baseline")


class ScenarioFile(BaseModel):
    """The YAML scenario format."""

    model_config = ConfigDict(extra="forbid")
    name: str = "scenario"
    duration: Qty = Field(..., description="simulated time after the run-in, e.g. '12 weeks', '72 h'")
    subjects: SubjectsFile = SubjectsFile()
    program: Optional[ProgramFile] = None
    session: Optional[Union[str, list[str]]] = Field(None, description="a single workout starting at t = 0 (instead of a program)")
    sessions: Optional[list[DatedSessionFile]] = Field(None, description="sessions on given days, e.g. [{day: 0, time: '10:00', "
                                                                         "session: [...]}, {day: 56, ...}] (alone or with a program)")
    output: OutputFile = OutputFile()
    solver: SolverFile = SolverFile()
    parameters: dict[str, float] = Field(default_factory=dict, description="parameter overrides 'module.param': value")
    one_rm: dict[str, Qty] = Field(default_factory=dict, description="1RM per exercise for kg loads, e.g. {deadlift: 160 kg}")
    interventions: list[dict[str, Any]] = Field(default_factory=list, description="block a messenger's routes, infuse or knock "
                                                "one out, e.g. [{block: il6, from: 'day 0', to: 'day 84'}, "
                                                "{infuse: il6, rate: '2 ng/kg/h', duration: '3 h'}] (see myokinetics.interventions)")
    vo2max: Optional[Qty] = Field(None, description="VO2max for distances and paces, e.g. '50 mL/kg/min' (default: the "
                                                    "FRIEND registry median for the cohort's sex and age)")


def json_schema() -> dict:
    return ScenarioFile.model_json_schema()


class Scenario:
    """A validated scenario: typed program/session, cohort and run settings.

    ``program`` is a plan: a :class:`Program`, a :class:`PhasedProgram` or a :class:`DatedSessions`
    (anything with ``sessions()``); ``sessions`` (a list of ``DatedSession``) adds sessions on given
    days, on top of ``program`` if one is given, and is kept in ``program`` (a ``DatedSessions``) so
    that copies made with ``program=scenario.program`` keep them.
    """

    def __init__(self, name: str, duration_h: float, cohort: CohortSpec, program: Program | None = None,
                 session: Session | None = None, output_every_h: float = 1.0, rtol: float = 1e-5, atol: float = 1e-5,
                 run_in_h: float = 168.0, parameters: Mapping[str, float] | None = None,
                 one_rm: Mapping[str, float] | None = None, source: Any = None, sessions: Any = None,
                 vo2max: float | None = None, interventions: Any = ()):
        duration_h = limits.check_finite_range(duration_h, "duration", 0.0, math.inf, "a positive finite duration")
        if duration_h > limits.MAX_DURATION_H:
            limits.refuse_duration(duration_h, output_every_h, source)
        output_every_h = limits.check_finite_range(output_every_h, "output.every", 0.0, duration_h,
                                                   f"a positive interval no longer than the duration ({duration_h:g} h)")
        run_in_h = limits.check_finite_range(run_in_h, "solver.run_in", 0.0, limits.MAX_DURATION_H,
                                             f"a run-in >= 0 of at most {limits.MAX_DURATION_YEARS} years", lo_open=False)
        if program is not None and session is not None:
            raise InputError("session", "given with program", "either a program or a single session, not both")
        if sessions is not None:
            if session is not None:
                raise InputError("session", "given with sessions", "either a single session at t = 0 or dated sessions, "
                                 "not both", "write the t = 0 workout as {day: 0, time: '00:00', session: ...}")
            program = _with_dated(program, sessions)
        if isinstance(program, DatedSessions):
            for i, it in enumerate(program.items):
                if it.start_h >= duration_h:
                    raise InputError(f"sessions[{i}].day", it.day,
                                     f"a day (and time) within the duration: day 0 to {int(math.ceil(duration_h / 24)) - 1}",
                                     f"the session starts at {it.start_h:g} h; the scenario lasts {duration_h:g} h")
        if program is not None and not callable(getattr(program, "sessions", None)):
            raise InputError("program", program, "a Program, PhasedProgram or DatedSessions")
        self.name = name
        self.duration_h = float(duration_h)
        self.cohort = cohort
        self.program = program
        self.session = session
        self.output_every_h = float(output_every_h)
        self.rtol, self.atol, self.run_in_h = rtol, atol, run_in_h
        self.parameters = dict(parameters or {})
        self.one_rm = dict(one_rm or {})
        self.vo2max = None if vo2max is None else limits.check_finite_range(
            vo2max, "vo2max", 5.0, 100.0, "a VO2max from 5 to 100 mL/kg/min", lo_open=False)
        self.source = source
        from myokinetics.interventions import parse_interventions
        self.interventions = parse_interventions(list(interventions or ()))

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_yaml(cls, path: str | Path) -> "Scenario":
        p = Path(path)
        if not p.exists():
            raise InputError("scenario file", str(path), "an existing YAML file")
        try:
            data = yaml.safe_load(p.read_text())
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            raise InputError("scenario file", str(path), f"valid YAML (parse error{where})") from None
        return cls.from_dict(data, source=str(p))

    @classmethod
    def from_dict(cls, data: Any, source: Any = None) -> "Scenario":
        if not isinstance(data, Mapping):
            raise InputError("scenario", type(data).__name__, "a mapping with keys " + ", ".join(ScenarioFile.model_fields))
        try:
            f = ScenarioFile.model_validate(data)
        except ValidationError as exc:
            raise _from_pydantic(exc, data) from None
        raw_duration = data.get("duration", f.duration)
        duration = parse_quantity(raw_duration, "hour", "duration") if not isinstance(raw_duration, str) \
            else parse_duration(raw_duration, "duration", max_h=math.inf)
        cohort = cohort_from_mapping(data.get("subjects") or {}, "subjects")
        program = parse_program(data["program"], "program") if f.program is not None else None
        session = parse_session(f.session, "session") if f.session is not None else None
        sessions = parse_dated_sessions(data["sessions"], "sessions") if f.sessions is not None else None
        raw_every = (data.get("output") or {}).get("every", f.output.every)
        raw_run_in = (data.get("solver") or {}).get("run_in", f.solver.run_in)
        every = parse_duration(raw_every, "output.every") if isinstance(raw_every, str) \
            else parse_quantity(raw_every, "hour", "output.every")
        run_in = parse_duration(raw_run_in, "solver.run_in") if isinstance(raw_run_in, str) \
            else parse_quantity(raw_run_in, "hour", "solver.run_in")
        one_rm = {}
        if f.one_rm:
            from myokinetics.program.library import get_library
            lib = get_library()
            for k, v in f.one_rm.items():
                one_rm[lib.get(k).id] = parse_quantity(v, "kg", f"one_rm.{k}")
        vo2max = parse_quantity(data["vo2max"], "mL/kg/min", "vo2max") if data.get("vo2max") is not None else None
        from myokinetics.interventions import parse_interventions
        interventions = parse_interventions(data.get("interventions") or [], "interventions")
        return cls(f.name, duration, cohort, program, session, every, f.solver.rtol, f.solver.atol, run_in,
                   f.parameters, one_rm, source=data, sessions=sessions, vo2max=vo2max, interventions=interventions)

    def replace(self, **changes) -> "Scenario":
        """A copy with some constructor arguments changed (``interventions`` and ``vo2max`` included)."""
        args = dict(name=self.name, duration_h=self.duration_h, cohort=self.cohort, program=self.program,
                    session=self.session, output_every_h=self.output_every_h, rtol=self.rtol, atol=self.atol,
                    run_in_h=self.run_in_h, parameters=self.parameters, one_rm=self.one_rm, source=self.source,
                    vo2max=self.vo2max, interventions=self.interventions)
        args.update(changes)
        return Scenario(**args)

    @property
    def dated_sessions(self) -> tuple:
        """The sessions on given days (:class:`~myokinetics.program.phases.DatedSession`), if any."""
        return self.program.items if isinstance(self.program, DatedSessions) else ()

    def sessions(self):
        """(start h, week, Session) of every session within the duration."""
        if self.program is not None:
            for item in self.program.sessions():
                if item[0] < self.duration_h:
                    yield item
        elif self.session is not None:
            yield (0.0, 0, self.session)


def _with_dated(program: Any, sessions: Any) -> DatedSessions:
    """``sessions`` (DatedSessions, or a list of DatedSession / (day, time, Session)) on top of ``program``."""
    if isinstance(sessions, DatedSessions):
        items, base = sessions.items, sessions.base
    else:
        items = tuple(dated_sessions(sessions).items) if isinstance(sessions, (list, tuple)) else sessions
        base = None
    if isinstance(program, DatedSessions):
        items, program = tuple(program.items) + tuple(items), program.base
    if base is not None and program is not None:
        raise InputError("sessions", "with two programs", "dated sessions on top of at most one program")
    return DatedSessions(items, program if program is not None else base)


def _from_pydantic(exc: ValidationError, data: Mapping) -> InputError:
    err = exc.errors()[0]
    loc = [str(x) for x in err["loc"]]
    # pydantic reports union branches as extra loc entries; keep the data path
    path = []
    node: Any = data
    for part in loc:
        if isinstance(node, Mapping) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            path.append(f"[{part}]")
            node = node[int(part)]
        elif err["type"] == "extra_forbidden" and part not in path:
            path.append(part)
            break
    field = ".".join(path).replace(".[", "[") or "scenario"
    if err["type"] == "extra_forbidden":
        parent = re.sub(r"\.?\[\d+\]", "", ".".join(path[:-1]))
        parent_model = {"": ScenarioFile, "subjects": SubjectsFile, "program": ProgramFile, "output": OutputFile,
                        "solver": SolverFile, "program.phases": PhaseFile, "sessions": DatedSessionFile,
                        }.get(parent, ScenarioFile)
        return UnknownNameError(field, path[-1], list(parent_model.model_fields), "a known key")
    if err["type"] == "missing":
        return InputError(".".join(loc), "(missing)", "a value: this key is required")
    return InputError(field, err.get("input"), err["msg"].replace("Input should be ", ""))
