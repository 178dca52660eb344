"""Trial files (YAML): in-silico randomised trials with a control arm and one or more programs.

A trial file shares the scenario keys (``duration``, ``subjects``, ``output``,
``solver``, ``parameters``, ``one_rm``) between its arms and adds ``arms`` and
``outcomes``::

    name: volume-dose-response
    duration: 10 weeks
    subjects: {n: 200, seed: 3, sex: male, age: 24, training_status: untrained}
    arms:
      control: {program: none}
      low_volume:
        program: {weeks: 10, schedule: {mon: [Leg extension 2x10 @ 75% 1RM]}}
    outcomes: [muscle_csa.quadriceps, one_rm.leg_extension]

Each arm becomes a :class:`~myokinetics.io.scenario.Scenario` built from the
shared keys plus the arm's own ``program`` (``none`` = no training) or single
``session``; an arm may override ``subjects`` keys (e.g. ``n``) and add
``parameters`` overrides (merged over the shared ones).  ``subjects.n`` is
the number of subjects PER ARM (default 20, at least 2).  Without an
``output`` section only the baseline (t = 0) and the end are recorded.

Randomisation (parallel groups): each arm draws its OWN subjects from the same
population.  An arm's cohort seed is derived from the trial's
``subjects.seed`` and the arm's name (:func:`arm_seed`), so adding, removing or
reordering arms leaves the other arms' subjects unchanged.  An arm that sets
``subjects.seed`` itself uses that seed as given (give every arm the same seed
to simulate the same virtual subjects under each condition instead, or set ``design: crossover``: every
arm then uses the trial's ``subjects.seed``, so arms that differ only by a program or an intervention
compare the same people).

Mixed arms: an arm may list ``subgroups`` in stated shares, e.g. 40 %
hypertensive::

    training:
      program: {...}
      subgroups: [{share: 0.4, conditions: [hypertension]}, {share: 0.6}]

Each subgroup takes any ``subjects`` key except ``n`` and ``seed`` (merged
over the arm's); the arm's n is split by largest remainder (0.4 x 25 -> 10,
15) and each subgroup draws from its own seed, derived from the arm's seed and
the subgroup's position (deterministic).  The runner pools the subgroups into
one arm (subjects numbered in subgroup order).

Outcomes name a result variable, optionally followed by one coordinate per
extra dimension after dots (``muscle_mass.quadriceps`` selects
``muscle=quadriceps``; ``one_rm.leg_extension`` selects
``exercise=leg_extension``) or in brackets (``one_rm[Back squat]``) and optionally a trailing ``%`` to make the percent
change the primary measure of the printed table (both measures are always
computed).  Whether an outcome exists is checked against what the model
produces when the trial runs (:mod:`myokinetics.trial.run`).

Unknown keys are rejected with close-match hints; every error names its field
(e.g. ``arms.low_volume.program.schedule.mon[0]``).
"""
from __future__ import annotations

import dataclasses
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping, Optional, Union

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from myokinetics.errors import InputError, UnknownNameError
from myokinetics.io.scenario import OutputFile, PhaseFile, ProgramFile, Scenario, SolverFile, SubjectsFile
from myokinetics.population.cohort import CohortSpec, cohort_from_mapping
from myokinetics.program.parse import parse_program, parse_session

__all__ = ["TrialFile", "ArmFile", "TrialSpec", "Arm", "Subgroup", "OutcomeSpec", "parse_outcome", "arm_seed",
           "split_shares", "json_schema", "NO_PROGRAM", "MIN_SUBJECTS"]

Qty = Union[str, int, float]
#: Values of an arm's ``program`` that mean "no training" (the control condition).
NO_PROGRAM = ("none", "no training")
#: Fewest subjects per arm (a standard deviation needs two).
MIN_SUBJECTS = 2

#: ``subjects`` overrides of one arm: every key of the shared ``subjects`` section, all optional.
SubjectsOverride = create_model(
    "SubjectsOverride", __config__=ConfigDict(extra="forbid"),
    **{k: (Optional[f.annotation], Field(None, description=f.description)) for k, f in SubjectsFile.model_fields.items()},
)


