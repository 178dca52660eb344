"""The JSON API's request and response bodies (pydantic models: FastAPI derives /openapi.json from them).

Scenario and trial bodies are the project's own file models (:class:`~myokinetics.io.scenario.ScenarioFile`,
:class:`~myokinetics.trial.spec.TrialFile`), so a scenario file converted to JSON is a valid request,
and the person of a shorthand request is a scenario file's ``subjects`` section.
"""
from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from myokinetics.io.scenario import ScenarioFile, SubjectsFile
from myokinetics.trial.spec import TrialFile

__all__ = ["SimulateRequest", "CompareRequest", "CompareProgram", "TrialRequest", "SimulateResponse",
           "CompareResponse", "TrialResponse", "ExplainResponse", "ExerciseInfo", "ErrorResponse", "LimitsInfo",
           "HealthResponse"]

Qty = Union[str, float]
#: Longest program text (characters).
MAX_TEXT = 20_000

PROGRAM_HELP = ("the program in the text shorthand: one workout (one exercise per line, e.g. 'Back squat 4x8 @ 75% 1RM, "
                "rest 2 min'), or a weekly program with one line per training day ('Mon: Back squat 3x10 @ 70% 1RM; "
                "Bench press 3x10 @ 70% 1RM'); exercises on a line are separated by ';'")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SimulateRequest(_Strict):
    """One simulation: a program in the shorthand with a person, or a whole scenario (JSON or YAML text)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"program": "Back squat 4x8 @ 75% 1RM, rest 2 min", "duration": "48 h",
         "person": {"sex": "female", "age": 35, "body_mass": "65 kg", "training_status": "recreational"}},
        {"scenario": {"duration": "72 h", "session": ["Leg extension 3x10 @ 70% 1RM"], "subjects": {"n": 3}}},
    ]})
    program: Optional[str] = Field(None, max_length=MAX_TEXT, description=PROGRAM_HELP)
    person: Optional[SubjectsFile] = Field(None, description="who trains (a scenario file's subjects: sex, age, body_mass, "
                                                             "height, training_status, conditions; n > 1 for a virtual cohort)")
    duration: Optional[Qty] = Field(None, description="simulated time, e.g. '72 h', '3 days', '12 weeks' (a number: hours); "
                                                      "default 72 h for one workout, 4 weeks for a weekly program")
    output_every: Optional[Qty] = Field(None, description="output interval, e.g. '15 min' (default: from the duration, "
                                                          "coarser when needed to stay within the server's size limit)")
    progression: Optional[str] = Field(None, max_length=200, description="weekly load progression, e.g. '2.5% per week'")
    session_time: Optional[str] = Field(None, max_length=20, description="start time of each session, 'HH:MM' (default 18:00)")
    name: Optional[str] = Field(None, max_length=200, description="a name for the run")
    scenario: Optional[ScenarioFile] = Field(None, description="a whole scenario (the scenario file format, as JSON)")
    scenario_yaml: Optional[str] = Field(None, max_length=200_000, description="a whole scenario file as YAML text "
                                                                              "(read with yaml.safe_load)")


class CompareProgram(_Strict):
    program: str = Field(..., max_length=MAX_TEXT, description=PROGRAM_HELP)
    label: Optional[str] = Field(None, max_length=100, description="a name for the program (default: Program A / B)")
    progression: Optional[str] = Field(None, max_length=200, description="weekly load progression, e.g. '2.5% per week'")


class CompareRequest(_Strict):
    """Two programs for the same person (or cohort: the same virtual subjects), over the same time."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"programs": [{"program": "Back squat 5x5 @ 85% 1RM, rest 3 min", "label": "strength"},
                      {"program": "Back squat 3x12 @ 65% 1RM, rest 90 s", "label": "hypertrophy"}],
         "duration": "48 h"}]})
    programs: list[CompareProgram] = Field(..., min_length=2, max_length=2, description="the two programs")
    person: Optional[SubjectsFile] = Field(None, description="who trains (as in /api/simulate)")
    duration: Optional[Qty] = Field(None, description="simulated time (as in /api/simulate)")
    output_every: Optional[Qty] = Field(None, description="output interval (as in /api/simulate)")
    session_time: Optional[str] = Field(None, max_length=20, description="start time of each session, 'HH:MM'")