#: One subgroup of a mixed arm: its share of the arm's subjects and its ``subjects`` overrides (not n or seed).
SubgroupFile = create_model(
    "SubgroupFile", __config__=ConfigDict(extra="forbid"),
    share=(float, Field(..., gt=0, le=1, description="the subgroup's share of the arm's subjects, e.g. 0.4")),
    **{k: (Optional[f.annotation], Field(None, description=f.description)) for k, f in SubjectsFile.model_fields.items()
       if k not in ("n", "seed")},
)


class ArmFile(BaseModel):
    """One arm of a trial."""

    model_config = ConfigDict(extra="forbid")
    description: Optional[str] = None
    program: Any = Field(None, description="a program mapping (as in scenario files), or 'none' for no training")
    session: Optional[Union[str, list[str]]] = Field(None, description="a single workout at t = 0 (instead of a program)")
    subjects: SubjectsOverride = Field(default_factory=SubjectsOverride, description="overrides of the shared subjects keys")  # type: ignore[valid-type]
    parameters: dict[str, float] = Field(default_factory=dict, description="parameter overrides merged over the shared ones")
    interventions: list[dict[str, Any]] = Field(default_factory=list, description="interventions of this arm, e.g. "
                                                "[{block: il6}] (an IL-6 receptor antibody); see scenario files")
    subgroups: Optional[list[SubgroupFile]] = Field(  # type: ignore[valid-type]
        None, description="a mixed arm: subgroups in stated shares (summing to 1), e.g. "
                          "[{share: 0.4, conditions: [hypertension]}, {share: 0.6}]")


class TrialFile(BaseModel):
    """The YAML trial format."""

    model_config = ConfigDict(extra="forbid")
    name: str = "trial"
    description: Optional[str] = None
    duration: Qty = Field(..., description="time from randomisation to the end of the trial, e.g. '10 weeks'")
    subjects: SubjectsFile = Field(default_factory=lambda: SubjectsFile(n=20), description="subjects of each arm (n per arm)")
    arms: dict[str, ArmFile] = Field(..., description="arm name -> {program | session, subjects, parameters}")
    outcomes: Union[list[str], str] = Field(..., description="result variables, e.g. il6, muscle_mass.quadriceps, 'lactate %'")
    reference: Optional[str] = Field(None, description="the arm the others are compared with (default: 'control', "
                                                       "else the first arm without training)")
    design: Literal["parallel", "crossover"] = Field("parallel", description="parallel: each arm draws its own subjects; "
                                                     "crossover: the same virtual subjects go through every arm")
    output: Optional[OutputFile] = Field(None, description="output interval (default: the whole duration: only the "
                                                           "baseline and the end are recorded)")
    solver: SolverFile = SolverFile()
    parameters: dict[str, float] = Field(default_factory=dict, description="parameter overrides of every arm")
    one_rm: dict[str, Qty] = Field(default_factory=dict, description="1RM per exercise for kg loads")


def json_schema() -> dict:
    return TrialFile.model_json_schema()


# --------------------------------------------------------------------------- outcomes
_OUTCOME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[^.\s%\[\]]+|\[[^\[\]]+\])*)\s*(%)?\s*$")
_COORD = re.compile(r"\.([^.\s%\[\]]+)|\[([^\[\]]+)\]")


@dataclass(frozen=True)
class OutcomeSpec:
    """An outcome as written: ``variable[.coord...][ %]``."""

    text: str
    variable: str
    coords: tuple[str, ...] = ()
    percent: bool = False      # percent change is the primary (printed) measure

    @property
    def label(self) -> str:
        """The outcome without the ``%`` marker, e.g. ``muscle_mass.quadriceps``."""
        return ".".join((self.variable,) + self.coords)

    @property
    def primary(self) -> str:
        return "percent_change" if self.percent else "change"


def parse_outcome(text: Any, field: str = "outcomes") -> OutcomeSpec:
    """Parse ``il6``, ``muscle_mass.quadriceps``, ``one_rm[Back squat]`` or ``lactate %`` (syntax only; existence is
    checked at run time).  A coordinate in brackets may contain spaces (an exercise's display name)."""
    m = _OUTCOME.match(text) if isinstance(text, str) else None
    if not m:
        raise InputError(field, text, "a result variable, optionally with '.coordinate' or '[coordinate]' per extra "
                                      "dimension and a trailing '%', e.g. il6, muscle_mass.quadriceps, "
                                      "'one_rm[Back squat]', 'lactate %'")
    coords = tuple((a or b).strip() for a, b in _COORD.findall(m.group(2)) if (a or b).strip())
    return OutcomeSpec(text.strip(), m.group(1), coords, m.group(3) is not None)