class TrialRequest(_Strict):
    """An in-silico randomised trial: a trial file as JSON (``trial``) or YAML text (``trial_yaml``)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"trial": {"duration": "2 weeks", "subjects": {"n": 3},
                   "arms": {"control": {"program": "none"},
                            "training": {"program": {"weeks": 2, "schedule": {"mon": ["Leg extension 3x10 @ 75% 1RM"]}}}},
                   "outcomes": ["one_rm.leg_extension"]}}]})
    trial: Optional[TrialFile] = Field(None, description="the trial file format, as JSON")
    trial_yaml: Optional[str] = Field(None, max_length=200_000, description="a trial file as YAML text (yaml.safe_load)")
    n: Optional[int] = Field(None, description="subjects per arm (overrides the file)")
    subjects: bool = Field(False, description="also return one row per outcome x arm x subject")


# --------------------------------------------------------------------------- responses
class Line(BaseModel):
    name: str = Field(..., description="plain name of the line")
    variable: str = Field(..., description="the result variable (see OBSERVABLES.md)")
    label: str = Field(..., description="the exercise or muscle of a per-exercise / per-muscle variable, else ''")
    program: str = Field(..., description="the run (or program of a comparison) the line belongs to")
    t: list[Optional[float]] = Field(..., description="time, in the plots' time_unit")
    mean: list[Optional[float]] = Field(..., description="subject mean")
    p10: Optional[list[Optional[float]]] = Field(None, description="10th percentile across subjects (n > 1)")
    p90: Optional[list[Optional[float]]] = Field(None, description="90th percentile across subjects (n > 1)")


class PanelOut(BaseModel):
    title: str
    units: str
    relative: bool = Field(..., description="values are relative to each subject's value at t = 0")
    lines: list[Line]


class Plots(BaseModel):
    time_unit: str = Field(..., description="h, days or weeks")
    panels: list[PanelOut] = Field(..., max_length=12)


class TableRow(BaseModel):
    outcome: str
    variable: str
    label: str
    units: str
    baseline: Optional[float]
    end: Optional[float]
    change: Optional[float]
    change_sd: Optional[float]
    change_pct: Optional[float]
    peak: Optional[float]
    peak_time_h: Optional[float]
    text: dict[str, str] = Field(..., description="the same numbers formatted as the command line prints them")


class HardSets(BaseModel):
    mean: float
    min: float
    max: float


class ProgramInfo(BaseModel):
    sessions: int
    sets: int
    weeks: int
    notes: list[str] = Field(..., description="what the program compiler assumed or changed (e.g. default rests)")
    hard_sets_per_week: dict[str, HardSets]
    subjects: int
    failed: int = Field(..., description="subjects whose simulation did not solve (left out of the table)")
    failures: dict[str, int]


class SimulateResponse(BaseModel):
    name: str
    scenario: dict[str, Any] = Field(..., description="the scenario that was run (save it as a scenario file)")
    scenario_yaml: str
    n_subjects: int
    duration_h: float
    output_every_h: float
    notes: list[str]
    plots: Plots
    table: list[TableRow] = Field(..., max_length=30)
    program: ProgramInfo
    run_time_s: float


class ComparedProgram(BaseModel):
    label: str
    scenario: dict[str, Any]
    scenario_yaml: str
    notes: list[str]
    table: list[TableRow]
    program: ProgramInfo


class ComparisonRow(BaseModel):
    observable: str
    units: str
    workout: str
    baseline: Optional[float]
    peak: Optional[float]
    time_to_peak_h: Optional[float]
    auc_above_baseline: Optional[float] = Field(..., description="area between the curve and the baseline, units x h")


class CompareResponse(BaseModel):
    programs: list[ComparedProgram]
    n_subjects: int
    duration_h: float
    output_every_h: float
    plots: Plots
    comparison: list[ComparisonRow]
    run_time_s: float


class TrialResponse(BaseModel):
    model_config = ConfigDict(extra="allow")
    trial: str
    description: Optional[str] = None
    myokinetics_version: str
    duration_h: float
    reference_arm: str
    arms: dict[str, dict[str, Any]]
    outcomes: list[dict[str, Any]]
    excluded: dict[str, int]
    summary: list[dict[str, Any]] = Field(..., description="one row per outcome x measure x arm (mean, SD, difference "
                                                           "from the reference arm with its 95% CI, Hedges' g)")
    subjects: Optional[list[dict[str, Any]]] = None
    run_time_s: float


class ExplainResponse(BaseModel):
    name: str
    text: str


class ExerciseInfo(BaseModel):
    id: str
    name: str
    modality: Literal["resistance", "endurance", "interval"]
    muscles: dict[str, float]
    eccentric: float
    laterality: str
    mechanics: str
    equipment: str
    aliases: list[str]


class LimitsInfo(BaseModel):
    max_subjects: int
    max_duration_h: float
    max_run_in_h: float
    max_subject_days: float
    max_values: float
    max_sets: int
    max_body_bytes: int
    timeout_s: float


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: str


class ErrorResponse(BaseModel):
    detail: str = Field(..., description="one line naming the field, the value and what would be valid")


class ImportRequest(BaseModel):
    """A training-log export by content (the server never reads a client-given path)."""
    model_config = ConfigDict(extra="forbid")
    format: Optional[Literal["strong", "hevy", "fitnotes", "jefit", "fit", "wger"]] = Field(
        None, description="the app the log comes from (default: detected from the content)")
    unit: Optional[Literal["kg", "lb"]] = Field(None, description="weight unit of layouts that do not state it")
    name: Optional[str] = Field(None, max_length=100, description="scenario name")
    content: Optional[str] = Field(None, description="the export's text (CSV or JSON)")
    content_base64: Optional[str] = Field(None, description="a binary export (Garmin FIT), base64-encoded")


class ImportResponse(BaseModel):
    scenario_yaml: str
    scenario: dict
    unmapped: dict[str, int]
    summary: list[str]