# --------------------------------------------------------------------------- arms
def arm_seed(trial_seed: int, arm: str) -> int:
    """The cohort seed of ``arm``: a function of the trial's seed and the arm's NAME only.

    Distinct arms get independent streams (parallel-group randomisation: each
    arm draws its own subjects); the same trial file always gives the same
    subjects, whatever the order or number of the other arms.
    """
    ss = np.random.SeedSequence([int(trial_seed), zlib.crc32(arm.encode("utf-8"))])
    return int(ss.generate_state(1, dtype=np.uint32)[0])


@dataclass(frozen=True)
class Subgroup:
    """One subgroup of a mixed arm: its share and its own scenario (cohort of ``round(share x n)`` subjects)."""

    share: float
    scenario: Scenario
    overrides: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Arm:
    name: str
    scenario: Scenario              # the whole arm (for a mixed arm: the shared subjects keys, n = all subjects)
    trains: bool                    # has a program or a session
    seed: int                       # the cohort seed actually used
    description: str | None = None
    subgroups: tuple[Subgroup, ...] = ()    # a mixed arm: simulated per subgroup, pooled by the runner

    @property
    def n(self) -> int:
        return self.scenario.cohort.n

    @property
    def scenarios(self) -> list[Scenario]:
        """What the runner simulates: the arm's scenario, or one per non-empty subgroup of a mixed arm."""
        if not self.subgroups:
            return [self.scenario]
        return [g.scenario for g in self.subgroups]


def split_shares(n: int, shares) -> list[int]:
    """``n`` subjects split in ``shares`` (summing to 1) by largest remainder: deterministic, totals n."""
    raw = [n * float(s) for s in shares]
    out = [int(np.floor(x + 1e-9)) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: n - sum(out)]:
        out[i] += 1
    return out


def _subgroups(arm: str, cohort: CohortSpec, merged: Mapping, groups: list[Mapping], sc: Scenario,
               pre: str) -> tuple[Subgroup, ...]:
    """The subgroups of a mixed arm, each with its own cohort seed (from the arm's seed and the subgroup's index)."""
    shares = [float(g["share"]) for g in groups]
    if abs(sum(shares) - 1.0) > 1e-6:
        raise InputError(f"{pre}.subgroups", shares, "shares that sum to 1 (e.g. 0.4 and 0.6)",
                         f"they sum to {sum(shares):g}")
    sizes = split_shares(cohort.n, shares)
    out = []
    for k, (g, n_k) in enumerate(zip(groups, sizes)):
        over = {key: v for key, v in g.items() if key != "share" and v is not None}
        seed_k = arm_seed(cohort.seed, f"{arm}/subgroup{k}")
        if n_k < 1:
            raise InputError(f"{pre}.subgroups[{k}].share", shares[k], f"a share that gives this subgroup at least one "
                             f"of the arm's {cohort.n} subjects")
        spec = cohort_from_mapping({**merged, **over, "n": n_k, "seed": seed_k}, f"{pre}.subgroups[{k}]")
        out.append(Subgroup(shares[k], sc.replace(name=f"{sc.name}/{k}", cohort=spec), over))
    return tuple(out)


@dataclass
class TrialSpec:
    """A validated trial: one Scenario per arm, the outcomes and the reference arm."""

    name: str
    duration_h: float
    arms: list[Arm]
    outcomes: list[OutcomeSpec]
    reference: str
    description: str | None = None
    source: Any = None
    seed: int = 0

    @property
    def arm_names(self) -> list[str]:
        return [a.name for a in self.arms]

    def arm(self, name: str) -> Arm:
        for a in self.arms:
            if a.name == name:
                return a
        raise UnknownNameError("arm", name, self.arm_names, "an arm of the trial")

    def with_n(self, n: int) -> "TrialSpec":
        """A copy with ``n`` subjects in every arm (e.g. the CLI's ``--n``)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < MIN_SUBJECTS:
            raise InputError("--n", n, f"a whole number of subjects per arm >= {MIN_SUBJECTS}")
        arms = []
        for a in self.arms:
            sc = a.scenario
            cohort = dataclasses.replace(sc.cohort, n=n)
            groups = tuple(dataclasses.replace(g, scenario=g.scenario.replace(cohort=dataclasses.replace(
                g.scenario.cohort, n=k))) for g, k in zip(a.subgroups, split_shares(n, [g.share for g in a.subgroups])))
            arms.append(dataclasses.replace(a, scenario=sc.replace(cohort=cohort), subgroups=groups))
        return dataclasses.replace(self, arms=arms)

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_yaml(cls, path: str | Path) -> "TrialSpec":
        p = Path(path)
        if not p.exists():
            raise InputError("trial file", str(path), "an existing YAML file")
        if p.is_dir():
            raise InputError("trial file", str(path), "a YAML file, not a folder")
        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            raise InputError("trial file", str(path), f"valid YAML (parse error{where})") from None
        except UnicodeDecodeError:
            raise InputError("trial file", str(path), "a UTF-8 text file") from None
        return cls.from_dict(data, source=str(p))

    @classmethod
    def from_dict(cls, data: Any, source: Any = None, min_arms: int = 2) -> "TrialSpec":
        """``min_arms``: 2 for a trial file (a control and a program); validation studies of a single
        group's pre-post change pass 1."""
        if not isinstance(data, Mapping):
            raise InputError("trial", type(data).__name__, "a mapping with keys " + ", ".join(TrialFile.model_fields))
        try:
            f = TrialFile.model_validate(data)
        except ValidationError as exc:
            raise _from_pydantic(exc, data, _TRIAL_MODELS) from None

        # shared keys: validated once, as a scenario without training
        shared = {k: data[k] for k in ("name", "duration", "subjects", "output", "solver", "parameters", "one_rm")
                  if k in data and data[k] is not None}
        shared_subjects = dict(data.get("subjects") or {})
        shared_subjects.setdefault("n", TrialFile.model_fields["subjects"].default_factory().n)
        shared["subjects"] = shared_subjects
        if f.output is None:
            shared["output"] = {"every": data["duration"]}   # record only the baseline and the end
        base = Scenario.from_dict(shared, source=source)
        every = base.output_every_h

        if len(f.arms) < min_arms:
            raise InputError("arms", list(f.arms), "at least two arms (a control and one or more programs)")
        if not f.outcomes:
            raise InputError("outcomes", [], "a list of at least one outcome, e.g. [il6, lactate]")
        if isinstance(f.outcomes, str):
            outcomes = [parse_outcome(f.outcomes, "outcomes")]
        else:
            outcomes = [parse_outcome(o, f"outcomes[{i}]") for i, o in enumerate(f.outcomes)]
        seen: dict[str, int] = {}
        for i, o in enumerate(outcomes):
            key = o.label + ("%" if o.percent else "")
            if key in seen:
                raise InputError(f"outcomes[{i}]", o.text, "each outcome once", f"same as outcomes[{seen[key]}]")
            seen[key] = i

        raw_arms = data["arms"]
        arms = []
        for name, af in f.arms.items():
            raw = raw_arms.get(name) or {}
            if f.design == "crossover":
                # the same people under every condition: every arm uses the trial's seed (an arm's own seed wins)
                subj = dict(raw.get("subjects") or {})
                subj.setdefault("seed", base.cohort.seed)
                raw = {**raw, "subjects": subj}
            arms.append(_build_arm(str(name), af, raw, base, shared_subjects, every, f.parameters, source))

        if f.reference is not None:
            if f.reference not in f.arms:
                raise UnknownNameError("reference", f.reference, list(f.arms), "the name of an arm")
            reference = f.reference
        elif "control" in f.arms:
            reference = "control"
        else:
            reference = next((a.name for a in arms if not a.trains), arms[0].name)
        return cls(f.name, base.duration_h, arms, outcomes, reference, f.description, source, base.cohort.seed)


def _build_arm(name: str, af: ArmFile, raw: Mapping, base: Scenario, shared_subjects: Mapping, every: float,
               shared_params: Mapping[str, float], source: Any) -> Arm:
    pre = f"arms.{name}"
    program = None
    prog = af.program
    if isinstance(prog, str):
        if prog.strip().lower() not in NO_PROGRAM:
            raise InputError(f"{pre}.program", prog, "'none' (no training) or a program mapping {weeks, schedule, ...}")
    elif isinstance(prog, Mapping):
        try:
            ProgramFile.model_validate(prog)
        except ValidationError as exc:
            raise _from_pydantic(exc, prog, {"": ProgramFile, "phases": PhaseFile}, prefix=f"{pre}.program") from None
        program = parse_program(prog, f"{pre}.program")
    elif prog is not None:
        raise InputError(f"{pre}.program", prog, "'none' (no training) or a program mapping {weeks, schedule, ...}")
    session = parse_session(af.session, f"{pre}.session") if af.session is not None else None
    if program is not None and session is not None:
        raise InputError(f"{pre}.session", "given with program", "either a program or a single session, not both")

    override = {k: v for k, v in (raw.get("subjects") or {}).items() if v is not None}
    merged = {**shared_subjects, **override}
    seed = int(override["seed"]) if "seed" in override else None
    cohort: CohortSpec = cohort_from_mapping(merged, f"{pre}.subjects")
    if cohort.n < MIN_SUBJECTS:
        where = f"{pre}.subjects.n" if "n" in override else "subjects.n"
        raise InputError(where, cohort.n, f"a whole number of subjects per arm >= {MIN_SUBJECTS}")
    if seed is None:
        seed = arm_seed(cohort.seed, name)
    cohort = dataclasses.replace(cohort, seed=seed)
    params = {**shared_params, **af.parameters}
    from myokinetics.interventions import parse_interventions
    interventions = tuple(base.interventions) + parse_interventions(raw.get("interventions") or [], f"{pre}.interventions")
    scenario = Scenario(f"{base.name}:{name}", base.duration_h, cohort, program, session, every, base.rtol, base.atol,
                        base.run_in_h, params, base.one_rm, source=source, vo2max=base.vo2max, interventions=interventions)
    groups: tuple[Subgroup, ...] = ()
    if af.subgroups is not None:
        raw_groups = raw.get("subgroups") or []
        if not raw_groups:
            raise InputError(f"{pre}.subgroups", [], "a list of subgroups {share, ...subjects keys}")
        groups = _subgroups(name, cohort, merged, [{**dict(g)} for g in raw_groups], scenario, pre)
    return Arm(name, scenario, program is not None or session is not None, seed, af.description, groups)


# --------------------------------------------------------------------------- pydantic errors -> one line
#: Model of each (relative) section path; '*' stands for any arm name.
_TRIAL_MODELS: dict[str, type[BaseModel]] = {
    "": TrialFile, "subjects": SubjectsFile, "output": OutputFile, "solver": SolverFile,
    "arms.*": ArmFile, "arms.*.subjects": SubjectsOverride, "arms.*.subgroups": SubgroupFile,
}


def _model_for(path: list[str], models: Mapping[str, type[BaseModel]]) -> type[BaseModel]:
    key = ".".join(path)
    if key in models:
        return models[key]
    if len(path) >= 2 and path[0] == "arms":
        star = ".".join(["arms", "*"] + path[2:])
        if star in models:
            return models[star]
    return models[""]


def _from_pydantic(exc: ValidationError, data: Any, models: Mapping[str, type[BaseModel]], prefix: str = "") -> InputError:
    """The first pydantic error as an InputError naming the field (``arms.x.subjects.n``) and valid values."""
    err = exc.errors()[0]
    loc = [str(x) for x in err["loc"]]
    path: list[str] = []
    shown: list[str] = []
    node: Any = data
    for part in loc:
        if isinstance(node, Mapping) and part in node:
            path.append(part)
            shown.append(part)
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            shown.append(f"[{part}]")
            node = node[int(part)]
        elif err["type"] in ("extra_forbidden", "missing"):
            path.append(part)
            shown.append(part)
            break
        # else: a pydantic union-branch label, not part of the data path
    pre = f"{prefix}." if prefix else ""
    field_name = (pre + ".".join(shown)).replace(".[", "[").strip(".") or (prefix or "trial")
    if err["type"] == "extra_forbidden":
        parent = _model_for(path[:-1], models)
        return UnknownNameError(field_name, path[-1], list(parent.model_fields), "a known key: " + ", ".join(parent.model_fields))
    if err["type"] == "missing":
        return InputError(field_name, "(missing)", "a value: this key is required")
    msg = err["msg"].replace("Input should be ", "")
    if err["type"] in ("model_type", "dict_type"):
        msg = "a mapping of keys to values"
    return InputError(field_name, err.get("input"), msg)
